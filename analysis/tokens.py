"""Korean tokenization with kiwipiepy: Kiwi with the lexicon's user words, :func:`tokenize`, and the token
table's helpers (sentences, terms by unit).

The lexicon is :mod:`analysis.lexicon`; the tokens on disk are :mod:`analysis.token_store`.
One :class:`kiwipiepy.Kiwi` per process carries the user dictionary of ``resources/``. Every token keeps
its offsets in the cleaned ``text`` and the id of its sentence, so a term can always be traced back to
the sentence it came from. Lines are hard boundaries (a bullet line without a full stop is a sentence
of its own); within a line, Kiwi's sentence splitting decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from functools import lru_cache
from itertools import tee
from operator import attrgetter

import kiwipiepy
import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.corpus import text_batches, with_text
from analysis.corpus import texts as texts_of
from analysis.importers.cache import CORPUS_ROWS
from analysis.lexicon import CONTENT_TAGS, Lexicon, canonical_term, load_lexicon
from analysis.memory import return_freed_memory
from analysis.token_store import (
    BatchWriter,
    TokenBatch,
    TokenCache,
    TokenStore,
    assemble,
    cache_key,
    corpus_store,
)


def _user_word_pattern(word: str) -> str | None:
    """A regex for a user word Kiwi takes more reliably as a pattern, else None.

    Words with spaces or hyphens, and words mixing Hangul with digits or Latin letters (``코로나19``,
    ``AI허브``), which Kiwi's scorer otherwise splits in some contexts. The boundaries are ASCII-only, so
    a particle may follow (``코로나19로``). ``(?i)`` before a word makes it a case-insensitive pattern.

    Kiwi runs these patterns over every text in Python, so they are written to be fast: the first
    character comes first and the left boundary is checked just after it (``코(?<![0-9A-Za-z].)로나19``),
    which matches the same spans as a leading look-behind but lets the regex engine jump from one
    occurrence of that character to the next instead of trying every position.

    Examples
    --------
    >>> _user_word_pattern("코로나19")
    '코(?<![0-9A-Za-z].)로나19(?![0-9A-Za-z])'
    >>> _user_word_pattern("인공지능") is None
    True
    """
    ignore_case = word.startswith("(?i)")
    if ignore_case:
        body = word[4:]
    elif re.search(r"[\s\-]", word) or (re.search(r"[가-힣]", word) and re.search(r"[0-9A-Za-z]", word)):
        body = re.escape(word).replace(r"\ ", r"\s+")
    else:
        return None
    scope = "(?i:{})" if ignore_case else "{}"
    if body[:1].isalnum() and "|" not in body:
        return f"{scope.format(body[0])}(?<![0-9A-Za-z].){scope.format(body[1:])}(?![0-9A-Za-z])"
    return f"(?<![0-9A-Za-z]){scope.format(body)}(?![0-9A-Za-z])"


def get_kiwi(lexicon: Lexicon | None = None, num_workers: int = -1, multi_words: bool = True) -> kiwipiepy.Kiwi:
    """The process's Kiwi with the lexicon's user dictionary (one instance per set of user words, pool size
    and dictionary: lexicons that differ only in aliases, stopwords, codebook or entity lists share one).

    ``num_workers`` is Kiwi's own thread pool: -1 uses every core, 0 none (single thread). ``multi_words``
    False leaves out Kiwi's dictionary of multi-word expressions (about 0.2 GB of the model's 0.5 GB): for
    steps that never tokenize a text with spaces in it; tokenizing the corpus always has it.
    """
    lexicon = lexicon or load_lexicon()
    return _kiwi_with_words(tuple(lexicon.user_words), num_workers, multi_words)


@lru_cache(maxsize=4)
def _kiwi_with_words(user_words: tuple[tuple[str, str], ...], num_workers: int,
                     multi_words: bool = True) -> kiwipiepy.Kiwi:
    kiwi = kiwipiepy.Kiwi(num_workers=num_workers, load_multi_dict=multi_words)
    for word, tag in user_words:
        pattern = _user_word_pattern(word)
        if pattern:
            kiwi.add_re_word(pattern, tag)
        else:
            kiwi.add_user_word(word, tag, 0.0)
    return kiwi


def loaded_kiwis() -> int:
    """How many Kiwi instances this process holds (see :func:`release_kiwi`)."""
    return _kiwi_with_words.cache_info().currsize


def release_kiwi() -> None:
    """Forget this process's Kiwi instances and hand their memory back to the system (about 0.3 GB each).

    For the end of a step that needed Kiwi in a process that goes on without it (the person check of
    :func:`analysis.entities` on a large corpus); the next :func:`get_kiwi` loads a new one in a few seconds.
    """
    _kiwi_with_words.cache_clear()
    return_freed_memory()
    return_kiwi_memory()


def return_kiwi_memory() -> None:
    """Hand back what Kiwi freed: kiwipiepy allocates with the mimalloc it bundles, which keeps freed pages for
    its own reuse and returns them later only as it allocates again, so a released Kiwi stayed resident
    (0.25 of 0.39 GB after loading and using one), and so did the statistics of ``extract_words``.
    ``mi_collect(true)`` returns them now. Where the library does not export it (another build or platform)
    this does nothing. For after :func:`release_kiwi` (which calls it), a Kiwi of one's own let go, or a
    large step of a Kiwi kept."""
    import ctypes

    try:
        import _kiwipiepy

        ctypes.CDLL(_kiwipiepy.__file__).mi_collect(ctypes.c_bool(True))
    except (ImportError, OSError, AttributeError):
        pass



OPENING_BRACKETS = ("(", "（")


FLUSH_TOKENS = 1_000_000  # Kiwi Token objects held at most before they are read into columns


def _token_columns(tokens: list) -> dict:
    """Kiwi tokens as columns, one pass per attribute: start, end, sent_position, line_number (int32) and
    form, tag (object arrays of str, so that the user-word rule and Arrow take them without a Python loop)."""
    n = len(tokens)
    columns = {name: np.fromiter(map(attrgetter(name), tokens), dtype=np.int32, count=n)
               for name in ("start", "end", "sent_position", "line_number")}
    for name in ("form", "tag"):
        columns[name] = np.fromiter(map(attrgetter(name), tokens), dtype=object, count=n)
    return columns


def _joined_columns(parts: list[dict]) -> dict:
    """Columns read in several parts, end to end."""
    if len(parts) == 1:
        return parts[0]
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


@lru_cache(maxsize=8)
def _user_word_matcher(lexicon: Lexicon) -> tuple[re.Pattern | None, dict]:
    """One regex finding every user word in a text (longest first), and the tag of each plain word.

    A word with spaces, hyphens, digits or Latin letters matches as its Kiwi pattern does
    (:func:`_user_word_pattern`: no Latin letter or digit right before or after it).
    """
    parts, tags, firsts = [], {}, set()
    for word, tag in sorted(lexicon.user_words, key=lambda item: -len(item[0])):
        pattern = _user_word_pattern(word)
        if not pattern:  # a Latin or digit edge (EQ4ALL) must not be part of a longer Latin word
            before = "(?<![0-9A-Za-z])" if re.match("[0-9A-Za-z]", word) else ""
            after = "(?![0-9A-Za-z])" if re.search("[0-9A-Za-z]$", word) else ""
            pattern = f"{before}{re.escape(word)}{after}"
            tags[word] = tag
        parts.append(pattern)
        first = word.removeprefix("(?i)")[:1]
        firsts |= {first.lower(), first.upper()}
    if not parts:
        return None, tags
    # a look-ahead at the possible first characters lets the engine skip most positions at once (3x faster)
    return re.compile(f"(?=[{re.escape(''.join(sorted(firsts)))}])(?:{'|'.join(parts)})"), tags


def _user_word_tag(surface: str, lexicon: Lexicon, tags: dict) -> str:
    """The tag of the user word ``surface`` matched (a pattern word is looked up by its pattern)."""
    if surface in tags:
        return tags[surface]
    return next(tag for word, tag in lexicon.user_words
                if (pattern := _user_word_pattern(word)) and re.fullmatch(pattern, surface))


def _tilings(start: np.ndarray, end: np.ndarray, spans: list[tuple]) -> list[tuple[int, int] | None]:
    """For each (a, b, ...) span of a text, the first and last of its tokens (``start``, ``end``) when they
    tile it exactly: the first starts at a, the last ends at b, and none between leaves the span; else None.

    Examples
    --------
    >>> _tilings(np.array([0, 2, 5]), np.array([2, 4, 7]), [(0, 4), (0, 2), (1, 4), (0, 5)])
    [(0, 1), (0, 0), None, None]
    """
    if not spans:
        return []
    by_start, by_end = np.argsort(start, kind="stable"), np.argsort(end, kind="stable")
    wanted = np.array([span[:2] for span in spans], dtype=np.int64)
    firsts = np.searchsorted(start[by_start], wanted[:, 0], side="left")  # the first token starting at a
    lasts = np.searchsorted(end[by_end], wanted[:, 1], side="right") - 1  # the last token ending at b
    out = []
    for (a, b), f, la in zip(wanted.tolist(), firsts.tolist(), lasts.tolist(), strict=True):
        if f >= len(start) or la < 0 or start[by_start[f]] != a or end[by_end[la]] != b:
            out.append(None)
            continue
        i, j = int(by_start[f]), int(by_end[la])
        inside = j >= i and start[i:j + 1].min() >= a and end[i:j + 1].max() <= b
        out.append((i, j) if inside else None)
    return out


def _user_word_matches(texts: list[str], counts: np.ndarray, pattern: re.Pattern) -> tuple[np.ndarray, ...]:
    """Every user word the texts of a batch hold: document, start, end (offsets in its text) and the word as
    written. Texts of fewer than two tokens are skipped: no user word of theirs can be split."""
    found = [(d, m.start(), m.end(), m.group()) for d, text in enumerate(texts) if counts[d] > 1
             for m in pattern.finditer(text)]
    doc, a, b = (np.array([match[k] for match in found], dtype=np.int64) for k in range(3))
    return doc, a, b, np.array([match[3] for match in found], dtype=object)


def _tiled(start: np.ndarray, end: np.ndarray, token_base: np.ndarray, a: np.ndarray,
           b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which spans (a, b) two or more tokens tile exactly, and their first and last token, for all spans at once.

    ``start``, ``end`` and the spans are in offsets that never overlap between documents (each document's
    offsets moved past the previous document's, ``token_base`` for the tokens). A span is tiled when the first
    token (in order) starting at a and the last token ending at b are two different tokens and none between
    them leaves the span, as :func:`_tilings` decides for one text.

    Examples
    --------
    >>> _tiled(np.array([0, 2, 5]), np.array([2, 4, 7]), np.zeros(3, np.int64), np.array([0, 0, 1, 0]),
    ...        np.array([4, 2, 4, 5]))
    (array([ True, False, False, False]), array([0]), array([1]))
    """
    start, end = start + token_base, end + token_base
    by_start, by_end = np.argsort(start, kind="stable"), np.argsort(end, kind="stable")
    f = np.searchsorted(start[by_start], a, side="left")  # the first token starting at a
    last = np.searchsorted(end[by_end], b, side="right") - 1  # the last token ending at b
    ok = (f < len(start)) & (last >= 0)
    first = by_start[np.minimum(f, len(start) - 1)]
    final = by_end[np.maximum(last, 0)]
    ok &= (start[first] == a) & (end[final] == b) & (final > first)
    i, j = first[ok], final[ok]
    lengths = j - i + 1
    heads = np.cumsum(lengths) - lengths
    rows = np.repeat(i - heads, lengths) + np.arange(lengths.sum())  # the rows from i to j of every span
    if len(rows):
        inside = ((np.minimum.reduceat(start[rows], heads) >= a[ok])
                  & (np.maximum.reduceat(end[rows], heads) <= b[ok]))
        ok[ok] = inside
        i, j = i[inside], j[inside]
    return ok, i, j


