"""Tables of documents: CSV/TSV (UTF-8 or CP949), JSON Lines and Excel, one row per document, with a
column mapping (generic: tried after the specific table readers, BIGKinds and EPIC)."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from pathlib import Path

import pandas as pd

from analysis.importers.base import CorpusError, check_zip_file
from analysis.importers.fields import parse_date
from analysis.importers.report import new_report
from analysis.importers.text import decode_document

NAME = "table"
SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".xlsx", ".xlsm")
READ_BLOCK = 1 << 20  # bytes of a CSV or JSON Lines file decoded at a time to find its encoding
JSON_LINES_CHUNK = 20_000  # rows of a JSON Lines file parsed at a time
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


def csv_separator(sample: str, suffix: str) -> str:
    r"""The field separator of a CSV/TSV text, found by :class:`csv.Sniffer` on its header line (comma, tab,
    semicolon or bar: the header is read, as the rows below it may hold quoted line breaks and commas that
    mislead the sniffer); when the sniffer cannot tell, a tab for ``.tsv`` and a comma otherwise.

    Examples
    --------
    >>> csv_separator('id;"제목, 부제";본문\n1;"가, 나";다\n', ".csv")
    ';'
    >>> csv_separator("본문\n가\n", ".tsv")
    '\t'
    """
    header = sample.lstrip("\ufeff").split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",\t;|").delimiter
    except csv.Error:
        return "\t" if suffix == ".tsv" else ","


def header_of(path: Path) -> list[str]:
    """The column names of a table file (first sheet of a workbook), read cheaply: for a CSV/TSV, its first
    line, parsed by :mod:`csv` with the separator :func:`csv_separator` finds (a quoted comma stays in its name)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return [str(c) for c in read_excel(path, nrows=0).columns]
    if suffix in (".csv", ".tsv"):
        with open(path, "rb") as handle:
            first = handle.readline(1 << 16)
        try:
            line = decode_document(first, path).lstrip("\ufeff").rstrip("\r\n")
        except CorpusError:
            return []
        return [c.strip() for c in next(csv.reader([line], delimiter=csv_separator(line, suffix)), [])]
    return []


def file_encoding(path: Path) -> tuple[str, str]:
    r"""The encoding :func:`~analysis.importers.text.decode_document` reads a text file with (``utf-8-sig``,
    else ``cp949``), found by decoding the file a block at a time, and the file's first 64 KiB as text.
    A file that is neither, empty, UTF-16 or binary raises :class:`CorpusError` as ``decode_document`` does.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes("본문\n인공지능\n".encode("cp949"))
    >>> file_encoding(path)
    ('cp949', '본문\n인공지능\n')
    """
    for encoding in ("utf-8-sig", "cp949"):
        decoder = codecs.getincrementaldecoder(encoding)()
        head, blank, binary = "", True, False
        try:
            with open(path, "rb") as handle:
                while block := handle.read(READ_BLOCK):
                    if b"\x00" in block:
                        binary = True
                        break
                    blank = blank and not block.strip()
                    text = decoder.decode(block)
                    head = head or text[:1 << 16]
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if not (binary or blank):
            return encoding, head
        break
    decode_document(path.read_bytes(), path)  # raises the error that names the file and what is wrong with it
    raise CorpusError(f"{path}: not valid UTF-8 or CP949/EUC-KR; re-save the file as UTF-8")


