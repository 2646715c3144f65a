"""Cleaning rules: each on a real snippet from the seeds and on an adversarial input; the audit log."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import LOG_COLUMNS, Edit, clean_text, cleaning_log, rebuild_raw
from analysis.clean import rules as C
from analysis.paths import SHARED_CORPORA

ZOO = SHARED_CORPORA / "zoo"


def apply_rule(rule, text: str) -> str:
    """The text after one rule alone, through the same tracked-edit machinery as the pipeline."""
    cleaned, log = clean_text(text, rules=(rule,))
    assert rebuild_raw(cleaned, log) == text
    return cleaned


# --- Unicode and whitespace -------------------------------------------------------------------------


def test_nonstandard_spaces_seed_snippet():
    raw = "인공지능(AI)\u00a0등 따뜻한\u00a0\u00a0이웃"  # 000: NBSPs from document conversion
    assert apply_rule(C.nonstandard_spaces, raw) == "인공지능(AI) 등 따뜻한  이웃"


def test_invisible_characters_removed_and_logged():
    raw = "데이터\u200b바우처\ufeff 사업\u00ad"
    cleaned, log = clean_text(raw, rules=(C.invisible_characters,))
    assert cleaned == "데이터바우처 사업"
    assert {entry[3] for entry in log} == {"\u200b", "\ufeff", "\u00ad"}


def test_unicode_nfc_composes_decomposed_hangul():
    decomposed = "\u1112\u1161\u11ab\u1100\u116e\u11a8 정부"  # 한국 as conjoining jamo
    assert apply_rule(C.unicode_nfc, decomposed) == "한국 정부"


def test_line_edge_spaces_and_space_runs():
    raw = " 과학기술정보통신부는  국제기구와 \n\t공동 개최 "
    assert apply_rule(C.line_edge_spaces, raw) == "과학기술정보통신부는  국제기구와\n공동 개최"
    assert apply_rule(C.space_runs, raw) == " 과학기술정보통신부는 국제기구와 \n\t공동 개최 "


def test_blank_line_runs_collapse_and_trim():
    raw = "\n\n제목\n\n\n\n본문\n\n"
    assert apply_rule(C.blank_line_runs, raw) == "제목\n\n본문"


def test_line_endings():
    assert apply_rule(C.line_endings, "가\r\n나\r다") == "가\n나\n다"
    other_breaks = "가\x0c나\u2028다\u2029라\x0b마\x85바"  # page break (PDF) and the other str.splitlines breaks
    assert apply_rule(C.line_endings, other_breaks) == "\n".join(other_breaks.splitlines())


# --- Korean document conventions ---------------------------------------------------------------------


def test_separator_dots_seed_snippet():
    raw = "국내 인공지능(AI)ㆍ데이터ㆍ클라우드 기업들도 예방․관리, 정의화․이명수"  # 001, field guide
    assert apply_rule(C.separator_dots, raw) == "국내 인공지능(AI)·데이터·클라우드 기업들도 예방·관리, 정의화·이명수"


def test_fullwidth_question_mark_between_syllables_is_a_lost_middle_dot():
    assert apply_rule(C.separator_dots, "정부？공공기관 등에게, 정말？ 그렇다") == "정부·공공기관 등에게, 정말？ 그렇다"


def test_separator_dots_leave_numbers_and_lone_dots():
    assert apply_rule(C.separator_dots, "1․2 단계와 ㆍ 홀로") == "1․2 단계와 ㆍ 홀로"


def test_hancom_hyphenation_point_is_a_middle_dot_bill_snippet():
    raw = "’09. 12  한-UAE관계가 ‘포괄적\u2027전략적 동반자 관계’로 격상되고\n장비 / 물자 획득\u2027유지비"  # kobill 1809897
    cleaned, log = clean_text(raw, rules=(C.hancom_characters,))
    assert cleaned == "’09. 12  한-UAE관계가 ‘포괄적·전략적 동반자 관계’로 격상되고\n장비 / 물자 획득·유지비"
    assert [(entry[2], entry[3], entry[4]) for entry in log] == [("hancom_characters", "\u2027", "·")] * 2


def test_hancom_private_use_characters_become_standard_forms():
    # a press-release line as Hancom's readers pass it: PUA brackets around a plan's title, PUA circled bullets
    raw = "\U000F0854인공지능 기본법\U000F0855 시행령 제정안 발표\n\U000F02B1 고영향 인공지능\n\U000F02B9 생성형 인공지능"
    cleaned = apply_rule(C.hancom_characters, raw)
    assert cleaned == "『인공지능 기본법』 시행령 제정안 발표\n① 고영향 인공지능\n⑨ 생성형 인공지능"
    assert [C.HANCOM_CHARACTERS[chr(0xF02B1 + i)] for i in range(9)] == list("①②③④⑤⑥⑦⑧⑨")


def test_hancom_characters_leave_neighbouring_private_use_code_points():
    # the code points just outside the mapped ranges are not Hancom's documented characters: left as they are
    raw = "\U000F02B0 \U000F02BA \U000F0853 \U000F0856 \ue000 1\u20242"
    assert apply_rule(C.hancom_characters, raw) == raw
    cleaned, log = clean_text("\U000F02B1\U000F02B1\u2027\u2027")  # a run: neighbours merge in one entry
    assert cleaned == "①①··"
    assert log == [(0, 4, "hancom_characters", "\U000F02B1\U000F02B1\u2027\u2027", "①①··")]


def test_hancom_circled_numbers_then_stay_as_numbers_in_the_pipeline():
    cleaned = clean_text("개요\n\U000F02B1 첫째 과제\n\U000F02B2 둘째 과제")[0]
    assert cleaned == "개요\n\n① 첫째 과제\n\n② 둘째 과제"


def test_outline_bullets_become_paragraph_breaks():
    raw = "- 첨단 ICT 기술을 활용 -\n□ 코로나19로 인한 어려움\nㅇ 과학기술정보통신부도\n❶ 우선, 지원\n※ 현재까지"
    cleaned = apply_rule(C.outline_bullets, raw)
    assert cleaned == "첨단 ICT 기술을 활용\n\n코로나19로 인한 어려움\n\n과학기술정보통신부도\n\n우선, 지원\n\n현재까지"
    assert not any(b in cleaned for b in "□ㅇ❶※")


def test_outline_bullets_keep_inline_symbols_and_words():
    raw = "세션 1 ‘빅데이터와 AI’ - 도시 서울\n오늘은 맑음"  # an inline dash and a line starting with 오
    assert apply_rule(C.outline_bullets, raw) == raw


def test_outline_bullets_keep_a_statutes_paragraph_numbers_constitution_snippet():
    raw = "  제1조 ① 대한민국은 민주공화국이다.\n②대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
    cleaned = apply_rule(C.outline_bullets, raw)
    assert cleaned == "  제1조 ① 대한민국은 민주공화국이다.\n\n②대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."


def test_outline_bullets_keep_nil_dashes_of_a_cost_table_bill_snippet():
    raw = "소 계 (a)\n\n-\n\n2011\n\n2,398\n\n    나.  수 입 :  -\n  ◦ 인 건 비"  # kobill 1809897
    assert apply_rule(C.outline_bullets, raw) == "소 계 (a)\n\n-\n\n2011\n\n2,398\n\n    나.  수 입 :  -\n\n인 건 비"
    assert apply_rule(C.outline_bullets, "*\n- \n본문") == "*\n- \n본문"  # marks with nothing to mark


def test_footnote_marks_seed_snippet():
    raw = "국제전기통신연합(이하ITU*)과 AI for Good**(웨비나) 개최, 격차*를 해소"
    assert apply_rule(C.footnote_marks, raw) == "국제전기통신연합(이하ITU)과 AI for Good(웨비나) 개최, 격차를 해소"


def test_footnote_marks_leave_arithmetic_alone():
    assert apply_rule(C.footnote_marks, "면적 3 * 4 계산") == "면적 3 * 4 계산"


def test_empty_brackets_lost_weekday():
    assert apply_rule(C.empty_brackets, "2월 6() 공동으로") == "2월 6 공동으로"


def test_broken_urls_seed_snippet():
    raw = "포털사이트(\ndaum.net)의 코로나 관련 검색과 AI허브 홈페이지(\naihub.or.kr)를 통해"  # 001
    assert apply_rule(C.broken_urls, raw) == "포털사이트(daum.net)의 코로나 관련 검색과 AI허브 홈페이지(aihub.or.kr)를 통해"


def test_broken_urls_leave_sentences_alone():
    raw = "끝났다.\nnaver.com은 포털이다. (\n참고)"
    assert apply_rule(C.broken_urls, raw) == raw


# --- web and portal noise ----------------------------------------------------------------------------

PORTAL = """인공지능산업융합사업단-조선대병원, AI 헬스케어 산업 발전 업무협약 체결

