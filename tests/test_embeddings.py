"""Kiwi's word embeddings, shared by the codebook suggestions and the embedding similarity."""

from analysis.embeddings import embedding_kiwi, known_noun


def test_known_noun_finds_a_noun_of_the_model_and_refuses_what_it_lacks():
    kiwi = embedding_kiwi()
    assert known_noun(kiwi, "정책") == ("정책", "NNG")
    assert known_noun(kiwi, "구글") == ("구글", "NNP")  # a name: the model has it as a proper noun only
    assert known_noun(kiwi, "쀏쀏쀏") is None
    assert kiwi.morpheme_similarity(("정책", "NNG"), ("정책", "NNG")) > 0.99
