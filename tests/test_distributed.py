"""The Dask path: a two-worker LocalCluster gives the same token table as the local path."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis

pytestmark = pytest.mark.slow  # a cluster of two processes, each loading Kiwi: make test-corpora runs it


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_two_workers_give_the_local_result(corpus, client, tmp_cache):
    local = analysis.tokenize(corpus, cache=False)
    spread = analysis.tokenize(corpus, cache=False, client=client, batch_size=2)  # 3 batches over 2 workers
    pd.testing.assert_frame_equal(spread, local)
    workers = client.run(lambda: __import__("analysis").tokens.loaded_kiwis())
    assert len(workers) == 2 and all(size <= 1 for size in workers.values())  # at most one Kiwi each


def test_distributed_results_fill_the_local_cache(corpus, client, tmp_cache, monkeypatch):
    first = analysis.tokenize(corpus, client=client, batch_size=2)
    monkeypatch.setattr(analysis.tokens, "_tokenize_uncached", lambda *a, **k: pytest.fail("not cached"))
    pd.testing.assert_frame_equal(analysis.tokenize(corpus), first)


def test_counts_on_the_cluster_equal_the_local_engines(corpus, client, tmp_cache):
    from analysis import aggregates
    from analysis.corpus import document_groups
    from analysis.tokens import token_store

    store = token_store(corpus, client=client, batch_size=2)  # three store files, tokenized on the workers
    assert len(store.files) == 3
    groups = document_groups(corpus)
    for by in (None, groups):
        local = aggregates.term_counts(store, by)
        spread = aggregates.term_counts(store, by, client=client)
        pd.testing.assert_frame_equal(spread, local)


def test_a_session_connects_to_the_scheduler_a_run_names(client, tmp_cache, monkeypatch):
    """``python -m analysis run --scheduler ADDRESS`` sets ANALYSIS_SCHEDULER for the kernels; their session
    connects to it and tokenizes there, with the local result."""
    monkeypatch.setenv("ANALYSIS_SCHEDULER", client.scheduler.address)
    s = analysis.session()
    assert s.client is not None and s.client.scheduler.address == client.scheduler.address
    local = analysis.tokenize(s.corpus, lexicon=s.lexicon, cache=False)
    pd.testing.assert_frame_equal(s.store.table(), local)
    s.client.close()
