"""Tables and network files for the next tool: Excel, Gephi, UCINET/NetDraw, NetMiner, Pajek.

``python -m analysis run --out DIR`` writes, beside the notebooks and figures:

- ``DIR/tables/``: every table behind a figure or a finding, one CSV each (UTF-8 with a byte-order mark,
  so Excel opens Hangul without its import wizard; numbers at full precision, as Python's ``repr`` writes
  them), all of them as the sheets of one ``results.xlsx``, ``tables.json`` (each table's columns and
  their types, machine-readable) and ``README.md`` (each table, its columns and their units, and why a
  table is empty when it is);
- ``DIR/networks/``: each co-occurrence network the notebooks draw, per window, as GEXF and GraphML
  (every weight, the frequency, centralities, community and CONCOR block as attributes: Gephi opens
  both), and per weight as Pajek ``.net``, UCINET DL (full matrix with labels) and a square CSV matrix
  (NetMiner's matrix import).

A table longer than :data:`SPREADSHEET_ROWS` (Excel holds 1,048,576 rows a sheet) is written in full as
Parquet; its CSV and its sheet keep the first :data:`SPREADSHEET_ROWS` rows in the table's own order
(every table is sorted by its main measure, largest first, or by document), and the README says so.

From Python, one call writes a notebook's tables (:func:`export_tables`) and one a network
(:func:`export_network`); without a folder and outside a run (``$ANALYSIS_TABLES_DIR`` unset) both do
nothing and return ``None``, so a notebook carries the call for every corpus.

Examples
--------
>>> import pandas as pd
>>> folder = export_tables({"terms": pd.DataFrame({"term": ["정책"], "count": [3]})}, "build/x/tables",
...                        notebook="02")                                       # doctest: +SKIP
>>> sorted(p.name for p in folder.iterdir())                                      # doctest: +SKIP
['02-terms.csv', 'README.md', 'results.xlsx', 'tables.json']
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from analysis.paths import DEFER_WORKBOOK_ENV, INDEX_FILE, NETWORKS_ENV, TABLES_ENV, WORKBOOK
from analysis.workbook import read_index as _read_index
from analysis.workbook import sheet_names, write_workbook  # noqa: F401 - part of this module's interface

SPREADSHEET_ROWS = 1_000_000
PARQUET_ROWS = 100_000  # rows of a long table converted and written at a time (one Parquet row group)
WEIGHTS = ("count", "jaccard", "pmi", "npmi")
DL_REFERENCE = ("UCINET 6 for Windows help, 'DL language' (Borgatti, Everett & Freeman; Analytic Technologies, "
                "http://www.analytictech.com/ucinet/help/hs5000.htm)")

# what a column holds and in which unit; a column not listed here is described as "as the notebook shows it"
COLUMNS: dict[str, str] = {
    "doc_id": "document id (the file's path under the corpus folder, or the table's id column)",
    "group": "document, or publisher on a corpus of more than 12 documents (the unit the notebook compares)",
    "title": "document title", "published": "publication date (YYYY-MM-DD)", "publisher": "publisher",
    "doc_type": "document type", "term": "canonical term (Kiwi noun, name or domain word, after aliases)",
    "count": "occurrences (tokens), or units holding both terms in an edge list",
    "tfidf": "TF-IDF weight (scikit-learn, sublinear tf, l2-normalised per row)",
    "target": "occurrences in the group", "reference": "occurrences in the rest of the corpus",
    "g2": "Dunning's log-likelihood G2 (chi-square scale, 1 df)", "p_value": "p of G2, unadjusted",
    "p_adjusted": "p after the correction named in the README note", "log_ratio": "Log Ratio: log2 of the ratio "
    "of relative frequencies (Hardie 2014); 1 = twice as frequent",
    "theme": "codebook theme", "label": "theme label", "hits": "theme hits (codebook keyword or pattern matches)",
    "sentences": "sentences", "share": "fraction of the group's theme hits (0-1)",
    "per_1000_terms": "hits per 1,000 terms", "sent_id": "sentence number within the document",
    "line_id": "paragraph (line) number within the document", "topic": "topic number",
    "weight": "topic probability of the term (phi, unitless)",
    "similarity": "cosine similarity (0-1)", "source": "term", "jaccard": "Jaccard coefficient of the two terms' units "
    "(0-1)", "pmi": "pointwise mutual information, log base 2", "npmi": "normalised PMI (Bouma 2009), -1 to 1",
    "degree": "degree centrality, degree / (n - 1)", "betweenness": "betweenness centrality, normalised (networkx)",
    "eigenvector": "eigenvector centrality (networkx, unit length)", "closeness": "closeness centrality (networkx)",
    "frequency": "units (sentences or paragraphs) the term occurs in", "community": "modularity community "
    "(greedy modularity, networkx)", "block": "CONCOR block: one digit per split (UCINET's reciprocal diagonal)",
    "kind": "kind of mention or row", "type": "type (organization type, currency or unit)",
    "value": "normalised value: canonical name, or an amount in the unit of the row",
    "text": "the mention as written", "date": "resolved date (YYYY-MM-DD)", "precision": "day, month or year",
    "note": "how the row was read or resolved", "sentence": "the sentence it was found in",
    "raw_chars": "characters of the file's text", "clean_chars": "characters after cleaning",
    "share_removed": "fraction of characters cleaning removed (0-1)", "rule": "cleaning rule",
    "family": "family of cleaning rules", "entries": "spans logged", "net_removed": "characters removed",
    "tokens": "tokens", "terms": "tokens that are terms", "distinct_terms": "distinct terms",
    "file": "file the row was read from", "action": "set aside or flagged", "reason": "why",
}

# what each table of the notebooks is (a name a notebook hands over without a description of its own)
DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per document: metadata and length before and after cleaning.",
    "import_report": "Every row or file set aside or flagged when the corpus was read, with its reason.",
    "formats": "Documents and characters by format and extractor, and what was set aside.",
    "cleaning_summary": "What cleaning removed, per document and rule.",
    "cleaning_by_rule": "What cleaning removed, per rule, over the corpus.",
    "document_lengths": "Characters (and Hangul characters) of each document before and after cleaning.",
    "tokens_per_document": "Sentences, tokens and terms of each document.",
    "term_frequencies": "Term frequency by unit (document, or publisher on a large corpus); zero counts left out.",
    "tfidf": "TF-IDF weight of each term by unit; zero weights left out.",
    "keyness": "Key terms of each unit against the rest (Dunning's G2, p, adjusted p, Log Ratio), as the "
               "keyness figure draws them.",
    "kwic": "Concordance lines of the corpus's most frequent terms (by canonical term).",
    "new_word_candidates": "Noun candidates Kiwi proposes from the text, with their status against the lexicon.",
    "codebook": "The codebook used: themes, labels, keywords and patterns.",
    "theme_scores": "Theme hits per document and theme, with shares and hits per 1,000 terms.",
    "theme_hits": "Every codebook match: document, sentence, theme, keyword and offsets.",
    "theme_hits_by_group": "Theme hits summed by unit (the heatmap's counts before shares).",
    "theme_hits_over_time": "Theme hits by period of publication, at the corpus's own time resolution.",
    "topic_k_scores": "The topic model's k search: NPMI coherence and held-out log-likelihood per token for each k.",
    "topic_terms": "Each topic's top terms by relevance (Sievert & Shirley 2014, lambda 0.6), with their probability.",
    "document_topics": "Each document's topic shares (rows sum to 1).",
    "topic_top_documents": "The documents with the highest share of each topic.",
    "topic_prevalence_by_period": "Each topic's mean document share per period, with a 95% bootstrap interval.",
    "topic_prevalence_by_group": "Each topic's mean document share per publisher (or type), with a 95% bootstrap "
                                 "interval.",
    "topic_trends": "Topics that rise or fall over time: OLS slope of the document shares on time, Bonferroni.",
    "seeded_topics": "Topics seeded by the codebook's themes: how far each moved from its seed words.",
    "topic_theme_alignment": "Correlation of each topic's share with each codebook theme's share over documents.",
    "topic_stability": "How many of each topic's top terms return when the model is refitted with other seeds.",
    "codebook_suggestions": "Terms suggested for each theme by Kiwi's word embeddings.",
    "similarity_tfidf": "TF-IDF cosine similarity of every pair of units (square matrix).",
    "similarity_embedding": "Embedding similarity of every pair of units (square matrix).",
    "similar_pairs": "Every pair of units with both similarities, most similar first.",
    "contrast_most_similar": "Shared and distinctive terms of the most similar pair.",
    "contrast_least_similar": "Shared and distinctive terms of the least similar pair.",
    "keyness_by_doc_type": "Key terms of each document type against the others.",
    "themes_by_doc_type": "Mean theme share by document type.",
    "entities": "Every organization, person, place, amount, share and compute mention.",
    "organization_types": "Organization mentions by type and unit.",
    "amounts": "Money by currency and compute by unit, as parsed from the text.",
    "dates": "Every date mention, resolved against the document's publication date where it is relative.",
    "edges_sentences": "Term pairs co-occurring in at least 2 sentences, with count, Jaccard, PMI and NPMI.",
    "edges_paragraphs": "Term pairs co-occurring in at least 2 paragraphs, with count, Jaccard, PMI and NPMI.",
    "centrality_sentences": "Centralities (full precision) and community of each term of the drawn sentence network.",
    "centrality_paragraphs": "Centralities (full precision) and community of each term of the drawn paragraph network.",
    "concor_blocks": "CONCOR block of each term of the drawn sentence network (two splits).",
    "two_mode_edges": "Unit-term links of the two-mode network as drawn.",
}
COLUMNS.update({
    "chars_out": "characters taken out (before replacements)", "raw_hangul": "Hangul characters of the file's text",
    "clean_hangul": "Hangul characters after cleaning", "month": "calendar month (YYYY-MM-DD, its first day)",
    "rank": "rank within its group (1 = first)", "form": "the word as written", "score": "score (see the notebook)",
    "status": "status against the lexicon", "keyword": "codebook keyword or pattern", "match": "the text matched",
    "start": "start offset in the cleaned text (characters)", "end": "end offset in the cleaned text (characters)",
    "left": "context before the match", "right": "context after the match", "unit": "currency or compute unit",
    "amount": "the amount in its unit", "a": "first of the pair", "b": "second of the pair",
    "similarity_tfidf": "TF-IDF cosine similarity (0-1)", "similarity_embedding": "embedding similarity",
    "evidence": "sentence numbers of the hits (JSON list)", "mean": "mean over the other seeds (0-1)",
})


# --------------------------------------------------------------------------------------------------
# tables


def long_matrix(matrix: pd.DataFrame, value: str, row: str | None = None, column: str = "term",
                drop_zeros: bool = True) -> pd.DataFrame:
    """A wide table (rows x terms, as :func:`analysis.terms.term_counts`) as one row per cell, largest first.

    Parameters
    ----------
    matrix : rows (documents or groups) by columns (terms).
    value : name of the value column (``count``, ``tfidf``).
    row, column : names of the row and column columns (default: the index's name, else ``group``; ``term``).
    drop_zeros : leave out cells of zero (a term a group never uses).

    Examples
    --------
    >>> wide = pd.DataFrame({"정책": [3, 0], "지역": [1, 2]}, index=pd.Index(["a", "b"], name="group"))
    >>> long_matrix(wide, "count").to_dict("records")
    [{'group': 'a', 'term': '정책', 'count': 3}, {'group': 'a', 'term': '지역', 'count': 1}, \
{'group': 'b', 'term': '지역', 'count': 2}]
    """
    row = row or matrix.index.name or "group"
    values = matrix.to_numpy()
    rows, cols = np.nonzero(values != 0) if drop_zeros else np.indices(values.shape).reshape(2, -1)
    out = pd.DataFrame({row: matrix.index.to_numpy()[rows], column: matrix.columns.to_numpy()[cols],
                        value: values[rows, cols]})
    out["_order"] = rows
    return (out.sort_values(["_order", value, column], ascending=[True, False, True], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def _nested(value) -> bool:
    """Whether a cell holds several values (a list, tuple, set, dict or other sequence that is not text)."""
    return isinstance(value, (Sequence, set, dict)) and not isinstance(value, (str, bytes))


def table_frame(value) -> pd.DataFrame:
    """A table as written: a Series becomes a frame, a meaningful index (named, or not 0..n-1) becomes
    columns, column labels become strings, and cells holding lists or tuples become text.

    >>> table_frame(pd.Series({"정책": 3}, name="count").rename_axis("term")).to_dict("records")
    [{'term': '정책', 'count': 3}]
    """
    if value is None:
        return pd.DataFrame()
    frame = value.to_frame() if isinstance(value, pd.Series) else pd.DataFrame(value)
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(level) for level in col if str(level) != "") for col in frame.columns]
    index = frame.index
    plain = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None
    if not plain and len(frame.columns) + (index.nlevels or 1):
        names = [n if n is not None else ("index" if index.nlevels == 1 else f"level_{i}")
                 for i, n in enumerate(index.names)]
        frame = frame.rename_axis(names).reset_index()
    frame.columns = [str(c) for c in frame.columns]
    for col in frame.columns[frame.dtypes.eq(object)]:
        nested = frame[col].map(_nested)
        if nested.any():
            frame[col] = frame[col].map(lambda v: json.dumps(v if isinstance(v, dict) else list(v),
                                                             ensure_ascii=False, default=str)
                                        if _nested(v) else v)
    return frame


def _column_kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "string"


def _with_text_as_shown(frame: pd.DataFrame, kinds: dict) -> pd.DataFrame:
    """``frame`` for Parquet, whose columns have one type each: a text column that also holds numbers (an
    entity's ``value`` is a name or an amount) holds them as the text its CSV shows (``str``), empty cells empty.

    >>> entities = pd.DataFrame({"value": ["과기정통부", 16680000000.0, None]})
    >>> _with_text_as_shown(entities, {"value": "string"})["value"].tolist()
    ['과기정통부', '16680000000.0', None]
    """
    out = frame
    for col, kind in kinds.items():
        if kind != "string" or frame[col].dtype != object:
            continue
        other = frame[col].map(lambda v: not isinstance(v, str) and not pd.isna(v))
        if other.any():
            out = out.copy() if out is frame else out
            out[col] = frame[col].where(~other, frame[col][other].map(str))
    return out


def _parquet_schema(frame: pd.DataFrame, kinds: dict):
    """The Arrow schema of ``frame`` as written: pandas' own for each column, a text column (``kinds``:
    ``"string"``) as text whatever its first rows hold (an all-empty part would otherwise be typed null)."""
    import pyarrow as pa

    sample = frame.head(PARQUET_ROWS).astype({c: object for c, k in kinds.items() if k == "string"})
    schema = pa.Schema.from_pandas(_with_text_as_shown(sample, kinds), preserve_index=False)
    for col, kind in kinds.items():
        if kind == "string":
            schema = schema.set(schema.get_field_index(col), pa.field(col, pa.string()))
    return schema


def _write_parquet(frame: pd.DataFrame, kinds: dict, path: Path) -> None:
    """``frame`` as the Parquet file ``path``, atomically, :data:`PARQUET_ROWS` rows (a row group) converted
    and written at a time: a table of millions of rows (entity mentions with their sentences) is never
    converted to Arrow whole. Text columns are written as :func:`_with_text_as_shown` gives them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis.importers.cache import atomic_file

    schema = _parquet_schema(frame, kinds)
    text = {c: object for c, k in kinds.items() if k == "string"}
    with atomic_file(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, max(len(frame), 1), PARQUET_ROWS):
            part = _with_text_as_shown(frame.iloc[start:start + PARQUET_ROWS].astype(text), kinds)
            writer.write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))


