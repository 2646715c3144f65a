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
STABLE_SHARE = 0.5  # a topic keeping less than this share of its top terms across seeds is marked unstable
STABILITY_SEEDS = 4  # refits beside the reference fit: five seeds in all
ALPHA_TREND = 0.05  # Bonferroni-corrected significance of a topic's trend over time
N_BOOT = 1000
REVISION = "3"  # bump when a change alters results, so cached models are refitted


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
    """The units ``chosen`` (indices, in that order) as their own (codes, offsets)."""
    sizes = np.diff(offsets)[chosen]
    new_offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    if not len(chosen):
        return codes[:0], new_offsets
    positions = np.repeat(offsets[:-1][chosen] - new_offsets[:-1], sizes) + np.arange(new_offsets[-1])
    return codes[positions], new_offsets


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


def model_units(tokens: pd.DataFrame, min_df: int = 2, top_share: float = 0.002, piece_terms: int | None = None,
                documents: list | None = None) -> Units:
    """The units a topic model reads: documents (in doc_id order), long ones cut at paragraph (line) breaks
    into pieces of about ``piece_terms`` content terms (a piece shorter than half that joins the one before);
    by default :func:`piece_size` of the corpus's content terms. Within a unit the terms keep the tokens'
    order.

    A term is kept when it occurs in at least ``min_df`` units and is not among the ``top_share`` most
    frequent of the vocabulary by unit frequency (``round(top_share * vocabulary)`` terms, ties by term).
    ``documents`` (default: every doc_id of ``tokens``) names the documents to account for: one without a
    content term left is in ``empty_documents``.

    Everything is computed on integer codes of the documents and terms (one pass over the token columns), so
    the memory is a few integers per token, not a Python string per token.

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 2 + ["c"], "line_id": 0,
    ...                        "term": ["예산", "복지", "예산", "예산", "복지", ""]})
    >>> u = model_units(tokens, min_df=2, top_share=0.0)
    >>> u.terms, u.doc_ids, u.empty_documents
    ([['예산', '복지', '예산'], ['예산', '복지']], ['a', 'b'], ['c'])
    """
    doc_all, doc_names = _dictionary_codes(tokens["doc_id"])
    term_all, term_names = _dictionary_codes(tokens["term"])
    documents = list(doc_names) if documents is None else list(documents)
    content = term_all != term_names.index("") if "" in term_names else np.ones(len(term_all), dtype=bool)
    doc_codes, term_codes = doc_all[content], term_all[content]
    line = tokens["line_id"] if "line_id" in tokens.columns else tokens["sent_id"]
    lines = np.asarray(line)[content].astype(np.int64)
    piece_terms = piece_size(len(term_codes)) if piece_terms is None else piece_terms
    doc_rank = np.empty(len(doc_names), dtype=np.int64)
    doc_rank[np.array(sorted(range(len(doc_names)), key=doc_names.__getitem__), dtype=np.int64)] = np.arange(
        len(doc_names))
    order = np.lexsort((lines, doc_rank[doc_codes]))  # stable: tokens keep their order within a line
    doc_sorted, line_sorted, term_sorted = doc_rank[doc_codes][order], lines[order], term_codes[order]
    unit = _piece_numbers(doc_sorted, line_sorted, piece_terms)
    vocab_size = len(term_names)
    pairs = np.unique(unit * vocab_size + term_sorted) if len(unit) else np.zeros(0, dtype=np.int64)
    df = np.bincount(pairs % vocab_size, minlength=vocab_size) if len(pairs) else np.zeros(vocab_size, int)
    names = term_names
    ranked = sorted((i for i in range(vocab_size) if df[i] >= min_df), key=lambda i: (-df[i], names[i]))
    n_removed = round(top_share * len(ranked))
    removed = [names[i] for i in ranked[:n_removed]]
    vocabulary = sorted(names[i] for i in ranked[n_removed:])
    position = {w: i for i, w in enumerate(vocabulary)}
    to_vocab = np.array([position.get(w, -1) for w in names], dtype=np.int64)
    codes = to_vocab[term_sorted] if len(term_sorted) else np.zeros(0, dtype=np.int64)
    kept = codes >= 0
    kept_units, sizes = np.unique(unit[kept], return_counts=True)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    first = np.searchsorted(unit, kept_units)  # every unit's first token (units are contiguous, ascending)
    by_rank = sorted(doc_names)
    doc_ids = [by_rank[r] for r in doc_sorted[first].tolist()]
    present = set(doc_ids)
    settings = {"min_df": min_df, "top_share": top_share, "piece_terms": piece_terms}
    return Units(codes[kept].astype(np.int32), offsets, doc_ids, vocabulary, removed,
                 [d for d in documents if d not in present], settings)


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
    ``piece_terms`` and at least half that is left in the document."""
    if not len(docs):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, (docs[1:] != docs[:-1]) | (lines[1:] != lines[:-1])])
    line_sizes = np.diff(np.r_[starts, len(docs)]).tolist()
    line_docs = docs[starts].tolist()
    numbers, unit, previous, total, run = [], -1, None, 0, 0
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
    return np.repeat(np.array(numbers, dtype=np.int64), line_sizes)


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
    """Fit one model on all units; return phi, the vocabulary and each unit's topic distribution."""
    units, k, seed, iterations, priors = args
    model = _fit(units, k, seed, iterations, priors)
    vocab, phi = _phi(model)
    theta = np.array([d.get_topic_dist() for d in model.docs])
    return {"seed": seed, "vocab": vocab, "phi": phi, "theta": theta, "ll_per_word": float(model.ll_per_word),
            "isa": _tomotopy().isa}


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
    from the seed words); ``units``, ``empty_documents``, ``removed_terms``, ``sampled`` and ``isa``.
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
            "priors": sorted((w, list(p)) for w, p in (priors or {}).items())}
    digest.update(json.dumps(head, sort_keys=True, ensure_ascii=False).encode())
    digest.update("\t".join(units.vocabulary).encode() + b"\n" + "\t".join(units.doc_ids).encode() + b"\n")
    digest.update(units.codes.astype("<i4").tobytes() + units.offsets.astype("<i8").tobytes())
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


