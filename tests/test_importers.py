"""Importers: folders without a manifest, CSV/JSONL/Excel tables with a mapping, the KDI EPIC export;
bad input is reported, nothing is lost, and the audit-log invariant holds for every importer."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import analysis
from analysis.clean import cleaning_log, rebuild_raw
from analysis.corpus import CorpusError, import_report, load_corpus
from analysis.importers.epic import ministry_of
from analysis.importers.fields import parse_date
from analysis.importers.metadata import header_fields
from analysis.paths import SHARED_CORPORA

TEXT = "과학기술정보통신부는 2023년 2월 7일 인공지능ㆍ데이터 지원방안을 발표했다.\n□ 기업 지원을 확대한다."
EPIC = SHARED_CORPORA / "kdi-epic"


@pytest.fixture(autouse=True)
def fresh_cache(tmp_cache):
    """Each test reads its files, not an earlier test's cached corpus."""


def assert_log_complete(corpus):
    log = cleaning_log(corpus)
    for doc_id, raw, text in zip(corpus["doc_id"], corpus["raw_text"], corpus["text"], strict=True):
        assert rebuild_raw(text, log[log["doc_id"] == doc_id]) == raw


def test_text_folder_without_manifest_mixed_encodings(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_bytes(("AI 지원방안 발표\n" + TEXT).encode("utf-8"))
    (folder / "b.txt").write_bytes("날짜 없는 문서 제목\n본문은 한국어로 되어 있다. 데이터 정책을 다룬다.".encode("cp949"))
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert corpus["title"].tolist() == ["AI 지원방안 발표", "날짜 없는 문서 제목"]
    assert corpus.loc[0, "published"] == pd.Timestamp("2023-02-07")
    assert pd.isna(corpus.loc[1, "published"]) and "none found" in corpus.loc[1, "source_note"]
    report = import_report(corpus)
    assert report.attrs["rows_read"] == 2 and report.attrs["kept"] == 2
    assert report["reason"].str.contains("no plausible date").tolist() == [True]
    assert_log_complete(corpus)


def test_text_folder_sets_aside_an_unreadable_file(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"   ")
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["good"]
    report = import_report(corpus)
    assert report.loc[report["action"] == "set aside", "reason"].str.contains("empty.txt: empty file").all()


def test_csv_with_a_mapping_and_unused_columns(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"본문컬럼": [TEXT, "두 번째 문서의 본문입니다. 충분히 길게 씁니다."], "제목": ["첫째", "둘째"],
                  "날짜": ["2023-02-07", "2022.11.28"], "쓸모없음": ["x", "y"]}).to_csv(path, index=False)
    corpus = load_corpus(path, mapping={"text": "본문컬럼", "date": "날짜"})
    assert corpus["title"].tolist() == ["첫째", "둘째"]  # found under a common name
    assert corpus["published"].tolist() == [pd.Timestamp("2023-02-07"), pd.Timestamp("2022-11-28")]
    assert corpus.attrs["import_report"]["notes"] == ["columns not used: 쓸모없음"]
    assert_log_complete(corpus)


def test_mapping_naming_a_missing_column(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"text": [TEXT]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"docs.csv: the mapping names column 'body' for text, but the columns are text"):
        load_corpus(path, mapping={"text": "body"})
    with pytest.raises(CorpusError, match="unknown field 'author'"):
        load_corpus(path, mapping={"author": "text"})


def test_table_without_a_text_column(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"a": [1], "b": [2]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="no text column"):
        load_corpus(path)


def test_ten_thousand_empty_rows_are_set_aside_and_counted(tmp_path):
    path = tmp_path / "docs.csv"
    texts = [""] * 5000 + [TEXT] + ["  "] * 5000 + ["두 번째 문서입니다. 인공지능 정책을 설명합니다."]
    pd.DataFrame({"id": range(len(texts)), "text": texts}).to_csv(path, index=False)
    corpus = load_corpus(path)
    assert corpus["doc_id"].tolist() == ["5000", "10001"]
    report = import_report(corpus)
    assert report.attrs == {"rows_read": 10002, "kept": 2, "set_aside": 10000}
    assert (report.loc[report["action"] == "set aside", "reason"] == "empty text").sum() == 10000


