"""The core of the findings: a sentence as a template plus its parameters, how numbers read, and the named
thresholds that choose a wording.

Numbers are formatted by type, the same everywhere (:func:`format_value`): counts with thousands
separators (``1,234``), statistics with three decimals (``0.489``), fractions of a whole as percentages
with one decimal (:class:`Share`, ``15.3%``), dates as ``YYYY-MM-DD``.

Thresholds (module constants; every sentence that depends on one names it):

====================  =======  =================================================================
constant              value    what it decides
====================  =======  =================================================================
SMALL_CORPUS          30       fewer documents: the findings describe these texts, not a population
HEAVY_CLEANING        0.25     a document that lost at least this share of its characters is named
MIN_GROUPS            2        keyness and similarity need at least this many documents or groups
KEYNESS_ALPHA         0.05     keyness keeps terms with p below this (unless the table says otherwise)
DISTINCT_LOG_RATIO    1.0      Log Ratio from which a term is "at least twice as frequent" (Hardie 2014)
CLEAR_THEME_MARGIN    0.1      a leading theme leads "clearly" when its share is this far ahead
LOW_CODED_SHARE       0.5      a codebook that codes fewer sentences than this "codes little"
LOW_CODED_DOCUMENTS   0.5      ... or fewer documents than this
LOW_SIMILARITY        0.2      TF-IDF cosine below this: "little shared vocabulary"
HIGH_SIMILARITY       0.5      TF-IDF cosine from this: "much shared vocabulary"
MIN_PAIRS             10       pairs needed before a rank correlation of two similarity views is read
AGREEING_RHO          0.5      rank correlation from which two views "agree" on the order of pairs
MIN_TYPE_DOCUMENTS    10       documents per type below which type differences are those documents'
MIN_PAIR_UNITS        3        sentences a pair needs before its association (Jaccard) is reported
DOMINANT_RATIO        2        a top centrality "stands out" at this multiple of the runner-up
====================  =======  =================================================================
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from analysis.findings.templates import TEMPLATES, WORDS
from analysis.labels import language, template_fields
from analysis.themes import LOW_COVERAGE

SMALL_CORPUS = 30
HEAVY_CLEANING = 0.25
MIN_GROUPS = 2
KEYNESS_ALPHA = 0.05
DISTINCT_LOG_RATIO = 1.0
CLEAR_THEME_MARGIN = 0.1
LOW_CODED_SHARE = 0.5
LOW_CODED_DOCUMENTS = LOW_COVERAGE  # one threshold: notebook 03 prints the themes verdict beside these findings
LOW_SIMILARITY = 0.2
HIGH_SIMILARITY = 0.5
MIN_PAIRS = 10
AGREEING_RHO = 0.5
MIN_TYPE_DOCUMENTS = 10
MIN_PAIR_UNITS = 3
DOMINANT_RATIO = 2
TOP_LISTED = 3

WORD_PARAMS = {"noun", "units", "unit", "plural", "line_noun", "read_noun", "level"}  # words, not names: translated


def word(value: str) -> str:
    """An English word carried as a finding parameter (``documents``, ``much``), in the current language."""
    return WORDS.get(language(), {}).get(value, value)


def finding_template(key: str, params: set[str], variant: str = "") -> str | None:
    """The template of finding ``key`` in the current language, or None for English (the finding's own).

    Among the entries for ``key`` (with ``:variant`` when given) in :data:`analysis.findings.templates.TEMPLATES`,
    the one with the most fields, all of them in ``params``, is chosen; a finding with no entry is an error
    naming the key.
    """
    if language() == "en":
        return None
    base = f"{key}:{variant}" if variant else key
    table = TEMPLATES.get(language(), {})
    candidates = [t for k, t in table.items()
                  if (k == base or k.startswith(base + "+")) and template_fields(t) <= params]
    if not candidates:
        raise KeyError(f"analysis/findings/templates.py: no {language()!r} template for finding {base!r} with fields "
                       f"among {sorted(params)}")
    return max(candidates, key=lambda t: len(template_fields(t)))


class Share(float):
    """A fraction of a whole, shown as a percentage with one decimal.

    >>> format_value(Share(0.1534))
    '15.3%'
    """


def format_value(value, markdown: bool = False) -> str:
    """How a parameter appears in a sentence; numbers in bold when ``markdown``.

    Counts get thousands separators, other numbers (statistics) three decimals, :class:`Share` a
    percentage with one decimal, dates ``YYYY-MM-DD``; a list is joined with commas, and a (label,
    number) pair reads ``label (number)``. Strings are escaped for Markdown when ``markdown``.

    Examples
    --------
    >>> format_value(13348), format_value(34.7091), format_value(pd.Timestamp("2010-11-12"))
    ('13,348', '34.709', '2010-11-12')
    >>> format_value([("firm", 27), ("ministry", 28)], markdown=True)
    'firm (**27**), ministry (**28**)'
    """
    if isinstance(value, str):
        return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", value) if markdown else value
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return f"{format_value(value[0], markdown)} ({format_value(value[1], markdown)})"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v, markdown) for v in value)
    if isinstance(value, bool):
        raise TypeError(f"a finding's parameter cannot be a bool ({value!r}): choose the wording instead")
    if isinstance(value, (pd.Timestamp, dt.date)):
        text = f"{value:%Y-%m-%d}"
    elif isinstance(value, Share):
        text = f"{value:.1%}"
    elif isinstance(value, numbers.Integral):
        text = f"{int(value):,}"
    elif isinstance(value, numbers.Real):
        text = f"{float(value):,.3f}"
    else:
        raise TypeError(f"a finding's parameter must be a string, number, date or list, not {type(value).__name__}")
    return f"**{text}**" if markdown else text


@dataclass(frozen=True)
class Finding:
    """One sentence of findings: a ``str.format`` template and the values of its fields.

    ``key`` names the kind of statement (``themes.codes_little``), so a test can ask which side of a
    threshold a result fell on without reading prose. ``template`` is the English wording; in another
    language (:func:`analysis.labels.language`) :meth:`text` takes the template of that language's table
    for ``key`` (and ``variant``, a wording the English template spells out rather than parameterises), with
    the same parameters formatted the same way (:func:`finding_template`).

    Examples
    --------
    >>> f = Finding("corpus.size", "Documents read: {documents}.", {"documents": 1200})
    >>> f.text(), f.text(markdown=True)
    ('Documents read: 1,200.', 'Documents read: **1,200**.')
    """

    key: str
    template: str
    params: dict = field(default_factory=dict)
    variant: str = ""

    def __post_init__(self):
        fields = {name for _, name, _, _ in string.Formatter().parse(self.template) if name is not None}
        if fields != set(self.params):
            raise ValueError(f"finding {self.key!r}: template fields {sorted(fields)} but parameters "
                             f"{sorted(self.params)}")

    def text(self, markdown: bool = False) -> str:
        """The sentence, parameters formatted by :func:`format_value`, in the current language."""
        template = finding_template(self.key, set(self.params), self.variant)
        if template is None:
            return self.template.format(**{k: format_value(v, markdown) for k, v in self.params.items()})
        values = {k: word(v) if k in WORD_PARAMS and isinstance(v, str) else v for k, v in self.params.items()}
        return template.format(**{k: format_value(v, markdown) for k, v in values.items()})

    def __str__(self) -> str:
        return self.text()


def render(findings: Iterable[Finding], title: str | None = None) -> str:
    """Findings as Markdown bullets (numbers in bold), under a ``###`` heading when ``title`` is given.

    >>> print(render([Finding("x", "{n} documents.", {"n": 2})], title="This run"))
    ### This run
    - **2** documents.
    """
    lines = [f"### {title}"] if title else []
    lines += [f"- {f.text(markdown=True)}" for f in findings]
    return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    """``noun`` or its plural (``nouns``; ``-y`` -> ``-ies``), for ``count``."""
    if count == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"


def ranked(values: pd.Series, n: int | None = None) -> list[tuple[str, int]]:
    """(label, count) pairs, largest first, ties by label."""
    pairs = sorted(((str(k), int(v)) for k, v in values.items()), key=lambda kv: (-kv[1], kv[0]))
    return pairs[:n] if n else pairs


