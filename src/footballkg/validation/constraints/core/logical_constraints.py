"""Logical constraint components (SHACL 4.6): sh:not, sh:and, sh:or, sh:xone.

Where every nested shape has a SPARQL condition (`conditions.py`), the component is one
query; otherwise the value nodes are checked against each nested shape as a set.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import Identifier, Node

from footballkg.validation.conditions import value_condition
from footballkg.validation.constraints.common import candidates, failing, pairs_with_values
from footballkg.validation.evaluator import Evaluator, Handler
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, NodesFocus
from footballkg.validation.shapes import Component, Shape, items


def _by_condition(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus
) -> list[Failure] | None:
    """The component as one query, when its nested shapes have a SPARQL condition."""
    ok = value_condition(ev, comp, "value")
    if ok is None:
        return None
    return failing(ev, shape, comp, focus, f"!({ok})")


def _conforming(ev: Evaluator, shapes: list[Node], nodes: set[Identifier]) -> list[set[Identifier]]:
    """For each of `shapes`, those of `nodes` that conform to it."""
    if not nodes:
        return [set() for _ in shapes]
    focus = NodesFocus(nodes)
    return [nodes - ev.nonconforming(ev.shape(s), focus) for s in shapes]


def not_(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    fast = _by_condition(ev, shape, comp, focus)
    if fast is not None:
        return fast
    failures = []
    values = candidates(ev, shape, focus)
    for node in comp.all(SH["not"]):
        bad = ev.nonconforming(ev.shape(node), NodesFocus(values)) if values else set()
        failures += pairs_with_values(ev, shape, comp, focus, values - bad)
    return failures


def _combination(parameter: URIRef, judge: str) -> Handler:
    """sh:and / sh:or / sh:xone: the value nodes conforming to all / some / exactly one."""

    def handler(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
        fast = _by_condition(ev, shape, comp, focus)
        if fast is not None:
            return fast
        failures = []
        values = candidates(ev, shape, focus)
        for head in comp.all(parameter):
            passed = _conforming(ev, items(ev.shapes.graph, head), values)
            counts = {v: sum(v in p for p in passed) for v in values}
            if judge == "all":
                bad = {v for v, n in counts.items() if n < len(passed)}
            elif judge == "some":
                bad = {v for v, n in counts.items() if n == 0}
            else:
                bad = {v for v, n in counts.items() if n != 1}
            failures += pairs_with_values(ev, shape, comp, focus, bad)
        return failures

    return handler


and_ = _combination(SH["and"], "all")
or_ = _combination(SH["or"], "some")
xone = _combination(SH.xone, "one")
