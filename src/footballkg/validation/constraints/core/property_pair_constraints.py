"""Property pair constraint components (SHACL 4.5): sh:equals, sh:disjoint, sh:lessThan,
sh:lessThanOrEquals."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH, XSD

from footballkg.validation.constraints.common import values_pattern
from footballkg.validation.evaluator import Evaluator, Handler
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus
from footballkg.validation.shapes import Component, Shape
from footballkg.validation.terms import sparql


def _is_string(v: str) -> str:
    # Compared as text: IRIs and plain or language-tagged strings.
    return (
        f"(isIRI({v}) || (isLiteral({v}) && (LANG({v}) != '' || DATATYPE({v}) = <{XSD.string}>)))"
    )


def compare(parameter: URIRef, op: str) -> Handler:
    """sh:lessThan / sh:lessThanOrEquals: one result per value and compared value that fail."""

    def handler(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
        failures = []
        for other in comp.all(parameter):
            test = (
                f"{_is_string('?value')} != {_is_string('?other')}"
                f" || !COALESCE(IF(isIRI(?value), STR(?value), ?value) {op}"
                f" IF(isIRI(?other), STR(?other), ?other), false)"
            )
            query = (
                f"SELECT ?this ?value WHERE {{ {values_pattern(ev, shape, focus)}"
                f" ?this {sparql(other)} ?other . FILTER({test}) }}"
            )
            failures += [Failure(shape, comp, r["this"], r["value"]) for r in ev.select(query)]
        return failures

    return handler


def equals(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    """A result for each value node that is not a value of the property, and each value of
    the property that is not a value node."""
    failures = []
    for other in comp.all(SH.equals):
        p = sparql(other)
        values = values_pattern(ev, shape, focus)
        own = (
            f"SELECT DISTINCT ?this ?value WHERE {{ {values}"
            f" FILTER NOT EXISTS {{ ?this {p} ?value }} }}"
        )
        if shape.is_property_shape:
            not_own = f"FILTER NOT EXISTS {{ ?this {ev.path(shape)} ?value }}"
        else:
            not_own = "FILTER(!sameTerm(?this, ?value))"
        theirs = (
            f"SELECT DISTINCT ?this ?value WHERE {{ {focus.where('this')}"
            f" ?this {p} ?value . {not_own} }}"
        )
        for query in (own, theirs):
            failures += [Failure(shape, comp, r["this"], r["value"]) for r in ev.select(query)]
    return failures


def disjoint(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    """A result for each value node that is also a value of the property."""
    failures = []
    for other in comp.all(SH.disjoint):
        where = f"{values_pattern(ev, shape, focus)} ?this {sparql(other)} ?value ."
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {where} }}"
        failures += [Failure(shape, comp, r["this"], r["value"]) for r in ev.select(query)]
    return failures
