"""Findings written from results: each sentence a template plus its numbers, for whatever corpus is loaded.

The notebooks close with what their results say. On the seeds a hand-written narrative does that; on any
other corpus the closing cell shows the sentences of this module, written from that run's tables. Two
models shape it:

- easystats/report: one function per result type (here, one per notebook), and wording such as
  "clearly" or "narrowly" chosen by a named threshold that the sentence cites;
- great_expectations' renderers: a sentence is kept as a template plus its parameters (:class:`Finding`),
  so tests check the numbers and each side of every threshold rather than snapshots of prose.

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
STABLE_TOPIC          0.9      mean similarity from which an NMF topic "returns" across seeds
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
import hashlib
import numbers
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analysis.entities import UNRESOLVED_NOTE
from analysis.labels import finding_template, label, word
from analysis.themes import LOW_COVERAGE

SMALL_CORPUS = 30
HEAVY_CLEANING = 0.25
MIN_GROUPS = 2
KEYNESS_ALPHA = 0.05
DISTINCT_LOG_RATIO = 1.0
CLEAR_THEME_MARGIN = 0.1
LOW_CODED_SHARE = 0.5
LOW_CODED_DOCUMENTS = LOW_COVERAGE  # one threshold: notebook 03 prints the themes verdict beside these findings
STABLE_TOPIC = 0.9
LOW_SIMILARITY = 0.2
HIGH_SIMILARITY = 0.5
MIN_PAIRS = 10
AGREEING_RHO = 0.5
MIN_TYPE_DOCUMENTS = 10
MIN_PAIR_UNITS = 3
DOMINANT_RATIO = 2
TOP_LISTED = 3

PACKAGE = "korean-policy-notebooks"
UNDATED_NOTE = UNRESOLVED_NOTE  # how analysis.entities.events marks a mention it could not date
SPLIT_COMPOUND = "split compound: consider adding"  # a status of analysis.terms.new_word_candidates
WORD_PARAMS = {"noun", "units", "unit", "plural", "line_noun", "read_noun", "level"}  # words, not names: translated


# --------------------------------------------------------------------------------------------------
# the core: a sentence as a template plus its parameters


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
    the same parameters formatted the same way (:func:`analysis.labels.finding_template`).

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


def _plural(count: int, word: str) -> str:
    """``word`` or its plural (``words``; ``-y`` -> ``-ies``), for ``count``."""
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _ranked(values: pd.Series, n: int | None = None) -> list[tuple[str, int]]:
    """(label, count) pairs, largest first, ties by label."""
    ranked = sorted(((str(k), int(v)) for k, v in values.items()), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:n] if n else ranked


# --------------------------------------------------------------------------------------------------
# which corpus: the header every exported notebook starts with


def content_digest(corpus: pd.DataFrame) -> str:
    """Twelve hex digits of the SHA-256 of the documents' ids and texts (raw text where the corpus has it),
    in doc_id order, so the same documents give the same digest whatever their order or file names.

    >>> content_digest(pd.DataFrame({"doc_id": ["a"], "text": ["본문"]}))
    '88ebc486e575'
    """
    column = "raw_text" if "raw_text" in corpus.columns else "text"
    digest = hashlib.sha256()
    for doc_id, text in sorted(zip(corpus["doc_id"].astype(str), corpus[column].astype(str), strict=True)):
        digest.update(doc_id.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _seed_digest() -> str:
    from analysis.corpus import load_corpus

    return content_digest(load_corpus())


def is_seed_corpus(corpus: pd.DataFrame) -> bool:
    """True when ``corpus`` holds exactly the seed documents (by :func:`content_digest`, against the seeds
    folder as :func:`analysis.load_corpus` reads it), wherever it was loaded from."""
    return content_digest(corpus) == _seed_digest()


def _package_versions() -> str:
    parts = []
    for name in (PACKAGE, "kiwipiepy"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(label("header.version_unknown", name=name))
    return ", ".join(parts)


def _date_range(published: pd.Series) -> str:
    """Where the documents' dates lie (:func:`analysis.timeline.plausible_span`, the rule the time axes use),
    with the dates outside that span and the undated counted, so a sparse tail of old dates does not pass
    for the corpus's range."""
    from analysis.timeline import plausible_span

    dated = published.dropna()
    if dated.empty:
        return label("header.no_dates")
    bulk = plausible_span(published)
    first, last = f"{bulk.start:%Y-%m-%d}", f"{bulk.end:%Y-%m-%d}"
    span = label("header.span", first=first, last=last) if bulk.end > bulk.start else first
    if bulk.outside:
        span += label("header.outside", outside=f"{bulk.outside:,}", first=f"{dated.min():%Y-%m-%d}",
                      last=f"{dated.max():%Y-%m-%d}")
    missing = len(published) - len(dated)
    return span + (label("header.undated", missing=f"{missing:,}") if missing else "")


def corpus_header(corpus: pd.DataFrame, corpus_path: str | Path | None = None, now: dt.datetime | None = None) -> str:
    """Markdown saying which corpus a notebook describes, and when and with what it ran.

    The corpus is named by ``corpus_path`` (or the loaded corpus's source), or as "the seed documents"
    when it holds exactly them; then its number of documents, date range (or "no dates"), content digest
    (:func:`content_digest`), the run time in UTC (``now``, default the current time) and the versions of
    this package and kiwipiepy.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["가", "나"], "published": pd.to_datetime([None, None])})
    >>> print(corpus_header(corpus, "my/corpus", now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    ... )  # doctest: +ELLIPSIS
    **Corpus:** my/corpus · **2** documents · no dates · digest `5dab699e13cf`
    <BLANKLINE>
    **Run:** 2026-01-02T00:00:00+00:00 · korean-policy-notebooks ...
    """
    if is_seed_corpus(corpus):
        name = label("header.seeds")
    else:
        source = corpus_path if corpus_path is not None else corpus.attrs.get("source", label("header.in_memory"))
        name = format_value(str(source), markdown=True)  # a folder name is data: escaped, never markup
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    published = corpus["published"] if "published" in corpus.columns else pd.Series(pd.NaT, index=corpus.index)
    count = label("header.count_one" if len(corpus) == 1 else "header.count_many", count=f"{len(corpus):,}")
    return (label("header.corpus", name=name, count=count, dates=_date_range(published),
                  digest=content_digest(corpus)) + "\n\n"
            + label("header.run", time=now.isoformat(timespec="seconds"), versions=_package_versions()))


