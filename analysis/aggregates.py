"""Counts from the token store, out of core: DuckDB reads the store's Parquet files (:mod:`analysis.token_store`)
and returns tables whose size follows the vocabulary and the groups, never the number of tokens.

Each function gives exactly what its in-memory counterpart gives on the token table (tested on the seeds and
on real corpora): :func:`token_counts_by_document` as :func:`analysis.tokens.token_counts_by_document`,
:func:`term_counts` as :func:`analysis.terms.term_counts`, :func:`term_frequencies` as pandas'
``value_counts`` of the content terms (ties by term), :func:`document_frequencies` as the documents each term
occurs in (quanteda's ``docfreq``), :func:`document_term_matrix` as scikit-learn's ``CountVectorizer`` over
the documents' terms, :func:`cooccurrence_counts` as the pair counts of :func:`analysis.network.cooccurrence`,
:func:`sentences_of` as the rows of :func:`analysis.tokens.sentences` for the sentences asked for,
:func:`group_term_counts` as the long form of :func:`term_counts`.

The engine is DuckDB (in-process, nothing to start), limited to what the memory budget
(:func:`analysis.paths.memory_limit`, ``ANALYSIS_MEMORY_LIMIT``, default 1 GB) leaves beside what the process
already holds, at least half of it (:func:`analysis.memory.engine_memory_limit`), and spilling to
``.cache/duckdb`` beyond it. With ``client=`` (a ``dask.distributed.Client``) the same counts are computed on
the cluster's workers instead, one task per store file (the files must be on storage the workers share).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.memory import engine_memory_limit
from analysis.paths import cache_dir, memory_limit
from analysis.token_store import TokenStore


@contextmanager
def connection(store: TokenStore, groups: pd.Series | None = None):
    """A DuckDB connection with the view ``tokens``: every token of the store's corpus with its document's
    ``doc_id``, ``position`` (its row in the corpus) and ``grp`` (its group from ``groups``, indexed by doc_id;
    the doc_id when not given), under the memory budget; ``stored``: the rows of the store's files as they are
    (``file``, ``doc``: a text stored once for every document that has it); ``docs``: which stored text
    (``file``, ``doc``) each document has.

    Examples
    --------
    >>> with connection(token_store(load_corpus())) as con:                      # doctest: +SKIP
    ...     con.sql("SELECT count(*) FROM tokens WHERE term <> ''").fetchone()
    """
    import duckdb

    docs = store.documents.assign(position=np.arange(len(store.documents), dtype=np.int64))
    if groups is None:
        docs["grp"] = docs["doc_id"]
    else:  # a document without a group (NaN) is left out of grouped counts, as pandas' groupby leaves it
        values = groups.set_axis(groups.index.astype(str)).reindex(docs["doc_id"])
        docs["grp"] = values.astype(str).where(values.notna(), None).to_numpy()
    # a folder of this process's own: DuckDB names its spill files alike in every process, so two kernels on one
    # cache (two notebooks, a notebook and the explorer) spilling to one folder would overwrite each other's
    (cache_dir() / "duckdb").mkdir(parents=True, exist_ok=True)
    spill = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=cache_dir() / "duckdb"))
    limit = engine_memory_limit(memory_limit())  # the budget less what this process already holds
    con = duckdb.connect(config={"memory_limit": f"{limit // 2**20}MiB", "temp_directory": str(spill),
                                 "threads": os.cpu_count() or 1, "preserve_insertion_order": False})
    try:
        con.execute("SET enable_progress_bar = false")  # its widget would land among a notebook's outputs
        con.register("docs_frame", docs[["file", "doc", "doc_id", "position", "grp"]])
        con.execute("CREATE TEMP TABLE docs AS SELECT * FROM docs_frame")
        con.unregister("docs_frame")
        files = store.files
        if files:
            con.execute("CREATE TEMP VIEW stored AS SELECT filename AS file, doc, sent_id, line_id, start, \"end\", "
                        "form, tag, term FROM read_parquet(" + _sql_list(files) + ", filename = true)")
            con.execute("CREATE TEMP VIEW tokens AS SELECT d.doc_id, d.position, d.grp, t.sent_id, t.line_id, "
                        "t.start, t.\"end\", t.form, t.tag, t.term FROM stored t "
                        "JOIN docs d ON t.file = d.file AND t.doc = d.doc")
        else:
            con.execute("CREATE TEMP VIEW stored AS SELECT NULL::VARCHAR AS file, NULL::INT AS doc, "
                        "NULL::INT AS sent_id, NULL::INT AS line_id, NULL::INT AS start, NULL::INT AS \"end\", "
                        "NULL::VARCHAR AS form, NULL::VARCHAR AS tag, NULL::VARCHAR AS term WHERE false")
            con.execute("CREATE TEMP VIEW tokens AS SELECT NULL::VARCHAR AS doc_id, NULL::BIGINT AS position, "
                        "NULL::VARCHAR AS grp, NULL::INT AS sent_id, NULL::INT AS line_id, NULL::INT AS start, "
                        "NULL::INT AS \"end\", NULL::VARCHAR AS form, NULL::VARCHAR AS tag, NULL::VARCHAR AS term "
                        "WHERE false")
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _sql_list(paths: list[str]) -> str:
    """A SQL list literal of file paths (a view cannot take them as a parameter).

    >>> _sql_list(["/a/b.parquet", "/c/it's.parquet"])
    "['/a/b.parquet', '/c/it''s.parquet']"
    """
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


@dataclass(frozen=True)
class TokenSummary:
    """What a corpus's tokens add up to: ``sentences``, ``tokens`` and the content terms' ``frequencies``
    (term -> occurrences, most frequent first, ties by term), from the store (:func:`token_summary`) or from a
    token table (:meth:`of_table`)."""

    sentences: int
    tokens: int
    frequencies: pd.Series

    @classmethod
    def of_table(cls, tokens: pd.DataFrame) -> TokenSummary:
        """The summary of a token table (doc_id, sent_id, term).

        >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0], "term": ["정책", "", "정책"]})
        >>> summary = TokenSummary.of_table(tokens)
        >>> summary.sentences, summary.tokens, summary.frequencies.to_dict()
        (3, 3, {'정책': 2})
        """
        counts = tokens.loc[tokens["term"] != "", "term"].astype(str).value_counts()
        order = sorted(counts.index, key=lambda t: (-counts[t], t))
        frequencies = pd.Series(counts[order].to_numpy(dtype="int64"), index=pd.Index(order, name="term"),
                                name="count")
        sentences = len(tokens[["doc_id", "sent_id"]].drop_duplicates())
        return cls(sentences, len(tokens), frequencies)

    @classmethod
    def of_counts(cls, per_document: pd.DataFrame, frequencies: pd.Series) -> TokenSummary:
        """The summary from :func:`token_counts_by_document` and :func:`term_frequencies` already made."""
        return cls(int(per_document["sentences"].sum()), int(per_document["tokens"].sum()), frequencies)


def token_summary(store: TokenStore) -> TokenSummary:
    """:class:`TokenSummary` of the store's corpus, counted out of core."""
    return TokenSummary.of_counts(token_counts_by_document(store), term_frequencies(store))


