"""Helpers for the Korean policy-document notebooks: load, clean, tokenize, analyse, plot.

The public interface the notebooks and tests use::

    s = analysis.session(corpus_path, lexicon_path, mapping, lang)  # a notebook's start: corpus, lexicon, tokens
    corpus = analysis.load_corpus()          # one row per document, raw_text and cleaned text
    log = analysis.cleaning_log(corpus)      # every span cleaning removed or rewrote, in raw offsets
    lexicon = analysis.load_lexicon(analysis.lexicon_folder(corpus_path))  # defaults + a lexicon/ folder
    tokens = analysis.tokenize(corpus, lexicon=lexicon)  # one row per token, sentence ids, canonical terms
    analysis.kwic(corpus, "과기정통부")       # keyword in context, by canonical term
    codebook = analysis.load_codebook(lexicon=lexicon)  # the lexicon folder's codebook (None in the defaults: raises)
    analysis.theme_scores(corpus, tokens, codebook)  # codebook themes per document, with evidence sentences
    analysis.topic_model(tokens, corpus=corpus)  # LDA topics, k chosen by coherence and held-out likelihood
    analysis.entity_mentions(corpus)         # organizations, people, places, money, shares, compute
    analysis.events(corpus)                  # dates, resolved against each document's publication date
    analysis.explore(corpus, tokens)         # an ipywidgets explorer: concordance, documents, themes, network, topics
    analysis.findings.corpus_header(corpus)  # which corpus, when, with what; findings.render(...) the sentences
    analysis.export_tables({"keyness": keys}, "out/tables")  # CSV, results.xlsx, README for the next tool

The stages, in the order data flows through them: ``importers/`` and ``corpus`` (files in, one row per
document), ``clean/`` (rules and audit log), ``lexicon`` and ``tokens``/``token_store`` (Kiwi and the tokens
on disk), the analyses (``terms``, ``themes``, ``compare``, ``embeddings``, ``entities``, ``timeline``,
``network``), then ``plotting``, ``findings/``, ``explore/``, ``session``, ``report`` and ``run``.
"""

import importlib
import importlib.util
import sys
import types
from typing import TYPE_CHECKING

# the public names and the modules that define them, imported on first use (PEP 562): ``import analysis``
# stays cheap for the runner (``python -m analysis run`` holds no Kiwi, pandas or matplotlib of its own),
# and a notebook pays for a module only when it uses it
_SUBPACKAGES = {"findings"}  # public as a whole
_PUBLIC = {
    "CorpusError": "analysis.corpus",
    "Session": "analysis.session",
    "centrality_table": "analysis.network",
    "cleaning_log": "analysis.clean",
    "cooccurrence": "analysis.network",
    "cooccurrence_graph": "analysis.network",
    "embedding_similarity": "analysis.compare",
    "entity_mentions": "analysis.entities",
    "events": "analysis.entities",
    "explore": "analysis.explore",
    "export_network": "analysis.export",
    "export_tables": "analysis.export",
    "findings": "analysis.findings",
    "import_report": "analysis.corpus",
    "keyness_table": "analysis.terms",
    "kwic": "analysis.terms",
    "lexicon_folder": "analysis.lexicon",
    "load_codebook": "analysis.themes",
    "load_corpus": "analysis.corpus",
    "load_lexicon": "analysis.lexicon",
    "per_document": "analysis.tokens",
    "rebuild_raw": "analysis.clean",
    "sentences": "analysis.tokens",
    "session": "analysis.session",
    "tfidf_similarity": "analysis.compare",
    "theme_evidence": "analysis.themes",
    "theme_scores": "analysis.themes",
    "tokenize": "analysis.tokens",
    "top_terms": "analysis.terms",
    "topic_model": "analysis.topics",
}

if TYPE_CHECKING:  # what type checkers and editors see
    from analysis import findings
    from analysis.clean import cleaning_log, rebuild_raw
    from analysis.compare import embedding_similarity, tfidf_similarity
    from analysis.corpus import CorpusError, import_report, load_corpus
    from analysis.entities import entity_mentions, events
    from analysis.explore import explore
    from analysis.export import export_network, export_tables
    from analysis.lexicon import lexicon_folder, load_lexicon
    from analysis.network import centrality_table, cooccurrence, cooccurrence_graph
    from analysis.session import Session, session
    from analysis.terms import keyness_table, kwic, top_terms
    from analysis.themes import load_codebook, theme_evidence, theme_scores
    from analysis.tokens import per_document, sentences, tokenize
    from analysis.topics import topic_model


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:  # a submodule not imported yet (``analysis.tokens.get_kiwi`` after ``import analysis``)
        if name.startswith("_") or importlib.util.find_spec(f"analysis.{name}") is None:
            raise AttributeError(f"module 'analysis' has no attribute {name!r}")
        return importlib.import_module(f"analysis.{name}")
    value = importlib.import_module(module)
    if name not in _SUBPACKAGES:  # a name the module defines
        value = getattr(value, name)
    globals()[name] = value  # looked up once
    return value


class _Package(types.ModuleType):
    """This package's module type: importing the submodule ``analysis.session`` (or ``analysis.explore``)
    makes the import system set it as the package's attribute of that name; the public function of the
    same name keeps the name, as it did when this file imported every public name at once."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and name in _PUBLIC and name not in _SUBPACKAGES:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


__all__ = [
    "CorpusError", "Session", "centrality_table", "cleaning_log", "cooccurrence", "cooccurrence_graph",
    "embedding_similarity", "entity_mentions", "events", "explore", "export_network", "export_tables", "findings",
    "import_report", "keyness_table", "kwic", "lexicon_folder", "load_codebook", "load_corpus", "load_lexicon",
    "per_document", "rebuild_raw", "sentences", "session", "tfidf_similarity", "theme_evidence", "theme_scores",
    "tokenize", "top_terms", "topic_model",
]
