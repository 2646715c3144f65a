"""Figures and findings in the reader's language: the English and Korean tables have the same keys and the
same fields, every finding has a Korean wording with the same numbers, and a figure drawn under
``ANALYSIS_LANG=ko`` is titled and labelled in Korean."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

import matplotlib
import networkx as nx
import pandas as pd
import pytest

from analysis import findings as F
from analysis import labels as L
from analysis import plotting
from analysis.clean import LOG_COLUMNS
from analysis.corpus import document_lengths, import_report
from analysis.findings.templates import FINDINGS_KO
from analysis.network import centrality_table, communities

matplotlib.use("Agg")
HANGUL = re.compile(r"[가-힣]")
OMISSIBLE = {"noun", "line_noun", "read_noun", "plural"}  # English plurals: Korean has none to write


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.fixture
def lang(monkeypatch):
    """Choose a language for one test, through the environment as ``run --lang`` does; English afterwards."""
    def choose(code: str) -> None:
        L.set_language(None)
        monkeypatch.setenv(L.ENV, code)
    yield choose
    L.set_language(None)
    monkeypatch.delenv(L.ENV, raising=False)


# --------------------------------------------------------------------------------------------------
# the tables


def test_every_language_has_the_same_keys_and_fields():
    english = L.LABELS["en"]
    for code, table in L.LABELS.items():
        assert set(table) == set(english), f"{code}: keys differ: {sorted(set(table) ^ set(english))}"
        for key, text in table.items():
            assert fields(text) == fields(english[key]), f"{code} {key!r}: fields differ from English"
            assert text.strip(), f"{code} {key!r} is empty"
    korean = [k for k, v in L.LABELS["ko"].items() if not HANGUL.search(v) and not fields(v) - {"name"}]
    assert not korean, f"Korean labels with no Korean in them: {korean}"


def test_language_comes_from_the_environment_and_set_language_overrides_it(lang):
    lang("ko")
    assert L.language() == "ko" and L.label("unit.publisher") == "발행처"
    assert L.label("tfidf.title", unit=L.label("unit.document")) == "문서별 TF-IDF 상위 10개 용어"
    L.set_language("en")
    assert L.label("tfidf.title", unit="publisher") == "Top 10 terms by TF-IDF, per publisher"
    L.set_language(None)
    assert L.language() == "ko"
    lang("fr")
    with pytest.raises(ValueError, match="ANALYSIS_LANG='fr'"):
        L.language()
    with pytest.raises(ValueError, match="'de'"):
        L.set_language("de")
    L.set_language("en")
    with pytest.raises(KeyError, match="needs \\['unit'\\]"):
        L.label("tfidf.title")
    with pytest.raises(KeyError, match="no label 'no.such'"):
        L.label("no.such")


def _english_fields() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """key -> the fields any English template of that key can have, read from the source of the findings
    package (template strings, and the strings assigned to the names a template is built from); and key -> the
    keys that share its call (``Finding("a" if x else "b", ...)``)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(Path(F.__file__).parent.glob("*.py"))]
    out: dict[str, set[str]] = {}
    siblings: dict[str, set[str]] = {}
    for function in (n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        assigned: dict[str, list[ast.AST]] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                assigned.setdefault(node.target.id, []).append(node.value)
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
            if not (isinstance(call.func, ast.Name) and call.func.id == "Finding" and len(call.args) >= 2):
                continue
            keys = [n.value for n in ast.walk(call.args[0]) if isinstance(n, ast.Constant)]  # "a" if x else "b"
            template = call.args[1]
            texts, todo, seen = [], [template], set()
            while todo:
                for node in ast.walk(todo.pop()):
                    if isinstance(node, ast.Constant) and isinstance(node.value, str):
                        texts.append(node.value)
                    elif isinstance(node, ast.Name) and node.id not in seen:
                        seen.add(node.id)
                        todo.extend(assigned.get(node.id, []))
            for key in keys:
                out.setdefault(key, set()).update(f for t in texts for f in fields(t))
                siblings.setdefault(key, set()).update(keys)
    return out, siblings


def test_every_finding_has_a_korean_template_with_its_fields():
    english, siblings = _english_fields()
    assert len(english) > 50, "the finding templates were not found in analysis/findings/"
    korean: dict[str, list[set[str]]] = {}
    for entry, template in FINDINGS_KO.items():
        korean.setdefault(re.split(r"[:+]", entry)[0], []).append(fields(template))
        assert HANGUL.search(template), entry
    assert set(korean) == set(english), f"keys without a Korean or an English template: {set(korean) ^ set(english)}"
    for key, wordings in korean.items():
        for found in wordings:
            assert found <= english[key], f"{key}: Korean fields {sorted(found - english[key])} are not English ones"
        said = set().union(*(f for sibling in siblings[key] for f in korean.get(sibling, [])))
        missing = english[key] - OMISSIBLE - said
        assert not missing, f"{key}: no Korean wording says {sorted(missing)}"


# --------------------------------------------------------------------------------------------------
# findings: the same numbers in both languages


def _corpus(n, dates, publishers, types, raw, clean=None):
    return pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(n)], "published": pd.to_datetime(dates),
                         "publisher": publishers, "doc_type": types, "raw_text": raw, "text": clean or raw})


