"""Where things live: every path in the package is derived from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
RESOURCES = Path(__file__).resolve().parent / "resources"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def cache_dir() -> Path:
    """Folder of the on-disk caches (git-ignored); ``ANALYSIS_CACHE_DIR`` overrides it."""
    return Path(os.environ.get("ANALYSIS_CACHE_DIR", ROOT / ".cache"))


def figures_dir() -> Path:
    """Folder the figure helper writes to; ``ANALYSIS_FIGURES_DIR`` overrides it (set by ``run``)."""
    return Path(os.environ.get("ANALYSIS_FIGURES_DIR", FIGURES))


SCHEDULER_ENV = "ANALYSIS_SCHEDULER"  # a Dask scheduler's address: analysis.session connects to it
# where a run's notebooks write their tables (analysis.export), set by ``analysis run --out DIR``
TABLES_ENV = "ANALYSIS_TABLES_DIR"  # DIR/tables
NETWORKS_ENV = "ANALYSIS_NETWORKS_DIR"  # DIR/networks
DEFER_WORKBOOK_ENV = "ANALYSIS_TABLES_DEFER_WORKBOOK"  # the run writes results.xlsx once, after every notebook
INDEX_FILE = "tables.json"
WORKBOOK = "results.xlsx"
MEMORY_LIMIT_ENV = "ANALYSIS_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "1GB"
_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


def memory_limit(value: str | None = None) -> int:
    """The memory budget in bytes: ``value``, else ``ANALYSIS_MEMORY_LIMIT``, else 1 GB. Written as a number
    with an optional unit (B, KB, MB, GB, TB in powers of 1000; KiB, MiB, GiB, TiB in powers of 1024).

    Examples
    --------
    >>> memory_limit("1GB"), memory_limit("512 MiB"), memory_limit("1.5gb")
    (1000000000, 536870912, 1500000000)
    """
    import re

    text = (value if value is not None else os.environ.get(MEMORY_LIMIT_ENV, "") or DEFAULT_MEMORY_LIMIT).strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)", text)
    if not match or match.group(2).upper() not in _UNITS:
        raise ValueError(f"{MEMORY_LIMIT_ENV}={text!r}: not a memory size (write it as 1GB, 512MB or 2GiB)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])
