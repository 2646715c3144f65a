"""Handing memory a step has freed back to the system, so that the next step (or the next notebook's kernel
beside this one) finds it: Python and the C allocator keep freed memory for reuse, and a process that read a
large corpus once holds the peak of that read until it ends."""

from __future__ import annotations

import ctypes
import gc


def return_freed_memory() -> None:
    """Collect garbage, then ask the C allocator to return its free pages (glibc's ``malloc_trim``; elsewhere
    the allocator decides, and this only collects garbage).

    For the end of a step that held much more than what it leaves behind: importing a corpus, tokenizing,
    a Kiwi model no longer needed. It takes a few milliseconds.
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        pass


def shared_text(pool: dict, value):
    """``value``, or for text the one object ``pool`` holds for an equal text (added when new): a name mentioned
    a hundred thousand times, or a sentence repeated word for word across reposted documents, is held once in
    a table of millions of rows (and pickled once in its cache file).

    >>> pool = {}
    >>> a, b = shared_text(pool, "과기정통부"), shared_text(pool, "".join(["과기", "정통부"]))
    >>> a is b, shared_text(pool, 3)
    (True, 3)
    """
    return pool.setdefault(value, value) if type(value) is str else value


def resident_memory() -> int:
    """This process's resident memory in bytes (what it holds in RAM now), or 0 where it cannot be read."""
    try:
        import psutil  # ipykernel's dependency, so present wherever a notebook runs
    except ImportError:  # pragma: no cover - a bare interpreter
        return 0
    return int(psutil.Process().memory_info().rss)


ENGINE_SHARE = 2  # the out-of-core engine always gets at least this fraction (1/2) of the budget ...
ENGINE_MINIMUM = 128 * 2**20  # ... and at least this much of it (below it DuckDB spends its time spilling)


def engine_memory_limit(budget: int, held: int | None = None) -> int:
    """The memory the out-of-core engine (DuckDB) may use: the ``budget`` (``ANALYSIS_MEMORY_LIMIT``) less what
    this process already ``held`` (its resident memory: the corpus, the tables a notebook has made), so that the
    two together stay near the budget; never less than half the budget or :data:`ENGINE_MINIMUM`
    (or the whole budget when that is smaller): under a quarter of 1 GB, DuckDB 1.4.5 ran out of memory counting
    per-document terms of 10 x kdi-epic beside a kernel of 0.76 GB, where a third of it had sufficed cold. The
    engine's counts are written to spill (grouped counts, never ``count(DISTINCT ...)`` per group, which
    DuckDB holds in memory whole).

    >>> GB = 10**9
    >>> engine_memory_limit(1 * GB, held=GB // 4), engine_memory_limit(1 * GB, held=GB)
    (750000000, 500000000)
    >>> engine_memory_limit(64 * 10**6, held=GB)  # a budget below the minimum: all of it
    64000000
    """
    held = resident_memory() if held is None else held
    return max(budget - held, budget // ENGINE_SHARE, min(budget, ENGINE_MINIMUM))
