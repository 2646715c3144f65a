"""Entity and date rules on real seed sentences and on tricky inputs."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pandas as pd
import pytest

import analysis

E = importlib.import_module("analysis.entities")  # analysis.entities is the function; this is its module


def dates(text: str, published: str) -> list[tuple]:
    return [(r[2], r[3], r[4]) for r in E.find_dates(text, published)]


def notes(text: str, published: str) -> list[str]:
    return [r[7] for r in E.find_dates(text, published)]


# --- dates ---------------------------------------------------------------------------------------------


def test_relative_day_with_weekday_seed_sentence():
    # 002: "대구시는 지난 15일(화) ..." ; 15 February 2022 is a Tuesday
    text = "대구시는 지난 15일(화) ‘인공지능(AI) 지역확산’을 주제로"
    assert dates(text, "2022-02-18") == [("지난 15일", dt.date(2022, 2, 15), "day")]
    assert notes(text, "2022-02-18") == ["weekday matches"]


def test_relative_day_crosses_a_month_boundary():
    assert dates("지난 28일 열린 회의", "2023-03-03") == [("지난 28일", dt.date(2023, 2, 28), "day")]
    # February has no 30th: the most recent 30th is in January
    assert dates("지난 30일 발표", "2023-03-02") == [("지난 30일", dt.date(2023, 1, 30), "day")]


def test_weekday_moves_an_inferred_month():
    # published 2022-03-02; "지난 15일(화)": 15 March has not come, 15 February 2022 is a Tuesday
    assert dates("지난 15일(화) 세미나", "2022-03-02")[0][1] == dt.date(2022, 2, 15)
    # published 2022-04-20: 15 April 2022 is a Friday, 15 March 2022 a Tuesday
    result = E.find_dates("지난 15일(화) 세미나", "2022-04-20")[0]
    assert result[3] == dt.date(2022, 3, 15) and "moved the date back 1 month" in result[7]


def test_weekday_mismatch_is_reported_not_hidden():
    # 13 March 2020 was a Friday; no nearby year makes it a Thursday either
    result = E.find_dates("3월 13일(목) 발표", "2020-03-12")[0]
    assert result[3] == dt.date(2020, 3, 13)
    assert "weekday mismatch" in result[7]


def test_last_year_in_january():
    assert dates("지난해 10월 발표한 추진방향", "2023-01-05") == [("지난해 10월", dt.date(2022, 10, 1), "month")]
    assert dates("지난해 12월", "2023-01-05")[0][1] == dt.date(2022, 12, 1)
    assert dates("올해 4회째", "2023-01-05")[0][1:] == (dt.date(2023, 1, 1), "year")


def test_month_day_takes_the_nearest_year():
    assert dates("12월 28일 행사", "2023-01-03")[0][1] == dt.date(2022, 12, 28)
    assert dates("1월 5일 행사", "2022-12-20")[0][1] == dt.date(2023, 1, 5)


def test_bare_day_across_a_month_boundary():
    assert dates("28일 열린 회의에서", "2023-03-02")[0][1] == dt.date(2023, 2, 28)
    assert dates("10일 인공지능산업융합사업단 회의실에서", "2023-04-11")[0][1] == dt.date(2023, 4, 10)


def test_durations_are_not_dates():
    assert dates("신청하면 3일 이내 심사 완료", "2020-03-12") == []
    assert dates("2일간 열린다", "2020-03-12") == []


def test_absolute_forms_from_the_seeds():
    text = "작성일 2023-02-07, ‘23.2.6(월) 17:00, ’20.3월~, ~’20.5월, ’20년 575억 원, 2023. 4. 11. 17:45"
    found = E.find_dates(text, "2023-02-07")
    assert [(r[2], r[3], r[4], r[6]) for r in found] == [
        ("2023-02-07", dt.date(2023, 2, 7), "day", ""),
        ("‘23.2.6", dt.date(2023, 2, 6), "day", ""),
        ("’20.3월", dt.date(2020, 3, 1), "month", "since"),
        ("’20.5월", dt.date(2020, 5, 1), "month", "until"),
        ("’20년", dt.date(2020, 1, 1), "year", ""),
        ("2023. 4. 11.", dt.date(2023, 4, 11), "day", ""),
    ]


def test_day_after_and_from():
    found = E.find_dates("첫째 날인 28일에는 세션 1, 이튿날인 29일 오전", "2022-11-25")
    assert [(r[2], r[3]) for r in found] == [("28일", dt.date(2022, 11, 28)), ("이튿날", dt.date(2022, 11, 29)),
                                             ("29일", dt.date(2022, 11, 29))]
    assert E.find_dates("3월 16일부터 신청", "2020-03-12")[0][6] == "from"


def test_impossible_dates_are_skipped():
    assert dates("2023-02-30 접수", "2023-02-01") == []
    assert dates("13월 공모", "2023-02-01") == []


# --- amounts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, note",
    [
        ("’20년 575억 원", 575e8, ""),
        ("별도트랙(50억 원 규모", 50e8, "규모"),
        ("100만원 상당 쿠폰", 1e6, "상당"),
        ("총 6조 4,227억원", 6.4227e12, ""),
        ("약 3천만 원", 3e7, ""),
        ("1,700억여 원", 1700e8, "about/over"),
    ],
)
def test_money_with_commas_and_units(text, value, note):
    rows = [r for r in E.find_amounts(text) if r[3] == "money"]
    assert len(rows) == 1
    assert rows[0][5] == pytest.approx(value)
    assert rows[0][6] == note


def test_counts_are_not_money():
    assert [r for r in E.find_amounts("총 1,400여 건, 1,700개 기업") if r[3] == "money"] == []


def test_shares_and_compute_seed_sentences():
    found = E.find_amounts("기업부담금(최소 30% → 0%)도 최소화, 서버 가격을 50% 인하")
    assert [(r[2], r[4], r[5]) for r in found] == [("30% → 0%", "change", "0.3 -> 0"), ("50%", "share", "0.5")]
    compute = E.find_amounts("1개월 단위 10/20/40TF의 지원 프로그램, 2개월 100TF으로 상향, 1PF")
    assert [(r[2], r[5]) for r in compute] == [("10/20/40TF", "10, 20, 40"), ("100TF", "100"), ("1PF", "1000")]


def money(text: str) -> list[tuple]:
    return [(r[2], r[4], r[5]) for r in E.find_amounts(text) if r[3] == "money"]


def test_seed_amounts_are_won(corpus):
    # seed 001: "’20년 575억 원, 총 1,400여 건 지원예정 → 별도트랙(50억 원 규모, ..."
    text = corpus.loc[corpus["doc_id"].str.startswith("001"), "text"].iloc[0]
    found = money(text)
    assert ("575억 원", "KRW", 575e8) in found and ("50억 원 규모", "KRW", 50e8) in found
    assert {currency for _, currency, _ in found} == {"KRW"}


# Sentences of the KDI EPIC corpus (../shared/corpora/kdi-epic, 요약 column), quoted with their EPIC id.
@pytest.mark.parametrize(
    "text, expected",
    [
        # 238670, 중소벤처기업부 2023.05.17
        ("현지 구매자(바이어)와 5억엔(380만달러) 규모의 수출계약을 체결하며",
         [("5억엔", "JPY", 5e8), ("380만달러", "USD", 3.8e6)]),
        # 238851, 과학기술정보통신부 2023.05.22
        ("’21~’27년 총 7년 간 955억유로(약 130조원)을 지원하는 유럽연합 최대의 연구혁신 분야 재정지원 사업",
         [("955억유로", "EUR", 955e8), ("130조원", "KRW", 130e12)]),
        # 242832, 금융감독원 2023.09.18
        ("서울지점에 대해 1억 5,000만유로(2,115억원)의 자본금 증자 결정을 설명하였고",
         [("1억 5,000만유로", "EUR", 1.5e8), ("2,115억원", "KRW", 2115e8)]),
        # 222359, 산업통상자원부 2022.01.04: 불 is the dollar of trade statistics
        ("전년 대비 42.8% 증가한 13.1억불, 도착기준으로는 126% 증가한 8.4억불을 기록하여",
         [("13.1억불", "USD", 13.1e8), ("8.4억불", "USD", 8.4e8)]),
        # 225269, 226095: more Hangul after 불 is still dollars
        ("지원금액은 최대 530만불까지 가능함. 연간 김 수출 10억 불이라는 목표",
         [("530만불", "USD", 530e4), ("10억 불", "USD", 10e8)]),
        # 225316, 금융감독원 2022.04.13: the dollar sign before the amount, 백만 as a unit
        ("총자산은 $1,832.2억로 전년말 대비 $182.1억(+11.0%) 증가함. 당기순이익($1,165백만)",
         [("$1,832.2억", "USD", 1832.2e8), ("$182.1억", "USD", 182.1e8), ("$1,165백만", "USD", 1165e6)]),
        # 240966, 산업통상자원부 2023.07.19
        ("가스화학플랜트(‘18.10월 준공, US$30억) 등 양국 간 플랜트 사업", [("US$30억", "USD", 30e8)]),
        # 235233, 한국은행 2023.02.06: a country's dollar is not the US dollar
        ("스왑규모: 120억 호주달러/9.6조원 (약 81억 달러 상당)",
         [("120억 호주달러", "AUD", 120e8), ("9.6조원", "KRW", 9.6e12), ("81억 달러 상당", "USD", 81e8)]),
    ],
)
def test_money_in_its_own_currency_epic_sentences(text, expected):
    assert [(t, c, pytest.approx(v)) for t, c, v in money(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "시공능력평가 순위 100위안에 드는 12개사가 포함됨",  # EPIC 240504: a rank, not yuan
        "이번 박람회는 코로나19 엔데믹 전환 기조와",  # EPIC 226505
        "「2022 엔지니어링의 날 기념행사」",  # EPIC 226633
        "3나노 파운드리 공정, 회원국 20유로존 가입, 적발 3 불법하도급",
    ],
)
def test_words_that_only_look_like_currencies(text):
    assert money(text) == []


def test_compute_units_and_car_models():
    # EPIC 235471: 35페타플롭스(PF); 230999: 300TFLOPS, 100PFLOPS; 226164: a car model is not compute
    found = E.find_amounts("35페타플롭스(PF) 규모의 인공지능 컴퓨팅 센터, 연산능력 300TFLOPS, 100PFLOPS 이상, "
                           "A6 45 TFSI 등 2개 차종")
    assert [(r[2], r[4], r[5]) for r in found if r[3] == "compute"] == [
        ("35페타플롭스", "TFLOPS", "35000"), ("300TFLOPS", "TFLOPS", "300"), ("100PFLOPS", "TFLOPS", "100000")]


def amount_rows(texts: dict[str, str]) -> pd.DataFrame:
    rows = [(doc_id, 0, *r, text) for doc_id, text in texts.items() for r in E.find_amounts(text)]
    return pd.DataFrame(rows, columns=E.ENTITY_COLUMNS)


def test_amount_table_and_largest_amounts_keep_currencies_apart():
    sentence = "스왑규모: 120억 호주달러/9.6조원 (약 81억 달러 상당)"
    found = amount_rows({"a": sentence, "b": sentence, "c": "’20년 575억 원, 10/20/40TF의 지원 프로그램, 50%"})
    table = E.amount_table(found)
    assert set(table["unit"]) == {"AUD", "KRW", "USD", "TFLOPS"}
    assert table.loc[table["unit"] == "TFLOPS", ["amount", "note"]].values.tolist() == [
        [40.0, "alternatives; the largest shown"]]
    top = E.largest_amounts(table, n=5)
    krw = top[top["unit"] == "KRW"]
    assert krw["text"].tolist() == ["9.6조원", "575억 원"]  # the sentence filed twice counts once
    assert krw["rank"].tolist() == [1, 2] and krw["doc_id"].tolist() == ["a", "c"]
    assert top.columns[-1] == "sentence" and top["sentence"].iloc[0] == sentence
    assert E.largest_amounts(table, n=1).groupby("unit").size().max() == 1


@pytest.mark.corpus
def test_epic_money_is_never_read_as_won_when_written_in_another_currency():
    from analysis.paths import SHARED_CORPORA

    folder = SHARED_CORPORA / "kdi-epic"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared corpora are not on this machine)")
    texts = pd.concat([pd.read_excel(f, usecols=["요약"]) for f in sorted(folder.glob("*.xlsx"))])["요약"]
    rows = [r for text in texts.dropna().astype(str) for r in E.find_amounts(text) if r[3] == "money"]
    by_currency = pd.Series([r[4] for r in rows]).value_counts()
    assert by_currency["USD"] > 1000 and by_currency["KRW"] > 5000  # trade statistics in 억불 and 억 달러
    assert {"EUR", "JPY"} <= set(by_currency.index)
    for _, _, text, _, currency, _, _ in rows:
        word = re.sub(r"\s?(?:규모|상당|이상|이내|수준)$", "", text)
        if word.endswith(("달러", "불")) and not any(c in word for c in E.DOLLAR_COUNTRIES if c not in ("미", "미국")):
            assert currency == "USD", text
        if word.endswith("원"):
            assert currency == "KRW", text


# --- organizations, people, places ---------------------------------------------------------------------


def test_longest_organization_name_wins():
    found = E.find_organizations("서울시립대와 서울시, 네이버클라우드와 네이버")
    assert [(r[2], r[5]) for r in found] == [("서울시립대", "서울시립대학교"), ("서울시", "서울특별시"),
                                             ("네이버클라우드", "네이버클라우드"), ("네이버", "네이버")]


def test_unknown_organization_is_typed_by_suffix_and_said_so():
    found = E.find_organizations("한국지능정보사회진흥원과 바우처 사업")
    assert [(r[2], r[4]) for r in found] == [("한국지능정보사회진흥원", "unknown (suffix 진흥원)")]
    assert "not in the gazetteer" in found[0][6]


def test_people_seed_sentences():
    text = ("이승대 대구시 혁신성장국장은 말했다. 과학기술정보통신부(장관 이종호, 이하 과기정통부)는 "
            "ITU 오노에 세이조 표준화 국장, 과기정통부 박윤규 제2차관과 김경종 조선대병원장")
    values = [r[5] for r in E.find_people(text)]
    assert values == ["이승대 (혁신성장국장, 대구시)", "박윤규 (제2차관)", "김경종 (조선대병원장)", "이종호 (장관)"]


def test_common_words_before_titles_are_not_people():
    assert E.find_people("표준화 국장과 서울시 빅데이터담당관, 이번 대표 회의") == []


def test_places_outside_organization_names():
    text = "서울디지털재단은 서울에서, 영남권과 대구"
    orgs = E.find_organizations(text)
    places = E.find_places(text, taken=[(r[0], r[1]) for r in orgs])
    assert [(r[2], r[5]) for r in places] == [("서울", "서울"), ("영남권", "영남권"), ("대구", "대구")]


def test_corpus_tables_trace_to_sentences(corpus, seed_tokens):
    tokens = seed_tokens
    found = E.entity_mentions(corpus, tokens)
    assert list(found.columns) == E.ENTITY_COLUMNS
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for row in found.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        assert row.text in row.sentence or row.sentence in row.text
    events = E.events(corpus, tokens)
    assert list(events.columns) == E.EVENT_COLUMNS
    daegu = events[(events["doc_id"].str.startswith("002")) & (events["text"] == "지난 15일")]
    assert daegu["date"].tolist() == [analysis.corpus.pd.Timestamp("2022-02-15")]


def test_document_without_date_keeps_absolute_dates_and_marks_the_rest(corpus):
    pd = analysis.corpus.pd
    dated = E.events(corpus, analysis.tokenize(corpus))
    undated_corpus = corpus.assign(published=pd.NaT)
    undated = E.events(undated_corpus, analysis.tokenize(undated_corpus))
    assert len(undated) == len(dated)  # every mention is still there, none is a blank note row
    assert (undated["kind"] != "").all()
    absolute = dated["kind"] == "absolute"
    assert undated.loc[absolute.values, "date"].tolist() == dated.loc[absolute, "date"].tolist()
    rest = undated[~absolute.values]
    assert len(rest) and rest["date"].isna().all() and (rest["note"] == E.UNRESOLVED_NOTE).all()


def test_top_level_interface(corpus):
    found = analysis.entity_mentions(corpus)
    dates = analysis.events(corpus)
    assert list(found.columns) == E.ENTITY_COLUMNS and list(dates.columns) == E.EVENT_COLUMNS
    assert callable(analysis.kwic) and callable(analysis.theme_scores)


# --- from the token store (issue #19) ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(corpus, seed_lexicon, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return analysis.tokens.token_store(corpus, lexicon=seed_lexicon)


@pytest.mark.parametrize("batch", [E.SENTENCE_BATCH, 2])
def test_entities_and_dates_from_the_store_are_those_of_the_token_table(corpus, seed_lexicon, seed_tokens, seed_store,
                                                                        monkeypatch, batch, tmp_cache):
    """Given the token store (sentences read a batch of documents at a time: here all five, then two at a time)
    the tables are the token table's, every column and row in order; so is a corpus with a document Kiwi finds
    no token in (its mentions have no sentence)."""
    monkeypatch.setattr(E, "SENTENCE_BATCH", batch)
    pd.testing.assert_frame_equal(E.entity_mentions(corpus, seed_store, seed_lexicon),
                                  E.entity_mentions(corpus, seed_tokens, seed_lexicon))
    pd.testing.assert_frame_equal(E.events(corpus, seed_store, seed_lexicon),
                                  E.events(corpus, seed_tokens, seed_lexicon))
    blank = pd.concat([corpus.iloc[:2], corpus.iloc[:1].assign(doc_id="blank", text="  ")], ignore_index=True)
    store = analysis.tokens.token_store(blank, lexicon=seed_lexicon)
    assert store.documents["count"].iloc[-1] == 0
    pd.testing.assert_frame_equal(E.entity_mentions(blank, store, seed_lexicon),
                                  E.entity_mentions(blank, store.table(), seed_lexicon))
    pd.testing.assert_frame_equal(E.events(blank, store, seed_lexicon), E.events(blank, store.table(), seed_lexicon))


def test_mention_tables_built_a_part_at_a_time_are_the_tables_built_whole(corpus, seed_lexicon, seed_tokens,
                                                                           monkeypatch):
    """Millions of mentions are gathered a part of rows at a time (here seven): the tables are the ones built
    from all rows at once, dtypes included, and a name or sentence that recurs is one string object."""
    monkeypatch.setattr(E, "MENTION_PART_ROWS", 10**9)
    whole = E.entity_mentions(corpus, seed_tokens, seed_lexicon), E.events(corpus, seed_tokens, seed_lexicon)
    monkeypatch.setattr(E, "MENTION_PART_ROWS", 7)
    parted = E.entity_mentions(corpus, seed_tokens, seed_lexicon), E.events(corpus, seed_tokens, seed_lexicon)
    assert len(whole[0]) > 7 * 10 and len(whole[1]) > 7 * 3
    pd.testing.assert_frame_equal(parted[0], whole[0])
    pd.testing.assert_frame_equal(parted[1], whole[1])
    for table in parted:
        repeated = table[table["sentence"].duplicated(keep=False) & (table["sentence"] != "")]
        assert len(repeated) and repeated.groupby("sentence")["sentence"].agg(lambda s: len({id(v) for v in s})).eq(1).all()


def test_entities_and_dates_found_once_are_read_from_the_cache(corpus, seed_lexicon, seed_store, tmp_cache,
                                                              monkeypatch):
    """Mentions found from the store are kept in ``.cache/results`` and read back unchanged (dtypes too); another
    publication date or another lexicon finds them again, and a damaged file is named and replaced."""
    found, dates = E.entity_mentions(corpus, seed_store, seed_lexicon), E.events(corpus, seed_store, seed_lexicon)
    files = sorted((tmp_cache / "results").glob("*.pkl"))
    assert [f.name.split("-")[0] for f in files] == ["dates", "entities"]
    monkeypatch.setattr(E, "_entity_mentions", lambda *a: pytest.fail("found again"))
    monkeypatch.setattr(E, "_events", lambda *a: pytest.fail("found again"))
    pd.testing.assert_frame_equal(E.entity_mentions(corpus, seed_store, seed_lexicon), found)
    pd.testing.assert_frame_equal(E.events(corpus, seed_store, seed_lexicon), dates)
    calls = []
    monkeypatch.setattr(E, "_events", lambda c, t: calls.append("dates") or dates)
    E.events(corpus.assign(published=corpus["published"] + pd.Timedelta(days=1)), seed_store, seed_lexicon)
    monkeypatch.setattr(E, "_entity_mentions", lambda c, t, lex: calls.append("entities") or found)
    E.entity_mentions(corpus, seed_store, analysis.load_lexicon())  # the defaults, not the seeds' lexicon
    assert calls == ["dates", "entities"]
    files[1].write_bytes(files[1].read_bytes()[:100])  # cut short
    with pytest.warns(UserWarning, match=rf"{files[1].name}: unreadable cached entities"):
        E.entity_mentions(corpus, seed_store, seed_lexicon)
    assert calls == ["dates", "entities", "entities"]


@pytest.mark.corpus
def test_entities_and_dates_from_the_store_on_epic():
    """The first 300 EPIC documents (their summaries and report texts): the store gives the token table's
    entity and date tables, row for row."""
    from analysis.paths import SHARED_CORPORA

    folder = SHARED_CORPORA / "kdi-epic"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared corpora are not on this machine)")
    corpus = analysis.load_corpus(folder).iloc[:300].reset_index(drop=True)
    lexicon = analysis.load_lexicon(analysis.lexicon_folder(folder))
    store = analysis.tokens.token_store(corpus, lexicon=lexicon)
    tokens = store.table()
    found = E.entity_mentions(corpus, store, lexicon)
    assert len(found) > 1000
    pd.testing.assert_frame_equal(found, E.entity_mentions(corpus, tokens, lexicon))
    pd.testing.assert_frame_equal(E.events(corpus, store, lexicon), E.events(corpus, tokens, lexicon))