김한식 2023. 4. 11. 17:45
자동요약 기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다.
전체 맥락을 이해하기 위해서는 본문 보기를 권장합니다.

병원 의료 영상의 원본 데이터 보존 문제를 인공지능(AI)산업융합사업단이 해결한다.

음성재생 설정
번역beta Translated by kaka i
글자크기 설정 파란원을 좌우로 움직이시면 글자크기가 변경 됩니다.

이 글자크기로 변경됩니다.

(예시) 가장 빠른 뉴스가 있고 다양한 정보, 쌍방향 소통이 숨쉬는 다음뉴스를 만나보세요.

병원 의료 영상의 원본 데이터 보존 문제를 인공지능(AI)산업융합사업단이 해결한다.

김경종 조선대병원장은 “협력을 기대한다”고 말했다.

광주=김한식기자 hskim@etnews.com

Copyright © 전자신문. 무단전재 및 재배포 금지.

이 기사에 대해 어떻게 생각하시나요?"""


def test_portal_page_furniture_removed_body_kept_once():
    cleaned, log = clean_text(PORTAL)
    for noise in ("자동요약", "음성재생", "번역beta", "글자크기", "(예시)", "hskim@", "Copyright", "생각하시나요", "17:45"):
        assert noise not in cleaned
    assert cleaned.count("원본 데이터 보존 문제") == 1  # the summary's copy is gone, the body's stays
    assert "김경종 조선대병원장은 “협력을 기대한다”고 말했다." in cleaned
    rules = set(pd.DataFrame(log, columns=LOG_COLUMNS[1:])["rule"])
    assert {"reader_ui", "auto_summary", "byline", "copyright", "feedback_prompt"} <= rules


def test_auto_summary_keeps_a_summary_line_that_is_not_repeated():
    raw = "자동요약 기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다.\n요약에만 있는 문장으로 본문에는 나오지 않습니다.\n\n본문 첫 문장입니다."
    assert "요약에만 있는 문장" in apply_rule(C.auto_summary, raw)


def test_boilerplate_keeps_a_sentence_that_mentions_copyright():
    raw = "저작권 보호를 위한 정책이 발표됐다.\n기자 간담회가 열렸다."
    assert apply_rule(C.boilerplate_lines, raw) == raw


def test_press_release_contact_block():
    raw = "본문입니다.\n담당 부서 : 인공지능기반정책과\n보도시점 : 2023. 2. 7.(화) 12:00\n이 보도자료와 관련하여 보다 자세한 내용이나 취재를 원하시면 연락 바랍니다."
    assert apply_rule(C.boilerplate_lines, raw) == "본문입니다.\n"


def test_page_numbers_between_dashes_bill_snippet():
    raw = "는 것임(안 제63조제2항제4호).\n\n- 1 -\n\n법률  제        호\n\n- 12 -"  # kobill 1809890
    cleaned, log = clean_text(raw, rules=(C.boilerplate_lines,))
    assert cleaned == "는 것임(안 제63조제2항제4호).\n\n\n법률  제        호\n\n"
    assert {entry[2] for entry in log} == {"page_number"}


def test_page_number_rule_keeps_dashes_inside_text():
    raw = "- 2 - 3 = -1\n- 7월 -\n-1-2\n수 입 : -"
    assert apply_rule(C.boilerplate_lines, raw) == raw


def test_photo_credit_glued_to_first_sentence_seed_snippet():
    raw = "▲ 사진=대구광역시대구시는 지난 15일(화) ‘인공지능(AI) 지역확산’을 주제로"  # 002
    assert apply_rule(C.photo_credits, raw) == "대구시는 지난 15일(화) ‘인공지능(AI) 지역확산’을 주제로"


def test_photo_credit_caption_suffix_seed_snippet():
    raw = "지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습. /서울디지털재단 제공\n본문"  # 004
    assert apply_rule(C.photo_credits, raw) == "지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습.\n본문"


def test_photo_credit_standalone():
    assert apply_rule(C.photo_credits, "▲ 사진=연합뉴스\n본문") == "\n본문"


def test_repeated_caption_kept_once_seed_snippet():
    caption = "지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습."
    raw = f"{caption}\n{caption}\n서울디지털재단은 포럼을 연다."
    assert apply_rule(C.repeated_paragraphs, raw) == f"{caption}\n서울디지털재단은 포럼을 연다."


def test_repeated_paragraphs_ignore_quote_style_and_keep_short_lines():
    raw = '김 단장은 "모든 자원을 총동원하겠다"고 밝혔다.\n세션 1\n김 단장은 “모든 자원을 총동원하겠다”고 밝혔다.\n세션 1'
    assert apply_rule(C.repeated_paragraphs, raw) == '김 단장은 "모든 자원을 총동원하겠다"고 밝혔다.\n세션 1\n세션 1'


def test_repeated_caption_printed_three_times_kept_once():
    caption = "서울디지털재단은 포럼을 연다."
    raw = f"{caption}\n\n{caption}\n/연합 제공\n{caption}\n다음 문단."
    assert apply_rule(C.repeated_paragraphs, raw) == f"{caption}\n\n/연합 제공\n다음 문단."


# ten bills of the National Assembly (konlpy's kobill, via ../shared/corpora/zoo): the old/new comparison
# table prints each article heading once per column, on adjacent lines; the title recurs at section starts
BILL_TABLE = """신ㆍ구조문대비표

