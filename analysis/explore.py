"""Explore a corpus in JupyterLab: from a count to its lines, from a line to its document.

``analysis.explore(corpus, tokens)`` returns one ipywidgets ``Tab`` with four panels, each usable alone:

- :class:`Concordance` -- a search box (canonical term, word form or regular expression), filters by
  publisher, document type and date range, context width, hit counts by document and by month, sorting
  by left or right context (as KH Coder and AntConc do), paged results and a CSV export;
- :class:`DocumentViewer` -- the cleaned text of a document with the match highlighted and, switched on,
  what cleaning removed shown in place (struck through, the rule on hover), beside its metadata and
  import notes;
- :class:`ThemeEvidence` -- a document's theme scores and the sentences behind one theme's score, with
  the matching keywords marked;
- :class:`KeywordNetwork` -- notebook 06's co-occurrence network as an ipysigma graph; clicking a term
  lists its neighbours and its concordance lines.

The logic under the widgets is plain functions over DataFrames (:class:`ConcordanceIndex`,
:func:`concordance_lines`, :func:`concordance_html`, :func:`document_html`, :func:`evidence_html`), tested
without a browser. Document text is data, never markup: everything a document contributes to a page goes
through :func:`html.escape`. A page of results is one HTML table, never one widget per line.

Every widget carries CSS classes starting with ``kp-`` (``kp-concordance``, ``kp-query``, ``kp-doc-text``
...), the stable selectors the browser test uses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean import clean_text
from analysis.corpus import import_report
from analysis.lexicon import Lexicon, canonical_term, load_lexicon
from analysis.tokens import sentences

MODES = ("term", "form", "regex")
SORTS = ("document", "left", "right")
PAGE_SIZE = 25
MAX_REGEX_HITS = 100_000  # a regular expression scans the texts; it stops after this many matches

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
</style>"""


# --------------------------------------------------------------------------------------------------
# the index: built once, searched per keystroke


