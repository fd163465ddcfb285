"""Which focus nodes of a SHACL-SPARQL query a change can reach, read from the query itself.

An incremental run checks a SPARQL-based constraint only for the focus nodes whose results can
have changed (SHACL's pre-binding of $this, as a VALUES block). A query can read far from its
focus node (the overlap rules read every tenure of the same person or team), so the nodes are
found from the query's own triple patterns:

1. The patterns (property paths taken apart, OPTIONAL, UNION, MINUS and (NOT) EXISTS groups
   each a scope inside the one around it) form a graph of variables and terms.
2. From $this, every variable gets one walk through that graph: a property path along the
   patterns of its own scope and the scopes around it, which every solution follows in the
   data (a shortest-path tree, so a walk's prefix is the walk of the node it reaches). Walks do
   not go through a fixed term: every tenure reaches every other through fkg:Tenure.
3. A triple matched by a pattern is at the end of the walk of one of the pattern's variables
   (the one not reached through the pattern itself). So when a triple with the pattern's
   predicate changes, the focus nodes that can see it are those whose walk reaches its subject
   (or object): a `SeedRule`. The first changed triple along a walk has an unchanged walk
   before it, so the walks are followed in the data as it is now.

A query this cannot bound (a variable predicate, a negated path, a sub-select, GRAPH or
SERVICE, a variable no walk reaches, a pattern of fixed terms only) raises `Unbounded`: the
constraint then runs on every focus node. Parsing SPARQL with rdflib takes a while (seconds for
the project's rules), so the rules are kept in the cache folder, by the query's digest.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, URIRef, Variable
from rdflib.namespace import RDFS, SKOS
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.term import Node

from footballkg import __version__
from footballkg.validation.terms import sparql

REACH = "sparql-reach.json"
_LABELS = frozenset({str(RDFS.label), str(SKOS.prefLabel)})  # messages name nodes by them
_THIS = Variable("this")
_CHILD_SCOPES = {  # parts of an algebra node evaluated as a group inside the enclosing one
    "LeftJoin": ("p2", "expr"),
    "Union": ("p1", "p2"),
    "Minus": ("p2",),
    "Builtin_EXISTS": ("graph",),
    "Builtin_NOTEXISTS": ("graph",),
    "OptionalGraphPattern": ("graph",),
    "MinusGraphPattern": ("graph",),
    "GroupOrUnionGraphPattern": ("graph",),
}
_UNBOUNDED = {
    "Project": "a sub-select",
    "SubSelect": "a sub-select",
    "Graph": "GRAPH",
    "GraphGraphPattern": "GRAPH",
    "ServiceGraphPattern": "SERVICE",
}


class Unbounded(Exception):
    """A query whose reach from its focus node cannot be bounded (the message says why)."""


@dataclass(frozen=True)
class Step:
    """One step of a walk: along `iri`, backwards when `inverse`, repeated as `repeat` says."""

    iri: str
    inverse: bool = False
    repeat: str = ""  # "", "*", "+" or "?"

    def text(self) -> str:
        step = f"^<{self.iri}>" if self.inverse else f"<{self.iri}>"
        return f"({step}){self.repeat}" if self.repeat else step


@dataclass(frozen=True)
class SeedRule:
    """A changed triple with one of `predicates` can change the results of the focus nodes
    that reach its subject (`side` "s") or object ("o") along `walk` (a SPARQL property path;
    "" for the node itself)."""

    predicates: frozenset[str]
    side: str
    walk: str


@dataclass(frozen=True)
class _Edge:
    subject: Node  # a variable, a blank node (a variable too) or a term
    obj: Node
    iri: str
    repeat: str
    scope: int


def _is_variable(node: Node) -> bool:
    return isinstance(node, (Variable, BNode))


class _Patterns:
    """The triple patterns of a query, each with its scope."""

    def __init__(self) -> None:
        self.edges: list[_Edge] = []
        self.parent: dict[int, int | None] = {0: None}
        self._fresh = itertools.count()
        self._scopes = itertools.count(1)

    def child(self, scope: int) -> int:
        new = next(self._scopes)
        self.parent[new] = scope
        return new

    def chain(self, scope: int) -> list[int]:
        found: list[int] = []
        at: int | None = scope
        while at is not None:
            found.append(at)
            at = self.parent[at]
        return found

    def visit(self, node: Any, scope: int, top: bool = False) -> None:
        from rdflib.plugins.sparql.parserutils import CompValue

        if isinstance(node, CompValue):
            name = node.name
            if name in _UNBOUNDED and not (top and name == "Project"):
                raise Unbounded(f"the query has {_UNBOUNDED[name]}")
            if name in ("BGP", "TriplesBlock"):
                # Triples may come run together in one list (rdflib's parse form).
                terms = [term for triple in node.get("triples") or () for term in triple]
                for at in range(0, len(terms) - 2, 3):
                    self.path(terms[at], terms[at + 1], terms[at + 2], scope)
                return
            inner = _CHILD_SCOPES.get(name, ())
            for key, value in node.items():
                if key == "_vars":
                    continue
                if isinstance(value, list) and name == "GroupOrUnionGraphPattern":
                    for branch in value:
                        self.visit(branch, self.child(scope))
                else:
                    self.visit(value, self.child(scope) if key in inner else scope)
        elif isinstance(node, (list, tuple)):
            for item in node:
                self.visit(item, scope)

    def path(self, s: Node, p: Any, o: Node, scope: int) -> None:
        """The edges of the pattern `s p o` (a property path taken apart)."""
        if isinstance(p, URIRef):
            self.edges.append(_Edge(s, o, str(p), "", scope))
        elif isinstance(p, InvPath):
            self.path(o, p.arg, s, scope)
        elif isinstance(p, SequencePath):
            nodes = [s, *(Variable(f"path_{next(self._fresh)}") for _ in p.args[1:]), o]
            for step, (a, b) in zip(p.args, itertools.pairwise(nodes), strict=True):
                self.path(a, step, b, scope)
        elif isinstance(p, AlternativePath):
            for step in p.args:
                self.path(s, step, o, scope)
        elif isinstance(p, MulPath) and isinstance(p.path, URIRef):
            self.edges.append(_Edge(s, o, str(p.path), p.mod, scope))
        elif isinstance(p, MulPath) and isinstance(p.path, InvPath):
            if not isinstance(p.path.arg, URIRef):
                raise Unbounded("a repeated path of more than one property")
            self.edges.append(_Edge(o, s, str(p.path.arg), p.mod, scope))
        elif isinstance(p, NegatedPath):
            raise Unbounded("a negated property path")
        elif isinstance(p, MulPath):
            raise Unbounded("a repeated path of more than one property")
        else:
            raise Unbounded(f"a predicate that is not an IRI ({p})")


# The first triple pattern with $this as its subject: the focus nodes' VALUES block goes just
# before it, in the same group, so that the query starts from them (placed at the top of the
# query, Oxigraph evaluates the inner groups for every node first).
_FIRST_THIS = re.compile(r"[$?]this\s+(?=[a<^(!]|[A-Za-z_][\w.-]*:)")
_SELECT = re.compile(r"\bSELECT\b[^{]*\{", re.IGNORECASE)
_PROBE = URIRef("urn:footballkg:focus")
# Where a VALUES block may sit for the query to keep exactly the solutions of its nodes:
# joined with the patterns that bind $this, under operators that keep each solution's $this.
_KEEPS_THIS = {
    "SelectQuery": ("p",),
    "Project": ("p",),
    "Distinct": ("p",),
    "Reduced": ("p",),
    "Slice": ("p",),
    "OrderBy": ("p",),
    "Filter": ("p",),
    "Extend": ("p",),
    "LeftJoin": ("p1",),
    "Minus": ("p1",),
    "Join": ("p1", "p2"),
}


def focus_position(query: str) -> int | None:
    """Where `with_focus` writes the VALUES block (None: no triple pattern on $this)."""
    select = _SELECT.search(query)
    if select is None:
        return None
    first = _FIRST_THIS.search(query, select.end())
    return first.start() if first is not None else None


def with_focus(query: str, nodes: list[Node]) -> str:
    """`query` with $this pre-bound to `nodes` (SHACL's pre-binding, as a VALUES block) just
    before its first triple pattern on $this; as it is when there is none."""
    at = focus_position(query)
    if at is None:
        return query
    block = " ".join(sparql(n) for n in nodes)
    return f"{query[:at]}VALUES ?this {{ {block} }}\n{query[at:]}"


def _values_in_place(node: Any) -> bool:
    """Whether the probe VALUES block sits where it only narrows the query's solutions."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return False
    if node.name == "ToMultiSet":
        inner = node.get("p")
        res = inner.get("res") if isinstance(inner, CompValue) else None
        return isinstance(res, list) and bool(res) and all(r.get(_THIS) == _PROBE for r in res)
    keys = _KEEPS_THIS.get(node.name, ())
    return any(_values_in_place(node.get(key)) for key in keys)


def reach_rules(query: str) -> list[SeedRule]:
    """The seed rules of a SELECT query (prefixes declared, parameters written in); raises
    Unbounded when its reach cannot be bounded or its focus nodes cannot be pre-bound."""
    # rdflib's SPARQL parser is imported here only: `footballkg validate` starts without it
    # (a warm run reads the rules from the cache).
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    probe = with_focus(query, [_PROBE])
    if probe == query:
        raise Unbounded("no triple pattern has $this as its subject")
    try:
        parsed = translateQuery(parseQuery(probe))
    except Exception as error:  # rdflib's parser raises many kinds
        raise Unbounded(f"rdflib cannot read the query ({error})") from None
    algebra = parsed.algebra
    if not _values_in_place(algebra):
        raise Unbounded("$this cannot be pre-bound where the query first names it")
    patterns = _Patterns()
    patterns.visit(algebra.get("p"), 0, top=True)
    edges = patterns.edges
    if not any(_THIS in (e.subject, e.obj) for e in edges if e.scope == 0):
        raise Unbounded("$this is in no pattern every solution matches")
    trees: dict[int, dict[Node, tuple[int, tuple[Step, ...], int]]] = {}

    def tree(scope: int) -> dict[Node, tuple[int, tuple[Step, ...], int]]:
        if scope not in trees:
            up = patterns.parent[scope]
            start: dict[Node, tuple[int, tuple[Step, ...], int]] = (
                tree(up) if up is not None else {_THIS: (0, (), -1)}
            )
            allowed = set(patterns.chain(scope))
            usable = [(n, e) for n, e in enumerate(edges) if e.scope in allowed]
            trees[scope] = _walks(start, usable)
        return trees[scope]

    rules: set[SeedRule] = set()
    for n, edge in enumerate(edges):
        reached = tree(edge.scope)
        # A repeated path's triple lies anywhere along it: its subject a number of steps on
        # from the pattern's subject, its object a number of steps back from its object.
        ends = [
            (edge.subject, "s", Step(edge.iri, False, "*")),
            (edge.obj, "o", Step(edge.iri, True, "*")),
        ]
        used = False
        for node, side, along in ends:
            if not _is_variable(node):
                continue
            if node not in reached:
                raise Unbounded(f"no pattern leads from $this to ?{node}")
            _, walk, via = reached[node]
            if via == n:
                continue  # reached through this pattern: the other end's walk covers it
            steps = (*walk, along) if edge.repeat else walk
            rules.add(SeedRule(frozenset({edge.iri}), side, "/".join(s.text() for s in steps)))
            used = True
        if not used and not any(_is_variable(x) for x in (edge.subject, edge.obj)):
            raise Unbounded(f"a pattern of fixed terms only (<{edge.iri}>)")
    root = tree(0)
    for variable in (_THIS, Variable("value")):  # messages name the focus node and value
        if variable in root:
            steps = root[variable][1]
            rules.add(SeedRule(_LABELS, "s", "/".join(step.text() for step in steps)))
    return sorted(rules, key=lambda r: (r.walk, r.side, sorted(r.predicates)))


def _walks(
    start: dict[Node, tuple[int, tuple[Step, ...], int]], edges: list[tuple[int, _Edge]]
) -> dict[Node, tuple[int, tuple[Step, ...], int]]:
    """Shortest walks from the nodes of `start` (kept as they are) along `edges`, each node
    with its length, steps and the edge it was reached through. Fixed terms end a walk."""
    found = dict(start)
    around: dict[Node, list[tuple[Node, Step, int]]] = defaultdict(list)
    for n, e in edges:
        around[e.subject].append((e.obj, Step(e.iri, False, e.repeat), n))
        around[e.obj].append((e.subject, Step(e.iri, True, e.repeat), n))
    order = itertools.count()
    queue = [(length, next(order), node) for node, (length, _, _) in start.items()]
    heapq.heapify(queue)
    done: set[Node] = set()
    while queue:
        length, _, node = heapq.heappop(queue)
        if node in done or not _is_variable(node):
            continue
        done.add(node)
        for other, step, n in around[node]:
            if other in start or other in done:
                continue
            if other not in found or found[other][0] > length + 1:
                found[other] = (length + 1, (*found[node][1], step), n)
                heapq.heappush(queue, (length + 1, next(order), other))
    return found


# ------------------------------------------------------------------------------- the cache


def _kept_form(query: str) -> list[list[Any]] | str:
    """The query's rules as the cache keeps them, or why it cannot be bounded."""
    try:
        return [[sorted(r.predicates), r.side, r.walk] for r in reach_rules(query)]
    except Unbounded as error:
        return str(error)


def query_digest(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def cached_rules(folder: Path | None, queries: Iterable[str | None]) -> list[SeedRule] | str:
    """The seed rules of all `queries` together, or why one of them cannot be bounded; from
    the cache folder's `sparql-reach.json` where it has them (kept there when it can)."""
    known: dict[str, Any] = {}
    path = folder / REACH if folder is not None else None
    if path is not None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("footballkg") == __version__:
                known = dict(document["queries"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            known = {}
    rules: set[SeedRule] = set()
    why = ""
    texts = [q for q in queries if q is not None]
    if len(texts) < len(list(queries)):
        why = "an ASK validator or a query the engine does not evaluate"
    missing = sorted({query_digest(q): q for q in texts if query_digest(q) not in known}.items())
    if missing:
        # On a thread of its own: the parser (pyparsing) keeps exceptions it raised, and with
        # them the frames of the stack they were raised in; the caller's frames hold the store,
        # whose lock would then outlive the run.
        with ThreadPoolExecutor(max_workers=1) as pool:
            found = pool.map(_kept_form, [q for _, q in missing])
            known.update(zip((key for key, _ in missing), found, strict=True))
    for query in texts:
        entry = known[query_digest(query)]
        if isinstance(entry, str):
            why = why or entry
            continue
        try:
            rules.update(SeedRule(frozenset(p), str(side), str(walk)) for p, side, walk in entry)
        except (TypeError, ValueError):
            why = why or "the kept rules are unreadable"
    if missing and path is not None:
        temporary = path.with_name(f"{REACH}.{os.getpid()}.tmp")
        try:
            document = {"footballkg": __version__, "queries": known}
            temporary.write_text(json.dumps(document) + "\n", encoding="utf-8")
            temporary.replace(path)
        except OSError:
            pass  # kept next time, or never: the rules are found again
    return why or sorted(rules, key=lambda r: (r.walk, r.side, sorted(r.predicates)))
