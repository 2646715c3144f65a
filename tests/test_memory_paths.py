"""The memory-saving paths of a large run give the same results as the plain ones (benchmarks/run_memory.py)."""

from __future__ import annotations

import importlib

import pandas as pd

import analysis
from analysis import tokens as T


def test_a_multi_batch_tokenize_releases_kiwi_and_gives_the_same_table(corpus, monkeypatch):
    released = []
    monkeypatch.setattr(T, "release_kiwi", lambda: released.append(True))  # the release itself: test_tokens
    whole = analysis.tokenize(corpus, cache=False)
    assert released == []  # one batch: the process keeps its Kiwi for the next call
    in_batches = analysis.tokenize(corpus, cache=False, batch_size=2)
    assert released == [True]  # several batches: Kiwi handed back before assembling
    pd.testing.assert_frame_equal(in_batches, whole, check_exact=True)
    assert in_batches["doc_id"].nunique() == len(corpus) and len(in_batches) > 1000


def test_the_person_check_releases_kiwi_only_on_a_large_corpus(corpus, monkeypatch):
    E = importlib.import_module("analysis.entities")  # analysis.entities is the function; this is its module

    released = []
    monkeypatch.setattr(E, "release_kiwi", lambda: released.append(True))
    tokens = analysis.tokenize(corpus)
    E.entity_mentions(corpus, tokens)
    assert released == []  # five documents: loading Kiwi again would cost more than its memory
    monkeypatch.setattr(E, "RELEASE_KIWI_DOCUMENTS", len(corpus))
    E.entity_mentions(corpus, tokens)
    assert released == [True]
