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