def test_jsonl(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [{"doc_id": "x1", "title": "제목", "date": "2021-05-01", "publisher": "기획재정부", "text": TEXT}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus.loc[0, ["doc_id", "publisher"]].tolist() == ["x1", "기획재정부"]
    assert_log_complete(corpus)


def test_bad_jsonl_names_the_file(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "a"}\n{broken', encoding="utf-8")
    with pytest.raises(CorpusError, match="docs.jsonl: not valid JSON Lines"):
        load_corpus(path)


def test_tables_are_read_a_part_at_a_time_as_they_read_whole(tmp_path, monkeypatch):
    """CSV and JSON Lines are decoded and parsed from the file in parts (a large table is never one string
    beside its bytes): blocks that cut a Hangul character in two, and JSON Lines a few rows at a time, give
    the table that decoding the whole file and parsing it at once gives."""
    import io

    from analysis.importers import table
    from analysis.importers.text import decode_document

    monkeypatch.setattr(table, "READ_BLOCK", 5)
    monkeypatch.setattr(table, "JSON_LINES_CHUNK", 2)
    rows = [{"doc_id": f"d{i}", "date": f"2021-05-0{i}", "text": f"{i}번째 문서: {TEXT}"} for i in range(1, 8)]
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    whole = pd.read_json(io.StringIO(decode_document(jsonl.read_bytes(), jsonl)), lines=True, dtype=False)
    pd.testing.assert_frame_equal(table.read_table(jsonl), whole)
    assert table.read_table(jsonl)["doc_id"].tolist() == [f"d{i}" for i in range(1, 8)]
    for encoding, bom in (("cp949", b""), ("utf-8", b"\xef\xbb\xbf")):
        csv_file = tmp_path / f"docs-{encoding}.csv"
        csv_file.write_bytes(bom + pd.DataFrame(rows).to_csv(index=False).encode(encoding))
        assert table.file_encoding(csv_file)[0] == ("cp949" if encoding == "cp949" else "utf-8-sig")
        whole = pd.read_csv(io.StringIO(decode_document(csv_file.read_bytes(), csv_file)), dtype=object,
                            keep_default_na=False)
        pd.testing.assert_frame_equal(table.read_table(csv_file), whole)
    for name, data, problem in (("empty.csv", b"  \n", "empty file"), ("nul.csv", b"text\n\x00a", "binary file"),
                                ("latin.csv", b"text\n\xff\xfe\xfa", "not valid UTF-8 or CP949")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(CorpusError, match=f"{name}: {problem}"):
            table.read_table(tmp_path / name)


def test_corpus_cache_file_is_written_and_read_a_part_at_a_time(tmp_path, monkeypatch):
    """The corpus cache is written and read back a row group at a time; what comes back is what
    ``to_parquet`` and ``read_parquet`` of the whole frame give (types, empty fields, dates, order)."""
    import io

    from analysis.importers import cache

    monkeypatch.setattr(cache, "CORPUS_ROWS", 2)
    path = tmp_path / "docs.csv"
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "text": [f"{i}번째 {TEXT}" for i in range(5)],
                  "date": ["2021-05-01", "", "2023-02-07", "bad", "2020-03-01"]}).to_csv(path, index=False)
    for corpus in (analysis.load_corpus(), load_corpus(path)):
        buffer = io.BytesIO()
        corpus.to_parquet(buffer, index=False)
        cache.write_corpus_file(corpus, tmp_path / "corpus.parquet")
        assert pq_row_groups(tmp_path / "corpus.parquet") == (len(corpus) + 1) // 2
        back = cache.read_corpus_file(tmp_path / "corpus.parquet")
        pd.testing.assert_frame_equal(back, pd.read_parquet(io.BytesIO(buffer.getvalue())))
        pd.testing.assert_frame_equal(back, corpus.reset_index(drop=True), check_dtype=False)


def pq_row_groups(path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).num_row_groups


def epic_file(path, rows):
    frame = pd.DataFrame(rows, columns=["id", "자료명", "발간일", "발간처", "요약"]).rename(columns={"id": "Unnamed: 0"})
    frame.to_excel(path, index=False)


def test_epic_format_folder(tmp_path):
    folder = tmp_path / "epic"
    folder.mkdir()
    long = "산업통상자원부는 1.3.(월) 수출입 동향을 발표했다.\n\n- 수출은 전년 대비 25.8% 증가한 6,445억 달러."
    epic_file(folder / "epic_2201.xlsx", [
        (1, "수출입 동향", "2022.01.03", "산업통상자원부 무역투자실 수출입과", long),
        (2, "빈 요약", "2022.01.04", "관세청", None),
        (3, "짧은 요약", "2022.01.05", "기획재정부 세제실 소득세제과", "짧은 요약문."),
        (4, "이상한 날짜", "1900.01.01", "통계청", long + " 통계청 자료."),  # a placeholder, not a date
    ])
    epic_file(folder / "epic_2202.xlsx", [
        (1, "수출입 동향", "2022.01.03", "산업통상자원부 무역투자실 수출입과", long),  # the same row again
        (4, "다른 문서", "2022.02.01", "통계청", "같은 번호의 다른 문서. 인공지능 통계를 발표했다. 내용이 다르다."),
    ])
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["1", "3", "4", "4~2"]
    assert corpus["publisher"].tolist() == ["산업통상자원부", "기획재정부", "통계청", "통계청"]
    assert corpus.loc[1, "publisher_unit"] == "기획재정부 세제실 소득세제과"
    assert corpus.loc[0, "published"] == pd.Timestamp("2022-01-03") and pd.isna(corpus.loc[2, "published"])
    report = import_report(corpus)
    reasons = dict(zip(report["doc_id"] + "/" + report["action"], report["reason"], strict=True))
    assert reasons["2/set aside"] == "empty text"
    assert reasons["1/set aside"].startswith("duplicate")
    assert "short text" in reasons["3/kept, flagged"]
    assert report.attrs == {"rows_read": 6, "kept": 4, "set_aside": 2}
    assert any("implausible date '1900.01.01'" == r for r in report["reason"])
    assert_log_complete(corpus)


def test_date_and_publisher_helpers():
    assert parse_date("2022.01.03") == pd.Timestamp("2022-01-03")
    assert pd.isna(parse_date("1900.01.01")) and pd.isna(parse_date("")) and pd.isna(parse_date("2022.13.01"))
    # one rule for every date (analysis.importers.metadata.PLAUSIBLE_YEARS): a 1979 table cell is as plausible as a 1979 bill
    assert parse_date("1979.04.17") == header_fields("발의연월일 : 1979. 4. 17.")["published"]
    assert ministry_of("기획재정부 세제실 소득세제과") == "기획재정부"
    assert ministry_of("") == ""


def test_corpus_cache_is_reused_and_invalidated(tmp_path, tmp_cache):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"text": [TEXT]}).to_csv(path, index=False)
    first = load_corpus(path)
    assert len(list((tmp_cache / "corpus").glob("*.parquet"))) == 1
    again = load_corpus(path)
    pd.testing.assert_frame_equal(first, again)
    assert again.attrs["import_report"]["rows_read"] == 1
    pd.DataFrame({"text": [TEXT, TEXT + " 추가"]}).to_csv(path, index=False)
    assert len(load_corpus(path)) == 2


