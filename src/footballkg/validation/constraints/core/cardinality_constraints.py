"""Cardinality constraint components (SHACL 4.2): sh:minCount, sh:maxCount."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH

from footballkg.validation.constraints.common import failing_focus, values_pattern
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, is_narrowed, path_may_be_empty
from footballkg.validation.shapes import Component, Shape


def min_count(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    n = comp.number(SH.minCount)
    if n <= 0:
        return []
    if path_may_be_empty(shape):
        # Every focus node is one of its own values (and the store may not know the node).
        return _counted(ev, shape, comp, focus, f"< {n}")
    if n == 1:
        return [Failure(shape, comp, node) for node in ev.lacking(focus, ev.path(shape))]
    query = (
        f"SELECT ?this WHERE {{ {focus.where('this')}"
        f" OPTIONAL {{ ?this {ev.path(shape)} ?value }} }}"
        f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
    )
    return failing_focus(ev, shape, comp, query)


def max_count(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    # Nodes with too many values, found without the focus (a self-join is cheaper than
    # counting every node); only those few are then checked against the focus.
    n = comp.number(SH.maxCount)
    if path_may_be_empty(shape):
        return _counted(ev, shape, comp, focus, f"> {n}")
    path = ev.path(shape)
    if is_narrowed(focus):
        where = focus.where("this")
        if n == 0:
            query = f"SELECT DISTINCT ?this WHERE {{ {where} ?this {path} [] }}"
        else:
            query = (
                f"SELECT ?this WHERE {{ {where} ?this {path} ?value }}"
                f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"
            )
        return failing_focus(ev, shape, comp, query)
    if n >= 1 and isinstance(shape.path(), URIRef):
        # Clean data is the common case: when every subject has one value, there are as
        # many triples as subjects, and two counts settle it without a join.
        counts = ev.select(
            f"SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)"
            f" WHERE {{ ?s {path} ?o }}"
        )
        if counts and counts[0]["triples"] == counts[0]["subjects"]:
            return []
        if n == 1 and counts and ev.count(focus) < int(counts[0]["subjects"]):
            # Many subjects have several values (every tenure cites two sources) but the
            # focus is small (claims, one source each): look at the focus nodes only.
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {focus.where('this')}"
                f" ?this {path} ?a , ?b FILTER(!sameTerm(?a, ?b)) }}"
            )
            return failing_focus(ev, shape, comp, query)
    if n == 0:
        query = f"SELECT DISTINCT ?this WHERE {{ ?this {path} [] }}"
    elif n == 1:
        query = f"SELECT DISTINCT ?this WHERE {{ ?this {path} ?a , ?b FILTER(!sameTerm(?a, ?b)) }}"
    else:
        query = (
            f"SELECT ?this WHERE {{ ?this {path} ?value }}"
            f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"
        )
    found = {row["this"] for row in ev.select(query)}
    return [Failure(shape, comp, node) for node in ev.in_focus(found, focus)]


def _counted(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus, bound: str
) -> list[Failure]:
    """The focus nodes whose number of value nodes is `bound` (e.g. "> 1"), for a path
    that may be followed zero steps: each focus node has at least itself as a value."""
    query = (
        f"SELECT ?this WHERE {{ {values_pattern(ev, shape, focus)} }}"
        f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {bound})"
    )
    return failing_focus(ev, shape, comp, query)
