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
import pandas as pd

from analysis.paths import RESOURCES, cache_dir

TOKEN_COLUMNS = ["doc_id", "sent_id", "line_id", "start", "end", "form", "tag", "term"]
CONTENT_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})
LEXICON_FILES = ("user_dictionary.tsv", "aliases.tsv", "stopwords.txt", "single_syllable_terms.txt")
# bump when the way tokens or terms are derived changes, so that old cache entries are not reused
TOKENIZER_REVISION = "2"


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


def _line_spans(text: str) -> list[tuple[int, str]]:
    """(offset, line) for the non-empty lines of a text."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, line))
        offset += len(line) + 1
    return spans


def _drop_glosses(rows: list[list]) -> None:
    """Blank the term of a parenthesised gloss that repeats the term before it: in ``인공지능(AI)`` or
    ``국제전기통신연합(이하 ITU)`` one mention is counted once."""
    for i in range(2, len(rows)):
        term = rows[i][7]
        if not term:
            continue
        j = i - 1
        if rows[j][5] == "이하":
            j -= 1
        if j >= 1 and rows[j][5] in "(（" and rows[j - 1][7] == term:
            rows[i][7] = ""


def _document_rows(doc_id, spans, results, lexicon: Lexicon) -> list[list]:
    rows, sent_base = [], 0
    for line_id, ((offset, line), tokens) in enumerate(zip(spans, results, strict=False)):
        last = -1
        for tok in tokens:
            sent_id = sent_base + tok.sent_position
            last = max(last, tok.sent_position)
            # a term is read off the text itself (Kiwi may respell a name: 데이블 -> 데이브)
            surface = line[tok.start : tok.end] if tok.tag in CONTENT_TAGS else tok.form
            rows.append(
                [doc_id, sent_id, line_id, offset + tok.start, offset + tok.end, tok.form, tok.tag,
                 canonical_term(surface or tok.form, tok.tag, lexicon)]
            )
        sent_base += last + 1
    _drop_glosses(rows)
    return rows


def _tokenize_uncached(docs: list[tuple[str, str]], lexicon: Lexicon, num_workers: int) -> pd.DataFrame:
    """Tokenize (doc_id, text) pairs in one batch through Kiwi's thread pool."""
    kiwi = get_kiwi(lexicon, num_workers)
    spans = [_line_spans(text) for _, text in docs]
    lines = [line for doc_spans in spans for _, line in doc_spans]
    results = iter(kiwi.tokenize(lines) if num_workers else [kiwi.tokenize(line) for line in lines])
    rows = []
    for (doc_id, _), doc_spans in zip(docs, spans, strict=False):
        doc_results = [next(results) for _ in doc_spans]
        rows.extend(_document_rows(doc_id, doc_spans, doc_results, lexicon))
    return _as_frame(rows)


def _as_frame(rows: list[list]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=TOKEN_COLUMNS)
    return frame.astype({"sent_id": "int32", "line_id": "int32", "start": "int32", "end": "int32"})


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


class TokenCache:
    """Token tables on disk, one Parquet shard per batch written, each row tagged with its doc's key."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else cache_dir() / "tokens"

    def shards(self) -> list[Path]:
        return sorted(self.folder.glob("*.parquet")) if self.folder.is_dir() else []

    def read(self, keys: set[str]) -> pd.DataFrame:
        """Cached rows of the given keys (column ``key`` included); rows of other keys are not loaded."""
        import pyarrow.parquet as pq

        parts = []
        for shard in self.shards():
            shard_keys = set(pq.read_table(shard, columns=["key"]).column("key").unique().to_pylist())
            if shard_keys & keys:
                table = pq.read_table(shard, filters=[("key", "in", sorted(shard_keys & keys))])
                parts.append(table.to_pandas())
        if not parts:
            return pd.DataFrame(columns=["key", *TOKEN_COLUMNS[1:]])
        return pd.concat(parts, ignore_index=True).drop_duplicates(["key", "start", "end", "form", "tag"])

    def write(self, frame: pd.DataFrame) -> None:
        """Store rows (with a ``key`` column) as a new shard, atomically."""
        if frame.empty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256("".join(sorted(frame["key"].unique())).encode()).hexdigest()[:20]
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
) -> pd.DataFrame:
    """Tokenize the cleaned ``text`` of every document.

    Parameters
    ----------
    corpus : a DataFrame from :func:`analysis.load_corpus` (columns ``doc_id`` and ``text``).
    lexicon : defaults to the project lexicon in ``analysis/resources``.
    cache : True for the default on-disk cache (``.cache/tokens``), False for none, or a TokenCache.
    num_workers : Kiwi's thread pool size (-1: every core, 0: single thread).

    Returns
    -------
    DataFrame, one row per token: doc_id, sent_id, line_id, start, end (offsets in ``text``), form, tag,
    and term (canonical content term, ``""`` for function words and punctuation).

    Examples
    --------
    >>> tokens = tokenize(load_corpus())                                # doctest: +SKIP
    >>> tokens.loc[tokens.term != "", "term"].value_counts().head()     # doctest: +SKIP
    """
    lexicon = lexicon or load_lexicon()
    store = cache if isinstance(cache, TokenCache) else (TokenCache() if cache else None)
    keys = [cache_key(text, lexicon) for text in corpus["text"]]
    cached = store.read(set(keys)) if store else pd.DataFrame(columns=["key"])
    have = set(cached["key"])
    todo = [(k, text) for k, text in dict(zip(keys, corpus["text"], strict=False)).items() if k not in have]
    if todo:
        fresh = _tokenize_uncached(todo, lexicon, num_workers).rename(columns={"doc_id": "key"})
        if store:
            store.write(fresh)
        cached = pd.concat([cached, fresh], ignore_index=True) if len(cached) else fresh
    by_key = {k: part for k, part in cached.groupby("key", sort=False)}
    parts = []
    for doc_id, key in zip(corpus["doc_id"], keys, strict=False):
        part = by_key.get(key)
        if part is not None:
            parts.append(part.drop(columns="key").assign(doc_id=doc_id))
    if not parts:
        return _as_frame([])
    tokens = pd.concat(parts, ignore_index=True)[TOKEN_COLUMNS]
    return tokens.astype({"sent_id": "int32", "line_id": "int32", "start": "int32", "end": "int32"})


def sentences(corpus: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: doc_id, sent_id, start, end (offsets in ``text``) and the sentence text."""
    spans = tokens.groupby(["doc_id", "sent_id"], sort=True).agg(start=("start", "min"), end=("end", "max"))
    spans = spans.reset_index()
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=False))
    bounds = zip(spans["doc_id"], spans["start"], spans["end"], strict=True)
    spans["sentence"] = [texts[d][s:e] for d, s, e in bounds]
    return spans
