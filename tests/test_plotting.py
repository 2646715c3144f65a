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
