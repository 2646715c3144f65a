"""Findings of notebook 03's topic model (:mod:`analysis.topics`): why there is no model, or how it was made,
k and why, the topics' stability, the group that leads each topic, the topics that rise or fall, and what each
seeded topic picked up."""

from __future__ import annotations

import pandas as pd

from analysis.findings.core import MIN_GROUPS, Finding, Share

TOPIC_GROUP_MIN_DOCUMENTS = 3  # a group with fewer documents cannot lead a topic: its mean is a few documents


def _topic_model_findings(model, labels: dict) -> list[Finding]:
    """How the model was made: units, terms, k and why, sampling, documents left without terms."""
    settings = model.settings
    out = [Finding("topics.units", "The topic model reads {units} units (documents, a long one cut at paragraphs into "
                   "pieces of about {piece_terms} terms); {vocabulary} terms occur in at least {min_df} units, and "
                   "the {removed} most frequent were removed ({removed_terms}).",
                   {"units": model.units, "vocabulary": len(model.vocabulary), "min_df": settings["min_df"],
                    "removed": len(model.removed_terms), "removed_terms": list(model.removed_terms[:5]) or "none",
                    "piece_terms": settings["piece_terms"]})]
    if model.k_scores is not None and len(model.k_scores):
        row = model.k_scores.set_index("k").loc[model.k]
        out.append(Finding("topics.k_chosen", "k = {k}, chosen over k = {grid} by the best sum of ranks of NPMI "
                           "coherence ({coherence}) and held-out log-likelihood per word ({held_out}); ties go to "
                           "the higher coherence, then the smaller k.",
                           {"k": model.k, "grid": [int(k) for k in model.k_scores["k"]],
                            "coherence": float(row["coherence"]), "held_out": float(row["held_out_ll"])}))
        if len(model.k_scores) > 1 and model.k == int(model.k_scores["k"].max()):
            out.append(Finding("topics.k_at_edge", "k = {k} is the largest value searched: the corpus may hold more "
                               "topics than the grid reaches, and `topic_model(tokens, k=...)` looks beyond it.",
                               {"k": model.k}))
    else:
        out.append(Finding("topics.k_given", "k = {k} was given, not chosen.", {"k": model.k}))
    if model.fit_sampled:
        out.append(_fit_sample_finding(model))
    elif model.sampled:
        out.append(Finding("topics.sampled", "The k search and the stability refits ran on a fixed random sample "
                           "of {sampled} of the {units} units; the final model on all of them.",
                           {"sampled": model.sampled, "units": model.units}))
    if model.empty_documents:
        out.append(Finding("topics.empty_documents", "{count} documents have no content term left after the "
                           "filters and are not in the model (listed in the notebook): {examples}.",
                           {"count": len(model.empty_documents), "examples": list(model.empty_documents[:3])}))
    stable = model.stability[model.stability["stable"]]
    from analysis.topics import STABLE_SHARE

    flagged = model.stability.loc[~model.stability["stable"], "topic"]
    unstable = [labels.get(t, t).removesuffix(" (unstable)") for t in flagged]
    out.append(Finding("topics.stability", "Refitted with four other seeds, {stable} of {k} topics keep at least "
                       "{threshold} of their top-10 terms; unstable: {unstable}.",
                       {"stable": len(stable), "k": model.k, "threshold": Share(STABLE_SHARE),
                        "unstable": unstable or "none"}))
    return out


def _fit_sample_finding(model) -> Finding:
    """What a model fitted on a sample of the units read: the sample, and every unit's shares inferred."""
    from analysis.topics import INFER_ITERATIONS

    return Finding("topics.fit_sampled", "The final model (and the seeded one, with a codebook) was fitted on a "
                   "fixed random sample of {fit_sampled} of the {units} units (the k search and the stability "
                   "refits on {sampled} of those), and every unit's topic shares were inferred from it (tomotopy's "
                   "infer, {iterations} sweeps per unit).",
                   {"fit_sampled": model.fit_sampled, "units": model.units, "sampled": model.sampled or model.units,
                    "iterations": INFER_ITERATIONS})