# --------------------------------------------------------------------------------------------------
# 01: the corpus and its cleaning


def corpus_findings(corpus: pd.DataFrame, log: pd.DataFrame, lengths: pd.DataFrame, tokens: pd.DataFrame,
                    report: pd.DataFrame | None = None, rebuilt: Sequence[bool] | None = None) -> list[Finding]:
    """Findings of notebook 01: the documents, their dates and publishers, the import, the audit log,
    what cleaning removed and the tokens.

    Parameters
    ----------
    corpus, log, lengths, tokens : :func:`analysis.load_corpus`, :func:`analysis.cleaning_log`,
        :func:`analysis.corpus.document_lengths`, :func:`analysis.tokenize`.
    report : :func:`analysis.corpus.import_report` (its ``attrs`` carry rows read, kept, set aside).
    rebuilt : one bool per document, whether the log rebuilds its raw text; computed when not given.

    Examples
    --------
    >>> found = corpus_findings(corpus, log, lengths, tokens, report, rebuilt)   # doctest: +SKIP
    >>> Markdown(render(found))                                                 # doctest: +SKIP
    """
    from analysis.clean import rebuild_raw, removal_summary

    n = len(corpus)
    if n == 0:
        return [Finding("corpus.empty", "No document was loaded: there is nothing to describe.")]
    out = []
    types = _ranked(corpus["doc_type"].fillna("unknown").value_counts()) if "doc_type" in corpus else []
    out.append(Finding("corpus.size", "Documents: {documents}, by type: {types}.", {"documents": n, "types": types}))
    if n < SMALL_CORPUS:
        out.append(Finding("corpus.small", "With {documents} {noun} (fewer than {threshold}), every finding below "
                           "describes these texts, not a wider population.",
                           {"documents": n, "noun": _plural(n, "document"), "threshold": SMALL_CORPUS}))

    dated = corpus["published"].dropna()
    if dated.empty:
        out.append(Finding("corpus.no_dates", "No document has a publication date, so nothing in this run can be "
                           "placed in time and relative dates stay unresolved."))
    elif dated.min() == dated.max():
        out.append(Finding("corpus.one_date", "Every dated document ({dated} of {documents}) carries the same "
                           "publication date, {first}: nothing here can show change over time.",
                           {"dated": len(dated), "documents": n, "first": dated.min()}))
    elif len(dated) == n:
        out.append(Finding("corpus.dates", "Publication dates span {first} to {last}.",
                           {"first": dated.min(), "last": dated.max()}))
    else:
        out.append(Finding("corpus.dates_partly", "Publication dates span {first} to {last}; {undated} of "
                           "{documents} documents have none.",
                           {"first": dated.min(), "last": dated.max(), "undated": n - len(dated), "documents": n}))
    if len(dated) and dated.min() < dated.max():
        from analysis.timeline import plausible_span

        bulk = plausible_span(dated)
        if bulk.outside:  # a sparse tail of old or future dates: the span the documents fill is the range to read
            out.append(Finding("corpus.dates_outside", "The documents lie from {start} to {end}; {outside} dated "
                               "outside that span (the rule of the time axes) are counted, not taken as the range.",
                               {"start": bulk.start, "end": bulk.end, "outside": bulk.outside}))

    publishers = (corpus["publisher"].fillna("").astype(str) if "publisher" in corpus
                  else pd.Series("", index=corpus.index))
    known = publishers[~publishers.str.strip().str.lower().isin(["", "unknown", "nan"])]
    if known.empty:
        out.append(Finding("corpus.no_publisher", "No document names its publisher, so nothing here compares "
                           "publishers."))
    elif known.nunique() == 1:
        out.append(Finding("corpus.one_publisher", "Every document with a known publisher ({known} of {documents}) "
                           "comes from {publisher}: publisher comparisons do not apply.",
                           {"known": len(known), "documents": n, "publisher": known.iloc[0]}))
    else:
        top = _ranked(known.value_counts())
        out.append(Finding("corpus.publishers", "{publishers} publishers; most documents: {top}.",
                           {"publishers": known.nunique(), "top": top[:TOP_LISTED]}))

    if report is not None:
        attrs = report.attrs
        flagged = report[report["action"] == "kept, flagged"] if len(report) else report
        reasons = _ranked(flagged["kind"].value_counts(), TOP_LISTED) if len(flagged) else []
        params = {"read": int(attrs.get("rows_read", n)), "kept": int(attrs.get("kept", n)),
                  "aside": int(attrs.get("set_aside", 0)), "flagged": len(flagged)}
        if reasons:
            out.append(Finding("import.flagged", "Import: of {read} rows read, {kept} kept and {aside} set aside; "
                               "{flagged} kept with a flag ({reasons}).", params | {"reasons": reasons}))
        else:
            params.pop("flagged")
            out.append(Finding("import.clean", "Import: of {read} rows read, {kept} kept and {aside} set aside; "
                               "none flagged.", params))

    if rebuilt is None:
        by_doc = dict(tuple(log.groupby("doc_id")))
        rebuilt = [rebuild_raw(text, by_doc.get(d, log.iloc[:0])) == raw
                   for d, text, raw in zip(corpus["doc_id"], corpus["text"], corpus["raw_text"], strict=True)]
    ok = int(sum(bool(r) for r in rebuilt))
    params = {"ok": ok, "documents": len(rebuilt), "spans": len(log)}
    if ok == len(rebuilt):
        out.append(Finding("audit.complete", "Putting the {spans} logged spans back into the cleaned text gives "
                           "the raw file exactly, for {ok} of {documents} documents.", params))
    else:
        out.append(Finding("audit.incomplete", "The cleaning log is incomplete: the {spans} logged spans give back "
                           "the raw file for only {ok} of {documents} documents.", params))

    raw, clean = int(lengths["raw_chars"].sum()), int(lengths["clean_chars"].sum())
    if log.empty or raw == clean:
        out.append(Finding("cleaning.nothing", "Cleaning left the text as it was ({raw} characters).", {"raw": raw}))
    else:
        by_rule = removal_summary(log).groupby("rule")["net_removed"].sum()
        rule, rule_chars = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(Finding("cleaning.removed", "Cleaning took out {share} of the characters ({raw} to {clean}); "
                           "the rule that removed most is {rule} ({rule_chars} characters net).",
                           {"share": Share(1 - clean / raw), "raw": raw, "clean": clean, "rule": rule,
                            "rule_chars": int(rule_chars)}))
        ranked = lengths.sort_values(["share_removed", "doc_id"], ascending=[False, True])
        top = ranked.iloc[0]
        heavy = int((lengths["share_removed"] >= HEAVY_CLEANING).sum())
        if n > 1:
            out.append(Finding("cleaning.most", "{doc} lost the largest share of its characters: {share} ({chars} "
                               "characters).", {"doc": str(top["doc_id"]), "share": Share(top["share_removed"]),
                                                "chars": int(top["raw_chars"] - top["clean_chars"])}))
        if heavy:
            out.append(Finding("cleaning.heavy", "{heavy} of {documents} documents lost {threshold} or more of "
                               "their characters; their removed spans are worth reading in the log.",
                               {"heavy": heavy, "documents": n, "threshold": Share(HEAVY_CLEANING)}))

    terms = tokens.loc[tokens["term"] != "", "term"]
    if terms.empty:
        out.append(Finding("tokens.no_terms", "Kiwi found no content term in {tokens} tokens (there is no Korean "
                           "text it could read), so the term-based notebooks have nothing to count.",
                           {"tokens": len(tokens)}))
    else:
        top = _ranked(terms.value_counts(), 2)
        out.append(Finding("tokens.summary", "Tokenized text: {sentences} sentences, {tokens} tokens, {distinct} "
                           "distinct terms; most frequent: {top}.",
                           {"sentences": len(tokens[["doc_id", "sent_id"]].drop_duplicates()), "tokens": len(tokens),
                            "distinct": int(terms.nunique()), "top": top}))
    return out


