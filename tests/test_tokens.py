"""Tokenization: the lexicon keeps domain words whole, terms are canonical, offsets trace to sentences,
and the on-disk cache is reused until the text, kiwipiepy or the lexicon changes."""

from __future__ import annotations

import json
import re
import shutil
import sys

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import lexicon as L
from analysis import token_store as S
from analysis import tokens as T
from analysis.clean import clean_text
from analysis.paths import RESOURCES, SEEDS, SHARED_CORPORA


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
    lexicon = L.load_lexicon()
    for d, s, e, tag, term in zip(terms["doc_id"], terms["start"], terms["end"], terms["tag"], terms["term"], strict=False):
        assert L.canonical_term(texts[d][s:e], tag, lexicon) == term  # every term is read off its span
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
    assert list(tmp_cache.glob("tokens/*.parquet"))

    def no_tokenizing(*args, **kwargs):
        raise AssertionError("tokenized again despite the cache")

    monkeypatch.setattr(T, "_tokenize_uncached", no_tokenizing)
    pd.testing.assert_frame_equal(analysis.tokenize(corpus), first)


def test_cache_key_follows_text_version_and_lexicon(tmp_path, monkeypatch):
    lexicon = L.load_lexicon()
    key = S.cache_key("인공지능 정책", lexicon)
    assert S.cache_key("인공지능 정책", lexicon) == key
    assert S.cache_key("인공지능 정책.", lexicon) != key
    monkeypatch.setattr(T.kiwipiepy, "__version__", "0.0.0")
    assert S.cache_key("인공지능 정책", lexicon) != key
    monkeypatch.undo()
    changed = tmp_path / "resources"
    shutil.copytree(RESOURCES, changed)
    with open(changed / "stopwords.txt", "a", encoding="utf-8") as f:
        f.write("정책  # a new stopword\n")
    assert S.cache_key("인공지능 정책", L.load_lexicon(changed)) != key


def test_changed_lexicon_invalidates_cached_terms(tmp_cache, tmp_path):
    doc = one_doc("인공지능 정책을 논의한다.")
    before = analysis.tokenize(doc)
    assert "정책" in before["term"].tolist()
    changed = tmp_path / "resources"
    shutil.copytree(RESOURCES, changed)
    with open(changed / "stopwords.txt", "a", encoding="utf-8") as f:
        f.write("정책  # a new stopword\n")
    after = analysis.tokenize(doc, lexicon=L.load_lexicon(changed))
    assert "정책" not in after["term"].tolist()


def test_lexicon_files_parse():
    lexicon = L.load_lexicon()
    assert ("인공지능", "NNG") in lexicon.user_words
    assert lexicon.aliases["과기정통부"] == "과학기술정보통신부"
    assert {"관련", "통해", "위해", "예정"} <= lexicon.stopwords
    for canonical in set(lexicon.aliases.values()):
        assert canonical not in lexicon.aliases, f"alias chain at {canonical}"


def test_no_cache_option_writes_nothing(tmp_cache):
    analysis.tokenize(one_doc("데이터 바우처 사업"), cache=False)
    assert not tmp_cache.exists()


@pytest.mark.slow  # a second Kiwi, with its own pool: make test-corpora
def test_thread_pool_size_does_not_change_results(tmp_cache, corpus):
    reference = analysis.tokenize(corpus, cache=False)  # Kiwi's pool over every core
    pd.testing.assert_frame_equal(analysis.tokenize(corpus, cache=False, num_workers=1), reference)


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


class _CountedKiwi:
    """A stand-in for kiwipiepy.Kiwi that only counts how often one is built (building a real one takes
    seconds; what is tested here is the caching around it)."""

    built = 0

    def __init__(self, num_workers=-1, load_multi_dict=True):
        type(self).built += 1

    def add_user_word(self, *args):
        pass

    def add_re_word(self, *args):
        pass


