"""The token store: token tables on disk, one LZ4-compressed Arrow IPC file per batch under
``.cache/tokens``, keyed by each document's text, Kiwi's version and model and the lexicon's token files.

Writing is atomic and an unreadable file is skipped with a warning (its documents are tokenized again), so
deleting the cache folder is always safe.
"""

from __future__ import annotations

import errno
import hashlib
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import kiwipiepy
import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.lexicon import Lexicon
from analysis.paths import cache_dir

TOKEN_COLUMNS = ["doc_id", "sent_id", "line_id", "start", "end", "form", "tag", "term"]
# bump when the way tokens or terms are derived changes, so that old cache entries are not reused
TOKENIZER_REVISION = "4"  # 4: split user words joined back (see _join_split_user_words)

STRING = pd.StringDtype("pyarrow")  # compact, Arrow-backed strings: millions of tokens stay small
ROW_COLUMNS = TOKEN_COLUMNS[1:]  # what the cache stores per token: all but doc_id


@dataclass
class TokenBatch:
    """The tokens of a batch of documents: the documents' cache keys, their token counts, and the token
    rows of all of them in order (one Arrow table, without doc_id)."""

    keys: list[str]
    counts: np.ndarray
    table: pa.Table

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
    """Token tables on disk: one LZ4-compressed Arrow IPC file per batch under ``.cache/tokens``. A file's
    schema metadata lists its documents' keys and token counts, so finding what is cached reads no rows,
    and a document's tokens are a zero-copy slice of the file's table."""

    INDEX = b"analysis.token_index"

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else cache_dir() / "tokens"

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.arrow")) if self.folder.is_dir() else []

    def read(self, keys: set[str]) -> list[TokenBatch]:
        """The cached batches holding any of ``keys`` (files holding none are not loaded). A file that cannot
        be read (cut short, or not written by this version) is skipped with a warning naming it; its
        documents are tokenized again."""
        batches = []
        for path in self.files():
            try:
                with pa.memory_map(str(path)) as source:
                    reader = pa.ipc.open_file(source)
                    index = json.loads(reader.schema.metadata[self.INDEX])
                    if keys.isdisjoint(index["keys"]):
                        continue
                    table = reader.read_all().replace_schema_metadata(None)
                batch = TokenBatch(index["keys"], np.array(index["counts"], dtype=np.int64), table)
                if batch.counts.sum() != table.num_rows or table.column_names != ROW_COLUMNS:
                    raise ValueError("its index does not match its rows")
            except (OSError, ValueError, KeyError, TypeError) as error:  # ArrowInvalid is a ValueError
                warnings.warn(f"{path}: unreadable token cache file, ignored ({error})", stacklevel=2)
                continue
            batches.append(batch)
        return batches

    def write(self, batch: TokenBatch) -> None:
        """Store a batch as a new file, atomically (written under a temporary name, then renamed), so a
        process killed mid-write leaves no file a later run would read. A full disk raises ``OSError`` naming
        the cache folder and the size of the batch (``ANALYSIS_CACHE_DIR`` moves the cache), and leaves no
        partial file behind."""
        if not batch.keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("".join(batch.keys).encode()).hexdigest()[:20]
        target = self.folder / f"{name}.arrow"
        tmp = target.with_suffix(".tmp")
        index = json.dumps({"keys": batch.keys, "counts": batch.counts.tolist()}).encode()
        table = batch.table.replace_schema_metadata({self.INDEX: index})
        options = pa.ipc.IpcWriteOptions(compression="lz4")
        try:
            with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema, options=options) as writer:
                writer.write_table(table)
            tmp.replace(target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            if error.errno == errno.ENOSPC or "No space left" in str(error):
                raise OSError(errno.ENOSPC, f"{self.folder}: no space left for the token cache (this batch of "
                                            f"{len(batch.keys):,} documents needs up to {table.nbytes / 1e6:,.1f} MB); "
                                            "free space there, or set ANALYSIS_CACHE_DIR to a folder with room, "
                                            "or tokenize with cache=False") from error
            raise


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
