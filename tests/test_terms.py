"""Term statistics on small hand-checked inputs: keyness by hand, KWIC at a sentence boundary."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import terms as TM
from analysis.tokens import Lexicon, get_kiwi, load_lexicon


def docs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


def test_log_likelihood_by_hand():
    # a=10 of c=1000 tokens against b=2 of d=1000: both expected counts are 6
    expected = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6))
    assert TM.log_likelihood(10, 2, 1000, 1000) == pytest.approx(expected)
    assert expected == pytest.approx(5.822, abs=1e-3)


def test_log_ratio_by_hand_and_zero_correction():
    assert TM.log_ratio(10, 2, 1000, 1000) == pytest.approx(math.log2(5))
    assert TM.log_ratio(4, 0, 100, 100) == pytest.approx(math.log2(4 / 0.5))


def test_keyness_sign_and_order():
    target = pd.Series({"의료": 10, "데이터": 5, "도시": 1})
    reference = pd.Series({"의료": 2, "데이터": 5, "도시": 12})
    table = TM.keyness(target, reference, min_count=1).set_index("term")
    assert table.loc["의료", "g2"] > 0 > table.loc["도시", "g2"]
    assert table.index[0] == "의료"
    a, b, c, d = 10, 2, 16, 19
    assert table.loc["의료", "g2"] == pytest.approx(float(TM.log_likelihood(a, b, c, d)), abs=1e-3)


def test_term_counts_and_top_terms_break_ties_by_term():
    tokens = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "term": ["의료", "데이터", "", "의료"]})
    counts = TM.term_counts(tokens)
    assert counts.loc["a"].to_dict() == {"의료": 1, "데이터": 1}
    top = TM.top_terms(counts, 2)
    assert top[top["doc_id"] == "a"]["term"].tolist() == ["데이터", "의료"]  # equal counts: by term


def test_tfidf_weights_a_term_only_one_document_uses(tmp_cache):
    tokens = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "term": ["인공지능", "의료", "인공지능", "도시"]})
    tfidf = TM.tfidf_table(tokens)
    assert tfidf.loc["a", "의료"] > tfidf.loc["a", "인공지능"] > 0
    assert tfidf.loc["a", "도시"] == 0


def test_kwic_at_a_sentence_boundary(tmp_cache):
    corpus = docs("인공지능은 중요하다. 데이터도 중요하다.")
    lines = TM.kwic(corpus, "데이터", window=30)
    assert len(lines) == 1
    row = lines.iloc[0]
    assert row["left"] == ""  # the match opens its sentence: no context from the sentence before
    assert row["match"] == "데이터" and row["right"] == "도 중요하다."
    assert row["sentence"] == "데이터도 중요하다."


def test_kwic_window_and_alias(tmp_cache):
    corpus = docs("과학기술정보통신부는 인공지능 정책을 발표했다.\n과기정통부는 지원을 늘린다.")
    lines = TM.kwic(corpus, "과기정통부", window=3)
    assert lines["match"].tolist() == ["과학기술정보통신부", "과기정통부"]
    assert lines["right"].tolist() == ["는 인", "는 지"]


def test_kwic_unknown_term_is_empty(tmp_cache):
    assert TM.kwic(docs("인공지능 정책"), "헬스케어").empty


def test_keyness_table_finds_the_distinctive_term(tmp_cache):
    tokens = pd.DataFrame({"doc_id": ["a"] * 12 + ["b"] * 12,
                           "term": ["의료"] * 8 + ["정책"] * 4 + ["도시"] * 8 + ["정책"] * 4})
    table = TM.keyness_table(tokens, n=3)
    assert table[table["doc_id"] == "a"]["term"].tolist() == ["의료"]
    assert table[table["doc_id"] == "b"]["term"].tolist() == ["도시"]


def test_candidate_status_reads_kiwi_analysis():
    lexicon = load_lexicon()
    kiwi = get_kiwi(lexicon)
    known = {w for w, _ in lexicon.user_words}
    assert TM._candidate_status("인공지능", kiwi.tokenize("인공지능"), known) == "in lexicon"
    assert TM._candidate_status("산업융합사업단", kiwi.tokenize("산업융합사업단"), known) == "part of a lexicon word"
    assert TM._candidate_status("기업들", kiwi.tokenize("기업들"), known) == "known noun + ending"
    assert TM._candidate_status("정보보호산업", kiwi.tokenize("정보보호산업"), known) == "split compound: consider adding"


def test_new_word_candidates_leave_out_dates_and_brackets(corpus):
    table = TM.new_word_candidates(corpus, min_count=2)
    assert not table["form"].str.contains(r"[()’.]").any()
    assert set(table["status"]) <= {"in lexicon", "part of a lexicon word", "kept whole", "known noun + ending",
                                    "split compound: consider adding", "other"}


def test_lexicon_type_is_hashable_for_the_kiwi_cache():
    assert isinstance(hash(load_lexicon()), int)
    assert isinstance(load_lexicon(), Lexicon)


def test_sample_texts_keeps_order_and_budget(corpus):
    texts = corpus["text"]
    assert TM.sample_texts(texts, texts.str.len().sum()) is texts  # within budget: everything
    budget = int(texts.str.len().sum() * 0.6)
    sample = TM.sample_texts(texts, budget)
    assert 0 < len(sample) < len(texts) and sample.str.len().sum() <= budget
    assert list(sample.index) == sorted(sample.index)
    pd.testing.assert_series_equal(TM.sample_texts(texts, budget), sample)  # the same sample every time


def test_new_word_candidates_report_how_many_documents_were_read(corpus):
    whole = TM.new_word_candidates(corpus, min_count=2)
    assert whole.attrs["documents_read"] == len(corpus)
    budget = int(corpus["text"].str.len().sum() * 0.6)
    part = TM.new_word_candidates(corpus, min_count=2, max_characters=budget)
    assert part.attrs["documents_read"] == len(TM.sample_texts(corpus["text"], budget)) < len(corpus)
