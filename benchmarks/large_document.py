"""One very large document end to end: reading, cleaning with its audit log, and tokenizing.

    .venv/bin/python benchmarks/large_document.py [--megabytes 50]

Writes a single ``.txt`` of the given size (UTF-8) made of the KDI EPIC summaries, one paragraph each,
into a temporary folder; loads it with ``load_corpus`` (a folder without a manifest), checks that
``rebuild_raw`` gives the raw file back from the cleaned text and its audit log, tokenizes it without the
cache, and prints the time and the peak memory (resident set, sampled every 50 ms) of each step.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import psutil

import analysis
from analysis.clean import clean_text
from analysis.paths import SHARED_CORPORA


class PeakMemory:
    """The highest resident memory of this process since the last ``reset``."""

    def __init__(self):
        self.process, self.peak = psutil.Process(), 0
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while True:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.05)

    def reset(self) -> None:
        self.peak = self.process.memory_info().rss


def step(name: str, memory: PeakMemory, function, *args, **kwargs):
    memory.reset()
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{name:<28} {time.perf_counter() - start:8.1f} s   peak {memory.peak / 2**30:5.2f} GiB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=50.0, help="size of the document (default 50)")
    args = parser.parse_args()
    memory = PeakMemory()
    paragraphs = list(analysis.load_corpus(SHARED_CORPORA / "kdi-epic")["raw_text"])
    target, parts, size, i = int(args.megabytes * 1e6), [], 0, 0
    while size < target:
        paragraph = paragraphs[i % len(paragraphs)] + f" ({i})"  # numbered, so repeats stay distinct
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        i += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.txt"
        path.write_text("대용량 단일 문서\n\n" + "\n\n".join(parts), encoding="utf-8")
        print(f"{path.stat().st_size / 1e6:.1f} MB, {len(parts):,} paragraphs")
        corpus = step("load_corpus (read + clean)", memory, analysis.load_corpus, Path(folder))
        raw, text = corpus["raw_text"].iloc[0], corpus["text"].iloc[0]
        _, log = step("audit log (clean again)", memory, clean_text, raw)
        assert analysis.rebuild_raw(text, log) == raw, "the audit log does not give the raw text back"
        print(f"{len(raw):,} raw characters, {len(text):,} after cleaning; rebuild_raw gives the raw text back")
        tokens = step("tokenize (no cache)", memory, analysis.tokenize, corpus, cache=False)
        print(f"{len(tokens):,} tokens in {tokens['sent_id'].max() + 1:,} sentences")


if __name__ == "__main__":
    main()
