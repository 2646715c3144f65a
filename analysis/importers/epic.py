"""The KDI EPIC export (경제정책정보 monthly ``.xlsx``): 자료명, 발간일, 발간처, 요약."""

from __future__ import annotations

from pathlib import Path

from analysis.importers.table import header_of

NAME = "epic"
EPIC_COLUMNS = ("자료명", "발간일", "발간처", "요약")
MAPPING = {"doc_id": "Unnamed: 0", "title": "자료명", "date": "발간일", "publisher": "발간처", "text": "요약"}


def accepts_table(path: Path) -> bool:
    """Whether one .xlsx file has the EPIC columns."""
    path = Path(path)
    return path.suffix.lower() == ".xlsx" and all(c in header_of(path) for c in EPIC_COLUMNS)


def is_epic_folder(folder: Path) -> bool:
    """Whether a folder holds KDI EPIC monthly exports (its first .xlsx has 자료명, 발간일, 발간처, 요약); a symbolic
    link that leads out of the folder is not opened."""
    root = Path(folder).resolve()
    files = sorted(p for p in Path(folder).glob("*.xlsx") if p.resolve().is_relative_to(root) and p.is_file())
    return bool(files) and accepts_table(files[0])
