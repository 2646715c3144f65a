"""Co-occurrence, association weights, centrality and CONCOR on hand-checked inputs."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import network as N

FIXTURES = Path(__file__).parent / "fixtures" / "stats"


def units(*sentences: list[str]) -> pd.DataFrame:
    rows = [("d", i, i, term) for i, terms in enumerate(sentences) for term in terms]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "line_id", "term"])


def test_cooccurrence_counts_and_weights_by_hand():
    tokens = units(["의료", "데이터"], ["의료", "데이터", "병원"], ["의료"], ["도시", "데이터"])
    edges = N.cooccurrence(tokens, min_count=1).set_index(["source", "target"])
    row = edges.loc[("데이터", "의료")]
    assert row["count"] == 2
    assert row["jaccard"] == 2 / (3 + 3 - 2)  # 데이터 in 3 units, 의료 in 3: exact, not rounded
    pmi = math.log2((2 / 4) / ((3 / 4) * (3 / 4)))
    assert row["pmi"] == pytest.approx(pmi, rel=1e-12)
    assert row["npmi"] == pytest.approx(pmi / -math.log2(2 / 4), rel=1e-12)
    assert set(row["units"]) == {("d", 0), ("d", 1)}
    assert N.cooccurrence(tokens, min_count=2).shape[0] == 1


def test_association_weights_reproduce_ucs_gold_values():
    # Evert's UCS toolkit (am.Jaccard, am.MI = log10 O11/E11), gold data of fau-klue/pandas-association-measures
    # (tests/fixtures/stats/README.md): f co-occurrences, f1 and f2 the two marginal frequencies, N the sample
    gold = pd.read_csv(FIXTURES / "ucs-gold-sample.tsv", sep="\t")
    jaccard, pmi, npmi = N.association_weights(gold["f"], gold["f1"], gold["f2"], gold["N"])
    assert jaccard == pytest.approx(gold["am.Jaccard"].to_numpy(), rel=1e-9)
    assert pmi == pytest.approx(gold["am.MI"].to_numpy() * math.log2(10), rel=1e-9)  # ours in bits
    assert ((npmi >= -1) & (npmi <= 1)).all()


def test_rare_pairs_keep_distinct_weights():
    # a large corpus: two rare pairs whose Jaccard differs only in the sixth decimal stay apart (rounded to 4
    # decimals inside cooccurrence, as before, both were 0.0001 and tied)
    jaccard, _, _ = N.association_weights(np.array([2, 2]), np.array([10_000, 10_000]), np.array([9_000, 8_000]),
                                          1_000_000)
    assert jaccard[0] != jaccard[1] and round(jaccard[0], 4) == round(jaccard[1], 4)


def test_terms_repeated_in_a_unit_count_once():
    edges = N.cooccurrence(units(["의료", "의료", "데이터"]), min_count=1)
    assert edges["count"].tolist() == [1]


def test_graph_keeps_the_strongest_edges():
    tokens = units(["a", "b"], ["a", "b"], ["a", "c"], ["a", "c"], ["a", "c"], ["b", "c"], ["b", "c"])
    edges = N.cooccurrence(tokens, min_count=1)
    graph = N.cooccurrence_graph(edges, weight="count", max_nodes=3, max_edges=2)
    # a-c is in 3 units; a-b and b-c in 2 each: the tie goes to the pair first by name, a-b
    assert sorted(tuple(sorted(e)) for e in graph.edges) == [("a", "b"), ("a", "c")]
    assert graph["a"]["c"]["count"] == 3
    with pytest.raises(ValueError):
        N.cooccurrence_graph(edges, weight="dice")


@pytest.fixture(scope="module")
def seed_tokens(corpus):
    return analysis.tokenize(corpus)


def test_keyword_network_by_hand():
    """Five sentences: 의료-데이터 share 3 (의료 in 4, 데이터 in 4: Jaccard 3/5), 의료-병원 and 데이터-병원 share 2
    (병원 in 3: Jaccard 2/5). With pairs in at least 2 sentences all three are edges; at 3, one is left."""
    tokens = units(["의료", "데이터"], ["의료", "데이터"], ["의료", "병원"], ["데이터", "병원"], ["의료", "데이터", "병원"])
    edges, graph = N.keyword_network(tokens, n_documents=1, unit="sent_id")
    weights = {tuple(sorted((a, b))): w for a, b, w in graph.edges(data="weight")}
    assert weights == {("데이터", "의료"): 3 / 5, ("데이터", "병원"): 2 / 5, ("병원", "의료"): 2 / 5}
    assert dict(graph.nodes(data="frequency")) == {"데이터": 4, "병원": 3, "의료": 4}
    edges, graph = N.keyword_network(tokens, n_documents=1, unit="sent_id", min_count=3)
    assert list(graph.edges) == [("데이터", "의료")] and edges["count"].tolist() == [3]


def test_keyword_network_on_a_large_corpus_keeps_the_most_frequent_terms(corpus, seed_tokens):
    counts = seed_tokens.loc[seed_tokens["term"] != "", "term"].value_counts()
    full, _ = N.keyword_network(seed_tokens, len(corpus), large_corpus=len(corpus))  # not above: no cut
    assert full.attrs["frequency"].keys() == set(counts.index)
    edges, graph = N.keyword_network(seed_tokens, len(corpus), large_corpus=len(corpus) - 1, vocabulary_size=30)
    kept = set(edges.attrs["frequency"])
    cut = counts.iloc[29]  # the 30th term's number of tokens
    assert len(kept) == 30 and kept >= set(counts[counts > cut].index) and kept <= set(counts[counts >= cut].index)
    assert set(edges["source"]) | set(edges["target"]) <= kept and set(graph.nodes) <= kept
    assert 0 < len(edges) < len(full)
    tied = sorted(counts[counts == cut].index)
    above = int((counts > cut).sum())
    assert len(tied) > 30 - above  # the seeds have a tie at the cut: it goes by term, not by token order
    assert kept & set(tied) == set(tied[:30 - above])


def test_centrality_of_a_star():
    graph = nx.star_graph(4)  # centre 0 and leaves 1-4
    table = N.centrality_table(graph).set_index("term")
    assert table.loc[0, "degree"] == 1.0 and table.loc[0, "betweenness"] == 1.0
    assert table.loc[1, "betweenness"] == 0.0
    assert table.index[0] == 0


def test_centrality_normalisations_on_the_karate_club():
    # Zachary's karate club. igraph's C tutorial (example 3, also asserted by the Rust and Perl igraph bindings)
    # publishes the unnormalised betweenness of vertex 0 as 231.0714 and its closeness as 1/58; R igraph's
    # betweenness(karate) lists 231.07, 28.48, 75.85 for vertices 1-3. networkx divides betweenness by the
    # (n-1)(n-2)/2 = 528 pairs of other nodes and multiplies closeness by n - 1 = 33.
    graph = nx.karate_club_graph()
    table = N.centrality_table(graph).set_index("term")
    assert table.loc[0, "betweenness"] == pytest.approx(231.0714 / 528, abs=1e-4)
    assert table.loc[2, "betweenness"] == pytest.approx(75.8508 / 528, abs=1e-4)
    assert table.loc[0, "closeness"] == pytest.approx(33 / 58, abs=1e-4)
    assert table.loc[33, "degree"] == pytest.approx(17 / 33, abs=1e-4)  # vertex 33 has the top degree, 17
    # eigenvector of unit length (igraph would scale vertex 33 to 1 instead)
    assert float((table["eigenvector"] ** 2).sum()) == pytest.approx(1, abs=1e-3)
    assert table["eigenvector"].idxmax() == 33


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


# concorR's README example (github.com/ATraxLab/concorR, README.Rmd "Example"): R fills
# matrix(c(0,0,0,0,1, 1,0,1,0,1, 1,1,0,1,1, 1,0,1,0,1, 1,0,0,0,0), ncol = 5) by column; concor(list(a))
# prints blocks {b, c, d} and {a, e}.
CONCORR_README = np.array([[0, 0, 0, 0, 1], [1, 0, 1, 0, 1], [1, 1, 0, 1, 1], [1, 0, 1, 0, 1], [1, 0, 0, 0, 0]]).T


def split_of(blocks, names="abcde"):
    groups = {}
    for name, block in zip(names, blocks, strict=True):
        groups.setdefault(int(block), set()).add(name)
    return sorted(map(frozenset, groups.values()), key=sorted)


@pytest.mark.parametrize("diagonal", ["reciprocal", "ignore"])
def test_concor_reproduces_the_concorr_readme_split(diagonal):
    blocks, converged = N.concor(CONCORR_README, diagonal=diagonal)
    assert split_of(blocks) == [frozenset("ae"), frozenset("bcd")]
    assert set(np.unique(converged)) == {-1.0, 1.0}


def test_concor_retaining_the_zero_diagonal_splits_differently():
    # correlating the zero diagonal as data (the older concoR / migraph rule, and this package before) puts c
    # with a and e: the tie between two nodes counts against their similarity
    blocks, _ = N.concor(CONCORR_README, diagonal="retain")
    assert split_of(blocks) == [frozenset("ace"), frozenset("bd")]
    with pytest.raises(ValueError, match="diagonal"):
        N.concor(CONCORR_README, diagonal="zero")


def test_reciprocal_rule_reads_a_mutual_tie_as_likeness():
    # two nodes tied to each other and to nothing else: with the zero diagonal retained their profiles
    # (0, 1) and (1, 0) correlate -1; compared as if they swapped places (reciprocal) they correlate +1
    adjacency = np.array([[0, 1], [1, 0]])
    assert N.profile_correlations(adjacency, diagonal="retain")[0, 1] == pytest.approx(-1)
    assert N.profile_correlations(adjacency, diagonal="reciprocal")[0, 1] == pytest.approx(1)


def test_concor_ignore_matches_pairwise_complete_correlation():
    # concorR sets the diagonal to NA and correlates with use = "pairwise.complete.obs" over the matrix
    # stacked on its transpose: pandas' pairwise-complete corr is the same computation
    data = CONCORR_README.astype(float)
    masked = data.copy()
    np.fill_diagonal(masked, np.nan)
    stacked = pd.DataFrame(np.vstack([masked, masked.T]))
    expected = stacked.corr(min_periods=1).to_numpy()
    ours = N.profile_correlations(data, diagonal="ignore")
    assert ours == pytest.approx(expected)


def test_concor_blocks_second_split_reads_profiles_over_all_nodes():
    graph = nx.Graph([("h1", "a"), ("h1", "b"), ("h1", "c"), ("h2", "d"), ("h2", "e"), ("h2", "f"), ("h1", "h2")])
    labels = N.concor_blocks(graph, depth=2)
    # first split by whom a node is tied to: h1's leaves go with h2 (both tied to h1), h2's leaves with h1;
    # then each half splits into the leaves and the hub
    assert labels == {"a": "00", "b": "00", "c": "00", "h2": "01", "d": "10", "e": "10", "f": "10", "h1": "11"}
    assert N.concor_blocks(graph, depth=1, diagonal="retain") == \
        {node: label[0] for node, label in N.concor_blocks(graph, depth=2, diagonal="retain").items()}


def test_two_mode_graph():
    tokens = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 2, "term": ["의료", "의료", "도시", "도시", "도시"]})
    graph = N.two_mode_graph(tokens, min_count=2)
    assert set(graph.edges) == {("a", "의료"), ("b", "도시")}
    assert graph.nodes["a"]["mode"] == "document" and graph.nodes["도시"]["mode"] == "term"
    assert graph.graph["rule"] == "count" and N.two_mode_density(graph) == 0.5


def _saturated_tokens() -> pd.DataFrame:
    """Three groups that all use all three terms: a dense count graph; each group leans on one term."""
    rows = []
    for group, leaning in (("가", "의료"), ("나", "도시"), ("다", "교육")):
        for term in ("의료", "도시", "교육"):
            rows += [(group, term)] * (60 if term == leaning else 5)
        rows += [(group, "기타")] * 30
    return pd.DataFrame(rows, columns=["group", "term"])


def test_two_mode_key_rule_keeps_each_groups_key_terms_only():
    tokens = _saturated_tokens()
    counted = N.two_mode_graph(tokens, by="group", min_count=2)
    assert N.two_mode_density(counted) == 1.0  # everyone uses everything: the hairball
    key = N.two_mode_graph(tokens, by="group", min_count=2, rule="key")
    assert key.graph["rule"] == "key"
    assert set(key.edges) == {("가", "의료"), ("나", "도시"), ("다", "교육")}
    # the Log Ratio on the edge is keyness_table's: 60 of 125 against 10 of 250 in the rest
    assert key.edges["가", "의료"]["log_ratio"] == pytest.approx(math.log2((60 / 125) / (10 / 250)), abs=1e-3)


def test_readable_two_mode_graph_switches_only_when_dense():
    dense = N.readable_two_mode_graph(_saturated_tokens(), by="group", min_count=2)
    assert dense.graph["rule"] == "key" and dense.graph["count_density"] == 1.0
    sparse = pd.DataFrame({"doc_id": list("aabbcc"), "term": ["의료", "의료", "도시", "도시", "교육", "교육"]})
    graph = N.readable_two_mode_graph(sparse, min_count=2)
    assert graph.graph["rule"] == "count" and graph.graph["count_density"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="rule"):
        N.two_mode_graph(sparse, rule="lift")


def test_shared_terms_are_the_terms_linked_to_several_documents():
    tokens = pd.DataFrame({"doc_id": list("aaabbbcc"), "term": ["의료", "의료", "도시", "의료", "의료", "도시", "교육",
                                                              "교육"]})
    graph = N.two_mode_graph(tokens, min_count=1)
    assert N.shared_terms(graph) == ["도시", "의료"]  # 교육 only in c
    assert N.shared_terms(N.two_mode_graph(tokens, min_count=2)) == ["의료"]
    assert N.shared_terms(nx.Graph()) == []
