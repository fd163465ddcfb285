"""The fallback: pyshacl checks the shapes the engine does not evaluate (and the tests use
it as the reference the engine is compared with). pyshacl is imported only when used."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from footballkg.errors import InputError
from footballkg.validation.results import (
    ValidationReport,
    ValidationResult,
    check_shacl_terms,
    coverage,
    fill_message,
    result_order,
)


def pyshacl_validate(
    data: Graph, shapes: Graph, *, locate: Callable[[Node], Any] | None = None
) -> ValidationReport:
    """Validate `data` (ontology included, for subclass targets) against `shapes` with pyshacl.

    Raises InputError when the shapes use a term that SHACL does not define (naming the
    shape, and where `locate(shape)` says it is written, such as `LoadedGraph.location`),
    or when pyshacl cannot read them.
    """
    from pyshacl import validate as run_pyshacl
    from pyshacl.errors import ReportableRuntimeError, ShapeLoadError

    check_shacl_terms(shapes, locate)
    try:
        _, report_graph, _ = run_pyshacl(
            _PreparedQueries(data),
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
        )
    except (ShapeLoadError, ReportableRuntimeError) as error:
        raise InputError(f"The shapes cannot be used: {error}") from None
    results = [_result(report_graph, node, data) for node in _result_nodes(report_graph)]
    results.sort(key=result_order)
    return ValidationReport(results=results, coverage=coverage(data, shapes))


class _PreparedQueries(Graph):
    """A view of a graph (same store, no copy) that parses each distinct query text once.

    pyshacl runs every SPARQL constraint once per focus node and hands rdflib the query text
    each time; rdflib's parser needs up to a second for the longer queries in shapes/.
    """

    def __init__(self, graph: Graph) -> None:
        super().__init__(
            store=graph.store,
            identifier=graph.identifier,
            namespace_manager=graph.namespace_manager,
        )

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            query_object = parsed_query(query_object)
        return super().query(query_object, *args, **kwargs)


_PARSED: dict[str, Query] = {}


def parsed_query(text: str) -> Query:
    """`text` parsed by rdflib, once per process (the same shapes are often validated again).

    pyshacl writes the PREFIX lines of a constraint in no fixed order; they are sorted for
    the cache key, since their order does not change the query.
    """
    lines = text.splitlines()
    prefixes = sorted(line for line in lines if line.startswith("PREFIX "))
    body = "\n".join(line for line in lines if not line.startswith("PREFIX ")).strip()
    key = "\n".join([*prefixes, body])
    prepared = _PARSED.get(key)
    if prepared is None:
        prepared = _PARSED[key] = prepareQuery(text)
    return prepared


def _result_nodes(report_graph: Graph) -> Iterable[Node]:
    """The report's results (not the nested sh:detail results of sh:node and the like)."""
    for report in report_graph.subjects(RDF.type, SH.ValidationReport):
        yield from report_graph.objects(report, SH.result)


def _result(report_graph: Graph, node: Node, data: Graph) -> ValidationResult:
    def value_of(predicate: URIRef) -> Any:
        return report_graph.value(node, predicate)

    focus = value_of(SH.focusNode)
    value = value_of(SH.value)
    message = value_of(SH.resultMessage)
    return ValidationResult(
        focus_node=focus,
        source_shape=value_of(SH.sourceShape),
        component=value_of(SH.sourceConstraintComponent),
        severity=value_of(SH.resultSeverity),
        message=fill_message(str(message), data, focus, value) if message is not None else "",
        path=value_of(SH.resultPath),
        value=value,
        constraint=value_of(SH.sourceConstraint),
    )
