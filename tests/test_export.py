"""Tables and network files, each read back by an independent reader: pandas for the CSV, openpyxl for the
workbook, networkx for GEXF, GraphML and Pajek, and a DL reader written here from UCINET's description."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import networkx as nx
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import export_network, export_tables
from analysis.export import NETWORKS_ENV, TABLES_ENV, long_matrix, read_table, sheet_names
from analysis.workbook import WorkbookWriter, serve, write_workbook

# values that a rounding or a float formatting with fewer than 17 significant digits would change
THIRD, TENTH_SUM, TINY = 1 / 3, 0.1 + 0.2, 1.2345678901234567e-300


def _keyness() -> pd.DataFrame:
    return pd.DataFrame({"group": ["과학기술정보통신부", "보건복지부", "001"], "term": ["인공지능", "의료, 데이터", '"따옴표"'],
                         "target": [12, 7, 3], "g2": [THIRD, TENTH_SUM, 25.123456789012345],
                         "p_value": [TINY, 0.04, 1e-12], "log_ratio": [2.0, -0.5849625007211562, 1.0]})


def _dates() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2023-02-06", None]),
                         "precision": ["day", "year"]})


def test_every_csv_reads_back_equal_with_a_byte_order_mark(tmp_path):
    folder = export_tables({"keyness": _keyness(), "dates": _dates()}, tmp_path / "tables", notebook="02")
    path = folder / "02-keyness.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens Hangul without the import wizard
    # round_trip: pandas' default C float parser may land one unit in the last place off the written digits
    back = pd.read_csv(path, encoding="utf-8-sig", dtype={"group": str}, float_precision="round_trip")
    assert "0.30000000000000004," in path.read_text(encoding="utf-8-sig")  # the digits as Python writes them
    pd.testing.assert_frame_equal(back, _keyness(), check_exact=True)
    assert back.loc[0, "g2"] == THIRD and back.loc[1, "g2"] == TENTH_SUM and back.loc[0, "p_value"] == TINY
    dates = pd.read_csv(folder / "02-dates.csv", encoding="utf-8-sig")
    assert dates["date"].tolist()[0] == "2023-02-06" and pd.isna(dates["date"].tolist()[1])  # YYYY-MM-DD


def test_the_workbook_has_one_sheet_per_csv_with_the_same_values(tmp_path):
    folder = export_tables({"keyness": _keyness(), "dates": _dates()}, tmp_path, notebook="02")
    export_tables({"edges": pd.DataFrame({"source": ["가"], "target": ["나"], "jaccard": [THIRD]})}, folder,
                  notebook="06")
    book = load_workbook(folder / "results.xlsx", read_only=True)
    csvs = sorted(p.stem for p in folder.glob("*.csv"))
    assert csvs == ["02-dates", "02-keyness", "06-edges"]
    assert book.sheetnames == ["README", *csvs]
    rows = list(book["02-keyness"].iter_rows(values_only=True))
    assert rows[0] == tuple(_keyness().columns)
    # Excel keeps 15 significant digits of a number (openpyxl writes 16): the CSV is the full-precision record
    assert rows[1][:3] == ("과학기술정보통신부", "인공지능", 12) and rows[1][5] == 2.0
    assert rows[1][3] == pytest.approx(THIRD, rel=1e-15, abs=0) and rows[1][4] == pytest.approx(TINY, rel=1e-15, abs=0)
    assert rows[1][4] != pytest.approx(TINY * (1 + 1e-14), rel=1e-15, abs=0)
    assert rows[3][0] == "001"  # an id that looks like a number stays text
    assert list(book["06-edges"].iter_rows(values_only=True))[1] == ("가", "나", THIRD)
    dates = list(book["02-dates"].iter_rows(values_only=True))
    assert dates[1][1].strftime("%Y-%m-%d") == "2023-02-06" and dates[2][1] is None


def test_every_kind_of_column_is_a_cell_of_its_kind_as_read_table_reads_the_csv(tmp_path):
    """Numbers, truth values and dates are cells of their kind, an empty field of them an empty cell;
    text loses the control characters XML cannot hold and stops at Excel's 32,767 characters a cell."""
    table = pd.DataFrame({"doc_id": ["001", "b"], "flag": [True, False], "n": [1, -2], "score": [THIRD, None],
                          "when": pd.to_datetime(["2023-02-06 09:30:00", None]), "text": ["줄\x0b바꿈", "가" * 40_000]})
    export_tables({"kinds": table}, tmp_path, notebook="01")
    rows = list(load_workbook(tmp_path / "results.xlsx", read_only=True)["01-kinds"].values)
    assert rows[0] == tuple(table.columns)
    assert rows[1] == ("001", True, 1, pytest.approx(THIRD, rel=1e-15), datetime(2023, 2, 6, 9, 30), "줄바꿈")
    assert rows[2] == ("b", False, -2, None, None, "가" * 32_767)
    back = read_table(tmp_path, "01-kinds", full=False)  # the same values as the CSV reads back
    assert back["flag"].tolist() == [True, False] and back["n"].tolist() == [1, -2] and back["score"].isna()[1]