def token_counts_by_document(store: TokenStore) -> pd.DataFrame:
    """Per document: sentences, tokens, content terms and distinct terms, indexed by doc_id (sorted), as
    :func:`analysis.tokens.token_counts_by_document` computes them from the token table."""
    with connection(store) as con:
        # counted once per stored text (documents with the same text share it), then given to each document
        # distinct values are counted as groups of groups, which spill to disk under the memory limit (a
        # count(DISTINCT ...) per group is held in memory whole)
        table = con.sql("WITH per_term AS (SELECT file, doc, term, count(*) AS n FROM stored "
                        "GROUP BY file, doc, term), "
                        "counts AS (SELECT file, doc, sum(n) AS tokens, sum(CASE WHEN term <> '' THEN n ELSE 0 END) "
                        "AS terms, sum(CASE WHEN term <> '' THEN 1 ELSE 0 END) AS distinct_terms FROM per_term "
                        "GROUP BY file, doc), "
                        "sentences AS (SELECT file, doc, count(*) AS sentences "
                        "FROM (SELECT DISTINCT file, doc, sent_id FROM stored) GROUP BY file, doc) "
                        "SELECT d.doc_id, s.sentences, c.tokens, c.terms, c.distinct_terms FROM counts c "
                        "JOIN sentences s ON c.file = s.file AND c.doc = s.doc "
                        "JOIN docs d ON c.file = d.file AND c.doc = d.doc").df()
    table = table.set_index("doc_id").sort_index().astype("int64")
    table.index = table.index.astype(str)
    return table