def topic_model(tokens: pd.DataFrame, k: int | None = None, seed: int = 0, corpus: pd.DataFrame | None = None,
                codebook: pd.DataFrame | None = None, min_df: int = 2, top_share: float = 0.002,
                piece_terms: int | None = None, iterations: int = 300, n_jobs: int | None = None,
                cache: bool = True, codebook_labels: dict | None = None) -> TopicModel:
    """Fit a topic model (LDA, tomotopy) over the documents of a token table; k chosen unless given.

    Parameters
    ----------
    tokens : :func:`analysis.tokenize` output (doc_id, line_id, term).
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
    >>> model.k, model.topic_terms(n=10, relevance=0.6)          # doctest: +SKIP
    >>> model.prevalence(corpus, by="publisher")                 # doctest: +SKIP
    """
    documents = list(corpus["doc_id"].astype(str)) if corpus is not None else None
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
    if cache and path.exists():
        try:
            return TopicModel.load(path)
        except ValueError:
            pass
    model = _fit_topic_model(units, k, grid, seed, iterations, n_jobs, codebook, codebook_labels)
    if cache:
        model.save(path)
    return model


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
    n = len(units)
    vocabulary = units.vocabulary
    everything = (units.codes, units.offsets, vocabulary)
    sample = _sample(n, MAX_SEARCH_UNITS, seed) if n > MAX_SEARCH_UNITS else np.arange(n)
    search = _subset(units.codes, units.offsets, sample)
    k_scores, chosen_by = pd.DataFrame(), f"k = {k}, given"
    if k is None:
        presence = _presence(*search, len(vocabulary))
        held = np.zeros(len(sample), dtype=bool)
        held[_sample(len(sample), max(1, round(HELD_OUT * len(sample))), seed)] = True
        train = (*_subset(*search, np.flatnonzero(~held)), vocabulary)
        held_units = (*_subset(*search, np.flatnonzero(held)), vocabulary)
        vocab_index = {w: i for i, w in enumerate(vocabulary)}
        tasks = [(train, held_units, kk, seed, iterations, vocab_index, presence) for kk in grid]
        k_scores = pd.DataFrame(_run(_search_task, tasks, n_jobs)).round(6)
        k = choose_k(k_scores)
        chosen_by = (f"k = {k}: the best sum of ranks of NPMI coherence and held-out log-likelihood per word over "
                     f"k = {', '.join(map(str, grid))} (ties: higher coherence, then smaller k)")
    topics = [f"T{t + 1}" for t in range(k)]
    tasks = [(everything, k, seed, iterations, None)]
    tasks += [((*search, vocabulary), k, seed + s, iterations, None) for s in range(1, STABILITY_SEEDS + 1)]
    results = _run(_final_task, tasks, n_jobs)
    final = results[0]
    phi = _aligned(final["phi"], final["vocab"], vocabulary)
    counts = np.bincount(units.codes, minlength=len(vocabulary)).astype(float)
    term_share = counts / counts.sum()
    sizes = units.sizes.tolist()
    doc_topics = document_shares(final["theta"], units.doc_ids, sizes, topics)
    kept = np.mean([_match_topics(phi, _aligned(r["phi"], r["vocab"], vocabulary)) for r in results[1:]],
                   axis=0)
    stability = pd.DataFrame({"topic": topics, "kept": np.round(kept, 2)})
    stability["stable"] = stability["kept"] >= STABLE_SHARE
    model = TopicModel(k, k_scores, chosen_by, doc_topics, np.round(phi, 9), vocabulary, term_share,
                       stability, n, units.empty_documents, units.removed, units.settings, isa=final["isa"],
                       sampled=len(sample) if len(sample) < n else None)
    if codebook is not None:
        priors, themes = seed_priors(codebook, vocabulary, 0)
        if themes:
            k_free = max(2, k - len(themes))
            priors = {w: p + [ETA / 10] * k_free for w, p in priors.items()}
            seeded = _run(_final_task, [(everything, len(themes) + k_free, seed, iterations, priors)], 1)[0]
            model.seeded = _seeded_table(seeded, themes, codebook, vocabulary, term_share, codebook_labels)
            model.seeded_model = {"themes": themes, "k_free": k_free,
                                  "doc_topics": document_shares(seeded["theta"], units.doc_ids, sizes,
                                                                themes + [f"free {i + 1}" for i in range(k_free)])}
    return model


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
