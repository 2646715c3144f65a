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
