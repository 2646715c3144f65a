"""BIGKinds news-archive exports (``NewsResult_*.xlsx`` or a CSV of one), read without a mapping.

뉴스 식별자 -> doc_id (read as text), 일자 (``YYYYMMDD``) -> published, 언론사 -> publisher, 제목 -> title,
본문 -> text; 기고자, 통합 분류1-3, 키워드 and URL are kept as columns. Rows marked in 분석제외 여부 (``예외``,
``중복``) and rows whose title and outlet and date repeat an earlier row are set aside with their reason.
BIGKinds cuts 본문 at about 200 characters without a marker: the import report says so.
"""

from __future__ import annotations

from pathlib import Path

NAME = "bigkinds"
REQUIRED = ("뉴스 식별자", "일자", "언론사", "제목", "본문")
MAPPING = {"doc_id": "뉴스 식별자", "title": "제목", "date": "일자", "publisher": "언론사", "text": "본문"}
KEPT = {"기고자": "byline", "통합 분류1": "category1", "통합 분류2": "category2", "통합 분류3": "category3",
        "키워드": "keywords", "URL": "url"}
EXCLUDE = "분석제외 여부"
EXCLUDE_REASONS = {"예외": "marked 예외 by BIGKinds (분석제외 여부: excluded from analysis)",
                   "중복": "marked 중복 by BIGKinds (분석제외 여부: a duplicate article)"}
TRUNCATED_AT = 200
TRUNCATION_NOTE = ("BIGKinds exports cut 본문 at about {n} characters without a marker ({share:.0%} of the kept "
                   "articles are {n}-{m} characters long): counts, themes and networks describe the opening "
                   "sentences of each article, not whole articles")


def accepts_table(path: Path) -> bool:
    """A table whose header has the BIGKinds columns (뉴스 식별자, 일자, 언론사, 제목, 본문)."""
    from analysis.importers.table import SUFFIXES, header_of

    path = Path(path)
    return path.suffix.lower() in SUFFIXES and all(c in header_of(path) for c in REQUIRED)


def exclusion_reason(mark) -> str:
    """The reason for a 분석제외 여부 value (blank -> "")."""
    mark = "" if mark is None or mark != mark else str(mark).strip()
    if not mark:
        return ""
    parts = [p.strip() for p in mark.split(",") if p.strip()]
    return "; ".join(EXCLUDE_REASONS.get(p, f"marked {p!r} in 분석제외 여부") for p in parts)
