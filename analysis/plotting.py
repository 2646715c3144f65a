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
