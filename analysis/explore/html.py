"""The explorer's HTML: concordance lines, counts, a document with its audit log, theme evidence, a topic's
terms and documents.

Document text is data, never markup: everything a document contributes to a page goes through
:func:`html.escape`. A page of results is one HTML table, never one widget per line.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.labels import label

STYLE = """<style>
.kp-table {border-collapse: collapse; font-size: 13px; width: 100%;}
.kp-table td, .kp-table th {padding: 2px 6px; border-bottom: 1px solid #ddd; vertical-align: top;}
.kp-table th {text-align: left; background: #f4f4f4;}
.kp-concordance-table {table-layout: fixed;}
.kp-concordance-table td {white-space: nowrap; overflow: hidden;}
.kp-concordance-table td.kp-left {direction: rtl; text-align: right;}
.kp-concordance-table td.kp-left span {direction: ltr; unicode-bidi: embed;}
.kp-concordance-table td.kp-match {text-align: center;}
.kp-match mark, mark.kp-hit {background: #ffe08a; padding: 0 1px;}
.kp-text {white-space: pre-wrap; line-height: 1.6; font-size: 14px; max-height: 32em; overflow-y: auto;
          border: 1px solid #ddd; padding: 8px;}
del.kp-removed {color: #b2182b; background: #fde0dd; text-decoration: line-through;}
.kp-bar {display: inline-block; height: 10px; background: #4477aa;}
.kp-note {color: #555; font-size: 12px;}
.kp-error {color: #b2182b;}
.kp-unstable {color: #b2182b; font-weight: bold;}
</style>"""


def escaped(value) -> str:
    """Escaped text of a value for HTML (``None`` and NaN as empty)."""
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else html.escape(str(value))


def concordance_html(lines: pd.DataFrame, first_number: int = 1) -> str:
    """One escaped HTML table of concordance lines (numbered from ``first_number``), the match marked."""
    head = ("<colgroup><col style='width:3em'><col style='width:11em'><col style='width:6.5em'><col>"
            "<col style='width:9em'><col></colgroup>"
            "<tr><th>#</th><th>document</th><th>date</th><th class='kp-left'>left</th><th>match</th>"
            "<th>right</th></tr>")
    body = [
        f"<tr class='kp-line' data-doc='{escaped(r.doc_id)}' data-start='{int(r.start)}'><td>{n}</td>"
        f"<td>{escaped(r.doc_id)}<br><span class='kp-note'>{escaped(r.publisher)}</span></td>"
        f"<td>{escaped(r.published)}</td><td class='kp-left'><span>{escaped(r.left)}</span></td>"
        f"<td class='kp-match'><mark>{escaped(r.match)}</mark></td>"
        f"<td class='kp-right'>{escaped(r.right)}</td></tr>"
        for n, r in enumerate(lines.itertuples(index=False), start=first_number)
    ]
    return f"<table class='kp-table kp-concordance-table'>{head}{''.join(body)}</table>"


def table_html(frame: pd.DataFrame, css: str = "kp-table") -> str:
    """A small escaped HTML table of a DataFrame (no index)."""
    head = "".join(f"<th>{escaped(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{escaped(v)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table class='{css}'><tr>{head}</tr>{body}</table>"


def topic_terms_html(terms: pd.DataFrame) -> str:
    """A topic's top terms (rank, term, phi, relevance: rows of :meth:`analysis.topics.TopicModel.topic_terms`)
    as one escaped table, headed in the reader's language.

    Examples
    --------
    >>> terms = pd.DataFrame({"rank": [1], "term": ["<데이터>"], "phi": [0.05472], "relevance": [-1.483381]})
    >>> topic_terms_html(terms)   # doctest: +ELLIPSIS
    "<table class='kp-table kp-topic-terms-table'><tr><th>rank</th><th>term</th>...<td>&lt;데이터&gt;</td>..."
    """
    shown = terms[["rank", "term", "phi", "relevance"]]
    return table_html(shown.rename(columns={c: label(f"explore.column_{c}") for c in shown.columns}),
                      "kp-table kp-topic-terms-table")


def topic_documents_html(documents: pd.DataFrame) -> str:
    """The documents with a topic's highest share (rank, doc_id, title, share: rows of
    :meth:`analysis.topics.TopicModel.top_documents`) as one escaped table, headed in the reader's language.

    Examples
    --------
    >>> documents = pd.DataFrame({"rank": [1], "doc_id": ["a"], "title": ["<b>AI</b> 정책"], "share": [0.8131]})
    >>> topic_documents_html(documents)   # doctest: +ELLIPSIS
    "<table class='kp-table kp-topic-docs-table'>...<td>&lt;b&gt;AI&lt;/b&gt; 정책</td><td>0.8131</td></tr></table>"
    """
    shown = documents[["rank", "doc_id", "title", "share"]].rename(columns={"doc_id": "document"})
    return table_html(shown.rename(columns={c: label(f"explore.column_{c}") for c in shown.columns}),
                      "kp-table kp-topic-docs-table")


def counts_html(by_document: pd.DataFrame, by_month: pd.Series) -> str:
    """Hit counts by document (top rows) and by month (with a bar each), escaped."""
    peak = max(int(by_month.max()), 1) if len(by_month) else 1
    months = "".join(
        f"<tr><td>{escaped(month)}</td><td>{int(n)}</td><td><span class='kp-bar' style='width:{120 * n // peak}px'>"
        f"</span></td></tr>" for month, n in by_month.items())
    return (f"<div style='display:flex; gap:2em; align-items:flex-start'>"
            f"<div style='flex:3'><b>Hits by document</b> (top {len(by_document)}){table_html(by_document)}</div>"
            f"<div style='flex:2'><b>Hits by month</b><table class='kp-table kp-months'><tr><th>month</th>"
            f"<th>hits</th><th></th></tr>{months}</table></div></div>")


def _marked(text: str, spans: Sequence[tuple[int, int]], insertions: dict[int, list[str]] | None = None,
            mark_class: str = "kp-hit") -> str:
    """``text`` escaped, the ``spans`` wrapped in ``<mark>``, ready-made HTML ``insertions`` put before
    the character at their offset (offsets at ``len(text)`` go at the end)."""
    insertions = insertions or {}
    cuts = {0, len(text), *insertions}
    for start, end in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(cuts)
    pieces = []
    for a, b in zip(cuts, cuts[1:] + [None], strict=True):
        pieces.extend(insertions.get(a, []))
        if b is None or b <= a:
            continue
        chunk = html.escape(text[a:b])
        inside = any(start <= a and b <= end for start, end in spans)
        pieces.append(f"<mark class='{mark_class}'>{chunk}</mark>" if inside else chunk)
    return "".join(pieces)


def visible_edit(removed: str, replacement: str) -> bool:
    """Whether a log entry changed what a reader sees (whitespace-only rewrites such as line endings or a
    non-breaking space made a space did not)."""
    return removed.strip() != "" and removed != replacement


def document_html(text: str, log: pd.DataFrame | Sequence | None = None,
                  highlights: Sequence[tuple[int, int]] = (), show_removed: bool = False,
                  only_visible: bool = True) -> str:
    """The cleaned ``text`` as escaped HTML, ``highlights`` (offsets in ``text``) marked and, with
    ``show_removed``, every visible span cleaning removed put back where it was, struck through, its rule
    in the tooltip (``<del class="kp-removed" title="rule">``).

    ``log`` holds (start, end, rule, removed, replacement) entries of this document in raw-text offsets, as
    :func:`analysis.cleaning_log` gives them; it is walked as :func:`analysis.rebuild_raw` walks it: the
    cleaned text between two entries is the raw text between them, and an entry's replacement stands in
    the cleaned text where its removed span stood. Whitespace-only rewrites are shown only with
    ``only_visible=False`` (:func:`visible_edit`).

    Examples
    --------
    >>> log = [(0, 5, "byline", "[기자] ", ""), (10, 11, "x", "!", ".")]
    >>> document_html("AI 정책.", log, show_removed=True)
    '<del class="kp-removed" title="byline">[기자] </del>AI 정책<del class="kp-removed" title="x">!</del>.'
    """
    insertions: dict[int, list[str]] = {}
    if show_removed and log is not None:
        if isinstance(log, pd.DataFrame):
            log = log[["start", "end", "rule", "removed", "replacement"]].itertuples(index=False)
        shift = 0  # cleaned offset = raw offset - shift
        for start, end, rule, removed, replacement in sorted(log, key=lambda r: (r[0], r[1])):
            at = start - shift
            if not only_visible or visible_edit(removed, replacement):
                insertions.setdefault(at, []).append(
                    f'<del class="kp-removed" title="{html.escape(rule)}">{html.escape(removed)}</del>')
            shift += (end - start) - len(replacement)
    return _marked(text, highlights, insertions)


def evidence_html(evidence: pd.DataFrame, hits: pd.DataFrame, sents: pd.DataFrame) -> str:
    """The sentences behind a theme score, the text its keywords matched marked, escaped.

    ``evidence`` comes from :func:`analysis.theme_evidence` (doc_id, sent_id, keywords, sentence), ``hits``
    are that document's and theme's hit rows (start, end in ``text``), ``sents`` the document's sentences
    with their start offsets (:func:`analysis.sentences`).
    """
    if evidence.empty:
        return "<p class='kp-note'>No sentence of this document matches this theme's keywords.</p>"
    starts = sents.set_index("sent_id")["start"]
    rows = []
    for sent_id, keywords, sentence in evidence[["sent_id", "keywords", "sentence"]].itertuples(index=False):
        s0 = int(starts.loc[sent_id])
        spans = [(a - s0, b - s0) for a, b in hits.loc[hits["sent_id"] == sent_id, ["start", "end"]].itertuples(
            index=False)]
        rows.append(f"<tr><td>{int(sent_id)}</td><td>{_marked(sentence, spans)}</td><td>{escaped(keywords)}</td></tr>")
    return ("<table class='kp-table kp-evidence-table'><tr><th>sentence</th><th>text</th><th>keywords</th></tr>"
            + "".join(rows) + "</table>")
