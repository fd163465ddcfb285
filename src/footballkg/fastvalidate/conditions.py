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
from typing import TYPE_CHECKING

from pyshacl.shape import Shape
from rdflib.namespace import SH

from footballkg.fastvalidate.components import same_language, unique_lang_on, value_test
from footballkg.fastvalidate.focus import fresh
from footballkg.fastvalidate.terms import sparql

if TYPE_CHECKING:
    from footballkg.fastvalidate.engine import Evaluator


def condition(ev: Evaluator, shape: Shape, x: str, strict: bool = False) -> str | None:
    """An expression true when the node in ?`x` conforms to `shape` (None: not expressible).

    `strict`: any result fails the node, whatever its severity (how sh:node judges);
    otherwise only Violation results do (how the logical components judge).
    """
    if shape.deactivated or (not strict and shape.severity in (SH.Warning, SH.Info)):
        return "true"
    parts: list[str] = []
    path = ev.path(shape) if shape.is_property_shape else None
    for component in ev.components(shape):
        name = type(component).__name__
        part = _component(ev, name, component, path, x, strict)
        if part is None:
            return None
        parts.append(part)
    return " && ".join(f"({p})" for p in parts) if parts else "true"


def value_condition(ev: Evaluator, comp: object, x: str) -> str | None:
    """An expression true when value node ?`x` satisfies a shape-based component (or None)."""
    return _component(ev, type(comp).__name__, comp, None, x, strict=False)


def _each_value(path: str | None, x: str, failing: str, v: str) -> str:
    """True when no value node (in ?`v`) satisfies the `failing` expression."""
    if path is None:
        on_x = re.sub(rf"[?]{v}\b", f"?{x}", failing)
        return f"!COALESCE({on_x}, false)"
    return f"NOT EXISTS {{ ?{x} {path} ?{v} FILTER({failing}) }}"


def _component(
    ev: Evaluator, name: str, comp: object, path: str | None, x: str, strict: bool
) -> str | None:
    v = fresh("v")
    test = value_test(ev, name, comp, f"?{v}")
    if test is not None:
        return " && ".join(_each_value(path, x, t, v) for t in test) or "true"
    if name == "MinCountConstraintComponent":
        n = int(comp.min_count.value)  # type: ignore[attr-defined]
        if n <= 0:
            return "true"
        return f"EXISTS {{ ?{x} {path} ?{v} }}" if n == 1 else None
    if name == "MaxCountConstraintComponent":
        n = int(comp.max_count.value)  # type: ignore[attr-defined]
        if n == 0:
            return f"NOT EXISTS {{ ?{x} {path} ?{v} }}"
        if n == 1:
            w = fresh("w")
            return f"NOT EXISTS {{ ?{x} {path} ?{v} , ?{w} FILTER(!sameTerm(?{v}, ?{w})) }}"
        return None
    if name == "UniqueLangConstraintComponent":
        if not unique_lang_on(ev, comp) or path is None:
            return "true"
        return f"NOT EXISTS {{ {same_language(path, x)} }}"
    if name == "HasValueConstraintComponent":
        wanted = list(comp.has_value_set)  # type: ignore[attr-defined]
        if path is None:
            return " && ".join(f"sameTerm(?{x}, {sparql(h)})" for h in wanted)
        return " && ".join(f"EXISTS {{ ?{x} {path} {sparql(h)} }}" for h in wanted)
    if name in ("OrConstraintComponent", "AndConstraintComponent", "XoneConstraintComponent"):
        lists = {
            "OrConstraintComponent": "or_list",
            "AndConstraintComponent": "and_list",
            "XoneConstraintComponent": "xone_nodes",
        }[name]
        parts = []
        for head in getattr(comp, lists):
            members = [condition(ev, ev.shape(m), v) for m in ev.shapes_graph.graph.items(head)]
            if any(m is None for m in members):
                return None
            parts.append(combine(name, [m for m in members if m is not None]))
        ok = " && ".join(f"({p})" for p in parts) or "true"
        return _each_value(path, x, f"!({ok})", v)
    if name == "NotConstraintComponent":
        parts = []
        for node in comp.not_list:  # type: ignore[attr-defined]
            inner = condition(ev, ev.shape(node), v)
            if inner is None:
                return None
            parts.append(f"({inner})")
        return _each_value(path, x, " || ".join(parts) or "false", v)
    if name in ("PropertyConstraintComponent", "NodeConstraintComponent"):
        # sh:property passes its results up (same strictness); sh:node fails on any result.
        nodes = getattr(comp, "property_shapes", None) or comp.node_shapes  # type: ignore[attr-defined]
        parts = []
        for node in nodes:
            inner = condition(ev, ev.shape(node), v, strict or name == "NodeConstraintComponent")
            if inner is None:
                return None
            parts.append(f"({inner})")
        return _each_value(path, x, f"!({' && '.join(parts) or 'true'})", v)
    return None


def combine(name: str, members: list[str]) -> str:
    """How sh:or / sh:and / sh:xone combine the members' conditions."""
    if name == "OrConstraintComponent":
        return " || ".join(f"({m})" for m in members) or "false"
    if name == "AndConstraintComponent":
        return " && ".join(f"({m})" for m in members) or "true"
    counted = " + ".join(f"IF({m}, 1, 0)" for m in members) or "0"
    return f"({counted}) = 1"
