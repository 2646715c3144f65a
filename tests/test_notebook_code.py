"""Nothing of the seeds in the notebooks' code: axes, windows, groupings and wording come from the data.

The five seed documents are where the collection starts, not what it is for. A year, a date, a document
id, a publisher or a title of a seed written into a notebook's code would hold only for them (the timeline
window once was ``("2020-01-01", "2023-12-31")``). Comments are prose and may mention anything.
"""

from __future__ import annotations

import io
import json
import re
import tokenize

import pandas as pd
import pytest

from analysis.paths import NOTEBOOKS, SEEDS

NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
YEAR = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d])")


def code_without_comments(source: str) -> str:
    """A cell's code with comments and magics removed (strings are kept: they are what a reader sees)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    pieces = []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if token.type != tokenize.COMMENT:
            pieces.append(token.string)
    return " ".join(pieces)


def seed_literals() -> set[str]:
    """Ids, titles, publishers and dates of the seeds, as written in their manifest."""
    manifest = pd.read_csv(SEEDS / "manifest.csv", dtype=str)
    values = set(manifest["doc_id"]) | set(manifest["title"]) | set(manifest["published"])
    values |= {p for p in manifest["publisher"] if p != "unknown"}
    values |= {doc_id.split("_")[1] for doc_id in manifest["doc_id"] if "_" in doc_id}
    return {v for v in values if isinstance(v, str) and len(v) >= 4}


def test_code_without_comments_keeps_strings():
    code = code_without_comments('x = "2023-01-01"  # the seeds run 2020-2023\n%matplotlib inline')
    assert '"2023-01-01"' in code and "2020-2023" not in code and "matplotlib" not in code


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_no_seed_literal_in_notebook_code(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join(code_without_comments("".join(c["source"])) for c in cells if c["cell_type"] == "code")
    assert YEAR.findall(code) == [], "a year in the code: derive windows and titles from the data"
    found = sorted(v for v in seed_literals() if v in code)
    assert found == [], f"seed ids, titles, publishers or dates in the code: {found}"
