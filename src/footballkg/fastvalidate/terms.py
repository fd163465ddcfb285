"""Terms between rdflib and pyoxigraph, and as SPARQL text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from footballkg.terms import datatype_of, nt

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Answer:
    """The solutions of a SELECT query, read to the end: plain Python objects."""

    variables: list[str]
    rows: list[ox.QuerySolution]

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        return iter(self.rows)


def solutions(store: ox.Store, query: str) -> Answer:
    """The answer to a SELECT query, read to the end on the calling thread.

    pyoxigraph's QuerySolutions may only be dropped by the thread that made it, and the
    validator queries from several threads: the iterator never leaves this function (nor
    the frame of an error raised while reading it, which a traceback could keep alive).
    """
    answer = store.query(query)
    try:
        assert isinstance(answer, ox.QuerySolutions)  # Store.query is typed for every form
        return Answer([v.value for v in answer.variables], list(answer))
    finally:
        del answer


def to_ox(term: Node) -> OxTerm:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype_of(term)))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Identifier:
    """The rdflib term for an Oxigraph term, lexical form kept exactly (as the loader does)."""
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


def sparql(term: Node) -> str:
    """`term` written in a query: N-Triples syntax is valid SPARQL for IRIs and literals.

    Blank nodes of the shapes graph never occur in the data, so they never match; a query
    names them as an IRI no data uses.
    """
    if isinstance(term, BNode):
        return f"<urn:footballkg:shapes-blank-node:{term}>"
    return nt(term)
