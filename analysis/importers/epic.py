"""The KDI EPIC export (경제정책정보 monthly ``.xlsx``): 자료명, 발간일, 발간처, 요약."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.importers import table
from analysis.importers.base import CorpusError
from analysis.importers.files import table_files
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


def ministry_of(publisher: str) -> str:
    """The ministry or agency of a publisher string with its bureau and division
    (``기획재정부 세제실 소득세제과`` -> ``기획재정부``): its first word."""
    words = str(publisher).split()
    return words[0] if words else ""


def read_rows(path) -> tuple[pd.DataFrame, list[str], dict, list[Path]]:
    """The KDI EPIC export: one or many monthly ``.xlsx`` files as one corpus (see :func:`table.read_rows`): rows,
    texts, report and the links refused. The publisher is its ministry or agency (:func:`ministry_of`), the full
    unit kept in ``publisher_unit``.

    A symbolic link in the folder that leads out of it is not read; the import report lists it as set aside."""
    path = Path(path)
    files, refused = table_files(path, (".xlsx",)) if path.is_dir() else ([path], [])
    if not files:
        raise CorpusError(f"{path}: no .xlsx files to read" + (f" ({len(refused)} symbolic link(s) refused)"
                                                                 if refused else ""))
    rows, texts, report = table.read_rows(files, mapping=dict(MAPPING), doc_type="policy document")
    rows["publisher_unit"] = rows["publisher"]
    rows["publisher"] = rows["publisher_unit"].map(ministry_of).replace("", "unknown")
    rows["source_note"] = "KDI EPIC export: " + rows["file"] + " row " + rows["row"].astype(str)
    rows["format"] = "epic"
    return rows, texts, report, refused
