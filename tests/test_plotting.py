"""The figure helper (both formats, identical bytes on a rerun, Korean glyphs present) and the time and amount
charts (spans from the data, 0 / 1 / many rows, one unit per axis)."""

from __future__ import annotations

import inspect
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.plotting import (  # noqa: E402
    TIMELINE_BINS,
    TIMELINE_MAX_AREA,
    amounts_chart,
    monthly_share_chart,
    save_figure,
    timeline_chart,
    timeline_counts,
    use_house_style,
)


def korean_figure():
    use_house_style()
    fig, ax = plt.subplots(layout="constrained")
    ax.barh(["인공지능", "과학기술정보통신부", "빅데이터"], [3, -1, 2])
    ax.set_title("Terms per document (인공지능)")
    ax.set_xlabel("count")
    return fig


def test_png_and_svg_written_and_reproducible(tmp_path):
    first = save_figure(korean_figure(), "99-test", tmp_path / "a")
    second = save_figure(korean_figure(), "99-test", tmp_path / "b")
    assert [p.name for p in first] == ["99-test.png", "99-test.svg"]
    for a, b in zip(first, second, strict=False):
        assert a.read_bytes() == b.read_bytes(), a.name
    plt.close("all")


def test_korean_labels_render_without_missing_glyphs(tmp_path, recwarn):
    save_figure(korean_figure(), "99-korean", tmp_path)
    assert not [w for w in recwarn if "missing from" in str(w.message)]
    assert matplotlib.rcParams["axes.unicode_minus"] is False  # NanumGothic has no U+2212
    plt.close("all")


def test_missing_glyph_is_an_error(tmp_path):
    fig = korean_figure()
    fig.axes[0].set_title("\U0001f600")  # an emoji NanumGothic lacks
    with pytest.raises(UserWarning, match="missing from"):
        save_figure(fig, "99-missing", tmp_path)
    plt.close("all")


def _overlaps(fig) -> list[str]:
    """Labels whose box touches a node circle (the axes' second collection) or another label, in pixels."""
    import numpy as np

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    nodes = ax.collections[1]  # [0] is the edges, [1] the nodes
    centres = ax.transData.transform(nodes.get_offsets())
    radii = np.sqrt(np.asarray(nodes.get_sizes()) / np.pi) * fig.dpi / 72
    bad = []
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        nearest_x = np.clip(centres[:, 0], box.x0, box.x1)
        nearest_y = np.clip(centres[:, 1], box.y0, box.y1)
        if (np.hypot(centres[:, 0] - nearest_x, centres[:, 1] - nearest_y) < radii * 0.95).any():
            bad.append(text.get_text())
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1:
                bad.append(f"{ax.texts[i].get_text()} over another label")
    return bad


@pytest.mark.parametrize("unit", ["sent_id", "line_id"])
def test_network_labels_cover_no_node_and_no_label(seed_tokens, unit):
    from analysis.network import centrality_table, communities, cooccurrence, cooccurrence_graph
    from analysis.plotting import network_chart

    use_house_style()
    edges = cooccurrence(seed_tokens, unit=unit, min_count=2)
    graph = cooccurrence_graph(edges, max_nodes=40, max_edges=80)
    table = centrality_table(graph)
    fig = network_chart(graph, dict(zip(table["term"], table["betweenness"], strict=True)), communities(graph), "t")
    assert len(fig.axes[0].texts) == graph.number_of_nodes()
    assert _overlaps(fig) == []
    plt.close("all")


# --- time and amount charts: spans from the data, 0 / 1 / many rows, units never mixed ---------------------


@pytest.fixture
def strict(tmp_path):
    """Draw and save a figure with every warning an error; return a function doing it."""
    use_house_style()

    def draw(make):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig = make()
            save_figure(fig, "99-chart", tmp_path)
        return fig

    yield draw
    plt.close("all")


def timeline_input(n_docs: int, old: int = 0):
    """``n_docs`` documents of 2024 (one a week) mentioning one day each, plus ``old`` documents from 1990."""
    published = pd.to_datetime(list(pd.date_range("2024-01-03", periods=n_docs, freq="7D"))
                               + [pd.Timestamp("1990-05-02")] * old)
    documents = pd.DataFrame({"label": [f"기관{i % 5}" for i in range(len(published))], "published": published})
    events = pd.DataFrame({"label": documents["label"], "date": documents["published"] - pd.Timedelta(days=3),
                           "precision": "day"})
    return events, documents