# --------------------------------------------------------------------------------------------------
# 02: keywords


def keyword_findings(counts: pd.DataFrame, keys: pd.DataFrame, lines: dict | None = None,
                     candidates: pd.DataFrame | None = None, unit: str = "document",
                     min_count: int | None = None) -> list[Finding]:
    """Findings of notebook 02: the leading term, each group's strongest keyness term (G2 and Log Ratio),
    what the KWIC searches found, and the new-word candidates.

    Parameters
    ----------
    counts : :func:`analysis.terms.term_counts` (groups as rows, terms as columns).
    keys : :func:`analysis.terms.keyness_table`; its first column is the group. Significance is read
        from ``keys.attrs["alpha"]`` when the table carries it, else :data:`KEYNESS_ALPHA`.
    lines : term -> :func:`analysis.kwic` table, for the searched terms.
    candidates : :func:`analysis.terms.new_word_candidates`.
    unit : what a group is ("document" or "publisher").
    min_count : the minimum count the candidates were extracted with, cited when given.

    Examples
    --------
    >>> counts = pd.DataFrame({"데이터": [5, 0], "지역": [0, 4]}, index=pd.Index(["a", "b"], name="group"))
    >>> print(keyword_findings(counts, pd.DataFrame(columns=["group", "term", "g2", "log_ratio"]))[0])
    The most frequent term is 데이터 (5 occurrences), present in 1 of 2 documents.
    """
    n = len(counts.index)
    totals = counts.sum() if n else pd.Series(dtype=int)
    totals = totals[totals > 0]
    if totals.empty:
        return [Finding("keywords.no_terms", "There are no content terms to count (no Korean text Kiwi could "
                        "read), so no term leads and none is distinctive.")]
    out = []
    term, total = _ranked(totals, 1)[0]
    present = int((counts[term] > 0).sum())
    params = {"term": term, "total": total, "present": present, "groups": n, "units": _plural(n, unit)}
    if n > 1 and present == n:
        out.append(Finding("keywords.leading_everywhere", "The most frequent term is {term} ({total} occurrences), "
                           "present in all {groups} {units}: shared ground rather than a distinction.",
                           {k: v for k, v in params.items() if k != "present"}))
    else:
        out.append(Finding("keywords.leading", "The most frequent term is {term} ({total} occurrences), present "
                           "in {present} of {groups} {units}.", params))

    alpha = float(keys.attrs.get("alpha", KEYNESS_ALPHA))
    cutoff = keys.attrs.get("threshold", alpha)  # the per-test p cutoff after correction for the number of tests
    if cutoff != cutoff:  # Holm or BH with nothing significant: no p-value passed, so the family's alpha is cited
        cutoff = alpha
    significance = f"p < {cutoff:.1e}" if cutoff < 0.001 else f"p < {cutoff:.3f}"
    if keys.attrs.get("adjust"):
        significance += label("significance.adjusted", adjust=keys.attrs["adjust"],
                              tests=f"{keys.attrs.get('tests', 0):,}")
    if n < MIN_GROUPS:
        out.append(Finding("keywords.one_group", "With {groups} {units} there is nothing to compare against: "
                           "keyness needs at least {threshold} {plural}.",
                           {"groups": n, "units": _plural(n, unit), "threshold": MIN_GROUPS,
                            "plural": _plural(MIN_GROUPS, unit)}))
    else:
        by = keys.columns[0]
        top = keys.sort_values("g2", ascending=False, kind="stable").drop_duplicates(by).set_index(by)
        without = [str(g) for g in counts.index if g not in top.index]
        clear = 0
        for group in counts.index:
            if group not in top.index:
                continue
            row = top.loc[group]
            clear += float(row["log_ratio"]) >= DISTINCT_LOG_RATIO
            out.append(Finding("keywords.key_term", "Strongest key term of {group} against the rest (largest G2): "
                               "{term} (G2 {g2}, {significance}; Log Ratio {log_ratio}).",
                               {"group": str(group), "term": row["term"], "g2": float(row["g2"]),
                                "significance": significance, "log_ratio": float(row["log_ratio"])}))
        if without:
            out.append(Finding("keywords.no_key_term", "No term is over-represented at {significance} in {count} "
                               "of {groups} {units}: {without}.",
                               {"significance": significance, "count": len(without), "groups": n,
                                "units": _plural(n, unit), "without": without}))
        if len(top):
            out.append(Finding("keywords.clear_terms", "In {clear} of {groups} {units} the most distinctive term is "
                               "at least twice as frequent as in the rest (Log Ratio {threshold} or more).",
                               {"clear": int(clear), "groups": n, "units": _plural(n, unit),
                                "threshold": DISTINCT_LOG_RATIO}))

    for searched, table in (lines or {}).items():
        if len(table) == 0:
            out.append(Finding("kwic.absent", "A concordance search for {term} finds nothing in this corpus.",
                               {"term": searched}))
            continue
        forms = _ranked(table["match"].value_counts())
        params = {"term": searched, "lines": len(table), "documents": int(table["doc_id"].nunique()),
                  "noun": _plural(int(table["doc_id"].nunique()), "document")}
        if len(forms) > 1:
            out.append(Finding("kwic.forms", "A concordance search for {term} finds {lines} lines in {documents} "
                               "{noun}, written {count} ways: {forms}.",
                               params | {"count": len(forms), "forms": forms}))
        else:
            out.append(Finding("kwic.lines", "A concordance search for {term} finds {lines} {line_noun} in "
                               "{documents} {noun}.", params | {"line_noun": _plural(len(table), "line")}))

    if candidates is not None:
        read = candidates.attrs.get("documents_read")
        at = " (each seen {min_count} times or more)" if min_count is not None else ""
        params = {"candidates": len(candidates)} | ({"min_count": min_count} if min_count is not None else {})
        if len(candidates) == 0:
            out.append(Finding("newwords.none", "Kiwi proposes no new-word candidate" + at + ": too little "
                               "repeated text to find any.", {k: v for k, v in params.items() if k != "candidates"}))
        else:
            split = candidates[candidates["status"] == SPLIT_COMPOUND]
            text = "New-word candidates Kiwi proposes" + at
            text += " in the {read} {read_noun} read" if read is not None else ""
            text += ": {candidates}"
            params |= {"read": int(read), "read_noun": _plural(int(read), "document")} if read is not None else {}
            if len(split):
                text += "; compounds Kiwi splits, worth a look for the user dictionary: {split}, such as {examples}."
                params |= {"split": len(split), "examples": list(split["form"].head(5))}
            else:
                text += "; none is a compound Kiwi splits, so none calls for a user-dictionary entry."
            out.append(Finding("newwords.split" if len(split) else "newwords.nothing_to_add", text, params))
    return out


