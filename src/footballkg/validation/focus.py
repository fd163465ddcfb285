"""Focus nodes as SPARQL graph patterns, so a constraint is one query over all of them.

A `Focus` writes a group pattern that binds a given variable to each focus node once. A
shape's targets become a union of patterns; the value nodes of a property shape, checked
against a nested shape, become the outer pattern followed by the path.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from footballkg.validation.shapes import Shape, items
from footballkg.validation.terms import sparql

_fresh = itertools.count()


def fresh(stem: str = "v") -> str:
    """A variable name no other pattern uses."""
    return f"{stem}_{next(_fresh)}"


def may_be_empty(graph: Graph, path: Node) -> bool:
    """Whether the SHACL path can be followed zero steps (SHACL 2.3.1.5-6): then every node
    is one of its own values, a node the data does not mention too (a sh:targetNode)."""
    if isinstance(path, URIRef):
        return False
    if (path, RDF.first, None) in graph:
        return all(may_be_empty(graph, step) for step in items(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return any(may_be_empty(graph, m) for m in items(graph, alternatives))
    if (path, SH.zeroOrMorePath, None) in graph or (path, SH.zeroOrOnePath, None) in graph:
        return True
    inner = graph.value(path, SH.inversePath) or graph.value(path, SH.oneOrMorePath)
    return inner is not None and may_be_empty(graph, inner)


def path_may_be_empty(shape: Shape) -> bool:
    return shape.is_property_shape and may_be_empty(shape.graph, shape.path())


def reach(subject: str, path: str, obj: str, empty: bool, bound: bool = False) -> str:
    """A pattern matching ?`subject` `path` `obj` (a variable or a term), for a place where
    ?`subject` is bound before it is evaluated (inside EXISTS); `bound`: so is ?`obj`.

    `empty`: the path may be followed zero steps. Oxigraph matches a zero-length path only
    from a node of the data, where SPARQL (18.4) matches it from any node given: the node
    itself is added.
    """
    if not empty:
        return f"?{subject} {path} {obj} ."
    if obj.startswith("?") and not bound:
        return f"{{ ?{subject} {path} {obj} }} UNION {{ BIND(?{subject} AS {obj}) }}"
    return f"{{ ?{subject} {path} {obj} }} UNION {{ FILTER(sameTerm(?{subject}, {obj})) }}"


def follow(focus: Focus, subject: str, path: str, obj: str, empty: bool) -> str:
    """A pattern binding ?`subject` to each node of `focus` and ?`obj` to each of its values
    along `path` (`empty`: as in `reach`; each pair once then)."""
    if not empty:
        return f"{focus.where(subject)} ?{subject} {path} ?{obj} ."
    steps = f"{focus.where(subject)} ?{subject} {path} ?{obj} ."
    itself = f"{focus.where(subject)} BIND(?{subject} AS ?{obj})"
    pairs = f"{{ {steps} }} UNION {{ {itself} }}"
    return f"{{ SELECT DISTINCT ?{subject} ?{obj} WHERE {{ {pairs} }} }}"


class Focus:
    def where(self, var: str) -> str:
        """A group pattern binding `?var` to every focus node, each once."""
        raise NotImplementedError


class TargetFocus(Focus):
    """The focus nodes a shape's target declarations select (SHACL 2.1.3)."""

    def __init__(self, shape: Shape, subclasses: Callable[[Node], list[Node]]) -> None:
        self.parts: list[str] = []  # patterns over the variable "{v}"
        nodes = list(shape.target_nodes())
        self.nodes = nodes
        if nodes:
            self.parts.append("VALUES ?{v} { " + " ".join(sparql(n) for n in nodes) + " }")
        classes = {*shape.target_classes(), *shape.implicit_class_targets()}
        # Instances of the classes and their subclasses, the closure computed once (a path
        # per node would be evaluated for every instance).
        closure = sorted({sub for c in classes for sub in subclasses(c)}, key=str)
        if len(closure) == 1:
            self.parts.append(f"?{{v}} <{RDF.type}> {sparql(closure[0])} .")
        elif closure:
            values = " ".join(sparql(c) for c in closure)
            self.parts.append(
                f"VALUES ?{{v}}_class {{ {values} }} ?{{v}} <{RDF.type}> ?{{v}}_class ."
            )
        for p in sorted(shape.target_subjects_of(), key=str):
            self.parts.append(f"?{{v}} {sparql(p)} [] .")
        for p in sorted(shape.target_objects_of(), key=str):
            self.parts.append(f"[] {sparql(p)} ?{{v}} .")

    @property
    def empty(self) -> bool:
        return not self.parts

    def where(self, var: str, first: str = "") -> str:
        """`first`: a pattern on ?var written inside, before the targets (the few nodes of a
        narrowed focus: outside the sub-select, Oxigraph would list every target first)."""
        parts = [p.replace("{v}", var) for p in self.parts]
        if len(parts) == 1 and parts[0].startswith(f"?{var} <{RDF.type}> "):
            return f"{{ {first} {parts[0]} }}"  # one class: each node once, no DISTINCT needed
        if first:  # each of the few nodes tested (joined, every target would be listed)
            tests = [
                " || ".join(f"sameTerm(?{var}, {sparql(n)})" for n in self.nodes)
                if p.startswith(f"VALUES ?{var} ")
                else f"EXISTS {{ {p} }}"
                for p in parts
            ]
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {first} FILTER({' || '.join(tests)}) }} }}"
        union = " UNION ".join("{ " + p + " }" for p in parts)
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {union} }} }}"


