"""Documents in, one DataFrame row per document out: the manifest, folders, tables, the import report and
the corpus cache.

Reading a file is the job of :mod:`analysis.importers` (one module per source); this module decides which
files make a corpus, reads them (in parallel, each cached by content), assembles the rows, cleans the text
and reports what was set aside. Raw files are only ever read. ``raw_text`` is exactly the text the reader
extracted and ``text`` is what the cleaning rules (``analysis.clean``) leave of it;
:func:`analysis.clean.cleaning_log` accounts for the difference.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path

import pandas as pd

from analysis.clean import clean_text
from analysis.importers import DOCUMENT_SUFFIXES, bigkinds, epic, read_file
from analysis.importers.base import HANGUL as _HANGUL
from analysis.importers.base import CorpusError, Document
from analysis.importers.cache import atomic_write, code_digest, read_json
from analysis.importers.epic import EPIC_COLUMNS, is_epic_folder
from analysis.importers.fields import PLAUSIBLE_YEARS, parse_date
from analysis.importers.table import DEFAULT_MAPPING, FIELDS, read_table, resolve_mapping
from analysis.importers.table import SUFFIXES as TABLE_SUFFIXES
from analysis.importers.text import decode_document, read_document
from analysis.lexicon import LEXICON_FOLDER
from analysis.metadata import first_full_date
from analysis.paths import SEEDS

__all__ = [
    "CorpusError", "DEFAULT_MAPPING", "EPIC_COLUMNS", "FIELDS", "PLAUSIBLE_YEARS", "decode_document",
    "document_groups", "document_lengths", "find_first_date", "format_summary", "import_report", "is_epic_folder",
    "load_bigkinds", "load_corpus", "load_documents", "load_epic", "load_table", "load_text_folder", "ministry_of",
    "parse_date", "read_document", "read_manifest", "resolve_mapping", "short_label",
]

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "file", "title", "published", "publisher", "doc_type", "source_note"]
DOC_TYPES = {"press release", "news article", "plan", "notice", "report"}
CORPUS_COLUMNS = ["doc_id", "title", "published", "publisher", "doc_type", "source_note", "file"]
PROGRESS_FROM = 2000  # documents: below this, long steps run without a progress bar
PARALLEL_FROM = 4  # files to read: below this, no process pool
MIN_TEXT_CHARS = 30
LEXICON_NOTE = f"{LEXICON_FOLDER}/ folder: read as the lexicon, not as documents"
_read_table = read_table  # the name earlier code used
find_first_date = first_full_date  # the name earlier code used; the rule is analysis.metadata's


def _inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, lies inside ``folder`` (also resolved)."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


def read_manifest(folder: Path) -> pd.DataFrame:
    """Read and validate ``folder/manifest.csv`` against the files in ``folder``.

    Every row must name an existing file inside ``folder`` (a path or symbolic link that leads out of it is
    refused), every ``.txt`` file must have a row, ``doc_id`` must be unique and ``published`` an ISO date
    (``YYYY-MM-DD``); each problem raises :class:`CorpusError` naming the row.
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
        if Path(row.file).is_absolute() or not _inside(folder, folder / row.file):
            raise CorpusError(f"{path}: row {row.doc_id!r} names {row.file!r}, which resolves outside {folder}; "
                              "a manifest may only name files inside its own folder")
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
    from analysis.progress import progress

    quiet = len(raw_texts) < PROGRESS_FROM
    corpus["text"] = [clean_text(raw)[0] for raw in progress(raw_texts, desc="cleaning", unit="doc", disable=quiet)]
    for name, doc_id, text in zip(corpus["file"], corpus["doc_id"], corpus["text"], strict=False):
        if not _HANGUL.search(text):  # name the row too: a table holds many documents in one file
            where = name if str(name).endswith(f"{doc_id}.txt") else f"{name}, document {doc_id}"
            warnings.warn(f"{where}: no Korean (Hangul) text; the analyses assume Korean", stacklevel=3)
    return corpus