# --------------------------------------------------------------------------------------------------
# 03: themes


def _theme_carriers(hits: pd.DataFrame, labels: dict) -> list[Finding]:
    """For the themes with most hits, which keywords carry them: a codebook can cover a corpus through a few
    generic words (지원, 기업, 안전), and a reader should see that before reading the score as the theme."""
    if hits.empty or "keyword" not in hits.columns:
        return []
    totals = hits.groupby("theme").size().sort_values(ascending=False, kind="stable")
    by_keyword = hits.fillna({"keyword": "?"}).groupby(["theme", "keyword"]).size()
    out = []
    for theme in totals.index[:TOP_LISTED]:
        top = by_keyword.loc[theme].sort_values(ascending=False, kind="stable").head(TOP_LISTED)
        out.append(Finding("themes.carried_by", "{theme}: {share} of its {hits} hits come from {keywords}; read "
                           "them in context before taking the score for the theme.",
                           {"theme": labels.get(theme, theme), "share": Share(top.sum() / totals[theme]),
                            "hits": int(totals[theme]), "keywords": [(str(k), int(v)) for k, v in top.items()]}))
    return out


def theme_findings(scores: pd.DataFrame, hits: pd.DataFrame, tokens: pd.DataFrame, labels: dict | None = None,
                   unit: str = "document", codebook_name: str | None = None,
                   stability: pd.DataFrame | None = None) -> list[Finding]:
    """Findings of notebook 03: how much of the corpus the codebook codes (too little below
    :data:`LOW_CODED_SHARE` of sentences or :data:`LOW_CODED_DOCUMENTS` of documents), the leading theme of
    each document or group (clear or narrow by :data:`CLEAR_THEME_MARGIN`), and the topics' stability.

    Parameters
    ----------
    scores : :func:`analysis.theme_scores` at document level, with a ``group`` column when documents are
        grouped (as notebook 03 adds); shares per group are its hits summed over the group.
    hits : :func:`analysis.themes.theme_hits`; tokens : :func:`analysis.tokenize` (for the sentences).
    labels : theme -> readable label. codebook_name : which codebook was used, cited when given.
    stability : :func:`analysis.themes.topic_stability`.

    Examples
    --------
    >>> found = theme_findings(scores, hits, tokens, labels, unit=unit)          # doctest: +SKIP
    """
    labels = labels or {}
    name = {"codebook": codebook_name} if codebook_name else {}
    which = "The codebook ({codebook})" if codebook_name else "The codebook"
    sentences = tokens[["doc_id", "sent_id"]].drop_duplicates()
    documents = int(sentences["doc_id"].nunique())
    coded = hits[["doc_id", "sent_id"]].drop_duplicates()
    out = []
    if coded.empty:
        out.append(Finding("themes.no_hits", which + " codes nothing here: none of the {sentences} sentences "
                           "matches a keyword or pattern of its {themes} themes, so there are no theme scores to "
                           "read. A codebook written for this corpus (the format of `analysis/resources/"
                           "theme_codebook.txt`, loaded with `load_codebook(path)`) is needed.",
                           name | {"sentences": len(sentences), "themes": int(scores["theme"].nunique())}))
        return out
    share = Share(len(coded) / len(sentences)) if len(sentences) else Share(0.0)
    out.append(Finding("themes.coverage", which + " codes {coded} of {sentences} sentences ({share}) in "
                       "{coded_documents} of {documents} documents.",
                       name | {"coded": len(coded), "sentences": len(sentences), "share": share,
                               "coded_documents": int(coded["doc_id"].nunique()), "documents": documents}))
    document_share = coded["doc_id"].nunique() / documents if documents else 0.0
    if share < LOW_CODED_SHARE or document_share < LOW_CODED_DOCUMENTS:
        out.append(Finding("themes.codes_little", "Coding fewer than {sentence_threshold} of the sentences or "
                           "{document_threshold} of the documents, the codebook codes little of this corpus, and "
                           "its scores rest on few sentences. A codebook written for it (the format of "
                           "`analysis/resources/theme_codebook.txt`, loaded with `load_codebook(path)`) would "
                           "describe it better.", {"sentence_threshold": Share(LOW_CODED_SHARE),
                                                   "document_threshold": Share(LOW_CODED_DOCUMENTS)}))
    out += _theme_carriers(hits, labels)

    by = "group" if "group" in scores.columns else "doc_id"
    table = scores.groupby([by, "theme"])["hits"].sum().unstack(fill_value=0)
    for group, row in table.iterrows():
        total = int(row.sum())
        if total == 0:
            out.append(Finding("themes.group_no_hits", "{group}: no theme hit.", {"group": str(group)}))
            continue
        ranked = sorted(((-v / total, labels.get(t, t)) for t, v in row.items()))
        (first, theme), (second, runner) = ranked[0], ranked[1] if len(ranked) > 1 else (0.0, "none")
        if second == 0:
            out.append(Finding("themes.sole_theme", "{group}: {theme} is the only theme with hits ({hits}).",
                               {"group": str(group), "theme": theme, "hits": total}))
            continue
        margin = round(second - first, 9)  # shares are ratios of counts: no float noise at the threshold
        params = {"group": str(group), "theme": theme, "share": -first, "margin": margin,
                  "runner": runner, "threshold": CLEAR_THEME_MARGIN}
        if margin >= CLEAR_THEME_MARGIN:
            out.append(Finding("themes.clear_lead", "{group}: {theme} leads clearly with a share of {share} of theme "
                               "hits, {margin} ahead of {runner} (clear: at least {threshold} ahead).", params))
        else:
            out.append(Finding("themes.narrow_lead", "{group}: {theme} leads narrowly with a share of {share} of "
                               "theme hits, only {margin} ahead of {runner} (less than the {threshold} a clear lead "
                               "needs).", params))

    if stability is not None and len(stability):
        stable = int((stability["mean"] >= STABLE_TOPIC).sum())
        out.append(Finding("themes.topic_stability", "Refitted from other seeds, {stable} of {topics} NMF topics "
                           "return with a mean similarity of {threshold} or more; a topic that does not return is "
                           "an artefact of one fit, not structure of the corpus.",
                           {"stable": stable, "topics": len(stability), "threshold": STABLE_TOPIC}))
    return out


