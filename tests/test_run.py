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


def _run_these_notebooks(tmp_path, monkeypatch, cells: dict[str, str]):
    """``analysis.run`` set to execute a notebook per item of ``cells`` (name -> code) from ``tmp_path``."""
    import nbformat

    import analysis.run as run_module

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, code in cells.items():
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("corpus_path = None", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    monkeypatch.setattr(run_module, "notebook_paths", lambda folder_=folder: sorted(folder.glob("*.ipynb")))
    monkeypatch.setattr(run_module, "ROOT", tmp_path)
    monkeypatch.setattr(run_module, "_write_index", lambda *args: None)
    for variable in ("ANALYSIS_FIGURES_DIR", "ANALYSIS_LANG", "ARROW_DEFAULT_MEMORY_POOL", "ANALYSIS_TABLES_DIR",
                     "ANALYSIS_NETWORKS_DIR", "ANALYSIS_TABLES_DEFER_WORKBOOK"):
        # run() sets them for its kernels: recorded here (setenv), so that the test's end restores their absence
        monkeypatch.setenv(variable, "")
        monkeypatch.delenv(variable)
    return run_module


def test_a_failing_notebook_does_not_stop_the_run(tmp_path, monkeypatch):
    """The others are executed and written, and the run ends non-zero with a summary naming the failure."""
    cells = {"01-fails": "raise ValueError('figure size must be positive finite')", "02-works": "print('ran')"}
    run_module = _run_these_notebooks(tmp_path, monkeypatch, cells)
    with pytest.raises(SystemExit, match=r"1 of 2 notebooks.*\n  01-fails.ipynb: ValueError: figure size"):
        run_module.run(corpus=str(tmp_path), out=str(tmp_path / "out"))
    assert "ran" in (tmp_path / "out" / "02-works.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "01-fails.html").exists()  # written up to its failing cell


def test_the_workbook_of_a_run_has_every_notebooks_tables_and_only_the_tables_of_this_run(tmp_path, monkeypatch):
    """Its sheets are written while the next notebook runs; the saved file holds them all, README first."""
    from openpyxl import load_workbook

    export = ("import pandas as pd\nfrom analysis.export import export_tables\n"
              "export_tables({{'terms': pd.DataFrame({{'term': ['{term}'], 'count': [{count}]}})}}, notebook='{nb}')")
    cells = {"01-terms": export.format(term="정책", count=3, nb="01"), "02-none": "print('no tables')",
             "03-terms": export.format(term="지역", count=2, nb="03")}
    run_module = _run_these_notebooks(tmp_path, monkeypatch, cells)
    run_module.run(corpus=str(tmp_path), out=str(tmp_path / "out"))
    book = load_workbook(tmp_path / "out" / "tables" / "results.xlsx", read_only=True)
    assert book.sheetnames == ["README", "01-terms", "03-terms"]
    assert list(book["03-terms"].values) == [("term", "count"), ("지역", 2)]
    assert [row[:3] for row in book["README"].values] == [("table", "sheet", "rows"), ("01-terms", "01-terms", 1),
                                                           ("03-terms", "03-terms", 1)]


def test_a_rerun_into_the_same_folder_starts_without_the_earlier_runs_tables(tmp_path):
    """The earlier run's tables (those its index lists), index, README and workbook are removed before a run
    writes there again, so the workbook process never takes them for this run's; other files stay."""
    import pandas as pd

    from analysis import export_tables
    from analysis.run import clear_previous_tables

    tables = tmp_path / "tables"
    long = pd.DataFrame({"term": [f"용어{i}" for i in range(5)], "count": range(5)})
    export_tables({"terms": long, "keyness": long.head(2)}, tables, notebook="02", max_rows=3)
    (tables / "notes.txt").write_text("the researcher's own", encoding="utf-8")
    before = sorted(p.name for p in tables.iterdir())
    assert "02-terms.parquet" in before and "results.xlsx" in before
    removed = clear_previous_tables(tables)
    assert sorted(removed) == sorted(set(before) - {"notes.txt"})
    assert [p.name for p in tables.iterdir()] == ["notes.txt"]
    assert clear_previous_tables(tables) == []  # nothing left to clear