def _join_split_user_words(texts: list[str], counts: np.ndarray, columns: dict,
                           lexicon: Lexicon) -> tuple[np.ndarray, dict]:
    """Tokens of a batch with every user word Kiwi split joined back into one token, and the new counts.

    Kiwi weighs a user word against its own analyses, and in some contexts prefers the parts
    (``인공지능 기술`` -> 인공 + 지능 + 기술) although the word is in the dictionary. The rule: where the
    text holds a user word and Kiwi's tokens there start where the word starts, end where it ends and
    lie inside it (two or more of them), they become one token: the word as written, with its tag. A
    word Kiwi reads across the word's edge (교육부터 holds 교육부, but is 교육 + 부터) is not one of
    them and is left alone. ``columns`` are in the offsets of the whole texts. Vectorized over the batch
    (:func:`_tiled`): one regex search per text, no Python work per token.

    Examples
    --------
    >>> columns = {"start": np.array([0, 2, 5], np.int32), "end": np.array([2, 4, 7], np.int32),
    ...            "sent_position": np.zeros(3, np.int32), "line_number": np.zeros(3, np.int32),
    ...            "form": np.array(["인공", "지능", "기술"], object), "tag": np.array(["NNG"] * 3, object)}
    >>> counts, joined = _join_split_user_words(["인공지능 기술"], np.array([3]), columns, load_lexicon())
    >>> counts.tolist(), joined["form"].tolist(), joined["end"].tolist()
    ([2], ['인공지능', '기술'], [4, 7])
    """
    pattern, tags = _user_word_matcher(lexicon)
    if pattern is None or not len(columns["start"]):
        return counts, columns
    doc, a, b, surface = _user_word_matches(texts, counts, pattern)
    if not len(doc):
        return counts, columns
    text_base = np.cumsum([len(text) + 1 for text in texts]) - [len(text) + 1 for text in texts]
    token_doc = np.repeat(np.arange(len(counts)), counts)
    tiled, i, j = _tiled(columns["start"], columns["end"], text_base[token_doc], a + text_base[doc],
                         b + text_base[doc])
    if not len(i):
        return counts, columns
    keep = np.ones(len(token_doc), dtype=bool)
    lengths = j - i
    keep[np.repeat(i + 1 - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())] = False
    joined = {name: columns[name].copy() for name in ("end", "form", "tag")}
    joined["end"][i] = columns["end"][j]
    joined["form"][i] = surface[tiled]
    word_tags = {word: _user_word_tag(word, lexicon, tags) for word in set(surface[tiled].tolist())}
    joined["tag"][i] = [word_tags[word] for word in surface[tiled].tolist()]
    joined.update({name: columns[name] for name in ("start", "sent_position", "line_number")})
    joined = {name: joined[name][keep] for name in columns}
    return np.bincount(token_doc[keep], minlength=len(counts)).astype(counts.dtype), joined


