"""Term statistics on small hand-checked inputs: keyness by hand, KWIC at a sentence boundary."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import terms as TM
from analysis.lexicon import load_lexicon
from analysis.tokens import get_kiwi


def docs(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


FIXTURES = Path(__file__).parent / "fixtures" / "stats"


def test_log_likelihood_rayson_form_by_hand():
    # a=10 of c=1000 tokens against b=2 of d=1000: both expected counts are 6. Rayson & Garside (2000), the
    # formula of the UCREL log-likelihood wizard (ucrel.lancs.ac.uk/llwizard.html): 2 * (a ln(a/E1) + b ln(b/E2))
    expected = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6))
    assert TM.log_likelihood(10, 2, 1000, 1000, method="rayson") == pytest.approx(expected)
    assert expected == pytest.approx(5.822, abs=1e-3)
    # the full 2x2 form adds the two "other words" cells, so it differs on the same counts
    assert TM.log_likelihood(10, 2, 1000, 1000) == pytest.approx(5.854, abs=1e-3)


def test_log_likelihood_reproduces_dunning_1993():
    # Dunning (1993), "Accurate methods for the statistics of surprise and coincidence", Computational
    # Linguistics 19(1), p. 72, table of bigrams: -2 log lambda = 167.23 for k(AB)=10, k(A~B)=0, k(~AB)=3,
    # k(~A~B)=31764. As keyness counts: the term 10 times in a target of 13, 0 times in a reference of 31764.
    assert TM.log_likelihood(10, 0, 13, 31764) == pytest.approx(167.23, abs=0.005)
    # Rayson's two-term form gives less on this small, lopsided table (the number issue 9 quotes)
    assert TM.log_likelihood(10, 0, 13, 31764, method="rayson") == pytest.approx(156.03, abs=0.005)


def test_log_likelihood_matches_the_ucrel_wizard_worked_example():
    # The worked example of the Lancaster log-likelihood calculator's instructions: a word 52 times in a corpus
    # of 50,000 tokens and 57 times in one of 75,000 gives "+ 2.65" (not significant: below 3.84). Both forms
    # round to 2.65 on tables this large; the wizard's own is Rayson's.
    assert TM.log_likelihood(52, 57, 50_000, 75_000, method="rayson") == pytest.approx(2.65, abs=0.005)
    assert TM.log_likelihood(52, 57, 50_000, 75_000) == pytest.approx(2.65, abs=0.005)


def test_log_likelihood_reproduces_quanteda_and_its_corrections():
    # quanteda.textstats, tests/testthat/test-textstat_keyness.R, "keyness_textstat lr computation is
    # correct": d1 = "b b b b b b b a a a" (target), d2 = "a a a a a a a b b"; feature b is 7 of 10 tokens
    # in d1 and 2 of 9 in d2. quanteda checks textstat_keyness(measure = "lr", correction = "none") against
    # Deducer's likelihood.test: G2 = 4.53, p = 0.033 (the two-term form gives 2.44, p = 0.12).
    g2 = TM.log_likelihood(7, 2, 10, 9)
    assert g2 == pytest.approx(4.534939, abs=1e-6)
    assert stats.chi2.sf(g2, 1) == pytest.approx(0.0332, abs=1e-4)
    assert TM.log_likelihood(7, 2, 10, 9, method="rayson") == pytest.approx(2.440, abs=1e-3)
    # an independent implementation of the same 2x2 G2: scipy
    table = np.array([[7, 2], [3, 7]])
    assert g2 == pytest.approx(stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    # Williams' correction, as Deducer's likelihood.test(conservative = TRUE) that the quanteda test uses:
    # q = 1 + (N * sum(1/rows) - 1) * (N * sum(1/cols) - 1) / (6 * N * (ncol - 1) * (nrow - 1))
    n = 19
    q = 1 + (n * (1 / 9 + 1 / 10) - 1) * (n * (1 / 10 + 1 / 9) - 1) / (6 * n)
    assert TM.log_likelihood(7, 2, 10, 9, correction="williams") == pytest.approx(4.534939 / q, abs=1e-6)
    assert 4.534939 / q == pytest.approx(4.2008, abs=1e-4)
    # Yates: here |ad - bc| = 43 >= N/2 and an expected count (4.74) is below 5, so quanteda moves every cell
    # 0.5 towards independence; scipy does the same unconditionally for one degree of freedom
    yates = stats.chi2_contingency(table, correction=True, lambda_="log-likelihood")[0]
    assert TM.log_likelihood(7, 2, 10, 9, correction="yates") == pytest.approx(yates)
    assert yates == pytest.approx(2.7028, abs=1e-4)  # G2 of the cells 6.5, 2.5 / 3.5, 6.5


def test_yates_correction_only_where_quanteda_applies_it():
    # large expected counts: quanteda's yates_correction() returns 0, so the corrected G2 equals the plain one
    assert TM.log_likelihood(520, 570, 50_000, 75_000, correction="yates") == \
        pytest.approx(TM.log_likelihood(520, 570, 50_000, 75_000))
    with pytest.raises(ValueError, match="correction"):
        TM.log_likelihood(7, 2, 10, 9, method="rayson", correction="yates")
    with pytest.raises(ValueError, match="method"):
        TM.log_likelihood(7, 2, 10, 9, method="dunning1993")


def test_log_likelihood_reproduces_ucs_gold_values():
    # Evert's UCS toolkit, am.log.likelihood (signed 2x2 G2), from the gold data of
    # fau-klue/pandas-association-measures (tests/fixtures/stats/README.md). O11 = f, R1 = f1, C1 = f2:
    # as keyness counts, the collocate f times in the f1 tokens of the node's windows, f2 - f in the rest.
    gold = pd.read_csv(FIXTURES / "ucs-gold-sample.tsv", sep="\t")
    a, c = gold["f"], gold["f1"]
    b, d = gold["f2"] - gold["f"], gold["N"] - gold["f1"]
    sign = np.where(a / c >= b / d, 1, -1)
    assert sign * TM.log_likelihood(a, b, c, d) == pytest.approx(gold["am.log.likelihood"].to_numpy(), rel=1e-9)


def test_log_ratio_by_hand_and_zero_correction():
    assert TM.log_ratio(10, 2, 1000, 1000) == pytest.approx(math.log2(5))
    # Hardie's zero rule, as CQPweb (and LogRatio() in pandas-association-measures' log-ratio-create.R):
    # a count of 0 counts as 0.5
    assert TM.log_ratio(4, 0, 100, 100) == pytest.approx(math.log2(4 / 0.5))


def test_log_ratio_reproduces_cqpweb():
    # CQPweb's "Log Ratio (filtered)" for collocates of "Bundesregierung", 3 decimals (tests/data/cqpweb-gold-lr.tsv
    # of fau-klue/pandas-association-measures; N and the window size f1 from its log-ratio-create.R)
    gold = pd.read_csv(FIXTURES / "cqpweb-gold-lr-sample.tsv", sep="\t")
    n, f1 = 19_720_567, 168_329
    ours = TM.log_ratio(gold["f"], gold["f2"] - gold["f"], f1, n - f1)
    assert np.round(ours, 3) == pytest.approx(gold["log_ratio"].to_numpy(), abs=1e-3)


def test_keyness_ranking_matches_quanteda():
    # quanteda.textstats, test-textstat_keyness.R, "basic textstat_keyness lr works on two rows":
    # textstat_keyness(measure = "lr", correction = "none") sorts the features c, g, b, h, a, e, f, d for
    # target d1 and d, e, f, a, b, h, g, c for target d2 (ties by feature name, as here)
    d1 = pd.Series(list("aaabbccccccdefghh")).value_counts()
    d2 = pd.Series(list("aabccddddefh")).value_counts()
    assert TM.keyness(d1, d2, min_count=1)["term"].tolist() == list("cgbhaefd")
    assert TM.keyness(d2, d1, min_count=1)["term"].tolist() == list("defabhgc")
    # Rayson's form ranks the same table differently: g (1 in 17 against 0) before c (6 against 2)
    assert TM.keyness(d1, d2, min_count=1, method="rayson")["term"].tolist() == list("gcbhaefd")


def test_keyness_sign_and_order():
    target = pd.Series({"의료": 10, "데이터": 5, "도시": 1})
    reference = pd.Series({"의료": 2, "데이터": 5, "도시": 12})
    table = TM.keyness(target, reference, min_count=1).set_index("term")
    assert table.loc["의료", "g2"] > 0 > table.loc["도시", "g2"]
    assert table.index[0] == "의료"
    a, b, c, d = 10, 2, 16, 19
    assert table.loc["의료", "g2"] == pytest.approx(float(TM.log_likelihood(a, b, c, d)))


def test_adjust_p_values():
    p = np.array([0.01, 0.04, 0.03, 0.2])
    assert TM.adjust_p_values(p).tolist() == pytest.approx([0.04, 0.16, 0.12, 0.8])
    # Holm by hand: sorted 0.01, 0.03, 0.04, 0.2 times 4, 3, 2, 1 = 0.04, 0.09, 0.08, 0.2, made monotone
    assert TM.adjust_p_values(p, "holm").tolist() == pytest.approx([0.04, 0.09, 0.09, 0.2])
    # Benjamini-Hochberg by hand: p * m / rank, made monotone from the top
    assert TM.adjust_p_values(p, "fdr_bh").tolist() == pytest.approx([0.04, 0.0533333, 0.0533333, 0.2])
    assert TM.adjust_p_values(p, None).tolist() == p.tolist()
    with pytest.raises(ValueError, match="adjust"):
        TM.adjust_p_values(p, "sidak")


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
    assert list(table.columns) == ["doc_id", "term", "target", "reference", "log_ratio", "g2", "p_value", "p_adjusted"]


def test_keyness_table_corrects_for_the_number_of_terms_tested():
    # one term clearly key (16 against 0) and one borderline (7 against 2 in equal-sized documents:
    # G2 = 3.0, p = 0.08 unadjusted) among 40 terms per document
    filler = [f"t{i}" for i in range(38)]
    a = ["의료"] * 16 + ["정책"] * 7 + filler * 2
    b = ["도시"] * 16 + ["정책"] * 2 + filler * 2 + ["기타"] * 5
    tokens = pd.DataFrame({"doc_id": ["a"] * len(a) + ["b"] * len(b), "term": a + b})
    table = TM.keyness_table(tokens, n=10)
    tests = table.attrs["tests"]
    assert tests == 2 * 42  # every (document, term) pair compared: 38 fillers, 의료, 정책, 도시, 기타
    assert table.attrs["threshold"] == pytest.approx(0.05 / tests)
    assert table.attrs["alpha"] == 0.05 and table.attrs["adjust"] == "bonferroni"
    assert (table["p_value"] < table.attrs["threshold"]).all()
    assert (table["p_adjusted"] == np.minimum(table["p_value"] * tests, 1)).all()
    assert table[table["doc_id"] == "a"]["term"].tolist() == ["의료"]
    # without adjustment, a threshold of alpha itself, and more terms pass
    loose = TM.keyness_table(tokens, n=10, adjust=None, alpha=0.5)
    assert loose.attrs["threshold"] == 0.5 and len(loose) > len(table)
    with pytest.raises(ValueError, match="adjust"):
        TM.keyness_table(tokens, adjust="sidak")


def test_keyness_table_ranks_by_log_ratio():
    # 의료: 80 against 20 (G2 51.7, Log Ratio 2); 병원: 8 against 0 (G2 11.3, Log Ratio 4 under the 0.5 zero
    # rule). Ranked by effect size, 병원 comes first although its G2 is smaller.
    a = ["의료"] * 80 + ["병원"] * 8 + ["정책"] * 100
    b = ["의료"] * 20 + ["도시"] * 68 + ["정책"] * 100
    tokens = pd.DataFrame({"doc_id": ["a"] * len(a) + ["b"] * len(b), "term": a + b})
    table = TM.keyness_table(tokens, n=5).set_index("term")
    rows = table[table["doc_id"] == "a"]
    assert rows.index.tolist() == ["병원", "의료"]
    assert rows.loc["병원", "g2"] < rows.loc["의료", "g2"] and rows.loc["병원", "log_ratio"] > rows.loc["의료", "log_ratio"]


def test_candidate_status_reads_kiwi_analysis(seed_lexicon):
    lexicon = seed_lexicon  # 인공지능산업융합사업단 is a word of the seeds' own lexicon
    kiwi = get_kiwi(lexicon)
    known = {w for w, _ in lexicon.user_words}
    assert TM._candidate_status("인공지능", kiwi.tokenize("인공지능"), known) == "in lexicon"
    assert TM._candidate_status("산업융합사업단", kiwi.tokenize("산업융합사업단"), known) == "part of a lexicon word"
    assert TM._candidate_status("기업들", kiwi.tokenize("기업들"), known) == "known noun + ending"
    assert TM._candidate_status("정보보호산업", kiwi.tokenize("정보보호산업"), known) == "split compound: consider adding"


@pytest.fixture(scope="module")
def seed_candidates(corpus):
    """The seeds' new-word candidates (min_count 2), found once: each call of Kiwi's ``extract_words`` with its
    language-model filter costs seconds, whatever the corpus's size."""
    return TM.new_word_candidates(corpus, min_count=2)


