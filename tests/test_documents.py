"""Documents as researchers receive them: HWP, HWPX, PDF and saved pages, in a folder of any mix; bad files
set aside with a message that names the file and what to do; reading stays inside the corpus folder."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import cleaning_log, rebuild_raw
from analysis.corpus import CorpusError, format_summary, import_report, load_corpus
from analysis.importers import read_file
from analysis.paths import SEEDS, SHARED_CORPORA

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
DOCUMENTS = SHARED_CORPORA / "documents"
needs_shared = pytest.mark.skipif(not DOCUMENTS.is_dir(), reason="../shared/corpora/documents is not beside this checkout")
FDI_SENTENCE = "2025년 2분기(4~6월) 해외직접투자액은 총투자액 기준 141.5억 달러로 전년 동기(163.4억 달러) 대비 13.4% 감소하였다."


@pytest.fixture(autouse=True)
def fresh_cache(tmp_cache):
    """Each test reads its files, not an earlier test's cached documents."""


def copy(tmp_path, *names, folder="docs"):
    target = tmp_path / folder
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, target / name)
    return target


# --- readers --------------------------------------------------------------------------------------------


def test_hwp_table_rows_keep_their_cells_and_footnotes():
    document = read_file(FIXTURES / "moef-2010-fiscal-stats.hwp")
    assert (document.format, document.extractor) == ("hwp", "python-hwpx 6.9.0")
    lines = document.text.splitlines()
    assert "수       입 (A)\t19,159\t727\t0\t4,899\t216\t25,002" in lines
    # the cell 경상수입 carries a two-paragraph footnote; the row still ends with its numbers
    row = next(line for line in lines if line.startswith("\t 경상수입"))
    assert "사회보장기여금 포함" in row and row.endswith("19,124\t714\t0\t4,893\t215\t24,946")
    assert "\t 자본수입2)2) 자본수입 : 고정․재고자산, 토지 및 무형자산 매각수입 등\t35\t13\t0\t6\t2\t56" in lines


def test_hwpx_press_release_text_date_and_title():
    document = read_file(FIXTURES / "moef-2025q2-fdi-press.hwpx")
    assert document.format == "hwpx"
    assert FDI_SENTENCE in document.text
    assert (document.published, document.published_source) == ("2025-09-19", "header:보도시점")
    corpus = load_corpus(FIXTURES / "moef-2025q2-fdi-press.hwpx")
    assert len(corpus) == 1
    row = corpus.iloc[0]
    assert row["title"] == "‘25년 2분기 해외직접투자는 141.5억 달러로 전년동기비 13.4% 감소"
    assert row["published"] == pd.Timestamp("2025-09-19") and row["department"] == "대외경제국 국제경제과"
    assert "date: the header field 보도시점" in row["source_note"]
    assert row["raw_text"] == document.text


def test_saved_page_article_and_its_metadata():
    document = read_file(FIXTURES / "gwangju-city-ai-press.html")
    assert document.format == "html" and document.extractor.startswith("trafilatura ")
    assert "‘인공지능인의 날’은 지역 인공지능산업 발전을 위해 노력해 온 관계자들이" in document.text
    assert "boardView" not in document.text and "로그인" not in document.text  # page furniture gone
    assert (document.title, document.published, document.publisher) == (
        "광주 인공지능인들, AI산업 상생발전 다짐", "2025-12-05", "광주광역시청")
    assert document.published_source == "html:meta"


@needs_shared
def test_hwp_and_hwpx_of_one_release_give_the_same_text():
    hwp = read_file(DOCUMENTS / "hwp" / "msit-2018-noori-press.hwp")
    hwpx = read_file(DOCUMENTS / "hwpx" / "msit-2018-noori-press.hwpx")
    assert hwp.text == hwpx.text
    assert "한국형발사체(KSLV-2)의 새로운 이름으로 “누리”가 선정되었다고 밝혔다." in hwp.text
    assert (hwp.published, hwp.published_source, hwp.department) == ("2018-09-04", "header:보도일시", "거대공공연구정책과")


