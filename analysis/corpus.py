"""Documents in, one DataFrame row per document out: decoding, the manifest, and validation.

Raw files are only ever read. ``raw_text`` is exactly the file's decoded text and ``text`` is what the
cleaning rules (``analysis.clean``) leave of it; :func:`analysis.clean.cleaning_log` accounts for the
difference.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd

from analysis.clean import clean_text
from analysis.paths import SEEDS

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "file", "title", "published", "publisher", "doc_type", "source_note"]
DOC_TYPES = {"press release", "news article", "plan", "notice", "report"}
CORPUS_COLUMNS = ["doc_id", "title", "published", "publisher", "doc_type", "source_note", "file"]
PROGRESS_FROM = 2000  # documents: below this, long steps run without a progress bar
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


class CorpusError(ValueError):
    """A document or manifest that cannot be read as asked; the message names the file and the problem."""


def decode_document(data: bytes, name: str | Path) -> str:
    """Decode a document's bytes: UTF-8 (with or without BOM), then CP949 (a superset of EUC-KR).

    Raises :class:`CorpusError` naming ``name`` for an empty or whitespace-only file, a binary file, or
    bytes that are neither encoding (with the best guess of ``charset-normalizer`` in the message).

    Examples
    --------
    >>> decode_document("인공지능".encode("cp949"), "x.txt")
    '인공지능'
    """
    if not data.strip():
        raise CorpusError(f"{name}: empty file (no text, or only whitespace)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CorpusError(f"{name}: UTF-16 text (byte-order mark {data[:2].hex()}); re-save it as UTF-8")
    if b"\x00" in data:
        raise CorpusError(f"{name}: binary file, contains NUL bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            guess = f"; it looks like {best.encoding}" if best else ""
            raise CorpusError(
                f"{name}: not valid UTF-8 or CP949/EUC-KR (first bad byte at offset {utf8_error.start}"
                f"{guess}); re-save the file as UTF-8"
            ) from None
    if not text.strip():
        raise CorpusError(f"{name}: empty file (no text, or only whitespace)")
    return text


def read_document(path: Path) -> str:
    """Read and decode one document file (see :func:`decode_document`)."""
    return decode_document(Path(path).read_bytes(), path)


def read_manifest(folder: Path) -> pd.DataFrame:
    """Read and validate ``folder/manifest.csv`` against the files in ``folder``.

    Every row must name an existing file, every ``.txt`` file must have a row, ``doc_id`` must be unique
    and ``published`` an ISO date (``YYYY-MM-DD``); each problem raises :class:`CorpusError`.
    """
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise CorpusError(f"{path}: no manifest; each document folder needs one ({', '.join(MANIFEST_COLUMNS)})")
    manifest = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    duplicated = sorted(set(manifest.loc[manifest["doc_id"].duplicated(), "doc_id"]))
    if duplicated:
        raise CorpusError(f"{path}: duplicate doc_id {', '.join(duplicated)}")
    for row in manifest.itertuples():
        if not (folder / row.file).is_file():
            raise CorpusError(f"{path}: row {row.doc_id!r} names {row.file!r}, which is not in {folder}")
    unlisted = sorted({p.name for p in folder.glob("*.txt")} - set(manifest["file"]))
    if unlisted:
        raise CorpusError(f"{folder / unlisted[0]}: no row in {path} (add one, or move the file out)")
    published = pd.to_datetime(manifest["published"], format="%Y-%m-%d", errors="coerce")
    bad = manifest.loc[published.isna(), ["doc_id", "published"]]
    if len(bad):
        doc_id, value = bad.iloc[0]
        raise CorpusError(f"{path}: row {doc_id!r} has published={value!r}, not a date like 2023-02-07")
    manifest["published"] = published
    return manifest


def _assemble(rows: pd.DataFrame, raw_texts: list[str]) -> pd.DataFrame:
    """Add ``raw_text`` and cleaned ``text`` to metadata rows; warn about documents with no Korean."""
    corpus = rows.reset_index(drop=True).copy()
    corpus["raw_text"] = raw_texts
    from tqdm.auto import tqdm

    quiet = len(raw_texts) < PROGRESS_FROM
    corpus["text"] = [clean_text(raw)[0] for raw in tqdm(raw_texts, desc="cleaning", unit="doc", disable=quiet)]
    for name, text in zip(corpus["file"], corpus["text"], strict=False):
        if not _HANGUL.search(text):
            warnings.warn(f"{name}: no Korean (Hangul) text; the analyses assume Korean", stacklevel=3)
    return corpus


def load_corpus(path: str | Path | None = None, mapping: dict | None = None) -> pd.DataFrame:
    """Load a corpus, as its users have it.

    Parameters
    ----------
    path : ``None`` for the repository's ``seeds/``; a folder with ``manifest.csv`` (as ``seeds/``); a
        folder of ``.txt`` files without one (title from the first line, date from the text); a folder of
        KDI EPIC ``.xlsx`` exports; or a CSV, TSV, JSON Lines or Excel file (or a folder of them).
    mapping : for tables, which column holds each field (``text``, ``title``, ``date``, ``publisher``,
        ``doc_id``); common names are found without it.

    Returns
    -------
    DataFrame, one row per document: doc_id, title, published (datetime64), publisher, doc_type,
    source_note, file, raw_text (the file's decoded text, unmodified) and text (cleaned).

    Examples
    --------
    >>> corpus = load_corpus()
    >>> corpus.columns.tolist()[-2:]
    ['raw_text', 'text']
    """
    folder = Path(path) if path is not None else SEEDS
    if not (folder / MANIFEST).is_file() and folder.exists():
        return _cached(folder, mapping, lambda: _import(folder, mapping))
    return _import(folder, mapping)


def _import(folder: Path, mapping: dict | None) -> pd.DataFrame:
    """Dispatch to the importer that fits ``folder`` (see :func:`load_corpus`)."""
    if folder.is_file():
        if folder.suffix == ".xlsx" and mapping is None and is_epic_folder_file(folder):
            return load_epic(folder)
        return load_table(folder, mapping)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such file or folder")
    if not (folder / MANIFEST).is_file():
        if is_epic_folder(folder):
            return load_epic(folder)
        if any(folder.glob("*.txt")):
            return load_text_folder(folder)
        tables = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".tsv", ".jsonl", ".xlsx"))
        if tables:
            return load_table(tables, mapping)
        raise CorpusError(f"{folder}: no manifest.csv, .txt, .csv, .jsonl or .xlsx files to read")
    manifest = read_manifest(folder)
    raw_texts = [read_document(folder / name) for name in manifest["file"]]
    corpus = _assemble(manifest[CORPUS_COLUMNS], raw_texts)
    report = _report(str(folder), len(manifest))
    report["kept"] = len(corpus)
    corpus.attrs["source"] = str(folder)
    corpus.attrs["import_report"] = report
    return corpus


def short_label(corpus: pd.DataFrame, max_chars: int = 24) -> pd.Series:
    """A short readable label per document for figures: ``<id> <publisher> <YYYY-MM>``."""
    ids = corpus["doc_id"].astype(str).str.split("_").str[0].str[:10]
    dates = corpus["published"].dt.strftime("%Y-%m").fillna("no date")
    label = ids + " " + corpus["publisher"].astype(str).str[:max_chars] + " " + dates
    return pd.Series(label.values, index=corpus.index, name="label")


def document_lengths(corpus: pd.DataFrame) -> pd.DataFrame:
    """Characters and Hangul syllables of each document before (raw) and after (clean) cleaning."""
    return pd.DataFrame(
        {
            "doc_id": corpus["doc_id"],
            "raw_chars": corpus["raw_text"].str.len(),
            "clean_chars": corpus["text"].str.len(),
            "raw_hangul": corpus["raw_text"].str.count(r"[가-힣]"),
            "clean_hangul": corpus["text"].str.count(r"[가-힣]"),
        }
    ).assign(share_removed=lambda d: (1 - d["clean_chars"] / d["raw_chars"]).round(3))


def document_groups(corpus: pd.DataFrame, max_groups: int = 12) -> pd.Series:
    """The unit the figures compare: each document while there are at most ``max_groups``; otherwise the
    ``max_groups - 1`` publishers with most documents, the rest as ``other``. Indexed by doc_id.
    """
    if len(corpus) <= max_groups:
        return pd.Series(short_label(corpus).values, index=corpus["doc_id"], name="group")
    top = corpus["publisher"].value_counts().head(max_groups - 1).index
    groups = corpus["publisher"].where(corpus["publisher"].isin(top), "other")
    return pd.Series(groups.values, index=corpus["doc_id"], name="group")


# --------------------------------------------------------------------------------------------------
# importers: folders without a manifest, tables with a column mapping, the KDI EPIC export

FIELDS = ("doc_id", "title", "date", "publisher", "text")
DEFAULT_MAPPING = {
    "doc_id": ("doc_id", "id", "ID", "Unnamed: 0", "번호"),
    "title": ("title", "제목", "자료명", "headline"),
    "date": ("date", "published", "발간일", "날짜", "작성일", "pub_date"),
    "publisher": ("publisher", "발간처", "기관", "source", "출처"),
    "text": ("text", "본문", "내용", "요약", "body", "content", "summary"),
}
EPIC_COLUMNS = ("자료명", "발간일", "발간처", "요약")
MIN_TEXT_CHARS = 30
PLAUSIBLE_YEARS = (1990, 2100)


def _report(source: str, read: int) -> dict:
    return {"source": source, "rows_read": read, "kept": 0, "set_aside": [], "flagged": [], "notes": []}


def import_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The importer's account of a loaded corpus: one row per document set aside or flagged, with the
    file, row and reason; ``attrs`` of the result carry the totals (rows read, kept, set aside)."""
    info = corpus.attrs.get("import_report") or _report(corpus.attrs.get("source", ""), len(corpus))
    rows = [dict(r, action="set aside") for r in info["set_aside"]]
    rows += [dict(r, action="kept, flagged") for r in info["flagged"]]
    table = pd.DataFrame(rows, columns=["file", "row", "doc_id", "action", "reason"])
    table.attrs.update({k: info[k] for k in ("rows_read", "kept")} | {"set_aside": len(info["set_aside"])})
    return table


def find_first_date(text: str) -> pd.Timestamp:
    """The first full date written in a text (2023-02-07, 2023.2.7., 2023. 4. 11., 2023년 2월 7일), or NaT."""
    pattern = r"(?<!\d)((?:19|20)\d{2})\s?(?:[-.]\s?|년\s?)(\d{1,2})\s?(?:[-.]\s?|월\s?)(\d{1,2})(?!\d)"
    for y, m, d in re.findall(pattern, text):
        try:
            return pd.Timestamp(int(y), int(m), int(d))
        except ValueError:
            continue
    return pd.NaT


def parse_date(value) -> pd.Timestamp:
    """A date cell (``2022.01.03``, ``2022-01-03``, a datetime) as a Timestamp; NaT when it is not one or
    falls outside the plausible years."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return pd.NaT
    text = str(value).strip()
    match = re.fullmatch(r"((?:19|20|21)\d{2})[-./]\s?(\d{1,2})[-./]\s?(\d{1,2})\.?(?:[ T].*)?", text)
    try:
        stamp = pd.Timestamp(int(match[1]), int(match[2]), int(match[3])) if match else pd.Timestamp(value)
    except (ValueError, TypeError):
        return pd.NaT
    return stamp.normalize() if PLAUSIBLE_YEARS[0] <= stamp.year < PLAUSIBLE_YEARS[1] else pd.NaT


def ministry_of(publisher: str) -> str:
    """The ministry or agency of a publisher string with its bureau and division
    (``기획재정부 세제실 소득세제과`` -> ``기획재정부``): its first word."""
    words = str(publisher).split()
    return words[0] if words else ""


def _cached(path: Path, mapping: dict | None, build) -> pd.DataFrame:
    """An imported corpus from the on-disk cache (``.cache/corpus``), keyed by the content of its input
    files, the mapping and the code that reads and cleans them; built and stored when absent."""
    import hashlib
    import json

    from analysis import clean as clean_module
    from analysis.paths import RESOURCES, cache_dir

    digest = hashlib.sha256(json.dumps(mapping, sort_keys=True, ensure_ascii=False).encode())
    for code in (Path(__file__), Path(clean_module.__file__), RESOURCES / "boilerplate.tsv"):
        digest.update(code.read_bytes())
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.name.encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    target = cache_dir() / "corpus" / f"{digest.hexdigest()[:24]}.parquet"
    if target.is_file():
        corpus = pd.read_parquet(target)
        corpus.attrs = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
        return corpus
    corpus = build()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    corpus.to_parquet(tmp, index=False)
    target.with_suffix(".json").write_text(json.dumps(corpus.attrs, ensure_ascii=False, default=str), encoding="utf-8")
    tmp.replace(target)
    return corpus


def _finish(rows: pd.DataFrame, raw_texts: list[str], report: dict) -> pd.DataFrame:
    """Shared end of every importer: unique ids, cleaning, flags for short texts and missing dates."""
    rows = rows.reset_index(drop=True)
    seen: dict[str, int] = {}
    ids = []
    for doc_id in rows["doc_id"].astype(str):
        seen[doc_id] = seen.get(doc_id, 0) + 1
        ids.append(doc_id if seen[doc_id] == 1 else f"{doc_id}~{seen[doc_id]}")
    rows["doc_id"] = ids
    defaults = {"title": "", "publisher": "unknown", "doc_type": "document", "source_note": ""}
    for column, default in defaults.items():
        if column not in rows:
            rows[column] = default
    corpus = _assemble(rows, raw_texts)
    for i, row in corpus.iterrows():
        where = {"file": row["file"], "row": row.get("row", i), "doc_id": row["doc_id"]}
        if len(row["text"]) < MIN_TEXT_CHARS:
            reason = f"short text ({len(row['text'])} characters after cleaning)"
            report["flagged"].append(where | {"reason": reason})
        if pd.isna(row["published"]):
            report["flagged"].append(where | {"reason": "no plausible date: published left empty"})
    report["kept"] = len(corpus)
    corpus.attrs["import_report"] = report
    corpus.attrs["source"] = report["source"]
    return corpus


def load_text_folder(folder: Path) -> pd.DataFrame:
    """A folder of ``.txt`` files without a manifest: doc_id from the file name, title from the first
    line, date from the first full date in the text (otherwise empty, and the report says so)."""
    folder = Path(folder)
    files = sorted(folder.glob("*.txt"))
    report = _report(str(folder), len(files))
    metadata, raw_texts = [], []
    for path in files:
        try:
            raw = read_document(path)
        except CorpusError as error:
            report["set_aside"].append({"file": path.name, "row": 0, "doc_id": path.stem, "reason": str(error)})
            continue
        first = next((line.strip() for line in clean_text(raw)[0].splitlines() if line.strip()), "")
        published = find_first_date(raw)
        note = "title: first line; " + (f"date: first date in the text ({published:%Y-%m-%d})"
                                        if pd.notna(published) else "date: none found in the text")
        metadata.append({"doc_id": path.stem, "file": path.name, "title": first[:200], "published": published,
                         "source_note": note, "row": 0})
        raw_texts.append(raw)
    if not metadata:
        raise CorpusError(f"{folder}: no readable .txt documents ({len(report['set_aside'])} set aside)")
    rows = pd.DataFrame(metadata)
    rows["published"] = pd.to_datetime(rows["published"])
    return _finish(rows, raw_texts, report)


def _read_table(path: Path) -> pd.DataFrame:
    """A CSV (UTF-8 or CP949), JSON Lines or Excel file as a DataFrame of strings."""
    import io

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        sheets = pd.read_excel(path, sheet_name=None, dtype=object)
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


def load_table(paths, mapping: dict | None = None, doc_type: str = "document", epic: bool = False) -> pd.DataFrame:
    """One corpus from one or many table files (CSV, JSON Lines, Excel) with a column mapping.

    Rows with empty text are set aside and reported; short texts and missing or implausible dates are kept
    and flagged; an id seen again with the same text is a duplicate and set aside, with different text it
    is kept under ``<id>~2``. With ``epic=True`` the publisher is normalized to its ministry or agency and
    the full unit kept in ``publisher_unit``.
    """
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    frames, unused = [], set()
    for path in paths:
        table = _read_table(path)
        resolved = resolve_mapping(table.columns, mapping, path)
        unused |= set(map(str, table.columns)) - set(map(str, resolved.values())) - {"_sheet"}
        part = pd.DataFrame({field: table[column] for field, column in resolved.items()})
        first_row = 1 if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else 2  # after a header line
        part["file"] = path.name
        part["row"] = range(first_row, len(part) + first_row)
        frames.append(part)
    data = pd.concat(frames, ignore_index=True)
    source = str(paths[0].parent if len(paths) > 1 else paths[0])
    report = _report(source, len(data))
    if unused:
        report["notes"].append(f"columns not used: {', '.join(sorted(unused))}")
    data["text"] = data["text"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    if "doc_id" not in data:
        data["doc_id"] = [f"{Path(f).stem}-{r}" for f, r in zip(data["file"], data["row"], strict=True)]
    data["doc_id"] = data["doc_id"].astype(str)
    keep = []
    first_text: dict[str, str] = {}
    for i, row in data.iterrows():
        where = {"file": row["file"], "row": int(row["row"]), "doc_id": row["doc_id"]}
        if not row["text"].strip():
            report["set_aside"].append(where | {"reason": "empty text"})
            continue
        if row["doc_id"] in first_text and first_text[row["doc_id"]] == row["text"]:
            report["set_aside"].append(where | {"reason": "duplicate of an earlier row with the same id and text"})
            continue
        first_text.setdefault(row["doc_id"], row["text"])
        keep.append(i)
    data = data.loc[keep]
    if data.empty:
        raise CorpusError(f"{source}: no rows with text ({len(report['set_aside'])} set aside)")
    published = data["date"].map(parse_date) if "date" in data else pd.Series(pd.NaT, index=data.index)
    for (_, row), stamp in zip(data.iterrows(), published, strict=True):
        if "date" in data and pd.isna(stamp) and str(row["date"]).strip() not in ("", "nan", "None"):
            report["flagged"].append({"file": row["file"], "row": int(row["row"]), "doc_id": row["doc_id"],
                                      "reason": f"implausible date {row['date']!r}"})
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
    if epic:
        rows["publisher_unit"] = rows["publisher"]
        rows["publisher"] = rows["publisher_unit"].map(ministry_of).replace("", "unknown")
        rows["source_note"] = "KDI EPIC export: " + rows["file"] + " row " + rows["row"].astype(str)
    else:
        rows["source_note"] = rows["file"] + " row " + rows["row"].astype(str)
    return _finish(rows, list(data["text"]), report)


def is_epic_folder_file(path: Path) -> bool:
    """Whether one .xlsx file has the EPIC columns."""
    return all(c in pd.read_excel(path, nrows=0).columns for c in EPIC_COLUMNS)


def is_epic_folder(folder: Path) -> bool:
    """Whether a folder holds KDI EPIC monthly exports (.xlsx with 자료명, 발간일, 발간처, 요약)."""
    files = sorted(Path(folder).glob("*.xlsx"))
    return bool(files) and all(c in pd.read_excel(files[0], nrows=0).columns for c in EPIC_COLUMNS)


def load_epic(path) -> pd.DataFrame:
    """The KDI EPIC export: one or many monthly ``.xlsx`` files as one corpus (see :func:`load_table`)."""
    path = Path(path)
    files = sorted(path.glob("*.xlsx")) if path.is_dir() else [path]
    mapping = {"doc_id": "Unnamed: 0", "title": "자료명", "date": "발간일", "publisher": "발간처", "text": "요약"}
    return load_table(files, mapping=mapping, doc_type="policy document", epic=True)