def test_new_word_candidates_leave_out_dates_and_brackets(corpus, seed_candidates):
    """On the seeds: 정보통신 (11 times) is a piece of the lexicon's 정보통신기술, and no candidate holds
    punctuation or starts with a digit (the seeds hold bracketed glosses such as 국제기구(ITU) and quoted titles)."""
    table = seed_candidates
    row = table.set_index("form").loc["정보통신"]
    assert (row["count"], row["status"]) == (11, "part of a lexicon word")
    assert table["form"].str.fullmatch(r"[가-힣A-Za-z][가-힣A-Za-z0-9]*").all()
    assert corpus["text"].str.contains(r"[가-힣]\([A-Z]+\)|‘[^’]+’").all()  # the glosses were there to be left out


def test_new_word_candidates_need_no_multi_word_dictionary(corpus, seed_candidates, monkeypatch):
    """The candidates are found with a Kiwi without its multi-word dictionary (0.2 GB less at the peak of
    notebook 02); with it they are the same (on KDI EPIC too: 206 candidates, checked by hand)."""
    from analysis import tokens as T

    used = []
    real = T.get_kiwi
    monkeypatch.setattr(TM, "get_kiwi", lambda *a, **k: used.append(k.get("multi_words", True)) or real(*a, **k))
    TM.new_word_candidates(corpus.head(1), min_count=2)
    assert used == [False]
    monkeypatch.setattr(TM, "get_kiwi", lambda lexicon=None, num_workers=-1, multi_words=True: real(lexicon, num_workers))
    pd.testing.assert_frame_equal(TM.new_word_candidates(corpus, min_count=2), seed_candidates)


