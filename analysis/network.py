"""How the key terms hang together: co-occurrence, association weights, centrality, communities, CONCOR.

Two terms co-occur when they appear in the same unit: a sentence (``sent_id``) or a paragraph
(``line_id``: after cleaning, each line is a paragraph or a bullet item). Every edge keeps the units it
was counted in, so it can be traced to its sentences.

The network functions take the token table or, for a corpus larger than memory, its token store
(:class:`~analysis.token_store.TokenStore`): then the counts are made out of core (:mod:`analysis.aggregates`)
and give the same edges and graphs.
"""

from __future__ import annotations

import math
from functools import partial
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from analysis import aggregates
from analysis.labels import label
from analysis.terms import MAX_DOCFREQ, TRIM_FROM_DOCUMENTS, docfreq_trim
from analysis.token_store import TokenStore
from analysis.tokens import terms_by_unit

EDGE_COLUMNS = ["source", "target", "count", "jaccard", "pmi", "npmi", "units"]


def term_units(tokens: pd.DataFrame, unit: str = "sent_id") -> pd.Series:
    """The set of distinct terms of each unit, indexed by (doc_id, unit)."""
    return terms_by_unit(tokens, unit).map(lambda terms: tuple(sorted(set(terms))))


MAX_UNITS_KEPT = 20


def association_weights(count, frequency_a, frequency_b, n_units):
    """Jaccard, PMI and normalised PMI of term pairs, elementwise and at full precision.

    ``count`` units hold both terms, ``frequency_a`` and ``frequency_b`` units hold each, of ``n_units``.

    - Jaccard: ``count / (frequency_a + frequency_b - count)`` (UCS ``am.Jaccard``).
    - PMI: ``log2(count * n_units / (frequency_a * frequency_b))``, base 2 (UCS ``am.MI`` is the same in base
      10; Church & Hanks 1990).
    - NPMI (Bouma 2009): ``PMI / -log2(count / n_units)``, in [-1, 1]; 1 when the pair is in every unit.

    Examples
    --------
    >>> jaccard, pmi, npmi = association_weights(2, 3, 3, 4)
    >>> round(float(jaccard), 4), round(float(pmi), 4), round(float(npmi), 4)
    (0.5, -0.1699, -0.1699)
    """
    count, fa, fb, n = (np.asarray(x, dtype=float) for x in (count, frequency_a, frequency_b, n_units))
    p_ab = count / n
    jaccard = count / (fa + fb - count)
    pmi = np.log2(count * n / (fa * fb))
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_ab < 1, pmi / -np.log2(p_ab), 1.0)
    return jaccard, pmi, npmi


def cooccurrence(tokens: pd.DataFrame | TokenStore, unit: str = "sent_id", min_count: int = 2,
                 vocabulary=None) -> pd.DataFrame:
    """Co-occurrence of term pairs within units, with three association weights.

    Returns source, target (source < target), count (units where both occur), jaccard, pmi and npmi
    (:func:`association_weights`, full precision: round only for display) and units (the first
    ``MAX_UNITS_KEPT`` (doc_id, unit) keys, to trace an edge to its text). A unit counts a term once however
    often it repeats there. Only pairs seen in at least ``min_count`` units; ``vocabulary`` limits the terms
    considered. ``attrs["frequency"]`` holds the number of units of each term. ``tokens`` is a token table or
    a token store (counted out of core by :func:`analysis.aggregates.cooccurrence_counts`, the same edges).

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": "d", "sent_id": [0, 0, 1, 1, 2], "term": ["a", "b", "a", "b", "a"]})
    >>> cooccurrence(tokens)[["source", "target", "count", "jaccard"]].to_dict("records")
    [{'source': 'a', 'target': 'b', 'count': 2, 'jaccard': 0.6666666666666666}]
    """
    if isinstance(tokens, TokenStore):
        counted = aggregates.cooccurrence_counts(tokens, unit, vocabulary, min_count, keep=MAX_UNITS_KEPT)
    else:
        counted = _cooccurrence_counts(tokens, unit, vocabulary, min_count)
    edges, frequency = counted.pairs, counted.frequency
    jaccard, pmi, npmi = association_weights(edges["count"].to_numpy(), edges["source"].map(frequency).to_numpy(),
                                             edges["target"].map(frequency).to_numpy(), counted.n_units)
    edges = edges.assign(jaccard=jaccard, pmi=pmi, npmi=npmi)[EDGE_COLUMNS]
    edges["count"] = edges["count"].astype(int)
    edges.attrs["frequency"] = frequency
    return edges.sort_values(["count", "source", "target"], ascending=[False, True, True], ignore_index=True)


