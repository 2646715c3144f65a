"""Whole runs on corpora nobody here tuned the notebooks to (``make test-corpora``; CI runs it).

Each corpus goes through ``python -m analysis run --corpus ... --out ...`` as a researcher would run it, and
the executed notebooks are checked for what a reader would trust: no error cell, no sentence of the seeds'
hand-written findings, a header naming the corpus, no progress-bar text in the report, and time axes that
hold the corpus's own dates.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import analysis
from analysis.paths import NOTEBOOKS, SHARED_CORPORA
from analysis.run import SEED_FINDINGS_TAG, notebook_paths

pytestmark = pytest.mark.corpus

ZOO = SHARED_CORPORA / "zoo"
HANGUL = re.compile("[\uac00-\ud7a3\u3130-\u318f]")


def seed_narrative_sentences() -> list[str]:
    """Sentences (of 30+ characters) of the hand-written findings about the seeds, from the notebooks."""
    sentences = []
    for path in notebook_paths(NOTEBOOKS):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if SEED_FINDINGS_TAG in cell.metadata.get("tags", []):
                text = re.sub(r"\*\*|`", "", cell.source).replace("\n  ", " ")
                parts = re.split(r"(?<=[.:;])\s+|\n- ", text)
                sentences += [p.strip() for p in parts if len(p.strip()) >= 30]
    return sentences


def run_corpus(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out), *extra]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=1800)


def executed(out: Path) -> dict[str, nbformat.NotebookNode]:
    return {p.name: nbformat.read(p, as_version=4) for p in sorted(out.glob("[0-9][0-9]-*.ipynb"))}


def output_text(nb) -> str:
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            for value in output.get("data", {}).values():
                texts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(texts)


def check_run(corpus: Path, out: Path, result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    notebooks = executed(out)
    assert len(notebooks) == len(notebook_paths()), sorted(notebooks)
    narrative = seed_narrative_sentences()
    assert narrative, "no seed findings found in the committed notebooks"
    loaded = analysis.load_corpus(corpus)
    for name, nb in notebooks.items():
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert errors == [], f"{name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        assert not any(SEED_FINDINGS_TAG in c.metadata.get("tags", []) for c in nb.cells), name
        html = (out / name).with_suffix(".html").read_text(encoding="utf-8")
        leaked = [s for s in narrative if s in html or s in json.dumps(nb.dict(), ensure_ascii=False)]
        assert leaked == [], f"{name}: seed findings in a run on {corpus.name}: {leaked[:2]}"
        text = output_text(nb)
        assert "IProgress not found" not in text and " it/s]" not in text and "doc/s]" not in text, name
        assert f"**{len(loaded):,}** document" in text, f"{name}: no header naming the corpus's {len(loaded)} documents"
    check_time_axes(notebooks, loaded)
    return notebooks


SPAN = re.compile(r"dated, (?:all|[\d,]+) shown \((\d{4}-\d\d-\d\d)(?: to (\d{4}-\d\d-\d\d))?\)")


def check_time_axes(notebooks: dict, corpus) -> None:
    """The timeline (05) and the themes over time (03) span the corpus's own publication dates.

    Each prints the span it draws; on these corpora at most a tenth of the dated documents may fall outside
    it (the tail rule's far-out step leaves out at most 5% at each end, and its thin-edge step needs 100
    dates); no time axis where the corpus has no dates.
    """
    dated = corpus["published"].dropna()
    for name in ("03-policy-themes.ipynb", "05-actors-and-timeline.ipynb"):
        spans = SPAN.findall(output_text(notebooks[name]))
        if dated.empty:  # notebook 05 may still draw the dates the texts mention
            assert name != "03-policy-themes.ipynb" or spans == [], f"{name}: a time axis without dated documents"
            continue
        assert spans, f"{name}: no printed span for a corpus with {len(dated)} dated documents"
        start, end = (pd.Timestamp(spans[0][0]), pd.Timestamp(spans[0][1] or spans[0][0]))
        inside = dated.between(start, end + pd.Timedelta(days=1))
        assert inside.mean() >= 0.9, f"{name}: the axis {start:%Y-%m-%d} to {end:%Y-%m-%d} misses the corpus dates"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run each corpus once per test session (a run executes every notebook)."""
    done = {}

    def get(name: str, corpus: Path):
        if name not in done:
            out = tmp_path_factory.mktemp(name)
            done[name] = (corpus, out, run_corpus(corpus, out))
        return done[name]

    return get


