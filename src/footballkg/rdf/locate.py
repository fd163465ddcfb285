"""Where things are written in Turtle, TriG, N-Triples and N-Quads text: one tokenizer.

`scan_text` reads a file's text once, token by token, and records the line where each IRI is
first written as a statement's subject, where each (subject, predicate) is first written, and
where each typed literal is first written. Loading (`load.py`) uses it to point errors at lines;
`locate` uses it to point validation results at lines on data loaded straight into a store.
Time is proportional to the text: one pass per file, no rescans per node.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
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

    One tokenizing pass per file, over the files whose text may hold the name of a node
    still missing; stops reading files once everything wanted is found.
    """
    wanted_nodes = set(nodes)
    subjects: dict[Node, Location] = {}
    places: dict[tuple[Node, Node], Location] = {}
    missing, missing_statements = set(wanted_nodes), set(statements)
    for path in files:
        if not missing and not missing_statements:
            break
        if syntax_of(path) not in SCANNABLE:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        of_statements = {s for s, _ in missing_statements}
        if len(missing) + len(of_statements) <= _FEW and not any(
            _tail(node) in text for node in missing | of_statements
        ):
            continue
        scan = scan_text(text, missing, of_statements, literals=False)
        _take(scan.subjects, missing, subjects, path)
        _take(scan.statements, missing_statements, places, path)
    return subjects, places


# Up to this many nodes wanted, a file is first searched for their names (a search of the
# text per node); for more, scanning the file costs less.
_FEW = 64
_LAST_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9]*$")


def _tail(node: Node) -> str:
    """The letters and digits that end an IRI ("" if none): every way a file can write it,
    in angle brackets or as a prefixed name, contains them (nobody escapes a letter)."""
    match = _LAST_NAME_CHARACTERS.search(str(node))
    return match.group() if match else ""


K = TypeVar("K")


def _take(lines: dict[K, int], missing: set[K], found: dict[K, Location], path: Path) -> None:
    """Move the keys of `missing` that `lines` has into `found`, walking the smaller side."""
    if len(lines) < len(missing):
        taken = [key for key in lines if key in missing]
    else:
        taken = [key for key in missing if key in lines]
    for key in taken:
        found[key] = Location(path, lines[key])
    missing.difference_update(taken)


