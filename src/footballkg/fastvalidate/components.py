# pyshacl has no type hints:
# mypy: disable-error-code="no-untyped-call"
"""SHACL Core constraint components, each evaluated for all focus nodes by one SPARQL query.

Each handler takes the pyshacl component object (which has already parsed and checked the
shape's parameters, so both engines read the shapes identically) and returns the failures
as `Failure`s. The semantics follow pyshacl's own implementation where it differs from a
literal reading of the SPARQL definitions in the SHACL spec, since pyshacl is the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyshacl.helper.path_helper import shacl_path_to_sparql_path
from pyshacl.shape import Shape
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Identifier, Node

from footballkg.fastvalidate.focus import Focus, NodesFocus, ValueFocus
from footballkg.fastvalidate.terms import sparql

if TYPE_CHECKING:
    from footballkg.fastvalidate.engine import Evaluator


@dataclass
class Failure:
    """One result before its message is written: what failed, where, and why."""

    shape: Shape
    component: Any  # the pyshacl ConstraintComponent object (gives IRI and generic message)
    focus: Identifier
    value: Identifier | None = None
    path: Node | None = None  # a SPARQL constraint's ?path; else the shape's own path
    source_constraint: Node | None = None
    bound_vars: Any = None  # a SPARQL constraint's solution, for {?var} in messages
    extra_messages: Any = None  # a SPARQL constraint's own sh:message values


Handler = Callable[["Evaluator", Shape, Any, Focus], list[Failure]]
HANDLERS: dict[str, Handler] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[name] = function
        return function

    return register


def _values(ev: Evaluator, shape: Shape, focus: Focus) -> str:
    """A pattern binding ?this to each focus node and ?value to each of its value nodes."""
    if shape.is_property_shape:
        return f"{focus.where('this')} ?this {ev.path(shape)} ?value ."
    return f"{focus.where('this')} BIND(?this AS ?value)"


def _failing_values(
    ev: Evaluator, shape: Shape, comp: Any, focus: Focus, test: str
) -> list[Failure]:
    """Failures for every (focus, value) pair for which the SPARQL expression `test` holds."""
    query = f"SELECT DISTINCT ?this ?value WHERE {{ {_values(ev, shape, focus)} FILTER({test}) }}"
    return [Failure(shape, comp, row["this"], row["value"]) for row in ev.select(query)]


def _failing_focus(ev: Evaluator, shape: Shape, comp: Any, query: str) -> list[Failure]:
    return [Failure(shape, comp, row["this"]) for row in ev.select(query)]


_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "isBlank({v}) || isIRI({v})",
    SH.BlankNodeOrLiteral: "isBlank({v}) || isLiteral({v})",
    SH.IRIOrLiteral: "isIRI({v}) || isLiteral({v})",
}

_RANGES = {
    "MinInclusiveConstraintComponent": (">=", "min_vals"),
    "MinExclusiveConstraintComponent": (">", "min_vals"),
    "MaxInclusiveConstraintComponent": ("<=", "max_vals"),
    "MaxExclusiveConstraintComponent": ("<", "max_vals"),
}


def _datatype_ok(rule: Node) -> str:
    # Ill-typed literals never reach validation: loading rejects them.
    if rule == RDFS.Literal:
        return "isLiteral({v})"
    if rule == RDFS.Datatype:
        return f"isLiteral({{v}}) && LANG({{v}}) = '' && DATATYPE({{v}}) != <{XSD.string}>"
    if rule == XSD.string:
        return f"isLiteral({{v}}) && LANG({{v}}) = '' && DATATYPE({{v}}) = <{XSD.string}>"
    if rule == RDF.langString:
        return "isLiteral({v}) && LANG({v}) != ''"
    return f"isLiteral({{v}}) && LANG({{v}}) = '' && DATATYPE({{v}}) = {sparql(rule)}"


def _string(text: str) -> str:
    return sparql(Literal(text))


def value_test(ev: Evaluator, name: str, comp: Any, v: str) -> list[str] | None:
    """For components that judge each value node alone: SPARQL tests, true when `v` fails.

    One test per rule (two sh:class values give two tests), as pyshacl reports one result
    per rule. None for components that are not of this kind.
    """
    tests: list[str]
    if name == "ClassConstraintComponent":
        # The subclass closure is computed once; a path per value would be walked each time.
        tests = []
        for c in comp.class_rules:
            classes = ", ".join(sparql(sub) for sub in ev.subclasses(c))
            tests.append(
                f"NOT EXISTS {{ {{v}} <{RDF.type}> ?class_ FILTER(?class_ IN ({classes})) }}"
            )
    elif name == "DatatypeConstraintComponent":
        # A literal whose lexical form does not fit its datatype fails too (pyshacl checks
        # rdflib's ill_typed); such literals are known up front (see Evaluator.ill_typed).
        bad = [lit for lit in ev.ill_typed if lit.datatype == comp.datatype_rule]
        ill = " || ".join(f"sameTerm({{v}}, {sparql(lit)})" for lit in bad)
        tests = [f"!({_datatype_ok(comp.datatype_rule)})" + (f" || {ill}" if ill else "")]
    elif name == "NodeKindConstraintComponent":
        tests = [f"!({_NODE_KINDS[comp.nodekind_rule]})"]
    elif name == "InConstraintComponent":
        allowed = " || ".join(f"sameTerm({{v}}, {sparql(a)})" for a in comp.in_vals)
        tests = [f"!({allowed or 'false'})"]
    elif name == "PatternConstraintComponent":
        flags = f", {_string(str(comp.flags))}" if comp.flags is not None else ""
        tests = [
            f"isBlank({{v}}) || !REGEX(STR({{v}}), {_string(str(rule))}{flags})"
            for rule in comp.string_rules
        ]
    elif name == "MinLengthConstraintComponent":
        n = int(comp.string_rules[0].value)
        tests = [f"isBlank({{v}}) || STRLEN(STR({{v}})) < {n}"] if n > 0 else []
    elif name == "MaxLengthConstraintComponent":
        n = int(comp.string_rules[0].value)
        tests = [f"isBlank({{v}}) || STRLEN(STR({{v}})) > {n}"]
    elif name in _RANGES:
        op, attribute = _RANGES[name]
        # A value that cannot be compared fails, as in pyshacl.
        tests = [f"!COALESCE({{v}} {op} {sparql(b)}, false)" for b in getattr(comp, attribute)]
    else:
        return None
    return [t.replace("{v}", v) for t in tests]


def _value_component(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    failures = []
    for test in value_test(ev, type(comp).__name__, comp, "?value") or []:
        failures += _failing(ev, shape, comp, focus, test)
    return failures


def _failing(ev: Evaluator, shape: Shape, comp: Any, focus: Focus, test: str) -> list[Failure]:
    """Failures for the values that fail `test`, a SPARQL expression on ?value alone."""
    if shape.is_property_shape and not ev.is_small(focus):
        return _failing_values_first(ev, shape, comp, focus, test)
    return _failing_values(ev, shape, comp, focus, test)


def _failing_values_first(
    ev: Evaluator, shape: Shape, comp: Any, focus: Focus, test: str
) -> list[Failure]:
    """Like _failing_values, but tests each distinct value once, before looking at focus nodes.

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
        return _failing_values(ev, shape, comp, focus, test)
    block = " ".join(sparql(v) for v in bad)
    pairs = ev.select(
        f"SELECT DISTINCT ?this ?value WHERE {{ VALUES ?value {{ {block} }} ?this {path} ?value }}"
    )
    keep = ev.in_focus({row["this"] for row in pairs}, focus)
    return [Failure(shape, comp, r["this"], r["value"]) for r in pairs if r["this"] in keep]


