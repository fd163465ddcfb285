"""SHACL-SPARQL (SHACL 5 and 6): sh:sparql constraints and SPARQL-based constraint
components, each query run once over the whole graph with $this unbound.

A SHACL engine pre-binds $this and runs the query once per focus node. Here it runs once;
its ?this column says which focus node each solution belongs to, and solutions for nodes
outside the shape's focus are dropped. This is equivalent for queries written so that $this
is bound by their own graph pattern (the project's are). Solutions become results by the
rules of SHACL 5.3.2 (?failure, ?path, ?value). A component's parameters are pre-bound by
writing their values in place of their variables.

The head-coach overlap components (OVERLAP_COMPONENTS, declared in shapes/tenure-rules.ttl)
have a faster equivalent: their query runs only on the pairs of tenures whose date hulls
meet (`overlap.py`), with the same solutions as their SPARQL text.
"""

from __future__ import annotations

import contextlib
import re

from rdflib import BNode
from rdflib.namespace import SH
from rdflib.term import Identifier

from footballkg.rdf.namespaces import FKGSH
from footballkg.validation.constraints.common import values_pattern
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, NarrowedFocus, UnsupportedConstraint
from footballkg.validation.overlap import restricted
from footballkg.validation.shapes import Component, Shape, SparqlConstraint
from footballkg.validation.sparql_reach import with_focus
from footballkg.validation.terms import Row, sparql

# The components of the head-coach overlap rules -> their parameter: the property two
# tenures share (fkg:person or fkg:team).
OVERLAP_COMPONENTS = {
    FKGSH.HeadCoachOverlapConstraintComponent: FKGSH.overlapShared,
    FKGSH.HeadCoachPossibleOverlapConstraintComponent: FKGSH.possibleOverlapShared,
}

_PATH = re.compile(r"([\s{}()])[$?]PATH\b")
_UNSUPPORTED = re.compile(r"[$?](currentShape|shapesGraph)\b")
_ASK = re.compile(r"\bASK\s*(?:WHERE\s*)?\{", re.IGNORECASE)


def sparql_constraints(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    """sh:sparql constraints, and SPARQL-based components with a SELECT or ASK validator."""
    if not comp.sparql:
        raise UnsupportedConstraint(f"{comp.iri} without a validator for this kind of shape")
    failures: list[Failure] = []
    for query in sorted(comp.sparql, key=lambda q: str(q.node)):
        if query.deactivated:
            continue
        rows = _run(ev, shape, comp, query, focus)
        rows = _in_focus(ev, rows, focus)
        failures += _failures(shape, comp, query, rows)
    return failures


def _text(ev: Evaluator, shape: Shape, comp: Component, query: SparqlConstraint) -> str:
    """The query's text with $PATH and the component's parameters written in."""
    text = query.select or query.ask or ""
    found = _UNSUPPORTED.search(text)
    if found:
        raise UnsupportedConstraint(f"a SPARQL query using ${found.group(1)}")
    if shape.is_property_shape:
        text = _PATH.sub(lambda m: m.group(1) + ev.path(shape), text)
    if comp.iri != SH.SPARQLConstraintComponent:
        if not shape.is_property_shape:  # a node validator's $value is the focus node
            text = re.sub(r"[$?]value\b", "$this", text)
        for parameter, values in comp.values.items():
            name = str(parameter).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            written = sparql(values[0]).replace("\\", "\\\\")  # a replacement, not a pattern
            text = re.sub(rf"[$?]{re.escape(name)}\b", written, text)
    return text


def _run(
    ev: Evaluator, shape: Shape, comp: Component, query: SparqlConstraint, focus: Focus
) -> list[Row]:
    text = _text(ev, shape, comp, query)
    # An incremental run's focus: $this pre-bound to its nodes (a VALUES block; a query
    # cannot name a blank node, so with some the query runs whole and `_in_focus` narrows).
    nodes = focus.nodes.nodes if isinstance(focus, NarrowedFocus) else None
    if nodes is not None and any(isinstance(n, BNode) for n in nodes):
        nodes = None
    if query.ask is not None:  # true when the value node conforms (SHACL 6.3.2)
        start = _ASK.search(text)
        if start is None:
            raise UnsupportedConstraint(f"validator {query.node} without an ASK query")
        body = text[start.end() - 1 : text.rindex("}") + 1]
        text = (
            f"{text[: start.start()]}SELECT DISTINCT ?this ?value WHERE {{"
            f" {values_pattern(ev, shape, Everything())} FILTER NOT EXISTS {body} }}"
        )
    elif comp.iri in OVERLAP_COMPONENTS:
        pairs = ev.overlap_pairs(str(comp.value(OVERLAP_COMPONENTS[comp.iri])))
        if pairs is not None:  # only the pairs that can overlap (see overlap.py)
            if not pairs:
                return []
            with contextlib.suppress(ValueError):  # not written the expected way: all pairs
                text = restricted(text, pairs)
                nodes = None  # the pairs are the focus nodes' only (`Evaluator.overlap_focus`)
    if nodes is not None:
        text = with_focus(text, nodes)
    solutions = ev.select_solutions(query.with_prefixes(text))
    if "this" not in solutions.variables:
        raise UnsupportedConstraint(f"SPARQL query {query.node} does not select $this")
    return solutions.rows


class Everything(Focus):
    """Every node as a focus node: an ASK validator's query is narrowed to the shape's focus
    nodes afterwards, like a SELECT query's."""

    def where(self, var: str) -> str:
        nodes = f"{{ ?{var} ?p_ ?o_ }} UNION {{ ?s_ ?p_ ?{var} }}"
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {nodes} }} }}"