def sentence_spans(store: TokenStore, doc_ids=None) -> pd.DataFrame:
    """doc_id, sent_id, start, end (offsets in the document's text) of every sentence of the store's corpus, or
    of the documents ``doc_ids`` only, sorted by doc_id and sent_id: what :func:`analysis.tokens.sentences`
    reads off the token table (its ``_sentence_spans``), with the same dtypes. A sentence's span runs from its
    first token's start to its last token's end; a document without tokens has none.

    Only the files holding the documents asked for are read, so the spans can be taken a batch of documents at
    a time (as :func:`analysis.entities.entity_mentions` does on a store).

    Examples
    --------
    >>> sentence_spans(token_store(load_corpus()), doc_ids=["000_f6ba21de1aad98d1"]).head(2)   # doctest: +SKIP
    """
    from analysis.token_store import STRING

    if doc_ids is not None:
        documents = store.documents
        store = TokenStore(documents[documents["doc_id"].isin({str(d) for d in doc_ids})].reset_index(drop=True))
    with connection(store) as con:
        table = con.sql("SELECT doc_id, sent_id, min(start) AS start, max(\"end\") AS \"end\" FROM tokens "
                        "GROUP BY doc_id, sent_id ORDER BY doc_id, sent_id").df()
    return pd.DataFrame({"doc_id": table["doc_id"].astype(STRING),
                         **{column: table[column].to_numpy(dtype=np.int32) for column in ("sent_id", "start", "end")}})


def term_frequencies(store: TokenStore) -> pd.Series:
    """Occurrences of each content term in the corpus, most frequent first (ties by term), named ``count``."""
    with connection(store) as con:
        table = con.sql("SELECT term, count(*) AS count FROM tokens WHERE term <> '' GROUP BY term").df()
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    return pd.Series(table["count"].to_numpy(dtype="int64"), index=pd.Index(table["term"].astype(str), name="term"),
                     name="count")


def document_frequencies(store: TokenStore) -> pd.Series:
    """The number of documents each content term occurs in (quanteda's ``docfreq``), widest first (ties by
    term)."""
    with connection(store) as con:
        # the terms of each stored text (documents with the same text share it), counted for each document that
        # has that text: no join of every token with its document
        table = con.sql("WITH texts AS (SELECT DISTINCT file, doc, term FROM stored WHERE term <> ''), "
                        "holders AS (SELECT file, doc, count(*) AS n FROM docs GROUP BY file, doc) "
                        "SELECT t.term, sum(h.n)::BIGINT AS documents FROM texts t "
                        "JOIN holders h ON t.file = h.file AND t.doc = h.doc GROUP BY t.term").df()
    table = table.sort_values(["documents", "term"], ascending=[False, True], kind="stable")
    return pd.Series(table["documents"].to_numpy(dtype="int64"),
                     index=pd.Index(table["term"].astype(str), name="term"), name="documents")


