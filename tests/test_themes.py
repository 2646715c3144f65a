"""Themes: the codebook format, scores with their evidence, and the data-driven checks."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import themes as TH

CODEBOOK = """# a small codebook
*health	Health
의료 | 병원 | AI
re:의료\\s?(영상|데이터)
*city	City
도시 | smart
"""


@pytest.fixture
def codebook(tmp_path):
    path = tmp_path / "codebook.txt"
    path.write_text(CODEBOOK, encoding="utf-8")
    return TH.load_codebook(path)


def two_docs():
    return pd.DataFrame({
        "doc_id": ["a", "b"],
        "text": ["병원은 의료 영상을 분석한다. 도시는 조용하다.", "도시 정책과 smart 도시를 논의한다."],
    })


def test_codebook_format(codebook):
    assert set(codebook["theme"]) == {"health", "city"}
    rows = codebook.set_index("keyword")
    assert rows.loc["의료\\s?(영상|데이터)", "kind"] == "pattern"  # a pattern line keeps its '|'
    assert rows.loc["AI", "match"] == "인공지능"  # keywords go through the alias map
    assert rows.loc["smart", "match"] == "smart"


def test_codebook_errors_name_the_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("의료 | 병원\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1: keywords before"):
        TH.load_codebook(bad)
    bad.write_text("*t\tT\nre:(unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:2: bad pattern"):
        TH.load_codebook(bad)



def test_codebook_of_a_lexicon_folder_replaces_the_default_and_a_path_wins(tmp_path, tmp_cache):
    from analysis.lexicon import load_lexicon

    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "theme_codebook.txt").write_text("*leave\tParental leave\n육아휴직 | 육아기 | DPG\n", encoding="utf-8")
    (folder / "aliases.tsv").write_text("DPG\t디지털플랫폼정부\n", encoding="utf-8")
    (folder / "user_dictionary.tsv").write_text("육아휴직\tNNG  # Kiwi reads 육아 + 휴직\n", encoding="utf-8")
    lexicon = load_lexicon(folder)
    codebook = TH.load_codebook(lexicon=lexicon)
    assert codebook["theme"].unique().tolist() == ["leave"]
    assert codebook.set_index("keyword").loc["DPG", "match"] == "디지털플랫폼정부"  # the folder's alias applies
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["육아휴직 급여를 올린다. 도시는 조용하다."]})
    scores = TH.theme_scores(corpus, analysis.tokenize(corpus, lexicon=lexicon), codebook)
    assert scores.set_index("theme").loc["leave", "hits"] == 1
    path = tmp_path / "codebook.txt"
    path.write_text(CODEBOOK, encoding="utf-8")
    assert set(TH.load_codebook(path, lexicon=lexicon)["theme"]) == {"health", "city"}  # an explicit path wins
    with pytest.raises(ValueError, match="no theme codebook"):  # the defaults hold none
        TH.load_codebook()


def test_a_codebook_without_themes_is_named(tmp_path):
    empty = tmp_path / "theme_codebook.txt"
    empty.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(ValueError, match="theme_codebook.txt: no theme with keywords"):
        TH.load_codebook(empty)

def test_hits_and_evidence_sentence(codebook, tmp_cache):
    corpus = two_docs()
    tokens = analysis.tokenize(corpus)
    hits = TH.theme_hits(corpus, tokens, codebook)
    doc_a = hits[hits["doc_id"] == "a"]
    assert sorted(doc_a[doc_a["theme"] == "health"]["keyword"]) == ["병원", "의료"]  # pattern overlaps 의료: not again
    evidence = TH.theme_evidence(corpus, tokens, "a", "health", hits=hits, codebook=codebook)
    assert evidence["sentence"].tolist() == ["병원은 의료 영상을 분석한다."]
    assert evidence["keywords"].tolist() == ["병원, 의료"]
    city = TH.theme_evidence(corpus, tokens, "a", "city", hits=hits, codebook=codebook)
    assert city["sentence"].tolist() == ["도시는 조용하다."]


def test_pattern_counts_where_no_term_matched(tmp_path, tmp_cache):
    path = tmp_path / "c.txt"
    path.write_text("*health\tHealth\nre:의료\\s?영상\n", encoding="utf-8")
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["의료영상 판독을 지원한다."]})
    hits = TH.theme_hits(corpus, analysis.tokenize(corpus), TH.load_codebook(path))
    assert hits[["keyword", "kind", "start", "end"]].values.tolist() == [["의료\\s?영상", "pattern", 0, 4]]


def test_scores_share_and_evidence(codebook, tmp_cache):
    corpus = two_docs()
    tokens = analysis.tokenize(corpus)
    scores = TH.theme_scores(corpus, tokens, codebook).set_index(["doc_id", "theme"])
    assert scores.loc[("a", "health"), "hits"] == 2 and scores.loc[("a", "city"), "hits"] == 1
    assert scores.loc[("a", "health"), "share"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores.loc[("b", "health"), "hits"] == 0 and scores.loc[("b", "health"), "evidence"] == ()
    assert scores.groupby(level="doc_id")["share"].sum().round(6).tolist() == [1.0, 1.0]
    per_sentence = TH.theme_scores(corpus, tokens, codebook, level="sentence")
    assert set(per_sentence.columns) >= {"doc_id", "sent_id", "theme", "hits", "share"}
    with pytest.raises(ValueError):
        TH.theme_scores(corpus, tokens, codebook, level="paragraph")


def test_seed_codebook_covers_the_required_themes(seed_lexicon):
    themes = set(TH.load_codebook(lexicon=seed_lexicon)["theme"])
    assert {"health_medical_ai", "pandemic_response", "regional_ai_diffusion", "data_cloud_infrastructure",
            "international_cooperation", "social_inclusion", "smart_city_urban_data",
            "public_private_support"} <= themes


def test_seed_codebook_keywords_can_match(tmp_cache, seed_lexicon):
    # a term keyword Kiwi splits into several terms could never match: it must be a pattern instead
    codebook = TH.load_codebook(lexicon=seed_lexicon)
    words = codebook[(codebook["kind"] == "term") & codebook["keyword"].str.contains("[가-힣]")]
    corpus = pd.DataFrame({"doc_id": words["keyword"].values, "text": words["keyword"].values})
    tokens = analysis.tokenize(corpus, lexicon=seed_lexicon)
    terms = tokens[tokens["term"] != ""].groupby("doc_id")["term"].agg(list)
    unmatched = [k for k, m in zip(words["keyword"], words["match"], strict=True) if m not in terms.get(k, [])]
    assert unmatched == []


def test_codebook_suggestions_put_uncoded_nouns_beside_the_theme_they_resemble(tmp_path):
    """A codebook of health (의료, 병원) and city (도시, 교통), a corpus whose uncoded nouns are 환자, 의사 and
    지하철: Kiwi's embeddings put patient and doctor beside health and the subway beside city; the coded words
    themselves are never suggested."""
    (tmp_path / "theme_codebook.txt").write_text("*health\tHealth\n의료 | 병원\n*city\tCity\n도시 | 교통\n",
                                                 encoding="utf-8")
    codebook = TH.load_codebook(lexicon=analysis.load_lexicon(tmp_path))
    words = ["환자", "의사", "지하철", "의료", "도시"] * 3
    tokens = pd.DataFrame({"doc_id": "d", "sent_id": range(len(words)), "term": words, "form": words, "tag": "NNG"})
    suggestions = TH.codebook_suggestions(codebook, tokens, top_n=2)
    assert dict(zip(suggestions["suggestion"], suggestions["theme"], strict=True)) == {
        "환자": "health", "의사": "health", "지하철": "city"}
    assert suggestions.set_index("suggestion")["closest_keyword"].to_dict() == {"환자": "의료", "의사": "의료",
                                                                               "지하철": "교통"}


def notebook_cell(name: str, marker: str) -> str:
    """The source of the one code cell of notebook ``name`` that holds ``marker``."""
    import json

    from analysis.paths import NOTEBOOKS

    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    found = ["".join(c["source"]) for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(found) == 1, f"{name}: {len(found)} cells hold {marker!r}"
    return found[0]


def test_notebook_04_theme_cell_runs_on_a_corpus_without_a_codebook(tmp_cache, capsys):
    from analysis.compare import with_metadata
    from analysis.labels import label

    corpus = pd.DataFrame({"doc_id": ["a", "b"], "doc_type": ["press release", "news"],
                           "text": ["의료 데이터를 지원한다.", "도시 데이터 정책을 논의한다."]})
    lexicon = analysis.load_lexicon()  # the defaults: no codebook
    namespace = {"corpus": corpus, "tokens": analysis.tokenize(corpus, lexicon=lexicon), "lexicon": lexicon,
                 "load_codebook": TH.load_codebook, "theme_scores": TH.theme_scores, "theme_hits": TH.theme_hits,
                 "with_metadata": with_metadata, "label": label}
    exec(notebook_cell("04-document-comparison.ipynb", "theme_by_type ="), namespace)
    assert namespace["theme_by_type"] is None
    assert "no theme codebook for this corpus" in capsys.readouterr().out


def test_theme_hits_over_time_follow_the_corpus_time_rule():
    """120 documents, ten a month in 2023, and one from 1990 far from the rest: counted by month over 2023 (the
    1990 document is outside the span), every month with a share; a corpus without dates has no time view."""
    dates = [pd.Timestamp(2023, month, day) for month in range(1, 13) for day in range(1, 21, 2)]
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(121)], "publisher": "P",
                           "published": [*dates, pd.Timestamp("1990-05-01")]})
    scores = pd.DataFrame({"doc_id": corpus["doc_id"], "theme": "t1", "hits": [2] * 120 + [5]})
    found = TH.theme_hits_over_time(scores, corpus)
    assert found["resolution"] == "month" and len(found["hits"]) == 12
    assert found["hits"]["t1"].tolist() == [20] * 12  # the 1990 document's 5 hits lie outside the span
    assert found["documents"].tolist() == [10] * 12 and found["shares"]["t1"].tolist() == [1.0] * 12
    assert TH.theme_hits_over_time(scores, corpus.assign(published=pd.NaT)) is None