def _csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM; floats as ``repr`` (full precision, round-trips); dates as YYYY-MM-DD when whole days.
    Written :data:`PARQUET_ROWS` rows at a time (a million-row table is not copied whole to be formatted)."""
    days = [col for col in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[col])
            and bool((frame[col].dropna() == frame[col].dropna().dt.normalize()).all())]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        for start in range(0, max(len(frame), 1), PARQUET_ROWS):
            part = frame.iloc[start:start + PARQUET_ROWS]
            part = part.assign(**{col: part[col].dt.strftime("%Y-%m-%d") for col in days}) if days else part
            part.to_csv(handle, index=False, header=start == 0, lineterminator="\n")


def read_table(folder: str | Path, name: str, full: bool = True) -> pd.DataFrame:
    """A table written by :func:`export_tables`, with its column types (from ``tables.json``): the Parquet
    file when the table has one and ``full``, else the CSV.

    Examples
    --------
    >>> read_table("build/seeds/tables", "02-keyness").columns[:3].tolist()     # doctest: +SKIP
    ['group', 'term', 'target']
    """
    folder = Path(folder)
    entry = _read_index(folder).get(name)
    if entry is None:
        raise KeyError(f"{folder / INDEX_FILE}: no table {name!r}")
    if full and entry.get("parquet"):
        return pd.read_parquet(folder / entry["parquet"])
    kinds = entry["types"]
    if not entry["columns"]:  # a table that was not computed in this run (its note says why)
        return pd.DataFrame()
    dtypes = {c: ("string" if k in ("string", "datetime") else "boolean" if k == "bool" else None)
              for c, k in kinds.items()}
    frame = pd.read_csv(folder / entry["csv"], encoding="utf-8-sig", float_precision="round_trip",
                        dtype={c: str for c, t in dtypes.items() if t == "string"}, keep_default_na=False,
                        na_values={c: [""] for c, k in kinds.items() if k != "string"})
    for col, kind in kinds.items():
        if kind == "datetime":
            frame[col] = pd.to_datetime(frame[col].replace("", None))
        elif kind == "string":
            frame[col] = frame[col].astype(object)
    return frame


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.-]+", "-", str(name), flags=re.UNICODE).strip("-.")
    if not cleaned:
        raise ValueError(f"table name {name!r}: give a name with letters or digits")
    return cleaned


def write_table(frame, folder: str | Path, name: str, note: str = "", notebook: str = "",
                description: str = "", max_rows: int = SPREADSHEET_ROWS) -> dict:
    """Write one table as ``folder/name.csv`` (and ``name.parquet`` past ``max_rows`` rows); return its
    index entry (files, rows, columns and their types, note).

    A table with no rows is still written (its columns only) and needs a ``note`` saying why it is empty:
    without one the note says that this run found no rows.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(name)
    frame = table_frame(frame)
    entry: dict = {"name": name, "notebook": notebook, "description": description, "rows": len(frame),
                   "columns": list(frame.columns), "types": {c: _column_kind(frame[c]) for c in frame.columns},
                   "csv": f"{name}.csv", "parquet": "", "note": note}
    if len(frame) > max_rows:
        parquet = folder / f"{name}.parquet"
        _write_parquet(frame, entry["types"], parquet)
        entry["parquet"] = parquet.name
        entry["csv_rows"] = max_rows
        entry["note"] = " ".join(filter(None, [note, f"{len(frame):,} rows: all of them in {parquet.name}; the CSV "
                                               f"and the sheet keep the first {max_rows:,} in the table's order."]))
        frame = frame.head(max_rows)
    elif len(frame) == 0 and not note:
        entry["note"] = "no rows: this run found none (see the notebook's output for why)"
    _csv(frame, folder / entry["csv"])
    return entry


