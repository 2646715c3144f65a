"""Korean tokenization with kiwipiepy: the project lexicon, canonical terms and an on-disk token cache.

One :class:`kiwipiepy.Kiwi` per process carries the user dictionary of ``resources/``. Every token keeps
its offsets in the cleaned ``text`` and the id of its sentence, so a term can always be traced back to
the sentence it came from. Lines are hard boundaries (a bullet line without a full stop is a sentence
of its own); within a line, Kiwi's sentence splitting decides.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import kiwipiepy
import numpy as np
import pandas as pd

from analysis.paths import RESOURCES, cache_dir

TOKEN_COLUMNS = ["doc_id", "sent_id", "line_id", "start", "end", "form", "tag", "term"]
CONTENT_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})
LEXICON_FILES = ("user_dictionary.tsv", "aliases.tsv", "stopwords.txt", "single_syllable_terms.txt")
# bump when the way tokens or terms are derived changes, so that old cache entries are not reused
TOKENIZER_REVISION = "3"


def _data_lines(path: Path) -> list[str]:
    """Non-comment lines of a lexicon file, with ``  # why`` comments stripped."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("  #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@dataclass(frozen=True)
class Lexicon:
    """The project lexicon: user words (word, tag), aliases (variant -> canonical), stopwords."""

    user_words: tuple[tuple[str, str], ...]
    aliases: dict
    stopwords: frozenset
    single_syllable_terms: frozenset
    digest: str

    def __hash__(self) -> int:
        return hash(self.digest)


def load_lexicon(folder: Path = RESOURCES) -> Lexicon:
    """Read the lexicon files of ``folder`` (default ``analysis/resources``).

    ``digest`` is a hash of the files' content: a changed lexicon gives a new digest and so a new cache key.
    """
    folder = Path(folder)
    digest = hashlib.sha256()
    for name in LEXICON_FILES:
        digest.update((folder / name).read_bytes())
    user_words = []
    for line in _data_lines(folder / "user_dictionary.tsv"):
        word, tag = line.split("\t")
        user_words.append((word.strip(), tag.strip()))
    aliases = {}
    for line in _data_lines(folder / "aliases.tsv"):
        variant, canonical = line.split("\t")
        aliases[variant.strip()] = canonical.strip()
    return Lexicon(
        user_words=tuple(user_words),
        aliases=aliases,
        stopwords=frozenset(_data_lines(folder / "stopwords.txt")),
        single_syllable_terms=frozenset(_data_lines(folder / "single_syllable_terms.txt")),
        digest=digest.hexdigest()[:16],
    )


def _user_word_pattern(word: str) -> str | None:
    """A regex for a user word Kiwi takes more reliably as a pattern, else None.

    Words with spaces or hyphens, and words mixing Hangul with digits or Latin letters (``코로나19``,
    ``AI허브``), which Kiwi's scorer otherwise splits in some contexts. The boundaries are ASCII-only, so
    a particle may follow (``코로나19로``).
    """
    if word.startswith("(?i)"):
        return rf"(?<![0-9A-Za-z])(?i:{word[4:]})(?![0-9A-Za-z])"
    mixed = re.search(r"[가-힣]", word) and re.search(r"[0-9A-Za-z]", word)
    if re.search(r"[\s\-]", word) or mixed:
        body = re.escape(word).replace(r"\ ", r"\s+")
        return rf"(?<![0-9A-Za-z]){body}(?![0-9A-Za-z])"
    return None


@lru_cache(maxsize=4)
def get_kiwi(lexicon: Lexicon | None = None, num_workers: int = -1) -> kiwipiepy.Kiwi:
    """The process's Kiwi with the project's user dictionary (one instance per lexicon and pool size).

    ``num_workers`` is Kiwi's own thread pool: -1 uses every core, 0 none (single thread).
    """
    lexicon = lexicon or load_lexicon()
    kiwi = kiwipiepy.Kiwi(num_workers=num_workers)
    for word, tag in lexicon.user_words:
        pattern = _user_word_pattern(word)
        if pattern:
            kiwi.add_re_word(pattern, tag)
        else:
            kiwi.add_user_word(word, tag, 0.0)
    return kiwi


