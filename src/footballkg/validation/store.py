"""Load RDF files (or an rdflib graph) into an in-memory Oxigraph store.

Files are loaded by Oxigraph's own parsers, never through rdflib: at a million tenures
that is the difference between seconds and minutes. The literal check of the rdflib path
(`footballkg.rdf.lexical`) runs on the distinct typed literals only, which are few (a date
appears on many tenures). They are collected by a second parse of the files on the calling
thread while another thread loads the store: Oxigraph loads without holding Python's lock,
so the check uses the second core instead of a whole-store scan afterwards (7.7 s at a
million tenures).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from footballkg.errors import InputError
from footballkg.project import display_path
from footballkg.rdf.input_bounds import check_rdf_file
from footballkg.rdf.lexical import lexical_error
from footballkg.rdf.load import (
    LoadedGraph,
    Location,
    literal_lines,
    oxigraph_format,
    syntax_message,
)
from footballkg.rdf.terms import XSD_STRING
from footballkg.rdf.terms import from_oxigraph as from_ox
from footballkg.rdf.terms import to_oxigraph as to_ox
from footballkg.validation.progress import Progress
from footballkg.validation.results import ValidationResult
from footballkg.validation.terms import OxigraphStore

_XSD_STRING = ox.NamedNode(XSD_STRING)


@dataclass(frozen=True)
class IllTypedLiteral:
    """A literal whose lexical form does not fit its datatype, and where it is written."""

    literal: Literal
    problem: str  # from `footballkg.rdf.lexical`, e.g. '"2020-13-45" is not a valid xsd:date: ...'
    location: Location


@dataclass
class ValidationData:
    """The data to validate: the store, its ill-typed literals (kept, to be reported as
    results), and the literals as written for those the store keeps in canonical form
    (Oxigraph stores "600000.0"^^xsd:decimal as "600000")."""

    store: OxigraphStore
    ill_typed: list[IllTypedLiteral] = field(default_factory=list)
    as_written: dict[Literal, Literal] = field(default_factory=dict)


def load_store(files: Iterable[Path], progress: Progress | None = None) -> ox.Store:
    """Load `files` into one store (named graphs merged into the default graph).

    Raises InputError with file, line and column for a syntax error, and names the literals
    whose lexical form does not fit their datatype.
    """
    store, literals = _load_with_literals(list(files), progress)
    check_literals(literals)
    return store


def load_for_validation(files: Iterable[Path], progress: Progress | None = None) -> ValidationData:
    """Load `files` as `load_store` does, but keep the ill-typed literals: validation
    reports them (with file and line) among its results instead of stopping."""
    # rdflib logs a warning with a traceback for each ill-typed literal it is handed; they
    # are kept on purpose here and reported as results, so the log would only repeat them.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    store, literals = _load_with_literals(list(files), progress)
    ill_typed: list[IllTypedLiteral] = []
    lines: dict[Path, dict[tuple[str, str], int]] = {}
    for literal, path in literals.items():
        problem = lexical_error(literal.value, literal.datatype.value)
        if problem is None:
            continue
        if path not in lines:  # scanned only for files with an ill-typed literal
            lines[path] = literal_lines(path)
        line = lines[path].get((literal.value, literal.datatype.value), 1)
        ill_typed.append(IllTypedLiteral(from_ox(literal), problem, Location(path, line)))  # type: ignore[arg-type]
    return ValidationData(OxigraphStore(store), ill_typed, as_written(literals))


def as_written(literals: Iterable[ox.Literal]) -> dict[Literal, Literal]:
    """The store's canonical form of each of `literals` -> the literal as written, for those
    the store rewrites (the first one written wins when two spellings share a form)."""
    written = list(literals)
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:footballkg:written")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:footballkg:literal:{n}"), predicate, literal)
        for n, literal in enumerate(written)
    )
    found: dict[Literal, Literal] = {}
    for quad in scratch:
        original = written[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object != original:
            canonical: Literal = from_ox(quad.object)  # type: ignore[assignment]
            found.setdefault(canonical, from_ox(original))  # type: ignore[arg-type]
    return found


def _load_with_literals(
    paths: list[Path], progress: Progress | None
) -> tuple[ox.Store, dict[ox.Literal, Path]]:
    formats = [oxigraph_format(path) for path in paths]
    for path, syntax in zip(paths, formats, strict=True):
        # Before either parse below starts: a hostile file must never reach a parser.
        check_rdf_file(path, syntax, display_path(path))
    store = ox.Store()
    with ThreadPoolExecutor(max_workers=1) as loader:
        loading = loader.submit(_load, store, paths, formats, progress)
        literals = _typed_literals(paths, formats)
        loading.result()  # a syntax or read error, reported by the loader, comes first
    return store, literals


def _load(
    store: ox.Store, paths: list[Path], formats: list[ox.RdfFormat], progress: Progress | None
) -> None:
    for n, (path, syntax) in enumerate(zip(paths, formats, strict=True), 1):
        if progress:
            progress.update(f"loading {n}/{len(paths)} {display_path(path)}")
        shown = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"{shown}: cannot read the file ({error.strerror}).") from None
        data = data.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some editors write
        try:
            # Store.load, not bulk_load: into an in-memory store it is about twice as fast.
            store.load(data, format=syntax, to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            raise InputError(syntax_message(shown, error)) from None


def _typed_literals(paths: list[Path], formats: list[ox.RdfFormat]) -> dict[ox.Literal, Path]:
    """The distinct literals of `paths` with a datatype other than xsd:string, each with
    the first file it occurs in."""
    found: dict[ox.Literal, Path] = {}
    for path, syntax in zip(paths, formats, strict=True):
        try:
            data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
            for quad in ox.parse(data, format=syntax):
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


def pin_literal_lines(
    data: LoadedGraph, results: Iterable[ValidationResult], ill_typed: Iterable[IllTypedLiteral]
) -> None:
    """Make each result about an ill-typed literal point at the line the literal is on."""
    where: dict[Node, Location] = {bad.literal: bad.location for bad in ill_typed}
    for result in results:
        place = where.get(result.value) if result.value is not None else None
        if place is not None and isinstance(result.path, URIRef):
            data.statement_locations[(result.focus_node, result.path)] = place
