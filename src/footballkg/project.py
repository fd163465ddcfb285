"""Find the project a command works on, the way git finds its repository.

A project is a folder holding `data/`, `shapes/` and `ontology/` (and usually `queries/`).
Commands use the nearest such folder at or above the current directory, or the one
`--project DIR` names.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from footballkg.errors import InputError

REQUIRED_DIRS = ("data", "shapes", "ontology")

# File extensions read as RDF, and the syntax each one means.
RDF_EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
}


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def ontology_files(self) -> list[Path]:
        return rdf_files([self.ontology_dir])

    def data_files(self, paths: Sequence[Path] | None = None) -> list[Path]:
        """RDF files under `data/`, or under `paths` (files or folders) when given."""
        return rdf_files(paths if paths else [self.data_dir])

    def shape_files(self) -> list[Path]:
        return rdf_files([self.shapes_dir])


def is_project(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in REQUIRED_DIRS)


def find_project(start: Path | None = None, explicit: Path | None = None) -> Project:
    """The project named by `explicit`, else the nearest one at or above `start` (or cwd)."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not root.is_dir():
            raise InputError(f'project folder "{explicit}" does not exist.')
        if not is_project(root):
            missing = ", ".join(f"{n}/" for n in REQUIRED_DIRS if not (root / n).is_dir())
            raise InputError(
                f'"{explicit}" is not a footballkg project: it has no {missing}. '
                "A project folder holds data/, shapes/ and ontology/."
            )
        return Project(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return Project(folder)
    raise InputError(
        "no footballkg project here: no folder at or above "
        f"{here} holds data/, shapes/ and ontology/. "
        "Run the command inside a project or name one with --project DIR."
    )


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """RDF files named by `paths`: files as given, folders searched recursively, sorted.

    Hidden files and folders (names starting with ".") are skipped inside folders.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_files_under(path))
        elif path.is_file():
            syntax_of(path)  # fails early on a file that is not RDF
            found.append(path)
        else:
            raise InputError(f'"{path}" does not exist.')
    # The same file named twice (e.g. a folder and a file in it) is read once: its resolved
    # name, as text compared as the system compares names.
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.normcase(resolved(path)), path)
    return list(unique.values())


def _files_under(folder: Path) -> list[Path]:
    """The RDF files in `folder` and the folders inside it (not hidden ones, nor linked
    folders), sorted; one directory listing per folder, no call per file.

    Names are kept as text until sorted: making and comparing thousands of Paths costs a
    command more than the listing itself."""
    found: list[str] = []
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file() and os.path.splitext(entry.name)[1].lower() in RDF_EXTENSIONS:
                    found.append(entry.path)
    # In the order of Paths (compared folder by folder, as the system compares names).
    found.sort(key=lambda text: os.path.normcase(text).split(os.sep))
    return [Path(text) for text in found]


def syntax_of(path: Path) -> str:
    """The RDF syntax of `path`, from its extension; InputError if it has none we read."""
    try:
        return RDF_EXTENSIONS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{display_path(path)}: cannot tell its RDF syntax from the file name. "
            f"Use one of the extensions {', '.join(RDF_EXTENSIONS)}."
        ) from None


def display_path(path: Path) -> str:
    """`path` relative to the current directory when it is below it, else absolute."""
    return _display_path(os.getcwd(), path)


@functools.lru_cache(maxsize=65536)  # a report names each of thousands of files many times
def _display_path(cwd: str, path: Path) -> str:
    absolute = _resolved(cwd, str(path))
    try:
        return absolute.relative_to(_real_folder(cwd, ".")).as_posix()
    except ValueError:
        return str(absolute)


def resolved(path: Path) -> Path:
    """`path.resolve()`, each folder resolved once and each path once: a league's thousands
    of files lie in a few hundred folders, and resolving a path reads every folder above it
    (a command resolves each file's name several times)."""
    return _resolved(os.getcwd(), str(path))


@functools.lru_cache(maxsize=65536)  # by the name as text, quicker to look up than a Path
def _resolved(cwd: str, path: str) -> Path:
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return (Path(cwd) / path).resolve()
    return _real_folder(cwd, folder) / name


@functools.lru_cache(maxsize=4096)
def _real_folder(cwd: str, folder: str) -> Path:
    return (Path(cwd) / folder).resolve()
