"""How documents resemble and differ: pairwise similarity in two views, clustering, pair contrasts.

The two views answer different questions. TF-IDF cosine asks whether two documents use the same words;
the embedding view asks whether their characteristic words mean similar things, so two texts about
hospitals and diagnosis count as close even when they share few exact words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.embeddings import embedding_kiwi, known_noun
from analysis.terms import keyness, term_counts, tfidf_table
from analysis.tokens import per_document, return_kiwi_memory


def cosine_table(table: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity between the rows of a wide table (TF-IDF or counts), as a square DataFrame."""
    matrix = table.to_numpy(dtype=float)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = matrix / np.where(norms > 0, norms, 1)
    return pd.DataFrame((unit @ unit.T).round(4), index=table.index, columns=table.index)


def tfidf_similarity(tokens: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Pairwise TF-IDF cosine similarity of groups (documents by default)."""
    return cosine_table(tfidf_table(tokens, by))


def embedding_similarity(tokens: pd.DataFrame, by: str = "doc_id", n_terms: int = 25) -> pd.DataFrame:
    """Pairwise similarity of groups from Kiwi's built-in word embeddings (CoNg model): see
    :func:`embedding_similarity_of`, with the TF-IDF of ``tokens`` by ``by`` and their common and proper
    nouns."""
    nouns = set(tokens.loc[tokens["tag"].isin(NOUN_TAGS) & (tokens["term"] != ""), "term"])
    return embedding_similarity_of(tfidf_table(tokens, by), nouns, n_terms=n_terms)


NOUN_TAGS = ("NNG", "NNP")  # the terms an embedding profile may hold: common and proper nouns


def embedding_similarity_of(tfidf: pd.DataFrame, nouns: set, n_terms: int = 25) -> pd.DataFrame:
    """Pairwise similarity of groups from Kiwi's built-in word embeddings (CoNg model).

    ``tfidf`` is a groups x terms TF-IDF table (:func:`analysis.terms.tfidf_table`, or
    :func:`analysis.terms.tfidf_from_counts` of the store's counts); ``nouns`` the terms Kiwi tagged as
    common or proper nouns (:data:`NOUN_TAGS`; :func:`analysis.aggregates.terms_tagged`).
    Each group is represented by its ``n_terms`` highest TF-IDF nouns that the model knows. The similarity
    of two groups is a soft match of those term lists: for each term, its best embedding similarity to
    the other list, averaged with TF-IDF weights and symmetrised (in the manner of BERTScore). Identical
    term lists score 1. ``attrs["coverage"]`` says, per group, how many of its top terms the model knew.
    """
    kiwi = embedding_kiwi()
    profiles, coverage = {}, {}
    for group, row in tfidf.iterrows():
        ranked = [t for t in sorted(row[row > 0].index, key=lambda t: (-row[t], t)) if t in nouns]
        chosen = []
        for term in ranked:
            morph = known_noun(kiwi, term)
            if morph:
                chosen.append((morph, float(row[term])))
            if len(chosen) == n_terms:
                break
        profiles[group] = chosen
        coverage[group] = len(chosen)
    groups = list(tfidf.index)
    sims = pd.DataFrame(np.eye(len(groups)), index=tfidf.index, columns=tfidf.index)
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            value = _soft_match(kiwi, profiles[a], profiles[b])
            sims.loc[a, b] = sims.loc[b, a] = round(value, 4)
    del kiwi
    return_kiwi_memory()  # the model, freed, given back to the system
    sims.attrs["coverage"] = coverage
    return sims


def _soft_match(kiwi, left, right) -> float:
    if not left or not right:
        return float("nan")
    matrix = np.array([[kiwi.morpheme_similarity(a, b) if a != b else 1.0 for b, _ in right] for a, _ in left])
    wl = np.array([w for _, w in left])
    wr = np.array([w for _, w in right])
    forward = float((matrix.max(axis=1) * wl).sum() / wl.sum())
    backward = float((matrix.max(axis=0) * wr).sum() / wr.sum())
    return (forward + backward) / 2


def ranked_pairs(similarity: pd.DataFrame) -> pd.DataFrame:
    """The upper triangle of a similarity table as rows (a, b, similarity), most similar first."""
    groups = list(similarity.index)
    rows = [(a, b, float(similarity.loc[a, b])) for i, a in enumerate(groups) for b in groups[i + 1:]]
    table = pd.DataFrame(rows, columns=["a", "b", "similarity"])
    return table.sort_values(["similarity", "a", "b"], ascending=[False, True, True], ignore_index=True)


def cluster_linkage(similarity: pd.DataFrame, method: str = "average") -> np.ndarray:
    """Hierarchical clustering (scipy) of a similarity table, on distance 1 - similarity."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    distance = 1 - similarity.to_numpy(dtype=float)
    np.fill_diagonal(distance, 0)
    distance = np.clip((distance + distance.T) / 2, 0, None)
    return linkage(squareform(distance, checks=False), method=method)


def pair_contrast(tokens: pd.DataFrame, a: str, b: str, n: int = 10, by: str = "doc_id") -> pd.DataFrame:
    """What two groups share and what sets each apart: :func:`pair_contrast_of` the term counts of ``tokens``
    by ``by``."""
    return pair_contrast_of(term_counts(tokens, by), a, b, n=n)


def pair_contrast_of(counts: pd.DataFrame, a: str, b: str, n: int = 10) -> pd.DataFrame:
    """What two groups share and what sets each apart, from a groups x terms count table
    (:func:`analysis.terms.term_counts`, or :func:`analysis.aggregates.term_counts` of the token store).

    Returns rows of kind ``shared`` (terms in both, ranked by the smaller of the two counts), ``a`` and
    ``b`` (terms most distinctive of each side against the other, by log-likelihood G2), ``n`` of each.
    """
    ca, cb = counts.loc[a], counts.loc[b]
    both = pd.DataFrame({"term": counts.columns, "count_a": ca.values, "count_b": cb.values})
    shared = both[(both["count_a"] > 0) & (both["count_b"] > 0)]
    shared = shared.assign(score=shared[["count_a", "count_b"]].min(axis=1))
    shared = shared.sort_values(["score", "term"], ascending=[False, True]).head(n).assign(kind="shared")
    rows = [shared]
    for side, target, reference in (("a", ca, cb), ("b", cb, ca)):
        key = keyness(target[target > 0], reference[reference > 0], min_count=1)
        key = key[key["g2"] > 0].head(n)
        part = both.set_index("term").loc[key["term"]].reset_index().assign(score=key["g2"].values, kind=side)
        rows.append(part)
    return pd.concat(rows, ignore_index=True)[["kind", "term", "count_a", "count_b", "score"]]


def with_metadata(tokens: pd.DataFrame, corpus: pd.DataFrame, columns) -> pd.DataFrame:
    """Tokens (or any table with doc_id) with document metadata columns (publisher, doc_type, month...)
    added by doc_id. The token columns are shared, not copied: a merge would copy millions of rows."""
    columns = [columns] if isinstance(columns, str) else list(columns)
    by_doc = corpus.set_index("doc_id")
    joined = tokens.copy(deep=False)
    for column in columns:
        joined[column] = per_document(tokens, by_doc[column])
    return joined


def similarity_agreement(tfidf: pd.DataFrame, embedding: pd.DataFrame,
                         min_pairs: int = 2) -> tuple[pd.DataFrame, float]:
    """Whether two similarity views order the pairs alike: the pairs of both side by side and the Spearman
    rank correlation of their similarities.

    Returns the pairs (a, b, similarity_tfidf, similarity_embedding; in TF-IDF order, as
    :func:`ranked_pairs`) and the correlation, NaN with fewer than ``min_pairs`` pairs.

    Examples
    --------
    >>> tfidf = pd.DataFrame([[1, .6, .2], [.6, 1, .4], [.2, .4, 1]], index=list("abc"), columns=list("abc"))
    >>> embedding = pd.DataFrame([[1, .9, .5], [.9, 1, .7], [.5, .7, 1]], index=list("abc"), columns=list("abc"))
    >>> pairs, rho = similarity_agreement(tfidf, embedding)
    >>> len(pairs), rho
    (3, 1.0)
    """
    pairs = ranked_pairs(tfidf).merge(ranked_pairs(embedding), on=["a", "b"], suffixes=("_tfidf", "_embedding"))
    if len(pairs) < min_pairs:
        return pairs, float("nan")
    return pairs, float(pairs["similarity_tfidf"].corr(pairs["similarity_embedding"], method="spearman"))


def signed_keyness(keys: pd.DataFrame, by: str) -> pd.DataFrame:
    """A keyness table of exactly two groups (:func:`analysis.terms.keyness_table`, each group against the
    other) with ``signed``: the term's G2, positive where it is key for the first group, negative for the
    second, for a diverging chart. With another number of groups there are no two sides: ``ValueError``
    (draw one panel per group instead, as notebook 04 does for three or more types).

    Examples
    --------
    >>> keys = pd.DataFrame({"doc_type": ["press", "news"], "term": ["방역", "도시"], "g2": [22.2, 35.3]})
    >>> signed_keyness(keys, "doc_type")["signed"].tolist()
    [22.2, -35.3]
    """
    sides = list(dict.fromkeys(keys[by]))
    if len(sides) != 2:
        raise ValueError(f"signed_keyness compares two groups of {by!r}; this table has {len(sides)}: {sides}")
    return keys.assign(signed=keys["g2"].where(keys[by] == sides[0], -keys["g2"]))
