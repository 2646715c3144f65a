"""Reading speed of documents: the bare reader libraries against the pipeline, on the same files, in one run.

    .venv/bin/python benchmarks/read_benchmark.py [--copies N] [--workers N]

Copies the readable documents of ../shared/corpora/documents (HWP, HWPX, PDF, a saved page) N times
(default 50, so 300 files) into a temporary folder and measures documents and megabytes per second of

- bare: python-hwpx ``HwpxDocument.open`` + ``export_text``, pypdfium2 page text, ``trafilatura.bare_extraction``,
  each file in a process pool of ``--workers`` processes (the same pool the pipeline uses);
- pipeline, reading: ``analysis.importers.cache.read_one`` (sniffing, the safety checks, the reader, metadata from the
  text, the per-file cache written) on every file with an empty cache, in the same warmed pool as the bare
  libraries (per core, the target's measure), and through ``read_all`` as ``load_corpus`` calls it, which
  starts its own pool (so the workers' imports are counted too);
- pipeline, whole: ``load_corpus(folder)`` with an empty cache (reading plus cleaning and assembly), then warm.

Target (issue 11): the pipeline's reading within 10% of the bare libraries per core. Prints a table and
writes benchmarks/read_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from analysis.paths import SHARED_CORPORA

OUT = Path(__file__).resolve().parent / "read_results.json"
READABLE = ["hwp/msit-2018-noori-press.hwp", "hwp/moef-2010-fiscal-stats.hwp", "hwpx/msit-2018-noori-press.hwpx",
            "hwpx/moef-2025q2-fdi-press.hwpx", "pdf/moef-2025q2-fdi-press.pdf", "html/gwangju-city-ai-press.html"]


def bare_read(path: str) -> int:
    """Text length from the bare library for one file (no checks, no metadata, no cache)."""
    if path.endswith((".hwp", ".hwpx")):
        from hwpx import HwpxDocument
        from hwpx.tools.exporter import export_text

        return len(export_text(HwpxDocument.open(path), notes=True))
    if path.endswith(".pdf"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        text = "\f".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        return len(text)
    import trafilatura

    return len(trafilatura.bare_extraction(Path(path).read_bytes(), with_metadata=True, include_tables=True).text)


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=50, help="copies of each readable document (default 50)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: the cores)")
    args = parser.parse_args()
    source = SHARED_CORPORA / "documents"
    work = Path(tempfile.mkdtemp(prefix="read-benchmark-"))
    os.environ["ANALYSIS_CACHE_DIR"] = str(work / "cache")
    folder = work / "corpus"
    files = []
    for copy in range(args.copies):
        for name in READABLE:
            target = folder / f"{copy:03d}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / name, target)
            files.append(target)
    megabytes = sum(f.stat().st_size for f in files) / 1e6

    import analysis
    from analysis.importers.cache import read_all, read_one

    tasks = [(str(f), f.relative_to(folder).as_posix()) for f in files]
    warm_up = [str(source / name) for name in READABLE] * args.workers
    with ProcessPoolExecutor(max_workers=args.workers) as pool:  # warm the workers' imports first
        list(pool.map(bare_read, warm_up))
        list(pool.map(read_one, warm_up, [f"warm-up/{i}" for i in range(len(warm_up))]))
        bare_seconds, _ = timed(lambda: list(pool.map(bare_read, map(str, files), chunksize=4)))
        shutil.rmtree(work / "cache", ignore_errors=True)
        per_core_seconds, _ = timed(lambda: list(pool.map(read_one, *zip(*tasks, strict=True), chunksize=4)))
    shutil.rmtree(work / "cache", ignore_errors=True)
    read_seconds, results = timed(read_all, tasks)  # as load_corpus calls it: its own pool, started cold
    assert all("document" in r for r in results), [r for r in results if "error" in r][:1]
    shutil.rmtree(work / "cache")
    cold_seconds, corpus = timed(analysis.load_corpus, folder)
    warm_seconds, _ = timed(analysis.load_corpus, folder)
    rows = {
        "bare libraries": bare_seconds,
        "pipeline, reading, same warm pool": per_core_seconds,
        "pipeline, reading (cold, own pool)": read_seconds,
        "pipeline, load_corpus (cold, with cleaning)": cold_seconds,
        "pipeline, load_corpus (warm)": warm_seconds,
    }
    print(f"{len(files)} files, {megabytes:.1f} MB, {args.workers} workers, {len(corpus)} documents kept")
    for name, seconds in rows.items():
        print(f"{name:45s} {seconds:7.2f} s  {len(files) / seconds:7.1f} docs/s  {megabytes / seconds:6.2f} MB/s")
    print(f"reading throughput per core (same warm pool), pipeline / bare: {bare_seconds / per_core_seconds:.2f}")
    print(f"including the pipeline's own pool start-up: {bare_seconds / read_seconds:.2f}")
    OUT.write_text(json.dumps({
        "files": len(files), "megabytes": round(megabytes, 2), "workers": args.workers,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "seconds": {k: round(v, 3) for k, v in rows.items()},
        "ratio_reading_vs_bare_per_core": round(bare_seconds / per_core_seconds, 3),
        "ratio_reading_vs_bare_with_pool_start": round(bare_seconds / read_seconds, 3),
    }, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
