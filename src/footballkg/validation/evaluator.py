"""The evaluator: what every constraint handler asks of the engine (queries over the store,
focus nodes, shapes), with the work several handlers share done once."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Identifier, Node

from footballkg.validation.failure import Failure
from footballkg.validation.focus import Focus, UnsupportedConstraint, ValueFocus, fresh
from footballkg.validation.overlap import GROUPS, candidate_pairs
from footballkg.validation.shapes import Component, Shape, ShapesReader
from footballkg.validation.terms import Solutions, Store, sparql

# A constraint component's evaluation: every failure of the component over the focus nodes.
Handler = Callable[["Evaluator", Shape, Component, Focus], list[Failure]]
# A SPARQL expression true when the value in the variable given fails the component (one
# per rule), for the components that judge each value node alone.
ValueTest = Callable[["Evaluator", Component, str], list[str]]


@dataclass(frozen=True)
class Registry:
    """The constraint components the engine evaluates, by component IRI."""

    handlers: dict[URIRef, Handler]
    value_tests: dict[URIRef, ValueTest]
    # The handler of SPARQL-based components the shapes declare (SHACL 6).
    custom: Handler


ALLOWED_IN_NESTED = {SH.Warning, SH.Info}  # validation runs with allow_warnings, as pyshacl's
SMALL_FOCUS = 1000


class Evaluator:
    """Evaluates shapes over a store; shared by the top level and nested shape checks."""

    def __init__(
        self,
        store: Store,
        shapes: ShapesReader,
        registry: Registry,
        ill_typed: set[Literal] | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        # Literals whose lexical form does not fit their datatype (they fail sh:datatype).
        self.ill_typed = ill_typed or set()
        self.shapes = shapes
        self._paths: dict[Node, str] = {}
        # Properties every node of a focus must have (sh:minCount 1), by focus pattern: one
        # query checks them all (see `lacking`).
        self._required: dict[str, set[str]] = {}
        # Work several tasks read, by name: computed once, by the first thread to ask.
        self._shared: dict[str, Any] = {}
        self._shared_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        self._subclasses: dict[Node, list[Node]] = {}
        self.queries = 0
        # In an incremental run that narrows the SHACL-SPARQL rules: the focus nodes (IRIs)
        # whose overlap candidates are wanted (None: every head-coach tenure's).
        self.overlap_focus: list[Node] | None = None

    # --- queries ------------------------------------------------------------------------

    def select_solutions(self, query: str) -> Solutions:
        # Shapes often repeat a check (every node shape's "cites a source" property, every
        # label's datatype): the store does not change during a validation, so each distinct
        # query runs once, and a thread asking while another runs it waits for the answer.
        answer: Solutions = self.shared(f"query {query}", functools.partial(self._solve, query))
        return answer

    def _solve(self, query: str) -> Solutions:
        self.queries += 1
        return self.store.select(query)

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
        return candidate_pairs(self.store, GROUPS, self.overlap_focus) or {}

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
        # first. The flags are the numbers 1 and 0, not booleans, which some servers
        # (Virtuoso) send back as numbers anyway.
        lookups = " ".join(
            f"BIND(IF(NOT EXISTS {{ ?this {p} ?value_{n} }}, 1, 0) AS ?lacks_{n})"
            for n, p in enumerate(paths)
        )
        any_lacking = " + ".join(f"?lacks_{n}" for n in range(len(paths)))
        rows = self.select(f"SELECT * WHERE {{ {where} {lookups} FILTER({any_lacking} > 0) }}")
        return {
            p: {row["this"] for row in rows if int(row[f"lacks_{n}"]) == 1}
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
        return self.shapes.shape(node)

    def path(self, shape: Shape) -> str:
        """The shape's sh:path as a SPARQL property path (full IRIs)."""
        return self.sparql_path(shape.path())

    def sparql_path(self, node: Node) -> str:
        if node not in self._paths:
            self._paths[node] = self.shapes.sparql_path(node)
        return self._paths[node]

    def components(self, shape: Shape) -> list[Component]:
        """The shape's constraint components; refused when the shape uses SHACL-AF."""
        if (shape.node, SH.expression, None) in self.shapes.graph:
            raise UnsupportedConstraint("sh:expression (SHACL-AF)")
        return shape.components()

    def handler(self, component: Component) -> Handler:
        """The function that evaluates `component` over all focus nodes at once."""
        handler = self.registry.handlers.get(component.iri)
        if handler is None and component.sparql:
            handler = self.registry.custom
        if handler is None:
            raise UnsupportedConstraint(str(component.iri).replace(str(SH), "sh:"))
        return handler

    def check(self, shape: Shape, focus: Focus) -> list[Failure]:
        """All failures of `shape` (with its property shapes) over the nodes of `focus`."""
        if shape.deactivated:
            return []
        failures: list[Failure] = []
        for component in self.components(shape):
            failures += self.handler(component)(self, shape, component, focus)
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
