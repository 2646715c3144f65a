"""Metadata written in a document's text: dates, the press-release header table, a title line, the issuer.

Readers of binary documents use these when the file's own properties say nothing useful (HWP summary
titles are often a template's ``"2"``; PDF titles ``"무제"``). Dates from header fields (작성일, 보도일시 ...)
come from :func:`analysis.metadata.header_fields` when that module is present; otherwise, and for the body,
the first full date written in the text.
"""

from __future__ import annotations

import re

import pandas as pd

PLAUSIBLE_YEARS = (1990, 2100)
# Labels of the header table of a Korean press release, in the order a date is taken from them: the day
# the ministry issued it (배포), then the embargo (보도).
HEADER_DATE_LABELS = ("배포일시", "배포일자", "배포", "보도일시", "보도시점", "보도일자", "작성일", "등록일")
HEADER_DEPARTMENT_LABELS = ("담당부서", "담당과", "작성부서", "담당")
HEADER_LINES = 20  # the header table sits in the first lines
_ISSUER = re.compile(r"([가-힣]{2,20}(?:부|처|청|원|위원회|광역시|특별시|특별자치시|특별자치도|도|시|군|구))\s?\("
                     r"(?:장관|청장|처장|원장|위원장|시장|도지사|군수|구청장|교육감)")


def find_first_date(text: str) -> pd.Timestamp:
    """The first full date written in a text (2023-02-07, 2023.2.7., 2023. 4. 11., 2023년 2월 7일), or NaT.

    Examples
    --------
    >>> find_first_date("배포일시 2018. 9. 3.(월) 09:00")
    Timestamp('2018-09-03 00:00:00')
    """
    pattern = r"(?<!\d)((?:19|20)\d{2})\s?(?:[-.]\s?|년\s?)(\d{1,2})\s?(?:[-.]\s?|월\s?)(\d{1,2})(?!\d)"
    for y, m, d in re.findall(pattern, text):
        try:
            return pd.Timestamp(int(y), int(m), int(d))
        except ValueError:
            continue
    return pd.NaT


def parse_date(value) -> pd.Timestamp:
    """A date cell (``2022.01.03``, ``2022-01-03``, ``20220103``, a datetime) as a Timestamp; NaT when it is
    not one or falls outside the plausible years."""
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
    return stamp.normalize() if PLAUSIBLE_YEARS[0] <= stamp.year < PLAUSIBLE_YEARS[1] else pd.NaT


def header_table(text: str, lines: int = HEADER_LINES) -> dict[str, str]:
    """Label -> value of the press-release header table (cells separated by tabs) in the first lines.

    Examples
    --------
    >>> header_table("보도시점\\t2025. 9. 19.(금) 11:00\\t배포\\t2025. 9. 19.(금) 08:00")
    {'보도시점': '2025. 9. 19.(금) 11:00', '배포': '2025. 9. 19.(금) 08:00'}
    """
    found: dict[str, str] = {}
    labels = set(HEADER_DATE_LABELS) | set(HEADER_DEPARTMENT_LABELS)
    for line in text.splitlines()[:lines]:
        cells = [c.strip() for c in line.split("\t")]
        for label, value in zip(cells, cells[1:], strict=False):
            key = re.sub(r"\s+", "", label)
            if key in labels and value and key not in found:
                found[key] = value
    return found


def header_date(fields: dict[str, str]) -> tuple[pd.Timestamp, str]:
    """The date of the first header-table label (in :data:`HEADER_DATE_LABELS` order) that holds one."""
    for label in HEADER_DATE_LABELS:
        stamp = find_first_date(fields.get(label, ""))
        if pd.notna(stamp) and PLAUSIBLE_YEARS[0] <= stamp.year < PLAUSIBLE_YEARS[1]:
            return stamp, f"header:{label}"
    return pd.NaT, ""


def issuer_from_text(text: str, chars: int = 3000) -> str:
    """The issuing body named as Korean press releases open, ``기관(장관 ...)``, in the first characters.

    Examples
    --------
    >>> issuer_from_text("□ 과학기술정보통신부(장관 유영민, 이하 ‘과기정통부’)는")
    '과학기술정보통신부'
    """
    match = _ISSUER.search(text[:chars])
    return match[1] if match else ""


_LABELS = HEADER_DATE_LABELS + HEADER_DEPARTMENT_LABELS + ("담당과장", "담당자", "문의")
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


def text_fields(text: str) -> dict:
    """Date, publisher, department and title written in a text: :func:`analysis.metadata.header_fields`
    when that module is present; otherwise the first date in the text (source ``"body"``)."""
    try:
        from analysis.metadata import header_fields
    except ImportError:
        header_fields = None
    if header_fields is not None:
        fields = dict(header_fields(text))
        fields.setdefault("published", pd.NaT)
        fields.setdefault("published_source", "" if pd.isna(fields["published"]) else "body")
        return fields
    published = find_first_date(text)
    return {"published": published, "published_source": "" if pd.isna(published) else "body",
            "publisher": "", "department": "", "title": ""}
