"""Cleaning rules: each on a real snippet from the seeds and on an adversarial input; the audit log."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import clean as C
from analysis.clean import Edit, clean_text, rebuild_raw


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


def test_outline_bullets_become_paragraph_breaks():
    raw = "- 첨단 ICT 기술을 활용 -\n□ 코로나19로 인한 어려움\nㅇ 과학기술정보통신부도\n❶ 우선, 지원\n※ 현재까지"
    cleaned = apply_rule(C.outline_bullets, raw)
    assert cleaned == "첨단 ICT 기술을 활용\n\n코로나19로 인한 어려움\n\n과학기술정보통신부도\n\n우선, 지원\n\n현재까지"
    assert not any(b in cleaned for b in "□ㅇ❶※")


def test_outline_bullets_keep_inline_symbols_and_words():
    raw = "세션 1 ‘빅데이터와 AI’ - 도시 서울\n오늘은 맑음"  # an inline dash and a line starting with 오
    assert apply_rule(C.outline_bullets, raw) == raw


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
    rules = set(pd.DataFrame(log, columns=C.LOG_COLUMNS[1:])["rule"])
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
    log = C.cleaning_log(corpus)
    assert list(log.columns) == C.LOG_COLUMNS
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


TRICKY = st.sampled_from(
    list("가나다 인공지능AI\n\r\t*()-.") + ["\u00a0", "\u200b", "ㆍ", "․", "□ ", "ㅇ ", "❶", "※ ", "▲ 사진=", "...",
                                            "\n\n\n", "자동요약 ", "기자", " /연합 제공", "(\ndaum.net)", "\u1112\u1161\u11ab"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TRICKY, max_size=60).map("".join))
def test_audit_log_invariant_on_adversarial_text(raw):
    cleaned, log = clean_text(raw)
    assert rebuild_raw(cleaned, log) == raw
    for start, end, _rule, removed, _replacement in log:
        assert raw[start:end] == removed