def load_corpus(path: str | Path | None = None, mapping: dict | None = None, strict: bool = False) -> pd.DataFrame:
    """Load a corpus, as its users have it.

    Parameters
    ----------
    path : ``None`` for the repository's ``seeds/``; a folder with ``manifest.csv`` (as ``seeds/``); a
        folder (with subfolders) of documents in any mix of ``.txt``, ``.hwp``, ``.hwpx``, ``.pdf``,
        ``.html``/``.htm`` without one, or a single such file (the format is known from the file's first
        bytes); a folder of KDI EPIC ``.xlsx`` exports; BIGKinds ``NewsResult`` exports (``.xlsx``/``.csv``);
        or a CSV, TSV, JSON Lines or Excel file (or a folder of them).
    mapping : for tables, which column holds each field (``text``, ``title``, ``date``, ``publisher``,
        ``doc_id``); common names are found without it.
    strict : raise :class:`CorpusError` on the first unreadable document instead of setting it aside in the
        import report.

    Returns
    -------
    DataFrame, one row per document: doc_id, title, published (datetime64), publisher, doc_type,
    source_note, file, format, extractor, raw_text (the reader's text, unmodified) and text (cleaned); a
    folder of documents adds where each field came from (``title_source``, ``published_source``,
    ``publisher_source``), ``department``, ``pages`` and ``provenance``.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> corpus.columns.tolist()[-2:]
    ['raw_text', 'text']
    """
    folder = Path(path) if path is not None else SEEDS
    if not (folder / MANIFEST).is_file() and folder.exists():
        return _cached(folder, mapping, strict, lambda hashes: _import(folder, mapping, strict, hashes))
    return _import(folder, mapping, strict)


def _import(folder: Path, mapping: dict | None, strict: bool = False, hashes: dict | None = None) -> pd.DataFrame:
    """Dispatch to the importer that fits ``folder`` (see :func:`load_corpus`): specific before generic.
    ``hashes`` (path -> content digest) are the digests :func:`_cached` computed, reused as cache keys."""
    if folder.is_file():
        suffix = folder.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            if mapping is None and bigkinds.accepts_table(folder):
                return load_bigkinds(folder)
            if mapping is None and epic.accepts_table(folder):
                return load_epic(folder)
            return load_table(folder, mapping)
        return load_documents(folder, strict=strict)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such file or folder")
    if not (folder / MANIFEST).is_file():
        tables, refused = _table_files(folder)
        workbooks = [p for p in tables if p.suffix.lower() == ".xlsx"]
        if mapping is None and tables and all(bigkinds.accepts_table(p) for p in tables):
            return _with_notes(load_bigkinds(tables), folder, refused)
        if mapping is None and workbooks and epic.accepts_table(workbooks[0]):
            return load_epic(folder)
        if any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in _walk(folder)):
            return load_documents(folder, strict=strict, hashes=hashes)
        if tables:
            return _with_notes(load_table(tables, mapping), folder, refused)
        links = f"; refused {len(refused)} symbolic link(s) leading out of it" if refused else ""
        raise CorpusError(f"{folder}: no manifest.csv, documents ({', '.join(DOCUMENT_SUFFIXES)}) or tables "
                          f"(.csv, .tsv, .jsonl, .xlsx) to read{links}")
    manifest = read_manifest(folder)
    documents = [_read_manifest_file(folder / name, name) for name in manifest["file"]]
    rows = manifest[CORPUS_COLUMNS].assign(format=[d.format for d in documents],
                                           extractor=[d.extractor for d in documents])
    corpus = _assemble(rows, [d.text for d in documents])
    report = _report(str(folder), len(manifest))
    report["kept"] = len(corpus)
    corpus.attrs["source"] = str(folder)
    corpus.attrs["import_report"] = report
    return _with_notes(corpus, folder)


def _table_files(folder: Path, suffixes=TABLE_SUFFIXES) -> tuple[list[Path], list[Path]]:
    """The table files directly in ``folder``, and those refused: symbolic links that lead out of the folder
    (never read, not even to sniff their columns) or to nothing."""
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes and (p.is_file() or p.is_symlink()))
    kept = [p for p in found if _inside(folder, p) and p.is_file()]
    return kept, [p for p in found if p not in kept]


def _link_reason(root: Path, file: Path) -> str:
    label = file.relative_to(root).as_posix()
    if not _inside(root, file):
        return (f"{label}: a symbolic link to {file.resolve()}, outside the corpus folder {root}; refused (copy the "
                "files into the folder if they belong to the corpus)")
    return f"{label}: a broken symbolic link or not a regular file"


