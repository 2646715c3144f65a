"""The audit check: the cleaning log gives back every raw file, and not a text it does not explain."""

from __future__ import annotations

import analysis
from analysis import findings
from analysis.audit import rebuilds_raw
from analysis.corpus import document_lengths


def test_the_seeds_log_rebuilds_every_raw_file(corpus):
    log = analysis.cleaning_log(corpus)
    assert rebuilds_raw(corpus, log) == [True] * len(corpus)


def with_text_added(corpus):
    """The corpus with a character added to the end of the first document's cleaned text, which the log does
    not account for."""
    changed = corpus.copy()
    changed.loc[changed.index[0], "text"] += "."
    return changed


def test_a_text_the_log_does_not_explain_fails_for_that_document_only(corpus):
    log = analysis.cleaning_log(corpus)
    assert rebuilds_raw(with_text_added(corpus), log) == [False] + [True] * (len(corpus) - 1)


def test_the_findings_cite_the_same_check(corpus):
    log, changed = analysis.cleaning_log(corpus), with_text_added(corpus)
    found = {f.key: f for f in findings.corpus_findings(changed, log, document_lengths(corpus),
                                                        analysis.tokenize(corpus))}
    assert found["audit.incomplete"].params == {"ok": len(corpus) - 1, "documents": len(corpus),
                                                "spans": len(log)}
