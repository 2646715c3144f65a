"""One call that opens a notebook: the corpus, its lexicon, tokens, comparison groups and audit log, in the
reader's language and the house style of the figures.

Every numbered notebook starts the same way; :func:`session` is that start, so a notebook of a researcher's
own begins with the same objects as ours. What is costly (tokens, the audit log) is computed when first used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.clean import cleaning_log
from analysis.corpus import document_groups, load_corpus, with_raw_text
from analysis.labels import set_language
from analysis.lexicon import Lexicon, lexicon_folder, load_lexicon
from analysis.paths import SCHEDULER_ENV
from analysis.plotting import use_house_style
from analysis.token_store import TokenStore
from analysis.tokens import per_document, token_store, tokenize


@dataclass
class Session:
    """A notebook's inputs: ``corpus`` (one row per document: its metadata, the texts left in the corpus cache
    for what reads them, :func:`analysis.corpus.texts`), ``lexicon``, and on first use ``tokens`` (one row
    per token, with the comparison ``group`` of its document), ``groups`` (doc_id -> group), ``unit`` (what a
    group is: ``"document"`` or ``"publisher"``), ``corpus_with_raw_text`` and ``log`` (the cleaning audit
    log). ``corpus_path`` is what the header names."""

    corpus: pd.DataFrame
    lexicon: Lexicon
    corpus_path: str | Path | None = None
    client: object = None

    @cached_property
    def groups(self) -> pd.Series:
        """The unit the figures compare (:func:`analysis.corpus.document_groups`), indexed by doc_id."""
        return document_groups(self.corpus)

    @cached_property
    def unit(self) -> str:
        """``"document"`` when every document is its own group, else ``"publisher"``."""
        return "document" if len(self.corpus) == self.groups.nunique() else "publisher"

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """:func:`analysis.tokenize` of the corpus with the lexicon, and each token's ``group``."""
        tokens = tokenize(self.corpus, lexicon=self.lexicon, client=self.client)
        tokens["group"] = per_document(tokens, self.groups)
        return tokens

    @cached_property
    def store(self) -> TokenStore:
        """The corpus's tokens left on disk (:func:`analysis.tokens.token_store`): what
        :mod:`analysis.aggregates` counts from out of core, without loading the token table."""
        return token_store(self.corpus, lexicon=self.lexicon, client=self.client)

    @cached_property
    def corpus_with_raw_text(self) -> pd.DataFrame:
        """``corpus`` with the ``raw_text`` and cleaned ``text`` of every document
        (:func:`analysis.corpus.with_raw_text`), read when first used: what the cleaning audit compares."""
        return with_raw_text(self.corpus)

    @cached_property
    def log(self) -> pd.DataFrame:
        """Every span cleaning removed or rewrote (:func:`analysis.cleaning_log`)."""
        return cleaning_log(self.corpus_with_raw_text)

    def header(self) -> str:
        """The corpus header in Markdown (:func:`analysis.findings.corpus_header`)."""
        from analysis.findings import corpus_header

        return corpus_header(self.corpus, self.corpus_path)


def session(corpus_path: str | Path | None = None, lexicon_path: str | Path | None = None,
            mapping: dict | None = None, lang: str | None = None, client=None) -> Session:
    """Open a corpus for a notebook: load it (:func:`analysis.load_corpus`), read its lexicon (the defaults plus
    ``lexicon_path`` or a ``lexicon/`` folder beside the corpus, :func:`analysis.lexicon_folder`), set the
    language of figures and findings (``"en"`` or ``"ko"``; None keeps ``$ANALYSIS_LANG``) and the figures'
    house style (bundled Korean font, reproducible files). The corpus is held without its texts, which stay
    in the corpus cache: what needs them reads a batch or a few documents at a time
    (``Session.corpus_with_raw_text`` reads them all, for the audit). ``client`` (a ``dask.distributed.Client``; by
    default one connected to ``$ANALYSIS_SCHEDULER`` when ``python -m analysis run --scheduler`` set it) sends
    tokenizing and the store's counts to that cluster.

    Examples
    --------
    >>> s = session()
    >>> len(s.corpus) == len(s.groups), s.unit
    (True, 'document')
    >>> s = session("my_corpus/", lang="ko")          # doctest: +SKIP
    >>> s.tokens.groupby("group")["term"].nunique()   # doctest: +SKIP
    """
    set_language(lang)
    use_house_style()
    corpus = load_corpus(corpus_path, mapping=mapping, raw_text=False, text=False)  # texts read when wanted
    lexicon = load_lexicon(lexicon_folder(corpus_path, lexicon_path))
    if client is None and os.environ.get(SCHEDULER_ENV):
        from distributed import Client

        client = Client(os.environ[SCHEDULER_ENV])
    return Session(corpus=corpus, lexicon=lexicon, corpus_path=corpus_path, client=client)
