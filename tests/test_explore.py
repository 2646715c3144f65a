"""The explorer: its index and search, lines, document view with the audit log, theme evidence, topics, the
widgets' wiring, and that document text reaches the widgets as text, never as markup."""

from __future__ import annotations

import html
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.explore import (
    Concordance,
    ConcordanceIndex,
    concordance_html,
    concordance_lines,
    document_html,
    explore,
    visible_edit,
)
from analysis.lexicon import canonical_query
from analysis.themes import theme_hits


@pytest.fixture(scope="module")
def tokens(seed_tokens):
    return seed_tokens


@pytest.fixture(scope="module")
def index(corpus, tokens, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:  # the index files go to a cache folder of this module's own
        patch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return ConcordanceIndex(corpus, tokens)


@pytest.fixture(scope="module")
def log(corpus):
    return analysis.cleaning_log(corpus)


def test_index_holds_every_row_of_every_term_and_form(corpus, tokens, index):
    """The postings on disk give exactly the rows a full scan of the token table finds, for every term and
    every form, in the table's order; a token with an empty term is in no term's postings."""
    token_doc = pd.Index(corpus["doc_id"]).get_indexer(tokens["doc_id"])
    for kind in ("term", "form"):
        values = tokens[kind].to_numpy()
        vocabulary = index.postings.values[kind].to_pylist()
        assert sorted(vocabulary) == sorted(set(values) - {""})
        for value in vocabulary:
            rows = np.flatnonzero(values == value)
            doc, start, end = index.postings.rows(kind, value)
            assert np.array_equal(doc, token_doc[rows]), (kind, value)
            assert np.array_equal(start, tokens["start"].to_numpy()[rows]) and np.array_equal(end, tokens["end"].to_numpy()[rows])
    assert index.postings.offsets["form"][-1] == (tokens["form"] != "").sum()
    assert index.postings.offsets["term"][-1] == (tokens["term"] != "").sum() < len(tokens)


def _scanned(corpus: pd.DataFrame, tokens: pd.DataFrame, column: str, value: str, publishers=None) -> pd.DataFrame:
    """A search by brute force: the token rows whose ``column`` is ``value``, in the documents of
    ``publishers`` (all by default), ordered by date, doc_id and offset (ties in the table's order)."""
    docs = corpus.reset_index(drop=True).assign(doc=lambda c: np.arange(len(c)),
                                                date=lambda c: pd.to_datetime(c["published"], errors="coerce"))
    if publishers:
        docs = docs[docs["publisher"].isin(publishers)]
    found = tokens.loc[tokens[column] == value, ["doc_id", "start", "end"]].astype({"doc_id": str})
    found = found.merge(docs[["doc_id", "doc", "date"]], on="doc_id").sort_values(["date", "doc_id", "start"],
                                                                                  kind="stable")
    return found[["doc", "doc_id", "start", "end"]].astype({"doc": np.int64, "doc_id": object, "start": np.int64,
                                                            "end": np.int64}).reset_index(drop=True)


def _assert_search_is_a_scan(index, corpus, tokens, queries) -> None:
    for query, mode, column, value in queries:
        expected = _scanned(corpus, tokens, column, value)
        pd.testing.assert_frame_equal(index.search(query, mode), expected, obj=f"{mode} {query}")


def _seed_queries(corpus, tokens, lexicon) -> list[tuple[str, str, str, str]]:
    """query, mode and what a scan looks for: every term and every form of the first document, every alias
    whose canonical term occurs, and a word that occurs nowhere."""
    first = tokens[tokens["doc_id"] == corpus["doc_id"].iloc[0]]
    terms = sorted(set(first["term"]) - {""})
    forms = sorted(set(first["form"]) - {""} - {f for f in first["form"] if f != f.strip()})
    aliases = sorted((alias, term) for alias, term in lexicon.aliases.items() if term in set(tokens["term"]))
    return ([(t, "term", "term", canonical_query(t, lexicon)) for t in terms]
            + [(f, "form", "form", f) for f in forms]
            + [(alias, "term", "term", canonical_query(alias, lexicon)) for alias, _ in aliases]
            + [("없는낱말", "term", "term", "없는낱말"), ("없는낱말", "form", "form", "없는낱말")])


def test_search_on_disk_equals_a_scan_of_the_token_table(corpus, tokens, index):
    """Every term and form of a seed document, every alias (by its canonical term) and a word without hits:
    the same rows, columns, dtypes and order as a brute-force scan; a filter drops the other documents."""
    queries = _seed_queries(corpus, tokens, index.lexicon)
    assert len(queries) > 300 and any(q != v for q, _, _, v in queries)  # aliases resolved to other terms
    _assert_search_is_a_scan(index, corpus, tokens, queries)
    assert index.search("없는낱말").empty
    publisher = corpus["publisher"].iloc[0]
    for query in ("데이터", "과기정통부"):
        expected = _scanned(corpus, tokens, "term", index.canonical(query), publishers=[publisher])
        pd.testing.assert_frame_equal(index.search(query, publishers=[publisher]), expected)


def test_a_second_index_reads_the_first_ones_files(corpus, tokens, tmp_cache, monkeypatch):
    """The first explorer on a corpus builds its index under the cache folder; the next one on the same corpus
    and tokens reads those files and builds nothing; other tokens get an index of their own."""
    from analysis.explore import postings

    first = ConcordanceIndex(corpus, tokens)
    folder = first.postings.folder
    assert folder.parent == tmp_cache / "explore" and (folder / "manifest.json").exists()
    written = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    monkeypatch.setattr(postings, "write_index", lambda *args: pytest.fail("index built again"))
    second = ConcordanceIndex(corpus, tokens)
    assert second.postings.folder == folder
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == written
    pd.testing.assert_frame_equal(second.search("데이터"), first.search("데이터"))
    monkeypatch.undo()
    other = ConcordanceIndex(corpus, tokens.iloc[: len(tokens) // 2])
    assert other.postings.folder != folder and len(other.search("데이터")) < len(first.search("데이터"))


def test_the_index_key_follows_the_values_not_their_layout(corpus, tokens):
    """The same tokens in two chunks or as Python strings give the same key; one offset moved, one term
    changed or the documents reordered give another."""
    from analysis.explore.postings import index_key

    doc_ids = corpus["doc_id"].tolist()
    key = index_key(doc_ids, tokens)
    half = len(tokens) // 2
    assert index_key(doc_ids, pd.concat([tokens.iloc[:half], tokens.iloc[half:]])) == key
    assert index_key(doc_ids, tokens.astype({"doc_id": object, "term": object, "start": "int64"})) == key
    moved = tokens.copy()
    moved.loc[moved.index[7], "end"] += 1
    renamed = tokens.copy()
    renamed.loc[renamed.index[-1], "term"] = "다른말"
    assert len({key, index_key(doc_ids, moved), index_key(doc_ids, renamed), index_key(doc_ids[::-1], tokens)}) == 4


def test_a_damaged_or_half_written_index_is_built_again(corpus, tokens, tmp_cache):
    """A postings file cut short is named in a warning and the index is built again; a folder without its
    manifest (a build that was killed) is never read, but built again silently; so is a deleted cache."""
    import shutil

    queries = _seed_queries(corpus, tokens, analysis.load_lexicon())[::10]
    folder = ConcordanceIndex(corpus, tokens).postings.folder
    term_file = folder / "term.parquet"
    term_file.write_bytes(term_file.read_bytes()[: term_file.stat().st_size // 2])
    with pytest.warns(UserWarning, match=r"term\.parquet: .*bytes, the manifest says"):
        index = ConcordanceIndex(corpus, tokens)
    _assert_search_is_a_scan(index, corpus, tokens, queries)
    (folder / "form.parquet").write_bytes(b"PAR1 not parquet")
    (folder / "manifest.json").unlink()  # killed before the manifest was written
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        index = ConcordanceIndex(corpus, tokens)
    _assert_search_is_a_scan(index, corpus, tokens, queries)
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"manifest\.json: not readable"):
        ConcordanceIndex(corpus, tokens)
    shutil.rmtree(tmp_cache / "explore")
    _assert_search_is_a_scan(ConcordanceIndex(corpus, tokens), corpus, tokens, queries)
    assert not list(folder.glob("*.tmp"))  # no temporary file left behind


def test_tokens_in_any_row_order_give_the_same_search(corpus, tokens, tmp_cache):
    """A token table whose documents are not runs of rows (shuffled): searches still equal a scan, ties in
    the shuffled order, and a document's tokens are still all its rows; tokens of an unknown document are
    refused, naming it."""
    shuffled = tokens.sample(frac=1, random_state=0)
    index = ConcordanceIndex(corpus, shuffled)
    assert not index.postings.grouped
    _assert_search_is_a_scan(index, corpus, shuffled, _seed_queries(corpus, tokens, index.lexicon)[::5])
    for doc, doc_id in enumerate(corpus["doc_id"]):
        pd.testing.assert_frame_equal(index.document_tokens(doc), shuffled[shuffled["doc_id"] == doc_id])
    grouped = ConcordanceIndex(corpus, tokens)
    assert grouped.postings.grouped
    pd.testing.assert_frame_equal(grouped.document_tokens(2), tokens[tokens["doc_id"] == corpus["doc_id"].iloc[2]])
    stranger = tokens.head(3).assign(doc_id="no-such-document")
    with pytest.raises(ValueError, match="no-such-document"):
        ConcordanceIndex(corpus, pd.concat([tokens, stranger]))


def test_term_search_is_canonical_and_matches_kwic(corpus, tokens, index):
    hits = index.search("과기정통부")
    kwic = analysis.kwic(corpus, "과기정통부", tokens=tokens)
    assert len(hits) == len(kwic) > 0
    assert set(zip(hits["doc_id"], hits["start"], strict=True)) == set(zip(kwic["doc_id"], kwic["start"], strict=True))
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    found = {texts[d][s:e] for d, s, e in zip(hits["doc_id"], hits["start"], hits["end"], strict=True)}
    assert "과학기술정보통신부" in found  # the alias finds the canonical form written out
    assert len(index.search("과학기술정보통신부")) == len(hits)


def test_form_and_regex_search(corpus, index):
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    forms = index.search("과기정통부", mode="form")
    assert {texts[d][s:e] for d, s, e in zip(forms["doc_id"], forms["start"], forms["end"], strict=True)} == {"과기정통부"}
    assert len(forms) < len(index.search("과기정통부"))
    regex = index.search(r"인공지능\w*", mode="regex")
    expected = sum(len(re.findall(r"인공지능\w*", t)) for t in corpus["text"])
    assert len(regex) == expected > 0
    assert all(texts[d][s:e].startswith("인공지능") for d, s, e in zip(regex["doc_id"], regex["start"], regex["end"], strict=True))
    with pytest.raises(ValueError, match="regular expression"):
        index.search("(", mode="regex")


def test_filters_restrict_documents(corpus, index):
    everything = index.search("데이터")
    publisher = corpus["publisher"].iloc[0]
    only = index.search("데이터", publishers=[publisher])
    allowed = set(corpus.loc[corpus["publisher"] == publisher, "doc_id"])
    assert 0 < len(only) < len(everything) and set(only["doc_id"]) <= allowed
    first = corpus["published"].min()
    dated = index.search("데이터", date_from=first, date_to=first)
    assert set(dated["doc_id"]) <= set(corpus.loc[corpus["published"] == first, "doc_id"])
    doc_type = corpus["doc_type"].iloc[0]
    typed = index.search("데이터", doc_types=[doc_type])
    assert set(typed["doc_id"]) <= set(corpus.loc[corpus["doc_type"] == doc_type, "doc_id"])


def test_counts_add_up(index):
    hits = index.search("데이터")
    assert index.counts_by_month(hits).sum() == len(hits)
    by_doc = index.counts_by_document(hits, n=100)
    assert by_doc["hits"].sum() == len(hits)
    assert by_doc["hits"].is_monotonic_decreasing


def test_lines_sorted_by_context(index):
    hits = index.search("데이터")
    left = concordance_lines(index, hits, width=20, sort="left")
    right = concordance_lines(index, hits, width=20, sort="right")
    keys = left["left"].str[::-1].str.strip().tolist()
    assert keys == sorted(keys)
    assert right["right"].str.strip().tolist() == sorted(right["right"].str.strip())
    assert sorted(zip(left["doc_id"], left["start"], strict=True)) == sorted(zip(hits["doc_id"], hits["start"], strict=True))
    page = concordance_lines(index, hits, width=20, sort="right", page=1, page_size=5)
    assert page["start"].tolist() == right["start"].iloc[5:10].tolist()
    assert not any("\n" in x for x in left["left"])  # one line each


def _raw_from_html(fragment: str, entries: pd.DataFrame) -> str:
    """Undo document_html: each <del> gives back its removed text and stands in front of the
    replacement the cleaned text kept; drop that replacement."""
    parts = re.split(r'<del class="kp-removed" title="[^"]*">(.*?)</del>', fragment, flags=re.S)
    plain = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in parts[0::2]]
    removed = [html.unescape(p) for p in parts[1::2]]
    ordered = entries.sort_values(["start", "end"])
    assert len(removed) == len(ordered)
    out = [plain[0]]
    for rem, rep, rest in zip(removed, ordered["replacement"], plain[1:], strict=True):
        assert rest.startswith(rep) or rep == ""
        out.extend([rem, rest[len(rep):] if rest.startswith(rep) else rest])
    return "".join(out)


def test_document_html_puts_every_removed_span_back_in_place(corpus, log):
    """With every entry shown, the struck-through spans in place of their replacements give the raw text."""
    for doc_id, text, raw in zip(corpus["doc_id"], corpus["text"], corpus["raw_text"], strict=True):
        entries = log[log["doc_id"] == doc_id]
        shown = document_html(text, entries, show_removed=True, only_visible=False)
        assert _raw_from_html(shown, entries) == raw


def test_document_html_default_view(corpus, log):
    doc_id, text = corpus["doc_id"].iloc[0], corpus["text"].iloc[0]
    entries = log[log["doc_id"] == doc_id]
    plain = document_html(text, entries, highlights=[(10, 15)])
    assert html.unescape(re.sub(r"<[^>]+>", "", plain)) == text  # nothing added, nothing lost
    assert plain.count("<mark") == 1 and html.escape(text[10:15]) in plain
    shown = document_html(text, entries, show_removed=True)
    visible = entries[[visible_edit(r, p) for r, p in zip(entries["removed"], entries["replacement"], strict=True)]]
    assert shown.count('class="kp-removed"') == len(visible) > 0
    assert shown.count('class="kp-removed"') < len(entries)  # whitespace-only rewrites stay out of the view
    for rule in set(visible["rule"]):
        assert f'title="{rule}"' in shown


def test_concordance_panel_pages_and_exports(index, tmp_path):
    panel = Concordance(index, export_dir=tmp_path, page_size=7)
    hits = panel.search("데이터")
    assert len(hits) > 7
    assert panel.table.value.count("<tr class='kp-line'") == 7
    first_page = panel.lines["start"].tolist()
    panel.next.click()
    assert panel.page == 1 and panel.lines["start"].tolist() != first_page
    assert "page 2 of" in panel.status.value
    path = panel.export_csv()
    exported = pd.read_csv(path, encoding="utf-8-sig")
    assert len(exported) == len(hits)
    assert list(exported.columns) == ["doc_id", "published", "publisher", "start", "end", "left", "match", "right"]


def test_search_with_a_new_mode_and_query_searches_once(index, monkeypatch):
    panel = Concordance(index)
    original = index.search
    calls = []
    monkeypatch.setattr(index, "search", lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs))
    hits = panel.search("과기정통부", mode="form")
    assert calls == [("과기정통부", "form")]  # both set, one search
    assert panel.query.value == "과기정통부" and panel.mode.value == "form"
    assert len(hits) == len(original("과기정통부", mode="form")) > 0
    calls.clear()
    panel.mode.value = "term"  # as clicked in the box: its change still searches, once
    assert calls == [("과기정통부", "term")] and len(panel.hits) > len(hits)


def test_explorer_goes_from_a_line_to_its_document(corpus, tokens, log, seed_lexicon):
    explorer = explore(corpus, tokens, log=log, lexicon=seed_lexicon)
    explorer.concordance.query.value = "과기정통부"  # as typed in the box
    assert "canonical term <b>과학기술정보통신부</b>" in explorer.concordance.status.value
    explorer.concordance.line_choice.value = 0  # choose the first line
    line = explorer.concordance.lines.iloc[0]
    assert explorer.widget.selected_index == 1 and explorer.document.doc_id == line["doc_id"]
    assert f"<mark class='kp-hit'>{line['match']}</mark>" in explorer.document.text.value
    assert "kp-removed" not in explorer.document.text.value
    explorer.document.show_removed.value = True
    assert 'class="kp-removed"' in explorer.document.text.value
    assert "logged edits" in explorer.document.meta.value
    # the theme panel follows the document: the evidence of a theme it has marks the matched text and names
    # the keyword; a theme it has no keyword of says so
    doc_id = line["doc_id"]
    assert f"Theme scores of {doc_id}" in explorer.themes.scores.value
    scores = analysis.theme_scores(corpus, tokens, analysis.load_codebook(lexicon=seed_lexicon))
    scores = scores[scores["doc_id"] == doc_id].sort_values(["hits", "theme"], ascending=[False, True])
    assert scores["hits"].iloc[0] > 0 and (scores["hits"] == 0).any()
    found, absent = scores["theme"].iloc[0], scores.loc[scores["hits"] == 0, "theme"].iloc[0]
    hits = theme_hits(corpus, tokens, explorer.themes.codebook)
    first = hits[(hits["doc_id"] == doc_id) & (hits["theme"] == found)].sort_values(["start", "end"]).iloc[0]
    matched = corpus.set_index("doc_id").loc[doc_id, "text"][first["start"]:first["end"]]
    explorer.themes.show(doc_id, theme=found)
    evidence = explorer.themes.evidence.value
    assert f"<mark class='kp-hit'>{html.escape(matched)}</mark>" in evidence
    row = re.search(rf"<tr><td>{first['sent_id']}</td><td>.*?</td><td>([^<]*)</td></tr>", evidence)
    assert row is not None and html.escape(first["keyword"]) in row.group(1).split(", ")  # keywords column
    explorer.themes.show(doc_id, theme=absent)
    assert "No sentence of this document matches this theme's keywords" in explorer.themes.evidence.value
    assert "<mark" not in explorer.themes.evidence.value


def test_theme_evidence_marks_the_hits(corpus, tokens, index, seed_lexicon):
    scores = analysis.theme_scores(corpus, tokens, analysis.load_codebook(lexicon=seed_lexicon))
    best = scores.sort_values(["hits", "doc_id", "theme"], ascending=[False, True, True]).iloc[0]
    explorer = explore(corpus, tokens, lexicon=seed_lexicon)
    explorer.themes.show(best["doc_id"], theme=best["theme"])
    evidence = explorer.themes.evidence.value
    assert evidence.count("<tr>") == best["sentences"] + 1  # header + one row per evidence sentence
    assert evidence.count("<mark class='kp-hit'>") >= best["sentences"]


def test_a_corpus_without_a_codebook_opens_with_a_theme_tab_that_says_so(tmp_cache):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["a", "b"],
                           "text": ["의료 데이터를 지원한다. 병원이 참여한다.", "도시 데이터 정책을 논의한다."]})
    lexicon = analysis.load_lexicon()  # the defaults: no codebook
    assert lexicon.codebook is None
    explorer = explore(corpus, analysis.tokenize(corpus, lexicon=lexicon), lexicon=lexicon)
    assert explorer.themes.codebook is None and list(explorer.themes.theme.options) == []
    explorer.themes.show("a")
    assert "No theme codebook for this corpus" in explorer.themes.scores.value
    assert explorer.themes.evidence.value == ""
    assert explorer.concordance.search("데이터")["doc_id"].tolist() == ["a", "b"]  # the other tabs work


