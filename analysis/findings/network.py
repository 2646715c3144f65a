"""Findings of notebook 06: the co-occurring pairs, the most central term, the communities and the two-mode
graph of terms and documents."""

from __future__ import annotations

import pandas as pd

from analysis.findings.core import DOMINANT_RATIO, MIN_PAIR_UNITS, TOP_LISTED, Finding, plural
from analysis.network import shared_terms


def network_findings(edges: pd.DataFrame, graph=None, centrality: pd.DataFrame | None = None,
                     community: dict | None = None, min_count: int = 2, bipartite=None,
                     unit: str = "document") -> list[Finding]:
    """Findings of notebook 06: how many term pairs co-occur, the most frequent and most associated pair,
    the term with the highest betweenness (standing out by :data:`DOMINANT_RATIO`) and the communities.

    Parameters
    ----------
    edges : :func:`analysis.cooccurrence` over sentences, with ``min_count`` as given to it.
    graph, centrality, community : :func:`analysis.cooccurrence_graph`, :func:`analysis.centrality_table`,
        :func:`analysis.network.communities`.
    bipartite : :func:`analysis.network.readable_two_mode_graph`, for how many terms link several documents
        (and, when its rule is ``key``, how many are key for several).
    unit : what a two-mode node stands for ("document" or "publisher").

    Examples
    --------
    >>> found = network_findings(edges, graph, centrality, community)          # doctest: +SKIP
    """
    if edges.empty:
        return [Finding("network.no_pairs", "No pair of terms co-occurs in at least {min_count} sentences: too "
                        "little text for a co-occurrence network.", {"min_count": min_count})]
    out = []
    frequent = edges.sort_values(["count", "source", "target"], ascending=[False, True, True]).iloc[0]
    out.append(Finding("network.pairs", "Pairs of terms sharing {min_count} or more sentences: {pairs}; the "
                       "most frequent, {a} with {b}, shares {count}.",
                       {"pairs": len(edges), "min_count": min_count, "a": frequent["source"], "b": frequent["target"],
                        "count": int(frequent["count"])}))
    strong = edges[edges["count"] >= MIN_PAIR_UNITS]
    if len(strong):
        top = strong.sort_values(["jaccard", "count", "source", "target"], ascending=[False, False, True, True]).iloc[0]
        out.append(Finding("network.association", "Of the pairs in {threshold} or more sentences, {a} with {b} is the "
                           "most associated (Jaccard {jaccard}, {count} sentences).",
                           {"threshold": MIN_PAIR_UNITS, "a": top["source"], "b": top["target"],
                            "jaccard": float(top["jaccard"]), "count": int(top["count"])}))
    if graph is not None and centrality is not None and len(centrality):
        ranked = centrality.sort_values(["betweenness", "term"], ascending=[False, True])
        first = ranked.iloc[0]
        second = float(ranked["betweenness"].iloc[1]) if len(ranked) > 1 else 0.0
        params = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "term": first["term"],
                  "betweenness": float(first["betweenness"]), "second": second, "ratio": DOMINANT_RATIO}
        if float(first["betweenness"]) > 0 and float(first["betweenness"]) >= DOMINANT_RATIO * second:
            out.append(Finding("network.bridge", "Highest betweenness: {term} ({betweenness}), at least {ratio} times "
                               "the next ({second}), in a graph of {nodes} terms with {edges} edges: it is the main "
                               "go-between of the network.", params))
        else:
            out.append(Finding("network.betweenness", "Highest betweenness: {term} ({betweenness}), less than {ratio} "
                               "times the next ({second}), in a graph of {nodes} terms with {edges} edges: no single "
                               "term holds the network together.", params))
    if community:
        members = pd.Series(community)
        frequency = {} if centrality is None else dict(zip(centrality["term"], centrality["frequency"], strict=True))
        largest = members[members == 0].index
        top = sorted(largest, key=lambda t: (-frequency.get(t, 0), t))[:TOP_LISTED]
        out.append(Finding("network.communities", "Modularity finds {communities} {noun}; the largest ({size} terms) "
                           "centres on {terms}.",
                           {"communities": int(members.nunique()), "noun": plural(int(members.nunique()), "community"),
                            "size": len(largest), "terms": top}))
    documents = [] if bipartite is None else [n for n, d in bipartite.nodes(data=True) if d.get("mode") != "term"]
    if len(documents) > 1:
        term_nodes = [node for node, data in bipartite.nodes(data=True) if data.get("mode") == "term"]
        params = {"shared": len(shared_terms(bipartite)), "terms": len(term_nodes), "unit": unit}
        if bipartite.graph.get("rule") == "key":
            out.append(Finding("network.two_mode_key", "The {unit}s use most of the network's terms each ({density} "
                               "of the possible links), so the two-mode graph links each {unit} to its key terms "
                               "only: {groups} {unit}s have some; {terms} terms are key for at least one {unit}, "
                               "{shared} of them for more than one.",
                               params | {"groups": len(documents),
                                         "density": f"{bipartite.graph.get('count_density', 0):.0%}"}))
        else:
            out.append(Finding("network.two_mode", "{shared} of the {terms} terms of the two-mode graph are used by "
                               "more than one {unit}.", params))
    return out
