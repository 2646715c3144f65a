"""Counts from the token store (analysis.aggregates, DuckDB out of core) equal the in-memory counts of the
token table, on the seeds and on a real corpus; the engine keeps to the memory budget."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import aggregates as A
from analysis.corpus import document_groups
from analysis.paths import SHARED_CORPORA, memory_limit
from analysis.terms import term_counts
from analysis.tokens import per_document, token_counts_by_document, token_store


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The seeds tokenized into a store of their own, with the token table and groups as notebook 02 has them."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("ANALYSIS_CACHE_DIR")
    os.environ["ANALYSIS_CACHE_DIR"] = str(folder)
    try:
        corpus = analysis.load_corpus()
        lexicon = analysis.load_lexicon(analysis.lexicon_folder())
        tokens = analysis.tokenize(corpus, lexicon=lexicon)
        store = token_store(corpus, lexicon=lexicon)
        yield corpus, tokens, store
    finally:
        if old is None:
            os.environ.pop("ANALYSIS_CACHE_DIR", None)
        else:
            os.environ["ANALYSIS_CACHE_DIR"] = old


def test_counts_by_document_equal_the_token_table(seeds):
    _, tokens, store = seeds
    expected = token_counts_by_document(tokens)
    expected.index = expected.index.astype(str)
    pd.testing.assert_frame_equal(A.token_counts_by_document(store), expected)


def test_documents_sharing_a_text_are_counted_once_and_each_given_the_counts(seeds):
    """A text stored once for every document that has it (copies, reposted articles) is counted once in the
    store and its counts given to each of its documents: what the token table of the whole corpus gives."""
    corpus, tokens, store = seeds
    copies = corpus.iloc[[0, 2]].assign(doc_id=lambda d: d["doc_id"] + "~copy")
    doubled = pd.concat([corpus, copies], ignore_index=True)
    lexicon = analysis.load_lexicon(analysis.lexicon_folder())
    expected = token_counts_by_document(analysis.tokenize(doubled, lexicon=lexicon))
    expected.index = expected.index.astype(str)
    counted = A.token_counts_by_document(token_store(doubled, lexicon=lexicon))
    pd.testing.assert_frame_equal(counted, expected)
    assert len(counted) == len(corpus) + 2 and (counted.loc[copies["doc_id"]].to_numpy()
                                                == counted.loc[corpus["doc_id"].iloc[[0, 2]]].to_numpy()).all()


def test_term_counts_by_document_and_by_group_equal_the_token_table(seeds):
    corpus, tokens, store = seeds
    pd.testing.assert_frame_equal(A.term_counts(store), term_counts(tokens), check_index_type=False,
                                  check_column_type=False)
    groups = document_groups(corpus)
    grouped = tokens.assign(group=per_document(tokens, groups))
    pd.testing.assert_frame_equal(A.term_counts(store, groups), term_counts(grouped, by="group"),
                                  check_index_type=False, check_column_type=False)


def test_term_and_document_frequencies(seeds):
    _, tokens, store = seeds
    content = tokens[tokens["term"] != ""]
    frequencies = A.term_frequencies(store)
    assert frequencies.to_dict() == content["term"].value_counts().to_dict()
    assert list(frequencies.index[:2]) == sorted(frequencies.index[:2], key=lambda t: (-frequencies[t], t))
    documents = A.document_frequencies(store)
    assert documents.to_dict() == content.groupby("term")["doc_id"].nunique().to_dict()


def test_document_term_matrix_is_countvectorizers(seeds):
    from sklearn.feature_extraction.text import CountVectorizer

    corpus, tokens, store = seeds
    matrix, doc_ids, vocabulary = A.document_term_matrix(store, min_df=2)
    content = tokens[tokens["term"] != ""]
    terms = [content.loc[content["doc_id"] == d, "term"].tolist() for d in corpus["doc_id"]]
    vectorizer = CountVectorizer(analyzer=lambda doc: doc, min_df=2)
    expected = vectorizer.fit_transform(terms)
    assert doc_ids == list(corpus["doc_id"]) and vocabulary == list(vectorizer.get_feature_names_out())
    assert (matrix != expected).nnz == 0 and matrix.dtype == np.int64


def test_the_engine_keeps_to_the_memory_budget(seeds, monkeypatch):
    """The engine gets what the budget leaves beside the process (at least half the budget)."""
    from analysis import memory

    monkeypatch.setenv("ANALYSIS_MEMORY_LIMIT", "1GB")
    monkeypatch.setattr(memory, "resident_memory", lambda: 3 * 10**8)
    with A.connection(seeds[2]) as con:
        setting = con.sql("SELECT current_setting('memory_limit')").fetchone()[0]
    assert memory_limit() == 10**9 and setting == "667.0 MiB"  # 700 MB = 667.6 MiB, given whole
    monkeypatch.setattr(memory, "resident_memory", lambda: 3 * 10**9)
    monkeypatch.setenv("ANALYSIS_MEMORY_LIMIT", "2GB")  # a process holding more than the budget: half of it
    with A.connection(seeds[2]) as con:
        setting = con.sql("SELECT current_setting('memory_limit')").fetchone()[0]
    assert memory_limit() == 2 * 10**9 and setting == "953.0 MiB"  # 1 GB = 953.7 MiB
    monkeypatch.setenv("ANALYSIS_MEMORY_LIMIT", "200MB")  # ... and at least 128 MiB
    with A.connection(seeds[2]) as con:
        setting = con.sql("SELECT current_setting('memory_limit')").fetchone()[0]
    assert memory_limit() == 200 * 10**6 and setting == "128.0 MiB"
    with pytest.raises(ValueError, match="ANALYSIS_MEMORY_LIMIT='lots': not a memory size"):
        memory_limit("lots")


BIGKINDS = SHARED_CORPORA / "bigkinds"

PEAK_SCRIPT = """
import json, sys, threading
import duckdb, psutil, scipy.sparse  # imported before measuring: their size is fixed, not the corpus's
import analysis
from analysis import aggregates as A
corpus = analysis.load_corpus(sys.argv[1])
store = analysis.tokens.token_store(corpus)
me, peak, done = psutil.Process(), [0], threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], me.memory_info().rss)
        done.wait(0.005)
