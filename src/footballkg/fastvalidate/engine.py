"""The fast validator: every constraint of every shape as one query over the whole store.

pyshacl walks focus node by focus node and runs SPARQL constraints once per node, which
costs minutes at a hundred thousand tenures. Here each constraint is one SPARQL query (or a
sort-and-sweep in Python) over all focus nodes at once, on an Oxigraph store. Shapes are
read by pyshacl's own shapes-graph parser and messages are written by pyshacl's own message
code, so the report is the one pyshacl gives: same focus nodes, shapes, components,
severities and messages. A shape using something this engine does not evaluate is checked
by pyshacl instead, and a note on stderr says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.errors import ConstraintLoadWarning
from pyshacl.helper.path_helper import shacl_path_to_sparql_path
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Identifier, Node

from footballkg.fastvalidate import overlap
from footballkg.fastvalidate import sparql_constraints as _sparql  # noqa: F401 (registers handler)
from footballkg.fastvalidate.components import HANDLERS, Failure
from footballkg.fastvalidate.focus import Focus, TargetFocus, UnsupportedConstraint
from footballkg.fastvalidate.progress import Progress, note
from footballkg.fastvalidate.terms import from_ox
from footballkg.validate import SEVERITY_ORDER, ValidationReport, ValidationResult

ALLOWED_IN_NESTED = {SH.Warning, SH.Info}  # validation runs with allow_warnings, as pyshacl's


@dataclass
class Solutions:
    variables: list[str]
    rows: list[dict[str, Identifier]]


class Evaluator:
    """Evaluates shapes over a store; shared by the top level and nested shape checks."""

    def __init__(self, store: ox.Store, shapes: Graph) -> None:
        self.store = store
        self.shapes_graph = ShapesGraph(shapes)
        self._paths: dict[Node, str] = {}
        self._components: dict[Node, list[ConstraintComponent]] = {}
        self._overlap_pairs: dict[str, list[tuple[str, str]] | None] = {}
        self.queries = 0

    # --- queries ------------------------------------------------------------------------

    def select_solutions(self, query: str) -> Solutions:
        self.queries += 1
        solutions = self.store.query(query)
        variables = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in variables:
                term = solution[name]
                if term is not None:
                    row[name] = from_ox(term)
            rows.append(row)
        return Solutions(variables, rows)

    def select(self, query: str) -> list[dict[str, Identifier]]:
        return self.select_solutions(query).rows

    def overlap_pairs(self, group: str) -> list[tuple[str, str]] | None:
        """Head-coach tenure pairs sharing `group` that may overlap (None: use plain SPARQL)."""
        if group not in self._overlap_pairs:
            usable = not overlap.has_blank_tenures(self)
            self._overlap_pairs[group] = overlap.candidate_pairs(self, group) if usable else None
        return self._overlap_pairs[group]

    # --- shapes -------------------------------------------------------------------------

    def shape(self, node: Node) -> Shape:
        return self.shapes_graph.lookup_shape_from_node(node)

    def path(self, shape: Shape) -> str:
        """The shape's sh:path as a SPARQL property path (full IRIs)."""
        node = shape.path()
        if node not in self._paths:
            self._paths[node] = shacl_path_to_sparql_path(self.shapes_graph, node)
        return self._paths[node]

    def components(self, shape: Shape) -> list[ConstraintComponent]:
        """The shape's constraint components, one per kind, built by pyshacl (cached)."""
        if shape.node not in self._components:
            found: list[ConstraintComponent] = []
            kinds: set[type] = set()
            for predicate, _ in self.shapes_graph.predicate_objects(shape.node):
                if predicate == SH.expression:
                    raise UnsupportedConstraint("sh:expression (SHACL-AF)")
                kind = CONSTRAINT_PARAMETERS_MAP.get(predicate)
                if kind is None or kind in kinds:
                    continue
                kinds.add(kind)
                try:
                    found.append(kind(shape))
                except ConstraintLoadWarning:
                    continue
            self._components[shape.node] = found
        return self._components[shape.node]

    def check(self, shape: Shape, focus: Focus) -> list[Failure]:
        """All failures of `shape` (with its property shapes) over the nodes of `focus`."""
        if shape.deactivated:
            return []
        failures: list[Failure] = []
        for component in self.components(shape):
            name = type(component).__name__
            handler = HANDLERS.get(name)
            if handler is None:
                raise UnsupportedConstraint(name)
            failures += handler(self, shape, component, focus)
        return failures

    def nonconforming(
        self, shape: Shape, focus: Focus, any_result: bool = False
    ) -> set[Identifier]:
        """The focus nodes that do not conform to `shape` when it is used inside another.

        As in pyshacl with warnings allowed, results of Warning or Info severity do not make
        a node fail a logical constraint (sh:or, sh:not, ...), but they do fail sh:node.
        """
        if not any_result and shape.severity in ALLOWED_IN_NESTED:
            return set()
        return {
            f.focus
            for f in self.check(shape, focus)
            if any_result or f.shape.severity not in ALLOWED_IN_NESTED
        }


# --- results ------------------------------------------------------------------------------


def _format(message: str, bound_vars: Any) -> str:
    return ConstraintComponent._format_sparql_based_result_message(None, message, bound_vars)  # type: ignore[arg-type]