def canonical_term(form: str, tag: str, lexicon: Lexicon) -> str:
    """The canonical content term of a token, or ``""`` for function words, punctuation and stopwords.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> canonical_term("과기정통부", "NNP", lex), canonical_term("를", "JKO", lex)
    ('과학기술정보통신부', '')
    """
    if tag not in CONTENT_TAGS:
        return ""
    term = lexicon.aliases.get(form, form)
    if term in lexicon.stopwords or form in lexicon.stopwords or form.lower() in lexicon.stopwords:
        return ""
    if tag == "SL" and len(form) < 2:
        return ""
    if len(term) == 1 and "\uac00" <= term <= "\ud7a3" and term not in lexicon.single_syllable_terms:
        return ""
    return term


STRING = pd.StringDtype("pyarrow")  # compact, Arrow-backed strings: millions of tokens stay small


def _document_arrays(text: str, tokens) -> dict:
    """Columns for one document's Kiwi tokens: offsets, form, tag, line id and sentence id.

    A line break is a hard sentence boundary (a bullet line without a full stop is a sentence of its
    own); within a line, Kiwi's sentence splitting decides.
    """
    n = len(tokens)
    fields = [(t.form, t.tag, t.start, t.end, t.sent_position) for t in tokens]
    forms, tags, starts, ends, kiwi_sent = zip(*fields, strict=False) if fields else ((), (), (), (), ())
    starts = np.array(starts, dtype=np.int32)
    ends = np.array(ends, dtype=np.int32)
    kiwi_sent = np.array(kiwi_sent, dtype=np.int32)
    newlines = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)
    lines = np.searchsorted(newlines, starts, side="right").astype(np.int32)
    new_sentence = np.ones(n, dtype=bool)
    if n:
        new_sentence[1:] = (kiwi_sent[1:] != kiwi_sent[:-1]) | (lines[1:] != lines[:-1])
    return {
        "start": starts, "end": ends, "line_id": lines,
        "sent_id": (np.cumsum(new_sentence) - 1).astype(np.int32),
        "form": forms, "tag": tags,
    }


def _terms(frame: pd.DataFrame, texts: dict, lexicon: Lexicon) -> np.ndarray:
    """Canonical terms for a token frame with doc_id, start, end, form, tag (vectorized over uniques).

    A term is read off the text itself (Kiwi may respell a name: 데이블 -> 데이브), and a bracketed gloss
    that repeats the term before it (인공지능(AI), 국제전기통신연합(이하 ITU)) is counted once.
    """
    content = frame["tag"].isin(CONTENT_TAGS).to_numpy(dtype=bool)
    surface = np.array(frame["form"], dtype=object)
    rows = np.flatnonzero(content)
    doc, start, end = frame["doc_id"].to_numpy(), frame["start"].to_numpy(), frame["end"].to_numpy()
    surface[rows] = [texts[doc[i]][start[i]:end[i]] or surface[i] for i in rows]
    keys = pd.Series(surface + "\t" + np.array(frame["tag"], dtype=object))
    uniques = keys.unique()
    lookup = {k: canonical_term(*k.split("\t", 1), lexicon) for k in uniques}
    term = keys.map(lookup).to_numpy(dtype=object)
    form = np.array(frame["form"], dtype=object)
    opens = np.isin(form, ["(", "（"]).astype(object)
    gloss = (term != "") & _same_doc(doc, 2) & (_shift(opens, 1) == True) & (_shift(term, 2) == term)  # noqa: E712
    after_iha = (term != "") & _same_doc(doc, 3) & (_shift(form, 1) == "이하") & (_shift(opens, 2) == True)  # noqa: E712
    gloss |= after_iha & (_shift(term, 3) == term)
    term[gloss] = ""
    return term


def _shift(values: np.ndarray, k: int) -> np.ndarray:
    """``values`` moved ``k`` places down (``out[i] = values[i - k]``), None where there is nothing."""
    out = np.full(len(values), None, dtype=object)
    if k < len(values):
        out[k:] = values[:-k]
    return out


def _same_doc(doc: np.ndarray, k: int) -> np.ndarray:
    """Whether token ``i`` and token ``i - k`` belong to the same document."""
    out = np.zeros(len(doc), dtype=bool)
    if k < len(doc):
        out[k:] = doc[k:] == doc[:-k]
    return out


