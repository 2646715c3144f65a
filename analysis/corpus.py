"""Documents in, one DataFrame row per document out: decoding, the manifest, and validation.

Raw files are only ever read. ``raw_text`` is exactly the file's decoded text and ``text`` is what the
cleaning rules (``analysis.clean``) leave of it; :func:`analysis.clean.cleaning_log` accounts for the
difference.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd

from analysis.clean import clean_text
from analysis.paths import SEEDS

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "file", "title", "published", "publisher", "doc_type", "source_note"]
DOC_TYPES = {"press release", "news article", "plan", "notice", "report"}
CORPUS_COLUMNS = ["doc_id", "title", "published", "publisher", "doc_type", "source_note", "file"]
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


class CorpusError(ValueError):
    """A document or manifest that cannot be read as asked; the message names the file and the problem."""


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


def read_manifest(folder: Path) -> pd.DataFrame:
    """Read and validate ``folder/manifest.csv`` against the files in ``folder``.

    Every row must name an existing file, every ``.txt`` file must have a row, ``doc_id`` must be unique
    and ``published`` an ISO date (``YYYY-MM-DD``); each problem raises :class:`CorpusError`.
    """
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise CorpusError(f"{path}: no manifest; each document folder needs one ({', '.join(MANIFEST_COLUMNS)})")
    manifest = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    duplicated = sorted(set(manifest.loc[manifest["doc_id"].duplicated(), "doc_id"]))
    if duplicated:
        raise CorpusError(f"{path}: duplicate doc_id {', '.join(duplicated)}")
    for row in manifest.itertuples():
        if not (folder / row.file).is_file():
            raise CorpusError(f"{path}: row {row.doc_id!r} names {row.file!r}, which is not in {folder}")
    unlisted = sorted({p.name for p in folder.glob("*.txt")} - set(manifest["file"]))
    if unlisted:
        raise CorpusError(f"{folder / unlisted[0]}: no row in {path} (add one, or move the file out)")
    published = pd.to_datetime(manifest["published"], format="%Y-%m-%d", errors="coerce")
    bad = manifest.loc[published.isna(), ["doc_id", "published"]]
    if len(bad):
        doc_id, value = bad.iloc[0]
        raise CorpusError(f"{path}: row {doc_id!r} has published={value!r}, not a date like 2023-02-07")
    manifest["published"] = published
    return manifest


def _assemble(rows: pd.DataFrame, raw_texts: list[str]) -> pd.DataFrame:
    """Add ``raw_text`` and cleaned ``text`` to metadata rows; warn about documents with no Korean."""
    corpus = rows.reset_index(drop=True).copy()
    corpus["raw_text"] = raw_texts
    corpus["text"] = [clean_text(raw)[0] for raw in raw_texts]
    for name, text in zip(corpus["file"], corpus["text"], strict=False):
        if not _HANGUL.search(text):
            warnings.warn(f"{name}: no Korean (Hangul) text; the analyses assume Korean", stacklevel=3)
    return corpus


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """Load a folder of ``.txt`` documents described by a ``manifest.csv``.

    Parameters
    ----------
    path : folder with ``manifest.csv``; ``None`` means the repository's ``seeds/``.

    Returns
    -------
    DataFrame, one row per document: doc_id, title, published (datetime64), publisher, doc_type,
    source_note, file, raw_text (the file's decoded text, unmodified) and text (cleaned).

    Examples
    --------
    >>> corpus = load_corpus()
    >>> corpus.columns.tolist()[-2:]
    ['raw_text', 'text']
    """
    folder = Path(path) if path is not None else SEEDS
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder")
    manifest = read_manifest(folder)
    raw_texts = [read_document(folder / name) for name in manifest["file"]]
    corpus = _assemble(manifest[CORPUS_COLUMNS], raw_texts)
    corpus.attrs["source"] = str(folder)
    return corpus


def short_label(corpus: pd.DataFrame, max_chars: int = 24) -> pd.Series:
    """A short readable label per document for figures: ``<id> <publisher> <YYYY-MM>``."""
    ids = corpus["doc_id"].astype(str).str.split("_").str[0].str[:10]
    dates = corpus["published"].dt.strftime("%Y-%m").fillna("no date")
    label = ids + " " + corpus["publisher"].astype(str).str[:max_chars] + " " + dates
    return pd.Series(label.values, index=corpus.index, name="label")


def document_lengths(corpus: pd.DataFrame) -> pd.DataFrame:
    """Characters and Hangul syllables of each document before (raw) and after (clean) cleaning."""
    return pd.DataFrame(
        {
            "doc_id": corpus["doc_id"],
            "raw_chars": corpus["raw_text"].str.len(),
            "clean_chars": corpus["text"].str.len(),
            "raw_hangul": corpus["raw_text"].str.count(r"[가-힣]"),
            "clean_hangul": corpus["text"].str.count(r"[가-힣]"),
        }
    ).assign(share_removed=lambda d: (1 - d["clean_chars"] / d["raw_chars"]).round(3))


def document_groups(corpus: pd.DataFrame, max_groups: int = 12) -> pd.Series:
    """The unit the figures compare: each document while there are at most ``max_groups``; otherwise the
    ``max_groups - 1`` publishers with most documents, the rest as ``other``. Indexed by doc_id.
    """
    if len(corpus) <= max_groups:
        return pd.Series(short_label(corpus).values, index=corpus["doc_id"], name="group")
    top = corpus["publisher"].value_counts().head(max_groups - 1).index
    groups = corpus["publisher"].where(corpus["publisher"].isin(top), "other")
    return pd.Series(groups.values, index=corpus["doc_id"], name="group")