def test_kiwi_is_cached_by_user_words_and_released_on_demand(monkeypatch, tmp_path):
    monkeypatch.setattr(T.kiwipiepy, "Kiwi", _CountedKiwi)
    T.release_kiwi()
    default = L.load_lexicon()
    kiwi = T.get_kiwi(default)
    assert T.get_kiwi() is kiwi and T.loaded_kiwis() == 1
    stopwords_only = L.load_lexicon(write_lexicon(tmp_path / "lexicon", stopwords__txt="정책\n"))
    assert stopwords_only.digest != default.digest and T.get_kiwi(stopwords_only) is kiwi  # same user words
    own_words = L.load_lexicon(write_lexicon(tmp_path / "words", user_dictionary__tsv="디지털플랫폼정부\tNNP\n"))
    assert T.get_kiwi(own_words) is not kiwi and T.loaded_kiwis() == 2
    T.release_kiwi()
    assert T.loaded_kiwis() == 0
    assert T.get_kiwi() is not kiwi and _CountedKiwi.built == 3  # a fresh one on demand
    T.release_kiwi()  # no stand-in left behind for the tests after this one


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resident memory as Linux reports it")
def test_a_released_kiwi_gives_its_memory_back_to_the_system():
    """Kiwi's bundled allocator (mimalloc) kept a released Kiwi's pages (0.25 GB); release_kiwi returns them."""
    import psutil

    T.release_kiwi()
    before = psutil.Process().memory_info().rss
    kiwi = T.get_kiwi(num_workers=0)
    assert [t.form for t in kiwi.tokenize("인공지능 정책을 발표했다")][:2] == ["인공지능", "정책"]
    loaded = psutil.Process().memory_info().rss - before
    del kiwi
    T.release_kiwi()
    kept = psutil.Process().memory_info().rss - before
    assert loaded > 200 * 2**20 and kept < loaded / 4, (loaded, kept)


def test_an_unreadable_cache_file_is_named_and_skipped(tmp_cache, corpus):
    first = analysis.tokenize(corpus)
    broken = sorted(tmp_cache.glob("tokens/*.parquet"))[0]
    broken.write_bytes(broken.read_bytes()[:200])  # cut short, as by a full disk
    with pytest.warns(UserWarning, match=f"{broken.name}: unreadable token cache file"):
        again = analysis.tokenize(corpus)
    pd.testing.assert_frame_equal(again, first)


def test_the_store_gives_the_token_table_whole_by_column_and_by_document(tmp_cache, corpus):
    whole = analysis.tokenize(corpus)
    store = T.token_store(corpus)
    assert len(store.documents) == len(corpus) and store.n_tokens == len(whole)
    pd.testing.assert_frame_equal(store.table(), whole)
    pd.testing.assert_frame_equal(store.table(columns=["term"]), whole[["doc_id", "term"]])
    chosen = [corpus["doc_id"].iloc[-1], corpus["doc_id"].iloc[0]]  # read in corpus order, whatever the ask
    expected = whole[whole["doc_id"].isin(chosen)].reset_index(drop=True)
    pd.testing.assert_frame_equal(store.table(doc_ids=chosen), expected)


