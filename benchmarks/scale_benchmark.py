"""Wall time and peak memory of the whole collection against the size of the corpus, on demand.

    .venv/bin/python benchmarks/scale_benchmark.py [--copies 1 4 10] [--kinds cold warm] [--cluster] [--work DIR]

Builds corpora of N times kdi-epic (``../shared/corpora/kdi-epic``): its 23,995 documents, real text, repeated
N times with unique ids (``<doc_id>~2``, ``<doc_id>~3`` ...), written as one JSON Lines table that
``load_corpus`` reads with its table reader. For each N it runs ``python -m analysis run`` twice with the
process tree's memory sampled twice a second (``run_memory.measure_run``):

- *cold*: an empty cache folder (``ANALYSIS_CACHE_DIR``): reading, cleaning, tokenizing and every analysis.
  The token store is keyed by text, so the N copies of a text are tokenized once: tokenizing costs what it
  costs on kdi-epic, everything after it sees N times the tokens;
- *warm*: the same again with the caches filled.

``--distinct`` makes each copy's texts its own (a last line ``사본 N``): every document is tokenized, stored and
held on its own, as in a corpus of N x 23,995 different documents; those runs are the kinds ``cold, distinct
texts`` and ``warm, distinct texts``.

``--cluster`` adds the Dask path on N = 1: a scheduler and two single-threaded workers started with
``dask scheduler`` / ``dask worker`` (as README says to), the run given ``--scheduler``, cold; the workers'
memory is sampled beside the run's.

Writes ``scale_results.json`` (a run replaces the earlier one of the same size and kind; the others are kept,
each with its date and the commit it measured) and ``scale.png`` (wall time and peak memory against tokens,
cold and warm, with the targets) beside this script, and prints the table for ``benchmarks/README.md``. Targets on the
project's 2-core machine (issue #19): kdi-epic cold under 240 s and 1.0 GB; ten times kdi-epic ends under
1.5 GB; ten times the tokens within twelve times the wall.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from run_memory import measure_run

from analysis.paths import SHARED_CORPORA

HERE = Path(__file__).resolve().parent
EPIC = SHARED_CORPORA / "kdi-epic"


def build_corpus(copies: int, folder: Path, distinct: bool = False) -> tuple[Path, int]:
    """``folder/epic-x{copies}.jsonl``: kdi-epic's documents ``copies`` times with unique ids; and the number
    of documents. With ``distinct`` every copy after the first ends its text with a line of its own
    (``사본 2``, ``사본 3`` ...): each document is then a text of its own, tokenized and held on its own, as in
    a corpus of that many different documents (``epic-x{copies}-distinct.jsonl``)."""
    import analysis

    corpus = analysis.load_corpus(EPIC)  # the corpus cache makes this a few seconds after the first time
    rows = corpus[["doc_id", "title", "published", "publisher", "text"]].rename(columns={"published": "date"})
    rows = rows.assign(date=rows["date"].dt.strftime("%Y-%m-%d"))
    path = folder / f"epic-x{copies}{'-distinct' if distinct else ''}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(1, copies + 1):
            part = rows if copy == 1 else rows.assign(doc_id=rows["doc_id"].astype(str) + f"~{copy}")
            if distinct and copy > 1:
                part = part.assign(text=part["text"] + f"\n사본 {copy}")
            part.to_json(out, orient="records", lines=True, force_ascii=False)
    return path, len(rows) * copies


def run_once(corpus: Path, out: Path, cache: Path, scheduler: str | None = None) -> dict:
    # Python's default, as on a researcher's machine: compiled bytecode kept in __pycache__ (a shell that sets
    # PYTHONDONTWRITEBYTECODE has every kernel compile the package again, seconds per notebook)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"ANALYSIS_CACHE_DIR": str(cache)}
    shutil.rmtree(out, ignore_errors=True)  # each run writes its own folder
    command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out)]
    if scheduler:
        command += ["--scheduler", scheduler]
    result = measure_run(command, env=env, echo=False)
    result["tokens"] = _tokens_of_run(out)
    return result


def _tokens_of_run(out: Path) -> int | None:
    """The corpus's tokens as notebook 01 counted them (its exported tokens-per-document table)."""
    import pandas as pd

    tables = sorted((out / "tables").glob("01*tokens_per_document*.csv"))
    return int(pd.read_csv(tables[0], encoding="utf-8-sig")["tokens"].sum()) if tables else None


