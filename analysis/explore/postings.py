"""The explorer's inverted index on disk: where every canonical term and every word form occurs, as Parquet
files under ``.cache/explore/<key>/``, built once per corpus and token table and read a slice at a time.

Layout of one index folder (the key is :func:`index_key`, a digest of the corpus's doc_ids in order, the token
table's doc_id, start, end, term and form columns and :data:`INDEX_VERSION`):

- ``term.parquet``, ``form.parquet`` -- the postings: one row per token with a non-empty term (form), columns
  value (dictionary-encoded string), doc (corpus row), start, end (offsets in the document's text), sorted by
  value and, within a value, in the token table's order (document, then offset, for a table from
  :func:`analysis.tokenize`); row groups of :data:`ROW_GROUP_ROWS` rows, so a value's postings are one or a
  few row groups;
- ``vocabulary.parquet`` -- kind (term or form), value, count: the values in the postings' order, from which
  a value's first row and row count follow (the only part held in memory: it grows with the vocabulary);
- ``documents.parquet`` -- per corpus row, the first token row of the document and its token count;
- ``manifest.json`` -- the version, the key, each file's size and row count; written last, so a folder
  without it (a build that was killed) is never read.

Every file is written under a temporary name and renamed into place; a file whose size or rows do not
match the manifest, or that Parquet cannot read, is reported in a warning naming it and the index is built
again. Deleting ``.cache/explore`` is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.importers.cache import atomic_write
from analysis.paths import cache_dir

INDEX_VERSION = "1"  # bump when the files' layout or content changes, so that old indexes are not read
ROW_GROUP_ROWS = 65_536  # rows per Parquet row group: a search decodes the row groups its value spans
KINDS = ("term", "form")  # the token columns with postings, named as the search modes that read them
KEY_COLUMNS = ("doc_id", "start", "end", "term", "form")  # what of the token table the postings depend on
FILES = tuple(f"{kind}.parquet" for kind in KINDS) + ("vocabulary.parquet", "documents.parquet")


def index_key(doc_ids: Sequence[str], tokens: pd.DataFrame) -> str:
    """A digest of everything an index's content follows from: :data:`INDEX_VERSION`, the corpus's doc_ids
    in order (a posting's doc is a corpus row) and the token table's :data:`KEY_COLUMNS`, value by value.

    The digest reads the columns' Arrow buffers (string lengths and bytes, integers as int64), so the same
    values give the same key however the table is chunked or typed (EPIC's 5.5 M tokens: 0.6 s).

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a"], "start": [0], "end": [2], "term": ["정책"], "form": ["정책"]})
    >>> index_key(["a"], tokens) == index_key(["a"], tokens.astype({"start": "int32"}))
    True
    >>> index_key(["a"], tokens) == index_key(["b", "a"], tokens)
    False
    """
    digest = hashlib.sha256(f"analysis.explore index {INDEX_VERSION}\0".encode())
    _feed(digest, pa.chunked_array([pa.array([str(d) for d in doc_ids], pa.string())]))
    table = pa.Table.from_pandas(tokens[list(KEY_COLUMNS)], preserve_index=False)
    for name in KEY_COLUMNS:
        digest.update(f"\0{name}\0".encode())
        _feed(digest, table[name])
    return digest.hexdigest()[:32]


def _feed(digest, column: pa.ChunkedArray) -> None:
    """Hash a column's values: strings as their lengths (int64) and their bytes, integers as int64, and the
    positions of nulls, each stream hashed on its own across the chunks, so that neither the chunking nor
    string/large_string nor int32/int64 changes the digest."""
    lengths, values, nulls = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    seen = 0
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_decode()
        if pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type):
            width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
            offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
            lengths.update(np.diff(offsets).astype(np.int64).tobytes())
            if len(offsets) and chunk.buffers()[2] is not None:
                values.update(memoryview(chunk.buffers()[2])[int(offsets[0]):int(offsets[-1])])
        else:
            values.update(chunk.fill_null(0).cast(pa.int64()).to_numpy().tobytes())
        if chunk.null_count:
            nulls.update((seen + np.flatnonzero(chunk.is_null().to_numpy(zero_copy_only=False))).tobytes())
        seen += len(chunk)
    for stream in (lengths, values, nulls):
        digest.update(stream.digest())


def index_folder(key: str) -> Path:
    """The folder of the index with ``key``: ``<cache>/explore/<key>``."""
    return cache_dir() / "explore" / key


def token_documents(doc_ids: pd.Index, tokens: pd.DataFrame) -> np.ndarray:
    """The corpus row of every token (int32), or a ``ValueError`` naming documents the corpus lacks.

    Examples
    --------
    >>> token_documents(pd.Index(["a", "b"]), pd.DataFrame({"doc_id": ["b", "b", "a"]})).tolist()
    [1, 1, 0]
    """
    codes, uniques = pd.factorize(tokens["doc_id"])
    positions = doc_ids.get_indexer(pd.Index(uniques).astype(str))
    if (positions < 0).any():
        missing = pd.Index(uniques)[positions < 0][:3].tolist()
        raise ValueError(f"tokens name documents the corpus does not have: {missing}")
    return positions[codes].astype(np.int32)


def postings_table(values: pd.Series, doc: np.ndarray, start: np.ndarray, end: np.ndarray) -> pa.Table:
    """The postings of one token column: value (dictionary-encoded), doc, start, end for every token whose
    value is not empty, sorted by value (byte order of UTF-8, as Parquet compares strings) and, within a
    value, in the token table's order (one stable sort, so a search's ties come out as the table has them).

    Examples
    --------
    >>> table = postings_table(pd.Series(["정책", "", "데이터", "정책"]), np.array([0, 0, 1, 1]),
    ...                        np.array([0, 3, 0, 5]), np.array([2, 4, 3, 7]))
    >>> table.column("value").to_pylist(), table.column("doc").to_pylist(), table.column("start").to_pylist()
    (['데이터', '정책', '정책'], [1, 0, 1], [0, 0, 5])
    """
    codes, uniques = pd.factorize(values)
    uniques = pa.array(np.asarray(uniques, dtype=object), pa.string())
    kept = np.flatnonzero((codes >= 0) & (codes != _position(uniques, "")))
    sorted_values = pc.sort_indices(uniques).to_numpy()
    rank = np.empty(len(uniques), dtype=np.int32)
    rank[sorted_values] = np.arange(len(uniques), dtype=np.int32)
    ranks = rank[codes[kept]]
    order = kept[np.argsort(ranks, kind="stable")]
    dictionary = uniques.take(pa.array(sorted_values))
    offset_type = pa.int32() if (len(end) == 0 or int(np.max(end)) < 2**31) else pa.int64()
    return pa.table({
        "value": pa.DictionaryArray.from_arrays(pa.array(rank[codes[order]], pa.int32()), dictionary),
        "doc": pa.array(doc[order], pa.int32()),
        "start": pa.array(start[order], offset_type),
        "end": pa.array(end[order], offset_type),
    })


def _position(values: pa.Array, value: str) -> int:
    """Where ``value`` is in ``values`` (-1 if absent)."""
    return pc.index(values, pa.scalar(value, values.type)).as_py() if len(values) else -1


def vocabulary_table(kind: str, postings: pa.Table) -> pa.Table:
    """kind, value, count: the distinct values of ``postings`` in its order, with their numbers of rows."""
    value = postings.column("value").combine_chunks()
    counts = np.bincount(value.indices.to_numpy(), minlength=len(value.dictionary))
    present = np.flatnonzero(counts)
    return pa.table({"kind": pa.array([kind] * len(present), pa.string()),
                     "value": value.dictionary.take(pa.array(present)), "count": pa.array(counts[present], pa.int64())})


def document_ranges(token_doc: np.ndarray, documents: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """Per corpus row, the first token row of the document and its number of tokens, and whether every
    document's tokens are one run of rows (as :func:`analysis.tokenize` returns them). When they are not, the
    first row and count describe nothing and a document's tokens are found by scanning.

    Examples
    --------
    >>> document_ranges(np.array([1, 1, 0, 2]), 4)
    (array([2, 0, 3, 0]), array([1, 2, 1, 0]), True)
    >>> document_ranges(np.array([1, 0, 1]), 2)[2]
    False
    """
    counts = np.bincount(token_doc, minlength=documents).astype(np.int64)
    first = np.zeros(documents, dtype=np.int64)
    runs = np.flatnonzero(np.r_[True, token_doc[1:] != token_doc[:-1]]) if len(token_doc) else np.empty(0, int)
    grouped = len(runs) == np.count_nonzero(counts)
    if grouped:
        first[token_doc[runs]] = runs
    return first, counts, bool(grouped)


def _write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` atomically (a temporary name in the same folder, then ``os.replace``)."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(table, tmp, row_group_size=ROW_GROUP_ROWS, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_index(folder: Path, doc_ids: pd.Index, tokens: pd.DataFrame, key: str) -> None:
    """Build the index of ``tokens`` (over the corpus with ``doc_ids``) into ``folder``: postings,
    vocabulary and document ranges, then the manifest that makes them readable."""
    token_doc = token_documents(doc_ids, tokens)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)  # an index being replaced is not read meanwhile
    start = tokens["start"].to_numpy(dtype=np.int64)
    end = tokens["end"].to_numpy(dtype=np.int64)
    rows, vocabularies = {}, []
    for kind in KINDS:
        postings = postings_table(tokens[kind], token_doc, start, end)
        vocabularies.append(vocabulary_table(kind, postings))
        _write_parquet(postings, folder / f"{kind}.parquet")
        rows[f"{kind}.parquet"] = postings.num_rows
        del postings
    first, counts, grouped = document_ranges(token_doc, len(doc_ids))
    for name, table in (("vocabulary.parquet", pa.concat_tables(vocabularies)),
                        ("documents.parquet", pa.table({"first": first, "count": counts}))):
        _write_parquet(table, folder / name)
        rows[name] = table.num_rows
    manifest = {"version": INDEX_VERSION, "key": key, "documents": len(doc_ids), "grouped": grouped,
                "files": {name: {"bytes": (folder / name).stat().st_size, "rows": n} for name, n in rows.items()}}
    atomic_write(folder / "manifest.json", json.dumps(manifest).encode())


class UnreadableIndex(Exception):
    """An index file that is missing, cut short or not what the manifest says; ``path`` names it."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path


class Postings:
    """An index read back from its folder: the vocabulary (value -> first row and count, per kind) and the
    document ranges in memory, the postings files open, each search reading only its rows' row groups.

    Raises :class:`UnreadableIndex` when a file is missing, of another size than the manifest records, or
    not readable as Parquet with the recorded rows.
    """

    def __init__(self, folder: Path, key: str, documents: int):
        self.folder = folder
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise UnreadableIndex(folder / "manifest.json", f"not readable ({type(error).__name__})") from None
        if not isinstance(manifest, dict) or manifest.get("version") != INDEX_VERSION or manifest.get("key") != key \
                or manifest.get("documents") != documents:
            raise UnreadableIndex(folder / "manifest.json", "written for another corpus, token table or version")
        self.grouped = bool(manifest["grouped"])
        tables = {name: self._open(folder / name, manifest.get("files", {}).get(name)) for name in FILES}
        self.files = {kind: tables[f"{kind}.parquet"] for kind in KINDS}
        self.group_starts = {kind: np.r_[0, np.cumsum([self.files[kind].metadata.row_group(g).num_rows
                                                      for g in range(self.files[kind].num_row_groups)])]
                             for kind in KINDS}
        vocabulary = tables["vocabulary.parquet"].read()
        self.values, self.offsets = {}, {}
        for kind in KINDS:
            rows = vocabulary.filter(pc.equal(vocabulary["kind"], kind))
            self.values[kind] = rows["value"].combine_chunks()
            self.offsets[kind] = np.r_[0, np.cumsum(rows["count"].to_numpy())].astype(np.int64)
            if self.offsets[kind][-1] != self.files[kind].metadata.num_rows:
                raise UnreadableIndex(folder / "vocabulary.parquet", f"its {kind} counts do not add up")
        documents_table = tables["documents.parquet"].read()
        self.first = documents_table["first"].to_numpy()
        self.count = documents_table["count"].to_numpy()

    @staticmethod
    def _open(path: Path, meta: dict | None) -> pq.ParquetFile:
        if not isinstance(meta, dict) or not {"bytes", "rows"} <= meta.keys():
            raise UnreadableIndex(path, "not listed in the manifest")
        try:
            size = path.stat().st_size
            if size != meta["bytes"]:
                raise UnreadableIndex(path, f"{size:,} bytes, the manifest says {meta['bytes']:,}")
            parquet = pq.ParquetFile(path)
        except UnreadableIndex:
            raise
        except (OSError, ValueError) as error:  # ArrowInvalid is a ValueError
            raise UnreadableIndex(path, f"not readable ({type(error).__name__}: {error})") from None
        if parquet.metadata.num_rows != meta["rows"]:
            raise UnreadableIndex(path, f"{parquet.metadata.num_rows:,} rows, the manifest says {meta['rows']:,}")
        return parquet

    def rows(self, kind: str, value: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """doc, start, end (int64) of every posting of ``value`` in the ``kind`` file, in the file's order;
        empty arrays for a value without postings."""
        at = _position(self.values[kind], value)
        if at < 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, empty
        low, high = int(self.offsets[kind][at]), int(self.offsets[kind][at + 1])
        starts = self.group_starts[kind]
        first = int(np.searchsorted(starts, low, side="right")) - 1
        last = int(np.searchsorted(starts, high - 1, side="right")) - 1
        table = self.files[kind].read_row_groups(range(first, last + 1), columns=["doc", "start", "end"])
        table = table.slice(low - int(starts[first]), high - low)
        return tuple(table[name].to_numpy().astype(np.int64) for name in ("doc", "start", "end"))


def open_or_build(doc_ids: pd.Index, tokens: pd.DataFrame) -> Postings:
    """The index of ``tokens`` over the corpus with ``doc_ids``: read from its folder when it was built
    before, otherwise (or when a file of it is unreadable, with a warning naming the file) built there."""
    key = index_key(doc_ids, tokens)
    folder = index_folder(key)
    if (folder / "manifest.json").exists():
        try:
            return Postings(folder, key, len(doc_ids))
        except UnreadableIndex as error:
            warnings.warn(f"{error}; the explorer's index is built again", stacklevel=3)
    write_index(folder, doc_ids, tokens, key)
    return Postings(folder, key, len(doc_ids))
