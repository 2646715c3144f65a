"""One helper writes every figure: Korean-capable font, colour-blind-safe colours, reproducible files.

Figures go to ``figures/<notebook-prefix>-<name>.png`` (dpi 200) and ``.svg``. The SVG hash salt is fixed
and file dates are left out, so rerunning a notebook on the same machine writes identical bytes.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

from analysis.labels import label
from analysis.paths import figures_dir

# Okabe & Ito (2008), the colour-blind-safe qualitative palette
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
SEQUENTIAL = "cividis"  # perceptually uniform and colour-blind safe


def bundled_korean_fonts() -> list[Path]:
    """The NanumGothic files shipped by koreanize-matplotlib.

    They are found without importing that package, whose module imports ``distutils`` (gone from
    Python 3.12).
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("koreanize-matplotlib is not installed: run `make test` or `pip install -e .`")
    fonts = sorted(Path(spec.submodule_search_locations[0], "fonts").glob("NanumGothic*.ttf"))
    if not fonts:
        raise RuntimeError("koreanize-matplotlib ships no NanumGothic font files here")
    return fonts


def use_house_style() -> None:
    """Set matplotlib up for Korean labels (bundled NanumGothic) and reproducible output.

    NanumGothic has no U+2212 minus sign, so ``axes.unicode_minus`` is off.
    """
    for font in bundled_korean_fonts():
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams.update(
        {
            "font.family": "NanumGothic",
            "axes.unicode_minus": False,
            "svg.hashsalt": "korean-policy-notebooks",
            "svg.fonttype": "path",
            "savefig.dpi": 200,
            "figure.dpi": 100,
            "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def figure_title(fig: plt.Figure) -> str:
    """What a figure shows, in words: its suptitle, else its axes' titles joined by " / " (empty if none).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Theme shares by document")
    >>> figure_title(fig)
    'Theme shares by document'
    """
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        return fig._suptitle.get_text().strip()
    titles = [ax.get_title(loc).strip() for ax in fig.axes for loc in ("center", "left", "right")]
    return " / ".join(t for t in titles if t)


def save_figure(fig: plt.Figure, name: str, folder: Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` (dpi 200) and ``<name>.svg``; return the two paths.

    The PNG carries the figure's title (:func:`figure_title`) as its ``Title`` text entry: the report page
    (``analysis.report``) reads it as the caption.

    ``name`` starts with the notebook's number (``"01-cleaning-by-rule"``). A missing-glyph warning while
    drawing means a label would show empty boxes, so it is raised as an error.

    Examples
    --------
    >>> fig, ax = plt.subplots(layout="constrained")        # doctest: +SKIP
    >>> save_figure(fig, "01-document-lengths")              # doctest: +SKIP
    """
    folder = Path(folder) if folder is not None else figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from")
        fig.savefig(paths[0], dpi=200, metadata={"Software": None, "Title": figure_title(fig)})
        fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    return paths


def cleaning_chart(summary, lengths, labels, max_bars: int = 25) -> plt.Figure:
    """Horizontal stacked bars: characters kept, and characters removed by rule family, per document.

    With more than ``max_bars`` documents the bars are the publishers with the most removed text, summed
    over their documents, so the figure stays readable for a corpus of thousands.

    Parameters
    ----------
    summary : :func:`analysis.clean.removal_summary` output.
    lengths : :func:`analysis.corpus.document_lengths` output.
    labels : Series of bar labels indexed like ``lengths`` (document labels, or publishers to group by).
    """
    import pandas as pd

    removed = summary.pivot_table(index="doc_id", columns="family", values="net_removed", aggfunc="sum")
    table = lengths.set_index("doc_id")[["clean_chars"]].rename(columns={"clean_chars": label("legend.kept")})
    table = table.join(removed).fillna(0).clip(lower=0)
    table.index = pd.Index(labels.values, name="label")
    title = label("cleaning.title")
    if len(table) > max_bars:
        table = table.groupby(level=0).sum()
        table = table.loc[table.drop(columns=label("legend.kept")).sum(axis=1).nlargest(max_bars).index]
        title = label("cleaning.title_top", max_bars=max_bars)
    table = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(table) + 1.8), layout="constrained")
    left = pd.Series(0.0, index=table.index)
    colours = ["#BBBBBB", *OKABE_ITO]
    for colour, column in zip(colours, table.columns, strict=False):
        ax.barh(table.index, table[column], left=left, color=colour, label=column, height=0.65)
        left += table[column]
    ax.set_xlabel(label("axis.characters"))
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return fig


def _grid(n: int, ncols: int, width: float = 4.2, height: float = 3.0):
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), layout="constrained",
                             squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes.flat


def bar_grid(table, group: str, label: str, value: str, title: str, xlabel: str, ncols: int = 3,
             colour: str = OKABE_ITO[0]) -> plt.Figure:
    """Small multiples: one horizontal bar chart per group, bars sorted by value (largest on top).

    ``table`` is long: one row per (group, label) with a numeric ``value``.
    """
    groups = list(dict.fromkeys(table[group]))
    fig, axes = _grid(len(groups), ncols, height=0.28 * table.groupby(group).size().max() + 1.2)
    for ax, name in zip(axes, groups, strict=False):
        part = table[table[group] == name].sort_values(value)
        ax.barh(part[label].astype(str), part[value], color=colour)
        ax.set_title(str(name), fontsize=10)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(labelsize=8)
    fig.suptitle(title)
    return fig


def display_decimals(fmt: str) -> int:
    """The decimals a number format shows: 2 for ``"{:.2f}"``, 1 for ``"{:.1%}"`` (3 of the fraction), 0 for
    ``"{:d}"``.

    >>> display_decimals("{:.2f}"), display_decimals("{:.1%}"), display_decimals("{:,}")
    (2, 3, 0)
    """
    import re

    match = re.search(r"\.(\d+)([f%eg])", fmt)
    if not match:
        return 0
    return int(match[1]) + (2 if match[2] == "%" else 0)


def heatmap(matrix, title: str, xlabel: str = "", ylabel: str = "", fmt: str = "{:.2f}", cmap: str = SEQUENTIAL,
            vmin: float | None = None, vmax: float | None = None, colorbar_label: str = "") -> plt.Figure:
    """An annotated heatmap of a DataFrame (rows and columns labelled by its index and columns).

    What is drawn is rounded to what the figure shows, the decimals of ``fmt`` (:func:`display_decimals`):
    the cells, their colours and the colour scale's ends (``vmin``, ``vmax``). Values computed on another
    machine that differ past those decimals (Kiwi's embedding arithmetic follows the CPU's instruction set)
    then give the same figure, byte for byte.
    """
    import numpy as np

    decimals = display_decimals(fmt)
    values = np.round(matrix.to_numpy(dtype=float), decimals)
    vmin = None if vmin is None else float(np.round(vmin, decimals))
    vmax = None if vmax is None else float(np.round(vmax, decimals))
    fig, ax = plt.subplots(figsize=(1.0 * values.shape[1] + 3.5, 0.55 * values.shape[0] + 2.2), layout="constrained")
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in matrix.columns], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(values.shape[0]), [str(i) for i in matrix.index], fontsize=8)
    ax.spines[:].set_visible(False)
    low, high = np.nanmin(values), np.nanmax(values)
    middle = (low + high) / 2
    if values.size <= 400:
        for (i, j), v in np.ndenumerate(values):
            if not np.isnan(v):
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                        color="black" if v > middle else "white")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label=colorbar_label, shrink=0.8)
    return fig


def stacked_shares(shares, title: str, xlabel: str | None = None) -> plt.Figure:
    """One horizontal 100% bar per row of a DataFrame whose columns are parts (rows sum to 1).

    ``xlabel`` defaults to the ``axis.theme_share`` label ("share of theme hits").
    """
    import pandas as pd

    shares = shares.iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(shares) + 2.0), layout="constrained")
    left = pd.Series(0.0, index=shares.index)
    colours = OKABE_ITO + ["#999999", "#882255", "#44AA99"]
    for colour, column in zip(colours, shares.columns, strict=False):
        ax.barh([str(i) for i in shares.index], shares[column], left=left, color=colour, label=str(column), height=0.65)
        left += shares[column]
    ax.set_xlim(0, 1)
    ax.set_xlabel(label("axis.theme_share") if xlabel is None else xlabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return fig


def dendrogram_chart(linkage, labels, title: str, xlabel: str | None = None) -> plt.Figure:
    """A horizontal dendrogram (scipy) with one leaf per label."""
    from scipy.cluster.hierarchy import dendrogram

    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.8), layout="constrained")
    dendrogram(linkage, labels=[str(x) for x in labels], orientation="right", ax=ax,
               color_threshold=0, above_threshold_color=OKABE_ITO[0])
    ax.set_xlabel(label("axis.distance") if xlabel is None else xlabel)
    ax.set_title(title)
    ax.tick_params(axis="y", labelsize=9)
    return fig


def diverging_bars(table, label: str, value: str, side: str, title: str, xlabel: str) -> plt.Figure:
    """Horizontal bars to the left or right of zero, coloured by ``side`` (two groups compared)."""
    sides = list(dict.fromkeys(table[side]))
    colour = {s: OKABE_ITO[i % len(OKABE_ITO)] for i, s in enumerate(sides)}
    ordered = table.sort_values(value)
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(ordered) + 1.8), layout="constrained")
    ax.barh(ordered[label].astype(str), ordered[value], color=[colour[s] for s in ordered[side]])
    ax.axvline(0, color="black", linewidth=0.8)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[s]) for s in sides]
    ax.legend(handles, sides, loc="lower right", frameon=False, fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return fig


def place_labels(ax, texts, centres, sizes, gap: float = 2.0) -> int:
    """Put each label next to its node without covering any node or another label.

    ``texts`` are Text artists, one per node, ``centres`` the nodes' data coordinates and ``sizes`` their
    scatter sizes (points squared). Labels of bigger nodes are placed first; each tries positions above,
    below, right, left and on the diagonals of its node, at growing distances, and takes the first that
    touches no node circle, no placed label and stays inside the axes. Deterministic. Returns the number
    of labels that found no free position (they take their least crowded candidate).
    """
    import numpy as np

    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_display = ax.transData
    centres_px = to_display.transform(np.asarray(centres, dtype=float))
    radii = np.sqrt(np.asarray(sizes, dtype=float) / np.pi) * fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    placed: list[tuple[float, float, float, float]] = []
    angles = np.deg2rad([90, 270, 0, 180, 45, 135, 315, 225, 67.5, 112.5, 292.5, 247.5])
    unplaced = 0

    def cost(box) -> int:
        x0, y0, x1, y1 = box
        nx_ = np.clip(centres_px[:, 0], x0, x1)
        ny_ = np.clip(centres_px[:, 1], y0, y1)
        hits = int((np.hypot(centres_px[:, 0] - nx_, centres_px[:, 1] - ny_) < radii + 1).sum())
        hits += sum(not (x1 < a0 or a1 < x0 or y1 < b0 or b1 < y0) for a0, b0, a1, b1 in placed)
        hits += int(x0 < frame.x0 or y0 < frame.y0 or x1 > frame.x1 or y1 > frame.y1)
        return hits

    for i in np.argsort(-np.asarray(sizes), kind="stable"):
        text = texts[i]
        text.set_ha("center")
        text.set_va("center")
        extent = text.get_window_extent(renderer)
        w, h = extent.width + 2, extent.height + 2
        best, best_cost = None, None
        for factor in (1.0, 1.8, 2.6, 3.4):
            for angle in angles:
                dx = np.cos(angle) * (radii[i] * factor + gap + w / 2)
                dy = np.sin(angle) * (radii[i] * factor + gap + h / 2)
                cx, cy = centres_px[i, 0] + dx, centres_px[i, 1] + dy
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                c = cost(box)
                if best_cost is None or c < best_cost:
                    best, best_cost = box, c
                if c == 0:
                    break
            if best_cost == 0:
                break
        unplaced += int(best_cost > 0)
        placed.append(best)
        centre = ((best[0] + best[2]) / 2, (best[1] + best[3]) / 2)
        text.set_position(to_display.inverted().transform(centre))
    return unplaced


def network_chart(graph, size_by: dict, colour_by: dict, title: str, seed: int = 42,
                  legend_title: str | None = None) -> plt.Figure:
    """A term network: node area by ``size_by`` (a centrality), colour by ``colour_by`` (a community),
    edge width by weight, a fixed layout seed. Labels are placed next to their node, clear of every node
    and label (:func:`place_labels`), with a white halo."""
    import matplotlib.patheffects as pe
    import networkx as nx
    import numpy as np

    fig, ax = plt.subplots(figsize=(11, 9), layout="constrained")
    if graph.number_of_nodes() == 0:
        ax.set_title(title + " (no edges above the threshold)")
        return fig
    pos = nx.spring_layout(graph, seed=seed, weight="weight", k=2.0 / np.sqrt(graph.number_of_nodes()),
                           iterations=200)
    nodes = list(graph.nodes)
    values = np.array([size_by.get(n, 0.0) for n in nodes])
    span = values.max() - values.min() or 1.0
    sizes = 120 + 1400 * (values - values.min()) / span
    palette = OKABE_ITO + ["#999999", "#882255", "#44AA99", "#117733"]
    colours = [palette[colour_by.get(n, 0) % len(palette)] for n in nodes]
    weights = np.array([d.get("weight", 1.0) for _, _, d in graph.edges(data=True)])
    widths = 0.5 + 3.0 * (weights - weights.min()) / ((weights.max() - weights.min()) or 1.0)
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#BBBBBB", alpha=0.8)
    xy = np.array([pos[n] for n in nodes])
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors="white", linewidths=0.8, zorder=2)
    texts = [ax.text(x, y, str(n), fontsize=9, zorder=3, path_effects=[pe.withStroke(linewidth=3, foreground="white")])
             for n, (x, y) in zip(nodes, xy, strict=True)]
    for community in sorted(set(colour_by.values())):
        ax.scatter([], [], color=palette[community % len(palette)], s=60,
                   label=f"{label('legend.community') if legend_title is None else legend_title} {community}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_title(title)
    ax.axis("off")
    ax.margins(0.1)
    place_labels(ax, texts, xy, sizes)
    return fig


def two_mode_chart(graph, title: str, seed: int = 42, unit: str | None = None) -> plt.Figure:
    """A bipartite term x document network: documents (or the groups ``unit`` names in the legend, such
    as publishers) as squares, terms as circles, fixed layout seed."""
    import matplotlib.patheffects as pe
    import networkx as nx

    fig, ax = plt.subplots(figsize=(12, 10), layout="constrained")
    pos = nx.spring_layout(graph, seed=seed, weight="weight", iterations=200)
    docs = [n for n, d in graph.nodes(data=True) if d.get("mode") == "document"]
    terms = [n for n, d in graph.nodes(data=True) if d.get("mode") == "term"]
    import numpy as np

    nx.draw_networkx_edges(graph, pos, ax=ax, edge_color="#CCCCCC", width=0.7)
    nodes = terms + docs
    xy = np.array([pos[n] for n in nodes])
    sizes = [60] * len(terms) + [500] * len(docs)
    ax.scatter(xy[: len(terms), 0], xy[: len(terms), 1], s=60, c=OKABE_ITO[0], zorder=2)
    ax.scatter(xy[len(terms):, 0], xy[len(terms):, 1], s=500, marker="s", c=OKABE_ITO[1], zorder=2)
    texts = [ax.text(x, y, str(n), zorder=3, fontsize=10 if n in docs else 8, fontweight="bold" if n in docs else None,
                     path_effects=[pe.withStroke(linewidth=3, foreground="white")])
             for n, (x, y) in zip(nodes, xy, strict=True)]
    ax.margins(0.1)
    place_labels(ax, texts, xy, sizes)
    ax.scatter([], [], color=OKABE_ITO[1], marker="s", label=unit or label("legend.document"), s=60)
    ax.scatter([], [], color=OKABE_ITO[0], label=label("legend.term"), s=30)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(title)
    ax.axis("off")
    return fig


def empty_figure(title: str, message: str) -> plt.Figure:
    """A small figure that says what is missing (``no dated mentions``), for a chart with nothing to draw."""
    fig, ax = plt.subplots(figsize=(8, 2.2), layout="constrained")
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11, color="#555555")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def _pad_dates(ax, start, end, min_pad=None) -> None:
    """Set the x range to ``start``-``end`` with a margin (3 %, at least ``min_pad``, default 20 days), so one
    date or one month still has a visible axis."""
    import pandas as pd

    start, end = pd.Timestamp(start), pd.Timestamp(end)
    pad = max((end - start) * 0.03, pd.Timedelta(days=20) if min_pad is None else pd.Timedelta(min_pad))
    ax.set_xlim(start - pad, end + pad)


# A large corpus's timeline counts its dates per period: at most this many periods across the axis (the finest
# resolution of analysis.timeline.RESOLUTIONS that fits), and one mark per row, period and kind of mark.
TIMELINE_BINS = 160
# Mark areas (points squared) on a binned timeline: the largest count gets TIMELINE_MAX_AREA, a count of one at
# least TIMELINE_MIN_AREA so that it stays visible.
TIMELINE_MAX_AREA = 260.0
TIMELINE_MIN_AREA = 4.0


def timeline_chart(events, documents, title: str, span=None, caption: str | None = None) -> plt.Figure:
    """Documents (diamonds at their publication date) and the dated events they mention (dots, by
    precision), one row per label (a document, or a publisher on a large corpus).

    The time axis spans ``span`` (:func:`analysis.timeline.plausible_span`), by default the plausible span
    of the publication and mentioned dates together; dates outside it are not drawn (print
    :func:`analysis.timeline.span_note` beside the figure, or pass it as ``caption``, written under the
    figure). With nothing dated the figure says so.

    On a large corpus (more than 100 documents or 1,000 dates drawn) one mark per date would be hundreds of
    thousands of overlapping marks (an SVG of 90 MB at 240,000 documents) that show density only as ink.
    There the dates are counted per row and period (:func:`timeline_counts`, at the finest resolution with
    at most :data:`TIMELINE_BINS` periods), and each mark is placed in the middle of its period with an area
    proportional to its count (a bubble chart's convention: area, not radius, encodes the value; a count of
    one is drawn at least :data:`TIMELINE_MIN_AREA` square points). The legend gives reference counts and
    the period.

    ``events`` needs columns label, date, precision; ``documents`` label and published.
    """
    import pandas as pd

    from analysis.timeline import plausible_span

    events = events[events["date"].notna()]
    if span is None:
        span = plausible_span(pd.concat([documents["published"], events["date"]], ignore_index=True))
    if span.start is None:
        return empty_figure(title, label("empty.no_dates"))
    lo, hi = span.start, span.end
    shown = events[(events["date"] >= lo) & (events["date"] <= hi)]
    placed = documents[(documents["published"] >= lo) & (documents["published"] <= hi)]
    labels = list(dict.fromkeys(documents.sort_values("published", kind="stable")["label"]))
    labels = [label for label in labels if label in set(shown["label"]) | set(placed["label"])]
    row = {label: i for i, label in enumerate(labels)}
    fig, ax = plt.subplots(figsize=(11, 0.6 * len(labels) + 2.2), layout="constrained")
    dense = len(documents) > 100 or len(shown) > 1000  # a large corpus: counts per period, not one mark a date
    if dense:
        _binned_timeline(ax, shown, placed, row, span)
    else:
        _timeline_marks(ax, shown, placed, row)
    ax.set_yticks(range(len(labels)), labels)
    _pad_dates(ax, lo, hi)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_xlabel(label("axis.date"))
    ax.set_title(title)
    if caption:
        import textwrap

        fig.supxlabel(textwrap.fill(caption, 170), fontsize=8, color="#444444")
    return fig


_TIMELINE_MARKERS = {"day": ("o", OKABE_ITO[0]), "month": ("s", OKABE_ITO[2]), "year": ("^", OKABE_ITO[5])}


def _timeline_marks(ax, shown, placed, row) -> None:
    """One mark per mentioned date (by precision) and one diamond per document at its publication date."""
    for precision, (marker, colour) in _TIMELINE_MARKERS.items():
        part = shown[shown["precision"] == precision]
        if len(part):
            ax.scatter(part["date"], part["label"].map(row), marker=marker, color=colour, s=40, alpha=0.8,
                       label=label("legend.event", precision=label(f"precision.{precision}")), zorder=3,
                       linewidths=0)
    if len(placed):
        ax.scatter(placed["published"], placed["label"].map(row), marker="D", color=OKABE_ITO[3], s=110,
                   label=label("legend.publication"), zorder=4, edgecolors="black", linewidths=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)


def timeline_counts(frame, date_col: str, resolution: str):
    """How many rows of ``frame`` fall in each (label, period of ``resolution``): columns label, period,
    count and ``middle``, the period's midpoint, where a binned timeline draws the mark.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"label": ["가", "가", "나"],
    ...                       "date": pd.to_datetime(["2024-03-02", "2024-03-30", "2024-04-01"])})
    >>> timeline_counts(frame, "date", "month")[["label", "period", "count"]].astype(str).values.tolist()
    [['가', '2024-03', '2'], ['나', '2024-04', '1']]
    """
    import pandas as pd

    from analysis.timeline import RESOLUTIONS

    periods = frame[date_col].dt.to_period(RESOLUTIONS[resolution]).rename("period")
    counts = frame.groupby(["label", periods], sort=True).size().rename("count").reset_index()
    index = pd.PeriodIndex(counts["period"])
    counts["middle"] = index.start_time + (index.end_time - index.start_time) / 2
    return counts


def _binned_timeline(ax, shown, placed, row, span) -> None:
    """Counts per row and period as marks whose area follows the count; kinds of mark side by side in a row."""
    import pandas as pd
    from matplotlib.lines import Line2D

    from analysis.timeline import time_resolution

    dates = pd.concat([shown["date"], placed["published"]], ignore_index=True)
    resolution = time_resolution(dates, span, max_bins=TIMELINE_BINS, min_documents=1)
    layers = [(shown[shown["precision"] == p], "date", m, c, label("legend.event", precision=label(f"precision.{p}")))
              for p, (m, c) in _TIMELINE_MARKERS.items()]
    layers.append((placed, "published", "D", OKABE_ITO[3], label("legend.publication")))
    tables = [(timeline_counts(part, column, resolution), marker, colour, name)
              for part, column, marker, colour, name in layers if len(part)]
    largest = max(int(t["count"].max()) for t, *_ in tables)
    handles, names = [], []
    for (table, marker, colour, name), offset in zip(tables, _row_offsets(len(tables)), strict=True):
        ax.scatter(table["middle"], table["label"].map(row) + offset, marker=marker, color=colour,
                   s=_count_area(table["count"], largest), alpha=0.7, linewidths=0, zorder=3, label=name)
        handles.append(Line2D([], [], linestyle="", marker=marker, color=colour, markersize=8))  # kind of mark
        names.append(name)
    for count in _reference_counts(largest):  # then the sizes
        handles.append(Line2D([], [], linestyle="", marker="o", color="#777777",
                              markersize=float(_count_area([count], largest)[0]) ** 0.5))
        names.append(label("legend.count_per_period", count=f"{count:,}", period=label(f"resolution.{resolution}")))
    ax.legend(handles, names, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8,
              labelspacing=1.1)


def _row_offsets(n: int) -> list[float]:
    """Vertical offsets inside a row for ``n`` kinds of mark, spread over 0.7 of the row, centred."""
    if n <= 1:
        return [0.0] * n
    return [-0.35 + 0.7 * i / (n - 1) for i in range(n)]


def _count_area(counts, largest: int):
    """Mark areas (points squared) proportional to ``counts``, ``largest`` at :data:`TIMELINE_MAX_AREA`, none
    below :data:`TIMELINE_MIN_AREA`."""
    import numpy as np

    return np.maximum(np.asarray(counts, dtype=float) / largest * TIMELINE_MAX_AREA, TIMELINE_MIN_AREA)


def _reference_counts(largest: int) -> list[int]:
    """Counts for the size legend: one, the largest, and a round number between them.

    >>> _reference_counts(1), _reference_counts(7), _reference_counts(4380)
    ([1], [1, 7], [1, 100, 4380])
    """
    if largest <= 1:
        return [1]
    import math

    middle = 10 ** round(math.log10(largest) / 2)
    return [1, *([middle] if 1 < middle < largest else []), largest]


def _month_ticks(ax, n_months: int) -> None:
    """Ticks on month starts (``2024-03``), about a dozen of them; on years (``2024``) past ten years."""
    import math

    import matplotlib.dates as mdates

    if n_months <= 120:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, math.ceil(n_months / 12))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, math.ceil(n_months / 144))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def _log_limits(values) -> tuple[float, float]:
    """A log-axis range around positive ``values``: at least a factor 10 either side of a single value."""
    low, high = float(min(values)), float(max(values))
    return low / 3, max(high * 30, low * 100)


def _labelled_amounts(ax, table, group: str, colour: str) -> None:
    """Every amount as a dot on a log axis, one row per mention, labelled by group and by its text."""
    table = table.sort_values(["amount", "text"], ascending=[True, True], kind="stable")
    rows = range(len(table))
    ax.hlines(rows, _log_limits(table["amount"])[0], table["amount"], color="#DDDDDD", linewidth=0.8, zorder=1)
    ax.scatter(table["amount"], rows, color=colour, s=30, zorder=2)
    ax.set_yticks(rows, [str(g) for g in table[group]], fontsize=8)
    for i, (amount, text) in enumerate(zip(table["amount"], table["text"], strict=True)):
        ax.annotate(str(text), (amount, i), xytext=(5, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_ylim(-0.7, len(table) - 0.3)


def _distribution_by_group(ax, table, group: str, colour: str, max_groups: int) -> None:
    """A box per group (the ``max_groups`` with most amounts, the rest pooled) over every amount as a dot."""
    import numpy as np

    counts = table[group].astype(str).value_counts(sort=False)
    counts = counts.sort_values(ascending=False, kind="stable")
    top = list(counts.index[:max_groups])
    other = label("amounts.other", count=len(counts) - len(top))
    labels = table[group].astype(str).where(table[group].astype(str).isin(top), other)
    order = top + ([other] if len(counts) > len(top) else [])
    order = order[::-1]  # the group with most amounts on top
    data = [table.loc[labels == name, "amount"].to_numpy() for name in order]
    ax.boxplot(data, orientation="horizontal", widths=0.6, showfliers=False, patch_artist=True,
               boxprops={"facecolor": "none", "edgecolor": "#333333"}, medianprops={"color": "#333333"},
               whiskerprops={"color": "#333333"}, capprops={"color": "#333333"})
    rng = np.random.default_rng(0)  # fixed jitter: the same figure on every run
    for i, values in enumerate(data, start=1):
        ax.scatter(values, i + rng.uniform(-0.25, 0.25, len(values)), s=6, color=colour, alpha=0.35,
                   linewidths=0, zorder=1, rasterized=True)  # thousands of dots: one image in the SVG
    ax.set_yticks(range(1, len(order) + 1), [f"{name} (n={len(v)})" for name, v in zip(order, data, strict=True)],
                  fontsize=8)


def amounts_chart(amounts, title: str, group: str = "group", max_labelled: int = 30, max_groups: int = 12,
                  group_label: str | None = None) -> plt.Figure:
    """Money by currency and compute by unit, one panel each, on log axes: never two units on one axis.

    ``amounts`` is :func:`analysis.entities.amount_table` output (columns unit, amount, text and
    ``group``). A panel with at most ``max_labelled`` amounts shows every one, labelled with its text; a
    larger one shows their distribution per group (a box per publisher, say, over all amounts as dots;
    the ``max_groups`` groups with most amounts, the rest pooled), never a sample. Each panel's height
    follows its rows, so a unit named once is one thin row. Amounts of zero cannot sit on a log axis and
    are counted in the panel title. With no amounts the figure says so. ``group_label`` names the groups
    in the panel titles (default: the column name).
    """
    amounts = amounts[amounts["amount"].notna()]
    if amounts.empty:
        return empty_figure(title, label("empty.no_amounts"))
    order = amounts["unit"].value_counts(sort=False)
    money_first = sorted(order.index, key=lambda u: (u == "TFLOPS", -order[u], u))
    panels = []
    for unit in money_first:
        table = amounts[amounts["unit"] == unit]
        positive = table[table["amount"] > 0]
        labelled = len(positive) <= max_labelled
        rows = len(positive) if labelled else min(positive[group].nunique(), max_groups + 1)
        panels.append((unit, table, positive, labelled, max(rows, 1)))
    heights = [0.32 * rows + 1.1 for *_, rows in panels]
    fig = plt.figure(figsize=(11, sum(heights) + 0.6), layout="constrained")
    axes = fig.subplots(len(panels), 1, height_ratios=heights, squeeze=False)[:, 0]
    for i, (ax, (unit, table, positive, labelled, _rows)) in enumerate(zip(axes, panels, strict=True)):
        colour = OKABE_ITO[2] if unit == "TFLOPS" else OKABE_ITO[i % 2 * 4]
        kind = label("amounts.compute" if unit == "TFLOPS" else "amounts.money")
        zeros = len(table) - len(positive)
        heading = label("amounts.heading_one" if len(table) == 1 else "amounts.heading_many", kind=kind, unit=unit,
                        count=len(table))
        heading += label("amounts.zeros", zeros=zeros) if zeros else ""
        if positive.empty:
            ax.text(0.5, 0.5, label("amounts.only_zero"), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        elif labelled:
            _labelled_amounts(ax, positive, group, colour)
        else:
            _distribution_by_group(ax, positive, group, colour, max_groups)
            heading += label("amounts.by_group", group=group_label or group)
        if not positive.empty:
            ax.set_xscale("log")
            if labelled:
                ax.set_xlim(*_log_limits(positive["amount"]))
            ax.set_xlabel(label("amounts.log_axis", unit=unit))
            ax.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        ax.set_title(heading, fontsize=10, loc="left")
    fig.suptitle(title)
    return fig


def monthly_share_chart(monthly, title: str, documents=None, ylabel: str | None = None,
                        min_documents: int | None = None, caption: str | None = None) -> plt.Figure:
    """Stacked bars of theme shares per calendar month: :func:`period_share_chart` at month resolution."""
    return period_share_chart(monthly, title, documents=documents, ylabel=ylabel, min_documents=min_documents,
                              caption=caption)


def _period_ticks(ax, periods) -> None:
    """About a dozen ticks on period starts, written as the resolution reads (``2024-03-05``, ``2024-03``,
    ``2024``); month ticks as :func:`_month_ticks`."""
    import math

    import matplotlib.dates as mdates

    n, freq = len(periods), periods.freqstr
    step = max(1, math.ceil(n / 12))
    if freq.startswith("D"):
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    elif freq.startswith("W"):
        ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO, interval=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    elif freq.startswith("M"):
        _month_ticks(ax, n)
    elif freq.startswith("Q"):
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10), interval=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    for tick in ax.get_xticklabels():
        tick.set_rotation(30 if freq[0] in "DW" else 0)


def period_share_chart(shares, title: str, documents=None, ylabel: str | None = None,
                       min_documents: int | None = None, caption: str | None = None) -> plt.Figure:
    """Stacked bars of theme shares per period (day, week, month, quarter or year), with the documents each
    share rests on below; empty periods are visible gaps, never bridged.

    ``shares`` has one row per period (a :class:`pandas.PeriodIndex` of any frequency, or month dates;
    rows summing to 1, or NaN for a period without hits) and one column per theme:
    :func:`analysis.timeline.period_shares` of :func:`analysis.timeline.period_counts`, at the resolution
    :func:`analysis.timeline.time_resolution` chose. Missing periods are added, so the calendar is regular.
    ``documents`` (optional) is a Series of dated documents per period, drawn as bars in a lower panel
    (counts always shown); a period with documents but fewer than ``min_documents`` (default
    :data:`analysis.timeline.MIN_DOCUMENTS_PER_BIN`) gets no share bar, a hatched mark instead. ``caption``
    (say :func:`analysis.timeline.span_note`: the documents outside the span drawn) is written under the
    figure.
    """
    import textwrap

    import numpy as np
    import pandas as pd

    from analysis.timeline import MIN_DOCUMENTS_PER_BIN

    if shares is None or len(shares) == 0:
        return empty_figure(title, label("empty.no_theme_months"))
    shares = shares.copy()
    if not isinstance(shares.index, pd.PeriodIndex):
        shares.index = pd.PeriodIndex(shares.index, freq="M")
    freq = shares.index.freq
    periods = pd.period_range(shares.index.min(), shares.index.max(), freq=freq)
    resolution = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year", "A": "year"}[periods.freqstr[0]]
    shares = shares.reindex(periods)
    counts = None
    if documents is not None:
        counts = pd.Series(documents, dtype=float)
        if not isinstance(counts.index, pd.PeriodIndex):
            counts.index = pd.PeriodIndex(counts.index, freq=freq)
        counts = counts.reindex(periods, fill_value=0)
        minimum = MIN_DOCUMENTS_PER_BIN if min_documents is None else min_documents
        few = ((counts > 0) & (counts < minimum)).to_numpy()
        shares[few] = np.nan
    else:
        few = np.zeros(len(periods), dtype=bool)
    starts, ends = periods.start_time, (periods + 1).start_time
    # a day or a week is centred on its tick (the day, the week's Monday); a month, quarter or year sits
    # between the ticks of its start and the next
    x = starts if resolution in ("day", "week") else starts + (ends - starts) / 2
    width = ((ends - starts) / pd.Timedelta(days=1)).to_numpy(dtype=float) * 0.8  # neighbours never touch
    panels = 2 if counts is not None else 1
    fig = plt.figure(figsize=(11, 5.5 if panels == 2 else 4.5), layout="constrained")
    axes = fig.subplots(panels, 1, sharex=True, height_ratios=[3, 1][:panels], squeeze=False)[:, 0]
    ax = axes[0]
    colours = OKABE_ITO + ["#999999", "#882255", "#44AA99"]
    bottom = np.zeros(len(periods))
    for j, column in enumerate(shares.columns):
        heights = shares[column].fillna(0).to_numpy(dtype=float)
        ax.bar(x, heights, bottom=bottom, width=width, color=colours[j % len(colours)], label=str(column))
        bottom += heights
    empty = shares.isna().all(axis=1).to_numpy() & ~few
    if counts is not None:  # a period without documents is a gap, not a period whose documents lack hits
        empty &= (counts > 0).to_numpy()
    if empty.any():
        ax.bar(x[empty], np.ones(empty.sum()), width=width[empty], color="#F2F2F2",
               label=label(f"legend.{resolution}_without_hits"))
    if few.any():
        ax.bar(x[few], np.ones(few.sum()), width=width[few], color="white", edgecolor="#999999", hatch="///",
               linewidth=0.5, label=label("legend.too_few_documents", minimum=minimum))
    ax.set_ylim(0, 1)
    ax.set_ylabel(label("axis.theme_share") if ylabel is None else ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    if counts is not None:
        axes[1].bar(x, counts.to_numpy(), width=width, color="#777777")
        axes[1].set_ylabel(label("axis.documents"))
        axes[1].yaxis.get_major_locator().set_params(integer=True)
    half = (ends[0] - starts[0]) / 2
    if resolution in ("day", "week"):
        _pad_dates(axes[-1], starts[0], starts[-1], min_pad=half)
    else:
        _pad_dates(axes[-1], starts[0], ends[-1] - pd.Timedelta(seconds=1), min_pad=half)
    _period_ticks(axes[-1], periods)
    axes[-1].set_xlabel(label(f"axis.{resolution}_of_publication"))
    if caption:
        fig.supxlabel(textwrap.fill(caption, 170), fontsize=8, color="#444444")
    return fig


# --------------------------------------------------------------------------------------------------
# notebook 03's topic model (analysis.topics): the k curve, topics and terms, topics over time and by group.
# Plotted values are rounded (shares to four decimals), so a fit that differs in the seventh decimal on
# another SIMD build draws the same figure.


def k_curve_chart(k_scores, k: int, units: int) -> plt.Figure:
    """Two panels over the k grid: mean NPMI coherence and held-out log-likelihood per word, the chosen k
    marked. ``k_scores`` is :attr:`analysis.topics.TopicModel.k_scores`."""
    if k_scores is None or k_scores.empty:
        return empty_figure(label("topics.k_title", units=f"{units:,}"), label("empty.no_k_search", k=k))
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained", sharex=True)
    for ax, column, axis, colour in ((axes[0], "coherence", "axis.npmi", OKABE_ITO[0]),
                                     (axes[1], "held_out_ll", "axis.held_out_ll", OKABE_ITO[1])):
        ax.plot(k_scores["k"], k_scores[column].round(4), marker="o", color=colour)
        ax.axvline(k, color="#555555", linestyle="--", linewidth=1, label=label("legend.chosen_k", k=k))
        ax.set_xlabel(label("axis.k"))
        ax.set_ylabel(label(axis))
        ax.set_xticks(list(k_scores["k"]))
        ax.legend(frameon=False, fontsize=8)
    fig.suptitle(label("topics.k_title", units=f"{units:,}"))
    return fig


def topic_terms_chart(terms, labels: dict, k: int, seed: int) -> plt.Figure:
    """Small multiples: each topic's top terms by relevance (lambda 0.6), bars of P(term | topic); panel
    titles are the topics' labels (an unstable topic says so)."""
    table = terms.assign(topic=terms["topic"].map(labels), phi=terms["phi"].round(4))
    return bar_grid(table, "topic", "term", "phi", label("topics.terms_title", k=k, seed=seed), label("axis.phi"),
                    colour=OKABE_ITO[2])


def _period_axis(groups, resolution: str):
    import pandas as pd

    from analysis.timeline import RESOLUTIONS

    freq = RESOLUTIONS[resolution]
    periods = pd.PeriodIndex(sorted(set(groups)), freq=freq)
    return pd.period_range(periods.min(), periods.max(), freq=freq)


def topics_over_time_chart(table, labels: dict, resolution: str, ncols: int = 3) -> plt.Figure:
    """One panel per topic: the mean share of the documents of each period with its 95 % bootstrap interval,
    on a regular calendar (a period without documents is a gap, never bridged).

    ``table`` is :meth:`analysis.topics.TopicModel.prevalence` with ``by="period"``.
    """
    title = label("topics.over_time_title", resolution=label(f"resolution.{resolution}"))
    if table.empty or resolution == "none" or table["group"].nunique() < 2:
        return empty_figure(title, label("empty.no_periods"))
    axis = _period_axis(table["group"], resolution)
    import numpy as np

    topics = list(dict.fromkeys(table["topic"]))
    fig, axes = _grid(len(topics), ncols, width=3.8, height=2.6)
    x = np.arange(len(axis))
    for ax, topic in zip(axes, topics, strict=False):
        part = table[table["topic"] == topic].set_index("group").reindex(axis.astype(str))
        ax.fill_between(x, part["low"].round(4), part["high"].round(4), color=OKABE_ITO[0], alpha=0.25, linewidth=0)
        ax.plot(x, part["share"].round(4), marker="o", markersize=3, color=OKABE_ITO[0])
        ax.set_title(labels.get(topic, topic), fontsize=9)
        ax.set_ylim(0, max(0.05, float(table["high"].max()) * 1.05))
        step = max(1, len(axis) // 6)
        ax.set_xticks(x[::step], [str(p) for p in axis[::step]], rotation=30, ha="right", fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
    fig.supylabel(label("axis.topic_share"), fontsize=9)
    fig.suptitle(title)
    return fig


def topics_by_group_chart(table, labels: dict, group_name: str) -> plt.Figure:
    """Heatmap of the mean topic share of each group's documents, from
    :meth:`analysis.topics.TopicModel.prevalence` (the intervals are in that table): groups as rows and topics
    as columns, or topics as rows when there are more topics than groups (30 topic labels do not fit across)."""
    title = label("topics.by_group_title", group=group_name)
    if table.empty or table["group"].nunique() < 2:
        return empty_figure(title, label("empty.no_groups"))
    matrix = table.pivot(index="group", columns="topic", values="share").round(4)
    matrix = matrix[list(dict.fromkeys(table["topic"]))].rename(columns=labels)
    if matrix.shape[1] > matrix.shape[0]:  # more topics than groups: topics as rows, their labels read across
        return heatmap(matrix.T, title, xlabel=group_name, ylabel=label("axis.topic"), vmin=0,
                       colorbar_label=label("axis.topic_share"))
    return heatmap(matrix, title, xlabel=label("axis.topic"), ylabel=group_name, vmin=0,
                   colorbar_label=label("axis.topic_share"))