before = me.memory_info().rss
watcher = threading.Thread(target=sample)
watcher.start()
if sys.argv[2] == "store":
    matrix, _, _ = A.document_term_matrix(store)
    per_doc = A.token_counts_by_document(store)
else:
    tokens = analysis.tokenize(corpus)
    per_doc = analysis.tokens.token_counts_by_document(tokens)
    matrix = tokens[tokens["term"] != ""].groupby(["doc_id", "term"]).size()
done.set()
watcher.join()
print(json.dumps({"grew_mb": (peak[0] - before) / 1e6, "tokens": int(per_doc["tokens"].sum())}))
"""


@pytest.mark.corpus
@pytest.mark.skipif(not BIGKINDS.exists(), reason="../shared/corpora/bigkinds is not beside the repository")
def test_counting_from_the_store_needs_less_memory_than_the_token_table(tmp_path):
    """The BIGKinds exports (4,164 articles) under a 64 MB budget: counting from the store takes less memory
    than loading the token table and counting from it (each in its own process; the peak resident memory
    during the counting, above what the process held before it)."""
    env = {"ANALYSIS_MEMORY_LIMIT": "64MB", "PATH": "/usr/bin:/bin"}
    import os

    env = os.environ | env
    runs = {}
    for how in ("store", "table"):
        out = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(BIGKINDS), how], capture_output=True, text=True,
                             env=env, check=True)
        runs[how] = json.loads(out.stdout.strip().splitlines()[-1])
    assert runs["store"]["tokens"] == runs["table"]["tokens"] > 100_000
    grew = {how: run["grew_mb"] for how, run in runs.items()}
    print(grew)
    assert grew["store"] < grew["table"], grew


def test_concordance_from_the_store_is_kwic_of_the_token_table(seeds):
    from analysis.terms import kwic, kwic_lines

    corpus, tokens, store = seeds
    lexicon = analysis.load_lexicon(analysis.lexicon_folder())
    frequent = tokens.loc[tokens["term"] != "", "term"].value_counts().index[:5].tolist()
    for term in [*frequent, "과기정통부", "없는말"]:  # an alias of a term, and a word not in the corpus
        expected = kwic(corpus, term, window=25, tokens=tokens, lexicon=lexicon)
        lines = kwic_lines(corpus, A.concordance_hits(store, term, lexicon), window=25)
        pd.testing.assert_frame_equal(lines, expected, check_dtype=False)
    assert len(kwic_lines(corpus, A.concordance_hits(store, "과기정통부", lexicon))) > 0


def test_forms_per_term(seeds):
    _, tokens, store = seeds
    content = tokens[tokens["term"] != ""]
    expected = content.groupby("term")["form"].nunique()
    assert A.forms_per_term(store).to_dict() == expected.to_dict()


def test_comparisons_from_the_stores_counts_equal_those_of_the_token_table(seeds):
    from analysis.compare import NOUN_TAGS, cosine_table, pair_contrast, pair_contrast_of, tfidf_similarity
    from analysis.terms import keyness_from_counts, keyness_table, tfidf_from_counts

    corpus, tokens, store = seeds
    groups = document_groups(corpus)
    grouped = tokens.assign(group=per_document(tokens, groups))
    counts = A.term_counts(store, groups)
    pd.testing.assert_frame_equal(cosine_table(tfidf_from_counts(counts)), tfidf_similarity(grouped, by="group"),
                                  check_index_type=False, check_column_type=False)
    a, b = counts.index[:2]
    pd.testing.assert_frame_equal(pair_contrast_of(counts, a, b, n=8), pair_contrast(grouped, a, b, n=8, by="group"),
                                  check_dtype=False)  # terms: object from the store, Arrow strings from pandas
    pd.testing.assert_frame_equal(keyness_from_counts(counts, n=8), keyness_table(grouped, by="group", n=8),
                                  check_dtype=False)
    nouns = set(tokens.loc[tokens["tag"].isin(NOUN_TAGS) & (tokens["term"] != ""), "term"])
    assert A.terms_tagged(store, NOUN_TAGS) == nouns


def test_sentence_spans_are_those_of_the_token_table(seeds):
    from analysis.tokens import _sentence_spans

    corpus, tokens, store = seeds
    pd.testing.assert_frame_equal(A.sentence_spans(store), _sentence_spans(tokens))
    some = corpus["doc_id"].iloc[[3, 1]].tolist()
    expected = _sentence_spans(tokens[tokens["doc_id"].isin(some)]).reset_index(drop=True)
    pd.testing.assert_frame_equal(A.sentence_spans(store, doc_ids=some), expected)
    assert A.sentence_spans(store, doc_ids=["no-such-document"]).empty