def term_counts(store: TokenStore, groups: pd.Series | None = None, client=None) -> pd.DataFrame:
    """Occurrences of each content term per group: groups as rows (sorted), terms as columns sorted by
    corpus frequency then term, as :func:`analysis.terms.term_counts` gives it from the token table
    (``by="doc_id"`` when ``groups`` is None, else the token table's ``group`` column = ``groups``).

    Meant for groups (publishers, types, periods): the table is groups x vocabulary; for documents use
    :func:`document_term_matrix`, which stays sparse. With ``client`` the counts are made on a Dask cluster.
    """
    if client is not None:
        long = _term_counts_on_cluster(store, groups, client)
    else:
        with connection(store, groups) as con:
            long = con.sql("SELECT grp, term, count(*) AS n FROM tokens WHERE term <> '' AND grp IS NOT NULL "
                           "GROUP BY grp, term").df()
    return wide_counts(long, "doc_id" if groups is None else "group")


def wide_counts(long: pd.DataFrame, name: str) -> pd.DataFrame:
    """Groups x terms from (grp, term, n) rows, the index named ``name``; columns by total count then term, as
    :func:`analysis.terms.term_counts` orders them."""
    if long.empty:
        return pd.DataFrame(index=pd.Index([], name=name), columns=pd.Index([], name="term"))
    table = long.pivot_table(index="grp", columns="term", values="n", aggfunc="sum", fill_value=0)
    totals = table.sum()
    order = sorted(table.columns, key=lambda t: (-totals[t], t))
    table = table[order].astype("int64")
    table.index.name, table.columns.name = name, "term"
    return table


def terms_tagged(store: TokenStore, tags) -> set[str]:
    """The content terms Kiwi gave one of ``tags`` at least once (``("NNG", "NNP")``: common and proper nouns)."""
    with connection(store) as con:
        rows = con.execute("SELECT DISTINCT term FROM tokens WHERE term <> '' AND list_contains(?, tag)",
                           [list(tags)]).fetchall()
    return {row[0] for row in rows}


def forms_per_term(store: TokenStore) -> pd.Series:
    """How many distinct written forms each content term has (an alias, a spacing variant: ``과기정통부`` and
    ``과학기술정보통신부`` are two forms of one term), indexed by term (sorted)."""
    with connection(store) as con:
        table = con.sql("SELECT term, count(*) AS forms FROM (SELECT DISTINCT term, form FROM tokens "
                        "WHERE term <> '') GROUP BY term ORDER BY term").df()
    return pd.Series(table["forms"].to_numpy(dtype="int64"), index=pd.Index(table["term"].astype(str), name="term"),
                     name="forms")


def concordance_hits(store: TokenStore, term: str, lexicon=None) -> pd.DataFrame:
    """Every occurrence of ``term`` (its canonical form, :func:`analysis.lexicon.canonical_query`: an alias
    finds its term) with its sentence's span: doc_id, sent_id, start, end, s_start, s_end, in the token
    table's order (documents in corpus order, then offset). :func:`analysis.terms.kwic_lines` cuts the
    concordance lines from them; together they give :func:`analysis.terms.kwic` without the token table."""
    from analysis.lexicon import canonical_query, load_lexicon

    wanted = canonical_query(term, lexicon or load_lexicon())
    with connection(store) as con:
        table = con.execute(
            "WITH hits AS (SELECT doc_id, position, sent_id, start, \"end\" FROM tokens WHERE term = ?), "
            "spans AS (SELECT position, sent_id, min(start) AS s_start, max(\"end\") AS s_end FROM tokens "
            "WHERE (position, sent_id) IN (SELECT position, sent_id FROM hits) GROUP BY position, sent_id) "
            "SELECT h.doc_id, h.sent_id, h.start, h.\"end\", s.s_start, s.s_end FROM hits h "
            "JOIN spans s USING (position, sent_id) ORDER BY h.position, h.start, h.\"end\"", [wanted]).df()
    for column in ("sent_id", "start", "end", "s_start", "s_end"):
        table[column] = table[column].astype("int64")
    table["doc_id"] = table["doc_id"].astype(str)
    return table