@pytest.mark.skipif(not EPIC.is_dir(), reason="../shared/corpora/kdi-epic is not beside this checkout")
def test_real_epic_month():
    corpus = load_corpus(EPIC / "epic_metadata_2210.xlsx")
    report = import_report(corpus)
    assert report.attrs["rows_read"] == len(corpus) + report.attrs["set_aside"] > 500
    assert "과학기술정보통신부" in set(corpus["publisher"])
    assert not corpus["publisher"].str.contains(" ").any()
    assert corpus["publisher_unit"].str.contains(" ").any()
    assert corpus["published"].dt.year.between(2022, 2022).mean() > 0.95
    assert_log_complete(corpus.head(300))


@pytest.mark.slow  # 0.7 M characters through every cleaning rule: make test-corpora
def test_large_document_keeps_the_invariant():
    raw = ("□ 인공지능\u00a0데이터 지원 사업을 추진한다.\n\n\n ㅇ 세부 내용ㆍ일정\n" * 20000)  # about 0.7 M characters
    text, log = analysis.clean.clean_text(raw)
    assert rebuild_raw(text, log) == raw
    assert "\u00a0" not in text and "ㆍ" not in text


# --- what a table folder holds besides tables --------------------------------------------------------------


def test_table_folder_with_a_lexicon_folder_reads_the_tables(tmp_path):
    folder = tmp_path / "tables"
    (folder / "lexicon").mkdir(parents=True)
    pd.DataFrame({"text": [TEXT], "title": ["지원방안"]}).to_csv(folder / "docs.csv", index=False)
    (folder / "lexicon" / "stopwords.txt").write_text("# 분석에서 뺄 낱말\n있다\n하다\n", encoding="utf-8")
    (folder / "lexicon" / "user_dictionary.tsv").write_text("과기정통부\tNNP\n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert corpus["format"].tolist() == ["table"] and corpus["title"].tolist() == ["지원방안"]
    assert "lexicon/ folder: read as the lexicon, not as documents" in corpus.attrs["import_report"]["notes"]


def test_table_links_leading_outside_are_refused(tmp_path):
    private = "개인 메모: 외부 표의 내용은 보고서에 들어가면 안 된다. 인공지능 예산 초안."
    pd.DataFrame({"text": [private]}).to_csv(tmp_path / "private.csv", index=False)
    folder = tmp_path / "tables"
    folder.mkdir()
    pd.DataFrame({"text": [TEXT]}).to_csv(folder / "docs.csv", index=False)
    (folder / "linked.csv").symlink_to(tmp_path / "private.csv")
    corpus = load_corpus(folder)
    assert len(corpus) == 1 and not corpus["raw_text"].str.contains("개인 메모").any()
    reason = import_report(corpus).set_index("file").loc["linked.csv", "reason"]
    assert "a symbolic link to" in reason and "outside the corpus folder" in reason
    long = "산업통상자원부는 1.3.(월) 수출입 동향을 발표했다.\n\n- 수출은 전년 대비 25.8% 증가한 6,445억 달러."
    epic_folder = tmp_path / "epic"
    epic_folder.mkdir()
    epic_file(epic_folder / "epic_2201.xlsx", [(1, "수출입 동향", "2022.01.03", "산업통상자원부", long)])
    epic_file(tmp_path / "epic_private.xlsx", [(9, "비공개", "2022.02.01", "통계청", private)])
    (epic_folder / "epic_2202.xlsx").symlink_to(tmp_path / "epic_private.xlsx")
    corpus = load_corpus(epic_folder)
    assert corpus["doc_id"].tolist() == ["1"] and corpus["format"].tolist() == ["epic"]
    reason = import_report(corpus).set_index("file").loc["epic_2202.xlsx", "reason"]
    assert "outside the corpus folder" in reason


def test_a_quoted_comma_in_a_csv_header_stays_in_its_column_name(tmp_path):
    """The header is parsed, not split on commas: ``"제목, 부제"`` is one column, and a semicolon-separated
    export is read by its own separator whatever its suffix."""
    from analysis.importers.table import header_of, read_table

    quoted = tmp_path / "quoted.csv"
    quoted.write_text('id,"제목, 부제",본문\n1,"가, 나","정부는 인공지능 정책을 발표했다."\n', encoding="utf-8")
    assert header_of(quoted) == ["id", "제목, 부제", "본문"]
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text("id;제목;본문\n1;정책;정부는 데이터 정책을 발표했다, 그리고 설명했다.\n", encoding="utf-8")
    assert header_of(semicolons) == ["id", "제목", "본문"]
    assert read_table(semicolons)["본문"].tolist() == ["정부는 데이터 정책을 발표했다, 그리고 설명했다."]


def test_an_input_file_is_hashed_a_block_at_a_time_to_the_same_digest(tmp_path, monkeypatch):
    """A corpus file's cache key is its SHA-256, read a block at a time (a 300 MB table is not held whole to
    be hashed): the same digest as hashing the whole content, across block boundaries."""
    import hashlib

    from analysis.importers import cache

    monkeypatch.setattr(cache, "READ_BLOCK", 7)
    path = tmp_path / "articles.jsonl"
    path.write_text('{"text": "인공지능 정책"}\n' * 5, encoding="utf-8")
    assert cache.file_sha256(path).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_table_computed_for_the_cache_is_returned_as_a_later_run_reads_it(tmp_path):
    """cached_table hands back the file it wrote, read again (so an empty cache leaves the kernel holding what
    a filled one would, not what building the table left behind), equal to what was computed."""
    from analysis.importers.cache import cached_table

    built = pd.DataFrame({"text": ["과기정통부", "세종"] * 3, "n": range(6)})
    first = cached_table(tmp_path / "t.pkl", "test table", lambda: built)
    assert first is not built
    pd.testing.assert_frame_equal(first, built)
    again = cached_table(tmp_path / "t.pkl", "test table", lambda: pytest.fail("computed again"))
    pd.testing.assert_frame_equal(again, built)


def test_a_corpus_held_without_raw_texts_reads_them_from_its_cache(tmp_path, tmp_cache, monkeypatch):
    """``load_corpus(raw_text=False)`` leaves the raw texts in the corpus cache: ``raw_texts`` reads only the row
    groups that hold the documents asked for, in the order asked, the header's digest is the one of the raw
    texts, and with the cache folder deleted the corpus is read again."""
    import shutil

    import pyarrow.parquet as pq

    from analysis.corpus import raw_texts, with_raw_text
    from analysis.findings import content_digest
    from analysis.importers import cache

    monkeypatch.setattr(cache, "CORPUS_ROWS", 2)
    path = tmp_path / "docs.csv"
    raw = [f"□ {i}번째 문서\u00a0본문: {TEXT}" for i in range(5)]  # a bullet and a no-break space cleaning rewrites
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "text": raw}).to_csv(path, index=False)
    full = load_corpus(path)
    held = load_corpus(path, raw_text=False)
    assert "raw_text" not in held and held["text"].tolist() == full["text"].tolist()
    assert (full["raw_text"] != full["text"]).all()
    cleaned_only = pd.DataFrame({"doc_id": full["doc_id"].tolist(), "text": full["text"].tolist()})
    assert content_digest(held) == content_digest(full) != content_digest(cleaned_only)
    assert content_digest(held.iloc[:2]) != content_digest(full)  # two documents are not the corpus loaded
    groups_read = []
    read_row_group = pq.ParquetFile.read_row_group
    monkeypatch.setattr(pq.ParquetFile, "read_row_group",
                        lambda self, i, *a, **k: groups_read.append(i) or read_row_group(self, i, *a, **k))
    by_id = full.set_index("doc_id")["raw_text"]
    assert raw_texts(held, ["d4", "d1"]).tolist() == [by_id["d4"], by_id["d1"]] and sorted(groups_read) == [0, 2]
    pd.testing.assert_series_equal(raw_texts(held), by_id)
    assert raw_texts(held.iloc[[3, 0]]).tolist() == [by_id["d3"], by_id["d0"]]  # rows taken out and reordered
    pd.testing.assert_frame_equal(with_raw_text(held)[full.columns], full)
    with pytest.raises(KeyError, match="d9"):
        raw_texts(held, ["d9"])
    shutil.rmtree(tmp_cache)
    assert raw_texts(held, ["d2"]).tolist() == [by_id["d2"]]  # loaded again, as it was loaded


