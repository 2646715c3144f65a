"""Co-occurrence, association weights, centrality and CONCOR on hand-checked inputs."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis import network as N


def units(*sentences: list[str]) -> pd.DataFrame:
    rows = [("d", i, i, term) for i, terms in enumerate(sentences) for term in terms]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "line_id", "term"])


def test_cooccurrence_counts_and_weights_by_hand():
    tokens = units(["의료", "데이터"], ["의료", "데이터", "병원"], ["의료"], ["도시", "데이터"])
    edges = N.cooccurrence(tokens, min_count=1).set_index(["source", "target"])
    row = edges.loc[("데이터", "의료")]
    assert row["count"] == 2
    assert row["jaccard"] == pytest.approx(2 / (3 + 3 - 2), abs=1e-4)  # 데이터 in 3 units, 의료 in 3
    assert row["pmi"] == pytest.approx(math.log2((2 / 4) / ((3 / 4) * (3 / 4))), abs=1e-4)
    assert set(row["units"]) == {("d", 0), ("d", 1)}
    assert N.cooccurrence(tokens, min_count=2).shape[0] == 1


def test_terms_repeated_in_a_unit_count_once():
    edges = N.cooccurrence(units(["의료", "의료", "데이터"]), min_count=1)
    assert edges["count"].tolist() == [1]


def test_graph_keeps_the_strongest_edges():
    tokens = units(["a", "b"], ["a", "b"], ["a", "c"], ["a", "c"], ["a", "c"], ["b", "c"], ["b", "c"])
    edges = N.cooccurrence(tokens, min_count=1)
    graph = N.cooccurrence_graph(edges, weight="count", max_nodes=3, max_edges=2)
    assert sorted(tuple(sorted(e)) for e in graph.edges) == [("a", "b"), ("a", "c")] or \
        sorted(tuple(sorted(e)) for e in graph.edges) == [("a", "c"), ("b", "c")]
    assert graph["a"]["c"]["count"] == 3
    with pytest.raises(ValueError):
        N.cooccurrence_graph(edges, weight="dice")


def test_centrality_of_a_star():
    graph = nx.star_graph(4)  # centre 0 and leaves 1-4
    table = N.centrality_table(graph).set_index("term")
    assert table.loc[0, "degree"] == 1.0 and table.loc[0, "betweenness"] == 1.0
    assert table.loc[1, "betweenness"] == 0.0
    assert table.index[0] == 0


def test_communities_of_two_cliques():
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    groups = N.communities(graph, weight=None)
    assert groups["a"] == groups["b"] == groups["c"] != groups["x"] == groups["y"] == groups["z"]


def test_concor_worked_example_complete_bipartite():
    # K(3,3): nodes 0-2 are tied to every node 3-5 and to none of their own side. Each side is
    # structurally equivalent, so CONCOR's first split must be {0,1,2} | {3,4,5}, and the iterated
    # correlations converge to +1 within a side and -1 across.
    adjacency = np.zeros((6, 6))
    adjacency[:3, 3:] = adjacency[3:, :3] = 1
    blocks, converged = N.concor(adjacency)
    assert len(set(blocks[:3])) == 1 and len(set(blocks[3:])) == 1 and blocks[0] != blocks[3]
    expected = np.where(np.equal.outer(blocks, blocks), 1.0, -1.0)
    assert np.array_equal(converged, expected)


def test_concor_worked_example_two_stars():
    # two stars joined at their hubs. A node's profile is whom it is tied to: leaf a is tied only to h1,
    # and so is hub h2 (besides its own leaves), so a correlates positively with h2 and negatively with h1.
    # By hand the first split is therefore {a, b, c, h2} | {h1, d, e, f}: each hub sits with the other
    # star's leaves. Modularity communities would instead return the two stars.
    graph = nx.Graph([("h1", "a"), ("h1", "b"), ("h1", "c"), ("h2", "d"), ("h2", "e"), ("h2", "f"), ("h1", "h2")])
    labels = N.concor_blocks(graph, depth=1)
    assert labels["a"] == labels["b"] == labels["c"] == labels["h2"]
    assert labels["d"] == labels["e"] == labels["f"] == labels["h1"]
    assert labels["a"] != labels["h1"]


def test_concor_isolated_node_goes_to_block_zero():
    adjacency = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]])
    blocks, _ = N.concor(adjacency)
    assert blocks[2] == 0


def test_two_mode_graph():
    tokens = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 2, "term": ["의료", "의료", "도시", "도시", "도시"]})
    graph = N.two_mode_graph(tokens, min_count=2)
    assert set(graph.edges) == {("a", "의료"), ("b", "도시")}
    assert graph.nodes["a"]["mode"] == "document" and graph.nodes["도시"]["mode"] == "term"
