"""Where things are written in Turtle, TriG, N-Triples and N-Quads text: one tokenizer.

`scan_text` reads a file's text once, token by token, and records the line where each IRI is
first written as a statement's subject, where each (subject, predicate) is first written, and
where each typed literal is first written. Loading (`load.py`) uses it to point errors at lines;
`locate` uses it to point validation results at lines on data loaded straight into a store.
Time is proportional to the text: one pass per file, no rescans per node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar
from urllib.parse import urljoin

from rdflib import URIRef
from rdflib.term import Node

from footballkg.project import display_path, syntax_of

_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# Syntaxes whose text the scan understands (RDF/XML and JSON-LD are not located).
SCANNABLE = frozenset({"turtle", "ntriples", "nquads", "trig"})


@dataclass(frozen=True)
class Location:
    """A place in a file: its path and a 1-based line."""

    file: Path
    line: int

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}"


def locate(
    files: Iterable[Path], nodes: Iterable[Node], statements: set[tuple[Node, Node]]
) -> tuple[dict[Node, Location], dict[tuple[Node, Node], Location]]:
    """Where each of `nodes` is first written as a subject, and where each wanted
    (subject, predicate) of `statements` is first written, over `files` in order.

    One tokenizing pass per file, over the files whose text holds the name of a node still
    missing; stops reading files once everything wanted is found.
    """
    wanted_nodes = set(nodes)
    subjects: dict[Node, Location] = {}
    places: dict[tuple[Node, Node], Location] = {}
    if not wanted_nodes and not statements:
        return subjects, places
    for path in files:
        if syntax_of(path) not in SCANNABLE:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        missing = {n for n in wanted_nodes if n not in subjects}
        missing |= {s for s, p in statements if (s, p) not in places}
        if not any(_tail(node) in text for node in missing):
            continue
        scan = scan_text(text)
        _take(scan.subjects, wanted_nodes, subjects, path)
        _take(scan.statements, statements, places, path)
        if len(subjects) == len(wanted_nodes) and len(places) == len(statements):
            break
    return subjects, places


_LAST_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9]*$")


def _tail(node: Node) -> str:
    """The letters and digits that end an IRI ("" if none): every way a file can write it,
    in angle brackets or as a prefixed name, contains them (nobody escapes a letter)."""
    match = _LAST_NAME_CHARACTERS.search(str(node))
    return match.group() if match else ""


K = TypeVar("K")


def _take(lines: dict[K, int], wanted: set[K], found: dict[K, Location], path: Path) -> None:
    """Record in `found` the wanted keys `lines` has and `found` lacks, walking the smaller side."""
    if len(lines) < len(wanted):
        candidates: Iterable[K] = (key for key in lines if key in wanted)
    else:
        candidates = (key for key in wanted if key in lines)
    for key in candidates:
        if key not in found:
            found[key] = Location(path, lines[key])


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
class Scan:
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


def scan_text(text: str) -> Scan:
    """Lines of statement subjects and typed literals in Turtle, TriG, N-Triples or N-Quads."""
    scan = Scan()
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
