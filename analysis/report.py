"""A report folder a researcher can share: ``DIR/index.html``, one page that opens from a file or an
e-mail attachment with no network.

The page leads with what the run found: the corpus it describes (the notebooks' header, as markdown) and
each notebook's generated findings (:func:`notebook_findings`, read from the executed notebook). Then the
figures with their captions, links to each executed notebook's HTML export, and links to every table and
network file (:mod:`analysis.export`). The figures are embedded in the page as base64 PNG, so the page
alone carries them; no script, no stylesheet or font is fetched from anywhere. Its headings are in the
run's language (:mod:`analysis.labels`).

Captions are the figures' titles, which :func:`analysis.plotting.save_figure` writes into each PNG as its
``Title`` text entry; a PNG without one is captioned with its file name.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from analysis.labels import label, language

PAGE_STYLE = """
body {font-family: "NanumGothic", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
      max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.55; color: #222;}
h1 {font-size: 1.7em; margin-bottom: 0.2em;}
.kp-corpus {border-left: 4px solid #4477aa; padding: 0.2em 1em; background: #f7f9fc;}
.kp-notebooks li {margin: 0.2em 0;}
.kp-gallery {display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1.2em;}
.kp-gallery figure {margin: 0; border: 1px solid #ddd; padding: 0.5em; background: #fff;}
.kp-gallery img {width: 100%; height: auto;}
.kp-gallery figcaption {font-size: 0.9em; color: #333;}
.kp-gallery .kp-file {color: #777; font-size: 0.85em;}
.kp-findings section {border-left: 4px solid #228833; padding: 0.1em 1em; margin: 0.8em 0; background: #f7fbf7;}
.kp-files li {margin: 0.1em 0;}
"""
FINDINGS_CALL = "findings.render("  # the closing cell of every analysis notebook


def figure_caption(path: Path) -> str:
    """The ``Title`` text entry of a PNG (what :func:`analysis.plotting.save_figure` writes), or ``""``.

    Examples
    --------
    >>> figure_caption(Path("figures/03-theme-heatmap.png"))   # doctest: +SKIP
    'Theme shares by document'
    """
    from PIL import Image

    with Image.open(path) as image:
        return str(getattr(image, "text", {}).get("Title", "")).strip()


def markdown_html(text: str) -> str:
    """Markdown to HTML with every raw HTML tag in it escaped (document titles are data, never markup).

    Examples
    --------
    >>> markdown_html("**5 documents** <script>x</script>")
    '<p><strong>5 documents</strong> &lt;script&gt;x&lt;/script&gt;</p>\\n'
    >>> markdown_html("글자의 **6.0%**를 지웠고")
    '<p>글자의 <strong>6.0%</strong>를 지웠고</p>\\n'
    """
    import mistune

    # CommonMark does not close ``**6.0%**`` before a Hangul particle (``**6.0%**를``: a closing run after
    # punctuation must be followed by space or punctuation), so bold is marked with two private-use characters
    # first and put back after rendering; what lies between them is escaped like any other text
    marked = re.sub(r"(?<!\\)\*\*(?=\S)(.+?)(?<=\S)(?<!\\)\*\*", "\ue000\\1\ue001", text)
    rendered = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])(marked)
    return rendered.replace("\ue000", "<strong>").replace("\ue001", "</strong>")


def _notebook_label(path: Path) -> str:
    """The notebook's title as the exported page gives it (its first heading), else the file's stem."""
    try:
        page = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return path.stem
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S)
    if heading:
        text = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).replace("¶", "").strip()
        if text:
            return text
    return path.stem


def notebook_findings(path: str | Path) -> str:
    """The generated findings of an executed notebook, as markdown (the output of its ``findings.render``
    cell, without its heading), or ``""`` when it has none (a notebook that failed before it, or a tool).

    Examples
    --------
    >>> notebook_findings("build/seeds/02-keywords.ipynb")[:40]               # doctest: +SKIP
    "- 인공지능 is the corpus's most frequent term"
    """
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    for cell in reversed(notebook.get("cells", [])):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") != "code" or FINDINGS_CALL not in source:
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                text = "".join(text)
                return re.sub(r"\A\s*#+ [^\n]*\n", "", text).strip()
    return ""


def _file_links(out_dir: Path, files: Sequence[Path]) -> str:
    items = []
    for path in files:
        href = Path(os.path.relpath(Path(path).resolve(), out_dir.resolve())).as_posix()
        items.append(f"<li><a class='kp-file-link' href='{html.escape(href, quote=True)}'>{html.escape(href)}</a></li>")
    return "\n".join(items)


def write_report_index(out_dir: str | Path, corpus_header_markdown: str, notebooks_html: Sequence[Path],
                       figures_dir: str | Path, title: str | None = None,
                       findings: Sequence[tuple[str, str]] = (), tables: Sequence[Path] = (),
                       networks: Sequence[Path] = ()) -> Path:
    """Write ``out_dir/index.html``: the corpus it describes and each notebook's findings first, then every
    figure, then links to each notebook's HTML and to every table and network file.

    Parameters
    ----------
    out_dir : the report folder (created if missing).
    corpus_header_markdown : what the run describes (the corpus, its size and dates), as markdown; any raw
        HTML in it is shown as text.
    notebooks_html : the executed notebooks' HTML exports, linked by paths relative to ``out_dir`` (so the
        folder can be moved or zipped as a whole).
    figures_dir : folder of ``*.png`` figures, shown in name order, each embedded as base64 with its
        caption (:func:`figure_caption`, else the file name).
    title : the page's title (default: the ``report.title`` label of the run's language).
    findings : (notebook name, findings as markdown) pairs, in notebook order (:func:`notebook_findings`);
        raw HTML in them is shown as text.
    tables, networks : files written by :mod:`analysis.export`, linked relative to ``out_dir``.

    Returns
    -------
    The path of ``index.html``.

    Examples
    --------
    >>> write_report_index("build/seeds", "**5 documents**, 2020-2023", sorted(Path("build/seeds").glob("*.html")),
    ...                    "build/seeds/figures")                                # doctest: +SKIP
    PosixPath('build/seeds/index.html')
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    title = title or label("report.title")
    links = []
    for path in notebooks_html:
        path = Path(path)
        if path.resolve() == index.resolve():
            continue
        href = Path(os.path.relpath(path.resolve(), out_dir.resolve())).as_posix()
        links.append(f"<li><a class='kp-notebook-link' href='{html.escape(href, quote=True)}'>"
                     f"{html.escape(_notebook_label(path))}</a></li>")
    figures = []
    for png in sorted(Path(figures_dir).glob("*.png")) if Path(figures_dir).is_dir() else []:
        caption = figure_caption(png) or png.stem
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        alt = html.escape(caption, quote=True)
        figures.append(
            f"<figure class='kp-figure'><img src='data:image/png;base64,{data}' alt='{alt}'>"
            f"<figcaption>{html.escape(caption)} <span class='kp-file'>{html.escape(png.name)}</span>"
            f"</figcaption></figure>")
    found = [f"<section class='kp-notebook-findings'><h3>{html.escape(name)}</h3>\n{markdown_html(text)}</section>"
             for name, text in findings if text.strip()]
    files = "".join(f"<h3>{html.escape(heading)}</h3>\n<ul class='kp-files'>\n{_file_links(out_dir, paths)}\n</ul>\n"
                    for heading, paths in ((label("report.tables"), tables), (label("report.networks"), networks))
                    if paths)
    page = f"""<!DOCTYPE html>
<html lang="{language()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{PAGE_STYLE}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<section class="kp-corpus">
{markdown_html(corpus_header_markdown)}
</section>
<h2>{html.escape(label("report.findings"))}</h2>
<div class="kp-findings">
{chr(10).join(found) or f"<p>{html.escape(label('report.no_findings'))}</p>"}
</div>
<h2>{html.escape(label("report.figures", count=len(figures)))}</h2>
<div class="kp-gallery">
{chr(10).join(figures) or f"<p>{html.escape(label('report.no_figures'))}</p>"}
</div>
<h2>{html.escape(label("report.notebooks"))}</h2>
<ul class="kp-notebooks">
{chr(10).join(links) or f"<li>{html.escape(label('report.no_notebooks'))}</li>"}
</ul>
<h2>{html.escape(label("report.files"))}</h2>
<div class="kp-file-lists">
{files or f"<p>{html.escape(label('report.no_files'))}</p>"}
</div>
</body>
</html>
"""
    index.write_text(page, encoding="utf-8")
    return index