def test_network_click_lists_neighbours_and_lines(corpus, tokens):
    explorer = explore(corpus, tokens)
    assert explorer.network.sigma is None  # built when the tab is first opened
    explorer.widget.selected_index = 3
    graph = explorer.network.graph
    assert explorer.network.sigma is not None and graph.number_of_nodes() > 0
    term = max(graph.nodes, key=lambda n: (graph.degree(n), n))
    explorer.network.sigma.selected_node = term  # what a click in the graph sets
    assert f"{graph.degree(term)} neighbours" in explorer.network.neighbours.value
    assert "kp-concordance-table" in explorer.network.lines.value
    assert explorer.concordance.query.value == term


def _notebook_03_model(corpus, tokens, lexicon):
    """The topic model exactly as notebook 03 fits it (codebook and theme labels from the lexicon, seed 0)."""
    codebook = analysis.load_codebook(lexicon=lexicon) if lexicon.codebook is not None else None
    labels = dict(codebook[["theme", "label"]].drop_duplicates().itertuples(index=False)) if codebook is not None else {}
    return analysis.topic_model(tokens, corpus=corpus, codebook=codebook, codebook_labels=labels, seed=0)


def test_topics_tab_reads_notebook_03s_model_and_opens_a_topics_documents(corpus, tokens, seed_lexicon, tmp_cache,
                                                                         monkeypatch):
    """The seeds (five documents cut into pieces) get a fitted model. The tab fits nothing until it is opened,
    then reads the model notebook 03 left in the cache; a topic shows the model's own top terms (relevance,
    λ = 0.6, with phi) and top documents, its stability; a document chosen opens in the document tab."""
    import analysis.topics as T

    model = _notebook_03_model(corpus, tokens, seed_lexicon)  # what notebook 03 leaves in the cache
    assert model.fitted and model.k >= 2
    monkeypatch.setattr(T, "_fit_topic_model", lambda *a, **k: pytest.fail("refitted despite notebook 03's cache"))
    explorer = explore(corpus, tokens, lexicon=seed_lexicon)
    tab = explorer.TABS.index("topics")
    assert explorer.widget.get_title(tab) == "Topics"
    assert explorer.topics.model is None and list(explorer.topics.choice.options) == []  # nothing fitted yet
    assert "first opened" in explorer.topics.note.value
    explorer.widget.selected_index = tab
    panel = explorer.topics
    assert panel.model.topics == model.topics and np.array_equal(panel.model.phi, model.phi)
    assert f"{model.k} topics" in panel.note.value
    # one option per topic, an unstable one marked so
    unstable = set(model.stability.loc[~model.stability["stable"], "topic"])
    options = dict((topic, text) for text, topic in panel.choice.options)
    assert list(options) == model.topics
    assert {t for t, text in options.items() if text.endswith("(unstable)")} == unstable
    terms = model.topic_terms(n=10, relevance=0.6)
    documents = model.top_documents(corpus, n=10)
    for topic in model.topics:
        panel.choice.value = topic  # as chosen in the box
        expected = terms[terms["topic"] == topic].reset_index(drop=True)
        pd.testing.assert_frame_equal(panel.terms, expected)
        shown = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
                           panel.term_table.value)
        assert [(int(r), html.unescape(t), float(p), float(v)) for r, t, p, v in shown] == list(
            expected[["rank", "term", "phi", "relevance"]].itertuples(index=False, name=None))
        top = documents[documents["topic"] == topic].reset_index(drop=True)
        pd.testing.assert_frame_equal(panel.documents, top)
        assert len(top) == min(10, len(model.doc_topics)) and top["share"].is_monotonic_decreasing
        for title in top["title"]:
            assert html.escape(title) in panel.doc_table.value
        assert [value for _, value in panel.doc_choice.options] == top["doc_id"].tolist()
        assert ("kp-unstable" in panel.stability.value) == (topic in unstable)
        kept = model.stability.set_index("topic").loc[topic, "kept"]
        assert f"{topic}: {kept:.0%} of its top 10 terms" in panel.stability.value
    # a topic's second document, chosen in the list, opens in the document tab (and the theme panel follows)
    doc_id = panel.documents["doc_id"].iloc[1]
    assert explorer.document.doc_id is None
    panel.doc_choice.value = doc_id
    assert explorer.widget.selected_index == explorer.TABS.index("document") == 1
    assert explorer.document.doc_id == doc_id and explorer.themes.doc_id == doc_id
    # a ready model is shown at once, without fitting and without opening the tab
    ready = explore(corpus, tokens, lexicon=seed_lexicon, topics=model)
    assert ready.topics.model is model and ready.topics.choice.value == model.topics[0]
    pd.testing.assert_frame_equal(ready.topics.terms, terms[terms["topic"] == model.topics[0]].reset_index(drop=True))


