"""Findings of notebook 01: the documents, their dates and publishers, the import, the audit log, what
cleaning removed and the tokens."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.aggregates import TokenSummary
from analysis.audit import rebuilds_raw
from analysis.findings.core import HEAVY_CLEANING, SMALL_CORPUS, TOP_LISTED, Finding, Share, plural, ranked


def corpus_findings(corpus: pd.DataFrame, log: pd.DataFrame, lengths: pd.DataFrame,
                    tokens: pd.DataFrame | TokenSummary, report: pd.DataFrame | None = None,
                    rebuilt: Sequence[bool] | None = None) -> list[Finding]:
    """Findings of notebook 01: the documents, their dates and publishers, the import, the audit log,
    what cleaning removed and the tokens.

    Parameters
    ----------
    corpus, log, lengths : :func:`analysis.load_corpus`, :func:`analysis.cleaning_log`,
        :func:`analysis.corpus.document_lengths`.
    tokens : the token table (:func:`analysis.tokenize`) or what it adds up to
        (:class:`analysis.aggregates.TokenSummary`, counted from the token store without loading it).
    report : :func:`analysis.corpus.import_report` (its ``attrs`` carry rows read, kept, set aside).
    rebuilt : one bool per document, whether the log rebuilds its raw text
        (:func:`analysis.audit.rebuilds_raw`); computed when not given.

    Examples
    --------
    >>> found = corpus_findings(corpus, log, lengths, tokens, report, rebuilt)   # doctest: +SKIP
    >>> Markdown(render(found))                                                 # doctest: +SKIP
    """
    from analysis.clean import removal_summary

    n = len(corpus)
    if n == 0:
        return [Finding("corpus.empty", "No document was loaded: there is nothing to describe.")]
    out = []
    types = ranked(corpus["doc_type"].fillna("unknown").value_counts()) if "doc_type" in corpus else []
    out.append(Finding("corpus.size", "Documents: {documents}, by type: {types}.", {"documents": n, "types": types}))
    if n < SMALL_CORPUS:
        out.append(Finding("corpus.small", "With {documents} {noun} (fewer than {threshold}), every finding below "
                           "describes these texts, not a wider population.",
                           {"documents": n, "noun": plural(n, "document"), "threshold": SMALL_CORPUS}))

    dated = corpus["published"].dropna()
    bulk = None
    if len(dated) and dated.min() < dated.max():
        from analysis.timeline import plausible_span

        bulk = plausible_span(dated)
    if dated.empty:
        out.append(Finding("corpus.no_dates", "No document has a publication date, so nothing in this run can be "
                           "placed in time and relative dates stay unresolved."))
    elif dated.min() == dated.max():
        out.append(Finding("corpus.one_date", "Every dated document ({dated} of {documents}) carries the same "
                           "publication date, {first}: nothing here can show change over time.",
                           {"dated": len(dated), "documents": n, "first": dated.min()}))
    elif bulk is not None and bulk.outside:
        # a sparse tail of old or future dates: the span the documents fill is the range to read, the rest counted
        out.append(Finding("corpus.dates_outside", "Most dated documents ({inside} of {dated}) lie from {start} to "
                           "{end} (the rule of the time axes); {outside} lie outside that span (all dates run from "
                           "{first} to {last}) and are counted, not taken as the range.",
                           {"inside": len(dated) - bulk.outside, "dated": len(dated), "start": bulk.start,
                            "end": bulk.end, "outside": bulk.outside, "first": dated.min(), "last": dated.max()}))
        if len(dated) < n:
            out.append(Finding("corpus.undated", "{undated} of {documents} documents have no publication date.",
                               {"undated": n - len(dated), "documents": n}))
    elif len(dated) == n:
        out.append(Finding("corpus.dates", "Publication dates span {first} to {last}.",
                           {"first": dated.min(), "last": dated.max()}))
    else:
        out.append(Finding("corpus.dates_partly", "Publication dates span {first} to {last}; {undated} of "
                           "{documents} documents have none.",
                           {"first": dated.min(), "last": dated.max(), "undated": n - len(dated), "documents": n}))

    publishers = (corpus["publisher"].fillna("").astype(str) if "publisher" in corpus
                  else pd.Series("", index=corpus.index))
    known = publishers[~publishers.str.strip().str.lower().isin(["", "unknown", "nan"])]
    if known.empty:
        out.append(Finding("corpus.no_publisher", "No document names its publisher, so nothing here compares "
                           "publishers."))
    elif known.nunique() == 1:
        out.append(Finding("corpus.one_publisher", "Every document with a known publisher ({known} of {documents}) "
                           "comes from {publisher}: publisher comparisons do not apply.",
                           {"known": len(known), "documents": n, "publisher": known.iloc[0]}))
    else:
        top = ranked(known.value_counts())
        out.append(Finding("corpus.publishers", "{publishers} publishers; most documents: {top}.",
                           {"publishers": known.nunique(), "top": top[:TOP_LISTED]}))

    if report is not None:
        attrs = report.attrs
        flagged = report[report["action"] == "kept, flagged"] if len(report) else report
        reasons = ranked(flagged["kind"].value_counts(), TOP_LISTED) if len(flagged) else []
        params = {"read": int(attrs.get("rows_read", n)), "kept": int(attrs.get("kept", n)),
                  "aside": int(attrs.get("set_aside", 0)), "flagged": len(flagged)}
        if reasons:
            out.append(Finding("import.flagged", "Import: of {read} rows read, {kept} kept and {aside} set aside; "
                               "{flagged} kept with a flag ({reasons}).", params | {"reasons": reasons}))
        else:
            params.pop("flagged")
            out.append(Finding("import.clean", "Import: of {read} rows read, {kept} kept and {aside} set aside; "
                               "none flagged.", params))

    if rebuilt is None:
        rebuilt = rebuilds_raw(corpus, log)
    ok = int(sum(bool(r) for r in rebuilt))
    params = {"ok": ok, "documents": len(rebuilt), "spans": len(log)}
    if ok == len(rebuilt):
        out.append(Finding("audit.complete", "Putting the {spans} logged spans back into the cleaned text gives "
                           "the raw file exactly, for {ok} of {documents} documents.", params))
    else:
        out.append(Finding("audit.incomplete", "The cleaning log is incomplete: the {spans} logged spans give back "
                           "the raw file for only {ok} of {documents} documents.", params))

    raw, clean = int(lengths["raw_chars"].sum()), int(lengths["clean_chars"].sum())
    if log.empty or raw == clean:
        out.append(Finding("cleaning.nothing", "Cleaning left the text as it was ({raw} characters).", {"raw": raw}))
    else:
        by_rule = removal_summary(log).groupby("rule")["net_removed"].sum()
        rule, rule_chars = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(Finding("cleaning.removed", "Cleaning took out {share} of the characters ({raw} to {clean}); "
                           "the rule that removed most is {rule} ({rule_chars} characters net).",
                           {"share": Share(1 - clean / raw), "raw": raw, "clean": clean, "rule": rule,
                            "rule_chars": int(rule_chars)}))
        top = lengths.sort_values(["share_removed", "doc_id"], ascending=[False, True]).iloc[0]
        heavy = int((lengths["share_removed"] >= HEAVY_CLEANING).sum())
        if n > 1:
            out.append(Finding("cleaning.most", "{doc} lost the largest share of its characters: {share} ({chars} "
                               "characters).", {"doc": str(top["doc_id"]), "share": Share(top["share_removed"]),
                                                "chars": int(top["raw_chars"] - top["clean_chars"])}))
        if heavy:
            out.append(Finding("cleaning.heavy", "{heavy} of {documents} documents lost {threshold} or more of "
                               "their characters; their removed spans are worth reading in the log.",
                               {"heavy": heavy, "documents": n, "threshold": Share(HEAVY_CLEANING)}))

    summary = tokens if isinstance(tokens, TokenSummary) else TokenSummary.of_table(tokens)
    if summary.frequencies.empty:
        out.append(Finding("tokens.no_terms", "Kiwi found no content term in {tokens} tokens (there is no Korean "
                           "text it could read), so the term-based notebooks have nothing to count.",
                           {"tokens": summary.tokens}))
    else:
        top = ranked(summary.frequencies, 2)
        out.append(Finding("tokens.summary", "Tokenized text: {sentences} sentences, {tokens} tokens, {distinct} "
                           "distinct terms; most frequent: {top}.",
                           {"sentences": summary.sentences, "tokens": summary.tokens,
                            "distinct": len(summary.frequencies), "top": top}))
    return out
