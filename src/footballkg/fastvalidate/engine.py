# pyshacl has no type hints:
# mypy: disable-error-code="no-untyped-call"
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

import functools
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.errors import ConstraintLoadWarning
from pyshacl.helper.path_helper import shacl_path_to_sparql_path
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Identifier, Node

from footballkg.fastvalidate import overlap
from footballkg.fastvalidate import sparql_constraints as _sparql  # noqa: F401 (registers handler)
from footballkg.fastvalidate.components import HANDLERS, Failure, Handler, value_focus
from footballkg.fastvalidate.focus import (
    Focus,
    TargetFocus,
    UnsupportedConstraint,
    ValueFocus,
    fresh,
)
from footballkg.fastvalidate.progress import Progress, note
from footballkg.fastvalidate.terms import solutions, sparql
from footballkg.lexical import lexical_error
from footballkg.namespaces import FKGSH
from footballkg.terms import from_oxigraph as from_ox
from footballkg.terms import to_oxigraph as to_ox
from footballkg.validate import (
    SEVERITY_ORDER,
    ValidationReport,
    ValidationResult,
    check_shacl_terms,
    fill_message,
)
from footballkg.validate import validate as validate_with_pyshacl

ALLOWED_IN_NESTED = {SH.Warning, SH.Info}  # validation runs with allow_warnings, as pyshacl's
SMALL_FOCUS = 1000
_TRUE = Literal(True)


@dataclass
class Solutions:
    variables: list[str]
    rows: list[dict[str, Identifier]]


