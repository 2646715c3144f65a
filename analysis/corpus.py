"""Documents in, one DataFrame row per document out: which importer reads a corpus, the cleaning of every
text, the import report and the corpus cache.

Reading a file is the job of :mod:`analysis.importers` (one module per source, and the document and corpus
caches); this module picks the importer, cleans the text and reports what was set aside. Raw files are only
ever read. ``raw_text`` is exactly the text the reader extracted and ``text`` is what the cleaning rules
(:mod:`analysis.clean`) leave of it; :func:`analysis.clean.cleaning_log` accounts for the difference.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import clean
from analysis.clean import clean_text
from analysis.importers import DOCUMENT_SUFFIXES, bigkinds, epic, read_file, table
from analysis.importers.base import HANGUL as _HANGUL
from analysis.importers.base import CorpusError, Document
from analysis.importers.cache import CORPUS_ROWS, cached_corpus, read_texts, share_unchanged_texts
from analysis.importers.documents import read_documents
from analysis.importers.files import inside, link_reason, table_files, walk
from analysis.importers.report import new_report, reason_kind
from analysis.importers.text import read_document
from analysis.lexicon import LEXICON_FOLDER
from analysis.paths import RESOURCES, SEEDS

__all__ = [
    "CorpusError", "document_groups", "document_lengths", "format_summary", "import_report", "load_bigkinds",
    "load_corpus", "load_documents", "load_epic", "load_table", "raw_texts", "read_manifest", "short_label",
    "text_batches", "texts", "with_raw_text", "with_text",
]


MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "file", "title", "published", "publisher", "doc_type", "source_note"]
CORPUS_COLUMNS = ["doc_id", "title", "published", "publisher", "doc_type", "source_note", "file"]
PROGRESS_FROM = 2000  # documents: below this, long steps run without a progress bar
MIN_TEXT_CHARS = 30
LEXICON_NOTE = f"{LEXICON_FOLDER}/ folder: read as the lexicon, not as documents"


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
        if Path(row.file).is_absolute() or not inside(folder, folder / row.file):
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
    share_unchanged_texts(corpus)
    for name, doc_id, text in zip(corpus["file"], corpus["doc_id"], corpus["text"], strict=False):
        if not _HANGUL.search(text):  # name the row too: a table holds many documents in one file
            where = name if str(name).endswith(f"{doc_id}.txt") else f"{name}, document {doc_id}"
            warnings.warn(f"{where}: no Korean (Hangul) text; the analyses assume Korean", stacklevel=3)
    return corpus


def load_corpus(path: str | Path | None = None, mapping: dict | None = None, strict: bool = False,
                raw_text: bool = True, text: bool = True) -> pd.DataFrame:
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
    raw_text : ``False`` leaves out the ``raw_text`` column, which only the cleaning audit reads: a large
        corpus then holds its texts once. :func:`raw_texts` and :func:`with_raw_text` read them when wanted
        (from the corpus cache, or the files again), and :func:`analysis.findings.content_digest` gives the
        same digest as with them.
    text : ``False`` leaves out the cleaned ``text`` as well: the frame holds the documents' metadata, and
        what needs their texts reads them from the corpus cache (:func:`texts` for some documents,
        :func:`text_batches` for all of them a part at a time, :func:`with_text`), so a corpus of hundreds of
        thousands of documents is not held in memory by every notebook.

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
    if not folder.exists():
        raise CorpusError(f"{folder}: no such file or folder")
    code = [Path(__file__), *sorted(Path(clean.__file__).parent.glob("*.py")), RESOURCES / "boilerplate.tsv"]
    flags = str(folder.is_dir() and (folder / LEXICON_FOLDER).is_dir())  # the report's note on lexicon/
    corpus = cached_corpus(folder, [mapping, strict], code,
                           lambda hashes: _import(folder, mapping, strict, hashes), flags, raw_text, text)
    corpus.attrs["loaded_from"] = {"path": None if path is None else str(path), "mapping": mapping, "strict": strict}
    return corpus


def raw_texts(corpus: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.Series:
    """The raw text (the reader's, before cleaning) of every document of ``corpus``, or of ``doc_ids``, indexed
    by doc_id: its ``raw_text`` column where it has one; else, for a corpus loaded with ``raw_text=False``, read
    from the corpus cache it came from (only the row groups that hold the documents asked for), or, when that
    file is gone (the cache folder may be deleted at any time), by loading the corpus again as it was loaded.

    Examples
    --------
    >>> corpus = load_corpus(raw_text=False)
    >>> "raw_text" in corpus, raw_texts(corpus).equals(load_corpus().set_index("doc_id")["raw_text"])
    (False, True)
    """
    return _stored_texts(corpus, "raw_text", doc_ids)


def texts(corpus: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.Series:
    """The cleaned text of every document of ``corpus``, or of ``doc_ids``, indexed by doc_id: its ``text``
    column where it has one; else, for a corpus loaded with ``text=False`` (a notebook's ``session().corpus``),
    read as :func:`raw_texts` reads the raw texts.

    Examples
    --------
    >>> corpus, full = load_corpus(raw_text=False, text=False), load_corpus()
    >>> "text" in corpus, texts(corpus, full["doc_id"][3:4]).tolist() == full["text"][3:4].tolist()
    (False, True)
    """
    return _stored_texts(corpus, "text", doc_ids)


def _stored_texts(corpus: pd.DataFrame, column: str, doc_ids: Iterable[str] | None,
                  reload: bool = True) -> pd.Series:
    """The text ``column`` of ``corpus`` (all documents or ``doc_ids``) by doc_id: from the frame, the corpus
    cache file (a row of the frame as loaded keeps its row number in the file as its index label, so a slice
    of the frame reads only its own row groups) or, once ``reload``, the corpus loaded again (its texts left
    in the cache file that loading writes, and read from there)."""
    ids = pd.Index(corpus["doc_id"].astype(str))
    wanted = ids if doc_ids is None else pd.Index([str(doc_id) for doc_id in doc_ids])
    missing = wanted.difference(ids)
    if len(missing):
        raise KeyError(f"no document {', '.join(map(repr, missing[:5]))} in this corpus")
    if column in corpus.columns:
        return pd.Series(corpus[column].to_numpy(), index=ids, name=column).loc[wanted]
    file = corpus.attrs.get("corpus_file")
    if file and Path(file).is_file():
        try:  # a frame as loaded: its index labels are the file's rows; read only the row groups wanted
            rows = corpus.index[ids.get_indexer(wanted)].tolist() \
                if pd.api.types.is_integer_dtype(corpus.index) else None
            read = read_texts(Path(file), column, rows)
            if rows is not None and read["doc_id"].astype(str).tolist() != wanted.tolist():
                read = read_texts(Path(file), column)  # rows relabelled since: every row, matched by doc_id
            found = pd.Series(read[column].to_numpy(), index=read["doc_id"].astype(str), name=column)
            found = found[~found.index.duplicated()]  # a document asked for twice is read once
            if wanted.isin(found.index).all():
                return found.loc[wanted]
        except Exception:  # noqa: BLE001 - a file changed or damaged since: load the corpus again below
            pass
    loaded_from = corpus.attrs.get("loaded_from")
    if loaded_from is None:
        raise CorpusError(f"this corpus has no {column} column and no record of where it was loaded from; "
                          f"load it with load_corpus(path) to read its texts")
    if not reload:
        raise CorpusError(f"{file}: the corpus cache written by loading {loaded_from['path'] or 'the seeds'} again "
                          f"cannot be read for the {column} of {len(wanted)} document(s)")
    again = load_corpus(loaded_from["path"], mapping=loaded_from["mapping"], strict=loaded_from["strict"],
                        raw_text=False, text=False)
    return _stored_texts(again, column, wanted, reload=False)


def with_text(corpus: pd.DataFrame) -> pd.DataFrame:
    """``corpus`` (or a part of it) with its cleaned ``text`` column (:func:`texts`), read from the corpus
    cache when the frame was loaded without it."""
    if "text" in corpus.columns:
        return corpus
    return corpus.assign(text=texts(corpus).to_numpy())


def text_batches(corpus: pd.DataFrame, size: int = CORPUS_ROWS):
    """The rows of ``corpus`` in order, ``size`` at a time, each part with its ``text`` (:func:`with_text`):
    what reads every text of a corpus loaded without them holds one part's texts at a time.

    >>> [len(part) for part in text_batches(load_corpus(text=False), size=2)]
    [2, 2, 1]
    """
    for start in range(0, len(corpus), size):
        yield with_text(corpus.iloc[start:start + size])


def with_raw_text(corpus: pd.DataFrame) -> pd.DataFrame:
    """``corpus`` with its ``raw_text`` and ``text`` columns (:func:`raw_texts`, :func:`texts`), for the cleaning
    audit (:func:`analysis.cleaning_log`, :func:`document_lengths`); a text cleaning left as it was is held once."""
    corpus = with_text(corpus)
    if "raw_text" in corpus.columns:
        return corpus
    raw = raw_texts(corpus).to_numpy()
    text = corpus["text"].to_numpy()
    shared = [clean if clean == original else original for original, clean in zip(raw, text, strict=True)]
    position = corpus.columns.get_loc("text")
    with_raw = corpus.copy(deep=False)
    with_raw.insert(position, "raw_text", shared)
    return with_raw


def _import(folder: Path, mapping: dict | None, strict: bool = False, hashes: dict | None = None) -> pd.DataFrame:
    """Dispatch to the importer that fits ``folder`` (see :func:`load_corpus`): specific before generic.
    ``hashes`` (path -> content digest) are the digests :func:`analysis.importers.cache.cached_corpus`
    computed, reused as cache keys."""
    if folder.is_file():
        suffix = folder.suffix.lower()
        if suffix in table.SUFFIXES:
            if mapping is None and bigkinds.accepts_table(folder):
                return load_bigkinds(folder)
            if mapping is None and epic.accepts_table(folder):
                return load_epic(folder)
            return load_table(folder, mapping)
        return load_documents(folder, strict=strict)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such file or folder")
    if not (folder / MANIFEST).is_file():
        tables, refused = table_files(folder)
        workbooks = [p for p in tables if p.suffix.lower() == ".xlsx"]
        if mapping is None and tables and all(bigkinds.accepts_table(p) for p in tables):
            return _with_notes(load_bigkinds(tables), folder, refused)
        if mapping is None and workbooks and epic.accepts_table(workbooks[0]):
            return load_epic(folder)
        if any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in walk(folder)):
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
    report = new_report(str(folder), len(manifest))
    report["kept"] = len(corpus)
    corpus.attrs["source"] = str(folder)
    corpus.attrs["import_report"] = report
    return _with_notes(corpus, folder)


def _with_notes(corpus: pd.DataFrame, folder: Path, refused: list[Path] = ()) -> pd.DataFrame:
    """Add to the import report the table files refused as links out of ``folder`` and, once, that its
    ``lexicon/`` folder was read as the lexicon."""
    report = corpus.attrs.setdefault("import_report", new_report(str(folder), len(corpus)))
    for file in refused:
        report["set_aside"].append({"file": file.relative_to(folder).as_posix(), "row": 0,
                                    "doc_id": file.stem, "reason": link_reason(folder, file)})
    if folder.is_dir() and (folder / LEXICON_FOLDER).is_dir() and LEXICON_NOTE not in report["notes"]:
        report["notes"].append(LEXICON_NOTE)
    return corpus


def _read_manifest_file(path: Path, name: str) -> Document:
    """A manifest's file: ``.txt`` decoded as before (errors raise), other documents through their reader."""
    if path.suffix.lower() == ".txt":
        from analysis.importers.text import EXTRACTOR

        return Document(text=read_document(path), format="text", extractor=EXTRACTOR)
    return read_file(path, str(path))


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
    rows_of = corpus["row"] if "row" in corpus else corpus.index
    for file, row, doc_id, text, published in zip(corpus["file"], rows_of, corpus["doc_id"], corpus["text"],
                                                  corpus["published"], strict=True):
        where = {"file": file, "row": row, "doc_id": doc_id}
        if len(text) < MIN_TEXT_CHARS:
            report["flagged"].append(where | {"reason": f"short text ({len(text)} characters after cleaning)"})
        if pd.isna(published):
            report["flagged"].append(where | {"reason": "no plausible date: published left empty"})
    report["kept"] = len(corpus)
    corpus.attrs["import_report"] = report
    corpus.attrs["source"] = report["source"]
    return corpus


def load_documents(path: str | Path, strict: bool = False, hashes: dict | None = None) -> pd.DataFrame:
    """A folder (with subfolders) of documents in any mix of formats, or one document file, cleaned
    (:func:`analysis.importers.documents.read_documents` reads them). A document whose title comes from no
    field gets the first line of its cleaned text."""
    rows, raw_texts, report = read_documents(path, strict=strict, hashes=hashes)
    titles_from_text = rows["title_source"] == "first line"
    corpus = _finish(rows, raw_texts, report)
    for i in corpus.index[titles_from_text.values]:
        first = next((line.strip() for line in corpus.at[i, "text"].splitlines() if line.strip()), "")
        corpus.at[i, "title"] = first[:200]
    return _with_notes(corpus, Path(path)) if Path(path).is_dir() else corpus


def load_table(paths, mapping: dict | None = None) -> pd.DataFrame:
    """One corpus from one or many table files (CSV, JSON Lines, Excel) with a column mapping, cleaned
    (:func:`analysis.importers.table.read_rows` reads them)."""
    return _finish(*table.read_rows(paths, mapping))


def load_epic(path) -> pd.DataFrame:
    """The KDI EPIC export, cleaned (:func:`analysis.importers.epic.read_rows` reads it); a symbolic link in the
    folder that leads out of it is not read, and the import report lists it as set aside."""
    rows, texts, report, refused = epic.read_rows(path)
    corpus = _finish(rows, texts, report)
    return _with_notes(corpus, Path(path), refused) if Path(path).is_dir() else corpus


def load_bigkinds(paths) -> pd.DataFrame:
    """BIGKinds news exports, cleaned (:func:`analysis.importers.bigkinds.read_rows` reads them)."""
    return _finish(*bigkinds.read_rows(paths))


def short_label(corpus: pd.DataFrame, max_chars: int = 24) -> pd.Series:
    """A short readable label per document for figures: ``<id> <publisher> <YYYY-MM>``, one per document.

    ``<id>`` is the part of the doc_id before its first ``_`` (``000_f6ba...`` -> ``000``) where that part names
    one document only, else the whole doc_id, so ``bill_001`` and ``bill_002`` of one publisher and month keep
    two labels; a label that still repeats gets its doc_id appended.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["bill_001", "bill_002", "007_ab"], "publisher": ["국회"] * 3,
    ...                        "published": pd.to_datetime(["2020-05-01", "2020-05-30", None])})
    >>> short_label(corpus).tolist()
    ['bill_001 국회 2020-05', 'bill_002 국회 2020-05', '007 국회 no date']
    """
    doc_ids = corpus["doc_id"].astype(str)
    prefix = doc_ids.str.split("_").str[0].str[:10]
    ids = prefix.where(~prefix.duplicated(keep=False), doc_ids)
    dates = corpus["published"].dt.strftime("%Y-%m").fillna("no date")
    label = ids + " " + corpus["publisher"].astype(str).str[:max_chars] + " " + dates
    label = label.where(~label.duplicated(keep=False), label + " (" + doc_ids + ")")
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
    """The unit the figures compare: each document while there are at most ``max_groups`` (named by its
    :func:`short_label`, one label per doc_id, so no two documents merge); otherwise the ``max_groups - 1``
    publishers with most documents, the rest as ``other``. Indexed by doc_id.
    """
    if len(corpus) <= max_groups:
        return pd.Series(short_label(corpus).values, index=corpus["doc_id"], name="group")
    top = corpus["publisher"].value_counts().head(max_groups - 1).index
    groups = corpus["publisher"].where(corpus["publisher"].isin(top), "other")
    return pd.Series(groups.values, index=corpus["doc_id"], name="group")


def import_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """The importer's account of a loaded corpus: one row per document set aside or flagged, with the
    file, row, reason and the reason's kind (:func:`reason_kind`, for counting); ``attrs`` of the result
    carry the totals (rows read, kept, set aside). Sentences about the corpus as a whole (a BIGKinds
    export's cut articles, dates read from the body) are in ``corpus.attrs["import_report"]["notes"]``."""
    info = corpus.attrs.get("import_report") or new_report(corpus.attrs.get("source", ""), len(corpus))
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
