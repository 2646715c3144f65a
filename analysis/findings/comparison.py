"""Findings of notebook 04: the closest and most distant pair, whether the two similarity views agree, and
the document types."""

from __future__ import annotations

import pandas as pd

from analysis.findings.core import (
    AGREEING_RHO,
    HIGH_SIMILARITY,
    LOW_SIMILARITY,
    MIN_GROUPS,
    MIN_PAIRS,
    MIN_TYPE_DOCUMENTS,
    Finding,
    plural,
    ranked,
)
from analysis.terms import largest_g2_terms


def _vocabulary_level(similarity: float) -> str:
    if similarity < LOW_SIMILARITY:
        return "little"
    return "much" if similarity >= HIGH_SIMILARITY else "some"


def comparison_findings(similarity: pd.DataFrame, embedding: pd.DataFrame | None = None,
                        types: pd.Series | None = None, by_type: pd.DataFrame | None = None,
                        unit: str = "document") -> list[Finding]:
    """Findings of notebook 04: the closest and the most distant pair (TF-IDF cosine, worded by
    :data:`LOW_SIMILARITY` and :data:`HIGH_SIMILARITY`), whether the embedding view orders the pairs the
    same way (Spearman rank correlation), and the document types.

    Parameters
    ----------
    similarity : :func:`analysis.tfidf_similarity`; embedding : :func:`analysis.embedding_similarity`.
    types : ``corpus["doc_type"].value_counts()``; by_type : keyness of each type against the other
        (:func:`analysis.keyness_table` ``by="doc_type"``), or None.

    Examples
    --------
    >>> sim = pd.DataFrame([[1, 0.6], [0.6, 1]], index=["a", "b"], columns=["a", "b"])
    >>> print(comparison_findings(sim)[0])  # doctest: +NORMALIZE_WHITESPACE
    The only pair, a and b, has a TF-IDF cosine similarity of 0.600: much shared vocabulary
    (little: below 0.200; much: 0.500 or more).
    """
    from analysis.compare import ranked_pairs, similarity_agreement

    n = len(similarity)
    levels = {"low": LOW_SIMILARITY, "high": HIGH_SIMILARITY}
    legend = " (little: below {low}; much: {high} or more)."
    out = []
    if n < MIN_GROUPS:
        out.append(Finding("comparison.too_few", "With {groups} {units} there is no pair to compare: similarity "
                           "needs at least {threshold}.",
                           {"groups": n, "units": plural(n, unit), "threshold": MIN_GROUPS}))
    else:
        pairs = ranked_pairs(similarity)
        most, least = pairs.iloc[0], pairs.iloc[-1]
        if len(pairs) == 1:
            out.append(Finding("comparison.one_pair", "The only pair, {a} and {b}, has a TF-IDF cosine similarity of "
                               "{similarity}: {level} shared vocabulary" + legend,
                               {"a": str(most["a"]), "b": str(most["b"]), "similarity": float(most["similarity"]),
                                "level": _vocabulary_level(most["similarity"])} | levels))
        else:
            out.append(Finding("comparison.closest", "Closest pair by TF-IDF cosine: {a} and {b} ({similarity}), "
                               "{level} shared vocabulary" + legend,
                               {"a": str(most["a"]), "b": str(most["b"]), "similarity": float(most["similarity"]),
                                "level": _vocabulary_level(most["similarity"])} | levels))
            out.append(Finding("comparison.farthest", "Most distant pair: {a} and {b} ({similarity}); the {pairs} "
                               "pairs range from {low_value} to {high_value}.",
                               {"a": str(least["a"]), "b": str(least["b"]), "similarity": float(least["similarity"]),
                                "pairs": len(pairs), "low_value": float(least["similarity"]),
                                "high_value": float(most["similarity"])}))
        if embedding is not None:
            both, rho = similarity_agreement(similarity, embedding, min_pairs=MIN_PAIRS)
            if len(both) < MIN_PAIRS:
                out.append(Finding("comparison.too_few_pairs", "Pairs to rank: {pairs}, fewer than the {threshold} "
                                   "needed to say whether the embedding view orders the pairs as TF-IDF does.",
                                   {"pairs": len(both), "threshold": MIN_PAIRS}))
            else:
                agree = "agree" if rho >= AGREEING_RHO else "do not agree"
                out.append(Finding("comparison.views", "The two views " + agree + " on which pairs are close: "
                                   "Spearman rank correlation {rho} over {pairs} pairs (agreement: {threshold} or "
                                   "more).", {"rho": rho, "pairs": len(both), "threshold": AGREEING_RHO},
                                   variant="agree" if rho >= AGREEING_RHO else "disagree"))

    if types is not None:
        if len(types) < 2:
            out.append(Finding("comparison.one_type", "All documents are of one type ({doc_type}), so document types "
                               "cannot be compared.", {"doc_type": str(types.index[0]) if len(types) else "none"}))
        else:
            counts = ranked(types)
            if by_type is not None and len(by_type):
                column = by_type.columns[0]
                top = largest_g2_terms(by_type).reset_index()
                for _, row in top.iterrows():
                    out.append(Finding("comparison.type_term", "Most distinctive of the {doc_type} documents against "
                                       "the others (largest G2): {term} (G2 {g2}).",
                                       {"doc_type": str(row[column]), "term": row["term"], "g2": float(row["g2"])}))
            if min(v for _, v in counts) < MIN_TYPE_DOCUMENTS:
                out.append(Finding("comparison.types_small", "Documents per type: {counts}. With fewer than "
                                   "{threshold} in a type, what separates the types here may be what these few texts "
                                   "happen to discuss; more documents per type would test it.",
                                   {"counts": counts, "threshold": MIN_TYPE_DOCUMENTS}))
    return out
