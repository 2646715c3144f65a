"""The memory-saving paths of a large run give the same results as the plain ones (benchmarks/run_memory.py)."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd

import analysis
from analysis import themes as TH
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


def test_nmf_sample_is_the_sample_of_unit_terms(corpus, monkeypatch):
    tokens = analysis.tokenize(corpus, cache=False)
    units = TH.unit_terms(tokens, "sent_id")
    monkeypatch.setattr(TH, "MAX_NMF_UNITS", len(units) // 2)
    expected = units.sample(len(units) // 2, random_state=0).sort_index()
    index, weights, components, vocabulary = TH._fit_nmf(tokens, 2, "sent_id", 0, 2)
    assert list(index) == list(expected.index)
    monkeypatch.setattr(TH, "MAX_NMF_UNITS", len(units))  # no sampling: every unit with three terms or more
    assert list(TH._fit_nmf(tokens, 2, "sent_id", 0, 2)[0]) == list(units.index)
    assert weights.shape == (len(expected), 2) and components.shape == (2, len(vocabulary))
    assert np.isfinite(weights).all()