def group_term_counts(store: TokenStore, groups: pd.Series | None = None) -> pd.Series:
    """Occurrences of each content term per group (``groups``: doc_id -> group; each document its own group
    when None), only the cells above zero, indexed by (group, term) sorted: the long form of
    :func:`term_counts`, as pandas' ``groupby([by, "term"]).size()`` gives it from the token table. It stays
    as small as the pairs that occur, so it fits documents x vocabulary where the wide table would not."""
    with connection(store, groups) as con:
        long = con.sql("SELECT grp, term, count(*) AS n FROM tokens WHERE term <> '' AND grp IS NOT NULL "
                       "GROUP BY grp, term ORDER BY grp, term").df()
    index = pd.MultiIndex.from_arrays([long["grp"].astype(str), long["term"].astype(str)],
                                      names=["doc_id" if groups is None else "group", "term"])
    return pd.Series(long["n"].to_numpy(dtype="int64"), index=index, name="count")

UNIT_COLUMNS = ("sent_id", "line_id")  # the text units terms co-occur in: sentences, paragraphs (lines)
_UNIT_BITS = 32  # a unit's key: its document's rank by doc_id, shifted left, plus its sent_id or line_id


@dataclass(frozen=True)
class Cooccurrences:
    """What :func:`cooccurrence_counts` counts: ``pairs`` (source, target, count, units: the first (doc_id,
    unit) keys), ``frequency`` (term -> units holding it, in order of first unit, ties by term) and
    ``n_units`` (the units with at least one content term, of any term)."""

    pairs: pd.DataFrame
    frequency: dict
    n_units: int


def cooccurrence_counts(store: TokenStore, unit: str = "sent_id", vocabulary=None, min_count: int = 2,
                        keep: int = 20) -> Cooccurrences:
    """Term pairs counted by the units (``"sent_id"``: sentences, ``"line_id"``: paragraphs) holding both,
    out of core, as :func:`analysis.network.cooccurrence` counts them from the token table: a unit counts a
    term once; only the terms of ``vocabulary`` (all when None); source < target; pairs in at least
    ``min_count`` units, each with the ``keep`` first of them in (doc_id, unit) order (``terms_by_unit``'s).

    The pairs are a self-join of the distinct (unit, term) rows within each unit (quanteda's
    ``fcm(context = "document", count = "boolean")`` with each unit a document), counted and cut by
    ``min_count`` first, so the units are listed only for the pairs kept: the result follows the vocabulary
    (pairs of its terms), not the number of tokens.
    """
    if unit not in UNIT_COLUMNS:
        raise ValueError(f"unit must be one of {UNIT_COLUMNS}, not {unit!r}")
    names, ranks = np.unique(store.documents["doc_id"].astype(str).to_numpy(), return_inverse=True)
    with connection(store) as con:
        terms, n_units = _unit_terms(con, unit, ranks, vocabulary)
        frequency = con.sql("SELECT tid, count(*) AS units, min(key) AS first FROM unit_terms GROUP BY tid").df()
        con.execute("CREATE TEMP TABLE kept_pairs AS SELECT a.tid AS source, b.tid AS target, count(*) AS count "
                    "FROM unit_terms a JOIN unit_terms b ON a.key = b.key AND a.tid < b.tid "
                    "GROUP BY a.tid, b.tid HAVING count(*) >= ?", [min_count])
        pairs = con.execute("SELECT p.source, p.target, p.count, min(a.key, ?) AS keys FROM unit_terms a "
                            "JOIN unit_terms b ON a.key = b.key AND a.tid < b.tid "
                            "JOIN kept_pairs p ON p.source = a.tid AND p.target = b.tid "
                            "GROUP BY p.source, p.target, p.count", [keep]).df()
    frequency = frequency.assign(term=terms[frequency["tid"].to_numpy()]).sort_values(["first", "term"])
    pairs = pd.DataFrame({"source": terms[pairs["source"].to_numpy()], "target": terms[pairs["target"].to_numpy()],
                          "count": pairs["count"].to_numpy(dtype="int64"),
                          "units": [UnitKeys(keys, names) for keys in pairs["keys"]]})
    return Cooccurrences(pairs, {term: int(units) for term, units in zip(frequency["term"], frequency["units"],
                                                                                 strict=True)},
                         int(n_units))