class Evaluator:
    """Evaluates shapes over a store; shared by the top level and nested shape checks."""

    def __init__(
        self, store: ox.Store, shapes: Graph, ill_typed: set[Literal] | None = None
    ) -> None:
        self.store = store
        # Literals whose lexical form does not fit their datatype. None from `load_store`,
        # which rejects them; an rdflib graph may hold some (its parser keeps them).
        self.ill_typed = ill_typed or set()
        self.shapes_graph = ShapesGraph(shapes)
        self.all_shapes = list(self.shapes_graph.shapes)  # also fills pyshacl's shape cache
        self._paths: dict[Node, str] = {}
        self._components: dict[Node, list[ConstraintComponent]] = {}
        # Properties every node of a focus must have (sh:minCount 1), by focus pattern: one
        # query checks them all (see `lacking`).
        self._required: dict[str, set[str]] = {}
        # Work several tasks read, by name: computed once, by the first thread to ask.
        self._shared: dict[str, Any] = {}
        self._shared_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        self._subclasses: dict[Node, list[Node]] = {}
        self.queries = 0

    # --- queries ------------------------------------------------------------------------

    def select_solutions(self, query: str) -> Solutions:
        # Shapes often repeat a check (every node shape's "cites a source" property, every
        # label's datatype): the store does not change during a validation, so each distinct
        # query runs once, and a thread asking while another runs it waits for the answer.
        answer: Solutions = self.shared(f"query {query}", functools.partial(self._solve, query))
        return answer

    def _solve(self, query: str) -> Solutions:
        self.queries += 1
        answer = solutions(self.store, query)
        names = answer.variables
        rows = [  # cells read by position: by name, each costs a microsecond
            {n: from_ox(term) for n, term in zip(names, solution, strict=True) if term is not None}
            for solution in answer
        ]
        return Solutions(names, rows)

    def select(self, query: str) -> list[dict[str, Identifier]]:
        return self.select_solutions(query).rows

    def shared(self, name: str, compute: Callable[[], Any], wait: bool = True) -> Any:
        """`compute()` run once across threads, its result kept under `name`.

        With `wait=False` (a task that only computes it ahead of the tasks that read it), a
        thread finding another one at it returns None at once instead of waiting.
        """
        with self._locks_lock:
            lock = self._shared_locks.setdefault(name, threading.Lock())
        if not lock.acquire(blocking=wait):
            return None
        try:
            if name not in self._shared:
                self._shared[name] = compute()
            return self._shared[name]
        finally:
            lock.release()

    def overlap_pairs(self, group: str) -> list[tuple[str, str]] | None:
        """Head-coach tenure pairs sharing `group` that may overlap (None: use plain SPARQL).

        Four rules ask for them: they are found once, for every group (person and team).
        """
        found: dict[str, list[tuple[str, str]]] = self.shared(*self._overlap_work())
        return found.get(group)

    def prefetch_overlap_pairs(self) -> list[Failure]:
        """Find the overlap candidates now, unless another thread is at it (a task of its own)."""
        self.shared(*self._overlap_work(), wait=False)
        return []

    def _overlap_work(self) -> tuple[str, Callable[[], dict[str, list[tuple[str, str]]]]]:
        return "overlap candidates", self._find_overlap_pairs

    def _find_overlap_pairs(self) -> dict[str, list[tuple[str, str]]]:
        groups = sorted(set(overlap.OVERLAP_CONSTRAINTS.values()))
        return overlap.candidate_pairs(self.store, groups) or {}

    def require(self, focus: Focus, path: str) -> None:
        """Announce that every node of `focus` needs a value of `path` (before checking)."""
        self._required.setdefault(focus.where("this"), set()).add(path)

    def lacking(self, focus: Focus, path: str) -> set[Identifier]:
        """The nodes of `focus` without a value of `path`.

        The paths announced for the same focus are checked together: one pass over the
        focus nodes (a hundred thousand tenures) with a lookup per path, not one pass each.
        """
        found: dict[str, set[Identifier]] = self.shared(*self._lacking_work(focus, path))
        return found[path]

    def prefetch_lacking(self, focus: Focus) -> list[Failure]:
        """Check every property announced for `focus` now, unless another thread is at it
        (a task of its own)."""
        announced = self._required.get(focus.where("this"))
        if announced:
            self.shared(*self._lacking_work(focus, min(announced)), wait=False)
        return []

    def _lacking_work(
        self, focus: Focus, path: str
    ) -> tuple[str, Callable[[], dict[str, set[Identifier]]]]:
        """The shared work answering `lacking`: every announced path of the focus when
        `path` is one of them, else `path` alone."""
        where = focus.where("this")
        required = self._required.get(where, set())
        paths = sorted(required) if path in required else [path]
        return f"lacking {paths} in {where}", functools.partial(self._find_lacking, where, paths)

    def _find_lacking(self, where: str, paths: list[str]) -> dict[str, set[Identifier]]:
        # NOT EXISTS, not MINUS: Oxigraph would read every triple of a path (every label)
        # first.
        lookups = " ".join(
            f"BIND(NOT EXISTS {{ ?this {p} ?value_{n} }} AS ?lacks_{n})"
            for n, p in enumerate(paths)
        )
        any_lacking = " || ".join(f"?lacks_{n}" for n in range(len(paths)))
        rows = self.select(f"SELECT * WHERE {{ {where} {lookups} FILTER({any_lacking}) }}")
        return {
            p: {row["this"] for row in rows if row[f"lacks_{n}"] == _TRUE}
            for n, p in enumerate(paths)
        }

    def in_focus(self, nodes: set[Identifier], focus: Focus) -> set[Identifier]:
        """Those of `nodes` that are focus nodes of `focus`."""
        named = {n for n in nodes if not isinstance(n, BNode)}
        found: set[Identifier] = set()
        if named:
            block = " ".join(sparql(n) for n in named)
            query = f"SELECT ?this WHERE {{ VALUES ?this {{ {block} }} {focus.where('this')} }}"
            found.update(row["this"] for row in self.select(query))
        if len(named) < len(nodes):
            # A query cannot name a blank node: the focus's blank nodes are listed instead.
            query = f"SELECT ?this WHERE {{ {focus.where('this')} FILTER(isBlank(?this)) }}"
            found.update(nodes & {row["this"] for row in self.select(query)})
        return found

    def is_small(self, focus: Focus) -> bool:
        """Whether `focus` has few nodes (under a thousand), found without counting them all.

        A few award receipts are best checked one by one; the values of a property many
        nodes share (the role of every tenure) are best checked once each, before asking
        which focus nodes have them.
        """
        query = f"SELECT ?this WHERE {{ {focus.where('this')} }} LIMIT {SMALL_FOCUS}"
        return len(self.select(query)) < SMALL_FOCUS

    def count(self, focus: Focus) -> int:
        """How many focus nodes `focus` has."""
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {focus.where('this')} }}")
        return int(rows[0]["n"]) if rows else 0

    def subclasses(self, cls: Node) -> list[Node]:
        """`cls` and its subclasses in the data graph (rdfs:subClassOf*)."""
        if cls not in self._subclasses:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {sparql(cls)} }}"
            found = [row["c"] for row in self.select(query)]
            self._subclasses[cls] = sorted({cls, *found}, key=str)
        return self._subclasses[cls]

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
            failures += handler_for(component)(self, shape, component, focus)
        if failures and isinstance(focus, ValueFocus) and focus.path is not None:
            # A value node reached from several focus nodes is validated once per focus
            # node in SHACL, each time with its own results (identical but all reported).
            counts = self.reach_counts(focus, {f.focus for f in failures})
            failures = [f for f in failures for _ in range(counts.get(f.focus, 1))]
        return failures

    def reach_counts(self, focus: Focus, nodes: set[Identifier]) -> dict[Identifier, int]:
        """For each of `nodes`, in how many ways `focus` reaches it (distinct focus nodes
        of every enclosing level, multiplied down)."""
        if not (isinstance(focus, ValueFocus) and focus.path is not None):
            return dict.fromkeys(nodes, 1)
        f = fresh("f")
        named = [n for n in nodes if not isinstance(n, BNode)]
        values = (
            f"VALUES ?this {{ {' '.join(sparql(n) for n in named)} }}"
            if len(named) == len(nodes)
            else ""  # a query cannot name a blank node: all pairs, narrowed below
        )
        query = (
            f"SELECT DISTINCT ?{f} ?this WHERE {{ {values}"
            f" {focus.outer.where(f)} ?{f} {focus.path} ?this }}"
        )
        rows = [row for row in self.select(query) if row["this"] in nodes]
        outer = self.reach_counts(focus.outer, {row[f] for row in rows})
        counts: dict[Identifier, int] = {}
        for row in rows:
            counts[row["this"]] = counts.get(row["this"], 0) + outer.get(row[f], 1)
        return counts

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


