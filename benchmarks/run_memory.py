"""Peak memory and wall time of a full run on a corpus, measured over the whole process tree.

    .venv/bin/python benchmarks/run_memory.py [CORPUS] [OUT]

Runs ``python -m analysis run --corpus CORPUS --out OUT`` (default: ../shared/corpora/kdi-epic into a
temporary folder), samples the summed memory of the runner and its notebook kernels twice a second (resident,
RSS, and proportional, PSS: :func:`tree_memory`), and prints the peaks, the wall time, and the peak and
duration of each notebook (the runner names the notebook it starts on its standard error).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from analysis.paths import SHARED_CORPORA


def follow_notebooks(stream, current: list, echo=sys.stderr) -> None:
    """Echo the runner's standard error (to ``echo``, unless None) and keep ``current[0]`` at the notebook
    being executed."""
    for line in stream:
        if echo is not None:
            echo.write(line)
        if line.startswith("executing "):
            current[0] = Path(line.split(" ", 1)[1].strip()).stem


def measure_run(command: list[str], env: dict | None = None, echo: bool = True) -> dict:
    """Run ``command`` and sample the summed resident memory of it and its children (notebook kernels, and
    Dask workers it starts) twice a second: exit code, wall seconds, peak bytes, the largest single process,
    and per notebook (named by the runner on its standard error) its peak and duration."""
    start = time.time()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                               env=env)
    current = ["(start-up)"]
    stream = sys.stderr if echo else None
    threading.Thread(target=follow_notebooks, args=(process.stderr, current, stream), daemon=True).start()
    parent, peak, peak_pss, peak_single = psutil.Process(process.pid), 0, 0, 0
    per_notebook: dict[str, list[float]] = {}  # name -> [peak bytes, first seen, last seen, peak pss]
    while process.poll() is None:
        sizes, shares = tree_memory(parent)
        total, total_pss, now = sum(sizes), sum(shares), time.time()
        peak, peak_pss = max(peak, total), max(peak_pss, total_pss)
        peak_single = max(peak_single, max(sizes, default=0))
        record = per_notebook.setdefault(current[0], [0, now, now, 0])
        record[0], record[2], record[3] = max(record[0], total), now, max(record[3], total_pss)
        time.sleep(0.5)
    return {"exit_code": process.returncode, "wall_seconds": round(time.time() - start, 1), "peak_bytes": peak,
            "peak_pss_bytes": peak_pss, "largest_process_bytes": peak_single,
            "notebooks": {name: {"peak_bytes": top, "peak_pss_bytes": pss, "seconds": round(last - first)}
                          for name, (top, first, last, pss) in per_notebook.items()}}


def tree_memory(parent: psutil.Process) -> tuple[list[int], list[int]]:
    """Resident (RSS) and proportional (PSS) bytes of ``parent`` and each process below it.

    The RSS sum is what the issue's table measured; it counts a page shared by two processes twice: the
    topic model's k search runs in forked processes whose pages are the kernel's until written, so the sum
    of their RSS is more than the machine holds. PSS splits each shared page among its sharers (Linux
    ``/proc/PID/smaps_rollup``), so the PSS sum is what the process tree takes of the machine's memory."""
    sizes, shares = [], []
    try:
        tree = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return sizes, shares
    for p in tree:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        sizes.append(info.rss)
        shares.append(getattr(info, "pss", info.rss))
    return sizes, shares


def main() -> None:
    corpus = sys.argv[1] if len(sys.argv) > 1 else str(SHARED_CORPORA / "kdi-epic")
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="run-memory-")
    result = measure_run([sys.executable, "-m", "analysis", "run", "--corpus", corpus, "--out", out])
    print(f"exit code {result['exit_code']}; wall {result['wall_seconds']:.0f} s")
    for name, record in result["notebooks"].items():
        print(f"  {name:<32} peak {record['peak_bytes'] / 2**30:.2f} GiB RSS, "
              f"{record['peak_pss_bytes'] / 2**30:.2f} GiB PSS, {record['seconds']:.0f} s")
    peak = result["peak_bytes"]
    print(f"peak memory of the process tree: {peak / 2**30:.2f} GiB RSS summed, "
          f"{result['peak_pss_bytes'] / 2**30:.2f} GiB PSS summed "
          f"(largest single process {result['largest_process_bytes'] / 2**30:.2f} GiB)")
    print(f"target under 2 GB: {'met' if peak < 2e9 else 'NOT met'}; outputs in {Path(out)}")
    sys.exit(result["exit_code"])


if __name__ == "__main__":
    main()
