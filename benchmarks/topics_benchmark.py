"""How long the topic model takes, and how much memory it needs, on a large corpus; and, with ``--nmi``, how
well its topics recover the BIGKinds exports' news sections.

    .venv/bin/python benchmarks/topics_benchmark.py [CORPUS] [--jobs N] [--source store|table]
    .venv/bin/python benchmarks/topics_benchmark.py --nmi

CORPUS defaults to the KDI EPIC corpus (``../shared/corpora/kdi-epic``). Loads it and its token store (the
token cache makes a rerun fast; only the store's index is in memory), then times what notebook 03 does without a
codebook, cold (an empty topic cache: the k search, the final model and the four stability refits, ``--jobs``
processes of one tomotopy worker each) and warm (read back from the cache): ``--source store`` (the default)
passes the store to ``analysis.topic_model``; ``--source table`` first reads the token table (doc_id, line_id,
term), as notebook 03 did before it read the store. The peak memory (this process's resident set plus its
children's unique sets, sampled every 0.1 s during the call) is given above the memory held before it (the
corpus and the store's index, garbage collected and the C heap trimmed first), so with ``table`` it includes the
table. Target: the k search and the final model under 120 s on 2 cores, under 1 GB. Writes
``topics_results.json`` beside this script (one entry per corpus and source).

``--nmi`` fits each BIGKinds export of ``../shared/corpora/bigkinds`` and prints the normalised mutual
information between each article's dominant topic and its section (통합 분류1, first level; articles marked
미분류, unclassified, left out), at the chosen k
and at k = 8 and 25 (the range a plain LDA reached 0.28-0.35 in on a one-day export).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import threading
import time
from pathlib import Path

import psutil

import analysis
from analysis.paths import SHARED_CORPORA
from analysis.topics import dominant_topic_nmi, topic_model

UNCLASSIFIED = "미분류"


def _cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children (the fits), in seconds."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def _settled_rss_mb() -> float:
    """The resident set once garbage is collected and the C heap's free pages are given back (glibc's
    ``malloc_trim``): loading the corpus leaves freed pages in the process, which the fit would reuse, and its
    peak above them would look smaller than it is."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc
        pass
    return _rss_mb()


class TreeMemory:
    """Peak memory of this process and its children while the block runs, sampled every 0.1 s in a thread:
    this process's resident set plus each child's unique set (USS: a forked fit's own pages, not those it
    shares with this process), in MB."""

    def __enter__(self):
        self.peak, self.peak_child, self._stop = 0.0, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    uss = child.memory_full_info().uss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += uss
                self.peak_child = max(self.peak_child, uss / 1e6)
            self.peak = max(self.peak, total / 1e6)
            self._stop.wait(0.1)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _model_input(store, source: str):
    """What notebook 03 hands the topic model: the store, or the token table it read before (#19)."""
    return store if source == "store" else store.table(columns=["line_id", "term"])


def benchmark(path: str, jobs: int, source: str = "store") -> dict:
    start = time.perf_counter()
    corpus = analysis.load_corpus(path)
    store = analysis.tokens.token_store(corpus, lexicon=analysis.load_lexicon(analysis.lexicon_folder(path)))
    load = time.perf_counter() - start
    before = _settled_rss_mb()
    print(f"corpus and store: {len(corpus):,} documents, {store.n_tokens:,} tokens, {load:.1f} s; rss {before:.0f} MB",
          flush=True)
    os.environ["ANALYSIS_CACHE_DIR"] = tempfile.mkdtemp(prefix="topics-benchmark-")  # an empty cache: cold
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    with TreeMemory() as memory:
        model = topic_model(_model_input(store, source), corpus=corpus, n_jobs=jobs)
    cold = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    print(f"cold: {cold:.1f} s ({cpu:.1f} s of CPU), k = {model.k}, {model.units:,} units (k search on "
          f"{model.sampled or model.units:,}, final model on {model.fit_sampled or model.units:,})", flush=True)
    start = time.perf_counter()
    topic_model(_model_input(store, source), corpus=corpus, n_jobs=jobs)  # read back from the cold run's cache
    warm = time.perf_counter() - start
    return {
        "corpus": Path(path).name, "source": source, "documents": len(corpus), "tokens": store.n_tokens,
        "units": model.units, "search_units": model.sampled or model.units,
        "fit_units": model.fit_sampled or model.units, "k": model.k, "k_grid": model.k_scores["k"].tolist(),
        "jobs": jobs, "cold_seconds": round(cold, 1), "cold_cpu_seconds": round(cpu, 1), "warm_seconds": round(warm, 2),
        "rss_before_mb": round(before), "peak_tree_above_store_mb": round(memory.peak - before),
        "peak_tree_mb": round(memory.peak),
        "peak_child_uss_mb": round(memory.peak_child), "isa": model.isa,
        "load_average": [round(x, 2) for x in os.getloadavg()], "machine": platform.machine(),
        "cores": os.cpu_count(), "python": platform.python_version(),
    }


def nmi(jobs: int) -> list[dict]:
    rows = []
    for path in sorted((SHARED_CORPORA / "bigkinds").glob("*")):
        if path.suffix not in (".xlsx", ".csv"):
            continue
        corpus = analysis.load_corpus(path)
        tokens = analysis.tokenize(corpus)
        sections = corpus.set_index("doc_id")["category1"].fillna("").astype(str).str.split(">").str[0].str.strip()
        sections = sections[~sections.isin(["", UNCLASSIFIED])]  # 미분류: BIGKinds could not place the article
        largest = sections.value_counts(normalize=True).iloc[0]
        row = {"export": path.name, "documents": len(corpus), "with_section": len(sections),
               "sections": int(sections.nunique()), "largest_section_share": round(float(largest), 3)}
        model = topic_model(tokens, corpus=corpus, n_jobs=jobs)
        row.update({"chosen_k": model.k, "nmi_chosen_k": round(dominant_topic_nmi(model, sections), 3)})
        for k in (8, 25):
            row[f"nmi_k{k}"] = round(dominant_topic_nmi(topic_model(tokens, k=k, corpus=corpus, n_jobs=jobs),
                                                        sections), 3)
        print(row, flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(SHARED_CORPORA / "kdi-epic"))
    parser.add_argument("--jobs", type=int, default=2, help="processes for the k grid and the refits")
    parser.add_argument("--source", choices=["store", "table"], default="store",
                        help="the model reads the token store (as notebook 03 does), or a token table read first")
    parser.add_argument("--nmi", action="store_true", help="NMI of topics and sections on the BIGKinds exports")
    args = parser.parse_args()
    out = Path(__file__).with_name("topics_results.json")
    results = json.loads(out.read_text()) if out.exists() else {}
    if args.nmi:
        results["bigkinds_nmi"] = nmi(args.jobs)
    else:
        run = benchmark(args.corpus, args.jobs, args.source)
        results[f"benchmark {run['corpus']} {run['source']}"] = run
        print(json.dumps(run, indent=1))
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
