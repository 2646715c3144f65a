"""The notebooks and the report in a real browser: Debian's chromium driven by Playwright, against a
JupyterLab server this module starts on a free 127.0.0.1 port with a token and stops by its process id.

Needs ``/usr/bin/chromium`` and ``fonts-nanum`` (``apt-get install -y chromium fonts-nanum``; never
``playwright install``, which downloads a browser from outside). Without them the tests skip, except under
``CI=true``, where a missing browser fails them.

What is checked: the explorer notebook runs in JupyterLab; a Korean term typed in the search box gives its
concordance lines (by canonical term); a line opens its document with the match marked and, switched on,
the spans cleaning removed struck through with their rule; the topics tab shows a topic's terms and opens
one of its documents; Hangul is drawn with real glyphs, not the missing-glyph box; document text with
markup stays text; every notebook's rendered markdown has exactly one ``h1``, in JupyterLab and in the
exported HTML; the report page's images all load, with no network.
The screenshot of the explorer is saved as ``docs/explorer.png`` (shown in the README) when that file is
missing or ``UPDATE_SCREENSHOT=1`` is set.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.paths import FIGURES, NOTEBOOKS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "explorer.png"
TIMEOUT_MS = 240_000  # a cold run of the explorer notebook loads Kiwi and tokenizes; the machine is shared
HOSTILE = "인공지능 데이터 정책 보도자료. <img src=x onerror=alert(1)> 인공지능 <script>alert(2)</script> 데이터를 활용한다.\n"


def _browser_or_skip():
    """Playwright's sync API, or skip (fail under CI=true) with what is missing."""
    missing = []
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
        missing.append("the Python package playwright (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium fonts-nanum)")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; under CI=true a missing browser is a failure")
        pytest.skip(message)
    return sync_api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(folder: Path) -> None:
    """JupyterLab user settings for the test: every cell rendered (no windowing), no news or update popups."""
    values = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                             "checkForUpdates": False},
    }
    for name, value in values.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


@pytest.fixture(scope="module")
def sync_api():
    return _browser_or_skip()


@pytest.fixture(scope="module")
def lab(sync_api, tmp_path_factory):
    """A JupyterLab server over a copy of the notebooks (so nothing a run saves touches the repository),
    plus a copy of the explorer notebook in Korean pointed at a corpus with markup in its text."""
    root = tmp_path_factory.mktemp("lab")
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        shutil.copy(notebook, root / notebook.name)
    hostile = root / "hostile-corpus"
    hostile.mkdir()
    (hostile / "doc-a.txt").write_text(HOSTILE, encoding="utf-8")
    (hostile / "doc-b.txt").write_text("인공지능 데이터 정책을 논의한다. 데이터 활용을 늘린다.\n", encoding="utf-8")
    _explorer_on(root / "07-explore.ipynb", root / "korean-explore.ipynb", hostile, lang="ko")
    _settings(root / ".settings")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(root / ".settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(root / ".workspaces"), JUPYTER_RUNTIME_DIR=str(root / ".runtime"),
               JUPYTER_CONFIG_DIR=str(root / ".config"))
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--expose-app-in-browser",
               "--ServerApp.port_retries=0"] + (["--allow-root"] if os.geteuid() == 0 else [])  # CI containers
    log = (root / "server.log").open("w")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not start: {(root / 'server.log').read_text()[-2000:]}")
            time.sleep(1)
        yield {"base": base, "token": token, "root": root}
    finally:
        _stop(server)
        log.close()


def _stop(server: subprocess.Popen) -> None:
    """Stop the server started above, by its id: its own process group (it and its kernels)."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        if server.poll() is not None:
            break
        try:
            os.killpg(server.pid, sig)
            server.wait(timeout=wait)
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    server.wait()


def _explorer_on(source: Path, target: Path, corpus: Path, lang: str = "en") -> None:
    """A copy of the explorer notebook whose parameters name ``corpus`` (and the language ``lang``)."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source += f"\ncorpus_path = {str(corpus)!r}\nlang = {lang!r}\n"
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, target)


@pytest.fixture(scope="module")
def browser(sync_api):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


CURRENT_READY = ("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                 " && window.jupyterapp.shell.currentWidget.context"
                 " && window.jupyterapp.shell.currentWidget.context.path === {path}"
                 " && window.jupyterapp.shell.currentWidget.context.isReady")


