"""Execute every notebook headless: the seeds run behind ``make figures``, or any corpus into a folder.

``python -m analysis run``                         seeds; executed notebooks in build/notebooks, figures/
``python -m analysis run --corpus PATH --out DIR``  any corpus; executed notebooks, HTML, figures, tables/
                                                   (CSV, results.xlsx) and networks/ (Gephi, UCINET ...) in DIR
                                                   (``--mapping text=본문,date=작성일`` for a table's columns,
                                                   ``--lexicon DIR`` for the researcher's own lexicon,
                                                   ``--lang ko`` for figures and findings in Korean)
``python -m analysis run --in-place``              re-execute the committed notebooks (what nbval checks)

A notebook that fails does not stop the run: the others are executed, what could be written is written
(the failed notebook too, up to its failing cell), and the run ends with a summary naming each failed
notebook and its error, and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from analysis.lexicon import LEXICON_FOLDER
from analysis.paths import (
    DEFER_WORKBOOK_ENV,
    FIGURES,
    INDEX_FILE,
    MEMORY_LIMIT_ENV,
    NETWORKS_ENV,
    NOTEBOOKS,
    RESOURCES,
    ROOT,
    SCHEDULER_ENV,
    SEEDS,
    TABLES_ENV,
    WORKBOOK,
    memory_limit,
)
from analysis.progress import PROGRESS_LOG
from analysis.workbook import ADD, SAVE

CELL_TIMEOUT = 3600
SEED_FINDINGS_TAG = "seed-findings"  # markdown cells that describe the seed documents only


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered notebooks, in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def is_seed_path(corpus: str | Path | None) -> bool:
    """True when ``corpus`` is the seeds (``None`` or the ``seeds/`` folder itself)."""
    return corpus is None or Path(corpus).resolve() == SEEDS.resolve()


def describes_seeds(corpus: str | Path | None, lexicon: str | None = None, mapping: dict | None = None,
                    lang: str = "en") -> bool:
    """True when a run reproduces the seeds' committed results, so their hand-written findings hold.

    Another corpus, or the seeds read with another lexicon or mapping, gives other numbers, and the
    narrative is English: such a run leaves the ``seed-findings`` cells out. The seeds' own lexicon
    (``seeds/lexicon``, read without the flag as any corpus's ``lexicon/`` folder is) is no other lexicon.

    >>> describes_seeds(None), describes_seeds(None, lexicon="my_lexicon"), describes_seeds("zoo/kobill")
    (True, False, False)
    >>> describes_seeds(None, lang="ko")
    False
    """
    own = not lexicon or Path(lexicon).resolve() == (SEEDS / LEXICON_FOLDER).resolve()
    return is_seed_path(corpus) and own and not mapping and lang == "en"


def without_seed_findings(nb):
    """A copy of notebook ``nb`` without the cells tagged ``seed-findings``.

    The hand-written findings describe the five seed documents; on any other corpus they would be false,
    so a run on another corpus leaves them out and the notebook's generated findings stand alone.
    """
    import copy

    kept = copy.deepcopy(nb)
    kept.cells = [c for c in kept.cells if SEED_FINDINGS_TAG not in c.get("metadata", {}).get("tags", [])]
    return kept


def _export_html(notebook: Path) -> Path:
    """The notebook as HTML that opens with no network: JupyterLab's export without its CDN scripts
    (``analysis/resources/nbconvert/offline``); document text in outputs is escaped by the notebooks."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(RESOURCES / "nbconvert")])
    body, _ = exporter.from_filename(str(notebook))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


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


class _ProgressRelay:
    """Follow the kernels' progress file and copy it to this process's standard error (the terminal)."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="analysis-progress-", suffix=".log")
        os.close(handle)
        self.path = Path(name)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, daemon=True)

    def _follow(self) -> None:
        with open(self.path, encoding="utf-8", errors="replace") as stream:
            while True:
                chunk = stream.read()
                if chunk:
                    sys.stderr.write(chunk.replace("\r", "\n"))
                    sys.stderr.flush()
                elif self._stop.is_set():
                    return
                else:
                    time.sleep(0.5)

    def __enter__(self) -> Path:
        self._thread.start()
        return self.path

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.path.unlink(missing_ok=True)


def _execute(notebook: Path, target: Path, parameters: dict, seeds: bool) -> None:
    import nbformat
    import papermill

    nb = nbformat.read(notebook, as_version=4)
    if not seeds:
        nb = without_seed_findings(nb)
    papermill.execute_notebook(
        nb, str(target), parameters=parameters, cwd=str(notebook.parent),
        kernel_name="python3", execution_timeout=CELL_TIMEOUT, progress_bar=False,
    )


def run(corpus: str | None = None, out: str | None = None, in_place: bool = False, mapping: dict | None = None,
        lexicon: str | None = None, lang: str = "en", scheduler: str | None = None,
        memory: str | None = None) -> Path:
    """Execute every notebook; return the folder the figures were written to.

    ``scheduler`` (a ``dask.distributed`` scheduler's address, ``tcp://host:8786``) sends tokenizing and the
    token store's counts to that cluster (:func:`analysis.session` connects each notebook to it); ``memory``
    is the memory budget (``ANALYSIS_MEMORY_LIMIT``, e.g. ``2GB``) of the out-of-core engine.

    Raises ``SystemExit(1)`` after all notebooks were tried when any of them failed, with a summary.
    """
    if in_place and (corpus or out or lexicon or lang != "en"):
        raise SystemExit("--in-place re-executes the committed (English) notebooks on the seeds; "
                         "drop --corpus/--out/--lexicon/--lang")
    if lexicon and not Path(lexicon).is_dir():
        raise SystemExit(f"--lexicon {lexicon}: not a folder (it should hold files like analysis/resources/)")
    if corpus and not out:  # never write another corpus's figures over the seeds' figures/
        out = str(ROOT / "build" / Path(corpus).stem)
    out_dir = Path(out).resolve() if out else ROOT / "build" / "notebooks"
    figures = out_dir / "figures" if out else FIGURES
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ANALYSIS_FIGURES_DIR"] = str(figures)  # the kernels inherit it
    tables, networks = out_dir / "tables", out_dir / "networks"
    if not in_place:  # the notebooks' export cells write here (analysis.export); the workbook once, at the end
        os.environ.update({TABLES_ENV: str(tables), NETWORKS_ENV: str(networks), DEFER_WORKBOOK_ENV: "1"})
    # Arrow's default allocator (mimalloc) keeps freed memory for reuse; in the kernels of a run on a large
    # corpus that held ~0.1 GB more at the peak than the system allocator, which hands it back
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    parameters: dict = {"corpus_path": str(Path(corpus).resolve())} if corpus else {}
    if mapping:
        parameters["corpus_mapping"] = mapping
    if lexicon:
        parameters["lexicon_path"] = str(Path(lexicon).resolve())
    if lang != "en":
        parameters["lang"] = lang
    os.environ["ANALYSIS_LANG"] = lang  # the kernels inherit it, and so does the report page's header
    if scheduler:
        os.environ[SCHEDULER_ENV] = scheduler  # the kernels' sessions connect to it
    if memory:
        memory_limit(memory)  # a clear error now, not in every kernel
        os.environ[MEMORY_LIMIT_ENV] = memory
    seeds = describes_seeds(corpus, lexicon, mapping, lang)
    failures: list[tuple[str, str]] = []
    written: list[Path] = []
    # results.xlsx takes its sheets from each notebook's tables while the next notebook runs
    if not in_place:
        clear_previous_tables(tables)
    book = _WorkbookInBackground(tables) if not in_place else None
    with _ProgressRelay() as progress_log:
        os.environ[PROGRESS_LOG] = str(progress_log)
        for notebook in notebook_paths():
            print(f"executing {notebook.relative_to(ROOT)}", file=sys.stderr, flush=True)
            try:
                if in_place:
                    _execute_in_place(notebook)
                    continue
                target = out_dir / notebook.name
                try:
                    _execute(notebook, target, parameters, seeds)
                finally:
                    if target.exists():  # a failed notebook is written up to its failing cell
                        written.append(_export_html(target))
                    book.add_new()
            except Exception as error:  # noqa: BLE001 - any failure of one notebook is reported, the run goes on
                failures.append((notebook.name, _error_summary(error)))
                print(f"FAILED {notebook.name}: {failures[-1][1]}", file=sys.stderr, flush=True)
        os.environ.pop(PROGRESS_LOG, None)
    if book is not None:
        try:
            book.close()
        except Exception as error:  # noqa: BLE001 - the CSVs are written; say what failed and go on
            failures.append((WORKBOOK, _error_summary(error)))
    if written:
        try:
            _write_index(out_dir, corpus, mapping, written, figures, tables, networks)
        except Exception as error:  # noqa: BLE001 - the notebooks are written; the summary below must still come
            failures.append(("index.html", _error_summary(error)))
    print(f"figures written to {figures}", file=sys.stderr)
    if failures:
        summary = "\n".join(f"  {name}: {message}" for name, message in failures)
        raise SystemExit(f"{len(failures)} of {len(notebook_paths())} notebooks or the report page failed:\n"
                         f"{summary}")
    return figures


def clear_previous_tables(tables: Path) -> list[str]:
    """Remove what an earlier run wrote to ``tables`` (the files its ``tables.json`` lists, the index, the README
    and ``results.xlsx``) before a run writes there again; returns the names removed. Otherwise the workbook
    process would take the earlier run's tables for this run's, and read a table while a kernel rewrites it.
    Files the index does not list are left alone."""
    from analysis.workbook import read_index

    if not (tables / INDEX_FILE).is_file():
        return []
    names = []
    for entry in read_index(tables).values():
        names += [entry.get("csv", ""), entry.get("parquet", "")]
    removed = []
    for name in [*filter(None, names), INDEX_FILE, "README.md", WORKBOOK]:
        path = tables / name
        if path.parent == tables and path.is_file():
            path.unlink()
            removed.append(name)
    return removed


class _WorkbookInBackground:
    """A run's ``results.xlsx``, its sheets written by a child process (:func:`analysis.workbook.serve`)
    while the kernels work; the file is saved by :meth:`close`, after the last notebook, which raises
    ``RuntimeError`` with the child's message when it could not be written."""

    def __init__(self, tables: Path) -> None:
        self._process = subprocess.Popen([sys.executable, "-m", "analysis.workbook", str(tables)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                         encoding="utf-8", cwd=Path(__file__).resolve().parents[1])

    def add_new(self) -> None:
        """Have the sheets of the tables the notebook just written added."""
        self._send(ADD)

    def _send(self, command: str) -> None:
        try:
            self._process.stdin.write(command + "\n")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the process ended early: close() reports why

    def close(self) -> Path | None:
        """Save the workbook; its path, or ``None`` when no notebook wrote a table."""
        self._send(SAVE)
        reply, _ = self._process.communicate()
        reply = reply.strip()
        if reply.startswith("saved "):
            return Path(reply.removeprefix("saved "))
        if reply == "none":
            return None
        raise RuntimeError(reply.removeprefix("error ") or f"the workbook process ended with status "
                           f"{self._process.returncode} and no message")


def _error_summary(error: Exception) -> str:
    """One line: the exception's type and message (papermill's carries the kernel's ename and evalue)."""
    name = getattr(error, "ename", type(error).__name__)
    value = getattr(error, "evalue", str(error))
    return f"{name}: {value}".strip().splitlines()[0][:300]


def _write_index(out_dir: Path, corpus: str | None, mapping: dict | None, notebooks: list[Path],
                 figures: Path, tables: Path, networks: Path) -> Path:
    """``out_dir/index.html``: the shareable way into a run (:func:`analysis.report.write_report_index`),
    leading with each notebook's findings, linking every table and network file."""
    from analysis.corpus import load_corpus
    from analysis.findings import corpus_header
    from analysis.report import _notebook_label, notebook_findings, write_report_index

    header = corpus_header(load_corpus(corpus, mapping=mapping, raw_text=False, text=False), corpus)  # from its cache
    found = [(_notebook_label(page), notebook_findings(page.with_suffix(".ipynb"))) for page in notebooks]
    table_files = [tables / "README.md", tables / WORKBOOK, *sorted(tables.glob("*.csv")),
                   *sorted(tables.glob("*.parquet"))]
    return write_report_index(out_dir, header, notebooks, figures, findings=found,
                              tables=[f for f in table_files if f.exists()],
                              networks=sorted(networks.glob("*")) if networks.is_dir() else [])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="execute every notebook headless")
    run_parser.add_argument("--corpus", help="a corpus folder or file that load_corpus reads (default: seeds/)")
    run_parser.add_argument("--out", help="folder for executed notebooks, HTML and figures")
    run_parser.add_argument("--mapping", help="for tables: field=column pairs, e.g. text=본문,date=작성일")
    run_parser.add_argument("--lexicon", help="a folder with your own lexicon files (as analysis/resources/): "
                                              "user words, aliases and stopwords are added, a codebook replaces")
    run_parser.add_argument("--lang", choices=["en", "ko"], default="en",
                            help="language of figure titles, labels and the generated findings (default: en)")
    run_parser.add_argument("--in-place", action="store_true", help="re-execute the committed notebooks")
    run_parser.add_argument("--scheduler", help="a Dask scheduler's address (tcp://host:8786): tokenizing and the "
                                                "token store's counts run on that cluster")
    run_parser.add_argument("--memory-limit", help="memory budget of the out-of-core engine, e.g. 2GB "
                                                   "(default: $ANALYSIS_MEMORY_LIMIT, else 1GB)")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.corpus, args.out, args.in_place, parse_mapping(args.mapping), args.lexicon, args.lang,
            args.scheduler, args.memory_limit)
