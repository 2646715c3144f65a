"""Which words a document rests on: term frequencies, TF-IDF, keyness, KWIC concordance, new words.

All functions take the token table of :func:`analysis.tokenize` (or a corpus, where they need the text)
and know nothing of particular documents.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.corpus import text_batches
from analysis.corpus import texts as texts_of
from analysis.lexicon import Lexicon, canonical_query, load_lexicon
from analysis.memory import return_freed_memory, shared_text
from analysis.token_store import TokenStore
from analysis.tokens import get_kiwi, return_kiwi_memory, sentences, tokenize


def term_counts(tokens: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Occurrences of each content term per group: a wide table, groups as rows, terms as columns.

    Columns are sorted by corpus frequency (then alphabetically), so the table reads from the top terms.
    """
    terms = tokens.loc[tokens["term"] != "", [by, "term"]]
    table = pd.crosstab(terms[by], terms["term"])
    order = sorted(table.columns, key=lambda t: (-table[t].sum(), t))
    return table[order]


# a term in more than this share of the documents is trimmed from the network views. gensim's default ceiling
# (filter_extremes no_above=0.5) trims nothing on a corpus of short documents: in the 23,995 KDI EPIC summaries
# the widest term, 지원, is in 37% of them; at one document in five the eleven terms of 20-37% go
MAX_DOCFREQ = 0.2
TRIM_FROM_DOCUMENTS = 50  # ... on a corpus of at least this many documents (on fewer, a share says little)


def docfreq_trim(tokens: pd.DataFrame | TokenStore, max_docfreq: float = MAX_DOCFREQ,
                 min_documents: int = TRIM_FROM_DOCUMENTS, n_documents: int | None = None) -> pd.DataFrame:
    """The terms above a document-frequency ceiling: those found in more than ``max_docfreq`` of the
    documents, the words of nearly every document that would otherwise be the hubs of every view.

    The rule is quanteda's ``dfm_trim(x, max_docfreq = max_docfreq, docfreq_type = "prop")`` (Benoit et al.
    2018, quanteda 3): a term's document frequency is the share of documents holding it at least once, and a
    term is trimmed when that share is strictly above ``max_docfreq``; KH Coder likewise filters the terms of
    its co-occurrence network by document frequency. It applies only to a corpus of at least
    ``min_documents`` documents: on fewer, every share is a coarse ratio of small counts and nothing is
    trimmed. ``n_documents`` is the number of documents (default: the documents of ``tokens``; give
    ``len(corpus)`` when some documents have no tokens). ``tokens`` is a token table or a
    :class:`~analysis.token_store.TokenStore` (counted out of core, :func:`analysis.aggregates.document_frequencies`).

    Returns
    -------
    DataFrame with term, documents (how many hold it) and share (documents / n_documents), highest share
    first (ties by term); empty when nothing is above the ceiling. ``attrs`` carry ``max_docfreq``,
    ``n_documents`` and ``applied`` (False when the corpus is below ``min_documents``).

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": list("aabbc"), "term": ["지원", "의료", "지원", "", "지원"]})
    >>> docfreq_trim(tokens, max_docfreq=0.5, min_documents=3).to_dict("records")
    [{'term': '지원', 'documents': 3, 'share': 1.0}]
    >>> len(docfreq_trim(tokens, max_docfreq=0.5, min_documents=4))  # too few documents: nothing trimmed
    0
    """
    if not 0 < max_docfreq <= 1:
        raise ValueError(f"max_docfreq is a share of documents in (0, 1], not {max_docfreq!r}")
    n = _documents_with_tokens(tokens) if n_documents is None else int(n_documents)
    columns = ["term", "documents", "share"]
    applied = n >= min_documents and n > 0
    trimmed = pd.DataFrame(columns=columns).astype({"term": object, "documents": "int64", "share": float})
    if applied:
        documents = _document_frequencies(tokens)
        documents = documents[documents / n > max_docfreq]
        if len(documents):
            trimmed = pd.DataFrame({"term": documents.index.astype(str),
                                    "documents": documents.to_numpy(dtype="int64")})
            trimmed["share"] = trimmed["documents"] / n
            trimmed = trimmed.sort_values(["share", "term"], ascending=[False, True], ignore_index=True)
    trimmed.attrs.update(max_docfreq=max_docfreq, n_documents=n, applied=applied)
    return trimmed


