"""Property pair constraint components (SHACL 4.5): sh:equals, sh:disjoint, sh:lessThan,
sh:lessThanOrEquals."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH, XSD

from footballkg.validation.constraints.common import values_pattern
from footballkg.validation.evaluator import Evaluator, Handler
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, path_may_be_empty, reach
from footballkg.validation.shapes import Component, Shape
from footballkg.validation.terms import sparql


def _holds(op: str, a: str, b: str) -> str:
    """`a op b` (op: < or <=) as SPARQL orders the two values; false where it cannot compare
    them (SHACL 4.5.3-4: such a pair is a result), e.g. an IRI with anything, a date with a
    number. Booleans are ordered by hand (SPARQL 1.1, 17.3; Oxigraph does not order them).
    """
    both_boolean = f"DATATYPE({a}) = <{XSD.boolean}> && DATATYPE({b}) = <{XSD.boolean}>"
    boolean = f"(!{a} && {b})" if op == "<" else f"(!{a} || {b})"
    return f"COALESCE(IF({both_boolean}, {boolean}, {a} {op} {b}), false)"


def compare(parameter: URIRef, op: str) -> Handler:
    """sh:lessThan / sh:lessThanOrEquals: one result per value and compared value that fail."""

    def handler(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
        failures = []
        for other in comp.all(parameter):
            test = f"!{_holds(op, '?value', '?other')}"
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
            empty = path_may_be_empty(shape)
            own_value = reach("this", ev.path(shape), "?value", empty, bound=True)
            not_own = f"FILTER NOT EXISTS {{ {own_value} }}"
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