def test_a_corpus_too_small_for_topics_gets_a_topics_tab_that_says_why(tmp_cache):
    """Two short documents are too few units for a topic model: the tab opens with the model's reason, no topic,
    no crash, whether the model is fitted when the tab opens or given ready."""
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["a", "b"],
                           "text": ["의료 데이터를 지원한다. 병원이 참여한다.", "도시 데이터 정책을 논의한다."]})
    lexicon = analysis.load_lexicon()
    tokens = analysis.tokenize(corpus, lexicon=lexicon)
    explorer = explore(corpus, tokens, lexicon=lexicon)
    explorer.widget.selected_index = explorer.TABS.index("topics")
    model = explorer.topics.model
    assert model is not None and not model.fitted and model.reason
    ready = explore(corpus, tokens, lexicon=lexicon, topics=model)
    for panel in (explorer.topics, ready.topics):
        assert "No topic model for this corpus" in panel.note.value
        assert html.escape(model.reason) in panel.note.value
        assert list(panel.choice.options) == [] and panel.term_table.value == panel.doc_table.value == ""
        with pytest.raises(KeyError, match="no topic"):
            panel.show("T1")


HOSTILE = ("AI 정책 보도자료입니다. 인공지능 데이터 활용 <img src=x onerror=alert(1)> 사업을 추진한다.\n"
           "정부는 <script>alert('x')</script> 인공지능 인재를 키운다. 데이터 댐을 만든다.\n")