def tfidf_table(tokens: pd.DataFrame, by: str = "doc_id", sublinear_tf: bool = True) -> pd.DataFrame:
    """TF-IDF weights (scikit-learn, l2-normalised rows) of each term per group; groups as rows."""
    return tfidf_from_counts(term_counts(tokens, by), sublinear_tf=sublinear_tf)


def _documents_with_tokens(tokens: pd.DataFrame | TokenStore) -> int:
    """How many documents have at least one token, in a token table or a token store."""
    if isinstance(tokens, TokenStore):
        return int(tokens.documents.loc[tokens.documents["count"] > 0, "doc_id"].nunique())
    return int(tokens["doc_id"].nunique())


def _document_frequencies(tokens: pd.DataFrame | TokenStore) -> pd.Series:
    """The number of documents each content term occurs in (term -> documents), from a token table or, out
    of core, from a token store."""
    if isinstance(tokens, TokenStore):
        from analysis.aggregates import document_frequencies

        return document_frequencies(tokens)
    content = tokens.loc[tokens["term"] != "", ["doc_id", "term"]]
    return content.groupby("term", observed=True)["doc_id"].nunique()


def tfidf_from_counts(counts: pd.DataFrame, sublinear_tf: bool = True) -> pd.DataFrame:
    """:func:`tfidf_table` of a groups x terms count table (:func:`term_counts`, or
    :func:`analysis.aggregates.term_counts` counted from the token store): scikit-learn's
    ``TfidfTransformer``, l2-normalised rows, ``sublinear_tf`` (1 + log tf) by default."""
    from sklearn.feature_extraction.text import TfidfTransformer

    matrix = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(counts.to_numpy())
    return pd.DataFrame(matrix.toarray(), index=counts.index, columns=counts.columns)


