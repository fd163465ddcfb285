"""Limits that keep a small hostile RDF document from exhausting the machine.

Checked on the bytes before any parser sees them, on every path that reads RDF (project
files, the fast validator's store, uploads to `serve`, answers from a remote server):

- RDF/XML entity declarations are refused: a 1 KB file of nested entities expands to
  gigabytes inside the XML parser, which then aborts the process.
- JSON-LD, Turtle and TriG nesting (`[`, `(`, `{`) is bounded: JSON-LD's parser recurses
  and overflows the stack on deep documents, and deep blank-node chains make canonical
  labelling (export) take hours.

`check_canonicalisation_cost` bounds RDFC-1.0's work in `export`: its cost grows about as
the 3.5th power of the size of a group of connected blank nodes (200 linked nodes: 1 s).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable
from pathlib import Path

import pyoxigraph as ox

from footballkg.errors import InputError

MAX_NESTING = 64  # brackets inside brackets; the project's data needs fewer than 5
# RDFC-1.0 work budget, in (blank nodes of a connected group)^3.5 summed over the groups:
# about 2 s of canonicalisation on this machine class, far above any real data set.
MAX_CANONICALISATION_COST = 2e8

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BRACKETS = b"[](){}"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _BRACKETS)
_PAIRS = (b"[]", b"()", b"{}")

# Tokens of Turtle/TriG/JSON-LD whose brackets are text, not structure.
_TURTLE_SKIP = re.compile(
    rb"""\#[^\n]*|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    rb"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|(?P<b>[\[\](){}])""",
    re.DOTALL,
)
_JSON_SKIP = re.compile(rb'"(?:[^"\\]|\\.)*"|(?P<b>[\[\]{}])', re.DOTALL)

_NESTED_FORMATS = {
    ox.RdfFormat.TURTLE: _TURTLE_SKIP,
    ox.RdfFormat.TRIG: _TURTLE_SKIP,
    ox.RdfFormat.JSON_LD: _JSON_SKIP,
}


def check_rdf_bytes(data: bytes, rdf_format: ox.RdfFormat, shown: str) -> None:
    """Raise InputError (naming `shown` and the line) if `data` is past the limits."""
    if rdf_format == ox.RdfFormat.RDF_XML:
        entity = _ENTITY.search(data)
        if entity is not None:
            raise InputError(
                f"{shown}:{_line_of(data, entity.start())}: XML entity declarations "
                "(<!ENTITY ...>) are not accepted. Write the values out instead."
            )
        return
    scanner = _NESTED_FORMATS.get(rdf_format)
    if scanner is None or not _may_nest_deeper(data, MAX_NESTING):
        return
    depth = 0
    for token in scanner.finditer(data):
        bracket = token.group("b")
        if bracket is None:
            continue
        if bracket in b"[({":
            depth += 1
            if depth > MAX_NESTING:
                raise InputError(
                    f"{shown}:{_line_of(data, token.start())}: brackets nested more than "
                    f"{MAX_NESTING} deep; such nesting is not accepted."
                )
        else:
            depth = max(0, depth - 1)


def check_rdf_file(path: Path, rdf_format: ox.RdfFormat, shown: str) -> None:
    """`check_rdf_bytes` for a file, read only for the formats that need a look."""
    if rdf_format != ox.RdfFormat.RDF_XML and rdf_format not in _NESTED_FORMATS:
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{shown}: cannot read the file ({error.strerror}).") from None
    check_rdf_bytes(data, rdf_format, shown)


def _may_nest_deeper(data: bytes, limit: int) -> bool:
    """False when the brackets of `data`, text included, cannot nest past `limit`.

    Runs at C speed: keep the brackets only, then remove innermost pairs once per level.
    Brackets inside strings only ever make this answer True, which the exact scan settles.
    """
    brackets = data.translate(None, _NOT_BRACKETS)
    for _ in range(limit):
        inner = brackets
        for pair in _PAIRS:
            inner = inner.replace(pair, b"")
        if inner == brackets:
            return False
        brackets = inner
    return any(pair in brackets for pair in _PAIRS)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_canonicalisation_cost(edges: Iterable[tuple[Hashable, Hashable]]) -> None:
    """Raise InputError if blank nodes linked by `edges` are too tangled to label canonically.

    `edges` are the pairs of blank nodes that share a triple.
    """
    parent: dict[Hashable, Hashable] = {}

    def root(node: Hashable) -> Hashable:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        parent[root(a)] = root(b)
    sizes = Counter(root(node) for node in parent)
    cost = sum(size**3.5 for size in sizes.values())
    if cost > MAX_CANONICALISATION_COST:
        raise InputError(
            f"the graph links up to {max(sizes.values())} blank nodes together (long lists or "
            "deeply nested [ ]); giving them canonical labels would take too long. "
            "Use IRIs for some of these nodes."
        )
