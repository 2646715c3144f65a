"""Saved web pages through ``trafilatura``: the article's text, title, date and site, without the page
furniture. A page with markup but no article (saved before it loaded, cut before its body) is refused.
A date outside :data:`analysis.importers.metadata.PLAUSIBLE_YEARS` in the page's metadata is not taken; the text's
header is read instead (:func:`analysis.importers.read_file`).
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.importers.base import CorpusError, Document, check_hangul, extractor_version, iso_date, require
from analysis.importers.fields import parse_date

NAME = "html"
_MARKUP = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>", re.IGNORECASE)


def accepts(head: bytes) -> bool:
    """Markup in the first 2 KB: a doctype or an ``html``, ``head``, ``body``, ``meta`` or ``title`` tag,
    after at most whitespace or a BOM before the first ``<``."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") and bool(_MARKUP.search(head[:2048]))


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
