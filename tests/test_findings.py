"""Generated findings: each sentence's numbers are those of the results it was given, each threshold decides
the wording on its own side, edge-size corpora get a statement instead of an error, and nothing of the seeds'
hand-written narratives appears."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import string
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import analysis
from analysis import findings as F
from analysis.clean import LOG_COLUMNS
from analysis.compare import embedding_similarity, ranked_pairs, tfidf_similarity
from analysis.corpus import document_groups, document_lengths, import_report
from analysis.entities import entity_mentions, events
from analysis.findings.themes import _theme_carriers
from analysis.network import (
    centrality_table,
    communities,
    cooccurrence,
    cooccurrence_graph,
    readable_two_mode_graph,
    two_mode_graph,
)
from analysis.paths import NOTEBOOKS, SHARED_CORPORA
from analysis.terms import keyness_table, kwic, term_counts
from analysis.themes import load_codebook, theme_hits, theme_scores

NUMBER = re.compile(r"(?<![\w.,-])(?:\d{4}-\d{2}-\d{2}|-?\d+(?:,\d{3})*(?:\.\d+)?%?)")
ZOO = SHARED_CORPORA / "zoo"


# --------------------------------------------------------------------------------------------------
# helpers


def numbers_in(finding: F.Finding) -> list[str]:
    """The numbers of a rendered sentence that do not belong to a name or term (string parameters)."""
    text = finding.text()
    strings = sorted((v for v in _flat(finding.params.values()) if isinstance(v, str)), key=len, reverse=True)
    for value in strings:
        text = text.replace(value, " ")
    return NUMBER.findall(text)


def _flat(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from _flat(v)
        else:
            yield v


def by_key(found: list[F.Finding]) -> dict[str, F.Finding]:
    return {f.key: f for f in found}


def one(found: list[F.Finding], key: str) -> F.Finding:
    matches = [f for f in found if f.key == key]
    assert len(matches) == 1, f"expected one {key!r} among {[f.key for f in found]}"
    return matches[0]


def check_consistent(found: list[F.Finding]) -> None:
    """Every template field has a parameter and every number in the text is a formatted parameter."""
    for f in found:
        fields = {name for _, name, _, _ in string.Formatter().parse(f.template) if name}
        assert fields == set(f.params), f.key
        formatted = [F.format_value(v) for v in _flat(f.params.values()) if not isinstance(v, str)]
        assert sorted(numbers_in(f)) == sorted(formatted), f.key
        assert f.text(markdown=True).count("**") == 2 * len(formatted), f.key


def small_corpus(n: int, dates=None, publishers=None, types=None, raw=None, clean=None) -> pd.DataFrame:
    ids = [f"d{i:02d}" for i in range(n)]
    raw = raw or ["정책 문서 본문입니다." for _ in ids]
    return pd.DataFrame({
        "doc_id": ids,
        "published": pd.to_datetime(dates if dates is not None else [None] * n),
        "publisher": publishers if publishers is not None else ["unknown"] * n,
        "doc_type": types if types is not None else ["document"] * n,
        "raw_text": raw,
        "text": clean or raw,
    })


def small_tokens(rows) -> pd.DataFrame:
    """rows of (doc_id, sent_id, term); the form is the term, or a particle when the term is empty."""
    return pd.DataFrame([(d, s, t or "은", t) for d, s, t in rows], columns=["doc_id", "sent_id", "form", "term"])


def no_log() -> pd.DataFrame:
    return pd.DataFrame(columns=LOG_COLUMNS).astype({"start": "int64", "end": "int64"})


# --------------------------------------------------------------------------------------------------
# the core


def test_values_are_formatted_by_type():
    assert F.format_value(1234567) == "1,234,567"
    assert F.format_value(0.48889) == "0.489"
    assert F.format_value(-0.0794) == "-0.079"
    assert F.format_value(F.Share(0.153)) == "15.3%"
    assert F.format_value(pd.Timestamp("2010-11-12 13:00")) == "2010-11-12"
    assert F.format_value([("ministry", 28), ("firm", 1027)]) == "ministry (28), firm (1,027)"
    assert F.format_value("off_topic_tail", markdown=True) == r"off\_topic\_tail"
    assert F.format_value(3, markdown=True) == "**3**"
    with pytest.raises(TypeError, match="bool"):
        F.format_value(True)


def test_render_is_markdown_bullets_with_bold_numbers():
    found = [F.Finding("a", "{n} documents about {term}.", {"n": 1200, "term": "인공지능"}),
             F.Finding("b", "No dates.")]
    assert F.render(found) == "- **1,200** documents about 인공지능.\n- No dates."
    assert F.render(found, title="This corpus").startswith("### This corpus\n- ")


# --------------------------------------------------------------------------------------------------
# 01


def test_corpus_findings_counts_dates_publishers_and_the_small_corpus_threshold():
    corpus = small_corpus(3, dates=["2024-01-05", None, "2024-03-01"], publishers=["A부", "A부", "B청"],
                          types=["press release", "news", "news"])
    tokens = small_tokens([("d00", 0, "정책"), ("d00", 0, "정책"), ("d00", 1, "지역"), ("d01", 0, "정책"),
                           ("d02", 0, "")])
    found = F.corpus_findings(corpus, no_log(), document_lengths(corpus), tokens, import_report(corpus))
    check_consistent(found)
    assert one(found, "corpus.size").params["types"] == [("news", 2), ("press release", 1)]
    assert one(found, "corpus.small").params == {"documents": 3, "noun": "documents", "threshold": F.SMALL_CORPUS}
    dates = one(found, "corpus.dates_partly").params
    assert (dates["first"], dates["last"], dates["undated"]) == (pd.Timestamp("2024-01-05"),
                                                                 pd.Timestamp("2024-03-01"), 1)
    assert one(found, "corpus.publishers").params["top"] == [("A부", 2), ("B청", 1)]
    assert one(found, "cleaning.nothing").params == {"raw": int(corpus["raw_text"].str.len().sum())}
    summary = one(found, "tokens.summary").params
    assert (summary["sentences"], summary["tokens"], summary["distinct"]) == (4, 5, 2)
    assert summary["top"] == [("정책", 3), ("지역", 1)]
    assert one(found, "audit.complete").params == {"ok": 3, "documents": 3, "spans": 0}

    big = small_corpus(F.SMALL_CORPUS, dates=["2024-01-05"] * F.SMALL_CORPUS)
    found = F.corpus_findings(big, no_log(), document_lengths(big), small_tokens([("d00", 0, "정책")]))
    assert "corpus.small" not in by_key(found)
    assert one(found, "corpus.one_date").params["first"] == pd.Timestamp("2024-01-05")
    assert "corpus.no_publisher" in by_key(found)


def test_corpus_findings_edge_sizes_say_what_is_missing():
    empty = small_corpus(0)
    lengths = pd.DataFrame(columns=["doc_id", "raw_chars", "clean_chars", "share_removed"])
    assert [f.key for f in F.corpus_findings(empty, no_log(), lengths, small_tokens([]))] == ["corpus.empty"]
    one_doc = small_corpus(1, publishers=["기획재정부"], raw=["Only English text here."])
    found = F.corpus_findings(one_doc, no_log(), document_lengths(one_doc), small_tokens([("d00", 0, "")]))
    keys = [f.key for f in found]
    assert {"corpus.no_dates", "corpus.one_publisher", "tokens.no_terms"} <= set(keys)
    assert "cleaning.most" not in keys  # one document: no "largest share" among documents
    assert one(found, "corpus.one_publisher").params["publisher"] == "기획재정부"


def test_cleaning_findings_heavy_threshold_and_largest_rule():
    raw = ["가" * 100, "나" * 100]
    clean = ["가" * 75, "나" * 76]  # d00 loses exactly HEAVY_CLEANING (0.25), d01 just under it
    corpus = small_corpus(2, raw=raw, clean=clean)
    log = pd.DataFrame([("d00", 0, 20, "boilerplate_lines", "가" * 20, ""), ("d00", 20, 25, "space_runs", "가" * 5, ""),
                        ("d01", 0, 24, "boilerplate_lines", "나" * 24, "")], columns=LOG_COLUMNS)
    lengths = document_lengths(corpus)
    found = F.corpus_findings(corpus, log, lengths, small_tokens([("d00", 0, "가")]), rebuilt=[True, False])
    check_consistent(found)
    removed = one(found, "cleaning.removed").params
    assert removed["share"] == pytest.approx(1 - 151 / 200) and (removed["raw"], removed["clean"]) == (200, 151)
    assert (removed["rule"], removed["rule_chars"]) == ("boilerplate_lines", 44)
    assert one(found, "cleaning.most").params == {"doc": "d00", "share": 0.25, "chars": 25}
    assert one(found, "cleaning.heavy").params["heavy"] == 1
    assert one(found, "audit.incomplete").params == {"ok": 1, "documents": 2, "spans": 3}


# --------------------------------------------------------------------------------------------------
# 02


def _keys(rows, alpha=None):
    table = pd.DataFrame(rows, columns=["group", "term", "target", "reference", "g2", "p_value", "log_ratio"])
    if alpha is not None:
        table.attrs["alpha"] = alpha
    return table


def test_keyword_findings_leading_term_and_log_ratio_threshold():
    counts = pd.DataFrame({"데이터": [5, 3, 1], "지역": [0, 6, 1], "의료": [2, 0, 0]},
                          index=pd.Index(["a", "b", "c"], name="group"))
    keys = _keys([("a", "의료", 2, 0, 4.2, 0.04, F.DISTINCT_LOG_RATIO), ("a", "데이터", 5, 4, 1.1, 0.3, 0.5),
                  ("b", "지역", 6, 1, 5.55555, 0.01, F.DISTINCT_LOG_RATIO - 0.001)], alpha=0.01)
    found = F.keyword_findings(counts, keys)
    check_consistent(found)
    leading = one(found, "keywords.leading_everywhere").params
    assert leading == {"term": "데이터", "total": 9, "groups": 3, "units": "documents"}
    terms = [f.params for f in found if f.key == "keywords.key_term"]
    assert [(p["group"], p["term"], p["g2"]) for p in terms] == [("a", "의료", 4.2), ("b", "지역", 5.55555)]
    assert "G2 5.556" in [f for f in found if f.key == "keywords.key_term"][1].text()
    assert one(found, "keywords.no_key_term").params["without"] == ["c"]
    assert one(found, "keywords.no_key_term").params["significance"] == "p < 0.010"  # the table's own threshold

    corrected = _keys([("a", "의료", 2, 0, 4.2, 0.04, 1.0)], alpha=0.05)
    corrected.attrs.update(threshold=0.05 / 1625, adjust="bonferroni", tests=1625)
    sentence = one(F.keyword_findings(counts, corrected), "keywords.key_term").text()
    assert "p < 3.1e-05, bonferroni-corrected for 1,625 tests" in sentence
    assert one(found, "keywords.clear_terms").params["clear"] == 1  # 1.0 counts, 0.999 does not

    partial = F.keyword_findings(counts[["의료"]], keys.iloc[:1])
    assert one(partial, "keywords.leading").params["present"] == 1


def test_keyword_findings_one_group_and_no_terms():
    counts = pd.DataFrame({"법률": [120]}, index=pd.Index(["헌법"], name="group"))
    found = F.keyword_findings(counts, _keys([]))
    assert [f.key for f in found] == ["keywords.leading", "keywords.one_group"]
    assert one(found, "keywords.one_group").params["threshold"] == F.MIN_GROUPS
    none = F.keyword_findings(pd.DataFrame(index=pd.Index(["a"], name="group")), _keys([]))
    assert [f.key for f in none] == ["keywords.no_terms"]


def test_keyword_findings_kwic_forms_and_new_words():
    lines = {"과기정통부": pd.DataFrame({"doc_id": ["a", "a", "b"], "match": ["과기정통부", "과학기술정보통신부", "과기정통부"]}),
             "의료": pd.DataFrame(columns=["doc_id", "match"])}
    candidates = pd.DataFrame({"form": ["헌법개정", "행정각부", "대통령"],
                               "status": [F.SPLIT_COMPOUND, F.SPLIT_COMPOUND, "in lexicon"]})
    candidates.attrs["documents_read"] = 1
    counts = pd.DataFrame({"법률": [3, 1]}, index=pd.Index(["a", "b"], name="group"))
    found = F.keyword_findings(counts, _keys([]), lines, candidates, min_count=2)
    check_consistent(found)
    assert one(found, "kwic.forms").params == {"term": "과기정통부", "lines": 3, "documents": 2,
                                                    "noun": "documents", "count": 2,
                                                    "forms": [("과기정통부", 2), ("과학기술정보통신부", 1)]}
    assert one(found, "kwic.absent").params == {"term": "의료"}
    split = one(found, "newwords.split").params
    assert (split["candidates"], split["split"], split["read"], split["examples"]) == (3, 2, 1, ["헌법개정", "행정각부"])

    none = F.keyword_findings(counts, _keys([]), None, candidates.iloc[:0], min_count=2)  # a corpus too small
    assert one(none, "newwords.none").params == {"min_count": 2}
    assert "each seen **2** times or more" in F.render(none)


# --------------------------------------------------------------------------------------------------
# 03


def _scores(rows):
    return pd.DataFrame(rows, columns=["doc_id", "theme", "hits"]).assign(group=lambda d: d["doc_id"])


def test_theme_findings_clear_and_narrow_lead_on_each_side_of_the_margin():
    # a: 6 of 10 hits against 5... shares 0.6 / 0.4 (clear); b: 0.55 / 0.45 -> margin 0.1 exactly (clear);
    # c: 0.54 / 0.46 (narrow)
    scores = _scores([("a", "t1", 6), ("a", "t2", 4), ("b", "t1", 11), ("b", "t2", 9), ("c", "t1", 27),
                      ("c", "t2", 23), ("d", "t1", 0), ("d", "t2", 0)])
    tokens = small_tokens([(d, s, "x") for d in "abcd" for s in range(4)])
    hits = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "sent_id": [0, 1, 0, 0], "theme": "t1"})
    found = F.theme_findings(scores, hits, tokens, labels={"t1": "Theme one"})
    check_consistent(found)
    leads = {f.params["group"]: f for f in found if f.key.endswith("_lead")}
    assert leads["a"].key == "themes.clear_lead" and leads["a"].params["share"] == pytest.approx(0.6)
    assert leads["a"].params["theme"] == "Theme one" and leads["a"].params["runner"] == "t2"
    assert leads["b"].key == "themes.clear_lead" and leads["b"].params["margin"] == pytest.approx(F.CLEAR_THEME_MARGIN)
    assert leads["c"].key == "themes.narrow_lead" and leads["c"].params["margin"] == pytest.approx(0.08)
    assert one(found, "themes.group_no_hits").params["group"] == "d"
    coverage = one(found, "themes.coverage").params
    assert (coverage["coded"], coverage["sentences"], coverage["coded_documents"], coverage["documents"]) == (4, 16, 3, 4)
    assert coverage["share"] == pytest.approx(4 / 16) and coverage["share"] < F.LOW_CODED_SHARE
    assert one(found, "themes.codes_little").params == {"sentence_threshold": F.LOW_CODED_SHARE,
                                                        "document_threshold": F.LOW_CODED_DOCUMENTS}


def test_theme_findings_coverage_threshold_and_no_hits():
    tokens = small_tokens([("a", s, "x") for s in range(4)])
    at_threshold = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "theme": "t1"})  # 2 of 4 = 0.5
    found = F.theme_findings(_scores([("a", "t1", 2)]), at_threshold, tokens, codebook_name="my_codebook.txt")
    assert "themes.codes_little" not in by_key(found)
    assert one(found, "themes.coverage").params["codebook"] == "my_codebook.txt"
    assert one(found, "themes.sole_theme").params == {"group": "a", "theme": "t1", "hits": 2}
    # 4 of 6 sentences coded (above the sentences' threshold), but in 1 of 3 documents (below the documents')
    tokens3 = small_tokens([("a", s, "x") for s in range(4)] + [("b", 0, ""), ("c", 0, "")])
    one_document = pd.DataFrame({"doc_id": "a", "sent_id": range(4), "theme": "t1"})
    few_documents = F.theme_findings(_scores([("a", "t1", 4)]), one_document, tokens3)
    assert one(few_documents, "themes.coverage").params["share"] == pytest.approx(4 / 6)
    assert "themes.codes_little" in by_key(few_documents)
    two_documents = pd.concat([one_document, pd.DataFrame({"doc_id": ["b"], "sent_id": [0], "theme": "t1"})])
    assert "themes.codes_little" not in by_key(F.theme_findings(_scores([("a", "t1", 4)]), two_documents, tokens3))
    if hasattr(analysis.themes, "LOW_COVERAGE"):  # notebook 03 prints the themes module's verdict beside ours
        assert analysis.themes.LOW_COVERAGE == F.LOW_CODED_DOCUMENTS
    nothing = F.theme_findings(_scores([("a", "t1", 0)]), at_threshold.iloc[:0], tokens)
    assert [f.key for f in nothing] == ["themes.no_hits"]


# --------------------------------------------------------------------------------------------------
# 04


def _similarity(values: dict[tuple[str, str], float]) -> pd.DataFrame:
    names = sorted({x for pair in values for x in pair})
    table = pd.DataFrame(1.0, index=names, columns=names)
    for (a, b), v in values.items():
        table.loc[a, b] = table.loc[b, a] = v
    return table


@pytest.mark.parametrize("value, level", [(F.LOW_SIMILARITY - 0.001, "little"), (F.LOW_SIMILARITY, "some"),
                                          (F.HIGH_SIMILARITY - 0.001, "some"), (F.HIGH_SIMILARITY, "much")])
def test_comparison_wording_on_each_side_of_the_similarity_thresholds(value, level):
    found = F.comparison_findings(_similarity({("a", "b"): value}))
    assert one(found, "comparison.one_pair").params["level"] == level
    assert one(found, "comparison.one_pair").params["similarity"] == value


def test_comparison_findings_pairs_rank_correlation_and_types():
    names = "abcde"
    pairs = [(x, y) for i, x in enumerate(names) for y in names[i + 1:]]
    tfidf = _similarity({p: 0.05 + 0.03 * i for i, p in enumerate(pairs)})
    embed = _similarity({p: 0.9 - 0.01 * i for i, p in enumerate(pairs)})
    types = pd.Series({"news": 3, "press release": 2})
    by_type = pd.DataFrame({"doc_type": ["news", "news", "press release"], "term": ["도시", "지역", "코로나19"],
                            "g2": [9.5, 3.0, 4.25]})
    found = F.comparison_findings(tfidf, embed, types, by_type)
    check_consistent(found)
    closest, farthest = one(found, "comparison.closest").params, one(found, "comparison.farthest").params
    assert (closest["a"], closest["b"], closest["similarity"]) == ("d", "e", pytest.approx(0.05 + 0.03 * 9))
    assert (farthest["a"], farthest["b"], farthest["pairs"]) == ("a", "b", 10)
    merged = ranked_pairs(tfidf).merge(ranked_pairs(embed), on=["a", "b"])
    rho = merged["similarity_x"].corr(merged["similarity_y"], method="spearman")
    views = one(found, "comparison.views")
    assert views.params["rho"] == pytest.approx(rho) == -1.0 and "do not agree" in views.text()
    assert [f.params["term"] for f in found if f.key == "comparison.type_term"] == ["도시", "코로나19"]
    assert one(found, "comparison.types_small").params["counts"] == [("news", 3), ("press release", 2)]

    four = tfidf.loc[list("abcd"), list("abcd")]
    fewer = F.comparison_findings(four, embed.loc[list("abcd"), list("abcd")], pd.Series({"bill": 4}))
    assert one(fewer, "comparison.too_few_pairs").params == {"pairs": 6, "threshold": F.MIN_PAIRS}
    assert one(fewer, "comparison.one_type").params == {"doc_type": "bill"}
    agreeing = F.comparison_findings(tfidf, tfidf)
    assert "The two views agree" in one(agreeing, "comparison.views").text()


@pytest.mark.parametrize("n", [0, 1])
def test_comparison_with_fewer_than_two_documents(n):
    table = pd.DataFrame(1.0, index=list("ab"[:n]), columns=list("ab"[:n]))
    assert [f.key for f in F.comparison_findings(table, table)] == ["comparison.too_few"]


# --------------------------------------------------------------------------------------------------
# 05


def _entities(rows):
    return pd.DataFrame(rows, columns=["doc_id", "text", "kind", "type", "value"])


def test_actor_findings_amounts_per_currency_and_dates():
    found = _entities([
        ("a", "과기정통부", "organization", "ministry", "과학기술정보통신부"),
        ("b", "과기정통부", "organization", "ministry", "과학기술정보통신부"),
        ("b", "삼성전자", "organization", "firm", "삼성전자"),
        ("b", "OO사업단", "organization", "unknown (suffix 사업단)", "OO사업단"),
        ("a", "이종호 장관", "person", "장관", "이종호 (장관)"),
        ("b", "이종호 장관", "person", "장관", "이종호 (장관)"),
        ("a", "575억 원", "money", "KRW", 57_500_000_000.0),
        ("b", "6조 4,227억 원", "money", "KRW", 6_422_700_000_000.0),
        ("b", "100만 달러", "money", "USD", 1_000_000.0),
        ("a", "10/20/40TF", "compute", "TFLOPS", "10, 20, 40"),
        ("a", "서울", "place", "city", "서울"),
    ])
    dates = pd.DataFrame({
        "date": pd.to_datetime(["2023-02-06", "1865-01-01", "2024-05-01", None]),
        "doc_id": ["a", "a", "b", "c"], "kind": ["absolute", "absolute", "relative", "relative"],
        "note": ["", "", "", F.UNDATED_NOTE]})
    out = F.actor_findings(found, dates, window=("2020-01-01", "2023-12-31"))
    check_consistent(out)
    assert one(out, "actors.types").params == {"mentions": 4, "types": [("ministry", 2), ("firm", 1),
                                                                        ("unknown (suffix 사업단)", 1)]}
    assert one(out, "actors.unknown").params["unknown"] == 1
    assert one(out, "actors.people").params["people"] == 1
    largest = {f.params["currency"]: f.params for f in out if f.key == "amounts.largest"}
    assert (largest["KRW"]["amount"], largest["KRW"]["count"], largest["KRW"]["doc"]) == (6_422_700_000_000, 2, "b")
    assert "(6,422,700,000,000 KRW)" in [f.text() for f in out if f.key == "amounts.largest"][0]
    assert largest["USD"]["amount"] == 1_000_000 and largest["USD"]["text"] == "100만 달러"
    assert one(out, "amounts.compute").params["peak"] == 40
    span = one(out, "dates.span").params
    assert (span["mentions"], span["first"], span["last"]) == (3, pd.Timestamp("1865-01-01"), pd.Timestamp("2024-05-01"))
    assert span["kinds"] == [("absolute", 2), ("relative", 1)]
    assert one(out, "dates.outside").params["outside"] == 2
    assert one(out, "dates.undated").params["undated"] == 1


def test_actor_findings_when_nothing_is_found():
    empty = _entities([])
    dates = pd.DataFrame({"date": pd.to_datetime([None]), "doc_id": ["a"], "kind": ["relative"],
                          "note": [F.UNDATED_NOTE]})
    keys = [f.key for f in F.actor_findings(empty, dates)]
    assert keys == ["actors.no_organizations", "actors.no_people", "amounts.no_money", "dates.none", "dates.undated"]


# --------------------------------------------------------------------------------------------------
# 06


def _edges(rows):
    return pd.DataFrame(rows, columns=["source", "target", "count", "jaccard"])


def test_network_findings_pairs_association_and_the_bridge_ratio():
    edges = _edges([("가", "나", 5, 0.5), ("나", "다", 3, 0.75), ("다", "라", 2, 1.0)])
    path = nx.path_graph(["가", "나", "다", "라"])  # betweenness: 나 and 다 equal -> no bridge
    central = centrality_table(path)
    found = F.network_findings(edges, path, central, communities(path))
    check_consistent(found)
    assert one(found, "network.pairs").params == {"pairs": 3, "min_count": 2, "a": "가", "b": "나", "count": 5}
    association = one(found, "network.association").params
    assert (association["a"], association["b"], association["jaccard"]) == ("나", "다", 0.75)  # 다-라: 2 sentences
    assert one(found, "network.betweenness").params["second"] == one(found, "network.betweenness").params[
        "betweenness"]
    star = nx.star_graph(["중심", "a", "b", "c"])
    star_found = F.network_findings(edges, star, centrality_table(star), communities(star))
    bridge = one(star_found, "network.bridge").params
    assert bridge["term"] == "중심" and bridge["betweenness"] == 1.0 and bridge["second"] == 0.0

    # exactly DOMINANT_RATIO times the runner-up still stands out
    table = pd.DataFrame({"term": ["x", "y"], "frequency": [1, 1], "betweenness": [0.4, 0.2]})
    at_ratio = F.network_findings(edges, star, table)
    assert "network.bridge" in by_key(at_ratio)
    below = F.network_findings(edges, star, table.assign(betweenness=[0.4, 0.2001]))
    assert "network.betweenness" in by_key(below)


def test_network_findings_say_when_the_two_mode_graph_shows_key_terms_only():
    rows = []
    for group, leaning in (("가부", "의료"), ("나부", "도시"), ("다부", "교육")):
        for term in ("의료", "도시", "교육"):
            rows += [(group, term)] * (60 if term == leaning else 5)
        rows += [(group, "기타")] * 30
    tokens = pd.DataFrame(rows, columns=["group", "term"])
    dense = readable_two_mode_graph(tokens, by="group", terms={"의료", "도시", "교육"}, min_count=2)
    edges = _edges([("의료", "도시", 5, 0.5)])
    found = one(F.network_findings(edges, bipartite=dense, unit="publisher"), "network.two_mode_key")
    assert found.params == {"groups": 3, "density": "100%", "terms": 3, "shared": 0, "unit": "publisher"}
    sparse = two_mode_graph(tokens[tokens["term"] != "교육"].iloc[::7], by="group", min_count=2)
    assert "network.two_mode" in by_key(F.network_findings(edges, bipartite=sparse))


def test_network_findings_without_pairs():
    found = F.network_findings(_edges([]), min_count=2)
    assert [f.key for f in found] == ["network.no_pairs"]


# --------------------------------------------------------------------------------------------------
# which corpus


def test_header_names_the_corpus_its_size_dates_digest_and_versions():
    corpus = small_corpus(2, dates=["2010-11-12", None])
    now = dt.datetime(2026, 11, 25, 17, 0, 5, tzinfo=dt.timezone.utc)
    header = F.corpus_header(corpus, "corpora/bills", now=now)
    assert "corpora/bills" in header and "**2** documents" in header
    hostile = F.corpus_header(corpus, "my`<img src=x onerror=alert(1)>`_corpus", now=now)
    assert re.search(r"(?<!\\)[<>`]", hostile.split("digest")[0]) is None  # every <, > and ` escaped: text
    assert "\\<img src=x onerror=alert(1)\\>" in hostile
    assert "2010-11-12 (1 without a date)" in header
    assert F.content_digest(corpus) in header and re.fullmatch(r"[0-9a-f]{12}", F.content_digest(corpus))
    assert "2026-11-25T17:00:05+00:00" in header
    from importlib.metadata import version
    assert f"korean-policy-notebooks {version('korean-policy-notebooks')}" in header
    assert f"kiwipiepy {version('kiwipiepy')}" in header
    assert "no dates" in F.corpus_header(small_corpus(1), now=now)


def test_seed_corpus_is_recognised_by_content_not_by_name(corpus):
    assert F.is_seed_corpus(corpus)
    assert F.is_seed_corpus(corpus.iloc[::-1].reset_index(drop=True))  # order does not matter
    changed = corpus.copy()
    changed.loc[0, "raw_text"] = changed.loc[0, "raw_text"] + " "
    assert not F.is_seed_corpus(changed)
    assert not F.is_seed_corpus(corpus.iloc[1:])
    assert "the seed documents" in F.corpus_header(corpus)
    assert "the seed documents" not in F.corpus_header(changed, "my/corpus")


# --------------------------------------------------------------------------------------------------
# the seeds' narratives stay out of the templates


def seed_narratives() -> list[str]:
    """The hand-written findings about the seeds: the cells tagged ``seed-findings`` (before the notebooks
    carried the tag: the markdown cells headed "What we found")."""
    tagged, headed = [], []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] != "markdown":
                continue
            if "seed-findings" in cell.get("metadata", {}).get("tags", []):
                tagged.append(source)
            elif re.match(r"(# )?## What we found", source):
                headed.append(source)
    return tagged or headed


def _words(text: str) -> list[str]:
    text = re.sub(r"\*\*|`|^# ?", "", text, flags=re.M)
    return re.findall(r"[^\W\d_]+(?:'[a-z]+)?", text.lower())


def _ngrams(words: list[str], n: int = 5) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def module_strings() -> list[str]:
    """Every string constant in the modules of the findings package."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(Path(F.__file__).parent.glob("*.py"))]
    return [node.value for tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_sentence_of_the_seed_narratives_is_in_the_templates():
    narratives = seed_narratives()
    assert len(narratives) >= 6, "the six analysis notebooks each end with a narrative about the seeds"
    templates = _ngrams([w for s in module_strings() for w in _words(s) + ["|"]])
    for narrative in narratives:
        shared = _ngrams(_words(narrative)) & templates
        assert not shared, f"the templates repeat the seeds' narrative: {sorted(shared)[:5]}"


# --------------------------------------------------------------------------------------------------
# real corpora: the seeds (in the repository) and the zoo (../shared), end to end


def notebook_results(corpus: pd.DataFrame) -> dict:
    """What the six notebooks compute, the way they compute it (cheap settings), with the seeds' lexicon and
    codebook (seeds/lexicon): on another corpus, a codebook written for other documents."""
    lexicon = analysis.load_lexicon(analysis.lexicon_folder())
    log = analysis.cleaning_log(corpus)
    tokens = analysis.tokenize(corpus, lexicon=lexicon)
    groups = document_groups(corpus)
    tokens["group"] = analysis.per_document(tokens, groups)
    codebook = load_codebook(lexicon=lexicon)
    hits = theme_hits(corpus, tokens, codebook)
    scores = theme_scores(corpus, tokens, codebook, hits=hits).assign(group=lambda d: d["doc_id"].map(groups))
    edges = cooccurrence(tokens, unit="sent_id", min_count=2)
    graph = cooccurrence_graph(edges, weight="jaccard", max_nodes=40, max_edges=80)
    return {"corpus": corpus, "log": log, "lengths": document_lengths(corpus), "tokens": tokens,
            "report": import_report(corpus), "counts": term_counts(tokens, by="group"),
            "keys": keyness_table(tokens, by="group", n=8), "hits": hits, "scores": scores,
            "lines": {t: kwic(corpus, t, window=25, tokens=tokens) for t in ["인공지능", "국민"]},
            "similarity": tfidf_similarity(tokens, by="group"), "edges": edges, "graph": graph,
            "centrality": centrality_table(graph), "community": communities(graph),
            "bipartite": two_mode_graph(tokens, by="group", terms=set(graph.nodes), min_count=3)}


def all_findings(r: dict, with_entities: bool = False) -> dict[str, list[F.Finding]]:
    out = {
        "01": F.corpus_findings(r["corpus"], r["log"], r["lengths"], r["tokens"], r["report"]),
        "02": F.keyword_findings(r["counts"], r["keys"], r["lines"]),
        "03": F.theme_findings(r["scores"], r["hits"], r["tokens"]),
        "04": F.comparison_findings(r["similarity"], types=r["corpus"]["doc_type"].value_counts()),
        "06": F.network_findings(r["edges"], r["graph"], r["centrality"], r["community"], bipartite=r["bipartite"]),
    }
    if with_entities:
        out["05"] = F.actor_findings(entity_mentions(r["corpus"], r["tokens"]), events(r["corpus"], r["tokens"]))
    return out


def check_against_seed_values(found: dict[str, list[F.Finding]]) -> None:
    """The numbers of the rendered sentences on the seeds, against the values notebook 01's checked cells print
    (``5 documents``, ``news article 3, press release 2``, ``130 sentences, 5,100 tokens, 720 distinct terms``,
    ``인공지능 101``, ``데이터 40``, ``15.3% removed``), which the findings do not compute."""
    for sentences in found.values():
        check_consistent(sentences)
    assert numbers_in(one(found["01"], "corpus.size")) == ["5", "3", "2"]
    assert numbers_in(one(found["01"], "tokens.summary")) == ["130", "5,100", "720", "101", "40"]
    assert "15.3%" in one(found["01"], "cleaning.removed").text()
    leading = found["02"][0]
    assert leading.params["term"] == "인공지능" and numbers_in(leading)[0] == "101"


def check_consistent_findings(found: dict[str, list[F.Finding]]) -> None:
    for sentences in found.values():
        check_consistent(sentences)


@pytest.fixture(scope="module")
def seeds_results(corpus):
    return notebook_results(corpus)


def test_findings_on_the_seeds_match_their_results_and_repeat_no_narrative(seeds_results):
    found = all_findings(seeds_results)
    check_against_seed_values(found)
    closest = one(found["04"], "comparison.closest")
    most = ranked_pairs(seeds_results["similarity"]).iloc[0]
    assert (closest.params["a"], closest.params["b"]) == (most["a"], most["b"])
    assert f"{most['similarity']:.3f}" in closest.text()
    rendered = _ngrams([w for fs in found.values() for f in fs for w in _words(f.text()) + ["|"]])
    for narrative in seed_narratives():
        shared = _ngrams(_words(narrative)) & rendered
        assert not shared, f"the findings repeat the seeds' narrative: {sorted(shared)[:5]}"


def zoo(name: str) -> pd.DataFrame:
    path = ZOO / name
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the zoo corpora live in ../shared/corpora/zoo")
    return analysis.load_corpus(path)


@pytest.mark.corpus
def test_findings_on_two_undated_speeches():
    corpus = zoo("speeches")
    r = notebook_results(corpus)
    found = all_findings(r, with_entities=True)
    check_consistent_findings(found)
    pair = one(found["04"], "comparison.one_pair")
    assert pair.params["similarity"] == pytest.approx(float(r["similarity"].iloc[0, 1]))
    assert numbers_in(pair)[0] == f"{r['similarity'].iloc[0, 1]:.3f}"
    assert one(found["04"], "comparison.one_type").params["doc_type"] == corpus["doc_type"].iloc[0]
    assert "corpus.no_publisher" in by_key(found["01"])
    assert one(found["01"], "corpus.small").params["documents"] == 2
    # an undated speech's absolute dates are still placed; only mentions that need a publication date
    # (올해, 지난 15일) are left unresolved, and the finding counts the documents that have such mentions
    dates = events(corpus, r["tokens"])
    assert corpus["published"].isna().any()
    assert dates["date"].notna().sum() == one(found["05"], "dates.span").params["mentions"] > 0
    unresolved = dates.loc[dates["note"] == F.UNDATED_NOTE, "doc_id"].nunique()
    if unresolved:
        assert one(found["05"], "dates.undated").params["undated"] == unresolved
    else:
        assert "dates.undated" not in by_key(found["05"])
    embed = F.comparison_findings(r["similarity"], embedding_similarity(r["tokens"], by="group"))
    assert one(embed, "comparison.too_few_pairs").params["pairs"] == 1
    header = F.corpus_header(corpus, ZOO / "speeches")
    assert str(ZOO / "speeches") in header and "**2** documents" in header and "seed" not in header


@pytest.mark.corpus
def test_findings_on_a_single_document():
    corpus = zoo("constitution")
    r = notebook_results(corpus)
    found = all_findings(r, with_entities=True)
    check_consistent_findings(found)
    assert one(found["02"], "keywords.one_group").params["groups"] == 1
    assert [f.key for f in found["04"]] == ["comparison.too_few", "comparison.one_type"]
    assert "cleaning.most" not in by_key(found["01"])
    assert "network.two_mode" not in by_key(found["06"])  # one document: nothing to link
    coverage = one(found["03"], "themes.coverage").params
    low = coverage["share"] < F.LOW_CODED_SHARE or coverage["coded_documents"] / coverage["documents"] < 0.5
    assert ("themes.codes_little" in by_key(found["03"])) == low
    text = "\n".join(F.render(fs) for fs in found.values())
    for narrative in seed_narratives():
        assert not _ngrams(_words(narrative)) & _ngrams(_words(text))


def test_header_dates_are_where_the_documents_are_with_the_outliers_counted():
    """A sparse tail of old dates (EPIC has 1961 among 2022-2023) is counted, not taken as the range."""
    bulk = [f"2022-{m:02d}-15" for m in range(1, 13)] * 20
    corpus = small_corpus(len(bulk) + 2, dates=["1961-03-01", *bulk, None])
    header = F.corpus_header(corpus, "corpora/epic", now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert "2022-01-15 to 2022-12-15 (1 dated outside that span, all dates 1961-03-01 to 2022-12-15)" in header
    assert "(1 without a date)" in header


def test_theme_findings_name_the_keywords_that_carry_each_theme():
    """A theme carried by one generic word is shown as such (EPIC: 지원 and 기업 carry public-private support)."""
    hits = pd.DataFrame({"doc_id": ["a"] * 6, "sent_id": range(6), "theme": ["support"] * 5 + ["health"],
                         "keyword": ["지원", "지원", "지원", "기업", "바우처", "의료"]})
    carried = [f for f in _theme_carriers(hits, {"support": "Support programmes"}) if f.key == "themes.carried_by"]
    assert carried[0].params["keywords"] == [("지원", 3), ("기업", 1), ("바우처", 1)]
    assert "Support programmes: **100.0%** of its **5** hits come from 지원 (**3**)" in carried[0].text(markdown=True)
    assert carried[1].params["theme"] == "health" and carried[1].params["hits"] == 1
    assert _theme_carriers(hits.iloc[:0], {}) == []


def test_corpus_findings_separate_the_span_of_the_documents_from_outlying_dates():
    bulk = [f"2022-{m:02d}-15" for m in range(1, 13)] * 20
    corpus = small_corpus(len(bulk) + 1, dates=["1961-03-01", *bulk])
    tokens = pd.DataFrame({"doc_id": corpus["doc_id"], "sent_id": 0, "form": "정책", "term": "정책"})
    lengths = pd.DataFrame({"doc_id": corpus["doc_id"], "raw_chars": 10, "clean_chars": 10})
    log = pd.DataFrame(columns=["doc_id", "start", "end", "rule", "removed", "replacement"])
    found = F.corpus_findings(corpus, log, lengths, tokens)
    outside = one(found, "corpus.dates_outside").params
    assert (outside["start"], outside["end"], outside["outside"]) == (
        pd.Timestamp("2022-01-15"), pd.Timestamp("2022-12-15"), 1)
    assert not [f for f in F.corpus_findings(corpus.iloc[1:], log, lengths, tokens) if f.key == "corpus.dates_outside"]


def test_header_and_findings_name_the_dense_span_of_an_archive_and_count_its_tail():
    # 11,900 registrations of 2024 and 1,730 digitized documents of 1948-1991 (issue #18's archive)
    year = pd.date_range("2024-01-01", "2024-11-30", freq="D")
    dates = list(pd.date_range("1948-12-01", "1991-12-31", periods=1730).normalize())
    dates += [day for i, day in enumerate(year) for _ in range(36 if i < 175 else 35)]
    corpus = small_corpus(len(dates), dates=dates)
    header = F.corpus_header(corpus, "archive", now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    assert "· 2024-01-01 to 2024-11-30 (1,730 dated outside that span, all dates 1948-12-01 to 2024-11-30) ·" in header
    tokens = pd.DataFrame({"doc_id": corpus["doc_id"], "sent_id": 0, "form": "정책", "term": "정책"})
    lengths = pd.DataFrame({"doc_id": corpus["doc_id"], "raw_chars": 10, "clean_chars": 10})
    log = pd.DataFrame(columns=["doc_id", "start", "end", "rule", "removed", "replacement"])
    found = F.corpus_findings(corpus, log, lengths, tokens, rebuilt=[True] * len(corpus))  # dates, not rebuilding
    assert not [f for f in found if f.key in ("corpus.dates", "corpus.dates_partly")]  # no "1948 to 2024" range
    text = one(found, "corpus.dates_outside").text()
    assert text == ("Most dated documents (11,900 of 13,630) lie from 2024-01-01 to 2024-11-30 (the rule of the "
                    "time axes); 1,730 lie outside that span (all dates run from 1948-12-01 to 2024-11-30) and are "
                    "counted, not taken as the range.")


def test_the_strongest_key_term_is_the_largest_g2_even_when_the_table_is_cut_by_log_ratio():
    """Group a uses 정책 200 times (the rest 100: a large G2, Log Ratio about 1) and five words 5 times each that
    the rest never uses (a higher Log Ratio, a smaller G2). Cut to n=2 by Log Ratio, the table holds only
    two of the rare words; the finding must still name 정책."""
    from analysis.terms import keyness_table, largest_g2_terms

    rows = [("a", "정책")] * 200 + [("a", w) for w in "가나다라마" for _ in range(5)]
    rows += [("b", "정책")] * 100 + [("b", "지원")] * 1000
    tokens = pd.DataFrame(rows, columns=["group", "term"])
    keys = keyness_table(tokens, by="group", n=2)
    assert "정책" not in set(keys.loc[keys["group"] == "a", "term"])
    assert largest_g2_terms(keys).loc["a", "term"] == "정책"
    counts = tokens.groupby(["group", "term"]).size().unstack(fill_value=0)
    text = " ".join(str(f) for f in F.keyword_findings(counts, keys, unit="publisher"))
    assert "Strongest key term of a against the rest (largest G2): 정책" in text


def test_network_findings_state_the_document_frequency_ceiling_when_it_trimmed():
    from analysis.network import keyword_network

    rows = [(f"d{d:02d}", s, term) for d in range(60) for s in range(2)
            for term in ["지원", "사업" if d < 45 else "협력", "의료" if d % 2 else "도시"]]
    tokens = pd.DataFrame(rows, columns=["doc_id", "sent_id", "term"])
    edges, graph = keyword_network(tokens, 60, max_docfreq=0.5)  # 지원 in 60 of 60 documents, 사업 in 45 (0.75); 협력 15, 의료 30
    found = by_key(F.network_findings(edges, graph, centrality_table(graph), communities(graph)))
    trimmed = found["network.trimmed"]
    assert trimmed.params["count"] == 2 and trimmed.params["documents"] == 60
    assert [term for term, _ in trimmed.params["terms"]] == ["지원", "사업"]
    assert "more than 50.0% of the 60 documents" in trimmed.text() and "지원 (100.0%), 사업 (75.0%)" in trimmed.text()
    _, small = keyword_network(tokens[tokens["doc_id"] < "d05"], 5, max_docfreq=0.5)  # five documents: nothing trimmed, nothing said
    assert "network.trimmed" not in by_key(F.network_findings(edges, small, centrality_table(small)))
