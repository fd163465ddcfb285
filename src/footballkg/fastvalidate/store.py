"""Load RDF files (or an rdflib graph) into an in-memory Oxigraph store.

Files are loaded by Oxigraph's own parsers, never through rdflib: at a million tenures
that is the difference between seconds and minutes. The literal check of the rdflib path
(`footballkg.lexical`) runs on the distinct typed literals only, which are few (a date
appears on many tenures). They are collected by a second parse of the files on the calling
thread while another thread loads the store: Oxigraph loads without holding Python's lock,
so the check uses the second core instead of a whole-store scan afterwards (7.7 s at a
million tenures).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from footballkg.errors import InputError
from footballkg.fastvalidate.progress import Progress
from footballkg.input_bounds import check_rdf_file
from footballkg.lexical import lexical_error
from footballkg.load import oxigraph_format
from footballkg.project import display_path
from footballkg.terms import XSD_STRING
from footballkg.terms import to_oxigraph as to_ox

_XSD_STRING = ox.NamedNode(XSD_STRING)


def load_store(files: Iterable[Path], progress: Progress | None = None) -> ox.Store:
    """Load `files` into one store (named graphs merged into the default graph).

    Raises InputError with file, line and column for a syntax error, and names the literals
    whose lexical form does not fit their datatype.
    """
    paths = list(files)
    formats = [oxigraph_format(path) for path in paths]
    for path, syntax in zip(paths, formats, strict=True):
        # Before either parse below starts: a hostile file must never reach a parser.
        check_rdf_file(path, syntax, display_path(path))
    store = ox.Store()
    with ThreadPoolExecutor(max_workers=1) as loader:
        loading = loader.submit(_load, store, paths, formats, progress)
        literals = _typed_literals(paths, formats)
        loading.result()  # a syntax or read error, reported by the loader, comes first
    check_literals(literals)
    return store


def _load(
    store: ox.Store, paths: list[Path], formats: list[ox.RdfFormat], progress: Progress | None
) -> None:
    for n, (path, syntax) in enumerate(zip(paths, formats, strict=True), 1):
        if progress:
            progress.update(f"loading {n}/{len(paths)} {display_path(path)}")
        try:
            # Store.load, not bulk_load: into an in-memory store it is about twice as fast.
            store.load(path=str(path), format=syntax, to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            where = f":{error.lineno}" if error.lineno else ""
            raise InputError(f"{display_path(path)}{where}: {error.msg}") from None
        except OSError as error:
            raise InputError(f"{display_path(path)}: cannot read the file ({error}).") from None


def _typed_literals(paths: list[Path], formats: list[ox.RdfFormat]) -> dict[ox.Literal, Path]:
    """The distinct literals of `paths` with a datatype other than xsd:string, each with
    the first file it occurs in."""
    found: dict[ox.Literal, Path] = {}
    for path, syntax in zip(paths, formats, strict=True):
        try:
            for quad in ox.parse(path=str(path), format=syntax):
                term = quad.object
                if type(term) is ox.Literal and term.language is None and term not in found:
                    found[term] = path
        except (SyntaxError, OSError):
            break  # the loader reports it, with the file and line
    return {literal: path for literal, path in found.items() if literal.datatype != _XSD_STRING}


def check_literals(literals: dict[ox.Literal, Path]) -> None:
    problems = []
    for literal, path in literals.items():
        problem = lexical_error(literal.value, literal.datatype.value)
        if problem is not None:
            problems.append(f"{display_path(path)}: {problem}")
    if problems:
        shown = "\n  ".join(sorted(problems)[:20])
        raise InputError(f"{len(problems)} literals do not fit their datatype:\n  {shown}")


def store_from_graph(graph: Graph) -> ox.Store:
    """An Oxigraph copy of an rdflib graph; blank nodes keep their identifiers."""
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
    return store
