"""Policy themes: a transparent codebook, theme scores with their evidence, and data-driven checks.

The codebook (a ``theme_codebook.txt`` in the corpus's lexicon folder, as ``seeds/lexicon/``; the defaults
hold none) maps each theme to keywords and patterns. Every score is
a count of hits, and every hit is a row with its sentence, so any cell of a theme heatmap can be traced
to the sentences that produced it. Kiwi's word embeddings then check the codebook against the data (the
topic model beside it is :mod:`analysis.topics`); they suggest, they never change it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.embeddings import embedding_kiwi, known_noun
from analysis.lexicon import CODEBOOK_FILE, Lexicon, canonical_term, load_lexicon
from analysis.tokens import return_kiwi_memory, sentences

HIT_COLUMNS = ["doc_id", "sent_id", "theme", "keyword", "kind", "start", "end"]


def load_codebook(path: Path | None = None, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Read a codebook: one row per keyword (a line starting with ``re:`` is one whole pattern) with
    theme, label, kind (``term`` or ``pattern``), keyword,
    and ``match`` (the canonical term a term keyword matches, lower-cased for Latin script).

    ``path`` wins; without it, the lexicon's codebook (the ``theme_codebook.txt`` of its folder, see
    :func:`analysis.load_lexicon`). The defaults hold no codebook: a lexicon without one has
    ``lexicon.codebook is None``, and this function then raises ``ValueError`` saying how to add one, so a
    caller that can do without themes checks ``lexicon.codebook is None`` first. The file read is in
    ``codebook.attrs["path"]``. Raises ``ValueError`` naming the file and line for a keyword outside a theme
    or a bad pattern, and naming the file when it holds no theme.

    Examples
    --------
    >>> from analysis.lexicon import lexicon_folder
    >>> codebook = load_codebook(lexicon=load_lexicon(lexicon_folder()))  # the seeds' codebook
    >>> codebook.attrs["path"].endswith("seeds/lexicon/theme_codebook.txt"), sorted(codebook["kind"].unique())
    (True, ['pattern', 'term'])
    """
    lexicon = lexicon or load_lexicon()
    if path is None and lexicon.codebook is None:
        where = f"{lexicon.folder}" if lexicon.folder is not None else "a lexicon/ folder beside the corpus"
        raise ValueError(f"no theme codebook: the default lexicon holds none. Write a {CODEBOOK_FILE} in {where} "
                         "(README, 'Your own lexicon and codebook') or pass load_codebook(path)")
    path = Path(path) if path is not None else lexicon.codebook
    rows, theme, label = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("  #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("*"):
            theme, _, label = line[1:].partition("\t")
            theme, label = theme.strip(), (label.strip() or theme.strip())
            continue
        if theme is None:
            raise ValueError(f"{path}:{number}: keywords before the first '*theme' line")
        keywords = [line] if line.startswith("re:") else [k.strip() for k in line.split("|")]
        for keyword in keywords:
            if not keyword:
                continue
            if keyword.startswith("re:"):
                try:
                    re.compile(keyword[3:])
                except re.error as error:
                    raise ValueError(f"{path}:{number}: bad pattern {keyword!r}: {error}") from None
                rows.append((theme, label, "pattern", keyword[3:], keyword[3:]))
            else:
                tag = "SL" if re.fullmatch(r"[A-Za-z][A-Za-z0-9 .\-]*", keyword) else "NNG"
                match = lexicon.aliases.get(keyword, keyword) if tag != "SL" else keyword
                match = canonical_term(match, "NNP", lexicon) or match
                rows.append((theme, label, "term", keyword, match.lower() if tag == "SL" else match))
    if not rows:
        raise ValueError(f"{path}: no theme with keywords (a theme is a line '*theme_id<TAB>label' followed by "
                         "keywords separated by '|')")
    codebook = pd.DataFrame(rows, columns=["theme", "label", "kind", "keyword", "match"])
    codebook = codebook.drop_duplicates(["theme", "kind", "match"], ignore_index=True)
    codebook.attrs["path"] = str(path)
    return codebook


def theme_hits(corpus: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Every codebook match: doc_id, sent_id, theme, keyword, kind, start, end (offsets in ``text``).

    A term keyword matches a token's canonical term; a pattern matches the sentence text. A pattern hit
    that overlaps a hit of the same theme is not counted again.
    """
    term_rules = codebook.loc[codebook["kind"] == "term", ["theme", "keyword", "match"]]
    parts = [_term_hits(tokens, term_rules)]
    patterns = codebook[codebook["kind"] == "pattern"]
    if len(patterns):
        parts.append(_pattern_hits(corpus, tokens, patterns, taken=parts[0]))
    hits = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
    hits = hits.astype({"doc_id": object, "sent_id": "int64", "start": "int64", "end": "int64"})
    return hits.sort_values(["doc_id", "start", "theme"], kind="stable", ignore_index=True)


def _term_hits(tokens: pd.DataFrame, term_rules: pd.DataFrame) -> pd.DataFrame:
    """Tokens whose canonical term (lower-cased for Latin script) is a term keyword, as hit rows.

    The tokens are narrowed to those that match before anything is copied, so a corpus of millions of
    tokens costs no more than its hits.
    """
    term = tokens["term"]
    match = term.where(tokens["tag"] != "SL", term.str.lower())
    wanted = match.isin(term_rules["match"].unique())
    rows = tokens.loc[wanted, ["doc_id", "sent_id", "start", "end"]].assign(match=match[wanted])
    matched = rows.merge(term_rules, on="match", how="inner")
    return matched.assign(kind="term")[HIT_COLUMNS]


def _pattern_hits(corpus: pd.DataFrame, tokens: pd.DataFrame, patterns: pd.DataFrame,
                  taken: pd.DataFrame) -> pd.DataFrame:
    """Matches of the codebook's patterns in each sentence, leaving out a match that overlaps a hit of the
    same theme in ``taken`` (the term hits) or an earlier pattern match (sentence, pattern, match order)."""
    compiled = [(t, k, re.compile(k)) for t, k in patterns[["theme", "keyword"]].itertuples(index=False)]
    found = []
    for doc_id, sent_id, s_start, _s_end, sentence in sentences(corpus, tokens).itertuples(index=False):
        for theme, keyword, pattern in compiled:
            found.extend((doc_id, sent_id, theme, keyword, "pattern", s_start + m.start(), s_start + m.end())
                         for m in pattern.finditer(sentence))
    found = pd.DataFrame(found, columns=HIT_COLUMNS)
    keys = ["doc_id", "sent_id", "theme"]
    nearby = taken.astype({"doc_id": object}).merge(found[keys].drop_duplicates(), on=keys)
    spans: dict[tuple, list[tuple[int, int]]] = {}
    for doc_id, sent_id, theme, start, end in nearby[[*keys, "start", "end"]].itertuples(index=False):
        spans.setdefault((doc_id, sent_id, theme), []).append((start, end))
    keep = []
    for doc_id, sent_id, theme, start, end in found[[*keys, "start", "end"]].itertuples(index=False):
        occupied = spans.setdefault((doc_id, sent_id, theme), [])
        overlaps = any(x < end and start < y for x, y in occupied)
        if not overlaps:
            occupied.append((start, end))
        keep.append(not overlaps)
    return found[keep]


def theme_scores(corpus: pd.DataFrame, tokens: pd.DataFrame, codebook: pd.DataFrame | None = None,
                 level: str = "document", hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Theme scores per document (``level="document"``) or per sentence (``level="sentence"``).

    Columns: doc_id (and sent_id), theme, hits, sentences (how many sentences have a hit), share (the
    theme's part of all theme hits in that unit, so shares sum to 1), per_1000_terms (hits per thousand
    content terms of the document), and evidence: the ids of the sentences behind the score, to pass to
    :func:`theme_evidence`. Every theme appears for every unit, with 0 where nothing matched.

    Examples
    --------
    >>> scores = theme_scores(corpus, tokens)                            # doctest: +SKIP
    >>> scores.pivot(index="doc_id", columns="theme", values="share")    # doctest: +SKIP
    """
    codebook = load_codebook() if codebook is None else codebook
    hits = theme_hits(corpus, tokens, codebook) if hits is None else hits
    keys = ["doc_id"] if level == "document" else ["doc_id", "sent_id"]
    if level not in ("document", "sentence"):
        raise ValueError(f"level must be 'document' or 'sentence', not {level!r}")
    themes = list(dict.fromkeys(codebook["theme"]))
    units = tokens[keys].drop_duplicates()
    grid = units.merge(pd.DataFrame({"theme": themes}), how="cross")
    grouped = hits.groupby([*keys, "theme"]).agg(
        hits=("keyword", "size"),
        sentences=("sent_id", "nunique"),
        evidence=("sent_id", lambda s: tuple(sorted(set(s)))),
    ).reset_index()
    scores = grid.merge(grouped, on=[*keys, "theme"], how="left")
    scores["hits"] = scores["hits"].fillna(0).astype(int)
    scores["sentences"] = scores["sentences"].fillna(0).astype(int)
    scores["evidence"] = scores["evidence"].apply(lambda e: e if isinstance(e, tuple) else ())
    total = scores.groupby(keys)["hits"].transform("sum")
    scores["share"] = (scores["hits"] / total.where(total > 0)).fillna(0.0).round(4)
    terms_per_doc = tokens[tokens["term"] != ""].groupby("doc_id").size()
    scores["per_1000_terms"] = (1000 * scores["hits"] / scores["doc_id"].map(terms_per_doc)).fillna(0.0).round(2)
    return scores


def theme_evidence(corpus: pd.DataFrame, tokens: pd.DataFrame, doc_id: str, theme: str,
                   hits: pd.DataFrame | None = None, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sentences of one document that produced one theme's score, with the keywords they matched."""
    codebook = load_codebook() if codebook is None else codebook
    hits = theme_hits(corpus, tokens, codebook) if hits is None else hits
    chosen = hits[(hits["doc_id"] == doc_id) & (hits["theme"] == theme)]
    keywords = chosen.groupby("sent_id")["keyword"].agg(lambda k: ", ".join(dict.fromkeys(k)))
    sents = sentences(corpus, tokens)
    sents = sents[(sents["doc_id"] == doc_id) & sents["sent_id"].isin(keywords.index)]
    return sents.assign(keywords=sents["sent_id"].map(keywords))[["doc_id", "sent_id", "keywords", "sentence"]]


LOW_COVERAGE = 0.5  # below this share of documents with any theme hit, the codebook does not fit the corpus


def codebook_coverage(hits: pd.DataFrame, tokens: pd.DataFrame) -> dict:
    """How much of a corpus the codebook codes: documents and sentences with at least one theme hit.

    Returns a dict with ``documents`` and ``sentences`` (how many there are), ``coded_documents`` and
    ``coded_sentences`` (how many have a hit), their shares ``document_share`` and ``sentence_share`` (0 for
    an empty corpus), and ``fits``: whether at least ``LOW_COVERAGE`` of the documents are coded. A codebook
    written for one policy field codes little of another; a low share says the theme scores describe a
    small part of the corpus and a codebook of the researcher's own is needed.

    Examples
    --------
    >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0]})
    >>> hits = pd.DataFrame({"doc_id": ["a"], "sent_id": [1]})
    >>> c = codebook_coverage(hits, tokens)
    >>> (c["coded_documents"], c["documents"], c["sentence_share"], c["fits"])
    (1, 2, 0.3333333333333333, True)
    """
    documents = tokens["doc_id"].nunique()
    sentences_ = len(tokens[["doc_id", "sent_id"]].drop_duplicates())
    coded_documents = hits["doc_id"].nunique()
    coded_sentences = len(hits[["doc_id", "sent_id"]].drop_duplicates())
    document_share = coded_documents / documents if documents else 0.0
    return {
        "documents": documents, "coded_documents": coded_documents, "document_share": document_share,
        "sentences": sentences_, "coded_sentences": coded_sentences,
        "sentence_share": coded_sentences / sentences_ if sentences_ else 0.0,
        "fits": document_share >= LOW_COVERAGE,
    }


# --------------------------------------------------------------------------------------------------
# data-driven checks of the codebook


def codebook_suggestions(codebook: pd.DataFrame, tokens: pd.DataFrame, top_n: int = 5,
                         min_count: int = 2, min_contrast: float = 0.02, max_candidates: int = 300) -> pd.DataFrame:
    """Terms of the corpus that the codebook does not code but Kiwi's built-in word embeddings (CoNg
    model) place near one theme. Suggestions only: nothing is added to the codebook.

    A candidate is a noun seen at least ``min_count`` times and in no theme (the ``max_candidates`` most
    frequent). Its similarity to a theme is
    its mean embedding similarity to all of the theme's keywords the model knows (a consensus, so one rare
    keyword's odd neighbours cannot dominate). Because some words sit close to everything (hubs such as
    인공지능), candidates are ranked by ``contrast``: similarity to this theme minus their mean similarity
    to all themes. Words the model does not know (they share one fallback vector) are left out.
    Returns theme, suggestion, count, similarity, contrast and the closest keyword.
    """
    kiwi = embedding_kiwi()
    coded = set(codebook["match"]) | set(codebook["keyword"])
    counts = tokens.loc[(tokens["term"] != "") & tokens["tag"].isin(["NNG", "NNP"]), "term"].value_counts()
    frequent = [t for t in counts[counts >= min_count].index if t not in coded][:max_candidates]
    candidates = [(t, m) for t in frequent for m in [known_noun(kiwi, t)] if m]
    term_rules = codebook[codebook["kind"] == "term"]
    themes = {}
    for theme, keywords in term_rules.groupby("theme", sort=True)["keyword"]:
        known = [m for m in (known_noun(kiwi, k) for k in dict.fromkeys(keywords)) if m]
        if known:
            themes[theme] = known
    profiles = {term: {th: [kiwi.morpheme_similarity(morph, k) for k in known] for th, known in themes.items()}
                for term, morph in candidates}
    del kiwi
    return_kiwi_memory()  # the model, freed, given back to the system
    # words the model does not really know share one fallback vector, hence one identical profile
    signature = {t: tuple(round(x, 6) for sims in p.values() for x in sims) for t, p in profiles.items()}
    shared = pd.Series(signature).duplicated(keep=False)
    rows = []
    for term, per_theme in profiles.items():
        if shared[term]:
            continue
        means = {th: float(np.mean(sims)) for th, sims in per_theme.items()}
        baseline = float(np.mean(list(means.values())))
        for th, sims in per_theme.items():
            closest = themes[th][int(np.argmax(sims))][0]
            rows.append((th, term, int(counts[term]), round(means[th], 3), round(means[th] - baseline, 3), closest))
    columns = ["theme", "suggestion", "count", "similarity", "contrast", "closest_keyword"]
    table = pd.DataFrame(rows, columns=columns)
    table = table[table["contrast"] >= min_contrast]
    table = table.sort_values(["theme", "contrast", "suggestion"], ascending=[True, False, True])
    return table.groupby("theme").head(top_n).reset_index(drop=True)


def theme_hits_by_group(scores: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Theme hits summed per group (``groups``: doc_id -> group, as :func:`analysis.corpus.document_groups`
    gives), one row per group and one column per theme.

    Examples
    --------
    >>> scores = pd.DataFrame({"doc_id": ["a", "a", "b"], "theme": ["t1", "t2", "t1"], "hits": [3, 1, 2]})
    >>> theme_hits_by_group(scores, pd.Series({"a": "A", "b": "A"})).to_dict("index")
    {'A': {'t1': 5, 't2': 1}}
    """
    grouped = scores.assign(group=scores["doc_id"].map(groups))
    return grouped.pivot_table(index="group", columns="theme", values="hits", aggfunc="sum")


def theme_shares(hits_by_group: pd.DataFrame, decimals: int = 3) -> pd.DataFrame:
    """Each row's theme hits as shares of its total (rounded to ``decimals``): a group's theme profile.

    >>> theme_shares(pd.DataFrame({"t1": [3, 0], "t2": [1, 2]}, index=["A", "B"])).values.tolist()
    [[0.75, 0.25], [0.0, 1.0]]
    """
    return hits_by_group.div(hits_by_group.sum(axis=1), axis=0).round(decimals)


def theme_hits_over_time(scores: pd.DataFrame, corpus: pd.DataFrame) -> dict | None:
    """Theme hits per period of publication, on the corpus's own time rule (:mod:`analysis.timeline`: the
    span where its dates lie and the resolution from that span and the counts), or None without dated
    documents. Returns ``span``, ``resolution``, ``hits`` (period x theme), ``documents`` (dated documents
    per period), ``shares`` (:func:`analysis.timeline.period_shares`: empty where a period has too few
    documents) and ``publishers`` (how many publishers the dated documents have)."""
    from analysis.timeline import period_counts, period_shares, plausible_span, time_resolution

    span = plausible_span(corpus["published"])
    if not span.dated:
        return None
    dated = scores.merge(corpus[["doc_id", "published", "publisher"]], on="doc_id")
    dated = dated[dated["published"].notna()]
    resolution = time_resolution(corpus["published"], span)
    hits = period_counts(dated, "published", resolution, by="theme", value="hits", start=span.start, end=span.end)
    documents = period_counts(corpus, "published", resolution, start=span.start, end=span.end)["count"]
    return {"span": span, "resolution": resolution, "hits": hits, "documents": documents,
            "shares": period_shares(hits, documents), "publishers": dated["publisher"].nunique()}


def theme_shares_by(scores: pd.DataFrame, corpus: pd.DataFrame, column: str = "publisher",
                    top: int = 12) -> pd.DataFrame:
    """Theme profile (shares of theme hits) of each of the ``top`` values of a metadata ``column`` with most
    documents; a value without hits keeps a row of zeros.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "publisher": ["P", "P", "Q"]})
    >>> scores = pd.DataFrame({"doc_id": ["a", "b", "c"], "theme": ["t1", "t2", "t1"], "hits": [1, 3, 0]})
    >>> theme_shares_by(scores, corpus).to_dict("index")
    {'P': {'t1': 0.25, 't2': 0.75}, 'Q': {'t1': 0.0, 't2': 0.0}}
    """
    leading = corpus[column].value_counts().head(top).index
    joined = scores.merge(corpus[["doc_id", column]], on="doc_id")
    table = joined[joined[column].isin(leading)].pivot_table(index=column, columns="theme", values="hits",
                                                             aggfunc="sum", fill_value=0)
    return table.div(table.sum(axis=1).where(lambda t: t > 0), axis=0).fillna(0)
