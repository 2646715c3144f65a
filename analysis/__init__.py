"""Helpers for the Korean policy-document notebooks: load, clean, tokenize, analyse, plot.

The public interface the notebooks and tests use::

    corpus = analysis.load_corpus()          # one row per document, raw_text and cleaned text
    log = analysis.cleaning_log(corpus)      # every span cleaning removed or rewrote, in raw offsets
    tokens = analysis.tokenize(corpus)       # one row per token with sentence ids and canonical terms
"""

from analysis.clean import cleaning_log, rebuild_raw
from analysis.corpus import CorpusError, load_corpus
from analysis.tokens import load_lexicon, sentences, tokenize

__all__ = ["CorpusError", "cleaning_log", "load_corpus", "load_lexicon", "rebuild_raw", "sentences", "tokenize"]
