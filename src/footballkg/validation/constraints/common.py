"""What the constraint handlers share: the focus/value pattern, and the ways to find the
(focus node, value) pairs that fail a test, each as few queries as the data allows."""

from __future__ import annotations

from rdflib import BNode, Literal
from rdflib.term import Identifier

from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, ValueFocus, follow, path_may_be_empty
from footballkg.validation.shapes import Component, Shape
from footballkg.validation.terms import sparql


def values_pattern(ev: Evaluator, shape: Shape, focus: Focus) -> str:
    """A pattern binding ?this to each focus node and ?value to each of its value nodes."""
    if shape.is_property_shape:
        return follow(focus, "this", ev.path(shape), "value", path_may_be_empty(shape))
    return f"{focus.where('this')} BIND(?this AS ?value)"


def string_literal(text: str) -> str:
    return sparql(Literal(text))


def failing_values(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus, test: str
) -> list[Failure]:
    """Failures for every (focus, value) pair for which the SPARQL expression `test` holds."""
    where = values_pattern(ev, shape, focus)
    query = f"SELECT DISTINCT ?this ?value WHERE {{ {where} FILTER({test}) }}"
    return [Failure(shape, comp, row["this"], row["value"]) for row in ev.select(query)]


def failing_focus(ev: Evaluator, shape: Shape, comp: Component, query: str) -> list[Failure]:
    return [Failure(shape, comp, row["this"]) for row in ev.select(query)]


def failing(ev: Evaluator, shape: Shape, comp: Component, focus: Focus, test: str) -> list[Failure]:
    """Failures for the values that fail `test`, a SPARQL expression on ?value alone."""
    if shape.is_property_shape and not path_may_be_empty(shape) and not ev.is_small(focus):
        # (A path followed zero steps has the focus nodes among its values, which a
        # look at the path's triples alone would miss.)
        return _failing_values_first(ev, shape, comp, focus, test)
    return failing_values(ev, shape, comp, focus, test)


def _failing_values_first(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus, test: str
) -> list[Failure]:
    """Like failing_values, but tests each distinct value once, before looking at focus nodes.

    Many focus nodes share few values (every tenure names one of a few roles), and the
    failing values are fewer still, so only their (focus, value) pairs are looked up.
    """
    path = ev.path(shape)
    if "EXISTS" in test or "REGEX" in test:
        # A test that looks the value up or matches a pattern costs more than grouping:
        # HAVING runs it once per distinct value, where Oxigraph would move a FILTER below
        # the DISTINCT and run it on the value of every triple (a hundred thousand roles).
        query = f"SELECT ?value WHERE {{ [] {path} ?value }} GROUP BY ?value HAVING({test})"
    else:  # a cheap test of values mostly distinct (labels): grouping would cost more
        query = f"SELECT DISTINCT ?value WHERE {{ [] {path} ?value FILTER({test}) }}"
    bad = {row["value"] for row in ev.select(query)}
    if not bad:
        return []
    if any(isinstance(v, BNode) for v in bad):  # a query cannot name them: focus first
        return failing_values(ev, shape, comp, focus, test)
    block = " ".join(sparql(v) for v in bad)
    pairs = ev.select(
        f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?value {{ {block} }} ?this {path} ?value }}"
    )
    keep = ev.in_focus({row["this"] for row in pairs}, focus)
    return [Failure(shape, comp, r["this"], r["value"]) for r in pairs if r["this"] in keep]


def value_component(ev: Evaluator, shape: Shape, comp: Component, focus: Focus) -> list[Failure]:
    """The handler of a component that judges each value node alone (by its value tests)."""
    failures = []
    for test in ev.registry.value_tests[comp.iri](ev, comp, "?value"):
        failures += failing(ev, shape, comp, focus, test)
    return failures


def value_focus(ev: Evaluator, shape: Shape, focus: Focus) -> ValueFocus:
    if not shape.is_property_shape:
        return ValueFocus(focus, None)
    return ValueFocus(focus, ev.path(shape), path_may_be_empty(shape))


def pairs_with_values(
    ev: Evaluator, shape: Shape, comp: Component, focus: Focus, values: set[Identifier]
) -> list[Failure]:
    """Failures for the (focus, value) pairs whose value is one of `values`."""
    if not values:
        return []
    if any(isinstance(v, BNode) for v in values):
        # A query cannot name a blank node: every pair is listed, and the wanted kept.
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {values_pattern(ev, shape, focus)} }}"
        rows = [row for row in ev.select(query) if row["value"] in values]
        return [Failure(shape, comp, row["this"], row["value"]) for row in rows]
    block = " ".join(sparql(v) for v in values)
    if shape.is_property_shape:
        where = f"VALUES ?value {{ {block} }} {values_pattern(ev, shape, focus)}"
    else:  # the value is the focus node (?value cannot be both in VALUES and BIND)
        where = f"VALUES ?this {{ {block} }} {focus.where('this')} BIND(?this AS ?value)"
    query = f"SELECT DISTINCT ?this ?value WHERE {{ {where} }}"
    return [Failure(shape, comp, row["this"], row["value"]) for row in ev.select(query)]


def candidates(ev: Evaluator, shape: Shape, focus: Focus) -> set[Identifier]:
    """The value nodes of `shape` over `focus`."""
    inner = value_focus(ev, shape, focus)
    return {row["v"] for row in ev.select(f"SELECT ?v WHERE {{ {inner.where('v')} }}")}
