"""Document metadata from the text itself: the date, publisher, department and title a reader would take from
a document's header (a bill's 발의연월일 line, a press release's header table, a board's 작성일 line, a
byline), with the body's first full date only as the last resort and flagged as such.

Where each value came from is returned beside it (``published_source`` and friends), so an import report can
say it. The functions are pure: text in, values out; the importers decide what to do with them.

The header
    The top of the document: its first ``HEADER_LINES`` (30) non-empty lines, and at most ``HEADER_CHARS``
    (2,000) characters. A bill's header fields sit within its first 10 non-empty lines, a press release's
    header table within its first 15 cells; 30 lines leaves room for a title block or a page number above
    them, while a date in the middle of a long text is never taken for the document's own.

Which date a reader chooses (``DATE_FIELDS``, first group first; within a group, the first in the text)
    1. ``bill``: 발의연월일, 제출연월일 - the day a bill was introduced is its date.
    2. ``issued``: 배포일시, 배포, 발행일, 발간일 - the day the ministry issued the document; its own archive
       files a release under it.
    3. ``embargo``: 보도일시, 보도시점, 보도일 - when the press may report it; for print this can be the next
       morning (``2018. 9. 4.(화) 조간(온라인 9. 3. 12:00)`` distributed on 9. 3.), hence after ``issued``.
    4. ``posted``: 기사입력, 입력, 게재일, 승인, 등록일, 작성일 - when a page or board post went online.
    5. ``dateline``: a header line that is only a date, after at most a short name (``김한식 2023. 4. 11.
       17:45``), with an optional weekday and time.
    6. ``body``: the first full date anywhere in the text (``published_source`` is ``"body"``).

    Never taken for the document's date: 일시 (an event's date), 시행일 (when a law takes effect), 수정 and
    최종수정 (a later edit). A date is ``2010.  11.  12.``, ``2023. 4. 11.``, ``2023-04-11``, ``2023/04/11``,
    ``2023년 4월 11일``, with any spaces inside; in a labelled field also ``’23.4.11.`` or ``23.4.11.`` (a
    two-digit year is 20yy below 50, else 19yy) and ``20230411``. A date whose year is outside
    ``PLAUSIBLE_YEARS`` or that is not on the calendar (``2023. 2. 30.``) is rejected and the next candidate
    is taken.
"""

from __future__ import annotations

import re

import pandas as pd

# Years a document date may have, as [start, end): the Republic's own records (bills, laws) begin in 1948;
# a year outside is a typing error or a placeholder (1900-01-01), not a date.
PLAUSIBLE_YEARS = (1945, 2100)
HEADER_LINES = 30
HEADER_CHARS = 2000

DATE_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bill", ("발의연월일", "제출연월일", "발의일자", "제출일자", "발의일", "제출일")),
    ("issued", ("배포일시", "배포일자", "배포일", "배포", "발행일자", "발행일", "발간일자", "발간일")),
    ("embargo", ("보도일시", "보도일자", "보도시점", "보도일")),
    ("posted", ("기사입력", "최초입력", "입력일시", "입력일", "입력", "게재일자", "게재일", "승인", "등록일자",
                "등록일시", "등록일", "작성일자", "작성일시", "작성일")),
)
PUBLISHER_FIELDS = ("발행처", "발행기관", "발간처", "작성기관", "기관명", "언론사", "제출자")
DEPARTMENT_FIELDS = ("담당부서", "소관부서", "주관부서", "부서명", "담당과", "문의처", "문의")
# Cells of a contact table that end the department's cell (a role, a person's title, a phone line).
CONTACT_LABELS = ("책임자", "담당자", "담당과장", "담당관", "과장", "팀장", "국장", "사무관", "서기관", "주무관",
                  "연구관", "연구원", "연락처", "전화", "문의")
# Name endings of administrative units: 대외경제국, 국제경제과, 혁신팀, 대변인 ...
UNIT_END = r"(?:부|처|청|실|국|관|과|팀|단|원|본부|센터|위원회|대변인)"
ORG_END = r"(?:부|처|청|위원회|시|도|군|구|재단|공사|공단|진흥원|연구원|원|센터|본부|사업단)"
HEAD_TITLES = r"(?:장관|차관|청장|처장|위원장|시장|도지사|군수|구청장|이사장|원장|사장|대표|총장|센터장|단장|본부장)"
PRESS_MARK = re.compile(r"보\s*도\s*(?:참\s*고\s*)?자\s*료")

