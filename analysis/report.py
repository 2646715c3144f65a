"""A report folder a researcher can share: ``DIR/index.html``, one page that opens from a file or an
e-mail attachment with no network.

The page says which corpus it describes (the notebooks' header, as markdown), links each executed
notebook's HTML export, and shows every figure with its caption. The figures are embedded in the page as
base64 PNG, so the page alone carries them; no script, no stylesheet or font is fetched from anywhere.

Captions are the figures' titles, which :func:`analysis.plotting.save_figure` writes into each PNG as its
``Title`` text entry; a PNG without one is captioned with its file name.
"""

from __future__ import annotations

import base64
import html
import os
import re
from collections.abc import Sequence
from pathlib import Path

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
"""


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
    """
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])(text)


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


def write_report_index(out_dir: str | Path, corpus_header_markdown: str, notebooks_html: Sequence[Path],
                       figures_dir: str | Path, title: str = "Korean policy documents: results") -> Path:
    """Write ``out_dir/index.html``: the corpus it describes, a link to each notebook's HTML, every figure.

    Parameters
    ----------
    out_dir : the report folder (created if missing).
    corpus_header_markdown : what the run describes (the corpus, its size and dates), as markdown; any raw
        HTML in it is shown as text.
    notebooks_html : the executed notebooks' HTML exports, linked by paths relative to ``out_dir`` (so the
        folder can be moved or zipped as a whole).
    figures_dir : folder of ``*.png`` figures, shown in name order, each embedded as base64 with its
        caption (:func:`figure_caption`, else the file name).
    title : the page's title.

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
    page = f"""<!DOCTYPE html>
<html lang="en">
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
<h2>Notebooks</h2>
<ul class="kp-notebooks">
{chr(10).join(links) or "<li>no notebook was exported</li>"}
</ul>
<h2>Figures ({len(figures)})</h2>
<div class="kp-gallery">
{chr(10).join(figures) or "<p>no figures</p>"}
</div>
</body>
</html>
"""
    index.write_text(page, encoding="utf-8")
    return index