def test_a_workbook_written_a_notebook_at_a_time_is_the_one_written_at_the_end(tmp_path):
    def sheets(path):
        book = load_workbook(path, read_only=True)
        return {name: list(book[name].values) for name in book.sheetnames}

    writer = WorkbookWriter(tmp_path)
    assert writer.add_new() == []  # no table yet
    export_tables({"keyness": _keyness(), "dates": _dates()}, tmp_path, notebook="02", workbook=False)
    assert writer.add_new() == ["02-dates", "02-keyness"]
    export_tables({"edges": pd.DataFrame({"source": ["가"], "target": ["나"], "jaccard": [THIRD]})}, tmp_path,
                  notebook="06", workbook=False)
    assert writer.add_new() == ["06-edges"]
    one_at_a_time = sheets(writer.close())
    assert one_at_a_time == sheets(write_workbook(tmp_path)) and list(one_at_a_time)[0] == "README"
    # a table written again after its sheet was: the saved workbook has the table as it is at the end
    writer = WorkbookWriter(tmp_path)
    writer.add_new()
    export_tables({"keyness": _keyness().head(1)}, tmp_path, notebook="02", workbook=False)
    assert len(sheets(writer.close())["02-keyness"]) == 1 + 1


def test_the_workbook_process_of_a_run_saves_on_its_last_command_and_names_a_table_it_cannot_read(tmp_path):
    replies = io.StringIO()
    serve(tmp_path, io.StringIO("add\nsave\n"), replies)
    assert replies.getvalue() == "none\n"  # no notebook wrote a table: no workbook
    export_tables({"keyness": _keyness()}, tmp_path, notebook="02", workbook=False)
    replies = io.StringIO()
    serve(tmp_path, io.StringIO("add\n"), replies)  # the runner went away: what was written is saved
    assert replies.getvalue() == f"saved {tmp_path / 'results.xlsx'}\n"
    (tmp_path / "02-keyness.csv").write_text("group,term\n가,나,다\n", encoding="utf-8-sig")  # a field too many
    replies = io.StringIO()
    serve(tmp_path, io.StringIO("add\nsave\n"), replies)
    assert replies.getvalue() == (f"error {tmp_path / 'results.xlsx'}: ValueError: {tmp_path / '02-keyness.csv'}, "
                                  "line 2: 3 fields where the header has 2\n")


def test_readme_lists_tables_columns_units_and_why_a_table_is_empty(tmp_path):
    export_tables({"keyness": pd.DataFrame(columns=["group", "term", "g2"]), "dates": _dates()}, tmp_path,
                  notebook="02", notes={"keyness": "a one-document corpus has no keyness: it compares a "
                                                  "document with the rest"})
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 02-keyness")[1].split("## ")[0]
    assert "0 rows" in section and "a one-document corpus has no keyness" in section
    assert section.split("\n")[2].startswith("Key terms of each unit against the rest")  # what the table is
    assert "| `g2` | string | Dunning's log-likelihood G2" in section
    assert "## 02-dates" in readme and "| `date` | datetime | resolved date (YYYY-MM-DD) |" in readme
    index = json.loads((tmp_path / "tables.json").read_text(encoding="utf-8"))
    assert index["02-keyness"]["rows"] == 0 and index["02-dates"]["rows"] == 2
    export_tables({"x": pd.DataFrame(columns=["a"])}, tmp_path)  # empty without a note: a generic note, not none
    assert json.loads((tmp_path / "tables.json").read_text(encoding="utf-8"))["x"]["note"].startswith("no rows")
    export_tables({"topics": None}, tmp_path, notes={"topics": "too few sentences for a topic model"})
    assert load_workbook(tmp_path / "results.xlsx")["topics"].max_row == 1  # not computed: an empty sheet


