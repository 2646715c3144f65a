"""Tokenization speed on the KDI EPIC corpus: raw Kiwi against the pipeline, cold and warm, in one run.

    .venv/bin/python benchmarks/tokenize_benchmark.py [--docs N] [--workers N]

Reads ../shared/corpora/kdi-epic (23,995 documents). Prints a table and writes benchmarks/results.json.
Targets (issues "Any corpus, any size" and "Past one machine's memory"): pipeline throughput >= 0.95 x raw
``Kiwi(num_workers=N).tokenize(list_of_texts)`` with the same N;
a warm rerun (everything cached) >= 50 x faster than cold.
Raw Kiwi is measured twice: as the target states it (no user dictionary) and with the project lexicon,
which the pipeline needs and which costs Kiwi time of its own (regex pretokenization of multi-word terms).

A shared 2-core virtual machine varies by 10% or more from one minute to the next, so the measurements
run in ``--rounds`` rounds (raw, raw with lexicon, cold, warm in each) and the ratios are taken between
medians; every round's times are kept in results.json. The order of the three measurements turns from one
round to the next.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import kiwipiepy

import analysis
from analysis.lexicon import load_lexicon
from analysis.paths import SHARED_CORPORA
from analysis.token_store import TokenCache
from analysis.tokens import get_kiwi, tokenize

OUT = Path(__file__).resolve().parent / "results.json"


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=None, help="first N documents only (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="Kiwi thread pool size N (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of all four measurements (default 2)")
    args = parser.parse_args()

    load_seconds, corpus = timed(lambda: analysis.load_corpus(SHARED_CORPORA / "kdi-epic"))
    if args.docs:
        corpus = corpus.head(args.docs)
    texts = list(corpus["text"])
    chars = sum(map(len, texts))

    plain = kiwipiepy.Kiwi(num_workers=args.workers)
    plain.tokenize("준비")
    lexicon_kiwi = get_kiwi(load_lexicon(), args.workers)
    lexicon_kiwi.tokenize("준비")
    times = {"raw_kiwi": [], "raw_kiwi_with_lexicon": [], "pipeline_cold": [], "pipeline_warm": []}
    outputs = {}

    def raw_kiwi():
        outputs["raw_tokens"] = sum(len(t) for t in plain.tokenize(texts))

    def raw_kiwi_with_lexicon():
        sum(len(t) for t in lexicon_kiwi.tokenize(texts))

    def pipeline():  # cold into an empty cache, then warm from it
        with tempfile.TemporaryDirectory() as folder:
            cache = TokenCache(Path(folder))
            seconds, tokens = timed(tokenize, corpus, cache=cache, num_workers=args.workers, progress=False)
            times["pipeline_cold"].append(seconds)
            seconds, again = timed(tokenize, corpus, cache=cache, num_workers=args.workers, progress=False)
            times["pipeline_warm"].append(seconds)
        assert again.equals(tokens)
        outputs["tokens"] = tokens

    steps = [("raw_kiwi", raw_kiwi), ("raw_kiwi_with_lexicon", raw_kiwi_with_lexicon), ("pipeline", pipeline)]
    for number in range(1, args.rounds + 1):
        # the order turns from round to round, so that no measurement always runs first (or after another)
        for name, step in steps[(number - 1) % 3:] + steps[:(number - 1) % 3]:
            seconds = timed(step)[0]
            if name != "pipeline":
                times[name].append(seconds)
        print(f"round {number}: " + ", ".join(f"{name} {values[-1]:.2f} s" for name, values in times.items()),
              flush=True)
    median = {name: statistics.median(values) for name, values in times.items()}
    raw_tokens, tokens = outputs["raw_tokens"], outputs["tokens"]

    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "kiwipiepy": kiwipiepy.__version__,
        "documents": len(corpus),
        "characters": chars,
        "tokens": len(tokens),
        "raw_kiwi_tokens": raw_tokens,
        "workers": args.workers,
        "rounds": args.rounds,
        "load_corpus_seconds": round(load_seconds, 2),
        **{f"{name}_seconds": round(value, 3) for name, value in median.items()},
        "throughput_vs_raw_kiwi": round(median["raw_kiwi"] / median["pipeline_cold"], 3),
        "throughput_vs_raw_kiwi_with_lexicon": round(median["raw_kiwi_with_lexicon"] / median["pipeline_cold"], 3),
        "warm_speedup": round(median["pipeline_cold"] / median["pipeline_warm"], 1),
        "seconds_per_round": {name: [round(v, 3) for v in values] for name, values in times.items()},
    }
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    print(f"\ntarget throughput >= 0.95 x raw: {'met' if results['throughput_vs_raw_kiwi'] >= 0.95 else 'NOT met'}"
          f" ({results['throughput_vs_raw_kiwi']}; {results['throughput_vs_raw_kiwi_with_lexicon']} against Kiwi "
          "with the same lexicon)")
    print(f"target warm >= 50 x faster than cold: {'met' if results['warm_speedup'] >= 50 else 'NOT met'}"
          f" ({results['warm_speedup']} x)")


if __name__ == "__main__":
    main()
