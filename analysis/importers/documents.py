"""A folder (with subfolders) of documents in any mix of formats (.txt, .hwp, .hwpx, .pdf, .html), or one such
file: each read by the reader its first bytes call for (:func:`analysis.importers.read_file`), in parallel and
cached by content; unreadable files and links out of the folder set aside in the import report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.importers import DOCUMENT_SUFFIXES
from analysis.importers.base import CorpusError
from analysis.importers.cache import read_all
from analysis.importers.files import inside, link_reason, walk
from analysis.importers.report import new_report, source_words


def read_documents(path: str | Path, strict: bool = False,
                   hashes: dict | None = None) -> tuple[pd.DataFrame, list[str], dict]:
    """A folder (with subfolders) of documents in any mix of formats, or one document file: the metadata rows,
    the texts as read and the import report (:func:`analysis.corpus.load_documents` cleans them).

    Each file's format is known from its first bytes (:mod:`analysis.importers`); doc_id is its path
    under the folder without the suffix. Title, date and publisher come from the file itself where it has
    them (HWP/HWPX properties, the press-release header table, the page's metadata), otherwise from the
    text (:func:`analysis.importers.metadata.header_fields`); ``*_source`` columns say where each came from.
    An unreadable file, a symbolic link leading out of the folder, and a reader's output with almost no
    Hangul are set aside in the import report with the reason (``strict=True``: raised). A top-level
    ``lexicon/`` folder is the researcher's lexicon, not documents: it is skipped, and the report says so.
    ``hashes`` maps a file's path to the hex SHA-256 of its bytes where the caller has it (saves reading twice).
    """
    path = Path(path)
    root = path if path.is_dir() else path.parent
    files = walk(path) if path.is_dir() else [path]
    documents = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES or not path.is_dir()
                 or (p.is_symlink() and not inside(root, p))]
    others = [p.relative_to(root).as_posix() for p in files if p not in documents]
    report = new_report(str(path), len(documents))
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
        if (path.is_dir() and not inside(root, file)) or not file.is_file():
            set_aside(label, link_reason(root, file))
        else:
            tasks.append((str(file), label, (hashes or {}).get(str(file), "")))
    metadata, raw_texts, body_dates = [], [], []
    for (_, label, _), result in zip(tasks, read_all(tasks), strict=True):
        if "error" in result:
            set_aside(label, result["error"])
            continue
        row = document_row(label, result)
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
    return rows, raw_texts, report


def document_row(label: str, result: dict) -> dict:
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
        note = "title: first line; " + (f"date: {source_words(published_source)} ({published})" if published
                                        else "date: none found in the text")
    else:
        note = "; ".join(f"{what}: {source_words(source)}" for what, source in
                         (("title", title_source), ("date", published_source), ("publisher", publisher_source)))
    return {"doc_id": str(Path(label).with_suffix("")), "file": label, "title": title, "published": published,
            "publisher": publisher or "unknown", "doc_type": "document", "source_note": note, "row": 0,
            "format": doc["format"], "extractor": doc["extractor"], "title_source": title_source,
            "published_source": published_source if published else "", "publisher_source": publisher_source,
            "department": doc["department"], "pages": doc["pages"],
            "provenance": doc["provenance"]}
