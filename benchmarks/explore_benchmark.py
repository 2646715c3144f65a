"""How fast the explorer answers on a large corpus: building its index once, then searching.

    .venv/bin/python benchmarks/explore_benchmark.py [CORPUS] [--workers N] [--copies N] [--no-in-memory]

CORPUS defaults to the KDI EPIC corpus (``../shared/corpora/kdi-epic``). Loads and tokenizes it (the token
cache makes a rerun fast; the first run tokenizes, which takes minutes). ``--copies 4`` makes it four times
as large (EPIC: 95,980 documents, 22 M tokens): copy k's doc_ids end in ``-copyk`` and its tokens are the
cached ones with the doc_ids renamed, so nothing is tokenized again.

Times ``ConcordanceIndex`` built (its folder under ``.cache/explore`` removed first) and opened again from
disk, with the resident memory each adds (psutil) and the index's size on disk; then, for the most frequent
term, the term ranked 100, a rare term (one occurrence per copy), an alias, a word form, the most frequent
form (punctuation: the largest postings) and a regular expression, the search alone (median of 3) and the
whole concordance panel update (search, first page of lines as HTML, counts by document and month) -- what
a keystroke costs. Target: every search under 1 s.
Unless ``--no-in-memory``, the index as it was before (per-token arrays and dictionaries of token rows,
``InMemoryIndex`` below) is built in the same run for comparison, and its results are checked equal.
Writes ``explore_results.json`` beside this script.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import shutil
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

import analysis
from analysis.explore import Concordance, ConcordanceIndex
from analysis.explore.postings import index_folder, index_key, token_documents
from analysis.paths import SHARED_CORPORA


def timed(function, *args, rounds: int = 3, **kwargs) -> tuple[float, object]:
    """Median wall time in seconds of ``rounds`` calls, and the last result."""
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def resident_mb() -> float:
    """This process's resident memory in MB, after a garbage collection."""
    gc.collect()
    return psutil.Process().memory_info().rss / 1e6


