"""Time spans from the data (the far-out rule on both sides of its thresholds) and the monthly calendar."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.timeline import (
    month_range,
    monthly_counts,
    monthly_shares,
    plausible_span,
    span_label,
    span_note,
)


def year_of_documents(per_month: int = 10, year: int = 2024) -> list[str]:
    """``per_month`` documents on the 15th of every month of one year."""
    return [f"{year}-{m:02d}-15" for m in range(1, 13) for _ in range(per_month)]


# --- the span: far-out rule -----------------------------------------------------------------------------


def test_one_percent_from_1990_is_a_reported_tail_not_the_axis():
    dates = year_of_documents(per_month=83)[:990] + ["1990-06-01"] * 4 + ["1993-02-11"] * 6  # 1% old
    span = plausible_span(dates)
    assert (span.start, span.end) == (pd.Timestamp("2024-01-15"), pd.Timestamp("2024-12-15"))
    assert len(span.before) == 10 and span.after.empty
    assert span.before.iloc[0] == pd.Timestamp("1990-06-01")
    note = span_note(span, "documents")
    assert note.startswith("Documents: 1000 dated, 990 shown (2024-01-15 to 2024-12-15); ")
    assert "10 before that (1990-06-01 to 1993-02-11) left off the figure by the tail rule" in note


def test_an_old_cluster_above_the_tail_share_stays_on_the_axis():
    # the same 1990 dates, but 10% of the corpus: a part of it, not a sparse tail
    dates = year_of_documents(per_month=75) + ["1990-06-01"] * 100
    span = plausible_span(dates, max_tail_share=0.05)
    assert span.start == pd.Timestamp("1990-06-01") and span.outside == 0
    # at a tail share above 10% the same dates count as a tail again
    assert plausible_span(dates, max_tail_share=0.15).start == pd.Timestamp("2024-01-15")


def test_the_fence_keeps_a_near_date_and_drops_a_far_one():
    # quartiles of the year fall in April and October, so the lower fence lies about 1.5 years before April
    # (thin_ratio=0 switches the thin-edge step off, to see the fence alone)
    near, far = "2023-06-01", "2021-06-01"
    span = plausible_span(year_of_documents() + [near, far], thin_ratio=0)
    assert span.start == pd.Timestamp(near)
    assert list(span.before) == [pd.Timestamp(far)]
    # a wider fence keeps both
    assert plausible_span(year_of_documents() + [near, far], fence=6, thin_ratio=0).start == pd.Timestamp(far)
    # with the thin-edge step the near date, alone in its month, is a thin edge too
    assert plausible_span(year_of_documents() + [near, far]).start == pd.Timestamp("2024-01-15")


def test_minimum_spread_for_a_corpus_of_one_day():
    # ten bills of one day: the interquartile range is zero, the minimum spread (90 days) gives the fence
    one_day = ["2010-11-12"] * 40
    assert plausible_span(one_day + ["2010-10-01"], thin_ratio=0).start == pd.Timestamp("2010-10-01")  # < 3 x 90 d
    span = plausible_span(one_day + ["2008-01-01"], thin_ratio=0)
    assert span.start == span.end == pd.Timestamp("2010-11-12")
    assert list(span.before) == [pd.Timestamp("2008-01-01")]


def two_years_with_an_early_trickle(per_early_month: int) -> list[str]:
    """100 documents a month in 2022-2023, and ``per_early_month`` a month from 2020-07 to 2021-12."""
    main = [f"{y}-{m:02d}-15" for y in (2022, 2023) for m in range(1, 13) for _ in range(100)]
    early = [f"{y}-{m:02d}-01" for y, first in ((2020, 7), (2021, 1)) for m in range(first, 13)
             for _ in range(per_early_month)]
    return early + main


def test_thin_edge_months_are_a_tail_within_the_fence():
    # an export of 2022-2023 holding one document a month from the 18 months before (inside the fence)
    span = plausible_span(two_years_with_an_early_trickle(1))
    assert span.start == pd.Timestamp("2022-01-15") and len(span.before) == 18
    # 30 a month is more than 0.25 x the typical month (100): not thin, kept
    assert plausible_span(two_years_with_an_early_trickle(30)).start == pd.Timestamp("2020-07-01")
    # 10 a month is thin: all 180 (7% of the dates, under the 25% cap) are left out
    span = plausible_span(two_years_with_an_early_trickle(10))
    assert span.start == pd.Timestamp("2022-01-15") and len(span.before) == 180
    # with a 5% cap only the oldest 5% go
    span = plausible_span(two_years_with_an_early_trickle(10), max_thin_share=0.05)
    assert len(span.before) <= 0.05 * span.dated and pd.Timestamp("2020-07-01") < span.start < pd.Timestamp("2022-01-01")


def test_an_evenly_spread_corpus_keeps_every_date():
    dates = [f"{y}-{m:02d}-01" for y in range(2004, 2024) for m in range(1, 13)]
    span = plausible_span(dates)
    assert (span.start, span.end, span.outside) == (pd.Timestamp("2004-01-01"), pd.Timestamp("2023-12-01"), 0)


def test_all_undated():
    span = plausible_span([None, "", "not a date", float("nan")])
    assert (span.start, span.end, span.dated, span.undated) == (None, None, 0, 4)
    assert span_note(span, "documents") == "Documents: none dated; 4 without a date."
    assert span_label(span) == "no dates"


def test_one_date_and_unpacking_as_a_triple():
    start, end, info = plausible_span(["2024-03-09", None])
    assert start == end == pd.Timestamp("2024-03-09")
    assert (info.dated, info.undated, info.outside) == (1, 1, 0)
    assert span_label(info) == "2024-03-09"  # one day is named as the day
    assert span_note(info, "documents") == "Documents: 1 dated, all shown (2024-03-09); 1 without a date, left out."


def test_contains_marks_dates_in_the_span():
    span = plausible_span(year_of_documents() + ["1990-01-01"])
    inside = span.contains(pd.Series(["2024-05-01", "1990-01-01", None]))
    assert inside.tolist() == [True, False, False]


# --- the monthly calendar -----------------------------------------------------------------------------


def test_monthly_counts_keep_empty_months_as_zeros():
    frame = pd.DataFrame({
        "published": pd.to_datetime(["2023-11-30", "2024-03-01", "2024-03-31", None, "1990-01-01"]),
        "theme": ["a", "b", "a", "a", "b"],
        "hits": [2, 5, 1, 7, 9],
    })
    table = monthly_counts(frame, "published", by="theme", value="hits", start="2023-11-01", end="2024-03-31")
    assert list(table.index.astype(str)) == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    assert table.index.freqstr == "M"
    assert table.loc["2023-12"].tolist() == [0, 0] and table.loc["2024-02"].tolist() == [0, 0]
    assert table.loc["2024-03"].to_dict() == {"a": 1, "b": 5}
    assert int(table.to_numpy().sum()) == 8  # the undated row and the 1990 row are left out


def test_monthly_counts_default_span_and_single_column():
    frame = pd.DataFrame({"published": pd.to_datetime(["2024-01-10", "2024-04-02", "2024-04-03"])})
    table = monthly_counts(frame, "published")
    assert table["count"].tolist() == [1, 0, 0, 2]
    assert monthly_counts(frame.iloc[0:0], "published").empty


def test_month_range_is_regular_across_a_year_end():
    months = month_range("2023-12-31", "2024-01-01")
    assert list(months.astype(str)) == ["2023-12", "2024-01"]
    assert (months[1:] - months[:-1]).map(lambda d: d.n).tolist() == [1]


def test_monthly_shares_leave_empty_months_empty():
    shares = monthly_shares(pd.DataFrame({"a": [1, 0, 2], "b": [3, 0, 2]}))
    assert shares.iloc[0].tolist() == [0.25, 0.75]
    assert shares.iloc[1].isna().all()  # not 0 and not interpolated
    assert shares.iloc[2].tolist() == pytest.approx([0.5, 0.5])


# --- the shapes real corpora have (issue #18): one day, one month, a dense year with an archival tail, decades,
# no dates. Expected spans, resolutions and counts are worked out from the construction, not by the code.

from analysis.timeline import (  # noqa: E402
    MIN_DOCUMENTS_PER_BIN,
    period_counts,
    period_shares,
    time_resolution,
)


def archive_registry() -> pd.Series:
    """A national archive's registrations of 2024 (as seen on a real one): 11,900 documents of the year, 36 or
    35 a day from 2024-01-01 to 2024-11-30, and 1,730 digitized documents dated evenly from 1948-12-01 to
    1991-12-31 (about one every nine days: at most four in any month)."""
    year = pd.date_range("2024-01-01", "2024-11-30", freq="D")  # 335 days
    main = [day for i, day in enumerate(year) for _ in range(36 if i < 175 else 35)]  # 175 x 36 + 160 x 35
    old = pd.date_range("1948-12-01", "1991-12-31", periods=1730).normalize()
    return pd.Series(list(old) + main)


def test_archival_tail_of_a_year_is_counted_not_drawn():
    dates = archive_registry()
    assert len(dates) == 13630
    span = plausible_span(dates)
    assert (span.start, span.end) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-11-30"))
    assert len(span.before) == 1730 and span.after.empty
    assert (span.before.iloc[0], span.before.iloc[-1]) == (pd.Timestamp("1948-12-01"), pd.Timestamp("1991-12-31"))
    assert time_resolution(dates, span) == "month"  # 11 months of about 1,080
    assert span_label(span) == "2024-01 to 2024-11"
    note = span_note(span, "documents")
    assert note.startswith("Documents: 13630 dated, 11900 shown (2024-01-01 to 2024-11-30); 1730 before that "
                           "(1948-12-01 to 1991-12-31) left off the figure")


def test_one_month_of_petitions_is_counted_by_day():
    # 662 petitions over March 2024: 22 a day on the first 10 days, 21 on the other 21 (220 + 441 = 661) + 1
    days = pd.date_range("2024-03-01", "2024-03-31", freq="D")
    dates = [d for i, d in enumerate(days) for _ in range(22 if i < 10 else 21)] + [days[0]]
    span = plausible_span(dates)
    assert (span.start, span.end, span.outside) == (days[0], days[-1], 0)
    assert time_resolution(dates, span) == "day"
    counts = period_counts(pd.DataFrame({"published": dates}), "published", "day", start=span.start, end=span.end)
    assert len(counts) == 31 and counts["count"].iloc[0] == 23 and counts["count"].iloc[-1] == 21


def test_one_day_is_one_day():
    dates = ["2010-11-12"] * 10
    span = plausible_span(dates)
    assert span.start == span.end == pd.Timestamp("2010-11-12")
    assert time_resolution(dates, span) == "day"
    assert period_counts(pd.DataFrame({"d": pd.to_datetime(dates)}), "d", "day")["count"].tolist() == [10]


def test_even_over_decades_keeps_every_year_and_counts_by_year():
    # three documents a month for forty years: nothing is a tail, and 480 months are too many bars
    dates = [f"{y}-{m:02d}-{d:02d}" for y in range(1984, 2024) for m in range(1, 13) for d in (5, 15, 25)]
    span = plausible_span(dates)
    assert (span.start, span.end, span.outside) == (pd.Timestamp("1984-01-05"), pd.Timestamp("2023-12-25"), 0)
    assert time_resolution(dates, span) == "year"
    yearly = period_counts(pd.DataFrame({"d": pd.to_datetime(dates)}), "d", "year")
    assert len(yearly) == 40 and set(yearly["count"]) == {36}


def test_no_dates_at_all():
    span = plausible_span([None] * 7)
    assert span.start is None and span.undated == 7
    assert time_resolution([None] * 7, span) == "month"  # nothing to count: any resolution draws nothing
    assert period_counts(pd.DataFrame({"d": pd.to_datetime([None] * 7)}), "d", "day").empty


@pytest.mark.parametrize(("months", "per_month", "expected"), [
    (8, 30, "week"),  # 8 months: 35 weeks of about 7
    (36, 10, "month"),  # 3 years: 36 months of 10
    (36, 3, "quarter"),  # the same span with 3 a month: quarters of 9
    (120, 40, "quarter"),  # 10 years: 40 quarters
])
def test_resolution_from_span_and_counts(months, per_month, expected):
    periods = pd.period_range("2015-01", periods=months, freq="M")
    dates = [p.start_time + pd.Timedelta(days=7 * k % 28) for p in periods for k in range(per_month)]
    assert time_resolution(dates) == expected


def test_shares_need_the_named_number_of_documents():
    assert MIN_DOCUMENTS_PER_BIN == 5
    counts = pd.DataFrame({"a": [1, 2, 6], "b": [0, 6, 2]}, index=pd.period_range("2024-01", periods=3, freq="M"))
    documents = pd.Series([1, 4, 5], index=counts.index)  # a month of one document and one of four: no share
    shares = period_shares(counts, documents)
    assert shares.iloc[:2].isna().all().all()
    assert shares.iloc[2].tolist() == [0.75, 0.25]
    assert period_shares(counts, documents, min_documents=1).iloc[0].tolist() == [1.0, 0.0]


def test_a_small_sample_has_no_thin_months():
    # 56 dates, a month of 11 among months of 1 to 8: too few to call the two dates of a January thin
    counts = {"2017-01": 2, "2019-01": 3, "2020-01": 4, "2020-02": 8, "2020-03": 11, "2020-05": 3, "2021-01": 1,
              "2022-02": 4, "2022-11": 5, "2023-01": 3, "2023-02": 4, "2023-04": 7}
    dates = [f"{month}-10" for month, n in counts.items() for _ in range(n)] + ["1865-01-01"]
    span = plausible_span(dates)
    assert span.start == pd.Timestamp("2017-01-10") and list(span.before) == [pd.Timestamp("1865-01-01")]
    # the same shape ten times over is large enough: 2017 is then a thin edge (20 of 560, under 0.25 x 110)
    assert plausible_span(dates * 10).start == pd.Timestamp("2019-01-10")
