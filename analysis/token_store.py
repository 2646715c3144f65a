"""The token store: token tables on disk, one Parquet file per batch of documents under ``.cache/tokens``
(dictionary-encoded, Snappy-compressed columns), keyed by each document's text, Kiwi's version and model and
the lexicon's token files.

The files are the data the analyses read: :class:`TokenStore` is a corpus's view of them (which file and row
holds each document), read lazily a column or a set of documents at a time, and queried out of core by
:mod:`analysis.aggregates`.

Faults: writing is atomic (a temporary name, then a rename), so a process killed mid-write leaves no file a
later run reads, and its documents are tokenized again; an unreadable file is skipped with a warning naming it;
a file written by another store format (``STORE_FORMAT``), Kiwi version, model or lexicon is never read (the
format is in each file's metadata; the rest is in every document's key); a full disk names the cache folder
and the space needed. Deleting the cache folder is always safe.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import kiwipiepy
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.lexicon import Lexicon
from analysis.paths import cache_dir

TOKEN_COLUMNS = ["doc_id", "sent_id", "line_id", "start", "end", "form", "tag", "term"]
STORE_FORMAT = "parquet-1"  # bump when the files' layout changes: files of another format are not read
# bump when the way tokens or terms are derived changes, so that old cache entries are not reused
TOKENIZER_REVISION = "4"  # 4: split user words joined back (see _join_split_user_words)

STRING = pd.StringDtype("pyarrow")  # compact, Arrow-backed strings: millions of tokens stay small
ROW_COLUMNS = TOKEN_COLUMNS[1:]  # a batch's token rows: all but doc_id
DOC_COLUMN = "doc"  # on disk each row also carries its document's position among the file's keys


@dataclass
class TokenBatch:
    """The tokens of a batch of documents: the documents' cache keys, their token counts, and the token
    rows of all of them in order (one Arrow table, without doc_id; None for a batch written to the store and
    not kept in memory)."""

    keys: list[str]
    counts: np.ndarray
    table: pa.Table | None

    def ranges(self) -> dict:
        """key -> (start, stop): the rows of each document in ``table``."""
        stops = np.cumsum(self.counts)
        return {k: (int(b - c), int(b)) for k, b, c in zip(self.keys, stops, self.counts, strict=True)}


def cache_key(text: str, lexicon: Lexicon) -> str:
    """Key of a document's tokens: its text, the kiwipiepy version and model, and the content of the lexicon's
    token files (user words, aliases, stopwords, one-syllable terms: defaults and the researcher's folder)."""
    material = "\\x1f".join(
        [text, kiwipiepy.__version__, _model_version(), lexicon.token_digest, TOKENIZER_REVISION]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _model_version() -> str:
    try:
        from importlib.metadata import version

        return version("kiwipiepy-model")
    except Exception:  # noqa: BLE001 - a model installed by other means still gets a stable key
        return "unknown"


class TokenCache:
    """Token tables on disk: one Parquet file per batch under ``.cache/tokens``. A file's metadata lists its
    documents' keys and token counts (and the store format), so finding what is cached reads only the files'
    footers, and a document's tokens are a slice of its file's rows (column ``doc`` numbers them)."""

    INDEX = b"analysis.token_index"

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else cache_dir() / "tokens"

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.parquet")) if self.folder.is_dir() else []

    def index(self, path: Path) -> dict | None:
        """The file's index (``keys``, ``counts``) from its footer; None for a file of another store format.
        Raises ``OSError``/``ValueError`` for a file that cannot be read."""
        metadata = pq.read_metadata(path).metadata or {}  # the footer's key-value metadata
        index = json.loads(metadata[self.INDEX])
        return index if index.get("format") == STORE_FORMAT else None

    def _indexes(self, keys: set[str]):
        """(path, index) of each readable file of this format holding any of ``keys``; an unreadable file is
        named in a warning and skipped (its documents are tokenized again)."""
        for path in self.files():
            try:
                index = self.index(path)
            except (OSError, ValueError, KeyError, TypeError) as error:  # ArrowInvalid is a ValueError
                warnings.warn(f"{path}: unreadable token cache file, ignored ({error})", stacklevel=3)
                continue
            if index is not None and not keys.isdisjoint(index["keys"]):
                yield path, index

    def read(self, keys: set[str]) -> list[TokenBatch]:
        """The cached batches holding any of ``keys``, read whole (files holding none are not loaded). A file
        that cannot be read (cut short, or not written by this version) is skipped with a warning naming it;
        its documents are tokenized again."""
        batches = []
        for path, index in self._indexes(keys):
            try:
                table = pq.read_table(path, columns=ROW_COLUMNS).replace_schema_metadata(None)
                batch = TokenBatch(index["keys"], np.array(index["counts"], dtype=np.int64), table)
                if batch.counts.sum() != table.num_rows or table.column_names != ROW_COLUMNS:
                    raise ValueError("its index does not match its rows")
            except (OSError, ValueError, KeyError, TypeError) as error:
                warnings.warn(f"{path}: unreadable token cache file, ignored ({error})", stacklevel=2)
                continue
            batches.append(batch)
        return batches

    def locate(self, keys: set[str]) -> dict:
        """key -> (path, position of the document in the file, first row, token count), read from the files'
        footers only; a key in more than one file is taken from the first (by name)."""
        where = {}
        for path, index in self._indexes(keys):
            starts = np.concatenate([[0], np.cumsum(index["counts"])[:-1]]).tolist()
            for number, (key, start, count) in enumerate(zip(index["keys"], starts, index["counts"], strict=True)):
                if key in keys:
                    where.setdefault(key, (path, number, int(start), int(count)))
        return where

    def write(self, batch: TokenBatch) -> None:
        """Store a batch as a new file, atomically (see :class:`BatchWriter`)."""
        if not batch.keys:
            return
        writer = self.writer(batch.keys)
        writer.append(batch.counts, batch.table)
        writer.close()

    def writer(self, keys: list[str]) -> BatchWriter:
        """A :class:`BatchWriter` for a new file holding the documents ``keys``, in that order."""
        return BatchWriter(self.folder, keys)


class BatchWriter:
    """One batch's file, written while its rows come in (a part of the batch at a time, in document order).

    Rows go out in row groups of :data:`ROW_GROUP` rows, as one write of the whole table would lay them out,
    under a temporary name; :meth:`close` adds the index (keys, token counts and store format, in the footer's
    key-value metadata) and renames the file, so a process killed mid-write leaves no file a later run would
    read. A full disk raises ``OSError`` naming the cache folder and about how much the batch needs
    (``ANALYSIS_CACHE_DIR`` moves the cache), and leaves no partial file behind.
    """

    def __init__(self, folder: Path, keys: list[str]):
        self.folder, self.keys = folder, keys
        name = hashlib.sha256("".join(keys).encode()).hexdigest()[:20]
        self.target = folder / f"{name}.parquet"
        self.tmp = folder / f"{name}.{os.getpid()}.{id(self)}.tmp"
        self.counts: list[np.ndarray] = []
        self.documents = 0  # appended so far
        self.pending: list[pa.Table] = []  # rows not yet written: less than a row group
        self.pending_rows = 0
        self.appended_bytes = 0  # in memory, of the rows appended so far
        self.aborted = False
        self._parquet: pq.ParquetWriter | None = None

    def append(self, counts: np.ndarray, table: pa.Table) -> None:
        """Add the next documents: their token counts and rows (``table``, all but doc_id). Nothing is written
        once the file was given up (:meth:`abort`)."""
        if self.aborted:
            return
        doc = pa.array(np.repeat(np.arange(self.documents, self.documents + len(counts), dtype=np.int32), counts))
        self.counts.append(np.asarray(counts, dtype=np.int64))
        self.documents += len(counts)
        self.pending.append(table.select(ROW_COLUMNS).add_column(0, DOC_COLUMN, doc))
        self.pending_rows += table.num_rows
        self.appended_bytes += table.nbytes
        if self.pending_rows >= ROW_GROUP:
            self._flush(last=False)

    def close(self) -> None:
        """Write the rest and the index, then give the file its name."""
        self._flush(last=True)
        if self.documents != len(self.keys):
            self.abort()
            raise ValueError(f"{self.target}: {self.documents} documents written for {len(self.keys)} keys")
        counts = np.concatenate(self.counts) if self.counts else np.zeros(0, dtype=np.int64)
        index = json.dumps({"format": STORE_FORMAT, "keys": self.keys, "counts": counts.tolist()}).encode()
        self._guarded(lambda: self._finish(index))

    def abort(self) -> None:
        """Give the file up (a batch that failed): remove the temporary file; later rows are not written."""
        self.aborted = True
        if self._parquet is not None:
            try:
                self._parquet.close()
            except OSError:
                pass
            self._parquet = None
        self.tmp.unlink(missing_ok=True)

    def _flush(self, last: bool) -> None:
        rows = pa.concat_tables(self.pending) if self.pending else _empty_rows()
        whole = rows.num_rows if last else rows.num_rows - rows.num_rows % ROW_GROUP
        self._guarded(lambda: self._write(rows.slice(0, whole)))
        self.pending = [rows.slice(whole)] if whole < rows.num_rows else []
        self.pending_rows = rows.num_rows - whole

    def _write(self, rows: pa.Table) -> None:
        if self._parquet is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._parquet = pq.ParquetWriter(self.tmp, rows.schema, compression="snappy")
        if rows.num_rows:
            self._parquet.write_table(rows, row_group_size=ROW_GROUP)

    def _finish(self, index: bytes) -> None:
        self._parquet.add_key_value_metadata({TokenCache.INDEX: index})
        self._parquet.close()
        self._parquet = None
        self.tmp.replace(self.target)

    def _guarded(self, step) -> None:
        try:
            step()
        except OSError as error:
            self.abort()
            if error.errno == errno.ENOSPC or "No space left" in str(error):
                needed = self.appended_bytes / max(self.documents, 1) * len(self.keys)
                raise OSError(errno.ENOSPC, f"{self.folder}: no space left for the token cache (this batch of "
                                            f"{len(self.keys):,} documents needs up to about {needed / 1e6:,.1f} MB); "
                                            "free space there, or set ANALYSIS_CACHE_DIR to a folder with room, "
                                            "or tokenize with cache=False") from error
            raise


def _empty_rows() -> pa.Table:
    """No token rows, in the store's schema."""
    return pa.table({DOC_COLUMN: pa.array([], pa.int32())}
                    | {name: pa.array([], pa.int32()) for name in ("sent_id", "line_id", "start", "end")}
                    | {name: pa.array([], pa.large_string()) for name in ("form", "tag", "term")})


ROW_GROUP = 1 << 17  # rows per Parquet row group: a column or a few documents are read without the rest


def assemble(corpus: pd.DataFrame, keys: list[str], batches: list[TokenBatch]) -> pd.DataFrame:
    """The token table of ``corpus`` in document order, from the batches holding its keys.

    Each document's rows are a slice of its batch's table; consecutive slices of one batch are merged,
    so a corpus read back in the order it was written takes one slice per batch.
    """
    where = {}
    for number, batch in enumerate(batches):
        for key, (a, b) in batch.ranges().items():
            where.setdefault(key, (number, a, b))
    runs, lengths = [], np.zeros(len(keys), dtype=np.int64)
    for i, key in enumerate(keys):
        number, a, b = where[key]
        lengths[i] = b - a
        if runs and runs[-1][0] == number and runs[-1][2] == a:
            runs[-1][2] = b
        else:
            runs.append([number, a, b])
    pieces = [batches[number].table.slice(a, b - a).select(ROW_COLUMNS) for number, a, b in runs if b > a]
    if not pieces:
        return empty_token_frame()
    rows = pa.concat_tables(pieces)
    doc_index = pa.array(np.repeat(np.arange(len(keys)), lengths))
    doc_id = pa.array(corpus["doc_id"].astype(str).to_numpy(), pa.large_string()).take(doc_index)
    rows = rows.add_column(0, "doc_id", doc_id)  # now in the order of TOKEN_COLUMNS
    return rows.to_pandas(types_mapper={pa.large_string(): STRING}.get)


def empty_token_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="int32") for c in ("sent_id", "line_id", "start", "end")})
    for column in ("doc_id", "form", "tag", "term"):
        frame[column] = pd.Series([], dtype=STRING)
    return frame[TOKEN_COLUMNS]


