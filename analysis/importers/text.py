"""Plain text files: UTF-8 (with or without BOM) or CP949/EUC-KR, decoded exactly."""

from __future__ import annotations

from pathlib import Path

from analysis.importers.base import CorpusError, Document

NAME = "text"
EXTRACTOR = "analysis.decode_document (UTF-8, CP949)"


def decode_document(data: bytes, name: str | Path) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM), then CP949 (a superset of EUC-KR).

    Raises :class:`CorpusError` naming ``name`` for an empty or whitespace-only file, a binary file, or
    bytes that are neither encoding (with the best guess of ``charset-normalizer`` in the message).

    Examples
    --------
    >>> decode_document("인공지능".encode("cp949"), "x.txt")
    '인공지능'
    """
    if not data.strip():
        raise CorpusError(f"{name}: empty file (no text, or only whitespace)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CorpusError(f"{name}: UTF-16 text (byte-order mark {data[:2].hex()}); re-save it as UTF-8")
    if b"\x00" in data:
        raise CorpusError(f"{name}: binary file, contains NUL bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            guess = f"; it looks like {best.encoding}" if best else ""
            raise CorpusError(
                f"{name}: not valid UTF-8 or CP949/EUC-KR (first bad byte at offset {utf8_error.start}"
                f"{guess}); re-save the file as UTF-8"
            ) from None
    if not text.strip():
        raise CorpusError(f"{name}: empty file (no text, or only whitespace)")
    return text


def read_document(path: Path) -> str:
    """Read and decode one document file (see :func:`decode_document`)."""
    return decode_document(Path(path).read_bytes(), path)


def accepts(head: bytes) -> bool:
    """Any bytes that no binary reader claims: decoding decides (generic, so tried last)."""
    return True


def read(path: Path, label: str | None = None) -> Document:
    """One text file as a :class:`Document` (metadata is left to the text, see ``fields``)."""
    return Document(text=decode_document(Path(path).read_bytes(), label or path), format="text", extractor=EXTRACTOR)