def _all_html(widget) -> list[str]:
    """The value of every HTML widget in an ipywidgets tree: what the page inserts as markup (text boxes,
    labels and option lists are set as text by ipywidgets, never parsed)."""
    import ipywidgets

    found = [widget.value] if isinstance(widget, ipywidgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found.extend(_all_html(child))
    return found


def test_hostile_text_is_shown_as_text(tmp_path, tmp_cache):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "doc<b>1.txt").write_text(HOSTILE * 3, encoding="utf-8")
    (folder / "plain.txt").write_text("인공지능 데이터 정책을 논의한다. 데이터 활용을 늘린다.\n" * 3, encoding="utf-8")
    corpus = analysis.load_corpus(folder)
    tokens = analysis.tokenize(corpus, cache=False)
    explorer = explore(corpus, tokens)
    explorer.concordance.search(r"<img[^>]*>|<script>", mode="regex")
    expected = sum(len(re.findall(r"<img[^>]*>|<script>", t)) for t in corpus["text"])
    assert len(explorer.concordance.hits) == expected >= 2
    explorer.concordance.line_choice.value = 0
    explorer.document.show_removed.value = True
    explorer.themes.show(explorer.document.doc_id)
    pages = "\n".join(_all_html(explorer.widget))
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages
    assert "&lt;script&gt;" in pages
    assert "<img" not in pages and "<script" not in pages and "onerror=alert(1)>" not in pages
    assert explorer.document.doc_id == "doc<b>1"
    assert "doc&lt;b&gt;1" in explorer.document.meta.value  # the id (a file name) is text too


