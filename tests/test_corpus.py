"""Loading: decoding, the manifest, bad input, and the promise that raw files are never modified."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.corpus import CorpusError, document_lengths, load_corpus
from analysis.importers.text import decode_document
from analysis.paths import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SHARED_SEEDS = SEEDS.parents[1] / "shared" / "seeds"


def write_corpus(folder: Path, docs: dict[str, bytes], rows: list[dict] | None = None) -> Path:
    """A corpus folder with the given files and a manifest (one row per file unless ``rows`` is given)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in docs.items():
        (folder / name).write_bytes(data)
    if rows is None:
        rows = [
            {"doc_id": Path(name).stem, "file": name, "title": f"제목 {i}", "published": "2023-02-07",
             "publisher": "과학기술정보통신부", "doc_type": "press release", "source_note": "test"}
            for i, name in enumerate(docs)
        ]
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=analysis.corpus.MANIFEST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return folder


# --- the seeds ---------------------------------------------------------------------------------------


def test_seeds_are_byte_identical_to_shared():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in SHARED_SEEDS.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes(), path.name


def test_load_corpus_interface(corpus):
    assert len(corpus) == len(SEED_FILES) == 5
    for column in ["doc_id", "title", "published", "publisher", "doc_type", "raw_text", "text"]:
        assert column in corpus.columns
    assert pd.api.types.is_datetime64_any_dtype(corpus["published"])
    assert corpus["doc_id"].is_unique
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"], strict=False):
        assert raw == (SEEDS / f"{doc_id}.txt").read_bytes().decode("utf-8")


def test_manifest_dates_and_titles_come_from_the_text(corpus):
    by_id = corpus.set_index(corpus["doc_id"].str[:3])
    assert "2023-02-07" in by_id.loc["000", "raw_text"]  # 작성일 : 2023-02-07
    assert by_id.loc["000", "published"] == pd.Timestamp("2023-02-07")
    assert "2023. 4. 11." in by_id.loc["003", "raw_text"]
    for title in corpus.loc[corpus["doc_id"].str[:3] != "002", "title"]:
        assert any(title in raw for raw in corpus["raw_text"]), title
    inferred = corpus["source_note"].str.contains("inferred")
    assert set(corpus.loc[inferred, "doc_id"].str[:3]) == {"001", "002", "004"}


def test_loading_never_modifies_raw_files():
    files = sorted(p for p in SEEDS.rglob("*") if p.is_file())  # the documents, the manifest and lexicon/
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    load_corpus()
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert before == after


def test_document_lengths_before_and_after(corpus):
    lengths = document_lengths(corpus)
    assert (lengths["clean_chars"] <= lengths["raw_chars"]).all()
    assert lengths.set_index("doc_id").loc["002_fb32b9d320414045", "share_removed"] > 0.4  # the glued tail


# --- decoding -----------------------------------------------------------------------------------------

TEXT = "과학기술정보통신부는 인공지능ㆍ데이터 기업을 지원한다."


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-8"), b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT.encode("cp949"), TEXT.encode("euc-kr")],
    ids=["utf-8", "utf-8-bom", "cp949", "euc-kr"],
)
def test_decode_supported_encodings(data):
    assert decode_document(data, "doc.txt") == TEXT


def test_cp949_only_syllable_decodes():
    data = "똠방각하 뷁".encode("cp949")  # 똠, 뷁 are outside EUC-KR's 2,350 syllables
    assert decode_document(data, "doc.txt") == "똠방각하 뷁"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("인공지능".encode("utf-16"), "UTF-16"),
        (b"\x80\x81\xfe valid? no \xff\xff", "not valid UTF-8 or CP949"),
    ],
    ids=["empty", "whitespace", "binary", "utf-16", "undecodable"],
)
def test_bad_bytes_name_the_file(data, message):
    with pytest.raises(CorpusError, match=message) as error:
        decode_document(data, "seeds/bad.txt")
    assert "seeds/bad.txt" in str(error.value)


# --- the manifest --------------------------------------------------------------------------------------


def test_any_folder_with_a_manifest_loads(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": TEXT.encode("cp949"), "b.txt": "둘째 문서\u00a0입니다.".encode()})
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert corpus.loc[1, "text"] == "둘째 문서 입니다."
    assert corpus.loc[0, "text"] == TEXT.replace("ㆍ", "·")


def test_manifest_row_whose_file_is_missing(tmp_path):
    rows = [{"doc_id": "x", "file": "x.txt", "title": "t", "published": "2023-01-01", "publisher": "p",
             "doc_type": "news article", "source_note": ""}]
    folder = write_corpus(tmp_path / "c", {}, rows)
    with pytest.raises(CorpusError, match="x.txt.*not in"):
        load_corpus(folder)


def test_file_without_manifest_row(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": TEXT.encode()})
    (folder / "stray.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(CorpusError, match="stray.txt: no row"):
        load_corpus(folder)


def test_duplicate_doc_id(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": TEXT.encode(), "b.txt": TEXT.encode()})
    manifest = pd.read_csv(folder / "manifest.csv")
    manifest["doc_id"] = "same"
    manifest.to_csv(folder / "manifest.csv", index=False)
    with pytest.raises(CorpusError, match="duplicate doc_id same"):
        load_corpus(folder)


def test_unparseable_date_names_the_row(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": TEXT.encode()})
    manifest = pd.read_csv(folder / "manifest.csv")
    manifest["published"] = "2023.13.45"
    manifest.to_csv(folder / "manifest.csv", index=False)
    with pytest.raises(CorpusError, match=r"'a' has published='2023.13.45'"):
        load_corpus(folder)


def test_missing_manifest_and_missing_columns(tmp_path):
    (tmp_path / "c").mkdir()
    with pytest.raises(CorpusError, match="no manifest"):
        load_corpus(tmp_path / "c")
    (tmp_path / "c" / "manifest.csv").write_text("doc_id,file\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing column"):
        load_corpus(tmp_path / "c")


def test_empty_document_in_a_corpus_names_the_file(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": TEXT.encode(), "empty.txt": b"  \n"})
    with pytest.raises(CorpusError, match="empty.txt: empty file"):
        load_corpus(folder)


def test_text_with_no_korean_is_kept_with_a_warning(tmp_path, tmp_cache):
    folder = write_corpus(tmp_path / "c", {"en.txt": b"Only English text here."})
    with pytest.warns(UserWarning, match="en.txt: no Korean"):
        corpus = load_corpus(folder)
    assert corpus.loc[0, "text"] == "Only English text here."


def test_copy_of_seeds_loads_the_same(tmp_path, corpus):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    other = load_corpus(copy)
    pd.testing.assert_frame_equal(other.drop(columns=[]), corpus)


def test_documents_whose_ids_share_a_prefix_stay_separate_groups():
    """``bill_001`` and ``bill_002`` of one publisher and month used to get one label (the part before ``_``)
    and so merged into one group of the figures."""
    from analysis.corpus import document_groups

    corpus = pd.DataFrame({"doc_id": ["bill_001", "bill_002", "bill_003"], "publisher": ["국회"] * 3,
                           "published": pd.to_datetime(["2020-05-01", "2020-05-20", "2020-06-02"])})
    groups = document_groups(corpus)
    assert groups.index.tolist() == ["bill_001", "bill_002", "bill_003"]
    assert groups.nunique() == 3
    assert groups["bill_002"] == "bill_002 국회 2020-05"