class ConcordanceIndex:
    """Token positions of every canonical term and every word form, and the documents' metadata as arrays.

    Built once from the token table (a few seconds on millions of tokens); a search is then a dictionary
    look-up and a slice of an integer array, so it does not grow with the corpus.

    Parameters
    ----------
    corpus : a DataFrame from :func:`analysis.load_corpus`.
    tokens : its token table from :func:`analysis.tokenize`.
    lexicon : the lexicon the tokens were made with (for canonical look-ups); the project lexicon by default.

    Examples
    --------
    >>> index = ConcordanceIndex(corpus, tokens)                 # doctest: +SKIP
    >>> index.search("과기정통부")[["doc_id", "start", "end"]]   # doctest: +SKIP
    """

    def __init__(self, corpus: pd.DataFrame, tokens: pd.DataFrame, lexicon: Lexicon | None = None):
        self.corpus = corpus.reset_index(drop=True)
        self.tokens = tokens
        self.lexicon = lexicon or load_lexicon()
        self.texts: list[str] = list(self.corpus["text"])
        self.doc_ids = pd.Index(self.corpus["doc_id"].astype(str))
        self.published = pd.to_datetime(self.corpus["published"], errors="coerce") if "published" in corpus \
            else pd.Series(pd.NaT, index=self.corpus.index)
        self.published_text = self.published.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
        self.month = self.published.dt.strftime("%Y-%m").fillna("undated").to_numpy(dtype=object)
        self.publisher = self._column("publisher")
        self.doc_type = self._column("doc_type")
        self.title = self._column("title", "")
        order = pd.DataFrame({"p": self.published, "d": self.doc_ids}).sort_values(["p", "d"], kind="stable")
        self.doc_rank = np.empty(len(self.corpus), dtype=np.int64)
        self.doc_rank[order.index.to_numpy()] = np.arange(len(self.corpus))
        codes, uniques = pd.factorize(tokens["doc_id"])
        positions = self.doc_ids.get_indexer(pd.Index(uniques).astype(str))
        if (positions < 0).any():
            missing = pd.Index(uniques)[positions < 0][:3].tolist()
            raise ValueError(f"tokens name documents the corpus does not have: {missing}")
        self.token_doc = positions[codes].astype(np.int64)
        self.token_start = tokens["start"].to_numpy(dtype=np.int64)
        self.token_end = tokens["end"].to_numpy(dtype=np.int64)
        self.term_rows = _positions_by_value(tokens["term"])
        self.form_rows = _positions_by_value(tokens["form"])
        self.doc_rows = _positions_by_value(pd.Series(self.token_doc))

    def _column(self, name: str, default: str = "unknown") -> np.ndarray:
        if name not in self.corpus:
            return np.full(len(self.corpus), default, dtype=object)
        return self.corpus[name].fillna(default).astype(str).to_numpy(dtype=object)

    def canonical(self, query: str) -> str:
        """The canonical term a query names: ``과기정통부`` -> ``과학기술정보통신부``."""
        query = query.strip()
        return canonical_term(query, "NNP", self.lexicon) or self.lexicon.aliases.get(query, query)

    def document_mask(self, publishers: Sequence[str] | None = None, doc_types: Sequence[str] | None = None,
                      date_from=None, date_to=None) -> np.ndarray:
        """Which documents pass the filters (an empty or None filter lets every document through; a
        document without a date passes only when no date bound is set)."""
        keep = np.ones(len(self.corpus), dtype=bool)
        if publishers:
            keep &= np.isin(self.publisher, list(publishers))
        if doc_types:
            keep &= np.isin(self.doc_type, list(doc_types))
        if date_from is not None:
            keep &= (self.published >= pd.Timestamp(date_from)).to_numpy()
        if date_to is not None:
            keep &= (self.published <= pd.Timestamp(date_to)).to_numpy()
        return keep

    def search(self, query: str, mode: str = "term", **filters) -> pd.DataFrame:
        """Every occurrence of ``query`` in the documents that pass ``filters`` (see :meth:`document_mask`).

        ``mode`` is ``term`` (canonical content term, so an alias finds its canonical form), ``form`` (the
        word form exactly as Kiwi cut it) or ``regex`` (a regular expression over the cleaned text; the
        only mode that scans the texts, and it stops after ``MAX_REGEX_HITS`` matches).

        Returns doc (row of the corpus), doc_id, start, end (offsets in ``text``), in document order
        (date, doc_id, offset).
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        keep = self.document_mask(**filters)
        query = query.strip()
        if not query:
            doc = start = end = np.empty(0, dtype=np.int64)
        elif mode == "regex":
            doc, start, end = self._regex(query, keep)
        else:
            rows = self.term_rows.get(self.canonical(query)) if mode == "term" else self.form_rows.get(query)
            rows = rows if rows is not None else np.empty(0, dtype=np.int64)
            doc = self.token_doc[rows]
            ok = keep[doc]
            doc, start, end = doc[ok], self.token_start[rows][ok], self.token_end[rows][ok]
        order = np.lexsort((start, self.doc_rank[doc]))
        doc, start, end = doc[order], start[order], end[order]
        return pd.DataFrame({"doc": doc, "doc_id": self.doc_ids.to_numpy()[doc], "start": start, "end": end})

    def _regex(self, query: str, keep: np.ndarray):
        try:
            pattern = re.compile(query)
        except re.error as error:
            raise ValueError(f"not a valid regular expression {query!r}: {error}") from None
        found: list[tuple[int, int, int]] = []
        for i in np.flatnonzero(keep):
            for m in pattern.finditer(self.texts[i]):
                if m.end() > m.start():
                    found.append((i, m.start(), m.end()))
            if len(found) >= MAX_REGEX_HITS:
                break
        array = np.array(found[:MAX_REGEX_HITS], dtype=np.int64).reshape(-1, 3)
        return array[:, 0], array[:, 1], array[:, 2]

    def counts_by_document(self, hits: pd.DataFrame, n: int = 10) -> pd.DataFrame:
        """The ``n`` documents with most hits: doc_id, title, publisher, hits (ties by document order)."""
        counts = np.bincount(hits["doc"].to_numpy(), minlength=len(self.corpus))
        docs = np.flatnonzero(counts)
        docs = docs[np.lexsort((self.doc_rank[docs], -counts[docs]))][:n]
        return pd.DataFrame({"doc_id": self.doc_ids.to_numpy()[docs], "title": self.title[docs],
                             "publisher": self.publisher[docs], "hits": counts[docs]})

    def counts_by_month(self, hits: pd.DataFrame) -> pd.Series:
        """Hits per calendar month of the documents' dates (``undated`` for documents without one)."""
        return pd.Series(self.month[hits["doc"].to_numpy()], dtype=object).value_counts().sort_index().rename("hits")

    def document_tokens(self, doc: int) -> pd.DataFrame:
        """The token rows of one document (by corpus row)."""
        rows = self.doc_rows.get(doc)
        return self.tokens.iloc[rows if rows is not None else []]