def write_tables_readme(folder: str | Path) -> Path:
    """``folder/README.md``: each table of ``tables.json``, its file, rows, columns with their units, notes."""
    folder = Path(folder)
    index = _read_index(folder)
    names = sheet_names(index)
    lines = ["# Tables of this run", "",
             "One CSV per table (UTF-8 with a byte-order mark: Excel opens Hangul directly; numbers at full "
             f"precision), all of them as the sheets of `{WORKBOOK}` (where numbers keep Excel's 15 significant "
             f"digits: the CSV is the full-precision record), and their column types in `{INDEX_FILE}`. "
             f"A table of more than {SPREADSHEET_ROWS:,} rows is written in full as Parquet, and its CSV and "
             f"sheet keep the first {SPREADSHEET_ROWS:,} rows in the table's order. The file name starts with "
             "the notebook that computes the table.", ""]
    for name, entry in index.items():
        files = f"`{entry['csv']}`" + (f", `{entry['parquet']}`" if entry.get("parquet") else "")
        lines += [f"## {name}", ""] + ([entry["description"], ""] if entry.get("description") else []) + [
            f"{files}; sheet `{names[name]}`; {entry['rows']:,} rows.", ""]
        if entry.get("note"):
            lines += [f"**Note.** {entry['note']}", ""]
        lines += ["| column | type | what it holds |", "| --- | --- | --- |"]
        for col in entry["columns"]:
            described = COLUMNS.get(col, "as the notebook shows it")
            lines.append(f"| `{col}` | {entry['types'].get(col, '')} | {described} |")
        lines.append("")
    path = folder / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _folder(folder, env: str) -> Path | None:
    if folder is not None:
        return Path(folder)
    value = os.environ.get(env, "").strip()
    return Path(value) if value else None


