"""Findings of notebook 02: the leading term, each group's key term, the concordance searches and the
new-word candidates."""

from __future__ import annotations

import pandas as pd

from analysis.findings.core import DISTINCT_LOG_RATIO, KEYNESS_ALPHA, MIN_GROUPS, Finding, plural, ranked
from analysis.labels import label
from analysis.terms import largest_g2_terms

SPLIT_COMPOUND = "split compound: consider adding"  # a status of analysis.terms.new_word_candidates


def keyword_findings(counts: pd.DataFrame, keys: pd.DataFrame, lines: dict | None = None,
                     candidates: pd.DataFrame | None = None, unit: str = "document",
                     min_count: int | None = None) -> list[Finding]:
    """Findings of notebook 02: the leading term, each group's strongest keyness term (G2 and Log Ratio),
    what the KWIC searches found, and the new-word candidates.

    Parameters
    ----------
    counts : :func:`analysis.terms.term_counts` (groups as rows, terms as columns).
    keys : :func:`analysis.terms.keyness_table`; its first column is the group. Significance is read
        from ``keys.attrs["alpha"]`` when the table carries it, else :data:`KEYNESS_ALPHA`.
    lines : term -> :func:`analysis.kwic` table, for the searched terms.
    candidates : :func:`analysis.terms.new_word_candidates`.
    unit : what a group is ("document" or "publisher").
    min_count : the minimum count the candidates were extracted with, cited when given.

    Examples
    --------
    >>> counts = pd.DataFrame({"데이터": [5, 0], "지역": [0, 4]}, index=pd.Index(["a", "b"], name="group"))
    >>> print(keyword_findings(counts, pd.DataFrame(columns=["group", "term", "g2", "log_ratio"]))[0])
    The most frequent term is 데이터 (5 occurrences), present in 1 of 2 documents.
    """
    n = len(counts.index)
    totals = counts.sum() if n else pd.Series(dtype=int)
    totals = totals[totals > 0]
    if totals.empty:
        return [Finding("keywords.no_terms", "There are no content terms to count (no Korean text Kiwi could "
                        "read), so no term leads and none is distinctive.")]
    out = []
    term, total = ranked(totals, 1)[0]
    present = int((counts[term] > 0).sum())
    params = {"term": term, "total": total, "present": present, "groups": n, "units": plural(n, unit)}
    if n > 1 and present == n:
        out.append(Finding("keywords.leading_everywhere", "The most frequent term is {term} ({total} occurrences), "
                           "present in all {groups} {units}: shared ground rather than a distinction.",
                           {k: v for k, v in params.items() if k != "present"}))
    else:
        out.append(Finding("keywords.leading", "The most frequent term is {term} ({total} occurrences), present "
                           "in {present} of {groups} {units}.", params))

    alpha = float(keys.attrs.get("alpha", KEYNESS_ALPHA))
    cutoff = keys.attrs.get("threshold", alpha)  # the per-test p cutoff after correction for the number of tests
    if cutoff != cutoff:  # Holm or BH with nothing significant: no p-value passed, so the family's alpha is cited
        cutoff = alpha
    significance = f"p < {cutoff:.1e}" if cutoff < 0.001 else f"p < {cutoff:.3f}"
    if keys.attrs.get("adjust"):
        significance += label("significance.adjusted", adjust=keys.attrs["adjust"],
                              tests=f"{keys.attrs.get('tests', 0):,}")
    if n < MIN_GROUPS:
        out.append(Finding("keywords.one_group", "With {groups} {units} there is nothing to compare against: "
                           "keyness needs at least {threshold} {plural}.",
                           {"groups": n, "units": plural(n, unit), "threshold": MIN_GROUPS,
                            "plural": plural(MIN_GROUPS, unit)}))
    else:
        by = keys.columns[0]
        top = largest_g2_terms(keys)
        most_distinct = keys.drop_duplicates(by).set_index(by)["log_ratio"]  # the table is ranked by Log Ratio
        without = [str(g) for g in counts.index if g not in top.index]
        clear = int((most_distinct.astype(float) >= DISTINCT_LOG_RATIO).sum())
        for group in counts.index:
            if group not in top.index:
                continue
            row = top.loc[group]
            out.append(Finding("keywords.key_term", "Strongest key term of {group} against the rest (largest G2): "
                               "{term} (G2 {g2}, {significance}; Log Ratio {log_ratio}).",
                               {"group": str(group), "term": row["term"], "g2": float(row["g2"]),
                                "significance": significance, "log_ratio": float(row["log_ratio"])}))
        if without:
            out.append(Finding("keywords.no_key_term", "No term is over-represented at {significance} in {count} "
                               "of {groups} {units}: {without}.",
                               {"significance": significance, "count": len(without), "groups": n,
                                "units": plural(n, unit), "without": without}))
        if len(top):
            out.append(Finding("keywords.clear_terms", "In {clear} of {groups} {units} the most distinctive term is "
                               "at least twice as frequent as in the rest (Log Ratio {threshold} or more).",
                               {"clear": clear, "groups": n, "units": plural(n, unit),
                                "threshold": DISTINCT_LOG_RATIO}))

    for searched, table in (lines or {}).items():
        if len(table) == 0:
            out.append(Finding("kwic.absent", "A concordance search for {term} finds nothing in this corpus.",
                               {"term": searched}))
            continue
        forms = ranked(table["match"].value_counts())
        params = {"term": searched, "lines": len(table), "documents": int(table["doc_id"].nunique()),
                  "noun": plural(int(table["doc_id"].nunique()), "document")}
        if len(forms) > 1:
            out.append(Finding("kwic.forms", "A concordance search for {term} finds {lines} lines in {documents} "
                               "{noun}, written {count} ways: {forms}.",
                               params | {"count": len(forms), "forms": forms}))
        else:
            out.append(Finding("kwic.lines", "A concordance search for {term} finds {lines} {line_noun} in "
                               "{documents} {noun}.", params | {"line_noun": plural(len(table), "line")}))

    if candidates is not None:
        read = candidates.attrs.get("documents_read")
        at = " (each seen {min_count} times or more)" if min_count is not None else ""
        params = {"candidates": len(candidates)} | ({"min_count": min_count} if min_count is not None else {})
        if len(candidates) == 0:
            out.append(Finding("newwords.none", "Kiwi proposes no new-word candidate" + at + ": too little "
                               "repeated text to find any.", {k: v for k, v in params.items() if k != "candidates"}))
        else:
            split = candidates[candidates["status"] == SPLIT_COMPOUND]
            text = "New-word candidates Kiwi proposes" + at
            text += " in the {read} {read_noun} read" if read is not None else ""
            text += ": {candidates}"
            params |= {"read": int(read), "read_noun": plural(int(read), "document")} if read is not None else {}
            if len(split):
                text += "; compounds Kiwi splits, worth a look for the user dictionary: {split}, such as {examples}."
                params |= {"split": len(split), "examples": list(split["form"].head(5))}
            else:
                text += "; none is a compound Kiwi splits, so none calls for a user-dictionary entry."
            out.append(Finding("newwords.split" if len(split) else "newwords.nothing_to_add", text, params))
    return out