def _token_table(texts: list[str], counts: np.ndarray, columns: dict, lexicon: Lexicon,
                 pieces: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, pa.Table]:
    """The token count of each document of a batch and their token rows as an Arrow table (all but ``doc_id``),
    vectorized over the batch.

    ``columns`` holds every Kiwi token of the batch in order (:func:`_token_columns`), ``counts`` how many
    belong to each text. A line break is a hard sentence boundary (a bullet line without a full stop is a
    sentence of its own); within a line, Kiwi's sentence splitting decides. Kiwi's ``line_number`` counts
    ``\\n`` (cleaning leaves no other line break).
    ``pieces`` (token count, character offset and line offset of every piece, see :func:`_piece_starts`)
    moves the offsets and line numbers of a text Kiwi read in pieces back into the whole text. User words
    Kiwi split are joined back (:func:`_join_split_user_words`), so counts may be lower than Kiwi's.
    """
    if pieces is not None:
        piece_counts, piece_chars, piece_lines = pieces
        columns["start"] += np.repeat(piece_chars, piece_counts).astype(np.int32)
        columns["end"] += np.repeat(piece_chars, piece_counts).astype(np.int32)
        columns["line_number"] += np.repeat(piece_lines, piece_counts).astype(np.int32)
    counts, columns = _join_split_user_words(texts, counts, columns, lexicon)
    start, end, kiwi_sent, line = (columns[name] for name in ("start", "end", "sent_position", "line_number"))
    n = len(start)
    form, tag = columns["form"], columns["tag"]
    doc = np.repeat(np.arange(len(counts)), counts)
    new_sentence = np.ones(n, dtype=bool)
    new_sentence[1:] = (doc[1:] != doc[:-1]) | (kiwi_sent[1:] != kiwi_sent[:-1]) | (line[1:] != line[:-1])
    ordinal = np.cumsum(new_sentence) - 1
    nonempty = counts > 0
    first_rows = (np.cumsum(counts) - counts)[nonempty]
    sent_id = ordinal - np.repeat(ordinal[first_rows], counts[nonempty])
    tag_code, tag_names = pd.factorize(tag)
    term_code, term_names = _terms(texts, doc, start, end, form, tag_code, tag_names, lexicon)
    return counts, pa.table({  # large_string is what pandas' Arrow-backed strings hold: no conversion on reading
        "sent_id": pa.array(sent_id.astype(np.int32)), "line_id": pa.array(line), "start": pa.array(start),
        "end": pa.array(end), "form": pa.array(form, pa.large_string()),
        "tag": _strings(tag_code, tag_names), "term": _strings(term_code, term_names),
    })


