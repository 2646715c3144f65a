"""What a document's text says about it, filled into the :class:`~analysis.importers.base.Document` where the
file itself says nothing: one rule for every reader.

Dates, publisher, department and a title written in the text come from :func:`analysis.importers.metadata.header_fields`
(the one place that reads them, with its ``PLAUSIBLE_YEARS``); this module only decides precedence (the file's
own properties first) and adds two fallbacks for binary documents: the issuing body of a press release's lead
(:func:`analysis.importers.metadata.lead_issuer`) and a title line (Hancom templates leave ``"2"`` as the HWP title, PDF
writers ``"무제"``). Table cells are dated by :func:`parse_date` within the same plausible years.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.importers.base import Document, iso_date
from analysis.importers.metadata import DATE_FIELDS, DEPARTMENT_FIELDS, PLAUSIBLE_YEARS, header_fields, lead_issuer

__all__ = ["PLAUSIBLE_YEARS", "fill_from_text", "parse_date", "title_from_text"]


def parse_date(value) -> pd.Timestamp:
    """A date cell (``2022.01.03``, ``2022-01-03``, ``20220103``, a datetime) as a Timestamp; NaT when it is
    not one or falls outside :data:`analysis.importers.metadata.PLAUSIBLE_YEARS`.

    Examples
    --------
    >>> parse_date("2022.01.03"), parse_date("1900-01-01")
    (Timestamp('2022-01-03 00:00:00'), NaT)
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return pd.NaT
    text = str(value).strip()
    match = re.fullmatch(r"((?:19|20|21)\d{2})[-./]?\s?(\d{1,2})[-./]?\s?(\d{1,2})\.?(?:[ T].*)?", text)
    if match and not re.search(r"[-./]", text[:8]) and not re.fullmatch(r"\d{8}(?:[ T].*)?", text):
        match = None  # digits only are read as YYYYMMDD, nothing shorter
    try:
        stamp = pd.Timestamp(int(match[1]), int(match[2]), int(match[3])) if match else pd.Timestamp(value)
    except (ValueError, TypeError):
        return pd.NaT
    if pd.isna(stamp):
        return pd.NaT
    return stamp.normalize() if PLAUSIBLE_YEARS[0] <= stamp.year < PLAUSIBLE_YEARS[1] else pd.NaT


# Header cells that start a line which is no title: the issue and embargo dates, 작성일/등록일, the contact cells.
_LABELS = (DATE_FIELDS[1][1] + DATE_FIELDS[2][1] + ("작성일", "등록일") + DEPARTMENT_FIELDS
           + ("작성부서", "담당자", "담당"))
_NOT_TITLE = re.compile(r"^(?:보도자료|보도참고자료|보\s*도\s*자\s*료|참고자료|- ?\d+ ?-|\d+)$")


def title_from_text(text: str) -> str:
    """A title line: the first line of at least 8 characters with Hangul that is not a header-table row
    (no tab) or a page number; a line ending in a comma goes on with the next line."""
    lines = [line.strip() for line in text.replace("\f", "\n").splitlines()]
    for i, line in enumerate(lines):
        if "\t" in line or len(line) < 8 or not re.search(r"[가-힣]", line) or _NOT_TITLE.match(line):
            continue
        if re.match(r"^[□○◦ㅇ\-•※▶◇◆]", line) or re.match(rf"^(?:{'|'.join(_LABELS)})", line.replace(" ", "")):
            continue
        if line.endswith(",") and i + 1 < len(lines) and lines[i + 1]:
            line = f"{line} {lines[i + 1]}"
        return line[:200]
    return ""


def fill_from_text(document: Document) -> Document:
    """``document`` with what its text says (:func:`analysis.importers.metadata.header_fields`, read once) filled in
    where the file's own properties are empty; ``*_source`` says where each value came from.

    The date and department come from the text's header (``header:<label>``) or, for the date, the body's
    first full date (``body``). A title or publisher read from the text has the source ``text:<source>``.
    A document that is not plain text and names no publisher takes the issuer of its lead
    (``body:issuer``) and, with no title, its first title line (``title line``). A plain-text document's
    title is its first line, set by the corpus from the cleaned text.
    """
    found = header_fields(document.text)
    if not document.published and pd.notna(found["published"]):
        document.published, document.published_source = iso_date(found["published"]), found["published_source"]
    if not document.department and found["department"]:
        document.department = found["department"]
    if not document.title and found["title"]:
        document.title, document.title_source = found["title"], f"text:{found['title_source']}"
    if not document.publisher and found["publisher"]:
        document.publisher, document.publisher_source = found["publisher"], f"text:{found['publisher_source']}"
    if document.format != "text":
        if not document.publisher and (issuer := lead_issuer(document.text)):
            document.publisher, document.publisher_source = issuer, "body:issuer"
        if not document.title and (line := title_from_text(document.text)):
            document.title, document.title_source = line, "title line"
    return document
