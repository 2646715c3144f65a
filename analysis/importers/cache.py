"""The reading caches: each document by its content (``.cache/documents``) and each imported corpus by the
content of its input files (``.cache/corpus``). Cache files are written atomically (a temporary name, then
``os.replace``) and read defensively: an unreadable cache file is ignored with a warning naming it, and rebuilt."""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
import pickle
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.importers import DOCUMENT_SUFFIXES, read_file
from analysis.importers.base import CorpusError
from analysis.importers.files import input_files
from analysis.importers.table import SUFFIXES as TABLE_SUFFIXES
from analysis.memory import return_freed_memory
from analysis.paths import cache_dir

CORPUS_ROWS = 10_000  # documents of the corpus cache written, and read back, at a time (a Parquet row group)
PARALLEL_FROM = 4  # files to read: below this, no process pool
READ_BLOCK = 1 << 20  # bytes of a file hashed at a time


@contextmanager
def atomic_file(path: Path):
    """A temporary path beside ``path`` to write to; moved to ``path`` when the block ends, removed if it
    raises: a reader sees the old file, the new one, or none, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`atomic_file`)."""
    with atomic_file(path) as tmp:
        Path(tmp).write_bytes(data)


def read_json(path: Path):
    """The JSON in a cache file, or ``None`` (with a warning naming the file) when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        warnings.warn(f"{path}: unreadable cache file ({type(error).__name__}); ignored and rebuilt", stacklevel=3)
        return None


def cached_table(path: Path, what: str, compute) -> pd.DataFrame:
    """The table kept in the cache file ``path`` (a pickle: columns may mix names and numbers); when there is
    none, or it cannot be read (a warning names it and ``what`` it held), ``compute()``'s, kept there atomically."""
    if path.is_file():
        try:
            with path.open("rb") as handle:
                table = pickle.load(handle)
            if isinstance(table, pd.DataFrame):
                return table
            raise TypeError("not a table")
        except Exception as error:  # noqa: BLE001 - a damaged pickle raises several kinds
            warnings.warn(f"{path}: unreadable cached {what} ({type(error).__name__}); computed again", stacklevel=3)
    table = compute()
    with atomic_file(path) as tmp, open(tmp, "wb") as handle:  # pickled into the file: never a second copy in memory
        pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
    # what a later run reads, read now: the same table (a test checks), without what building it left behind
    # (on 10 x kdi-epic, 05's kernel went on from 1.14 GB instead of 1.19 GB)
    del table
    return_freed_memory()
    with path.open("rb") as handle:
        return pickle.load(handle)


