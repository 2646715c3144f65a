"""How fast the explorer answers on a large corpus: building its index once, then searching.

    .venv/bin/python benchmarks/explore_benchmark.py [CORPUS] [--workers N]

CORPUS defaults to the KDI EPIC corpus (``../shared/corpora/kdi-epic``). Loads and tokenizes it (the token
cache makes a rerun fast; the first run tokenizes, which takes minutes), times ``ConcordanceIndex`` (the
first load) and then, for a very frequent term, a mid-frequency term, an alias, a word form and a regular
expression, the search alone and the whole concordance panel update (search, first page of lines as
HTML, counts by document and month) -- what a keystroke costs. Target: every panel update under 1 s.
Writes ``explore_results.json`` beside this script.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import analysis
from analysis.explore import Concordance, ConcordanceIndex
from analysis.paths import SHARED_CORPORA


def timed(function, *args, rounds: int = 3, **kwargs) -> tuple[float, object]:
    """Median wall time in seconds of ``rounds`` calls, and the last result."""
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(SHARED_CORPORA / "kdi-epic"))
    parser.add_argument("--workers", type=int, default=1, help="Kiwi threads when tokens are not cached")
    args = parser.parse_args()
    start = time.perf_counter()
    corpus = analysis.load_corpus(args.corpus)
    tokens = analysis.tokenize(corpus, num_workers=args.workers)
    load = time.perf_counter() - start
    print(f"corpus and tokens: {len(corpus):,} documents, {len(tokens):,} tokens, {load:.1f} s", flush=True)
    index_time, index = timed(ConcordanceIndex, corpus, tokens, rounds=1)
    print(f"index built in {index_time:.2f} s", flush=True)
    panel = Concordance(index)
    frequency = tokens.loc[tokens["term"] != "", "term"].value_counts()
    alias, canonical = next(((a, c) for a, c in index.lexicon.aliases.items() if c in frequency.index),
                            (frequency.index[0], frequency.index[0]))
    queries = [
        ("most frequent term", frequency.index[0], "term"),
        ("term ranked 100", frequency.index[min(99, len(frequency) - 1)], "term"),
        (f"alias of {canonical}", alias, "term"),
        ("word form", frequency.index[1], "form"),
        ("regular expression", f"{frequency.index[0]}\\w*", "regex"),
    ]
    rows = []
    for label, query, mode in queries:
        search_time, hits = timed(index.search, query, mode)
        panel_time, _ = timed(panel.search, query, mode)  # the box's path: search, page, counts, HTML
        sort_time, _ = timed(lambda: (setattr(panel.sort, "value", "left"), setattr(panel.sort, "value", "document")))
        rows.append({"query": label, "mode": mode, "hits": len(hits), "search_s": round(search_time, 3),
                     "panel_update_s": round(panel_time, 3), "sort_by_left_and_back_s": round(sort_time, 3)})
        print(f"{label:<32} {mode:<6} {len(hits):>9,} hits  search {search_time:6.3f} s  "
              f"panel {panel_time:6.3f} s  sort {sort_time:6.3f} s", flush=True)
    results = {"corpus": str(args.corpus), "documents": len(corpus), "tokens": len(tokens),
               "load_and_tokenize_s": round(load, 1), "index_build_s": round(index_time, 2), "queries": rows,
               "machine": f"{platform.machine()}, {platform.python_version()}"}
    out = Path(__file__).with_name("explore_results.json")
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