def _strings(codes: np.ndarray, names) -> pa.Array:
    """A large_string Arrow array of ``names[codes]``, taken in Arrow from the distinct strings (building it
    from one Python string per row costs several times more)."""
    return pa.array(np.asarray(names, dtype=object), pa.large_string()).take(pa.array(codes))


def _terms(texts, doc, start, end, form, tag_code, tag_names, lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray]:
    """Canonical terms of a batch's tokens (``""`` for none) as codes into an array of distinct terms,
    each computed once per distinct (surface, tag); ``tag_code``/``tag_names`` are the tags factorized.

    A term is read off the text itself (Kiwi may respell a name: 데이블 -> 데이브), and a bracketed gloss
    that repeats the term before it (인공지능(AI), 국제전기통신연합(이하 ITU)) is counted once.
    """
    content = np.isin(tag_code, [i for i, name in enumerate(tag_names) if name in CONTENT_TAGS])
    rows = np.flatnonzero(content)
    surface = np.empty(len(rows), dtype=object)
    surface[:] = [texts[d][s:e] for d, s, e in zip(doc[rows].tolist(), start[rows].tolist(), end[rows].tolist(),
                                                     strict=True)]
    empty = surface == ""
    surface[empty] = form[rows][empty]
    surface_code, surfaces = pd.factorize(surface)
    pair_code, pairs = pd.factorize(surface_code * len(tag_names) + tag_code[rows])
    term_of = _term_memo(lexicon)
    canonical = [term_of(surfaces[p // len(tag_names)], tag_names[p % len(tag_names)]) for p in pairs.tolist()]
    term_id, names = pd.factorize(np.array([*canonical, ""], dtype=object))  # the last code: no term
    term_id = term_id.astype(np.int32)
    none = term_id[-1]
    code = np.full(len(form), none, dtype=np.int32)
    code[rows] = term_id[pair_code]
    has_term = code != none
    brackets = np.flatnonzero(np.isin(tag_code, [i for i, name in enumerate(tag_names) if name == "SSO"]))
    opens = np.zeros(len(form), dtype=bool)
    opens[brackets] = np.isin(form[brackets], OPENING_BRACKETS)
    gloss = has_term & _same_doc(doc, 2) & _shifted(opens, 1, False) & (_shifted(code, 2, -1) == code)
    after_iha = has_term & _same_doc(doc, 3) & (_shifted(form, 1, None) == "이하") & _shifted(opens, 2, False)
    gloss |= after_iha & (_shifted(code, 3, -1) == code)
    code[gloss] = none
    return code, names


@lru_cache(maxsize=4)
def _term_memo(lexicon: Lexicon):
    """:func:`canonical_term` with ``lexicon`` fixed, remembering the most recent (surface, tag) pairs: the
    parts of a corpus share most of their vocabulary (bounded, so memory does not follow the corpus)."""
    return lru_cache(maxsize=1 << 17)(lambda surface, tag: canonical_term(surface, tag, lexicon))


def _shifted(values: np.ndarray, k: int, fill) -> np.ndarray:
    """``values`` moved ``k`` places down (``out[i] = values[i - k]``), ``fill`` where there is nothing."""
    out = np.full(len(values), fill, dtype=values.dtype)
    if k < len(values):
        out[k:] = values[:-k]
    return out


def _same_doc(doc: np.ndarray, k: int) -> np.ndarray:
    """Whether token ``i`` and token ``i - k`` belong to the same document."""
    out = np.zeros(len(doc), dtype=bool)
    if k < len(doc):
        out[k:] = doc[k:] == doc[:-k]
    return out


MAX_PIECE_CHARACTERS = 10_000


def _piece_starts(text: str, limit: int) -> list[int]:
    """Where the pieces of ``text`` that Kiwi reads one by one begin.

    ``[0]`` for a text of at most ``limit`` characters (every document of the seeds and of KDI EPIC). Kiwi's
    time and memory grow faster than the length of a single text (a 0.7 M-character document took a minute
    and 1.4 GB in one piece), so a longer text is cut after the last line break within each ``limit``
    characters (lines are sentence boundaries anyway), at the last space where one line is longer, and at
    ``limit`` where it has none.

    Examples
    --------
    >>> _piece_starts("가나다\\n라마\\n바사아", limit=7)
    [0, 7]
    >>> _piece_starts("가나다 라마바사아", limit=5)
    [0, 3, 8]
    """
    starts = [0]
    while len(text) - starts[-1] > limit:
        begin = starts[-1]
        cut = text.rfind("\n", begin, begin + limit) + 1
        if cut <= begin:
            cut = text.rfind(" ", begin + 1, begin + limit)
        if cut <= begin:
            cut = begin + limit
        starts.append(cut)
    return starts


def _pieces(text: str) -> list[tuple[str, int]]:
    """(piece, character offset) of every piece of ``text`` Kiwi reads (one for all but very long texts)."""
    starts = _piece_starts(text, MAX_PIECE_CHARACTERS)
    if len(starts) == 1:
        return [(text, 0)]
    return [(text[a:b], a) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


PART_TOKENS = 20_000  # a batch's table is built in parts of whole documents of about this many tokens
MAX_PARTS_QUEUED = 4  # parts read from Kiwi and waiting for the helper thread, at most


def _tokenize_uncached(chunks: Iterable[list[tuple[str, str]]], lexicon: Lexicon, num_workers: int,
                       store: TokenCache | None = None, keep: bool = True) -> Iterator[TokenBatch]:
    """Tokenize chunks of (key, text) pairs, yielding one :class:`TokenBatch` per chunk, in order, each
    written to ``store`` (one file per chunk) before it is yielded. With ``keep`` False (and a ``store``) the
    batches carry counts only (``table`` None): each part's rows are dropped once written, so a chunk's table
    is never held whole, nor joined.

    Kiwi's thread pool sees all texts as one stream. The table of a chunk is built, and written, in parts of
    whole documents (:data:`PART_TOKENS` tokens or more, :func:`_kiwi_parts`) in a helper thread while Kiwi
    goes on with the next texts (Kiwi releases the GIL), and the parts are joined when the chunk is complete:
    Kiwi keeps only a few texts in flight, so work done between two reads of its results would leave its
    threads idle, and a table built only at the end of a chunk would follow the whole chunk's tokenizing.
    Rows do not depend on the parts (every rule works within a document). A very long text goes to Kiwi in
    pieces (:func:`_piece_starts`) and is put back together here.
    """
    kiwi = get_kiwi(lexicon, num_workers)
    chunks, chunks_for_tables = tee(chunks)  # chunks may be read as they are taken: tee keeps Kiwi's lead only
    texts = (piece for chunk in chunks for _, text in chunk for piece, _ in _pieces(text))
    results = kiwi.tokenize(texts) if num_workers else map(kiwi.tokenize, texts)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="token-table") as helper:
        pending = None
        for chunk in chunks_for_tables:
            keys = [key for key, _ in chunk]
            writer = store.writer(keys) if store is not None else None
            drop = writer is not None and not keep
            parts = []
            for part in _kiwi_parts(chunk, results):
                parts.append(helper.submit(_token_part, *part, lexicon, writer, drop))
                if len(parts) > MAX_PARTS_QUEUED:  # Kiwi ahead of the helper: wait, rather than hold its Tokens
                    wait([parts[-1 - MAX_PARTS_QUEUED]])  # a failure is raised by _token_batch, which aborts
            built = helper.submit(_token_batch, keys, parts, writer)  # the helper runs it after the parts
            if pending is not None:
                yield pending.result()
            pending = built
        if pending is not None:
            yield pending.result()


def _kiwi_parts(chunk: list[tuple[str, str]], results: Iterator[list]) -> Iterator[tuple]:
    """Kiwi's results for the texts of ``chunk``, read from ``results`` as they come, in parts of whole
    documents of at least :data:`PART_TOKENS` tokens (the last part may hold fewer). Each part is (texts,
    token counts, columns already read, Token objects not yet read, piece offsets or None): the arguments of
    :func:`_token_part`. A text read in pieces counts as one document; a very long one has its Token objects
    read into columns every :data:`FLUSH_TOKENS` tokens."""
    texts, counts, read, tokens, pieces, cut, total = [], [], [], [], ([], [], []), False, 0
    for _, text in chunk:
        count = 0
        for offset in _piece_starts(text, MAX_PIECE_CHARACTERS):  # offsets only: no second slicing
            found = next(results, None)
            if found is None:
                raise RuntimeError("Kiwi returned fewer results than it was given texts")
            count += len(found)
            tokens.extend(found)
            if len(tokens) >= FLUSH_TOKENS:  # a very long text: keep few Token objects alive
                read.append(_token_columns(tokens))
                tokens = []
            for column, value in zip(pieces, (len(found), offset, text.count("\n", 0, offset)), strict=True):
                column.append(value)
            cut = cut or offset > 0
        texts.append(text)
        counts.append(count)
        total += count
        if total >= PART_TOKENS:
            yield _part(texts, counts, read, tokens, pieces, cut)
            texts, counts, read, tokens, pieces, cut, total = [], [], [], [], ([], [], []), False, 0
    if texts:
        yield _part(texts, counts, read, tokens, pieces, cut)


def _part(texts, counts, read, tokens, pieces, cut) -> tuple:
    """The arguments of :func:`_token_part` for one part of a chunk (see :func:`_kiwi_parts`)."""
    offsets = tuple(np.array(column, dtype=np.int64) for column in pieces) if cut else None
    return texts, np.array(counts, dtype=np.int64), read, tokens, offsets


def _token_part(texts: list[str], counts: np.ndarray, read: list[dict], tokens: list, pieces, lexicon: Lexicon,
                writer: BatchWriter | None = None, drop: bool = False) -> tuple[np.ndarray, pa.Table | None]:
    """Token counts and rows (:func:`_token_table`) of a part of a chunk, from its columns already read
    (``read``) and its Token objects not yet read; appended to the chunk's file when a ``writer`` is given,
    and then not returned when ``drop``."""
    columns = _joined_columns([*read, _token_columns(tokens)])
    tokens.clear()  # the part's Token objects, freed now rather than when the caller lets the part go
    counts, table = _token_table(texts, counts, columns, lexicon, pieces)
    if writer is not None:
        writer.append(counts, table)
    return counts, None if drop else table


def _token_batch(keys: list[str], parts: list, writer: BatchWriter | None = None) -> TokenBatch:
    """A chunk's TokenBatch from the (finished) futures of its parts, end to end; its file is completed when
    a ``writer`` is given (and removed when a part failed)."""
    try:
        built = [part.result() for part in parts]
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    if writer is not None:
        writer.close()
    counts = np.concatenate([counts for counts, _ in built])
    if any(table is None for _, table in built):  # written part by part and not kept
        return TokenBatch(keys, counts, None)
    table = built[0][1] if len(built) == 1 else pa.concat_tables([table for _, table in built]).combine_chunks()
    return TokenBatch(keys, counts, table)


def _tokenize_chunk(chunk: list[tuple[str, str]], lexicon: Lexicon, num_workers: int) -> TokenBatch:
    """One chunk, tokenized on its own: the task a Dask worker runs."""
    return next(_tokenize_uncached([chunk], lexicon, num_workers))


# --------------------------------------------------------------------------------------------------
# cache: Arrow IPC files under .cache/tokens, one per batch, each indexed by document key


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
    corpus : a DataFrame from :func:`analysis.load_corpus` (columns ``doc_id`` and ``text``; loaded with
        ``text=False``, its texts are read from the corpus cache a part at a time).
    lexicon : defaults to the project lexicon in ``analysis/resources``.
    cache : True for the default on-disk cache (``.cache/tokens``), False for none, or a TokenCache.
    num_workers : Kiwi's thread pool size (-1: every core, 0: single thread).
    batch_size : documents per batch sent to Kiwi's thread pool (and per cache file).
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
    lexicon = lexicon or load_lexicon()
    store = cache if isinstance(cache, TokenCache) else (TokenCache() if cache else None)
    keys = _text_keys(corpus, lexicon)
    batches = store.read(set(keys)) if store else []
    cached = {key for batch in batches for key in batch.keys}
    batches += _tokenize_missing(corpus, keys, cached, lexicon, store, num_workers, batch_size, progress, client)
    return assemble(corpus, keys, batches)


def token_store(corpus: pd.DataFrame, *, lexicon: Lexicon | None = None, cache: TokenCache | None = None,
                num_workers: int = -1, batch_size: int = 2000, progress: bool | None = None,
                client=None) -> TokenStore:
    """The corpus's tokens in the on-disk store, without loading them: what :func:`tokenize` returns, left in
    the store's Parquet files (documents not yet in the store are tokenized and written first, on ``client``'s
    workers when given). Read it with :meth:`TokenStore.table` or count from it with :mod:`analysis.aggregates`.

    Examples
    --------
    >>> store = token_store(load_corpus())                              # doctest: +SKIP
    >>> store.table(columns=["term"]).head()                            # doctest: +SKIP
    """
    lexicon = lexicon or load_lexicon()
    cache = cache or TokenCache()
    keys = _text_keys(corpus, lexicon)
    cached = set(cache.locate(set(keys)))
    _tokenize_missing(corpus, keys, cached, lexicon, cache, num_workers, batch_size, progress, client, keep=False)
    return corpus_store(corpus, keys, cache)


def _text_keys(corpus: pd.DataFrame, lexicon: Lexicon) -> list[str]:
    """:func:`cache_key` of each document's text, in the corpus's order; a corpus loaded without its texts
    has them read a batch at a time (:func:`analysis.corpus.text_batches`)."""
    return [cache_key(text, lexicon) for part in text_batches(corpus) for text in part["text"]]


def _tokenize_missing(corpus, keys, cached, lexicon, store, num_workers, batch_size, progress, client,
                      keep: bool = True) -> list[TokenBatch]:
    """Tokenize the documents whose keys are not ``cached`` (each distinct text once), write each batch to
    ``store`` and return the batches (none when ``keep`` is False: they are read back from the store). A
    corpus loaded without its texts has the texts read only of its parts (:data:`CORPUS_ROWS` documents, a
    row group of the corpus cache) that hold a document not yet tokenized (none on a warm run), and, tokenized
    here, as Kiwi reaches them: a cold run holds a part's texts and a batch's, not the corpus's."""
    missing = len({key for key in keys if key not in cached})
    n_chunks = -(-missing // batch_size)
    batches: list[TokenBatch] = []
    if not n_chunks:
        return batches
    chunks = _missing_chunks(corpus, keys, cached, batch_size)
    from analysis.progress import progress as progress_bar  # not `progress`: that is the caller's flag

    if client is not None:
        futures = client.map(_tokenize_chunk, list(chunks), lexicon=lexicon, num_workers=num_workers, pure=False)
        results = (future.result() for future in futures)
    else:
        results = _tokenize_uncached(chunks, lexicon, num_workers, store, keep)  # written as it goes
    show = progress if progress is not None else n_chunks > 1
    for batch in progress_bar(results, total=n_chunks, desc="tokenizing", unit="batch", disable=not show):
        if store and client is not None:
            store.write(batch)
        if keep:
            batches.append(batch)
    del results
    if client is None and n_chunks > 1:
        # a large corpus: hand Kiwi's ~0.6 GB back before the token table is assembled beside the batches
        # (a later call loads it again in a second or two, nothing next to tokenizing a corpus)
        release_kiwi()
    return batches


def _missing_chunks(corpus: pd.DataFrame, keys: list[str], cached: set[str], batch_size: int):
    """The (key, text) pairs of the documents whose keys are not ``cached``, each distinct text once in the
    corpus's order, ``batch_size`` to a chunk, read a part of the corpus (:func:`analysis.corpus.with_text`)
    at a time as the chunks are taken; a part whose documents are all cached is not read."""
    seen: set[str] = set()
    chunk: list[tuple[str, str]] = []
    for start in range(0, len(corpus), CORPUS_ROWS):
        part_keys = keys[start:start + CORPUS_ROWS]
        if all(key in cached or key in seen for key in part_keys):
            continue
        part = with_text(corpus.iloc[start:start + CORPUS_ROWS])
        for key, text in zip(part_keys, part["text"], strict=True):
            if key not in cached and key not in seen:
                seen.add(key)
                chunk.append((key, text))
                if len(chunk) == batch_size:
                    yield chunk
                    chunk = []
        del part
    if chunk:
        yield chunk


def per_document(frame: pd.DataFrame, values: pd.Series) -> pd.Series:
    """``values`` (a Series indexed by doc_id) for every row of ``frame`` (tokens, hits ...).

    The same as ``frame["doc_id"].map(values)``, but looked up once per distinct document and spread by
    integer codes: on millions of tokens ``map`` makes a Python string of every row's doc_id first, which
    costs hundreds of megabytes for a moment. A doc_id missing from ``values`` gives NA, as with ``map``.

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a", "b", "a", "c"]})
    >>> per_document(tokens, pd.Series({"a": "MSIT", "b": "MOHW"}, name="publisher")).tolist()
    ['MSIT', 'MOHW', 'MSIT', nan]
    """
    codes, doc_ids = pd.factorize(frame["doc_id"])
    looked_up = values.reindex(doc_ids).array
    spread = looked_up.take(codes, allow_fill=True)
    return pd.Series(spread, index=frame.index, name=values.name)


def terms_by_unit(tokens: pd.DataFrame, unit: str = "sent_id") -> pd.Series:
    """The content terms of each text unit (``sent_id`` or ``line_id``) in order, indexed by (doc_id, unit)."""
    # only the three columns needed: a copy of every column of millions of content tokens costs hundreds of MB
    return tokens.loc[tokens["term"] != "", ["doc_id", unit, "term"]].groupby(["doc_id", unit])["term"].agg(list)


def _sentence_spans(tokens: pd.DataFrame) -> pd.DataFrame:
    """doc_id, sent_id, start, end of every sentence. A token table as :func:`tokenize` returns it keeps each
    sentence's tokens together, so the spans are read off runs of rows; other tables are grouped."""
    doc_code, doc_ids = pd.factorize(tokens["doc_id"])
    sent = tokens["sent_id"].to_numpy()
    first = np.flatnonzero(np.r_[True, (doc_code[1:] != doc_code[:-1]) | (sent[1:] != sent[:-1])]) if len(sent) else []
    run_keys = pd.MultiIndex.from_arrays([doc_code[first], sent[first]]) if len(sent) else None
    if run_keys is None or run_keys.has_duplicates:
        spans = tokens.groupby(["doc_id", "sent_id"], sort=True).agg(start=("start", "min"), end=("end", "max"))
        return spans.reset_index()
    spans = pd.DataFrame({
        "doc_id": doc_ids.take(doc_code[first]), "sent_id": sent[first],
        "start": np.minimum.reduceat(tokens["start"].to_numpy(), first),
        "end": np.maximum.reduceat(tokens["end"].to_numpy(), first),
    })
    return spans.sort_values(["doc_id", "sent_id"], ignore_index=True)


def sentences(corpus: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: doc_id, sent_id, start, end (offsets in ``text``) and the sentence text,
    sorted by doc_id and sent_id."""
    return sentence_texts(corpus, _sentence_spans(tokens))


def sentence_texts(corpus: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """``spans`` (doc_id, sent_id, start, end: :func:`sentences`' columns, from the token table or from the
    store's :func:`analysis.aggregates.sentence_spans`) with each sentence's text cut from ``corpus``.

    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["첫 문장. 둘째 문장."]})
    >>> spans = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 6], "end": [5, 12]})
    >>> sentence_texts(corpus, spans)["sentence"].tolist()
    ['첫 문장.', '둘째 문장.']
    """
    texts = texts_of(corpus, pd.unique(spans["doc_id"])).to_dict()
    bounds = zip(spans["doc_id"], spans["start"], spans["end"], strict=True)
    spans["sentence"] = [texts[d][s:e] for d, s, e in bounds]
    return spans


def user_word_splits(corpus: pd.DataFrame, tokens: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Every place where the text holds a user word that is not one token but two or more that tile it.

    The check behind "user words are never split": :func:`tokenize` joins such tokens, so on its output the
    table is empty. A word Kiwi reads across the user word's edge (교육부터 holds 교육부, but reads 교육 +
    부터; 경찰청장) is a different word and not listed. Columns: doc_id, start, end, word (as written),
    tokens (how many tokens it is in).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["인공지능 기술"]})
    >>> split = pd.DataFrame({"doc_id": ["d"] * 3, "start": [0, 2, 5], "end": [2, 4, 7]})
    >>> user_word_splits(corpus, split).to_dict("records")
    [{'doc_id': 'd', 'start': 0, 'end': 4, 'word': '인공지능', 'tokens': 2}]
    """
    pattern, _ = _user_word_matcher(lexicon or load_lexicon())
    texts = texts_of(corpus, pd.unique(tokens["doc_id"])).to_dict() if len(tokens) else {}
    rows = []
    if pattern is not None and len(tokens):
        doc_code, doc_ids = pd.factorize(tokens["doc_id"])
        bounds = np.flatnonzero(np.r_[True, doc_code[1:] != doc_code[:-1], True])
        start, end = tokens["start"].to_numpy(), tokens["end"].to_numpy()
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            doc_id = doc_ids[doc_code[a]]
            found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(texts[doc_id])]
            for (s, e, word), tiling in zip(found, _tilings(start[a:b], end[a:b], found), strict=True):
                if tiling and tiling[1] > tiling[0]:
                    rows.append((doc_id, s, e, word, tiling[1] - tiling[0] + 1))
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "word", "tokens"])


def token_counts_by_document(tokens: pd.DataFrame) -> pd.DataFrame:
    """Per document: sentences, tokens, content terms (tokens with a canonical term) and distinct terms,
    indexed by doc_id (sorted).

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 1, 0],
    ...                        "form": ["정책", "을", "정책", "AI"], "term": ["정책", "", "정책", "인공지능"]})
    >>> token_counts_by_document(tokens).values.tolist()  # sentences, tokens, terms, distinct terms
    [[2, 3, 2, 1], [1, 1, 1, 1]]
    """
    content = tokens["term"] != ""
    counts = pd.DataFrame({
        "sentences": tokens.groupby("doc_id")["sent_id"].nunique(),
        "tokens": tokens.groupby("doc_id").size(),
        "terms": content.groupby(tokens["doc_id"]).sum(),
        "distinct_terms": tokens.loc[content].groupby("doc_id")["term"].nunique(),
    })
    return counts.fillna({"distinct_terms": 0}).astype("int64").rename_axis("doc_id")
