"""The explorer's widgets: the concordance, document viewer, theme evidence, keyword network and topic panels,
and :func:`explore`, which puts them in one ``Tab``.

Every widget carries CSS classes starting with ``kp-`` (``kp-concordance``, ``kp-query``, ``kp-doc-text``
...), the stable selectors the browser test uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.clean import clean_text
from analysis.corpus import import_report, raw_texts
from analysis.explore.html import (
    STYLE,
    concordance_html,
    counts_html,
    document_html,
    escaped,
    evidence_html,
    table_html,
    topic_documents_html,
    topic_terms_html,
    visible_edit,
)
from analysis.explore.index import MODES, PAGE_SIZE, ConcordanceIndex, concordance_lines
from analysis.labels import label
from analysis.lexicon import Lexicon
from analysis.token_store import TokenStore
from analysis.tokens import sentences
from analysis.topics import LABEL_LAMBDA, STABILITY_SEEDS, TOP_TERMS, TopicModel

ISO_DATE = "YYYY-MM-DD"  # how a date filter is typed, in every language

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
        self.query = _classed(w.Text(placeholder=label("explore.search_placeholder"),
                                     description=label("explore.search"), continuous_update=False), "kp-query")
        self.mode = _classed(w.ToggleButtons(options=list(MODES), value="term", description=label("explore.as"),
                                             style={"button_width": "5em"}), "kp-mode")
        self.sort = _classed(w.Dropdown(options=[(label(f"explore.sort_{order}"), order)
                                                 for order in ("document", "left", "right")],
                                        description=label("explore.sort_by")), "kp-sort")
        self.width = _classed(w.IntSlider(value=40, min=10, max=200, step=10, description=label("explore.context")),
                              "kp-width")
        self.publishers = _classed(w.SelectMultiple(options=publishers, rows=min(6, max(2, len(publishers))),
                                                    description=label("explore.publisher")), "kp-publishers")
        self.doc_types = _classed(w.SelectMultiple(options=doc_types, rows=min(4, max(2, len(doc_types))),
                                                   description=label("explore.type")), "kp-doc-types")
        # dates are typed as YYYY-MM-DD in every language (a date picker shows the browser's own order, mm/dd/yyyy)
        self.date_from = _classed(w.Text(description=label("explore.date_from"),
                                         placeholder=ISO_DATE, continuous_update=False),
                                  "kp-date-from")
        self.date_to = _classed(w.Text(description=label("explore.date_to"),
                                       placeholder=ISO_DATE, continuous_update=False),
                                "kp-date-to")
        self.status = _classed(w.HTML(), "kp-status")
        self.table = _classed(w.HTML(), "kp-concordance-lines")
        self.counts = _classed(w.HTML(), "kp-counts")
        self.line_choice = _classed(w.Select(options=[], rows=6, description=label("explore.open_line"),
                                             layout=w.Layout(width="95%")), "kp-line-select")
        self.previous = _classed(w.Button(description=label("explore.previous"), layout=w.Layout(width="auto")),
                                 "kp-previous")
        self.next = _classed(w.Button(description=label("explore.next"), layout=w.Layout(width="auto")), "kp-next")
        self.export = _classed(w.Button(description=label("explore.export"), icon="download"), "kp-export")
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
                "date_from": typed_date(self.date_from.value), "date_to": typed_date(self.date_to.value)}

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
            self.status.value = f"<span class='kp-error'>{escaped(error)}</span>"
        elif not query:
            self.status.value = f"<span class='kp-note'>{label('explore.type_a_query')}</span>"
        else:
            canonical = self.index.canonical(query) if self.mode.value == "term" else query
            named = label("explore.canonical", term=escaped(canonical)) if canonical != query else ""
            docs = self.hits["doc"].nunique()
            last = first + len(self.lines) - 1
            shown = label("explore.lines_shown", first=first, last=last) if len(self.lines) else ""
            self.status.value = "<span class='kp-hits'>" + label(
                "explore.hits", hits=f"{len(self.hits):,}", query=escaped(query), named=named, documents=f"{docs:,}",
                shown=shown, page=self.page + 1, pages=pages) + "</span>"
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
        written = label("explore.written", lines=f"{len(self.hits):,}", path=escaped(path))
        self.export_note.value = f"<span class='kp-note'>{written}</span>"
        return path


def typed_date(value: str):
    """A date typed as ``YYYY-MM-DD`` (the explorer's date filters, in every language), or None when blank;
    ``ValueError`` in the reader's language otherwise.

    Examples
    --------
    >>> typed_date(" 2023-02-07 "), typed_date("")
    (datetime.date(2023, 2, 7), None)
    """
    import datetime as dt

    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(label("explore.bad_date", value=value)) from None


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

    box = _classed(w.Combobox(options=options(""), placeholder=label("explore.document_placeholder"),
                              description=label("explore.document"), ensure_option=False,
                              layout=w.Layout(width="60%")), css)
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
        self._raw_texts: dict[str, str] = {}  # the documents opened so far
        report = import_report(index.corpus)
        self._notes = report.groupby("doc_id") if len(report) else None
        self.doc_id: str | None = None
        self.highlights: list[tuple[int, int]] = []
        self.choice = _doc_chooser(index, "kp-doc-choice")
        self.show_removed = _classed(w.Checkbox(value=False, description=label("explore.show_removed"),
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
        return pd.DataFrame(clean_text(self.raw_text(doc_id))[1], columns=["start", "end", "rule", "removed",
                                                                          "replacement"])

    def raw_text(self, doc_id: str) -> str:
        """The document's raw text: from the corpus, or read from the corpus cache for a corpus held without it
        (:func:`analysis.corpus.raw_texts`)."""
        if doc_id not in self._raw_texts:
            self._raw_texts[doc_id] = raw_texts(self.index.source, [doc_id]).iloc[0]
        return self._raw_texts[doc_id]

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
            self.text.value = f"<p class='kp-note'>{label('explore.choose_document')}</p>"
            return
        i = self.index.doc_ids.get_loc(self.doc_id)
        row = self.index.corpus.iloc[i]
        entries = self.entries(self.doc_id)
        text = self.index.texts_at([i])[i]
        body = document_html(text, entries, self.highlights, self.show_removed.value)
        self.text.value = f"<div class='kp-text'>{body}</div>"
        fields = [(k, row[k]) for k in ("doc_id", "title", "published", "publisher", "doc_type", "file",
                                        "source_note") if k in row.index]
        shown = sum(visible_edit(r, p) for r, p in zip(entries["removed"], entries["replacement"], strict=True))
        raw_chars = len(self.raw_text(self.doc_id))
        fields += [(label("explore.characters"), label("explore.characters_value", raw=f"{raw_chars:,}",
                                                        clean=f"{len(text):,}")),
                   (label("explore.cleaning"), label("explore.cleaning_value", edits=len(entries), visible=shown))]
        meta = "".join(f"<tr><th>{escaped(k)}</th>"
                       f"<td>{escaped(v.date() if isinstance(v, pd.Timestamp) else v)}</td></tr>" for k, v in fields)
        notes = ""
        if self._notes is not None and self.doc_id in self._notes.groups:
            found = self._notes.get_group(self.doc_id)
            notes = f"<b>{label('explore.import_notes')}</b><ul>" + "".join(
                f"<li>{escaped(a)}: {escaped(r)}</li>"
                for a, r in zip(found["action"], found["reason"], strict=True)) + "</ul>"
        self.meta.value = f"<table class='kp-table kp-meta-table'>{meta}</table>{notes}"


class ThemeEvidence:
    """A document's theme scores and the sentences behind one theme's score, keywords marked.

    ``hits`` (from ``analysis.themes.theme_hits``) can be given for the whole corpus; otherwise a document's
    hits are computed when it is chosen (the same rows, for that document alone). A corpus whose lexicon has
    no codebook (``lexicon.codebook is None``: the defaults hold none) gets a tab that says so, with no themes.
    """

    def __init__(self, index: ConcordanceIndex, hits: pd.DataFrame | None = None,
                 codebook: pd.DataFrame | None = None):
        from analysis.themes import load_codebook

        w = _widgets()
        self.index, self.hits = index, hits
        if codebook is None and index.lexicon.codebook is not None:
            codebook = load_codebook(lexicon=index.lexicon)
        self.codebook = codebook  # None: no codebook, no themes to score
        self._hit_rows = hits.groupby("doc_id").indices if hits is not None and len(hits) else {}
        themes = codebook if codebook is not None else pd.DataFrame(columns=["theme", "label"])
        labels = themes.drop_duplicates("theme")
        self.choice = _doc_chooser(index, "kp-theme-doc")
        self.theme = _classed(w.Dropdown(options=list(zip(labels["label"], labels["theme"], strict=True)),
                                         description=label("explore.theme")), "kp-theme")
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
        corpus = self.index.source.iloc[[i]]  # as given: its row label says where its text is in the cache
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
        if self.codebook is None:
            self.scores.value = label("explore.no_codebook")
            self.evidence.value = ""
            return
        corpus, tokens, hits = self.document_hits(self.doc_id)
        scores = theme_scores(corpus, tokens, self.codebook, hits=hits)
        shown = scores[["theme", "hits", "sentences", "share", "per_1000_terms"]]
        self.scores.value = f"<b>{label('explore.theme_scores', doc=escaped(self.doc_id))}</b>{table_html(shown)}"
        theme = self.theme.value
        evidence = theme_evidence(corpus, tokens, self.doc_id, theme, hits=hits, codebook=self.codebook)
        chosen = hits[hits["theme"] == theme]
        self.evidence.value = (f"<b>{label('explore.sentences_behind', theme=escaped(theme))}</b>"
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
        self.neighbours.value = f"<p class='kp-note'>{label('explore.network_later')}</p>"
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
            # from the store it is counted out of core, as notebook 06 counts it; else from the token table
            tokens = self.index.store if self.index.store is not None else self.index.token_table(["sent_id", "term"])
            _, self.graph = keyword_network(tokens, len(self.index.corpus), unit="sent_id")
        graph = self.graph
        if graph.number_of_nodes() == 0:
            self.neighbours.value = f"<p class='kp-note'>{label('explore.no_network')}</p>"
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
        self.neighbours.value = f"<p class='kp-note'>{label('explore.click_a_term')}</p>"

    def select(self, term: str | None) -> None:
        """Show ``term``'s neighbours (by edge weight) and the first page of its concordance."""
        if term is None or self.graph is None or term not in self.graph:
            return
        near = sorted(((data.get("weight", 0.0), other) for other, data in self.graph[term].items()),
                      key=lambda x: (-x[0], x[1]))
        table = pd.DataFrame([(o, round(wt, 4), self.graph[term][o].get("count", "")) for wt, o in near],
                             columns=["neighbour", "jaccard", "sentences"])
        self.neighbours.value = (label("explore.neighbours", term=f"<b>{escaped(term)}</b>", count=len(near))
                                 + table_html(table))
        if self.concordance is not None:
            self.concordance.search(term, mode="term")
            self.lines.value = self.concordance.status.value + self.concordance.table.value
        else:
            hits = self.index.search(term)
            self.lines.value = concordance_html(concordance_lines(self.index, hits, page=0))


def topic_options(model: TopicModel, n: int = 3) -> list[tuple[str, str]]:
    """(label, topic) pairs for a topic chooser: each topic's id and its ``n`` top terms by relevance
    (lambda 0.6, as :meth:`~analysis.topics.TopicModel.labels`), ``·`` between them, and a topic that did not
    come back across seeds marked unstable in the reader's language. Empty for a model that is not fitted.

    Examples
    --------
    >>> topic_options(model)[2]   # the seeds' third topic                             # doctest: +SKIP
    ('T3 개발·코로나19·과학기술정보통신부 (unstable)', 'T3')
    """
    if not model.fitted:
        return []
    terms = model.topic_terms(n=n, relevance=LABEL_LAMBDA).groupby("topic", sort=False)["term"].agg("·".join)
    unstable = set(model.stability.loc[~model.stability["stable"], "topic"]) if len(model.stability) else set()
    marked = f" ({label('explore.unstable')})"
    return [(f"{topic} {terms[topic]}" + (marked if topic in unstable else ""), topic) for topic in model.topics]


def _theme_labels(codebook: pd.DataFrame | None) -> dict:
    """Theme -> its label in the codebook (notebook 03's ``labels``); empty without a codebook."""
    if codebook is None:
        return {}
    return dict(codebook[["theme", "label"]].drop_duplicates().itertuples(index=False))


class TopicPanel:
    """Notebook 03's topic model: choose a topic to see its top terms by relevance (lambda 0.6, with phi and
    relevance), its stability across seeds and the documents with its highest share; choosing one of those
    documents calls ``on_open(doc_id)`` (the explorer opens it in the document tab).

    Without ``model`` the model is fitted the first time :meth:`build` is called (the explorer calls it when its
    tab is opened), with notebook 03's arguments (``topic_model(tokens, corpus=corpus, codebook=codebook,
    codebook_labels=labels, seed=0)``), so notebook 03's cached model is read, not fitted again. A model that is
    not fitted (a corpus too small) gets a note giving its reason, and no topics.
    """

    def __init__(self, index: ConcordanceIndex, model: TopicModel | None = None,
                 codebook: pd.DataFrame | None = None, on_open: Callable[[str], None] | None = None,
                 n_terms: int = TOP_TERMS, n_documents: int = 10):
        w = _widgets()
        self.index, self.model, self.codebook, self.on_open = index, model, codebook, on_open
        self.n_terms, self.n_documents = n_terms, n_documents
        self.topic: str | None = None
        self.terms = self.documents = pd.DataFrame()  # the chosen topic's rows, as shown
        self._terms = self._documents = pd.DataFrame()  # every topic's
        self._built = False
        self.choice = _classed(w.Dropdown(options=[], description=label("explore.topic"),
                                          layout=w.Layout(width="60%")), "kp-topic-choice")
        self.note = _classed(w.HTML(f"<p class='kp-note'>{label('explore.topics_later')}</p>"), "kp-topic-note")
        self.stability = _classed(w.HTML(), "kp-topic-stability")
        self.term_table = _classed(w.HTML(), "kp-topic-terms")
        self.doc_table = _classed(w.HTML(), "kp-topic-docs")
        self.doc_choice = _classed(w.Select(options=[], rows=6, description=label("explore.open_document"),
                                            layout=w.Layout(width="95%")), "kp-topic-doc-select")
        self.choice.observe(lambda change: self._render(), names="value")
        self.doc_choice.observe(self._open_document, names="value")
        self.widget = _classed(w.VBox([
            w.HTML(STYLE), self.choice, self.note, self.stability,
            w.HBox([_classed(w.Box([self.term_table], layout=w.Layout(width="40%")), "kp-topic-terms-box"),
                    _classed(w.VBox([self.doc_table, self.doc_choice], layout=w.Layout(width="58%")),
                             "kp-topic-docs-box")]),
        ]), "kp-topics")
        if model is not None:
            self.build()

    def build(self) -> None:
        """Fit (or read from the cache) the model once, and show its first topic."""
        if self._built:
            return
        from analysis.topics import topic_model

        if self.model is None:
            # the store as notebook 03 passes it (the same units and cache key), else the token table
            tokens = self.index.store if self.index.store is not None else self.index.token_table(["line_id", "term"])
            self.model = topic_model(tokens, corpus=self.index.corpus, codebook=self.codebook,
                                     codebook_labels=_theme_labels(self.codebook), seed=0)
        self._built = True
        model = self.model
        if not model.fitted:
            reason = label("explore.no_topic_model", reason=escaped(model.reason))
            self.note.value = f"<p class='kp-note'>{reason}</p>"
            return
        self.note.value = "<p class='kp-note'>" + label(
            "explore.topics_fitted", k=model.k, units=f"{model.units:,}",
            documents=f"{len(model.doc_topics):,}") + "</p>"
        self._terms = model.topic_terms(n=self.n_terms, relevance=LABEL_LAMBDA)
        self._documents = model.top_documents(self.index.corpus, n=self.n_documents)
        self.choice.options = topic_options(model)
        self.show(model.topics[0])

    def show(self, topic: str) -> None:
        """Show ``topic``'s terms, stability and documents (building the model first if need be)."""
        self.build()
        if not self.model.fitted or topic not in self.model.topics:
            raise KeyError(f"no topic {topic!r} in this model (topics: {', '.join(self.model.topics) or 'none'})")
        if self.choice.value != topic:
            self.choice.value = topic  # observed: renders
        else:
            self._render()

    def _render(self) -> None:
        topic = self.choice.value
        if topic is None or not self._built:
            return
        self.topic = topic
        self.terms = self._terms[self._terms["topic"] == topic].reset_index(drop=True)
        self.documents = self._documents[self._documents["topic"] == topic].reset_index(drop=True)
        self.stability.value = self._stability_html(topic)
        named = escaped(topic)
        self.term_table.value = (f"<b>{label('explore.top_terms', topic=named, lam=LABEL_LAMBDA)}</b>"
                                 + topic_terms_html(self.terms))
        self.doc_table.value = (f"<b>{label('explore.top_documents', topic=named)}</b>"
                                + topic_documents_html(self.documents))
        self.doc_choice.options = [(f"{share:.4f}  {doc_id}  {title}", doc_id) for doc_id, title, share in
                                   self.documents[["doc_id", "title", "share"]].itertuples(index=False)]
        self.doc_choice.value = None

    def _stability_html(self, topic: str) -> str:
        rows = self.model.stability[self.model.stability["topic"] == topic] if len(self.model.stability) else []
        if not len(rows):
            return ""
        kept, stable = float(rows["kept"].iloc[0]), bool(rows["stable"].iloc[0])
        verdict = label("explore.stable") if stable else f"<span class='kp-unstable'>{label('explore.unstable')}</span>"
        return "<p class='kp-note'>" + label("explore.topic_stability", topic=escaped(topic), kept=f"{kept:.0%}",
                                              n=TOP_TERMS, seeds=STABILITY_SEEDS, verdict=verdict) + "</p>"

    def _open_document(self, change) -> None:
        if change["new"] is not None and self.on_open is not None:
            self.on_open(change["new"])


class Explorer:
    """The five panels in one ``Tab``; ``widget`` is what to display (an ``Explorer`` displays itself)."""

    TABS = ("concordance", "document", "themes", "network", "topics")

    def __init__(self, corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore, log: pd.DataFrame | None = None,
                 hits: pd.DataFrame | None = None, graph=None, lexicon: Lexicon | None = None,
                 export_dir: str | Path = ".", topics: TopicModel | None = None):
        w = _widgets()
        self.index = ConcordanceIndex(corpus, tokens, lexicon)
        self.document = DocumentViewer(self.index, log)
        self.concordance = Concordance(self.index, on_open=self.open_document, export_dir=export_dir)
        self.themes = ThemeEvidence(self.index, hits)
        self.network = KeywordNetwork(self.index, graph, self.concordance)
        self.topics = TopicPanel(self.index, topics, codebook=self.themes.codebook, on_open=self.open_document)
        panels = [self.concordance.widget, self.document.widget, self.themes.widget, self.network.widget,
                  self.topics.widget]
        titles = tuple(label(f"explore.tab_{tab}") for tab in self.TABS)
        self.widget = _classed(w.Tab(children=panels, titles=titles), "kp-explorer")
        self.widget.observe(self._tab, names="selected_index")

    def _tab(self, change) -> None:
        tab = self.TABS[change["new"]] if change["new"] is not None else None
        if tab == "network":
            self.network.build()
        elif tab == "topics":
            self.topics.build()

    def open_document(self, doc_id: str, start: int | None = None, end: int | None = None) -> None:
        """Show ``doc_id`` in the document tab, ``start:end`` highlighted, and its theme scores."""
        self.document.show(doc_id, [(start, end)] if start is not None else [])
        self.themes.show(doc_id)
        self.widget.selected_index = self.TABS.index("document")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explore(corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore, log: pd.DataFrame | None = None,
            hits: pd.DataFrame | None = None, graph=None, lexicon: Lexicon | None = None,
            topics: TopicModel | None = None) -> Explorer:
    """An interactive explorer of ``corpus``: concordance, document viewer, theme evidence, keyword network,
    topics.

    Parameters
    ----------
    corpus, tokens : from :func:`analysis.load_corpus` and :func:`analysis.tokenize`; ``tokens`` may be the
        corpus's token store instead (:func:`analysis.tokens.token_store`, a notebook's ``s.store``): the search
        index is built from its files, a document's tokens are read when it is opened, and the network and topic
        tabs read the columns they need when first opened, so the token table is never held.
    log : the audit log of :func:`analysis.cleaning_log`; by default a document's entries are recomputed
        from its raw text when it is opened.
    hits : theme hits (``analysis.themes.theme_hits``); by default computed per document when it is chosen.
    graph : a co-occurrence graph (:func:`analysis.cooccurrence_graph`); by default built as in notebook 06
        when the network tab is first opened.
    lexicon : the lexicon the tokens were made with (its codebook, if any, seeds the topic model's seeded topics
        as in notebook 03).
    topics : a topic model (:func:`analysis.topic_model`); by default fitted as in notebook 03 (read from its
        cache when notebook 03 has run on the same tokens) when the topics tab is first opened.

    Returns
    -------
    Explorer, whose ``widget`` (an ipywidgets ``Tab``) a notebook displays; ``explorer.concordance``,
    ``explorer.document``, ``explorer.themes``, ``explorer.network`` and ``explorer.topics`` are the panels.

    Examples
    --------
    >>> explorer = analysis.explore(corpus, tokens, log=analysis.cleaning_log(corpus))   # doctest: +SKIP
    >>> explorer = analysis.explore(corpus, session.store)                                 # doctest: +SKIP
    >>> explorer.concordance.search("과기정통부")                                          # doctest: +SKIP
    >>> explorer                                                                          # doctest: +SKIP
    """
    return Explorer(corpus, tokens, log=log, hits=hits, graph=graph, lexicon=lexicon, topics=topics)
