"""Findings of notebook 03: how much the codebook codes, which keywords carry the themes, each document's
or group's leading theme."""

from __future__ import annotations

import pandas as pd

from analysis.findings.core import (
    CLEAR_THEME_MARGIN,
    LOW_CODED_DOCUMENTS,
    LOW_CODED_SHARE,
    TOP_LISTED,
    Finding,
    Share,
)


def _theme_carriers(hits: pd.DataFrame, labels: dict) -> list[Finding]:
    """For the themes with most hits, which keywords carry them: a codebook can cover a corpus through a few
    generic words (지원, 기업, 안전), and a reader should see that before reading the score as the theme."""
    if hits.empty or "keyword" not in hits.columns:
        return []
    totals = hits.groupby("theme").size().sort_values(ascending=False, kind="stable")
    by_keyword = hits.fillna({"keyword": "?"}).groupby(["theme", "keyword"]).size()
    out = []
    for theme in totals.index[:TOP_LISTED]:
        top = by_keyword.loc[theme].sort_values(ascending=False, kind="stable").head(TOP_LISTED)
        out.append(Finding("themes.carried_by", "{theme}: {share} of its {hits} hits come from {keywords}; read "
                           "them in context before taking the score for the theme.",
                           {"theme": labels.get(theme, theme), "share": Share(top.sum() / totals[theme]),
                            "hits": int(totals[theme]), "keywords": [(str(k), int(v)) for k, v in top.items()]}))
    return out


def no_codebook_findings() -> list[Finding]:
    """The finding of a run without a codebook (``lexicon.codebook is None``: the defaults hold none): there
    are no theme scores, and how to add a codebook.

    Examples
    --------
    >>> [f.key for f in no_codebook_findings()]
    ['themes.no_codebook']
    """
    return [Finding("themes.no_codebook", "This corpus has no theme codebook (the default lexicon holds none), so "
                    "there are no theme scores. A codebook written for it (a `theme_codebook.txt` in its `lexicon/` "
                    "folder, in the format of `seeds/lexicon/theme_codebook.txt`) gives them.", {})]


def theme_findings(scores: pd.DataFrame, hits: pd.DataFrame, tokens: pd.DataFrame, labels: dict | None = None,
                   unit: str = "document", codebook_name: str | None = None) -> list[Finding]:
    """Findings of notebook 03: how much of the corpus the codebook codes (too little below
    :data:`LOW_CODED_SHARE` of sentences or :data:`LOW_CODED_DOCUMENTS` of documents), the leading theme of
    each document or group (clear or narrow by :data:`CLEAR_THEME_MARGIN`). The topic model's findings are
    :func:`analysis.findings.topic_findings`.

    Parameters
    ----------
    scores : :func:`analysis.theme_scores` at document level, with a ``group`` column when documents are
        grouped (as notebook 03 adds); shares per group are its hits summed over the group.
    hits : :func:`analysis.themes.theme_hits`; tokens : :func:`analysis.tokenize` (for the sentences).
    labels : theme -> readable label. codebook_name : which codebook was used, cited when given.

    Examples
    --------
    >>> found = theme_findings(scores, hits, tokens, labels, unit=unit)          # doctest: +SKIP
    """
    labels = labels or {}
    name = {"codebook": codebook_name} if codebook_name else {}
    which = "The codebook ({codebook})" if codebook_name else "The codebook"
    sentences = tokens[["doc_id", "sent_id"]].drop_duplicates()
    documents = int(sentences["doc_id"].nunique())
    coded = hits[["doc_id", "sent_id"]].drop_duplicates()
    out = []
    if coded.empty:
        out.append(Finding("themes.no_hits", which + " codes nothing here: none of the {sentences} sentences "
                           "matches a keyword or pattern of its {themes} themes, so there are no theme scores to "
                           "read. A codebook written for this corpus (a `theme_codebook.txt` in its `lexicon/` "
                           "folder, in the format of `seeds/lexicon/theme_codebook.txt`) is needed.",
                           name | {"sentences": len(sentences), "themes": int(scores["theme"].nunique())}))
        return out
    share = Share(len(coded) / len(sentences)) if len(sentences) else Share(0.0)
    out.append(Finding("themes.coverage", which + " codes {coded} of {sentences} sentences ({share}) in "
                       "{coded_documents} of {documents} documents.",
                       name | {"coded": len(coded), "sentences": len(sentences), "share": share,
                               "coded_documents": int(coded["doc_id"].nunique()), "documents": documents}))
    document_share = coded["doc_id"].nunique() / documents if documents else 0.0
    if share < LOW_CODED_SHARE or document_share < LOW_CODED_DOCUMENTS:
        out.append(Finding("themes.codes_little", "Coding fewer than {sentence_threshold} of the sentences or "
                           "{document_threshold} of the documents, the codebook codes little of this corpus, and "
                           "its scores rest on few sentences. A codebook written for it (a `theme_codebook.txt` "
                           "in its `lexicon/` folder, in the format of `seeds/lexicon/theme_codebook.txt`) would "
                           "describe it better.", {"sentence_threshold": Share(LOW_CODED_SHARE),
                                                   "document_threshold": Share(LOW_CODED_DOCUMENTS)}))
    out += _theme_carriers(hits, labels)

    by = "group" if "group" in scores.columns else "doc_id"
    table = scores.groupby([by, "theme"])["hits"].sum().unstack(fill_value=0)
    for group, row in table.iterrows():
        total = int(row.sum())
        if total == 0:
            out.append(Finding("themes.group_no_hits", "{group}: no theme hit.", {"group": str(group)}))
            continue
        ranked = sorted(((-v / total, labels.get(t, t)) for t, v in row.items()))
        (first, theme), (second, runner) = ranked[0], ranked[1] if len(ranked) > 1 else (0.0, "none")
        if second == 0:
            out.append(Finding("themes.sole_theme", "{group}: {theme} is the only theme with hits ({hits}).",
                               {"group": str(group), "theme": theme, "hits": total}))
            continue
        margin = round(second - first, 9)  # shares are ratios of counts: no float noise at the threshold
        params = {"group": str(group), "theme": theme, "share": -first, "margin": margin,
                  "runner": runner, "threshold": CLEAR_THEME_MARGIN}
        if margin >= CLEAR_THEME_MARGIN:
            out.append(Finding("themes.clear_lead", "{group}: {theme} leads clearly with a share of {share} of theme "
                               "hits, {margin} ahead of {runner} (clear: at least {threshold} ahead).", params))
        else:
            out.append(Finding("themes.narrow_lead", "{group}: {theme} leads narrowly with a share of {share} of "
                               "theme hits, only {margin} ahead of {runner} (less than the {threshold} a clear lead "
                               "needs).", params))

    return out