def test_concordance_html_escapes_every_cell():
    lines = pd.DataFrame([{"doc": 0, "doc_id": "<b>x</b>", "published": "", "publisher": "<i>p</i>", "start": 0,
                           "end": 1, "left": "<script>", "match": "<img src=x>", "right": "&amp;"}])
    table = concordance_html(lines)
    assert "<script>" not in table and "<img" not in table and "<b>x" not in table and "<i>p" not in table
    assert "&amp;amp;" in table and "&lt;img src=x&gt;" in table


def test_the_explorer_speaks_the_readers_language_and_takes_iso_dates(corpus):
    """Under ``set_language("ko")`` the tabs, boxes, buttons and messages are the Korean labels; a date filter is
    typed as YYYY-MM-DD in both languages, and another form is refused with a message saying so."""
    from analysis.explore.widgets import Explorer, typed_date
    from analysis.labels import set_language

    tokens = analysis.tokenize(corpus)
    try:
        set_language("ko")
        explorer = Explorer(corpus, tokens)
        titles = [explorer.widget.get_title(i) for i in range(len(explorer.widget.children))]
        assert titles == ["용례 검색", "문서", "주제 근거", "키워드 네트워크", "토픽"]
        concordance = explorer.concordance
        assert (concordance.query.description, concordance.export.description) == ("검색", "CSV 내보내기")
        assert concordance.date_from.placeholder == "YYYY-MM-DD" and concordance.date_from.description == "시작일"
        concordance.search("인공지능")
        assert "건" in concordance.status.value and "hits of" not in concordance.status.value
        concordance.date_from.value = "02/07/2023"
        assert "YYYY-MM-DD" in concordance.status.value and "kp-error" in concordance.status.value
        concordance.date_from.value = "2023-01-01"
        assert concordance.hits["doc_id"].map(dict(zip(corpus["doc_id"], corpus["published"], strict=False))).min().year == 2023
    finally:
        set_language(None)
    assert typed_date("2023-02-07").isoformat() == "2023-02-07" and typed_date("  ") is None
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        typed_date("2023.02.07")


