"""Topic models over documents: LDA on tomotopy, k chosen by a named measure, topics by group and over time,
and topics seeded by the researcher's codebook.

What is modelled
----------------
*Terms.* The canonical content terms of the token table (the lexicon's aliases applied, its stopwords
already empty), a term kept when it occurs in at least ``min_df`` units, and the ``top_share`` most frequent
terms of the vocabulary (by unit frequency) removed, as tomotopy's ``rm_top`` does.

*Units.* A document is one unit; a document with more than ``piece_terms`` content terms (100; fewer, down to
30, on a corpus too small for 40 such pieces: :func:`piece_size`) is cut into pieces of whole paragraphs
(lines) of about that many terms, and its topic shares are the pieces' shares summed
back, weighted by their terms (:func:`document_shares`). Units with no content term left are listed in
``TopicModel.empty_documents``, never dropped silently.

*Model.* Latent Dirichlet allocation (Blei, Ng and Jordan 2003), collapsed Gibbs sampling in tomotopy 0.14.0
(``LDAModel``, alpha = 0.1, eta = 0.01, ``workers=1``: tomotopy repeats a fit only with one worker, tomotopy
#63), so a k grid runs in parallel processes, one worker each, and the results do not depend on how many.

*k.* A grid from 2 to ``min(30, sqrt(units / 2))`` (at most eight values), each k fitted on 90 % of the units
and scored by two criteria: topic coherence (:func:`npmi_coherence`, NPMI over the documents, below) and the
held-out log-likelihood per word of the other 10 % (tomotopy's ``infer``). The chosen k has the best sum of
its two ranks; ties go to the higher coherence, then the smaller k (:func:`choose_k`).

*Coherence.* Normalised pointwise mutual information (Bouma 2009) of every pair of a topic's ten top terms,
the probabilities estimated from boolean document co-occurrence (Röder, Both and Hinneburg 2015, P_bd),
exactly as gensim's ``direct_confirmation_measure`` computes it (epsilon 1e-12 in the numerator; its tests'
values are this module's tests). We compute it ourselves and never mix it with tomotopy's ``Coherence``
(which uses log(1e-12) for a pair that never co-occurs, and a sliding window for c_npmi); ``c_v`` is not used:
it depends on the reference corpus's size (tomotopy #126) and ran out of time on 40,000 documents (#191).

*Labels.* Top terms by relevance (Sievert and Shirley 2014), lambda = 0.6 for labels (:func:`relevance`).

*Reproducibility.* Same units, seed and SIMD build give identical results. tomotopy chooses a SIMD build at
import (``tp.isa``); this module sets ``TOMOTOPY_ISA=avx2,sse2`` before importing it (unless set already),
so a machine with AVX-512 computes as one with AVX2 (measured identical), and the build used is recorded in
``TopicModel.isa`` and the findings. Shares are rounded to six decimals.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.importers.cache import atomic_write
from analysis.paths import cache_dir
from analysis.token_store import TokenStore

EPSILON = 1e-12  # gensim's direct_confirmation_measure.EPSILON
LABEL_LAMBDA = 0.6  # relevance weight for labels (Sievert and Shirley 2014 found 0.6 best for readers)
TOP_TERMS = 10  # terms per topic scored for coherence and compared for stability
ALPHA, ETA = 0.1, 0.01  # tomotopy's defaults, stated
ISA_PREFERENCE = "avx2,sse2"  # avx512 and avx2 gave identical results here; sse2 differs in the 7th decimal
MIN_UNITS = 20  # fewer units than this: no topic model (two topics need ten units each at least)
MIN_VOCABULARY = 20  # fewer distinct terms than this: no topic model
MAX_K = 30
GRID_POINTS = 8
HELD_OUT = 0.1
MAX_SEARCH_UNITS = 5000  # the k search (and the stability refits) run on a fixed sample of this many units
# the final (and the seeded) model is fitted on a fixed sample of this many units when there are more, and every
# unit's shares inferred from it, so the fit's memory stops growing with the corpus: a fit process holds about
# 3.5 KB per unit (73-107 MB for EPIC's 24,681 units, 340 MB for four times EPIC's 98,724: benchmarks/README.md),
# so a fit stays near 100-140 MB. EPIC (kdi-epic) is fitted whole, a fifth below the cap; four times it is sampled.
MAX_FIT_UNITS = 30_000
INFER_ITERATIONS = 100  # Gibbs sweeps per unit when shares are inferred (tomotopy's default)
INFER_BATCH = 2000  # units inferred at once: the term lists of one batch are in memory, not the corpus's
STABLE_SHARE = 0.5  # a topic keeping less than this share of its top terms across seeds is marked unstable
STABILITY_SEEDS = 4  # refits beside the reference fit: five seeds in all
ALPHA_TREND = 0.05  # Bonferroni-corrected significance of a topic's trend over time
N_BOOT = 1000
REVISION = "4"  # bump when a change alters results, so cached models are refitted


def _tomotopy():
    """tomotopy, imported with the SIMD build this module pins (``TOMOTOPY_ISA``, set unless already set)."""
    os.environ.setdefault("TOMOTOPY_ISA", ISA_PREFERENCE)
    import tomotopy

    return tomotopy


# --------------------------------------------------------------------------------------------------
# measures with published values


def direct_confirmation(w1_docs: set, w2_docs: set, n_docs: int) -> dict:
    """gensim's direct confirmation measures of the pair (w1, w2) from the documents each occurs in.

    ``log_conditional`` = log((P(w1, w2) + eps) / P(w2)), ``log_ratio`` = log((P(w1, w2) + eps) / (P(w1) P(w2)))
    (UCI PMI) and ``npmi`` = log_ratio / -log(P(w1, w2) + eps) (Bouma 2009), P estimated as the share of the
    ``n_docs`` documents (Röder et al. 2015, P_bd), eps = 1e-12 (gensim ``direct_confirmation_measure``).

    Examples
    --------
    >>> m = direct_confirmation({2, 3, 4}, {3, 5}, 5)
    >>> round(m["log_conditional"], 9), round(m["log_ratio"], 9), round(m["npmi"], 9)
    (-0.693147181, -0.182321557, -0.113282753)
    """
    joint = len(set(w1_docs) & set(w2_docs)) / n_docs
    p1, p2 = len(w1_docs) / n_docs, len(w2_docs) / n_docs
    log_ratio = math.log((joint + EPSILON) / (p1 * p2))
    return {"log_conditional": math.log((joint + EPSILON) / p2), "log_ratio": log_ratio,
            "npmi": log_ratio / -math.log(joint + EPSILON)}


def npmi_coherence(presence, top_terms: list[list[int]]) -> np.ndarray:
    """Mean NPMI over all pairs of each topic's top terms (one value per topic, in [-1, 1]).

    ``presence`` is a units x terms matrix (scipy sparse or numpy) whose non-zero cells mark a term in a
    unit; ``top_terms`` one list of column indices per topic. Each pair's NPMI is
    :func:`direct_confirmation`'s, computed for all pairs at once.

    Examples
    --------
    >>> presence = np.array([[0, 0], [0, 0], [1, 0], [1, 1], [1, 0], [0, 1]])[1:]  # w1 in 2,3,4; w2 in 3,5
    >>> float(npmi_coherence(presence, [[0, 1]])[0].round(9))
    -0.113282753
    """
    from scipy import sparse

    matrix = sparse.csc_matrix(presence, dtype=np.float64)
    matrix.data[:] = 1.0
    n = matrix.shape[0]
    out = []
    for terms in top_terms:
        columns = matrix[:, list(terms)]
        joint = (columns.T @ columns).toarray() / n
        p = np.diag(joint).copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log((joint + EPSILON) / np.outer(p, p))
            npmi = log_ratio / -np.log(joint + EPSILON)
        upper = np.triu_indices(len(terms), k=1)
        out.append(float(np.mean(npmi[upper])) if len(upper[0]) else float("nan"))
    return np.array(out)


def relevance(phi: np.ndarray, p: np.ndarray, lam: float = LABEL_LAMBDA) -> np.ndarray:
    """Relevance of terms to a topic (Sievert and Shirley 2014): lam * log phi + (1 - lam) * log(phi / p).

    ``phi`` is P(term | topic) (a vector, or topics x terms), ``p`` the term's share of the corpus.

    Examples
    --------
    >>> relevance(np.array([0.6, 0.3, 0.1]), np.array([0.5, 0.3, 0.2]), 0.6).round(6)
    array([-0.233567, -0.722384, -1.65881 ])
    """
    phi, p = np.asarray(phi, dtype=float), np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):  # a term a sampled fit never saw has phi 0: relevance -inf, ranked last
        return lam * np.log(phi) + (1 - lam) * np.log(phi / p)


# --------------------------------------------------------------------------------------------------
# the units a model is fitted on


@dataclass(frozen=True)
class Units:
    """What the model reads, as integer arrays (memory follows the content terms, not Python strings):
    ``codes`` (each unit's terms in order, as indices into ``vocabulary``, all units end to end) and
    ``offsets`` (unit ``i`` is ``codes[offsets[i]:offsets[i + 1]]``), ``doc_ids`` (the document of each
    unit), the ``vocabulary`` kept (sorted), the terms ``removed`` as the most frequent, and the documents
    left without any content term (``empty_documents``)."""

    codes: np.ndarray
    offsets: np.ndarray
    doc_ids: list
    vocabulary: list
    removed: list
    empty_documents: list
    settings: dict

    def __len__(self) -> int:
        return len(self.doc_ids)

    @property
    def sizes(self) -> np.ndarray:
        """The number of terms of each unit."""
        return np.diff(self.offsets)

    @property
    def terms(self) -> list[list[str]]:
        """Each unit's terms as strings (built on demand: a list per unit)."""
        return unit_terms(self.codes, self.offsets, self.vocabulary)


def unit_terms(codes: np.ndarray, offsets: np.ndarray, vocabulary: list) -> list[list[str]]:
    """Units as lists of term strings, from their codes: what tomotopy's ``add_doc`` takes.

    Examples
    --------
    >>> unit_terms(np.array([1, 0, 1]), np.array([0, 2, 3]), ["복지", "예산"])
    [['예산', '복지'], ['예산']]
    """
    words = [vocabulary[i] for i in np.asarray(codes).tolist()]
    bounds = np.asarray(offsets).tolist()
    return [words[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _subset(codes: np.ndarray, offsets: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The units ``chosen`` (indices, in that order) as their own (codes, offsets), copied a run of
    consecutive units at a time (no index array as long as the codes)."""
    chosen = np.asarray(chosen, dtype=np.int64)
    sizes = np.diff(offsets)[chosen]
    new_offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    if not len(chosen):
        return codes[:0], new_offsets
    breaks = np.flatnonzero(np.diff(chosen) != 1) + 1
    firsts, lasts = chosen[np.r_[0, breaks]].tolist(), chosen[np.r_[breaks - 1, len(chosen) - 1]].tolist()
    return np.concatenate([codes[offsets[a]:offsets[b + 1]] for a, b in zip(firsts, lasts, strict=True)]), new_offsets


PIECE_TERMS = 100  # content terms per piece of a long document
MIN_PIECE_TERMS = 30  # the smallest piece: about a paragraph


def piece_size(total_terms: int) -> int:
    """Terms per piece: ``PIECE_TERMS``, smaller on a corpus too small for ``2 * MIN_UNITS`` such pieces (a
    few long documents), but never below ``MIN_PIECE_TERMS``.

    Examples
    --------
    >>> piece_size(1_000_000), piece_size(2000), piece_size(300)
    (100, 50, 30)
    """
    return max(MIN_PIECE_TERMS, min(PIECE_TERMS, total_terms // (2 * MIN_UNITS)))


@dataclass(frozen=True)
class _Stream:
    """The content tokens of a corpus's texts, sorted by text and line (tokens keep their order within a
    line): ``texts`` (ascending text numbers), ``lines``, ``terms`` (indices into ``term_names``); and how
    documents read the texts: ``layout`` (doc_id, text number) in doc_id order (a text shared by several
    documents is read by each), ``documents`` (every doc_id with a token, in the corpus's order)."""

    texts: np.ndarray
    lines: np.ndarray
    terms: np.ndarray
    term_names: list
    layout: list
    documents: list


def model_units(tokens: pd.DataFrame | TokenStore, min_df: int = 2, top_share: float = 0.002,
                piece_terms: int | None = None, documents: list | None = None) -> Units:
    """The units a topic model reads: documents (in doc_id order), long ones cut at paragraph (line) breaks
    into pieces of about ``piece_terms`` content terms (a piece shorter than half that joins the one before);
    by default :func:`piece_size` of the corpus's content terms. Within a unit the terms keep the tokens'
    order.

    ``tokens`` is the token table (doc_id, line_id, term) or the corpus's :class:`TokenStore`, read a file
    at a time (the same units either way; a text shared by several documents is read once and counted for
    each, as :meth:`TokenStore.table` repeats it).

    A term is kept when it occurs in at least ``min_df`` units and is not among the ``top_share`` most
    frequent of the vocabulary by unit frequency (``round(top_share * vocabulary)`` terms, ties by term).
    ``documents`` (default: every doc_id of ``tokens``) names the documents to account for: one without a
    content term left is in ``empty_documents``.

    Everything is computed on integer codes of the texts and terms, so the memory is a few integers per
    content token, not a Python string per token.

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 2 + ["c"], "line_id": 0,
    ...                        "term": ["예산", "복지", "예산", "예산", "복지", ""]})
    >>> u = model_units(tokens, min_df=2, top_share=0.0)
    >>> u.terms, u.doc_ids, u.empty_documents
    ([['예산', '복지', '예산'], ['예산', '복지']], ['a', 'b'], ['c'])
    """
    stream = _store_stream(tokens) if isinstance(tokens, TokenStore) else _table_stream(tokens)
    documents = stream.documents if documents is None else list(documents)
    texts, lines, terms, term_names, layout = stream.texts, stream.lines, stream.terms, stream.term_names, stream.layout
    del stream  # each column let go once used (80 MB each at 10 x kdi-epic)
    n_texts = int(texts[-1]) + 1 if len(texts) else 0
    readers = np.bincount(np.array([t for _, t in layout], dtype=np.int64), minlength=n_texts)[:n_texts]
    if piece_terms is None:
        piece_terms = piece_size(int(readers @ np.bincount(texts, minlength=n_texts)) if n_texts else 0)
    unit = _piece_numbers(texts, lines, piece_terms)
    del lines
    unit_readers = readers[texts[np.searchsorted(unit, np.arange(unit[-1] + 1))]] if len(unit) else readers
    vocabulary, removed, to_vocab = _vocabulary(unit, terms, term_names, unit_readers, min_df, top_share)
    codes = to_vocab[terms] if len(terms) else np.zeros(0, dtype=np.int32)
    del terms
    kept = codes >= 0
    kept_units, sizes = _runs(unit[kept])
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    unit_texts = texts[np.searchsorted(unit, kept_units)]  # ascending: a text's units are consecutive
    codes = codes[kept]
    del unit, texts, kept
    codes, offsets, doc_ids = _read_by_documents(codes, offsets, unit_texts, layout)
    present = set(doc_ids)
    settings = {"min_df": min_df, "top_share": top_share, "piece_terms": piece_terms}
    return Units(codes, offsets, doc_ids, vocabulary, removed, [d for d in documents if d not in present],
                 settings)


def _vocabulary(unit: np.ndarray, terms: np.ndarray, names: list, unit_readers: np.ndarray, min_df: int,
                top_share: float) -> tuple[list, list, np.ndarray]:
    """The vocabulary kept (sorted), the terms removed as the most frequent, and each term's index in the
    vocabulary (-1: not kept). A term's unit frequency counts each unit once per document reading it
    (``unit_readers``)."""
    vocab_size = len(names)
    df = np.zeros(vocab_size, dtype=np.float64)
    for lo, hi in _sorted_slices(unit, SLICE_TOKENS):  # a unit's tokens in one slice: its pairs are distinct there
        pairs = np.unique(unit[lo:hi].astype(np.int64) * vocab_size + terms[lo:hi])
        df += np.bincount(pairs % vocab_size, weights=unit_readers[pairs // vocab_size].astype(np.float64),
                          minlength=vocab_size)
    df = np.rint(df).astype(np.int64)  # sums of whole numbers: exact
    ranked = sorted((i for i in range(vocab_size) if df[i] >= min_df), key=lambda i: (-df[i], names[i]))
    n_removed = round(top_share * len(ranked))
    removed = [names[i] for i in ranked[:n_removed]]
    vocabulary = sorted(names[i] for i in ranked[n_removed:])
    position = {w: i for i, w in enumerate(vocabulary)}
    return vocabulary, removed, np.array([position.get(w, -1) for w in names], dtype=np.int32)


def _read_by_documents(codes: np.ndarray, offsets: np.ndarray, unit_texts: np.ndarray,
                       layout: list) -> tuple[np.ndarray, np.ndarray, list]:
    """The units of each document in ``layout`` order (doc_id, text number), each document reading its text's
    units: (codes, offsets, doc_id of each unit). When every text is read once, in order, nothing is copied."""
    n_texts = int(unit_texts[-1]) + 1 if len(unit_texts) else 0
    starts = np.searchsorted(unit_texts, np.arange(n_texts + 1))
    texts = np.array([t for _, t in layout if t < n_texts], dtype=np.int64)
    names = [d for d, t in layout if t < n_texts]
    counts = starts[texts + 1] - starts[texts]
    doc_ids = np.repeat(np.array(names, dtype=object), counts).tolist()
    chosen = np.repeat(starts[texts] - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(
        counts.sum())
    if np.array_equal(chosen, np.arange(len(offsets) - 1)):
        return codes, offsets, doc_ids
    return (*_subset(codes, offsets, chosen), doc_ids)


def _table_stream(tokens: pd.DataFrame) -> _Stream:
    """The content tokens of a token table (doc_id, line_id or sent_id, term): each document its own text,
    numbered in doc_id order."""
    doc_all, doc_names = _dictionary_codes(tokens["doc_id"])
    term_all, term_names = _dictionary_codes(tokens["term"])
    content = term_all != term_names.index("") if "" in term_names else np.ones(len(term_all), dtype=bool)
    line = tokens["line_id"] if "line_id" in tokens.columns else tokens["sent_id"]
    lines = np.asarray(line)[content].astype(np.int64)
    doc_rank = np.empty(len(doc_names), dtype=np.int64)
    doc_rank[np.array(sorted(range(len(doc_names)), key=doc_names.__getitem__), dtype=np.int64)] = np.arange(
        len(doc_names))
    texts = doc_rank[doc_all[content]]
    order = np.lexsort((lines, texts))  # stable: tokens keep their order within a line
    layout = [(d, i) for i, d in enumerate(sorted(doc_names))]
    return _Stream(texts[order], lines[order], term_all[content][order], term_names, layout, list(doc_names))


def _store_stream(store: TokenStore) -> _Stream:
    """The content tokens of a token store, read a file at a time (columns doc, line_id and term, the term
    as dictionary codes): each (file, doc) entry of the store a text, numbered by file, then doc."""
    import pyarrow.parquet as pq

    from analysis.token_store import DOC_COLUMN

    docs = store.documents[store.documents["count"] > 0]
    entries = docs[["file", "doc"]].drop_duplicates().sort_values(["file", "doc"], kind="stable")
    number = {(f, int(d)): i for i, (f, d) in enumerate(entries.itertuples(index=False))}
    doc_ids = docs["doc_id"].astype(str).tolist()
    layout = sorted(zip(doc_ids, (number[(f, int(d))] for f, d in zip(docs["file"], docs["doc"], strict=True)),
                        strict=True))
    term_index: dict = {}
    parts = ([], [], [])  # texts, lines, terms of each file
    for path, numbers in entries.groupby("file", sort=True)["doc"]:
        table = pq.read_table(path, columns=[DOC_COLUMN, "line_id", "term"], read_dictionary=["term"])
        for column, values in zip(parts, _file_stream(table, numbers.to_numpy(), number[(path, int(numbers.iloc[0]))],
                                                      term_index), strict=True):
            column.append(values)
    joined = []
    for column in parts:  # one column joined at a time, its parts let go before the next
        joined.append(np.concatenate(column) if column else np.zeros(0, dtype=np.int32))
        column.clear()
    return _Stream(*joined, list(term_index), layout, doc_ids)


def _file_stream(table, numbers: np.ndarray, first_text: int, term_index: dict) -> tuple:
    """One store file's content tokens of the entries ``numbers`` (ascending doc numbers, text numbers from
    ``first_text`` on), sorted by doc and line: (texts, lines, terms), the terms coded by ``term_index``
    (term -> code, extended with the file's new terms)."""
    from analysis.token_store import DOC_COLUMN

    doc = table.column(DOC_COLUMN).to_numpy()
    lines = table.column("line_id").to_numpy()
    terms = np.concatenate([_chunk_codes(chunk, term_index) for chunk in table.column("term").chunks] or
                           [np.zeros(0, dtype=np.int32)])
    text_of = np.full(int(doc.max(initial=-1)) + 1, -1, dtype=np.int32)
    text_of[numbers] = np.arange(first_text, first_text + len(numbers), dtype=np.int32)
    texts = text_of[doc]
    keep = np.flatnonzero((texts >= 0) & (terms >= 0))
    order = keep[np.lexsort((lines[keep], doc[keep]))]  # stable: tokens keep their order within a line
    return texts[order], lines[order].astype(np.int32), terms[order]


def _chunk_codes(chunk, term_index: dict) -> np.ndarray:
    """A dictionary-encoded term column chunk as codes of ``term_index`` (-1 for "" and missing terms)."""
    import pyarrow.compute as pc

    lookup = np.array([-1 if not w else term_index.setdefault(w, len(term_index))
                       for w in chunk.dictionary.to_pylist()] + [-1], dtype=np.int32)
    indices = pc.fill_null(chunk.indices, -1).to_numpy(zero_copy_only=False)
    return lookup[indices]


def _dictionary_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """A string column as integer codes and its distinct values, in order of first appearance (Arrow's
    ``dictionary_encode``: no Python string per row; a missing value counts as "").

    Examples
    --------
    >>> _dictionary_codes(pd.Series(["예산", "", "예산", None]))
    (array([0, 1, 0, 1], dtype=int32), ['예산', ''])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values = pa.array(column, from_pandas=True)  # an Arrow-backed column is not copied into Python strings
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects
        values = pa.array(column.astype(str), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    values = pc.fill_null(pc.cast(values, pa.large_string()), "")
    encoded = pc.dictionary_encode(values)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return codes, encoded.dictionary.to_pylist()


def _piece_numbers(docs: np.ndarray, lines: np.ndarray, piece_terms: int) -> np.ndarray:
    """Unit number of each token (tokens sorted by document, then line): consecutive lines of a document
    grouped to about ``piece_terms`` terms; a new piece starts at a line once the current one holds
    ``piece_terms`` and at least half that is left in the document. Worked out a slice of whole documents
    (:data:`SLICE_TOKENS` tokens) at a time: the lines of one slice are Python lists, not the corpus's."""
    parts, unit = [np.zeros(0, dtype=np.int32)], -1
    for lo, hi in _sorted_slices(docs, SLICE_TOKENS):
        part_docs, part_lines = docs[lo:hi], lines[lo:hi]
        starts = np.flatnonzero(np.r_[True, (part_docs[1:] != part_docs[:-1]) | (part_lines[1:] != part_lines[:-1])])
        line_sizes = np.diff(np.r_[starts, hi - lo]).tolist()
        line_docs = part_docs[starts].tolist()
        numbers, previous, total, run = [], None, 0, 0
        doc_totals = {}
        for d, size in zip(line_docs, line_sizes, strict=True):
            doc_totals[d] = doc_totals.get(d, 0) + size
        for d, size in zip(line_docs, line_sizes, strict=True):
            if d != previous:
                unit, previous, total, run = unit + 1, d, doc_totals[d], 0
            elif total > piece_terms and run >= piece_terms and total - run >= piece_terms / 2:
                unit, run = unit + 1, 0
            numbers.append(unit)
            run += size
        parts.append(np.repeat(np.array(numbers, dtype=np.int32), line_sizes))
    return np.concatenate(parts)  # int32: a corpus has fewer than 2**31 units


SLICE_TOKENS = 1 << 21  # tokens worked on at a time where the units are made and their terms counted


def _sorted_slices(keys: np.ndarray, size: int) -> list[tuple[int, int]]:
    """``(start, stop)`` slices of about ``size`` positions of the sorted ``keys`` that never cut a run of equal
    keys (a run longer than ``size`` is one slice).

    >>> _sorted_slices(np.array([0, 0, 1, 1, 1, 2, 3]), 3)
    [(0, 2), (2, 5), (5, 7)]
    """
    slices, start, n = [], 0, len(keys)
    while start < n:
        stop = min(start + size, n)
        if stop < n:
            cut = int(np.searchsorted(keys, keys[stop], "left"))
            stop = cut if cut > start else int(np.searchsorted(keys, keys[start], "right"))
        slices.append((start, stop))
        start = stop
    return slices


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of the sorted ``keys`` and how many times each occurs: ``np.unique(keys,
    return_counts=True)`` without sorting a copy.

    >>> [a.tolist() for a in _runs(np.array([2, 2, 5, 7, 7, 7]))]
    [[2, 5, 7], [2, 1, 3]]
    """
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    return keys[starts], np.diff(np.r_[starts, len(keys)])


def k_grid(n_units: int) -> list[int]:
    """The k values searched: from 2 to ``min(MAX_K, floor(sqrt(n_units / 2)))``, at most ``GRID_POINTS`` of
    them, evenly spaced (an empty list when fewer than 2 topics fit).

    Examples
    --------
    >>> k_grid(30), k_grid(2553)
    ([2, 3], [2, 6, 10, 14, 18, 22, 26, 30])
    """
    top = min(MAX_K, int(math.sqrt(n_units / 2)))
    if top < 2:
        return []
    return sorted({int(round(x)) for x in np.linspace(2, top, min(GRID_POINTS, top - 1))})


def choose_k(scores: pd.DataFrame) -> int:
    """The k with the best sum of ranks of coherence and held-out log-likelihood per word (rank 1 = best of
    each); ties to the higher coherence, then the smaller k.

    Examples
    --------
    >>> scores = pd.DataFrame({"k": [2, 4, 6], "coherence": [0.20, 0.15, 0.10], "held_out_ll": [-7.0, -6.5, -6.6]})
    >>> choose_k(scores)
    4
    """
    ranks = scores["coherence"].rank(ascending=False, method="min") + scores["held_out_ll"].rank(
        ascending=False, method="min")
    order = pd.DataFrame({"rank": ranks, "coherence": -scores["coherence"], "k": scores["k"]})
    return int(order.sort_values(["rank", "coherence", "k"], kind="stable").iloc[0]["k"])


# --------------------------------------------------------------------------------------------------
# fitting (top-level functions: they run in worker processes)


def _fit(units: tuple, k: int, seed: int, iterations: int, priors: dict | None = None):
    """An LDA fit of ``units`` = (codes, offsets, vocabulary), one worker (repeatable)."""
    tp = _tomotopy()
    model = tp.LDAModel(k=k, alpha=ALPHA, eta=ETA, seed=seed)
    for unit in unit_terms(*units):
        model.add_doc(unit)
    for word, prior in (priors or {}).items():
        model.set_word_prior(word, prior)
    model.train(iterations, workers=1, parallel=tp.ParallelScheme.NONE)
    return model


def _phi(model) -> tuple[list, np.ndarray]:
    vocab = list(model.used_vocabs)
    return vocab, np.array([model.get_topic_word_dist(t) for t in range(model.k)])


def _search_task(args: tuple) -> dict:
    """Fit one k on the training units; score coherence on all search units and held-out likelihood."""
    train, held, k, seed, iterations, vocab_index, presence = args
    model = _fit(train, k, seed, iterations)
    vocab, phi = _phi(model)
    held = unit_terms(*held)
    top = [[vocab_index[vocab[i]] for i in np.argsort(-row, kind="stable")[:TOP_TERMS]] for row in phi]
    coherence = npmi_coherence(presence, top)
    docs = [model.make_doc(unit) for unit in held]
    docs = [d for d in docs if len(d.words)]
    _, ll = model.infer(docs, iterations=100, workers=1, parallel=_tomotopy().ParallelScheme.NONE)
    words = sum(len(d.words) for d in docs)
    return {"k": k, "coherence": float(np.mean(coherence)), "held_out_ll": float(np.sum(ll) / max(words, 1)),
            "train_ll": float(model.ll_per_word)}


def _final_task(args: tuple) -> dict:
    """Fit one model on the units given; return phi, the vocabulary and each unit's topic distribution, or,
    with ``keep``, the model itself (its topics only, tomotopy's ``saves(full=False)``) to infer other units."""
    units, k, seed, iterations, priors, *keep = args
    model = _fit(units, k, seed, iterations, priors)
    vocab, phi = _phi(model)
    result = {"seed": seed, "vocab": vocab, "phi": phi, "ll_per_word": float(model.ll_per_word),
              "isa": _tomotopy().isa}
    if keep and keep[0]:
        return result | {"theta": None, "model": model.saves(full=False)}
    return result | {"theta": np.array([d.get_topic_dist() for d in model.docs])}


def _infer_task(args: tuple) -> np.ndarray:
    """Topic shares of the units (codes, offsets, vocabulary) inferred from a saved model: tomotopy's ``infer``,
    each unit on its own (so a unit's shares do not depend on the batch it is in), ``INFER_ITERATIONS`` sweeps,
    one worker. A unit none of whose terms the model saw gets equal shares (the prior's mean)."""
    data, codes, offsets, vocabulary = args
    tp = _tomotopy()
    model = tp.LDAModel.loads(data)
    docs = [model.make_doc(unit) for unit in unit_terms(codes, offsets, vocabulary)]
    shares, _ = model.infer(docs, iterations=INFER_ITERATIONS, workers=1, parallel=tp.ParallelScheme.NONE)
    theta = np.array(shares, dtype=float).reshape(len(docs), model.k)
    theta[[not len(d.words) for d in docs]] = 1 / model.k
    return theta


def _inferred_shares(data: bytes, units: Units, n_jobs: int) -> np.ndarray:
    """Every unit's topic shares inferred from the saved model ``data`` (:func:`_infer_task`), ``INFER_BATCH``
    units per task in ``n_jobs`` processes: the same shares for any batch size or number of processes."""
    bounds = list(range(0, len(units), INFER_BATCH)) + [len(units)]
    offsets = units.offsets
    tasks = [(data, units.codes[offsets[a]:offsets[b]], offsets[a:b + 1] - offsets[a], units.vocabulary)
             for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return np.vstack(_run(_infer_task, tasks, n_jobs))


def _run(function, tasks: list, n_jobs: int) -> list:
    """``function`` over ``tasks`` in ``n_jobs`` processes, in order. Forked where the system can (a script
    without a ``__main__`` guard works; the children use tomotopy only), spawned elsewhere."""
    if n_jobs <= 1 or len(tasks) <= 1:
        return [function(t) for t in tasks]
    context = get_context("fork" if "fork" in get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=min(n_jobs, len(tasks)), mp_context=context) as pool:
        return list(pool.map(function, tasks))


# --------------------------------------------------------------------------------------------------
# the model a researcher holds


@dataclass
class TopicModel:
    """A fitted topic model and what it says (see the module docstring for every choice).

    ``k``; ``k_scores`` (one row per k: coherence, held-out and training log-likelihood per word; empty when
    ``k`` was given); ``chosen_by`` (the rule, in words); ``doc_topics`` (indexed by doc_id, one column per
    topic, rows summing to 1); ``phi`` (topics x vocabulary) and ``term_share`` (p(w)); ``stability`` (per
    topic, the share of its top terms kept across seeds); ``seeded`` (per codebook theme, how its topic moved
    from the seed words); ``units``, ``empty_documents``, ``removed_terms``, ``sampled`` (the units of the k search
    and the stability refits, when a sample), ``fit_sampled`` (the units the final and seeded models were fitted
    on, when a sample: every unit's shares were then inferred, ``INFER_ITERATIONS`` sweeps) and ``isa``.
    """

    k: int | None
    k_scores: pd.DataFrame
    chosen_by: str
    doc_topics: pd.DataFrame
    phi: np.ndarray
    vocabulary: list
    term_share: np.ndarray
    stability: pd.DataFrame
    units: int
    empty_documents: list
    removed_terms: list
    settings: dict
    isa: str = ""
    sampled: int | None = None
    fit_sampled: int | None = None
    reason: str = ""
    seeded: pd.DataFrame | None = None
    seeded_model: dict | None = field(default=None, repr=False)

    @property
    def fitted(self) -> bool:
        """Whether a model was fitted (False: the corpus was too small; ``reason`` says why)."""
        return self.k is not None

    @property
    def topics(self) -> list[str]:
        return list(self.doc_topics.columns)

    def topic_terms(self, n: int = 10, relevance: float = LABEL_LAMBDA) -> pd.DataFrame:
        """The ``n`` top terms of each topic by relevance at lambda = ``relevance`` (1.0: by probability).

        Columns topic, rank, term, phi (P(term | topic)), relevance.
        """
        return _topic_terms(self.phi, self.term_share, self.vocabulary, self.topics, n, relevance)

    def labels(self, n: int = 3) -> dict:
        """Topic -> label: its id and its ``n`` top terms by relevance (lambda 0.6), ``·`` between them,
        with ``(unstable)`` when it did not return across seeds."""
        terms = self.topic_terms(n=n).groupby("topic", sort=False)["term"].agg("·".join)
        unstable = set(self.stability.loc[~self.stability["stable"], "topic"]) if len(self.stability) else set()
        return {t: f"{t} {terms[t]}" + (" (unstable)" if t in unstable else "") for t in self.topics}

    def top_documents(self, corpus: pd.DataFrame, n: int = 3) -> pd.DataFrame:
        """For each topic the ``n`` documents with the highest share: topic, rank, doc_id, title, share."""
        titles = corpus.set_index(corpus["doc_id"].astype(str))["title"] if "title" in corpus else pd.Series()
        rows = []
        for topic in self.topics:
            shares = self.doc_topics[topic]
            ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
            rows += [(topic, r, d, str(titles.get(d, "")), round(float(s), 4)) for r, (d, s) in enumerate(ranked, 1)]
        return pd.DataFrame(rows, columns=["topic", "rank", "doc_id", "title", "share"])

    def prevalence(self, corpus: pd.DataFrame, by: str = "publisher", n_boot: int = N_BOOT, seed: int = 0,
                   max_groups: int = 11) -> pd.DataFrame:
        """Mean topic share by ``by`` (any column of ``corpus``, or ``"period"``: the publication dates on
        the corpus's own resolution, :func:`period_of`), with a 95 % percentile bootstrap interval
        (documents resampled within the group, ``n_boot`` times, fixed ``seed``).

        Beyond ``max_groups`` groups, the largest are kept and the others pooled as "other". Columns: group,
        topic, documents, share, low, high.
        """
        return prevalence(self.doc_topics, corpus, by=by, n_boot=n_boot, seed=seed, max_groups=max_groups)

    def dominant_topic(self) -> pd.Series:
        """Each document's topic with the highest share (ties: the first topic)."""
        return self.doc_topics.idxmax(axis=1)

    def save(self, path: str | Path) -> Path:
        """Write the model's results (not tomotopy's state) to ``path`` atomically; read with :meth:`load`."""
        path = Path(path)
        atomic_write(path, pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return path

    @staticmethod
    def load(path: str | Path) -> TopicModel:
        """A model written by :meth:`save`; a file that is not one raises ``ValueError`` naming it."""
        path = Path(path)
        try:
            with path.open("rb") as handle:
                model = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
            raise ValueError(f"{path}: not a saved topic model ({error})") from None
        if not isinstance(model, TopicModel):
            raise ValueError(f"{path}: not a saved topic model (holds {type(model).__name__})")
        return model


def _topic_terms(phi, term_share, vocabulary, topics, n, lam) -> pd.DataFrame:
    rows = []
    for t, topic in enumerate(topics):
        score = relevance(phi[t], term_share, lam)
        order = sorted(range(len(vocabulary)), key=lambda i: (-score[i], vocabulary[i]))[:n]
        rows += [(topic, r, vocabulary[i], round(float(phi[t, i]), 6), round(float(score[i]), 6))
                 for r, i in enumerate(order, start=1)]
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "phi", "relevance"])


def document_shares(theta: np.ndarray, unit_docs: list, unit_sizes: list, topics: list) -> pd.DataFrame:
    """Document x topic shares from unit x topic shares: each document's units summed, weighted by their
    number of terms, then normalised (rows sum to 1), rounded to six decimals.

    Examples
    --------
    >>> shares = document_shares(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]), ["a", "a", "b"], [3, 1, 2],
    ...                          ["T1", "T2"])
    >>> shares.to_dict("index")
    {'a': {'T1': 0.75, 'T2': 0.25}, 'b': {'T1': 0.5, 'T2': 0.5}}
    """
    weighted = pd.DataFrame(theta * np.asarray(unit_sizes, dtype=float)[:, None], columns=topics)
    summed = weighted.groupby(pd.Index(unit_docs, name="doc_id"), sort=True).sum()
    return summed.div(summed.sum(axis=1), axis=0).round(6)


def _match_topics(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Share of each reference topic's top terms kept by its match in ``other`` (one-to-one matching by the
    number of shared top terms, Hungarian algorithm)."""
    from scipy.optimize import linear_sum_assignment

    top_ref = [set(np.argsort(-row, kind="stable")[:TOP_TERMS]) for row in reference]
    top_other = [set(np.argsort(-row, kind="stable")[:TOP_TERMS]) for row in other]
    overlap = np.array([[len(a & b) for b in top_other] for a in top_ref], dtype=float)
    rows, cols = linear_sum_assignment(-overlap)
    kept = np.zeros(len(reference))
    kept[rows] = overlap[rows, cols] / TOP_TERMS
    return kept


def _aligned(phi: np.ndarray, vocab: list, vocabulary: list) -> np.ndarray:
    """``phi``'s columns in the order of ``vocabulary``; a term the fit never saw (a refit on a sample) gets 0.

    Examples
    --------
    >>> _aligned(np.array([[0.7, 0.3]]), ["b", "a"], ["a", "b", "c"]).tolist()
    [[0.3, 0.7, 0.0]]
    """
    index = {w: i for i, w in enumerate(vocab)}
    padded = np.hstack([phi, np.zeros((phi.shape[0], 1))])
    return padded[:, [index.get(w, len(vocab)) for w in vocabulary]]


def _presence(codes: np.ndarray, offsets: np.ndarray, n_terms: int):
    """Units x vocabulary sparse matrix, 1 where the term occurs in the unit."""
    from scipy import sparse

    rows = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    matrix = sparse.csc_matrix((np.ones(len(codes)), (rows, codes)), shape=(len(offsets) - 1, n_terms))
    matrix.data[:] = 1.0
    return matrix


def _sample(n: int, size: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).permutation(n)[:size])


def _cache_key(units: Units, k, seed, iterations, priors, grid) -> str:
    digest = hashlib.sha256()
    tp = _tomotopy()
    head = {"revision": REVISION, "tomotopy": tp.__version__, "isa": tp.isa, "k": k, "seed": seed,
            "iterations": iterations, "settings": units.settings, "grid": grid,
            "samples": [MAX_SEARCH_UNITS, MAX_FIT_UNITS, INFER_ITERATIONS],
            "priors": sorted((w, list(p)) for w, p in (priors or {}).items())}
    digest.update(json.dumps(head, sort_keys=True, ensure_ascii=False).encode())
    digest.update("\t".join(units.vocabulary).encode() + b"\n" + "\t".join(units.doc_ids).encode() + b"\n")
    digest.update(np.ascontiguousarray(units.codes, dtype="<i4").data)  # not copied: int32 codes already
    digest.update(np.ascontiguousarray(units.offsets, dtype="<i8").data)
    digest.update("\n".join(units.empty_documents).encode())
    return digest.hexdigest()[:24]


def seed_priors(codebook: pd.DataFrame, vocabulary: list, k_free: int, strength: float = 1.0,
                other: float = ETA / 10) -> tuple[dict, list]:
    """Word priors that seed one topic per codebook theme (tomotopy ``set_word_prior``, as seededlda does):
    a theme's term keywords found in the vocabulary get prior ``strength`` in its topic and ``other`` in every
    other topic. Returns (priors, themes seeded in topic order); ``k_free`` unseeded topics follow them.

    Examples
    --------
    >>> book = pd.DataFrame({"theme": ["health", "health", "tax"], "kind": "term", "match": ["병원", "없음", "세금"]})
    >>> priors, themes = seed_priors(book, ["병원", "세금", "학교"], k_free=1)
    >>> themes, priors["병원"]
    (['health', 'tax'], [1.0, 0.001, 0.001])
    """
    known = set(vocabulary)
    terms = codebook[(codebook["kind"] == "term") & codebook["match"].isin(known)]
    themes = [t for t in dict.fromkeys(codebook["theme"]) if t in set(terms["theme"])]
    k = len(themes) + k_free
    priors = {}
    for index, theme in enumerate(themes):
        for word in sorted(set(terms.loc[terms["theme"] == theme, "match"])):
            prior = priors.get(word, [other] * k)
            prior[index] = strength
            priors[word] = prior
    return priors, themes


def _seeded_table(result: dict, themes: list, codebook: pd.DataFrame, vocabulary: list, term_share: np.ndarray,
                  labels: dict | None, n: int = 10) -> pd.DataFrame:
    phi = _aligned(result["phi"], result["vocab"], vocabulary)
    rows = []
    for index, theme in enumerate(themes):
        seeds = set(codebook.loc[(codebook["theme"] == theme) & (codebook["kind"] == "term"), "match"])
        seed_idx = [i for i, w in enumerate(vocabulary) if w in seeds]
        score = relevance(phi[index], term_share, LABEL_LAMBDA)
        order = sorted(range(len(vocabulary)), key=lambda i: (-score[i], vocabulary[i]))[:n]
        top = [vocabulary[i] for i in order]
        picked = [w for w in top if w not in seeds]
        rows.append({"theme": theme, "label": (labels or {}).get(theme, theme), "seed_words": len(seed_idx),
                     "seed_mass": round(float(phi[index, seed_idx].sum()), 4),
                     "seeds_in_top": round(sum(w in seeds for w in top) / n, 2),
                     "top_terms": ", ".join(top), "picked_up": ", ".join(picked)})
    return pd.DataFrame(rows)


def topic_model(tokens: pd.DataFrame | TokenStore, k: int | None = None, seed: int = 0,
                corpus: pd.DataFrame | None = None, codebook: pd.DataFrame | None = None, min_df: int = 2,
                top_share: float = 0.002, piece_terms: int | None = None, iterations: int = 300,
                n_jobs: int | None = None, cache: bool = True, codebook_labels: dict | None = None) -> TopicModel:
    """Fit a topic model (LDA, tomotopy) over the documents of a token table or token store; k chosen unless
    given. Above ``MAX_FIT_UNITS`` units the final (and seeded) model is fitted on a fixed random sample of them
    and every unit's shares are inferred from it; ``fit_sampled`` says so.

    Parameters
    ----------
    tokens : :func:`analysis.tokenize` output (doc_id, line_id, term), or the corpus's
        :func:`analysis.tokens.token_store`, read a file at a time (the same model, without a table of every
        token in memory).
    k : the number of topics; None chooses it on a grid by coherence and held-out likelihood (:func:`choose_k`).
    seed : random seed of every fit (stability refits use ``seed + 1`` ... ``seed + 4``).
    corpus : the documents (for ``empty_documents``, every doc_id of it is accounted for).
    codebook : :func:`analysis.load_codebook`; when given, ``seeded`` reports a model whose first topics are
        seeded by its themes (:func:`seed_priors`), beside ``max(2, k - themes)`` unseeded ones.
    min_df, top_share, piece_terms : the terms and units, :func:`model_units`.
    iterations : Gibbs sweeps per fit. n_jobs : processes for the grid and refits (default: the cores); the
        results do not depend on it. cache : read and write the result in the run's cache
        (``.cache/topics/``), keyed by the units, the settings, tomotopy's version and SIMD build.

    Examples
    --------
    >>> model = topic_model(tokens, seed=0)                      # doctest: +SKIP
    >>> model = topic_model(token_store(corpus), corpus=corpus)  # doctest: +SKIP
    >>> model.k, model.topic_terms(n=10, relevance=0.6)          # doctest: +SKIP
    >>> model.prevalence(corpus, by="publisher")                 # doctest: +SKIP
    """
    documents = list(corpus["doc_id"].astype(str)) if corpus is not None else None
    index = None
    if cache and isinstance(tokens, TokenStore):  # a model fitted before is found without working out the units
        index = cache_dir() / "topics" / "by-store" / (
            _store_key(tokens, documents, k, seed, iterations, min_df, top_share, piece_terms, codebook) + ".txt")
        model = _indexed_model(index)
        if model is not None:
            return model
    units = model_units(tokens, min_df=min_df, top_share=top_share, piece_terms=piece_terms, documents=documents)
    n_jobs = n_jobs or os.cpu_count() or 1
    grid = k_grid(len(units)) if k is None else [k]
    reason = _too_small(units, grid, k)
    if reason:
        empty = pd.DataFrame(index=pd.Index([], name="doc_id"))
        return TopicModel(None, pd.DataFrame(), "", empty, np.zeros((0, 0)), units.vocabulary, np.zeros(0),
                          pd.DataFrame(), len(units), units.empty_documents, units.removed, units.settings,
                          reason=reason)
    priors_key = None
    if codebook is not None:
        priors_key = seed_priors(codebook, units.vocabulary, 0)[0]
    key = _cache_key(units, k, seed, iterations, priors_key, grid)
    path = cache_dir() / "topics" / f"{key}.pkl"
    model = None
    if cache and path.exists():
        try:
            model = TopicModel.load(path)
        except ValueError:
            pass
    if model is None:
        model = _fit_topic_model(units, k, grid, seed, iterations, n_jobs, codebook, codebook_labels)
        if cache:
            model.save(path)
    if index is not None:  # the next read finds it by the store
        atomic_write(index, key.encode())
    return model


def _store_key(store: TokenStore, documents: list | None, k, seed, iterations, min_df, top_share, piece_terms,
               codebook: pd.DataFrame | None) -> str:
    """A digest of what a topic model of a token store depends on, known before its units are worked out:
    each document's id and place in the store (its file and number there: a store file is named by the texts,
    Kiwi, its model and the lexicon it was written with, and never rewritten), the documents accounted for,
    the settings, this module's code, tomotopy's version and build, and the codebook. Its file in
    ``.cache/topics/by-store/`` holds the model's own key (:func:`_cache_key`), so a warm read finds the model
    without working out the units (at ten times kdi-epic that held 0.8 GB for ten seconds)."""
    tp = _tomotopy()
    head = {"revision": REVISION, "tomotopy": tp.__version__, "isa": tp.isa, "k": k, "seed": seed,
            "iterations": iterations, "min_df": min_df, "top_share": top_share, "piece_terms": piece_terms}
    digest = hashlib.sha256(json.dumps(head, sort_keys=True).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(store.places())
    digest.update(b"\0all" if documents is None else b"\0" + "\n".join(documents).encode())
    if codebook is not None:
        digest.update(b"\0" + codebook.to_csv(index=False).encode())
    return digest.hexdigest()[:24]


def _indexed_model(index: Path) -> TopicModel | None:
    """The cached model whose key ``index`` (a :func:`_store_key` file) holds, or None when there is none
    (the file or the model missing or unreadable: the units are then worked out and the model found or fitted
    as without the index)."""
    try:
        key = index.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    path = index.parent.parent / f"{key}.pkl"
    if not key.isalnum() or not path.is_file():
        return None
    try:
        return TopicModel.load(path)
    except ValueError:
        return None


def _too_small(units: Units, grid: list, k: int | None) -> str:
    """Why there is no model (in the reader's language, :mod:`analysis.labels`), or "" when one can be fitted."""
    from analysis.labels import label

    if len(units) < MIN_UNITS:
        return label("topics.reason_few_units", units=f"{len(units):,}", needed=MIN_UNITS)
    if len(units.vocabulary) < MIN_VOCABULARY:
        return label("topics.reason_few_terms", terms=f"{len(units.vocabulary):,}", min_df=units.settings["min_df"],
                     needed=MIN_VOCABULARY)
    if not grid or (k is not None and k < 2):
        return label("topics.reason_few_for_two", units=f"{len(units):,}")
    return ""


def _fit_topic_model(units: Units, k, grid, seed, iterations, n_jobs, codebook, codebook_labels) -> TopicModel:
    """The k search on a sample of at most ``MAX_SEARCH_UNITS`` units (when k is not given), the final model on
    all units or a sample of ``MAX_FIT_UNITS`` (:func:`_fitted_units`), the stability refits, and the seeded
    model when a codebook is given."""
    n = len(units)
    vocabulary = units.vocabulary
    sample = _sample(n, MAX_SEARCH_UNITS, seed) if n > MAX_SEARCH_UNITS else np.arange(n)
    search = _subset(units.codes, units.offsets, sample)
    fitted_on, fit_sample = _fitted_units(units, seed)
    capped = fit_sample is not None
    k_scores, chosen_by = pd.DataFrame(), f"k = {k}, given"
    if k is None:
        k_scores, k, chosen_by = _search_k(search, vocabulary, grid, seed, iterations, n_jobs)
    topics = [f"T{t + 1}" for t in range(k)]
    tasks = [(fitted_on, k, seed, iterations, None, capped)]
    tasks += [((*search, vocabulary), k, seed + s, iterations, None) for s in range(1, STABILITY_SEEDS + 1)]
    results = _run(_final_task, tasks, n_jobs)
    final = results[0]
    phi = _aligned(final["phi"], final["vocab"], vocabulary)
    counts = np.bincount(units.codes, minlength=len(vocabulary)).astype(float)
    term_share = counts / counts.sum()
    sizes = units.sizes.tolist()
    doc_topics = document_shares(_unit_shares(final, units, n_jobs), units.doc_ids, sizes, topics)
    kept = np.mean([_match_topics(phi, _aligned(r["phi"], r["vocab"], vocabulary)) for r in results[1:]],
                   axis=0)
    stability = pd.DataFrame({"topic": topics, "kept": np.round(kept, 2)})
    stability["stable"] = stability["kept"] >= STABLE_SHARE
    model = TopicModel(k, k_scores, chosen_by, doc_topics, np.round(phi, 9), vocabulary, term_share,
                       stability, n, units.empty_documents, units.removed, units.settings, isa=final["isa"],
                       sampled=len(sample) if len(sample) < n else None,
                       fit_sampled=len(fit_sample) if capped else None)
    if codebook is not None:
        _add_seeded(model, units, fitted_on, seed, iterations, n_jobs, codebook, codebook_labels)
    return model


def _add_seeded(model: TopicModel, units: Units, fitted_on: tuple, seed: int, iterations: int, n_jobs: int,
                codebook: pd.DataFrame, codebook_labels: dict | None) -> None:
    """Fit the model seeded by the codebook's themes (:func:`seed_priors`, beside ``max(2, k - themes)`` free
    topics) on the units the final model read, and set ``model.seeded`` and ``model.seeded_model``."""
    priors, themes = seed_priors(codebook, units.vocabulary, 0)
    if not themes:
        return
    k_free = max(2, model.k - len(themes))
    priors = {w: p + [ETA / 10] * k_free for w, p in priors.items()}
    capped = model.fit_sampled is not None
    seeded = _run(_final_task, [(fitted_on, len(themes) + k_free, seed, iterations, priors, capped)], 1)[0]
    model.seeded = _seeded_table(seeded, themes, codebook, units.vocabulary, model.term_share, codebook_labels)
    topics = themes + [f"free {i + 1}" for i in range(k_free)]
    shares = document_shares(_unit_shares(seeded, units, n_jobs), units.doc_ids, units.sizes.tolist(), topics)
    model.seeded_model = {"themes": themes, "k_free": k_free, "doc_topics": shares}


def _fitted_units(units: Units, seed: int) -> tuple[tuple, np.ndarray | None]:
    """The units the final and seeded models are fitted on, (codes, offsets, vocabulary): all of them, or above
    ``MAX_FIT_UNITS`` a fixed random sample of that many (:func:`_sample`, the same ``seed``: it holds the k
    search's sample), returned as the second value (None when all are fitted)."""
    if len(units) <= MAX_FIT_UNITS:
        return (units.codes, units.offsets, units.vocabulary), None
    chosen = _sample(len(units), MAX_FIT_UNITS, seed)
    return (*_subset(units.codes, units.offsets, chosen), units.vocabulary), chosen


def _unit_shares(result: dict, units: Units, n_jobs: int) -> np.ndarray:
    """Every unit's topic shares: those of the fit when it read every unit, else inferred from its model."""
    if result["theta"] is not None:
        return result["theta"]
    return _inferred_shares(result["model"], units, n_jobs)


def _search_k(search: tuple, vocabulary: list, grid: list, seed: int, iterations: int,
              n_jobs: int) -> tuple[pd.DataFrame, int, str]:
    """Score every k of ``grid`` on the search units (codes, offsets), 90 % fitted and 10 % held out; return
    the scores, the k chosen (:func:`choose_k`) and the rule in words."""
    n = len(search[1]) - 1
    presence = _presence(*search, len(vocabulary))
    held = np.zeros(n, dtype=bool)
    held[_sample(n, max(1, round(HELD_OUT * n)), seed)] = True
    train = (*_subset(*search, np.flatnonzero(~held)), vocabulary)
    held_units = (*_subset(*search, np.flatnonzero(held)), vocabulary)
    vocab_index = {w: i for i, w in enumerate(vocabulary)}
    tasks = [(train, held_units, kk, seed, iterations, vocab_index, presence) for kk in grid]
    k_scores = pd.DataFrame(_run(_search_task, tasks, n_jobs)).round(6)
    k = choose_k(k_scores)
    chosen_by = (f"k = {k}: the best sum of ranks of NPMI coherence and held-out log-likelihood per word over "
                 f"k = {', '.join(map(str, grid))} (ties: higher coherence, then smaller k)")
    return k_scores, k, chosen_by


# --------------------------------------------------------------------------------------------------
# topics by group and over time


def period_of(published: pd.Series) -> tuple[pd.Series, str]:
    """Each date's period on the corpus's own resolution, and the resolution's name: the plausible span
    (:func:`analysis.timeline.plausible_span`) cut at :func:`analysis.timeline.time_resolution` (day, week,
    month, quarter or year), the rule every time axis of the collection follows. Dates outside the span (an
    outlying tail) and missing dates get NaN; an undated corpus gets resolution ``"none"``.

    Examples
    --------
    >>> periods, resolution = period_of(pd.Series(pd.date_range("2020-01-01", periods=40, freq="20D")))
    >>> resolution, periods.iloc[0], periods.iloc[-1]
    ('year', '2020', '2022')
    """
    from analysis.timeline import RESOLUTIONS, plausible_span, time_resolution

    dates = pd.to_datetime(published, errors="coerce")
    span = plausible_span(dates)
    if not span.dated:
        return pd.Series(np.nan, index=published.index, dtype=object), "none"
    resolution = time_resolution(dates, span)
    inside = span.contains(dates).to_numpy(dtype=bool) & dates.notna().to_numpy()
    periods = pd.Series(np.nan, index=published.index, dtype=object)
    periods[inside] = dates[inside].dt.to_period(RESOLUTIONS[resolution]).astype(str).to_numpy()
    return periods, resolution


def prevalence(doc_topics: pd.DataFrame, corpus: pd.DataFrame, by: str = "publisher", n_boot: int = N_BOOT,
               seed: int = 0, max_groups: int = 11) -> pd.DataFrame:
    """Mean topic share per group with a 95 % percentile bootstrap interval (see :meth:`TopicModel.prevalence`).

    Examples
    --------
    >>> index = pd.Index(["a", "b", "c"], name="doc_id")
    >>> shares = pd.DataFrame({"T1": [0.9, 0.7, 0.1], "T2": [0.1, 0.3, 0.9]}, index=index)
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "publisher": ["A", "A", "B"]})
    >>> prevalence(shares, corpus, n_boot=200)[["group", "topic", "documents", "share"]]
      group topic  documents  share
    0     A    T1          2    0.8
    1     A    T2          2    0.2
    2     B    T1          1    0.1
    3     B    T2          1    0.9
    """
    meta = corpus.assign(doc_id=corpus["doc_id"].astype(str)).set_index("doc_id")
    if by == "period":
        groups, _ = period_of(meta["published"])
    elif by in meta.columns:
        groups = meta[by]
    else:
        raise ValueError(f"prevalence: no column {by!r} in the corpus (it has {', '.join(map(str, meta.columns))})")
    groups = groups.reindex(doc_topics.index).astype(object).where(lambda g: g.notna() & (g != ""))
    if by != "period":
        sizes = groups.value_counts()
        if len(sizes) > max_groups:
            top = sorted(sizes.items(), key=lambda kv: (-kv[1], str(kv[0])))[:max_groups]
            groups = groups.where(groups.isin([g for g, _ in top]) | groups.isna(), "other")
    rng = np.random.default_rng(seed)
    rows = []
    for group, members in doc_topics.groupby(groups, sort=True):
        values = members.to_numpy(dtype=float)
        means = values.mean(axis=0)
        low, high = np.percentile(_bootstrap_means(values, n_boot, rng), [2.5, 97.5], axis=0)
        rows += [(group, t, len(values), round(float(m), 4), round(float(lo), 4), round(float(hi), 4))
                 for t, m, lo, hi in zip(doc_topics.columns, means, low, high, strict=True)]
    table = pd.DataFrame(rows, columns=["group", "topic", "documents", "share", "low", "high"])
    return table.sort_values("group", key=lambda g: g == "other", kind="stable", ignore_index=True)


def _bootstrap_means(values: np.ndarray, n_boot: int, rng: np.random.Generator, chunk: int = 0) -> np.ndarray:
    """The column means of ``n_boot`` resamples (with replacement) of the rows of ``values``: n_boot x columns.

    The resamples are drawn and averaged a block at a time, about 16 MB of indices and 64 MB of resampled
    rows at once, so memory does not grow with n_boot x rows x columns (a group of 20,000 documents and
    30 topics would need 4.8 GB at once); the numbers are those of drawing all at once.
    """
    n, columns = values.shape
    chunk = chunk or max(1, min(n_boot, (8 * 2**20) // max(1, n * columns), (2 * 2**20) // max(1, n)))
    parts = [values[rng.integers(0, n, size=(min(chunk, n_boot - start), n))].mean(axis=1)
             for start in range(0, n_boot, chunk)]
    return np.concatenate(parts) if parts else np.zeros((0, columns))


def topic_trends(doc_topics: pd.DataFrame, corpus: pd.DataFrame, alpha: float = ALPHA_TREND) -> pd.DataFrame:
    """Which topics rise or fall: OLS slope of each document's topic share on its publication date (in
    years; scipy ``linregress``), two-sided p Bonferroni-corrected over the topics; ``direction`` is
    ``rises``/``falls`` when the corrected p is below ``alpha``, else ``flat``. Dates outside the plausible
    span are left out; with fewer than two distinct dates the table is empty."""
    from scipy.stats import linregress

    meta = corpus.assign(doc_id=corpus["doc_id"].astype(str)).set_index("doc_id")
    periods, _ = period_of(meta["published"])
    dates = pd.to_datetime(meta["published"], errors="coerce").where(periods.notna()).reindex(doc_topics.index)
    dated = dates.notna().to_numpy()
    if dates[dated].nunique() < 2:
        return pd.DataFrame(columns=["topic", "slope_per_year", "p_adjusted", "direction"])
    years = (dates[dated] - dates[dated].min()).dt.days.to_numpy() / 365.25
    rows = []
    for topic in doc_topics.columns:
        fit = linregress(years, doc_topics.loc[dated, topic].to_numpy(dtype=float))
        p = min(1.0, float(fit.pvalue) * len(doc_topics.columns))
        direction = ("rises" if fit.slope > 0 else "falls") if p < alpha else "flat"
        rows.append((topic, round(float(fit.slope), 5), p, direction))
    return pd.DataFrame(rows, columns=["topic", "slope_per_year", "p_adjusted", "direction"])


def dominant_topic_nmi(model: TopicModel, labels: pd.Series) -> float:
    """Normalised mutual information (arithmetic mean normalisation, scikit-learn) between each document's
    dominant topic and a known label (``labels`` indexed by doc_id; documents without a label left out)."""
    from sklearn.metrics import normalized_mutual_info_score

    labels = labels.copy()
    labels.index = labels.index.astype(str)
    dominant = model.dominant_topic()
    both = pd.concat([dominant.rename("topic"), labels.rename("label")], axis=1, join="inner").dropna()
    both = both[both["label"].astype(str) != ""]
    return float(normalized_mutual_info_score(both["label"].astype(str), both["topic"]))


def topic_theme_alignment(model: TopicModel, scores: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """Pearson correlation, over documents, of each topic's share with each codebook theme's share
    (:func:`analysis.theme_scores` at document level): topics as rows, themes as columns."""
    shares = scores.pivot_table(index="doc_id", columns="theme", values="share", aggfunc="sum")
    shares.index = shares.index.astype(str)
    both = model.doc_topics.join(shares, how="inner")
    table = both.corr().loc[model.topics, list(shares.columns)].round(2)
    return table.rename(columns=labels or {})
