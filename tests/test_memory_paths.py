"""The memory-saving paths of a large run give the same results as the plain ones (benchmarks/run_memory.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import analysis
from analysis import themes as TH
from analysis import tokens as T


def test_a_multi_batch_tokenize_releases_kiwi_and_gives_the_same_table(corpus):
    analysis.tokenize(corpus.iloc[:1], cache=False)  # one batch: the process keeps its Kiwi for the next call
    assert T.get_kiwi.cache_info().currsize == 1
    in_batches = analysis.tokenize(corpus, cache=False, batch_size=2)
    assert T.get_kiwi.cache_info().currsize == 0  # several batches: Kiwi handed back before assembling
    whole = analysis.tokenize(corpus, cache=False)
    pd.testing.assert_frame_equal(in_batches, whole, check_exact=True)
    assert in_batches["doc_id"].nunique() == len(corpus) and len(in_batches) > 1000


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