def _positions_by_value(values: pd.Series) -> dict:
    """value -> the row positions holding it (ascending), from one factorize and one stable sort."""
    codes, uniques = pd.factorize(values)
    valid = codes >= 0
    order = np.flatnonzero(valid)[np.argsort(codes[valid], kind="stable")]
    bounds = np.r_[0, np.cumsum(np.bincount(codes[valid], minlength=len(uniques)))]
    return {value: order[bounds[i]:bounds[i + 1]] for i, value in enumerate(uniques)}


# --------------------------------------------------------------------------------------------------
# lines and their HTML


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def concordance_lines(index: ConcordanceIndex, hits: pd.DataFrame, width: int = 40, sort: str = "document",
                      page: int | None = None, page_size: int = PAGE_SIZE) -> pd.DataFrame:
    """KWIC lines of ``hits``: doc_id, published, publisher, start, end, left, match, right.

    ``width`` characters either side (line breaks shown as spaces). ``sort``: ``document`` (date, doc_id,
    offset), ``left`` (by the context nearest the match, read right to left: AntConc's L1, L2 ...) or
    ``right`` (R1, R2 ...); ties by document order. ``page`` (0-based) returns only that page of
    ``page_size`` lines; in document order only that page's contexts are cut from the texts.

    Examples
    --------
    >>> lines = concordance_lines(index, index.search("데이터"), sort="right", page=0)   # doctest: +SKIP
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    rows = hits.reset_index(drop=True)
    if sort == "document" and page is not None:
        rows = rows.iloc[page * page_size:(page + 1) * page_size]
    texts = index.texts
    triples = zip(rows["doc"], rows["start"], rows["end"], strict=True)
    cut = [(texts[d][max(0, s - width):s], texts[d][s:e], texts[d][e:e + width]) for d, s, e in triples]
    left, match, right = (list(column) for column in zip(*cut, strict=True)) if cut else ([], [], [])
    lines = rows.assign(left=[_one_line(x) for x in left], match=match, right=[_one_line(x) for x in right])
    if sort != "document":
        key = lines["left"].str[::-1] if sort == "left" else lines["right"]
        lines = lines.assign(_key=key.str.strip()).sort_values("_key", kind="stable").drop(columns="_key")
        if page is not None:
            lines = lines.iloc[page * page_size:(page + 1) * page_size]
    docs = lines["doc"].to_numpy()
    lines = lines.assign(published=index.published_text[docs],
                         publisher=index.publisher[docs])
    return lines[["doc", "doc_id", "published", "publisher", "start", "end", "left", "match", "right"]]


def _e(value) -> str:
    """Escaped text of a value for HTML (``None`` and NaN as empty)."""
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else html.escape(str(value))


def concordance_html(lines: pd.DataFrame, first_number: int = 1) -> str:
    """One escaped HTML table of concordance lines (numbered from ``first_number``), the match marked."""
    head = ("<colgroup><col style='width:3em'><col style='width:11em'><col style='width:6.5em'><col>"
            "<col style='width:9em'><col></colgroup>"
            "<tr><th>#</th><th>document</th><th>date</th><th class='kp-left'>left</th><th>match</th>"
            "<th>right</th></tr>")
    body = [
        f"<tr class='kp-line' data-doc='{_e(r.doc_id)}' data-start='{int(r.start)}'><td>{n}</td>"
        f"<td>{_e(r.doc_id)}<br><span class='kp-note'>{_e(r.publisher)}</span></td><td>{_e(r.published)}</td>"
        f"<td class='kp-left'><span>{_e(r.left)}</span></td><td class='kp-match'><mark>{_e(r.match)}</mark></td>"
        f"<td class='kp-right'>{_e(r.right)}</td></tr>"
        for n, r in enumerate(lines.itertuples(index=False), start=first_number)
    ]
    return f"<table class='kp-table kp-concordance-table'>{head}{''.join(body)}</table>"


def _table_html(frame: pd.DataFrame, css: str = "kp-table") -> str:
    """A small escaped HTML table of a DataFrame (no index)."""
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table class='{css}'><tr>{head}</tr>{body}</table>"


def counts_html(by_document: pd.DataFrame, by_month: pd.Series) -> str:
    """Hit counts by document (top rows) and by month (with a bar each), escaped."""
    peak = max(int(by_month.max()), 1) if len(by_month) else 1
    months = "".join(
        f"<tr><td>{_e(month)}</td><td>{int(n)}</td><td><span class='kp-bar' style='width:{120 * n // peak}px'>"
        f"</span></td></tr>" for month, n in by_month.items())
    return (f"<div style='display:flex; gap:2em; align-items:flex-start'>"
            f"<div style='flex:3'><b>Hits by document</b> (top {len(by_document)}){_table_html(by_document)}</div>"
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
        rows.append(f"<tr><td>{int(sent_id)}</td><td>{_marked(sentence, spans)}</td><td>{_e(keywords)}</td></tr>")
    return ("<table class='kp-table kp-evidence-table'><tr><th>sentence</th><th>text</th><th>keywords</th></tr>"
            + "".join(rows) + "</table>")


# --------------------------------------------------------------------------------------------------
# widgets


def _widgets():
    import ipywidgets

    return ipywidgets


def _classed(widget, *classes: str):
    for css in classes:
        widget.add_class(css)
    return widget


class Concordance:
    """The concordance panel: search box, filters, counts, one page of lines as one HTML table, CSV export.

    ``widget`` is the ipywidgets box to display; :meth:`search` runs a query as the search box does.
    ``on_open(doc_id, start, end)`` is called when a line is chosen in the line list.
    """

    def __init__(self, index: ConcordanceIndex, on_open: Callable[[str, int, int], None] | None = None,
                 export_dir: str | Path = ".", page_size: int = PAGE_SIZE):
        w = _widgets()
        self.index, self.on_open, self.export_dir, self.page_size = index, on_open, Path(export_dir), page_size
        self._setting = False  # True while search() sets the box itself: its change must not search again
        self.hits = index.search("")
        self.lines = pd.DataFrame()
        self.page = 0
        publishers = sorted(set(index.publisher))
        doc_types = sorted(set(index.doc_type))
        self.query = _classed(w.Text(placeholder="term, word form or regular expression", description="search",
                                     continuous_update=False), "kp-query")
        self.mode = _classed(w.ToggleButtons(options=list(MODES), value="term", description="as",
                                             style={"button_width": "5em"}), "kp-mode")
        self.sort = _classed(w.Dropdown(options=[("document order", "document"), ("left context", "left"),
                                                 ("right context", "right")], description="sort by"), "kp-sort")
        self.width = _classed(w.IntSlider(value=40, min=10, max=200, step=10, description="context"), "kp-width")
        self.publishers = _classed(w.SelectMultiple(options=publishers, rows=min(6, max(2, len(publishers))),
                                                    description="publisher"), "kp-publishers")
        self.doc_types = _classed(w.SelectMultiple(options=doc_types, rows=min(4, max(2, len(doc_types))),
                                                   description="type"), "kp-doc-types")
        self.date_from = _classed(w.DatePicker(description="from"), "kp-date-from")
        self.date_to = _classed(w.DatePicker(description="to"), "kp-date-to")
        self.status = _classed(w.HTML(), "kp-status")
        self.table = _classed(w.HTML(), "kp-concordance-lines")
        self.counts = _classed(w.HTML(), "kp-counts")
        self.line_choice = _classed(w.Select(options=[], rows=6, description="open line",
                                             layout=w.Layout(width="95%")), "kp-line-select")
        self.previous = _classed(w.Button(description="◀ previous", layout=w.Layout(width="auto")), "kp-previous")
        self.next = _classed(w.Button(description="next ▶", layout=w.Layout(width="auto")), "kp-next")
        self.export = _classed(w.Button(description="export CSV", icon="download"), "kp-export")
        self.export_note = _classed(w.HTML(), "kp-export-note")
        for control in (self.query, self.mode, self.publishers, self.doc_types, self.date_from, self.date_to):
            control.observe(self._changed, names="value")
        for control in (self.sort, self.width):
            control.observe(lambda _change: self.show_page(0), names="value")
        self.previous.on_click(lambda _b: self.show_page(self.page - 1))
        self.next.on_click(lambda _b: self.show_page(self.page + 1))
        self.export.on_click(lambda _b: self.export_csv())
        self.line_choice.observe(self._open_line, names="value")
        filters = w.HBox([self.publishers, self.doc_types, w.VBox([self.date_from, self.date_to])])
        pager = w.HBox([self.previous, self.next, self.export, self.export_note])
        self.widget = _classed(w.VBox([
            w.HTML(STYLE), w.HBox([self.query, self.mode]), filters, w.HBox([self.sort, self.width]),
            self.status, _classed(w.VBox([self.table, pager, self.line_choice]), "kp-lines-box"), self.counts,
        ]), "kp-concordance")
        self.show_page(0)

    def filters(self) -> dict:
        return {"publishers": list(self.publishers.value), "doc_types": list(self.doc_types.value),
                "date_from": self.date_from.value, "date_to": self.date_to.value}

    def _changed(self, _change) -> None:
        if not self._setting:
            self.search()

    def search(self, query: str | None = None, mode: str | None = None) -> pd.DataFrame:
        """Run a search, once (the box's query and mode unless given; giving them also sets the box)."""
        self._setting = True
        try:
            if mode is not None:
                self.mode.value = mode
            if query is not None:
                self.query.value = query
        finally:
            self._setting = False
        try:
            self.hits = self.index.search(self.query.value, self.mode.value, **self.filters())
            error = ""
        except ValueError as problem:
            self.hits, error = self.index.search(""), str(problem)
        self.show_page(0, error)
        return self.hits

    def show_page(self, page: int, error: str = "") -> None:
        """Render page ``page`` (0-based) of the current hits."""
        pages = max(1, -(-len(self.hits) // self.page_size))
        self.page = min(max(page, 0), pages - 1)
        self.lines = concordance_lines(self.index, self.hits, self.width.value, self.sort.value, self.page,
                                       self.page_size)
        first = self.page * self.page_size + 1
        query = self.query.value.strip()
        if error:
            self.status.value = f"<span class='kp-error'>{_e(error)}</span>"
        elif not query:
            self.status.value = "<span class='kp-note'>Type a term, a word form or a regular expression.</span>"
        else:
            canonical = self.index.canonical(query) if self.mode.value == "term" else query
            named = f" (canonical term <b>{_e(canonical)}</b>)" if canonical != query else ""
            docs = self.hits["doc"].nunique()
            shown = f"lines {first}-{first + len(self.lines) - 1}, " if len(self.lines) else ""
            self.status.value = (f"<span class='kp-hits'><b>{len(self.hits):,}</b> hits of <b>{_e(query)}</b>{named} "
                                 f"in {docs:,} documents; {shown}page {self.page + 1} of {pages}</span>")
        self.table.value = concordance_html(self.lines, first) if len(self.lines) else ""
        self.counts.value = counts_html(self.index.counts_by_document(self.hits), self.index.counts_by_month(
            self.hits)) if len(self.hits) else ""
        self.line_choice.options = [
            (f"{n}  {r.doc_id}  …{r.left[-15:]}[{r.match}]{r.right[:15]}…", n - first)
            for n, r in enumerate(self.lines.itertuples(index=False), start=first)]
        self.line_choice.value = None
        self.previous.disabled, self.next.disabled = self.page == 0, self.page >= pages - 1

    def _open_line(self, change) -> None:
        if change["new"] is None or self.on_open is None:
            return
        line = self.lines.iloc[change["new"]]
        self.on_open(str(line["doc_id"]), int(line["start"]), int(line["end"]))

    def all_lines(self) -> pd.DataFrame:
        """Every line of the current search, in the current order and context width."""
        return concordance_lines(self.index, self.hits, self.width.value, self.sort.value)

    def export_csv(self, path: str | Path | None = None) -> Path:
        """Write every line of the current search (filters, order and width as shown) to a UTF-8 CSV."""
        if path is None:
            stem = re.sub(r"[^\w-]+", "_", self.query.value.strip())[:40] or "lines"
            path = self.export_dir / f"concordance-{stem}.csv"
        path = Path(path)
        self.all_lines().drop(columns="doc").to_csv(path, index=False, encoding="utf-8-sig")
        self.export_note.value = f"<span class='kp-note'>{len(self.hits):,} lines written to {_e(path)}</span>"
        return path


def _doc_chooser(index: ConcordanceIndex, css: str, limit: int = 50):
    """A combobox of documents that offers, as one types, the first ``limit`` ids or titles containing
    the text (so 24,000 documents never become 24,000 options)."""
    w = _widgets()
    ids, titles = index.doc_ids.to_numpy(dtype=object), index.title

    def options(typed: str) -> list[str]:
        if not typed:
            return list(ids[:limit])
        found = [i for i, t in zip(ids, titles, strict=True) if typed in i or typed in t]
        return found[:limit]

    box = _classed(w.Combobox(options=options(""), placeholder="document id or words of its title",
                              description="document", ensure_option=False, layout=w.Layout(width="60%")), css)
    box.observe(lambda change: setattr(box, "options", options(change["new"])), names="value")
    return box


class DocumentViewer:
    """A document's cleaned text (match highlighted; optionally what cleaning removed, struck through) beside
    its metadata and import notes.

    ``log`` is the audit log of :func:`analysis.cleaning_log`; without one, a document's entries are
    recomputed from its raw text when it is opened (what the log would hold for it).
    """

    def __init__(self, index: ConcordanceIndex, log: pd.DataFrame | None = None):
        w = _widgets()
        self.index, self.log = index, log
        self._log_rows = log.groupby("doc_id").indices if log is not None and len(log) else {}
        report = import_report(index.corpus)
        self._notes = report.groupby("doc_id") if len(report) else None
        self.doc_id: str | None = None
        self.highlights: list[tuple[int, int]] = []
        self.choice = _doc_chooser(index, "kp-doc-choice")
        self.show_removed = _classed(w.Checkbox(value=False, description="show what cleaning removed",
                                                indent=False), "kp-show-removed")
        self.text = _classed(w.HTML(), "kp-doc-text")
        self.meta = _classed(w.HTML(), "kp-doc-meta")
        self.choice.observe(self._chosen, names="value")
        self.show_removed.observe(lambda _c: self._render(), names="value")
        self.widget = _classed(w.VBox([
            w.HTML(STYLE), w.HBox([self.choice, self.show_removed]),
            w.HBox([_classed(w.Box([self.text], layout=w.Layout(width="68%")), "kp-doc-text-box"),
                    _classed(w.Box([self.meta], layout=w.Layout(width="30%")), "kp-doc-meta-box")]),
        ]), "kp-document")

    def _chosen(self, change) -> None:
        if change["new"] in self.index.doc_ids and change["new"] != self.doc_id:
            self.show(change["new"])

    def entries(self, doc_id: str) -> pd.DataFrame:
        """This document's audit-log entries (raw-text offsets)."""
        if self.log is not None:
            rows = self._log_rows.get(doc_id)
            return self.log.iloc[rows if rows is not None else []]
        raw = self.index.corpus.at[self.index.doc_ids.get_loc(doc_id), "raw_text"]
        return pd.DataFrame(clean_text(raw)[1], columns=["start", "end", "rule", "removed", "replacement"])

    def show(self, doc_id: str, highlights: Sequence[tuple[int, int]] = ()) -> None:
        """Open ``doc_id`` with ``highlights`` (offsets in the cleaned text) marked."""
        if doc_id not in self.index.doc_ids:
            raise KeyError(f"no document {doc_id!r} in this corpus")
        self.doc_id, self.highlights = doc_id, list(highlights)
        if self.choice.value != doc_id:
            self.choice.value = doc_id
        self._render()

    def _render(self) -> None:
        if self.doc_id is None:
            self.text.value = "<p class='kp-note'>Choose a document, or a line of the concordance.</p>"
            return
        i = self.index.doc_ids.get_loc(self.doc_id)
        row = self.index.corpus.iloc[i]
        entries = self.entries(self.doc_id)
        body = document_html(row["text"], entries, self.highlights, self.show_removed.value)
        self.text.value = f"<div class='kp-text'>{body}</div>"
        fields = [(k, row[k]) for k in ("doc_id", "title", "published", "publisher", "doc_type", "file",
                                        "source_note") if k in row.index]
        shown = sum(visible_edit(r, p) for r, p in zip(entries["removed"], entries["replacement"], strict=True))
        fields += [("characters", f"{len(row['raw_text']):,} raw, {len(row['text']):,} cleaned"),
                   ("cleaning", f"{len(entries)} logged edits, {shown} of them visible")]
        meta = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v.date() if isinstance(v, pd.Timestamp) else v)}</td></tr>"
                       for k, v in fields)
        notes = ""
        if self._notes is not None and self.doc_id in self._notes.groups:
            found = self._notes.get_group(self.doc_id)
            notes = "<b>Import notes</b><ul>" + "".join(
                f"<li>{_e(a)}: {_e(r)}</li>" for a, r in zip(found["action"], found["reason"], strict=True)) + "</ul>"
        self.meta.value = f"<table class='kp-table kp-meta-table'>{meta}</table>{notes}"


