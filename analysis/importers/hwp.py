"""Hancom documents: HWP 5 (an OLE2 compound file) and HWPX (zipped XML, KS X 6101), both through
``python-hwpx``; HWP 3 is recognised and refused with what to do.

Text is python-hwpx's plain-text export with foot and end notes where they sit; a line break inside a
paragraph or a table cell becomes a space, so every paragraph and every table row is one line, its cells
separated by tabs (a footnote in a cell does not break the row). Title and publisher come from the
document properties when they are a real title (Hancom templates leave ``"2"`` or a year there); the date
and department from the text's header (배포일시, 보도시점, 담당부서 ...), read by
:func:`analysis.importers.read_file` through :func:`analysis.importers.metadata.header_fields`.
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from pathlib import Path

from analysis.importers.base import (
    MAX_EXPANDED_BYTES,
    MAX_EXPANDED_TOTAL,
    CorpusError,
    Document,
    bounded_inflate_size,
    check_hangul,
    check_zip,
    extractor_version,
    require,
)

NAME = "hwp"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP3_MAGIC = b"HWP Document File V3"
HWPX_MIMETYPE = b"application/hwp+zip"
_MESSAGES = {
    "hwp5-password": "password-protected; open it in Hancom Office, remove the password (파일 > 문서 암호 해제) "
                     "and save it again",
    "hwp5-distribution": "a distribution document (배포용 문서): its text is encrypted and cannot be read; ask the "
                         "publisher for the original or a PDF, or open it in Hancom Office and save the text",
    "hwp5-drm": "protected by DRM: its text is encrypted; export it from the system that issued it",
    "hwp5-not-hwp5": "an OLE compound file that is not an HWP 5 document (a Word .doc or Excel .xls?); save it as "
                     ".txt, .pdf or .hwpx",
    "hwp5-version-unsupported": "an HWP version python-hwpx does not read; open it in Hancom Office and save it as "
                                "HWPX",
    "hwp5-limit-exceeded": "larger than the reader's limits; split the document or save it as PDF",
}


def is_hwpx_zip(head: bytes) -> bool:
    """A zip whose first member is ``mimetype`` holding ``application/hwp+zip`` (as OCF packages store it)."""
    return head.startswith(b"PK\x03\x04") and b"mimetype" in head[:80] and HWPX_MIMETYPE in head[:200]


def accepts(head: bytes) -> bool:
    """HWP 5 (OLE2 magic), HWPX (a zip with the HWP mimetype) or HWP 3 (to refuse it by name)."""
    return head.startswith(OLE_MAGIC) or head.startswith(HWP3_MAGIC) or is_hwpx_zip(head)


def _check_hwp5_streams(path, data: bytes) -> None:
    """Refuse an HWP 5 file whose compressed streams would expand past the limits, counting the inflated
    bytes without keeping them."""
    from hwpx.hwp5.cfb import CompoundFile
    from hwpx.hwp5.errors import Hwp5Error

    try:
        compound = CompoundFile(data)
        header = compound.read("FileHeader") if compound.has_stream("FileHeader") else b""
    except (Hwp5Error, ValueError, IndexError) as error:
        raise CorpusError(f"{path}: a damaged HWP file ({error}); it is truncated or corrupt, download it again") \
            from None
    compressed = len(header) > 36 and bool(header[36] & 1)
    if not compressed:
        return
    total = 0
    for name in compound.stream_paths():
        if not (name.startswith(("BodyText/", "ViewText/", "BinData/")) or name == "DocInfo"):
            continue
        try:
            size = bounded_inflate_size(compound.read(name), MAX_EXPANDED_BYTES)
        except Exception:  # noqa: BLE001 - a stream that is not deflate (an image stored as is) is not expanded
            continue
        total += size
        if size > MAX_EXPANDED_BYTES or total > MAX_EXPANDED_TOTAL:
            raise CorpusError(f"{path}: stream {name!r} would expand past {MAX_EXPANDED_BYTES:,} bytes; refused "
                              "before expanding it (a compression bomb, or a damaged file)")


def _plausible_title(title: str | None) -> bool:
    """A document-property title worth keeping: Hangul or letters, not a template's number or 제목없음."""
    title = (title or "").strip()
    placeholders = ("제목 없음", "제목없음", "무제")
    return len(title) >= 4 and bool(re.search(r"[가-힣A-Za-z]{2}", title)) and title not in placeholders


def read(path: Path, label: str | None = None) -> Document:
    """Read one HWP 5 or HWPX file (see the module docstring)."""
    name = label or path
    data = Path(path).read_bytes()
    head = data[:512]
    if head.startswith(HWP3_MAGIC):
        raise CorpusError(f"{name}: an HWP 3.0 file (Hangul 97 or earlier), which no maintained Python library "
                          "reads; open it in Hancom Office and save it as HWPX (or PDF)")
    hwpx = require("hwpx", "python-hwpx", name, "HWP and HWPX files")
    from hwpx.errors import HwpxError
    from hwpx.tools.exporter import export_text

    kind = "hwp" if head.startswith(OLE_MAGIC) else "hwpx"
    if kind == "hwp":
        _check_hwp5_streams(name, data)
    else:
        try:
            with zipfile.ZipFile(path) as archive:
                check_zip(name, archive)
        except zipfile.BadZipFile as error:
            raise CorpusError(f"{name}: a damaged HWPX file ({error}); it is truncated or corrupt, download it "
                              "again") from None
    logger = logging.getLogger("hwpx")
    level, logger.level = logger.level, logging.CRITICAL  # the library logs a traceback before it raises
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            document = hwpx.HwpxDocument.open(data)
            text = export_text(document, notes=True, masking_policy=lambda piece: piece.replace("\n", " "))
            metadata = document.package.document_metadata()
    except HwpxError as error:
        code = getattr(error, "code", "")
        damaged = f"a damaged {kind.upper()} file ({error}); it is truncated or corrupt, download it again"
        what = _MESSAGES.get(code) or damaged
        raise CorpusError(f"{name}: {what}") from None
    except Exception as error:  # noqa: BLE001 - lxml, zipfile, struct errors of a broken file
        message = str(error)
        if "암호" in message:
            raise CorpusError(f"{name}: {_MESSAGES['hwp5-password']}") from None
        raise CorpusError(f"{name}: a damaged {kind.upper()} file ({type(error).__name__}: {message[:200]}); it is "
                          "truncated or corrupt, download it again") from None
    finally:
        logger.level = level
    if not text.strip():
        raise CorpusError(f"{name}: no text in the document (only images or objects?); save it as PDF with text, or "
                          "as .txt")
    check_hangul(text, name, kind.upper())
    dropped = [str(w.message) for w in caught]
    title = metadata.title if metadata is not None and _plausible_title(metadata.title) else ""
    return Document(
        text=text,
        format=kind,
        extractor=extractor_version("python-hwpx"),
        title=title,
        title_source=f"{kind}:summary" if title else "",
        provenance="paragraphs one per line; table rows one per line, cells separated by tabs; notes in place",
        extra={"conversion": "; ".join(dropped)} if dropped else {},
    )