# One token per match, with the white space and comments before it: (?:...)*+ never gives
# back what it took, so a run of blank lines costs no backtracking.
_TOKEN = re.compile(
    r"""
    (?:\s|\#[^\n]*)*+
    (?:
      (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<caret>\^\^)
    | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<punct>[;,\[\]()\{\}])
    | (?P<word>[^\s;,\[\](){}"'<\#^]*[^\s;,\[\](){}"'<\#^.])
    | (?P<dot>\.)
    | (?P<other>.)
    | \Z
    )
    """,
    re.VERBOSE | re.DOTALL,
)
# The text of a statement's body up to its next bracket, brace, dot token or character no
# token takes, in one match: what a scan steps over token by token when it wants nothing from
# the statement. Strings, IRIs and comments are matched as _TOKEN matches them; the rest is
# one run of characters, a dot included where _TOKEN reads it inside a word (one followed by
# a character a word may end with, as in "ex:a.b" or "1.5").
_QUIET = re.compile(
    r"""
    (?:
      [^\[\](){}"'<\#^.]++
    | \.++(?=[^\s;,\[\](){}"'<\#^.])
    | \#[^\n]*
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]++|\\.)*+"|'(?:[^'\\\n]++|\\.)*+'
    | <[^<>"{}|^`\\\s]*>
    | \^\^
    )*+
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}
_IGNORED = (None, "other")  # the end of the text; a character the parser would not accept


@dataclass
class Scan:
    subjects: dict[Node, int] = field(default_factory=dict)
    statements: dict[tuple[Node, Node], int] = field(default_factory=dict)
    # (lexical form, datatype IRI) -> line of its first typed literal
    literals: dict[tuple[str, str], int] = field(default_factory=dict)


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        char = match.group(3)
        return _ECHAR.get(char, char)

    return _ESCAPE.sub(replace, text)


def _names(nodes: Collection[Node]) -> set[str]:
    return {str(node) for node in nodes if isinstance(node, URIRef)}


# What the scan waits for from the next token.
_NOTHING, _PREFIX_NAME, _PREFIX_IRI, _BASE_IRI, _SUBJECT, _CARET, _DATATYPE = range(7)


def scan_text(
    text: str,
    subjects: Collection[Node] | None = None,
    statements: Collection[Node] | None = None,
    literals: bool = True,
) -> Scan:
    """Lines of statement subjects and typed literals in Turtle, TriG, N-Triples or N-Quads.

    `subjects`: the subjects whose line is wanted (None: every one); `statements`: the
    subjects whose predicates' lines are wanted (None: every one); `literals`: whether typed
    literals are recorded. Names are resolved only where a wanted thing may be: statement
    subjects, the predicates of wanted subjects, datatypes. Lines are counted between the
    places recorded, never from the start again.
    """
    scan = Scan()
    prefixes: dict[str, str] = {}
    base = ""
    resolved: dict[str, str | None] = {}  # token text -> IRI; cleared when prefixes change
    # The wanted IRIs as text: a subject becomes an rdflib term only when it is wanted.
    subject_names = None if subjects is None else _names(subjects)
    statement_names = None if statements is None else _names(statements)

    def resolve(kind: str, value: str) -> str | None:
        if value in resolved:
            return resolved[value]
        iri: str | None = None
        if kind == "iri":
            iri = _unescape(value[1:-1])
            iri = urljoin(base, iri) if base else iri
        elif kind == "word" and ":" in value and not value.startswith("_:"):
            prefix, local = value.split(":", 1)
            if prefix in prefixes:
                iri = prefixes[prefix] + (
                    re.sub(r"\\(.)", r"\1", local) if "\\" in local else local
                )
        resolved[value] = iri
        return iri

    line, counted = 1, 0  # the line at offset `counted`
    expect_subject, depth = True, 0
    # The IRI subject of the current statement when its predicates are wanted, and whether
    # its next token is a predicate.
    subject: URIRef | None = None
    expect_predicate = False
    waiting = _NOTHING
    held_kind, held_value, held_at = "", "", 0  # a token waiting for the next one
    prefix_name = ""
    at_end, end, token = 0, len(text), _TOKEN.match
    while at_end < end:
        if not (literals or waiting or expect_subject or expect_predicate) and subject is None:
            # The body of a statement nothing is wanted from: straight to its next bracket,
            # brace or dot (the end of the statement in a file the parser read).
            at_end = _QUIET.match(text, at_end).end()  # type: ignore[union-attr]
        match = token(text, at_end)
        assert match is not None  # _TOKEN matches anywhere (its \Z or one other character)
        at_end = match.end()
        kind = match.lastgroup
        if kind == "word" and not (waiting or expect_subject or expect_predicate):
            continue  # an object (most tokens): nothing to record
        if kind in _IGNORED:
            continue
        value = match.group(kind)
        if waiting:
            if waiting == _SUBJECT:
                waiting = _NOTHING
                if value == "{":  # the held name names a TriG graph
                    continue
                expect_subject = expect_predicate = False
                subject = None
                name = resolve(held_kind, held_value)
                if name is not None:
                    if subject_names is None or name in subject_names:
                        line += text.count("\n", counted, held_at)
                        counted = held_at
                        scan.subjects.setdefault(URIRef(name), line)
                    if statement_names is None or name in statement_names:
                        subject = URIRef(name)
                        expect_predicate = True
            elif waiting == _CARET:
                waiting = _NOTHING
                if kind == "caret":
                    waiting = _DATATYPE
                    continue
            elif waiting == _DATATYPE:
                waiting = _NOTHING
                datatype = resolve(kind, value)
                if datatype is not None:
                    quote = 3 if held_kind == "long" else 1
                    lexical = held_value[quote:-quote]
                    lexical = _unescape(lexical) if "\\" in lexical else lexical
                    line += text.count("\n", counted, held_at)
                    counted = held_at
                    scan.literals.setdefault((lexical, datatype), line)
                if kind != "dot":
                    continue
            elif waiting == _PREFIX_NAME:
                prefix_name, waiting = value.rstrip(":"), _PREFIX_IRI
                continue
            elif waiting == _PREFIX_IRI:
                waiting = _NOTHING
                name = resolve(kind, value)
                if name is not None:
                    prefixes[prefix_name] = name
                    resolved.clear()
                continue
            else:  # _BASE_IRI
                waiting = _NOTHING
                base = resolve(kind, value) or base
                resolved.clear()
                continue
        if expect_subject and depth == 0:
            if kind == "dot" or value == "{" or value == "}":
                continue
            if kind == "at" or kind == "word":
                lowered = value.lower()
                if lowered == "@prefix" or lowered == "prefix":
                    waiting = _PREFIX_NAME
                    continue
                if lowered == "@base" or lowered == "base":
                    waiting = _BASE_IRI
                    continue
                if lowered == "graph":
                    continue
            if value == "[" or value == "(":
                expect_subject = False
                subject = None
                depth += 1
                continue
            waiting, held_kind, held_value, held_at = _SUBJECT, kind, value, match.start(kind)
            continue
        if expect_predicate and depth == 0 and subject is not None:
            expect_predicate = False
            name = _RDF_TYPE if value == "a" else resolve(kind, value)
            predicate = URIRef(name) if name is not None else None
            if predicate is not None and (subject, predicate) not in scan.statements:
                at = match.start(kind)
                line += text.count("\n", counted, at)
                counted = at
                scan.statements[(subject, predicate)] = line
        if kind == "punct":
            if value == ";":
                expect_predicate = depth == 0 and subject is not None
            elif value == "[" or value == "(":
                depth += 1
            elif value == "]" or value == ")":
                depth -= 1
            elif depth == 0 and value != ",":  # { or }: a TriG graph opens or closes
                expect_subject = True
        elif kind == "dot":
            if depth == 0:
                expect_subject = True
        elif literals and (kind == "string" or kind == "long"):
            waiting, held_kind, held_value, held_at = _CARET, kind, value, match.start(kind)
    return scan
