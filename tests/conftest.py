from __future__ import annotations

import pytest

import analysis


@pytest.fixture(scope="session")
def corpus():
    """The five seed documents, loaded once."""
    return analysis.load_corpus()


@pytest.fixture(scope="session")
def seed_lexicon():
    """The seeds' lexicon: the defaults of analysis/resources plus seeds/lexicon, as the notebooks read it."""
    return analysis.load_lexicon(analysis.lexicon_folder())


@pytest.fixture(scope="session")
def seed_tokens(corpus, seed_lexicon):
    """The seeds' tokens with the seeds' lexicon."""
    return analysis.tokenize(corpus, lexicon=seed_lexicon)


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    """An empty token cache folder for one test."""
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (``make test`` runs ``-n auto --dist loadgroup``) the cells of one notebook run in
    order in one kernel, so each notebook is one group, kept on one worker; a test module that starts a
    server or a cluster once for its tests (a module-scoped fixture) is one group too. The groups go out
    first, the browser's (the longest) before the others, so the short unit tests fill in around them."""
    def weight(item) -> int:
        path = item.path
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(path.name))
            return 2
        if any(defs and defs[-1].scope == "module" for defs in item._fixtureinfo.name2fixturedefs.values()):
            item.add_marker(pytest.mark.xdist_group(path.name))
            return 0 if path.name == "test_browser.py" else 1
        return 3

    weights = {item.nodeid: weight(item) for item in items}
    if hasattr(config, "workerinput"):  # an xdist worker: its collection order is what gets scheduled
        items.sort(key=lambda item: weights[item.nodeid])  # stable: a notebook's cells keep their order
