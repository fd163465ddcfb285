"""A SPARQL 1.1 endpoint as the engine's `Store`: `validate --endpoint` runs the engine's
queries on the server instead of downloading the graph."""

from __future__ import annotations

from rdflib import Literal
from rdflib.term import Identifier

from footballkg.rdf.lexical import lexical_error
from footballkg.stores.remote import SparqlClient
from footballkg.validation.terms import Solutions

_TYPED_LITERALS = """
SELECT DISTINCT ?o WHERE { ?s ?p ?o
    FILTER(isLiteral(?o) && LANG(?o) = ""
           && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>) }
"""


class EndpointStore:
    """The graph an endpoint holds (its --graph, else the default graph)."""

    def __init__(self, client: SparqlClient) -> None:
        self.client = client
        self._size: int | None = None

    def select(self, query: str) -> Solutions:
        answer = self.client.select(query)
        rows = [{k: v for k, v in row.items() if v is not None} for row in answer.rows]
        return Solutions(answer.variables, rows)

    def __len__(self) -> int:
        if self._size is None:
            self._size = self.client.count_triples()
        return self._size

    def ill_typed(self) -> dict[Literal, str]:
        """The literals on the server whose lexical form does not fit their datatype."""
        found: dict[Literal, str] = {}
        for row in self.select(_TYPED_LITERALS).rows:
            literal: Identifier = row["o"]
            if isinstance(literal, Literal) and literal.datatype is not None:
                problem = lexical_error(str(literal), str(literal.datatype))
                if problem is not None:
                    found[literal] = problem
        return found
