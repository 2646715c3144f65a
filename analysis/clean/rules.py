"""The cleaning rules for Korean policy text, each a small named function ``rule(text) -> list[Edit]``, and
:data:`RULES`, the order :func:`analysis.clean.clean_text` applies them in.

These are what a researcher reads and edits: a new rule is a function here and a line in :data:`RULES`, with a
test in ``tests/test_clean.py``. Word lists and patterns are data in ``analysis/resources/`` (``boilerplate.tsv``,
``credit_suffixes.txt``, ``news_outlet_suffixes.txt``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from analysis.clean.engine import Edit
from analysis.lexicon import data_lines
from analysis.paths import RESOURCES

# --------------------------------------------------------------------------------------------------
# helpers shared by the line-based rules


def _lines(text: str):
    """Yield (start, end, line) for each line; ``end`` excludes the newline."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _drop_line(text: str, start: int, end: int) -> Edit:
    """An edit removing a whole line with its line break (a last line's preceding break is left to
    :func:`blank_line_runs`)."""
    return Edit(start, min(end + 1, len(text)))


def comparable(text: str) -> str:
    """Text reduced to its letters and digits, for comparing paragraphs that differ in quotes or spaces."""
    return re.sub(r"[\W_]+", "", text)



# --------------------------------------------------------------------------------------------------
# Unicode and whitespace


LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_endings(text: str) -> list[Edit]:
    """Windows and old Mac line ends, and the other line breaks ``str.splitlines`` knows (form feed,
    vertical tab, U+2028 ...), become ``\\n``: after cleaning a line is what lies between two ``\\n``."""
    return [Edit(m.start(), m.end(), "\n") for m in LINE_BREAKS.finditer(text)]


