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


def save_figure(fig: plt.Figure, name: str, folder: Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` (dpi 200) and ``<name>.svg``; return the two paths.

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
        fig.savefig(paths[0], dpi=200, metadata={"Software": None})
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
    table = lengths.set_index("doc_id")[["clean_chars"]].rename(columns={"clean_chars": "kept"})
    table = table.join(removed).fillna(0).clip(lower=0)
    table.index = pd.Index(labels.values, name="label")
    title = "Characters kept and removed by cleaning, per document"
    if len(table) > max_bars:
        table = table.groupby(level=0).sum()
        table = table.loc[table.drop(columns="kept").sum(axis=1).nlargest(max_bars).index]
        title = f"Characters kept and removed by cleaning: the {max_bars} publishers with most removed"
    table = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(table) + 1.8), layout="constrained")
    left = pd.Series(0.0, index=table.index)
    colours = ["#BBBBBB", *OKABE_ITO]
    for colour, column in zip(colours, table.columns, strict=False):
        ax.barh(table.index, table[column], left=left, color=colour, label=column, height=0.65)
        left += table[column]
    ax.set_xlabel("characters")
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


def heatmap(matrix, title: str, xlabel: str = "", ylabel: str = "", fmt: str = "{:.2f}", cmap: str = SEQUENTIAL,
            vmin: float | None = None, vmax: float | None = None, colorbar_label: str = "") -> plt.Figure:
    """An annotated heatmap of a DataFrame (rows and columns labelled by its index and columns)."""
    import numpy as np

    values = matrix.to_numpy(dtype=float)
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


def stacked_shares(shares, title: str, xlabel: str = "share of theme hits") -> plt.Figure:
    """One horizontal 100% bar per row of a DataFrame whose columns are parts (rows sum to 1)."""
    import pandas as pd

    shares = shares.iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(shares) + 2.0), layout="constrained")
    left = pd.Series(0.0, index=shares.index)
    colours = OKABE_ITO + ["#999999", "#882255", "#44AA99"]
    for colour, column in zip(colours, shares.columns, strict=False):
        ax.barh([str(i) for i in shares.index], shares[column], left=left, color=colour, label=str(column), height=0.65)
        left += shares[column]
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return fig


def dendrogram_chart(linkage, labels, title: str, xlabel: str = "distance (1 - similarity)") -> plt.Figure:
    """A horizontal dendrogram (scipy) with one leaf per label."""
    from scipy.cluster.hierarchy import dendrogram

    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.8), layout="constrained")
    dendrogram(linkage, labels=[str(x) for x in labels], orientation="right", ax=ax,
               color_threshold=0, above_threshold_color=OKABE_ITO[0])
    ax.set_xlabel(xlabel)
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
                  legend_title: str = "community") -> plt.Figure:
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
        ax.scatter([], [], color=palette[community % len(palette)], label=f"{legend_title} {community}", s=60)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_title(title)
    ax.axis("off")
    ax.margins(0.1)
    place_labels(ax, texts, xy, sizes)
    return fig


def two_mode_chart(graph, title: str, seed: int = 42) -> plt.Figure:
    """A bipartite term x document network: documents as squares, terms as circles, fixed layout seed."""
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
    ax.scatter([], [], color=OKABE_ITO[1], marker="s", label="document", s=60)
    ax.scatter([], [], color=OKABE_ITO[0], label="term", s=30)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(title)
    ax.axis("off")
    return fig


def timeline_chart(events, documents, start: str, end: str, title: str) -> plt.Figure:
    """Documents (diamonds at their publication date) and the dated events they mention (dots, by
    precision), one row per label (a document, or a publisher on a large corpus), between ``start``
    and ``end``.

    ``events`` needs columns label, date, precision; ``documents`` label and published.
    """
    import pandas as pd

    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    labels = list(dict.fromkeys(documents.sort_values("published", kind="stable")["label"]))
    row = {label: i for i, label in enumerate(labels)}
    fig, ax = plt.subplots(figsize=(11, 0.6 * len(labels) + 2.2), layout="constrained")
    markers = {"day": ("o", OKABE_ITO[0]), "month": ("s", OKABE_ITO[2]), "year": ("^", OKABE_ITO[5])}
    shown = events[(events["date"] >= lo) & (events["date"] <= hi)]
    dense = len(documents) > 100 or len(shown) > 1000  # a large corpus: small translucent marks show density
    size, alpha = (10, 0.15) if dense else (40, 0.8)
    for precision, (marker, colour) in markers.items():
        part = shown[shown["precision"] == precision]
        ax.scatter(part["date"], part["label"].map(row), marker=marker, color=colour, s=size, alpha=alpha,
                   label=f"event, {precision} precision", zorder=3, linewidths=0)
    ax.scatter(documents["published"], documents["label"].map(row) + (0.25 if dense else 0), marker="D",
               color=OKABE_ITO[3], s=14 if dense else 110, alpha=0.3 if dense else 1, label="publication",
               zorder=4, edgecolors="none" if dense else "black", linewidths=0 if dense else 0.6)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_xlabel("date")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    return fig


def amounts_chart(money, compute, title: str) -> plt.Figure:
    """Money (KRW, log scale) and compute (TFLOPS) mentions as labelled horizontal bars, by document."""
    import numpy as np

    fig, axes = plt.subplots(1, 2, figsize=(12, 0.45 * max(len(money), len(compute), 3) + 2), layout="constrained",
                             width_ratios=[3, 2])
    for ax, table, unit, colour in ((axes[0], money, "KRW (log scale)", OKABE_ITO[0]),
                                    (axes[1], compute, "TFLOPS", OKABE_ITO[2])):
        if table.empty:
            ax.text(0.5, 0.5, "none found", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        table = table.iloc[::-1]
        ax.barh(range(len(table)), table["amount"], color=colour)
        ax.set_yticks(range(len(table)), table["label"], fontsize=8)
        if unit.startswith("KRW"):
            ax.set_xscale("log")
            ax.set_xlim(table["amount"].min() / 3, table["amount"].max() * 30)
        for i, (amount, text) in enumerate(zip(table["amount"], table["text"], strict=True)):
            ax.annotate(text, (amount, i), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_xlabel(unit)
        if not unit.startswith("KRW"):
            ax.set_xlim(0, float(np.max(table["amount"])) * 1.4)
    fig.suptitle(title)
    return fig


def monthly_share_chart(monthly, title: str) -> plt.Figure:
    """Stacked areas of theme shares by month (rows: months, columns: themes, rows summing to 1)."""
    fig, ax = plt.subplots(figsize=(11, 5), layout="constrained")
    colours = OKABE_ITO + ["#999999", "#882255", "#44AA99"]
    ax.stackplot(monthly.index, monthly.T.to_numpy(), labels=[str(c) for c in monthly.columns],
                 colors=colours[: monthly.shape[1]], alpha=0.9)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of theme hits")
    ax.set_xlabel("month of publication")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    return fig