def _unit_terms(con, unit: str, ranks: np.ndarray, vocabulary) -> tuple[np.ndarray, int]:
    """Table ``unit_terms`` (key, tid: each unit's distinct terms of ``vocabulary``, all when None) in ``con``;
    returns the terms (``tid`` is a term's place among them, sorted, so ``tid`` orders pairs as the terms do)
    and the number of units with any content term. A unit's key orders units as (doc_id, unit) do.

    Units and terms are numbers here: DuckDB spills tables and joins of numbers to disk under its memory
    limit, where tables of text run out of it (10 x kdi-epic, 55 M tokens, under a 300 MiB limit)."""
    con.register("unit_docs_frame", pd.DataFrame({"position": np.arange(len(ranks), dtype=np.int64),
                                                  "doc_rank": ranks.astype(np.int64)}))
    con.execute("CREATE TEMP TABLE unit_docs AS SELECT * FROM unit_docs_frame")
    if vocabulary is None:
        terms = sorted(row[0] for row in con.sql("SELECT DISTINCT term FROM stored WHERE term <> ''").fetchall())
    else:
        terms = sorted({str(t) for t in vocabulary})
    terms = np.array(terms, dtype=object)
    con.register("term_frame", pd.DataFrame({"term": pd.Series(terms, dtype=object),
                                             "tid": np.arange(len(terms), dtype=np.int32)}))
    con.execute("CREATE TEMP TABLE term_ids AS SELECT * FROM term_frame")
    keyed = (f"SELECT (r.doc_rank << {_UNIT_BITS}) + t.{unit} AS key, t.term FROM tokens t "
             "JOIN unit_docs r USING (position) WHERE t.term <> ''")
    n_units = con.sql(f"SELECT count(*) FROM (SELECT DISTINCT key FROM ({keyed}))").fetchone()[0]
    con.execute(f"CREATE TEMP TABLE unit_terms AS SELECT DISTINCT k.key, i.tid FROM ({keyed}) k "
                "JOIN term_ids i ON k.term = i.term")
    return terms, int(n_units)


class UnitKeys(Sequence):
    """The (doc_id, unit) pairs of the units an edge's two terms share, in (doc_id, unit) order: a read-only
    sequence of pairs, as a tuple of them would be (equal to one, and hashed alike), kept as int64 unit keys
    (the document's rank among the sorted doc_ids, shifted left, plus the unit) and decoded when read. An
    edge list of a large corpus has a hundred thousand edges of twenty units each: 30 MB kept this way, ten
    times that as tuples.

    >>> keys = UnitKeys([(1 << 32) + 7, 3], np.array(["a", "b"], dtype=object))
    >>> keys
    (('a', 3), ('b', 7))
    >>> keys[0], keys[:1], len(keys), keys == (("a", 3), ("b", 7))
    (('a', 3), (('a', 3),), 2, True)
    """

    __slots__ = ("_keys", "_names")

    def __init__(self, keys, names: np.ndarray) -> None:
        self._keys = np.sort(np.asarray(keys, dtype=np.int64))
        self._names = names

    def _pair(self, key) -> tuple[str, int]:
        key = int(key)
        return str(self._names[key >> _UNIT_BITS]), key & (2**_UNIT_BITS - 1)

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self._pair(key) for key in self._keys[i])
        return self._pair(self._keys[i])

    def __eq__(self, other) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def sentences_of(store: TokenStore, corpus: pd.DataFrame, keys) -> pd.DataFrame:
    """The sentences ``keys`` ((doc_id, sent_id) pairs) with their text, sorted by doc_id and sent_id, as
    :func:`analysis.tokens.sentences` gives them from the token table: the spans of these documents only
    (:func:`sentence_spans`), the sentences asked for cut from their texts (to quote an edge's units, say)."""
    from analysis.tokens import sentence_texts

    wanted = {(str(d), int(s)) for d, s in keys}
    spans = sentence_spans(store, doc_ids={d for d, _ in wanted})
    asked = [key in wanted for key in zip(spans["doc_id"].astype(str), spans["sent_id"].tolist(), strict=True)]
    return sentence_texts(corpus, spans[asked].reset_index(drop=True))