def _with_notes(corpus: pd.DataFrame, folder: Path, refused: list[Path] = ()) -> pd.DataFrame:
    """Add to the import report the table files refused as links out of ``folder`` and, once, that its
    ``lexicon/`` folder was read as the lexicon."""
    report = corpus.attrs.setdefault("import_report", _report(str(folder), len(corpus)))
    for file in refused:
        report["set_aside"].append({"file": file.relative_to(folder).as_posix(), "row": 0,
                                    "doc_id": file.stem, "reason": _link_reason(folder, file)})
    if folder.is_dir() and (folder / LEXICON_FOLDER).is_dir() and LEXICON_NOTE not in report["notes"]:
        report["notes"].append(LEXICON_NOTE)
    return corpus


def _read_manifest_file(path: Path, name: str) -> Document:
    """A manifest's file: ``.txt`` decoded as before (errors raise), other documents through their reader."""
    if path.suffix.lower() == ".txt":
        from analysis.importers.text import EXTRACTOR

        return Document(text=read_document(path), format="text", extractor=EXTRACTOR)
    return read_file(path, str(path))


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
# folders without a manifest, tables with a column mapping, the KDI EPIC and BIGKinds exports

SOURCE_WORDS = {
    "hwp:summary": "the HWP document properties", "hwpx:summary": "the HWPX document properties",
    "pdf:info": "the PDF document information", "html:meta": "the page's metadata",
    "body": "the first date in the body text", "first line": "the first line", "title line": "the first title line",
    "body:issuer": "the issuer named in the body (기관(장관 ...))",
}


def _source_words(source: str) -> str:
    if source.startswith("text:"):
        return f"the text ({source.split(':', 1)[1]})"
    if source.startswith("header:"):
        return f"the header field {source.split(':', 1)[1]}"
    return SOURCE_WORDS.get(source, source or "nowhere")


def _report(source: str, read: int) -> dict:
    return {"source": source, "rows_read": read, "kept": 0, "set_aside": [], "flagged": [], "notes": []}


def reason_kind(reason: str, file: str = "") -> str:
    """The kind of an import-report reason, for counting: the reason without the file name it starts
    with and without its particulars, which follow the first ``;``, ``(``, ``:`` or quote.

    >>> reason_kind("short text (23 characters after cleaning)")
    'short text'
    >>> reason_kind("a.pdf: a damaged PDF (Failed to load document); download it again", "a.pdf")
    'a damaged PDF'
    >>> reason_kind("implausible date '1899-01-01'")
    'implausible date'
    """
    text = str(reason)
    if file and text.startswith(f"{file}: "):
        text = text[len(file) + 2:]
    return re.split(r"[;(:'\"]", text, maxsplit=1)[0].strip() or text.strip()


