"""The figure helper: both formats, identical bytes on a rerun, Korean glyphs present."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis.plotting import save_figure, use_house_style  # noqa: E402


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
def test_network_labels_cover_no_node_and_no_label(corpus, unit):
    import analysis
    from analysis.network import centrality_table, communities, cooccurrence, cooccurrence_graph
    from analysis.plotting import network_chart

    use_house_style()
    edges = cooccurrence(analysis.tokenize(corpus), unit=unit, min_count=2)
    graph = cooccurrence_graph(edges, max_nodes=40, max_edges=80)
    table = centrality_table(graph)
    fig = network_chart(graph, dict(zip(table["term"], table["betweenness"], strict=True)), communities(graph), "t")
    assert len(fig.axes[0].texts) == graph.number_of_nodes()
    assert _overlaps(fig) == []
    plt.close("all")