def _cooccurrence_counts(tokens: pd.DataFrame, unit: str, vocabulary, min_count: int) -> aggregates.Cooccurrences:
    """The pair counts of :func:`cooccurrence` from the token table, in memory: units in (doc_id, unit) order,
    each unit's distinct terms sorted."""
    units = term_units(tokens, unit)
    allowed = set(vocabulary) if vocabulary is not None else None
    frequency: dict[str, int] = {}
    pairs: dict[tuple[str, str], list] = {}  # pair -> [count, first unit keys]
    for key, terms in units.items():
        if allowed is not None:
            terms = tuple(t for t in terms if t in allowed)
        for term in terms:
            frequency[term] = frequency.get(term, 0) + 1
        for a, b in combinations(terms, 2):
            entry = pairs.setdefault((a, b), [0, []])
            entry[0] += 1
            if entry[0] <= MAX_UNITS_KEPT:
                entry[1].append(key)
    kept = [(a, b, count, tuple(keys)) for (a, b), (count, keys) in pairs.items() if count >= min_count]
    return aggregates.Cooccurrences(pd.DataFrame(kept, columns=["source", "target", "count", "units"]), frequency,
                                    len(units))


def cooccurrence_graph(edges: pd.DataFrame, weight: str = "jaccard", max_nodes: int = 40,
                       max_edges: int = 80) -> nx.Graph:
    """A readable graph: the ``max_nodes`` terms in most units, and among them the ``max_edges``
    strongest edges by ``weight`` (ties by count, then by name). Node attribute ``frequency`` is the
    number of units a term occurs in; edge attributes are count, jaccard, pmi and npmi."""
    if weight not in ("count", "jaccard", "pmi", "npmi"):
        raise ValueError(f"weight must be count, jaccard, pmi or npmi, not {weight!r}")
    frequency = edges.attrs.get("frequency", {})
    nodes = sorted(frequency, key=lambda t: (-frequency[t], t))[:max_nodes]
    keep = edges[edges["source"].isin(nodes) & edges["target"].isin(nodes)]
    keep = keep.sort_values([weight, "count", "source", "target"], ascending=[False, False, True, True])
    keep = keep.head(max_edges)
    graph = nx.Graph()
    for node in sorted(set(keep["source"]) | set(keep["target"])):
        graph.add_node(node, frequency=frequency.get(node, 0))
    for row in keep.itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=float(getattr(row, weight)), count=int(row.count),
                       jaccard=float(row.jaccard), pmi=float(row.pmi), npmi=float(row.npmi))
    return graph


LARGE_CORPUS = 1000  # above this many documents, the keyword network keeps only the most frequent terms
LARGE_CORPUS_VOCABULARY = 500  # ... this many of them


