"""Which words a document rests on: term frequencies, TF-IDF, keyness, KWIC concordance, new words.

All functions take the token table of :func:`analysis.tokenize` (or a corpus, where they need the text)
and know nothing of particular documents.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.tokens import Lexicon, canonical_term, get_kiwi, load_lexicon, sentences, tokenize


def term_counts(tokens: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Occurrences of each content term per group: a wide table, groups as rows, terms as columns.

    Columns are sorted by corpus frequency (then alphabetically), so the table reads from the top terms.
    """
    terms = tokens.loc[tokens["term"] != "", [by, "term"]]
    table = pd.crosstab(terms[by], terms["term"])
    order = sorted(table.columns, key=lambda t: (-table[t].sum(), t))
    return table[order]


def tfidf_table(tokens: pd.DataFrame, by: str = "doc_id", sublinear_tf: bool = True) -> pd.DataFrame:
    """TF-IDF weights (scikit-learn, l2-normalised rows) of each term per group; groups as rows."""
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = term_counts(tokens, by)
    matrix = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(counts.to_numpy())
    return pd.DataFrame(matrix.toarray(), index=counts.index, columns=counts.columns)


def top_terms(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` highest-valued terms of each row of a wide table (counts or TF-IDF), ties broken by term.

    Returns a long table: group, rank (1 = top), term, value.
    """
    rows = []
    for group, values in table.iterrows():
        ranked = sorted(((-v, t) for t, v in values.items() if v > 0))[:n]
        rows.extend((group, rank, term, -neg) for rank, (neg, term) in enumerate(ranked, start=1))
    return pd.DataFrame(rows, columns=[table.index.name or "group", "rank", "term", "value"])


def log_likelihood(a, b, c, d):
    """Dunning's log-likelihood G2 of a term seen ``a`` times in a target of ``c`` tokens and ``b`` times
    in a reference of ``d`` tokens (Rayson & Garside 2000). Works elementwise on arrays.

    Examples
    --------
    >>> round(float(log_likelihood(10, 2, 1000, 1000)), 3)
    5.822
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a, b, c, d, zero: float = 0.5):
    """Hardie's Log Ratio effect size: log2 of the ratio of relative frequencies, a zero count replaced by
    ``zero``. +1 means twice as frequent in the target as in the reference."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    return np.log2((np.where(a > 0, a, zero) / c) / (np.where(b > 0, b, zero) / d))


def keyness(target: pd.Series, reference: pd.Series, min_count: int = 2) -> pd.DataFrame:
    """Keyness of every term of ``target`` counts against ``reference`` counts (both Series term -> count).

    Returns term, target and reference counts, G2 (signed: negative where the term is relatively rarer in
    the target), its p-value (chi-square, 1 d.f.) and Log Ratio; sorted by G2, descending.
    """
    from scipy import stats  # imported here: scipy.stats alone adds ~50 MB to every process importing analysis

    terms = target.index.union(reference.index)
    a = target.reindex(terms, fill_value=0).astype(float)
    b = reference.reindex(terms, fill_value=0).astype(float)
    c, d = a.sum(), b.sum()
    g2 = log_likelihood(a, b, c, d)
    sign = np.where(a / c >= b / d, 1.0, -1.0)
    table = pd.DataFrame(
        {"term": terms, "target": a.astype(int).values, "reference": b.astype(int).values,
         "g2": (sign * g2).round(3), "p_value": stats.chi2.sf(g2, 1), "log_ratio": log_ratio(a, b, c, d).round(3)}
    )
    table = table[(table["target"] + table["reference"]) >= min_count]
    return table.sort_values(["g2", "term"], ascending=[False, True], ignore_index=True)


def keyness_table(tokens: pd.DataFrame, by: str = "doc_id", n: int = 10, min_count: int = 2,
                  p_max: float = 0.05) -> pd.DataFrame:
    """For each group, its ``n`` most distinctive terms against all the other groups together: terms
    over-represented in the group (positive G2) with p below ``p_max``."""
    counts = term_counts(tokens, by)
    rows = []
    for group in counts.index:
        table = keyness(counts.loc[group], counts.drop(index=group).sum(), min_count=min_count)
        table = table[(table["g2"] > 0) & (table["p_value"] < p_max)].head(n)
        rows.append(table.assign(**{by: group}))
    columns = [by, "term", "target", "reference", "g2", "p_value", "log_ratio"]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


def kwic(corpus: pd.DataFrame, term: str, window: int = 30, tokens: pd.DataFrame | None = None,
         lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with up to ``window`` characters either side,
    within its sentence.

    The term is matched by canonical term, so ``과기정통부`` also finds ``과학기술정보통신부``.

    Returns doc_id, sent_id, start, end (offsets in ``text``), left, match, right, sentence.

    Examples
    --------
    >>> kwic(load_corpus(), "과기정통부").head()       # doctest: +SKIP
    """
    lexicon = lexicon or load_lexicon()
    tokens = tokenize(corpus, lexicon=lexicon) if tokens is None else tokens
    wanted = canonical_term(term, "NNP", lexicon) or term
    hits = tokens.loc[tokens["term"] == wanted, ["doc_id", "sent_id", "start", "end"]]
    columns = ["doc_id", "sent_id", "start", "end", "left", "match", "right", "sentence"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    sents = sentences(corpus, tokens[tokens["doc_id"].isin(set(hits["doc_id"]))])
    joined = hits.merge(sents.rename(columns={"start": "s_start", "end": "s_end"}), on=["doc_id", "sent_id"])
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    rows = zip(joined["doc_id"], joined["start"], joined["end"], joined["s_start"], joined["s_end"], strict=True)
    left, match, right = [], [], []
    for doc_id, start, end, s_start, s_end in rows:
        text = texts[doc_id]
        left.append(text[max(s_start, start - window):start])
        match.append(text[start:end])
        right.append(text[end:min(s_end, end + window)])
    joined = joined.assign(left=left, match=match, right=right)
    return joined[columns].reset_index(drop=True)


def _candidate_status(form: str, analysed, known: set[str]) -> str:
    """What a new-word candidate is, given Kiwi's analysis of it alone."""
    if form in known:
        return "in lexicon"
    if any(form in word for word in known if len(word) > len(form)):
        return "part of a lexicon word"
    tags = [t.tag for t in analysed]
    if len(analysed) == 1:
        return "kept whole"
    if tags[0] in ("NNG", "NNP") and all(t.startswith(("XSN", "J", "VCP", "E")) for t in tags[1:]):
        return "known noun + ending"
    if all(t in ("NNG", "NNP", "SL", "SN", "XSN", "XPN") for t in tags):
        return "split compound: consider adding"
    return "other"


MAX_NEW_WORD_CHARACTERS = 2_000_000


def sample_texts(texts: pd.Series, max_characters: int, seed: int = 0) -> pd.Series:
    """All ``texts`` if they hold at most ``max_characters`` together, else a fixed random sample of them
    (``seed``) that does, in their original order.

    Examples
    --------
    >>> texts = pd.Series(["가" * 40, "나" * 40, "다" * 40])
    >>> len(sample_texts(texts, 200)), len(sample_texts(texts, 100))
    (3, 2)
    """
    lengths = texts.str.len().to_numpy()
    if lengths.sum() <= max_characters:
        return texts
    order = np.random.default_rng(seed).permutation(len(texts))
    chosen = order[np.cumsum(lengths[order]) <= max_characters]
    return texts.iloc[np.sort(chosen)]


def new_word_candidates(corpus: pd.DataFrame, min_count: int = 3, min_score: float = 0.1,
                        lexicon: Lexicon | None = None,
                        max_characters: int = MAX_NEW_WORD_CHARACTERS) -> pd.DataFrame:
    """Noun candidates Kiwi's ``extract_words`` finds in the cleaned texts, set against the lexicon.

    Candidates with punctuation or starting with a digit (dates, bracketed glosses) are left out. ``status``
    says what each is: ``in lexicon`` or ``part of a lexicon word``; ``kept whole`` (Kiwi already reads it
    as one morpheme: nothing to add); ``known noun + ending`` (a noun with a suffix or particle, 기업들);
    ``split compound: consider adding`` (Kiwi breaks up a compound, so counts miss it as one term); ``other``.

    Kiwi keeps statistics of every substring in memory (about 0.7 GB for 11 million characters), so a
    corpus longer than ``max_characters`` is read as a fixed random sample of its documents
    (:func:`sample_texts`); ``attrs["documents_read"]`` says how many documents were read.
    """
    lexicon = lexicon or load_lexicon()
    kiwi = get_kiwi(lexicon)
    texts = sample_texts(corpus["text"], max_characters)
    found = kiwi.extract_words(list(texts), min_cnt=min_count, min_score=min_score)
    known = {w for w, _ in lexicon.user_words} | set(lexicon.aliases) | set(lexicon.aliases.values())
    rows = []
    for form, score, freq, pos_score in found:
        if not re.fullmatch(r"[가-힣A-Za-z][가-힣A-Za-z0-9]*", form):
            continue
        status = _candidate_status(form, kiwi.tokenize(form), known)
        rows.append((form, round(score, 3), freq, round(pos_score, 3), status))
    table = pd.DataFrame(rows, columns=["form", "score", "count", "noun_score", "status"])
    table = table.sort_values(["count", "form"], ascending=[False, True], ignore_index=True)
    table.attrs["documents_read"] = len(texts)
    return table