def import_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The importer's account of a loaded corpus: one row per document set aside or flagged, with the
    file, row, reason and the reason's kind (:func:`reason_kind`, for counting); ``attrs`` of the result
    carry the totals (rows read, kept, set aside). Sentences about the corpus as a whole (a BIGKinds
    export's cut articles, dates read from the body) are in ``corpus.attrs["import_report"]["notes"]``."""
    info = corpus.attrs.get("import_report") or _report(corpus.attrs.get("source", ""), len(corpus))
    rows = [dict(r, action="set aside") for r in info["set_aside"]]
    rows += [dict(r, action="kept, flagged") for r in info["flagged"]]
    rows = [dict(r, kind=reason_kind(r["reason"], str(r.get("file", "")))) for r in rows]
    table = pd.DataFrame(rows, columns=["file", "row", "doc_id", "action", "kind", "reason"])
    table.attrs.update({k: info[k] for k in ("rows_read", "kept")} | {"set_aside": len(info["set_aside"])})
    return table


def format_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Documents and characters by format and extractor, with the files set aside by their format (from
    the file name), for notebook 01; ``attrs["notes"]`` holds the import report's sentences.

    Examples
    --------
    >>> format_summary(load_corpus())[["format", "documents"]].values.tolist()
    [['text', 5]]
    """
    data = corpus.assign(format=corpus.get("format", "text"), extractor=corpus.get("extractor", ""))
    kept = (data.groupby(["format", "extractor"], dropna=False)
            .agg(documents=("doc_id", "size"), characters=("raw_text", lambda t: int(t.str.len().sum())))
            .reset_index())
    info = corpus.attrs.get("import_report") or {}
    aside = pd.DataFrame(info.get("set_aside", []), columns=["file", "row", "doc_id", "reason"])
    if len(aside):
        aside["format"] = aside["file"].map(lambda f: Path(str(f)).suffix.lower().lstrip(".") or "?")
        counts = aside.groupby("format").size().rename("set_aside").reset_index()
        kept = kept.merge(counts, on="format", how="outer")
    else:
        kept["set_aside"] = 0
    summary = kept.fillna({"documents": 0, "characters": 0, "set_aside": 0, "extractor": ""})
    summary = summary.astype({"documents": int, "characters": int, "set_aside": int})
    summary.attrs["notes"] = list(info.get("notes", []))
    return summary.sort_values(["format", "extractor"]).reset_index(drop=True)


def ministry_of(publisher: str) -> str:
    """The ministry or agency of a publisher string with its bureau and division
    (``기획재정부 세제실 소득세제과`` -> ``기획재정부``): its first word."""
    words = str(publisher).split()
    return words[0] if words else ""


def _input_files(path: Path) -> list[Path]:
    """The files an import of ``path`` looks at: the listing :func:`_walk` gives the readers."""
    return _walk(path) if path.is_dir() else [path]


def _cached(path: Path, mapping: dict | None, strict: bool, build) -> pd.DataFrame:
    """An imported corpus from the on-disk cache (``.cache/corpus``), keyed by the content of its input
    files, the mapping and the code that reads and cleans them (every reader's too); built and stored when
    absent. Both files are written atomically; an unreadable one is ignored with a warning and rebuilt.

    Only documents and tables are read to be hashed (other files by name, links by their target);
    ``build`` gets the content digests (path -> hex) so each document's own cache key reuses them."""
    from analysis import clean as clean_module
    from analysis.paths import RESOURCES, cache_dir

    digest = hashlib.sha256(json.dumps([mapping, strict], sort_keys=True, ensure_ascii=False).encode())
    for code in (Path(__file__), Path(clean_module.__file__), RESOURCES / "boilerplate.tsv"):
        digest.update(code.read_bytes())
    digest.update(code_digest().encode())
    digest.update(str(path.is_dir() and (path / LEXICON_FOLDER).is_dir()).encode())  # the report's note
    hashes = {}
    for file in _input_files(path):
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        if file.is_symlink():
            digest.update(os.readlink(file).encode())  # never read what a link points at just to hash it
        elif not path.is_dir() or file.suffix.lower() in DOCUMENT_SUFFIXES + TABLE_SUFFIXES:
            hashes[str(file)] = hashlib.sha256(file.read_bytes()).hexdigest()
            digest.update(hashes[str(file)].encode())
    target = cache_dir() / "corpus" / f"{digest.hexdigest()[:24]}.parquet"
    attrs_file = target.with_suffix(".json")
    if target.is_file():
        attrs = read_json(attrs_file)
        try:
            corpus = pd.read_parquet(target) if attrs is not None else None
        except Exception as error:  # noqa: BLE001 - pyarrow raises several kinds on a truncated file
            warnings.warn(f"{target}: unreadable cache file ({type(error).__name__}); ignored and rebuilt",
                          stacklevel=3)
            corpus = None
        if corpus is not None:
            corpus.attrs = attrs
            return corpus
    corpus = build(hashes)
    import io

    buffer = io.BytesIO()
    corpus.to_parquet(buffer, index=False)
    atomic_write(attrs_file, json.dumps(corpus.attrs, ensure_ascii=False, default=str).encode("utf-8"))
    atomic_write(target, buffer.getvalue())
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


# --- documents: a folder (with subfolders) of .txt, .hwp, .hwpx, .pdf, .html, or one such file ---------


def _walk(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, leaving out hidden files and folders (``.cache``, ``.git``) and the
    top-level ``lexicon/`` folder, which holds the researcher's lexicon (see :func:`analysis.lexicon.lexicon_folder`)."""
    files = []
    for p in folder.rglob("*"):
        parts = p.relative_to(folder).parts
        if ((p.is_file() or p.is_symlink()) and not any(part.startswith(".") for part in parts)
                and not (len(parts) > 1 and parts[0] == LEXICON_FOLDER)):
            files.append(p)
    return sorted(files)


def _document_cache_file(path: Path, label: str, content_hash: str = "") -> Path:
    """The cache file of one document: its label, the readers' code and its content (``content_hash``, the
    hex SHA-256 of its bytes, when the caller has it already)."""
    from analysis.paths import cache_dir

    digest = hashlib.sha256(label.encode() + b"\0" + code_digest().encode())
    digest.update(bytes.fromhex(content_hash) if content_hash else hashlib.sha256(path.read_bytes()).digest())
    return cache_dir() / "documents" / f"{digest.hexdigest()[:32]}.json"


def read_one(path: str, label: str, content_hash: str = "") -> dict:
    """Read one document file, its metadata filled in from its text (a process-pool task):
    ``{"document": ...}`` or ``{"error": message}``. Cached by content in ``.cache/documents``."""
    path = Path(path)
    cache_file = _document_cache_file(path, label, content_hash)
    cached = read_json(cache_file)
    if cached is not None:
        return cached
    try:
        result = {"document": read_file(path, label).to_dict()}
    except CorpusError as error:
        result = {"error": str(error)}
    except Exception as error:  # noqa: BLE001 - a reader's unforeseen failure sets the file aside, named
        result = {"error": f"{label}: the {path.suffix or 'file'} reader failed ({type(error).__name__}: {error}); "
                           "check the file, or convert it to .txt"}
    atomic_write(cache_file, json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return result


def _read_all(tasks: list[tuple[str, str, str]]) -> list[dict]:
    """:func:`read_one` on every (path, label, content hash), in a process pool across the cores for more than
    a few."""
    workers = min(os.cpu_count() or 1, len(tasks))
    if len(tasks) < PARALLEL_FROM or workers < 2:
        return [read_one(*task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(tasks) // (workers * 8))
        return list(pool.map(read_one, *zip(*tasks, strict=True), chunksize=chunk))


def load_documents(path: str | Path, strict: bool = False, hashes: dict | None = None) -> pd.DataFrame:
    """A folder (with subfolders) of documents in any mix of formats, or one document file.

    Each file's format is known from its first bytes (:mod:`analysis.importers`); doc_id is its path
    under the folder without the suffix. Title, date and publisher come from the file itself where it has
    them (HWP/HWPX properties, the press-release header table, the page's metadata), otherwise from the
    text (:func:`analysis.metadata.header_fields`); ``*_source`` columns say where each came from.
    An unreadable file, a symbolic link leading out of the folder, and a reader's output with almost no
    Hangul are set aside in the import report with the reason (``strict=True``: raised). A top-level
    ``lexicon/`` folder is the researcher's lexicon, not documents: it is skipped, and the report says so.
    ``hashes`` maps a file's path to the hex SHA-256 of its bytes where the caller has it (saves reading twice).
    """
    path = Path(path)
    root = path if path.is_dir() else path.parent
    files = _walk(path) if path.is_dir() else [path]
    documents = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES or not path.is_dir()
                 or (p.is_symlink() and not _inside(root, p))]
    others = [p.relative_to(root).as_posix() for p in files if p not in documents]
    report = _report(str(path), len(documents))
    if others:
        report["notes"].append(f"{len(others)} file(s) of other types not read: {', '.join(others[:10])}"
                               + (" ..." if len(others) > 10 else ""))

    def set_aside(label: str, reason: str) -> None:
        if strict:
            raise CorpusError(reason)
        report["set_aside"].append({"file": label, "row": 0, "doc_id": str(Path(label).with_suffix("")),
                                    "reason": reason})

    tasks = []
    for file in documents:
        label = file.relative_to(root).as_posix()
        if (path.is_dir() and not _inside(root, file)) or not file.is_file():
            set_aside(label, _link_reason(root, file))
        else:
            tasks.append((str(file), label, (hashes or {}).get(str(file), "")))
    metadata, raw_texts, body_dates = [], [], []
    for (_, label, _), result in zip(tasks, _read_all(tasks), strict=True):
        if "error" in result:
            set_aside(label, result["error"])
            continue
        row = _document_row(label, result)
        if row["published_source"] == "body":
            body_dates.append(label)
        metadata.append(row)
        raw_texts.append(result["document"]["text"])
    if not metadata:
        raise CorpusError(f"{path}: no readable documents ({len(report['set_aside'])} set aside"
                          + (f": {report['set_aside'][0]['reason']}" if report["set_aside"] else "") + ")")
    if body_dates:
        report["notes"].append(f"{len(body_dates)} of {len(metadata)} dates are the first date written in the body, "
                               f"not a header field or the file's metadata; check them: {', '.join(body_dates[:10])}"
                               + (" ..." if len(body_dates) > 10 else ""))
    rows = pd.DataFrame(metadata)
    rows["published"] = pd.to_datetime(rows["published"].replace("", None))
    titles_from_text = rows["title_source"] == "first line"
    corpus = _finish(rows, raw_texts, report)
    for i in corpus.index[titles_from_text.values]:
        first = next((line.strip() for line in corpus.at[i, "text"].splitlines() if line.strip()), "")
        corpus.at[i, "title"] = first[:200]
    return _with_notes(corpus, path) if path.is_dir() else corpus


def _document_row(label: str, result: dict) -> dict:
    """The metadata row of one read document (its fields already filled in from its text by the reader,
    :func:`analysis.importers.fields.fill_from_text`)."""
    doc = result["document"]
    published, published_source = doc["published"], doc["published_source"]
    if doc["format"] == "text":
        title, title_source = "", "first line"  # filled from the cleaned text, as for every .txt folder
    else:
        title, title_source = doc["title"], doc["title_source"]
    publisher, publisher_source = doc["publisher"], doc["publisher_source"]
    if doc["format"] == "text":
        note = "title: first line; " + (f"date: {_source_words(published_source)} ({published})" if published
                                        else "date: none found in the text")
    else:
        note = "; ".join(f"{what}: {_source_words(source)}" for what, source in
                         (("title", title_source), ("date", published_source), ("publisher", publisher_source)))
    return {"doc_id": str(Path(label).with_suffix("")), "file": label, "title": title, "published": published,
            "publisher": publisher or "unknown", "doc_type": "document", "source_note": note, "row": 0,
            "format": doc["format"], "extractor": doc["extractor"], "title_source": title_source,
            "published_source": published_source if published else "", "publisher_source": publisher_source,
            "department": doc["department"], "pages": doc["pages"],
            "provenance": doc["provenance"]}


def load_text_folder(folder: Path, strict: bool = False) -> pd.DataFrame:
    """A folder of ``.txt`` files without a manifest: doc_id from the file name, title from the first
    line, date from the text (otherwise empty, and the report says so). See :func:`load_documents`."""
    return load_documents(folder, strict=strict)


# --- tables ---------------------------------------------------------------------------------------------


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
    rows["format"] = "epic" if epic else "table"
    rows["extractor"] = "analysis.importers.table (pandas)"
    return _finish(rows, list(data["text"]), report)


def is_epic_folder_file(path: Path) -> bool:
    """Whether one .xlsx file has the EPIC columns."""
    return epic.accepts_table(path)


def load_epic(path) -> pd.DataFrame:
    """The KDI EPIC export: one or many monthly ``.xlsx`` files as one corpus (see :func:`load_table`).

    A symbolic link in the folder that leads out of it is not read; the import report lists it as set aside."""
    path = Path(path)
    files, refused = _table_files(path, (".xlsx",)) if path.is_dir() else ([path], [])
    if not files:
        raise CorpusError(f"{path}: no .xlsx files to read" + (f" ({len(refused)} symbolic link(s) refused)"
                                                                 if refused else ""))
    corpus = load_table(files, mapping=dict(epic.MAPPING), doc_type="policy document", epic=True)
    return _with_notes(corpus, path, refused) if path.is_dir() else corpus


def load_bigkinds(paths) -> pd.DataFrame:
    """BIGKinds news exports (``NewsResult_*.xlsx`` or ``.csv``) as one corpus, without a mapping.

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
    report = _report(source, len(data))
    keep, seen_ids, seen_titles = [], set(), {}
    for i, row in data.iterrows():
        doc_id = row[bigkinds.MAPPING["doc_id"]].strip()
        where = {"file": row["file"], "row": int(row["row"]), "doc_id": doc_id}
        excluded = bigkinds.exclusion_reason(row.get(bigkinds.EXCLUDE, ""))
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
    for column, name in bigkinds.KEPT.items():
        rows[name] = data[column].str.strip().values if column in data else ""
    rows["format"] = "bigkinds"
    rows["extractor"] = "analysis.importers.bigkinds (pandas)"
    lengths = data["본문"].str.len()
    cut = int(lengths.between(bigkinds.TRUNCATED_AT - 10, bigkinds.TRUNCATED_AT + 10).sum())
    report["notes"].append(bigkinds.TRUNCATION_NOTE.format(n=bigkinds.TRUNCATED_AT, m=bigkinds.TRUNCATED_AT + 10,
                                                          share=cut / len(data)).replace(
        f"{bigkinds.TRUNCATED_AT}-{bigkinds.TRUNCATED_AT + 10}",
        f"{bigkinds.TRUNCATED_AT - 10}-{bigkinds.TRUNCATED_AT + 10}"))
    corpus = _finish(rows, list(data["본문"]), report)
    return corpus