def test_a_corpus_held_without_its_texts_reads_them_a_part_at_a_time(tmp_path, tmp_cache, monkeypatch):
    """``load_corpus(text=False)`` (a notebook session's corpus) leaves the cleaned texts in the corpus cache:
    ``texts`` reads only the row groups of the documents asked for, ``text_batches`` each row group once and
    one at a time, and what is read equals the texts of the corpus loaded with them; the token store's keys,
    sentences and concordance lines (a document's text held at a time) cut from them are the same; a warm
    store reads no text, a part with a document not yet tokenized only its own row group, and a cold one
    each row group as the tokenizer reaches it."""
    import pyarrow.parquet as pq

    from analysis import terms, tokens
    from analysis.corpus import text_batches, texts, with_text
    from analysis.importers import cache
    from analysis.terms import kwic_lines
    from analysis.tokens import _text_keys, sentence_texts

    monkeypatch.setattr(cache, "CORPUS_ROWS", 2)
    path = tmp_path / "docs.csv"
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)],
                  "text": [f"□ {i}번째 문서\u00a0본문: {TEXT}" for i in range(5)]}).to_csv(path, index=False)
    full = load_corpus(path).drop(columns="raw_text")
    held = load_corpus(path, raw_text=False, text=False)
    assert "text" not in held and "raw_text" not in held
    groups_read = []
    read_row_group = pq.ParquetFile.read_row_group
    monkeypatch.setattr(pq.ParquetFile, "read_row_group",
                        lambda self, i, *a, **k: groups_read.append(i) or read_row_group(self, i, *a, **k))
    by_id = full.set_index("doc_id")["text"]
    assert texts(held, ["d3"]).tolist() == [by_id["d3"]] and groups_read == [1]
    groups_read.clear()
    parts = list(text_batches(held, size=2))
    assert groups_read == [0, 1, 2] and [len(p) for p in parts] == [2, 2, 1]
    pd.testing.assert_frame_equal(pd.concat(parts)[full.columns], full)
    pd.testing.assert_frame_equal(with_text(held)[full.columns], full)
    lexicon = analysis.load_lexicon()
    assert _text_keys(held, lexicon) == _text_keys(full, lexicon)
    spans = pd.DataFrame({"doc_id": ["d4", "d0"], "sent_id": [0, 0], "start": [2, 0], "end": [9, 5]})
    pd.testing.assert_frame_equal(sentence_texts(held, spans.copy()), sentence_texts(full, spans.copy()))
    assert sentence_texts(held, spans.copy())["sentence"].tolist() == [by_id["d4"][2:9], by_id["d0"][0:5]]
    hits = spans.rename(columns={"start": "s_start", "end": "s_end"}).assign(start=[4, 1], end=[6, 3])
    monkeypatch.setattr(terms, "KWIC_DOCUMENTS", 1)  # one document's text held at a time
    lines = kwic_lines(held, hits, window=3)
    pd.testing.assert_frame_equal(lines, kwic_lines(full, hits, window=3))
    assert lines["match"].tolist() == [by_id["d4"][4:6], by_id["d0"][1:3]]
    with pytest.raises(KeyError, match="d9"):
        texts(held, ["d9"])
    # a warm store reads no text; a part of the corpus with a document not yet tokenized reads only its own
    keys = _text_keys(held, lexicon)
    groups_read.clear()
    assert tokens._tokenize_missing(held, keys, set(keys), lexicon, None, 0, 10, False, None) == []
    assert groups_read == []
    chunks = []
    monkeypatch.setattr(tokens, "CORPUS_ROWS", 2)
    monkeypatch.setattr(tokens, "_tokenize_uncached", lambda todo, *args: chunks.extend(todo) or iter([]))
    tokens._tokenize_missing(held, keys, set(keys) - {keys[3]}, lexicon, None, 0, 10, False, None)
    assert chunks == [[(keys[3], by_id["d3"])]] and groups_read == [1]
    # cold, the texts are read a part at a time as the tokenizer takes its batches, never all at once
    groups_read.clear()
    batches = tokens._missing_chunks(held, keys, set(), 2)
    assert next(batches) == [(keys[0], by_id["d0"]), (keys[1], by_id["d1"])] and groups_read == [0]
    assert next(batches) == [(keys[2], by_id["d2"]), (keys[3], by_id["d3"])] and groups_read == [0, 1]
    assert list(batches) == [[(keys[4], by_id["d4"])]] and groups_read == [0, 1, 2]