@needs_shared
def test_pdf_pages_are_separated_by_form_feeds():
    document = read_file(DOCUMENTS / "pdf" / "moef-2025q2-fdi-press.pdf")
    assert document.format == "pdf" and document.pages == 9
    pages = document.text.split("\f")
    assert len(pages) == 9 and pages[0].startswith("- 1 -") and pages[8].startswith("- 9 -")
    assert "2025년 2분기(4~6월) 해외직접투자액은 총투자액 기준 141.5억 달러로 전" in pages[0]
    assert document.published == "2025-09-19"


# --- bad files ------------------------------------------------------------------------------------------


def make_bad_files(folder: Path) -> dict[str, str]:
    """Broken files made from the fixtures, each with the message it must get."""
    folder.mkdir(parents=True, exist_ok=True)
    hwp = (FIXTURES / "moef-2010-fiscal-stats.hwp").read_bytes()
    hwpx = (FIXTURES / "moef-2025q2-fdi-press.hwpx").read_bytes()
    page = (FIXTURES / "gwangju-city-ai-press.html").read_bytes()
    files = {
        "empty.hwp": (b"", "empty file"),
        "truncated.hwp": (hwp[: len(hwp) // 2], "damaged HWP file.*truncated or corrupt"),
        "truncated.hwpx": (hwpx[: len(hwpx) // 2], "damaged HWPX file.*truncated or corrupt"),
        "old.hwp": (b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + bytes(200), "HWP 3.0 file.*save it as HWPX"),
        "cut-before-body.html": (page[: page.index(b"<body")], "no article text in the page.*save it again"),
        "login.pdf": (b"<!DOCTYPE html><html><head><title>\xeb\xa1\x9c\xea\xb7\xb8\xec\x9d\xb8</title></head><body></body></html>",
                      "named .pdf but is a web page.*download the document again"),
        "english.html": (b"<html><head><title>Notes</title></head><body><article><p>" + b"An English page only. " * 40
                         + b"</p></article></body></html>", "almost no Korean"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    for name in ("password-12345.hwp", "password-12345.hwpx", "text-renamed.hwp"):
        shutil.copy(FIXTURES / name, folder / name)
    messages = {name: message for name, (_, message) in files.items()}
    messages |= {"password-12345.hwp": "password-protected.*remove the password",
                 "password-12345.hwpx": "password-protected.*remove the password",
                 "text-renamed.hwp": "named .hwp but holds plain text.*rename the file to .txt"}
    return messages


def test_each_bad_file_gets_its_message(tmp_path):
    messages = make_bad_files(tmp_path / "bad")
    for name, message in messages.items():
        with pytest.raises(CorpusError, match=message) as error:
            read_file(tmp_path / "bad" / name, f"bad/{name}")
        assert str(error.value).startswith(f"bad/{name}: "), str(error.value)


@needs_shared
@pytest.mark.parametrize("name, message", [
    ("hwp/hancom-distribution-spec.hwp", "distribution document \\(배포용 문서\\): its text is encrypted"),
    ("pdf/derived-imageonly-moef-p1-2.pdf", "no text layer; a scanned PDF needs OCR first"),
    ("broken/moef-fdi-truncated50.pdf", "damaged PDF.*truncated or corrupt"),
    ("broken/noori-corrupt4k.hwp", "damaged HWP file"),
])
def test_shared_bad_files(name, message):
    with pytest.raises(CorpusError, match=message):
        read_file(DOCUMENTS / name, name)


def test_folder_of_any_mix_reads_the_good_and_sets_aside_the_bad(tmp_path):
    folder = copy(tmp_path, "moef-2025q2-fdi-press.hwpx", folder="corpus/hwpx")
    copy(tmp_path, "gwangju-city-ai-press.html", folder="corpus/pages/2025")
    copy(tmp_path, "moef-2010-fiscal-stats.hwp", folder="corpus/hwp")
    root = folder.parent
    (root / "note.txt").write_text("광주 인공지능 정책 메모\n작성일: 2023-02-07\n인공지능 집적단지 사업을 정리한다.", encoding="utf-8")
    (root / "README.md").write_text("not a document", encoding="utf-8")
    messages = make_bad_files(root / "bad")
    corpus = load_corpus(root)
    assert corpus["doc_id"].tolist() == ["hwp/moef-2010-fiscal-stats", "hwpx/moef-2025q2-fdi-press", "note",
                                         "pages/2025/gwangju-city-ai-press"]
    assert corpus["format"].tolist() == ["hwp", "hwpx", "text", "html"]
    assert corpus.loc[2, "published"] == pd.Timestamp("2023-02-07") and corpus.loc[2, "title"] == "광주 인공지능 정책 메모"
    report = import_report(corpus)
    aside = report[report["action"] == "set aside"]
    assert sorted(aside["file"]) == sorted(f"bad/{name}" for name in messages)
    for name, message in messages.items():
        assert aside.loc[aside["file"] == f"bad/{name}", "reason"].str.contains(message).all(), name
    kinds = aside.groupby("kind").size()  # counted by kind: the two password files are one line, not two
    assert kinds["password-protected"] == 2 and kinds["a damaged HWP file"] == 1 and kinds["empty file"] == 1
    assert not aside["kind"].str.contains("bad/").any()
    assert corpus.attrs["import_report"]["notes"][0] == "1 file(s) of other types not read: README.md"
    summary = format_summary(corpus).set_index("format")
    assert summary.loc["hwp", "documents"] == 1 and summary.loc["hwp", "set_aside"] == 5
    assert summary.loc["html", "set_aside"] == 2 and summary.loc["pdf", "set_aside"] == 1 and summary.loc["hwpx", "extractor"] == "python-hwpx 6.9.0"
    log = cleaning_log(corpus)
    for doc_id, raw, text in zip(corpus["doc_id"], corpus["raw_text"], corpus["text"], strict=True):
        assert rebuild_raw(text, log[log["doc_id"] == doc_id]) == raw
    with pytest.raises(CorpusError, match="bad/"):
        load_corpus(root, strict=True)


def test_a_date_from_the_body_is_noted(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("지원방안 발표\n과학기술정보통신부는 2023년 2월 7일 인공지능 지원방안을 발표했다.", encoding="utf-8")
    corpus = load_corpus(folder)
    assert corpus.loc[0, "published_source"] == "body"
    assert corpus.attrs["import_report"]["notes"] == [
        "1 of 1 dates are the first date written in the body, not a header field or the file's metadata; "
        "check them: a.txt"]


def test_a_missing_reader_library_is_named(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(CorpusError, match="needs the package trafilatura, which is not installed"):
        read_file(FIXTURES / "gwangju-city-ai-press.html")


# --- reading stays inside the corpus ------------------------------------------------------------------


def test_manifest_row_leading_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "manifest.csv").write_text(
        "doc_id,file,title,published,publisher,doc_type,source_note\n"
        "etc,../../../../../../etc/os-release,t,2023-01-01,p,notice,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="row 'etc' names '../../../../../../etc/os-release', which resolves outside"):
        load_corpus(folder)


def test_symbolic_links_leading_outside_are_refused(tmp_path):
    outside = tmp_path / "private.txt"
    outside.write_text("개인 메모: 외부 파일의 내용은 보고서에 들어가면 안 된다.", encoding="utf-8")
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("공개 문서\n인공지능 정책 자료입니다. 2023-02-07", encoding="utf-8")
    (folder / "linked.txt").symlink_to(outside)
    (folder / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a"]
    assert "outside the corpus folder" in import_report(corpus).set_index("file").loc["linked-folder", "reason"]
    assert not corpus["raw_text"].str.contains("개인 메모").any()
    reason = import_report(corpus).set_index("file").loc["linked.txt", "reason"]
    assert "a symbolic link to" in reason and "outside the corpus folder" in reason
    (folder / "manifest.csv").write_text(
        "doc_id,file,title,published,publisher,doc_type,source_note\n"
        "a,a.txt,t,2023-02-07,p,notice,\nlinked,linked.txt,t,2023-02-07,p,notice,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="row 'linked' names 'linked.txt', which resolves outside"):
        load_corpus(folder)


def zip_bomb(path: Path, first: tuple[str, bytes], member: str, megabytes: int = 300) -> None:
    """A zip whose member expands to ``megabytes`` MB of zeros (about 300 KB compressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, as OCF wants the mimetype
        with archive.open(member, "w", force_zip64=True) as out:
            block = bytes(1 << 20)
            for _ in range(megabytes):
                out.write(block)


def test_zip_bombs_posing_as_hwpx_or_xlsx_are_refused(tmp_path, monkeypatch):
    import analysis.importers.base as base

    # the limit scaled down with the bomb (the check reads the sizes the archive declares, whatever they are)
    monkeypatch.setattr(base, "MAX_EXPANDED_BYTES", 8 * 1024 * 1024)
    zip_bomb(tmp_path / "bomb.hwpx", ("mimetype", b"application/hwp+zip"), "Contents/section0.xml", megabytes=16)
    with pytest.raises(CorpusError, match="bomb.hwpx: member 'Contents/section0.xml' would expand .* refused before"):
        read_file(tmp_path / "bomb.hwpx")
    zip_bomb(tmp_path / "bomb.xlsx", ("[Content_Types].xml", b"<Types/>"), "xl/worksheets/sheet1.xml", megabytes=16)
    with pytest.raises(CorpusError, match="bomb.xlsx: member 'xl/worksheets/sheet1.xml' would expand"):
        load_corpus(tmp_path / "bomb.xlsx")


def test_an_oversized_hwp_stream_is_refused_before_expansion(tmp_path, monkeypatch):
    import zlib

    from hwpx.hwp5.cfb import CompoundFile, build_compound_file, read_all_streams

    import analysis.importers.hwp as hwp_module

    streams = dict(read_all_streams(CompoundFile((FIXTURES / "moef-2010-fiscal-stats.hwp").read_bytes())))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = b"".join(compressor.compress(bytes(1 << 20)) for _ in range(64)) + compressor.flush()
    streams["BodyText/Section0"] = bomb  # 64 MB of zeros in about 64 KB
    (tmp_path / "bomb.hwp").write_bytes(build_compound_file(sorted(streams.items())))
    monkeypatch.setattr(hwp_module, "MAX_EXPANDED_BYTES", 32 * 1024 * 1024)
    with pytest.raises(CorpusError, match="bomb.hwp: stream 'BodyText/Section0' would expand past 33,554,432 bytes"):
        read_file(tmp_path / "bomb.hwp")


# --- cache --------------------------------------------------------------------------------------------


def test_a_truncated_corpus_cache_is_rebuilt_with_a_warning(tmp_path, tmp_cache):
    folder = copy(tmp_path, "moef-2025q2-fdi-press.hwpx")
    first = load_corpus(folder)
    [parquet] = (tmp_cache / "corpus").glob("*.parquet")
    parquet.write_bytes(parquet.read_bytes()[:100])
    [document] = (tmp_cache / "documents").glob("*.json")
    document.write_text('{"document": {"te', encoding="utf-8")
    with pytest.warns(UserWarning, match=f"{parquet.name}: unreadable cache file"):
        again = load_corpus(folder)
    pd.testing.assert_frame_equal(first, again)
    assert load_corpus(folder).attrs == first.attrs
    assert not list((tmp_cache / "corpus").glob("*.tmp")) and not list((tmp_cache / "documents").glob(".*"))


def test_a_saved_page_with_an_implausible_date_is_left_undated(tmp_path, monkeypatch):
    import trafilatura

    real = trafilatura.bare_extraction

    def placeholder_date(*args, **kwargs):  # a page whose metadata holds a placeholder, not a date
        return dict(real(*args, **kwargs).as_dict(), date="1900-01-01")

    monkeypatch.setattr(trafilatura, "bare_extraction", placeholder_date)
    document = read_file(FIXTURES / "gwangju-city-ai-press.html")
    assert (document.published, document.published_source) == ("", "")  # the article's text names no date
    corpus = load_corpus(copy(tmp_path, "gwangju-city-ai-press.html"))
    assert pd.isna(corpus.loc[0, "published"])
    assert import_report(corpus)["reason"].tolist() == ["no plausible date: published left empty"]


# --- one rule for dates, publisher and department read from text -----------------------------------------


def test_every_reader_takes_dates_and_departments_from_header_fields():
    from analysis.importers.metadata import header_fields

    for document in (read_file(SEEDS / "000_f6ba21de1aad98d1.txt"), read_file(FIXTURES / "moef-2025q2-fdi-press.hwpx")):
        fields = header_fields(document.text)
        assert (document.published, document.published_source) == (f"{fields['published']:%Y-%m-%d}",
                                                                    fields["published_source"])
        assert document.department == (fields["department"] or "")
    assert read_file(SEEDS / "000_f6ba21de1aad98d1.txt").published == "2023-02-07"


# --- what a corpus folder holds besides documents -------------------------------------------------------


def lexicon_in(folder: Path) -> None:
    """A researcher's lexicon folder, as analysis.lexicon.load_lexicon reads it."""
    lexicon = folder / "lexicon"
    lexicon.mkdir()
    (lexicon / "user_dictionary.tsv").write_text("누리호\tNNP\n과기정통부\tNNP\n", encoding="utf-8")
    (lexicon / "stopwords.txt").write_text("# 분석에서 뺄 낱말\n있다\n하다\n", encoding="utf-8")
    (lexicon / "aliases.tsv").write_text("과기정통부\t과학기술정보통신부\n", encoding="utf-8")


def test_a_lexicon_folder_is_read_as_the_lexicon_not_as_documents(tmp_path):
    folder = copy(tmp_path, "moef-2025q2-fdi-press.hwpx")
    shutil.copy(SEEDS / "000_f6ba21de1aad98d1.txt", folder / "seed.txt")
    lexicon_in(folder)
    corpus = load_corpus(folder)
    assert sorted(corpus["doc_id"]) == ["moef-2025q2-fdi-press", "seed"]
    notes = corpus.attrs["import_report"]["notes"]
    assert "lexicon/ folder: read as the lexicon, not as documents" in notes
    assert not any("user_dictionary" in note for note in notes)  # not even counted as a file of another type
    text_only = tmp_path / "texts"
    text_only.mkdir()
    shutil.copy(SEEDS / "001_5ff74a0d3a905c50.txt", text_only / "a.txt")
    lexicon_in(text_only)
    assert load_corpus(text_only)["doc_id"].tolist() == ["a"]


def test_hidden_folders_and_other_files_do_not_change_the_cache_key(tmp_path, tmp_cache):
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(SEEDS / "000_f6ba21de1aad98d1.txt", folder / "a.txt")
    (folder / "README.md").write_text("출처: 과기정통부 누리집\n", encoding="utf-8")
    load_corpus(folder)
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text("저장된 사본\n", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "index").write_bytes(b"DIRC\x00\x00\x00\x02")
    (folder / "README.md").write_text("출처: 과기정통부 누리집 (2023년 2월 내려받음)\n", encoding="utf-8")
    load_corpus(folder)
    assert len(list((tmp_cache / "corpus").glob("*.parquet"))) == 1
    (folder / "a.txt").write_text((folder / "a.txt").read_text(encoding="utf-8") + "\n추가 문단.", encoding="utf-8")
    load_corpus(folder)
    assert len(list((tmp_cache / "corpus").glob("*.parquet"))) == 2


def test_each_document_is_hashed_once_and_the_readers_code_digested_once(tmp_path, monkeypatch):
    from collections import Counter

    from analysis.importers import cache

    folder = tmp_path / "c"
    folder.mkdir()
    names = sorted(p.name for p in SEEDS.glob("*.txt"))[:3]
    for name in names:
        shutil.copy(SEEDS / name, folder / name)
    reads = Counter()
    read_bytes = Path.read_bytes

    def counted(self):
        reads[self.name] += 1
        return read_bytes(self)

    hashed = Counter()
    file_sha256 = cache.file_sha256

    def counted_hash(path):
        hashed[path.name] += 1
        return file_sha256(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    monkeypatch.setattr(cache, "file_sha256", counted_hash)
    cache.code_digest.cache_clear()
    corpus = load_corpus(folder)
    assert len(corpus) == 3
    assert cache.code_digest.cache_info().misses == 1
    assert [hashed[name] for name in names] == [1, 1, 1]  # once for the corpus key (a block at a time) ...
    assert [reads[name] for name in names] == [1, 1, 1]  # ... and read once, by the reader


# --- saved pages without their article, and the furniture a board template leaves (issue #18) ------------------


@pytest.mark.parametrize("kilobytes", [20, 40])
def test_page_saved_before_its_body_loaded_is_set_aside(tmp_path, kilobytes):
    # the city's real page cut where a browser stops saving before the body loads: its first 20 KB hold the skip
    # link, the e-government banner and the portal's menus; 40 KB add the "my menu" panel, still no article
    page = (FIXTURES / "gwangju-city-ai-press.html").read_bytes()[: kilobytes * 1024]
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "early.html").write_bytes(page)
    shutil.copy(FIXTURES / "gwangju-city-ai-press.html", folder / "whole.html")
    with pytest.raises(CorpusError, match=r"early\.html: a page without its article: its text \(\d+ characters\) "
                                          r"is only site menus and page furniture"):
        read_file(folder / "early.html")
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["whole"]
    aside = import_report(corpus).set_index("file")
    assert aside.loc["early.html", "action"] == "set aside"
    assert "a page without its article" in aside.loc["early.html", "reason"]


COUNTY_PAGE = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>보도자료 상세 - 예시군청</title>
<meta property="og:site_name" content="예시군청"></head><body>
<div id="skip"><a href="#contents">본문 바로가기</a></div>
<div id="contents"><div class="board_view"><h3>예시군, 농촌 인공지능 돌봄 서비스 확대</h3>
<ul class="info"><li>작성일 2024-05-14</li><li>조회수 1,234</li></ul>
<div class="view_cont">
<p>예시군은 홀로 사는 어르신 300가구에 인공지능 스피커를 보급해 안부 확인과 응급 호출을 돕는 돌봄 서비스를 확대한다고 14일 밝혔다.</p>
<p>군은 올해 사업비 2억 원을 들여 읍면 보건지소와 연계한 건강관리 프로그램도 함께 운영할 계획이다.</p>
<p>담당부서 : 복지정책과 노인복지팀</p>
<p>조회수 : 1,234</p>
</div>
<p>본 저작물은 "공공누리" 제1유형:출처표시 조건에 따라 이용할 수 있습니다.</p>
<p>목록</p>
<ul class="prev_next"><li>이전글 예시군, 청년 창업 지원 공모</li><li>다음글이 존재하지 않습니다.</li></ul>
</div></div></body></html>"""


def test_board_template_lines_of_a_county_page_go_through_the_boilerplate_rules(tmp_path):
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "press.html").write_text(COUNTY_PAGE, encoding="utf-8")
    corpus = load_corpus(folder)
    row = corpus.iloc[0]
    assert "조회수 : 1,234" in row["raw_text"]  # the extractor leaves the counter in the body ...
    text = row["text"]
    assert text.startswith("예시군은 홀로 사는 어르신 300가구에") and "2억 원을 들여" in text
    for furniture in ("조회수", "담당부서", "공공누리", "목록", "이전글", "다음글"):  # ... cleaning takes it out
        assert furniture not in text, furniture
    log = cleaning_log(corpus)
    by_rule = log.groupby("rule")["removed"].agg("".join)  # adjacent lines of one rule are one logged span
    for line in ("조회수 : 1,234", "목록", '본 저작물은 "공공누리" 제1유형:출처표시 조건에 따라 이용할 수 있습니다.'):
        assert line in by_rule["page_template"].splitlines(), line
    assert "담당부서 : 복지정책과 노인복지팀" in by_rule["press_contact"].splitlines()
    assert rebuild_raw(text, log) == row["raw_text"]