@dataclass
class TokenStore:
    """A corpus's tokens in the store, not loaded: ``documents`` has one row per document of the corpus, in
    its order (doc_id, file, doc: the document's number in that file, count: its tokens). Several documents
    with the same text share one entry of the store.

    :meth:`table` reads the token table (all of it, some columns, or some documents); :mod:`analysis.aggregates`
    counts from the files out of core, so a notebook holds counts, not tokens.
    """

    documents: pd.DataFrame

    @property
    def files(self) -> list[str]:
        """The Parquet files holding the corpus's tokens."""
        return sorted(set(self.documents["file"]))

    @property
    def n_tokens(self) -> int:
        return int(self.documents["count"].sum())

    def places(self) -> bytes:
        """Each document's id and place in the store (file and number there), a line each: for the cache keys of
        results computed from the store (a store file is named by the texts, Kiwi, its model and the lexicon it
        holds, and never rewritten, so the same places are the same tokens)."""
        places = self.documents[["doc_id", "file", "doc"]].astype(str)
        return "\n".join(map("\t".join, zip(places["doc_id"], places["file"], places["doc"], strict=True))).encode()

    def table(self, columns: list[str] | None = None, doc_ids=None) -> pd.DataFrame:
        """The token table (as :func:`analysis.tokenize` returns it: doc_id first, documents in corpus order),
        with only ``columns`` of the token columns and only the documents ``doc_ids`` when given; a file is
        read only for the row groups holding the documents asked for."""
        wanted = [c for c in ROW_COLUMNS if columns is None or c in columns]
        docs = self.documents
        if doc_ids is not None:
            docs = docs[docs["doc_id"].isin({str(d) for d in doc_ids})]
        docs = docs[docs["count"] > 0]
        if docs.empty:
            return empty_token_frame()[["doc_id", *wanted]]
        tables, bounds = {}, {}
        for path, numbers in docs.groupby("file", sort=True)["doc"]:
            subset = None if doc_ids is None else [("doc", "in", sorted(set(numbers.tolist())))]
            table = pq.read_table(path, columns=[DOC_COLUMN, *wanted], filters=subset)
            order = table.column(DOC_COLUMN).to_numpy()
            tables[path] = table.select(wanted)
            bounds[path] = order
        runs = []
        for path, number in zip(docs["file"], docs["doc"], strict=True):
            order = bounds[path]
            a, b = int(np.searchsorted(order, number, "left")), int(np.searchsorted(order, number, "right"))
            if runs and runs[-1][0] == path and runs[-1][2] == a:
                runs[-1][2] = b
            else:
                runs.append([path, a, b])
        rows = pa.concat_tables([tables[path].slice(a, b - a) for path, a, b in runs if b > a])
        doc_id = pa.array(np.repeat(docs["doc_id"].astype(str).to_numpy(), docs["count"].to_numpy()),
                          pa.large_string())
        rows = rows.add_column(0, "doc_id", doc_id)
        return rows.to_pandas(types_mapper={pa.large_string(): STRING, pa.string(): STRING}.get)


def corpus_store(corpus: pd.DataFrame, keys: list[str], cache: TokenCache) -> TokenStore:
    """The :class:`TokenStore` of ``corpus`` whose documents have the cache ``keys`` (every key must be in
    ``cache``: :func:`analysis.tokens.token_store` tokenizes what is missing first)."""
    where = cache.locate(set(keys))
    missing = [k for k in keys if k not in where]
    if missing:
        raise KeyError(f"{cache.folder}: {len(missing):,} documents are not in the token store; tokenize them first")
    located = [where[k] for k in keys]
    return TokenStore(pd.DataFrame({
        "doc_id": corpus["doc_id"].astype(str).to_numpy(),
        "file": [str(w[0]) for w in located],
        "doc": np.array([w[1] for w in located], dtype=np.int32),
        "count": np.array([w[3] for w in located], dtype=np.int64),
    }))
