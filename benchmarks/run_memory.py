"""Peak memory and wall time of a full run on a corpus, measured over the whole process tree.

    .venv/bin/python benchmarks/run_memory.py [CORPUS] [OUT]

Runs ``python -m analysis run --corpus CORPUS --out OUT`` (default: ../shared/corpora/kdi-epic into a
temporary folder), samples the summed resident memory of the runner and its notebook kernels twice a
second, and prints the peak (target: under 2 GB for the 23,995 EPIC documents) and the wall time.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from analysis.paths import SHARED_CORPORA


def main() -> None:
    corpus = sys.argv[1] if len(sys.argv) > 1 else str(SHARED_CORPORA / "kdi-epic")
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="run-memory-")
    command = [sys.executable, "-m", "analysis", "run", "--corpus", corpus, "--out", out]
    start = time.time()
    process = subprocess.Popen(command)
    parent, peak, peak_single = psutil.Process(process.pid), 0, 0
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            sizes = [p.memory_info().rss for p in tree if p.is_running()]
            peak, peak_single = max(peak, sum(sizes)), max(peak_single, max(sizes, default=0))
        except psutil.Error:
            pass
        time.sleep(0.5)
    print(f"exit code {process.returncode}; wall {time.time() - start:.0f} s")
    print(f"peak memory of the process tree: {peak / 2**30:.2f} GiB "
          f"(largest single process {peak_single / 2**30:.2f} GiB)")
    print(f"target under 2 GB: {'met' if peak < 2e9 else 'NOT met'}; outputs in {Path(out)}")
    sys.exit(process.returncode)


if __name__ == "__main__":
    main()
