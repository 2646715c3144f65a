from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import topics as T
from analysis.labels import set_language
from analysis.paths import SHARED_CORPORA
from analysis.timeline import time_resolution

# three fields with their own words, and words every document uses
FIELDS = {
    "school": ["학교", "교사", "학생", "교육", "수업", "교실", "입시", "학부모"],
    "housing": ["주택", "임대", "전세", "아파트", "분양", "주거", "월세", "청약"],
    "pets": ["반려견", "동물", "고양이", "보호소", "입양", "산책", "사료", "수의사"],
}
COMMON = ["정부", "정책", "지원"]


def _tokens(per_field: int = 15, seed: int = 0, terms_per_doc: int = 30) -> tuple[pd.DataFrame, pd.Series]:
    """A token table of ``per_field`` documents per field: 80 % of each document's terms from its field."""
    rng = np.random.default_rng(seed)
    rows, truth = [], {}
    for field, words in FIELDS.items():
        for i in range(per_field):
            doc_id = f"{field}-{i:02d}"
            truth[doc_id] = field
            for j in range(terms_per_doc):
                term = rng.choice(words) if rng.random() < 0.8 else rng.choice(COMMON)
                rows.append((doc_id, j // 10, j // 10, str(term)))
    tokens = pd.DataFrame(rows, columns=["doc_id", "sent_id", "line_id", "term"])
    return tokens, pd.Series(truth)


# ---- published values --------------------------------------------------------------------------


def test_direct_confirmation_reproduces_gensim():
    """gensim test_direct_confirmation.py: w1 in documents {2, 3, 4}, w2 in {3, 5}, N = 5."""
    m = T.direct_confirmation({2, 3, 4}, {3, 5}, 5)
    assert m["log_conditional"] == pytest.approx(-0.693147181, abs=1e-9)
    assert m["log_ratio"] == pytest.approx(-0.182321557, abs=1e-9)
    assert m["npmi"] == pytest.approx(-0.113282753, abs=1e-9)


def test_npmi_coherence_is_the_pairwise_npmi_of_gensims_example():
    presence = np.zeros((5, 3))
    presence[[1, 2, 3], 0] = 1  # documents 2, 3, 4 (1-based)
    presence[[2, 4], 1] = 1  # documents 3, 5
    presence[[0, 1], 2] = 1  # documents 1, 2: meets w1 once (document 2), never w2
    assert T.npmi_coherence(presence, [[0, 1]])[0] == pytest.approx(-0.113282753, abs=1e-9)
    # a pair that never co-occurs: gensim's epsilon, log(1e-12 / (0.4 * 0.4)) / -log(1e-12), near -1
    never = np.log(1e-12 / 0.16) / -np.log(1e-12)
    assert never == pytest.approx(-0.933677, abs=1e-6)
    assert T.npmi_coherence(presence, [[1, 2]])[0] == pytest.approx(never, abs=1e-9)
    # three terms: the mean of the three pairs' values; w1 and w3 share document 2 of 5
    w1_w3 = np.log(0.2 / (0.6 * 0.4)) / -np.log(0.2)
    expected = np.mean([-0.113282753, w1_w3, never])
    assert T.npmi_coherence(presence, [[0, 1, 2]])[0] == pytest.approx(expected, abs=1e-9)


def test_relevance_reproduces_sievert_shirley_values():
    values = T.relevance(np.array([0.6, 0.3, 0.1]), np.array([0.5, 0.3, 0.2]), 0.6)
    np.testing.assert_allclose(values, [-0.233567, -0.722384, -1.658810], atol=1e-6)
    np.testing.assert_allclose(T.relevance(np.array([0.6]), np.array([0.5]), 1.0), [np.log(0.6)])


# ---- units, grid, rule ---------------------------------------------------------------------------


def test_long_documents_are_cut_at_lines_and_shares_summed_back():
    rows = [("long", line, term) for line in range(6) for term in ["예산", "복지", "교육", "주택", "세금"] * 10]
    rows += [("short", 0, t) for t in ["예산", "복지", "교육"]] + [("empty", 0, "")]
    tokens = pd.DataFrame(rows, columns=["doc_id", "line_id", "term"])
    units = T.model_units(tokens, min_df=1, top_share=0.0, piece_terms=100)
    # 6 lines of 50 terms: pieces of two lines (100 terms) each; the short document stays whole
    assert units.doc_ids == ["long", "long", "long", "short"]
    assert [len(u) for u in units.terms] == [100, 100, 100, 3]
    assert units.empty_documents == ["empty"]
    shares = T.document_shares(np.array([[1, 0], [1, 0], [0, 1], [0.5, 0.5]]), units.doc_ids,
                               [len(u) for u in units.terms], ["T1", "T2"])
    assert shares.loc["long"].tolist() == pytest.approx([2 / 3, 1 / 3], abs=1e-6)
    assert shares.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_min_df_and_the_most_frequent_terms_are_removed():
    tokens = pd.DataFrame({"doc_id": list("aabbccd"), "line_id": 0,
                           "term": ["공통", "예산", "공통", "예산", "공통", "복지", "희귀"]})
    units = T.model_units(tokens, min_df=2, top_share=0.5)
    assert units.removed == ["공통"]  # in 3 units: the most frequent of two kept terms
    assert units.vocabulary == ["예산"]  # 복지, 희귀 occur in one unit only
    assert units.empty_documents == ["c", "d"]


def test_k_grid_and_choice_rule():
    assert T.k_grid(7) == []  # sqrt(3.5) < 2
    assert T.k_grid(50) == [2, 3, 4, 5]
    assert T.k_grid(100_000) == [2, 6, 10, 14, 18, 22, 26, 30]
    scores = pd.DataFrame({"k": [2, 3, 4], "coherence": [0.3, 0.2, 0.3], "held_out_ll": [-6.0, -5.0, -5.5]})
    # ranks: k=2 (1, 3) = 4, k=3 (3, 1) = 4, k=4 (1, 2) = 3
    assert T.choose_k(scores) == 4
    tied = pd.DataFrame({"k": [5, 3], "coherence": [0.2, 0.2], "held_out_ll": [-5.0, -5.0]})
    assert T.choose_k(tied) == 3


# ---- the model ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fitted():
    tokens, truth = _tokens()
    model = T.topic_model(tokens, seed=0, cache=False, n_jobs=1, iterations=200)
    return tokens, truth, model


def test_topics_recover_the_fields(fitted):
    tokens, truth, model = fitted
    assert model.k == 3, model.k_scores
    assert list(model.k_scores["k"]) == T.k_grid(45)
    assert set(model.k_scores.columns) >= {"k", "coherence", "held_out_ll"}
    assert model.doc_topics.index.name == "doc_id" and len(model.doc_topics) == 45
    np.testing.assert_allclose(model.doc_topics.sum(axis=1), 1.0, atol=1e-5)
    assert T.dominant_topic_nmi(model, truth) > 0.9
    # each topic's three top terms by relevance come from one field
    terms = model.topic_terms(n=3)
    for _, group in terms.groupby("topic"):
        assert sum(set(group["term"]) <= set(words) for words in FIELDS.values()) == 1
    assert not set(terms["term"]) & set(COMMON)


def test_same_seed_identical_any_process_count(fitted):
    tokens, _, model = fitted
    again = T.topic_model(tokens, seed=0, cache=False, n_jobs=2, iterations=200)
    pd.testing.assert_frame_equal(model.doc_topics, again.doc_topics)
    pd.testing.assert_frame_equal(model.k_scores, again.k_scores)
    pd.testing.assert_frame_equal(model.stability, again.stability)


def test_stability_table_and_labels(fitted):
    _, _, model = fitted
    assert list(model.stability.columns) == ["topic", "kept", "stable"]
    assert model.stability["kept"].between(0, 1).all()
    assert model.stability["stable"].all()  # three well-separated fields come back under every seed
    labels = model.labels()
    assert set(labels) == {"T1", "T2", "T3"} and all("unstable" not in v for v in labels.values())


def test_top_documents_and_prevalence(fitted):
    tokens, truth, model = fitted
    corpus = pd.DataFrame({"doc_id": truth.index, "title": [f"제목 {d}" for d in truth.index],
                           "publisher": truth.values, "published": pd.Timestamp("2024-01-01")})
    top = model.top_documents(corpus, n=3)
    for _, group in top.groupby("topic"):
        assert group["doc_id"].map(truth).nunique() == 1 and len(group) == 3
    assert top["title"].str.startswith("제목").all()
    table = model.prevalence(corpus, by="publisher", n_boot=200)
    assert (table["low"] <= table["share"]).all() and (table["share"] <= table["high"]).all()
    leads = table.loc[table.groupby("topic")["share"].idxmax(), "group"]
    assert sorted(leads) == sorted(FIELDS)
    with pytest.raises(ValueError, match="no column 'ministry'"):
        model.prevalence(corpus, by="ministry")


def test_rising_topic_is_named_by_its_trend():
    index = pd.Index([f"d{i}" for i in range(40)], name="doc_id")
    rising = np.linspace(0.1, 0.9, 40)
    shares = pd.DataFrame({"T1": rising, "T2": 1 - rising}, index=index)
    flat = pd.DataFrame({"T1": np.tile([0.4, 0.6], 20), "T2": np.tile([0.6, 0.4], 20)}, index=index)
    corpus = pd.DataFrame({"doc_id": index, "published": pd.date_range("2020-01-01", periods=40, freq="20D")})
    trends = T.topic_trends(shares, corpus).set_index("topic")["direction"]
    assert trends.to_dict() == {"T1": "rises", "T2": "falls"}
    assert set(T.topic_trends(flat, corpus)["direction"]) == {"flat"}
    periods, resolution = T.period_of(corpus["published"])
    # 40 documents over 26 months: too few for months (1.5 a month), so years, as every time axis counts them
    assert resolution == time_resolution(corpus["published"]) == "year"
    assert periods.iloc[0] == "2020" and periods.iloc[-1] == "2022"


def test_periods_follow_the_corpus_resolution_and_leave_the_tail_out():
    dense = pd.Series(pd.to_datetime([f"2024-03-{d:02d}" for d in range(1, 32) for _ in range(20)] + ["1998-01-01"]))
    periods, resolution = T.period_of(dense)
    assert resolution == "day" and periods.iloc[0] == "2024-03-01"
    assert pd.isna(periods.iloc[-1])  # the 1998 outlier is outside the plausible span


def test_a_large_corpus_searches_k_on_a_stated_sample(monkeypatch):
    tokens, truth = _tokens()
    rare = pd.DataFrame({"doc_id": ["school-00"] * 2, "sent_id": 9, "line_id": 9, "term": ["희귀어", "희귀어"]})
    rare_twice = pd.concat([rare, rare.assign(doc_id="school-01")])  # in two units: kept by min_df
    monkeypatch.setattr(T, "MAX_SEARCH_UNITS", 20)
    model = T.topic_model(pd.concat([tokens, rare_twice], ignore_index=True), seed=0, cache=False, n_jobs=1,
                          iterations=100)
    assert model.sampled == 20 and model.units == 45
    assert len(model.doc_topics) == 45 and "희귀어" in model.vocabulary
    assert list(model.k_scores["k"]) == T.k_grid(45)  # the grid from the corpus size, scored on the sample


def test_a_large_corpus_fits_the_final_model_on_a_stated_sample_and_infers_every_unit(monkeypatch):
    """Above MAX_FIT_UNITS units the final and seeded models are fitted on a fixed sample; every document still
    gets shares (inferred), the same for any number of processes or batch size, and the findings say so."""
    from analysis import findings

    tokens, truth = _tokens()
    codebook = pd.DataFrame({"theme": ["school", "homes"], "label": ["Schools", "Homes"], "kind": "term",
                             "keyword": ["학교", "주택"], "match": ["학교", "주택"]})
    monkeypatch.setattr(T, "MAX_FIT_UNITS", 30)
    monkeypatch.setattr(T, "INFER_BATCH", 7)
    model = T.topic_model(tokens, k=3, seed=0, codebook=codebook, cache=False, n_jobs=1, iterations=100)
    assert model.fit_sampled == 30 and model.units == 45 and model.sampled is None
    assert list(model.doc_topics.index) == sorted(truth.index)  # every document, not only the sampled ones
    np.testing.assert_allclose(model.doc_topics.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(model.seeded_model["doc_topics"].sum(axis=1), 1.0, atol=1e-5)
    assert T.dominant_topic_nmi(model, truth) > 0.8  # the inferred shares still find the three fields
    monkeypatch.setattr(T, "INFER_BATCH", 2000)
    again = T.topic_model(tokens, k=3, seed=0, codebook=codebook, cache=False, n_jobs=2, iterations=100)
    pd.testing.assert_frame_equal(again.doc_topics, model.doc_topics)
    pd.testing.assert_frame_equal(again.seeded_model["doc_topics"], model.seeded_model["doc_topics"])
    np.testing.assert_array_equal(again.phi, model.phi)
    stated = [f for f in findings.topic_findings(model) if f.key == "topics.fit_sampled"]
    assert stated and stated[0].params["fit_sampled"] == 30 and stated[0].params["units"] == 45
    assert "topics.sampled" not in [f.key for f in findings.topic_findings(model)]


def test_a_corpus_within_the_cap_is_fitted_whole_as_before(fitted, monkeypatch):
    """At or below MAX_FIT_UNITS units nothing is sampled: the shares are the fit's own, not inferred."""
    tokens, _, model = fitted
    monkeypatch.setattr(T, "MAX_FIT_UNITS", model.units)
    monkeypatch.setattr(T, "_inferred_shares", lambda *a: pytest.fail("inferred shares of a model fitted whole"))
    again = T.topic_model(tokens, seed=0, cache=False, n_jobs=1, iterations=200)
    assert model.fit_sampled is None and again.fit_sampled is None
    pd.testing.assert_frame_equal(again.doc_topics, model.doc_topics)
    np.testing.assert_array_equal(again.phi, model.phi)


def _assert_same_units(a: T.Units, b: T.Units) -> None:
    for name in ("codes", "offsets"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        assert getattr(a, name).dtype == getattr(b, name).dtype
    for name in ("doc_ids", "vocabulary", "removed", "empty_documents", "settings"):
        assert getattr(a, name) == getattr(b, name), name


def test_units_read_from_the_store_are_the_token_tables(corpus, seed_lexicon):
    """The seeds' units from the token store equal those of the token table read from it; a text shared by
    two documents is read once and counted for each, as the table repeats it."""
    from analysis.tokens import token_store

    shared = corpus.iloc[[2]].assign(doc_id="0-copy")  # sorts first: the units are laid out by doc_id
    for documents in (corpus, pd.concat([corpus, shared], ignore_index=True)):
        store = token_store(documents, lexicon=seed_lexicon)
        table = store.table(columns=["line_id", "term"])
        ids = list(documents["doc_id"].astype(str))
        _assert_same_units(T.model_units(store, documents=ids), T.model_units(table, documents=ids))
        _assert_same_units(T.model_units(store), T.model_units(table))
    units = T.model_units(store)
    copy, original = units.doc_ids.count("0-copy"), units.doc_ids.count(str(corpus["doc_id"].iloc[2]))
    assert copy == original > 0


def test_units_worked_out_a_slice_at_a_time_are_those_worked_out_whole(corpus, seed_lexicon, monkeypatch):
    """Pieces and unit frequencies computed a slice of whole documents (units) at a time, here slices of 97
    tokens, a document longer than that being one slice: the same units, vocabulary and removed terms."""
    from analysis.tokens import token_store

    store = token_store(corpus, lexicon=seed_lexicon)
    whole = T.model_units(store, piece_terms=60)
    monkeypatch.setattr(T, "SLICE_TOKENS", 97)
    sliced = T.model_units(store, piece_terms=60)
    _assert_same_units(sliced, whole)
    assert len(whole.offsets) - 1 > len(corpus)  # long documents were cut into pieces, across slices


@pytest.mark.corpus
def test_units_from_an_epic_store_and_a_sampled_fit(monkeypatch):
    """The first 500 EPIC documents: the store's units are the token table's; with the cap set below their
    units, the model is fitted on a sample and every document gets shares, the same in one or two processes."""
    folder = SHARED_CORPORA / "kdi-epic"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared corpora are not on this machine)")
    corpus = analysis.load_corpus(folder).iloc[:500].reset_index(drop=True)
    store = analysis.tokens.token_store(corpus, lexicon=analysis.load_lexicon(analysis.lexicon_folder(folder)))
    ids = list(corpus["doc_id"].astype(str))
    units = T.model_units(store, documents=ids)
    _assert_same_units(units, T.model_units(store.table(columns=["line_id", "term"]), documents=ids))
    assert len(units) > 400
    cap = len(units) // 2
    monkeypatch.setattr(T, "MAX_FIT_UNITS", cap)
    one = T.topic_model(store, k=6, corpus=corpus, cache=False, n_jobs=1, iterations=100)
    two = T.topic_model(store, k=6, corpus=corpus, cache=False, n_jobs=2, iterations=100)
    assert one.fit_sampled == cap and one.units == len(units)
    assert set(one.doc_topics.index) | set(one.empty_documents) == set(ids)
    np.testing.assert_allclose(one.doc_topics.sum(axis=1), 1.0, atol=1e-5)
    pd.testing.assert_frame_equal(one.doc_topics, two.doc_topics)


def test_too_small_corpus_gets_a_reason_not_a_model():
    tokens, _ = _tokens(per_field=2)
    model = T.topic_model(tokens, cache=False)
    assert not model.fitted and model.k is None
    assert "too few for a topic model" in model.reason
    set_language("ko")
    try:
        korean = T.topic_model(tokens, cache=False)
    finally:
        set_language("en")
    assert "토픽 모델에 너무 적습니다" in korean.reason and "too few" not in korean.reason
    assert model.doc_topics.empty


def test_cache_reads_back_without_refitting(fitted, tmp_cache, monkeypatch):
    tokens, _, _ = fitted
    first = T.topic_model(tokens, k=3, iterations=50, n_jobs=1)
    monkeypatch.setattr(T, "_fit_topic_model", lambda *a, **k: pytest.fail("refitted despite the cache"))
    second = T.topic_model(tokens, k=3, iterations=50, n_jobs=1)
    pd.testing.assert_frame_equal(first.doc_topics, second.doc_topics)
    assert list((tmp_cache / "topics").glob("*.pkl"))


def test_a_warm_read_from_a_store_finds_the_model_without_working_out_its_units(corpus, seed_lexicon, tmp_cache,
                                                                                 monkeypatch):
    """A model fitted from a token store is found again by the store's documents and the settings
    (``topics._store_key``): the second call neither works out the units nor fits. Another setting, another set
    of documents, or the model's file gone: the units are worked out again (here they may not be, so it fails)."""
    from analysis.tokens import token_store

    store = token_store(corpus, lexicon=seed_lexicon)
    first = T.topic_model(store, k=3, corpus=corpus, iterations=50, n_jobs=1)
    assert first.fitted and len(list((tmp_cache / "topics" / "by-store").glob("*.txt"))) == 1
    monkeypatch.setattr(T, "model_units", lambda *a, **k: pytest.fail("worked out the units despite the cache"))
    monkeypatch.setattr(T, "_fit_topic_model", lambda *a, **k: pytest.fail("refitted despite the cache"))
    second = T.topic_model(store, k=3, corpus=corpus, iterations=50, n_jobs=1)
    pd.testing.assert_frame_equal(first.doc_topics, second.doc_topics)
    assert second.k_scores.equals(first.k_scores) and second.units == first.units
    fewer = corpus.iloc[1:]
    for changed in ({"min_df": 3}, {"seed": 1}, {"corpus": fewer}):
        with pytest.raises(pytest.fail.Exception, match="worked out the units"):
            T.topic_model(store, **{"k": 3, "corpus": corpus, "iterations": 50, "n_jobs": 1, **changed})
    for model_file in (tmp_cache / "topics").glob("*.pkl"):
        model_file.unlink()
    with pytest.raises(pytest.fail.Exception, match="worked out the units"):
        T.topic_model(store, k=3, corpus=corpus, iterations=50, n_jobs=1)


def test_save_load_and_a_bad_file(fitted, tmp_path):
    _, _, model = fitted
    path = model.save(tmp_path / "model.pkl")
    pd.testing.assert_frame_equal(T.TopicModel.load(path).doc_topics, model.doc_topics)
    bad = tmp_path / "bad.pkl"
    bad.write_bytes(b"not a pickle")
    with pytest.raises(ValueError, match="bad.pkl: not a saved topic model"):
        T.TopicModel.load(bad)


def test_seeded_topics_report_what_they_picked_up():
    tokens, _ = _tokens()
    codebook = pd.DataFrame({"theme": ["school", "school", "homes"], "label": ["Schools", "Schools", "Homes"],
                             "kind": "term", "keyword": ["학교", "교사", "주택"], "match": ["학교", "교사", "주택"]})
    model = T.topic_model(tokens, k=3, codebook=codebook, cache=False, n_jobs=1, iterations=200,
                          codebook_labels={"school": "Schools", "homes": "Homes"})
    table = model.seeded.set_index("theme")
    assert list(table.index) == ["school", "homes"]
    assert table.loc["school", "label"] == "Schools" and table.loc["school", "seed_words"] == 2
    picked = set(table.loc["school", "picked_up"].split(", "))
    # what a seeded topic picks up: its field's other words (and the words every document uses), no other field's
    assert picked & (set(FIELDS["school"]) - {"학교", "교사"})
    assert picked <= set(FIELDS["school"]) | set(COMMON)
    assert set(table.loc["homes", "picked_up"].split(", ")) <= set(FIELDS["housing"]) | set(COMMON)
    np.testing.assert_allclose(model.seeded_model["doc_topics"].sum(axis=1), 1.0, atol=1e-5)


def test_simd_build_is_pinned_below_avx512():
    """tomotopy picks its SIMD build at import: the module pins avx2 (sse2 where avx2 is missing), so a
    machine with AVX-512 computes as one without."""
    env = {k: v for k, v in os.environ.items() if k != "TOMOTOPY_ISA"}
    code = "from analysis.topics import _tomotopy; print(_tomotopy().isa)"
    isa = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert isa.strip() in {"avx2", "sse2"}


@pytest.mark.slow
def test_results_do_not_depend_on_the_simd_build():
    """The committed figures come out the same on a machine with another SIMD build: shares (six decimals)
    from the avx2 build this package pins and from sse2, the build of a machine without AVX, are identical."""
    code = (f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); from test_topics import _tokens; from analysis import topics; "
            "m = topics.topic_model(_tokens()[0], k=3, cache=False, n_jobs=1, iterations=100); "
            "print(m.isa, m.doc_topics.to_json())")
    outputs = {}
    for isa in ("avx2", "sse2"):
        env = dict(os.environ, TOMOTOPY_ISA=isa)
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        used, shares = result.stdout.split(" ", 1)
        outputs[used] = shares
    if "sse2" not in outputs or len(outputs) < 2:
        pytest.skip(f"this machine offers only {sorted(outputs)}")
    assert outputs["avx2"] == outputs["sse2"]


def test_public_call_is_exported():
    assert analysis.topic_model is T.topic_model


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["NewsResult_20000101-20091231.xlsx", "conflict-of-interest_20110616-20210429.xlsx"])
def test_topics_recover_bigkinds_sections(name):
    """Dominant topic against 통합 분류1 (first level): NMI reported in benchmarks/README.md."""
    path = SHARED_CORPORA / "bigkinds" / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    corpus = analysis.load_corpus(path)
    tokens = analysis.tokenize(corpus)
    model = T.topic_model(tokens, corpus=corpus)
    sections = corpus.set_index("doc_id")["category1"].fillna("").astype(str).str.split(">").str[0].str.strip()
    sections = sections[sections != "미분류"]  # unclassified by BIGKinds
    assert model.fitted and T.dominant_topic_nmi(model, sections) > 0.1


def test_findings_name_k_the_leading_group_and_trends(fitted):
    from analysis import findings

    _, truth, model = fitted
    corpus = pd.DataFrame({"doc_id": truth.index, "publisher": truth.values, "title": "t",
                           "published": pd.Timestamp("2024-01-01")})
    by_group = model.prevalence(corpus, by="publisher", n_boot=100)
    trends = pd.DataFrame({"topic": ["T1", "T2", "T3"], "slope_per_year": [0.1, -0.2, 0.0],
                           "p_adjusted": [0.01, 0.02, 0.5], "direction": ["rises", "falls", "flat"]})
    found = findings.topic_findings(model, by_group, trends)
    keys = [f.key for f in found]
    assert keys.count("topics.k_chosen") == 1 and "topics.k_given" not in keys
    chosen = next(f for f in found if f.key == "topics.k_chosen")
    assert chosen.params["k"] == 3 and chosen.params["grid"] == T.k_grid(45)
    leaders = [f.params for f in found if f.key == "topics.leader"]
    assert len(leaders) == 3
    for params in leaders:  # the field whose words make the topic leads it
        words = params["topic"].split(" ", 1)[1].split("·")
        assert set(words) <= set(FIELDS[params["group"]])
    assert [f.key for f in found if f.key in ("topics.rises", "topics.falls")] == ["topics.rises", "topics.falls"]
    assert "topics.k_at_edge" not in keys  # k = 3 of the grid 2, 3, 4
    small = T.topic_model(_tokens(per_field=2)[0], cache=False)
    assert [f.key for f in findings.topic_findings(small)] == ["topics.too_small"]


def test_bootstrap_in_blocks_gives_the_numbers_of_one_draw():
    values = np.random.default_rng(1).dirichlet(np.ones(5), size=333)
    at_once = values[np.random.default_rng(7).integers(0, 333, size=(1000, 333))].mean(axis=1)
    for chunk in (1, 37, 1000):
        blocks = T._bootstrap_means(values, 1000, np.random.default_rng(7), chunk=chunk)
        np.testing.assert_array_equal(blocks, at_once)
