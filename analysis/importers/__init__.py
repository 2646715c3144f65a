"""Readers of the files researchers receive, one module per source, one interface.

A document reader (``text``, ``hwp``, ``pdf``, ``html``) has ``accepts(head: bytes) -> bool``, which
decides from the file's first bytes, and ``read(path, label) -> Document`` (text, metadata, provenance),
raising :class:`CorpusError` naming the file. A table reader (``bigkinds``, ``epic``, ``table``) has
``accepts_table(path)``. Specific readers are tried before generic ones, as :data:`DOCUMENT_READERS` and
:data:`TABLE_READERS` list them; a new format is one new module added there.

Examples
--------
>>> from analysis.importers import reader_for
>>> reader_for(b"%PDF-1.7 ...", "x.pdf").NAME
'pdf'
"""

from __future__ import annotations

from pathlib import Path

from analysis.importers import bigkinds, epic, html, hwp, pdf, table, text
from analysis.importers.base import CorpusError, Document
from analysis.importers.fields import fill_from_text

DOCUMENT_READERS = (hwp, pdf, html, text)  # specific first; text accepts anything that is left
TABLE_READERS = (bigkinds, epic, table)
DOCUMENT_SUFFIXES = (".txt", ".hwp", ".hwpx", ".pdf", ".html", ".htm")
BINARY_SUFFIXES = (".hwp", ".hwpx", ".pdf")
HEAD_BYTES = 2048

__all__ = ["BINARY_SUFFIXES", "DOCUMENT_READERS", "DOCUMENT_SUFFIXES", "TABLE_READERS", "CorpusError", "Document",
           "read_file", "reader_for"]


def reader_for(head: bytes, name) -> object:
    """The reader module for a file whose first bytes are ``head``; refuses an empty file, a zip or OLE file
    that is not a document, and plain text named like a binary document (``.hwp``, ``.pdf``)."""
    if not head.strip():
        raise CorpusError(f"{name}: empty file (no text, or only whitespace); download it again")
    suffix = Path(str(name)).suffix.lower()
    for reader in DOCUMENT_READERS:
        if reader is not text and reader.accepts(head):
            if reader is html and suffix in BINARY_SUFFIXES:
                raise CorpusError(f"{name}: named {suffix} but is a web page (a download that returned an error or "
                                  "login page?); download the document again")
            return reader
    if head.startswith(b"PK\x03\x04"):
        raise CorpusError(f"{name}: a zip archive that is not an HWPX document (no mimetype application/hwp+zip); "
                          "if it is a folder of documents, unzip it into the corpus folder")
    if suffix in BINARY_SUFFIXES:
        if b"\x00" in head:
            raise CorpusError(f"{name}: named {suffix} but not a {suffix[1:].upper()} file (its first bytes are "
                              f"{head[:8].hex(' ')}); it is corrupt or of another format")
        raise CorpusError(f"{name}: named {suffix} but holds plain text, not a {suffix[1:].upper()} document; if the "
                          "text is the document, rename the file to .txt")
    return text


def read_file(path, label: str | None = None) -> Document:
    """Read one document file with the reader its first bytes call for (see :func:`reader_for`), then fill
    in what its text says where the file says nothing (:func:`analysis.importers.fields.fill_from_text`)."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    return fill_from_text(reader_for(head, label or path).read(path, label or path))
