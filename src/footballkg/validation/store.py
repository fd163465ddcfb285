"""Load RDF files (or an rdflib graph) into an in-memory Oxigraph store.

Files are loaded by Oxigraph's own parsers, never through rdflib: at a million tenures
that is the difference between seconds and minutes. The literal check of the rdflib path
(`footballkg.rdf.lexical`) runs on the distinct typed literals only, which are few (a date
appears on many tenures), read from the loaded store by one query. Oxigraph keeps an
ill-typed literal as written, so the check sees what the file says; the files are parsed
again in Python (a cost of its own at scale) only to find where an ill-typed literal is
written, or the spelling of a literal the store rewrote when a result shows one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from footballkg.errors import InputError
from footballkg.progress import Progress
from footballkg.project import display_path
from footballkg.rdf.input_bounds import check_rdf_file
from footballkg.rdf.lexical import lexical_error
from footballkg.rdf.load import (
    LoadedGraph,
    Location,
    literal_lines,
    oxigraph_format,
    read_rdf_file,
    syntax_message,
)
from footballkg.rdf.terms import XSD_STRING
from footballkg.rdf.terms import from_oxigraph as from_ox
from footballkg.rdf.terms import to_oxigraph as to_ox
from footballkg.validation.results import ValidationResult
from footballkg.validation.survey import Survey
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
    as_written: Mapping[Literal, Literal] = field(default_factory=dict)
    # The predicates and classes the data uses, when known without asking the store.
    used: UsedTerms | None = None


@dataclass(frozen=True)
class UsedTerms:
    """The distinct predicates of a store's statements and the objects of its rdf:type."""

    predicates: frozenset[URIRef]
    classes: frozenset[URIRef]


def load_store(files: Iterable[Path], progress: Progress | None = None) -> ox.Store:
    """Load `files` into one store (named graphs merged into the default graph).

    Raises InputError with file, line and column for a syntax error, and names the literals
    whose lexical form does not fit their datatype.
    """
    paths = list(files)
    formats = _checked_formats(paths)
    store = ox.Store()
    _load(store, paths, formats, progress)
    check_literals(_first_files(paths, formats, _ill_typed_in_store(store)))
    return store


def load_for_validation(files: Iterable[Path], progress: Progress | None = None) -> ValidationData:
    """Load `files` as `load_store` does, but keep the ill-typed literals: validation
    reports them (with file and line) among its results instead of stopping.

    While the store loads, a process of its own lists the typed literals, predicates and
    classes the files hold (`footballkg.validation.survey`), so that the checks on them need
    not read the whole store again; without one, the store is asked.
    """
    # rdflib logs a warning with a traceback for each ill-typed literal it is handed; they
    # are kept on purpose here and reported as results, so the log would only repeat them.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    paths = list(files)
    formats = _checked_formats(paths)
    store = ox.Store()
    survey = Survey.start(paths, formats)
    try:
        _load(store, paths, formats, progress)
        found = survey.result() if survey is not None else None
    finally:
        if survey is not None:
            survey.stop()
    if found is None:
        first_files = _first_files(paths, formats, _ill_typed_in_store(store))
        return _validation_data(store, first_files, WrittenLiterals(paths, formats), None)
    written = [ox.Literal(value, datatype=ox.NamedNode(iri)) for value, iri, _ in found.literals]
    stored = stored_forms(written)
    first_files = {}
    for literal, (_, _, n) in zip(stored, found.literals, strict=True):
        # A literal the store rewrites is one it could read, so its stored form fits; one it
        # could not read is stored as written (so two spellings never share an ill-typed form).
        if literal not in first_files and lexical_error(literal.value, literal.datatype.value):
            first_files[literal] = paths[n]
    rewritten = _rewritten(written, stored)
    used = UsedTerms(
        frozenset(URIRef(p) for p in found.predicates), frozenset(URIRef(c) for c in found.classes)
    )
    return _validation_data(store, first_files, rewritten, used)


def _validation_data(
    store: ox.Store,
    first_files: dict[ox.Literal, Path],
    written: Mapping[Literal, Literal],
    used: UsedTerms | None,
) -> ValidationData:
    """The loaded data, with each ill-typed literal (and the file it is first written in)
    located at its line."""
    ill_typed: list[IllTypedLiteral] = []
    lines: dict[Path, dict[tuple[str, str], int]] = {}
    for literal, path in first_files.items():
        problem = lexical_error(literal.value, literal.datatype.value)
        assert problem is not None  # only ill-typed literals are looked for
        if path not in lines:  # scanned only for files with an ill-typed literal
            lines[path] = literal_lines(path)
        line = lines[path].get((literal.value, literal.datatype.value), 1)
        ill_typed.append(IllTypedLiteral(from_ox(literal), problem, Location(path, line)))  # type: ignore[arg-type]
    return ValidationData(OxigraphStore(store), ill_typed, written, used)


class WrittenLiterals(Mapping[Literal, Literal]):
    """The store's canonical form of a literal -> the literal as written, for the literals
    the store rewrites (the first one written wins when two spellings share a form).

    The files are parsed again for it only when a literal that may have been rewritten is
    looked up: a report that shows no number, boolean, time or duration never pays for it.
    """

    def __init__(self, paths: list[Path], formats: list[ox.RdfFormat]) -> None:
        self._paths = paths
        self._formats = formats
        self._table: dict[Literal, Literal] | None = None

    def _written(self) -> dict[Literal, Literal]:
        if self._table is None:
            self._table = as_written(_typed_literals(self._paths, self._formats))
        return self._table

    def __getitem__(self, literal: Literal) -> Literal:
        if not may_be_rewritten(literal):
            raise KeyError(literal)
        return self._written()[literal]

    def __iter__(self) -> Iterator[Literal]:
        return iter(self._written())

    def __len__(self) -> int:
        return len(self._written())


