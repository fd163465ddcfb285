"""Query answers read off Oxigraph, and terms written as SPARQL text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode
from rdflib.term import Node

from footballkg.terms import nt


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


def sparql(term: Node) -> str:
    """`term` written in a query: N-Triples syntax is valid SPARQL for IRIs and literals.

    Blank nodes of the shapes graph never occur in the data, so they never match; a query
    names them as an IRI no data uses.
    """
    if isinstance(term, BNode):
        return f"<urn:footballkg:shapes-blank-node:{term}>"
    return nt(term)
