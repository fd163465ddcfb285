"""A nested shape as one SPARQL boolean expression: "does node ?x conform to shape S?".

sh:or, sh:xone, sh:and and sh:not combine nested shapes. Checking those one candidate at a
time (or as Python sets of a million nodes) is slow, so where every constraint of the nested
shapes has a simple SPARQL form, the whole combination becomes one FILTER expression and the
logical constraint is one query. `condition` returns None for anything it cannot express;
the caller then uses the general (set-based) evaluation.

As in pyshacl with warnings allowed (how the project validates), a nested shape of Warning
or Info severity never makes a node fail a logical constraint.
"""

from __future__ import annotations

import re

from rdflib.namespace import SH

from footballkg.validation.constraints.core.string_based_constraints import (
    same_language,
    unique_lang_on,
)
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.focus import fresh, path_may_be_empty, reach
from footballkg.validation.shapes import Component, Shape, items
from footballkg.validation.terms import sparql


def condition(ev: Evaluator, shape: Shape, x: str, strict: bool = False) -> str | None:
    """An expression true when the node in ?`x` conforms to `shape` (None: not expressible).

    `strict`: any result fails the node, whatever its severity (how sh:node judges);
    otherwise only Violation results do (how the logical components judge).
    """
    if shape.deactivated or (not strict and shape.severity in (SH.Warning, SH.Info)):
        return "true"
    parts: list[str] = []
    path = ev.path(shape) if shape.is_property_shape else None
    empty = path_may_be_empty(shape)
    for component in ev.components(shape):
        part = _component(ev, component, path, empty, x, strict)
        if part is None:
            return None
        parts.append(part)
    return " && ".join(f"({p})" for p in parts) if parts else "true"


def value_condition(ev: Evaluator, comp: Component, x: str) -> str | None:
    """An expression true when value node ?`x` satisfies a shape-based component (or None)."""
    return _component(ev, comp, None, False, x, strict=False)


def _each_value(path: str | None, empty: bool, x: str, failing: str, v: str) -> str:
    """True when no value node (in ?`v`) satisfies the `failing` expression."""
    if path is None:
        on_x = re.sub(rf"[?]{v}\b", f"?{x}", failing)
        # A FILTER alone in NOT EXISTS: an error counts as "not failing", as in the FILTER
        # below. (Not COALESCE: Virtuoso rejects one holding && or || of EXISTS.)
        return f"NOT EXISTS {{ FILTER({on_x}) }}"
    return f"NOT EXISTS {{ {reach(x, path, '?' + v, empty)} FILTER({failing}) }}"


_LISTS = {
    SH.OrConstraintComponent: SH["or"],
    SH.AndConstraintComponent: SH["and"],
    SH.XoneConstraintComponent: SH.xone,
}


def _component(
    ev: Evaluator, comp: Component, path: str | None, empty: bool, x: str, strict: bool
) -> str | None:
    v = fresh("v")
    iri = comp.iri
    value_test = ev.registry.value_tests.get(iri)
    if value_test is not None:
        tests = value_test(ev, comp, f"?{v}")
        return " && ".join(_each_value(path, empty, x, t, v) for t in tests) or "true"
    if iri == SH.MinCountConstraintComponent:
        n = comp.number(SH.minCount)
        if n <= 0 or (n == 1 and empty):  # a path followed zero steps has a value
            return "true"
        return f"EXISTS {{ ?{x} {path} ?{v} }}" if n == 1 else None
    if iri == SH.MaxCountConstraintComponent:
        n = comp.number(SH.maxCount)
        if n == 0:
            return "false" if empty else f"NOT EXISTS {{ ?{x} {path} ?{v} }}"
        if n == 1 and not empty:
            w = fresh("w")
            return f"NOT EXISTS {{ ?{x} {path} ?{v} , ?{w} FILTER(!sameTerm(?{v}, ?{w})) }}"
        return None
    if iri == SH.UniqueLangConstraintComponent:
        if not unique_lang_on(comp) or path is None:
            return "true"
        return f"NOT EXISTS {{ {same_language(path, x)} }}"
    if iri == SH.HasValueConstraintComponent:
        wanted = comp.all(SH.hasValue)
        if path is None:
            return " && ".join(f"sameTerm(?{x}, {sparql(h)})" for h in wanted)
        return " && ".join(f"EXISTS {{ {reach(x, path, sparql(h), empty)} }}" for h in wanted)
    if iri in _LISTS:
        parts = []
        for head in comp.all(_LISTS[iri]):
            members = [condition(ev, ev.shape(m), v) for m in items(ev.shapes.graph, head)]
            if any(m is None for m in members):
                return None
            parts.append(combine(iri, [m for m in members if m is not None]))
        ok = " && ".join(f"({p})" for p in parts) or "true"
        return _each_value(path, empty, x, f"!({ok})", v)
    if iri == SH.NotConstraintComponent:
        parts = []
        for node in comp.all(SH["not"]):
            inner = condition(ev, ev.shape(node), v)
            if inner is None:
                return None
            parts.append(f"({inner})")
        return _each_value(path, empty, x, " || ".join(parts) or "false", v)
    if iri in (SH.PropertyConstraintComponent, SH.NodeConstraintComponent):
        # sh:property passes its results up (same strictness); sh:node fails on any result.
        is_node = iri == SH.NodeConstraintComponent
        nodes = comp.all(SH.node if is_node else SH.property)
        parts = []
        for node in nodes:
            inner = condition(ev, ev.shape(node), v, strict or is_node)
            if inner is None:
                return None
            parts.append(f"({inner})")
        return _each_value(path, empty, x, f"!({' && '.join(parts) or 'true'})", v)
    return None


def combine(iri: object, members: list[str]) -> str:
    """How sh:or / sh:and / sh:xone combine the members' conditions."""
    if iri == SH.OrConstraintComponent:
        return " || ".join(f"({m})" for m in members) or "false"
    if iri == SH.AndConstraintComponent:
        return " && ".join(f"({m})" for m in members) or "true"
    counted = " + ".join(f"IF({m}, 1, 0)" for m in members) or "0"
    return f"({counted}) = 1"
