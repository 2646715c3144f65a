"""Every number a notebook's findings cite (in bold) comes from a cell marked NBVAL_CHECK_OUTPUT, so the
prose and the checked results cannot drift apart."""

from __future__ import annotations

import json
import re

import pytest

from analysis.paths import NOTEBOOKS

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


def cited_numbers(cells: list[dict]) -> list[str]:
    findings = next((c for c in reversed(cells) if c["cell_type"] == "markdown"
                     and "What we found" in "".join(c["source"])), None)
    assert findings is not None, "no 'What we found' cell"
    bold = re.findall(r"\*\*([^*]+)\*\*", "".join(findings["source"]))
    return [n for group in bold for n in NUMBER.findall(group)]


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_findings_numbers_come_from_checked_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    outputs = checked_output_text(cells)
    numbers = cited_numbers(cells)
    assert numbers, "the findings cite no number in bold"
    missing = [n for n in numbers if n.lstrip("+") not in outputs and n.lstrip("+").replace(",", "") not in outputs]
    assert missing == [], f"cited in the findings but in no checked output: {missing}"