def _open(page, lab, name: str):
    page.goto(f"{lab['base']}/lab/tree/{name}?reset&token={lab['token']}")  # reset: no tabs from before
    page.wait_for_function(CURRENT_READY.format(path=json.dumps(name)))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()


def _command(page, command: str) -> None:
    page.evaluate(f"() => window.jupyterapp.commands.execute({json.dumps(command)})")


def _run_all(page) -> None:
    _command(page, "notebook:clear-all-cell-outputs")
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel")
    _command(page, "notebook:run-all-cells")


def _hangul_is_drawn(page, selector: str) -> dict:
    """Draw two Hangul syllables and a private-use character (always the missing-glyph box) in the font of
    ``selector`` on a canvas: real glyphs differ from each other and from the box; boxes are all alike."""
    return page.evaluate(
        """(selector) => {
            const font = getComputedStyle(document.querySelector(selector)).fontFamily;
            const draw = (ch) => {
                const c = document.createElement('canvas'); c.width = 64; c.height = 64;
                const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
                g.fillStyle = '#000'; g.font = '40px ' + font; g.textBaseline = 'top'; g.fillText(ch, 8, 8);
                return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
            };
            const ga = draw('가'), na = draw('나'), box = draw('\\uE000');
            return {font, distinct: ga !== na, not_box: ga !== box && na !== box, inked: ga !== draw(' ')};
        }""", selector)


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts chromium used to draw the text of ``selector`` (DevTools CSS.getPlatformFontsForNode)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_explorer_in_jupyterlab(lab, page, sync_api):
    expect = sync_api.expect
    _open(page, lab, "07-explore.ipynb")
    _run_all(page)
    explorer = page.locator(".jp-OutputArea-output .kp-explorer")
    status = explorer.locator(".kp-status")
    expect(status).to_contain_text("hits of", timeout=TIMEOUT_MS)  # the first search, on the top term
    # type a Korean short name: the search is by canonical term
    query = explorer.locator(".kp-query input")
    query.fill("과기정통부")
    query.press("Enter")
    expect(status).to_contain_text("과학기술정보통신부")
    lines = explorer.locator(".kp-concordance-lines tr.kp-line")
    expect(lines.first).to_be_visible()
    matches = explorer.locator(".kp-concordance-lines td.kp-match").all_inner_texts()
    assert matches and set(matches) <= {"과기정통부", "과학기술정보통신부"}, matches
    assert "과학기술정보통신부" in matches
    assert len(matches) <= 25  # one page
    # Hangul drawn with glyphs, not boxes; and with a Korean font
    drawn = _hangul_is_drawn(page, ".kp-concordance-lines td.kp-right")
    assert drawn["distinct"] and drawn["not_box"] and drawn["inked"], drawn
    fonts = _platform_fonts(page, ".kp-concordance-lines td.kp-right")
    assert any("nanum" in f["familyName"].lower() and f["glyphCount"] > 0 for f in fonts), fonts
    # the README's screenshot is rewritten when missing or asked for (UPDATE_SCREENSHOT=1), so an ordinary
    # test run leaves the tree as it was; otherwise it goes to the test's temporary folder
    shot = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOT") == "1" or not SCREENSHOT.exists() \
        else lab["root"] / SCREENSHOT.name
    shot.parent.mkdir(exist_ok=True)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the file browser: more room for the lines
    page.evaluate("(el) => el.scrollIntoView({block: 'start'})", explorer.element_handle())
    page.screenshot(path=str(shot))
    # a line opens its document, the match marked
    first_match = matches[0]
    explorer.locator(".kp-line-select select").select_option(index=0)
    text = explorer.locator(".kp-doc-text .kp-text")
    expect(text.locator("mark.kp-hit")).to_have_text(first_match)
    expect(text.locator("mark.kp-hit")).to_be_visible()
    assert text.locator("del.kp-removed").count() == 0
    # switched on, what cleaning removed is shown in place, struck through, the rule on hover
    explorer.locator(".kp-show-removed input[type=checkbox]").check()
    removed = text.locator("del.kp-removed")
    expect(removed.first).to_be_visible()
    assert removed.first.get_attribute("title")
    assert page.evaluate("(el) => getComputedStyle(el).textDecorationLine", removed.first.element_handle()) \
        == "line-through"
    expect(explorer.locator(".kp-doc-meta")).to_contain_text("logged edits")
    drawn = _hangul_is_drawn(page, ".kp-doc-text .kp-text")
    assert drawn["distinct"] and drawn["not_box"], drawn
    # the keyword network is drawn when its tab is opened (ipysigma: a WebGL canvas)
    explorer.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Keyword network").click()
    expect(explorer.locator(".kp-neighbours")).to_contain_text("Click a term", timeout=TIMEOUT_MS)
    expect(explorer.locator(".kp-sigma canvas").first).to_be_visible()
    # choosing a term (ipysigma's node search selects it, as a click does) lists its neighbours and lines
    explorer.locator(".kp-sigma .choices").click()
    choice = explorer.locator(".kp-sigma .choices__list--dropdown .choices__item--choice:not(.choices__placeholder)")
    term = choice.first.inner_text().strip()
    choice.first.click()
    expect(explorer.locator(".kp-neighbours")).to_contain_text(f"{term}: ")
    expect(explorer.locator(".kp-neighbours")).to_contain_text("neighbours")
    expect(explorer.locator(".kp-network-lines td.kp-match").first).to_be_visible()
    # the topics tab: notebook 03's model (read from its cache, or fitted) when the tab is first opened; a topic's
    # terms and documents, and a document chosen in the list opens in the document tab
    explorer.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Topics").click()
    expect(explorer.locator(".kp-topic-terms td").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(explorer.locator(".kp-topic-docs")).to_contain_text("Documents with the highest share of")
    option = explorer.locator(".kp-topic-doc-select select option").first
    doc_id = option.inner_text().split()[1]  # "share  doc_id  title"
    explorer.locator(".kp-topic-doc-select select").select_option(index=0)
    expect(explorer.locator(".kp-doc-meta")).to_contain_text(doc_id)
    expect(explorer.locator(".kp-doc-meta")).to_be_visible()


def test_the_explorer_in_korean_keeps_document_markup_as_text(lab, page, sync_api):
    """Run once with ``lang = "ko"`` on a corpus whose text holds markup: the tabs, the search box, the buttons
    and the hit count are Korean; a regular expression for the markup finds it and shows it as text in the
    concordance and in the document, with no element made of it and no dialog; a date filter is typed as
    YYYY-MM-DD."""
    expect = sync_api.expect
    _open(page, lab, "korean-explore.ipynb")
    _run_all(page)
    explorer = page.locator(".jp-OutputArea-output .kp-explorer")
    status = explorer.locator(".kp-status")
    expect(status).to_contain_text("건", timeout=TIMEOUT_MS)
    assert "hits of" not in status.inner_text()
    for title in ("용례 검색", "문서", "주제 근거", "키워드 네트워크", "토픽"):
        expect(explorer.locator(".lm-TabBar-tabLabel", has_text=title).first).to_be_visible()
    query = explorer.locator(".kp-query input")
    expect(query).to_have_attribute("placeholder", "용어, 어형 또는 정규식")
    expect(explorer.locator(".kp-export button, button.kp-export").first).to_have_text("CSV 내보내기")
    explorer.locator(".kp-mode button", has_text="regex").click()
    query.fill("<img[^>]*>|<script>")
    query.press("Enter")
    expect(explorer.locator(".kp-concordance-lines td.kp-match").first).to_contain_text("<")
    shown = explorer.locator(".kp-concordance-lines").inner_text()
    assert "<img src=x onerror=alert(1)>" in shown and "<script>" in shown
    explorer.locator(".kp-line-select select").select_option(index=0)
    expect(explorer.locator(".kp-doc-text mark.kp-hit")).to_be_visible()
    assert "<img src=x onerror=alert(1)>" in explorer.locator(".kp-doc-text").inner_text()
    assert explorer.locator("img").count() == 0 and explorer.locator("script").count() == 0
    assert page.dialogs == []
    explorer.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="용례 검색").click()
    date = explorer.locator(".kp-date-from input")
    expect(date).to_have_attribute("placeholder", "YYYY-MM-DD")
    date.fill("2023/02/07")
    date.press("Enter")
    expect(status).to_contain_text("YYYY-MM-DD")