def _messages(failure: Failure, message_graph: Graph) -> list[str]:
    """The sh:resultMessage values pyshacl writes (ConstraintComponent.make_v_result)."""
    shape_messages = list(failure.shape.message)
    out: list[str] = []
    bound = failure.bound_vars
    if failure.extra_messages:
        for m in failure.extra_messages:
            if m in shape_messages:
                continue
            text = str(m.value) if isinstance(m, Literal) else str(m)
            out.append(
                _format(text, bound) if bound is not None and isinstance(m, Literal) else text
            )
    elif not shape_messages:
        shape_messages = (
            failure.component.make_generic_messages(message_graph, failure.focus, failure.value)
            or shape_messages
        )
    for m in shape_messages:
        text = str(m.value) if isinstance(m, Literal) else str(m)
        out.append(_format(text, bound) if bound is not None and isinstance(m, Literal) else text)
    return out


def to_result(failure: Failure, message_graph: Graph) -> ValidationResult:
    shape = failure.shape
    component = failure.component.shacl_constraint_component
    path = failure.path
    if path is None and shape.is_property_shape:
        path = shape.path()
    messages = _messages(failure, message_graph)
    return ValidationResult(
        focus_node=failure.focus,
        source_shape=shape.node,
        component=component,
        severity=shape.severity,
        message=messages[0] if messages else "",
        path=path,
        value=failure.value,
    )


def sort_results(results: list[ValidationResult]) -> list[ValidationResult]:
    return sorted(
        results,
        key=lambda r: (
            SEVERITY_ORDER.get(r.severity, 9),
            str(r.focus_node),
            str(r.source_shape),
            str(r.component),
            r.message,
            str(r.value),
        ),
    )


# --- the whole validation -----------------------------------------------------------------


@dataclass
class FastRun:
    results: list[ValidationResult]
    coverage: dict[Identifier, int]
    fallback: dict[Identifier, str]  # shape -> why pyshacl had to check it
    queries: int


def run_fast(
    store: ox.Store,
    shapes: Graph,
    message_graph: Graph,
    progress: Progress | None = None,
) -> FastRun:
    """Evaluate every shape that has targets; shapes it cannot evaluate are listed, not run."""
    ev = Evaluator(store, shapes)
    results: list[ValidationResult] = []
    coverage: dict[Identifier, int] = {}
    fallback: dict[Identifier, str] = {}
    shapes_with_targets = []
    for shape in ev.shapes_graph.shapes:
        focus = TargetFocus(shape)
        if not shape.deactivated and (not focus.empty or focus.unsupported):
            shapes_with_targets.append((shape, focus))
    shapes_with_targets.sort(key=lambda item: str(item[0].node))
    for n, (shape, focus) in enumerate(shapes_with_targets, 1):
        if progress:
            progress.update(f"validating {n}/{len(shapes_with_targets)} {shape.node}")
        if focus.unsupported:
            fallback[shape.node] = "sh:target (SHACL-AF custom target)"
            continue
        try:
            failures = ev.check(shape, focus)
        except UnsupportedConstraint as why:
            fallback[shape.node] = str(why)
            continue
        count = ev.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {focus.where('this')} }}")
        coverage[shape.node] = int(count[0]["n"]) if count else 0
        results += [to_result(f, message_graph) for f in failures]
    return FastRun(results, coverage, fallback, ev.queries)


def shapes_for_fallback(shapes: Graph, keep: set[Identifier]) -> Graph:
    """A copy of `shapes` in which only the shapes in `keep` select focus nodes themselves."""
    reduced = Graph()
    for prefix, namespace in shapes.namespaces():
        reduced.bind(prefix, namespace)
    targets = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
    for s, p, o in shapes:
        if s not in keep and (p in targets or (p == RDF.type and o == RDFS.Class)):
            continue
        reduced.add((s, p, o))
    return reduced


def validate_store(
    store: ox.Store,
    shapes: Graph,
    data_graph: Graph | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate the data in `store` against `shapes`; the same report as pyshacl's.

    `data_graph` (the same data as an rdflib graph) is only needed when a shape has to be
    checked by pyshacl; without it, the store is copied into one for that purpose.
    """
    from footballkg.load import new_graph
    from footballkg.validate import validate as validate_with_pyshacl

    message_graph = data_graph if data_graph is not None else new_graph()
    run = run_fast(store, shapes, message_graph, progress)
    results = run.results
    coverage = dict(run.coverage)
    if run.fallback:
        for shape, why in sorted(run.fallback.items(), key=lambda item: str(item[0])):
            note(f"fast validation does not evaluate {why}; shape {shape} is checked by pyshacl.")
        if data_graph is None:
            data_graph = new_graph()
            for quad in store:
                data_graph.add(
                    (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
                )
        if progress:
            progress.update(f"validating {len(run.fallback)} shapes with pyshacl")
        reference = validate_with_pyshacl(
            data_graph, shapes_for_fallback(shapes, set(run.fallback))
        )
        results += reference.results
        coverage.update({k: v for k, v in reference.coverage.items() if k in run.fallback})
    if progress:
        progress.done()
    return ValidationReport(results=sort_results(results), coverage=coverage)
