"""The engine: every constraint of every shape as one query over the whole store.

A SHACL engine walks focus node by focus node and runs SPARQL constraints once per node,
which costs minutes at a hundred thousand tenures. Here each constraint is one SPARQL query
(or a sort-and-sweep in Python) over all focus nodes at once, on any `Store` (an in-memory
Oxigraph store). Shapes are read by `shapes.py`, components evaluated by the handlers of
`registry.py`. A shape using something the engine does not evaluate is checked by pyshacl
instead (`fallback.py`), and a note on stderr says which shape and why.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Identifier, Node

from footballkg.errors import InputError
from footballkg.progress import Progress, note
from footballkg.rdf.lexical import lexical_error
from footballkg.rdf.namespaces import FKGSH
from footballkg.rdf.terms import from_oxigraph as from_ox
from footballkg.rdf.terms import to_oxigraph as to_ox
from footballkg.validation.constraints.common import value_focus
from footballkg.validation.constraints.sparql import OVERLAP_COMPONENTS
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.failure import Failure
from footballkg.validation.focus import (
    Focus,
    NarrowedFocus,
    NodesFocus,
    TargetFocus,
    UnsupportedConstraint,
)
from footballkg.validation.messages import message_of
from footballkg.validation.registry import registry
from footballkg.validation.results import (
    ValidationReport,
    ValidationResult,
    check_shacl_terms,
    fill_message,
    result_order,
)
from footballkg.validation.shapes import Shape, ShapesError, ShapesReader
from footballkg.validation.terms import OxigraphStore, Store, sparql

# --- results ------------------------------------------------------------------------------


def original_literals(graph: Graph) -> dict[Literal, Literal]:
    """Oxigraph's canonical form of each literal in `graph` -> the literal as written.

    The store keeps numbers and booleans in canonical form ("600000.0" becomes "600000"),
    while the data (and pyshacl's report) keep what the file says.
    """
    written = sorted(
        {o for o in graph.objects() if isinstance(o, Literal) and o.datatype is not None}, key=repr
    )
    store = ox.Store()
    predicate = ox.NamedNode("urn:footballkg:written")
    store.extend(
        ox.Quad(ox.NamedNode(f"urn:footballkg:literal:{n}"), predicate, to_ox(literal))
        for n, literal in enumerate(written)
    )
    originals = {}
    for quad in store:
        n = int(quad.subject.value.rsplit(":", 1)[1])
        canonical = from_ox(quad.object)
        if canonical != written[n]:
            originals[canonical] = written[n]
    return originals  # type: ignore[return-value]


def to_result(failure: Failure, labels: StoreLabels) -> ValidationResult:
    shape = failure.shape
    path = failure.path
    if path is None and shape.is_property_shape:
        path = shape.path()
    message = labels.fill(message_of(failure), failure.focus, failure.value)
    return ValidationResult(
        focus_node=failure.focus,
        source_shape=shape.node,  # type: ignore[arg-type]
        component=failure.component.iri,
        severity=shape.severity,  # type: ignore[arg-type]
        message=message,
        path=path,  # type: ignore[arg-type]
        value=failure.value,
        constraint=failure.source_constraint,  # type: ignore[arg-type]
    )


class StoreLabels:
    """`footballkg.validation.results.label` and `fill_message`, reading labels from the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._graphs: dict[Node, Graph] = {}

    def _graph_of(self, node: Node) -> Graph:
        """A small graph with the node's labels, enough for `validate.label`."""
        if node not in self._graphs:
            graph = Graph()
            if not isinstance(node, Literal):
                query = (
                    f"SELECT ?p ?o WHERE {{ VALUES ?p {{ <{RDFS.label}> <{SKOS.prefLabel}> }}"
                    f" {sparql(node)} ?p ?o }}"
                )
                for row in self.store.select(query).rows:
                    graph.add((node, row["p"], row["o"]))
            self._graphs[node] = graph
        return self._graphs[node]

    def fill(self, message: str, focus: Node, value: Node | None) -> str:
        if "{" not in message:
            return message
        graph = self._graph_of(focus)
        if value is not None:
            graph = graph + self._graph_of(value)
        return fill_message(message, graph, focus, value)


def sort_results(results: list[ValidationResult]) -> list[ValidationResult]:
    return sorted(results, key=result_order)


# --- the whole validation -----------------------------------------------------------------


@dataclass
class FastRun:
    results: list[ValidationResult]
    fallback: dict[Identifier, str]  # shape -> why pyshacl had to check it
    queries: int


def run_fast(
    store: Store,
    shapes: Graph,
    progress: Progress | None = None,
    ill_typed: set[Literal] | None = None,
    originals: Mapping[Literal, Literal] | None = None,
    only: Collection[Node] | None = None,
    shapes_only: Collection[Node] | None = None,
    narrow_sparql: bool = False,
) -> FastRun:
    """Evaluate every shape that has targets; shapes it cannot evaluate are listed, not run.

    With `only`, each shape's checks are narrowed to those of its focus nodes, except its
    SHACL-SPARQL constraints, which run whole unless `narrow_sparql` (the caller has found
    every node whose SPARQL results can change: `sparql_reach`). With `shapes_only`, only
    those shapes (and the property shapes they hold) are evaluated.
    """
    reader = ShapesReader(shapes)
    narrowing = NodesFocus(only) if only is not None else None
    ev = Evaluator(store, reader, registry(), ill_typed)
    if narrow_sparql and only is not None and not any(isinstance(n, BNode) for n in only):
        ev.overlap_focus = list(only)
    sparql_focus = narrow_sparql and narrowing is not None
    labels = StoreLabels(store)
    fallback: dict[Identifier, str] = {}
    tasks: list[Task] = []
    for shape in reader.shapes:
        if shapes_only is not None and shape.node not in shapes_only:
            continue
        focus = TargetFocus(shape, ev.subclasses)
        if shape.deactivated or focus.empty:
            continue
        try:
            narrowed = NarrowedFocus(focus, narrowing) if narrowing is not None else focus
            tasks += _tasks(ev, shape, narrowed if sparql_focus else focus, narrowed)
        except UnsupportedConstraint as why:
            fallback[shape.node] = str(why)  # type: ignore[index]
    tasks.sort(key=lambda task: (task.rank, str(task.shape.node), task.part))

    def run(task: Task) -> list[Failure] | UnsupportedConstraint:
        try:
            return task.run()
        except UnsupportedConstraint as why:
            return why

    # Oxigraph evaluates a query without holding Python's lock, so the tasks run on as
    # many threads as there are cores (each query still runs on one).
    failures: dict[Identifier, list[Failure]] = {}
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for n, (task, outcome) in enumerate(zip(tasks, pool.map(run, tasks), strict=True), 1):
            if progress:
                progress.update(f"validating: {n}/{len(tasks)} {_short_name(task.shape.node)}")
            if isinstance(outcome, UnsupportedConstraint):
                fallback.setdefault(task.shape.node, str(outcome))  # type: ignore[arg-type]
            else:
                failures.setdefault(task.shape.node, []).extend(outcome)  # type: ignore[arg-type]
    results: list[ValidationResult] = []
    for shape_node, found in failures.items():
        if shape_node in fallback:
            continue  # pyshacl checks the whole shape
        for failure in found:
            if originals is not None:  # literals as written, not in the store's canonical form
                failure.focus = originals.get(failure.focus, failure.focus)  # type: ignore[call-overload]
                if failure.value is not None:
                    failure.value = originals.get(failure.value, failure.value)  # type: ignore[call-overload]
            results.append(to_result(failure, labels))
    return FastRun(results, fallback, ev.queries)


@dataclass
class Task:
    """One unit of work for a thread: a component of a targeted shape, or one of its
    property shapes (a shape with twenty property shapes is twenty tasks, not one)."""

    shape: Shape  # the targeted shape it belongs to
    part: str
    rank: int  # SHARED, RULE or CHECK: the order tasks start in
    run: Callable[[], list[Failure]]


# Work other tasks read (overlap candidates, required properties) starts first, so that they
# find it done instead of waiting for it; then the SHACL-SPARQL rules (whole-graph date
# arithmetic, the longest tasks), so that neither core is left with a long one at the end.
SHARED, RULE, CHECK = 0, 1, 2


def _tasks(ev: Evaluator, shape: Shape, focus: Focus, narrowed: Focus) -> list[Task]:
    """The shape's tasks: its SHACL-SPARQL constraints on `focus`, the rest on `narrowed`
    (the same focus but in an incremental run)."""
    tasks = []
    for component in ev.components(shape):
        handler = ev.handler(component)
        name = str(component.iri)
        if component.iri == SH.PropertyConstraintComponent:
            inner = value_focus(ev, shape, narrowed)  # as the component's own handler does
            required = False
            for node in component.all(SH.property):
                prop = ev.shape(node)
                tasks.append(
                    Task(shape, str(node), CHECK, functools.partial(ev.check, prop, inner))
                )
                if _requires_one(ev, prop):
                    ev.require(inner, ev.path(prop))
                    required = True
            if required:
                run = functools.partial(ev.prefetch_lacking, inner)
                tasks.append(Task(shape, "required properties", SHARED, run))
        elif component.sparql:
            run = functools.partial(handler, ev, shape, component, focus)
            tasks.append(Task(shape, name, RULE, run))
            if component.iri in OVERLAP_COMPONENTS:
                tasks.append(Task(shape, "overlap candidates", SHARED, ev.prefetch_overlap_pairs))
        else:
            run = functools.partial(handler, ev, shape, component, narrowed)
            tasks.append(Task(shape, name, CHECK, run))
    return tasks


def _requires_one(ev: Evaluator, prop: Shape) -> bool:
    """Whether the property shape is active and has sh:minCount 1."""
    return not prop.deactivated and any(
        c.iri == SH.MinCountConstraintComponent and c.number(SH.minCount) == 1
        for c in ev.components(prop)
    )


def _short_name(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def is_class(shapes: Graph, node: Node) -> bool:
    return (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes


def targeted_shapes(shapes: Graph) -> set[Identifier]:
    """The shapes `footballkg.validation.results.coverage` counts: with a target, or a class too."""
    found = {s for p in _TARGETS for s in shapes.subjects(p, None) if isinstance(s, Identifier)}
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(
            s
            for s in shapes.subjects(RDF.type, kind)
            if isinstance(s, Identifier) and is_class(shapes, s)
        )
    return found


def count_focus_nodes(store: Store, queries: dict[Identifier, str]) -> dict[Identifier, int]:
    """`footballkg.validation.results.coverage`, counted by SPARQL on the store."""
    counts: dict[Identifier, int] = {}
    answers: dict[str, int] = {}
    for shape, query in queries.items():
        if query not in answers:  # many shapes share a target (every tenure)
            rows = store.select(query).rows
            answers[query] = int(rows[0]["n"]) if rows else 0
        counts[shape] = answers[query]
    return counts


def coverage_queries(shapes: Graph) -> dict[Identifier, str]:
    """For each targeted shape, the query counting its focus nodes."""
    queries: dict[Identifier, str] = {}
    for shape in sorted(targeted_shapes(shapes), key=str):
        parts = []
        classes = set(shapes.objects(shape, SH.targetClass))
        if is_class(shapes, shape):
            classes.add(shape)
        for cls in sorted(classes, key=str):
            parts.append(f"?x <{RDF.type}>/<{RDFS.subClassOf}>* {sparql(cls)} .")
        for node in shapes.objects(shape, SH.targetNode):
            n = sparql(node)
            parts.append(
                f"VALUES ?x {{ {n} }} FILTER(EXISTS {{ ?x ?p ?o }} || EXISTS {{ ?s ?p ?x }})"
            )
        for predicate in shapes.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?x {sparql(predicate)} [] .")
        for predicate in shapes.objects(shape, SH.targetObjectsOf):
            parts.append(f"[] {sparql(predicate)} ?x .")
        union = " UNION ".join("{ " + p + " }" for p in parts)
        queries[shape] = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {union} }}"
    return queries


def shapes_for_fallback(shapes: Graph, keep: set[Identifier]) -> Graph:
    """A copy of `shapes` in which only the shapes in `keep` select focus nodes themselves."""
    reduced = Graph()
    for prefix, namespace in shapes.namespaces():
        reduced.bind(prefix, namespace)
    targets = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
    for s, p, o in shapes:
        if s not in keep and (p in targets or (p == RDF.type and o in (RDFS.Class, OWL.Class))):
            continue
        reduced.add((s, p, o))
    return reduced


def validate_store(
    store: Store | ox.Store,
    shapes: Graph,
    data_graph: Graph | None = None,
    progress: Progress | None = None,
    *,
    ill_typed: Mapping[Literal, str] | None = None,
    as_written: Mapping[Literal, Literal] | None = None,
    locate: Callable[[Node], Any] | None = None,
    shapes_only: Collection[Node] | None = None,
    focus_only: Collection[Node] | None = None,
) -> ValidationReport:
    """Validate the data in `store` against `shapes`; the same report as pyshacl's.

    `shapes_only` and `focus_only` check part of the shapes or of the data: the named
    targeted shapes (with their property shapes), the named focus nodes.

    `data_graph` (the same data as an rdflib graph) is only needed when a shape has to be
    checked by pyshacl; without it, the store is copied into one for that purpose.
    `ill_typed` maps each literal of the data whose lexical form does not fit its datatype
    to what is wrong with it (found in `data_graph` when not given): sh:datatype fails on
    them, and each one no result names is reported as an error of its own. `as_written`
    maps the store's canonical literals to the data's spelling (found in `data_graph` when
    not given). `locate(shape)` says where a shape is written, for the unknown-term error.
    """
    from footballkg.rdf.load import new_graph

    if isinstance(store, ox.Store):
        store = OxigraphStore(store)
    check_shacl_terms(shapes, locate)
    if ill_typed is None:
        ill_typed = _ill_typed_in(data_graph) if data_graph is not None else {}
    originals: Mapping[Literal, Literal] = (
        as_written
        if as_written is not None
        else original_literals(data_graph)
        if data_graph is not None
        else {}
    )
    # The focus-node counts are independent of the checks: counted on a thread of their own,
    # they fill the time when the last shapes leave a core idle.
    with ThreadPoolExecutor(max_workers=1) as counter:
        counted = counter.submit(count_focus_nodes, store, coverage_queries(shapes))
        try:
            run = run_fast(
                store, shapes, progress, set(ill_typed), originals, focus_only, shapes_only
            )
        except ShapesError as error:
            raise InputError(f"The shapes cannot be used: {error}") from None
        coverage = counted.result()
    results = run.results
    if run.fallback:
        for shape, why in sorted(run.fallback.items(), key=lambda item: str(item[0])):
            note(f"the engine does not evaluate {why}; shape {shape} is checked by pyshacl.")
        from footballkg.validation.fallback import pyshacl_validate

        if data_graph is None:
            data_graph = new_graph()
            for row in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows:
                data_graph.add((row["s"], row["p"], row["o"]))
        if progress:
            progress.update(f"validating: {len(run.fallback)} shapes with pyshacl")
        reduced = shapes_for_fallback(shapes, set(run.fallback))
        results += pyshacl_validate(data_graph, reduced).results
    if shapes_only is None:  # the built-in literal check is not one of the named shapes
        results += unchecked_literal_results(store, ill_typed, results, originals)
    if progress:
        progress.done()
    report = ValidationReport(results=sort_results(results), coverage=coverage)
    return part_of(report, shapes, shapes_only, focus_only)


def part_of(
    report: ValidationReport,
    shapes: Graph,
    shapes_only: Collection[Node] | None,
    focus_only: Collection[Node] | None,
) -> ValidationReport:
    """The results and coverage of `report` that concern the named shapes and focus nodes.

    A named shape's results are its own and those of the property shapes it holds; a
    SHACL-SPARQL rule runs for every focus node whatever is asked, so its results are kept
    for the named nodes only.
    """
    results = report.results
    coverage = report.coverage
    if focus_only is not None:
        wanted = set(focus_only)
        results = [r for r in results if r.focus_node in wanted]
    if shapes_only is not None:
        named: set[Node] = set()
        pending = list(shapes_only)
        while pending:
            shape = pending.pop()
            if shape not in named:
                named.add(shape)
                pending += shapes.objects(shape, SH.property)
        results = [r for r in results if r.source_shape in named]
        coverage = {s: n for s, n in coverage.items() if s in named}
    return ValidationReport(results=results, coverage=coverage)


# The source shape of the results for ill-typed literals that no shape checks: the check
# is built in (SHACL cannot say "fits its datatype" for every datatype).
LITERAL_CHECK = FKGSH.LiteralFitsItsDatatype


def _ill_typed_in(graph: Graph) -> dict[Literal, str]:
    found: dict[Literal, str] = {}
    for o in set(graph.objects()):
        if isinstance(o, Literal) and o.datatype is not None and o.language is None:
            problem = lexical_error(str(o), str(o.datatype))
            if problem is not None:
                found[o] = problem
    return found


def unchecked_literal_results(
    store: Store,
    ill_typed: Mapping[Literal, str],
    results: list[ValidationResult],
    originals: Mapping[Literal, Literal],
) -> list[ValidationResult]:
    """An error for each statement with an ill-typed literal that no result names, so that
    every problem of the data shows at once (the message says what is wrong)."""
    named = {(r.focus_node, r.value) for r in results}
    focus = {r.focus_node for r in results}
    found: list[ValidationResult] = []
    for literal, problem in sorted(ill_typed.items(), key=lambda item: repr(item[0])):
        if literal in focus:
            continue
        query = f"SELECT ?s ?p WHERE {{ ?s ?p {sparql(literal)} }}"
        for row in store.select(query).rows:
            subject, predicate = row["s"], row["p"]
            subject = originals.get(subject, subject)  # type: ignore[call-overload]
            if (subject, literal) in named:
                continue
            found.append(
                ValidationResult(
                    focus_node=subject,
                    source_shape=LITERAL_CHECK,
                    component=SH.DatatypeConstraintComponent,
                    severity=SH.Violation,
                    message=problem,
                    path=predicate,
                    value=literal,
                )
            )
    return found