def keyword_network(tokens: pd.DataFrame | TokenStore, n_documents: int, unit: str = "sent_id", min_count: int = 2,
                    weight: str = "jaccard", max_nodes: int = 40, max_edges: int = 80,
                    large_corpus: int = LARGE_CORPUS, vocabulary_size: int = LARGE_CORPUS_VOCABULARY,
                    max_docfreq: float = MAX_DOCFREQ,
                    trim_from: int = TRIM_FROM_DOCUMENTS) -> tuple[pd.DataFrame, nx.Graph]:
    """The project's keyword network (notebook 06, the explorer): co-occurrence edges and a readable graph.

    The recipe:

    - on a corpus of at least ``trim_from`` documents, the terms in more than ``max_docfreq`` of them are
      left out (:func:`analysis.terms.docfreq_trim`, quanteda's ``dfm_trim(max_docfreq=, docfreq_type="prop")``):
      the words of nearly every document would otherwise be the hubs of every network;
    - on a large corpus (more than ``large_corpus`` documents) only the ``vocabulary_size`` terms with the
      most tokens enter (ties by term, so the cut is reproducible); on a smaller corpus every term does;
    - edges are :func:`cooccurrence` of terms within ``unit`` (``"sent_id"``: sentences, ``"line_id"``:
      paragraphs), pairs seen in at least ``min_count`` units;
    - the graph is :func:`cooccurrence_graph` of them: the ``max_nodes`` terms in most units and the
      ``max_edges`` strongest edges among them by ``weight`` (Jaccard by default).

    ``n_documents`` is the number of documents of the corpus the tokens come from (``len(corpus)``).
    ``tokens`` is the token table or the corpus's token store (``session.store``): from the store every count
    is made out of core (:mod:`analysis.aggregates`) and the token table is never loaded; the result is the same.
    Returns ``(edges, graph)``; ``edges.attrs`` and ``graph.graph`` hold ``trimmed``, the trimmed terms with
    their share of documents (term -> share, widest first; empty when nothing was trimmed), ``max_docfreq``
    (the ceiling) and ``trim_documents`` (the number of documents), for captions and findings.

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": "d", "sent_id": [0, 0, 1, 1, 2, 2], "term": ["a", "b", "a", "b", "a", "c"]})
    >>> edges, graph = keyword_network(tokens, n_documents=1)
    >>> edges[["source", "target", "count"]].to_dict("records"), sorted(graph.edges)
    ([{'source': 'a', 'target': 'b', 'count': 2}], [('a', 'b')])
    >>> len(keyword_network(tokens, n_documents=3, large_corpus=2, vocabulary_size=1)[0])  # only "a": no pair
    0
    """
    trimmed = docfreq_trim(tokens, max_docfreq=max_docfreq, min_documents=trim_from, n_documents=n_documents)
    left_out = set(trimmed["term"])
    vocabulary = None
    if n_documents > large_corpus or left_out:
        ranked = [term for term in ranked_terms(tokens) if term not in left_out]
        vocabulary = ranked[:vocabulary_size] if n_documents > large_corpus else ranked
    edges = cooccurrence(tokens, unit=unit, min_count=min_count, vocabulary=vocabulary)
    note = trim_attributes(trimmed)
    edges.attrs.update(note)
    graph = cooccurrence_graph(edges, weight=weight, max_nodes=max_nodes, max_edges=max_edges)
    graph.graph.update(note)
    return edges, graph


def ranked_terms(tokens: pd.DataFrame | TokenStore) -> list[str]:
    """The content terms, most tokens first (ties by term, so a cut is reproducible), of a token table or,
    counted out of core, of a token store (:func:`analysis.aggregates.term_frequencies`).

    >>> ranked_terms(pd.DataFrame({"term": ["b", "a", "", "b", "c", "a"]}))
    ['a', 'b', 'c']
    """
    if isinstance(tokens, TokenStore):
        return list(aggregates.term_frequencies(tokens).index)
    frequency = tokens.loc[tokens["term"] != "", "term"].value_counts().to_dict()
    return sorted(frequency, key=lambda term: (-frequency[term], term))


