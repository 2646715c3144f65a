"""The cleaning engine: rules applied in order with offset tracking, and the audit log.

A rule is a pure function ``rule(text) -> list[Edit]``: it looks at the current text and proposes
non-overlapping replacements. :func:`apply_rules` applies the rules in order while tracking, for every
piece of the current text, the span of the raw text it came from. Whatever a rule removes or rewrites is
therefore known in raw-text offsets, even after earlier rules have moved everything around, and
:func:`rebuild_raw` proves the log complete: cleaned text + log == raw text, character for character.
The rules themselves are :mod:`analysis.clean.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

LOG_COLUMNS = ["doc_id", "start", "end", "rule", "removed", "replacement"]


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; ``rule`` defaults to the proposing function."""

    start: int
    end: int
    replacement: str = ""
    rule: str | None = None


@dataclass
class _Segment:
    raw_start: int
    raw_end: int
    text: str
    rule: str | None  # None: verbatim raw text


def _cut(seg: _Segment, offset: int) -> tuple[_Segment, _Segment]:
    """Split a verbatim segment ``offset`` characters in."""
    mid = seg.raw_start + offset
    return (
        _Segment(seg.raw_start, mid, seg.text[:offset], None),
        _Segment(mid, seg.raw_end, seg.text[offset:], None),
    )


def _replace_covered(covered: list[_Segment], rep: str, rule: str) -> list[_Segment]:
    """Segments standing for ``covered`` after its text became ``rep``.

    Earlier deletions inside the span keep their own log entries; verbatim pieces that ``rep`` leaves
    as they are stay verbatim; the first piece that differs takes the rest of ``rep`` and the pieces
    after it are deleted, all under ``rule``.
    """
    visible = [s for s in covered if s.text or s.rule is None]
    last = visible[-1] if visible else None
    out, remaining = [], rep
    for seg in covered:
        if seg.rule is not None and not seg.text:
            out.append(seg)
        elif (
            remaining is not None
            and seg.rule is None
            and remaining.startswith(seg.text)
            and (seg is not last or remaining == seg.text)
        ):
            out.append(seg)
            remaining = remaining[len(seg.text) :]
        else:
            out.append(_Segment(seg.raw_start, seg.raw_end, remaining or "", rule))
            remaining = None
    if remaining:
        out.append(_Segment(covered[-1].raw_end, covered[-1].raw_end, remaining, rule))
    return out


class _TrackedText:
    """Text under edit that remembers which raw span every piece came from."""

    def __init__(self, raw: str):
        self.raw = raw
        self.segments = [_Segment(0, len(raw), raw, None)] if raw else []

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    def apply(self, edits: list[Edit], rule: str) -> None:
        """Apply non-overlapping edits given in current-text offsets, in one left-to-right walk."""
        segs, out = list(self.segments), []
        k, pos = 0, 0  # segs[k] starts at current-text offset pos
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            a, b, rep, name = edit.start, edit.end, edit.replacement, edit.rule or rule
            if a == b and not rep:
                continue
            while k < len(segs) and pos + len(segs[k].text) <= a and (pos < a or segs[k].text == ""):
                out.append(segs[k])
                pos += len(segs[k].text)
                k += 1
            if k < len(segs) and pos < a:  # segs[k] straddles a
                seg = segs[k]
                if seg.rule is None:
                    left, segs[k] = _cut(seg, a - pos)
                    out.append(left)
                    pos = a
                else:  # never cut an earlier replacement: widen the edit over all of it
                    rep, a = seg.text[: a - pos] + rep, pos
            covered = []
            while a < b and k < len(segs) and pos + len(segs[k].text) <= b and (pos < b or segs[k].text):
                covered.append(segs[k])
                pos += len(segs[k].text)
                k += 1
            if a < b and k < len(segs) and pos < b:  # segs[k] straddles b
                seg = segs[k]
                if seg.rule is None:
                    inner, segs[k] = _cut(seg, b - pos)
                    covered.append(inner)
                    pos = b
                else:
                    covered.append(seg)
                    rep += seg.text[b - pos :]
                    pos += len(seg.text)
                    k += 1
            if covered:
                out.extend(_replace_covered(covered, rep, name))
            else:
                raw_at = segs[k].raw_start if k < len(segs) else len(self.raw)
                out.append(_Segment(raw_at, raw_at, rep, name))
        out.extend(segs[k:])
        self.segments = out

    def log(self) -> list[tuple[int, int, str, str, str]]:
        """Replaced spans as (raw_start, raw_end, rule, removed, replacement), same-rule neighbours merged."""
        rows: list[list] = []
        for s in self.segments:
            if s.rule is None:
                continue
            if rows and rows[-1][1] == s.raw_start and rows[-1][2] == s.rule:
                rows[-1][1] = s.raw_end
                rows[-1][4] += s.text
            else:
                rows.append([s.raw_start, s.raw_end, s.rule, None, s.text])
        return [(a, b, rule, self.raw[a:b], rep) for a, b, rule, _, rep in rows]



