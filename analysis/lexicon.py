"""The lexicon: user words, aliases, stopwords, one-syllable terms, the theme codebook and the entity
gazetteers, read from ``analysis/resources`` and a researcher's ``lexicon/`` folder.

Used by tokenizing (:mod:`analysis.tokens`), the themes, the entities and the explorer; it needs no Kiwi.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from analysis.paths import RESOURCES

CONTENT_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})
# the files a lexicon folder may hold, with the tab-separated fields of each line; the first four shape tokens
LEXICON_FILES = ("user_dictionary.tsv", "aliases.tsv", "stopwords.txt", "single_syllable_terms.txt")
GAZETTEER_FILES = ("organizations.tsv", "places.tsv", "person_titles.txt", "surnames.txt")
CODEBOOK_FILE = "theme_codebook.txt"
FIELDS = {"user_dictionary.tsv": ("word", "tag"), "aliases.tsv": ("variant", "canonical"), "stopwords.txt": ("word",),
          "single_syllable_terms.txt": ("word",), "organizations.tsv": ("name", "type", "canonical"),
          "places.tsv": ("name", "kind", "canonical"), "person_titles.txt": ("title",), "surnames.txt": ("surname",)}
# Kiwi's part-of-speech tags (kiwipiepy 0.24), so that a mistyped tag in a user dictionary is named with its line
KIWI_TAGS = frozenset(
    "NNG NNP NNB NR NP VV VA VX VCP VCN MM MAG MAJ IC JKS JKC JKG JKO JKB JKV JKQ JX JC EP EF EC ETN ETM XPN XSN XSV "
    "XSA XSM XR SF SP SS SSO SSC SE SO SW SL SH SN SB UN W_URL W_EMAIL W_HASHTAG W_MENTION W_SERIAL W_EMOJI "
    "USER0 USER1 USER2 USER3 USER4".split()
)


def data_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the non-comment lines of a lexicon file, with ``  # why`` comments stripped."""
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("  #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append((number, line))
    return lines


def read_records(path: Path) -> list[tuple[str, ...]]:
    """The records of a lexicon file (one of :data:`FIELDS`): one tuple of stripped fields per data line.

    Raises ``ValueError`` naming the file and line when a line does not have the file's fields (separated
    by a tab), or a user word's tag is not one of Kiwi's.

    Examples
    --------
    >>> read_records(RESOURCES / "aliases.tsv")[0]
    ('AI', '인공지능')
    """
    path = Path(path)
    fields = FIELDS[path.name]
    records = []
    for number, line in data_lines(path):
        parts = tuple(part.strip() for part in line.split("\t"))
        if len(parts) != len(fields) or not all(parts):
            shown = "<TAB>".join(fields)
            raise ValueError(f"{path}:{number}: expected {shown} (fields separated by one tab), got {line!r}")
        if path.name == "user_dictionary.tsv" and parts[1] not in KIWI_TAGS:
            raise ValueError(f"{path}:{number}: {parts[1]!r} is not a Kiwi tag (NNG for a common noun, NNP for a name)")
        records.append(parts)
    return records


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The lexicon: user words (word, tag), aliases (variant -> canonical), stopwords, one-syllable terms,
    and where they, the theme codebook and the entity lists come from.

    ``folder`` is the researcher's lexicon folder (None: the defaults of ``analysis/resources`` alone),
    ``files`` the names of the files read from it, ``codebook`` the theme codebook to use, ``sources`` the
    files read for each name (the default first, then the folder's). ``digest`` covers all of them;
    ``token_digest`` only the four files that shape tokens, so that a new codebook or gazetteer does not
    make every document be tokenized again.
    """

    user_words: tuple[tuple[str, str], ...]
    aliases: dict
    stopwords: frozenset
    single_syllable_terms: frozenset
    digest: str
    token_digest: str = ""
    folder: Path | None = None
    files: tuple[str, ...] = ()
    codebook: Path = RESOURCES / CODEBOOK_FILE
    sources: dict = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other) -> bool:
        return isinstance(other, Lexicon) and self.digest == other.digest and self.folder == other.folder

    def records(self, name: str) -> list[tuple[str, ...]]:
        """The records of one lexicon file, the defaults' first, then the folder's (see :func:`read_records`)."""
        return _records(self.sources, name)


def _records(sources: dict, name: str) -> list[tuple[str, ...]]:
    return [record for path in sources.get(name, ()) for record in read_records(path)]


def _resolved_aliases(aliases: dict) -> dict:
    """Aliases with chains followed to their end (a user's ``A.I. -> AI`` joins the default ``AI -> 인공지능``)."""
    resolved = {}
    for variant in aliases:
        seen, term = {variant}, aliases[variant]
        while term in aliases and term not in seen:
            seen.add(term)
            term = aliases[term]
        resolved[variant] = term
    return resolved


def load_lexicon(folder: str | Path | None = None) -> Lexicon:
    """The lexicon: the defaults of ``analysis/resources``, plus a researcher's lexicon folder.

    ``folder`` may hold any of the files of ``analysis/resources`` in the same formats: user words, aliases,
    stopwords, one-syllable terms, organizations, places, person titles and surnames are added to the
    defaults (an entry of the folder wins over a default one with the same key); a ``theme_codebook.txt``
    there replaces the default codebook. A malformed line raises ``ValueError`` naming the file and line.
    The ``digest`` changes with any file's content, and :func:`cache_key` with the token files'.

    Examples
    --------
    >>> lexicon = load_lexicon()
    >>> lexicon.folder is None, lexicon.aliases["과기정통부"], lexicon.codebook.name
    (True, '과학기술정보통신부', 'theme_codebook.txt')
    """
    extra = Path(folder) if folder is not None else None
    if extra is not None and extra.resolve() == RESOURCES.resolve():
        extra = None
    if extra is not None and not extra.is_dir():
        raise FileNotFoundError(f"{extra}: lexicon folder not found")
    names = (*LEXICON_FILES, *GAZETTEER_FILES, CODEBOOK_FILE)
    files = tuple(name for name in names if extra is not None and (extra / name).is_file())
    if extra is not None and not files:
        raise ValueError(f"{extra}: holds none of the lexicon files ({', '.join(names)})")
    sources = {name: (RESOURCES / name, *((extra / name,) if name in files else ())) for name in names}
    codebook = extra / CODEBOOK_FILE if CODEBOOK_FILE in files else RESOURCES / CODEBOOK_FILE
    sources[CODEBOOK_FILE] = (codebook,)
    digests = {}
    for group in ("token", "all"):
        digest = hashlib.sha256()
        for name in (LEXICON_FILES if group == "token" else names):
            for path in sources[name]:
                content = path.read_bytes()
                digest.update(f"{name}\x1f{len(content)}\x1f".encode() + content)
        digests[group] = digest.hexdigest()[:16]
    for name in GAZETTEER_FILES:  # read by analysis.entities; checked here, so a bad line shows at once
        if name in files:
            read_records(extra / name)
    user_words = dict(_records(sources, "user_dictionary.tsv"))  # the folder's tag wins, the first position stays
    return Lexicon(
        user_words=tuple(user_words.items()),
        aliases=_resolved_aliases(dict(_records(sources, "aliases.tsv"))),
        stopwords=frozenset(word for (word,) in _records(sources, "stopwords.txt")),
        single_syllable_terms=frozenset(word for (word,) in _records(sources, "single_syllable_terms.txt")),
        digest=digests["all"], token_digest=digests["token"], folder=extra, files=files, codebook=codebook,
        sources=sources,
    )


LEXICON_FOLDER = "lexicon"


def lexicon_folder(corpus_path: str | Path | None = None, lexicon_path: str | Path | None = None) -> Path | None:
    """The researcher's lexicon folder for a run, or None for the defaults alone.

    An explicit ``lexicon_path`` wins (``FileNotFoundError`` naming it when it is not a folder). Otherwise a
    folder named ``lexicon`` inside the corpus folder, or beside the corpus file or folder, is picked up.

    Examples
    --------
    >>> lexicon_folder() is None
    True
    >>> lexicon = load_lexicon(lexicon_folder("my_corpus/", "my_lexicon/"))  # doctest: +SKIP
    """
    if lexicon_path is not None:
        path = Path(lexicon_path)
        if not path.is_dir():
            raise FileNotFoundError(f"{path}: lexicon folder not found (give a folder holding user_dictionary.tsv, "
                                    f"aliases.tsv, stopwords.txt, {CODEBOOK_FILE} ...)")
        return path
    if corpus_path is None:
        return None
    corpus_path = Path(corpus_path)
    candidates = [corpus_path / LEXICON_FOLDER] if corpus_path.is_dir() else []
    candidates.append(corpus_path.parent / LEXICON_FOLDER)
    return next((path for path in candidates if path.is_dir()), None)



def canonical_term(form: str, tag: str, lexicon: Lexicon) -> str:
    """The canonical content term of a token, or ``""`` for function words, punctuation and stopwords.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> canonical_term("과기정통부", "NNP", lex), canonical_term("를", "JKO", lex)
    ('과학기술정보통신부', '')
    """
    if tag not in CONTENT_TAGS:
        return ""
    term = lexicon.aliases.get(form, form)
    if term in lexicon.stopwords or form in lexicon.stopwords or form.lower() in lexicon.stopwords:
        return ""
    if tag == "SL" and len(form) < 2:
        return ""
    if len(term) == 1 and "\uac00" <= term <= "\ud7a3" and term not in lexicon.single_syllable_terms:
        return ""
    return term


def canonical_query(query: str, lexicon: Lexicon) -> str:
    """The canonical term a researcher's search names: its alias resolved (``과기정통부`` ->
    ``과학기술정보통신부``); a word that is no content term by itself (a stopword, a lone syllable) is looked
    up as written. Used by :func:`analysis.kwic` and the explorer's concordance.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> canonical_query("과기정통부", lex), canonical_query("관련", lex)
    ('과학기술정보통신부', '관련')
    """
    return canonical_term(query, "NNP", lexicon) or lexicon.aliases.get(query, query)