class Cluster:
    """A Dask scheduler and two single-threaded worker processes, started as README says, with their
    summed resident memory sampled until :meth:`stop`."""

    def __init__(self, port: int = 8799):
        self.address = f"tcp://127.0.0.1:{port}"
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        self.processes = [subprocess.Popen([*dask, "--port", str(port), "--dashboard-address", ":0"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        time.sleep(3)
        worker = [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nworkers", "2",
                  "--nthreads", "1", "--memory-limit", "0", "--dashboard-address", ":0"]
        self.processes.append(subprocess.Popen(worker, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(5)
        self.peak, self._stop = 0, threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            for process in self.processes:
                try:
                    tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
                    total += sum(p.memory_info().rss for p in tree)
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(0.5)

    def stop(self) -> int:
        self._stop.set()
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=30)
        return self.peak


def figure(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (wall, memory) = plt.subplots(1, 2, figsize=(9, 5.2))
    for kind, colour in (("cold", "#0072B2"), ("warm", "#D55E00"), ("cold, distinct texts", "#009E73"),
                         ("warm, distinct texts", "#CC79A7")):
        # a distinct-texts line starts at the 1 x run of its kind: one copy of kdi-epic has no text twice
        own = [r for r in rows if r["tokens"] and (r["kind"] == kind or (
            r["copies"] == 1 and r["kind"] == kind.split(",")[0]))]
        points = sorted((r["tokens"] / 1e6, r["wall_seconds"], r["peak_bytes"] / 1e9) for r in own)
        if not points:
            continue
        x, seconds, gigabytes = zip(*points, strict=True)
        wall.plot(x, seconds, marker="o", color=colour, label=kind)
        memory.plot(x, gigabytes, marker="o", color=colour, label=f"{kind}, RSS summed")
        shared_once = sorted((r["tokens"] / 1e6, r["peak_pss_bytes"] / 1e9) for r in own if r.get("peak_pss_bytes"))
        if shared_once:
            memory.plot(*zip(*shared_once, strict=True), marker="s", linestyle=":", color=colour,
                        label=f"{kind}, PSS summed")
    memory.axhline(1.0, color="grey", linestyle=":", linewidth=1, label="target, kdi-epic (1.0 GB)")
    memory.axhline(1.5, color="grey", linestyle="--", linewidth=1, label="target, 4 x and 10 x (1.5 GB)")
    wall.axhline(240, color="grey", linestyle=":", linewidth=1, label="target, kdi-epic cold (240 s)")
    wall.set(xlabel="tokens (millions)", ylabel="wall time (s)", title="Whole run: wall time")
    memory.set(xlabel="tokens (millions)", ylabel="peak memory of the process tree (GB)",
               title="Whole run: peak memory")
    for ax in (wall, memory):
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.16), ncol=2)  # off the lines
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
    fig.tight_layout()
    fig.savefig(path, dpi=150)


def measured_commit() -> str | None:
    """The commit of the code a run measured (``git rev-parse --short HEAD`` of this checkout, with ``+`` when
    its code has uncommitted changes: this script's own results files do not count), or None outside a git
    checkout: rows of different code are then told apart."""
    code = ["analysis", "notebooks", "*.py", "pyproject.toml"]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", *code],
                               cwd=HERE.parent, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+" if dirty else "")


def merged_runs(path: Path, rows: list[dict]) -> list[dict]:
    """The runs of ``path`` (an earlier ``scale_results.json``) with ``rows`` in place of those of the same
    corpus size and kind, sorted by size and kind: runs of 1, 4 and 10 times kdi-epic can be made one at a time
    (each dated) and still make one table and figure."""
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    old = earlier.get("runs", [])
    for row in old:  # files from before runs were dated carry the date once, for all
        row.setdefault("date", earlier.get("date"))
        row.setdefault("load_average", earlier.get("load_average"))
    new = {(r["copies"], r["kind"]) for r in rows}
    kept = [r for r in old if (r["copies"], r["kind"]) not in new] + rows
    return sorted(kept, key=lambda r: (r["copies"], r["kind"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 4, 10],
                        help="sizes to run, in copies of kdi-epic (none: only --cluster)")
    parser.add_argument("--cluster", action="store_true", help="also the Dask path (two workers) on N = 1")
    parser.add_argument("--work", help="folder for the corpora, caches and runs (default: a temporary one)")
    parser.add_argument("--kinds", nargs="+", choices=["cold", "warm"], default=["cold", "warm"],
                        help="which runs for each N (warm needs the cold run's cache in --work)")
    parser.add_argument("--distinct", action="store_true",
                        help="copies with texts of their own (a line added), not the same texts again")
    args = parser.parse_args()
    commit = measured_commit()  # before the runs, which take an hour: the code they ran
    work = Path(args.work or tempfile.mkdtemp(prefix="scale-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    suffix = "-distinct" if args.distinct else ""
    for copies in args.copies:
        corpus, documents = build_corpus(copies, work, args.distinct)
        cache = work / f"cache-x{copies}{suffix}"
        if "cold" in args.kinds:
            shutil.rmtree(cache, ignore_errors=True)
        for run in args.kinds:
            kind = f"{run}, distinct texts" if args.distinct and copies > 1 else run
            result = run_once(corpus, work / f"run-x{copies}{suffix}-{run}", cache)
            rows.append({"copies": copies, "documents": documents, "kind": kind, **result})
            print(f"x{copies} {kind}: exit {result['exit_code']}, {result['wall_seconds']:.0f} s, "
                  f"peak {result['peak_bytes'] / 1e9:.2f} GB RSS, {result['peak_pss_bytes'] / 1e9:.2f} GB PSS, "
                  f"{result['tokens'] or 0:,} tokens", flush=True)
    if args.cluster:
        corpus, documents = build_corpus(1, work)
        cache = work / "cache-cluster"
        shutil.rmtree(cache, ignore_errors=True)
        cluster = Cluster()
        try:
            result = run_once(corpus, work / "run-cluster", cache, scheduler=cluster.address)
        finally:
            workers = cluster.stop()
        rows.append({"copies": 1, "documents": documents, "kind": "cluster cold", "workers_peak_bytes": workers,
                     **result})
        print(f"cluster cold: exit {result['exit_code']}, {result['wall_seconds']:.0f} s, run peak "
              f"{result['peak_bytes'] / 1e9:.2f} GB, workers {workers / 1e9:.2f} GB", flush=True)
    for row in rows:
        row.update(date=time.strftime("%Y-%m-%d"), commit=commit,
                   load_average=[round(x, 2) for x in os.getloadavg()])
    rows = merged_runs(HERE / "scale_results.json", rows)
    results = {"machine": platform.machine(), "cores": os.cpu_count(), "python": platform.python_version(),
               "runs": rows}
    (HERE / "scale_results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    figure(rows, HERE / "scale.png")
    print("\n| corpus | documents | tokens | run | date | commit | wall | peak, RSS summed | peak, PSS summed | "
          "largest |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        tokens, largest = (r["tokens"] or 0) / 1e6, r["largest_process_bytes"] / 1e9
        pss = f"{r['peak_pss_bytes'] / 1e9:.2f} GB" if r.get("peak_pss_bytes") else "not measured"
        print(f"| {r['copies']} x kdi-epic | {r['documents']:,} | {tokens:.1f} M | {r['kind']} | {r['date']} | "
              f"{r.get('commit') or '-'} | "
              f"{r['wall_seconds']:.0f} s | {r['peak_bytes'] / 1e9:.2f} GB | {pss} | {largest:.2f} GB |")


if __name__ == "__main__":
    main()