def _tokens(rows):
    return pd.DataFrame([(d, s, t or "은", t) for d, s, t in rows], columns=["doc_id", "sent_id", "form", "term"])


def _similarity(values):
    names = sorted({x for pair in values for x in pair})
    table = pd.DataFrame(1.0, index=names, columns=names)
    for (a, b), v in values.items():
        table.loc[a, b] = table.loc[b, a] = v
    return table


def synthetic_findings() -> list[F.Finding]:
    """Findings of every notebook on small made-up results, reaching most templates and variants."""
    out = []
    corpus = _corpus(3, ["2024-01-05", None, "2024-03-01"], ["A부", "A부", "B청"], ["press release", "news", "news"],
                     ["가" * 100, "나" * 100, "다" * 80], ["가" * 70, "나" * 99, "다" * 80])
    log = pd.DataFrame([("d00", 0, 30, "boilerplate_lines", "가" * 30, ""), ("d01", 0, 1, "space_runs", "나", "")],
                       columns=LOG_COLUMNS)
    tokens = _tokens([("d00", 0, "정책"), ("d00", 0, "정책"), ("d00", 1, "지역"), ("d01", 0, "정책"), ("d02", 0, "")])
    out += F.corpus_findings(corpus, log, document_lengths(corpus), tokens, import_report(corpus),
                             rebuilt=[True, True, False])

    counts = pd.DataFrame({"데이터": [5, 3, 1], "지역": [0, 6, 1], "의료": [2, 0, 0]},
                          index=pd.Index(["a", "b", "c"], name="group"))
    keys = pd.DataFrame([("a", "의료", 2, 0, 4.2, 0.04, 1.0), ("b", "지역", 6, 1, 5.55555, 0.01, 0.8)],
                        columns=["group", "term", "target", "reference", "g2", "p_value", "log_ratio"])
    keys.attrs.update(alpha=0.05, threshold=0.05 / 1625, adjust="bonferroni", tests=1625)
    lines = {"과기정통부": pd.DataFrame({"doc_id": ["a", "a", "b"], "match": ["과기정통부", "과학기술정보통신부", "과기정통부"]}),
             "의료": pd.DataFrame({"doc_id": ["a"], "match": ["의료"]}), "없음": pd.DataFrame(columns=["doc_id", "match"])}
    candidates = pd.DataFrame({"form": ["헌법개정", "대통령"], "status": [F.SPLIT_COMPOUND, "in lexicon"]})
    candidates.attrs["documents_read"] = 1200
    out += F.keyword_findings(counts, keys, lines, candidates, unit="publisher", min_count=2)
    out += F.keyword_findings(counts[["의료"]].iloc[:1], keys.iloc[:0], None, candidates.iloc[1:])

    scores = pd.DataFrame([("a", "t1", 6), ("a", "t2", 4), ("b", "t1", 27), ("b", "t2", 23), ("c", "t1", 3),
                           ("d", "t1", 0)], columns=["doc_id", "theme", "hits"]).assign(group=lambda d: d["doc_id"])
    theme_tokens = _tokens([(d, s, "x") for d in "abcd" for s in range(4)])
    hits = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "sent_id": [0, 1, 0, 0], "theme": "t1"})
    out += F.theme_findings(scores, hits, theme_tokens, labels={"t1": "디지털 전환"}, codebook_name="my.txt")
    out += F.theme_findings(scores, hits.iloc[:0], theme_tokens)

    names = "abcde"
    pairs = [(x, y) for i, x in enumerate(names) for y in names[i + 1:]]
    tfidf = _similarity({p: 0.05 + 0.03 * i for i, p in enumerate(pairs)})
    by_type = pd.DataFrame({"doc_type": ["news", "press release"], "term": ["도시", "코로나19"], "g2": [9.5, 4.25]})
    out += F.comparison_findings(tfidf, tfidf, pd.Series({"news": 3, "press release": 2}), by_type)
    out += F.comparison_findings(tfidf, _similarity({p: 0.9 - 0.01 * i for i, p in enumerate(pairs)}))
    out += F.comparison_findings(_similarity({("a", "b"): 0.3}), _similarity({("a", "b"): 0.3}),
                                 pd.Series({"bill": 2}))

    found = pd.DataFrame([("a", "과기정통부", "organization", "ministry", "과학기술정보통신부"),
                          ("b", "OO사업단", "organization", "unknown (suffix 사업단)", "OO사업단"),
                          ("a", "이종호 장관", "person", "장관", "이종호 (장관)"),
                          ("a", "575억 원", "money", "KRW", 57_500_000_000.0),
                          ("a", "10/20/40TF", "compute", "TFLOPS", "10, 20, 40"), ("a", "서울", "place", "city", "서울")],
                         columns=["doc_id", "text", "kind", "type", "value"])
    dates = pd.DataFrame({"date": pd.to_datetime(["2023-02-06", "1865-01-01", None]), "doc_id": ["a", "a", "c"],
                          "kind": ["absolute", "relative", "relative"], "note": ["", "", F.UNDATED_NOTE]})
    out += F.actor_findings(found, dates, window=("2020-01-01", "2023-12-31"))

    edges = pd.DataFrame([("가", "나", 5, 0.5), ("나", "다", 3, 0.75)], columns=["source", "target", "count", "jaccard"])
    star = nx.star_graph(["중심", "a", "b", "c"])
    bipartite = nx.Graph([("문서1", "가"), ("문서2", "가"), ("문서2", "나")])
    nx.set_node_attributes(bipartite, {"문서1": "document", "문서2": "document", "가": "term", "나": "term"}, "mode")
    out += F.network_findings(edges, star, centrality_table(star), communities(star), bipartite=bipartite)
    key = bipartite.copy()
    key.graph.update(rule="key", count_density=0.8)
    out += F.network_findings(edges, bipartite=key)
    path = nx.path_graph(["가", "나", "다", "라"])
    out += F.network_findings(edges, path, centrality_table(path))
    out += F.network_findings(edges.iloc[:0])
    return out


