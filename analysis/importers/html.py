"""Saved web pages through ``trafilatura``: the article's text, title, date and site, without the page
furniture. A page with markup but no article (saved before it loaded, cut before its body) is refused: one
whose extracted text is empty, or is only site menus and page furniture (:func:`article_hangul`).
A date outside :data:`analysis.importers.metadata.PLAUSIBLE_YEARS` in the page's metadata is not taken; the
text's
header is read instead (:func:`analysis.importers.read_file`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from analysis.importers.base import HANGUL, CorpusError, Document, check_hangul, extractor_version, iso_date, require
from analysis.importers.fields import parse_date
from analysis.paths import RESOURCES

NAME = "html"
# A page's text is an article when its lines that are not page furniture (the patterns of
# resources/boilerplate.tsv, which the cleaning rule boilerplate_lines also removes) and longer than a menu
# entry (MENU_LINE_CHARS) hold at least MIN_ARTICLE_HANGUL Hangul syllables: about two sentences. A portal's
# menus saved without the body (본문 바로가기, 로그인, 화면설정, 열린시장실 ...) hold none.
MIN_ARTICLE_HANGUL = 80
MENU_LINE_CHARS = 15
_MARKUP = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>", re.IGNORECASE)


def accepts(head: bytes) -> bool:
    """Markup in the first 2 KB: a doctype or an ``html``, ``head``, ``body``, ``meta`` or ``title`` tag,
    after at most whitespace or a BOM before the first ``<``."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") and bool(_MARKUP.search(head[:2048]))


@lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[re.Pattern, ...]:
    """The line patterns of ``resources/boilerplate.tsv`` (``rule<TAB>regex  # comment``)."""
    patterns = []
    for raw in (RESOURCES / "boilerplate.tsv").read_text(encoding="utf-8").splitlines():
        line = raw.split("  #", 1)[0].rstrip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line.split("\t", 1)[1]))
    return tuple(patterns)


def article_hangul(text: str) -> int:
    """Hangul syllables in the lines of ``text`` that read as an article: longer than ``MENU_LINE_CHARS``
    and not page furniture (a pattern of ``resources/boilerplate.tsv``).

    Examples
    --------
    >>> article_hangul("본문 바로가기\\n이 누리집은 대한민국 공식 전자정부 누리집입니다.\\n로그인\\n열린시장실")
    0
    >>> article_hangul("광주광역시는 5일 인공지능인의 날 행사를 열었다.\\n조회수 : 1,234")
    20
    """
    count = 0
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) > MENU_LINE_CHARS and not any(p.search(stripped) for p in _furniture_patterns()):
            count += len(HANGUL.findall(stripped))
    return count


def read(path: Path, label: str | None = None) -> Document:
    """Read one saved page (see the module docstring)."""
    name = label or path
    trafilatura = require("trafilatura", "trafilatura", name, "saved web pages")
    require("lxml_html_clean", "lxml_html_clean", name, "saved web pages")
    data = Path(path).read_bytes()
    try:
        result = trafilatura.bare_extraction(data, with_metadata=True, include_tables=True, include_comments=False)
    except Exception as error:  # noqa: BLE001 - lxml raises a variety on broken markup
        raise CorpusError(f"{name}: the page could not be parsed ({type(error).__name__}: {error}); save it again "
                          "from the browser (Save Page As, HTML only)") from None
    found = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (found.get("text") or "").strip("\n")
    if not text.strip():
        raise CorpusError(f"{name}: no article text in the page (saved before it loaded, or cut before its body); "
                          "open the page, wait until it shows the text, and save it again")
    check_hangul(text, name, "HTML")
    if article_hangul(text) < MIN_ARTICLE_HANGUL:
        raise CorpusError(f"{name}: a page without its article: its text ({len(text):,} characters) is only site "
                          f"menus and page furniture, with fewer than {MIN_ARTICLE_HANGUL} Hangul syllables of "
                          "article (saved before its body loaded, or cut before it); open the page, wait until it "
                          "shows the text, and save it again")
    title = (found.get("title") or "").strip()
    date = iso_date(parse_date((found.get("date") or "").strip()[:10]))
    site = (found.get("sitename") or found.get("hostname") or "").strip()
    return Document(
        text=text,
        format="html",
        extractor=extractor_version("trafilatura"),
        title=title,
        title_source="html:meta" if title else "",
        published=date,
        published_source="html:meta" if date else "",
        publisher=site,
        publisher_source="html:meta" if site else "",
        provenance="the article's paragraphs, one per line (page furniture removed by trafilatura)"
                   + (f"; url {found['url']}" if found.get("url") else ""),
        extra={"url": found.get("url") or ""},
    )