# Datatypes whose value has a single spelling when it carries no time zone: Oxigraph stores
# such a literal exactly as written. Every other XSD datatype may be rewritten ("+5" as "5",
# "1.50" as "1.5", "P1Y12M" as "P2Y", "+00:00" as "Z").
_ONE_SPELLING_WITHOUT_ZONE = frozenset(
    str(XSD[name]) for name in ("date", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay")
)
_KEPT_AS_WRITTEN = frozenset(str(XSD[name]) for name in ("string", "anyURI"))


def may_be_rewritten(term: object) -> bool:
    """Whether the store may keep `term`, a literal, in another spelling than the file's."""
    if not isinstance(term, Literal) or term.datatype is None or term.language is not None:
        return False
    datatype = str(term.datatype)
    if not datatype.startswith(str(XSD)) or datatype in _KEPT_AS_WRITTEN:
        return False
    if datatype in _ONE_SPELLING_WITHOUT_ZONE:
        lexical = str(term)
        return lexical.endswith("Z") or (lexical[-6:-5] in ("+", "-") and lexical[-3:-2] == ":")
    return True


def as_written(literals: Iterable[ox.Literal]) -> dict[Literal, Literal]:
    """The store's canonical form of each of `literals` -> the literal as written, for those
    the store rewrites (the first one written wins when two spellings share a form)."""
    written = list(literals)
    return _rewritten(written, stored_forms(written))


def stored_forms(literals: list[ox.Literal]) -> list[ox.Literal]:
    """Each of `literals` as a store keeps it (in canonical form when it could read it)."""
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:footballkg:written")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:footballkg:literal:{n}"), predicate, literal)
        for n, literal in enumerate(literals)
    )
    stored = list(literals)
    for quad in scratch:
        stored[int(quad.subject.value.rsplit(":", 1)[1])] = quad.object
    return stored


def _rewritten(written: list[ox.Literal], stored: list[ox.Literal]) -> dict[Literal, Literal]:
    found: dict[Literal, Literal] = {}
    for original, kept in zip(written, stored, strict=True):
        if kept != original:
            canonical: Literal = from_ox(kept)  # type: ignore[assignment]
            found.setdefault(canonical, from_ox(original))  # type: ignore[arg-type]
    return found


def _checked_formats(paths: list[Path]) -> list[ox.RdfFormat]:
    formats = [oxigraph_format(path) for path in paths]
    for path, syntax in zip(paths, formats, strict=True):
        # Before any parse: a hostile file must never reach a parser.
        check_rdf_file(path, syntax, display_path(path))
    return formats


def _load(
    store: ox.Store, paths: list[Path], formats: list[ox.RdfFormat], progress: Progress | None
) -> None:
    for n, (path, syntax) in enumerate(zip(paths, formats, strict=True), 1):
        if progress:
            progress.update(f"loading {n}/{len(paths)} {display_path(path)}")
        shown = display_path(path)
        data = read_rdf_file(path)
        try:
            # Store.load, not bulk_load: into an in-memory store it is about twice as fast.
            store.load(data, format=syntax, to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            raise InputError(syntax_message(shown, error)) from None


_TYPED_LITERALS = f"""
SELECT DISTINCT ?o WHERE {{ ?s ?p ?o
    FILTER(isLiteral(?o) && LANG(?o) = "" && DATATYPE(?o) != <{XSD_STRING}>) }}
"""


def _ill_typed_in_store(store: ox.Store) -> set[ox.Literal]:
    """The distinct literals of `store` whose lexical form does not fit their datatype.

    A literal Oxigraph rewrites is one it could read, so its canonical form fits too; one it
    could not read is kept as written."""
    answer = store.query(_TYPED_LITERALS)
    assert isinstance(answer, ox.QuerySolutions)
    found = set()
    for (literal,) in answer:
        assert isinstance(literal, ox.Literal)
        if lexical_error(literal.value, literal.datatype.value) is not None:
            found.add(literal)
    return found


def _first_files(
    paths: list[Path], formats: list[ox.RdfFormat], wanted: set[ox.Literal]
) -> dict[ox.Literal, Path]:
    """Each of `wanted` -> the first of `paths` it is written in (a parse of the files
    until all are found: nothing to do when the data has no ill-typed literal)."""
    found: dict[ox.Literal, Path] = {}
    for path, syntax in zip(paths, formats, strict=True):
        if len(found) == len(wanted):
            break
        data = read_rdf_file(path)
        for quad in ox.parse(data, format=syntax):
            term = quad.object
            if term in wanted and term not in found:
                found[term] = path
    return found


def _typed_literals(paths: list[Path], formats: list[ox.RdfFormat]) -> dict[ox.Literal, Path]:
    """The distinct literals of `paths` with a datatype other than xsd:string, each with
    the first file it occurs in."""
    found: dict[ox.Literal, Path] = {}
    for path, syntax in zip(paths, formats, strict=True):
        data = read_rdf_file(path)
        for quad in ox.parse(data, format=syntax):
            term = quad.object
            if type(term) is ox.Literal and term.language is None and term not in found:
                found[term] = path
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