@pytest.mark.parametrize("n_docs", [0, 1, 150])
def test_timeline_chart_renders_with_0_1_many_rows(strict, n_docs):
    events, documents = timeline_input(n_docs)
    fig = strict(lambda: timeline_chart(events, documents, "t"))
    ax = fig.axes[0]
    if n_docs == 0:
        assert "no dated" in ax.texts[0].get_text()
    else:
        lo, hi = (matplotlib.dates.num2date(x).replace(tzinfo=None) for x in ax.get_xlim())
        assert lo < documents["published"].min() - pd.Timedelta(days=3) and hi > documents["published"].max()


def test_timeline_axis_is_the_corpus_not_its_old_tail(strict):
    events, documents = timeline_input(150, old=1)
    fig = strict(lambda: timeline_chart(events, documents, "t"))
    lo = matplotlib.dates.num2date(fig.axes[0].get_xlim()[0]).replace(tzinfo=None)
    assert lo > pd.Timestamp("2023-06-01")  # the 1990 document is reported by span_note, not drawn
    assert "start" not in inspect.signature(timeline_chart).parameters  # no window to hard-code


def test_a_large_timeline_counts_dates_per_period_instead_of_drawing_each(strict, tmp_path):
    rng = np.random.default_rng(1)
    n = 60_000
    published = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365, n), unit="D")
    documents = pd.DataFrame({"label": [f"기관{i % 4}" for i in range(n)], "published": published})
    events = pd.DataFrame({"label": documents["label"], "date": documents["published"] - pd.Timedelta(days=40),
                           "precision": np.where(np.arange(n) % 3 == 0, "month", "day")})
    fig = strict(lambda: timeline_chart(events, documents, "t"))
    ax = fig.axes[0]
    marks = {c.get_label(): c for c in ax.collections}
    assert set(marks) == {"event, day precision", "event, month precision", "publication"}
    # rows x kinds x periods, not 120,000 marks
    assert sum(len(c.get_offsets()) for c in marks.values()) <= 4 * 3 * TIMELINE_BINS
    assert max(max(c.get_sizes()) for c in marks.values()) == pytest.approx(TIMELINE_MAX_AREA)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[3:] == ["1 in one month", "10 in one month", f"{legend[-1].split(' ')[0]} in one month"]  # 38 months
    assert (tmp_path / "99-chart.svg").stat().st_size < 2_000_000


def test_timeline_counts_keep_every_date_once():
    dates = pd.to_datetime(["2024-01-01", "2024-01-07", "2024-01-08", "2024-02-29", "2024-02-29"])
    frame = pd.DataFrame({"label": ["가", "가", "가", "나", "나"], "date": dates})
    weekly = timeline_counts(frame, "date", "week")
    assert weekly["count"].tolist() == [2, 1, 2] and weekly["count"].sum() == len(frame)
    assert abs(weekly["middle"].iloc[0] - pd.Timestamp("2024-01-04 12:00")) < pd.Timedelta(seconds=1)


def test_monthly_share_chart_bars_on_a_regular_calendar(strict):
    months = pd.PeriodIndex(["2023-01", "2023-02", "2023-07"], freq="M")  # March to June are empty
    shares = pd.DataFrame({"가": [0.5, 1.0, 0.2], "나": [0.5, 0.0, 0.8]}, index=months)
    docs = pd.Series([3, 1, 2], index=months)
    fig = strict(lambda: monthly_share_chart(shares, "t", documents=docs))
    top, bottom = fig.axes
    assert not top.collections  # bars, no stacked areas drawn across the gap
    # the four months without documents stay on the calendar as gaps (counted 0 below), not as months whose
    # documents had no theme hits
    assert [c for c in top.containers if c.get_label() == "month without theme hits"] == []
    assert len(bottom.patches) == 7 and [p.get_height() for p in bottom.patches] == [3, 1, 0, 0, 0, 0, 2]


@pytest.mark.parametrize("months", [0, 1])
def test_monthly_share_chart_with_no_or_one_month(strict, months):
    shares = pd.DataFrame({"가": [1.0]}, index=pd.PeriodIndex(["2024-05"], freq="M")).iloc[:months]
    fig = strict(lambda: monthly_share_chart(shares, "t"))
    if months == 0:
        assert "no dated" in fig.axes[0].texts[0].get_text()
    else:
        assert len(fig.axes[0].patches) == 1