def _tokenize_uncached(docs: list[tuple[str, str]], lexicon: Lexicon, num_workers: int) -> pd.DataFrame:
    """Tokenize (key, text) pairs in one batch through Kiwi's thread pool."""
    kiwi = get_kiwi(lexicon, num_workers)
    texts = [text for _, text in docs]
    results = kiwi.tokenize(texts) if num_workers else (kiwi.tokenize(text) for text in texts)
    parts = {k: [] for k in ("doc_id", "start", "end", "line_id", "sent_id", "form", "tag")}
    for (key, text), tokens in zip(docs, results, strict=True):
        arrays = _document_arrays(text, tokens)
        parts["doc_id"].append(np.full(len(tokens), key, dtype=object))
        for column, values in arrays.items():
            parts[column].append(values)
    frame = pd.DataFrame({
        column: (np.concatenate(values) if column not in ("form", "tag")
                 else [x for chunk in values for x in chunk]) if values else []
        for column, values in parts.items()
    })
    frame["term"] = _terms(frame, dict(docs), lexicon) if len(frame) else []
    return _as_frame(frame[TOKEN_COLUMNS])


def _as_frame(frame: pd.DataFrame) -> pd.DataFrame:
    types = {"sent_id": "int32", "line_id": "int32", "start": "int32", "end": "int32"}
    types |= {c: STRING for c in ("doc_id", "form", "tag", "term") if c in frame}
    return frame.astype(types)


# --------------------------------------------------------------------------------------------------
# cache: Parquet shards under .cache/tokens, keyed per document


