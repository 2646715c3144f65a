"""The explorer's inverted index on disk: where every canonical term and every word form occurs, as Parquet
files under ``.cache/explore/<key>/``, built once per corpus and token table (or token store) and read a slice
at a time.

Layout of one index folder (the key is :func:`index_key`, a digest of the corpus's doc_ids in order, the token
table's doc_id, start, end, term and form columns and :data:`INDEX_VERSION`; for a
:class:`~analysis.token_store.TokenStore` it is :func:`store_index_key`, a digest of the doc_ids and of where
the store keeps each document, so no token is read to find a built index):

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

From a store the postings are built without the token table (:func:`write_store_index`): the vocabulary is
counted a store file at a time, then the postings are sorted a slice of the vocabulary at a time
(:data:`PASS_ROWS` postings, read from the files one at a time) and appended in order, so the build holds a
slice's postings, never all the tokens; the files are those the token table gives.

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
from analysis.token_store import DOC_COLUMN, STORE_FORMAT, TokenStore

INDEX_VERSION = "1"  # bump when the files' layout or content changes, so that old indexes are not read
ROW_GROUP_ROWS = 65_536  # rows per Parquet row group: a search decodes the row groups its value spans
KINDS = ("term", "form")  # the token columns with postings, named as the search modes that read them
KEY_COLUMNS = ("doc_id", "start", "end", "term", "form")  # what of the token table the postings depend on
FILES = tuple(f"{kind}.parquet" for kind in KINDS) + ("vocabulary.parquet", "documents.parquet")
PASS_ROWS = 1 << 21  # postings sorted at a time when an index is built from a token store


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
    _finish_index(folder, key, pa.concat_tables(vocabularies), document_ranges(token_doc, len(doc_ids)), rows)


def _finish_index(folder: Path, key: str, vocabulary: pa.Table, ranges: tuple, rows: dict) -> None:
    """The last files of an index whose postings are written (``rows``: file name -> rows so far): the
    vocabulary, the documents' ranges (:func:`document_ranges`), then the manifest that makes them readable."""
    first, counts, grouped = ranges
    for name, table in (("vocabulary.parquet", vocabulary),
                        ("documents.parquet", pa.table({"first": first, "count": counts}))):
        _write_parquet(table, folder / name)
        rows[name] = table.num_rows
    manifest = {"version": INDEX_VERSION, "key": key, "documents": len(first), "grouped": grouped,
                "files": {name: {"bytes": (folder / name).stat().st_size, "rows": n} for name, n in rows.items()}}
    atomic_write(folder / "manifest.json", json.dumps(manifest).encode())


def store_index_key(doc_ids: Sequence[str], store: TokenStore) -> str:
    """A digest of everything an index built from ``store`` follows from: :data:`INDEX_VERSION`, the store's
    format, the corpus's doc_ids in order, and for each document of the store its doc_id, the name of its file,
    its number in that file and its token count. A store file's name is a digest of its documents' cache keys
    (their texts, Kiwi's version and model, the lexicon), so the same names and numbers mean the same tokens;
    nothing is read but the store's document list, and the cache folder may move.

    Examples
    --------
    >>> store = TokenStore(pd.DataFrame({"doc_id": ["a"], "file": ["/c/tokens/f1.parquet"], "doc": [0], "count": [3]}))
    >>> moved = TokenStore(store.documents.assign(file="/elsewhere/f1.parquet"))
    >>> store_index_key(["a"], store) == store_index_key(["a"], moved) != store_index_key(["a", "b"], store)
    True
    """
    digest = hashlib.sha256(f"analysis.explore store index {INDEX_VERSION} {STORE_FORMAT}\0".encode())
    _feed(digest, pa.chunked_array([pa.array([str(d) for d in doc_ids], pa.string())]))
    documents = store.documents
    columns = {"doc_id": documents["doc_id"].astype(str).tolist(),
               "file": [Path(f).name for f in documents["file"]],
               "doc": documents["doc"].to_numpy(dtype=np.int64), "count": documents["count"].to_numpy(dtype=np.int64)}
    for name, values in columns.items():
        digest.update(f"\0{name}\0".encode())
        _feed(digest, pa.chunked_array([pa.array(values)]))
    return "s" + digest.hexdigest()[:31]


def _store_rows(doc_ids: pd.Index, store: TokenStore) -> np.ndarray:
    """The corpus row of each document of ``store`` (int64), or a ``ValueError`` naming documents the corpus
    lacks (as :func:`token_documents` for a token table)."""
    rows = doc_ids.get_indexer(pd.Index(store.documents["doc_id"].astype(str)))
    if (rows < 0).any():
        missing = store.documents["doc_id"][rows < 0][:3].tolist()
        raise ValueError(f"the token store names documents the corpus does not have: {missing}")
    return rows.astype(np.int64)


