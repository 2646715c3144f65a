"""Co-occurrence, association weights, centrality and CONCOR on hand-checked inputs."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import aggregates as A
from analysis import network as N
from analysis.corpus import document_groups
from analysis.paths import SHARED_CORPORA
from analysis.tokens import per_document, token_store

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


def widespread_corpus(n_documents: int) -> pd.DataFrame:
    """Tokens of ``n_documents`` documents of two sentences each: 지원 in every sentence of every document,
    의료 + 병원 in the even documents, 도시 + 교통 in the odd ones (so each pair is in half of them)."""
    rows = []
    for d in range(n_documents):
        pair = ["의료", "병원"] if d % 2 == 0 else ["도시", "교통"]
        for s in range(2):
            rows += [(f"d{d:03d}", s, term) for term in ["지원", *pair]]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "term"])


def test_keyword_network_trims_the_terms_of_nearly_every_document():
    tokens = widespread_corpus(60)  # 지원 in 60 of 60 documents (share 1 > 0.5); the others in 30 (0.5: kept)
    edges, graph = N.keyword_network(tokens, 60, max_docfreq=0.5)
    assert edges.attrs["trimmed"] == {"지원": 1.0} and graph.graph["trimmed"] == {"지원": 1.0}
    assert graph.graph["max_docfreq"] == 0.5 and graph.graph["trim_documents"] == 60
    assert "지원" not in graph and "지원" not in set(edges["source"]) | set(edges["target"])
    # the pairs left are the two topic pairs, each in 2 sentences x 30 documents
    assert sorted(zip(edges["source"], edges["target"], edges["count"], strict=True)) == [
        ("교통", "도시", 60), ("병원", "의료", 60)]
    assert N.trimmed_caption(graph) == "left out: 1 terms in more than 50% of the 60 documents (지원)"
    untrimmed, full = N.keyword_network(tokens, 60, max_docfreq=0.5, trim_from=61)  # below the corpus size at which it applies
    assert "지원" in full and full.graph["trimmed"] == {} and N.trimmed_caption(full) == ""
    assert len(untrimmed) == 6  # 지원 with each of the four others, and the two pairs


def test_a_small_corpus_is_not_trimmed():
    tokens = widespread_corpus(5)
    edges, graph = N.keyword_network(tokens, 5, max_docfreq=0.5)
    assert graph.graph["trimmed"] == {} and "지원" in graph
    expected = N.cooccurrence(tokens, min_count=2)
    pd.testing.assert_frame_equal(edges, expected)


def test_the_two_mode_graph_leaves_out_the_trimmed_terms():
    def with_own_terms(tokens):  # each document also has a term of its own, so the count graph is sparse
        own = tokens.drop_duplicates("doc_id").assign(term=lambda d: "고유" + d["doc_id"])
        return pd.concat([tokens, own, own], ignore_index=True)

    graph = N.readable_two_mode_graph(with_own_terms(widespread_corpus(60)), by="doc_id", min_count=2, max_docfreq=0.5)
    terms = {n for n, mode in graph.nodes(data="mode") if mode == "term"}
    assert graph.graph["rule"] == "count" and graph.graph["trimmed"] == {"지원": 1.0}
    assert "지원" not in terms and {"의료", "병원", "도시", "교통", "고유d000"} <= terms
    assert graph.degree("의료") == 30  # the even documents
    untrimmed = N.readable_two_mode_graph(with_own_terms(widespread_corpus(60)), by="doc_id", min_count=2,
                                          max_docfreq=0.5, trim_from=61)
    assert untrimmed.graph["trimmed"] == {} and untrimmed.degree("지원") == 60
    small = N.readable_two_mode_graph(with_own_terms(widespread_corpus(5)), by="doc_id", min_count=2, max_docfreq=0.5)
    assert "지원" in small and small.graph["trimmed"] == {}


def test_the_default_ceiling_trims_from_the_named_share_and_corpus_size():
    from analysis.terms import MAX_DOCFREQ, TRIM_FROM_DOCUMENTS

    tokens = widespread_corpus(TRIM_FROM_DOCUMENTS)  # 지원 in every document; each pair in half of them
    _, graph = N.keyword_network(tokens, TRIM_FROM_DOCUMENTS)
    expected = {"지원": 1.0} | ({"교통": 0.5, "도시": 0.5, "병원": 0.5, "의료": 0.5} if MAX_DOCFREQ < 0.5 else {})
    assert graph.graph["trimmed"] == expected and graph.graph["max_docfreq"] == MAX_DOCFREQ
    _, below = N.keyword_network(widespread_corpus(TRIM_FROM_DOCUMENTS - 2), TRIM_FROM_DOCUMENTS - 2)
    assert below.graph["trimmed"] == {}


# --- the network from the token store (out of core) equals the network from the token table (#19) ---

EPIC = SHARED_CORPORA / "kdi-epic"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seeds with the seeds' lexicon: corpus, token table (with each token's group, as ``session.tokens``),
    the token store in a cache of its own, and the groups."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield _tokens_and_store(analysis.load_corpus(), analysis.lexicon_folder())


def _tokens_and_store(corpus: pd.DataFrame, lexicon_folder):
    lexicon = analysis.load_lexicon(lexicon_folder)
    store = token_store(corpus, lexicon=lexicon)
    groups = document_groups(corpus)
    tokens = store.table()
    tokens["group"] = per_document(tokens, groups)
    return corpus, tokens, store, groups


def assert_same_graph(expected: nx.Graph, got: nx.Graph) -> None:
    """Same nodes and edges with the same attributes, in the same order, and the same graph attributes."""
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(got.edges(data=True)) == list(expected.edges(data=True))
    assert got.graph == expected.graph


def assert_same_network(tokens, store, n_documents: int, **options) -> pd.DataFrame:
    """keyword_network from the store equals it from the token table: every column of the edges (the units
    each edge keeps included), the units' frequencies in the same order, the trim attributes and the graph."""
    expected_edges, expected_graph = N.keyword_network(tokens, n_documents, **options)
    edges, graph = N.keyword_network(store, n_documents, **options)
    pd.testing.assert_frame_equal(edges, expected_edges)
    assert list(edges.attrs["frequency"].items()) == list(expected_edges.attrs["frequency"].items())
    assert edges.attrs == expected_edges.attrs
    assert_same_graph(expected_graph, graph)
    return edges


