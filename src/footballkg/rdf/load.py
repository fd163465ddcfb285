"""Read the project's RDF files into one rdflib graph: the single loading path of every command.

Files are parsed with Oxigraph's parsers, which report the line and column of a syntax error
and keep every literal's lexical form exactly as written (rdflib's own parser would turn
`"01"^^xsd:integer` into `"1"` and `"1"^^xsd:boolean` into `"true"`). Every typed literal is then
checked against its datatype (`lexical.py`). The tokenizer of `rdf/locate.py` records the file
and line where each subject is first described, so reports can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from footballkg.errors import InputError
from footballkg.project import Project, display_path, syntax_of
from footballkg.rdf.input_bounds import check_rdf_bytes
from footballkg.rdf.lexical import lexical_error
from footballkg.rdf.locate import SCANNABLE, Scan, scan_text
from footballkg.rdf.locate import Location as Location  # where reports point: re-exported
from footballkg.rdf.namespaces import ALL_PREFIXES
from footballkg.rdf.terms import XSD_STRING

_OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def oxigraph_format(path: Path) -> ox.RdfFormat:
    """Oxigraph's parser format for `path`, from its extension; InputError if none fits."""
    return _OX_FORMATS[syntax_of(path)]


# Extra advice for Oxigraph error messages users meet most often.
_HINTS = {
    "has not been declared": "Declare it with @prefix or fix the name.",
    "No scheme found in an absolute IRI": (
        "Write a full IRI (https://...) or a prefixed name; relative IRIs are not resolved."
    ),
}

_MAX_LITERAL_PROBLEMS = 20


@dataclass
class LoadedGraph:
    graph: Graph
    files: list[Path] = field(default_factory=list)
    locations: dict[Node, Location] = field(default_factory=dict)
    # (subject, predicate) -> where the subject's first value for the predicate is written
    statement_locations: dict[tuple[Node, Node], Location] = field(default_factory=dict)

    def location(self, node: Node, predicate: Node | None = None) -> Location | None:
        """Where `node` is first described as a subject, if known.

        With `predicate`, the line where that node's `predicate` is written, when known.
        """
        if predicate is not None:
            where = self.statement_locations.get((node, predicate))
            if where is not None:
                return where
        return self.locations.get(node)


def new_graph(store: str = "default") -> Graph:
    """An empty graph with exactly the project's prefixes bound.

    `store` "SimpleMemory" gives rdflib's simplest store (no named graphs), several times
    faster to look things up in: the validator reads the shapes thousands of times.
    """
    graph = Graph(store=store, bind_namespaces="none")
    for prefix, namespace in ALL_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def load_project(project: Project, paths: Sequence[Path] | None = None) -> LoadedGraph:
    """The ontology plus the data (everything under data/, or the RDF files under `paths`)."""
    return load_graph([*project.ontology_files(), *project.data_files(paths)])


def load_graph(
    files: Iterable[Path], *, keep_ill_typed: bool = False, store: str = "default"
) -> LoadedGraph:
    """Parse `files` into one graph (named graphs are merged into it).

    Raises InputError naming file, line and column for a syntax error, and file and line
    for every literal whose lexical form does not fit its datatype, unless `keep_ill_typed`
    (shapes may name such a literal as a target, to be reported by validation).
    """
    loaded = LoadedGraph(graph=new_graph(store))
    problems: list[str] = []
    for path in files:
        loaded.files.append(path)
        _load_file(path, loaded, None if keep_ill_typed else problems)
    if problems:
        if len(problems) == 1:
            raise InputError(problems[0])
        shown = problems[:_MAX_LITERAL_PROBLEMS]
        more = len(problems) - len(shown)
        lines = [f"{len(problems)} literals do not fit their datatype:", *shown]
        if more:
            lines.append(f"... and {more} more")
        raise InputError("\n  ".join(lines))
    return loaded


def read_rdf_file(path: Path) -> bytes:
    """The bytes of an RDF file, without the byte order mark some editors write;
    InputError naming the file when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"{display_path(path)}: cannot read the file ({error.strerror})."
        ) from None
    return data.removeprefix(b"\xef\xbb\xbf")


def _load_file(path: Path, loaded: LoadedGraph, problems: list[str] | None) -> None:
    syntax = syntax_of(path)
    shown = display_path(path)
    data = read_rdf_file(path)
    check_rdf_bytes(data, _OX_FORMATS[syntax], shown)
    try:
        quads = list(ox.parse(data, _OX_FORMATS[syntax], rename_blank_nodes=True))
    except SyntaxError as error:
        raise InputError(syntax_message(shown, error)) from None

    scan = scan_text(data.decode("utf-8", errors="replace")) if syntax in SCANNABLE else Scan()
    for subject, subject_line in scan.subjects.items():
        loaded.locations.setdefault(subject, Location(path, subject_line))
    for statement, statement_line in scan.statements.items():
        loaded.statement_locations.setdefault(statement, Location(path, statement_line))

    graph = loaded.graph
    for quad in quads:
        obj = quad.object
        if problems is not None and isinstance(obj, ox.Literal) and obj.language is None:
            problem = lexical_error(obj.value, obj.datatype.value)
            if problem is not None:
                line: int | None = scan.literals.get((obj.value, obj.datatype.value))
                if line is None:
                    where = loaded.locations.get(_term(quad.subject))
                    line = where.line if where is not None and where.file == path else None
                problems.append(f"{shown}:{line}: {problem}" if line else f"{shown}: {problem}")
                continue
        graph.add((_term(quad.subject), _term(quad.predicate), _term(obj)))


def syntax_message(shown: str, error: SyntaxError) -> str:
    """The one-line error for a file Oxigraph cannot parse (`shown` names the file)."""
    message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", error.msg)
    message = re.sub(r"^Parser error at line \d+ column \d+: ", "", message).rstrip(".") + "."
    for needle, hint in _HINTS.items():
        if needle in message:
            message += " " + hint
            break
    if error.lineno is None:
        return f"{shown}: {message}"
    if error.offset is None:
        return f"{shown}:{error.lineno}: {message}"
    return f"{shown}:{error.lineno}:{error.offset}: {message}"


def literal_lines(path: Path) -> dict[tuple[str, str], int]:
    """(lexical form, datatype IRI) -> the line of its first typed literal in `path`; empty
    for a syntax the scan does not read."""
    if syntax_of(path) not in SCANNABLE:
        return {}
    return scan_text(path.read_bytes().decode("utf-8", errors="replace")).literals


def _term(term: object) -> Identifier:
    """The rdflib term for an Oxigraph term, keeping lexical forms exactly."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language is not None:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise InputError(f"unsupported RDF term {term!r} (quoted triples are not supported).")