class _StoreFiles:
    """The store's files as the token table sees them: for each file, which of its documents are in the table
    (``uses``: how many times, a text shared by several documents counting once for each) and at which table
    positions (``positions``: the documents' rows of ``store.documents``, by document number)."""

    def __init__(self, store: TokenStore):
        documents = store.documents.assign(position=np.arange(len(store.documents)))
        documents = documents[documents["count"] > 0]
        self.files = {}
        for path, part in documents.groupby("file", sort=True):
            part = part.sort_values(["doc", "position"], kind="stable")
            number = part["doc"].to_numpy(dtype=np.int64)
            size = int(number.max()) + 1
            uses = np.bincount(number, minlength=size)
            pointer = np.r_[0, np.cumsum(uses)]
            self.files[path] = (uses, pointer, part["position"].to_numpy(dtype=np.int64))

    def read(self, path: str, columns: list[str]):
        """The ``columns`` of the file's rows of documents in the table, each row's table positions: (table of
        the rows, one row per use, position of each use, row number in the file of each use)."""
        uses, pointer, positions = self.files[path]
        table = pq.read_table(path, columns=[DOC_COLUMN, *columns], read_dictionary=[c for c in columns if c in KINDS])
        number = table.column(DOC_COLUMN).to_numpy().astype(np.int64)
        known = number < len(uses)
        times = np.zeros(len(number), dtype=np.int64)
        times[known] = uses[number[known]]
        rows = np.repeat(np.arange(len(number), dtype=np.int64), times)
        first_use = np.repeat(pointer[np.minimum(number, len(uses) - 1)], times)
        nth = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(times) - times, times)
        return table, rows, positions[first_use + nth]


def _codes(column: pa.ChunkedArray, dictionary: pa.Array | None = None) -> tuple[np.ndarray, pa.Array]:
    """(code of each value, the values coded): indices into ``dictionary`` when given (-1 for a value it
    lacks), else into the column's own dictionary."""
    column = column.unify_dictionaries() if column.num_chunks > 1 else column
    chunks = [chunk if pa.types.is_dictionary(chunk.type) else chunk.dictionary_encode() for chunk in column.chunks]
    if not chunks:
        return np.empty(0, dtype=np.int64), dictionary if dictionary is not None else pa.array([], pa.string())
    values = chunks[0].dictionary.cast(pa.string())
    codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False).astype(np.int64) for chunk in chunks])
    if dictionary is None:
        return codes, values
    mapped = pc.index_in(values, value_set=dictionary).fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return mapped[codes] if len(codes) else codes, dictionary


def _store_vocabularies(files: _StoreFiles) -> tuple[dict, int]:
    """Per kind, the sorted values of the table's tokens (the postings' dictionary, the empty value included
    when a token has it) with their numbers of tokens; and the largest end offset. Read a file at a time."""
    counts = {kind: {} for kind in KINDS}
    largest = 0
    for path in files.files:
        table, rows, _ = files.read(path, [*KINDS, "end"])
        if len(rows):
            largest = max(largest, int(table.column("end").to_numpy()[rows].max()))
        for kind in KINDS:
            codes, values = _codes(table.column(kind))
            used = np.bincount(codes[rows], minlength=len(values)) if len(rows) else np.zeros(len(values), int)
            for value, n in zip(values.to_pylist(), used.tolist(), strict=True):
                if n:
                    counts[kind][value] = counts[kind].get(value, 0) + n
    vocabularies = {}
    for kind in KINDS:
        values = pa.array(list(counts[kind]), pa.string())
        order = pc.sort_indices(values)
        values = values.take(order)
        vocabularies[kind] = (values, np.array([counts[kind][v] for v in values.to_pylist()], dtype=np.int64))
    return vocabularies, largest


