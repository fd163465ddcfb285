"""Shape-based constraint components (SHACL 4.7): sh:node, sh:property,
sh:qualifiedValueShape (with sh:qualifiedMinCount, sh:qualifiedMaxCount)."""

from __future__ import annotations

from typing import Any

from rdflib.namespace import SH
from rdflib.term import Identifier

from footballkg.validation.conditions import condition
from footballkg.validation.constraints.common import (
    candidates,
    failing,
    pairs_with_values,
    value_focus,
    values_pattern,
)
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, NodesFocus
from footballkg.validation.shapes import Component, Shape, literal_is_true


def property_(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    # The property shapes' own results, as SHACL reports them (not wrapped in this shape).
    failures = []
    inner = value_focus(ev, shape, focus)
    for node in comp.all(SH.property):
        failures += ev.check(ev.shape(node), inner)
    return failures


def node(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    shapes = comp.all(SH.node)
    conditions = [condition(ev, ev.shape(n), "value", strict=True) for n in shapes]
    if all(c is not None for c in conditions):
        test = " && ".join(f"({c})" for c in conditions)
        return failing(ev, shape, comp, focus, f"!({test})")
    failures = []
    inner = value_focus(ev, shape, focus)
    for n in shapes:
        bad = ev.nonconforming(ev.shape(n), inner, any_result=True)
        failures += pairs_with_values(ev, shape, comp, focus, bad)
    return failures


def _qualified_counts(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus
) -> list[dict[str, Any]]:
    """For each focus node, how many of its value nodes conform to the qualified shape (and
    to none of the sibling shapes, with sh:qualifiedValueShapesDisjoint)."""
    values = candidates(ev, shape, focus)
    conforming: set[Identifier] = set()
    if values:
        nodes = NodesFocus(values)
        conforming = set(values)
        for qualified in comp.all(SH.qualifiedValueShape):
            conforming -= ev.nonconforming(ev.shape(qualified), nodes, any_result=True)
        if any(literal_is_true(d) for d in comp.all(SH.qualifiedValueShapesDisjoint)):
            for sibling in _siblings(ev, shape):
                conforming &= ev.nonconforming(ev.shape(sibling), nodes, any_result=True)
    rows = ev.select(f"SELECT DISTINCT ?this ?value WHERE {{ {values_pattern(ev, shape, focus)} }}")
    everyone = ev.select(f"SELECT ?this WHERE {{ {focus.where('this')} }}")
    counts: dict[Identifier, int] = {row["this"]: 0 for row in everyone}
    for row in rows:
        if row["value"] in conforming:
            counts[row["this"]] = counts.get(row["this"], 0) + 1
    return [{"this": t, "n": n} for t, n in counts.items()]


def _siblings(ev: Evaluator, shape: Shape) -> set[Identifier]:
    """The sh:qualifiedValueShape values of the other property shapes of the shapes that
    have this one as a property (SHACL 4.7.3)."""
    graph = ev.shapes.graph
    own = set(graph.objects(shape.node, SH.qualifiedValueShape))
    found: set[Identifier] = set()
    for parent in graph.subjects(SH.property, shape.node):
        for sibling in graph.objects(parent, SH.property):
            found.update(
                s
                for s in graph.objects(sibling, SH.qualifiedValueShape)
                if isinstance(s, Identifier)
            )
    return found - own


def qualified_min_count(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus
) -> list[Failure]:
    least = comp.number(SH.qualifiedMinCount)
    rows = _qualified_counts(ev, shape, comp, focus)
    return [Failure(shape, comp, r["this"]) for r in rows if r["n"] < least]


def qualified_max_count(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus
) -> list[Failure]:
    most = comp.number(SH.qualifiedMaxCount)
    rows = _qualified_counts(ev, shape, comp, focus)
    return [Failure(shape, comp, r["this"]) for r in rows if r["n"] > most]
