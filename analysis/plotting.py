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
