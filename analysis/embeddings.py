"""Kiwi's built-in word embeddings (the CoNg model of kiwipiepy), shared by the codebook suggestions
(:mod:`analysis.themes`) and the embedding similarity of documents (:mod:`analysis.compare`)."""

from __future__ import annotations


def embedding_kiwi():
    """A Kiwi without the project's user words: they have no embeddings and would make forms ambiguous.

    A new one per call, freed when the caller is done (``del`` it, then
    :func:`analysis.tokens.return_kiwi_memory`, or Kiwi's allocator keeps its pages): the model takes about
    0.3 GB, and the one or two calls per notebook do not justify keeping a second Kiwi beside the tokenizer's
    for the whole run.
    """
    import kiwipiepy

    return kiwipiepy.Kiwi(num_workers=1)


def known_noun(kiwi, form: str) -> tuple[str, str] | None:
    """(form, tag) of a noun the embedding model knows, or None."""
    for tag in ("NNG", "NNP"):
        try:
            kiwi.morpheme_similarity((form, tag), (form, tag))
        except (ValueError, KeyError, RuntimeError):
            continue
        return (form, tag)
    return None
