"""Which files of a corpus folder are read: hidden files and the researcher's ``lexicon/`` folder left out,
symbolic links that lead out of the folder refused (never read, not even to sniff them)."""

from __future__ import annotations

from pathlib import Path

from analysis.importers.table import SUFFIXES as TABLE_SUFFIXES
from analysis.lexicon import LEXICON_FOLDER


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, lies inside ``folder`` (also resolved)."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


def walk(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, leaving out hidden files and folders (``.cache``, ``.git``) and the
    top-level ``lexicon/`` folder, which holds the researcher's lexicon
    (see :func:`analysis.lexicon.lexicon_folder`)."""
    files = []
    for p in folder.rglob("*"):
        parts = p.relative_to(folder).parts
        if ((p.is_file() or p.is_symlink()) and not any(part.startswith(".") for part in parts)
                and not (len(parts) > 1 and parts[0] == LEXICON_FOLDER)):
            files.append(p)
    return sorted(files)


def input_files(path: Path) -> list[Path]:
    """The files an import of ``path`` looks at: the listing :func:`walk` gives the readers."""
    return walk(path) if path.is_dir() else [path]


def table_files(folder: Path, suffixes=TABLE_SUFFIXES) -> tuple[list[Path], list[Path]]:
    """The table files directly in ``folder``, and those refused: symbolic links that lead out of the folder
    (never read, not even to sniff their columns) or to nothing."""
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes and (p.is_file() or p.is_symlink()))
    kept = [p for p in found if inside(folder, p) and p.is_file()]
    return kept, [p for p in found if p not in kept]


def link_reason(root: Path, file: Path) -> str:
    label = file.relative_to(root).as_posix()
    if not inside(root, file):
        return (f"{label}: a symbolic link to {file.resolve()}, outside the corpus folder {root}; refused (copy the "
                "files into the folder if they belong to the corpus)")
    return f"{label}: a broken symbolic link or not a regular file"