def file_sha256(path: Path):
    """The SHA-256 of a file's content, read a block at a time (a table of millions of rows is never in memory
    whole to be hashed)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(READ_BLOCK), b""):
            digest.update(block)
    return digest


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of every reader's code (this package and the page-furniture patterns the page reader checks,
    ``resources/boilerplate.tsv``) and the versions of the
    extractor libraries: part of every cache key, so a changed reader never serves old results. Computed once
    per process (it reads a dozen files and looks up six versions); a running process keeps its code."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for code in sorted(package.glob("*.py")) + [package.parent / "resources" / "boilerplate.tsv"]:
        if code.is_file():
            digest.update(code.name.encode())
            digest.update(code.read_bytes())
    for distribution in ("python-hwpx", "pypdfium2", "trafilatura", "lxml_html_clean", "openpyxl", "pandas"):
        try:
            digest.update(f"{distribution}={version(distribution)}".encode())
        except PackageNotFoundError:
            digest.update(f"{distribution}=none".encode())
    return digest.hexdigest()


def document_cache_file(path: Path, label: str, content_hash: str = "") -> Path:
    """The cache file of one document: its label, the readers' code and its content (``content_hash``, the
    hex SHA-256 of its bytes, when the caller has it already)."""
    digest = hashlib.sha256(label.encode() + b"\0" + code_digest().encode())
    digest.update(bytes.fromhex(content_hash) if content_hash else file_sha256(path).digest())
    return cache_dir() / "documents" / f"{digest.hexdigest()[:32]}.json"


def read_one(path: str, label: str, content_hash: str = "") -> dict:
    """Read one document file, its metadata filled in from its text (a process-pool task):
    ``{"document": ...}`` or ``{"error": message}``. Cached by content in ``.cache/documents``."""
    path = Path(path)
    cache_file = document_cache_file(path, label, content_hash)
    cached = read_json(cache_file)
    if cached is not None:
        return cached
    try:
        result = {"document": read_file(path, label).to_dict()}
    except CorpusError as error:
        result = {"error": str(error)}
    except Exception as error:  # noqa: BLE001 - a reader's unforeseen failure sets the file aside, named
        result = {"error": f"{label}: the {path.suffix or 'file'} reader failed ({type(error).__name__}: {error}); "
                           "check the file, or convert it to .txt"}
    atomic_write(cache_file, json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return result


def read_all(tasks: list[tuple[str, str, str]]) -> list[dict]:
    """:func:`read_one` on every (path, label, content hash), in a process pool across the cores for more than
    a few."""
    workers = min(os.cpu_count() or 1, len(tasks))
    if len(tasks) < PARALLEL_FROM or workers < 2:
        return [read_one(*task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(tasks) // (workers * 8))
        return list(pool.map(read_one, *zip(*tasks, strict=True), chunksize=chunk))


def cached_corpus(path: Path, settings: list, code_files: list[Path], build, flags: str = "",
                  raw_text: bool = True, text: bool = True) -> pd.DataFrame:
    """An imported corpus from the on-disk cache (``.cache/corpus``), keyed by the content of its input
    files, the ``settings`` (a mapping, strictness), the code that reads and cleans them (``code_files`` and
    every reader's) and ``flags`` (anything else the result depends on); built and stored when absent.
    Both files are written atomically; an unreadable one is ignored with a warning and rebuilt.

    Only documents and tables are read to be hashed (other files by name, links by their target);
    ``build`` gets the content digests (path -> hex) so each document's own cache key reuses them.

    With ``raw_text=False`` the ``raw_text`` column is not read (:func:`raw_text_digest` of it is in the
    attrs, as ``raw_digest``), with ``text=False`` the cleaned ``text`` column is not; ``attrs["corpus_file"]``
    names the file, from which :func:`analysis.corpus.raw_texts` and :func:`analysis.corpus.texts` read them
    when they are wanted."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode())
    for code in code_files:
        digest.update(code.read_bytes())
    digest.update(code_digest().encode())
    digest.update(flags.encode())
    hashes = {}
    for file in input_files(path):
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        if file.is_symlink():
            digest.update(os.readlink(file).encode())  # never read what a link points at just to hash it
        elif not path.is_dir() or file.suffix.lower() in DOCUMENT_SUFFIXES + TABLE_SUFFIXES:
            hashes[str(file)] = file_sha256(file).hexdigest()
            digest.update(hashes[str(file)].encode())
    target = cache_dir() / "corpus" / f"{digest.hexdigest()[:24]}.parquet"
    attrs_file = target.with_suffix(".json")
    if target.is_file():
        attrs = read_json(attrs_file)
        try:
            corpus = read_corpus_file(target, raw_text, text) if attrs is not None else None
        except Exception as error:  # noqa: BLE001 - pyarrow raises several kinds on a truncated file
            warnings.warn(f"{target}: unreadable cache file ({type(error).__name__}); ignored and rebuilt",
                          stacklevel=3)
            corpus = None
        if corpus is not None:
            corpus.attrs = attrs | {"corpus_file": str(target)}
            return_freed_memory()  # what converting the file a row group at a time left free, handed back
            return corpus
    corpus = build(hashes)
    attrs = corpus.attrs
    attrs["raw_digest"] = raw_text_digest(corpus)
    atomic_write(attrs_file, json.dumps(attrs, ensure_ascii=False, default=str).encode("utf-8"))
    write_corpus_file(corpus, target)
    # what a later run reads, read now: the same frame (a test checks), with equal strings shared as in every
    # later run, and the memory of reading and cleaning every file handed back before the analyses start
    del corpus
    return_freed_memory()
    read = read_corpus_file(target, raw_text, text)
    read.attrs = attrs | {"corpus_file": str(target)}
    return read


def write_corpus_file(corpus: pd.DataFrame, path: Path) -> None:
    """``corpus`` as the Parquet file ``path``, atomically, ``CORPUS_ROWS`` rows (one row group) at a time: the
    texts are never all in Arrow at once beside the frame, so writing a large corpus needs a part's memory.

    The schema is the one ``corpus.to_parquet`` would write (pandas' metadata included), with the text columns
    typed as strings without converting them to find out."""
    texts = {column: "" for column in ("raw_text", "text") if column in corpus.columns}
    schema = pa.Schema.from_pandas(corpus.assign(**texts), preserve_index=False)
    with atomic_file(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, len(corpus), CORPUS_ROWS):
            part = corpus.iloc[start:start + CORPUS_ROWS]
            writer.write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))


