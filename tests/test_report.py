"""The shareable report page: corpus header, notebook links, every figure with its caption, nothing fetched
from the network, document text escaped."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.plotting import figure_title, save_figure, use_house_style  # noqa: E402
from analysis.report import figure_caption, write_report_index  # noqa: E402

HOSTILE = "<img src=x onerror=alert(1)> <script>alert('x')</script>"


def _figures(folder: Path) -> dict[str, str]:
    """Two figures saved by the house helper (one Korean title, one suptitle) and one PNG without a title."""
    use_house_style()
    fig, ax = plt.subplots(layout="constrained")
    ax.bar(["과학기술정보통신부", "보건복지부"], [3, 5])
    ax.set_title("부처별 문서 수 (documents by ministry)")
    save_figure(fig, "01-by-ministry", folder)
    plt.close(fig)
    fig, axes = plt.subplots(1, 2, layout="constrained")
    fig.suptitle("Theme shares " + HOSTILE)
    save_figure(fig, "03-theme-shares", folder)
    plt.close(fig)
    Image.new("RGB", (20, 10), "white").save(folder / "99-untitled.png")
    return {"01-by-ministry": "부처별 문서 수 (documents by ministry)", "03-theme-shares": "Theme shares " + HOSTILE,
            "99-untitled": "99-untitled"}


def test_save_figure_writes_the_title_into_the_png(tmp_path):
    captions = _figures(tmp_path)
    assert figure_caption(tmp_path / "01-by-ministry.png") == captions["01-by-ministry"]
    assert figure_caption(tmp_path / "03-theme-shares.png") == captions["03-theme-shares"]
    assert figure_caption(tmp_path / "99-untitled.png") == ""
    fig, axes = plt.subplots(1, 2)
    axes[0].set_title("left panel")
    axes[1].set_title("right panel")
    assert figure_title(fig) == "left panel / right panel"
    plt.close(fig)


def test_report_index_is_self_contained_and_escaped(tmp_path):
    out = tmp_path / "report"
    figures = out / "figures"
    figures.mkdir(parents=True)
    captions = _figures(figures)
    inside = out / "01-corpus-overview.html"
    inside.write_text("<html><body><h1>01 · The corpus<a class='anchor-link'>¶</a></h1></body></html>", encoding="utf-8")
    elsewhere = tmp_path / "other" / "02-keywords.html"
    elsewhere.parent.mkdir()
    elsewhere.write_text("<html><body><p>no heading</p></body></html>", encoding="utf-8")
    header = f"**Corpus.** 5 documents, 2020-03-12 to 2023-04-11, from `seeds/`. Title: {HOSTILE}"
    index = write_report_index(out, header, [inside, elsewhere], figures)
    assert index == out / "index.html"
    page = index.read_text(encoding="utf-8")
    # the corpus header, rendered, its markup shown as text
    assert "<strong>Corpus.</strong>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;" in page
    assert "<script" not in page and "onerror=alert(1)>" not in page
    # links relative to the report folder that resolve to the notebooks
    hrefs = re.findall(r"<a class='kp-notebook-link' href='([^']+)'>([^<]*)</a>", page)
    assert [(out / h).resolve() for h, _ in hrefs] == [inside.resolve(), elsewhere.resolve()]
    assert [label for _, label in hrefs] == ["01 · The corpus", "02-keywords"]
    # every figure embedded, bytes identical, with its caption, in name order
    images = re.findall(r"<img src='data:image/png;base64,([^']+)' alt='([^']*)'>", page)
    pngs = sorted(figures.glob("*.png"))
    assert len(images) == len(pngs) == 3
    for (data, _alt), png in zip(images, pngs, strict=True):
        assert base64.b64decode(data) == png.read_bytes()
    shown = re.findall(r"<figcaption>(.*?) <span class='kp-file'>", page)
    assert shown[0] == captions["01-by-ministry"]
    assert shown[1].startswith("Theme shares &lt;img") and shown[2] == "99-untitled"
    # nothing from the network: no external src or href, no script or stylesheet link
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)
    assert "<link" not in page


def _executed_notebook(path: Path, findings_markdown: str | None) -> Path:
    """A minimal executed notebook whose closing cell rendered ``findings_markdown`` (None: it failed before)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell(
        'Markdown(findings.render(findings.keyword_findings(counts, keys), title=label("findings.title")))')]
    if findings_markdown is not None:
        nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/markdown": findings_markdown},
                                                      execution_count=2)]
    nbformat.write(nb, path)
    return path


def test_the_page_leads_with_the_findings_and_links_every_table_and_network_file(tmp_path):
    from analysis.labels import set_language
    from analysis.report import notebook_findings

    out = tmp_path / "run"
    (out / "tables").mkdir(parents=True)
    (out / "networks").mkdir()
    figures = out / "figures"
    figures.mkdir()
    _figures(figures)
    found = _executed_notebook(out / "02-keywords.ipynb", "### Findings of this run\n\n- 인공지능 leads with "
                                                          "**101** occurrences. " + HOSTILE)
    failed = _executed_notebook(out / "03-policy-themes.ipynb", None)
    assert notebook_findings(found) == "- 인공지능 leads with **101** occurrences. " + HOSTILE
    assert notebook_findings(failed) == "" and notebook_findings(out / "missing.ipynb") == ""
    tables = [out / "tables" / "README.md", out / "tables" / "02-keyness.csv"]
    networks = [out / "networks" / "06-network-sentences.gexf", out / "networks" / "06-network-sentences-count.dl"]
    for path in tables + networks:
        path.write_text("x", encoding="utf-8")
    for lang, findings_heading, files_heading in (("en", "What this run found", "Tables and network files"),
                                                  ("ko", "이번 실행에서 찾은 것", "표와 네트워크 파일")):
        set_language(lang)
        try:
            page = write_report_index(out, "**Corpus:** bills", [], figures,
                                      findings=[("02 · Keywords", notebook_findings(found)),
                                                ("03 · Themes", notebook_findings(failed))],
                                      tables=tables, networks=networks).read_text(encoding="utf-8")
        finally:
            set_language(None)
        assert f'<html lang="{lang}">' in page
        # the corpus header, then the findings, then the figures, then the notebooks and the files
        order = [page.index("kp-corpus"), page.index(findings_heading), page.index("<strong>101</strong>"),
                 page.index("<figure"), page.index(files_heading)]
        assert order == sorted(order), lang
        assert "03 · Themes" not in page  # a notebook without findings gets no empty section
        assert "&lt;script&gt;" in page and "<script" not in page
        hrefs = re.findall(r"<a class='kp-file-link' href='([^']+)'>", page)
        assert [(out / h).resolve() for h in hrefs] == [p.resolve() for p in tables + networks]
        assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)


def test_bold_numbers_before_a_hangul_particle_render_bold_and_markup_stays_text():
    from analysis.report import markdown_html

    page = markdown_html("정제로 전체 글자의 **6.0%**를 지웠고, **<b>x</b>**와 \\*\\*그대로\\*\\*")
    assert page == ("<p>정제로 전체 글자의 <strong>6.0%</strong>를 지웠고, <strong>&lt;b&gt;x&lt;/b&gt;</strong>와 "
                    "**그대로**</p>\n")  # escaped asterisks stay asterisks
