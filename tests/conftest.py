from __future__ import annotations

import pytest

import analysis


@pytest.fixture(scope="session")
def corpus():
    """The five seed documents, loaded once."""
    return analysis.load_corpus()


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    """An empty token cache folder for one test."""
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"