def bold(text: str) -> Counter:
    return Counter(re.findall(r"\*\*(.+?)\*\*", text))


def test_korean_findings_carry_the_same_numbers_as_the_english(lang):
    lang("en")
    english_found = synthetic_findings()
    english = [f.text(markdown=True) for f in english_found]
    assert len({f.key for f in english_found}) >= 45, sorted({f.key for f in english_found})
    lang("ko")
    found = synthetic_findings()  # as a notebook does: the language chosen first, then the findings built
    korean = [f.text(markdown=True) for f in found]
    assert [f.key for f in found] == [f.key for f in english_found]
    for f, en, ko in zip(found, english, korean, strict=True):
        assert ko != en, f.key
        assert bold(ko) == bold(en), f"{f.key}: {ko!r} has other numbers than {en!r}"
    texts = dict(zip([f.key for f in found], korean, strict=True))
    assert "검정 1,625회에 대한 bonferroni 보정" in texts["keywords.key_term"]
    assert texts["keywords.leading_everywhere"].startswith("가장 많이 나온 용어는 데이터(**9**회)이며 **3**개 발행처")
    views = {f.variant: t for f, t in zip(found, korean, strict=True) if f.key == "comparison.views"}
    assert "일치합니다" in views["agree"] and "일치하지 않습니다" in views["disagree"]
    assert "읽은 문서 **1,200**건" in texts["newwords.split"] and "**2**회 이상" in texts["newwords.split"]
    assert "코드북(my.txt)" in texts["themes.coverage"]
    assert "'보통'" in texts["comparison.one_pair"]