def document_term_matrix(store: TokenStore, min_df: int = 1):
    """The documents x terms count matrix, sparse: ``(matrix, doc_ids, vocabulary)`` with a CSR matrix of
    int64 counts, the documents in corpus order (all of them, a document without terms an empty row) and the
    terms sorted, each in at least ``min_df`` documents (scikit-learn's ``CountVectorizer(min_df=...)`` over
    the documents' content terms gives the same matrix)."""
    from scipy import sparse

    with connection(store) as con:
        con.execute("CREATE TEMP TABLE cells AS SELECT position, term, count(*) AS n FROM tokens "
                    "WHERE term <> '' GROUP BY position, term")
        vocabulary = [row[0] for row in con.execute(
            "SELECT term FROM cells GROUP BY term HAVING count(*) >= ? ORDER BY term", [min_df]).fetchall()]
        cells = con.sql("SELECT position, term, n FROM cells").df()
    index = pd.Index(vocabulary)
    columns = index.get_indexer(cells["term"])
    kept = columns >= 0
    shape = (len(store.documents), len(vocabulary))
    matrix = sparse.csr_matrix((cells["n"].to_numpy(dtype=np.int64)[kept],
                                (cells["position"].to_numpy()[kept], columns[kept])), shape=shape)
    matrix.sort_indices()
    return matrix, list(store.documents["doc_id"]), vocabulary


def _term_counts_on_cluster(store: TokenStore, groups: pd.Series | None, client) -> pd.DataFrame:
    """(grp, term, n) counted on a Dask cluster: one task per store file reads its term column and the
    document numbers and counts per group; the partial counts are summed on the client."""
    docs = store.documents
    if groups is None:
        group_of = docs["doc_id"]
    else:
        values = groups.set_axis(groups.index.astype(str)).reindex(docs["doc_id"])
        group_of = values.astype(str).where(values.notna(), None)
    docs = docs.assign(grp=group_of.to_numpy()).dropna(subset=["grp"])
    tasks = []
    for path, part in docs.groupby("file", sort=True):
        tasks.append(client.submit(_count_file, path, part[["doc", "grp"]].reset_index(drop=True), pure=False))
    parts = [task.result() for task in tasks]
    if not parts:
        return pd.DataFrame(columns=["grp", "term", "n"])
    return pd.concat(parts, ignore_index=True).groupby(["grp", "term"], as_index=False)["n"].sum()


def _count_file(path: str, docs: pd.DataFrame) -> pd.DataFrame:
    """(grp, term, n) of one store file's content terms, each document counted once per group it is in (a
    text shared by several documents counts for each)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["doc", "term"])
    table = table.filter(pc.not_equal(table["term"], ""))
    counts = table.group_by(["doc", "term"]).aggregate([("term", "count")]).to_pandas()
    counts = counts.rename(columns={"term_count": "n"}).merge(docs, on="doc")
    return counts.groupby(["grp", "term"], as_index=False)["n"].sum()