# --------------------------------------------------------------------------------------------------
# 04: document comparison


def _vocabulary_level(similarity: float) -> str:
    if similarity < LOW_SIMILARITY:
        return "little"
    return "much" if similarity >= HIGH_SIMILARITY else "some"


def comparison_findings(similarity: pd.DataFrame, embedding: pd.DataFrame | None = None,
                        types: pd.Series | None = None, by_type: pd.DataFrame | None = None,
                        unit: str = "document") -> list[Finding]:
    """Findings of notebook 04: the closest and the most distant pair (TF-IDF cosine, worded by
    :data:`LOW_SIMILARITY` and :data:`HIGH_SIMILARITY`), whether the embedding view orders the pairs the
    same way (Spearman rank correlation), and the document types.

    Parameters
    ----------
    similarity : :func:`analysis.tfidf_similarity`; embedding : :func:`analysis.embedding_similarity`.
    types : ``corpus["doc_type"].value_counts()``; by_type : keyness of each type against the other
        (:func:`analysis.keyness_table` ``by="doc_type"``), or None.

    Examples
    --------
    >>> sim = pd.DataFrame([[1, 0.6], [0.6, 1]], index=["a", "b"], columns=["a", "b"])
    >>> print(comparison_findings(sim)[0])  # doctest: +NORMALIZE_WHITESPACE
    The only pair, a and b, has a TF-IDF cosine similarity of 0.600: much shared vocabulary
    (little: below 0.200; much: 0.500 or more).
    """
    from analysis.compare import ranked_pairs

    n = len(similarity)
    levels = {"low": LOW_SIMILARITY, "high": HIGH_SIMILARITY}
    legend = " (little: below {low}; much: {high} or more)."
    out = []
    if n < MIN_GROUPS:
        out.append(Finding("comparison.too_few", "With {groups} {units} there is no pair to compare: similarity "
                           "needs at least {threshold}.",
                           {"groups": n, "units": _plural(n, unit), "threshold": MIN_GROUPS}))
    else:
        pairs = ranked_pairs(similarity)
        most, least = pairs.iloc[0], pairs.iloc[-1]
        if len(pairs) == 1:
            out.append(Finding("comparison.one_pair", "The only pair, {a} and {b}, has a TF-IDF cosine similarity of "
                               "{similarity}: {level} shared vocabulary" + legend,
                               {"a": str(most["a"]), "b": str(most["b"]), "similarity": float(most["similarity"]),
                                "level": _vocabulary_level(most["similarity"])} | levels))
        else:
            out.append(Finding("comparison.closest", "Closest pair by TF-IDF cosine: {a} and {b} ({similarity}), "
                               "{level} shared vocabulary" + legend,
                               {"a": str(most["a"]), "b": str(most["b"]), "similarity": float(most["similarity"]),
                                "level": _vocabulary_level(most["similarity"])} | levels))
            out.append(Finding("comparison.farthest", "Most distant pair: {a} and {b} ({similarity}); the {pairs} "
                               "pairs range from {low_value} to {high_value}.",
                               {"a": str(least["a"]), "b": str(least["b"]), "similarity": float(least["similarity"]),
                                "pairs": len(pairs), "low_value": float(least["similarity"]),
                                "high_value": float(most["similarity"])}))
        if embedding is not None:
            both = pairs.merge(ranked_pairs(embedding), on=["a", "b"], suffixes=("_tfidf", "_embedding"))
            if len(both) < MIN_PAIRS:
                out.append(Finding("comparison.too_few_pairs", "Pairs to rank: {pairs}, fewer than the {threshold} "
                                   "needed to say whether the embedding view orders the pairs as TF-IDF does.",
                                   {"pairs": len(both), "threshold": MIN_PAIRS}))
            else:
                rho = float(both["similarity_tfidf"].corr(both["similarity_embedding"], method="spearman"))
                agree = "agree" if rho >= AGREEING_RHO else "do not agree"
                out.append(Finding("comparison.views", "The two views " + agree + " on which pairs are close: "
                                   "Spearman rank correlation {rho} over {pairs} pairs (agreement: {threshold} or "
                                   "more).", {"rho": rho, "pairs": len(both), "threshold": AGREEING_RHO},
                                   variant="agree" if rho >= AGREEING_RHO else "disagree"))

    if types is not None:
        if len(types) < 2:
            out.append(Finding("comparison.one_type", "All documents are of one type ({doc_type}), so document types "
                               "cannot be compared.", {"doc_type": str(types.index[0]) if len(types) else "none"}))
        else:
            counts = _ranked(types)
            if by_type is not None and len(by_type):
                column = by_type.columns[0]
                top = by_type.sort_values("g2", ascending=False, kind="stable").drop_duplicates(column)
                for _, row in top.iterrows():
                    out.append(Finding("comparison.type_term", "Most distinctive of the {doc_type} documents against "
                                       "the others: {term} (G2 {g2}).",
                                       {"doc_type": str(row[column]), "term": row["term"], "g2": float(row["g2"])}))
            if min(v for _, v in counts) < MIN_TYPE_DOCUMENTS:
                out.append(Finding("comparison.types_small", "Documents per type: {counts}. With fewer than "
                                   "{threshold} in a type, what separates the types here may be what these few texts "
                                   "happen to discuss; more documents per type would test it.",
                                   {"counts": counts, "threshold": MIN_TYPE_DOCUMENTS}))
    return out


