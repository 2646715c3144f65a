"""``results.xlsx``: a run's tables as the sheets of one Excel workbook, written while the run goes on.

The workbook is made from what :func:`analysis.export.export_tables` wrote: ``tables.json`` (each table's
files, columns and their types) and one CSV per table. Its sheets hold the CSV's rows with numbers as
numbers and dates as dates, exactly as :func:`analysis.export.read_table` reads them back; a first sheet
``README`` lists the tables and their sheets.

Writing 5 million cells through openpyxl takes about 40 s, so ``python -m analysis run`` does not wait for
the last notebook: :class:`WorkbookWriter` adds each notebook's sheets while the next notebook's kernel
works, in a child process of the runner at low priority (``python -m analysis.workbook DIR``, told what to
do on its standard input: :func:`serve`), and saves the file at the end. This module needs only the
standard library and openpyxl, so that process stays small beside the kernels.

Examples
--------
>>> write_workbook("build/mine/tables")                                             # doctest: +SKIP
PosixPath('build/mine/tables/results.xlsx')
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from analysis.paths import INDEX_FILE, WORKBOOK

SHEET_NAME_MAX = 31  # Excel's limit on a sheet name
EXCEL_CELL_MAX = 32_767  # characters Excel keeps in one cell
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def read_index(folder: str | Path) -> dict:
    """``folder/tables.json`` (table name -> entry), or ``{}`` when there is none yet."""
    path = Path(folder) / INDEX_FILE
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a table index written by analysis.export ({error}); delete it and run "
                         "again") from error


def sheet_name(name: str, used: set[str]) -> str:
    """A sheet name for table ``name``: at most 31 characters, without ``[]:*?/\\``, not in ``used``
    (compared without case, as Excel does), which it is added to.

    >>> used = set(); sheet_name("a" * 40, used), sheet_name("a" * 40 + "b", used)
    ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa~2')
    """
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "table"
    candidate, n = base[:SHEET_NAME_MAX], 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = base[:SHEET_NAME_MAX - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def sheet_names(names: Iterable[str]) -> dict[str, str]:
    """Unique Excel sheet names (:func:`sheet_name`) for table names, in their order.

    >>> sheet_names(["02-keyness", "a" * 40, "a" * 40 + "b"])["a" * 40 + "b"]
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa~2'
    """
    used: set[str] = set()
    return {name: sheet_name(name, used) for name in names}


def _text(value: str) -> str:
    return _ILLEGAL_XML.sub("", value)[:EXCEL_CELL_MAX]


def _typed(kind: str):
    """The cell value of one CSV field of a column of ``kind`` (as ``tables.json`` names it); an empty
    field of a number, date or truth-value column is an empty cell, as :func:`analysis.export.read_table`
    reads it."""
    if kind == "string":
        return _text
    convert = {"int": int, "float": float, "bool": lambda v: {"True": True, "False": False}[v],
               "datetime": datetime.fromisoformat}[kind]
    return lambda value: convert(value) if value != "" else None


def table_rows(folder: str | Path, entry: dict) -> Iterator[list]:
    """The rows of one table's CSV as cell values, header first."""
    kinds = entry.get("types", {})
    path = Path(folder) / entry["csv"]
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, None)
        if header is None or not entry.get("columns"):
            return
        yield header
        converters = [_typed(kinds.get(column, "string")) for column in header]
        for row in reader:
            if len(row) != len(header):
                raise ValueError(f"{path}, line {reader.line_num}: {len(row)} fields where the header has "
                                 f"{len(header)}")
            try:
                cells = [convert(value) for convert, value in zip(converters, row, strict=True)]
            except (ValueError, KeyError) as error:
                raise ValueError(f"{path}, line {reader.line_num}: not the column types of {INDEX_FILE} "
                                 f"({error!r})") from error
            yield cells


class WorkbookWriter:
    """``folder/results.xlsx`` built a notebook at a time (openpyxl, write-only).

    :meth:`add_new` writes a sheet for each table of ``tables.json`` not yet in the workbook (a run calls
    it after each notebook); :meth:`close` saves the file. When a table was rewritten or the index's order
    changed after its sheet was written, :meth:`close` writes the workbook again from the start, so the
    file is always the one :func:`write_workbook` would write from the final index.
    """

    def __init__(self, folder: str | Path) -> None:
        from openpyxl import Workbook

        self.folder = Path(folder)
        self._book = Workbook(write_only=True)
        self._readme = self._book.create_sheet("README")
        self._used: set[str] = {"readme"}
        self.sheets: dict[str, str] = {}  # table name -> sheet name
        self._entries: dict[str, dict] = {}

    def add_new(self) -> list[str]:
        """Write the sheets of the tables added to the index since the last call; return their names."""
        added = []
        for name, entry in read_index(self.folder).items():
            if name in self._entries:
                continue
            self.sheets[name] = sheet_name(name, self._used)
            sheet = self._book.create_sheet(self.sheets[name])
            for row in table_rows(self.folder, entry):
                sheet.append(row)
            self._entries[name] = entry
            added.append(name)
        return added

    def close(self) -> Path:
        """Save ``results.xlsx`` (atomically) and return its path."""
        index = read_index(self.folder)
        if list(index) != list(self._entries) or index != self._entries:
            self.discard()
            return write_workbook(self.folder)  # a table changed after its sheet was written
        self._readme.append(["table", "sheet", "rows", "note"])
        for name, entry in index.items():
            self._readme.append([name, self.sheets[name], entry["rows"], entry.get("note", "")])
        path = self.folder / WORKBOOK
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            self._book.save(partial)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return path


    def discard(self) -> None:
        """Drop the sheets written so far and their temporary files (the workbook is not saved)."""
        for sheet in self._book.worksheets:
            if not sheet.closed:
                sheet.close()
            if sheet._writer is not None:  # openpyxl keeps each write-only sheet in a temporary file
                sheet._writer.cleanup()


def write_workbook(folder: str | Path) -> Path:
    """``folder/results.xlsx``: one sheet per table of ``tables.json``, its rows as in the CSV, numbers as
    numbers; a first sheet ``README`` lists the tables and their sheets."""
    writer = WorkbookWriter(folder)
    writer.add_new()
    return writer.close()


ADD, SAVE = "add", "save"  # what a run tells the workbook process, one word a line


def serve(folder: str | Path, commands: TextIO, replies: TextIO) -> None:
    """A run's workbook process: for each line ``add`` on ``commands``, write the sheets of the tables
    added since (:meth:`WorkbookWriter.add_new`); on ``save`` (or at the end of ``commands``) save the
    workbook and write one line to ``replies``: ``saved PATH``, ``none`` when no table was written, or
    ``error MESSAGE``."""
    writer = None
    try:
        for line in commands:
            command = line.strip()
            if command not in (ADD, SAVE):
                raise ValueError(f"workbook process: unknown command {command!r}")
            if (Path(folder) / INDEX_FILE).exists():
                writer = writer or WorkbookWriter(folder)
                writer.add_new()
            if command == SAVE:
                break
        reply = f"saved {writer.close()}" if writer is not None else "none"
    except Exception as error:  # noqa: BLE001 - the run reports it with the other failures
        if writer is not None:
            writer.discard()
        reply = "error " + f"{Path(folder) / WORKBOOK}: {type(error).__name__}: {error}".replace("\n", " ")
    replies.write(reply + "\n")
    replies.flush()


if __name__ == "__main__":
    os.nice(10)  # the kernels come first: the workbook takes the time they leave
    serve(sys.argv[1], sys.stdin, sys.stdout)