for _name in (
    "ClassConstraintComponent",
    "DatatypeConstraintComponent",
    "NodeKindConstraintComponent",
    "InConstraintComponent",
    "PatternConstraintComponent",
    "MinLengthConstraintComponent",
    "MaxLengthConstraintComponent",
    *_RANGES,
):
    HANDLERS[_name] = _value_component


@handles("MinCountConstraintComponent")
def _min_count(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    n = int(comp.min_count.value)
    if n <= 0:
        return []
    if n == 1:
        return [Failure(shape, comp, node) for node in ev.lacking(focus, ev.path(shape))]
    query = (
        f"SELECT ?this WHERE {{ {focus.where('this')}"
        f" OPTIONAL {{ ?this {ev.path(shape)} ?value }} }}"
        f" GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
    )
    return _failing_focus(ev, shape, comp, query)


@handles("MaxCountConstraintComponent")
def _max_count(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    # Nodes with too many values, found without the focus (a self-join is cheaper than
    # counting every node); only those few are then checked against the focus.
    n = int(comp.max_count.value)
    path = ev.path(shape)
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
            return _failing_focus(ev, shape, comp, query)
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


@handles("HasValueConstraintComponent")
def _has_value(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    failures = []
    for wanted in comp.has_value_set:
        if shape.is_property_shape:
            lacking = _lacking_first_step(ev, shape, wanted, focus)
            if lacking is not None:
                failures += [Failure(shape, comp, node) for node in lacking]
                continue
            missing = f"NOT EXISTS {{ ?this {ev.path(shape)} {sparql(wanted)} }}"
        else:
            missing = f"!sameTerm(?this, {sparql(wanted)})"
        query = f"SELECT ?this WHERE {{ {focus.where('this')} FILTER({missing}) }}"
        failures += _failing_focus(ev, shape, comp, query)
    return failures


def _lacking_first_step(
    ev: Evaluator, shape: Shape, wanted: Identifier, focus: Focus
) -> set[Identifier] | None:
    """The focus nodes without `wanted` at the end of a path of several steps, found
    without following the path from each of them; None when that cannot be done.

    The values of the first step are usually few (a dozen roles for a million tenures).
    When each of them leads to `wanted`, the focus nodes without it are those without a
    first step, which the shared check of required properties finds anyway.
    """
    steps = list(ev.shapes_graph.graph.items(shape.path()))
    if len(steps) < 2 or not isinstance(steps[0], URIRef):
        return None
    first = shacl_path_to_sparql_path(ev.shapes_graph, steps[0])
    rest = " / ".join(shacl_path_to_sparql_path(ev.shapes_graph, s, recursion=1) for s in steps[1:])
    astray = (
        f"SELECT ?step WHERE {{ [] {first} ?step }} GROUP BY ?step"
        f" HAVING(NOT EXISTS {{ ?step {rest} {sparql(wanted)} }}) LIMIT 1"
    )
    if ev.select(astray):
        return None  # some lead elsewhere: the whole path is followed from each focus node
    return ev.lacking(focus, first)


# --- shape-based and logical components -----------------------------------------------------


def value_focus(ev: Evaluator, shape: Shape, focus: Focus) -> ValueFocus:
    return ValueFocus(focus, ev.path(shape) if shape.is_property_shape else None)


def _pairs_with_values(
    ev: Evaluator, shape: Shape, comp: Any, focus: Focus, values: set[Identifier]
) -> list[Failure]:
    if not values:
        return []
    if any(isinstance(v, BNode) for v in values):
        # A query cannot name a blank node: every pair is listed, and the wanted kept.
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {_values(ev, shape, focus)} }}"
        rows = [row for row in ev.select(query) if row["value"] in values]
        return [Failure(shape, comp, row["this"], row["value"]) for row in rows]
    block = " ".join(sparql(v) for v in values)
    if shape.is_property_shape:
        where = f"VALUES ?value {{ {block} }} {_values(ev, shape, focus)}"
    else:  # the value is the focus node (?value cannot be both in VALUES and BIND)
        where = f"VALUES ?this {{ {block} }} {focus.where('this')} BIND(?this AS ?value)"
    query = f"SELECT DISTINCT ?this ?value WHERE {{ {where} }}"
    return [Failure(shape, comp, row["this"], row["value"]) for row in ev.select(query)]


@handles("PropertyConstraintComponent")
def _property(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    # The property shapes' own results, as pyshacl reports them (not wrapped in this shape).
    failures = []
    inner = value_focus(ev, shape, focus)
    for node in comp.property_shapes:
        failures += ev.check(ev.shape(node), inner)
    return failures


@handles("NodeConstraintComponent")
def _node(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    from footballkg.fastvalidate.conditions import condition

    conditions = [condition(ev, ev.shape(node), "value", strict=True) for node in comp.node_shapes]
    if all(c is not None for c in conditions):
        test = " && ".join(f"({c})" for c in conditions)
        return _failing(ev, shape, comp, focus, f"!({test})")
    failures = []
    inner = value_focus(ev, shape, focus)
    for node in comp.node_shapes:
        bad = ev.nonconforming(ev.shape(node), inner, any_result=True)
        failures += _pairs_with_values(ev, shape, comp, focus, bad)
    return failures


def _candidates(ev: Evaluator, shape: Shape, focus: Focus) -> set[Identifier]:
    inner = value_focus(ev, shape, focus)
    return {row["v"] for row in ev.select(f"SELECT ?v WHERE {{ {inner.where('v')} }}")}


def _by_condition(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure] | None:
    """A logical component as one query, when its nested shapes have a SPARQL condition."""
    from footballkg.fastvalidate.conditions import value_condition

    ok = value_condition(ev, comp, "value")
    if ok is None:
        return None
    return _failing(ev, shape, comp, focus, f"!({ok})")


@handles("NotConstraintComponent")
def _not(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    fast = _by_condition(ev, shape, comp, focus)
    if fast is not None:
        return fast
    failures = []
    candidates = _candidates(ev, shape, focus)
    for node in comp.not_list:
        bad = ev.nonconforming(ev.shape(node), NodesFocus(candidates)) if candidates else set()
        failures += _pairs_with_values(ev, shape, comp, focus, candidates - bad)
    return failures


def _conforming(
    ev: Evaluator, shapes: list[Node], candidates: set[Identifier]
) -> list[set[Identifier]]:
    if not candidates:
        return [set() for _ in shapes]
    nodes = NodesFocus(candidates)
    return [candidates - ev.nonconforming(ev.shape(s), nodes) for s in shapes]


def _members(ev: Evaluator, lists: Any) -> list[list[Node]]:
    return [list(ev.shapes_graph.graph.items(head)) for head in lists]


@handles("AndConstraintComponent")
def _and(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    fast = _by_condition(ev, shape, comp, focus)
    if fast is not None:
        return fast
    failures = []
    candidates = _candidates(ev, shape, focus)
    for members in _members(ev, comp.and_list):
        ok = set.intersection(candidates, *_conforming(ev, members, candidates))
        failures += _pairs_with_values(ev, shape, comp, focus, candidates - ok)
    return failures


@handles("OrConstraintComponent")
def _or(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    fast = _by_condition(ev, shape, comp, focus)
    if fast is not None:
        return fast
    failures = []
    candidates = _candidates(ev, shape, focus)
    for members in _members(ev, comp.or_list):
        ok = set().union(*_conforming(ev, members, candidates))
        failures += _pairs_with_values(ev, shape, comp, focus, candidates - ok)
    return failures


@handles("XoneConstraintComponent")
def _xone(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    fast = _by_condition(ev, shape, comp, focus)
    if fast is not None:
        return fast
    failures = []
    candidates = _candidates(ev, shape, focus)
    for members in _members(ev, comp.xone_nodes):
        passed = _conforming(ev, members, candidates)
        bad = {c for c in candidates if sum(c in p for p in passed) != 1}
        failures += _pairs_with_values(ev, shape, comp, focus, bad)
    return failures


@handles("ClosedConstraintComponent")
def _closed(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    if not comp.is_closed:
        return []
    allowed = set(comp.ignored_props)
    allowed.update(ev.shape(node).path() for node in comp.property_shapes)
    test = " && ".join(f"?p != {sparql(p)}" for p in sorted(allowed, key=str)) or "true"
    where = f"{_values(ev, shape, focus)} ?value ?p ?object FILTER({test})"
    query = f"SELECT ?this ?p ?object WHERE {{ {where} }}"
    rows = ev.select(query)
    return [Failure(shape, comp, r["this"], r["object"], path=r["p"]) for r in rows]


def _is_string(v: str) -> str:
    # What pyshacl compares as text: IRIs and literals whose Python value is a str.
    return (
        f"(isIRI({v}) || (isLiteral({v}) && (LANG({v}) != '' || DATATYPE({v}) = <{XSD.string}>)))"
    )


def _compare(op: str) -> Handler:
    """sh:lessThan / sh:lessThanOrEquals: one result per value and compared value that fail."""

    def handler(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
        failures = []
        for other in comp.property_compare_set:
            test = (
                f"{_is_string('?value')} != {_is_string('?other')}"
                f" || !COALESCE(IF(isIRI(?value), STR(?value), ?value) {op}"
                f" IF(isIRI(?other), STR(?other), ?other), false)"
            )
            query = (
                f"SELECT ?this ?value WHERE {{ {_values(ev, shape, focus)}"
                f" ?this {sparql(other)} ?other . FILTER({test}) }}"
            )
            failures += [Failure(shape, comp, r["this"], r["value"]) for r in ev.select(query)]
        return failures

    return handler


HANDLERS["LessThanConstraintComponent"] = _compare("<")
HANDLERS["LessThanOrEqualsConstraintComponent"] = _compare("<=")


def same_language(path: str, x: str) -> str:
    """A pattern matching two values of ?x on `path` that share a language tag."""
    return (
        f"?{x} {path} ?lang_a , ?lang_b . FILTER(isLiteral(?lang_a) && LANG(?lang_a) != ''"
        f" && !sameTerm(?lang_a, ?lang_b) && LCASE(LANG(?lang_a)) = LCASE(LANG(?lang_b)))"
    )


def unique_lang_on(ev: Evaluator, comp: Any) -> bool:
    """Whether sh:uniqueLang is `true`: SHACL names that literal only, so "1"^^xsd:boolean
    (the same value, another term) leaves the constraint off."""
    return any(
        isinstance(rule, Literal) and str(rule) == "true" and rule.datatype == XSD.boolean
        for rule in ev.shapes_graph.graph.objects(comp.shape.node, SH.uniqueLang)
    )


@handles("UniqueLangConstraintComponent")
def _unique_lang(ev: Evaluator, shape: Shape, comp: Any, focus: Focus) -> list[Failure]:
    # One result per focus node and language used twice, without a value (as pyshacl).
    if not unique_lang_on(ev, comp):
        return []
    path = ev.path(shape) if shape.is_property_shape else None
    if path is None:
        return []  # a node has one value, itself: no language can repeat
    # Within the focus: pairing every labelled node's labels (every tenure's, say) costs
    # more than the few persons or teams a label shape targets.
    query = (
        f"SELECT DISTINCT ?this (LCASE(LANG(?lang_a)) AS ?lang)"
        f" WHERE {{ {focus.where('this')} {same_language(path, 'this')} }}"
    )
    return [Failure(shape, comp, row["this"]) for row in ev.select(query)]
