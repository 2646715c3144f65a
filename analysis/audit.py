"""The audit check: does the cleaning log give back every raw file?

:func:`analysis.cleaning_log` records every span cleaning removed or rewrote; putting those spans back into
the cleaned text (:func:`analysis.rebuild_raw`) must give the raw text exactly. Notebook 01 shows the check
and its findings cite it.
"""

from __future__ import annotations

import pandas as pd

from analysis.clean import rebuild_raw


def rebuilds_raw(corpus: pd.DataFrame, log: pd.DataFrame) -> list[bool]:
    """One bool per document of ``corpus`` (in its order): whether its cleaned ``text`` with its entries of
    ``log`` put back is its ``raw_text``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "raw_text": ["[기자] AI", "본문"], "text": ["AI", "본"]})
    >>> log = pd.DataFrame({"doc_id": ["a"], "start": [0], "end": [5], "rule": ["byline"], "removed": ["[기자] "],
    ...                     "replacement": [""]})
    >>> rebuilds_raw(corpus, log)
    [True, False]
    """
    entries: dict = {}  # doc_id -> its log entries as tuples: read once, not a frame sliced per document
    columns = (log[c] for c in ("doc_id", "start", "end", "rule", "removed", "replacement"))
    for doc_id, *entry in zip(*columns, strict=True):
        entries.setdefault(doc_id, []).append(entry)
    return [rebuild_raw(text, entries.get(doc_id, ())) == raw
            for doc_id, text, raw in zip(corpus["doc_id"], corpus["text"], corpus["raw_text"], strict=True)]
