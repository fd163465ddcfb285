"""Read the project's RDF files into one rdflib graph: the single loading path of every command.

Files are parsed with Oxigraph's parsers, which report the line and column of a syntax error
and keep every literal's lexical form exactly as written (rdflib's own parser would turn
`"01"^^xsd:integer` into `"1"` and `"1"^^xsd:boolean` into `"true"`). Every typed literal is then
checked against its datatype (`lexical.py`). A light scan of the text records the file and line
where each subject is first described, so reports can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from footballkg.errors import InputError
from footballkg.input_bounds import check_rdf_bytes
from footballkg.lexical import lexical_error
from footballkg.namespaces import ALL_PREFIXES
from footballkg.project import Project, display_path, syntax_of
from footballkg.terms import XSD_STRING

_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

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


# Syntaxes whose text the location scan understands.
_SCANNABLE = {"turtle", "ntriples", "nquads", "trig"}

# Extra advice for Oxigraph error messages users meet most often.
_HINTS = {
    "has not been declared": "Declare it with @prefix or fix the name.",
    "No scheme found in an absolute IRI": (
        "Write a full IRI (https://...) or a prefixed name; relative IRIs are not resolved."
    ),
}

_MAX_LITERAL_PROBLEMS = 20


@dataclass(frozen=True)
class Location:
    """A place in a file: its path and a 1-based line."""

    file: Path
    line: int

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}"


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


def _load_file(path: Path, loaded: LoadedGraph, problems: list[str] | None) -> None:
    syntax = syntax_of(path)
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{shown}: cannot read the file ({error.strerror}).") from None
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some editors write
    check_rdf_bytes(data, _OX_FORMATS[syntax], shown)
    try:
        quads = list(ox.parse(data, _OX_FORMATS[syntax], rename_blank_nodes=True))
    except SyntaxError as error:
        raise InputError(syntax_message(shown, error)) from None

    scan = _scan(data.decode("utf-8", errors="replace")) if syntax in _SCANNABLE else _Scan()
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
    if syntax_of(path) not in _SCANNABLE:
        return {}
    return _scan(path.read_bytes().decode("utf-8", errors="replace")).literals


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


# --- where things are written -------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<skip>(?:\s+|\#[^\n]*)+)
    | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<caret>\^\^)
    | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<punct>[;,\[\]()\{\}])
    | (?P<word>[^\s;,\[\](){}"'<\#^]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}


@dataclass
class _Scan:
    subjects: dict[Node, int] = field(default_factory=dict)
    statements: dict[tuple[Node, Node], int] = field(default_factory=dict)
    # (lexical form, datatype IRI) -> line of its first typed literal
    literals: dict[tuple[str, str], int] = field(default_factory=dict)


class _Token(NamedTuple):
    kind: str
    text: str
    line: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    append = tokens.append
    line = 1
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "skip":
            line += value.count("\n")
        elif kind == "word" and value.endswith("."):
            # A name never ends with "."; a trailing one ends the statement.
            stem = value.rstrip(".")
            if stem:
                append(_Token("word", stem, line))
            append(_Token("dot", ".", line))
        elif kind == "long":
            append(_Token(kind, value, line))
            line += value.count("\n")
        elif kind != "other":  # "other" is not reached for text the parser accepted
            append(_Token(kind or "", value, line))
    return tokens


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        char = match.group(3)
        return _ECHAR.get(char, char)

    return _ESCAPE.sub(replace, text)


def _scan(text: str) -> _Scan:
    """Lines of statement subjects and typed literals in Turtle, TriG, N-Triples or N-Quads."""
    scan = _Scan()
    tokens = _tokens(text)
    count = len(tokens)
    prefixes: dict[str, str] = {}
    base = ""
    resolved: dict[str, URIRef | None] = {}  # token text -> IRI; cleared when prefixes change

    def resolve(token: _Token) -> URIRef | None:
        if token.text in resolved:
            return resolved[token.text]
        iri: str | None = None
        if token.kind == "iri":
            iri = _unescape(token.text[1:-1])
            iri = urljoin(base, iri) if base else iri
        elif token.kind == "word" and ":" in token.text and not token.text.startswith("_:"):
            prefix, local = token.text.split(":", 1)
            if prefix in prefixes:
                iri = prefixes[prefix] + (
                    re.sub(r"\\(.)", r"\1", local) if "\\" in local else local
                )
        resolved[token.text] = result = URIRef(iri) if iri is not None else None
        return result

    expect_subject, depth, i = True, 0, 0
    # The IRI subject of the current statement, and whether its next token is a predicate.
    subject: URIRef | None = None
    expect_predicate = False
    while i < count:
        token = tokens[i]
        kind, value = token.kind, token.text
        if expect_subject and depth == 0:
            following = tokens[i + 1] if i + 1 < count else None
            lowered = value.lower()
            if lowered in ("@prefix", "prefix") and i + 2 < count:
                iri = resolve(tokens[i + 2])
                if iri is not None:
                    prefixes[tokens[i + 1].text.rstrip(":")] = str(iri)
                    resolved.clear()
                i += 3
                continue
            if lowered in ("@base", "base") and following is not None:
                base = str(resolve(following) or base)
                resolved.clear()
                i += 2
                continue
            if kind == "dot" or value in ("{", "}") or (kind == "word" and lowered == "graph"):
                i += 1
                continue
            if following is not None and following.text == "{":  # a TriG graph name
                i += 1
                continue
            expect_subject = False
            if value in ("[", "("):
                depth += 1
                subject = None
            else:
                subject = resolve(token)
                if subject is not None:
                    scan.subjects.setdefault(subject, token.line)
                    expect_predicate = True
            i += 1
            continue
        if expect_predicate and depth == 0 and subject is not None:
            expect_predicate = False
            predicate = _RDF_TYPE if value == "a" else resolve(token)
            if predicate is not None:
                scan.statements.setdefault((subject, predicate), token.line)
        if kind == "punct":
            if value == ";":
                expect_predicate = depth == 0
            elif value in ("[", "("):
                depth += 1
            elif value in ("]", ")"):
                depth -= 1
            elif depth == 0 and value in ("{", "}"):
                expect_subject = True
        elif kind == "dot":
            expect_subject = expect_subject or depth == 0
        elif kind in ("string", "long") and i + 2 < count and tokens[i + 1].kind == "caret":
            datatype = resolve(tokens[i + 2])
            if datatype is not None:
                quote = 3 if kind == "long" else 1
                lexical = value[quote:-quote]
                lexical = _unescape(lexical) if "\\" in lexical else lexical
                scan.literals.setdefault((lexical, str(datatype)), token.line)
        i += 1
    return scan