def handler_for(component: ConstraintComponent) -> Handler:
    """The function that evaluates `component` over all focus nodes at once."""
    name = type(component).__name__
    handler = HANDLERS.get(name)
    if handler is None:
        raise UnsupportedConstraint(name)
    return handler


# --- results ------------------------------------------------------------------------------


def _format(message: str, bound_vars: Any) -> str:
    formatted: str = ConstraintComponent._format_sparql_based_result_message(
        None,  # type: ignore[arg-type]  # the method does not use self
        message,
        bound_vars,
    )
    return formatted


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


def to_result(failure: Failure, message_graph: Graph, labels: StoreLabels) -> ValidationResult:
    shape = failure.shape
    path = failure.path
    if path is None and shape.is_property_shape:
        path = shape.path()
    messages = _messages(failure, message_graph)
    message = labels.fill(messages[0], failure.focus, failure.value) if messages else ""
    return ValidationResult(
        focus_node=failure.focus,
        source_shape=shape.node,
        component=failure.component.shacl_constraint_component,
        severity=shape.severity,
        message=message,
        path=path,  # type: ignore[arg-type]
        value=failure.value,
        constraint=failure.source_constraint,  # type: ignore[arg-type]
    )


class StoreLabels:
    """`footballkg.validate.label` and `fill_message`, reading labels from the store."""

    def __init__(self, store: ox.Store) -> None:
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
                for row in solutions(self.store, query):
                    graph.add((node, from_ox(row["p"]), from_ox(row["o"])))
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
    fallback: dict[Identifier, str]  # shape -> why pyshacl had to check it
    queries: int


def run_fast(
    store: ox.Store,
    shapes: Graph,
    message_graph: Graph,
    progress: Progress | None = None,
    ill_typed: set[Literal] | None = None,
    originals: dict[Literal, Literal] | None = None,
) -> FastRun:
    """Evaluate every shape that has targets; shapes it cannot evaluate are listed, not run."""
    ev = Evaluator(store, shapes, ill_typed)
    labels = StoreLabels(store)
    fallback: dict[Identifier, str] = {}
    tasks: list[Task] = []
    for shape in ev.all_shapes:
        focus = TargetFocus(shape, ev.subclasses)
        if shape.deactivated or focus.empty:
            continue
        try:
            tasks += _tasks(ev, shape, focus)
        except UnsupportedConstraint as why:
            fallback[shape.node] = str(why)
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
                fallback.setdefault(task.shape.node, str(outcome))
            else:
                failures.setdefault(task.shape.node, []).extend(outcome)
    results: list[ValidationResult] = []
    for shape_node, found in failures.items():
        if shape_node in fallback:
            continue  # pyshacl checks the whole shape
        for failure in found:
            if originals:  # literals as written, not in the store's canonical form
                failure.focus = originals.get(failure.focus, failure.focus)  # type: ignore[call-overload]
                if failure.value is not None:
                    failure.value = originals.get(failure.value, failure.value)  # type: ignore[call-overload]
            results.append(to_result(failure, message_graph, labels))
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