# --------------------------------------------------------------------------------------------------
# the explorer on the token store (issue #19): the same index and panels, without the token table


@pytest.fixture(scope="module")
def seed_store(corpus, seed_lexicon, tmp_path_factory):
    """The seeds' token store, in a cache folder of this module's own (where the index goes too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path_factory.mktemp("store-cache")))
        return analysis.tokens.token_store(corpus, lexicon=seed_lexicon)


def _index_files(folder) -> dict:
    """Each index file's rows and row-group sizes, as Parquet reads them back."""
    import pyarrow.parquet as pq

    from analysis.explore.postings import FILES

    out = {}
    for name in FILES:
        parquet = pq.ParquetFile(folder / name)
        out[name] = (parquet.read(), [parquet.metadata.row_group(g).num_rows for g in range(parquet.num_row_groups)])
    return out


def _assert_same_index(from_store, from_table) -> None:
    assert from_store.postings.folder != from_table.postings.folder  # keyed by the store, not the table's values
    store_files, table_files = _index_files(from_store.postings.folder), _index_files(from_table.postings.folder)
    for name, (table, groups) in table_files.items():
        assert store_files[name][0].schema == table.schema and store_files[name][0].equals(table), name
        assert store_files[name][1] == groups, name
    assert from_store.postings.grouped == from_table.postings.grouped


