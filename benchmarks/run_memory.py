"""Peak memory and wall time of a full run on a corpus, measured over the whole process tree.

    .venv/bin/python benchmarks/run_memory.py [CORPUS] [OUT]

Runs ``python -m analysis run --corpus CORPUS --out OUT`` (default: ../shared/corpora/kdi-epic into a
temporary folder), samples the summed resident memory of the runner and its notebook kernels twice a
second, and prints the peak (target: under 2 GB for the 23,995 EPIC documents), the wall time, and the
peak and duration of each notebook (the runner names the notebook it starts on its standard error).
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


def follow_notebooks(stream, current: list) -> None:
    """Echo the runner's standard error and keep ``current[0]`` at the notebook being executed."""
    for line in stream:
        sys.stderr.write(line)
        if line.startswith("executing "):
            current[0] = Path(line.split(" ", 1)[1].strip()).stem


def main() -> None:
    corpus = sys.argv[1] if len(sys.argv) > 1 else str(SHARED_CORPORA / "kdi-epic")
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="run-memory-")
    command = [sys.executable, "-m", "analysis", "run", "--corpus", corpus, "--out", out]
    start = time.time()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    current = ["(start-up)"]
    threading.Thread(target=follow_notebooks, args=(process.stderr, current), daemon=True).start()
    parent, peak, peak_single = psutil.Process(process.pid), 0, 0
    per_notebook: dict[str, list[float]] = {}  # name -> [peak bytes, first seen, last seen]
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            sizes = [p.memory_info().rss for p in tree if p.is_running()]
        except psutil.Error:
            sizes = []
        total, now = sum(sizes), time.time()
        peak, peak_single = max(peak, total), max(peak_single, max(sizes, default=0))
        record = per_notebook.setdefault(current[0], [0, now, now])
        record[0], record[2] = max(record[0], total), now
        time.sleep(0.5)
    print(f"exit code {process.returncode}; wall {time.time() - start:.0f} s")
    for name, (top, first, last) in per_notebook.items():
        print(f"  {name:<32} peak {top / 2**30:.2f} GiB, {last - first:.0f} s")
    print(f"peak memory of the process tree: {peak / 2**30:.2f} GiB "
          f"(largest single process {peak_single / 2**30:.2f} GiB)")
    print(f"target under 2 GB: {'met' if peak < 2e9 else 'NOT met'}; outputs in {Path(out)}")
    sys.exit(process.returncode)


if __name__ == "__main__":
    main()
