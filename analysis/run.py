"""Execute every notebook headless: the seeds run behind ``make figures``, or any corpus into a folder.

``python -m analysis run``                         seeds; executed notebooks in build/notebooks, figures/
``python -m analysis run --corpus PATH --out DIR``  any corpus; executed notebooks, HTML and figures in DIR
                                                   (``--mapping text=본문,date=작성일`` for a table's columns)
``python -m analysis run --in-place``              re-execute the committed notebooks (what nbval checks)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.paths import FIGURES, NOTEBOOKS, ROOT

CELL_TIMEOUT = 3600


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered notebooks, in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def _export_html(notebook: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(notebook))
    notebook.with_suffix(".html").write_text(body, encoding="utf-8")


def _execute_in_place(path: Path) -> None:
    """Execute a notebook where it is, without adding papermill metadata (keeps diffs to outputs)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources=resources).execute()
    nbformat.write(nb, path)


def parse_mapping(text: str | None) -> dict | None:
    """``"text=본문,date=작성일"`` -> ``{"text": "본문", "date": "작성일"}``."""
    if not text:
        return None
    pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise SystemExit(f"--mapping: expected field=column pairs separated by commas, got {text!r}")
    return {field.strip(): column.strip() for field, column in pairs}


def run(corpus: str | None = None, out: str | None = None, in_place: bool = False, mapping: dict | None = None) -> Path:
    """Execute every notebook; return the folder the figures were written to."""
    import papermill

    if in_place and (corpus or out):
        raise SystemExit("--in-place re-executes the committed notebooks on the seeds; drop --corpus/--out")
    if corpus and not out:  # never write another corpus's figures over the seeds' figures/
        out = str(ROOT / "build" / Path(corpus).stem)
    out_dir = Path(out).resolve() if out else ROOT / "build" / "notebooks"
    figures = out_dir / "figures" if out else FIGURES
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ANALYSIS_FIGURES_DIR"] = str(figures)  # the kernels inherit it
    # Arrow's default allocator (mimalloc) keeps freed memory for reuse; in the kernels of a run on a large
    # corpus that held ~0.1 GB more at the peak than the system allocator, which hands it back
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    parameters = {"corpus_path": str(Path(corpus).resolve())} if corpus else {}
    if mapping:
        parameters["corpus_mapping"] = mapping
    for notebook in notebook_paths():
        print(f"executing {notebook.relative_to(ROOT)}", file=sys.stderr, flush=True)
        if in_place:
            _execute_in_place(notebook)
            continue
        target = out_dir / notebook.name
        papermill.execute_notebook(
            str(notebook), str(target), parameters=parameters, cwd=str(notebook.parent),
            kernel_name="python3", execution_timeout=CELL_TIMEOUT, progress_bar=False,
        )
        _export_html(target)
    print(f"figures written to {figures}", file=sys.stderr)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="execute every notebook headless")
    run_parser.add_argument("--corpus", help="a corpus folder or file that load_corpus reads (default: seeds/)")
    run_parser.add_argument("--out", help="folder for executed notebooks, HTML and figures")
    run_parser.add_argument("--mapping", help="for tables: field=column pairs, e.g. text=본문,date=작성일")
    run_parser.add_argument("--in-place", action="store_true", help="re-execute the committed notebooks")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.corpus, args.out, args.in_place, parse_mapping(args.mapping))