def _in_focus(ev: Evaluator, rows: list[Row], focus: Focus) -> list[Row]:
    """The solutions whose ?this is one of the shape's focus nodes."""
    keep = ev.in_focus({row["this"] for row in rows if row.get("this") is not None}, focus)
    return [row for row in rows if row.get("this") in keep]


def _failures(
    shape: Shape, comp: Component, query: SparqlConstraint, rows: list[Row]
) -> list[Failure]:
    """Results from solutions (SHACL 5.3.2): one per solution, none repeated; a solution with
    ?failure true is a failure of the query, reported once per focus node."""
    failures: list[Failure] = []
    seen: set[tuple[Identifier, ...]] = set()
    # sh:sourceConstraint names an sh:sparql constraint; a component has none (SHACL 5.3.2).
    constraint = query.node if comp.iri == SH.SPARQLConstraintComponent else None
    for row in rows:
        bindings = dict(row)
        this = bindings["this"]
        if bindings.pop("failure", None) is not None:
            key: tuple[Identifier, ...] = (this, SH.failure)
            if key in seen:
                continue
            seen.add(key)
            value = None if shape.is_property_shape else this
            failures.append(
                Failure(
                    shape,
                    comp,
                    this,
                    value,
                    source_constraint=constraint,
                    bindings=bindings,
                    messages=query.messages,
                )
            )
            continue
        key = tuple(sorted((k, v) for k, v in bindings.items()))  # type: ignore[misc]
        if key in seen:
            continue
        seen.add(key)
        value = bindings.get("value")
        if value is None and not shape.is_property_shape:
            value = this
        failures.append(
            Failure(
                shape,
                comp,
                this,
                value,
                path=bindings.get("path"),
                source_constraint=constraint,
                bindings=bindings,
                messages=query.messages,
            )
        )
    return failures


def constraint_queries(ev: Evaluator, shape: Shape, comp: Component) -> list[str | None]:
    """The text of each active query of the component as it runs (prefixes declared,
    parameters written in); None for an ASK validator (its query is wrapped at run time)."""
    return [
        None if query.select is None else query.with_prefixes(_text(ev, shape, comp, query))
        for query in sorted(comp.sparql, key=lambda q: str(q.node))
        if not query.deactivated
    ]