def test_a_text_column_holding_numbers_goes_to_parquet_as_the_text_the_csv_shows(tmp_path):
    """Notebook 05's entity table past a million rows (10 x kdi-epic): its ``value`` holds names and amounts;
    a Parquet column has one type, so the amounts are written as the text the CSV shows them as."""
    entities = pd.DataFrame({"text": ["과기정통부", "166.8억 원", "인공지능", "3천만 원"],
                             "value": ["과학기술정보통신부", 16680000000.0, None, 30000000.0]})
    export_tables({"entities": entities}, tmp_path, notebook="05", max_rows=2)
    whole = pd.read_parquet(tmp_path / "05-entities.parquet")
    assert whole["value"].tolist() == ["과학기술정보통신부", "16680000000.0", None, "30000000.0"]
    shown = pd.read_csv(tmp_path / "05-entities.csv", encoding="utf-8-sig", dtype=str)
    assert shown["value"].tolist() == whole["value"].head(2).tolist()
    assert entities["value"].tolist()[1] == 16680000000.0  # the notebook's own table is left as it was


def test_a_table_past_the_spreadsheet_limit_goes_to_parquet_whole_and_the_csv_keeps_its_first_rows(tmp_path):
    table = pd.DataFrame({"term": [f"용어{i}" for i in range(7)], "count": [70, 60, 50, 40, 30, 20, 10]})
    export_tables({"terms": table}, tmp_path, notebook="02", max_rows=4)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "02-terms.parquet"), table)
    csv = pd.read_csv(tmp_path / "02-terms.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(csv, table.head(4))
    assert "7 rows: all of them in 02-terms.parquet" in (tmp_path / "README.md").read_text(encoding="utf-8")
    assert len(list(load_workbook(tmp_path / "results.xlsx")["02-terms"].iter_rows())) == 1 + 4


def test_a_long_table_is_written_to_parquet_a_row_group_at_a_time_and_reads_back_whole(tmp_path, monkeypatch):
    """A table of millions of rows is converted and written a part at a time; a part whose text column is all
    empty, or holds only amounts, is still written as text, and the file reads back as one table."""
    import pyarrow.parquet as pq

    from analysis import export

    monkeypatch.setattr(export, "PARQUET_ROWS", 2)
    entities = pd.DataFrame({"doc_id": list("abcde"), "start": [0, 4, 9, 2, 7],
                             "value": [None, None, 30000000.0, "과학기술정보통신부", None],
                             "published": pd.to_datetime(["2023-02-07", None, "2020-03-01", "2022-11-30", None])})
    export_tables({"entities": entities}, tmp_path, notebook="05", max_rows=1)
    path = tmp_path / "05-entities.parquet"
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    whole = pd.read_parquet(path)
    assert whole["value"].tolist() == [None, None, "30000000.0", "과학기술정보통신부", None]
    pd.testing.assert_frame_equal(whole.drop(columns="value"), entities.drop(columns="value"))
    assert not list(tmp_path.glob(".*.tmp"))  # written beside the file and moved into place
    export_tables({"dates": entities}, tmp_path / "csv", notebook="05")  # its CSV, also written a part at a time
    shown = (tmp_path / "csv" / "05-dates.csv").read_text(encoding="utf-8-sig").splitlines()
    assert shown[0] == "doc_id,start,value,published" and len(shown) == 6 and shown[1].endswith(",2023-02-07")
    assert shown[3] == "c,9,30000000.0,2020-03-01" and shown[2] == "b,4,,"


def test_nothing_is_written_without_a_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(TABLES_ENV, raising=False)
    monkeypatch.delenv(NETWORKS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert export_tables({"keyness": _keyness()}) is None
    assert export_network(nx.path_graph(["가", "나"]), "06-x") == []
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(TABLES_ENV, str(tmp_path / "run" / "tables"))
    assert export_tables({"keyness": _keyness()}, notebook="02") == tmp_path / "run" / "tables"
    assert (tmp_path / "run" / "tables" / "02-keyness.csv").exists()


def test_notes_for_a_table_not_given_are_an_error(tmp_path):
    with pytest.raises(KeyError, match="keynes"):
        export_tables({"keyness": _keyness()}, tmp_path, notes={"keynes": "typo"})


def test_sheet_names_are_unique_and_fit_excel():
    names = ["06-network-sentences-centrality-by-term", "06-network-sentences-centrality-by-window", "a/b:c", "A/B:C"]
    sheets = sheet_names(names)
    assert all(len(s) <= 31 and not re.search(r"[\[\]:*?/\\]", s) for s in sheets.values())
    assert len({s.lower() for s in sheets.values()}) == len(names)


def test_long_matrix_keeps_every_nonzero_cell_in_row_order():
    wide = pd.DataFrame({"정책": [3, 0, 1], "지역": [1, 2, 0], "의료": [5, 0, 0]}, index=pd.Index(["a", "b", "c"], name="group"))
    assert long_matrix(wide, "count").values.tolist() == [["a", "의료", 5], ["a", "정책", 3], ["a", "지역", 1],
                                                          ["b", "지역", 2], ["c", "정책", 1]]


# --------------------------------------------------------------------------------------------------
# networks


def _graph() -> tuple[nx.Graph, dict, dict]:
    graph = nx.Graph()
    edges = [("인공지능", "데이터", 5, THIRD, 1.5849625007211563, 0.41), ("데이터", "의료 기기", 3, TENTH_SUM, -0.25, -0.1),
             ("인공지능", "정책", 2, 0.125, 2.0, 0.5), ("정책", "의료 기기", 2, 2 / 7, 0.7369655941662062, 0.2)]
    for term, freq in [("인공지능", 9), ("데이터", 7), ("의료 기기", 4), ("정책", 3)]:
        graph.add_node(term, frequency=freq)
    for a, b, count, jaccard, pmi, npmi in edges:
        graph.add_edge(a, b, weight=jaccard, count=count, jaccard=jaccard, pmi=pmi, npmi=npmi)
    return graph, {"인공지능": 0, "데이터": 0, "의료 기기": 1, "정책": 1}, {"인공지능": "01", "데이터": "00", "의료 기기": "11",
                                                                    "정책": "10"}


def read_dl(path) -> pd.DataFrame:
    """A DL full matrix with labels, read as UCINET's help describes it: ``DL``, ``N = <n>``, ``FORMAT =
    FULLMATRIX``, ``LABELS:`` with n labels separated by spaces, commas, equal signs or line breaks (quoted
    when they hold one), ``DATA:`` and n x n numbers."""
    text = path.read_text(encoding="utf-8")
    header, data = re.split(r"(?im)^\s*data:\s*$", text)
    assert re.match(r"(?i)\s*dl\b", header)
    n = int(re.search(r"(?i)\bn\s*=\s*(\d+)", header).group(1))
    assert re.search(r"(?i)format\s*=\s*fullmatrix", header)
    labels_text = re.split(r"(?im)^\s*labels:\s*$", header)[1]
    labels = [quoted or bare for quoted, bare in re.findall(r'"([^"]*)"|([^\s,="]+)', labels_text)]
    values = [float(v) for v in data.split()]
    assert len(labels) == n and len(values) == n * n
    return pd.DataFrame([values[i * n:(i + 1) * n] for i in range(n)], index=labels, columns=labels)


def test_network_files_read_back_with_the_notebooks_weights_at_full_precision(tmp_path):
    graph, community, blocks = _graph()
    written = export_network(graph, "06-network-sentences", tmp_path, community=community, blocks=blocks)
    assert {p.name for p in written} >= {"06-network-sentences.gexf", "06-network-sentences.graphml",
                                        "06-network-sentences-jaccard.net", "06-network-sentences-pmi.dl",
                                        "06-network-sentences-count-matrix.csv"}
    for reader, suffix in ((nx.read_gexf, "gexf"), (nx.read_graphml, "graphml")):
        back = reader(tmp_path / f"06-network-sentences.{suffix}")
        assert set(back.nodes) == set(graph.nodes), suffix
        for u, v, data in graph.edges(data=True):
            for weight in ("count", "jaccard", "pmi", "npmi"):
                assert back.edges[u, v][weight] == data[weight], (suffix, u, v, weight)
        assert back.nodes["의료 기기"]["community"] == 1 and back.nodes["정책"]["concor_block"] == "10"
        assert back.nodes["인공지능"]["frequency"] == 9
        # betweenness of 데이터 on the 4-cycle 인공지능-데이터-의료 기기-정책: 1 of the 3 pairs of others goes
        # through it half the time -> 0.5 / 3
        assert back.nodes["데이터"]["betweenness"] == pytest.approx(1 / 6, abs=0)
    for weight in ("count", "jaccard", "pmi", "npmi"):
        pajek = nx.Graph(nx.read_pajek(tmp_path / f"06-network-sentences-{weight}.net"))
        dl = read_dl(tmp_path / f"06-network-sentences-{weight}.dl")
        square = pd.read_csv(tmp_path / f"06-network-sentences-{weight}-matrix.csv", encoding="utf-8-sig", index_col=0,
                             float_precision="round_trip")
        assert list(square.index) == list(square.columns) == sorted(graph.nodes)
        for u, v, data in graph.edges(data=True):
            assert pajek.edges[u, v]["weight"] == data[weight], (weight, u, v)
            assert dl.loc[u, v] == dl.loc[v, u] == data[weight], (weight, u, v)
            assert square.loc[u, v] == data[weight]
        assert dl.loc["인공지능", "의료 기기"] == 0 and (dl.to_numpy().diagonal() == 0).all()
