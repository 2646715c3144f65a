"""Explore a corpus in JupyterLab: from a count to its lines, from a line to its document.

``analysis.explore(corpus, tokens)`` (``tokens`` the token table, or the token store ``session.store``, which
the explorer never loads whole) returns one ipywidgets ``Tab`` with five panels, each usable alone:

- :class:`Concordance` -- a search box (canonical term, word form or regular expression), filters by
  publisher, document type and date range, context width, hit counts by document and by month, sorting
  by left or right context (as KH Coder and AntConc do), paged results and a CSV export;
- :class:`DocumentViewer` -- the cleaned text of a document with the match highlighted and, switched on,
  what cleaning removed shown in place (struck through, the rule on hover), beside its metadata and
  import notes;
- :class:`ThemeEvidence` -- a document's theme scores and the sentences behind one theme's score, with
  the matching keywords marked;
- :class:`KeywordNetwork` -- notebook 06's co-occurrence network as an ipysigma graph; clicking a term
  lists its neighbours and its concordance lines;
- :class:`TopicPanel` -- notebook 03's topic model (fitted, or read from its cache, when the tab is first
  opened): a topic's top terms by relevance (lambda 0.6, with phi), its stability across seeds and the documents
  with its highest share, each opening in the document viewer.

The logic under the widgets is plain functions over DataFrames, tested without a browser, in four modules:

- :mod:`~analysis.explore.index`: :class:`ConcordanceIndex` (the search index) and :func:`concordance_lines`;
- :mod:`~analysis.explore.postings`: the index's postings on disk (Parquet under ``.cache/explore``), built
  once per corpus and token table (or token store) and read a value at a time;
- :mod:`~analysis.explore.html`: the HTML builders (:func:`concordance_html`, :func:`document_html`,
  :func:`evidence_html`, :func:`topic_terms_html` ...), where document text is escaped;
- :mod:`~analysis.explore.widgets`: the five panels and :func:`explore`.
"""

from analysis.explore.html import (
    concordance_html,
    counts_html,
    document_html,
    evidence_html,
    topic_documents_html,
    topic_terms_html,
    visible_edit,
)
from analysis.explore.index import ConcordanceIndex, concordance_lines
from analysis.explore.widgets import (
    Concordance,
    DocumentViewer,
    Explorer,
    KeywordNetwork,
    ThemeEvidence,
    TopicPanel,
    explore,
    topic_options,
)

__all__ = [
    "Concordance", "ConcordanceIndex", "DocumentViewer", "Explorer", "KeywordNetwork", "ThemeEvidence", "TopicPanel",
    "concordance_html", "concordance_lines", "counts_html", "document_html", "evidence_html", "explore",
    "topic_documents_html", "topic_options", "topic_terms_html", "visible_edit",
]
