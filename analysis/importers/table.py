"""Tables of documents: CSV/TSV (UTF-8 or CP949), JSON Lines and Excel, one row per document, with a
column mapping (generic: tried after the specific table readers, BIGKinds and EPIC)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pandas as pd

from analysis.importers.base import CorpusError, check_zip_file
from analysis.importers.text import decode_document

NAME = "table"
SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".xlsx", ".xlsm")
FIELDS = ("doc_id", "title", "date", "publisher", "text")
DEFAULT_MAPPING = {
    "doc_id": ("doc_id", "id", "ID", "Unnamed: 0", "번호"),
    "title": ("title", "제목", "자료명", "headline"),
    "date": ("date", "published", "발간일", "날짜", "작성일", "pub_date"),
    "publisher": ("publisher", "발간처", "기관", "source", "출처"),
    "text": ("text", "본문", "내용", "요약", "body", "content", "summary"),
}


def read_excel(path: Path, **kwargs) -> pd.DataFrame | dict:
    """``pandas.read_excel`` after the zip-bomb check, without openpyxl's style warnings."""
    check_zip_file(path)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Workbook contains no default style", category=UserWarning)
        try:
            return pd.read_excel(path, **kwargs)
        except (ValueError, KeyError, OSError) as error:
            raise CorpusError(f"{path}: not a readable Excel workbook ({error}); open it in Excel and save it "
                              "again as .xlsx") from None


def header_of(path: Path) -> list[str]:
    """The column names of a table file (first sheet of a workbook), read cheaply."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return [str(c) for c in read_excel(path, nrows=0).columns]
    if suffix in (".csv", ".tsv"):
        with open(path, "rb") as handle:
            first = handle.readline(1 << 16)
        try:
            line = decode_document(first, path)
        except CorpusError:
            return []
        return [c.strip().strip('"') for c in line.rstrip("\r\n").split("\t" if suffix == ".tsv" else ",")]
    return []


def read_table(path: Path) -> pd.DataFrame:
    """A CSV (UTF-8 or CP949), JSON Lines or Excel file as a DataFrame of strings."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        sheets = read_excel(path, sheet_name=None, dtype=object)
        frames = [frame.assign(_sheet=name) for name, frame in sheets.items() if len(frame.columns)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    text = decode_document(path.read_bytes(), path)
    if suffix in (".jsonl", ".ndjson", ".json"):
        try:
            return pd.read_json(io.StringIO(text), lines=suffix != ".json", dtype=False)
        except ValueError as error:
            raise CorpusError(f"{path}: not valid JSON Lines ({error})") from None
    if suffix in (".csv", ".tsv"):
        separator = "\t" if suffix == ".tsv" else ","
        return pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, sep=separator)
    raise CorpusError(f"{path}: unsupported file type {suffix!r} (use .txt folders, .csv, .tsv, .jsonl or .xlsx)")


def resolve_mapping(columns, mapping: dict | None, name) -> dict:
    """Which column holds each field. An explicit ``mapping`` (field -> column) must name existing
    columns; fields it leaves out are looked up under common names. ``text`` is required."""
    columns = list(columns)
    resolved = {}
    for field, column in (mapping or {}).items():
        if field not in FIELDS:
            raise CorpusError(f"{name}: unknown field {field!r} in the mapping (fields: {', '.join(FIELDS)})")
        if column not in columns:
            raise CorpusError(f"{name}: the mapping names column {column!r} for {field}, but the columns are "
                              f"{', '.join(map(str, columns))}")
        resolved[field] = column
    for field, candidates in DEFAULT_MAPPING.items():
        if field not in resolved:
            found = next((c for c in candidates if c in columns), None)
            if found is not None:
                resolved[field] = found
    if "text" not in resolved:
        raise CorpusError(f"{name}: no text column (looked for {', '.join(DEFAULT_MAPPING['text'])}); "
                          f"pass mapping={{'text': '<column>'}}; the columns are {', '.join(map(str, columns))}")
    return resolved