def apply_rules(raw: str, rules) -> tuple[str, list[tuple[int, int, str, str, str]]]:
    """Apply ``rules`` to ``raw`` in order (see :func:`analysis.clean.clean_text` for the project's rules).

    Returns
    -------
    (text, log): the cleaned text and a list of (start, end, rule, removed, replacement) in raw offsets.

    Examples
    --------
    >>> def drop_x(text):
    ...     return [Edit(i, i + 1) for i, c in enumerate(text) if c == "x"]
    >>> apply_rules("axbx", [drop_x])
    ('ab', [(1, 2, 'drop_x', 'x', ''), (3, 4, 'drop_x', 'x', '')])
    """
    tracked = _TrackedText(raw)
    for rule in rules:
        current = tracked.text
        edits = rule(current)
        _check_edits(edits, len(current), rule.__name__)
        tracked.apply(edits, rule.__name__)
    return tracked.text, tracked.log()


def _check_edits(edits: list[Edit], length: int, rule: str) -> None:
    last = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if not (0 <= e.start <= e.end <= length) or e.start < last:
            raise AssertionError(f"cleaning rule {rule} proposed an invalid or overlapping edit {e}")
        last = e.end


def rebuild_raw(text: str, log) -> str:
    """Rebuild the raw text from the cleaned text and its audit log (the log's completeness check).

    ``log`` is a sequence of (start, end, rule, removed, replacement) or a DataFrame with those columns.
    Raises ``ValueError`` if the log does not fit the text.
    """
    if isinstance(log, pd.DataFrame):
        log = log[["start", "end", "rule", "removed", "replacement"]].itertuples(index=False)
    pieces, pos, raw_pos = [], 0, 0
    for start, end, _rule, removed, replacement in sorted(log, key=lambda r: (r[0], r[1])):
        gap = start - raw_pos
        if gap < 0:
            raise ValueError(f"log entries overlap at raw offset {start}")
        pieces.append(text[pos : pos + gap])
        pos += gap
        if text[pos : pos + len(replacement)] != replacement:
            raise ValueError(f"replacement {replacement!r} not found at cleaned offset {pos}")
        pieces.append(removed)
        pos += len(replacement)
        raw_pos = end
    pieces.append(text[pos:])
    return "".join(pieces)



# --------------------------------------------------------------------------------------------------
# summaries of the log

RULE_FAMILIES = {
    "whitespace and Unicode": (
        "line_endings", "unicode_nfc", "invisible_characters", "nonstandard_spaces", "space_runs",
        "line_edge_spaces", "blank_line_runs",
    ),
    "document conventions": (
        "separator_dots", "hancom_characters", "outline_bullets", "footnote_marks", "empty_brackets",
        "broken_urls",
    ),
    "page furniture": (
        "reader_ui", "copyright", "byline", "feedback_prompt", "post_metadata", "doc_label", "press_contact",
        "embargo", "page_number", "attachment_list", "photo_credits", "auto_summary",
    ),
    "repetition": ("repeated_paragraphs",),
    "off-topic tail": ("off_topic_tail",),
}


def rule_family(rule: str) -> str:
    """The family a cleaning rule belongs to (for figures); unknown rules are 'other'."""
    for family, rules in RULE_FAMILIES.items():
        if rule in rules:
            return family
    return "other"


def removal_summary(log: pd.DataFrame) -> pd.DataFrame:
    """Per document and rule: number of log entries, characters taken out of the raw text, and the net
    change in length (characters removed minus characters put in)."""
    frame = log.assign(
        chars_out=log["removed"].str.len(),
        net_removed=log["removed"].str.len() - log["replacement"].str.len(),
        family=log["rule"].map(rule_family),
    )
    return (
        frame.groupby(["doc_id", "family", "rule"], sort=True)
        .agg(entries=("rule", "size"), chars_out=("chars_out", "sum"), net_removed=("net_removed", "sum"))
        .reset_index()
    )
