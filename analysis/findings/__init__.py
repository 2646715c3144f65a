"""Findings written from results: each sentence a template plus its numbers, for whatever corpus is loaded.

The notebooks close with what their results say. On the seeds a hand-written narrative does that; on any
other corpus the closing cell shows the sentences of this package, written from that run's tables. Two
models shape it:

- easystats/report: one function per result type (here, one module per notebook), and wording such as
  "clearly" or "narrowly" chosen by a named threshold that the sentence cites;
- great_expectations' renderers: a sentence is kept as a template plus its parameters (:class:`Finding`),
  so tests check the numbers and each side of every threshold rather than snapshots of prose.

Where things are:

- :mod:`~analysis.findings.core`: :class:`Finding`, :class:`Share`, :func:`format_value`, :func:`render`
  and the named thresholds (its docstring lists them);
- :mod:`~analysis.findings.header`: :func:`corpus_header`, which corpus a notebook describes;
- one module per notebook: :mod:`~analysis.findings.corpus` (01), :mod:`~analysis.findings.keywords` (02),
  :mod:`~analysis.findings.themes` and :mod:`~analysis.findings.topics` (03), :mod:`~analysis.findings.comparison` (04),
  :mod:`~analysis.findings.actors` (05), :mod:`~analysis.findings.network` (06), each with its English
  templates beside the code that computes their numbers;
- :mod:`~analysis.findings.templates`: the templates in the other languages (Korean), as data.
"""

from analysis.findings.actors import UNDATED_NOTE, actor_findings
from analysis.findings.comparison import comparison_findings
from analysis.findings.core import (
    AGREEING_RHO,
    CLEAR_THEME_MARGIN,
    DISTINCT_LOG_RATIO,
    DOMINANT_RATIO,
    HEAVY_CLEANING,
    HIGH_SIMILARITY,
    KEYNESS_ALPHA,
    LOW_CODED_DOCUMENTS,
    LOW_CODED_SHARE,
    LOW_SIMILARITY,
    MIN_GROUPS,
    MIN_PAIR_UNITS,
    MIN_PAIRS,
    MIN_TYPE_DOCUMENTS,
    SMALL_CORPUS,
    Finding,
    Share,
    format_value,
    render,
)
from analysis.findings.corpus import corpus_findings
from analysis.findings.header import content_digest, corpus_header, is_seed_corpus
from analysis.findings.keywords import SPLIT_COMPOUND, keyword_findings
from analysis.findings.network import network_findings
from analysis.findings.themes import no_codebook_findings, theme_findings
from analysis.findings.topics import TOPIC_GROUP_MIN_DOCUMENTS, topic_findings

__all__ = [
    "AGREEING_RHO", "CLEAR_THEME_MARGIN", "DISTINCT_LOG_RATIO", "DOMINANT_RATIO", "HEAVY_CLEANING", "HIGH_SIMILARITY",
    "KEYNESS_ALPHA", "LOW_CODED_DOCUMENTS", "LOW_CODED_SHARE", "LOW_SIMILARITY", "MIN_GROUPS", "MIN_PAIRS",
    "MIN_PAIR_UNITS", "MIN_TYPE_DOCUMENTS", "SMALL_CORPUS", "SPLIT_COMPOUND", "UNDATED_NOTE",
    "Finding", "Share", "actor_findings", "comparison_findings", "content_digest", "corpus_findings", "corpus_header",
    "format_value", "is_seed_corpus", "keyword_findings", "network_findings", "no_codebook_findings", "render",
    "theme_findings", "TOPIC_GROUP_MIN_DOCUMENTS", "topic_findings",
]
