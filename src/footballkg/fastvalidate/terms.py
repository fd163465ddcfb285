"""Terms between rdflib and pyoxigraph, and as SPARQL text."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from footballkg.terms import datatype_of, nt

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def solutions(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The answer to a SELECT query (Store.query is typed for every query form)."""
    answer = store.query(query)
    assert isinstance(answer, ox.QuerySolutions)
    return answer


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