def test_documents_with_the_same_text_share_one_entry_of_the_store(tmp_cache, corpus):
    twice = pd.concat([corpus.head(2), corpus.head(1).assign(doc_id="copy")], ignore_index=True)
    store = T.token_store(twice)
    first, copy = store.documents.iloc[0], store.documents.iloc[2]
    assert (first["file"], first["doc"]) == (copy["file"], copy["doc"])
    table = store.table()
    own = table[table["doc_id"] == twice["doc_id"][0]].drop(columns="doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(table[table["doc_id"] == "copy"].drop(columns="doc_id").reset_index(drop=True), own)


def test_a_half_written_or_foreign_store_file_is_not_read_and_its_documents_are_tokenized_again(
        tmp_cache, corpus, monkeypatch):
    import pyarrow.parquet as pq

    first = analysis.tokenize(corpus)
    files = sorted(tmp_cache.glob("tokens/*.parquet"))
    files[0].rename(files[0].with_suffix(".12345.tmp"))  # killed before the rename: never read
    calls = []
    real = T._tokenize_uncached
    monkeypatch.setattr(T, "_tokenize_uncached",
                        lambda chunks, *a: calls.append(len(chunks := list(chunks))) or real(chunks, *a))
    pd.testing.assert_frame_equal(analysis.tokenize(corpus), first)
    assert calls == [1]  # its documents were tokenized again
    rewritten = sorted(tmp_cache.glob("tokens/*.parquet"))[0]
    table = pq.read_table(rewritten)
    index = json.loads(pq.read_metadata(rewritten).metadata[S.TokenCache.INDEX])
    pq.write_table(table.replace_schema_metadata({S.TokenCache.INDEX: json.dumps(index | {"format": "old"})}),
                   rewritten)  # as another version of the store wrote it
    calls.clear()
    pd.testing.assert_frame_equal(analysis.tokenize(corpus), first)
    assert calls == [1]


def test_tokens_read_in_parts_give_the_same_table(tmp_cache, corpus, monkeypatch):
    reference = analysis.tokenize(corpus, cache=False)
    monkeypatch.setattr(T, "FLUSH_TOKENS", 97)  # Token objects read into columns every 97 tokens
    pd.testing.assert_frame_equal(analysis.tokenize(corpus, cache=False), reference)


def test_a_batch_built_and_written_in_parts_gives_the_same_table_and_file_layout(tmp_cache, corpus, monkeypatch):
    """The table is built (and the file written) a few documents at a time while Kiwi runs: rows, index and
    row groups are those of the batch written in one piece."""
    import pyarrow.parquet as pq

    monkeypatch.setattr(S, "ROW_GROUP", 1000)
    monkeypatch.setattr(T, "PART_TOKENS", 10**9)  # the batch in one part
    whole = analysis.tokenize(corpus, cache=S.TokenCache(tmp_cache / "whole"))
    monkeypatch.setattr(T, "PART_TOKENS", 300)  # a part ends at the first document end past 300 tokens
    parts = list(T._kiwi_parts([("k", text) for text in corpus["text"]], iter(T.get_kiwi().tokenize(corpus["text"]))))
    assert 1 < len(parts) <= len(corpus)
    in_parts = analysis.tokenize(corpus, cache=S.TokenCache(tmp_cache / "parts"))
    pd.testing.assert_frame_equal(in_parts, whole)
    (one,), (other,) = (sorted((tmp_cache / name).glob("*.parquet")) for name in ("whole", "parts"))
    assert one.name == other.name
    a, b = pq.ParquetFile(one), pq.ParquetFile(other)
    groups = [b.metadata.row_group(g).num_rows for g in range(b.metadata.num_row_groups)]
    assert groups == [a.metadata.row_group(g).num_rows for g in range(a.metadata.num_row_groups)]
    assert groups[:-1] == [1000] * (len(groups) - 1) and sum(groups) == len(whole)
    assert a.read().equals(b.read())
    assert a.metadata.metadata[S.TokenCache.INDEX] == b.metadata.metadata[S.TokenCache.INDEX]


def test_a_store_written_part_by_part_without_keeping_tables_holds_the_token_table(tmp_cache, corpus, monkeypatch):
    """token_store tokenizes with ``keep`` False: each part's rows go to the file and are dropped, and at most
    MAX_PARTS_QUEUED parts wait for the helper thread; the store still reads back tokenize's table."""
    reference = analysis.tokenize(corpus, cache=False)
    monkeypatch.setattr(T, "PART_TOKENS", 300)
    monkeypatch.setattr(T, "MAX_PARTS_QUEUED", 1)
    yielded = []
    real = T._tokenize_uncached
    monkeypatch.setattr(T, "_tokenize_uncached", lambda *a: (yielded.append(b) or b for b in real(*a)))
    store = T.token_store(corpus)
    assert yielded and all(batch.table is None for batch in yielded)
    assert sum(int(batch.counts.sum()) for batch in yielded) == len(reference)
    pd.testing.assert_frame_equal(store.table(), reference)


# --------------------------------------------------------------------------------------------------
# user words are never split (issue 12, item 6)


def test_seed_user_words_kiwi_splits_in_context_are_one_token(tmp_cache, corpus, monkeypatch, seed_lexicon):
    lexicon = seed_lexicon
    toks = analysis.tokenize(corpus, lexicon=lexicon)
    assert T.user_word_splits(corpus, toks, lexicon).empty
    seed = corpus[corpus["doc_id"].str.startswith("002_")]
    words = toks[toks["doc_id"] == seed["doc_id"].iloc[0]]
    text = seed["text"].iloc[0]
    assert (words["form"] == "인공지능").sum() == text.count("인공지능")
    assert "인공" not in words["form"].tolist()
    # without the rule, Kiwi's own tokens split user words of the same seed: the check can fail
    monkeypatch.setattr(T, "_join_split_user_words", lambda texts, counts, columns, lexicon: (counts, columns))
    raw = analysis.tokenize(seed, cache=False, lexicon=lexicon)
    splits = T.user_word_splits(seed, raw, lexicon)
    assert "인공지능" in splits["word"].tolist() and (splits["tokens"] >= 2).all()


@pytest.mark.parametrize("text, word", [
    ("인공지능 기술 활용에 기업들의 애로사항", "인공지능"),  # Kiwi alone: 인공 + 지능 + 기술
    ("펩타이드를 발굴할 수 있는 인공지능 딥러닝 기반 예측", "인공지능"),
    ("진로직업 체험 지원 업무협약을 맺었다", "업무협약"),  # 업무 + 협약
    ("추경호 부총리 겸 기획재정부장관이 말했다", "기획재정부"),  # 기획 + 재정부 + 장관
])
def test_user_words_split_by_kiwi_in_context_are_joined_with_their_tag_and_term(tmp_cache, text, word):
    toks = analysis.tokenize(one_doc(text), cache=False)
    whole = toks[toks["form"] == word]
    assert len(whole) == 1
    start = text.index(word)
    assert (whole["start"].iloc[0], whole["end"].iloc[0]) == (start, start + len(word))
    assert whole["tag"].iloc[0] == dict(L.load_lexicon().user_words)[word]
    assert whole["term"].iloc[0] == word
    assert not ((toks["start"] > start) & (toks["start"] < start + len(word))).any()  # no token starts inside


@pytest.mark.parametrize("text, word", [("초등교육부터 평생교육까지", "교육부"), ("환경부터 바꾼다", "환경부"),
                                        ("통일부터 하자는 주장", "통일부")])
def test_a_user_word_inside_another_word_is_not_forced(tmp_cache, text, word):
    toks = analysis.tokenize(one_doc(text), cache=False)
    assert word not in toks["form"].tolist()
    assert "부터" in toks["form"].tolist()


def test_split_user_words_are_joined_in_the_offsets_of_a_text_read_in_pieces(tmp_cache, monkeypatch):
    text = "\n".join(["지역 간 인공지능 격차를 해소하기 위해 인공지능 기술 활용을 늘린다."] * 30)
    monkeypatch.setattr(T, "MAX_PIECE_CHARACTERS", 200)
    toks = analysis.tokenize(one_doc(text), cache=False)
    assert (toks["form"] == "인공지능").sum() == text.count("인공지능")
    assert all(text[s:e] == f for s, e, f in zip(toks["start"], toks["end"], toks["form"], strict=True)
               if f == "인공지능")


@pytest.mark.corpus
def test_no_user_word_is_split_on_kdi_epic(tmp_path, monkeypatch):
    folder = SHARED_CORPORA / "kdi-epic"
    if not folder.is_dir():
        pytest.skip(f"{folder}: the KDI EPIC corpus is not on this machine")
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    corpus = analysis.load_corpus(folder)
    toks = analysis.tokenize(corpus, progress=False)
    lexicon = L.load_lexicon()
    pattern, _ = T._user_word_matcher(lexicon)
    occurrences = sum(len(pattern.findall(text)) for text in corpus["text"])
    whole = (toks["form"] == "인공지능").sum()
    splits = T.user_word_splits(corpus, toks, lexicon)
    print(f"{len(corpus)} documents, {occurrences} user-word occurrences, 인공지능 as one token {whole} times")
    assert occurrences > 1000 and whole > 1000
    assert splits.empty, splits.groupby("word").size().sort_values(ascending=False).head(20).to_dict()


# --------------------------------------------------------------------------------------------------
# a researcher's lexicon folder (issue 12, item 4)


def write_lexicon(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name.replace("__", ".")).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def own_lexicon(tmp_path):
    return write_lexicon(
        tmp_path / "lexicon",
        user_dictionary__tsv="# words of my corpus\n디지털플랫폼정부\tNNP  # split into 디지털+플랫폼+정부\n",
        aliases__tsv="DPG\t디지털플랫폼정부\nA.I.\tAI  # resolved through the default AI -> 인공지능\n",
        stopwords__txt="정책  # every document is about policy\n",
        theme_codebook__txt="*digital_government\tDigital government\n디지털플랫폼정부 | 전자정부\n",
        organizations__tsv="디지털플랫폼정부위원회\tcommittee\t디지털플랫폼정부위원회\n",
    )


def test_a_lexicon_folder_adds_words_aliases_and_stopwords_and_replaces_the_codebook(tmp_cache, own_lexicon):
    default = L.load_lexicon()
    lexicon = L.load_lexicon(own_lexicon)
    assert lexicon.folder == own_lexicon
    assert set(lexicon.files) == {"user_dictionary.tsv", "aliases.tsv", "stopwords.txt", "theme_codebook.txt",
                                  "organizations.tsv"}
    assert set(default.user_words) < set(lexicon.user_words) and default.stopwords < lexicon.stopwords
    assert lexicon.aliases["A.I."] == "인공지능" and lexicon.aliases["과기정통부"] == "과학기술정보통신부"
    doc = one_doc("정부는 디지털플랫폼정부를 추진한다. DPG 정책과 A.I. 정책은 과기정통부가 맡는다.")
    before, after = analysis.tokenize(doc), analysis.tokenize(doc, lexicon=lexicon)
    assert "디지털플랫폼정부" not in before["form"].tolist() and "정책" in before["term"].tolist()
    terms = after.loc[after["term"] != "", "term"].tolist()
    assert terms.count("디지털플랫폼정부") == 2  # the word kept whole, and DPG through the alias
    assert "정책" not in terms and "정부" in terms
    assert S.cache_key(doc["text"][0], lexicon) != S.cache_key(doc["text"][0], default)
    assert lexicon.digest != default.digest
    codebook = analysis.load_codebook(lexicon=lexicon)
    assert codebook["theme"].unique().tolist() == ["digital_government"]
    assert codebook.attrs["path"] == str(own_lexicon / "theme_codebook.txt")
    assert default.codebook is None  # the defaults hold no codebook, and a folder's does not change that


def test_a_lexicon_folder_adds_to_the_gazetteer(tmp_cache, own_lexicon):
    from analysis.entities import load_gazetteer

    lexicon = L.load_lexicon(own_lexicon)
    corpus = one_doc("디지털플랫폼정부위원회와 과기정통부가 협력한다.").assign(published=pd.Timestamp("2023-05-01"))
    found = analysis.entity_mentions(corpus, lexicon=lexicon)
    orgs = found[found["kind"] == "organization"].set_index("text")["type"].to_dict()
    assert orgs == {"디지털플랫폼정부위원회": "committee", "과기정통부": "ministry"}
    default = analysis.entity_mentions(corpus)
    assert "unknown" in default.set_index("text").loc["디지털플랫폼정부위원회", "type"]  # only by its suffix
    assert load_gazetteer(lexicon).lexicon is lexicon and "과기정통부" in load_gazetteer(lexicon).organizations


def test_only_a_codebook_changes_no_token_cache_key(tmp_path):
    folder = write_lexicon(tmp_path / "lexicon", theme_codebook__txt="*mine\tMine\n육아휴직\n")
    lexicon, default = L.load_lexicon(folder), L.load_lexicon()
    assert lexicon.digest != default.digest and lexicon.codebook == folder / "theme_codebook.txt"
    assert S.cache_key("육아휴직 급여", lexicon) == S.cache_key("육아휴직 급여", default)


@pytest.mark.parametrize("name, content, line, message", [
    ("user_dictionary.tsv", "# mine\n디지털플랫폼정부 NNP\n", 2, "word<TAB>tag"),
    ("user_dictionary.tsv", "디지털플랫폼정부\tNPP\n", 1, "not a Kiwi tag"),
    ("aliases.tsv", "DPG\n", 1, "variant<TAB>canonical"),
    ("stopwords.txt", "\n정책\t명사\n", 2, "word"),
    ("organizations.tsv", "디지털플랫폼정부위원회\tcommittee\n", 1, "name<TAB>type<TAB>canonical"),
])
def test_a_malformed_lexicon_line_is_named_with_file_and_line(tmp_path, name, content, line, message):
    folder = write_lexicon(tmp_path / "lexicon", **{name.replace(".", "__"): content})
    with pytest.raises(ValueError, match=re.escape(f"{folder / name}:{line}:")) as error:
        L.load_lexicon(folder)
    assert message in str(error.value)


def test_a_folder_without_lexicon_files_or_missing_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "stopword.txt").write_text("정책\n", encoding="utf-8")  # misspelt name
    with pytest.raises(ValueError, match="empty: holds none of the lexicon files"):
        L.load_lexicon(tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="nowhere: lexicon folder not found"):
        L.load_lexicon(tmp_path / "nowhere")
    assert L.load_lexicon(RESOURCES).folder is None  # the defaults' own folder adds nothing