_SEP = re.compile(r"[\s:：|\]\)]*")  # between a label and its value: spaces, tabs, line breaks, a colon
_FULL_DATE = re.compile(r"(?<![\d.])(\d{4})\s*(?:[.\-/]|년)\s*(\d{1,2})\s*(?:[.\-/]|월)\s*(\d{1,2})(?!\d)")
_SHORT_DATES = (
    re.compile(r"[’‘'`](\d{2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(\d{2})\.(\d{1,2})\.(\d{1,2})\.(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"),
)
_DATELINE = re.compile(
    r"\s*(?:[가-힣A-Za-z]{2,10}(?:\s*기자)?\s+)?" + _FULL_DATE.pattern
    + r"\.?\s*(?:일\s*)?(?:\([월화수목금토일]\)\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def _spaced(label: str) -> str:
    """A label as a regex that tolerates spaces between its syllables (``발  의  자``, ``담 당 자``)."""
    return r"\s*".join(map(re.escape, label))


def _label_regex(labels) -> re.Pattern:
    alternatives = "|".join(_spaced(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![가-힣])(?P<label>{alternatives})(?![가-힣])")


_RANK = {label: rank for rank, (_, labels) in enumerate(DATE_FIELDS) for label in labels}
_DATE_LABEL = _label_regex(_RANK)
_PUBLISHER_LABEL = _label_regex(PUBLISHER_FIELDS)
_DEPARTMENT_LABEL = _label_regex(DEPARTMENT_FIELDS)
_DEPARTMENT_LINE = re.compile(r"^[ \t]*" + _DEPARTMENT_LABEL.pattern, re.MULTILINE)
_TITLE_LABEL = re.compile(rf"(?:{_spaced('안건명')}|{_spaced('제목')}|{_spaced('건명')})\s*[:：]\s*(\S.*)")
_HEAD = re.compile(rf"\(\s*{HEAD_TITLES}\s+[가-힣]{{2,4}}")
_COPYRIGHT = re.compile(r"(?:Copyright|저작권자)\s*(?:©|ⓒ|\([cC]\))\s*(?:\d{4}(?:\s*[-~]\s*\d{4})?\s+)?"
                        r"([^.,<>()\[\]\n]{2,40}?)\s*(?=[.,<>\n]|All Rights|무단|$)", re.IGNORECASE)
_ORG_BEFORE = re.compile(rf"(?<![가-힣])([가-힣]{{2,20}}{ORG_END})\s*$")
_CONTACT_CUT = re.compile(rf"(?<![가-힣])(?:{'|'.join(_spaced(c) for c in CONTACT_LABELS)})(?![가-힣])"
                          r"|\(?\s*☎|\(?\s*\d{2,4}\)?-\d{3,4}-\d{4}|\S+@\S+")


def _stamp(year: int, month: int, day: int) -> pd.Timestamp | None:
    """The calendar date, or None when it is not one or its year is implausible."""
    if not PLAUSIBLE_YEARS[0] <= year < PLAUSIBLE_YEARS[1]:
        return None
    try:
        return pd.Timestamp(year, month, day)
    except ValueError:
        return None


def _date_at(text: str, pos: int) -> pd.Timestamp | None:
    """A date starting exactly at ``pos`` (a field's value), in any of the accepted forms, or None."""
    match = _FULL_DATE.match(text, pos)
    if match:
        return _stamp(*map(int, match.groups()))
    for pattern in _SHORT_DATES:
        match = pattern.match(text, pos)
        if match:
            year, month, day = map(int, match.groups())
            year += 0 if year >= 100 else 2000 if year < 50 else 1900
            return _stamp(year, month, day)
    return None


def header_zone(text: str) -> str:
    """The top of a document where its header fields are looked for: the first ``HEADER_LINES`` non-empty
    lines, cut at ``HEADER_CHARS`` characters.

    Examples
    --------
    >>> header_zone("제목\\n\\n" + "본문\\n" * 100).count("본문")
    29
    """
    taken, size, count = [], 0, 0
    for line in str(text).splitlines(keepends=True):
        if count >= HEADER_LINES or size >= HEADER_CHARS:
            break
        taken.append(line)
        size += len(line)
        count += bool(line.strip())
    return "".join(taken)[:HEADER_CHARS]


def first_full_date(text: str) -> pd.Timestamp:
    """The first full, plausible calendar date written anywhere in a text (``2010.  11.  12.``,
    ``2023. 4. 11.``, ``2023-04-11``, ``2023년 4월 11일``), or NaT. Dates off the calendar or outside
    ``PLAUSIBLE_YEARS`` are skipped.

    Examples
    --------
    >>> first_full_date("제9999호, 2023. 2. 30. 무효, 발의연월일 : 2010.  11.  12.")
    Timestamp('2010-11-12 00:00:00')
    >>> first_full_date("날짜 없음")
    NaT
    """
    for match in _FULL_DATE.finditer(str(text)):
        stamp = _stamp(*map(int, match.groups()))
        if stamp is not None:
            return stamp
    return pd.NaT


def _header_date(header: str) -> tuple[pd.Timestamp, str, int]:
    """The preferred labelled or dateline date of a header, its source and the offset of its line."""
    found = []
    for match in _DATE_LABEL.finditer(header):
        value = _SEP.match(header, match.end()).end()
        stamp = _date_at(header, value)
        if stamp is not None:
            label = re.sub(r"\s+", "", match["label"])
            found.append((_RANK[label], match.start(), stamp, f"header:{label}"))
    if not found:
        offset = 0
        for line in header.splitlines(keepends=True):
            match = _DATELINE.match(line)
            if match:
                stamp = _stamp(*map(int, match.groups()))
                if stamp is not None:
                    found.append((len(DATE_FIELDS), offset, stamp, "header:dateline"))
                    break
            offset += len(line)
    if not found:
        return pd.NaT, "", -1
    rank, where, stamp, source = min(found, key=lambda f: f[:2])
    return stamp, source, where


def _squeeze(value: str) -> str:
    """A cell value with runs of spaces collapsed, and letter-spaced syllables (``정         부``) joined."""
    value = re.sub(r"\s+", " ", value).strip()
    if re.fullmatch(r"[가-힣](?: [가-힣])+", value):
        value = value.replace(" ", "")
    return value


def _field_value(text: str, end: int) -> str:
    """The value of a field whose label ends at ``end``: the rest of its line, or the next non-empty line
    when the label is a cell of its own."""
    rest = text[end:]
    line = re.match(r"[ \t:：|]*([^\n\r]*)", rest)[1].strip()
    if not line:
        line = next((cell.strip() for cell in rest.splitlines() if cell.strip(" \t:：|")), "")
        line = line.strip(" \t:：|")
    return line


def lead_issuer(text: str, chars: int = 3000) -> str:
    """The issuing body named as Korean press releases open, ``<기관>(장관 <이름> ...)``, in the first
    ``chars`` characters; ``""`` when there is none.

    Examples
    --------
    >>> lead_issuer("□ 과학기술정보통신부(장관 유영민, 이하 ‘과기정통부’)는")
    '과학기술정보통신부'
    """
    text = str(text)
    for head in _HEAD.finditer(text, 0, chars):
        match = _ORG_BEFORE.search(text, max(0, head.start() - 30), head.start())
        if match:
            return match[1]
    return ""


def _publisher(text: str, header: str, press: bool) -> tuple[str | None, str]:
    for match in _PUBLISHER_LABEL.finditer(header):
        value = _squeeze(re.split(r"\t| {3,}(?=\S+\s*[:：])", _field_value(header, match.end()))[0])
        if re.search(r"[가-힣A-Za-z]", value) and len(value) <= 40:
            return value, "header:" + re.sub(r"\s+", "", match["label"])
    match = re.search(r"\(\s*([가-힣]{2,5})\s*의원\s*대표\s*발의\s*\)", header)
    if match:
        return f"{match[1]} 의원", "header:대표발의"
    match = re.search(rf"원하시면\s*([가-힣]{{2,20}}{ORG_END})(?![가-힣])", text)
    if match:
        return match[1], "contact"
    if press and (found := lead_issuer(text)):
        return found, "lead"
    found = [at for key in ("opyright", "OPYRIGHT", "저작권자") if (at := text.find(key)) != -1]
    match = _COPYRIGHT.search(text, max(0, min(found) - 1)) if found else None
    if match:
        return match[1], "copyright"
    return None, ""


def _department(text: str, header: str) -> tuple[str | None, str]:
    """The responsible unit from a 담당부서 (or 문의) cell: in the header, else in a contact table that starts
    a line anywhere (newer releases put it after the body). A bureau (``대외경제국``) is followed by its
    division when the next cells of the table name one (``대외경제국 국제경제과``)."""
    candidates = [(header, m) for m in _DEPARTMENT_LABEL.finditer(header)]
    starts = set()
    for key in ("부서", "담당과", "문의"):  # cheap pre-filter: only lines holding a label are matched
        at = text.find(key)
        while at != -1:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = text.find(key, at + 1)
    candidates += [(text, m) for m in map(lambda at: _DEPARTMENT_LINE.match(text, at), sorted(starts)) if m]
    for source, match in candidates:
        value = _field_value(source, match.end())
        value = _squeeze(_CONTACT_CUT.split(value)[0]).strip(" ,()")
        if not value or len(value) > 40 or not re.search(rf"{UNIT_END}$", value):
            continue
        if re.search(r"(?:국|실|본부|관|단)$", value):
            after = source[match.end():match.end() + 300].split(value, 1)[-1]
            block = []
            for line in after.splitlines():
                if len(line.strip()) > 60:
                    break
                block.append(line)
            division = re.search(r"(?<![가-힣])([가-힣]{3,20}(?:과|팀))(?![가-힣])", "\n".join(block[:12]))
            if division:
                value = f"{value} {division[1]}"
        return value, "header:" + re.sub(r"\s+", "", match["label"])
    return None, ""


def _headline(line: str) -> bool:
    line = line.strip()
    return (8 <= len(line) <= 200 and bool(re.search(r"[가-힣]", line)) and not PRESS_MARK.fullmatch(line)
            and _FULL_DATE.search(line) is None and not re.match(r"[▲△□■○●ㅇ◆◇※*\-–·]", line))


def _title(header: str, date_source: str, date_at: int) -> tuple[str | None, str]:
    lines = [line.strip() for line in header.splitlines() if line.strip()]
    for line in lines:
        match = _TITLE_LABEL.match(line)
        if match and _headline(match[1]):
            return match[1].strip(), "header:제목"
    end = next((i for i, line in enumerate(lines)
                if re.fullmatch(r"\(.*발\s*의\s*\)|의\s*안(?:\s*번\s*호)?", line)), None)
    if end is not None and 1 <= end <= 3 and date_source in {f"header:{x}" for x in DATE_FIELDS[0][1]}:
        return _squeeze(" ".join(lines[:end])), "header:bill"
    posted = {f"header:{x}" for x in DATE_FIELDS[3][1]} | {"header:dateline"}
    if date_source in posted:
        line_start = header.rfind("\n", 0, date_at) + 1
        before = [line.strip() for line in header[:line_start].splitlines() if line.strip()]
        if header[line_start:date_at].strip() and not re.search(r"작\s*성\s*자", header[line_start:date_at]):
            return None, ""  # the date field shares its line with other text: no headline above it to trust
        while before and re.match(r"[-–―]\s", before[-1]) and len(before) > 1:
            before.pop()  # a sub-title line (``- ... -``) between the headline and the date line
        if before and _headline(before[-1]):
            return before[-1], "header:headline"
    return None, ""


def header_fields(text: str) -> dict:
    """Date, publisher, department and title of a document as its header states them, each with its source.

    Parameters
    ----------
    text : str
        The document's raw text (as extracted from a .txt, HWP, HWPX, PDF or page), header on top.

    Returns
    -------
    dict
        ``published`` (``pd.Timestamp`` at midnight, or ``pd.NaT``) and ``published_source``:
        ``"header:<label>"`` (``header:발의연월일``, ``header:보도시점`` ...), ``"header:dateline"``, ``"body"``
        for the last resort (the first full date anywhere in the text), or ``""`` when there is none; the
        order of preference is in the module docstring. ``publisher`` with ``publisher_source``
        (``header:<label>``, ``header:대표발의``, ``contact`` for the release's closing "자세한 내용을
        원하시면 <기관> ..." line, ``lead`` for ``<기관>(장관 <이름>...)`` in a press release, ``copyright``).
        ``department`` with ``department_source`` (the 담당부서 or 문의 cell). ``title`` with ``title_source``
        (a 제목 field, a bill's title lines, or the headline right above a board or byline date line);
        ``None`` (source ``""``) wherever the text does not say it clearly enough.

    Examples
    --------
    >>> bill = ("국가공무원법 일부개정법률안\\n\\n(정의화의원 대표발의 )\\n\\n 의 안\\n 번 호\\n\\n9891\\n\\n"
    ...         "발의연월일 : 2010.  11.  12.  ")
    >>> fields = header_fields(bill)
    >>> fields["published"], fields["published_source"]
    (Timestamp('2010-11-12 00:00:00'), 'header:발의연월일')
    >>> fields["title"], fields["publisher"]
    ('국가공무원법 일부개정법률안', '정의화 의원')
    >>> header_fields("보도시점 2025. 9. 19.(금) 11:00 배포 2025. 9. 19.(금) 08:00")["published_source"]
    'header:배포'
    >>> header_fields("본문에만 2023년 4월 11일이 있다.")["published_source"]
    'body'
    """
    text = "" if text is None else str(text)
    header = header_zone(text)
    published, source, date_at = _header_date(header)
    if pd.isna(published):
        published = first_full_date(text)
        source = "body" if pd.notna(published) else ""
    press = bool(PRESS_MARK.search(header)) or source.removeprefix("header:") in DATE_FIELDS[1][1] + DATE_FIELDS[2][1]
    publisher, publisher_source = _publisher(text, header, press)
    department, department_source = _department(text, header)
    title, title_source = _title(header, source, date_at)
    return {"published": published, "published_source": source, "publisher": publisher,
            "publisher_source": publisher_source, "department": department, "department_source": department_source,
            "title": title, "title_source": title_source}