@pytest.mark.parametrize("name", ["kobill", "constitution", "speeches"])
def test_zoo_corpus_runs_and_reads_true(runs, name):
    if not (ZOO / name).is_dir():
        pytest.skip(f"{ZOO / name} is absent (the zoo corpora come with ../shared)")
    corpus, out, result = runs(name, ZOO / name)
    check_run(corpus, out, result)


def test_corpus_without_korean_runs(runs, tmp_path):
    """Two English documents: every notebook runs and says what it cannot compute."""
    readmes = sorted(SHARED_CORPORA.glob("*/README.md"))[:2]
    if len(readmes) < 2:
        pytest.skip(f"{SHARED_CORPORA} is absent")
    folder = tmp_path / "english"
    folder.mkdir()
    for path in readmes:  # their English prose only
        english = [line for line in path.read_text(encoding="utf-8").splitlines() if not HANGUL.search(line)]
        (folder / f"{path.parent.name}.txt").write_text("\n".join(english), encoding="utf-8")
    corpus, out, result = runs("english", folder)
    check_run(corpus, out, result)


HOSTILE = ['<img src=x onerror="alert(1)">', "<script>alert(2)</script>"]


def test_document_text_is_data_never_markup(runs, tmp_path):
    """A saved page or a hostile document carrying markup reaches every notebook and report as text.

    The documents are two seeds with markup put into their title line and body; after a whole run no
    executed notebook's HTML output, no notebook's HTML export and the report page carry it as live markup.
    """
    from analysis.paths import SEEDS

    folder = tmp_path / "hostile"
    folder.mkdir()
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))[:2]):
        text = path.read_text(encoding="utf-8")
        (folder / f"page{i}.txt").write_text(f"{HOSTILE[i]} 보도자료\n{text}\n{HOSTILE[1 - i]} 인공지능", encoding="utf-8")
    corpus, out, result = runs("hostile", folder)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))]
    assert len(pages) == len(notebook_paths()) + 1  # every notebook, and index.html
    for name, nb in executed(out).items():
        html_outputs = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
                        if "text/html" in o.get("data", {})]
        markdown_outputs = [o["data"]["text/markdown"] for c in nb.cells for o in c.get("outputs", [])
                            if "text/markdown" in o.get("data", {})]
        for markup in HOSTILE:
            assert not any(markup in h for h in html_outputs), f"{name}: live markup in an HTML output"
            assert not any(markup in m for m in markdown_outputs), f"{name}: live markup in a Markdown output"
    for page in pages:
        for markup in HOSTILE:
            assert markup not in page
    assert any("&lt;script&gt;alert(2)&lt;/script&gt;" in page for page in pages), "the text itself should show"


def test_seeds_and_a_zoo_corpus_write_the_same_tables_none_empty_without_a_note(runs):
    """Every table name a run on the seeds writes, a run on a zoo corpus writes too; an empty table says why;
    the workbook has a sheet per CSV; the sentence network opens from its GEXF with its attributes."""
    import networkx as nx
    from openpyxl import load_workbook

    from analysis.paths import SEEDS

    if not (ZOO / "kobill").is_dir():
        pytest.skip(f"{ZOO / 'kobill'} is absent (the zoo corpora come with ../shared)")
    names = {}
    for name, corpus in (("seeds", SEEDS), ("kobill", ZOO / "kobill")):
        _, out, result = runs(name, corpus)
        assert result.returncode == 0, result.stderr[-3000:]
        index = json.loads((out / "tables" / "tables.json").read_text(encoding="utf-8"))
        names[name] = set(index)
        assert not [t for t, e in index.items() if e["rows"] == 0 and not e["note"]], name
        csvs = sorted(p.stem for p in (out / "tables").glob("*.csv"))
        assert csvs == sorted(index)
        assert load_workbook(out / "tables" / "results.xlsx", read_only=True).sheetnames == ["README", *csvs]
        graph = nx.read_gexf(out / "networks" / "06-network-sentences.gexf")
        attributes = set().union(*(d.keys() for _, d in graph.nodes(data=True)))
        assert {"frequency", "betweenness", "community", "concor_block"} <= attributes, name
        edges = pd.read_csv(out / "tables" / "06-edges_sentences.csv", encoding="utf-8-sig", float_precision="round_trip")
        by_pair = edges.set_index(["source", "target"])["jaccard"]
        for u, v, data in graph.edges(data=True):
            assert by_pair.get((u, v), by_pair.get((v, u))) == data["jaccard"], (name, u, v)
        page = (out / "index.html").read_text(encoding="utf-8")
        assert page.index("kp-findings") < page.index("<figure") and "tables/results.xlsx" in page
    assert names["seeds"] == names["kobill"] and len(names["seeds"]) >= 30
