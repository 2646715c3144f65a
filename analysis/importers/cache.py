"""Cache files written atomically (a temporary name, then ``os.replace``) and read defensively: an
unreadable cache file is ignored with a warning naming it, and rebuilt."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file, the new one, or none: never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path):
    """The JSON in a cache file, or ``None`` (with a warning naming the file) when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        warnings.warn(f"{path}: unreadable cache file ({type(error).__name__}); ignored and rebuilt", stacklevel=3)
        return None


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of every reader's code (this package, ``analysis.metadata`` and the page-furniture patterns the
    page reader checks, ``resources/boilerplate.tsv``) and the versions of the
    extractor libraries: part of every cache key, so a changed reader never serves old results. Computed once
    per process (it reads a dozen files and looks up six versions); a running process keeps its code."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for code in sorted(package.glob("*.py")) + [package.parent / "metadata.py",
                                                package.parent / "resources" / "boilerplate.tsv"]:
        if code.is_file():
            digest.update(code.name.encode())
            digest.update(code.read_bytes())
    for distribution in ("python-hwpx", "pypdfium2", "trafilatura", "lxml_html_clean", "openpyxl", "pandas"):
        try:
            digest.update(f"{distribution}={version(distribution)}".encode())
        except PackageNotFoundError:
            digest.update(f"{distribution}=none".encode())
    return digest.hexdigest()