def _tasks(ev: Evaluator, shape: Shape, focus: Focus) -> list[Task]:
    tasks = []
    for component in ev.components(shape):
        handler = handler_for(component)
        name = type(component).__name__
        if name == "PropertyConstraintComponent":
            inner = value_focus(ev, shape, focus)  # as the component's own handler does
            required = False
            for node in component.property_shapes:  # type: ignore[attr-defined]
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
        elif name == "SPARQLBasedConstraint":
            run = functools.partial(handler, ev, shape, component, focus)
            tasks.append(Task(shape, name, RULE, run))
            helpers = component.sparql_constraints  # type: ignore[attr-defined]
            if any(str(h.node) in overlap.OVERLAP_CONSTRAINTS for h in helpers):
                tasks.append(Task(shape, "overlap candidates", SHARED, ev.prefetch_overlap_pairs))
        else:
            run = functools.partial(handler, ev, shape, component, focus)
            tasks.append(Task(shape, name, CHECK, run))
    return tasks


def _requires_one(ev: Evaluator, prop: Shape) -> bool:
    """Whether the property shape is active and has sh:minCount 1."""
    return not prop.deactivated and any(
        type(c).__name__ == "MinCountConstraintComponent" and int(c.min_count.value) == 1  # type: ignore[attr-defined]
        for c in ev.components(prop)
    )


def _short_name(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def is_class(shapes: Graph, node: Node) -> bool:
    return (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes


def targeted_shapes(shapes: Graph) -> set[Identifier]:
    """The shapes `footballkg.validate.coverage` counts: with a target, or a class too."""
    found = {s for p in _TARGETS for s in shapes.subjects(p, None) if isinstance(s, Identifier)}
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(
            s
            for s in shapes.subjects(RDF.type, kind)
            if isinstance(s, Identifier) and is_class(shapes, s)
        )
    return found


def count_focus_nodes(store: ox.Store, queries: dict[Identifier, str]) -> dict[Identifier, int]:
    """`footballkg.validate.coverage`, counted by SPARQL on the store."""
    counts: dict[Identifier, int] = {}
    answers: dict[str, int] = {}
    for shape, query in queries.items():
        if query not in answers:  # many shapes share a target (every tenure)
            answer = list(solutions(store, query))
            answers[query] = int(answer[0]["n"].value) if answer else 0
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
    store: ox.Store,
    shapes: Graph,
    data_graph: Graph | None = None,
    progress: Progress | None = None,
    *,
    ill_typed: Mapping[Literal, str] | None = None,
    as_written: Mapping[Literal, Literal] | None = None,
    locate: Callable[[Node], Any] | None = None,
) -> ValidationReport:
    """Validate the data in `store` against `shapes`; the same report as pyshacl's.

    `data_graph` (the same data as an rdflib graph) is only needed when a shape has to be
    checked by pyshacl; without it, the store is copied into one for that purpose.
    `ill_typed` maps each literal of the data whose lexical form does not fit its datatype
    to what is wrong with it (found in `data_graph` when not given): sh:datatype fails on
    them, and each one no result names is reported as an error of its own. `as_written`
    maps the store's canonical literals to the data's spelling (found in `data_graph` when
    not given). `locate(shape)` says where a shape is written, for the unknown-term error.
    """
    from footballkg.load import new_graph

    check_shacl_terms(shapes, locate)
    message_graph = data_graph if data_graph is not None else new_graph()
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
        run = run_fast(store, shapes, message_graph, progress, set(ill_typed), dict(originals))
        coverage = counted.result()
    results = run.results
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
            progress.update(f"validating: {len(run.fallback)} shapes with pyshacl")
        reduced = shapes_for_fallback(shapes, set(run.fallback))
        results += validate_with_pyshacl(data_graph, reduced).results
    results += unchecked_literal_results(store, ill_typed, results, originals)
    if progress:
        progress.done()
    return ValidationReport(results=sort_results(results), coverage=coverage)


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
    store: ox.Store,
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
        for row in solutions(store, query):
            subject, predicate = from_ox(row["s"]), from_ox(row["p"])
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
