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
    rows_of = log.groupby("doc_id").indices  # doc_id -> row positions of its log entries
    return [rebuild_raw(text, log.iloc[rows_of.get(doc_id, [])]) == raw
            for doc_id, text, raw in zip(corpus["doc_id"], corpus["text"], corpus["raw_text"], strict=True)]