# --------------------------------------------------------------------------------------------------
# 05: actors, amounts and dates


def _amount(value: float):
    return int(value) if float(value).is_integer() else float(value)


def actor_findings(found: pd.DataFrame, dates: pd.DataFrame,
                   window: tuple[str, str] | None = None) -> list[Finding]:
    """Findings of notebook 05: the organization types mentioned most, people, places, the largest
    amount in each currency and of compute, and the dates the documents mention.

    Parameters
    ----------
    found : :func:`analysis.entities`; dates : :func:`analysis.events`.
    window : the (first, last) dates the timeline shows; mentions outside it are counted when given.

    Examples
    --------
    >>> found = actor_findings(found, dates)                        # doctest: +SKIP
    """
    out = []
    orgs = found[found["kind"] == "organization"]
    if orgs.empty:
        out.append(Finding("actors.no_organizations", "No organization is found (neither in the gazetteer nor by "
                           "its suffix)."))
    else:
        out.append(Finding("actors.types", "{mentions} organization mentions; the most frequent types: {types}.",
                           {"mentions": len(orgs), "types": _ranked(orgs["type"].value_counts(), TOP_LISTED)}))
        unknown = orgs[orgs["type"].str.startswith("unknown")]
        if len(unknown):
            out.append(Finding("actors.unknown", "Typed by their suffix only, for a reader to check: {unknown} of "
                               "these mentions.", {"unknown": len(unknown)}))
    people = found.loc[found["kind"] == "person", "value"].str.split(" ").str[0]
    if people.empty:
        out.append(Finding("actors.no_people", "No person appears beside a title (the rule looks for a Korean "
                           "surname there)."))
    else:
        out.append(Finding("actors.people", "People identified by a title: {people}.", {"people": people.nunique()}))
    places = found.loc[found["kind"] == "place", "value"]
    if len(places):
        out.append(Finding("actors.places", "Most mentioned places: {places}.",
                           {"places": _ranked(places.value_counts(), TOP_LISTED)}))

    money = found[found["kind"] == "money"].assign(amount=lambda d: d["value"].astype(float))
    if money.empty:
        out.append(Finding("amounts.no_money", "No amount of money is stated."))
    for currency, rows in money.groupby("type", sort=True):
        top = rows.sort_values(["amount", "doc_id"], ascending=[False, True]).iloc[0]
        out.append(Finding("amounts.largest", "{currency}: {count} {noun}, the largest {text} ({amount} "
                           "{currency}) in {doc}.",
                           {"currency": str(currency), "count": len(rows), "noun": _plural(len(rows), "amount"),
                            "text": str(top["text"]), "amount": _amount(top["amount"]), "doc": str(top["doc_id"])}))
    compute = found[found["kind"] == "compute"]
    if len(compute):
        peak = compute.assign(peak=compute["value"].astype(str).str.split(", ").map(lambda v: max(map(float, v))))
        top = peak.sort_values(["peak", "doc_id"], ascending=[False, True]).iloc[0]
        out.append(Finding("amounts.compute", "Compute: {count} {noun}, the largest {text} ({peak} TFLOPS) in {doc}.",
                           {"count": len(compute), "noun": _plural(len(compute), "mention"), "text": str(top["text"]),
                            "peak": _amount(top["peak"]), "doc": str(top["doc_id"])}))

    undated = dates.loc[dates["note"].astype(str) == UNDATED_NOTE, "doc_id"].nunique()
    resolved = dates[dates["date"].notna()]
    if resolved.empty:
        out.append(Finding("dates.none", "No date mention could be placed on a calendar."))
    else:
        out.append(Finding("dates.span", "{mentions} date mentions, from {first} to {last}; by kind: {kinds}.",
                           {"mentions": len(resolved), "first": resolved["date"].min(), "last": resolved["date"].max(),
                            "kinds": _ranked(resolved["kind"].value_counts())}))
        if window is not None:
            start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
            outside = resolved[(resolved["date"] < start) | (resolved["date"] > end)]
            out.append(Finding("dates.outside", "{outside} of them fall outside the timeline's {start} to {end}.",
                               {"outside": len(outside), "start": start, "end": end}))
    if undated:
        out.append(Finding("dates.undated", "Relative dates (last year, this month) in {undated} {noun} without a "
                           "publication date cannot be resolved and are left out.",
                           {"undated": int(undated), "noun": _plural(int(undated), "document")}))
    return out


# --------------------------------------------------------------------------------------------------
# 06: the keyword network