def read_corpus_file(path: Path, raw_text: bool = True, text: bool = True) -> pd.DataFrame:
    """The corpus in the Parquet file ``path`` (as :func:`pandas.read_parquet` reads it), converted a row group at
    a time: the texts are never all in Arrow at once beside the frame being built. ``raw_text=False`` and
    ``text=False`` leave those columns unread."""
    file = pq.ParquetFile(path)
    left_out = {name for name, keep in (("raw_text", raw_text), ("text", text)) if not keep}
    columns = [name for name in file.schema_arrow.names if name not in left_out] if left_out else None
    if file.num_row_groups <= 1:
        return share_unchanged_texts(file.read(columns=columns).to_pandas())
    parts = [share_unchanged_texts(file.read_row_group(i, columns=columns).to_pandas())
             for i in range(file.num_row_groups)]
    return pd.concat(parts, ignore_index=True)


def read_texts(path: Path, column: str, rows: list[int] | None = None) -> pd.DataFrame:
    """``doc_id`` and the text ``column`` (``raw_text`` or ``text``) of the corpus file ``path``: every row, or
    the rows at positions ``rows`` (read a row group at a time, only the groups that hold them), in the order
    asked; positions the file does not have give every row, for the caller to match by doc_id."""
    file = pq.ParquetFile(path)
    if rows is None:
        return file.read(columns=["doc_id", column]).to_pandas()
    starts, start = [], 0
    for group in range(file.num_row_groups):
        starts.append(start)
        start += file.metadata.row_group(group).num_rows
    if any(not 0 <= row < start for row in rows):
        return file.read(columns=["doc_id", column]).to_pandas()  # not the file's rows: the caller checks
    by_group: dict[int, list[int]] = {}
    for row in dict.fromkeys(rows):
        by_group.setdefault(bisect.bisect_right(starts, row) - 1, []).append(row)
    found = {}
    for group in sorted(by_group):
        part = file.read_row_group(group, columns=["doc_id", column]).take([r - starts[group] for r in by_group[group]])
        found.update(zip(by_group[group], zip(part["doc_id"].to_pylist(), part[column].to_pylist(), strict=True),
                         strict=True))
    return pd.DataFrame([found[row] for row in rows], columns=["doc_id", column])


def ids_digest(doc_ids) -> str:
    """Twelve hex digits of the SHA-256 of a corpus's doc_ids, sorted: which documents a frame holds."""
    digest = hashlib.sha256()
    for doc_id in sorted(map(str, doc_ids)):
        digest.update(doc_id.encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]


def texts_digest(doc_ids, texts) -> str:
    """Twelve hex digits of the SHA-256 of the documents' ids and texts in doc_id order, so the same
    documents give the same digest whatever their order or file names.

    >>> texts_digest(["a"], ["본문"])
    '88ebc486e575'
    """
    digest = hashlib.sha256()
    for doc_id, text in sorted(zip(map(str, doc_ids), map(str, texts), strict=True)):
        digest.update(doc_id.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]


def raw_text_digest(corpus: pd.DataFrame) -> dict:
    """What a corpus loaded without its raw texts keeps of them: the :func:`texts_digest` of the raw texts
    (``digest``) and the :func:`ids_digest` of the documents it was taken over (``documents``)."""
    return {"digest": texts_digest(corpus["doc_id"], corpus["raw_text"]), "documents": ids_digest(corpus["doc_id"])}


def share_unchanged_texts(corpus: pd.DataFrame) -> pd.DataFrame:
    """``corpus`` with the cleaned ``text`` of a document that cleaning left as it was the same string object
    as its ``raw_text`` (on import, and again on reading the cache): its memory held once, not twice.

    >>> corpus = share_unchanged_texts(pd.DataFrame({"raw_text": ["가 나", "다\u00a0라"], "text": ["가 나", "다 라"]}))
    >>> [raw is text for raw, text in zip(corpus["raw_text"], corpus["text"])]
    [True, False]
    """
    if "raw_text" in corpus.columns and "text" in corpus.columns:
        corpus["text"] = [raw if raw == text else text for raw, text in zip(corpus["raw_text"], corpus["text"],
                                                                          strict=True)]
    return corpus