class ThemeEvidence:
    """A document's theme scores and the sentences behind one theme's score, keywords marked.

    ``hits`` (from ``analysis.themes.theme_hits``) can be given for the whole corpus; otherwise a document's
    hits are computed when it is chosen (the same rows, for that document alone).
    """

    def __init__(self, index: ConcordanceIndex, hits: pd.DataFrame | None = None,
                 codebook: pd.DataFrame | None = None):
        from analysis.themes import load_codebook

        w = _widgets()
        self.index, self.hits = index, hits
        self.codebook = load_codebook(lexicon=index.lexicon) if codebook is None else codebook
        self._hit_rows = hits.groupby("doc_id").indices if hits is not None and len(hits) else {}
        labels = self.codebook.drop_duplicates("theme")
        self.choice = _doc_chooser(index, "kp-theme-doc")
        self.theme = _classed(w.Dropdown(options=list(zip(labels["label"], labels["theme"], strict=True)),
                                         description="theme"), "kp-theme")
        self.scores = _classed(w.HTML(), "kp-theme-scores")
        self.evidence = _classed(w.HTML(), "kp-evidence")
        self.choice.observe(lambda c: self.show(c["new"]) if c["new"] in index.doc_ids else None, names="value")
        self.theme.observe(lambda _c: self._render(), names="value")
        self.doc_id: str | None = None
        self.widget = _classed(w.VBox([w.HTML(STYLE), w.HBox([self.choice, self.theme]), self.scores,
                                       self.evidence]), "kp-themes")

    def document_hits(self, doc_id: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(corpus row, tokens, theme hits) of one document."""
        from analysis.themes import theme_hits

        i = self.index.doc_ids.get_loc(doc_id)
        corpus = self.index.corpus.iloc[[i]]
        tokens = self.index.document_tokens(i)
        if self.hits is not None:
            rows = self._hit_rows.get(doc_id)
            return corpus, tokens, self.hits.iloc[rows if rows is not None else []]
        return corpus, tokens, theme_hits(corpus, tokens, self.codebook)

    def show(self, doc_id: str, theme: str | None = None) -> None:
        """Show ``doc_id``'s scores and (``theme`` or the selected theme's) evidence."""
        self.doc_id = doc_id
        if self.choice.value != doc_id:
            self.choice.value = doc_id
        if theme is not None and theme != self.theme.value:
            self.theme.value = theme  # observed: renders
            return
        self._render()

    def _render(self) -> None:
        from analysis.themes import theme_evidence, theme_scores

        if self.doc_id is None:
            return
        corpus, tokens, hits = self.document_hits(self.doc_id)
        scores = theme_scores(corpus, tokens, self.codebook, hits=hits)
        shown = scores[["theme", "hits", "sentences", "share", "per_1000_terms"]]
        self.scores.value = f"<b>Theme scores of {_e(self.doc_id)}</b>{_table_html(shown)}"
        theme = self.theme.value
        evidence = theme_evidence(corpus, tokens, self.doc_id, theme, hits=hits, codebook=self.codebook)
        chosen = hits[hits["theme"] == theme]
        self.evidence.value = (f"<b>Sentences behind {_e(theme)}</b>"
                               + evidence_html(evidence, chosen, sentences(corpus, tokens)))


class KeywordNetwork:
    """Notebook 06's co-occurrence network (:func:`analysis.network.keyword_network` within sentences) as an
    ipysigma graph; choosing a term lists its neighbours and its concordance lines.

    Without ``graph`` the network is built the first time :meth:`build` is called (the explorer calls it
    when its tab is opened): on a large corpus it takes a while.
    """

    def __init__(self, index: ConcordanceIndex, graph=None, concordance: Concordance | None = None):
        w = _widgets()
        self.index, self.graph, self.concordance = index, graph, concordance
        self.holder = _classed(w.Box(), "kp-network-graph")
        self.neighbours = _classed(w.HTML(), "kp-neighbours")
        self.lines = _classed(w.HTML(), "kp-network-lines")
        self.sigma = None
        self.widget = _classed(w.VBox([w.HTML(STYLE), self.holder, self.neighbours, self.lines]), "kp-network")
        self.neighbours.value = "<p class='kp-note'>The network is drawn when this tab is first opened.</p>"
        if graph is not None:
            self.build()

    def build(self) -> None:
        """Build (once) the graph and its ipysigma view."""
        if self.sigma is not None:
            return
        import networkx as nx
        from ipysigma import Sigma

        from analysis.network import communities, keyword_network

        if self.graph is None:
            _, self.graph = keyword_network(self.index.tokens, len(self.index.corpus), unit="sent_id")
        graph = self.graph
        if graph.number_of_nodes() == 0:
            self.neighbours.value = "<p class='kp-note'>No term pair co-occurs often enough for a network.</p>"
            return
        community = communities(graph) if graph.number_of_edges() else dict.fromkeys(graph.nodes, 0)
        layout = nx.spring_layout(graph, seed=42, weight="weight")
        positions = {node: {"x": float(x), "y": float(y)} for node, (x, y) in layout.items()}
        self.sigma = Sigma(graph, layout=positions, node_size="frequency", node_color=community,
                           edge_size="weight", height=500, label_font="NanumGothic, sans-serif",
                           show_all_labels=True)
        self.sigma.add_class("kp-sigma")
        self.sigma.observe(lambda change: self.select(change["new"]), names="selected_node")
        self.holder.children = [self.sigma]
        self.neighbours.value = "<p class='kp-note'>Click a term to see its neighbours and its lines.</p>"

    def select(self, term: str | None) -> None:
        """Show ``term``'s neighbours (by edge weight) and the first page of its concordance."""
        if term is None or self.graph is None or term not in self.graph:
            return
        near = sorted(((data.get("weight", 0.0), other) for other, data in self.graph[term].items()),
                      key=lambda x: (-x[0], x[1]))
        table = pd.DataFrame([(o, round(wt, 4), self.graph[term][o].get("count", "")) for wt, o in near],
                             columns=["neighbour", "jaccard", "sentences"])
        self.neighbours.value = f"<b>{_e(term)}</b>: {len(near)} neighbours{_table_html(table)}"
        if self.concordance is not None:
            self.concordance.search(term, mode="term")
            self.lines.value = self.concordance.status.value + self.concordance.table.value
        else:
            hits = self.index.search(term)
            self.lines.value = concordance_html(concordance_lines(self.index, hits, page=0))