def read_table(path: Path) -> pd.DataFrame:
    """A CSV (UTF-8 or CP949), JSON Lines or Excel file as a DataFrame of strings."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        sheets = read_excel(path, sheet_name=None, dtype=object)
        frames = [frame.assign(_sheet=name) for name, frame in sheets.items() if len(frame.columns)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if suffix == ".json":
        text = decode_document(path.read_bytes(), path)
        try:
            return pd.read_json(io.StringIO(text), dtype=False)
        except ValueError as error:
            raise CorpusError(f"{path}: not valid JSON ({error})") from None
    if suffix in (".jsonl", ".ndjson", ".csv", ".tsv"):
        # read from the file a part at a time, never as one string beside its bytes and the parsed table
        encoding, head = file_encoding(path)
        if suffix in (".csv", ".tsv"):
            return pd.read_csv(path, encoding=encoding, dtype=object, keep_default_na=False,
                               sep=csv_separator(head, suffix))
        try:
            with pd.read_json(path, lines=True, dtype=False, encoding=encoding, chunksize=JSON_LINES_CHUNK) as reader:
                parts = list(reader)
        except ValueError as error:
            raise CorpusError(f"{path}: not valid JSON Lines ({error})") from None
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
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


def read_rows(paths, mapping: dict | None = None, doc_type: str = "document") -> tuple[pd.DataFrame, list[str], dict]:
    """One corpus from one or many table files (CSV, JSON Lines, Excel) with a column mapping: the metadata
    rows, the texts and the import report (:func:`analysis.corpus.load_table` cleans them).

    Rows with empty text are set aside and reported; short texts and missing or implausible dates are kept
    and flagged; an id seen again with the same text is a duplicate and set aside, with different text it
    is kept under ``<id>~2``.
    """
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    frames, unused = [], set()
    for path in paths:
        table = read_table(path)
        resolved = resolve_mapping(table.columns, mapping, path)
        unused |= set(map(str, table.columns)) - set(map(str, resolved.values())) - {"_sheet"}
        part = pd.DataFrame({field: table[column] for field, column in resolved.items()})
        first_row = 1 if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else 2  # after a header line
        part["file"] = path.name
        part["row"] = range(first_row, len(part) + first_row)
        frames.append(part)
    data = pd.concat(frames, ignore_index=True)
    source = str(paths[0].parent if len(paths) > 1 else paths[0])
    report = new_report(source, len(data))
    if unused:
        report["notes"].append(f"columns not used: {', '.join(sorted(unused))}")
    data["text"] = data["text"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    if "doc_id" not in data:
        data["doc_id"] = [f"{Path(f).stem}-{r}" for f, r in zip(data["file"], data["row"], strict=True)]
    data["doc_id"] = data["doc_id"].astype(str)
    keep = []
    first_text: dict[str, str] = {}
    for i, file, row, doc_id, text in zip(data.index, data["file"], data["row"], data["doc_id"], data["text"],
                                          strict=True):
        where = {"file": file, "row": int(row), "doc_id": doc_id}
        if not text.strip():
            report["set_aside"].append(where | {"reason": "empty text"})
            continue
        if doc_id in first_text and first_text[doc_id] == text:
            report["set_aside"].append(where | {"reason": "duplicate of an earlier row with the same id and text"})
            continue
        first_text.setdefault(doc_id, text)
        keep.append(i)
    data = data.loc[keep]
    if data.empty:
        raise CorpusError(f"{source}: no rows with text ({len(report['set_aside'])} set aside)")
    published = data["date"].map(parse_date) if "date" in data else pd.Series(pd.NaT, index=data.index)
    if "date" in data:
        for file, row, doc_id, date, stamp in zip(data["file"], data["row"], data["doc_id"], data["date"], published,
                                                  strict=True):
            if pd.isna(stamp) and str(date).strip() not in ("", "nan", "None"):
                report["flagged"].append({"file": file, "row": int(row), "doc_id": doc_id,
                                          "reason": f"implausible date {date!r}"})
    rows = pd.DataFrame({
        "doc_id": data["doc_id"].values,
        "title": data["title"].fillna("").astype(str).values if "title" in data else "",
        "published": pd.to_datetime(published.values),
        "publisher": (data["publisher"].fillna("").astype(str).map(str.strip).replace("", "unknown").values
                      if "publisher" in data else "unknown"),
        "doc_type": doc_type,
        "file": data["file"].values,
        "row": data["row"].values,
    })
    rows["source_note"] = rows["file"] + " row " + rows["row"].astype(str)
    rows["format"] = "table"
    rows["extractor"] = "analysis.importers.table (pandas)"
    return rows, list(data["text"]), report