def _h1_counts(page, scope: str = "document") -> int:
    """How many h1 elements the rendered markdown cells of ``scope`` (a JavaScript expression) hold."""
    return page.evaluate(f"() => {scope}.querySelectorAll('.jp-RenderedMarkdown h1').length")


MARKDOWN_RENDERED = """() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'markdown');
    return cells.length > 0 && cells.every(c => c.rendered && c.node.querySelector('.jp-RenderedMarkdown')
                                                && c.node.querySelector('.jp-RenderedMarkdown').children.length > 0);
}"""


def test_each_notebook_has_one_title(lab, page):
    """Rendered in JupyterLab, each notebook's markdown holds exactly one h1 (its title)."""
    names = [notebook.name for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))]
    _open(page, lab, names[0])  # the app boots once; each other notebook opens in it, as a reader's tab does
    counts = {}
    for name in names:
        if name != names[0]:
            page.evaluate(f"() => {{ window.jupyterapp.commands.execute('docmanager:open', {{path: {json.dumps(name)}}}); }}")
            page.wait_for_function(CURRENT_READY.format(path=json.dumps(name)))
        page.wait_for_function(MARKDOWN_RENDERED)
        counts[name] = _h1_counts(page, "window.jupyterapp.shell.currentWidget.node")
        page.evaluate("() => { window.jupyterapp.shell.currentWidget.dispose(); }")  # one notebook in the page
    assert counts == dict.fromkeys(names, 1), counts


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Each committed notebook exported to HTML with nbconvert (as ``python -m analysis run --out`` does)."""
    from nbconvert import HTMLExporter

    folder = tmp_path_factory.mktemp("html")
    pages = []
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        body, _ = HTMLExporter().from_filename(str(notebook))
        target = folder / notebook.with_suffix(".html").name
        target.write_text(body, encoding="utf-8")
        pages.append(target)
    return pages


def test_exported_html_has_one_title_per_notebook(exported, page):
    counts = {}
    for path in exported:
        page.goto(path.as_uri())
        counts[path.name] = _h1_counts(page)
    assert counts == dict.fromkeys(counts, 1), counts


def test_report_page_images_all_load_offline(exported, page, tmp_path):
    from analysis.report import write_report_index

    out = tmp_path / "report"
    index = write_report_index(out, "**Corpus.** the seeds (`seeds/`): 인공지능 정책 문서", exported, FIGURES)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    images = page.evaluate("() => Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth])")
    assert len(images) == len(list(FIGURES.glob("*.png"))) > 0
    broken = [alt for alt, complete, width in images if not complete or width == 0]
    assert broken == [], broken
    links = page.locator("a.kp-notebook-link")
    assert links.count() == len(exported)
    outside = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert outside == [], outside
    page.goto(index.as_uri())
    links.first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(exported[0].name)


def test_korean_report_page_leads_with_the_findings_and_links_the_tables(exported, page, tmp_path):
    """The page of a Korean run: its headings in Korean, the findings before the figures, every table and
    network link pointing at a file beside it, nothing fetched from the network."""
    from urllib.parse import unquote, urlparse

    import pandas as pd

    from analysis.export import export_tables
    from analysis.labels import set_language
    from analysis.report import notebook_findings, write_report_index

    out = tmp_path / "report-ko"
    tables = export_tables({"keyness": pd.DataFrame({"term": ["인공지능"], "g2": [12.5]})}, out / "tables", notebook="02")
    findings = [(path.stem, notebook_findings(path)) for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))]
    assert sum(bool(text) for _, text in findings) >= 5  # every analysis notebook ends with its findings
    set_language("ko")
    try:
        index = write_report_index(out, "**말뭉치:** 시드 문서", exported, FIGURES, findings=findings,
                                   tables=sorted(tables.iterdir()))
    finally:
        set_language(None)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    headings = page.evaluate("() => Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
    assert headings[0] == "이번 실행에서 찾은 것" and headings[1].startswith("그림") and headings[-1] == "표와 네트워크 파일"
    assert page.evaluate("() => document.documentElement.lang") == "ko"
    assert page.locator(".kp-notebook-findings").count() == sum(bool(text) for _, text in findings)
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a.kp-file-link')).map(a => a.href)")
    files = [Path(unquote(urlparse(h).path)) for h in hrefs]
    assert {f.name for f in files} == {"02-keyness.csv", "README.md", "results.xlsx", "tables.json"}
    assert all(f.is_file() for f in files)
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