class Explorer:
    """The four panels in one ``Tab``; ``widget`` is what to display (an ``Explorer`` displays itself)."""

    TITLES = ("Concordance", "Document", "Theme evidence", "Keyword network")

    def __init__(self, corpus: pd.DataFrame, tokens: pd.DataFrame, log: pd.DataFrame | None = None,
                 hits: pd.DataFrame | None = None, graph=None, lexicon: Lexicon | None = None,
                 export_dir: str | Path = "."):
        w = _widgets()
        self.index = ConcordanceIndex(corpus, tokens, lexicon)
        self.document = DocumentViewer(self.index, log)
        self.concordance = Concordance(self.index, on_open=self.open_document, export_dir=export_dir)
        self.themes = ThemeEvidence(self.index, hits)
        self.network = KeywordNetwork(self.index, graph, self.concordance)
        panels = [self.concordance.widget, self.document.widget, self.themes.widget, self.network.widget]
        self.widget = _classed(w.Tab(children=panels, titles=self.TITLES), "kp-explorer")
        self.widget.observe(self._tab, names="selected_index")

    def _tab(self, change) -> None:
        if change["new"] == 3:
            self.network.build()

    def open_document(self, doc_id: str, start: int | None = None, end: int | None = None) -> None:
        """Show ``doc_id`` in the document tab, ``start:end`` highlighted, and its theme scores."""
        self.document.show(doc_id, [(start, end)] if start is not None else [])
        self.themes.show(doc_id)
        self.widget.selected_index = 1

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explore(corpus: pd.DataFrame, tokens: pd.DataFrame, log: pd.DataFrame | None = None,
            hits: pd.DataFrame | None = None, graph=None, lexicon: Lexicon | None = None) -> Explorer:
    """An interactive explorer of ``corpus``: concordance, document viewer, theme evidence, keyword network.

    Parameters
    ----------
    corpus, tokens : from :func:`analysis.load_corpus` and :func:`analysis.tokenize`.
    log : the audit log of :func:`analysis.cleaning_log`; by default a document's entries are recomputed
        from its raw text when it is opened.
    hits : theme hits (``analysis.themes.theme_hits``); by default computed per document when it is chosen.
    graph : a co-occurrence graph (:func:`analysis.cooccurrence_graph`); by default built as in notebook 06
        when the network tab is first opened.
    lexicon : the lexicon the tokens were made with.

    Returns
    -------
    Explorer, whose ``widget`` (an ipywidgets ``Tab``) a notebook displays; ``explorer.concordance``,
    ``explorer.document``, ``explorer.themes`` and ``explorer.network`` are the panels.

    Examples
    --------
    >>> explorer = analysis.explore(corpus, tokens, log=analysis.cleaning_log(corpus))   # doctest: +SKIP
    >>> explorer.concordance.search("과기정통부")                                          # doctest: +SKIP
    >>> explorer                                                                          # doctest: +SKIP
    """
    return Explorer(corpus, tokens, log=log, hits=hits, graph=graph, lexicon=lexicon)
