"""BIGKinds news-archive exports (``NewsResult_*.xlsx`` or a CSV of one), read without a mapping.

뉴스 식별자 -> doc_id (read as text), 일자 (``YYYYMMDD``) -> published, 언론사 -> publisher, 제목 -> title,
본문 -> text; 기고자, 통합 분류1-3, 키워드 and URL are kept as columns. Rows marked in 분석제외 여부 (``예외``,
``중복``) and rows whose title and outlet and date repeat an earlier row are set aside with their reason.
BIGKinds cuts 본문 at about 200 characters without a marker: the import report says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.importers.base import CorpusError
from analysis.importers.fields import parse_date
from analysis.importers.report import new_report
from analysis.importers.table import read_table

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


def read_rows(paths) -> tuple[pd.DataFrame, list[str], dict]:
    """BIGKinds news exports (``NewsResult_*.xlsx`` or ``.csv``) as one corpus, without a mapping: rows, texts
    and the import report.

    뉴스 식별자 -> doc_id, 일자 -> published, 언론사 -> publisher, 제목 -> title, 본문 -> text; 기고자, 통합 분류1-3,
    키워드 and URL are kept (``byline``, ``category1``-``3``, ``keywords``, ``url``). Rows marked in 분석제외 여부
    and rows repeating an earlier row's title, outlet and date are set aside with the reason; the import
    report's notes say that BIGKinds cuts 본문 at about 200 characters.
    """
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    frames = []
    for path in paths:
        table = read_table(path)
        first_row = 2
        table["file"] = path.name
        table["row"] = range(first_row, len(table) + first_row)
        frames.append(table)
    data = pd.concat(frames, ignore_index=True)
    data = data.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    source = str(paths[0].parent if len(paths) > 1 else paths[0])
    report = new_report(source, len(data))
    keep, seen_ids, seen_titles = [], set(), {}
    for i, row in data.iterrows():
        doc_id = row[MAPPING["doc_id"]].strip()
        where = {"file": row["file"], "row": int(row["row"]), "doc_id": doc_id}
        excluded = exclusion_reason(row.get(EXCLUDE, ""))
        title_key = (row["제목"].strip(), row["언론사"].strip(), row["일자"].strip())
        if excluded:
            report["set_aside"].append(where | {"reason": excluded})
        elif not row["본문"].strip():
            report["set_aside"].append(where | {"reason": "empty text"})
        elif doc_id in seen_ids:
            report["set_aside"].append(where | {"reason": "duplicate: the same 뉴스 식별자 as an earlier row"})
        elif title_key in seen_titles:
            report["set_aside"].append(where | {"reason": f"duplicate: same title, outlet and date as "
                                                          f"{seen_titles[title_key]} (not marked by BIGKinds)"})
        else:
            seen_ids.add(doc_id)
            seen_titles[title_key] = doc_id
            keep.append(i)
    data = data.loc[keep]
    if data.empty:
        raise CorpusError(f"{source}: no BIGKinds rows with text ({len(report['set_aside'])} set aside)")
    published = data["일자"].map(parse_date)
    rows = pd.DataFrame({
        "doc_id": data["뉴스 식별자"].str.strip().values,
        "title": data["제목"].values,
        "published": pd.to_datetime(published.values),
        "publisher": data["언론사"].str.strip().replace("", "unknown").values,
        "doc_type": "news article",
        "file": data["file"].values,
        "row": data["row"].values,
    })
    rows["source_note"] = "BIGKinds export: " + rows["file"] + " row " + rows["row"].astype(str)
    for column, name in KEPT.items():
        rows[name] = data[column].str.strip().values if column in data else ""
    rows["format"] = "bigkinds"
    rows["extractor"] = "analysis.importers.bigkinds (pandas)"
    lengths = data["본문"].str.len()
    cut = int(lengths.between(TRUNCATED_AT - 10, TRUNCATED_AT + 10).sum())
    report["notes"].append(TRUNCATION_NOTE.format(n=TRUNCATED_AT, m=TRUNCATED_AT + 10,
                                                          share=cut / len(data)).replace(
        f"{TRUNCATED_AT}-{TRUNCATED_AT + 10}",
        f"{TRUNCATED_AT - 10}-{TRUNCATED_AT + 10}"))
    return rows, list(data["본문"]), report
