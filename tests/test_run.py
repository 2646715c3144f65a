"""The headless runner's command line (the runs themselves are what `make figures` and nbval exercise)."""

from __future__ import annotations

import pytest

from analysis.run import notebook_paths, parse_mapping


def test_parse_mapping():
    assert parse_mapping("text=본문, date=작성일") == {"text": "본문", "date": "작성일"}
    assert parse_mapping(None) is None and parse_mapping("") is None
    with pytest.raises(SystemExit, match="field=column"):
        parse_mapping("text")


def test_notebooks_in_reading_order():
    names = [p.name[:2] for p in notebook_paths()]
    assert names == sorted(names) and names[:2] == ["01", "02"]