def test_lexicon_folder_is_explicit_or_found_inside_or_beside_the_corpus(tmp_path):
    corpus_folder = tmp_path / "bills"
    corpus_folder.mkdir()
    (corpus_folder / "a.txt").write_text("법안", encoding="utf-8")
    assert L.lexicon_folder() == SEEDS / "lexicon" and L.lexicon_folder(corpus_folder) is None
    beside = write_lexicon(tmp_path / "lexicon", stopwords__txt="법안\n")
    assert L.lexicon_folder(corpus_folder) == beside
    inside = write_lexicon(corpus_folder / "lexicon", stopwords__txt="법안\n")
    assert L.lexicon_folder(corpus_folder) == inside  # inside wins over beside
    assert L.lexicon_folder(corpus_folder / "a.txt") == inside  # beside a corpus file
    explicit = write_lexicon(tmp_path / "mine", stopwords__txt="법안\n")
    assert L.lexicon_folder(corpus_folder, explicit) == explicit
    with pytest.raises(FileNotFoundError, match="missing: lexicon folder not found"):
        L.lexicon_folder(corpus_folder, tmp_path / "missing")


def test_progress_bar_only_for_more_than_one_batch_unless_asked(tmp_cache, corpus, monkeypatch):
    from analysis import progress as P

    shown = []

    def recording_bar(iterable=None, **kwargs):
        shown.append(not kwargs.get("disable", False))
        return iterable

    monkeypatch.setattr(P, "progress", recording_bar)
    monkeypatch.setattr(T, "release_kiwi", lambda: None)  # keep this process's Kiwi for the next tests
    analysis.tokenize(corpus, cache=False)  # one batch: an uncached notebook run prints no bar
    analysis.tokenize(corpus, cache=False, batch_size=2)  # three batches
    analysis.tokenize(corpus, cache=False, progress=False, batch_size=2)
    analysis.tokenize(corpus, cache=False, progress=True)
    assert shown == [False, True, False, True]


