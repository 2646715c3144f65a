"""Tokenization speed on the KDI EPIC corpus: raw Kiwi against the pipeline, cold and warm, in one run.

    .venv/bin/python benchmarks/tokenize_benchmark.py [--docs N] [--workers N]

Reads ../shared/corpora/kdi-epic (23,995 documents). Prints a table and writes benchmarks/results.json.
Targets (issue "Any corpus, any size"): pipeline throughput >= 0.9 x raw ``Kiwi(num_workers=N)
.tokenize(list_of_texts)`` with the same N; a warm rerun (everything cached) >= 50 x faster than cold.
Raw Kiwi is measured twice: as the target states it (no user dictionary) and with the project lexicon,
which the pipeline needs and which costs Kiwi time of its own (regex pretokenization of multi-word terms).
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import kiwipiepy

import analysis
from analysis.paths import SHARED_CORPORA
from analysis.tokens import TokenCache, get_kiwi, load_lexicon, tokenize

OUT = Path(__file__).resolve().parent / "results.json"


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=None, help="first N documents only (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="Kiwi thread pool size N (default 2)")
    args = parser.parse_args()

    load_seconds, corpus = timed(lambda: analysis.load_corpus(SHARED_CORPORA / "kdi-epic"))
    if args.docs:
        corpus = corpus.head(args.docs)
    texts = list(corpus["text"])
    chars = sum(map(len, texts))

    plain = kiwipiepy.Kiwi(num_workers=args.workers)
    plain.tokenize("준비")
    raw_plain, raw_tokens = timed(lambda: sum(len(t) for t in plain.tokenize(texts)))

    lexicon_kiwi = get_kiwi(load_lexicon(), args.workers)
    lexicon_kiwi.tokenize("준비")
    raw_lexicon, _ = timed(lambda: sum(len(t) for t in lexicon_kiwi.tokenize(texts)))

    with tempfile.TemporaryDirectory() as folder:
        cache = TokenCache(Path(folder))
        cold, tokens = timed(lambda: tokenize(corpus, cache=cache, num_workers=args.workers, progress=False))
        warm, again = timed(lambda: tokenize(corpus, cache=cache, num_workers=args.workers, progress=False))
    assert again.equals(tokens)

    results = {
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        "kiwipiepy": kiwipiepy.__version__,
        "documents": len(corpus),
        "characters": chars,
        "tokens": len(tokens),
        "workers": args.workers,
        "load_corpus_seconds": round(load_seconds, 2),
        "raw_kiwi_seconds": round(raw_plain, 2),
        "raw_kiwi_with_lexicon_seconds": round(raw_lexicon, 2),
        "pipeline_cold_seconds": round(cold, 2),
        "pipeline_warm_seconds": round(warm, 3),
        "throughput_vs_raw_kiwi": round(raw_plain / cold, 3),
        "throughput_vs_raw_kiwi_with_lexicon": round(raw_lexicon / cold, 3),
        "warm_speedup": round(cold / warm, 1),
        "raw_kiwi_tokens": raw_tokens,
    }
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    print(f"\ntarget throughput >= 0.9 x raw: {'met' if results['throughput_vs_raw_kiwi'] >= 0.9 else 'NOT met'}"
          f" ({results['throughput_vs_raw_kiwi']}; {results['throughput_vs_raw_kiwi_with_lexicon']} against Kiwi "
          "with the same lexicon)")
    print(f"target warm >= 50 x faster than cold: {'met' if results['warm_speedup'] >= 50 else 'NOT met'}"
          f" ({results['warm_speedup']} x)")


if __name__ == "__main__":
    main()
