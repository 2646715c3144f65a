"""Helpers for the Korean policy-document notebooks: load, clean, tokenize, analyse, plot.

The public interface the notebooks and tests use::

    corpus = analysis.load_corpus()          # one row per document, raw_text and cleaned text
    log = analysis.cleaning_log(corpus)      # every span cleaning removed or rewrote, in raw offsets
    lexicon = analysis.load_lexicon(analysis.lexicon_folder(corpus_path))  # defaults + a lexicon/ folder
    tokens = analysis.tokenize(corpus, lexicon=lexicon)  # one row per token, sentence ids, canonical terms
    analysis.kwic(corpus, "과기정통부")       # keyword in context, by canonical term
    analysis.theme_scores(corpus, tokens)    # codebook themes per document, with evidence sentences
    analysis.topic_model(tokens, corpus=corpus)  # LDA topics, k chosen by coherence and held-out likelihood
    analysis.entities(corpus)                # organizations, people, places, money, shares, compute
    analysis.events(corpus)                  # dates, resolved against each document's publication date
    analysis.explore(corpus, tokens)         # an ipywidgets explorer: concordance, documents, themes, network
    analysis.findings.corpus_header(corpus)  # which corpus, when, with what; findings.render(...) the sentences

``analysis.entities`` is the function; its module is imported as ``analysis.entities`` through
``from analysis.entities import ...`` (or ``importlib.import_module("analysis.entities")``).
"""

from analysis import findings
from analysis.clean import cleaning_log, rebuild_raw
from analysis.compare import embedding_similarity, tfidf_similarity
from analysis.corpus import CorpusError, import_report, load_corpus
from analysis.entities import entities, events
from analysis.explore import explore
from analysis.network import centrality_table, cooccurrence, cooccurrence_graph
from analysis.terms import keyness_table, kwic, top_terms
from analysis.themes import load_codebook, theme_evidence, theme_scores
from analysis.tokens import lexicon_folder, load_lexicon, per_document, sentences, tokenize
from analysis.topics import topic_model

__all__ = [
    "CorpusError", "centrality_table", "cleaning_log", "cooccurrence", "cooccurrence_graph", "embedding_similarity",
    "entities", "events", "explore", "import_report", "keyness_table", "kwic", "load_codebook", "load_corpus",
    "lexicon_folder", "load_lexicon", "per_document", "rebuild_raw", "sentences", "tfidf_similarity",
    "theme_evidence", "theme_scores", "tokenize", "topic_model", "top_terms", "findings",
]
