"""What every importer shares: the error, the document it returns, and the limits that keep reading safe.

An importer takes one file and returns its text, metadata and provenance (a :class:`Document`), or raises
:class:`CorpusError` with a message that names the file and says what to do.
"""

from __future__ import annotations

import importlib
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

# A compressed member (a zip member of .hwpx or .xlsx, a compressed HWP stream) may expand to at most this
# many bytes, and a whole file to at most MAX_EXPANDED_TOTAL; a member above MAX_RATIO_FROM bytes may be at
# most MAX_RATIO times its compressed size. Real documents stay far below: the largest stream of the
# shared HWP files expands to under 1 MB; XML compresses about 10-30 times.
MAX_EXPANDED_BYTES = 128 * 1024 * 1024
MAX_EXPANDED_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_RATIO_FROM = 4 * 1024 * 1024
# Share of letters that must be Hangul before a binary reader's output is taken as a Korean document.
MIN_HANGUL_SHARE = 0.10
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


class CorpusError(ValueError):
    """A document or manifest that cannot be read as asked; the message names the file and the problem."""


@dataclass
class Document:
    """What an importer read from one file.

    ``text`` is the extracted text, exactly as the extractor gave it (``raw_text`` of the corpus);
    ``title``, ``published`` and ``publisher`` are what the file says, its own properties first and then its
    text (:func:`analysis.importers.fields.fill_from_text`), with ``*_source`` naming where each came from
    (``"hwp:summary"``, ``"header:배포일시"``, ``"html:meta"``, ``"body"``, or ``""`` when the file does not
    say); ``provenance`` says how the text is laid out (pages, tables).
    """

    text: str
    format: str
    extractor: str
    title: str = ""
    title_source: str = ""
    published: str = ""  # ISO date or ""; a string so the document caches as JSON
    published_source: str = ""
    publisher: str = ""
    publisher_source: str = ""
    department: str = ""
    pages: int = 0
    provenance: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def extractor_version(distribution: str) -> str:
    """``name version`` of an installed distribution, for the ``extractor`` column."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{distribution} {version(distribution)}"
    except PackageNotFoundError:
        return f"{distribution} (not installed)"


def require(module: str, distribution: str, path, what: str):
    """Import an optional reader library, or raise :class:`CorpusError` naming the file and the package."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise CorpusError(
            f"{path}: reading {what} needs the package {distribution}, which is not installed; "
            f"pip install {distribution} (the project pins it in pyproject.toml)"
        ) from None


def hangul_share(text: str) -> float:
    """Hangul characters as a share of all letters in ``text`` (0 when there are no letters).

    Examples
    --------
    >>> hangul_share("인공지능 AI")
    0.6666666666666666
    """
    letters = sum(1 for c in text if c.isalpha())
    return len(HANGUL.findall(text)) / letters if letters else 0.0


def check_hangul(text: str, path, what: str) -> None:
    """Refuse a reader's output with almost no Hangul: it is more often a failed extraction than a
    document (a text layer without a Unicode map, an encrypted body's placeholder)."""
    share = hangul_share(text)
    if share < MIN_HANGUL_SHARE:
        letters = sum(1 for c in text if c.isalpha())
        raise CorpusError(
            f"{path}: the {what} reader's text has almost no Korean ({share:.0%} Hangul of {letters} letters); "
            "the extraction probably failed (fonts without a Unicode map, an encrypted or placeholder body). "
            "Open the file, check it, and save it as .txt if the text is right"
        )


def check_zip(path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip (.hwpx, .xlsx) whose members would expand past the limits, before expanding any.

    The sizes checked are those the archive declares; Python's zip reader never returns more than a
    member's declared size, so a member that lies about its size is cut there, not expanded further.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_EXPANDED_BYTES or (info.file_size > MAX_RATIO_FROM and ratio > MAX_RATIO):
            raise CorpusError(
                f"{path}: member {info.filename!r} would expand from {info.compress_size:,} to {info.file_size:,} "
                f"bytes (limit {MAX_EXPANDED_BYTES:,}, ratio {MAX_RATIO}); refused before expanding it "
                "(a zip bomb, or a file that is not a document)"
            )
    if total > MAX_EXPANDED_TOTAL:
        raise CorpusError(f"{path}: the archive would expand to {total:,} bytes (limit {MAX_EXPANDED_TOTAL:,}); "
                          "refused before expanding it")


def check_zip_file(path) -> None:
    """:func:`check_zip` on a file by name; a file that is not a valid zip raises :class:`CorpusError`."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(path, archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise CorpusError(f"{path}: not a valid zip archive ({error}); the file is truncated or corrupt, "
                          "download or export it again") from None


def bounded_inflate_size(data: bytes, limit: int = MAX_EXPANDED_BYTES) -> int:
    """Size of a raw-deflate stream once inflated, counted in 1 MB steps that are discarded, so a bomb is
    refused before it is held in memory; returns ``limit + 1`` as soon as the count passes ``limit``."""
    inflater = zlib.decompressobj(-15)
    size, chunk = 0, 1 << 20
    pending = data
    while pending and not inflater.eof:
        out = inflater.decompress(pending, chunk)
        size += len(out)
        if size > limit:
            return limit + 1
        if not out and len(inflater.unconsumed_tail) == len(pending):
            break  # no progress: the stream needs input it does not have
        pending = inflater.unconsumed_tail
    return size + len(inflater.flush())


def iso_date(stamp) -> str:
    """A Timestamp (or NaT) as ``YYYY-MM-DD`` (or ``""``)."""
    return "" if stamp is None or pd.isna(stamp) else pd.Timestamp(stamp).strftime("%Y-%m-%d")


def display_path(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` (posix), or as given."""
    if root is not None:
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)
