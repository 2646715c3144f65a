"""Who, where, how much and when: rule- and lexicon-based entities and dates in the cleaned text.

Organizations and places come from gazetteers in ``resources/`` (longest name first, so 서울시립대 is not
read as 서울시), plus a suffix rule for organizations the gazetteer does not know, typed as such.
People are a surname-initial name next to a title or role (``박윤규 제2차관``, ``(장관 이종호)``,
``이승대 대구시 혁신성장국장``). Money, shares and compute are read with their Korean units (조/억/만,
``30% → 0%``, ``10/20/40TF``). Dates are absolute or relative (``지난 15일(화)``, ``지난해 10월``) and
resolved against the document's publication date, with a weekday in brackets used as a check. Every
row keeps its offsets and sentence; where a rule cannot decide, the ``note`` says so.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.aggregates import sentence_spans
from analysis.corpus import text_batches, with_text
from analysis.importers.cache import cached_table
from analysis.lexicon import Lexicon, load_lexicon
from analysis.memory import shared_text
from analysis.paths import cache_dir
from analysis.progress import progress
from analysis.token_store import TokenStore
from analysis.tokens import release_kiwi, sentence_texts, sentences, tokenize

ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "kind", "type", "value", "note", "sentence"]
EVENT_COLUMNS = ["date", "precision", "doc_id", "sent_id", "start", "end", "text", "kind", "relation", "note",
                 "sentence"]
WEEKDAYS = "월화수목금토일"
_PARTICLE = r"(?:은|는|이|가|의|을|를|과|와|도|으로|로|에게|께서|에서|에)?"


@dataclass(frozen=True)
class Gazetteer:
    """Entity lists from ``resources/`` (and a researcher's lexicon folder): organizations, places, person
    titles, surnames, and the lexicon whose user words the person check's Kiwi knows."""

    organizations: dict  # name -> (type, canonical)
    places: dict  # name -> (kind, canonical)
    titles: tuple
    surnames: frozenset
    lexicon: Lexicon | None = None


@lru_cache(maxsize=4)
def load_gazetteer(lexicon: Lexicon | None = None) -> Gazetteer:
    """The entity lists of ``analysis/resources``, plus those of the lexicon's folder (an entry there wins over
    a default one of the same name; see :func:`analysis.load_lexicon`).

    Examples
    --------
    >>> load_gazetteer().organizations["과기정통부"]
    ('ministry', '과학기술정보통신부')
    """
    source = lexicon or load_lexicon()
    return Gazetteer(
        organizations={r[0]: (r[1], r[2]) for r in source.records("organizations.tsv")},
        places={r[0]: (r[1], r[2]) for r in source.records("places.tsv")},
        titles=tuple(sorted(dict.fromkeys(r[0] for r in source.records("person_titles.txt")), key=len, reverse=True)),
        surnames=frozenset(r[0] for r in source.records("surnames.txt")),
        lexicon=lexicon,
    )


def _name_pattern(names) -> re.Pattern:
    """Longest-first alternation; Latin names need ASCII word boundaries, Korean ones may take particles."""
    parts = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        parts.append(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if re.search("[A-Za-z]", name) else escaped)
    return re.compile("|".join(parts))


# --------------------------------------------------------------------------------------------------
# entities in one text: each finder returns (start, end, text, kind, type, value, note)

_ORG_SUFFIX = re.compile(
    r"(?<![가-힣])([가-힣A-Za-z0-9]{2,}?(위원회|재단|연구원|진흥원|연구소|공사|공단|병원|대학교|사업단|협회|본부))"
    rf"(?={_PARTICLE}(?![가-힣]))"
)


def find_organizations(text: str, gazetteer: Gazetteer | None = None) -> list[tuple]:
    """Known organizations (typed from the gazetteer) and unknown ones with an organization suffix.

    >>> [(r[2], r[4]) for r in find_organizations("과기정통부와 한국데이터진흥원이 협력한다")]
    [('과기정통부', 'ministry'), ('한국데이터진흥원', 'unknown (suffix 진흥원)')]

    One-syllable suffixes (부, 청, 처) and 센터 are not used: they name vouchers, requests and buildings
    as often as bodies (바우처, 공모신청, 데이터센터); ministries and agencies are in the gazetteer.
    """
    gazetteer = gazetteer or load_gazetteer()
    rows, taken = [], []
    for m in _name_pattern(gazetteer.organizations).finditer(text):
        kind, canonical = gazetteer.organizations[m.group()]
        rows.append((m.start(), m.end(), m.group(), "organization", kind, canonical, ""))
        taken.append((m.start(), m.end()))
    for m in _ORG_SUFFIX.finditer(text):
        a, b = m.span(1)
        if any(x < b and a < y for x, y in taken):
            continue
        rows.append((a, b, m.group(1), "organization", f"unknown (suffix {m.group(2)})", m.group(1),
                     "not in the gazetteer: typed by its suffix only"))
    return rows


def find_places(text: str, gazetteer: Gazetteer | None = None, taken=()) -> list[tuple]:
    """Places from the gazetteer, outside spans already taken by organizations."""
    gazetteer = gazetteer or load_gazetteer()
    rows = []
    for m in _name_pattern(gazetteer.places).finditer(text):
        if any(x < m.end() and m.start() < y for x, y in taken):
            continue
        kind, canonical = gazetteer.places[m.group()]
        rows.append((m.start(), m.end(), m.group(), "place", kind, canonical, ""))
    return rows


def _could_be_name(candidate: str, gazetteer: Gazetteer, unusual_score: float = -15.0) -> bool:
    """Whether a surname-initial word next to a title is a person's name.

    Not when it is a known organization or place. Yes when Kiwi, reading it before a title
    (``<word> 교수는``), tags it as one proper noun. Otherwise only when Kiwi finds it an unusual word (its
    analysis alone scores below ``unusual_score``): names Kiwi splits (박윤+규, 강요+식) score far lower than
    common words that start with a surname syllable (표준화, 이사장, 정부).
    """
    from analysis.tokens import get_kiwi

    if candidate in gazetteer.organizations or candidate in gazetteer.places:
        return False
    kiwi = get_kiwi(gazetteer.lexicon) if gazetteer.lexicon is not None else get_kiwi()
    first = kiwi.tokenize(candidate + " 교수는")[0]
    if first.form == candidate and first.tag == "NNP":
        return True
    return sum(t.score for t in kiwi.tokenize(candidate)) < unusual_score


def find_people(text: str, gazetteer: Gazetteer | None = None) -> list[tuple]:
    """People: a 2-3 syllable name starting with a Korean surname, next to a title or role.

    ``value`` is ``name (title)``, with the organization when one stands between them.

    >>> [r[5] for r in find_people("이승대 대구시 혁신성장국장은 말했다. (장관 이종호, 이하 과기정통부)")]
    ['이승대 (혁신성장국장, 대구시)', '이종호 (장관)']
    """
    gazetteer = gazetteer or load_gazetteer()
    surnames = "".join(sorted(s for s in gazetteer.surnames if len(s) == 1))
    titles = "|".join(re.escape(t) for t in gazetteer.titles)
    name = rf"(?<![가-힣])(?P<name>[{surnames}][가-힣]{{1,2}})"
    after = re.compile(
        rf"{name}\s+(?:(?P<org>[가-힣A-Za-z0-9]+)\s+)?(?P<title>[가-힣0-9]*?(?:{titles})){_PARTICLE}(?![가-힣])"
    )
    before = re.compile(rf"\((?P<title>{titles})\s+(?P<name>[{surnames}][가-힣]{{1,2}})")
    rows = []
    for m in after.finditer(text):
        if not _could_be_name(m.group("name"), gazetteer):
            continue
        if m.group("org") and re.fullmatch(rf"[가-힣0-9]*?(?:{titles}){_PARTICLE}", m.group("org")):
            continue  # "<name> <title> <title>" is not a name-org-title triple
        org = m.group("org")
        value = f"{m.group('name')} ({m.group('title')}{', ' + org if org else ''})"
        rows.append((m.start("name"), m.end("title"), m.group()[: m.end("title") - m.start()], "person",
                     m.group("title"), value, ""))
    for m in before.finditer(text):
        if not _could_be_name(m.group("name"), gazetteer):
            continue
        rows.append((m.start("title"), m.end("name"), m.group()[1:], "person", m.group("title"),
                     f"{m.group('name')} ({m.group('title')})", ""))
    return rows


_UNIT = {"조": 10**12, "억": 10**8, "만": 10**4, "": 1}
_SMALL = {"십": 10, "백": 100, "천": 1000, "": 1}
_NUMBER = r"(?:\d[\d,]*(?:\.\d+)?\s?[십백천]?[조억만]\s?)*\d[\d,]*(?:\.\d+)?\s?[십백천]?[조억만]?"
# Currency words written after an amount, as ISO 4217 codes. 불 (弗) is the dollar of trade statistics
# (13.1억불); a country name before 달러 makes it that country's dollar (100만 홍콩달러).
CURRENCY_WORDS = {"원": "KRW", "달러": "USD", "불": "USD", "유로": "EUR", "엔": "JPY", "위안": "CNY",
                  "파운드": "GBP", "US$": "USD", "USD": "USD", "EUR": "EUR", "KRW": "KRW", "JPY": "JPY",
                  "CNY": "CNY"}
DOLLAR_COUNTRIES = {"미": "USD", "미국": "USD", "홍콩": "HKD", "호주": "AUD", "캐나다": "CAD", "싱가포르": "SGD",
                    "대만": "TWD", "뉴질랜드": "NZD"}
# Signs and codes written before an amount ($1,832.2억, US$30억, €5만)
CURRENCY_SIGNS = {"US$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP", "₩": "KRW",
                  "KRW": "KRW"}
# Short words that also start ordinary words (엔데믹, 엔지니어링, 유로존, 파운드리, 100위 안에): read as a
# currency only when no Hangul follows, or a particle or a word that follows amounts (까지, 규모, 이상 ...)
_STRICT = {"엔", "위안", "유로", "파운드"}
_WORDS = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
_COUNTRIES = "|".join(sorted(DOLLAR_COUNTRIES, key=len, reverse=True))
_SIGNS = "|".join(re.escape(w) for w in sorted(CURRENCY_SIGNS, key=len, reverse=True))
_QUALIFIER = r"(?P<qualifier>\s?(?:규모|상당|이상|이내|수준))?"
_MONEY = re.compile(
    rf"(?<![\d,.])(?P<amount>{_NUMBER})\s?(?P<approx>여\s?)?(?:(?P<country>{_COUNTRIES})\s?(?=달러))?"
    rf"(?P<currency>{_WORDS})(?![A-Za-z]){_QUALIFIER}"
)
_SIGNED_MONEY = re.compile(
    rf"(?<![A-Za-z])(?P<currency>{_SIGNS})\s?(?P<amount>{_NUMBER})(?P<approx>여)?{_QUALIFIER}"
)
_AFTER_STRICT = re.compile(r"(?![가-힣])|(?:은|는|이|가|의|을|를|과|와|도|으로|로|에서|에|까지|부터|보다|대|씩|임|"
                           r"규모|상당|수준|이상|이하|이내)")
COMPUTE_UNITS = {"TFLOPS": 1, "TF": 1, "테라플롭스": 1, "PFLOPS": 10**3, "PF": 10**3, "페타플롭스": 10**3,
                 "EFLOPS": 10**6, "EF": 10**6, "엑사플롭스": 10**6}
_COMPUTE = re.compile(
    r"(?<![\d.])(?P<vals>\d+(?:\.\d+)?(?:\s?/\s?\d+(?:\.\d+)?)*)\s?"
    rf"(?P<unit>{'|'.join(sorted(COMPUTE_UNITS, key=len, reverse=True))})(?![A-Za-z])"
)


def parse_amount(amount: str) -> float:
    """The number a Korean amount stands for: ``6조 4,227억`` -> 6.4227e12, ``100만`` -> 1e6.

    Computed in decimal, so that the number is the one written: ``166.8억`` is 16,680,000,000, not the
    16,680,000,000.000002 that multiplying the float 166.8 gives.

    >>> parse_amount("6조 4,227억"), parse_amount("575억"), parse_amount("3천만"), parse_amount("1,400")
    (6422700000000.0, 57500000000.0, 30000000.0, 1400.0)
    >>> parse_amount("166.8억"), parse_amount("294.9억")
    (16680000000.0, 29490000000.0)
    """
    total = Decimal(0)
    for number, small, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s?([십백천]?)([조억만]?)", amount):
        total += Decimal(number.replace(",", "")) * _SMALL[small] * _UNIT[unit]
    return float(total)


def _money_rows(text: str) -> list[tuple]:
    """Money in one text, each amount in its own currency: (start, end, text, "money", code, value, note)."""
    rows, taken = [], []
    for pattern in (_SIGNED_MONEY, _MONEY):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            word = m.group("currency")
            if word in _STRICT and not _AFTER_STRICT.match(text, m.end("currency")):
                continue
            if word == "위안" and re.match(r"에\s?드", text[m.end("currency"):]):
                continue  # 100위 안에 드는: a rank, not yuan
            if word == "불" and re.match(r"법|가능|편|허|확실|리|구하", text[m.end("currency"):]):
                continue  # 불법, 불가능 ... after a number (3건 불허): not dollars
            if pattern is _SIGNED_MONEY:
                code = CURRENCY_SIGNS[word]
            else:
                code = DOLLAR_COUNTRIES[m.group("country")] if m.group("country") else CURRENCY_WORDS[word]
            note = "; ".join(x for x in [("about/over" if m.group("approx") else ""),
                                         (m.group("qualifier") or "").strip()] if x)
            rows.append((m.start(), m.end(), m.group(), "money", code, parse_amount(m.group("amount")), note))
            taken.append((m.start(), m.end()))
    return sorted(rows)


def find_amounts(text: str) -> list[tuple]:
    """Money (``575억 원``, ``13.1억불``, ``955억유로``, ``$1,832.2억``), shares (``30% → 0%``) and compute
    (``10/20/40TF``, ``35페타플롭스``).

    Money's ``type`` is its currency as an ISO 4217 code (KRW for 원, USD for 달러/불/$/US$, EUR for
    유로/€, JPY for 엔, CNY for 위안, GBP for 파운드; HKD, AUD ... for 홍콩달러, 호주달러 ...) and its
    ``value`` the amount in that currency, never converted. Compute's ``type`` is ``TFLOPS`` and its value
    the figures in TFLOPS (PF x 1,000), joined by ``", "`` when the text offers alternatives.

    >>> [(r[2], r[4], r[5]) for r in find_amounts("5억엔(380만달러) 규모의 수출계약")]
    [('5억엔', 'JPY', 500000000.0), ('380만달러', 'USD', 3800000.0)]
    """
    rows = _money_rows(text)
    for m in re.finditer(r"(?P<a>\d+(?:\.\d+)?)\s?%(?:\s?(?:→|->|⇒)\s?(?P<b>\d+(?:\.\d+)?)\s?%)?", text):
        a = float(m.group("a")) / 100
        if m.group("b") is not None:
            b = float(m.group("b")) / 100
            rows.append((m.start(), m.end(), m.group(), "share", "change", f"{a:g} -> {b:g}", "a change of share"))
        else:
            rows.append((m.start(), m.end(), m.group(), "share", "share", f"{a:g}", ""))
    for m in _COMPUTE.finditer(text):
        values = [float(v) for v in re.split(r"\s?/\s?", m.group("vals"))]
        scale = COMPUTE_UNITS[m.group("unit")]
        normalized = ", ".join(f"{v * scale:g}" for v in values)
        note = "alternatives" if len(values) > 1 else ""
        rows.append((m.start(), m.end(), m.group(), "compute", "TFLOPS", normalized, note))
    return rows


AMOUNT_COLUMNS = ["doc_id", "sent_id", "start", "kind", "unit", "amount", "text", "note", "sentence"]


def amount_table(found: pd.DataFrame) -> pd.DataFrame:
    """Money and compute mentions of :func:`entities` with a number and its unit, ready to plot by unit.

    ``unit`` is the currency code (money) or ``TFLOPS`` (compute); ``amount`` a float in that unit. Where
    a compute mention offers alternatives (``10/20/40TF``), ``amount`` is the largest and ``note`` says so.
    Other columns of ``found`` (a ``group`` added by the notebook, say) are kept.

    >>> found = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "start": [0, 9],
    ...                       "kind": ["money", "compute"], "type": ["USD", "TFLOPS"], "value": [3.8e6, "10, 20, 40"],
    ...                       "text": ["380만달러", "10/20/40TF"], "note": ["", "alternatives"], "sentence": ["", ""]})
    >>> amount_table(found)[["unit", "amount", "note"]].to_dict("records")[1]
    {'unit': 'TFLOPS', 'amount': 40.0, 'note': 'alternatives; the largest shown'}
    """
    part = found[found["kind"].isin(["money", "compute"])].copy()
    compute = part["kind"] == "compute"
    part["unit"] = part["type"]
    part["amount"] = [max(float(x) for x in str(v).split(", ")) if c else float(v)
                      for v, c in zip(part["value"], compute, strict=True)]
    several = compute & part["value"].astype(str).str.contains(",")
    part.loc[several, "note"] = [f"{n}; the largest shown" if n else "the largest shown"
                                 for n in part.loc[several, "note"]]
    extra = [c for c in part.columns if c not in AMOUNT_COLUMNS and c not in ("type", "value", "end")]
    return part[[c for c in AMOUNT_COLUMNS if c in part.columns] + extra].reset_index(drop=True)


def largest_amounts(amounts: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` largest amounts of each unit (currency or TFLOPS), with their sentences.

    ``amounts`` is :func:`amount_table` output. A sentence repeated word for word across documents (a press
    release filed twice) counts once. Ties are broken by ``doc_id`` and offset, so the table is stable.
    Columns: unit, rank (1 = largest), amount, text, doc_id, then any other columns, sentence last.
    """
    ordered = (amounts.sort_values(["unit", "amount", "doc_id", "start"], ascending=[True, False, True, True],
                                   kind="stable")
               .drop_duplicates(["unit", "text", "sentence"]))
    top = ordered.groupby("unit", sort=True).head(n).copy()
    top["rank"] = top.groupby("unit").cumcount() + 1
    first = ["unit", "rank", "amount", "text", "doc_id"]
    rest = [c for c in top.columns if c not in first and c not in ("sentence", "sent_id", "start")]
    return top[first + rest + ["sentence"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# dates


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """The date with this month and day closest to the publication date (its year, or the one before or after)."""
    options = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _date(y, month, day))]
    return min(options, key=lambda d: (abs((d - published).days), d)) if options else None


def _month_shift(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


_DATE_RULES = [
    # (name, pattern, kind)
    ("full", r"(?<!\d)(?P<y>(?:19|20)\d{2})\s?[-.]\s?(?P<m>\d{1,2})\s?[-.]\s?(?P<d>\d{1,2})(?!\d)\.?", "absolute"),
    ("full_ko", r"(?P<y>(?:19|20)\d{2})년\s?(?P<m>\d{1,2})월\s?(?P<d>\d{1,2})일", "absolute"),
    ("short_full", r"[’'‘](?P<yy>\d{2})\.\s?(?P<m>\d{1,2})\.\s?(?P<d>\d{1,2})(?!\d)", "absolute"),
    ("short_month", r"[’'‘](?P<yy>\d{2})\.\s?(?P<m>\d{1,2})월", "absolute"),
    ("year_month_ko", r"(?P<y>(?:19|20)\d{2})년\s?(?P<m>\d{1,2})월", "absolute"),
    ("short_year", r"[’'‘](?P<yy>\d{2})(?:년)?(?![\d.])", "absolute"),
    ("year_ko", r"(?<!\d)(?P<y>1[89]\d{2}|20\d{2})년", "absolute"),
    ("last_year_month", r"지난해\s?(?P<m>\d{1,2})월", "relative"),
    ("this_year_month", r"올해\s?(?P<m>\d{1,2})월", "relative"),
    ("next_year_month", r"내년\s?(?P<m>\d{1,2})월", "relative"),
    ("last_day", r"지난\s?(?P<d>\d{1,2})일", "relative"),
    ("month_day", r"(?<![\d.’'‘])(?P<m>\d{1,2})월\s?(?P<d>\d{1,2})일", "year from publication"),
    ("dotted_month_day", r"(?<![\d.’'‘])(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?=\s?\([월화수목금토일]\))",
     "year from publication"),
    ("last_year", r"지난해", "relative"),
    ("this_year", r"올해", "relative"),
    ("next_year", r"내년", "relative"),
    ("last_month", r"지난달", "relative"),
    ("next_day", r"이튿날", "relative"),
    # a day alone, but not a duration (3일 이내, 2일간)
    ("bare_day", r"(?<![\d.월])(?P<d>\d{1,2})일"
                 r"(?=\([월화수목금토일]\)|에|부터|까지|\s(?!이내|간|동안|째|만|이상|이하|정도))",
     "month from publication"),
    ("month", r"(?<![\d.’'‘])(?P<m>\d{1,2})월(?!\s?\d{1,2}일)", "year from publication"),
]
_COMPILED = [(name, re.compile(pattern), kind) for name, pattern, kind in _DATE_RULES]
# documents whose sentences are read from the token store at a time (entity_mentions and events on a store): the
# spans and texts of this many documents' sentences are held at once, never the whole corpus's
SENTENCE_BATCH = 2000
# from this many documents (a tokenize batch) the person check hands its Kiwi back when it is done: on a
# large corpus the memory matters; on a small one, loading Kiwi again (a few seconds) is the larger cost
RELEASE_KIWI_DOCUMENTS = 2000
UNRESOLVED_NOTE = "no publication date: not resolved"  # a relative mention in an undated document


def _resolve(name: str, m: re.Match, published: dt.date, previous_day: dt.date | None):
    """(date, precision, note) for one match, or None when the numbers are not a date."""
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else (2000 + int(g["yy"]) if g.get("yy") else None)
    month = int(g["m"]) if g.get("m") else None
    day = int(g["d"]) if g.get("d") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if name in ("full", "full_ko", "short_full"):
        date = _date(year, month, day)
        return (date, "day", "") if date else None
    if name in ("short_month", "year_month_ko"):
        return dt.date(year, month, 1), "month", ""
    if name in ("short_year", "year_ko"):
        return dt.date(year, 1, 1), "year", ""
    if name in ("last_year_month", "this_year_month", "next_year_month"):
        shift = {"last_year_month": -1, "this_year_month": 0, "next_year_month": 1}[name]
        return dt.date(published.year + shift, month, 1), "month", ""
    if name in ("last_year", "this_year", "next_year"):
        shift = {"last_year": -1, "this_year": 0, "next_year": 1}[name]
        return dt.date(published.year + shift, 1, 1), "year", ""
    if name == "last_month":
        y, mo = _month_shift(published.year, published.month, -1)
        return dt.date(y, mo, 1), "month", ""
    if name == "next_day":
        if previous_day is None:
            return None
        return previous_day + dt.timedelta(days=1), "day", "the day after the date mentioned before it"
    if name == "last_day":
        for back in range(0, 3):  # this month, or the month before if the day has not come yet
            y, mo = _month_shift(published.year, published.month, -back)
            date = _date(y, mo, day)
            if date and date <= published:
                return date, "day", ""
        return None
    if name in ("month_day", "dotted_month_day"):
        date = _nearest_year(month, day, published)
        return (date, "day", "year taken from the publication date") if date else None
    if name == "bare_day":
        options = [d for shift in (-1, 0, 1) for y, mo in [_month_shift(published.year, published.month, shift)]
                   if (d := _date(y, mo, day))]
        if not options:
            return None
        date = min(options, key=lambda d: (abs((d - published).days), d))
        return date, "day", "month and year taken from the publication date"
    if name == "month":
        options = [dt.date(y, month, 1) for y in (published.year - 1, published.year, published.year + 1)]
        date = min(options, key=lambda d: (abs((d - published.replace(day=1)).days), d))
        return date, "month", "year taken from the publication date"
    return None


def _weekday_check(text: str, end: int, date: dt.date, precision: str, name: str, published: dt.date):
    """Check a date against a weekday in brackets right after it; for 지난 N일 try earlier months."""
    m = re.match(r"\s?\((?P<wd>[월화수목금토일])\)", text[end:])
    if not m or precision != "day":
        return date, ""
    said = WEEKDAYS.index(m.group("wd"))
    if date.weekday() == said:
        return date, "weekday matches"
    if name in ("last_day", "bare_day"):  # the month was inferred: an earlier month may fit the weekday
        for back in range(1, 13):
            y, mo = _month_shift(date.year, date.month, -back)
            candidate = _date(y, mo, date.day)
            if candidate and candidate.weekday() == said and candidate <= published:
                return candidate, f"weekday ({m.group('wd')}) moved the date back {back} month(s)"
    if name in ("month_day", "dotted_month_day"):  # the month is given: only the inferred year may move
        for year in (date.year - 1, date.year + 1):
            candidate = _date(year, date.month, date.day)
            if candidate and candidate.weekday() == said:
                return candidate, f"weekday ({m.group('wd')}) moved the year to {year}"
    return date, f"weekday mismatch: text says ({m.group('wd')}), date is a {calendar.day_name[date.weekday()]}"


def _relation(before: str, after: str) -> str:
    """``until`` (~date, date까지), ``since`` (date~) or ``from`` (date부터), from the text around a date."""
    weekday = r"\s?(?:\([월화수목금토일]\))?"
    if before in ("~", "∼") or re.match(weekday + "까지", after):
        return "until"
    if after.startswith(("~", "∼")):
        return "since"
    if re.match(weekday + "부터", after):
        return "from"
    return ""


def find_dates(text: str, published) -> list[tuple]:
    """Date mentions in a text resolved against its publication date.

    Returns (start, end, text, date, precision, kind, relation, note); ``relation`` is ``from``, ``until``
    or ``since`` where the text marks a range (``부터``, ``까지``, ``~``). With no publication date
    (``None`` or NaT) the absolute dates are still resolved; a mention that needs the publication date
    (올해, 지난 15일, 3월) keeps its kind, with date and precision ``None`` and the note
    :data:`UNRESOLVED_NOTE`.

    >>> [(r[2], str(r[3]), r[7]) for r in find_dates("지난 15일(화) 열린 세미나", "2022-02-20")]
    [('지난 15일', '2022-02-15', 'weekday matches')]
    >>> [(r[2], str(r[3])) for r in find_dates("2023년 4월 5일 발표, 올해 말까지", None)]
    [('2023년 4월 5일', '2023-04-05'), ('올해', 'None')]
    """
    published = None if published is None or pd.isna(published) else pd.Timestamp(published).date()
    found, taken, previous_day = [], [], None
    candidates = []
    for name, pattern, kind in _COMPILED:
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), name, kind, m))
    for start, _neg, name, kind, m in sorted(candidates, key=lambda c: (c[0], c[1])):
        if any(x < m.end() and start < y for x, y in taken):
            continue
        if published is None and kind != "absolute" and (name != "next_day" or previous_day is None):
            taken.append((start, m.end()))
            found.append((start, m.end(), m.group(), None, None, kind, "", UNRESOLVED_NOTE))
            previous_day = None  # 이튿날 after an unresolved day is unresolved too
            continue
        resolved = _resolve(name, m, published, previous_day)
        if resolved is None:
            continue
        date, precision, note = resolved
        date, check = _weekday_check(text, m.end(), date, precision, name, published or date)
        note = "; ".join(x for x in (note, check) if x)
        relation = _relation(text[max(0, start - 1):start], text[m.end():m.end() + 6])
        taken.append((start, m.end()))
        found.append((start, m.end(), m.group(), date, precision, kind, relation, note))
        if precision == "day":
            previous_day = date
    return found


# --------------------------------------------------------------------------------------------------
# corpus-level tables


def _sentences_by_doc(corpus: pd.DataFrame, tokens: pd.DataFrame | None = None,
                      spans: pd.DataFrame | None = None) -> dict:
    """Each document's sentence table (sent_id, start, sentence), grouped once; from the token table, or from
    the sentence ``spans`` already read (:func:`analysis.aggregates.sentence_spans`)."""
    sents = sentences(corpus, tokens) if spans is None else sentence_texts(corpus, spans)
    return {str(doc_id): part.reset_index(drop=True) for doc_id, part in sents.groupby("doc_id", sort=False)}


def _documents_with_sentences(corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore, columns: list[str]):
    """(values of ``columns``..., sentence table or None) for each document of ``corpus`` in order. From a token
    table the sentences of all documents are cut at once; from a :class:`~analysis.token_store.TokenStore` a
    batch of :data:`SENTENCE_BATCH` documents at a time, so only one batch's sentences are held (and, for a
    corpus loaded without its texts, one part of the corpus cache's texts: :func:`analysis.corpus.text_batches`)."""
    if not isinstance(tokens, TokenStore):
        corpus = with_text(corpus)
        by_doc = _sentences_by_doc(corpus, tokens)
        for values in zip(*(corpus[c] for c in columns), strict=True):
            yield (*values, by_doc.get(values[0]))
        return
    for texts in text_batches(corpus):
        for a in range(0, len(texts), SENTENCE_BATCH):
            part = texts.iloc[a:a + SENTENCE_BATCH]
            by_doc = _sentences_by_doc(part, spans=sentence_spans(tokens, doc_ids=part["doc_id"]))
            for values in zip(*(part[c] for c in columns), strict=True):
                yield (*values, by_doc.get(values[0]))


def _with_sentences(rows: list[tuple], doc_id: str, sents: pd.DataFrame | None,
                    strings: dict | None = None) -> list[tuple]:
    """Attach sent_id and sentence text to (start, end, ...) rows by offset. With ``strings`` (a dict kept
    across documents) every text value is held once however many rows have it
    (:func:`analysis.memory.shared_text`)."""
    if sents is None or sents.empty:  # a document without tokens has no sentences
        out = [(doc_id, -1, *row, "") for row in rows]
    else:
        starts = sents["start"].tolist()
        out = []
        for row in rows:
            i = max(bisect.bisect_right(starts, row[0]) - 1, 0)
            out.append((doc_id, int(sents["sent_id"].iloc[i]), *row, sents["sentence"].iloc[i]))
    if strings is None:
        return out
    return [tuple(shared_text(strings, value) for value in row) for row in out]


def entity_mentions(corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore | None = None,
                    lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Organizations, people, places, money, shares and compute in every document.

    ``tokens`` gives each mention its sentence: the token table, or the corpus's
    :class:`~analysis.token_store.TokenStore` (``session.store``), whose sentence spans are read a batch of
    documents at a time without loading the token table (the same rows). ``lexicon`` (from
    :func:`analysis.load_lexicon`) brings a researcher's organizations, places, titles and surnames; it also
    tokenizes the corpus when ``tokens`` is not given. Found from a store, the table is kept in
    ``.cache/results`` and read back by the next run on the same documents, lexicon and code (:func:`_cached`).

    Columns: doc_id, sent_id, start, end (offsets in ``text``), text, kind, type, value (canonical name,
    ``name (title, org)``, an amount in the currency named by ``type``, fraction or TFLOPS), note (what a
    rule could not decide), sentence. :func:`amount_table` turns money and compute into numbers per unit.

    Examples
    --------
    >>> table = entity_mentions(load_corpus())                   # doctest: +SKIP
    >>> table.groupby(["kind", "type"]).size()            # doctest: +SKIP
    """
    tokens = tokenize(corpus, lexicon=lexicon) if tokens is None else tokens
    return _cached("entities", corpus, tokens, lexicon, lambda: _entity_mentions(corpus, tokens, lexicon))


def _entity_mentions(corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore, lexicon: Lexicon | None) -> pd.DataFrame:
    gazetteer = load_gazetteer(lexicon)
    table, strings = _PartedTable(["doc_id", "sent_id", "start", "end", "text", "kind", "type", "value", "note",
                                   "sentence"]), {}
    documents = progress(_documents_with_sentences(corpus, tokens, ["doc_id", "text"]), total=len(corpus),
                         desc="entities", unit="doc", disable=len(corpus) < 2000)
    for doc_id, text, sents in documents:
        orgs = find_organizations(text, gazetteer)
        people = find_people(text, gazetteer)
        taken = [(r[0], r[1]) for r in orgs]
        found = orgs + people + find_places(text, gazetteer, taken) + find_amounts(text)
        found.sort(key=lambda r: (r[0], r[1], r[3]))
        table.extend(_with_sentences(found, doc_id, sents, strings))
    if len(corpus) >= RELEASE_KIWI_DOCUMENTS:
        release_kiwi()  # the person check is done: free its Kiwi (~0.3 GB) for the rest of a large run
    return table.frame()[ENTITY_COLUMNS]


MENTION_PART_ROWS = 50_000  # mentions gathered as Python tuples before they become a part of the table


class _PartedTable:
    """A table built from rows (tuples) a part of :data:`MENTION_PART_ROWS` rows at a time: each part becomes
    a frame (numbers in arrays, text as pointers to shared strings), so a table of millions of mentions never
    exists as millions of tuples. :meth:`frame` is what ``pd.DataFrame(all_rows, columns=columns)`` gives."""

    def __init__(self, columns: list[str]) -> None:
        self.columns, self.rows, self.parts = columns, [], []

    def extend(self, rows) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= MENTION_PART_ROWS:
            self._close_part()

    def _close_part(self) -> None:
        if self.rows or not self.parts:
            self.parts.append(pd.DataFrame(self.rows, columns=self.columns))
        self.rows = []

    def frame(self) -> pd.DataFrame:
        self._close_part()
        if len(self.parts) == 1:
            return self.parts[0]
        return pd.concat(self.parts, ignore_index=True).infer_objects()  # a column typed alike in every part


def events(corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore | None = None,
           lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Every date mention, resolved: date (first day of its period), precision (day, month, year),
    doc_id, sent_id, start, end, text, kind (absolute, relative, or which part came from the publication
    date), relation (from/until/since), note, sentence. In a document without a publication date the
    absolute dates are resolved, and each mention that needs the publication date is kept unresolved (no
    date, note :data:`UNRESOLVED_NOTE`). ``tokens`` (the token table, or the corpus's
    :class:`~analysis.token_store.TokenStore`, read a batch of documents at a time) gives each mention its
    sentence; ``lexicon`` tokenizes the corpus (for its sentences) when ``tokens`` is not given. Found from a
    store, the table is kept and read back as :func:`entity_mentions` is (:func:`_cached`)."""
    tokens = tokenize(corpus, lexicon=lexicon) if tokens is None else tokens
    return _cached("dates", corpus, tokens, lexicon, lambda: _events(corpus, tokens))


def _events(corpus: pd.DataFrame, tokens: pd.DataFrame | TokenStore) -> pd.DataFrame:
    table, strings = _PartedTable(EVENT_COLUMNS), {}
    documents = progress(_documents_with_sentences(corpus, tokens, ["doc_id", "text", "published"]),
                         total=len(corpus), desc="dates", unit="doc", disable=len(corpus) < 2000)
    for doc_id, text, published, sents in documents:
        found = find_dates(text, published)
        rows = []
        for row in _with_sentences(found, doc_id, sents, strings):
            d, sent_id, start, end, match, date, precision, kind, relation, note, sentence = row
            rows.append((pd.Timestamp(date) if date else pd.NaT, precision or "", d, sent_id, start, end, match, kind,
                         relation, note, sentence))
        table.extend(rows)
    table = table.frame()
    table["date"] = pd.to_datetime(table["date"])
    return table


# --------------------------------------------------------------------------------------------------
# results kept on disk beside the token store


RESULT_SOURCES = ("entities.py", "aggregates.py", "lexicon.py", "token_store.py", "tokens.py")  # what they follow


def _cached(kind: str, corpus: pd.DataFrame, tokens, lexicon: Lexicon | None, compute) -> pd.DataFrame:
    """The mentions (``kind``: ``entities`` or ``dates``) of a corpus whose tokens are in the store, read from
    ``.cache/results`` when a run already found them, else found (``compute``) and kept there (atomically).

    The key (:func:`_result_key`) holds each document's id, its place in the store (its text, Kiwi's version
    and model and the lexicon's token files), its publication date, the whole lexicon (gazetteers, titles,
    surnames) and the code that finds mentions: a change to any of them finds them again. A table given
    instead of a store is not cached. An unreadable file is named in a warning and replaced.
    """
    if not isinstance(tokens, TokenStore):
        return compute()
    return cached_table(cache_dir() / "results" / f"{kind}-{_result_key(kind, corpus, tokens, lexicon)}.pkl", kind,
                        compute)


def _result_key(kind: str, corpus: pd.DataFrame, store: TokenStore, lexicon: Lexicon | None) -> str:
    """A digest of what the mentions of ``corpus`` depend on (see :func:`_cached`)."""
    import kiwipiepy

    digest = hashlib.sha256(f"{kind}\x1f{kiwipiepy.__version__}\x1f{(lexicon or load_lexicon()).digest}".encode())
    package = Path(__file__).resolve().parent
    for name in RESULT_SOURCES:
        digest.update((package / name).read_bytes())
    digest.update(store.places())
    digest.update("\n".join(corpus["doc_id"].astype(str)).encode())
    if "published" in corpus:
        digest.update("\n".join(corpus["published"].astype(str)).encode())
    return digest.hexdigest()[:24]