def trim_attributes(trimmed: pd.DataFrame) -> dict:
    """What a network keeps of :func:`analysis.terms.docfreq_trim`, as plain values: ``trimmed`` (term ->
    share of documents, widest first), ``max_docfreq`` and ``trim_documents`` (the number of documents)."""
    return {"trimmed": dict(zip(trimmed["term"], trimmed["share"].astype(float), strict=True)),
            "max_docfreq": float(trimmed.attrs["max_docfreq"]), "trim_documents": int(trimmed.attrs["n_documents"])}


CAPTION_TERMS = 8  # trimmed terms named in a figure's caption; the notebook lists them all


def trimmed_caption(graph: nx.Graph, max_terms: int = CAPTION_TERMS) -> str:
    """The caption line of a network figure whose graph (:func:`keyword_network`,
    :func:`readable_two_mode_graph`) left terms out by the document-frequency ceiling: the ceiling, how many
    terms and the first ``max_terms`` of them, in the current language; ``""`` when nothing was trimmed.

    Examples
    --------
    >>> graph = nx.Graph(trimmed={"지원": 0.9, "사업": 0.6}, max_docfreq=0.5, trim_documents=100)
    >>> trimmed_caption(graph)
    'left out: 2 terms in more than 50% of the 100 documents (지원, 사업)'
    """
    trimmed = graph.graph.get("trimmed") or {}
    if not trimmed:
        return ""
    shown = list(trimmed)[:max_terms] + (["..."] if len(trimmed) > max_terms else [])
    return label("network.trimmed_caption", count=len(trimmed), ceiling=f"{graph.graph['max_docfreq']:.0%}",
                 documents=f"{graph.graph['trim_documents']:,}", terms=", ".join(shown))


def centrality_table(graph: nx.Graph, decimals: int | None = 4) -> pd.DataFrame:
    """Degree, betweenness, eigenvector and closeness centrality of every node, with its frequency; sorted by
    degree, then betweenness, then term. Unweighted (edge weights are ignored), rounded to ``decimals`` for
    display (``None``: full precision, as the exported tables and network files carry them).

    Normalisations are networkx's, which differ from igraph's defaults and UCINET's:

    - degree: degree / (n - 1) (igraph ``degree`` gives the raw count);
    - betweenness: shortest-path betweenness divided by the number of pairs of other nodes,
      (n - 1)(n - 2) / 2 for an undirected graph (igraph ``betweenness`` is unnormalised: Zachary's karate
      club gives 231.07 for node 1 there, 231.07 / 528 = 0.4376 here);
    - eigenvector: the leading eigenvector scaled to unit length (sum of squares 1), where igraph
      ``eigen_centrality`` scales the top node to 1;
    - closeness: (n - 1) / sum of distances to the nodes a node reaches, scaled by the share of the graph it
      reaches (Wasserman & Faust's correction for disconnected graphs; networkx ``wf_improved=True``).

    Examples
    --------
    >>> centrality_table(nx.star_graph(3)).loc[0, ["degree", "betweenness", "closeness"]].tolist()
    [1.0, 1.0, 1.0]
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["term", "frequency", "degree", "betweenness", "eigenvector", "closeness"])
    try:
        eigen = nx.eigenvector_centrality(graph, max_iter=5000, tol=1e-10)
    except nx.PowerIterationFailedConvergence:
        eigen = nx.eigenvector_centrality_numpy(graph)
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph)
    closeness = nx.closeness_centrality(graph)
    nodes = list(graph.nodes)
    table = pd.DataFrame({
        "term": nodes,
        "frequency": [graph.nodes[n].get("frequency", 0) for n in nodes],
        "degree": [degree[n] for n in nodes],
        "betweenness": [betweenness[n] for n in nodes],
        "eigenvector": [eigen[n] for n in nodes],
        "closeness": [closeness[n] for n in nodes],
    })
    table = table.sort_values(["degree", "betweenness", "term"], ascending=[False, False, True], ignore_index=True)
    numeric = ["degree", "betweenness", "eigenvector", "closeness"]
    if decimals is not None:
        table[numeric] = table[numeric].round(decimals)
    return table


def communities(graph: nx.Graph, weight: str = "weight") -> dict[str, int]:
    """Modularity-based communities (networkx greedy modularity; deterministic), numbered from 0 by size."""
    if graph.number_of_nodes() == 0:
        return {}
    groups = nx.community.greedy_modularity_communities(graph, weight=weight)
    ordered = sorted(groups, key=lambda g: (-len(g), sorted(g)[0]))
    return {node: i for i, group in enumerate(ordered) for node in group}


CONCOR_DIAGONALS = ("reciprocal", "ignore", "retain")


def _pair_correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of two profiles; 0 where either is constant (as migraph and concorR's NA -> 0)."""
    x, y = x - x.mean(), y - y.mean()
    norm = math.sqrt(float(x @ x) * float(y @ y))
    return float(x @ y) / norm if norm > 0 else 0.0