def test_lexicons_from_the_same_files_are_equal_and_share_one_kiwi(tmp_path):
    """The Kiwi cache is keyed by the lexicon's user words: two loads of the same files are one key, a folder
    with its own user word is another."""
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "user_dictionary.tsv").write_text("정보보호산업\tNNG\n", encoding="utf-8")
    assert load_lexicon() == load_lexicon() and hash(load_lexicon()) == hash(load_lexicon())
    own = load_lexicon(folder)
    assert own != load_lexicon() and ("정보보호산업", "NNG") in own.user_words
    assert len({load_lexicon(), load_lexicon(), own}) == 2


def test_sample_texts_keeps_order_and_budget(corpus):
    texts = corpus["text"]
    assert TM.sample_texts(texts, texts.str.len().sum()) is texts  # within budget: everything
    budget = int(texts.str.len().sum() * 0.6)
    sample = TM.sample_texts(texts, budget)
    assert 0 < len(sample) < len(texts) and sample.str.len().sum() <= budget
    assert list(sample.index) == sorted(sample.index)
    pd.testing.assert_series_equal(TM.sample_texts(texts, budget), sample)  # the same sample every time


def test_new_word_candidates_report_how_many_documents_were_read(corpus, seed_candidates):
    whole = seed_candidates
    assert whole.attrs["documents_read"] == len(corpus)
    budget = int(corpus["text"].str.len().sum() * 0.6)
    part = TM.new_word_candidates(corpus, min_count=2, max_characters=budget)
    assert part.attrs["documents_read"] == len(TM.sample_texts(corpus["text"], budget)) < len(corpus)


