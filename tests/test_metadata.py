"""Header metadata on real header lines: the zoo's bills, the seeds, press releases as python-hwpx and
pypdfium2 extract them, a saved city-hall page; and adversarial inputs (a date only in the body, an
implausible header year, two header fields, an event's 일시)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.importers.metadata import PLAUSIBLE_YEARS, first_full_date, header_fields, header_zone
from analysis.importers.text import read_document
from analysis.paths import SEEDS, SHARED_CORPORA

KOBILL = SHARED_CORPORA / "zoo" / "kobill"

# Press-release headers as the readers extract them. Sources, ../shared/corpora/documents/:
# hwpx/msit-2018-noori-press.hwpx read with python-hwpx 6.9.0 (TextExtractor.extract_text), first 12 lines
NOORI_HWPX = """보도일시
2018. 9. 4.(화) 조간(온라인 9. 3. 12:00)부터 보도해 주시기 바랍니다.  
배포일시
2018. 9. 3.(월) 09:00
담당부서
거대공공연구정책과
담당과장
장인숙(02-2110-2430)
담 당 자
 용찬재 사무관(02-2110-2428)
우리가 독자 개발하여 최초 발사하는 한국형발사체,
국민이 정한 그 이름은 ｢누리｣
□ 과학기술정보통신부(장관 유영민, 이하 ‘과기정통부’)는 우리나라 최초로 순수 우리기술로 개발 중인 한국형발사체(KSLV-2)의 새로운 이름으로 “누리”가 선정되었다고 밝혔다.
"""  # noqa: W291 - the trailing spaces are the extractor's
# the same file, its closing lines
NOORI_CONTACT = """이 자료에 대하여 더욱 자세한 내용을 원하시면
과학기술정보통신부 용찬재 사무관(☎ 02-2110-2428)에게 연락주시기 바랍니다.
붙임
 한국형발사체(누리호)와 시험발사체 비교
"""
# hwpx/moef-2025q2-fdi-press.hwpx with python-hwpx 6.9.0: the first 7 lines, and the contact table after the body
MOEF_HWPX = """보도자료
‘25년 2분기 해외직접투자는 141.5억
달러로 전년동기비 13.4% 감소
보도시점
2025. 9. 19.(금) 11:00
배포
2025. 9. 19.(금) 08:00
 \u30002025년 2분기(4~6월) 해외직접투자액은 총투자액 기준 141.5억 달러로 전년 동기(163.4억 달러) 대비 13.4% 감소하였다.
