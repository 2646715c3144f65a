"""Findings of notebook 05: organizations, people, places, amounts of money and compute, and the dates the
documents mention."""

from __future__ import annotations

import pandas as pd

from analysis.entities import UNRESOLVED_NOTE
from analysis.findings.core import TOP_LISTED, Finding, plural, ranked

UNDATED_NOTE = UNRESOLVED_NOTE  # how analysis.entities.events marks a mention it could not date


def _amount(value: float):
    return int(value) if float(value).is_integer() else float(value)


def actor_findings(found: pd.DataFrame, dates: pd.DataFrame,
                   window: tuple[str, str] | None = None) -> list[Finding]:
    """Findings of notebook 05: the organization types mentioned most, people, places, the largest
    amount in each currency and of compute, and the dates the documents mention.

    Parameters
    ----------
    found : :func:`analysis.entities`; dates : :func:`analysis.events`.
    window : the (first, last) dates the timeline shows; mentions outside it are counted when given.

    Examples
    --------
    >>> found = actor_findings(found, dates)                        # doctest: +SKIP
    """
    out = []
    orgs = found[found["kind"] == "organization"]
    if orgs.empty:
        out.append(Finding("actors.no_organizations", "No organization is found (neither in the gazetteer nor by "
                           "its suffix)."))
    else:
        out.append(Finding("actors.types", "{mentions} organization mentions; the most frequent types: {types}.",
                           {"mentions": len(orgs), "types": ranked(orgs["type"].value_counts(), TOP_LISTED)}))
        unknown = orgs[orgs["type"].str.startswith("unknown")]
        if len(unknown):
            out.append(Finding("actors.unknown", "Typed by their suffix only, for a reader to check: {unknown} of "
                               "these mentions.", {"unknown": len(unknown)}))
    people = found.loc[found["kind"] == "person", "value"].str.split(" ").str[0]
    if people.empty:
        out.append(Finding("actors.no_people", "No person appears beside a title (the rule looks for a Korean "
                           "surname there)."))
    else:
        out.append(Finding("actors.people", "People identified by a title: {people}.", {"people": people.nunique()}))
    places = found.loc[found["kind"] == "place", "value"]
    if len(places):
        out.append(Finding("actors.places", "Most mentioned places: {places}.",
                           {"places": ranked(places.value_counts(), TOP_LISTED)}))

    money = found[found["kind"] == "money"].assign(amount=lambda d: d["value"].astype(float))
    if money.empty:
        out.append(Finding("amounts.no_money", "No amount of money is stated."))
    for currency, rows in money.groupby("type", sort=True):
        top = rows.sort_values(["amount", "doc_id"], ascending=[False, True]).iloc[0]
        out.append(Finding("amounts.largest", "{currency}: {count} {noun}, the largest {text} ({amount} "
                           "{currency}) in {doc}.",
                           {"currency": str(currency), "count": len(rows), "noun": plural(len(rows), "amount"),
                            "text": str(top["text"]), "amount": _amount(top["amount"]), "doc": str(top["doc_id"])}))
    compute = found[found["kind"] == "compute"]
    if len(compute):
        peak = compute.assign(peak=compute["value"].astype(str).str.split(", ").map(lambda v: max(map(float, v))))
        top = peak.sort_values(["peak", "doc_id"], ascending=[False, True]).iloc[0]
        out.append(Finding("amounts.compute", "Compute: {count} {noun}, the largest {text} ({peak} TFLOPS) in {doc}.",
                           {"count": len(compute), "noun": plural(len(compute), "mention"), "text": str(top["text"]),
                            "peak": _amount(top["peak"]), "doc": str(top["doc_id"])}))

    undated = dates.loc[dates["note"].astype(str) == UNDATED_NOTE, "doc_id"].nunique()
    resolved = dates[dates["date"].notna()]
    if resolved.empty:
        out.append(Finding("dates.none", "No date mention could be placed on a calendar."))
    else:
        out.append(Finding("dates.span", "{mentions} date mentions, from {first} to {last}; by kind: {kinds}.",
                           {"mentions": len(resolved), "first": resolved["date"].min(), "last": resolved["date"].max(),
                            "kinds": ranked(resolved["kind"].value_counts())}))
        if window is not None:
            start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
            outside = resolved[(resolved["date"] < start) | (resolved["date"] > end)]
            out.append(Finding("dates.outside", "{outside} of them fall outside the timeline's {start} to {end}.",
                               {"outside": len(outside), "start": start, "end": end}))
    if undated:
        out.append(Finding("dates.undated", "Relative dates (last year, this month) in {undated} {noun} without a "
                           "publication date cannot be resolved and are left out.",
                           {"undated": int(undated), "noun": plural(int(undated), "document")}))
    return out