def copied(corpus: pd.DataFrame, tokens: pd.DataFrame, copies: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``corpus`` and ``tokens`` repeated ``copies`` times; copy k > 1 has doc_ids ending in ``-copyk``."""
    if copies <= 1:
        return corpus, tokens
    suffixes = [""] + [f"-copy{k}" for k in range(2, copies + 1)]
    corpus = pd.concat([corpus.assign(doc_id=corpus["doc_id"] + s) for s in suffixes], ignore_index=True)
    tokens = pd.concat([tokens.assign(doc_id=tokens["doc_id"] + s) for s in suffixes], ignore_index=True)
    return corpus, tokens


class InMemoryIndex:
    """The explorer's index before it moved to disk (#19), for comparison: the corpus row, start and end of
    every token, and dictionaries value -> token rows for terms, forms and documents, all in memory."""

    def __init__(self, index: ConcordanceIndex, tokens: pd.DataFrame):
        self.index = index
        self.token_doc = token_documents(index.doc_ids, tokens).astype(np.int64)
        self.token_start = tokens["start"].to_numpy(dtype=np.int64)
        self.token_end = tokens["end"].to_numpy(dtype=np.int64)
        self.term_rows = self._positions_by_value(tokens["term"])
        self.form_rows = self._positions_by_value(tokens["form"])
        self.doc_rows = self._positions_by_value(pd.Series(self.token_doc))

    @staticmethod
    def _positions_by_value(values: pd.Series) -> dict:
        codes, uniques = pd.factorize(values)
        valid = codes >= 0
        order = np.flatnonzero(valid)[np.argsort(codes[valid], kind="stable")]
        bounds = np.r_[0, np.cumsum(np.bincount(codes[valid], minlength=len(uniques)))]
        return {value: order[bounds[i]:bounds[i + 1]] for i, value in enumerate(uniques)}

    def search(self, query: str, mode: str = "term") -> pd.DataFrame:
        query = query.strip()
        rows = self.term_rows.get(self.index.canonical(query)) if mode == "term" else self.form_rows.get(query)
        rows = rows if rows is not None else np.empty(0, dtype=np.int64)
        doc, start, end = self.token_doc[rows], self.token_start[rows], self.token_end[rows]
        order = np.lexsort((start, self.index.doc_rank[doc]))
        doc, start, end = doc[order], start[order], end[order]
        return pd.DataFrame({"doc": doc, "doc_id": self.index.doc_ids.to_numpy()[doc], "start": start, "end": end})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(SHARED_CORPORA / "kdi-epic"))
    parser.add_argument("--workers", type=int, default=1, help="Kiwi threads when tokens are not cached")
    parser.add_argument("--copies", type=int, default=1, help="repeat the corpus this many times (4: ~100,000 "
                                                             "EPIC documents)")
    parser.add_argument("--no-in-memory", action="store_true", help="skip the in-memory index of before #19")
    args = parser.parse_args()
    start = time.perf_counter()
    corpus = analysis.load_corpus(args.corpus)
    tokens = analysis.tokenize(corpus, num_workers=args.workers)
    corpus, tokens = copied(corpus, tokens, args.copies)
    load = time.perf_counter() - start
    print(f"corpus and tokens: {len(corpus):,} documents, {len(tokens):,} tokens, {load:.1f} s", flush=True)

    key_time, key = timed(index_key, pd.Index(corpus["doc_id"].astype(str)), tokens, rounds=1)
    shutil.rmtree(index_folder(key), ignore_errors=True)  # time the build, not a read of an earlier run's files
    before = resident_mb()
    build_time, built = timed(ConcordanceIndex, corpus, tokens, rounds=1)
    build_mb = resident_mb() - before
    disk_mb = sum(p.stat().st_size for p in built.postings.folder.iterdir()) / 1e6
    del built
    before = resident_mb()
    open_time, index = timed(ConcordanceIndex, corpus, tokens, rounds=1)
    open_mb = resident_mb() - before
    print(f"index built in {build_time:.2f} s (+{build_mb:,.0f} MB resident after), {disk_mb:,.1f} MB on disk; "
          f"opened again in {open_time:.2f} s (+{open_mb:,.1f} MB; key {key_time:.2f} s of it)", flush=True)
    legacy, legacy_time, legacy_mb = None, None, None
    if not args.no_in_memory:
        before = resident_mb()
        legacy_time, legacy = timed(InMemoryIndex, index, tokens, rounds=1)
        legacy_mb = resident_mb() - before
        print(f"in-memory index (before #19) built in {legacy_time:.2f} s, +{legacy_mb:,.0f} MB", flush=True)

    panel = Concordance(index)
    vocabulary = {kind: pd.Series(np.diff(index.postings.offsets[kind]),
                                  index=index.postings.values[kind].to_pylist()) for kind in ("term", "form")}
    frequency = vocabulary["term"].sort_values(ascending=False, kind="stable")
    forms = vocabulary["form"].sort_values(ascending=False, kind="stable")
    alias, canonical = next(((a, c) for a, c in index.lexicon.aliases.items() if c in frequency.index),
                            (frequency.index[0], frequency.index[0]))
    rare = frequency[frequency == max(args.copies, 1)]
    queries = [
        ("most frequent term", frequency.index[0], "term"),
        ("term ranked 100", frequency.index[min(99, len(frequency) - 1)], "term"),
        ("rare term", rare.index[len(rare) // 2] if len(rare) else frequency.index[-1], "term"),
        (f"alias of {canonical}", alias, "term"),
        ("word form", frequency.index[1], "form"),
        ("most frequent form", forms.index[0], "form"),
        ("regular expression", f"{frequency.index[0]}\\w*", "regex"),
    ]
    rows = []
    for label, query, mode in queries:
        search_time, hits = timed(index.search, query, mode)
        panel_time, _ = timed(panel.search, query, mode)  # the box's path: search, page, counts, HTML
        sort_time, _ = timed(lambda: (setattr(panel.sort, "value", "left"), setattr(panel.sort, "value", "document")))
        row = {"query": label, "value": query, "mode": mode, "hits": len(hits), "search_s": round(search_time, 4),
               "panel_update_s": round(panel_time, 3), "sort_by_left_and_back_s": round(sort_time, 3)}
        if legacy is not None and mode != "regex":
            legacy_search, expected = timed(legacy.search, query, mode)
            pd.testing.assert_frame_equal(hits, expected)  # the same lines, in the same order
            row["in_memory_search_s"] = round(legacy_search, 4)
        rows.append(row)
        print(f"{label:<32} {mode:<6} {len(hits):>9,} hits  search {search_time:6.4f} s  "
              f"panel {panel_time:6.3f} s  sort {sort_time:6.3f} s"
              + (f"  (in memory {row['in_memory_search_s']:6.4f} s)" if "in_memory_search_s" in row else ""),
              flush=True)
    results = {"corpus": str(args.corpus), "copies": args.copies, "documents": len(corpus), "tokens": len(tokens),
               "load_and_tokenize_s": round(load, 1),
               "index": {"build_s": round(build_time, 2), "resident_mb_after_build": round(build_mb, 1),
                         "open_again_s": round(open_time, 2), "key_s": round(key_time, 2),
                         "resident_mb_opened": round(open_mb, 1), "disk_mb": round(disk_mb, 1),
                         "vocabulary": {kind: len(v) for kind, v in vocabulary.items()}},
               "in_memory_index": None if legacy is None else {"build_s": round(legacy_time, 2),
                                                               "resident_mb": round(legacy_mb, 1)},
               "queries": rows, "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, "
                                           f"{platform.python_version()}"}
    out = Path(__file__).with_name("explore_results.json")
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
