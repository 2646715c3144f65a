"""How the key terms hang together: co-occurrence, association weights, centrality, communities, CONCOR.

Two terms co-occur when they appear in the same unit: a sentence (``sent_id``) or a paragraph
(``line_id``: after cleaning, each line is a paragraph or a bullet item). Every edge keeps the units it
was counted in, so it can be traced to its sentences.
"""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from analysis.tokens import terms_by_unit

EDGE_COLUMNS = ["source", "target", "count", "jaccard", "pmi", "npmi", "units"]


def term_units(tokens: pd.DataFrame, unit: str = "sent_id") -> pd.Series:
    """The set of distinct terms of each unit, indexed by (doc_id, unit)."""
    return terms_by_unit(tokens, unit).map(lambda terms: tuple(sorted(set(terms))))


MAX_UNITS_KEPT = 20


def cooccurrence(tokens: pd.DataFrame, unit: str = "sent_id", min_count: int = 2, vocabulary=None) -> pd.DataFrame:
    """Co-occurrence of term pairs within units, with three association weights.

    Returns source, target (source < target), count (units where both occur), jaccard
    (count / units with either), pmi (log2 of observed over expected co-occurrence), npmi (PMI
    normalised to [-1, 1]) and units (the first ``MAX_UNITS_KEPT`` (doc_id, unit) keys, to trace an edge
    to its text).
    Only pairs seen in at least ``min_count`` units; ``vocabulary`` limits the terms considered.
    """
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
    n_units = len(units)
    rows = []
    for (a, b), (count, keys) in pairs.items():
        if count < min_count:
            continue
        fa, fb = frequency[a], frequency[b]
        p_ab, p_a, p_b = count / n_units, fa / n_units, fb / n_units
        pmi = math.log2(p_ab / (p_a * p_b))
        npmi = pmi / -math.log2(p_ab) if p_ab < 1 else 1.0
        rows.append((a, b, count, round(count / (fa + fb - count), 4), round(pmi, 4), round(npmi, 4), tuple(keys)))
    edges = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    edges.attrs["frequency"] = frequency
    return edges.sort_values(["count", "source", "target"], ascending=[False, True, True], ignore_index=True)


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


def centrality_table(graph: nx.Graph) -> pd.DataFrame:
    """Degree, betweenness, eigenvector and closeness centrality of every node (networkx), with the
    node's frequency; sorted by degree centrality, then betweenness, then term."""
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
    numeric = ["degree", "betweenness", "eigenvector", "closeness"]
    table[numeric] = table[numeric].round(4)
    return table.sort_values(["degree", "betweenness", "term"], ascending=[False, False, True], ignore_index=True)


def communities(graph: nx.Graph, weight: str = "weight") -> dict[str, int]:
    """Modularity-based communities (networkx greedy modularity; deterministic), numbered from 0 by size."""
    if graph.number_of_nodes() == 0:
        return {}
    groups = nx.community.greedy_modularity_communities(graph, weight=weight)
    ordered = sorted(groups, key=lambda g: (-len(g), sorted(g)[0]))
    return {node: i for i, group in enumerate(ordered) for node in group}


def concor(matrix: np.ndarray, max_iter: int = 100, tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """One CONCOR split (Breiger, Boorman & Arabie 1975, as in UCINET): correlate the columns of the
    (stacked) relation matrix, then correlate the correlation matrix again, until every entry is +1 or -1.

    Returns (blocks, converged): ``blocks`` is 0/1 per node (which side of the split), ``converged`` the
    final correlation matrix. A node whose ties are all zero cannot be correlated and goes to block 0.
    """
    data = np.asarray(matrix, dtype=float)
    data = np.vstack([data, data.T]) if data.shape[0] == data.shape[1] else data
    n = data.shape[1]
    varying = data.std(axis=0) > 0
    current = np.eye(n)
    sub = data[:, varying]
    if sub.shape[1] >= 2:
        corr = np.corrcoef(sub, rowvar=False)
        for _ in range(max_iter):
            nxt = np.corrcoef(corr, rowvar=False)
            nxt = np.nan_to_num(nxt)
            if np.max(np.abs(np.abs(nxt) - 1)) < tol:
                corr = nxt
                break
            corr = nxt
        current[np.ix_(varying, varying)] = np.sign(corr)
    blocks = np.zeros(n, dtype=int)
    idx = np.flatnonzero(varying)
    if len(idx):
        anchor = idx[0]
        for j in idx:
            blocks[j] = 0 if current[anchor, j] > 0 else 1
    return blocks, current


def concor_blocks(graph: nx.Graph, depth: int = 2, weight: str | None = None) -> dict[str, str]:
    """CONCOR applied recursively ``depth`` times to the graph's adjacency matrix: a block label such as
    ``"01"`` per node (first split, then second). Blocks of fewer than 3 nodes are not split further."""
    nodes = sorted(graph.nodes)
    labels = {node: "" for node in nodes}

    def split(members: list[str], level: int) -> None:
        if level == depth or len(members) < 3:
            return
        adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
        columns = [nodes.index(m) for m in members]
        blocks, _ = concor(adjacency[:, columns])
        parts = {0: [], 1: []}
        for member, block in zip(members, blocks, strict=True):
            labels[member] += str(block)
            parts[int(block)].append(member)
        for part in parts.values():
            split(part, level + 1)

    split(nodes, 0)
    return labels


def two_mode_graph(tokens: pd.DataFrame, by: str = "doc_id", terms: list[str] | None = None,
                   min_count: int = 2) -> nx.Graph:
    """A bipartite term x document (or group) graph: an edge when the term occurs at least ``min_count``
    times in the document, weighted by that count. Node attribute ``mode`` is ``term`` or ``document``."""
    counts = tokens[tokens["term"] != ""].groupby([by, "term"]).size()
    graph = nx.Graph()
    for (group, term), count in counts.items():
        if count < min_count or (terms is not None and term not in terms):
            continue
        graph.add_node(str(group), mode="document")
        graph.add_node(term, mode="term")
        graph.add_edge(str(group), term, weight=int(count))
    return graph
