"""A parameter that names nothing in the graph is a mistake, not an empty answer.

`check_named` asks the store whether each IRI a query's parameters are bound to occurs in the
graph (one small SELECT each); for one that does not, it lists the IRIs under the same
namespace and raises InputError with the closest (`difflib`): a misspelt slug otherwise looks
like a person without a career.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from rdflib import Graph, URIRef
from rdflib.query import ResultRow
from rdflib.term import Identifier

from footballkg.errors import InputError
from footballkg.queries.catalogue import SavedQuery
from footballkg.queries.params import Param, sparql_term
from footballkg.queries.results import QueryResult
from footballkg.rdf.namespaces import ALL_PREFIXES
from footballkg.rdf.terms import oxigraph_converter, prefixed

Select = Callable[[str], QueryResult]
"""Runs a SELECT text on the store that answers the query; rows hold rdflib terms."""

CLOSEST = 3


def check_named(query: SavedQuery, bindings: Mapping[str, Identifier], select: Select) -> None:
    """InputError for the first IRI parameter in `bindings` that occurs nowhere in the graph."""
    for name, term in bindings.items():
        param = query.params.get(name)
        if param is None or param.type != "iri" or not isinstance(term, URIRef):
            continue
        if not _occurs(term, select):
            raise _unknown(param, term, select)


def _occurs(iri: URIRef, select: Select) -> bool:
    node = sparql_term(iri)
    text = f"SELECT ?p WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }} LIMIT 1"
    return bool(select(text).rows)


def _namespace(param: Param, iri: str) -> str | None:
    """The namespace to look for near names in: the parameter's prefix, else the IRI's own."""
    if param.prefix and iri.startswith(ALL_PREFIXES[param.prefix]):
        return ALL_PREFIXES[param.prefix]
    known = [ns for ns in ALL_PREFIXES.values() if iri.startswith(ns) and len(iri) > len(ns)]
    return max(known, key=len) if known else None


def _unknown(param: Param, iri: URIRef, select: Select) -> InputError:
    namespace = _namespace(param, str(iri))
    by_namespace = {ns: prefix for prefix, ns in ALL_PREFIXES.items()}
    kind = param.prefix or by_namespace.get(namespace or "", "resource")
    shown = _shown(param, str(iri))
    if namespace is None:
        return InputError(f'no {kind} {shown} in the data (parameter "{param.name}").')
    names_text = (
        "SELECT DISTINCT ?name WHERE { ?name ?p ?o "
        f'FILTER(isIRI(?name) && STRSTARTS(STR(?name), "{namespace}")) }}'
    )
    locals_ = sorted(
        {
            str(row["name"])[len(namespace) :]
            for row in select(names_text).rows
            if row.get("name") is not None
        }
    )
    close = difflib.get_close_matches(str(iri)[len(namespace) :], locals_, n=CLOSEST)
    if not close:
        return InputError(f"no {kind} {shown} in the data, and no name close to it.")
    options = [_shown(param, namespace + local) for local in close]
    listed = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
    return InputError(f"no {kind} {shown} in the data; did you mean {listed}?")


def _shown(param: Param, iri: str) -> str:
    """A slug when the parameter takes slugs under this namespace, else a prefixed name or IRI."""
    if param.prefix and iri.startswith(ALL_PREFIXES[param.prefix]):
        return iri[len(ALL_PREFIXES[param.prefix]) :]
    return prefixed(iri) or f"<{iri}>"


def graph_select(graph: Graph) -> Select:
    """`Select` on an rdflib graph."""

    def select(text: str) -> QueryResult:
        result = graph.query(text)
        variables = [str(v) for v in result.vars or []]
        rows: list[dict[str, Identifier | None]] = []
        for row in result:
            assert isinstance(row, ResultRow)  # a SELECT gives ResultRow tuples
            rows.append({name: row[name] for name in variables})
        return QueryResult(variables=variables, rows=rows)

    return select


def oxigraph_select(store: Any) -> Select:
    """`Select` on a pyoxigraph Store."""

    def select(text: str) -> QueryResult:
        answer = store.query(text)
        convert = oxigraph_converter()
        variables = [v.value for v in answer.variables]
        rows = [dict(zip(variables, map(convert, solution), strict=True)) for solution in answer]
        return QueryResult(variables=variables, rows=rows)

    return select
