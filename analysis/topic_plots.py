"""Figures of notebook 03's topic model: the k curve, topics and their terms, topics over time and by group.

Every figure is drawn here and written by :func:`analysis.plotting.save_figure`; titles and axes come from
:mod:`analysis.labels`. Plotted values are rounded (shares to four decimals) so that a fit that differs in
the seventh decimal on another SIMD build draws the same figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.labels import label
from analysis.plotting import OKABE_ITO, _grid, bar_grid, empty_figure, heatmap


def k_curve_chart(k_scores: pd.DataFrame, k: int, units: int) -> plt.Figure:
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


def topic_terms_chart(terms: pd.DataFrame, labels: dict, k: int, seed: int) -> plt.Figure:
    """Small multiples: each topic's top terms by relevance (lambda 0.6), bars of P(term | topic); panel
    titles are the topics' labels (an unstable topic says so)."""
    table = terms.assign(topic=terms["topic"].map(labels), phi=terms["phi"].round(4))
    return bar_grid(table, "topic", "term", "phi", label("topics.terms_title", k=k, seed=seed), label("axis.phi"),
                    colour=OKABE_ITO[2])


def _period_axis(groups: pd.Series, resolution: str) -> pd.PeriodIndex:
    freq = {"day": "D", "month": "M", "year": "Y"}[resolution]
    periods = pd.PeriodIndex(sorted(set(groups)), freq=freq)
    return pd.period_range(periods.min(), periods.max(), freq=freq)


def topics_over_time_chart(table: pd.DataFrame, labels: dict, resolution: str, ncols: int = 3) -> plt.Figure:
    """One panel per topic: the mean share of the documents of each period with its 95 % bootstrap interval,
    on a regular calendar (a period without documents is a gap, never bridged).

    ``table`` is :meth:`analysis.topics.TopicModel.prevalence` with ``by="period"``.
    """
    title = label("topics.over_time_title", resolution=label(f"resolution.{resolution}"))
    if table.empty or resolution == "none" or table["group"].nunique() < 2:
        return empty_figure(title, label("empty.no_periods"))
    axis = _period_axis(table["group"], resolution)
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


def topics_by_group_chart(table: pd.DataFrame, labels: dict, group_name: str) -> plt.Figure:
    """Heatmap of the mean topic share of each group's documents (groups as rows, topics as columns), from
    :meth:`analysis.topics.TopicModel.prevalence`; the intervals are in that table."""
    title = label("topics.by_group_title", group=group_name)
    if table.empty or table["group"].nunique() < 2:
        return empty_figure(title, label("empty.no_groups"))
    matrix = table.pivot(index="group", columns="topic", values="share").round(4)
    matrix = matrix[list(dict.fromkeys(table["topic"]))].rename(columns=labels)
    return heatmap(matrix, title, xlabel=label("axis.topic"), ylabel=group_name, vmin=0,
                   colorbar_label=label("axis.topic_share"))