"""
MOEF_HWPX_CONTACT = """  ※ 2025년 해외직접투자 상세통계는 별첨 참고자료를 확인해주시기 바랍니다. 기타 해외직접투자에 대한 상세한 통계는 한국수출입은행 해외직접투자통계 홈페이지 (https://stats.koreaexim.go.kr/main.do)를 참고 바랍니다.
담당 부서
대외경제국
책임자
과  장 
강병중
(044-215-7630)
국제경제과
담당자
사무관
황예진
(yejin1210@korea.kr)
참고 1
"""  # noqa: W291
# pdf/moef-2025q2-fdi-press.pdf read with pypdfium2 5.15.2 (get_text_range), page 1 top and page 2 contact lines
MOEF_PDF = ("- 1 -\r\n보도자료\r\n보도시점 2025. 9. 19.(금) 11:00 배포 2025. 9. 19.(금) 08:00\r\n \r\n"
            "2025년 2분기(4~6월) 해외직접투자액은 총투자액 기준 141.5억 달러로 전\r\n")
MOEF_PDF_CONTACT = ("가와 다각도로 소통과 협력을 강화해 나갈 예정이다.\r\n"
                    "담당 부서 대외경제국 책임자 과 장 강병중 (044-215-7630)\r\n"
                    "국제경제과 담당자 사무관 황예진 (yejin1210@korea.kr)\r\n"
                    "구분 미국 케이맨제도 룩셈부르크 베트남 건지\r\n")
# html/gwangju-city-ai-press.html, the page's text (lxml text_content, blank lines dropped), lines 424-429
GWANGJU_PAGE = """보도자료
광주 인공지능인들, AI산업 상생발전 다짐
- ‘인공지능인의 날’ 150여명 참여…AI산업 발전 39명 표창
- 지역 AI생태계 협력 강화…실증도시 광주 도약 기반 마련
작성일 : 2025-12-05 17:09
96
"""
# ../shared/corpora/zoo/kobill/1809897.txt, the header of a government bill (제출연월일, letter-spaced 제출자)
KOBILL_1809897 = """국군부대의 아랍에미리트(UAE)군 교육훈련 지원 등에 
관한 파견 동의안

의안
                                                                  제출연월일 :  2010.    11.    15.
9897
번호
                                                                        제  출  자 :  정         부

제안이유
"""  # noqa: W291
# seeds/000_f6ba21de1aad98d1.txt, first lines (a ministry board page)
SEED_000 = "보도자료\n\n과기정통부, 국제기구(ITU)와 ‘AI for good’ 공동개최\n\n작성자 : 관리자 작성일 : 2023-02-07\n\n \n"
# seeds/003_9e9f194a04e1a457.txt, first lines (a Daum portal page) and its copyright line
SEED_003 = ("인공지능산업융합사업단-조선대병원, AI 헬스케어 산업 발전 업무협약 체결\n\n김한식 2023. 4. 11. 17:45\n"
            "자동요약 기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다.\n")
SEED_003_END = "Copyright © 전자신문. 무단전재 및 재배포 금지.\n"


def bills() -> list:
    if not KOBILL.is_dir():
        pytest.skip(f"{KOBILL} is absent: the zoo corpora live in ../shared/corpora/zoo")
    return sorted(KOBILL.glob("*.txt"))


# ------------------------------------------------------------------------------------------------------------
# real headers


def test_every_kobill_bill_gets_its_header_date_never_the_body():
    files = bills()
    assert len(files) == 10
    expected = {"1809890": "2010-11-12", "1809891": "2010-11-12", "1809892": "2010-11-12", "1809893": "2010-11-12"}
    for path in files:
        fields = header_fields(read_document(path))
        assert fields["published_source"] in ("header:발의연월일", "header:제출연월일"), path.name
        assert fields["published"] == pd.Timestamp(expected.get(path.stem, "2010-11-15")), path.name
        assert fields["title"] and fields["title"].endswith("안"), path.name
        assert fields["publisher"], path.name


def test_kobill_bodies_hold_other_dates_that_must_not_win():
    # 1809898's body says the deployment ends on 2010년 12월 31일; the old first-date rule took it
    path = KOBILL / "1809898.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    text = read_document(path)
    assert first_full_date(text.split("제안이유", 1)[1]) == pd.Timestamp("2010-12-31")
    assert header_fields(text)["published"] == pd.Timestamp("2010-11-15")


def test_government_bill_header_title_and_spaced_submitter():
    fields = header_fields(KOBILL_1809897)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2010-11-15"), "header:제출연월일")
    assert fields["title"] == "국군부대의 아랍에미리트(UAE)군 교육훈련 지원 등에 관한 파견 동의안"
    assert (fields["publisher"], fields["publisher_source"]) == ("정부", "header:제출자")


def test_seeds_agree_with_the_manifest_where_the_text_states_the_date():
    manifest = pd.read_csv(SEEDS / "manifest.csv", dtype=str)
    stated = 0
    for row in manifest.itertuples():
        fields = header_fields(read_document(SEEDS / row.file))
        if "Date inferred" in row.source_note:
            # the date is a reader's inference from the body: the header must not claim one
            assert not fields["published_source"].startswith("header:"), row.doc_id
        else:
            stated += 1
            assert fields["published"] == pd.Timestamp(row.published), row.doc_id
            assert fields["published_source"].startswith("header:"), row.doc_id
            assert fields["title"] == row.title, row.doc_id
        assert fields["title"] in (None, row.title), row.doc_id
        assert fields["publisher"] in (None, row.publisher), row.doc_id
    assert stated >= 2


def test_board_header_line_and_its_headline():
    fields = header_fields(SEED_000)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-02-07"), "header:작성일")
    assert fields["title"] == "과기정통부, 국제기구(ITU)와 ‘AI for good’ 공동개최"


def test_byline_date_with_time_and_copyright_publisher():
    fields = header_fields(SEED_003 + "본문 ...\n" + SEED_003_END)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-04-11"), "header:dateline")
    assert fields["title"] == "인공지능산업융합사업단-조선대병원, AI 헬스케어 산업 발전 업무협약 체결"
    assert (fields["publisher"], fields["publisher_source"]) == ("전자신문", "copyright")


def test_news_article_subject_is_not_its_publisher():
    # seeds/004: "서울디지털재단(이사장 강요식)은 ..." is the news' subject; the outlet is not named
    text = ("지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습. /서울디지털재단 제공\n"
            "서울디지털재단(이사장 강요식)은 11월 28일부터 이틀간 서울시청 8층 다목적홀에서 포럼을 연다.\n")
    assert header_fields(text)["publisher"] is None
    assert header_fields("보도자료\n" + text)["publisher"] == "서울디지털재단"


def test_hwpx_press_release_header_table():
    fields = header_fields(NOORI_HWPX + "본문\n" * 5 + NOORI_CONTACT)
    # issued 2018-09-03 (배포일시); the print embargo (보도일시) is the next morning
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2018-09-03"), "header:배포일시")
    assert (fields["department"], fields["department_source"]) == ("거대공공연구정책과", "header:담당부서")
    assert (fields["publisher"], fields["publisher_source"]) == ("과학기술정보통신부", "contact")
    assert fields["title"] is None  # a headline after a header table is not trusted
    # without the contact lines, the lead "<부처>(장관 <이름>, ...)는" of a press release names the publisher
    assert (header_fields(NOORI_HWPX)["publisher_source"]) == "lead"


def test_hwpx_and_pdf_of_one_release_agree():
    from_hwpx = header_fields(MOEF_HWPX + "본문 문장이다.\n" * 40 + MOEF_HWPX_CONTACT)
    from_pdf = header_fields(MOEF_PDF + "본문 문장이다.\r\n" * 40 + MOEF_PDF_CONTACT)
    for fields in (from_hwpx, from_pdf):
        assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2025-09-19"), "header:배포")
        # the contact table comes after the body; its bureau cell is followed by the division's row
        assert fields["department"] == "대외경제국 국제경제과"
        assert fields["publisher"] is None


def test_header_table_rows_with_tab_separated_cells():
    # hwp/msit-2018-noori-press.hwp and hwpx/moef-2025q2-fdi-press.hwpx as analysis.importers.hwp reads them
    # (python-hwpx, one line per table row, cells separated by tabs): the first three rows, the contact rows
    noori = ("보도일시\t2018. 9. 4.(화) 조간(온라인 9. 3. 12:00)부터 보도해 주시기 바랍니다.  \n"
             "배포일시\t2018. 9. 3.(월) 09:00\t담당부서\t거대공공연구정책과\n"
             "담당과장\t장인숙(02-2110-2430)\t담 당 자\t 용찬재 사무관(02-2110-2428)\n")
    fields = header_fields(noori)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2018-09-03"), "header:배포일시")
    assert fields["department"] == "거대공공연구정책과"
    moef = ("\t보도자료\t\n‘25년 2분기 해외직접투자는 141.5억 달러로 전년동기비 13.4% 감소\n"
            "보도시점\t2025. 9. 19.(금) 11:00\t배포\t2025. 9. 19.(금) 08:00\n" + "본문 문장이다.\n" * 40
            + "담당 부서\t대외경제국\t책임자\t과  장 \t강병중\t(044-215-7630)\n"
            "\t국제경제과\t담당자\t사무관\t황예진\t(yejin1210@korea.kr)\n")
    fields = header_fields(moef)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2025-09-19"), "header:배포")
    assert fields["department"] == "대외경제국 국제경제과"


def test_saved_city_hall_page_headline_above_subtitles():
    fields = header_fields(GWANGJU_PAGE)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2025-12-05"), "header:작성일")
    assert fields["title"] == "광주 인공지능인들, AI산업 상생발전 다짐"


# ------------------------------------------------------------------------------------------------------------
# adversarial


def test_date_only_in_the_body_is_the_last_resort_and_flagged():
    fields = header_fields("지방자치 관련 보고\n\n정부는 2023년 4월 11일 발표한 계획에 따라 지원을 확대한다.")
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-04-11"), "body")
    assert fields["title"] is None
    assert header_fields("날짜가 없는 문서")["published_source"] == ""
    assert pd.isna(header_fields("날짜가 없는 문서")["published"])


def test_implausible_header_year_is_rejected():
    fields = header_fields("제목 : 시험\n작성일 : 2203-02-07\n본문에 날짜가 없다.")
    assert pd.isna(fields["published"]) and fields["published_source"] == ""
    # the next candidate is taken: another header field, else the body, flagged
    fields = header_fields("작성일 : 1900-01-01\n등록일 : 2023-02-08\n본문")
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-02-08"), "header:등록일")
    fields = header_fields("작성일 : 1900-01-01\n본문: 2023. 2. 9. 발표")
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-02-09"), "body")
    assert PLAUSIBLE_YEARS[0] <= 1948 < PLAUSIBLE_YEARS[1] and not PLAUSIBLE_YEARS[0] <= 1900 < PLAUSIBLE_YEARS[1]


def test_two_header_fields_the_reader_prefers_one_in_any_order():
    board = "작성일 : 2023-02-08\n"
    embargo = "보도일시 : 2023. 2. 7.(화) 12:00\n"
    for text in (board + embargo, embargo + board):
        fields = header_fields(text + "본문")
        assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-02-07"), "header:보도일시")
    bill = header_fields("입력 2010-11-20 10:30\n발의연월일 : 2010.  11.  12.\n")
    assert bill["published_source"] == "header:발의연월일"


def test_event_date_and_yearless_fields_are_not_the_documents_date():
    text = "행사 개최 안내\n일시 : 2023. 3. 2.(목) 14:00\n보도일시 : 2. 7.(화) 조간\n작성일 : 2023-02-06\n"
    fields = header_fields(text)
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-02-06"), "header:작성일")


def test_date_forms_inside_header_fields():
    cases = {
        "발의연월일 : 2010.  11.  12.  ": "2010-11-12",
        "기사입력 2023-04-11 10:30": "2023-04-11",
        "입력 : 2023.04.11 10:30 수정 : 2023.04.12": "2023-04-11",
        "승인 2023.04.11 10:30": "2023-04-11",
        "등록일 2023년 4월 11일": "2023-04-11",
        "게재일: 2023/04/11": "2023-04-11",
        "작성일 ’23.4.11.": "2023-04-11",
        "작성일 23.4.11.": "2023-04-11",
        "배포일시\t2023. 4. 11.(화) 09:00": "2023-04-11",
        "보 도 일 시 : 20230411": "2023-04-11",
    }
    for line, expected in cases.items():
        fields = header_fields(line + "\n본문에는 1999. 1. 1. 이라는 날짜가 있다.")
        assert fields["published"] == pd.Timestamp(expected), line
        assert fields["published_source"].startswith("header:"), line


def test_words_that_contain_a_label_are_not_labels():
    # 배포용 (distribution copy), 미입력 (not entered), and a date off the calendar
    for text in ("배포용 2023. 4. 11. 문서", "자료 미입력 2023. 4. 11. 이후 보완", "작성일 : 2023. 2. 30."):
        assert header_fields(text)["published_source"] in ("body", ""), text
    assert header_fields("작성일 : 2023. 2. 30.")["published_source"] == ""


def test_yearless_embargo_is_not_read_as_a_two_digit_year():
    # "12. 4. 10:00" is 4 December at 10:00, not 2012-04-10
    fields = header_fields("보도일시 : 12. 4. 10:00 이후\n작성일 : 2023-12-03\n")
    assert (fields["published"], fields["published_source"]) == (pd.Timestamp("2023-12-03"), "header:작성일")


def test_labelled_publisher_and_department_cells():
    text = "발행처 : 과학기술정보통신부    작성일 : 2023-02-07\n문의 : 인공지능정책과 (044-202-6231)\n본문"
    fields = header_fields(text)
    assert (fields["publisher"], fields["publisher_source"]) == ("과학기술정보통신부", "header:발행처")
    assert (fields["department"], fields["department_source"]) == ("인공지능정책과", "header:문의")
    # "문의" as an ordinary word is no department
    assert header_fields("민원 문의 급증에 따른 대책\n본문")["department"] is None


def test_labelled_title_without_a_date():
    fields = header_fields("제 목 : 인공지능 지역확산 추진방향 발표\n본문")
    assert (fields["title"], fields["title_source"]) == ("인공지능 지역확산 추진방향 발표", "header:제목")
    assert fields["published_source"] == ""


def test_a_field_below_the_header_counts_only_as_body():
    text = "제목 없는 문서\n" + "본문 문장이다.\n" * 40 + "작성일 : 2023-02-07\n"
    assert "작성일" not in header_zone(text)
    assert header_fields(text)["published_source"] == "body"