def test_keyness_table_of_one_group_is_empty_and_warns_nothing(corpus):
    """A one-document corpus has no reference corpus: no test is run (nor a division by an empty rest)."""
    import warnings

    import analysis

    tokens = analysis.tokenize(corpus[corpus["doc_id"] == corpus["doc_id"].iloc[0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keys = TM.keyness_table(tokens, by="doc_id")
    assert keys.empty and keys.attrs["tests"] == 0


def docfreq_corpus() -> pd.DataFrame:
    """60 documents: 지원 in all, 사업 in 31, 협력 in exactly 30, 의료 in 3; every term twice per document."""
    rows = []
    for d in range(60):
        terms = ["지원"] + (["사업"] if d < 31 else []) + (["협력"] if d < 30 else []) + (["의료"] if d < 3 else [])
        rows += [(f"d{d:02d}", term) for term in terms * 2] + [(f"d{d:02d}", "")]
    return pd.DataFrame(rows, columns=["doc_id", "term"])


def test_docfreq_trim_takes_the_terms_above_the_share_of_documents():
    # quanteda's dfm_trim(max_docfreq = 0.5, docfreq_type = "prop") keeps a term with docfreq / ndoc <= 0.5:
    # 지원 60/60 = 1 and 사업 31/60 = 0.5167 go; 협력 30/60 = 0.5 (on the ceiling) and 의료 3/60 stay
    trimmed = TM.docfreq_trim(docfreq_corpus(), max_docfreq=0.5, min_documents=50)
    assert trimmed["term"].tolist() == ["지원", "사업"] and trimmed["documents"].tolist() == [60, 31]
    assert trimmed["share"].tolist() == pytest.approx([1.0, 31 / 60])
    assert trimmed.attrs == {"max_docfreq": 0.5, "n_documents": 60, "applied": True}
    # counted against 100 documents (40 without tokens): 지원 0.6 goes, 사업 0.31 stays
    assert TM.docfreq_trim(docfreq_corpus(), 0.5, 50, n_documents=100)["term"].tolist() == ["지원"]
    assert TM.docfreq_trim(docfreq_corpus(), 0.05, 50)["term"].tolist() == ["지원", "사업", "협력"]  # 3/60 = 0.05


def test_docfreq_trim_leaves_a_small_corpus_alone():
    five = docfreq_corpus()
    five = five[five["doc_id"].isin([f"d{d:02d}" for d in range(5)])]  # 지원 in 5 of 5 documents
    trimmed = TM.docfreq_trim(five, max_docfreq=0.5, min_documents=50)
    assert trimmed.empty and list(trimmed.columns) == ["term", "documents", "share"]
    assert trimmed.attrs["applied"] is False
    all_five = TM.docfreq_trim(five, max_docfreq=0.5, min_documents=5)  # 의료 in 3 of 5; the rest in 5, by term
    assert all_five["term"].tolist() == ["사업", "지원", "협력", "의료"]
    assert all_five["share"].tolist() == pytest.approx([1.0, 1.0, 1.0, 0.6])
    with pytest.raises(ValueError, match="max_docfreq"):
        TM.docfreq_trim(five, max_docfreq=50)