@pytest.mark.parametrize("slices", ["one pass", "many passes"])
def test_an_index_built_from_the_store_is_the_token_tables(corpus, seed_lexicon, seed_store, tmp_cache, monkeypatch,
                                                            slices):
    """Built from the store's files (a slice of the vocabulary at a time; many small slices and row groups in the
    second case), the index's files hold what the token table's give, row for row and row group for row group,
    and every search and document view is the same."""
    from analysis.explore import postings as P

    if slices == "many passes":
        monkeypatch.setattr(P, "PASS_ROWS", 700)
        monkeypatch.setattr(P, "ROW_GROUP_ROWS", 1000)
    tokens = seed_store.table()
    from_table = ConcordanceIndex(corpus, tokens, seed_lexicon)
    from_store = ConcordanceIndex(corpus, seed_store, seed_lexicon)
    assert from_store.tokens is None and from_store.store is seed_store
    _assert_same_index(from_store, from_table)
    if slices == "many passes":
        assert len(_index_files(from_store.postings.folder)["form.parquet"][1]) > 3
    for query, mode, _, _ in _seed_queries(corpus, tokens, seed_lexicon):
        pd.testing.assert_frame_equal(from_store.search(query, mode), from_table.search(query, mode))
    for doc in range(len(corpus)):  # the same rows (a slice of the table keeps the table's row numbers)
        pd.testing.assert_frame_equal(from_store.document_tokens(doc),
                                      from_table.document_tokens(doc).reset_index(drop=True))


def test_the_store_index_is_built_once_and_found_from_the_store_alone(corpus, seed_lexicon, seed_store, tmp_cache,
                                                                      monkeypatch):
    """A second explorer on the same store reads the first one's index: nothing is built and no token is read
    (the key comes from the store's list of documents); another set of documents gets an index of its own."""
    from analysis.explore import postings as P
    from analysis.token_store import TokenStore

    first = ConcordanceIndex(corpus, seed_store, seed_lexicon)
    monkeypatch.setattr(P, "write_store_index", lambda *a, **k: pytest.fail("built again"))
    monkeypatch.setattr(TokenStore, "table", lambda *a, **k: pytest.fail("read the tokens"))
    second = ConcordanceIndex(corpus, seed_store, seed_lexicon)
    assert second.postings.folder == first.postings.folder
    monkeypatch.undo()
    part = TokenStore(seed_store.documents.iloc[:2].reset_index(drop=True))
    other = ConcordanceIndex(corpus, part, seed_lexicon)
    assert other.postings.folder != first.postings.folder
    expected = first.search("데이터")
    pd.testing.assert_frame_equal(other.search("데이터"),
                                  expected[expected["doc"] < 2].reset_index(drop=True))
    stranger = TokenStore(seed_store.documents.assign(doc_id=["x", *seed_store.documents["doc_id"][1:]]))
    with pytest.raises(ValueError, match="corpus does not have"):
        ConcordanceIndex(corpus, stranger, seed_lexicon)


def test_documents_sharing_one_text_share_its_store_entry_and_get_their_postings(corpus, seed_lexicon, tmp_cache):
    """Two documents with the same text are one entry of the store; the index gives each its own postings, in
    corpus order, as the token table does."""
    copies = pd.concat([corpus, corpus.iloc[[3, 1]].assign(doc_id=["copy-3", "copy-1"])], ignore_index=True)
    copies = copies.iloc[[0, 5, 1, 2, 3, 6, 4]].reset_index(drop=True)
    store = analysis.tokens.token_store(copies, lexicon=seed_lexicon)
    assert len(set(zip(store.documents["file"], store.documents["doc"], strict=True))) == len(corpus)
    from_table = ConcordanceIndex(copies, store.table(), seed_lexicon)
    from_store = ConcordanceIndex(copies, store, seed_lexicon)
    _assert_same_index(from_store, from_table)
    assert set(from_store.search("데이터")["doc_id"]) >= {"copy-3", "copy-1"}


def _panels_html(explorer, doc_id: str, theme: str, term: str) -> dict:
    """What the explorer shows for a search, a document with a theme, the network tab and a click in it, and
    the topics tab."""
    explorer.concordance.search(term)
    shown = {"search": explorer.concordance.status.value + explorer.concordance.table.value,
             "counts": explorer.concordance.counts.value}
    explorer.open_document(doc_id, 10, 20)
    explorer.themes.show(doc_id, theme=theme)
    shown |= {"document": explorer.document.text.value, "meta": explorer.document.meta.value,
              "scores": explorer.themes.scores.value, "evidence": explorer.themes.evidence.value}
    explorer.widget.selected_index = explorer.TABS.index("network")
    explorer.network.select(term)
    shown |= {"neighbours": explorer.network.neighbours.value, "network lines": explorer.network.lines.value}
    explorer.widget.selected_index = explorer.TABS.index("topics")
    shown |= {"topics": explorer.topics.note.value + explorer.topics.term_table.value + explorer.topics.doc_table.value}
    return shown