@pytest.mark.parametrize("unit", ["sent_id", "line_id"])
def test_keyword_network_from_the_store_equals_the_token_tables(seed_store, unit):
    corpus, tokens, store, _ = seed_store
    edges = assert_same_network(tokens, store, len(corpus), unit=unit)
    assert len(edges) > 1000 and edges["units"].map(len).max() == N.MAX_UNITS_KEPT
    # the large-corpus rule: only the most frequent terms, the cut tied by term as in the table
    assert_same_network(tokens, store, len(corpus), unit=unit, large_corpus=len(corpus) - 1, vocabulary_size=30)


def test_the_two_mode_graph_from_the_store_equals_the_token_tables(seed_store):
    corpus, tokens, store, groups = seed_store
    _, graph = N.keyword_network(store, len(corpus))
    for rule in ("count", "key"):
        expected = N.two_mode_graph(tokens, by="group", min_count=3, rule=rule)
        assert_same_graph(expected, N.two_mode_graph_of_counts(A.group_term_counts(store, groups), min_count=3,
                                                               rule=rule))
    assert_same_graph(N.readable_two_mode_graph(tokens, by="group", terms=set(graph.nodes), min_count=3),
                      N.readable_two_mode_graph(store, by="group", terms=set(graph.nodes), min_count=3, groups=groups))
    assert_same_graph(N.readable_two_mode_graph(tokens, by="doc_id", min_count=2),
                      N.readable_two_mode_graph(store, by="doc_id", min_count=2))
    with pytest.raises(ValueError, match="groups"):
        N.readable_two_mode_graph(store, by="group")


def test_an_edges_sentences_from_the_store(seed_store):
    corpus, tokens, store, _ = seed_store
    edges, _ = N.keyword_network(store, len(corpus))
    keys = edges["units"].iloc[0][:3]
    quoted = A.sentences_of(store, corpus, keys).set_index(["doc_id", "sent_id"])["sentence"]
    everything = analysis.sentences(corpus, tokens).set_index(["doc_id", "sent_id"])["sentence"]
    assert len(quoted) == 3 and [quoted.loc[key] for key in keys] == [everything.loc[key] for key in keys]


def test_cooccurrence_counts_on_hand_made_units(tmp_cache):
    # two documents whose doc_ids sort in the opposite order of the corpus: units are listed by doc_id
    corpus = pd.DataFrame({"doc_id": ["b", "a"], "text": ["의료 데이터. 의료 데이터 병원.", "의료 데이터."]})
    tokens = analysis.tokenize(corpus)
    store = token_store(corpus)
    counted = A.cooccurrence_counts(store, "sent_id", min_count=1)
    expected = N.cooccurrence(tokens, min_count=1)
    pd.testing.assert_frame_equal(N.cooccurrence(store, min_count=1), expected)
    row = counted.pairs.set_index(["source", "target"]).loc[("데이터", "의료")]
    assert row["count"] == 3 and row["units"][0][0] == "a" and counted.n_units == 3
    with pytest.raises(ValueError, match="unit"):
        A.cooccurrence_counts(store, "doc_id")


@pytest.mark.corpus
@pytest.mark.skipif(not EPIC.exists(), reason="../shared/corpora/kdi-epic is not beside the repository")
def test_keyword_network_from_the_store_on_epic(tmp_path_factory):
    """The first 300 KDI EPIC documents: the document-frequency ceiling trims (300 >= 50 documents) and, with
    the large-corpus rule lowered to 100 documents, the vocabulary is cut to 500 terms; both units."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        corpus = analysis.load_corpus(EPIC).head(300).reset_index(drop=True)
        corpus, tokens, store, groups = _tokens_and_store(corpus, analysis.lexicon_folder(EPIC))
        for unit in ("sent_id", "line_id"):
            edges = assert_same_network(tokens, store, len(corpus), unit=unit)
            assert edges.attrs["trimmed"] and len(edges) > 10_000
            assert_same_network(tokens, store, len(corpus), unit=unit, large_corpus=100)
        _, graph = N.keyword_network(store, len(corpus))
        assert_same_graph(N.readable_two_mode_graph(tokens, by="group", terms=set(graph.nodes), min_count=3),
                          N.readable_two_mode_graph(store, by="group", terms=set(graph.nodes), min_count=3,
                                                    groups=groups))
        assert_same_graph(N.readable_two_mode_graph(tokens, by="doc_id", min_count=3),
                          N.readable_two_mode_graph(store, by="doc_id", min_count=3))
