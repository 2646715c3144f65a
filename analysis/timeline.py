"""Time axes from the data: the span where a corpus's dates are, the resolution to count them at, and series
on a regular calendar. One rule in one place: every time chart, the corpus header and the findings use it.

A corpus of one year's press summaries may still carry a few dates decades old (a misfiled document, a
law's enactment year mentioned in passing), and a national archive's registrations of one year may hold a
tenth of digitized documents from 1948-1991. Drawn as they are, those squeeze the months that hold the
corpus into a sliver. :func:`plausible_span` finds the span to draw by a named rule (the *tail
rule*, below) and reports what it leaves out; :func:`span_note` words that report for a notebook's
printed note and a figure's caption; :func:`time_resolution` chooses day, week, month, quarter or year from
the span and the counts; :func:`period_counts` puts counts on that regular calendar with empty bins as zeros,
and :data:`MIN_DOCUMENTS_PER_BIN` names how many documents a bin needs before a share is drawn for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.labels import label

FENCE = 3.0
MIN_SPREAD_DAYS = 90
THIN_RATIO = 0.25
MAX_TAIL_SHARE = 0.05
# Thin edge months (step 2 of the tail rule) may hold up to this share of the dated items at each end: a sparse
# archival tail is often a tenth of a registry, spread thin over decades.
MAX_THIN_SHARE = 0.25
# Step 2 needs at least this many dated items: with fewer, months hold a handful each and a month of two
# beside a month of eleven is chance, not a thin tail (the seeds' 56 publication and mentioned dates).
MIN_DATES_FOR_THIN = 100
# Resolutions, finest first, as pandas period frequencies; a chart holds at most MAX_BINS bins.
RESOLUTIONS = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
MAX_BINS = 40
# A share (of theme hits ...) is drawn for a bin only when it rests on at least this many documents; a bin
# with fewer is marked and its count shown. Five, as the smallest expected cell count of the chi-squared
# rule of thumb (Cochran 1954): below it a share is one or two documents' profile.
MIN_DOCUMENTS_PER_BIN = 5

@dataclass(frozen=True)
class Span:
    """The dates to draw and what was left out.

    ``start`` and ``end`` are the first and last date kept (``None`` when nothing is dated); ``before``
    and ``after`` the dates left out at each end (sorted); ``dated`` and ``undated`` the counts of the
    input; ``rule`` the rule's wording with its thresholds, for a printed note.
    """

    start: pd.Timestamp | None
    end: pd.Timestamp | None
    before: pd.Series = field(repr=False)
    after: pd.Series = field(repr=False)
    dated: int
    undated: int
    rule: str

    def __iter__(self):
        """Unpack as ``start, end, span`` (the span itself carries the outlier report)."""
        return iter((self.start, self.end, self))

    @property
    def outside(self) -> int:
        """How many dated items lie outside the span."""
        return len(self.before) + len(self.after)

    def contains(self, dates) -> pd.Series:
        """Whether each date lies in the span (missing dates: False)."""
        dates = pd.to_datetime(pd.Series(dates), errors="coerce")
        if self.start is None:
            return pd.Series(False, index=dates.index)
        return dates.between(self.start, self.end).fillna(False)


def plausible_span(dates, fence: float = FENCE, min_spread_days: int = MIN_SPREAD_DAYS,
                   thin_ratio: float = THIN_RATIO, max_tail_share: float = MAX_TAIL_SHARE,
                   max_thin_share: float = MAX_THIN_SHARE) -> Span:
    """The span where the dates are, with a sparse tail at either end reported instead of drawn.

    *Tail rule*, two steps, each end on its own:

    1. Far out (Tukey's far-out fences, on dates): take the quartiles Q1 and Q3 and their spread
       Q3 - Q1, at least ``min_spread_days`` (so a corpus of one day still has a width). Dates before
       Q1 - ``fence`` x spread or after Q3 + ``fence`` x spread are left out, if they are at most
       ``max_tail_share`` of all dates; a larger group beyond a fence is part of the corpus and stays.
    2. Thin edges: of what remains, count the dates per calendar month. The *typical month* is the month
       of the median date, weighted by dates: the count of the month that the middle document lies in (the
       plain median of months would be a thin month itself when hundreds of sparse archival months face
       twelve full ones). Moving inward from each end, months holding fewer than ``thin_ratio`` x the
       typical month are left out, one by one, until a month that is not thin or until the end's share
       would pass ``max_thin_share`` (with step 1's). Only with at least ``MIN_DATES_FOR_THIN`` (100)
       dated items: with fewer, month counts are too small to call one thin.

    A year of documents with a few dated decades earlier keeps its year, and so does a year's registry
    with a tenth of digitized documents spread thin over 1948-1991; a two-year export with a handful of
    documents from the years before keeps its two years; a corpus spread evenly over twenty years, or too
    small to tell (five documents in five months), keeps every date; a large old cluster (a tenth of the
    corpus in one month of 1990) is part of the corpus and stays. Missing or unparseable dates are left
    out and counted.

    Parameters
    ----------
    dates : anything :func:`pandas.to_datetime` reads (publication dates, mentioned dates, or both).
    fence, min_spread_days, thin_ratio, max_tail_share, max_thin_share : the rule's thresholds (defaults 3,
        90 days, 0.25, 0.05 and 0.25).

    Examples
    --------
    >>> dates = ["1990-03-02"] + [f"2024-{m:02d}-15" for m in range(1, 13) for _ in range(10)] + [None]
    >>> span = plausible_span(dates)
    >>> str(span.start.date()), str(span.end.date()), len(span.before), span.undated
    ('2024-01-15', '2024-12-15', 1, 1)
    """
    values = pd.to_datetime(pd.Series(list(dates) if not isinstance(dates, pd.Series) else dates), errors="coerce")
    dated = values.dropna().sort_values(kind="stable").reset_index(drop=True)
    undated = int(values.isna().sum())
    rule = label("span.rule", fence=f"{fence:g}", days=min_spread_days, tail=f"{max_tail_share:.0%}",
                 minimum=MIN_DATES_FOR_THIN, ratio=f"{thin_ratio:g}", thin=f"{max_thin_share:.0%}")
    if dated.empty:
        empty = pd.Series([], dtype="datetime64[ns]")
        return Span(None, None, empty, empty, 0, undated, rule)
    cap = max_tail_share * len(dated)
    thin_cap = max(max_thin_share * len(dated), cap)
    q1, q3 = dated.quantile(0.25), dated.quantile(0.75)
    spread = max(q3 - q1, pd.Timedelta(days=min_spread_days))
    low = int((dated < q1 - fence * spread).sum())
    high = int((dated > q3 + fence * spread).sum())
    low, high = (low if low <= cap else 0), (high if high <= cap else 0)
    months = dated.dt.to_period("M")
    kept = months.iloc[low: len(dated) - high]
    per_month = kept.value_counts().sort_index()
    typical = float(per_month[kept.iloc[(len(kept) - 1) // 2]])  # the month the middle date lies in
    thin = thin_ratio * typical

    def thin_edge(counts, taken: int) -> int:
        """How many dates the thin months at the start of ``counts`` hold (within the cap)."""
        for count in counts:
            if count >= thin or taken + count > thin_cap:
                break
            taken += count
        return taken

    if len(dated) >= MIN_DATES_FOR_THIN:
        low = thin_edge(per_month, low)
        high = thin_edge(per_month.iloc[::-1], high)
    if low + high >= len(dated):  # nothing left to anchor the span: keep everything
        low = high = 0
    inside = dated.iloc[low: len(dated) - high]
    return Span(inside.iloc[0], inside.iloc[-1], dated.iloc[:low].reset_index(drop=True),
                dated.iloc[len(dated) - high:].reset_index(drop=True), len(dated), undated, rule)


def span_note(span: Span, what: str = "dates") -> str:
    """The printed note under a time chart: the span shown, what lies outside it and what has no date.

    ``what`` names the things counted, capitalised at the start of the note.

    >>> print(span_note(plausible_span(["2024-01-05", "2024-02-01", "2024-02-03", None]), "documents"))
    Documents: 3 dated, all shown (2024-01-05 to 2024-02-03); 1 without a date, left out.
    """
    words = {"documents": "span.what_documents", "dates": "span.what_dates",
             "publication and mentioned dates": "span.what_mentioned"}
    named = label(words[what]) if what in words else what
    head = named[:1].upper() + named[1:]
    if span.start is None:
        return (label("span.none", head=head) + (label("span.none_undated", count=span.undated) if span.undated
                                                 else "") + ".")

    def dates_text(first, last) -> str:
        return str(first.date()) if first == last else label("span.range", first=first.date(), last=last.date())

    shown = dates_text(span.start, span.end)
    if not span.outside:
        note = label("span.all_shown", head=head, dated=span.dated, shown=shown)
    else:
        note = label("span.some_shown", head=head, dated=span.dated, kept=span.dated - span.outside, shown=shown)
        for side, dates in (("before", span.before), ("after", span.after)):
            if len(dates):
                note += label(f"span.{side}", count=len(dates), dates=dates_text(dates.iloc[0], dates.iloc[-1]))
        note += label("span.by_rule", rule=span.rule)
    if span.undated:
        note += label("span.undated", count=span.undated)
    return note + "."


def span_label(span: Span) -> str:
    """The span in a title: ``2024-01 to 2024-12``, one month (``2024-03``) or one day (``2024-03-05``); ``no
    dates`` when nothing is dated.

    >>> span_label(plausible_span(["2023-11-02", "2024-02-10"])), span_label(plausible_span([None]))
    ('2023-11 to 2024-02', 'no dates')
    >>> span_label(plausible_span(["2024-05-14", "2024-05-14"]))
    '2024-05-14'
    """
    if span.start is None:
        return label("span.no_dates")
    if span.start == span.end:
        return f"{span.start:%Y-%m-%d}"
    start, end = f"{span.start:%Y-%m}", f"{span.end:%Y-%m}"
    return start if start == end else label("span.range", first=start, last=end)


def month_range(start, end) -> pd.PeriodIndex:
    """Every calendar month from ``start``'s to ``end``'s, both included.

    >>> list(month_range("2023-11-20", "2024-02-01").astype(str))
    ['2023-11', '2023-12', '2024-01', '2024-02']
    """
    return pd.period_range(pd.Timestamp(start).to_period("M"), pd.Timestamp(end).to_period("M"), freq="M",
                           name="month")


def monthly_counts(frame: pd.DataFrame, date_col: str, by: str | None = None, value: str | None = None,
                   start=None, end=None) -> pd.DataFrame:
    """Rows per calendar month (or the sum of ``value``), one column per ``by`` group, every month present.

    The index is a regular monthly :class:`pandas.PeriodIndex` from ``start`` to ``end`` (default: the
    first and last date in ``frame``); months with nothing in them are rows of zeros, never dropped.
    Rows without a date or outside ``start``-``end`` are left out (count them with :func:`plausible_span`).
    Without ``by`` the one column is ``"count"`` (or ``value``).

    Examples
    --------
    >>> frame = pd.DataFrame({"published": pd.to_datetime(["2024-01-03", "2024-03-09", None]),
    ...                       "theme": ["a", "b", "a"]})
    >>> monthly_counts(frame, "published", by="theme")  # doctest: +NORMALIZE_WHITESPACE
    theme    a  b
    month
    2024-01  1  0
    2024-02  0  0
    2024-03  0  1
    """
    return period_counts(frame, date_col, "month", by=by, value=value, start=start, end=end)


def monthly_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Each month's counts as shares of that month's total; a month with no counts stays empty (NaN).

    >>> monthly_shares(pd.DataFrame({"a": [1, 0], "b": [3, 0]}))
          a     b
    0  0.25  0.75
    1   NaN   NaN
    """
    total = counts.sum(axis=1)
    return counts.div(total.where(total > 0), axis=0)


def period_range(start, end, resolution: str = "month") -> pd.PeriodIndex:
    """Every period of ``resolution`` (day, week, month, quarter, year) from ``start``'s to ``end``'s.

    >>> list(period_range("2024-02-27", "2024-03-02", "week").astype(str))
    ['2024-02-26/2024-03-03']
    >>> list(period_range("2023-11-20", "2024-02-01", "quarter").astype(str))
    ['2023Q4', '2024Q1']
    """
    freq = RESOLUTIONS[resolution]
    return pd.period_range(pd.Timestamp(start).to_period(freq), pd.Timestamp(end).to_period(freq), freq=freq,
                           name=resolution)


def time_resolution(dates, span: Span | None = None, max_bins: int = MAX_BINS,
                    min_documents: int = MIN_DOCUMENTS_PER_BIN) -> str:
    """The resolution to count ``dates`` at over ``span``: day, week, month, quarter or year.

    *Rule:* of the resolutions that cut the span into at most ``max_bins`` bins, the finest whose bins hold
    on average at least ``min_documents`` of the dates in the span; when none does (a corpus too small for
    its span), the one with fewest bins, the finer on a tie. So a corpus of one month is counted by day, a
    dense year by month, twenty years by year, and one day is one day.

    Parameters
    ----------
    dates : anything :func:`pandas.to_datetime` reads.
    span : :func:`plausible_span` of ``dates`` (computed when not given); only the dates in it count.
    max_bins, min_documents : the rule's thresholds (defaults :data:`MAX_BINS`, :data:`MIN_DOCUMENTS_PER_BIN`).

    Examples
    --------
    >>> time_resolution([f"2024-03-{d:02d}" for d in range(1, 32) for _ in range(20)])
    'day'
    >>> time_resolution([f"2024-{m:02d}-15" for m in range(1, 13) for _ in range(50)])
    'month'
    >>> time_resolution([f"{y}-06-01" for y in range(1990, 2020) for _ in range(8)])
    'year'
    """
    values = pd.to_datetime(pd.Series(list(dates) if not isinstance(dates, pd.Series) else dates), errors="coerce")
    span = span if span is not None else plausible_span(values)
    if span.start is None:
        return "month"
    inside = int(span.contains(values).sum())
    candidates = []
    for resolution in RESOLUTIONS:
        bins = len(period_range(span.start, span.end, resolution))
        if bins <= max_bins and inside / bins >= min_documents:
            return resolution
        candidates.append((bins, resolution))
    fits = [c for c in candidates if c[0] <= max_bins] or candidates
    return min(fits, key=lambda c: c[0])[1]  # min keeps the first (finer) of equal bin counts


def period_counts(frame: pd.DataFrame, date_col: str, resolution: str = "month", by: str | None = None,
                  value: str | None = None, start=None, end=None) -> pd.DataFrame:
    """Rows per period of ``resolution`` (or the sum of ``value``), one column per ``by`` group, every period present.

    At any resolution of :data:`RESOLUTIONS` (:func:`monthly_counts` is the monthly case): the index is a regular
    :class:`pandas.PeriodIndex` from ``start`` to ``end`` (default: the first and last date in ``frame``);
    periods with nothing in them are rows of zeros. Rows without a date or outside ``start``-``end`` are left out.

    Examples
    --------
    >>> frame = pd.DataFrame({"published": pd.to_datetime(["2024-03-01", "2024-03-01", "2024-03-03"])})
    >>> period_counts(frame, "published", "day")["count"].tolist()
    [2, 0, 1]
    """
    freq = RESOLUTIONS[resolution]
    dates = pd.to_datetime(frame[date_col], errors="coerce")
    keep = dates.notna()
    if start is not None:
        keep &= dates >= pd.Timestamp(start).to_period(freq).start_time
    if end is not None:
        keep &= dates <= pd.Timestamp(end).to_period(freq).end_time
    part = frame.loc[keep]
    periods = dates[keep].dt.to_period(freq).rename(resolution)
    lo = start if start is not None else (dates[keep].min() if len(part) else None)
    hi = end if end is not None else (dates[keep].max() if len(part) else None)
    column = value or "count"
    weights = part[value] if value else pd.Series(1, index=part.index)
    if by is None:
        table = weights.groupby(periods).sum().to_frame(column)
    else:
        table = weights.groupby([periods, part[by]]).sum().unstack(fill_value=0)
        table.columns.name = by
    if lo is None:
        return table.iloc[0:0]
    return table.reindex(period_range(lo, hi, resolution), fill_value=0)


def period_shares(counts: pd.DataFrame, documents: pd.Series | None = None,
                  min_documents: int = MIN_DOCUMENTS_PER_BIN) -> pd.DataFrame:
    """Each period's counts as shares of its total, left empty (NaN) for a period without counts and, when
    ``documents`` (documents per period) is given, for one resting on fewer than ``min_documents`` documents.

    >>> counts = pd.DataFrame({"a": [1, 0, 4], "b": [3, 0, 4]})
    >>> period_shares(counts, documents=pd.Series([1, 0, 6]))
         a    b
    0  NaN  NaN
    1  NaN  NaN
    2  0.5  0.5
    """
    shares = monthly_shares(counts)
    if documents is not None:
        enough = pd.Series(documents).reindex(counts.index).fillna(0).to_numpy() >= min_documents
        shares = shares.where(pd.Series(enough, index=counts.index), axis=0)
    return shares
