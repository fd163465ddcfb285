# pyshacl has no type hints:
# mypy: disable-error-code="no-untyped-call"
"""SHACL-SPARQL constraints (sh:sparql), each run once over the whole graph with $this unbound.

pyshacl pre-binds $this and runs the query once per focus node. Here the query runs once;
its ?this column says which focus node each solution belongs to, and solutions for nodes
outside the shape's focus are dropped. This is equivalent for queries written so that $this
is bound by their own graph pattern (the project's shapes are). Solutions are turned into
results with the same rules pyshacl applies (?failure, ?path, ?value, duplicates).

A few constraints have a faster equivalent in Python registered in `overlap.py` (interval
overlap by sort-and-sweep): they produce the same solutions as their SPARQL text.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from pyshacl.shape import Shape
from rdflib.term import Identifier

from footballkg.fastvalidate.components import Failure, handles
from footballkg.fastvalidate.focus import Focus, UnsupportedConstraint
from footballkg.fastvalidate.overlap import OVERLAP_CONSTRAINTS, restricted

if TYPE_CHECKING:
    from footballkg.fastvalidate.engine import Evaluator

Row = dict[str, Identifier]


@handles("SPARQLBasedConstraint")
def sparql_constraint(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    failures: list[Failure] = []
    for helper in sorted(comp.sparql_constraints, key=lambda h: str(h.node)):
        if helper.deactivated:
            continue
        group = OVERLAP_CONSTRAINTS.get(str(helper.node))
        pairs = ev.overlap_pairs(group) if group is not None else None
        if pairs is None:
            rows = _run(ev, shape, helper)
        else:  # only pairs that can overlap (see overlap.py)
            rows = _run(ev, shape, helper, pairs) if pairs else []
        rows = _in_focus(ev, rows, focus)
        failures += _failures(shape, comp, helper, rows)
    return failures


def _run(
    ev: Evaluator,
    shape: Shape,
    helper: SPARQLQueryHelper,
    pairs: list[tuple[str, str]] | None = None,
) -> list[Row]:
    text = helper.select_text
    if pairs is not None:
        # A query not written the expected way runs over all pairs instead.
        with contextlib.suppress(ValueError):
            text = restricted(text, pairs)
    for regex, name in (
        (helper.bind_cs_regex, "$currentShape"),
        (helper.bind_sg_regex, "$shapesGraph"),
    ):
        if regex.search(text):
            raise UnsupportedConstraint(f"a SPARQL constraint using {name}")
    if shape.is_property_shape:
        text = helper.bind_path_regex.sub(rf"\g<1>{ev.path(shape)}", text)
    solutions = ev.select_solutions(helper.apply_prefixes(text))
    if "this" not in solutions.variables:
        raise UnsupportedConstraint(f"SPARQL constraint {helper.node} does not select $this")
    return solutions.rows


def _in_focus(ev: Evaluator, rows: list[Row], focus: Focus) -> list[Row]:
    """The solutions whose ?this is one of the shape's focus nodes."""
    keep = ev.in_focus({row["this"] for row in rows if row.get("this") is not None}, focus)
    return [row for row in rows if row.get("this") in keep]


def _failures(shape: Shape, comp: Any, helper: SPARQLQueryHelper, rows: list[Row]) -> list[Failure]:
    """pyshacl's treatment of the solutions (SPARQLBasedConstraint._validate_sparql_query)."""
    extra = helper.messages or None
    failures: list[Failure] = []
    seen: dict[Identifier, list[Any]] = {}
    for row in rows:
        var_dict = {k: v for k, v in row.items() if v is not None}
        this = var_dict["this"]
        done = seen.setdefault(this, [])
        result_val = None if shape.is_property_shape else this
        if var_dict.pop("failure", None) is not None:
            if True in done:
                continue
            done.append(True)
            failures.append(
                Failure(
                    shape,
                    comp,
                    this,
                    result_val,
                    source_constraint=helper.node,
                    bound_vars=var_dict,
                    extra_messages=extra,
                )
            )
            continue
        p = var_dict.pop("path", None)
        v = var_dict.pop("value", None)
        t = var_dict.pop("this", None)
        key = (t, p, v, var_dict)
        if key in done:
            continue
        done.append(key)
        v = result_val if v is None else v
        failures.append(
            Failure(
                shape,
                comp,
                t or this,
                v,
                path=p,
                source_constraint=helper.node,
                bound_vars=(t, p, v, var_dict),
                extra_messages=extra,
            )
        )
    return failures