def network_findings(edges: pd.DataFrame, graph=None, centrality: pd.DataFrame | None = None,
                     community: dict | None = None, min_count: int = 2, bipartite=None,
                     unit: str = "document") -> list[Finding]:
    """Findings of notebook 06: how many term pairs co-occur, the most frequent and most associated pair,
    the term with the highest betweenness (standing out by :data:`DOMINANT_RATIO`) and the communities.

    Parameters
    ----------
    edges : :func:`analysis.cooccurrence` over sentences, with ``min_count`` as given to it.
    graph, centrality, community : :func:`analysis.cooccurrence_graph`, :func:`analysis.centrality_table`,
        :func:`analysis.network.communities`.
    bipartite : :func:`analysis.network.readable_two_mode_graph`, for how many terms link several documents
        (and, when its rule is ``key``, how many are key for several).
    unit : what a two-mode node stands for ("document" or "publisher").

    Examples
    --------
    >>> found = network_findings(edges, graph, centrality, community)          # doctest: +SKIP
    """
    if edges.empty:
        return [Finding("network.no_pairs", "No pair of terms co-occurs in at least {min_count} sentences: too "
                        "little text for a co-occurrence network.", {"min_count": min_count})]
    out = []
    frequent = edges.sort_values(["count", "source", "target"], ascending=[False, True, True]).iloc[0]
    out.append(Finding("network.pairs", "Pairs of terms sharing {min_count} or more sentences: {pairs}; the "
                       "most frequent, {a} with {b}, shares {count}.",
                       {"pairs": len(edges), "min_count": min_count, "a": frequent["source"], "b": frequent["target"],
                        "count": int(frequent["count"])}))
    strong = edges[edges["count"] >= MIN_PAIR_UNITS]
    if len(strong):
        top = strong.sort_values(["jaccard", "count", "source", "target"], ascending=[False, False, True, True]).iloc[0]
        out.append(Finding("network.association", "Of the pairs in {threshold} or more sentences, {a} with {b} is the "
                           "most associated (Jaccard {jaccard}, {count} sentences).",
                           {"threshold": MIN_PAIR_UNITS, "a": top["source"], "b": top["target"],
                            "jaccard": float(top["jaccard"]), "count": int(top["count"])}))
    if graph is not None and centrality is not None and len(centrality):
        ranked = centrality.sort_values(["betweenness", "term"], ascending=[False, True])
        first = ranked.iloc[0]
        second = float(ranked["betweenness"].iloc[1]) if len(ranked) > 1 else 0.0
        params = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "term": first["term"],
                  "betweenness": float(first["betweenness"]), "second": second, "ratio": DOMINANT_RATIO}
        if float(first["betweenness"]) > 0 and float(first["betweenness"]) >= DOMINANT_RATIO * second:
            out.append(Finding("network.bridge", "Highest betweenness: {term} ({betweenness}), at least {ratio} times "
                               "the next ({second}), in a graph of {nodes} terms with {edges} edges: it is the main "
                               "go-between of the network.", params))
        else:
            out.append(Finding("network.betweenness", "Highest betweenness: {term} ({betweenness}), less than {ratio} "
                               "times the next ({second}), in a graph of {nodes} terms with {edges} edges: no single "
                               "term holds the network together.", params))
    if community:
        members = pd.Series(community)
        frequency = {} if centrality is None else dict(zip(centrality["term"], centrality["frequency"], strict=True))
        largest = members[members == 0].index
        top = sorted(largest, key=lambda t: (-frequency.get(t, 0), t))[:TOP_LISTED]
        out.append(Finding("network.communities", "Modularity finds {communities} {noun}; the largest ({size} terms) "
                           "centres on {terms}.",
                           {"communities": int(members.nunique()), "noun": _plural(int(members.nunique()), "community"),
                            "size": len(largest), "terms": top}))
    documents = [] if bipartite is None else [n for n, d in bipartite.nodes(data=True) if d.get("mode") != "term"]
    if len(documents) > 1:
        term_nodes = [node for node, data in bipartite.nodes(data=True) if data.get("mode") == "term"]
        shared = [t for t in term_nodes if bipartite.degree(t) > 1]
        params = {"shared": len(shared), "terms": len(term_nodes), "unit": unit}
        if bipartite.graph.get("rule") == "key":
            out.append(Finding("network.two_mode_key", "The {unit}s use most of the network's terms each ({density} "
                               "of the possible links), so the two-mode graph links each {unit} to its key terms "
                               "only: {groups} {unit}s have some; {terms} terms are key for at least one {unit}, "
                               "{shared} of them for more than one.",
                               params | {"groups": len(documents),
                                         "density": f"{bipartite.graph.get('count_density', 0):.0%}"}))
        else:
            out.append(Finding("network.two_mode", "{shared} of the {terms} terms of the two-mode graph are used by "
                               "more than one {unit}.", params))
    return out


# --------------------------------------------------------------------------------------------------
# 03: the topic model (analysis.topics). One block, kept apart so that it can move to findings/ as it is.

TOPIC_GROUP_MIN_DOCUMENTS = 3  # a group with fewer documents cannot lead a topic: its mean is a few documents