def test_a_full_disk_names_the_cache_folder_and_leaves_no_partial_file(tmp_path, tmp_cache, corpus, monkeypatch):
    """Writing a batch to a full disk raises an error naming the cache folder and the space the batch needs,
    and no temporary file is left for a later run to trip on: a batch written whole, and one written part by
    part while Kiwi tokenizes (the helper thread's error reaches the caller)."""
    import errno

    import pyarrow as pa

    from analysis.token_store import TokenBatch, TokenCache

    table = pa.table({c: pa.array([0], pa.int32()) for c in ("sent_id", "line_id", "start", "end")}
                     | {c: pa.array(["정책"]) for c in ("form", "tag", "term")})
    batch = TokenBatch(["k"], np.array([1]), table)
    cache = TokenCache(tmp_path / "tokens")

    class FullDisk(S.pq.ParquetWriter):  # a Parquet writer on a disk that fills up after the first rows
        def write_table(self, table, *args, **kwargs):
            super().write_table(table, *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(S.pq, "ParquetWriter", FullDisk)
    with pytest.raises(OSError, match=r"tokens: no space left for the token cache .*ANALYSIS_CACHE_DIR"):
        cache.write(batch)
    assert list((tmp_path / "tokens").iterdir()) == []
    monkeypatch.setattr(T, "PART_TOKENS", 50)  # several parts, each written as it is built
    with pytest.raises(OSError, match=rf"tokens: no space left for the token cache \(this batch of {len(corpus)} doc"):
        analysis.tokenize(corpus)
    assert list((tmp_cache / "tokens").iterdir()) == []


# --------------------------------------------------------------------------------------------------
# the seeds' own lexicon is seeds/lexicon, read as any corpus's lexicon/ folder (issue 18)

SEED_ONLY_WORDS = ("닥터앤서", "국제보건기구", "EQ4ALL", "AI for Good", "조선대병원", "네이버클라우드")
SEED_TEXT = "EQ4ALL과 국제보건기구는 코로나 대응에 조선대학교병원과 협력했다."


def test_the_defaults_hold_no_seed_only_word_and_no_codebook():
    default = L.load_lexicon()
    words = dict(default.user_words)
    assert [w for w in SEED_ONLY_WORDS if w in words] == []
    assert "코로나" not in default.aliases and "국제보건기구" not in default.aliases
    assert default.codebook is None and not (RESOURCES / L.CODEBOOK_FILE).exists()
    with pytest.raises(ValueError, match="no theme codebook.*theme_codebook.txt"):
        analysis.load_codebook(lexicon=default)
    assert ("코로나19", "NNP") in default.user_words and default.aliases["WHO"] == "세계보건기구"  # general words stay


def test_the_seeds_lexicon_restores_their_words_aliases_and_codebook(tmp_cache, seed_lexicon):
    assert seed_lexicon.folder == SEEDS / "lexicon" and seed_lexicon.codebook == SEEDS / "lexicon" / L.CODEBOOK_FILE
    assert set(SEED_ONLY_WORDS) <= set(dict(seed_lexicon.user_words))
    assert seed_lexicon.aliases["코로나"] == "코로나19" and seed_lexicon.aliases["국제보건기구"] == "세계보건기구"
    assert seed_lexicon.aliases["조선대학교병원"] == "조선대병원"
    assert "닥터앤서" in set(analysis.load_codebook(lexicon=seed_lexicon)["keyword"])
    doc = one_doc(SEED_TEXT)
    default_terms = analysis.tokenize(doc, cache=False)["term"].tolist()
    seed_terms = analysis.tokenize(doc, cache=False, lexicon=seed_lexicon)["term"].tolist()
    assert {"EQ4ALL", "세계보건기구", "코로나19", "조선대병원"} <= set(seed_terms)
    assert not {"EQ4ALL", "세계보건기구", "코로나19", "조선대병원"} & set(default_terms)
    assert {"코로나", "조선대학교병원"} <= set(default_terms)  # as written: no seed alias applies


def test_a_run_on_the_seeds_reads_their_lexicon_and_still_describes_the_seeds():
    from analysis.run import describes_seeds

    assert analysis.session().lexicon.folder == SEEDS / "lexicon"
    assert describes_seeds(None) and describes_seeds(None, lexicon=str(SEEDS / "lexicon"))
    assert not describes_seeds(None, lexicon="my_lexicon")
    notes = analysis.load_corpus().attrs["import_report"]["notes"]
    assert "lexicon/ folder: read as the lexicon, not as documents" in notes


# --------------------------------------------------------------------------------------------------
# the user-word rule, vectorized over a batch (issue 19): the same joins as the rule applied text by text


def joined_text_by_text(texts, counts, columns, lexicon):
    """The user-word rule as it was applied before it was vectorized: one text at a time (T._tilings)."""
    pattern, tags = T._user_word_matcher(lexicon)
    first_row = np.cumsum(counts) - counts
    keep, rows = np.ones(len(columns["start"]), dtype=bool), {n: list(v) for n, v in columns.items()}
    for d, text in enumerate(texts):
        found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        a, b = int(first_row[d]), int(first_row[d] + counts[d])
        for (_, _, word), tiling in zip(found, T._tilings(columns["start"][a:b], columns["end"][a:b], found),
                                        strict=True):
            if tiling and tiling[1] > tiling[0]:
                i, j = a + tiling[0], a + tiling[1]
                keep[i + 1:j + 1] = False
                rows["end"][i], rows["form"][i] = rows["end"][j], word
                rows["tag"][i] = T._user_word_tag(word, lexicon, tags)
    doc = np.repeat(np.arange(len(counts)), counts)
    return np.bincount(doc[keep], minlength=len(counts)), {n: [v for v, k in zip(values, keep, strict=True) if k]
                                                           for n, values in rows.items()}


def assert_same_joins(texts, counts, columns, lexicon):
    expected_counts, expected = joined_text_by_text(texts, counts, columns, lexicon)
    got_counts, got = T._join_split_user_words(texts, counts, {n: v.copy() for n, v in columns.items()}, lexicon)
    assert got_counts.tolist() == expected_counts.tolist()
    assert {n: list(v) for n, v in got.items()} == {n: [int(x) if isinstance(x, np.integer) else x for x in v]
                                                     for n, v in expected.items()}
    return got


def test_the_vectorized_user_word_rule_joins_what_the_text_by_text_rule_joined(corpus, seed_lexicon):
    texts = [*corpus["text"], "인공지능 기술 활용", "", "추경호 부총리 겸 기획재정부장관", "초등교육부터 평생교육까지"]
    found = [T.get_kiwi(seed_lexicon, 0).tokenize(text) for text in texts]
    counts = np.array([len(tokens) for tokens in found], dtype=np.int64)
    columns = T._token_columns([token for tokens in found for token in tokens])
    joined = assert_same_joins(texts, counts, columns, seed_lexicon)
    assert len(joined["form"]) < len(columns["form"])  # Kiwi split some user words of the seeds: joined back


def synthetic(*docs):
    """Texts, counts and columns from (text, [(start, end), ...]) pairs; a token's form is its text."""
    texts = [text for text, _ in docs]
    spans = [span for _, spans in docs for span in spans]
    forms = [text[s:e] for text, spans in docs for s, e in spans]
    return texts, np.array([len(spans) for _, spans in docs], dtype=np.int64), {
        "start": np.array([s for s, _ in spans], np.int32), "end": np.array([e for _, e in spans], np.int32),
        "sent_position": np.zeros(len(spans), np.int32), "line_number": np.zeros(len(spans), np.int32),
        "form": np.array(forms, dtype=object), "tag": np.array(["NNG"] * len(spans), dtype=object)}


@pytest.mark.parametrize("docs, words", [
    ([("기획재정부장관", [(0, 2), (2, 3), (3, 5), (5, 7)])], ["기획재정부", "장관"]),  # three tokens tile the word
    ([("초등교육부터", [(0, 2), (2, 4), (4, 6)])], ["초등", "교육", "부터"]),  # Kiwi reads across the word's edge
    ([("인공지능", [(0, 4)]), ("가 인공지능 기술", [(0, 1), (2, 4), (4, 6), (7, 9)]),
      ("교육부", [(0, 2), (2, 3)])], ["인공지능", "가", "인공지능", "기술", "교육부"]),  # offsets of later texts
    ([("인공지능다", [(0, 2), (2, 5), (2, 4)])], ["인공", "지능다", "지능"]),  # a token between leaves the span
    ([("인공지능", [(0, 2), (1, 4), (2, 4)])], ["인공지능"]),  # overlapping tokens inside the span
    ([("코로나19로 인공지능", [(0, 3), (3, 5), (5, 6), (7, 9), (9, 11)])], ["코로나19", "로", "인공지능"]),
    ([("인공지능", [(0, 2), (2, 4)]), ("", [])], ["인공지능"]),
])
def test_the_vectorized_user_word_rule_on_edge_cases(docs, words):
    lexicon = L.load_lexicon()
    assert assert_same_joins(*synthetic(*docs), lexicon)["form"].tolist() == words