def _write_store_postings(path: Path, files: _StoreFiles, table_rows: np.ndarray, kind: str, dictionary: pa.Array,
                          counts: np.ndarray, offset_type: pa.DataType) -> int:
    """Write the ``kind`` postings of the store's tokens to ``path``, sorted as :func:`postings_table` sorts
    those of the token table: by value, then in the table's order (position in the store's documents, then row
    in the file). A slice of the dictionary of about :data:`PASS_ROWS` postings at a time: each slice reads
    the files one at a time and keeps only its values' postings; the row groups are those one write gives."""
    schema = pa.schema([("value", pa.dictionary(pa.int32(), pa.string())), ("doc", pa.int32()),
                        ("start", offset_type), ("end", offset_type)])
    empty = _position(dictionary, "")
    wanted = counts.copy()
    if empty >= 0:
        wanted[empty] = 0
    slices, low, total = [], 0, 0
    for rank, n in enumerate(wanted.tolist()):
        if total and total + n > PASS_ROWS:
            slices.append((low, rank))
            low, total = rank, 0
        total += n
    if total:
        slices.append((low, len(wanted)))
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    written, pending = 0, None
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for low, high in slices:
                parts = []
                for name in files.files:
                    table, rows, positions = files.read(name, [kind, "start", "end"])
                    codes, _ = _codes(table.column(kind), dictionary)
                    rank = codes[rows]
                    keep = (rank >= low) & (rank < high) & (rank != empty)
                    parts.append((rank[keep], positions[keep], rows[keep],
                                  table.column("start").to_numpy()[rows[keep]],
                                  table.column("end").to_numpy()[rows[keep]]))
                rank, position, row, start, end = (np.concatenate([p[i] for p in parts]) for i in range(5))
                order = np.lexsort((row, position, rank))
                chunk = pa.table({
                    "value": pa.DictionaryArray.from_arrays(pa.array(rank[order], pa.int32()), dictionary),
                    "doc": pa.array(table_rows[position[order]], pa.int32()),
                    "start": pa.array(start[order].astype(np.int64), offset_type),
                    "end": pa.array(end[order].astype(np.int64), offset_type),
                }, schema=schema)
                pending = chunk if pending is None else pa.concat_tables([pending, chunk])
                whole = pending.num_rows - pending.num_rows % ROW_GROUP_ROWS
                if whole:
                    writer.write_table(pending.slice(0, whole), row_group_size=ROW_GROUP_ROWS)
                    written += whole
                pending = pending.slice(whole)
            if pending is not None and pending.num_rows:
                writer.write_table(pending, row_group_size=ROW_GROUP_ROWS)
                written += pending.num_rows
            elif pending is None:
                writer.write_table(schema.empty_table())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return written


def write_store_index(folder: Path, doc_ids: pd.Index, store: TokenStore, key: str) -> None:
    """Build the index of the store's tokens (over the corpus with ``doc_ids``) into ``folder``, with the
    files :func:`write_index` makes of the token table ``store.table()``, without loading that table: the
    vocabulary is counted a store file at a time and the postings are sorted a slice of it at a time."""
    table_rows = _store_rows(doc_ids, store)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)  # an index being replaced is not read meanwhile
    files = _StoreFiles(store)
    vocabularies, largest = _store_vocabularies(files)
    offset_type = pa.int32() if largest < 2**31 else pa.int64()
    rows, tables = {}, []
    for kind in KINDS:
        dictionary, counts = vocabularies[kind]
        rows[f"{kind}.parquet"] = _write_store_postings(folder / f"{kind}.parquet", files, table_rows, kind,
                                                        dictionary, counts, offset_type)
        present = np.flatnonzero(counts > 0)
        present = present[dictionary.take(pa.array(present, pa.int64())).to_numpy(zero_copy_only=False) != ""] \
            if len(present) else present
        tables.append(pa.table({"kind": pa.array([kind] * len(present), pa.string()),
                                "value": dictionary.take(pa.array(present, pa.int64())),
                                "count": pa.array(counts[present], pa.int64())}))
    ranges = _store_ranges(table_rows, store.documents["count"].to_numpy(dtype=np.int64), len(doc_ids))
    _finish_index(folder, key, pa.concat_tables(tables), ranges, rows)


def _store_ranges(table_rows: np.ndarray, counts: np.ndarray, documents: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """:func:`document_ranges` of the token table ``store.table()`` from the store's document list alone: its
    documents' corpus rows and token counts, in the table's order.

    >>> _store_ranges(np.array([1, 0, 2]), np.array([2, 1, 0]), 4)
    (array([2, 0, 0, 0]), array([1, 2, 0, 0]), True)
    """
    starts = np.cumsum(counts) - counts
    has = counts > 0
    rows, starts = table_rows[has], starts[has]
    runs = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.empty(0, dtype=np.int64)
    total = np.bincount(table_rows, weights=counts, minlength=documents).astype(np.int64)
    first = np.zeros(documents, dtype=np.int64)
    grouped = len(runs) == np.count_nonzero(total)
    if grouped:
        first[rows[runs]] = starts[runs]
    return first, total, bool(grouped)


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


def open_or_build(doc_ids: pd.Index, tokens: pd.DataFrame | TokenStore) -> Postings:
    """The index of ``tokens`` (a token table, or a :class:`~analysis.token_store.TokenStore`) over the corpus
    with ``doc_ids``: read from its folder when it was built before, otherwise (or when a file of it is
    unreadable, with a warning naming the file) built there."""
    if isinstance(tokens, TokenStore):
        key = store_index_key(doc_ids, tokens)
        build = write_store_index
    else:
        key = index_key(doc_ids, tokens)
        build = write_index
    folder = index_folder(key)
    if (folder / "manifest.json").exists():
        try:
            return Postings(folder, key, len(doc_ids))
        except UnreadableIndex as error:
            warnings.warn(f"{error}; the explorer's index is built again", stacklevel=3)
    build(folder, doc_ids, tokens, key)
    return Postings(folder, key, len(doc_ids))
