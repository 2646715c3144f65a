"""Which corpus a notebook describes: the header every exported notebook starts with (its name, size,
dates and content digest; when and with which versions it ran)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analysis.findings.core import format_value
from analysis.importers.cache import ids_digest, texts_digest
from analysis.labels import label

PACKAGE = "korean-policy-notebooks"


def content_digest(corpus: pd.DataFrame) -> str:
    """Twelve hex digits of the SHA-256 of the documents' ids and texts (raw text where the corpus has it),
    in doc_id order, so the same documents give the same digest whatever their order or file names
    (:func:`analysis.importers.cache.texts_digest`). A corpus loaded without its raw texts
    (``load_corpus(..., raw_text=False)``) gives the digest of them kept in its attrs, as long as it still
    holds the documents it was loaded with; otherwise the cleaned texts' (read from the corpus cache when the
    frame holds none, :func:`analysis.corpus.texts`).

    >>> content_digest(pd.DataFrame({"doc_id": ["a"], "text": ["본문"]}))
    '88ebc486e575'
    """
    if "raw_text" in corpus.columns:
        return texts_digest(corpus["doc_id"], corpus["raw_text"])
    kept = corpus.attrs.get("raw_digest")
    if kept and kept["documents"] == ids_digest(corpus["doc_id"]):
        return kept["digest"]
    from analysis.corpus import texts

    return texts_digest(corpus["doc_id"], texts(corpus).to_numpy())


@lru_cache(maxsize=1)
def _seed_digest() -> str:
    from analysis.corpus import load_corpus

    return content_digest(load_corpus())


def is_seed_corpus(corpus: pd.DataFrame) -> bool:
    """True when ``corpus`` holds exactly the seed documents (by :func:`content_digest`, against the seeds
    folder as :func:`analysis.load_corpus` reads it), wherever it was loaded from."""
    return content_digest(corpus) == _seed_digest()


def _package_versions() -> str:
    parts = []
    for name in (PACKAGE, "kiwipiepy"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(label("header.version_unknown", name=name))
    return ", ".join(parts)


def _date_range(published: pd.Series) -> str:
    """Where the documents' dates lie (:func:`analysis.timeline.plausible_span`, the rule the time axes use),
    with the dates outside that span and the undated counted, so a sparse tail of old dates does not pass
    for the corpus's range."""
    from analysis.timeline import plausible_span

    dated = published.dropna()
    if dated.empty:
        return label("header.no_dates")
    bulk = plausible_span(published)
    first, last = f"{bulk.start:%Y-%m-%d}", f"{bulk.end:%Y-%m-%d}"
    span = label("header.span", first=first, last=last) if bulk.end > bulk.start else first
    if bulk.outside:
        span += label("header.outside", outside=f"{bulk.outside:,}", first=f"{dated.min():%Y-%m-%d}",
                      last=f"{dated.max():%Y-%m-%d}")
    missing = len(published) - len(dated)
    return span + (label("header.undated", missing=f"{missing:,}") if missing else "")


def corpus_header(corpus: pd.DataFrame, corpus_path: str | Path | None = None, now: dt.datetime | None = None) -> str:
    """Markdown saying which corpus a notebook describes, and when and with what it ran.

    The corpus is named by ``corpus_path`` (or the loaded corpus's source), or as "the seed documents"
    when it holds exactly them; then its number of documents, date range (or "no dates"), content digest
    (:func:`content_digest`), the run time in UTC (``now``, default the current time) and the versions of
    this package and kiwipiepy.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["가", "나"], "published": pd.to_datetime([None, None])})
    >>> print(corpus_header(corpus, "my/corpus", now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    ... )  # doctest: +ELLIPSIS
    **Corpus:** my/corpus · **2** documents · no dates · digest `5dab699e13cf`
    <BLANKLINE>
    **Run:** 2026-01-02T00:00:00+00:00 · korean-policy-notebooks ...
    """
    if is_seed_corpus(corpus):
        name = label("header.seeds")
    else:
        source = corpus_path if corpus_path is not None else corpus.attrs.get("source", label("header.in_memory"))
        name = format_value(str(source), markdown=True)  # a folder name is data: escaped, never markup
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    published = corpus["published"] if "published" in corpus.columns else pd.Series(pd.NaT, index=corpus.index)
    count = label("header.count_one" if len(corpus) == 1 else "header.count_many", count=f"{len(corpus):,}")
    return (label("header.corpus", name=name, count=count, dates=_date_range(published),
                  digest=content_digest(corpus)) + "\n\n"
            + label("header.run", time=now.isoformat(timespec="seconds"), versions=_package_versions()))
