"""Other constraint components (SHACL 4.8): sh:closed, sh:hasValue, sh:in."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier, Node

from footballkg.validation.constraints.common import failing_focus, values_pattern
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, is_narrowed, path_may_be_empty, reach
from footballkg.validation.shapes import Component, Shape, items, literal_is_true
from footballkg.validation.terms import sparql


def in_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    allowed = items(ev.shapes.graph, comp.value(SH["in"]))
    return ["!(" + (" || ".join(f"sameTerm({v}, {sparql(a)})" for a in allowed) or "false") + ")"]


def closed(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    if not literal_is_true(comp.value(SH.closed)):
        return []
    graph = ev.shapes.graph
    allowed: set[Node] = set()
    for head in comp.all(SH.ignoredProperties):
        allowed.update(items(graph, head))
    for node in graph.objects(shape.node, SH.property):
        path = graph.value(node, SH.path)
        if isinstance(path, URIRef):
            allowed.add(path)
    test = " && ".join(f"?p != {sparql(p)}" for p in sorted(allowed, key=str)) or "true"
    where = f"{values_pattern(ev, shape, focus)} ?value ?p ?object FILTER({test})"
    rows = ev.select(f"SELECT ?this ?p ?object WHERE {{ {where} }}")
    return [Failure(shape, comp, r["this"], r["object"], path=r["p"]) for r in rows]


def has_value(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    failures = []
    for wanted in comp.all(SH.hasValue):
        if shape.is_property_shape:
            lacking = _lacking_first_step(ev, shape, wanted, focus)
            if lacking is not None:
                failures += [Failure(shape, comp, node) for node in lacking]
                continue
            found = reach("this", ev.path(shape), sparql(wanted), path_may_be_empty(shape))
            missing = f"NOT EXISTS {{ {found} }}"
        else:
            missing = f"!sameTerm(?this, {sparql(wanted)})"
        query = f"SELECT ?this WHERE {{ {focus.where('this')} FILTER({missing}) }}"
        failures += failing_focus(ev, shape, comp, query)
    return failures


def _lacking_first_step(
    ev: Evaluator, shape: Shape, wanted: Node, focus: Focus
) -> set[Identifier] | None:
    """The focus nodes without `wanted` at the end of a path of several steps, found
    without following the path from each of them; None when that cannot be done.

    The values of the first step are usually few (a dozen roles for a million tenures).
    When each of them leads to `wanted`, the focus nodes without it are those without a
    first step, which the shared check of required properties finds anyway.
    """
    path = shape.path()
    if (path, RDF.first, None) not in ev.shapes.graph or is_narrowed(focus):
        return None  # (a narrowed focus: its few nodes are cheaper to follow than all steps)
    steps = items(ev.shapes.graph, path)
    if len(steps) < 2 or not isinstance(steps[0], URIRef):
        return None
    first = ev.sparql_path(steps[0])
    rest = " / ".join(ev.sparql_path(s) for s in steps[1:])
    astray = (
        f"SELECT ?step WHERE {{ [] {first} ?step }} GROUP BY ?step"
        f" HAVING(NOT EXISTS {{ ?step {rest} {sparql(wanted)} }}) LIMIT 1"
    )
    if ev.select(astray):
        return None  # some lead elsewhere: the whole path is followed from each focus node
    return ev.lacking(focus, first)