def amounts(units, groups=("과학기술정보통신부",), n=1):
    rows = [(unit, float(10 ** (3 + (i % 9))) * (k + 1), f"{k}{unit}", g)
            for k in range(n) for i, unit in enumerate(units) for g in groups]
    return pd.DataFrame(rows, columns=["unit", "amount", "text", "group"])


def test_amounts_chart_one_panel_per_unit_and_empty(strict):
    fig = strict(lambda: amounts_chart(amounts(["KRW"]).iloc[0:0], "t"))
    assert "no money" in fig.axes[0].texts[0].get_text()
    fig = strict(lambda: amounts_chart(amounts(["KRW", "USD", "TFLOPS"]), "t"))
    assert [ax.get_xlabel() for ax in fig.axes] == ["KRW (log scale)", "USD (log scale)", "TFLOPS (log scale)"]


def test_amounts_chart_a_single_compute_value_is_a_thin_row(strict):
    table = pd.concat([amounts(["KRW"], n=25), amounts(["TFLOPS"])])
    fig = strict(lambda: amounts_chart(table, "t"))
    money, compute = (ax.get_position().height for ax in fig.axes)
    assert compute < money / 4
    low, high = fig.axes[1].get_xlim()
    assert high / low >= 100  # one value has room either side on its log axis


def test_amounts_chart_large_corpus_shows_every_amount_by_group(strict):
    groups = [f"기관{i}" for i in range(20)]
    table = amounts(["KRW"], groups=groups, n=10)  # 200 amounts
    fig = strict(lambda: amounts_chart(table, "t", max_labelled=30, max_groups=12))
    ax = fig.axes[0]
    dots = sum(len(c.get_offsets()) for c in ax.collections)
    assert dots == len(table)  # aggregated, not sampled
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 13 and labels[0] == "other (8) (n=80)"
    assert not ax.texts  # no per-amount labels on a distribution


def test_plotting_defaults_hold_no_year():
    """No year in the code or defaults of the time and plotting modules (docstrings and comments aside)."""
    import ast
    import re

    from analysis import plotting, timeline

    for module in (plotting, timeline):
        tree = ast.parse(inspect.getsource(module))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        years = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and id(node) not in docstrings
                 and re.search(r"(?<![\d.])(?:19|20)\d\d(?!\d)", str(node.value))]
        assert years == [], module.__name__


