"""The package's layout: data flows one way (importers -> corpus -> clean -> tokens -> analyses -> figures,
findings, the explorer and the runs), so a module imports only from its own stage or an earlier one, and
the import graph has no cycle (../shared/STYLE.md, "Layout")."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx

import analysis

PACKAGE = Path(analysis.__file__).parent
# each stage may import from the stages before it and from its own
STAGES = [
    {"paths", "progress", "labels", "lexicon", "memory"},  # settings, the researcher's word lists, memory
    {"importers"},  # files in
    {"clean"},  # cleaning rules and the audit log
    {"corpus"},  # one row per document
    {"token_store", "tokens", "aggregates"},  # Kiwi, the tokens on disk and counts made from them out of core
    {"terms", "embeddings", "timeline", "entities", "themes", "topics", "compare", "network", "audit"},  # analyses
    {"plotting", "workbook", "export"},  # figures and files for the next tool
    {"findings"},  # sentences about a run's results
    {"explore"},  # the explorer
    {"session", "report", "run", "__main__"},  # opening a notebook, running them all
]


def stage_of(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else "__init__"
    return next(i for i, names in enumerate(STAGES) if top in names)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def import_graph() -> nx.DiGraph:
    """Module -> the analysis modules it imports (at the top or inside a function); read once per process
    (the tests below only read it)."""
    graph = nx.DiGraph()
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    for path in paths:
        name = module_name(path)
        graph.add_node(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("analysis")]
            else:
                continue
            for target in targets:
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target != name and target != "analysis":
                    graph.add_edge(name, target)
    return graph


def test_every_module_belongs_to_a_stage():
    unplaced = [m for m in import_graph() if m != "analysis" and not any(
        (m.split(".")[1] if "." in m else m) in names for names in STAGES)]
    assert unplaced == []


def test_no_module_imports_from_a_later_stage():
    graph = import_graph()
    upward = [(a, b) for a, b in graph.edges if a != "analysis" and stage_of(b) > stage_of(a)]
    assert upward == []


def test_the_import_graph_has_no_cycle_between_top_level_modules():
    graph = import_graph()
    top = nx.DiGraph()
    for a, b in graph.edges:
        ta, tb = a.split(".")[:2], b.split(".")[:2]
        if ta != tb and "analysis" not in (a, b):
            top.add_edge(".".join(ta), ".".join(tb))
    assert list(nx.simple_cycles(top)) == []