def test_the_explorer_on_the_store_shows_what_it_shows_on_the_token_table(corpus, seed_lexicon, seed_store, log,
                                                                          tmp_cache):
    """Every panel, from the store, shows what it shows from the token table: concordance, counts, document,
    theme scores and evidence, the keyword network and a click in it, the topic model."""
    from analysis.explore.widgets import Explorer

    tokens = seed_store.table()
    graph_terms = tokens.loc[tokens["term"] != "", "term"].value_counts().index[:1].tolist()
    codebook = analysis.load_codebook(lexicon=seed_lexicon)
    scores = analysis.theme_scores(corpus, tokens, codebook)
    best = scores.sort_values(["hits", "doc_id", "theme"], ascending=[False, True, True]).iloc[0]
    from_table = _panels_html(explore(corpus, tokens, log=log, lexicon=seed_lexicon), best["doc_id"], best["theme"],
                              graph_terms[0])
    from_store = explore(corpus, seed_store, log=log, lexicon=seed_lexicon)
    assert isinstance(from_store, Explorer) and from_store.index.tokens is None
    shown = _panels_html(from_store, best["doc_id"], best["theme"], graph_terms[0])
    assert shown == from_table
    assert "<mark class='kp-hit'>" in shown["evidence"] and "kp-concordance-table" in shown["network lines"]


@pytest.mark.corpus
def test_an_index_built_from_an_epic_store_is_the_token_tables(tmp_path, monkeypatch):
    """The first 2,000 EPIC documents (tokens from the run's cache), their index built from the store in slices of
    100,000 postings into a folder of the test's own: the files of the token table's index, and the same
    searches and document views."""
    from analysis.explore import postings as P
    from analysis.paths import SHARED_CORPORA

    folder = SHARED_CORPORA / "kdi-epic"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared corpora are not on this machine)")
    monkeypatch.setattr(P, "PASS_ROWS", 100_000)
    monkeypatch.setattr(P, "index_folder", lambda key: tmp_path / key)
    corpus = analysis.load_corpus(folder).iloc[:2000].reset_index(drop=True)
    lexicon = analysis.load_lexicon(analysis.lexicon_folder(folder))
    store = analysis.tokens.token_store(corpus, lexicon=lexicon)
    tokens = store.table()
    from_table, from_store = ConcordanceIndex(corpus, tokens, lexicon), ConcordanceIndex(corpus, store, lexicon)
    _assert_same_index(from_store, from_table)
    frequent = tokens.loc[tokens["term"] != "", "term"].value_counts()
    for term in [*frequent.index[:10], *frequent.index[-5:]]:
        pd.testing.assert_frame_equal(from_store.search(term), from_table.search(term))
        pd.testing.assert_frame_equal(from_store.search(term, "form"), from_table.search(term, "form"))
    for doc in range(0, len(corpus), 97):
        pd.testing.assert_frame_equal(from_store.document_tokens(doc),
                                      from_table.document_tokens(doc).reset_index(drop=True))


def test_the_explorer_on_a_corpus_held_without_its_texts(corpus, tokens, index, log, tmp_cache):
    """A session holds its corpus without its texts (raw and cleaned): the document view reads a document's
    texts when it opens it, and shows the same text, audit entries and character counts as with the texts at
    hand; term and regex searches and their concordance lines are the same."""
    from analysis.explore.widgets import DocumentViewer

    held = analysis.load_corpus(raw_text=False, text=False)
    assert "raw_text" not in held and "text" not in held
    held_index = ConcordanceIndex(held, tokens)
    with_raw, without_raw = DocumentViewer(index), DocumentViewer(held_index)
    for doc_id in corpus["doc_id"]:
        pd.testing.assert_frame_equal(without_raw.entries(doc_id), with_raw.entries(doc_id))
        assert without_raw.raw_text(doc_id) == corpus.set_index("doc_id").at[doc_id, "raw_text"]
        without_raw.show(doc_id, [(0, 2)])
        with_raw.show(doc_id, [(0, 2)])
        assert without_raw.meta.value == with_raw.meta.value
        assert without_raw.text.value == with_raw.text.value and "kp-hit" in with_raw.text.value
    for query, mode in (("데이터", "term"), (r"인공지능\S*", "regex")):
        hits = index.search(query, mode=mode)
        assert len(hits) > 0
        pd.testing.assert_frame_equal(held_index.search(query, mode=mode), hits)
        for sort in ("document", "left"):
            pd.testing.assert_frame_equal(concordance_lines(held_index, hits, sort=sort),
                                          concordance_lines(index, hits, sort=sort))
    assert len(with_raw.entries(corpus["doc_id"].iloc[0])) == (log["doc_id"] == corpus["doc_id"].iloc[0]).sum()