class ValueFocus(Focus):
    """The value nodes reached from another focus along a SPARQL property path."""

    def __init__(self, outer: Focus, path: str | None, empty: bool = False) -> None:
        self.outer = outer
        self.path = path  # None: a node shape, whose value node is the focus node itself
        self.empty = empty  # the path may be followed zero steps

    def where(self, var: str) -> str:
        if self.path is None:
            return self.outer.where(var)
        f = fresh("f")
        where = follow(self.outer, f, self.path, var, self.empty)
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {where} }} }}"


class NodesFocus(Focus):
    """An explicit set of nodes (written as a VALUES block).

    A query cannot name a blank node: when the set holds some, every blank node of the data
    stands in for them, a superset its users narrow to the nodes they asked about.
    """

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.nodes = list(nodes)

    def where(self, var: str) -> str:
        named = [n for n in self.nodes if not isinstance(n, BNode)]
        parts = []
        if named or len(named) == len(self.nodes):
            parts.append(f"{{ VALUES ?{var} {{ {' '.join(sparql(n) for n in named)} }} }}")
        if len(named) < len(self.nodes):
            s, p, o = fresh("s"), fresh("p"), fresh("o")
            blank = f"{{ ?{var} ?{p} ?{o} }} UNION {{ ?{s} ?{p} ?{var} }} FILTER(isBlank(?{var}))"
            parts.append(f"{{ SELECT DISTINCT ?{var} WHERE {{ {blank} }} }}")
        return parts[0] if len(parts) == 1 else "{ " + " UNION ".join(parts) + " }"


class NarrowedFocus(Focus):
    """The focus nodes of `outer` that are among `nodes` (an incremental run checks only the
    nodes whose results can have changed)."""

    def __init__(self, outer: Focus, nodes: NodesFocus) -> None:
        self.outer = outer
        self.nodes = nodes

    def where(self, var: str) -> str:
        if isinstance(self.outer, TargetFocus):
            return self.outer.where(var, first=self.nodes.where(var))
        return f"{{ {self.nodes.where(var)} {self.outer.where(var)} }}"


def is_narrowed(focus: Focus) -> bool:
    """Whether `focus` is the few nodes of an incremental run (or values reached from them):
    then a query over the whole graph, which a full run uses to save a join, costs more than
    looking at the focus nodes."""
    while isinstance(focus, ValueFocus):
        focus = focus.outer
    return isinstance(focus, (NarrowedFocus, NodesFocus))


class UnsupportedConstraint(Exception):
    """A constraint the engine does not evaluate; its shape is checked by the fallback."""
