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


def test_a_failing_notebook_does_not_stop_the_run(tmp_path, monkeypatch):
    """The others are executed and written, and the run ends non-zero with a summary naming the failure."""
    import nbformat

    import analysis.run as run_module

    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = {"01-fails": "raise ValueError('figure size must be positive finite')", "02-works": "print('ran')"}
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
        monkeypatch.delenv(variable, raising=False)  # run() sets them for its kernels; restored after the test
    with pytest.raises(SystemExit, match=r"1 of 2 notebooks.*\n  01-fails.ipynb: ValueError: figure size"):
        run_module.run(corpus=str(tmp_path), out=str(tmp_path / "out"))
    assert "ran" in (tmp_path / "out" / "02-works.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "01-fails.html").exists()  # written up to its failing cell
