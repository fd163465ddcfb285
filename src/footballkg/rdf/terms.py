"""RDF terms as text: canonical N-Triples form and prefixed names."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from footballkg.errors import InputError
from footballkg.rdf.namespaces import ALL_PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Local names written as prefixed names; anything else is written as a full <IRI>.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")

# Escapes of canonical N-Triples (RDF 1.1 / RDFC-1.0).
_ECHARS = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def escape_string(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return _ECHARS.get(char) or f"\\u{ord(char):04X}"

    return _NEEDS_ESCAPE.sub(replace, text)


def datatype_of(literal: Literal) -> str:
    if literal.language:
        return "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    return str(literal.datatype) if literal.datatype is not None else XSD_STRING


def nt(term: Node) -> str:
    """The canonical N-Triples form of an IRI, blank node or literal."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        quoted = f'"{escape_string(str(term))}"'
        if term.language:
            return f"{quoted}@{term.language}"
        datatype = datatype_of(term)
        return quoted if datatype == XSD_STRING else f"{quoted}^^<{datatype}>"
    raise TypeError(f"not an RDF term: {term!r}")


class _PrefixTable:
    """Finds the prefix of an IRI: by dictionary for namespaces ending in "/" or "#" (a
    prefixed name's local part holds neither), by scanning for any others."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_namespace: dict[str, str] = {}
        self.others: list[tuple[str, str]] = []
        for prefix, namespace in sorted(prefixes.items()):
            if namespace.endswith(("/", "#")):
                self.by_namespace.setdefault(namespace, prefix)
            else:
                self.others.append((prefix, namespace))
        self.others.sort(key=lambda item: -len(item[1]))  # longest namespace first

    def prefixed(self, iri: str) -> str | None:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.by_namespace.get(iri[:cut])
        if prefix is not None and _SAFE_LOCAL.fullmatch(iri[cut:]):
            return f"{prefix}:{iri[cut:]}"
        for prefix, namespace in self.others:
            if iri.startswith(namespace) and _SAFE_LOCAL.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return None


_PROJECT_TABLE = _PrefixTable(ALL_PREFIXES)


def prefixed(iri: str, prefixes: Mapping[str, str] | None = None) -> str | None:
    """`iri` as `prefix:local` when a known namespace and a plain local name allow it."""
    if prefixes is None or prefixes is ALL_PREFIXES:
        return _PROJECT_TABLE.prefixed(iri)
    return _PrefixTable(prefixes).prefixed(iri)


def expand_name(name: str) -> str:
    """The IRI a prefixed name (`fkgsh:TenureShape`) stands for, with the project's prefixes;
    InputError for an unknown prefix."""
    prefix, _, local = name.partition(":")
    if prefix not in ALL_PREFIXES:
        known = ", ".join(sorted(ALL_PREFIXES))
        raise InputError(f'unknown prefix "{prefix}:" in {name}. Known prefixes: {known}.')
    return ALL_PREFIXES[prefix] + local


def short_iri(iri: str) -> str:
    """A prefixed name where possible, else the IRI in angle brackets."""
    return prefixed(iri) or f"<{iri}>"


def to_oxigraph(term: Node) -> Any:
    """The Oxigraph term for an rdflib term, lexical form and datatype kept exactly."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype_of(term)))
    raise TypeError(f"not an RDF term: {term!r}")


def from_oxigraph(term: Any) -> Identifier:
    """The rdflib term for an Oxigraph term, its lexical form kept exactly as the store holds it.

    "x"^^xsd:string comes back as the plain literal "x" (one literal in RDF 1.1), as the
    loader reads it, so rows compare equal whichever store answered.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_converter() -> Callable[[Any], Identifier | None]:
    """`from_oxigraph` with a memory, for converting many rows (None stays None).

    Answers repeat terms (a date, a role or a team on thousands of rows) and building an
    rdflib term is costly, a typed literal's most (rdflib parses its value): each distinct
    term is converted once. Keep one converter per answer, so the memory goes with it.
    """
    memo: dict[Any, Identifier | None] = {None: None}

    def convert(term: Any) -> Identifier | None:
        found = memo.get(term, memo)
        if found is memo:
            found = memo[term] = from_oxigraph(term)
        return found  # type: ignore[return-value]

    return convert