def profile_correlations(matrix: np.ndarray, nodes=None, diagonal: str = "reciprocal") -> np.ndarray:
    """First CONCOR step: the correlation of every pair of nodes' tie profiles.

    A node's profile is its column of ``matrix`` (ties received) stacked on its row (ties sent), over all the
    matrix's nodes; for an undirected graph the two halves are equal. ``nodes`` (indices, default all) are the
    nodes to correlate. When nodes i and j are compared, the cells of their profiles that lie on the pair's own
    rows are the self-ties x_ii, x_jj and the mutual ties x_ij, x_ji, and ``diagonal`` says what to do with them:

    - ``"reciprocal"`` (default, UCINET's default): compare i and j as if they swapped places, x_ii with x_jj and
      x_ji (j's tie to i) with x_ij (i's tie to j); two terms tied to each other count as alike in that tie.
      This is manynet/migraph's ``to_correlation(method = "complex")`` (their note: UCINET's variant).
    - ``"ignore"``: leave those cells out, as concorR (diagonal set to NA, pairwise-complete correlation).
    - ``"retain"``: correlate the columns as they are, zero diagonal included, as the older R packages concoR
      and migraph; a tie between i and j then counts as a difference.

    A pair with a constant profile (a node without ties) correlates 0.
    """
    if diagonal not in CONCOR_DIAGONALS:
        raise ValueError(f"diagonal must be one of {CONCOR_DIAGONALS}, not {diagonal!r}")
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2 or data.shape[0] != data.shape[1]:
        raise ValueError(f"CONCOR needs a square relation matrix, not shape {data.shape}")
    size = data.shape[0]
    nodes = list(range(size)) if nodes is None else [int(v) for v in nodes]
    profiles = {v: (data[:, v], data[v, :]) for v in nodes}  # ties received, ties sent
    result = np.eye(len(nodes))
    for p, q in combinations(range(len(nodes)), 2):
        i, j = nodes[p], nodes[q]
        x_parts, y_parts = [], []
        for half in (0, 1):
            x, y = profiles[i][half].copy(), profiles[j][half].copy()
            if diagonal == "reciprocal":
                y[i], y[j] = y[j], y[i]  # j's profile read with i and j swapped
            elif diagonal == "ignore":
                keep = np.ones(size, dtype=bool)
                keep[[i, j]] = False
                x, y = x[keep], y[keep]
            x_parts.append(x)
            y_parts.append(y)
        result[p, q] = result[q, p] = _pair_correlation(np.concatenate(x_parts), np.concatenate(y_parts))
    return result