def _topic_model_findings(model, labels: dict) -> list[Finding]:
    """How the model was made: units, terms, k and why, sampling, documents left without terms."""
    settings = model.settings
    out = [Finding("topics.units", "The topic model reads {units} units ({piece_note}); {vocabulary} terms occur in "
                   "at least {min_df} units, and the {removed} most frequent were removed ({removed_terms}).",
                   {"units": model.units, "vocabulary": len(model.vocabulary), "min_df": settings["min_df"],
                    "removed": len(model.removed_terms), "removed_terms": list(model.removed_terms[:5]) or "none",
                    "piece_note": f"documents, a long one cut at paragraphs into pieces of about "
                                  f"{settings['piece_terms']} terms"})]
    if model.k_scores is not None and len(model.k_scores):
        row = model.k_scores.set_index("k").loc[model.k]
        out.append(Finding("topics.k_chosen", "k = {k}, chosen over k = {grid} by the best sum of ranks of NPMI "
                           "coherence ({coherence}) and held-out log-likelihood per word ({held_out}); ties go to "
                           "the higher coherence, then the smaller k.",
                           {"k": model.k, "grid": [int(k) for k in model.k_scores["k"]],
                            "coherence": float(row["coherence"]), "held_out": float(row["held_out_ll"])}))
        if len(model.k_scores) > 1 and model.k == int(model.k_scores["k"].max()):
            out.append(Finding("topics.k_at_edge", "k = {k} is the largest value searched: the corpus may hold more "
                               "topics than the grid reaches, and `topic_model(tokens, k=...)` looks beyond it.",
                               {"k": model.k}))
    else:
        out.append(Finding("topics.k_given", "k = {k} was given, not chosen.", {"k": model.k}))
    if model.sampled:
        out.append(Finding("topics.sampled", "The k search and the stability refits ran on a fixed random sample "
                           "of {sampled} of the {units} units; the final model on all of them.",
                           {"sampled": model.sampled, "units": model.units}))
    if model.empty_documents:
        out.append(Finding("topics.empty_documents", "{count} documents have no content term left after the "
                           "filters and are not in the model (listed in the notebook): {examples}.",
                           {"count": len(model.empty_documents), "examples": list(model.empty_documents[:3])}))
    stable = model.stability[model.stability["stable"]]
    from analysis.topics import STABLE_SHARE

    flagged = model.stability.loc[~model.stability["stable"], "topic"]
    unstable = [labels.get(t, t).removesuffix(" (unstable)") for t in flagged]
    out.append(Finding("topics.stability", "Refitted with four other seeds, {stable} of {k} topics keep at least "
                       "{threshold} of their top-10 terms; unstable: {unstable}.",
                       {"stable": len(stable), "k": model.k, "threshold": Share(STABLE_SHARE),
                        "unstable": unstable or "none"}))
    return out


def _topic_group_findings(by_group: pd.DataFrame, labels: dict, group_name: str) -> list[Finding]:
    """The group that leads each topic, among groups of at least :data:`TOPIC_GROUP_MIN_DOCUMENTS` documents."""
    eligible = by_group[(by_group["documents"] >= TOPIC_GROUP_MIN_DOCUMENTS) & (by_group["group"] != "other")]
    if eligible["group"].nunique() < MIN_GROUPS:
        return [Finding("topics.groups_small", "Fewer than {min_groups} {group_name} groups have {threshold} "
                        "documents or more, so no group is said to lead a topic.",
                        {"min_groups": MIN_GROUPS, "group_name": group_name,
                         "threshold": TOPIC_GROUP_MIN_DOCUMENTS})]
    out = []
    for topic, part in eligible.groupby("topic", sort=False):
        best = part.sort_values(["share", "group"], ascending=[False, True], kind="stable").iloc[0]
        out.append(Finding("topics.leader", "{topic}: led by {group} (mean share {share}, 95% interval {low} to "
                           "{high}, {documents} documents).",
                           {"topic": labels.get(topic, topic), "group": str(best["group"]),
                            "share": float(best["share"]), "low": float(best["low"]), "high": float(best["high"]),
                            "documents": int(best["documents"])}))
    return out


def _topic_trend_findings(trends: pd.DataFrame, labels: dict, alpha: float) -> list[Finding]:
    if trends is None or trends.empty:
        return [Finding("topics.no_time", "Fewer than two distinct publication dates: no trend is tested.", {})]
    out = []
    for row in trends.itertuples(index=False):
        if row.direction == "flat":
            continue
        params = {"topic": labels.get(row.topic, row.topic), "slope": float(row.slope_per_year),
                  "p": float(row.p_adjusted), "alpha": alpha}
        if row.direction == "rises":
            out.append(Finding("topics.rises", "{topic} rises over time (OLS slope of document shares on date, "
                               "{slope} per year, Bonferroni-corrected p = {p} < {alpha}).", params))
        else:
            out.append(Finding("topics.falls", "{topic} falls over time (OLS slope of document shares on date, "
                               "{slope} per year, Bonferroni-corrected p = {p} < {alpha}).", params))
    if not out:
        out.append(Finding("topics.no_trend", "No topic rises or falls: no OLS slope of document shares on date "
                           "has a Bonferroni-corrected p below {alpha}.", {"alpha": alpha}))
    return out


def _seeded_findings(seeded: pd.DataFrame) -> list[Finding]:
    out = []
    for row in seeded.itertuples(index=False):
        picked = row.picked_up.split(", ")[:5] if row.picked_up else "none"
        out.append(Finding("topics.seeded", "{theme}: its seeded topic holds {mass} of its probability on its "
                           "{seed_words} seed words, {kept} of its ten top terms are seed words, and it picked up "
                           "{picked}.",
                           {"theme": str(row.label), "mass": float(row.seed_mass), "seed_words": int(row.seed_words),
                            "kept": Share(float(row.seeds_in_top)), "picked": picked}))
    return out


def topic_findings(model, by_group: pd.DataFrame | None = None, trends: pd.DataFrame | None = None,
                   group_name: str = "publisher", alpha: float = 0.05) -> list[Finding]:
    """Findings of notebook 03's topic model: why there is none (a corpus too small), or how it was made,
    k and why, the topics' stability, the group that leads each topic (:data:`TOPIC_GROUP_MIN_DOCUMENTS`),
    the topics that rise or fall (OLS, Bonferroni, ``alpha``), and what each seeded topic picked up.

    Parameters
    ----------
    model : :func:`analysis.topic_model`. by_group : ``model.prevalence(corpus, by=...)``.
    trends : :func:`analysis.topics.topic_trends`. group_name : what the groups are (publisher ...).

    Examples
    --------
    >>> trends = topic_trends(model.doc_topics, corpus)                       # doctest: +SKIP
    >>> found = topic_findings(model, model.prevalence(corpus), trends)        # doctest: +SKIP
    """
    if not model.fitted:
        return [Finding("topics.too_small", "No topic model: {reason}.", {"reason": model.reason})]
    labels = model.labels()
    out = _topic_model_findings(model, labels)
    means = model.doc_topics.mean().sort_values(ascending=False, kind="stable")
    out.append(Finding("topics.largest", "The largest topic is {topic}, with a mean share of {share} of the "
                       "documents.", {"topic": labels[means.index[0]], "share": Share(float(means.iloc[0]))}))
    if by_group is not None and len(by_group):
        out += _topic_group_findings(by_group, labels, group_name)
    out += _topic_trend_findings(trends, labels, alpha)
    if model.seeded is not None and len(model.seeded):
        out += _seeded_findings(model.seeded)
    return out
