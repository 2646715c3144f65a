"""The explorer's search index: token positions of every term and word form, built once and searched per
keystroke, and the concordance lines cut from its hits."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.corpus import texts
from analysis.explore.postings import open_or_build
from analysis.importers.cache import CORPUS_ROWS
from analysis.lexicon import Lexicon, canonical_query, load_lexicon
from analysis.token_store import TokenStore

MODES = ("term", "form", "regex")
SORTS = ("document", "left", "right")
PAGE_SIZE = 25
HELD_TEXTS = 200  # texts read from the corpus cache that the explorer keeps for the next look-up
MAX_REGEX_HITS = 100_000  # a regular expression scans the texts; it stops after this many matches


class ConcordanceIndex:
    """Where every canonical term and every word form occurs, on disk, and the documents' metadata as arrays.

    The postings are Parquet files beside the other caches (:mod:`analysis.explore.postings`), built the first
    time an explorer opens a corpus with its token table or store (seconds per million tokens) and read back
    afterwards; a term or form search looks the value up in the vocabulary and reads its postings' row groups
    only, so it does not grow with the corpus, and memory follows the vocabulary and the documents, not the
    tokens. Given the token store, the index is built from its files without the token table (and found again
    from the store's document list alone), and a document's tokens are read from the store when it is opened.

    Parameters
    ----------
    corpus : a DataFrame from :func:`analysis.load_corpus`.
    tokens : its token table from :func:`analysis.tokenize`, or its token store
        (:func:`analysis.tokens.token_store`, a notebook's ``s.store``), which is never loaded whole.
    lexicon : the lexicon the tokens were made with (for canonical look-ups); the project lexicon by default.

    Examples
    --------
    >>> index = ConcordanceIndex(corpus, tokens)                 # doctest: +SKIP
    >>> index = ConcordanceIndex(corpus, session.store)          # doctest: +SKIP
    >>> index.search("과기정통부")[["doc_id", "start", "end"]]   # doctest: +SKIP
    """

    def __init__(self, corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore, lexicon: Lexicon | None = None):
        self.source = corpus  # as given: a corpus loaded without its texts reads them by its own rows
        self._held: dict[int, str] = {}  # the texts read last (texts_at)
        self.corpus = corpus.reset_index(drop=True)
        self.store = tokens if isinstance(tokens, TokenStore) else None
        self.tokens = None if self.store is not None else tokens  # the token table, when one was given
        self.lexicon = lexicon or load_lexicon()
        self.doc_ids = pd.Index(self.corpus["doc_id"].astype(str))
        self.published = pd.to_datetime(self.corpus["published"], errors="coerce") if "published" in corpus \
            else pd.Series(pd.NaT, index=self.corpus.index)
        self.published_text = self.published.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
        self.month = self.published.dt.strftime("%Y-%m").fillna("undated").to_numpy(dtype=object)
        self.publisher = self._column("publisher")
        self.doc_type = self._column("doc_type")
        self.title = self._column("title", "")
        order = pd.DataFrame({"p": self.published, "d": self.doc_ids}).sort_values(["p", "d"], kind="stable")
        self.doc_rank = np.empty(len(self.corpus), dtype=np.int64)
        self.doc_rank[order.index.to_numpy()] = np.arange(len(self.corpus))
        self.postings = open_or_build(self.doc_ids, tokens)

    def _column(self, name: str, default: str = "unknown") -> np.ndarray:
        if name not in self.corpus:
            return np.full(len(self.corpus), default, dtype=object)
        return self.corpus[name].fillna(default).astype(str).to_numpy(dtype=object)

    def canonical(self, query: str) -> str:
        """The canonical term a query names: ``과기정통부`` -> ``과학기술정보통신부``."""
        query = query.strip()
        return canonical_query(query, self.lexicon)

    def document_mask(self, publishers: Sequence[str] | None = None, doc_types: Sequence[str] | None = None,
                      date_from=None, date_to=None) -> np.ndarray:
        """Which documents pass the filters (an empty or None filter lets every document through; a
        document without a date passes only when no date bound is set)."""
        keep = np.ones(len(self.corpus), dtype=bool)
        if publishers:
            keep &= np.isin(self.publisher, list(publishers))
        if doc_types:
            keep &= np.isin(self.doc_type, list(doc_types))
        if date_from is not None:
            keep &= (self.published >= pd.Timestamp(date_from)).to_numpy()
        if date_to is not None:
            keep &= (self.published <= pd.Timestamp(date_to)).to_numpy()
        return keep

    def search(self, query: str, mode: str = "term", **filters) -> pd.DataFrame:
        """Every occurrence of ``query`` in the documents that pass ``filters`` (see :meth:`document_mask`).

        ``mode`` is ``term`` (canonical content term, so an alias finds its canonical form), ``form`` (the
        word form exactly as Kiwi cut it) or ``regex`` (a regular expression over the cleaned text; the
        only mode that scans the texts, and it stops after ``MAX_REGEX_HITS`` matches).

        Returns doc (row of the corpus), doc_id, start, end (offsets in ``text``), in document order
        (date, doc_id, offset).
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        keep = self.document_mask(**filters)
        query = query.strip()
        if not query:
            doc = start = end = np.empty(0, dtype=np.int64)
        elif mode == "regex":
            doc, start, end = self._regex(query, keep)
        else:
            doc, start, end = self.postings.rows(mode, self.canonical(query) if mode == "term" else query)
            ok = keep[doc]
            doc, start, end = doc[ok], start[ok], end[ok]
        order = np.lexsort((start, self.doc_rank[doc]))
        doc, start, end = doc[order], start[order], end[order]
        return pd.DataFrame({"doc": doc, "doc_id": self.doc_ids.to_numpy()[doc], "start": start, "end": end})

    def _regex(self, query: str, keep: np.ndarray):
        try:
            pattern = re.compile(query)
        except re.error as error:
            raise ValueError(f"not a valid regular expression {query!r}: {error}") from None
        found: list[tuple[int, int, int]] = []
        for offset in range(0, len(self.corpus), CORPUS_ROWS):  # a corpus without its texts: a part at a time
            kept = np.flatnonzero(keep[offset:offset + CORPUS_ROWS]) + offset
            if not len(kept):
                continue  # no document of this part passes the filters: its texts are not read
            for i, text in self.texts_at(kept).items():
                found.extend((i, m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start())
                if len(found) >= MAX_REGEX_HITS:
                    break
            if len(found) >= MAX_REGEX_HITS:
                break
        array = np.array(found[:MAX_REGEX_HITS], dtype=np.int64).reshape(-1, 3)
        return array[:, 0], array[:, 1], array[:, 2]

    def texts_at(self, docs) -> dict[int, str]:
        """The cleaned texts of the documents at corpus rows ``docs``, by row, in the order given: from the
        corpus's ``text`` column, or read from the corpus cache for a corpus loaded without it
        (:func:`analysis.corpus.texts`); the last :data:`HELD_TEXTS` read are kept for the next call (a page
        turned, a document shown again)."""
        docs = list(dict.fromkeys(int(d) for d in docs))
        wanted = [d for d in docs if d not in self._held]
        known = self._held | dict(zip(wanted, texts(self.source, self.doc_ids[wanted]).to_numpy(), strict=True))
        if wanted and "text" not in self.source.columns:
            self._held = dict(list(known.items())[-HELD_TEXTS:])
        return {d: known[d] for d in docs}

    def counts_by_document(self, hits: pd.DataFrame, n: int = 10) -> pd.DataFrame:
        """The ``n`` documents with most hits: doc_id, title, publisher, hits (ties by document order)."""
        counts = np.bincount(hits["doc"].to_numpy(), minlength=len(self.corpus))
        docs = np.flatnonzero(counts)
        docs = docs[np.lexsort((self.doc_rank[docs], -counts[docs]))][:n]
        return pd.DataFrame({"doc_id": self.doc_ids.to_numpy()[docs], "title": self.title[docs],
                             "publisher": self.publisher[docs], "hits": counts[docs]})

    def counts_by_month(self, hits: pd.DataFrame) -> pd.Series:
        """Hits per calendar month of the documents' dates (``undated`` for documents without one)."""
        return pd.Series(self.month[hits["doc"].to_numpy()], dtype=object).value_counts().sort_index().rename("hits")

    def token_table(self, columns: list[str]) -> pd.DataFrame:
        """The token table with at least ``columns`` (and doc_id), for a panel that needs every token (the
        keyword network, the topic model): the table given, or those columns read from the store."""
        return self.tokens if self.store is None else self.store.table(columns=columns)

    def document_tokens(self, doc: int) -> pd.DataFrame:
        """The token rows of one document (by corpus row): read from the token store when the index has one;
        a slice of the token table when each document's tokens are one run of rows (as
        :func:`analysis.tokenize` returns them), otherwise a scan."""
        if self.store is not None:
            return self.store.table(doc_ids=[self.doc_ids[doc]])
        if self.postings.grouped:
            first = int(self.postings.first[doc])
            return self.tokens.iloc[first:first + int(self.postings.count[doc])]
        return self.tokens[(self.tokens["doc_id"].astype(str) == self.doc_ids[doc]).to_numpy()]


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def concordance_lines(index: ConcordanceIndex, hits: pd.DataFrame, width: int = 40, sort: str = "document",
                      page: int | None = None, page_size: int = PAGE_SIZE) -> pd.DataFrame:
    """KWIC lines of ``hits``: doc_id, published, publisher, start, end, left, match, right.

    ``width`` characters either side (line breaks shown as spaces). ``sort``: ``document`` (date, doc_id,
    offset), ``left`` (by the context nearest the match, read right to left: AntConc's L1, L2 ...) or
    ``right`` (R1, R2 ...); ties by document order. ``page`` (0-based) returns only that page of
    ``page_size`` lines; in document order only that page's contexts are cut from the texts.

    Examples
    --------
    >>> lines = concordance_lines(index, index.search("데이터"), sort="right", page=0)   # doctest: +SKIP
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    rows = hits.reset_index(drop=True)
    if sort == "document" and page is not None:
        rows = rows.iloc[page * page_size:(page + 1) * page_size]
    held = index.texts_at(rows["doc"])  # only the documents of the lines cut
    triples = zip(rows["doc"], rows["start"], rows["end"], strict=True)
    cut = [(held[d][max(0, s - width):s], held[d][s:e], held[d][e:e + width]) for d, s, e in triples]
    left, match, right = (list(column) for column in zip(*cut, strict=True)) if cut else ([], [], [])
    lines = rows.assign(left=[_one_line(x) for x in left], match=match, right=[_one_line(x) for x in right])
    if sort != "document":
        key = lines["left"].str[::-1] if sort == "left" else lines["right"]
        lines = lines.assign(_key=key.str.strip()).sort_values("_key", kind="stable").drop(columns="_key")
        if page is not None:
            lines = lines.iloc[page * page_size:(page + 1) * page_size]
    docs = lines["doc"].to_numpy()
    lines = lines.assign(published=index.published_text[docs],
                         publisher=index.publisher[docs])
    return lines[["doc", "doc_id", "published", "publisher", "start", "end", "left", "match", "right"]]