def top_terms(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` highest-valued terms of each row of a wide table (counts or TF-IDF), ties broken by term.

    Returns a long table: group, rank (1 = top), term, value.
    """
    rows = []
    for group, values in table.iterrows():
        ranked = sorted(((-v, t) for t, v in values.items() if v > 0))[:n]
        rows.extend((group, rank, term, -neg) for rank, (neg, term) in enumerate(ranked, start=1))
    return pd.DataFrame(rows, columns=[table.index.name or "group", "rank", "term", "value"])


KEYNESS_METHODS = ("dunning", "rayson")
KEYNESS_CORRECTIONS = (None, "yates", "williams")
KEYNESS_ADJUSTMENTS = ("bonferroni", "holm", "fdr_bh", None)


def _g2_cells(cells, expected):
    """2 * sum of O * ln(O / E) over cells; an empty cell contributes 0 (the limit of x ln x)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = [np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(cells, expected, strict=True)]
    return 2 * sum(terms)


def log_likelihood(a, b, c, d, method: str = "dunning", correction: str | None = None):
    """Log-likelihood G2 of a term seen ``a`` times in a target of ``c`` tokens and ``b`` times in a reference
    of ``d`` tokens. Unsigned (see :func:`keyness` for the sign); works elementwise on arrays.

    Conventions
    -----------
    ``method="dunning"`` (default) is the full 2x2 likelihood-ratio statistic of Dunning (1993) over the four
    cells a, b, c - a, d - b, as computed by quanteda (``textstat_keyness(measure = "lr")``), NLTK's
    ``BigramAssocMeasures.likelihood_ratio``, Evert's UCS toolkit (``am.log.likelihood``) and scipy's
    ``chi2_contingency(lambda_="log-likelihood")``. ``method="rayson"`` is the two-term form of Rayson &
    Garside (2000), ``2 * (a ln(a/E1) + b ln(b/E2))`` with ``E1 = c(a+b)/(c+d)``, used by the UCREL
    log-likelihood wizard and Wmatrix; it sums only the term's own two cells, so it is smaller on small
    tables (Dunning's p. 72 example: 156.03 against 167.23).

    No continuity correction by default. ``correction="yates"`` or ``"williams"`` (``dunning`` only) follow
    quanteda.textstats' ``keyness.cpp``: Yates moves every cell 0.5 towards independence, and only when
    ``|ad - bc| >= N/2`` with some expected count below 5; Williams divides G2 by
    ``q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / (6N)``, and, as quanteda, leaves a table with an empty
    cell uncorrected. An empty cell contributes 0 (quanteda adds 1e-9 inside the log instead).

    Examples
    --------
    >>> round(float(log_likelihood(10, 0, 13, 31764)), 2)                 # Dunning 1993, p. 72
    167.23
    >>> round(float(log_likelihood(10, 0, 13, 31764, method="rayson")), 2)
    156.03
    """
    if method not in KEYNESS_METHODS:
        raise ValueError(f"method must be one of {KEYNESS_METHODS}, not {method!r}")
    if correction not in KEYNESS_CORRECTIONS:
        raise ValueError(f"correction must be one of {KEYNESS_CORRECTIONS}, not {correction!r}")
    a, b, c, d = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c, d)))
    n = c + d
    if method == "rayson":
        if correction is not None:
            raise ValueError("correction applies to method='dunning' only (Rayson's form has none)")
        return _g2_cells((a, b), (c * (a + b) / n, d * (a + b) / n))
    o11, o12, o21, o22 = a, b, c - a, d - b  # columns: target, reference; rows: this term, all other terms
    if correction == "yates":
        with np.errstate(divide="ignore", invalid="ignore"):
            small = np.minimum.reduce([(o11 + o12) * (o11 + o21), (o11 + o12) * (o12 + o22),
                                       (o21 + o22) * (o11 + o21), (o21 + o22) * (o12 + o22)]) / n < 5
        shift = np.where((np.abs(o11 * o22 - o12 * o21) >= n / 2) & small, 0.5, 0.0)
        shift = shift * np.sign(o11 * o22 - o12 * o21)
        o11, o12, o21, o22 = o11 - shift, o12 + shift, o21 + shift, o22 - shift
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    g2 = _g2_cells((o11, o12, o21, o22), (r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n))
    if correction == "williams":
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / r1 + n / r2 - 1) * (n / c1 + n / c2 - 1) / (6 * n)
        g2 = np.where(o11 * o12 * o21 * o22 == 0, g2, g2 / q)
    return g2


def log_ratio(a, b, c, d, zero: float = 0.5):
    """Hardie's (2014) Log Ratio effect size: log2 of the ratio of relative frequencies,
    ``log2((a / c) / (b / d))``, as CQPweb computes it. +1 means twice as frequent in the target as in the
    reference, -1 half as frequent.

    Zero rule: a zero count (``a`` or ``b``) is replaced by ``zero`` = 0.5, as Hardie and CQPweb do, so a
    term absent from the reference still gets a finite value (a lower bound of sorts, not an estimate).

    Examples
    --------
    >>> float(log_ratio(10, 2, 1000, 1000)) == float(np.log2(5))
    True
    >>> float(log_ratio(4, 0, 100, 100))                    # 0 in the reference counts as 0.5
    3.0
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    return np.log2((np.where(a > 0, a, zero) / c) / (np.where(b > 0, b, zero) / d))


def adjust_p_values(p_values, method: str | None = "bonferroni") -> np.ndarray:
    """p-values adjusted for the number of tests (``len(p_values)``), capped at 1.

    ``bonferroni``: p * m (Hardie 2014 and Gabrielatos 2018 recommend it for keyword lists);
    ``holm``: Holm's step-down; ``fdr_bh``: Benjamini-Hochberg (scipy's ``false_discovery_control``);
    ``None``: unadjusted.

    Examples
    --------
    >>> adjust_p_values([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.12, 0.09]
    >>> adjust_p_values([0.01, 0.04, 0.03], "holm").round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if method is None or m == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    if method == "holm":
        order = np.argsort(p, kind="stable")
        stepped = np.minimum(np.maximum.accumulate((m - np.arange(m)) * p[order]), 1.0)
        adjusted = np.empty(m)
        adjusted[order] = stepped
        return adjusted
    if method == "fdr_bh":
        from scipy import stats

        return stats.false_discovery_control(p, method="bh")
    raise ValueError(f"adjust must be one of {KEYNESS_ADJUSTMENTS}, not {method!r}")


def keyness(target: pd.Series, reference: pd.Series, min_count: int = 2, method: str = "dunning",
            correction: str | None = None) -> pd.DataFrame:
    """Keyness of every term of ``target`` counts against ``reference`` counts (both Series term -> count).

    Returns term, target and reference counts, ``g2`` (:func:`log_likelihood`, full 2x2 form by default,
    no correction unless asked), its p-value (chi-square, 1 d.f., unadjusted) and ``log_ratio``
    (:func:`log_ratio`, zero counts as 0.5), at full precision; only terms seen ``min_count`` times in all.
    Sign rule: G2 is positive when the term's relative frequency in the target is at least that in the
    reference (a / c >= b / d), negative otherwise, as quanteda and the UCREL wizard sign it. Sorted by G2,
    descending, ties by term.

    Examples
    --------
    >>> key = keyness(pd.Series({"의료": 10, "정책": 5}), pd.Series({"의료": 2, "정책": 9}))
    >>> key["term"].tolist(), bool(key["g2"].iloc[0] > 0 > key["g2"].iloc[1])
    (['의료', '정책'], True)
    """
    from scipy import stats  # imported here: scipy.stats alone adds ~50 MB to every process importing analysis

    terms = target.index.union(reference.index)
    a = target.reindex(terms, fill_value=0).astype(float)
    b = reference.reindex(terms, fill_value=0).astype(float)
    c, d = a.sum(), b.sum()
    g2 = log_likelihood(a, b, c, d, method=method, correction=correction)
    sign = np.where(a / c >= b / d, 1.0, -1.0)
    table = pd.DataFrame(
        {"term": terms, "target": a.astype(int).values, "reference": b.astype(int).values,
         "g2": sign * g2, "p_value": stats.chi2.sf(g2, 1), "log_ratio": log_ratio(a, b, c, d)}
    )
    table = table[(table["target"] + table["reference"]) >= min_count]
    return table.sort_values(["g2", "term"], ascending=[False, True], ignore_index=True)


KEYNESS_COLUMNS = ["term", "target", "reference", "log_ratio", "g2", "p_value", "p_adjusted"]


def keyness_table(tokens: pd.DataFrame, by: str = "doc_id", n: int = 10, min_count: int = 2,
                  alpha: float = 0.05, adjust: str | None = "bonferroni", method: str = "dunning",
                  correction: str | None = None) -> pd.DataFrame:
    """For each group, its ``n`` most distinctive terms against all the other groups together.

    Each group's counts are compared with the sum of the others (:func:`keyness`: G2 of ``method``, no
    correction by default). A term is key when it is over-represented in the group (positive G2) and its
    p-value, adjusted for the number of tests, is below ``alpha``. The family of tests is every (group, term)
    pair compared in the table, so with Bonferroni (default; Hardie 2014, Gabrielatos 2018) the per-test
    cutoff is ``alpha / tests``; ``adjust`` may also be ``"holm"``, ``"fdr_bh"`` or ``None`` (no adjustment,
    the cutoff is ``alpha``). Key terms are ranked by Log Ratio (the effect size; Hardie 2014), ties by G2,
    then term; G2 and p stay as columns. ``g2`` and ``log_ratio`` are rounded to 3 decimals for display.

    ``attrs`` carries what the notebook should print: ``alpha``, ``adjust``, ``tests`` (number of tests),
    ``threshold`` (the largest unadjusted p-value that passes: ``alpha / tests`` for Bonferroni, ``alpha``
    unadjusted; for Holm and BH the largest p-value found significant, NaN if none), ``method`` and
    ``correction``; and ``largest_g2``, each group's key term with the largest G2 before the cut to ``n``
    (:func:`largest_g2_terms`).

    Examples
    --------
    >>> keys = keyness_table(tokens, by="group", n=8)                  # doctest: +SKIP
    >>> a = keys.attrs                                                  # doctest: +SKIP
    >>> print(f"p < {a['threshold']:.1e} ({a['adjust']}, {a['tests']} tests, alpha {a['alpha']})")  # doctest: +SKIP
    """
    return keyness_from_counts(term_counts(tokens, by), n=n, min_count=min_count, alpha=alpha, adjust=adjust,
                               method=method, correction=correction)


def keyness_from_counts(counts: pd.DataFrame, n: int = 10, min_count: int = 2, alpha: float = 0.05,
                        adjust: str | None = "bonferroni", method: str = "dunning",
                        correction: str | None = None) -> pd.DataFrame:
    """:func:`keyness_table` of a groups x terms count table (:func:`term_counts`, or
    :func:`analysis.aggregates.term_counts` counted from the token store); the group column is named after
    the table's index (``group``, ``doc_id`` ...)."""
    if adjust not in KEYNESS_ADJUSTMENTS:
        raise ValueError(f"adjust must be one of {KEYNESS_ADJUSTMENTS}, not {adjust!r}")
    by = counts.index.name or "group"
    parts = []
    for group in counts.index if len(counts) > 1 else ():  # one group has no rest to be compared with
        table = keyness(counts.loc[group], counts.drop(index=group).sum(), min_count=min_count, method=method,
                        correction=correction)
        parts.append(table.assign(**{by: group}))
    columns = [by, *KEYNESS_COLUMNS]
    tested = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns[:-1])
    tested["p_adjusted"] = adjust_p_values(tested["p_value"].to_numpy(dtype=float), adjust)
    significant = tested["p_adjusted"] < alpha
    if adjust == "bonferroni":
        threshold = alpha / max(len(tested), 1)
    elif adjust is None:
        threshold = alpha
    else:
        threshold = float(tested.loc[significant, "p_value"].max()) if significant.any() else float("nan")
    key = tested[significant & (tested["g2"] > 0)]
    strongest = key.sort_values([by, "g2", "term"], ascending=[True, False, True]).drop_duplicates(by)[columns]
    key = key.sort_values([by, "log_ratio", "g2", "term"], ascending=[True, False, False, True])
    key = key.groupby(by, sort=False).head(n)
    order = {group: i for i, group in enumerate(counts.index)}
    key = key.sort_values(by, key=lambda s: s.map(order), kind="stable")[columns].reset_index(drop=True)
    key[["g2", "log_ratio"]] = key[["g2", "log_ratio"]].astype(float).round(3)
    strongest[["g2", "log_ratio"]] = strongest[["g2", "log_ratio"]].astype(float).round(3)
    key.attrs.update(alpha=alpha, adjust=adjust, tests=len(tested), threshold=threshold, method=method,
                     correction=correction, largest_g2=strongest.to_dict("records"))
    return key


def largest_g2_terms(keys: pd.DataFrame) -> pd.DataFrame:
    """Each group's key term with the largest G2, among all its key terms: a :func:`keyness_table` keeps only
    the ``n`` with the highest Log Ratio, so the strongest by G2 can be cut from it; the table carries the full
    answer in ``attrs["largest_g2"]`` (a table built otherwise is read as it is). Indexed by the group.

    Examples
    --------
    >>> keys = pd.DataFrame({"group": ["a", "a"], "term": ["x", "y"], "g2": [5.0, 9.0], "log_ratio": [3.0, 1.0]})
    >>> largest_g2_terms(keys)["term"].to_dict()
    {'a': 'y'}
    """
    by = keys.columns[0]
    if "largest_g2" in keys.attrs:
        return pd.DataFrame(keys.attrs["largest_g2"], columns=keys.columns).set_index(by)
    return keys.sort_values("g2", ascending=False, kind="stable").drop_duplicates(by).set_index(by)


def kwic(corpus: pd.DataFrame, term: str, window: int = 30, tokens: pd.DataFrame | None = None,
         lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with up to ``window`` characters either side,
    within its sentence.

    The term is matched by canonical term, so ``과기정통부`` also finds ``과학기술정보통신부``.

    Returns doc_id, sent_id, start, end (offsets in ``text``), left, match, right, sentence.

    Examples
    --------
    >>> kwic(load_corpus(), "과기정통부").head()       # doctest: +SKIP
    """
    lexicon = lexicon or load_lexicon()
    tokens = tokenize(corpus, lexicon=lexicon) if tokens is None else tokens
    wanted = canonical_query(term, lexicon)
    hits = tokens.loc[tokens["term"] == wanted, ["doc_id", "sent_id", "start", "end"]]
    if hits.empty:
        return kwic_lines(corpus, hits.assign(s_start=0, s_end=0), window)
    sents = sentences(corpus, tokens[tokens["doc_id"].isin(set(hits["doc_id"]))])
    joined = hits.merge(sents.rename(columns={"start": "s_start", "end": "s_end"})[
        ["doc_id", "sent_id", "s_start", "s_end", "sentence"]], on=["doc_id", "sent_id"])
    return kwic_lines(corpus, joined, window)


KWIC_COLUMNS = ["doc_id", "sent_id", "start", "end", "left", "match", "right", "sentence"]
KWIC_DOCUMENTS = 10_000  # documents with hits whose texts kwic_lines holds at a time (a row group of the cache)


def kwic_lines(corpus: pd.DataFrame, hits: pd.DataFrame, window: int = 30) -> pd.DataFrame:
    """The concordance lines of ``hits`` (doc_id, sent_id, start, end, and the sentence's s_start, s_end):
    up to ``window`` characters either side within the sentence, cut from the corpus's ``text``; the hits'
    order is kept. Hits from the token table (:func:`kwic`) or from the token store
    (:func:`analysis.aggregates.concordance_hits`) give the same lines. For a corpus loaded without its texts
    the texts of :data:`KWIC_DOCUMENTS` documents with hits are read and held at a time, in the corpus's order.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["정책 예산. 예산 집행"]})
    >>> hits = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "start": [7], "end": [9], "s_start": [7], "s_end": [12]})
    >>> kwic_lines(corpus, hits, window=3)[["left", "match", "right", "sentence"]].values.tolist()
    [['', '예산', ' 집행', '예산 집행']]
    """
    if hits.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    doc_ids = hits["doc_id"].astype(str).to_numpy()
    documents = pd.unique(doc_ids)
    documents = documents[np.argsort(pd.Index(corpus["doc_id"].astype(str)).get_indexer(documents), kind="stable")]
    parts = pd.Index(documents).get_indexer(doc_ids) // KWIC_DOCUMENTS  # each hit's part of the documents
    bounds = [hits[c].to_numpy() for c in ("start", "end", "s_start", "s_end")]
    left, match, right, sentence = ([""] * len(hits) for _ in range(4))
    held: dict[str, str] = {}  # each distinct piece of text held once: a term's hundred thousand lines repeat
    for part in range(int(parts.max()) + 1):  # their sentences (hits in one), matches and reposted text
        texts = texts_of(corpus, documents[part * KWIC_DOCUMENTS:(part + 1) * KWIC_DOCUMENTS]).to_dict()
        for i in np.flatnonzero(parts == part).tolist():
            text, (start, end, s_start, s_end) = texts[doc_ids[i]], (int(b[i]) for b in bounds)
            left[i] = shared_text(held, text[max(s_start, start - window):start])
            match[i] = shared_text(held, text[start:end])
            right[i] = shared_text(held, text[end:min(s_end, end + window)])
            sentence[i] = shared_text(held, text[s_start:s_end])
        del texts
    joined = hits.assign(left=left, match=match, right=right, sentence=sentence)
    return joined[KWIC_COLUMNS].reset_index(drop=True)


def _candidate_status(form: str, analysed, known: set[str]) -> str:
    """What a new-word candidate is, given Kiwi's analysis of it alone."""
    if form in known:
        return "in lexicon"
    if any(form in word for word in known if len(word) > len(form)):
        return "part of a lexicon word"
    tags = [t.tag for t in analysed]
    if len(analysed) == 1:
        return "kept whole"
    if tags[0] in ("NNG", "NNP") and all(t.startswith(("XSN", "J", "VCP", "E")) for t in tags[1:]):
        return "known noun + ending"
    if all(t in ("NNG", "NNP", "SL", "SN", "XSN", "XPN") for t in tags):
        return "split compound: consider adding"
    return "other"


MAX_NEW_WORD_CHARACTERS = 2_000_000


def sample_texts(texts: pd.Series, max_characters: int, seed: int = 0) -> pd.Series:
    """All ``texts`` if they hold at most ``max_characters`` together, else a fixed random sample of them
    (``seed``) that does, in their original order.

    Examples
    --------
    >>> texts = pd.Series(["가" * 40, "나" * 40, "다" * 40])
    >>> len(sample_texts(texts, 200)), len(sample_texts(texts, 100))
    (3, 2)
    """
    chosen = sampled_positions(texts.str.len().to_numpy(), max_characters, seed)
    return texts if chosen is None else texts.iloc[chosen]


def sampled_positions(lengths: np.ndarray, max_characters: int, seed: int = 0) -> np.ndarray | None:
    """The positions, ascending, of the texts of ``lengths`` characters that :func:`sample_texts` keeps; None
    when all of them fit in ``max_characters``."""
    if lengths.sum() <= max_characters:
        return None
    order = np.random.default_rng(seed).permutation(len(lengths))
    return np.sort(order[np.cumsum(lengths[order]) <= max_characters])


def _sampled_texts(corpus: pd.DataFrame, max_characters: int) -> list[str]:
    """The cleaned texts :func:`sample_texts` keeps of ``corpus``, in its order; a corpus loaded without its
    texts has their lengths read a batch at a time, then only the sampled texts."""
    lengths = np.concatenate([part["text"].str.len().to_numpy() for part in text_batches(corpus)] or [[]])
    chosen = sampled_positions(lengths.astype(np.int64), max_characters)
    return list(texts_of(corpus, corpus["doc_id"] if chosen is None else corpus["doc_id"].iloc[chosen]))


def new_word_candidates(corpus: pd.DataFrame, min_count: int = 3, min_score: float = 0.1,
                        lexicon: Lexicon | None = None,
                        max_characters: int = MAX_NEW_WORD_CHARACTERS) -> pd.DataFrame:
    """Noun candidates Kiwi's ``extract_words`` finds in the cleaned texts, set against the lexicon.

    Candidates with punctuation or starting with a digit (dates, bracketed glosses) are left out. ``status``
    says what each is: ``in lexicon`` or ``part of a lexicon word``; ``kept whole`` (Kiwi already reads it
    as one morpheme: nothing to add); ``known noun + ending`` (a noun with a suffix or particle, 기업들);
    ``split compound: consider adding`` (Kiwi breaks up a compound, so counts miss it as one term); ``other``.

    Kiwi keeps statistics of every substring in memory (about 0.7 GB for 11 million characters), so a
    corpus longer than ``max_characters`` is read as a fixed random sample of its documents
    (:func:`sample_texts`); ``attrs["documents_read"]`` says how many documents were read. The Kiwi used
    leaves out the multi-word dictionary (0.2 GB): neither the extraction nor the analysis of a candidate (one
    word, no space) uses it, and the candidates are the same (tested on the seeds; the same 206 on KDI EPIC).
    """
    lexicon = lexicon or load_lexicon()
    return_freed_memory()  # what the notebook's earlier steps freed, before Kiwi's model and statistics
    kiwi = get_kiwi(lexicon, multi_words=False)
    texts = _sampled_texts(corpus, max_characters)
    found = kiwi.extract_words(texts, min_cnt=min_count, min_score=min_score)
    known = {w for w, _ in lexicon.user_words} | set(lexicon.aliases) | set(lexicon.aliases.values())
    rows = []
    for form, score, freq, pos_score in found:
        if not re.fullmatch(r"[가-힣A-Za-z][가-힣A-Za-z0-9]*", form):
            continue
        status = _candidate_status(form, kiwi.tokenize(form), known)
        rows.append((form, round(score, 3), freq, round(pos_score, 3), status))
    read = len(texts)
    del found, texts
    return_kiwi_memory()  # the substring statistics, freed by Kiwi, given back to the system
    table = pd.DataFrame(rows, columns=["form", "score", "count", "noun_score", "status"])
    table = table.sort_values(["count", "form"], ascending=[False, True], ignore_index=True)
    table.attrs["documents_read"] = read
    return table
