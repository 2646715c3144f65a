"""Every number a notebook's findings cite (in bold) comes from a cell marked NBVAL_CHECK_OUTPUT, so the
prose and the checked results cannot drift apart."""

from __future__ import annotations

import json
import re

import pytest

from analysis.paths import NOTEBOOKS
from analysis.run import SEED_FINDINGS_TAG

NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
NUMBER = re.compile(r"\d{4}-\d{2}-\d{2}|[-+]?\d[\d,]*(?:\.\d+)?%?")


def checked_output_text(cells: list[dict]) -> str:
    texts = []
    for cell in cells:
        if cell["cell_type"] != "code" or "NBVAL_CHECK_OUTPUT" not in "".join(cell["source"]):
            continue
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            data = output.get("data", {})
            texts.append("".join(data.get("text/plain", "")))
            texts.append("".join(data.get("text/html", "")))
    return "\n".join(texts)


def seed_findings(cells: list[dict]) -> dict | None:
    """The hand-written findings about the seeds: the markdown cell tagged ``seed-findings``."""
    return next((c for c in reversed(cells) if c["cell_type"] == "markdown"
                 and SEED_FINDINGS_TAG in c.get("metadata", {}).get("tags", [])), None)


def cited_numbers(cells: list[dict]) -> list[str]:
    findings = seed_findings(cells)
    assert findings is not None, "no 'What we found' cell tagged seed-findings"
    bold = re.findall(r"\*\*([^*]+)\*\*", "".join(findings["source"]))
    return [n for group in bold for n in NUMBER.findall(group)]


ANALYSES = [p for p in NOTEBOOK_FILES if seed_findings(json.loads(p.read_text(encoding="utf-8"))["cells"])]


def test_every_analysis_notebook_has_seed_findings():
    """Notebooks 01-06 analyse and so carry findings; the explorer (07) is a tool and says it has none."""
    assert [p.name[:2] for p in ANALYSES] == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", ANALYSES, ids=lambda p: p.stem)
def test_findings_numbers_come_from_checked_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    outputs = checked_output_text(cells)
    numbers = cited_numbers(cells)
    assert numbers, "the findings cite no number in bold"
    missing = [n for n in numbers if not appears_as_number(n.lstrip("+"), outputs)]
    assert missing == [], f"cited in the findings but in no checked output: {missing}"


def appears_as_number(number: str, text: str) -> bool:
    """Whether ``number`` stands in ``text`` as a whole number, as written or without thousands separators:
    not as a piece of a longer one (a cited 5 is not found in 0.15, 25 or 5,100)."""
    for form in dict.fromkeys((number, number.replace(",", ""))):
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text):
            return True
    return False


def test_a_cited_number_is_found_whole_not_inside_another():
    assert appears_as_number("5", "5 documents")
    assert appears_as_number("0.190", "| 0.190 |")
    assert appears_as_number("5,100", "5100 tokens") and appears_as_number("5,100", "5,100 tokens")
    assert appears_as_number("2023-02-07", "published 2023-02-07.")
    assert not appears_as_number("5", "0.15 and 25 and 5,100 and 5.2")
    assert not appears_as_number("0.19", "0.190")
    assert not appears_as_number("22.195", "122.195")