def concor(matrix: np.ndarray, max_iter: int = 100, tol: float = 1e-6, diagonal: str = "reciprocal",
           nodes=None) -> tuple[np.ndarray, np.ndarray]:
    """One CONCOR split (Breiger, Boorman & Arabie 1975): correlate the nodes' tie profiles
    (:func:`profile_correlations`, with the self- and mutual-tie rule ``diagonal``), then correlate the
    correlation matrix again and again until every entry is +1 or -1 (or ``max_iter`` rounds).

    ``matrix`` is the square relation matrix of all nodes; ``nodes`` (indices, default all) the ones to split,
    their profiles still read over all nodes, as a second-level split does in UCINET and concorR.

    Returns (blocks, converged): ``blocks`` is 0/1 per node split (the block of the first node that has ties
    is 0), ``converged`` the final sign matrix. A node whose ties are all zero cannot be correlated and goes
    to block 0.

    Examples
    --------
    >>> a = np.array([[0, 1, 1, 1, 1], [0, 0, 1, 0, 0], [0, 1, 0, 1, 0], [0, 0, 1, 0, 0], [1, 1, 1, 1, 0]])
    >>> concor(a)[0].tolist()                  # concorR's README example: {a, e} | {b, c, d}
    [0, 1, 1, 1, 0]
    """
    data = np.asarray(matrix, dtype=float)
    nodes = list(range(data.shape[0])) if nodes is None else [int(v) for v in nodes]
    tied = np.array([data[v, :].any() or data[:, v].any() for v in nodes], dtype=bool)
    current = np.eye(len(nodes))
    idx = np.flatnonzero(tied)
    if len(idx) >= 2:
        corr = profile_correlations(data, [nodes[k] for k in idx], diagonal)
        for _ in range(max_iter):
            if np.max(np.abs(np.abs(corr) - 1)) < tol:
                break
            corr = np.nan_to_num(np.corrcoef(corr, rowvar=False))
        current[np.ix_(idx, idx)] = np.where(corr >= 0, 1.0, -1.0)
    blocks = np.zeros(len(nodes), dtype=int)
    if len(idx):
        blocks[idx] = np.where(current[idx[0], idx] > 0, 0, 1)
    return blocks, current


def concor_blocks(graph: nx.Graph, depth: int = 2, weight: str | None = None,
                  diagonal: str = "reciprocal") -> dict[str, str]:
    """CONCOR applied recursively ``depth`` times to the graph's adjacency matrix: a block label such as
    ``"01"`` per node (first split, then second). ``diagonal`` is the self- and mutual-tie rule of
    :func:`profile_correlations` (default ``"reciprocal"``, UCINET's). ``weight=None`` uses 0/1 ties; an edge
    attribute name correlates weighted ties. Blocks of fewer than 3 nodes are not split further.

    Examples
    --------
    >>> concor_blocks(nx.complete_bipartite_graph(3, 3), depth=1)
    {0: '0', 1: '0', 2: '0', 3: '1', 4: '1', 5: '1'}
    """
    nodes = sorted(graph.nodes)
    labels = {node: "" for node in nodes}
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
    position = {node: i for i, node in enumerate(nodes)}

    def split(members: list, level: int) -> None:
        if level == depth or len(members) < 3:
            return
        blocks, _ = concor(adjacency, diagonal=diagonal, nodes=[position[m] for m in members])
        parts = {0: [], 1: []}
        for member, block in zip(members, blocks, strict=True):
            labels[member] += str(block)
            parts[int(block)].append(member)
        for part in parts.values():
            split(part, level + 1)

    split(nodes, 0)
    return labels


DENSE_TWO_MODE = 0.5  # bipartite density from which a count graph only says that every group uses every term
KEY_LOG_RATIO = 1.0  # a key term is at least twice as frequent in the group as in the rest (Hardie 2014)