def export_tables(tables: Mapping[str, object], folder: str | Path | None = None, notebook: str = "",
                  notes: Mapping[str, str] | None = None, descriptions: Mapping[str, str] | None = None,
                  workbook: bool | None = None, max_rows: int = SPREADSHEET_ROWS) -> Path | None:
    """Write a notebook's tables to ``folder`` (CSV each, ``results.xlsx``, ``README.md``, ``tables.json``).

    Parameters
    ----------
    tables : table name -> DataFrame or Series (``None`` is an empty table, which needs a note).
    folder : where to write; default ``$ANALYSIS_TABLES_DIR`` (``analysis run --out DIR`` sets it to
        ``DIR/tables``). With neither, nothing is written and ``None`` is returned.
    notebook : prefix of the file names (``"02"`` -> ``02-keyness.csv``), as the figures are named.
    notes : table name -> why the table is empty, or how to read it; shown in the README.
    descriptions : table name -> one sentence saying what the table is (default: :data:`DESCRIPTIONS`).
    workbook : rewrite ``results.xlsx`` now (default: yes, unless a run writes it once at its end).
    max_rows : tables longer than this also go to Parquet (:data:`SPREADSHEET_ROWS`).

    Returns
    -------
    The folder, or ``None`` when there was none to write to.

    Examples
    --------
    >>> keys = pd.DataFrame({"group": ["a"], "term": ["의료"], "g2": [4.2], "log_ratio": [1.0]})
    >>> export_tables({"keyness": keys}, "build/mine/tables", notebook="02")         # doctest: +SKIP
    PosixPath('build/mine/tables')
    """
    folder = _folder(folder, TABLES_ENV)
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    notes, descriptions = dict(notes or {}), dict(descriptions or {})
    unknown = (set(notes) | set(descriptions)) - set(tables)
    if unknown:
        raise KeyError(f"notes or descriptions for tables not given: {sorted(unknown)}")
    index = _read_index(folder)
    for name, value in tables.items():
        full = f"{notebook}-{name}" if notebook else name
        entry = write_table(value, folder, full, note=notes.get(name, ""), notebook=notebook,
                            description=descriptions.get(name, DESCRIPTIONS.get(name, "")), max_rows=max_rows)
        if entry["name"] in index and index[entry["name"]].get("parquet") and not entry["parquet"]:
            (folder / index[entry["name"]]["parquet"]).unlink(missing_ok=True)
        index[entry["name"]] = entry
    index = dict(sorted(index.items()))
    (folder / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
    write_tables_readme(folder)
    if workbook is None:
        workbook = not os.environ.get(DEFER_WORKBOOK_ENV)
    if workbook:
        write_workbook(folder)
    return folder


# --------------------------------------------------------------------------------------------------
# networks


def dl_text(matrix: pd.DataFrame) -> str:
    """A square matrix as UCINET DL, full-matrix format with labels, per :data:`DL_REFERENCE`.

    The file reads ``DL N=<n>``, ``FORMAT = FULLMATRIX``, ``LABELS:`` followed by the n labels (one a line,
    in double quotes when they hold a space, comma or equal sign, which the format uses as separators),
    ``DATA:`` and n rows of n values separated by spaces. Values are written as Python's ``repr`` (full
    precision). UCINET truncates labels past 18 characters and shows them upper-cased (the help says so);
    Korean terms are shorter than that.

    Examples
    --------
    >>> print(dl_text(pd.DataFrame([[0, 0.5], [0.5, 0]], index=["정책", "a b"], columns=["정책", "a b"])))
    DL N=2
    FORMAT = FULLMATRIX
    LABELS:
    정책
    "a b"
    DATA:
    0.0 0.5
    0.5 0.0
    <BLANKLINE>
    """
    if list(matrix.index) != list(matrix.columns):
        raise ValueError("a DL full matrix needs the same labels on rows and columns")
    labels = []
    for name in map(str, matrix.index):
        name = name.replace('"', "'").replace("\n", " ")
        labels.append(f'"{name}"' if re.search(r"[\s,=]", name) else name)
    values = matrix.to_numpy(dtype=float)
    rows = [" ".join(repr(float(v)) for v in row) for row in values]
    return "\n".join([f"DL N={len(matrix)}", "FORMAT = FULLMATRIX", "LABELS:", *labels, "DATA:", *rows, ""])


def weight_matrix(graph: nx.Graph, weight: str) -> pd.DataFrame:
    """The graph's adjacency matrix of edge attribute ``weight``, nodes in sorted order, zero where no edge."""
    nodes = sorted(graph.nodes, key=str)
    return pd.DataFrame(nx.to_numpy_array(graph, nodelist=nodes, weight=weight, nonedge=0.0),
                        index=[str(n) for n in nodes], columns=[str(n) for n in nodes])


def annotated_graph(graph: nx.Graph, community: Mapping | None = None, blocks: Mapping | None = None,
                    centralities: bool = True) -> nx.Graph:
    """A copy of ``graph`` with node attributes for Gephi: the centralities of
    :func:`analysis.network.centrality_table` at full precision (when ``centralities``), ``community`` and
    ``concor_block``; node ids and labels are the terms."""
    from analysis.network import centrality_table

    out = nx.Graph()
    for node, data in graph.nodes(data=True):
        out.add_node(str(node), label=str(node), **{k: v for k, v in data.items() if v is not None})
    for u, v, data in graph.edges(data=True):
        out.add_edge(str(u), str(v), **{k: (float(x) if isinstance(x, (np.floating, float)) else x)
                                        for k, x in data.items()})
    if centralities and out.number_of_nodes():
        full = centrality_table(graph, decimals=None)
        for row in full.itertuples(index=False):
            for col in ("degree", "betweenness", "eigenvector", "closeness"):
                if hasattr(row, col):
                    out.nodes[str(row.term)][col] = float(getattr(row, col))
    for attr, values in (("community", community), ("concor_block", blocks)):
        for node, value in (values or {}).items():
            if str(node) in out:
                out.nodes[str(node)][attr] = int(value) if attr == "community" else str(value)
    return out


def export_network(graph: nx.Graph, name: str, folder: str | Path | None = None, community: Mapping | None = None,
                   blocks: Mapping | None = None, weights: Iterable[str] = WEIGHTS) -> list[Path]:
    """Write one co-occurrence network for Gephi, UCINET, NetMiner and Pajek; return the files written.

    - ``name.gexf`` and ``name.graphml`` (networkx writers): every edge weight (count, Jaccard, PMI, NPMI
      and the drawn ``weight``) as edge attributes; frequency, centralities, community and CONCOR block as
      node attributes;
    - for each of ``weights``: ``name-<weight>.net`` (Pajek, networkx's writer, the weight as the edge value),
      ``name-<weight>.dl`` (UCINET DL full matrix with labels, :func:`dl_text`) and
      ``name-<weight>-matrix.csv`` (the square matrix with term labels, UTF-8 with BOM: NetMiner's matrix
      import).

    ``folder`` defaults to ``$ANALYSIS_NETWORKS_DIR``; with neither nothing is written (``[]``).
    """
    folder = _folder(folder, NETWORKS_ENV)
    if folder is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(name)
    annotated = annotated_graph(graph, community, blocks)
    written = [folder / f"{name}.gexf", folder / f"{name}.graphml"]
    nx.write_gexf(annotated, written[0], encoding="utf-8")
    nx.write_graphml(annotated, written[1], encoding="utf-8")
    for weight in weights:
        plain = nx.Graph()
        plain.add_nodes_from(sorted(annotated.nodes))
        plain.add_edges_from((u, v, {"weight": float(d[weight])}) for u, v, d in annotated.edges(data=True)
                             if weight in d)
        matrix = weight_matrix(plain, "weight")
        base = folder / f"{name}-{weight}"
        nx.write_pajek(plain, base.with_suffix(".net"), encoding="utf-8")
        base.with_suffix(".dl").write_text(dl_text(matrix), encoding="utf-8")
        matrix.to_csv(f"{base}-matrix.csv", encoding="utf-8-sig", lineterminator="\n")
        written += [base.with_suffix(".net"), base.with_suffix(".dl"), Path(f"{base}-matrix.csv")]
    return written


# --------------------------------------------------------------------------------------------------
# small adapters the notebooks use to hand over their results


def keyness_note(keys: pd.DataFrame, groups: int, unit: str = "document") -> str:
    """Why a keyness table is empty (``""`` when it is not): one group has nothing to be compared with, or no
    term passed the corrected threshold the table's ``attrs`` record.

    >>> keyness_note(pd.DataFrame(), 1)
    'one document: keyness compares a document with the rest of the corpus, so it needs at least two'
    """
    if len(keys):
        return ""
    if groups < 2:
        return f"one {unit}: keyness compares a {unit} with the rest of the corpus, so it needs at least two"
    threshold = keys.attrs.get("threshold")
    return ("no term is key: none has G2 > 0 and p below the corrected threshold"
            + (f" ({threshold:.1e})" if threshold is not None else ""))


def two_mode_edges(graph: nx.Graph) -> pd.DataFrame:
    """The edges of a two-mode graph (:func:`analysis.network.two_mode_graph`) as group, term, count and, when
    drawn by key terms, log_ratio; largest count first.

    >>> g = nx.Graph(); g.add_node("A부", mode="document"); g.add_node("정책", mode="term")
    >>> g.add_edge("정책", "A부", weight=4); two_mode_edges(g).to_dict("records")
    [{'group': 'A부', 'term': '정책', 'count': 4}]
    """
    rows = []
    for u, v, data in graph.edges(data=True):
        group, term = (u, v) if graph.nodes[u].get("mode") == "document" else (v, u)
        row = {"group": group, "term": term, "count": int(data.get("weight", 0))}
        if "log_ratio" in data:
            row["log_ratio"] = float(data["log_ratio"])
        rows.append(row)
    columns = ["group", "term", "count"] + (["log_ratio"] if any("log_ratio" in r for r in rows) else [])
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["count", "group", "term"], ascending=[False, True, True], ignore_index=True)
