"""Cleaning Korean policy text: the rules (:mod:`analysis.clean.rules`, what researchers read and edit) and the
engine that applies them with offset tracking and keeps the audit log (:mod:`analysis.clean.engine`).

Whatever cleaning removes or rewrites is in :func:`cleaning_log`, in raw-text offsets, and
:func:`rebuild_raw` proves the log complete: cleaned text + log == raw text, character for character.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from analysis.clean.engine import LOG_COLUMNS, Edit, apply_rules, rebuild_raw, removal_summary, rule_family
from analysis.clean.rules import RULES

__all__ = ["LOG_COLUMNS", "RULES", "Edit", "clean_text", "cleaning_log", "rebuild_raw", "removal_summary",
           "rule_family"]


def clean_text(raw: str, rules=RULES) -> tuple[str, list[tuple[int, int, str, str, str]]]:
    """Apply the cleaning rules (:data:`analysis.clean.rules.RULES`) to ``raw``.

    Returns
    -------
    (text, log): the cleaned text and a list of (start, end, rule, removed, replacement) in raw offsets.

    Examples
    --------
    >>> clean_text("AIㆍ데이터\u00a0기업")[0]
    'AI·데이터 기업'
    """
    return apply_rules(raw, rules)


def cleaning_log(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per removed or rewritten span: doc_id, start, end (offsets in ``raw_text``), rule,
    removed, replacement. The log of a large corpus (:data:`CACHED_LOG_DOCUMENTS` documents or more) is kept in
    ``.cache/logs``, keyed by the documents' ids and raw texts and the cleaning code, so the notebooks that show
    it read it instead of cleaning every document again.

    Examples
    --------
    >>> corpus = analysis.load_corpus()            # doctest: +SKIP
    >>> analysis.cleaning_log(corpus).rule.value_counts()   # doctest: +SKIP
    """
    if len(corpus) < CACHED_LOG_DOCUMENTS:
        return _made_log(corpus)
    from analysis.importers.cache import cached_table
    from analysis.paths import cache_dir

    return cached_table(cache_dir() / "logs" / f"{_log_key(corpus)}.pkl", "cleaning log", lambda: _made_log(corpus))


def _made_log(corpus: pd.DataFrame) -> pd.DataFrame:
    """The cleaning log, made by cleaning every raw text again."""
    from analysis.progress import progress

    rows = []
    pairs = zip(corpus["doc_id"], corpus["raw_text"], strict=True)
    for doc_id, raw in progress(pairs, total=len(corpus), desc="cleaning log", unit="doc", disable=len(corpus) < 2000):
        rows.extend((doc_id, *entry) for entry in clean_text(raw)[1])
    return pd.DataFrame(rows, columns=LOG_COLUMNS).astype({"start": "int64", "end": "int64"})


CACHED_LOG_DOCUMENTS = 2000  # a log of this many documents or more is kept in .cache/logs (seconds to make again)


def _log_key(corpus: pd.DataFrame) -> str:
    """A digest of what a cleaning log depends on: each document's id and raw text, and the cleaning code and
    its data files (a changed rule makes the log again)."""
    from analysis.paths import RESOURCES

    digest = hashlib.sha256()
    for code in [*sorted(Path(__file__).parent.glob("*.py")), *sorted(RESOURCES.glob("*.t*"))]:  # .tsv, .txt
        digest.update(code.name.encode() + code.read_bytes())
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"], strict=True):
        digest.update(f"{doc_id}\x1f{len(raw)}\x1f".encode())
        digest.update(raw.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:24]

