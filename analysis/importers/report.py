"""The import report: what a reader kept, set aside and flagged, in sentences a researcher reads
(where each field came from, the kind of each reason)."""

from __future__ import annotations

import re

SOURCE_WORDS = {
    "hwp:summary": "the HWP document properties", "hwpx:summary": "the HWPX document properties",
    "pdf:info": "the PDF document information", "html:meta": "the page's metadata",
    "body": "the first date in the body text", "first line": "the first line", "title line": "the first title line",
    "body:issuer": "the issuer named in the body (기관(장관 ...))",
}


def source_words(source: str) -> str:
    if source.startswith("text:"):
        return f"the text ({source.split(':', 1)[1]})"
    if source.startswith("header:"):
        return f"the header field {source.split(':', 1)[1]}"
    return SOURCE_WORDS.get(source, source or "nowhere")


def new_report(source: str, read: int) -> dict:
    """An empty import report for ``source``, of which ``read`` rows or files were read."""
    return {"source": source, "rows_read": read, "kept": 0, "set_aside": [], "flagged": [], "notes": []}


def reason_kind(reason: str, file: str = "") -> str:
    """The kind of an import-report reason, for counting: the reason without the file name it starts
    with and without its particulars, which follow the first ``;``, ``(``, ``:`` or quote.

    >>> reason_kind("short text (23 characters after cleaning)")
    'short text'
    >>> reason_kind("a.pdf: a damaged PDF (Failed to load document); download it again", "a.pdf")
    'a damaged PDF'
    >>> reason_kind("implausible date '1899-01-01'")
    'implausible date'
    """
    text = str(reason)
    if file and text.startswith(f"{file}: "):
        text = text[len(file) + 2:]
    return re.split(r"[;(:'\"]", text, maxsplit=1)[0].strip() or text.strip()