def test_english_findings_do_not_change_with_the_table(lang):
    found = synthetic_findings()
    lang("en")
    assert all(f.text() == f.template.format(**{k: F.format_value(v) for k, v in f.params.items()}) for f in found)


def test_corpus_header_and_findings_title_in_korean(lang):
    corpus = _corpus(2, ["2010-11-12", None], ["A부", "B청"], ["news", "news"], ["가", "나"])
    lang("ko")
    header = F.corpus_header(corpus, "corpora/bills")
    assert header.startswith("**말뭉치:** corpora/bills · 문서 **2**건 · 2010-11-12 (날짜 없는 문서 1건) · 다이제스트 `")
    assert "\n\n**실행:** " in header
    assert F.render([], title=L.label("findings.title")) == "### 이번 실행의 결과"


# --------------------------------------------------------------------------------------------------
# figures


def test_a_figure_drawn_in_korean_has_korean_title_axes_and_legend(lang, tmp_path):
    plotting.use_house_style()
    lang("ko")
    shares = pd.DataFrame({"디지털": [0.6, 0.3], "복지": [0.4, 0.7]}, index=["가부", "나청"])
    fig = plotting.stacked_shares(shares, L.label("themes.profile_title", unit=L.label("unit.publisher")))
    ax = fig.axes[0]
    assert ax.get_title() == "발행처별 주제 구성" and ax.get_xlabel() == "주제어 일치 비율"
    plotting.save_figure(fig, "ko-profile", folder=tmp_path)  # a missing Hangul glyph would raise here

    events = pd.DataFrame({"label": ["가부"], "date": pd.to_datetime(["2024-02-01"]), "precision": ["day"]})
    documents = pd.DataFrame({"label": ["가부"], "published": pd.to_datetime(["2024-03-01"])})
    ax = plotting.timeline_chart(events, documents, L.label("timeline.title", span="2024-02 ~ 2024-03")).axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["언급된 날짜(일 단위)", "발행일"] and ax.get_xlabel() == "날짜"
    empty = plotting.monthly_share_chart(None, "월별")
    assert empty.axes[0].texts[0].get_text() == "주제어가 일치한, 날짜가 있는 문서가 없습니다"

    L.set_language("en")
    ax = plotting.stacked_shares(shares, "Theme profile").axes[0]
    assert ax.get_xlabel() == "share of theme hits"
    matplotlib.pyplot.close("all")


# --------------------------------------------------------------------------------------------------
# notes printed inside the notebooks' cells


def _printed(node):
    """What a print argument can show: the branches of ``a if c else b``, ``a or b`` and ``a + b``."""
    if isinstance(node, ast.IfExp):
        return _printed(node.body) + _printed(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [leaf for value in node.values for leaf in _printed(value)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _printed(node.left) + _printed(node.right)
    return [node]


@pytest.mark.parametrize("notebook", ["01-corpus-overview", "02-keywords", "03-policy-themes", "04-document-comparison",
                                      "05-actors-and-timeline", "06-keyword-network"])
def test_notes_printed_in_cells_come_from_the_label_tables(notebook):
    """Every ``print`` of these notebooks says its words through ``label(...)``: no English string or f-string
    with letters in it is printed directly (a table's own ``to_string`` is data, not a note)."""
    import nbformat

    from analysis.paths import NOTEBOOKS

    nb = nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4)
    prints = 0
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        for call in (n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Call)):
            if not (isinstance(call.func, ast.Name) and call.func.id == "print"):
                continue
            prints += 1
            words = [leaf for arg in call.args for leaf in _printed(arg)
                     if isinstance(leaf, ast.JoinedStr) or (isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)
                                                            and re.search("[A-Za-z]", leaf.value))]
            assert not words, f"{notebook}: {ast.unparse(call)[:100]} prints words that are not labels"
    assert prints >= 3


def test_a_note_reads_in_korean_with_the_same_numbers(lang):
    lang("ko")
    assert L.label("note.rebuilt", ok=5, documents=5, spans=2066) == ("정제 기록으로 문서 5건 중 5건의 원문이 그대로 "
                                                                       "복원됩니다. 기록된 구간 2066개")
    lang("en")
    assert L.label("note.rebuilt", ok=5, documents=5, spans=2066) == ("log rebuilds the raw text for 5 of 5 documents; "
                                                                       "2066 logged spans")
