"""PDF through ``pypdfium2`` (PDFium): the text layer of every page, pages separated by a form feed.

A PDF without a text layer (scanned pages, pages rendered as images) is refused: it needs OCR first.
The title comes from the document information only when it is a real one (not ``무제`` or a file name);
the date from the text (``보도시점 ...`` of a press release, or the first date), read by
:func:`analysis.importers.read_file` through :func:`analysis.importers.metadata.header_fields`.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.importers.base import CorpusError, Document, check_hangul, extractor_version, require

NAME = "pdf"
PAGE_BREAK = "\f"


def accepts(head: bytes) -> bool:
    """``%PDF`` in the first kilobyte (some writers put a few bytes before it)."""
    return b"%PDF-" in head[:1024]


def read(path: Path, label: str | None = None) -> Document:
    """Read one PDF (see the module docstring)."""
    name = label or path
    pdfium = require("pypdfium2", "pypdfium2", name, "PDF files")
    data = Path(path).read_bytes()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise CorpusError(f"{name}: a password-protected PDF; open it, remove the password and save it again") \
                from None
        raise CorpusError(f"{name}: a damaged PDF ({reason}); it is truncated or corrupt, download it again") from None
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        info = pdf.get_metadata_dict()
    finally:
        pdf.close()
    if not pages:
        raise CorpusError(f"{name}: a PDF with no pages")
    if not "".join(pages).strip():
        raise CorpusError(f"{name}: no text layer; a scanned PDF needs OCR first (e.g. ocrmypdf -l kor), then read "
                          "the PDF it writes")
    text = PAGE_BREAK.join(pages)
    check_hangul(text, name, "PDF")
    raw_title = (info.get("Title") or "").strip()
    title = raw_title if _plausible(raw_title, Path(path).stem) else ""
    return Document(
        text=text,
        format="pdf",
        extractor=extractor_version("pypdfium2"),
        title=title,
        title_source="pdf:info" if title else "",
        pages=len(pages),
        provenance=f"{len(pages)} pages separated by a form feed (\\f); lines as PDFium gives them (\\r\\n)",
    )


def _plausible(title: str, stem: str) -> bool:
    return (len(title) >= 4 and title not in ("무제", "제목 없음", "제목없음", "Untitled", stem)
            and bool(re.search(r"[가-힣A-Za-z]{2}", title)) and not title.lower().endswith((".hwp", ".hwpx", ".doc")))