현        행

개   정   안

제4조(국제결혼중개업의 등록) ①
제4조(국제결혼중개업의 등록) ①

국제결혼중개업을 하고자 하는

------------------------

  ②ㆍ③ (생  략)

  ②ㆍ③ (현행과 같음)

제10조(결혼중개계약서의  작성
제10조(결혼중개계약서의  작성

등) ①ㆍ② (생  략)

등) ①ㆍ② (현행과 같음)"""

BILL_TITLE = """지방공무원법 일부개정법률안

(정의화의원 대표발의 )

제안이유 및 주요내용

  따라서 육아휴직이 가능한 자녀의 연령을 만 8세 이하로 개정하려

는 것임(안 제63조제2항제4호).

- 1 -

법률  제        호

지방공무원법 일부개정법률안

지방공무원법 일부를 다음과 같이 개정한다."""


def test_repeated_paragraphs_keep_a_bills_comparison_table_and_title():
    assert apply_rule(C.repeated_paragraphs, BILL_TABLE) == BILL_TABLE
    assert apply_rule(C.repeated_paragraphs, BILL_TITLE) == BILL_TITLE
    cleaned = clean_text(BILL_TABLE + "\n" + BILL_TITLE)[0]
    assert cleaned.count("제4조(국제결혼중개업의 등록) ①") == 2 and cleaned.count("제10조(결혼중개계약서의 작성") == 2
    assert cleaned.count("지방공무원법 일부개정법률안") == 2 and "- 1 -" not in cleaned


def test_repeated_paragraphs_keep_structure_and_far_repetition():
    refrain = "저는 국민 여러분과 함께 새로운 대한민국을 만들겠습니다."  # a speech's refrain, three lines apart
    numbered = "1. 현재 등록된 국제결혼중개업체 현황"
    row = "구분\t2011\t2012"
    raw = f"{refrain}\n첫째 약속.\n둘째 약속.\n{refrain}\n{numbered}\n{numbered}\n{row}\n{row}\n| 구분 | 2011 |\n| 구분 | 2011 |"
    assert apply_rule(C.repeated_paragraphs, raw) == raw


@pytest.mark.parametrize(
    ("line", "structural"),
    [
        ("제4조(국제결혼중개업의 등록) ① ", True),
        ("  제2장 국민의 권리와 의무", True),
        ("부      칙", True),
        ("②대한민국의 주권은 국민에게 있고", True),
        ("  4. \"당사자등\"이라 함은 행정청", True),
        ("    나.  예산조치 :  국회 동의 후", True),
        ("(1) 국제결혼 개인신상정보", True),
        ("  <신  설>", True),
        ("구분\t2011", True),
        ("지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습.", False),
        ("1.5배 늘었다는 분석이 나왔다.", False),
        ("제도 개선을 위한 국회 동의 후 예산안", False),
    ],
)
def test_is_structural_line(line, structural):
    assert C.is_structural_line(line) is structural


def test_attachment_list_at_the_end_epic_snippet():
    body = "환경부는 환경보건센터 7곳을 지정했다.\n\n- 환경부는 나머지 광역 시도에도 확대 운영할 예정임."
    raw = body + "\n<붙임>\n1. 환경보건센터 지정·운영 현황.\n2. 센터별 주요 사업."
    assert apply_rule(C.attachment_list, raw) == body
    same_line = body + "\n\n[붙임] 1. 기후변화주간 운영계획"
    assert apply_rule(C.attachment_list, same_line) == body + "\n"


def test_attachment_mention_inside_the_body_is_kept():
    raw = "* 공적 마스크 판매정보 제공 앱·웹서비스 목록은 [붙임2] 참조\n본문이 이어진다."  # 001
    assert apply_rule(C.attachment_list, raw) == raw
    long_after = "본문.\n<붙임>\n" + "이 문단은 붙임 표시 뒤에 이어지는 긴 본문이다. " * 6
    assert apply_rule(C.attachment_list, long_after) == long_after


# --- off-topic tails ---------------------------------------------------------------------------------

BODY = """대구시는 지난 15일 인공지능 지역확산을 주제로 인공지능 선도 사업을 소개하는 세미나를 열었다.
과학기술정보통신부는 지난해 인공지능 지역확산 추진방향을 발표하고 지역 인공지능 산업을 육성한다.
영남권 인공지능 선도사업은 제조업 인공지능 기술 확보와 지역 인공지능 생태계 조성이 목표이다.
대구시는 인공지능 융합 지역특화산업 지원사업의 추진 상황과 향후 계획을 발표했다.
이승대 대구시 혁신성장국장은 인공지능 산업 생태계 확대에 노력하겠다고 말했다."""

TAIL = """한강버스 한달만에 정식운항 재개… 시민단체, 운항 재개 중단 촉구 시위
[뉴스21 통신=추현욱 ] 서울시는 한강버스가 1일 오전 9시부터 정상적으로 시민탑승 운항을 재개했다고 밝혔다.일부 승객들은 선.
자연이 연주하는 바다의 선율, 울산 슬도(瑟島)
푸른 파도와 붉은 등대가 어우러진 울산의 대표 해양 명소 슬도는 파도가 연주하는 섬으로 불리며 울산을..."""


def test_off_topic_tail_cut_from_structure_and_topic():
    cleaned = apply_rule(C.off_topic_tail, f"{BODY}\n{TAIL}")
    assert cleaned == BODY


def test_off_topic_tail_keeps_an_article_without_teasers():
    assert apply_rule(C.off_topic_tail, BODY) == BODY


def test_press_prose_nominal_endings_are_not_cut_off_teasers():
    # EPIC summaries end sentences in nominal forms (나타남, 바람, 예정임): not teasers
    for line in ("- 증가폭이 완만하게 나타남.", "- 성실하게 신고하여 주시기 바람.", "- 확대 운영할 예정임."):
        assert not C.is_teaser(line)
    assert C.is_teaser("일부 승객들은 선.") and C.is_teaser("4차산업 시대를 이끌어갈 첨...")
    text = "한국은행은 은행권 유통수명을 추정하였음.\n본문 둘째 줄.\n셋째 줄.\n- 이번 추정결과는 완만하게 나타남.\n- 또한 고액면은 짧은 것으로 나타남."
    assert apply_rule(C.off_topic_tail, text) == text


def test_off_topic_tail_keeps_an_on_topic_closing_run():
    # short closing lines without full stops, but on the article's topic and not teasers: kept
    ending = "인공지능 지역확산 세미나 주요 일정\n대구시 인공지능 선도사업 추진 방향..."
    text = f"{BODY}\n{ending}"
    assert apply_rule(C.off_topic_tail, text) == text


# --- the tracked edits and the audit log --------------------------------------------------------------


def test_overlapping_later_edit_keeps_earlier_entries():
    raw = "가\u00a0\u00a0나"
    cleaned, log = clean_text(raw, rules=(C.nonstandard_spaces, C.space_runs))
    assert cleaned == "가 나"
    assert rebuild_raw(cleaned, log) == raw


def test_rule_proposing_overlapping_edits_is_refused():
    def bad_rule(text):
        return [Edit(0, 3), Edit(2, 4)]

    with pytest.raises(AssertionError, match="bad_rule"):
        clean_text("가나다라마", rules=(bad_rule,))


def test_rebuild_raw_rejects_a_log_that_does_not_fit():
    cleaned, log = clean_text("가\u00a0나")
    with pytest.raises(ValueError):
        rebuild_raw(cleaned + "x", [(0, 1, "r", "가", "y")])


def test_audit_log_rebuilds_every_seed(corpus):
    log = cleaning_log(corpus)
    assert list(log.columns) == LOG_COLUMNS
    for doc_id, raw, text in zip(corpus["doc_id"], corpus["raw_text"], corpus["text"], strict=False):
        entries = log[log["doc_id"] == doc_id]
        assert rebuild_raw(text, entries) == raw
        assert (entries["removed"] == [raw[s:e] for s, e in zip(entries["start"], entries["end"], strict=False)]).all()


def test_seed_noise_gone_and_content_kept(corpus):
    texts = dict(zip(corpus["doc_id"].str[:3], corpus["text"], strict=False))
    assert "한강버스" not in texts["002"] and "마중물 역할" in texts["002"]
    assert "자동요약" not in texts["003"] and "52주년" in texts["003"]
    assert "ㆍ" not in texts["001"] and "AI·데이터·클라우드" in texts["001"]
    assert "\u00a0" not in texts["000"] and "작성자" not in texts["000"]
    assert texts["004"].count("2021 서울 빅데이터 포럼’의 모습") == 1


def test_seed_repetition_removed_is_the_duplicated_caption(corpus):
    log = cleaning_log(corpus)
    repeated = log[log["rule"] == "repeated_paragraphs"]
    assert set(repeated["doc_id"].str[:3]) == {"004"}
    assert "".join(repeated["removed"]).strip() == "지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습."


# --- other genres: the zoo corpora in ../shared (bills, the constitution, speeches) ------------------------

needs_zoo = pytest.mark.skipif(not ZOO.is_dir(), reason=f"{ZOO} is absent: the zoo corpora live in ../shared/corpora")
ARTICLE_HEADING = re.compile(r"제\s*\d+\s*조(?:의\s*\d+)?\s*\(")


def zoo_texts(name: str) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((ZOO / name).glob("*.txt"))}


def hangul_lines(text: str) -> Counter:
    """Lines that hold Hangul, reduced to syllables, digits and Latin letters (bullets, dots, spaces aside)."""
    keys = (re.sub(r"[^가-힣0-9A-Za-z]", "", line) for line in text.splitlines())
    return Counter(key for key in keys if re.search("[가-힣]", key))


@needs_zoo
def test_bills_keep_every_article_heading_and_comparison_table_line():
    bills = zoo_texts("kobill")
    assert len(bills) == 10
    headings = 0
    for doc_id, raw in bills.items():
        cleaned, log = clean_text(raw)
        assert rebuild_raw(cleaned, log) == raw
        assert not [entry for entry in log if entry[2] == "repeated_paragraphs"], doc_id
        assert not [entry for entry in log if ARTICLE_HEADING.search(entry[3])], doc_id
        assert len(ARTICLE_HEADING.findall(cleaned)) == len(ARTICLE_HEADING.findall(raw)), doc_id
        headings += len(ARTICLE_HEADING.findall(raw))
        assert hangul_lines(cleaned) == hangul_lines(raw), doc_id  # the title, the table, every line
        if "대비표" in raw:  # the comparison table, line by line, both columns
            assert hangul_lines(cleaned[cleaned.index("대비표") :]) == hangul_lines(raw[raw.index("대비표") :])
    assert headings > 20  # the check above had headings to check


@needs_zoo
@pytest.mark.parametrize("name", ["constitution", "speeches"])
def test_constitution_and_speeches_lose_no_line_and_no_paragraph_number(name):
    for doc_id, raw in zoo_texts(name).items():
        cleaned, log = clean_text(raw)
        assert rebuild_raw(cleaned, log) == raw
        assert hangul_lines(cleaned) == hangul_lines(raw), doc_id
        circled = re.compile("[\u2460-\u2473]")
        assert len(circled.findall(cleaned)) == len(circled.findall(raw)), doc_id
        removed = "".join(entry[3] for entry in log if entry[3].strip() and entry[4] != entry[3].strip())
        assert not re.search("[가-힣]", removed), (doc_id, removed[:200])


TRICKY = st.sampled_from(
    list("가나다 인공지능AI\n\r\t*()-.") + ["\u00a0", "\u200b", "ㆍ", "․", "□ ", "ㅇ ", "❶", "※ ", "▲ 사진=", "...",
                                            "\n\n\n", "자동요약 ", "기자", " /연합 제공", "(\ndaum.net)", "\u1112\u1161\u11ab",
                                            "\U000F02B1", "\U000F02B9", "\U000F0854", "\U000F0855", "\u2027", "①",
                                            "\n② ", "제4조(등록) ① ", "- 7 -", "\t", "1. "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TRICKY, max_size=60).map("".join))
def test_audit_log_invariant_on_adversarial_text(raw):
    cleaned, log = clean_text(raw)
    assert rebuild_raw(cleaned, log) == raw
    for start, end, _rule, removed, _replacement in log:
        assert raw[start:end] == removed


def test_a_large_corpus_cleaning_log_is_kept_and_read_back(corpus, tmp_cache, monkeypatch):
    """The log of a large corpus is kept in .cache/logs and read back unchanged instead of cleaning every
    document again; another raw text makes it again, and a damaged file is named and replaced."""
    import analysis.clean as CL

    monkeypatch.setattr(CL, "CACHED_LOG_DOCUMENTS", 2)  # the seeds stand for a large corpus here
    log = cleaning_log(corpus)
    assert not log.empty
    (kept,) = (tmp_cache / "logs").glob("*.pkl")
    real = CL.clean_text
    monkeypatch.setattr(CL, "clean_text", lambda raw: pytest.fail("cleaned again"))
    pd.testing.assert_frame_equal(cleaning_log(corpus), log)
    monkeypatch.setattr(CL, "clean_text", real)
    changed = corpus.assign(raw_text=corpus["raw_text"].str.replace("ㆍ", "·", regex=False))
    assert len(cleaning_log(changed)) < len(log) and len(list((tmp_cache / "logs").glob("*.pkl"))) == 2
    kept.write_bytes(kept.read_bytes()[:100])
    with pytest.warns(UserWarning, match=rf"{kept.name}: unreadable cached cleaning log"):
        pd.testing.assert_frame_equal(cleaning_log(corpus), log)