def _topic_group_findings(by_group: pd.DataFrame, labels: dict, group_name: str) -> list[Finding]:
    """The group that leads each topic, among groups of at least :data:`TOPIC_GROUP_MIN_DOCUMENTS` documents."""
    eligible = by_group[(by_group["documents"] >= TOPIC_GROUP_MIN_DOCUMENTS) & (by_group["group"] != "other")]
    if eligible["group"].nunique() < MIN_GROUPS:
        return [Finding("topics.groups_small", "Fewer than {min_groups} {group_name} groups have {threshold} "
                        "documents or more, so no group is said to lead a topic.",
                        {"min_groups": MIN_GROUPS, "group_name": group_name,
                         "threshold": TOPIC_GROUP_MIN_DOCUMENTS})]
    out = []
    for topic, part in eligible.groupby("topic", sort=False):
        best = part.sort_values(["share", "group"], ascending=[False, True], kind="stable").iloc[0]
        out.append(Finding("topics.leader", "{topic}: led by {group} (mean share {share}, 95% interval {low} to "
                           "{high}, {documents} documents).",
                           {"topic": labels.get(topic, topic), "group": str(best["group"]),
                            "share": float(best["share"]), "low": float(best["low"]), "high": float(best["high"]),
                            "documents": int(best["documents"])}))
    return out


def _topic_trend_findings(trends: pd.DataFrame, labels: dict, alpha: float) -> list[Finding]:
    if trends is None or trends.empty:
        return [Finding("topics.no_time", "Fewer than two distinct publication dates: no trend is tested.", {})]
    out = []
    for row in trends.itertuples(index=False):
        if row.direction == "flat":
            continue
        params = {"topic": labels.get(row.topic, row.topic), "slope": float(row.slope_per_year),
                  "p": float(row.p_adjusted), "alpha": alpha}
        if row.direction == "rises":
            out.append(Finding("topics.rises", "{topic} rises over time (OLS slope of document shares on date, "
                               "{slope} per year, Bonferroni-corrected p = {p} < {alpha}).", params))
        else:
            out.append(Finding("topics.falls", "{topic} falls over time (OLS slope of document shares on date, "
                               "{slope} per year, Bonferroni-corrected p = {p} < {alpha}).", params))
    if not out:
        out.append(Finding("topics.no_trend", "No topic rises or falls: no OLS slope of document shares on date "
                           "has a Bonferroni-corrected p below {alpha}.", {"alpha": alpha}))
    return out


def _seeded_findings(seeded: pd.DataFrame) -> list[Finding]:
    out = []
    for row in seeded.itertuples(index=False):
        picked = row.picked_up.split(", ")[:5] if row.picked_up else "none"
        out.append(Finding("topics.seeded", "{theme}: its seeded topic holds {mass} of its probability on its "
                           "{seed_words} seed words, {kept} of its ten top terms are seed words, and it picked up "
                           "{picked}.",
                           {"theme": str(row.label), "mass": float(row.seed_mass), "seed_words": int(row.seed_words),
                            "kept": Share(float(row.seeds_in_top)), "picked": picked}))
    return out


def topic_findings(model, by_group: pd.DataFrame | None = None, trends: pd.DataFrame | None = None,
                   group_name: str = "publisher", alpha: float = 0.05) -> list[Finding]:
    """Findings of notebook 03's topic model: why there is none (a corpus too small), or how it was made,
    k and why, the topics' stability, the group that leads each topic (:data:`TOPIC_GROUP_MIN_DOCUMENTS`),
    the topics that rise or fall (OLS, Bonferroni, ``alpha``), and what each seeded topic picked up.

    Parameters
    ----------
    model : :func:`analysis.topic_model`. by_group : ``model.prevalence(corpus, by=...)``.
    trends : :func:`analysis.topics.topic_trends`. group_name : what the groups are (publisher ...).

    Examples
    --------
    >>> trends = topic_trends(model.doc_topics, corpus)                       # doctest: +SKIP
    >>> found = topic_findings(model, model.prevalence(corpus), trends)        # doctest: +SKIP
    """
    if not model.fitted:
        return [Finding("topics.too_small", "No topic model: {reason}.", {"reason": model.reason})]
    labels = model.labels()
    out = _topic_model_findings(model, labels)
    means = model.doc_topics.mean().sort_values(ascending=False, kind="stable")
    out.append(Finding("topics.largest", "The largest topic is {topic}, with a mean share of {share} of the "
                       "documents.", {"topic": labels[means.index[0]], "share": Share(float(means.iloc[0]))}))
    if by_group is not None and len(by_group):
        out += _topic_group_findings(by_group, labels, group_name)
    out += _topic_trend_findings(trends, labels, alpha)
    if model.seeded is not None and len(model.seeded):
        out += _seeded_findings(model.seeded)
    return out