def two_mode_graph(tokens: pd.DataFrame, by: str = "doc_id", terms: list[str] | None = None,
                   min_count: int = 2, rule: str = "count", alpha: float = 0.05) -> nx.Graph:
    """A bipartite term x document (or group) graph. Node attribute ``mode`` is ``term`` or ``document``;
    ``graph.graph["rule"]`` says which edges were drawn.

    ``rule="count"``: an edge when the term occurs at least ``min_count`` times in the group, weighted by
    that count. ``rule="key"``: an edge only when the term is a key term of the group against all the
    other groups together (:func:`analysis.terms.keyness_table`: Dunning G2 over the whole vocabulary,
    positive and significant at ``alpha`` after Bonferroni) with a Log Ratio of at least
    :data:`KEY_LOG_RATIO` (Hardie 2014: at least twice as frequent); the weight is still the count, and
    the edge carries ``log_ratio``.

    >>> tokens = pd.DataFrame({"doc_id": list("aaab"), "term": ["의료", "의료", "도시", "도시"]})
    >>> sorted(two_mode_graph(tokens, min_count=2).edges)
    [('a', '의료')]
    """
    _check_rule(rule)
    counts = tokens[tokens["term"] != ""].groupby([by, "term"]).size()
    key = None
    if rule == "key":
        from analysis.terms import keyness_table

        key = _key_pairs(keyness_table(tokens, by=by, n=len(counts), min_count=min_count, alpha=alpha), by)
    return _two_mode_edges(counts, key, rule, terms, min_count)


def two_mode_graph_of_counts(counts: pd.Series, terms: list[str] | None = None, min_count: int = 2,
                             rule: str = "count", alpha: float = 0.05) -> nx.Graph:
    """:func:`two_mode_graph` of the counts (group, term) -> occurrences (the cells above zero, sorted:
    :func:`analysis.aggregates.group_term_counts` from the token store; groups named by the index's first
    level): the same graph as from the token table, nodes and edges in the same order. The key rule compares
    the groups' full count table, as :func:`analysis.terms.keyness_table` does.

    >>> counts = pd.Series([2, 1, 1], index=pd.MultiIndex.from_tuples([("a", "의료"), ("a", "도시"), ("b", "도시")],
    ...                                                               names=["doc_id", "term"]))
    >>> sorted(two_mode_graph_of_counts(counts, min_count=2).edges)
    [('a', '의료')]
    """
    from analysis.terms import keyness_from_counts

    _check_rule(rule)
    by = counts.index.names[0] or "group"
    key = None
    if rule == "key":
        wide = aggregates.wide_counts(counts.rename("n").rename_axis(["grp", "term"]).reset_index(), by)
        key = _key_pairs(keyness_from_counts(wide, n=len(counts), min_count=min_count, alpha=alpha), by)
    return _two_mode_edges(counts.sort_index(), key, rule, terms, min_count)


def _check_rule(rule: str) -> None:
    """A two-mode graph's rule is ``count`` or ``key``."""
    if rule not in ("count", "key"):
        raise ValueError(f"rule must be 'count' or 'key', not {rule!r}")


def _key_pairs(table: pd.DataFrame, by: str) -> dict:
    """(group, term) -> Log Ratio of the key terms of a keyness table with a Log Ratio of at least
    :data:`KEY_LOG_RATIO`."""
    table = table[table["log_ratio"] >= KEY_LOG_RATIO]
    return {(group, term): ratio for group, term, ratio in zip(table[by], table["term"], table["log_ratio"],
                                                              strict=True)}


def _two_mode_edges(counts: pd.Series, key: dict | None, rule: str, terms, min_count: int) -> nx.Graph:
    """The bipartite graph of (group, term) -> count, in that order: an edge for each count of at least
    ``min_count`` of a term in ``terms`` (all when None) and, when ``key`` is given, a key pair."""
    graph = nx.Graph(rule=rule)
    for (group, term), count in counts.items():
        if count < min_count or (terms is not None and term not in terms):
            continue
        if key is not None and (group, term) not in key:
            continue
        graph.add_node(str(group), mode="document")
        graph.add_node(term, mode="term")
        graph.add_edge(str(group), term, weight=int(count), **({} if key is None else {"log_ratio": key[group, term]}))
    return graph