def test_heatmap_is_byte_identical_when_values_differ_past_the_shown_decimals(tmp_path):
    # an embedding similarity matrix as notebook 04 draws it (colour scale from its minimum to 1); the same
    # matrix as another CPU computes it, 1e-6 off in every cell, must give the same PNG and SVG bytes
    from analysis.plotting import heatmap

    use_house_style()
    names = ["보도자료 A", "보도자료 B", "기사 C", "기사 D"]
    matrix = pd.DataFrame([[1.0, 0.6012, 0.5834, 0.6377], [0.6012, 1.0, 0.6121, 0.6540],
                           [0.5834, 0.6121, 1.0, 0.6233], [0.6377, 0.6540, 0.6233, 1.0]], index=names, columns=names)
    other_cpu = matrix + 1e-6 * pd.DataFrame([[0, 1, -1, 1], [1, 0, 1, -1], [-1, 1, 0, 1], [1, -1, 1, 0]],
                                             index=names, columns=names)
    written = []
    for i, sims in enumerate((matrix, other_cpu)):
        fig = heatmap(sims, "유사도", colorbar_label="similarity", vmin=float(sims.min().min()), vmax=1)
        written.append(save_figure(fig, "99-heatmap", tmp_path / str(i)))
        plt.close(fig)
    for a, b in zip(*written, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # a difference the figure shows (0.58 -> 0.60 in a cell) still changes it
    shown = matrix.copy()
    shown.iloc[0, 2] = shown.iloc[2, 0] = 0.6034
    fig = heatmap(shown, "유사도", colorbar_label="similarity", vmin=float(shown.min().min()), vmax=1)
    changed = save_figure(fig, "99-heatmap", tmp_path / "shown")
    assert changed[0].read_bytes() != written[0][0].read_bytes()
    plt.close("all")


def test_theme_chart_of_an_archive_is_drawn_on_its_dense_year(strict):
    # 11 months of 2024 with about 1,080 documents each, and 1,730 documents of 1948-1991 (issue #18): the chart
    # is drawn on 2024 at month resolution, the tail counted in the caption
    from analysis.plotting import period_share_chart
    from analysis.timeline import period_counts, period_shares, plausible_span, span_note, time_resolution

    year = pd.date_range("2024-01-01", "2024-11-30", freq="D")
    dates = list(pd.date_range("1948-12-01", "1991-12-31", periods=1730).normalize())
    dates += [day for i, day in enumerate(year) for _ in range(36 if i < 175 else 35)]
    frame = pd.DataFrame({"published": dates, "theme": ["가", "나"] * (len(dates) // 2), "hits": 1})
    span = plausible_span(frame["published"])
    resolution = time_resolution(frame["published"], span)
    hits = period_counts(frame, "published", resolution, by="theme", value="hits", start=span.start, end=span.end)
    docs = period_counts(frame, "published", resolution, start=span.start, end=span.end)["count"]
    fig = strict(lambda: period_share_chart(period_shares(hits, docs), "t", documents=docs,
                                            caption=span_note(span, "documents")))
    top, bottom = fig.axes
    low, high = (matplotlib.dates.num2date(x).replace(tzinfo=None) for x in bottom.get_xlim())
    assert pd.Timestamp("2023-11-01") < low < pd.Timestamp("2024-01-01")
    assert pd.Timestamp("2024-11-30") < high < pd.Timestamp("2025-01-31")
    assert len(bottom.patches) == 11 and sum(p.get_height() for p in bottom.patches) == 11900
    assert bottom.get_xlabel() == "month of publication"
    assert "1730 before that (1948-12-01 to 1991-12-31) left off the figure" in fig._supxlabel.get_text().replace(
        "\n", " ")


def test_theme_chart_marks_bins_with_too_few_documents_and_keeps_their_counts(strict):
    from analysis.plotting import period_share_chart

    days = pd.period_range("2024-03-01", periods=5, freq="D")
    shares = pd.DataFrame({"가": [1.0, 0.5, 0.2, 0.0, 0.6], "나": [0.0, 0.5, 0.8, 1.0, 0.4]}, index=days)
    docs = pd.Series([1, 6, 5, 0, 4], index=days)
    fig = strict(lambda: period_share_chart(shares, "t", documents=docs))
    top, bottom = fig.axes
    marked = [c for c in top.containers if c.get_label() == "fewer than 5 documents: no share drawn"]
    assert len(marked) == 1 and len(marked[0]) == 2  # the days of 1 and 4 documents
    first_theme = next(c for c in top.containers if c.get_label() == "가")
    assert [p.get_height() for p in first_theme] == [0.0, 0.5, 0.2, 0.0, 0.0]  # no full bar for one document
    assert [p.get_height() for p in bottom.patches] == [1, 6, 5, 0, 4]
    assert bottom.get_xlabel() == "day of publication"


def test_a_period_without_documents_is_a_gap_not_a_period_without_hits(strict):
    """Of three years, the middle one has no documents: it draws nothing (the seeds' 2021 was drawn as a
    year whose documents had no theme hits); a year with documents and no hits keeps the grey bar."""
    from analysis.plotting import period_share_chart

    years = pd.period_range("2020", periods=3, freq="Y")
    shares = pd.DataFrame({"가": [1.0, float("nan"), float("nan")]}, index=years)
    docs = pd.Series([6, 0, 7], index=years)
    fig = strict(lambda: period_share_chart(shares, "t", documents=docs))
    top, _ = fig.axes
    grey = [c for c in top.containers if c.get_label() == "year without theme hits"]
    assert len(grey) == 1 and len(grey[0]) == 1  # 2022 only: its 7 documents have no hits; 2021 had none


def test_topics_by_group_puts_the_longer_side_down():
    from analysis.plotting import topics_by_group_chart

    rows = [(g, f"T{t}", 3, 0.1, 0.05, 0.15) for g in ("A", "B") for t in range(1, 7)]
    table = pd.DataFrame(rows, columns=["group", "topic", "documents", "share", "low", "high"])
    wide = topics_by_group_chart(table, {}, "publisher")  # six topics, two publishers: topics as rows
    ax = wide.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"T{t}" for t in range(1, 7)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B"]
    few = topics_by_group_chart(table[table["topic"].isin(["T1", "T2"])], {}, "publisher")
    assert [t.get_text() for t in few.axes[0].get_yticklabels()] == ["A", "B"]
