"""Tokenization: the lexicon keeps domain words whole, terms are canonical, offsets trace to sentences,
and the on-disk cache is reused until the text, kiwipiepy or the lexicon changes."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import analysis
from analysis import tokens as T
from analysis.clean import clean_text
from analysis.paths import RESOURCES


def one_doc(text: str, doc_id: str = "d") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [doc_id], "text": [text]})


def test_domain_compounds_stay_whole(tmp_cache):
    toks = analysis.tokenize(one_doc("과기정통부와 과학기술정보통신부는 인공지능과 빅데이터, 코로나19 대응을 논의했다."))
    forms = toks["form"].tolist()
    for word in ["과기정통부", "과학기술정보통신부", "인공지능", "빅데이터", "코로나19"]:
        assert word in forms
    assert "인공" not in forms and "지능" not in forms


def test_aliases_give_one_canonical_term(tmp_cache):
    toks = analysis.tokenize(one_doc("과기정통부는 WHO, 세계보건기구와 AI 협력을 한다."))
    terms = toks.loc[toks["term"] != "", "term"].tolist()
    assert terms.count("과학기술정보통신부") == 1
    assert terms.count("세계보건기구") == 2
    assert "인공지능" in terms and "AI" not in terms


def test_gloss_in_brackets_counts_once(tmp_cache):
    toks = analysis.tokenize(one_doc("인공지능(AI) 기술과 국제전기통신연합(이하 ITU)의 AI 정책"))
    terms = toks.loc[toks["term"] != "", "term"].tolist()
    assert terms.count("인공지능") == 2  # 인공지능(AI) once, then the bare AI
    assert terms.count("국제전기통신연합") == 1


def test_terms_keep_the_spelling_of_the_text(tmp_cache):
    toks = analysis.tokenize(one_doc("데이블 : 국내 언론사의 트래픽 데이터를 분석"))  # Kiwi's form is 데이브
    assert "데이블" in toks["term"].tolist()


def test_function_words_stopwords_and_one_syllable_nouns_have_no_term(tmp_cache):
    toks = analysis.tokenize(one_doc("관련 기업을 통해 지원할 예정이며 암 진단과 장을 본다."))
    by_form = dict(zip(toks["form"], toks["term"], strict=False))
    assert by_form["을"] == "" and by_form["."] == ""
    assert by_form["관련"] == "" and by_form["예정"] == ""
    assert by_form["암"] == "암" and by_form["장"] == ""
    assert by_form["기업"] == "기업"


def test_offsets_and_sentences_trace_back_to_text(tmp_cache, corpus):
    toks = analysis.tokenize(corpus)
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=False))
    lengths = toks["doc_id"].map({d: len(t) for d, t in texts.items()})
    assert ((toks["start"] >= 0) & (toks["start"] <= toks["end"]) & (toks["end"] <= lengths)).all()
    terms = toks[toks["term"] != ""]
    lexicon = T.load_lexicon()
    for d, s, e, tag, term in zip(terms["doc_id"], terms["start"], terms["end"], terms["tag"], terms["term"], strict=False):
        assert T.canonical_term(texts[d][s:e], tag, lexicon) == term  # every term is read off its span
    sents = analysis.sentences(corpus, toks)
    joined = toks.merge(sents, on=["doc_id", "sent_id"], suffixes=("", "_sent"))
    assert ((joined["start"] >= joined["start_sent"]) & (joined["end"] <= joined["end_sent"])).all()
    assert sents.groupby("doc_id")["sent_id"].apply(lambda s: (s.diff().dropna() == 1).all()).all()


def test_lines_are_sentence_boundaries(tmp_cache):
    toks = analysis.tokenize(one_doc("코로나19 대응 기업 지원 중\n정부는 데이터를 공개한다. 기업은 분석한다."))
    assert toks.groupby("sent_id")["line_id"].nunique().max() == 1
    assert toks["sent_id"].max() == 2  # one sentence on line 0, two on line 1


def test_line_ids_count_line_breaks_of_any_kind(tmp_cache):
    raw = "첫째 줄의 정책\r\n둘째 줄\x0c셋째 쪽의 데이터\u2028넷째 줄 인공지능\u2029다섯째 줄\x0b여섯째"
    text, _ = clean_text(raw)
    assert text.count("\n") == 5 and not re.search("[\r\x0b\x0c\u2028\u2029]", text)
    toks = analysis.tokenize(one_doc(text))
    assert [text[:s].count("\n") for s in toks["start"]] == toks["line_id"].tolist()
    assert toks.groupby("line_id")["sent_id"].nunique().eq(1).all()


@pytest.mark.parametrize("word", ["코로나19", "AI허브", "데이터 바우처", "(?i)x-ray", "AI for Good"])
def test_user_word_patterns_match_where_a_leading_boundary_would(word):
    pattern = re.compile(T._user_word_pattern(word))
    body = word[4:] if word.startswith("(?i)") else re.escape(word).replace(r"\ ", r"\s+")
    plain = re.compile(rf"(?<![0-9A-Za-z])(?i:{body})(?![0-9A-Za-z])" if word.startswith("(?i)")
                       else rf"(?<![0-9A-Za-z]){body}(?![0-9A-Za-z])")
    sample = word.replace("(?i)", "")
    texts = [sample, f"{sample}로", f"X{sample}", f"1{sample}", f"({sample})", f"{sample}s", f"가{sample} 나",
             f"{sample}{sample}", f"{sample.upper()}와 {sample.lower()}", f"\n{sample}\n"]
    for text in texts:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_cached_tokens_follow_the_corpus_order_and_repeated_texts(tmp_cache, corpus):
    first = analysis.tokenize(corpus)
    shuffled = pd.concat([corpus.iloc[[3, 0]], corpus.iloc[[0]].assign(doc_id="again")], ignore_index=True)
    fresh = analysis.tokenize(shuffled, cache=False)
    pd.testing.assert_frame_equal(analysis.tokenize(shuffled), fresh)
    assert fresh["doc_id"].unique().tolist() == [corpus["doc_id"][3], corpus["doc_id"][0], "again"]
    again = fresh[fresh["doc_id"] == "again"].drop(columns="doc_id").reset_index(drop=True)
    original = first[first["doc_id"] == corpus["doc_id"][0]].drop(columns="doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(again, original)


def test_empty_and_punctuation_only_documents(tmp_cache):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["", "..."]})
    toks = analysis.tokenize(corpus)
    assert set(toks["doc_id"]) <= {"b"}
    assert (toks["term"] == "").all()


def test_cache_is_used_on_rerun(tmp_cache, corpus, monkeypatch):
    first = analysis.tokenize(corpus)
    assert list(tmp_cache.glob("tokens/*.arrow"))

    def no_tokenizing(*args, **kwargs):
        raise AssertionError("tokenized again despite the cache")

    monkeypatch.setattr(T, "_tokenize_uncached", no_tokenizing)
    pd.testing.assert_frame_equal(analysis.tokenize(corpus), first)


def test_cache_key_follows_text_version_and_lexicon(tmp_path, monkeypatch):
    lexicon = T.load_lexicon()
    key = T.cache_key("인공지능 정책", lexicon)
    assert T.cache_key("인공지능 정책", lexicon) == key
    assert T.cache_key("인공지능 정책.", lexicon) != key
    monkeypatch.setattr(T.kiwipiepy, "__version__", "0.0.0")
    assert T.cache_key("인공지능 정책", lexicon) != key
    monkeypatch.undo()
    changed = tmp_path / "resources"
    shutil.copytree(RESOURCES, changed)
    with open(changed / "stopwords.txt", "a", encoding="utf-8") as f:
        f.write("정책  # a new stopword\n")
    assert T.cache_key("인공지능 정책", T.load_lexicon(changed)) != key


def test_changed_lexicon_invalidates_cached_terms(tmp_cache, tmp_path):
    doc = one_doc("인공지능 정책을 논의한다.")
    before = analysis.tokenize(doc)
    assert "정책" in before["term"].tolist()
    changed = tmp_path / "resources"
    shutil.copytree(RESOURCES, changed)
    with open(changed / "stopwords.txt", "a", encoding="utf-8") as f:
        f.write("정책  # a new stopword\n")
    after = analysis.tokenize(doc, lexicon=T.load_lexicon(changed))
    assert "정책" not in after["term"].tolist()


def test_lexicon_files_parse():
    lexicon = T.load_lexicon()
    assert ("인공지능", "NNG") in lexicon.user_words
    assert lexicon.aliases["과기정통부"] == "과학기술정보통신부"
    assert {"관련", "통해", "위해", "예정"} <= lexicon.stopwords
    for canonical in set(lexicon.aliases.values()):
        assert canonical not in lexicon.aliases, f"alias chain at {canonical}"


def test_no_cache_option_writes_nothing(tmp_cache):
    analysis.tokenize(one_doc("데이터 바우처 사업"), cache=False)
    assert not tmp_cache.exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_thread_pool_size_does_not_change_results(tmp_cache, corpus, workers):
    reference = analysis.tokenize(corpus, cache=False)
    pd.testing.assert_frame_equal(analysis.tokenize(corpus, cache=False, num_workers=workers), reference)


def test_per_document_spreads_like_map(tmp_cache, corpus):
    toks = analysis.tokenize(corpus)
    publishers = corpus.set_index("doc_id")["publisher"].iloc[:4]  # one document left out: NA, as with map
    spread = T.per_document(toks, publishers)
    pd.testing.assert_series_equal(spread, toks["doc_id"].map(publishers).rename("publisher"))
    assert spread.isna().sum() == (toks["doc_id"] == corpus["doc_id"].iloc[4]).sum() > 0
    lengths = corpus.set_index("doc_id")["text"].str.len()
    pd.testing.assert_series_equal(T.per_document(toks, lengths), toks["doc_id"].map(lengths), check_names=False)


def test_a_very_long_text_is_read_in_pieces_and_put_back_together(tmp_cache, corpus, monkeypatch):
    text = corpus["text"].iloc[0]
    monkeypatch.setattr(T, "MAX_PIECE_CHARACTERS", 400)
    starts = T._piece_starts(text, 400)
    assert len(starts) > 3 and all(text[s - 1] == "\n" for s in starts[1:] if text.rfind("\n", s - 400, s) >= 0)
    whole = analysis.tokenize(one_doc(text), cache=False)
    # the same text, tokenized piece by piece by hand and shifted into place
    parts = []
    for piece, offset in T._pieces(text):
        part = analysis.tokenize(one_doc(piece), cache=False)
        part[["start", "end"]] += offset
        part["line_id"] += text.count("\n", 0, offset)
        parts.append(part)
    by_hand = pd.concat(parts, ignore_index=True)
    by_hand["sent_id"] = by_hand.groupby(["line_id", "sent_id"], sort=False).ngroup().astype("int32")
    pd.testing.assert_frame_equal(whole, by_hand)
    assert [text[:s].count("\n") for s in whole["start"]] == whole["line_id"].tolist()


def test_release_kiwi_forgets_the_cached_instances():
    kiwi = T.get_kiwi()
    assert T.get_kiwi() is kiwi and T.get_kiwi.cache_info().currsize >= 1
    T.release_kiwi()
    assert T.get_kiwi.cache_info().currsize == 0
    assert T.get_kiwi() is not kiwi  # a fresh one on demand


def test_an_unreadable_cache_file_is_named_and_skipped(tmp_cache, corpus):
    first = analysis.tokenize(corpus)
    broken = sorted(tmp_cache.glob("tokens/*.arrow"))[0]
    broken.write_bytes(broken.read_bytes()[:200])  # cut short, as by a full disk
    with pytest.warns(UserWarning, match=f"{broken.name}: unreadable token cache file"):
        again = analysis.tokenize(corpus)
    pd.testing.assert_frame_equal(again, first)


def test_tokens_read_in_parts_give_the_same_table(tmp_cache, corpus, monkeypatch):
    reference = analysis.tokenize(corpus, cache=False)
    monkeypatch.setattr(T, "FLUSH_TOKENS", 97)  # Token objects read into columns every 97 tokens
    pd.testing.assert_frame_equal(analysis.tokenize(corpus, cache=False), reference)