def cache_key(text: str, lexicon: Lexicon) -> str:
    """Key of a document's tokens: its text, the kiwipiepy version and model, and the lexicon content."""
    material = "\x1f".join(
        [text, kiwipiepy.__version__, _model_version(), lexicon.digest, TOKENIZER_REVISION]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _model_version() -> str:
    try:
        from importlib.metadata import version

        return version("kiwipiepy-model")
    except Exception:  # noqa: BLE001 - a model installed by other means still gets a stable key
        return "unknown"


def key_ranges(key_column: np.ndarray, offset: int = 0) -> dict:
    """key -> (start, stop) row range, for a key column whose rows of one key are contiguous."""
    if not len(key_column):
        return {}
    bounds = np.flatnonzero(key_column[1:] != key_column[:-1]) + 1
    starts = np.concatenate([[0], bounds])
    stops = np.concatenate([bounds, [len(key_column)]])
    return {key_column[a]: (offset + a, offset + b) for a, b in zip(starts, stops, strict=True)}


class TokenCache:
    """Token tables on disk: Parquet shards under ``.cache/tokens``, one per batch written; each
    document's rows are contiguous and tagged with its key, so reads are vectorized range takes."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else cache_dir() / "tokens"

    def shards(self) -> list[Path]:
        return sorted(self.folder.glob("*.parquet")) if self.folder.is_dir() else []

    def read(self, keys: set[str]):
        """(table, ranges): the cached rows of the wanted keys as one Arrow table, and key -> (start, stop)
        row range in it. Shards without any wanted key are not loaded."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables, ranges, offset = [], {}, 0
        for shard in self.shards():
            key_column = pq.read_table(shard, columns=["key"]).column("key").to_numpy()
            wanted = {k: span for k, span in key_ranges(key_column, offset).items() if k in keys and k not in ranges}
            if not wanted:
                continue
            tables.append(pq.read_table(shard))
            ranges.update(wanted)
            offset += len(key_column)
        table = pa.concat_tables(tables) if tables else None
        return table, ranges

    def write(self, frame: pd.DataFrame) -> None:
        """Store rows (with a ``key`` column, each key's rows together) as a new shard, atomically."""
        if frame.empty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("".join(frame["key"].unique()).encode()).hexdigest()[:20]
        target = self.folder / f"{name}.parquet"
        tmp = target.with_suffix(".tmp")
        frame.to_parquet(tmp, index=False)
        tmp.replace(target)


def tokenize(
    corpus: pd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    cache: bool | TokenCache = True,
    num_workers: int = -1,
    batch_size: int = 2000,
    progress: bool | None = None,
    client=None,
) -> pd.DataFrame:
    """Tokenize the cleaned ``text`` of every document.

    Parameters
    ----------
    corpus : a DataFrame from :func:`analysis.load_corpus` (columns ``doc_id`` and ``text``).
    lexicon : defaults to the project lexicon in ``analysis/resources``.
    cache : True for the default on-disk cache (``.cache/tokens``), False for none, or a TokenCache.
    num_workers : Kiwi's thread pool size (-1: every core, 0: single thread).
    batch_size : documents per batch sent to Kiwi's thread pool (and per cache shard).
    progress : show a tqdm progress bar; by default when more than one batch is tokenized.
    client : a ``dask.distributed.Client``: batches are tokenized on its workers, each holding one Kiwi
        (the package must be installed on the workers); results and the cache are the same as locally.

    Returns
    -------
    DataFrame, one row per token: doc_id, sent_id, line_id, start, end (offsets in ``text``), form, tag,
    and term (canonical content term, ``""`` for function words and punctuation).

    Examples
    --------
    >>> tokens = tokenize(load_corpus())                                # doctest: +SKIP
    >>> tokens.loc[tokens.term != "", "term"].value_counts().head()     # doctest: +SKIP
    """
    import pyarrow as pa

    lexicon = lexicon or load_lexicon()
    store = cache if isinstance(cache, TokenCache) else (TokenCache() if cache else None)
    keys = [cache_key(text, lexicon) for text in corpus["text"]]
    table, ranges = store.read(set(keys)) if store else (None, {})
    todo = [(k, text) for k, text in dict(zip(keys, corpus["text"], strict=True)).items() if k not in ranges]
    fresh_parts = []
    batches = [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]
    show = progress if progress is not None else len(batches) > 1
    if batches:
        from tqdm.auto import tqdm

        if client is not None:
            futures = client.map(_tokenize_uncached, batches, lexicon=lexicon, num_workers=num_workers, pure=False)
            results = (future.result() for future in futures)
        else:
            results = (_tokenize_uncached(batch, lexicon, num_workers) for batch in batches)
        for result in tqdm(results, total=len(batches), desc="tokenizing", unit="batch", disable=not show):
            fresh = result.rename(columns={"doc_id": "key"})
            if store:
                store.write(fresh)
            fresh_parts.append(pa.Table.from_pandas(fresh, preserve_index=False))
    tables = ([table] if table is not None else []) + fresh_parts
    if not tables:
        return _as_frame(pd.DataFrame({c: [] for c in TOKEN_COLUMNS}))
    if fresh_parts:  # ranges of the fresh rows, after the cached ones
        offset = table.num_rows if table is not None else 0
        for part in fresh_parts:
            ranges.update(key_ranges(part.column("key").to_numpy(zero_copy_only=False), offset))
            offset += part.num_rows
    schema = tables[0].schema
    combined = pa.concat_tables([t.cast(schema) for t in tables])
    spans = [ranges.get(k, (0, 0)) for k in keys]
    lengths = np.array([b - a for a, b in spans], dtype=np.int64)
    take = np.concatenate([np.arange(a, b) for a, b in spans]) if lengths.sum() else np.array([], dtype=np.int64)
    rows = combined.take(pa.array(take)).drop(["key"])
    frame = rows.to_pandas(types_mapper={pa.string(): STRING, pa.large_string(): STRING}.get)
    frame.insert(0, "doc_id", pd.array(np.repeat(corpus["doc_id"].astype(str).to_numpy(), lengths), dtype=STRING))
    return _as_frame(frame[TOKEN_COLUMNS])


def terms_by_unit(tokens: pd.DataFrame, unit: str = "sent_id") -> pd.Series:
    """The content terms of each text unit (``sent_id`` or ``line_id``) in order, indexed by (doc_id, unit)."""
    return tokens[tokens["term"] != ""].groupby(["doc_id", unit])["term"].agg(list)


def sentences(corpus: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: doc_id, sent_id, start, end (offsets in ``text``) and the sentence text."""
    spans = tokens.groupby(["doc_id", "sent_id"], sort=True).agg(start=("start", "min"), end=("end", "max"))
    spans = spans.reset_index()
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=False))
    bounds = zip(spans["doc_id"], spans["start"], spans["end"], strict=True)
    spans["sentence"] = [texts[d][s:e] for d, s, e in bounds]
    return spans