def two_mode_density(graph: nx.Graph) -> float:
    """Edges of a bipartite graph over all possible edges between its two modes (0 for an empty graph)."""
    modes = pd.Series(dict(graph.nodes(data="mode")))
    possible = int((modes == "document").sum()) * int((modes == "term").sum())
    return graph.number_of_edges() / possible if possible else 0.0


def readable_two_mode_graph(tokens: pd.DataFrame | TokenStore, by: str = "doc_id", terms: list[str] | None = None,
                            min_count: int = 2, max_docfreq: float = MAX_DOCFREQ,
                            trim_from: int = TRIM_FROM_DOCUMENTS, groups: pd.Series | None = None) -> nx.Graph:
    """The two-mode graph notebook 06 draws: edges by count (:func:`two_mode_graph`), unless at least
    :data:`DENSE_TWO_MODE` of the possible edges are there - then nearly every group uses nearly every
    term, the drawing is a hairball that says only that, and the edges are the groups' key terms instead
    (``rule="key"``). ``graph.graph["rule"]`` says which, and ``graph.graph["count_density"]`` the
    density that decided. As in :func:`keyword_network`, on a corpus of at least ``trim_from`` documents
    the terms in more than ``max_docfreq`` of them are left out (:func:`analysis.terms.docfreq_trim`);
    ``graph.graph`` holds them as :func:`trim_attributes` says; tokens without ``doc_id`` (groups only) are
    not trimmed.

    ``tokens`` may be the corpus's token store: the counts are then made out of core
    (:func:`analysis.aggregates.group_term_counts`), by document (``by="doc_id"``) or by ``groups`` (doc_id -> group,
    ``by="group"``: the group a notebook's token table gives each token), and the graph is the same."""
    from_store = isinstance(tokens, TokenStore)
    if from_store:
        if by not in ("doc_id", "group") or (by == "group") != (groups is not None):
            raise ValueError("from a token store, two-mode groups are by='doc_id' (no groups) or by='group' with "
                             "groups (doc_id -> group)")
        counts = aggregates.group_term_counts(tokens, groups)
        draw = partial(two_mode_graph_of_counts, counts.rename_axis(index=[by, "term"]))
    else:
        draw = partial(two_mode_graph, tokens, by=by)
    trimmed = _two_mode_trim(tokens, max_docfreq, trim_from)
    if len(trimmed):
        if terms is None:
            terms = counts.index.unique("term") if from_store else tokens.loc[tokens["term"] != "", "term"].unique()
        terms = set(terms) - set(trimmed["term"])
    graph = draw(terms=terms, min_count=min_count)
    density = two_mode_density(graph)
    if density >= DENSE_TWO_MODE:
        graph = draw(terms=terms, min_count=min_count, rule="key")
    graph.graph.update(count_density=density, **trim_attributes(trimmed))
    return graph


def _two_mode_trim(tokens: pd.DataFrame | TokenStore, max_docfreq: float, trim_from: int) -> pd.DataFrame:
    """:func:`analysis.terms.docfreq_trim` of the tokens' documents; nothing for tokens without ``doc_id``."""
    if isinstance(tokens, TokenStore) or "doc_id" in tokens.columns:
        return docfreq_trim(tokens, max_docfreq=max_docfreq, min_documents=trim_from)
    return docfreq_trim(pd.DataFrame({"doc_id": [], "term": []}), max_docfreq=max_docfreq, min_documents=trim_from)


def shared_terms(graph: nx.Graph) -> list[str]:
    """The terms of a two-mode graph (:func:`two_mode_graph`) linked to more than one document or group,
    sorted.

    >>> tokens = pd.DataFrame({"doc_id": list("aabbb"), "term": ["의료", "의료", "의료", "의료", "도시"]})
    >>> shared_terms(two_mode_graph(tokens, min_count=2))
    ['의료']
    """
    return sorted(node for node, mode in graph.nodes(data="mode") if mode == "term" and graph.degree(node) > 1)