def unicode_nfc(text: str) -> list[Edit]:
    """Compose decomposed characters (Hangul jamo sequences, accents) to NFC, word by word."""
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in re.finditer(r"\S+", text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits.append(Edit(m.start(), m.end(), composed))
    return edits


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def invisible_characters(text: str) -> list[Edit]:
    """Zero-width spaces and joiners, stray byte-order marks and soft hyphens are deleted."""
    return [Edit(m.start(), m.end()) for m in re.finditer(f"[{_INVISIBLE}]+", text)]


def nonstandard_spaces(text: str) -> list[Edit]:
    """Non-breaking, ideographic and other fixed-width spaces become ordinary spaces."""
    return [Edit(m.start(), m.end(), " " * len(m.group())) for m in re.finditer(f"[{_ODD_SPACES}]+", text)]


def space_runs(text: str) -> list[Edit]:
    """Runs of spaces or tabs inside a line collapse to one space."""
    return [Edit(m.start(), m.end(), " ") for m in re.finditer(r"(?<=\S)[ \t]{2,}(?=\S)|(?<=\S)\t(?=\S)", text)]


def line_edge_spaces(text: str) -> list[Edit]:
    """Spaces at the start or end of a line carry nothing in plain text and are removed."""
    return [Edit(m.start(), m.end()) for m in re.finditer(r"(?m)^[ \t]+|[ \t]+$", text)]


def blank_line_runs(text: str) -> list[Edit]:
    """Two or more blank lines become one; blank lines at the start and end of a document go."""
    edits = []
    for m in re.finditer(r"\n{3,}", text):
        edits.append(Edit(m.start(), m.end(), "\n\n"))
    lead = re.match(r"\n+", text)
    if lead:
        edits = [e for e in edits if e.start >= lead.end()]
        edits.insert(0, Edit(0, lead.end()))
    trail = re.search(r"\n+\Z", text)
    if trail and trail.start() > 0:
        edits = [e for e in edits if e.end <= trail.start()]
        edits.append(Edit(trail.start(), trail.end()))
    return edits


# --------------------------------------------------------------------------------------------------
# Korean document conventions


def separator_dots(text: str) -> list[Edit]:
    """``ㆍ`` (U+318D) and ``․`` (U+2024) used between coordinated words become the middle dot ``·``.

    ``AIㆍ데이터ㆍ클라우드`` -> ``AI·데이터·클라우드``. A dot between two digits (``1․2``) is left alone.
    A full-width question mark between two syllables (``정부？공공기관``, EPIC) is a middle dot lost in
    conversion and becomes one too.
    """
    edits = [Edit(m.start(), m.end(), "·") for m in re.finditer(r"(?<=[가-힣])？(?=[가-힣])", text)]
    for m in re.finditer(r"(?<=[\w)\]])[\u318d\u2024](?=\s?[\w(\[])", text):
        before, after = text[m.start() - 1], text[m.end() :].lstrip()[:1]
        if before.isdigit() and after.isdigit():
            continue
        edits.append(Edit(m.start(), m.end(), "·"))
    return sorted(edits, key=lambda e: e.start)


# Hancom's private-use code points (plane 15) as its readers pass them through, and U+2027, which Hancom
# uses as a middle dot; each becomes its standard character.
HANCOM_CHARACTERS = {
    **{chr(0xF02B1 + i): chr(0x2460 + i) for i in range(9)},  # circled-number bullets -> ① ... ⑨
    "\U000F0854": "『",
    "\U000F0855": "』",
    "\u2027": "·",  # HYPHENATION POINT, typed for a middle dot (plain text has no hyphenation to mark)
}
_HANCOM = re.compile(f"[{''.join(HANCOM_CHARACTERS)}]")


def hancom_characters(text: str) -> list[Edit]:
    r"""Hancom's own characters become their standard forms: the private-use circled numbers
    U+F02B1-F02B9 become ① ... ⑨, U+F0854/U+F0855 become 『 』, and U+2027 (a hyphenation point,
    which Hancom documents use as a middle dot) becomes ``·`` as :func:`separator_dots` writes it.

    Private-use characters have no meaning outside Hancom's fonts: left in, they are unreadable boxes
    to every other program and split the words around them. The nine circled numbers are taken in
    order (U+F02B1 is ①); none of the documents in ``../shared/corpora/documents`` holds one, so the
    order is the issue's description, not yet seen in a file.

    Examples
    --------
    >>> raw = "\U000F0854인공지능 기본법\U000F0855 \U000F02B1 시행, AI\u2027데이터"
    >>> from analysis.clean import clean_text
    >>> clean_text(raw, rules=(hancom_characters,))[0]
    '『인공지능 기본법』 ① 시행, AI·데이터'
    """
    return [Edit(m.start(), m.end(), HANCOM_CHARACTERS[m.group()]) for m in _HANCOM.finditer(text)]


# Circled numbers ①-⑳ are not in the list: in a statute they number the paragraphs (항) that other
# provisions cite ("제2항"), and elsewhere they number items as "1." does; both are kept like any number.
_BULLET_CHARS = "□■ㅇ○●◆◇▲△▶▷►•◦※❶❷❸❹❺❻❼❽❾❿"
_LINE_NUMBER = re.compile(r"(?m)^[ \t]*[\u2460-\u2473]")
# A dash or star with nothing after it on its line is not a bullet: alone in a table cell, "-" means nil.
_LINE_BULLET = re.compile(rf"(?m)^[ \t]*(?:[{_BULLET_CHARS}]|-(?=[ \t]+\S)|\*+(?=[ \t]*[A-Za-z가-힣]|[ \t]+\S))[ \t]*")


def outline_bullets(text: str) -> list[Edit]:
    """Outline bullets at a line start (``□ ㅇ ○ ◆ ▲ ※ ❶ - *``) become a paragraph break.

    The bullet is structure, not a word: it is removed and its line starts a paragraph of its own (the
    line break before it becomes a blank line). A decorative closing `` -`` on a sub-title line goes too.
    Circled numbers (``① ②``) are numbers, not bullets: a line they open starts a paragraph too, but a
    statute's paragraph numbers (cited as 제2항) and a list's item numbers stay in the text, as ``1.`` does.
    A dash alone on its line is a table cell meaning "none" (a bill's cost table) and stays too.
    """
    edits = []
    for m in _LINE_BULLET.finditer(text):
        rest = text[m.end() : m.end() + 1]
        if m.group().strip() == "ㅇ" and rest and "\uac00" <= rest <= "\ud7a3" and " " not in m.group():
            continue  # 'ㅇ' glued to a syllable is a typo, not a bullet
        if m.start() == 0:
            edits.append(Edit(0, m.end()))
        elif text[m.start() - 2 : m.start()] == "\n\n" or m.start() == 1:
            edits.append(Edit(m.start(), m.end()))
        else:
            edits.append(Edit(m.start() - 1, m.end(), "\n\n"))
    for m in _LINE_NUMBER.finditer(text):  # a numbered paragraph starts a paragraph, its number kept
        if m.start() > 1 and text[m.start() - 2 : m.start()] != "\n\n":
            edits.append(Edit(m.start() - 1, m.start(), "\n\n"))
    for m in re.finditer(r"(?m)(?<=[^\s:：])[ \t]+-[ \t]*$", text):  # not "수 입 :  -" (nil)
        if not any(e.start <= m.start() < e.end for e in edits):
            edits.append(Edit(m.start(), m.end()))
    return sorted(edits, key=lambda e: e.start)


def footnote_marks(text: str) -> list[Edit]:
    """Footnote reference marks glued to a word (``ITU*``, ``AI for Good**``) are removed."""
    return [Edit(m.start(), m.end()) for m in re.finditer(r"(?<=[\w)’'”\"])\*{1,3}(?=[\s(),.:가-힣]|$)", text)]


def empty_brackets(text: str) -> list[Edit]:
    """Brackets left empty by document conversion (``2월 6()`` lost its weekday) are removed."""
    return [Edit(m.start(), m.end()) for m in re.finditer(r"\(\s*\)|（\s*）", text)]


def broken_urls(text: str) -> list[Edit]:
    """A domain or URL pushed onto the next line (``(\\ndaum.net)``) is joined back to its bracket."""
    pattern = r"(?:(?<=\()|(?<=://)|(?<=www\.))[ \t]*\n[ \t]*(?=(?:[\w-]+\.)+[A-Za-z]{2,}\b)"
    return [Edit(m.start(), m.end()) for m in re.finditer(pattern, text)]


# --------------------------------------------------------------------------------------------------
# web and portal noise


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(rule, compiled pattern) pairs from ``resources/boilerplate.tsv``."""
    rows = []
    for raw in (RESOURCES / "boilerplate.tsv").read_text(encoding="utf-8").splitlines():
        line = raw.split("  #", 1)[0].rstrip()
        if not line or line.startswith("#"):
            continue
        rule, pattern = line.split("\t", 1)
        rows.append((rule, re.compile(pattern)))
    return tuple(rows)


def boilerplate_lines(text: str) -> list[Edit]:
    """Whole lines of page furniture (reader UI, copyright, bylines, prompts, contacts) are removed.

    The patterns, each with its rule name, are data in ``resources/boilerplate.tsv``.
    """
    edits = []
    patterns = boilerplate_patterns()
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        for rule, pattern in patterns:
            if pattern.search(stripped):
                e = _drop_line(text, start, end)
                edits.append(Edit(e.start, e.end, "", rule))
                break
    return _non_overlapping(edits)


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


@cache
def word_alternation(name: str) -> str:
    """The words of ``resources/<name>`` as one regex alternation, longest first (so ``시청`` wins over ``시``).

    Examples
    --------
    >>> word_alternation("news_outlet_suffixes.txt")
    '(?:통신|뉴스|기자|일보|신문)'
    """
    words = sorted((line for _, line in data_lines(RESOURCES / name)), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"


def _credit_length(run: str) -> int:
    """Length of the photo-credit part of a run glued to the body (``대구광역시대구시는`` -> 5).

    The credit is the longest prefix ending in an organisation or credit suffix whose remainder still
    reads as a sentence subject (two or more syllables and a particle). Without such a remainder the
    whole run is the credit.
    """
    best = len(run)
    for m in re.finditer(word_alternation("credit_suffixes.txt"), run):
        rest = run[m.end() :]
        if re.fullmatch(r"[가-힣]{2,}(?:은|는|이|가|에서|도|의|과|와)", rest):
            best = m.end()
    return best


def photo_credits(text: str) -> list[Edit]:
    """Photo credits are removed: ``▲ 사진=<source>`` (even when glued to the first sentence) and a
    caption's trailing ``/<source> 제공``."""
    edits = []
    for m in re.finditer(r"[▲△]?[ \t]*(?:사진|그래픽|자료)[ \t]*=[ \t]*(\S+)", text):
        if m.start() > 0 and text[m.start() - 1] not in "\n ([" and not m.group().startswith(("▲", "△")):
            continue
        run = m.group(1)
        end = m.start(1) + _credit_length(run)
        if end < len(text) and text[end] == " ":
            end += 1
        edits.append(Edit(m.start(), end))
    for m in re.finditer(r"(?m)[ \t]*/[ \t]*[^\s/][^/\n]{0,30}?[ \t]*제공[ \t]*$", text):
        edits.append(Edit(m.start(), m.end()))
    return _non_overlapping(edits)


_SUMMARY_NOTICE = re.compile(r"(?m)^[ \t]*자동\s?요약\b.*$")


def auto_summary(text: str) -> list[Edit]:
    """A portal's automatic summary (after a ``자동요약`` notice) repeats the body: its paragraphs are
    removed when each of them appears again later in the text. The notice itself is reader UI."""
    notice = _SUMMARY_NOTICE.search(text)
    if not notice:
        return []
    edits = []
    for start, end, line in _lines(text):
        if start <= notice.end() or not line.strip():
            continue
        if re.search(r"본문 보기를 권장|자동요약", line):
            continue
        key = comparable(line)
        if len(key) >= 20 and key in comparable(text[end:]):
            edits.append(_drop_line(text, start, end))
        else:
            break
    return _non_overlapping(edits)


# Lines that a document repeats on purpose, by their form: headings of statutes (제3조, 제2장, 부칙),
# paragraph and item numbers (① 1. 가. (1)), and table rows (cells separated by tabs or bars).
_STRUCTURAL_LINE = re.compile(
    r"^\s*(?:"
    r"제\s*\d+\s*(?:편|장|절|관|조|항|호)"  # 제4조(국제결혼중개업의 등록), 제2장 국회
    r"|부\s*칙"  # addenda
    r"|<\s*(?:신\s*설|삭\s*제)\s*>"  # <신 설>, <삭 제> cells of a comparison table
    r"|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]"  # circled paragraph numbers ① ... ㊿
    r"|\(?\d{1,3}[.)](?!\d)|\(?[가-하][.)]|\([가-하\d]{1,3}\)"  # item numbers 1. 1) 가. (1) (가)
    r")"
)


def is_structural_line(line: str) -> bool:
    """Whether a line is document structure that may recur on purpose: a statute heading (``제4조(...)``,
    ``제2장``, ``부칙``), a paragraph or item number at its start (``①``, ``1.``, ``가.``, ``(1)``), a
    comparison-table cell (``<신 설>``) or a table row (cells separated by a tab or by ``|``)."""
    return bool(_STRUCTURAL_LINE.match(line)) or "\t" in line.strip() or line.count("|") >= 2


def repeated_paragraphs(text: str, min_chars: int = 12, max_gap: int = 1) -> list[Edit]:
    """A paragraph or caption printed again right after itself is kept once: the later copy is removed.

    A line is a copy when its letters and digits (quotes, spaces and punctuation ignored, lines of fewer
    than ``min_chars`` of them never compared) equal those of one of the ``max_gap + 1`` non-blank lines
    before it, that is with at most ``max_gap`` other lines between. Structural lines (see
    :func:`is_structural_line`) are never removed.

    Why only near neighbours, and never structure: a web page that prints a caption or paragraph twice
    prints the copies together (the photo caption above and below the picture, a paragraph pasted
    twice). Documents that repeat on purpose repeat at a distance or as structure: a bill states its
    title on the cover and again above the text; a speech returns to its refrain; an old/new comparison
    table (신·구조문대비표) prints each article heading once per column, so that the two copies stand on
    adjacent lines. Korean drafting writes the unchanged text of the new column as dashes
    (``------``), so the only identical neighbours in such a table are its headings and numbered
    cells, which are structural. A far-apart repetition that is noise has its own rule: the portal
    summary block (:func:`auto_summary`), recognised by its notice.

    Examples
    --------
    >>> from analysis.clean import clean_text
    >>> caption = "지난해 온라인 중계 방식으로 열린 ‘2021 서울 빅데이터 포럼’의 모습."
    >>> clean_text(f"{caption}\\n{caption}\\n본문.", rules=(repeated_paragraphs,))[0].count(caption)
    1
    >>> heading = "제4조(국제결혼중개업의 등록) ① "
    >>> clean_text(f"{heading}\\n{heading}", rules=(repeated_paragraphs,))[0].count(heading)
    2
    """
    recent: list[str] = []  # comparison keys of the last max_gap + 1 non-blank lines
    edits = []
    for start, end, line in _lines(text):
        if not line.strip():
            continue
        key = comparable(line)
        if len(key) >= min_chars and key in recent and not is_structural_line(line):
            edits.append(_drop_line(text, start, end))
        recent = [*recent, key][-(max_gap + 1) :]
    return _non_overlapping(edits)


_ATTACHMENT_MARK = re.compile(r"(?m)^[ \t]*[<\[(【]?[ \t]*붙[ \t]?임[ \t]*\d*[ \t]*[>\])】]?[ \t]*[:.]?")
_ATTACHMENT_ITEM = re.compile(r"^\s*(?:\d+\s*[.)]|[-·※*]|[가-하]\s*[.)])?\s*\S.{0,80}$")


def attachment_list(text: str) -> list[Edit]:
    """A press release's closing list of attachments (``<붙임>`` then ``1. ...`` items) is removed, from
    the marker to the end, when nothing but short list items follows it."""
    marks = list(_ATTACHMENT_MARK.finditer(text))
    if not marks:
        return []
    mark = marks[-1]
    rest = text[mark.end():].split("\n")
    items = [line for line in rest if line.strip()]
    if len(items) > 30 or not all(_ATTACHMENT_ITEM.match(line) for line in items):
        return []
    start = mark.start() - 1 if mark.start() > 0 and text[mark.start() - 1] == "\n" else mark.start()
    return [Edit(start, len(text))]


_TEASER_MARK = re.compile(rf"^\[[^\]]{{0,40}}{word_alternation('news_outlet_suffixes.txt')}\s*=[^\]]*\]")
# a teaser is cut off: an ellipsis, or a full stop right after a syllable that cannot end a sentence
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_SENTENCE_FINAL = set("다요까죠중등것")


def _cut_off(line: str) -> bool:
    """A line ending in a full stop after a syllable that does not end Korean sentences (``선.``, ``바.``).
    Sentence endings are 다/요/까/죠 and the nominal endings of press prose, whose last syllable closes
    on ㅁ (함, 임, 됨, 남, 람)."""
    m = re.search(r"([가-힣])\.\s*$", line)
    if not m:
        return False
    syllable = m.group(1)
    closes_on_mieum = (ord(syllable) - 0xAC00) % 28 == 16
    return syllable not in _SENTENCE_FINAL and not closes_on_mieum


_SENTENCE_END = re.compile(r"[.!?。][\"”’')]?\s*$")


def is_teaser(line: str) -> bool:
    """A line that reads like another article's teaser: an agency tag up front or a cut-off ending."""
    return bool(_TEASER_MARK.search(line) or _ELLIPSIS.search(line)) or _cut_off(line)


def is_headline(line: str, max_chars: int = 100) -> bool:
    """A short line with no sentence-final punctuation, as headlines are."""
    return len(line) <= max_chars and not _SENTENCE_END.search(line)


def _block_similarity(body: str, tail: str) -> float:
    """Cosine similarity of two blocks of text on TF-IDF of character bigrams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 2), sublinear_tf=True).fit_transform(
        [body, tail]
    )
    return float((matrix[0] @ matrix[1].T).toarray()[0, 0])


def off_topic_tail(text: str, max_similarity: float = 0.25, min_body_lines: int = 3) -> list[Edit]:
    """Headlines and teasers of unrelated articles glued after an article's end are cut.

    Decided from the text, not from a list of headlines. Working back from the last line, the tail is
    the longest run of headline lines (short, no sentence-final punctuation) and teasers (an agency
    tag like ``[뉴스21 통신=...]`` or a cut-off ending like ``첨...`` or ``선.``). It is cut when it ends
    in a teaser, holds at least two lines, has at least one agency tag or ellipsis (a cut-off syllable
    alone is too weak a sign), and is topically distant from the article: the cosine
    similarity of its character bigrams (TF-IDF) to the body's is below ``max_similarity``.
    """
    lines = [(s, e, line.strip()) for s, e, line in _lines(text) if line.strip()]
    if len(lines) < min_body_lines + 2 or not is_teaser(lines[-1][2]):
        return []
    k = len(lines)
    while k > min_body_lines and (is_teaser(lines[k - 1][2]) or is_headline(lines[k - 1][2])):
        k -= 1
    tail, body = lines[k:], lines[:k]
    if len(tail) < 2 or not any(_TEASER_MARK.search(x[2]) or _ELLIPSIS.search(x[2]) for x in tail):
        return []
    similarity = _block_similarity("\n".join(x[2] for x in body), "\n".join(x[2] for x in tail))
    if similarity >= max_similarity:
        return []
    start = tail[0][0]
    return [Edit(start - 1 if start > 0 else 0, len(text))]


# --------------------------------------------------------------------------------------------------
# the pipeline

RULES = (
    line_endings,
    unicode_nfc,
    invisible_characters,
    nonstandard_spaces,
    hancom_characters,
    broken_urls,
    separator_dots,
    empty_brackets,
    auto_summary,
    boilerplate_lines,
    photo_credits,
    outline_bullets,
    footnote_marks,
    repeated_paragraphs,
    attachment_list,
    off_topic_tail,
    space_runs,
    line_edge_spaces,
    blank_line_runs,
)

