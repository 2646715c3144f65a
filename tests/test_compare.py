"""Document comparison on small hand-checked inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import compare as CP


def test_cosine_table_by_hand():
    table = pd.DataFrame({"x": [1.0, 0.0, 1.0], "y": [0.0, 1.0, 1.0]}, index=["a", "b", "c"])
    sims = CP.cosine_table(table)
    assert sims.loc["a", "b"] == 0
    assert sims.loc["a", "c"] == pytest.approx(1 / np.sqrt(2), abs=1e-4)
    assert np.allclose(np.diag(sims), 1)


def test_ranked_pairs_and_linkage():
    sims = pd.DataFrame([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]], index=list("abc"), columns=list("abc"))
    pairs = CP.ranked_pairs(sims)
    assert pairs.iloc[0][["a", "b"]].tolist() == ["a", "b"]
    assert pairs.iloc[-1][["a", "b"]].tolist() == ["a", "c"]
    linkage = CP.cluster_linkage(sims)
    assert set(linkage[0, :2].astype(int)) == {0, 1}  # a and b merge first
    assert linkage[0, 2] == pytest.approx(0.1)


def test_pair_contrast_shared_and_distinctive():
    tokens = pd.DataFrame({
        "doc_id": ["a"] * 6 + ["b"] * 6,
        "term": ["인공지능", "인공지능", "의료", "의료", "의료", "병원", "인공지능", "인공지능", "도시", "도시", "도시", "서울"],
    })
    table = CP.pair_contrast(tokens, "a", "b", n=3)
    assert table[table["kind"] == "shared"]["term"].tolist() == ["인공지능"]
    assert table[table["kind"] == "a"]["term"].iloc[0] == "의료"
    assert table[table["kind"] == "b"]["term"].iloc[0] == "도시"


def test_embedding_similarity_of_identical_documents_is_one():
    tokens = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c", "c"],
        "term": ["병원", "의료", "병원", "의료", "도시", "교통"],
        "tag": ["NNG"] * 6,
    })
    sims = CP.embedding_similarity(tokens, n_terms=5)
    assert sims.loc["a", "b"] == pytest.approx(1.0)
    assert sims.loc["a", "c"] < sims.loc["a", "b"]
    assert sims.attrs["coverage"] == {"a": 2, "b": 2, "c": 2}


def test_with_metadata_joins_columns():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "doc_type": ["press release", "news article"],
                           "publisher": ["과학기술정보통신부", "뉴스21"], "text": ["", ""]})
    tokens = pd.DataFrame({"doc_id": ["b", "a", "b"], "term": ["도시", "인공지능", "데이터"]})
    joined = CP.with_metadata(tokens, corpus, ["doc_type", "publisher"])
    assert joined.values.tolist() == [["b", "도시", "news article", "뉴스21"],
                                      ["a", "인공지능", "press release", "과학기술정보통신부"],
                                      ["b", "데이터", "news article", "뉴스21"]]


def test_similarity_agreement_ranks_the_pairs_of_both_views():
    groups = list("abcde")
    tfidf = pd.DataFrame(np.eye(5), index=groups, columns=groups)
    embedding = tfidf.copy()
    cells = [(row, column) for row in range(5) for column in range(row + 1, 5)]
    for value, (i, j) in enumerate(cells, start=1):
        tfidf.iloc[i, j] = tfidf.iloc[j, i] = value / 20
        embedding.iloc[i, j] = embedding.iloc[j, i] = 1 - value / 20  # the same pairs, in the reverse order
    pairs, rho = CP.similarity_agreement(tfidf, embedding)
    assert list(pairs.columns) == ["a", "b", "similarity_tfidf", "similarity_embedding"]
    assert len(pairs) == 10 and pairs["similarity_tfidf"].is_monotonic_decreasing
    assert rho == pytest.approx(-1.0)
    assert CP.similarity_agreement(tfidf, tfidf)[1] == pytest.approx(1.0)
    few, nan = CP.similarity_agreement(tfidf, embedding, min_pairs=11)
    assert len(few) == 10 and np.isnan(nan)


def test_keyness_by_three_document_types_keeps_each_types_own_sign():
    """With three types, each type's key terms are its own (one against the rest) and keep a positive G2; a
    two-sided chart is refused, where the old cell drew the middle type's terms under the last type's name with
    flipped signs."""
    from analysis.compare import signed_keyness
    from analysis.terms import keyness_table

    rows = []
    for doc_type, word in (("보도자료", "방역"), ("기사", "도시"), ("계획", "예산")):
        for k in range(3):
            rows += [(f"{doc_type}{k}", doc_type, w) for w in [word] * 20 + ["정책", "지원"] * 10]
    tokens = pd.DataFrame(rows, columns=["doc_id", "doc_type", "term"])
    keys = keyness_table(tokens, by="doc_type", n=5)
    top = keys.sort_values("g2", ascending=False).drop_duplicates("doc_type").set_index("doc_type")["term"]
    assert top.to_dict() == {"보도자료": "방역", "기사": "도시", "계획": "예산"}
    assert (keys["g2"] > 0).all()
    with pytest.raises(ValueError, match="two groups"):
        signed_keyness(keys, "doc_type")
    two = keyness_table(tokens[tokens["doc_type"] != "계획"], by="doc_type", n=5)
    assert list(dict.fromkeys(two["doc_type"])) == ["기사", "보도자료"]  # groups in sorted order: 기사 first
    signed = signed_keyness(two, "doc_type").set_index("term")["signed"]
    assert signed["도시"] > 0 > signed["방역"]
