"""BIGKinds news exports read as one corpus without a mapping; marked and repeated rows set aside with the
reason; the cut 본문 said in the import report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import format_summary, import_report, load_corpus
from analysis.paths import SHARED_CORPORA

SAMPLE = Path(__file__).parent / "fixtures" / "bigkinds" / "NewsResult_19950923-20190628-sample.csv"
BIGKINDS = SHARED_CORPORA / "bigkinds"


@pytest.fixture(autouse=True)
def fresh_cache(tmp_cache):
    """Each test reads its files, not an earlier test's cached corpus."""


def test_export_read_without_a_mapping():
    corpus = load_corpus(SAMPLE)
    first = corpus.iloc[0]
    assert first["doc_id"] == "01100201.20190628153000001"  # text, every digit kept
    assert first["published"] == pd.Timestamp("2019-06-28") and first["publisher"] == "국민일보"
    assert first["title"] == "‘구상나무’ ‘산굴뚝나비’ 한라산국립공원 대표 생물종"
    assert first["raw_text"].startswith("세계유산본부 한라산국립공원관리소는 한라산의 생태 문화 지리적 특성을 띤 대표 생물종으로")
    assert "\n \n제주 전통 배인 테우를" in first["raw_text"]  # line breaks inside the quoted cell kept
    assert first["byline"] == "제주=주미령 기자" and first["category1"] == "지역>지역일반"
    assert first["keywords"].startswith("구상나무,산굴뚝나비,생물종") and "url" in corpus
    assert (corpus["doc_type"] == "news article").all() and (corpus["format"] == "bigkinds").all()


def test_marked_and_repeated_rows_are_set_aside_with_their_reason():
    corpus = load_corpus(SAMPLE)
    report = import_report(corpus)
    assert report.attrs == {"rows_read": 13, "kept": 8, "set_aside": 5}
    reasons = report.loc[report["action"] == "set aside"].set_index("row")["reason"]
    assert reasons[6].startswith("marked 중복 by BIGKinds") and reasons[9].startswith("marked 예외 by BIGKinds")
    assert reasons[14] == "duplicate: the same 뉴스 식별자 as an earlier row"
    assert not set(corpus["doc_id"]) & set(report.loc[report["action"] == "set aside", "doc_id"]) - {
        "01100201.20190628153000001"}


def test_the_cut_text_is_said_in_the_import_report():
    corpus = load_corpus(SAMPLE)
    [note] = corpus.attrs["import_report"]["notes"]
    assert note.startswith("BIGKinds exports cut 본문 at about 200 characters without a marker (100% of the kept")
    assert format_summary(corpus).attrs["notes"] == [note]


@pytest.mark.corpus
@pytest.mark.skipif(not BIGKINDS.is_dir(), reason="../shared/corpora/bigkinds is not beside this checkout")
@pytest.mark.parametrize("name, rows, marked", [
    ("NewsResult_20000101-20091231.xlsx", 1950, 52),
    ("conflict-of-interest_20110616-20210429.xlsx", 1473, 69),
    ("flagship-species_19950923-20190628.csv", 1029, 138),
])
def test_real_exports(name, rows, marked):
    corpus = load_corpus(BIGKINDS / name)
    report = import_report(corpus)
    assert report.attrs["rows_read"] == rows  # every row, though BIGKinds declares the sheet as A1
    aside = report.loc[report["action"] == "set aside", "reason"]
    assert aside.str.startswith("marked ").sum() == marked
    assert aside.str.contains("not marked by BIGKinds").sum() >= 1  # exact repeats BIGKinds left unmarked
    assert corpus["doc_id"].str.fullmatch(r"\d{8}\.\d{17,}").all()
    assert corpus["published"].notna().all() and corpus["doc_id"].is_unique
    assert "cut 본문 at about 200 characters" in corpus.attrs["import_report"]["notes"][0]
