"""The shapes graph read into shapes and constraint components (SHACL 2 and 3, 5, 6).

A `Shape` knows its targets, path, severity, messages and whether it is deactivated; its
`components()` are the constraint components its parameters activate, one per component
IRI (two sh:class values make one component with two rules, as SHACL reads them). The
components of SHACL Core, sh:sparql constraints and SPARQL-based constraint components
(`sh:ConstraintComponent` with sh:parameter and a validator) are read here; anything else
is left to the evaluator to refuse (and to the fallback to check).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Identifier, Node

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

# Parameter -> the core component it belongs to (SHACL 4).
CORE_PARAMETERS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.property: SH.PropertyConstraintComponent,
    SH.qualifiedValueShape: SH.qualifiedValueShape,  # split below, one per bound
    SH.closed: SH.ClosedConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}

# Predicates that make a node a shape even without a type.
_SHAPE_MARKS = (*TARGETS, SH.path, *CORE_PARAMETERS)
# Predicates whose objects are shapes.
_SHAPE_VALUED = (SH.property, SH.node, SH.qualifiedValueShape, SH["not"])
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)


class ShapesError(Exception):
    """The shapes graph says something SHACL does not allow (such as a broken list)."""


def items(graph: Graph, head: Node) -> list[Node]:
    """The members of the RDF list at `head`."""
    try:
        return list(Collection(graph, head))
    except Exception as error:
        raise ShapesError(f"{head} is not a well-formed RDF list ({error}).") from None


@dataclass
class SparqlConstraint:
    """A SHACL-SPARQL query: an sh:sparql constraint, or a SPARQL-based component's
    validator with its parameters bound."""

    node: Node  # the sh:SPARQLConstraint, or the validator
    select: str | None  # SELECT text (None for an ASK validator)
    ask: str | None
    prefixes: dict[str, str]
    messages: list[Literal]
    deactivated: bool = False

    def with_prefixes(self, text: str) -> str:
        lines = "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(self.prefixes.items()))
        return f"{lines}{text}"


@dataclass
class Component:
    """One constraint component of a shape, with its parameter values."""

    iri: URIRef
    shape: Shape
    values: dict[URIRef, list[Node]] = field(default_factory=dict)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    messages: list[Literal] = field(default_factory=list)  # a custom component's own

    def value(self, parameter: URIRef) -> Node:
        return self.values[parameter][0]

    def all(self, parameter: URIRef) -> list[Node]:
        return self.values.get(parameter, [])

    def number(self, parameter: URIRef) -> int:
        return int(str(self.value(parameter)))


class Shape:
    def __init__(self, reader: ShapesReader, node: Node) -> None:
        self.reader = reader
        self.graph = reader.graph
        self.node = node
        self._path = self.graph.value(node, SH.path)
        self.is_property_shape = self._path is not None
        self.deactivated = any(
            isinstance(v, Literal) and v.value is True
            for v in self.graph.objects(node, SH.deactivated)
        )
        self.severity: Node = self.graph.value(node, SH.severity) or SH.Violation
        self.message: list[Literal] = [
            m for m in self.graph.objects(node, SH.message) if isinstance(m, Literal)
        ]
        self._components: list[Component] | None = None

    def path(self) -> Node:
        assert self._path is not None, "only a property shape has a path"
        return self._path

    def target_nodes(self) -> list[Node]:
        return list(self.graph.objects(self.node, SH.targetNode))

    def target_classes(self) -> list[Node]:
        return list(self.graph.objects(self.node, SH.targetClass))

    def implicit_class_targets(self) -> list[Node]:
        return [self.node] if self.reader.is_class(self.node) else []

    def target_subjects_of(self) -> list[Node]:
        return list(self.graph.objects(self.node, SH.targetSubjectsOf))

    def target_objects_of(self) -> list[Node]:
        return list(self.graph.objects(self.node, SH.targetObjectsOf))

    def has_targets(self) -> bool:
        return any((self.node, p, None) in self.graph for p in TARGETS) or bool(
            self.implicit_class_targets()
        )

    def components(self) -> list[Component]:
        if self._components is None:
            self._components = self.reader.components_of(self)
        return self._components


class ShapesReader:
    """The shapes of a shapes graph, read once."""

    def __init__(self, graph: Graph) -> None:
        # Shapes are looked up thousands of times: a graph in rdflib's "SimpleMemory" store
        # (as `footballkg validate` loads them) answers several times faster.
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self._custom = self._custom_components()

    def is_class(self, node: Node) -> bool:
        return (node, RDF.type, RDFS.Class) in self.graph or (
            node,
            RDF.type,
            OWL.Class,
        ) in self.graph

    def shape(self, node: Node) -> Shape:
        if node not in self._shapes:
            self._shapes[node] = Shape(self, node)
        return self._shapes[node]

    @property
    def shapes(self) -> list[Shape]:
        """Every shape of the graph (SHACL 2.1), in a fixed order."""
        found: set[Node] = set()
        for kind in (SH.NodeShape, SH.PropertyShape):
            found.update(self.graph.subjects(RDF.type, kind))
        for predicate in _SHAPE_MARKS:
            found.update(self.graph.subjects(predicate, None))
        for predicate in _SHAPE_VALUED:
            found.update(self.graph.objects(None, predicate))
        for predicate in _SHAPE_LISTS:
            for head in self.graph.objects(None, predicate):
                found.update(items(self.graph, head))
        found = {n for n in found if not isinstance(n, Literal)}
        return [self.shape(n) for n in sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))]

    def sparql_path(self, path: Node) -> str:
        """A SHACL property path (SHACL 2.3.1) as a SPARQL property path."""
        graph = self.graph
        if isinstance(path, URIRef):
            return f"<{path}>"
        if (path, RDF.first, None) in graph:
            return "(" + " / ".join(self.sparql_path(step) for step in items(graph, path)) + ")"
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            members = items(graph, alternatives)
            return "(" + " | ".join(self.sparql_path(m) for m in members) + ")"
        for predicate, written in (
            (SH.inversePath, "^({})"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = graph.value(path, predicate)
            if inner is not None:
                return written.format(self.sparql_path(inner))
        raise ShapesError(f"{path} is not a SHACL property path.")

    # --- components -----------------------------------------------------------------------

    def components_of(self, shape: Shape) -> list[Component]:
        graph = self.graph
        by_iri: dict[URIRef, Component] = {}
        for predicate, value in sorted(graph.predicate_objects(shape.node), key=str):
            iri = CORE_PARAMETERS.get(predicate)  # type: ignore[call-overload]
            if iri is None:
                continue
            component = by_iri.setdefault(iri, Component(iri, shape))
            component.values.setdefault(predicate, []).append(value)  # type: ignore[arg-type]
        for predicate in (SH.flags, SH.ignoredProperties, SH.qualifiedMinCount,
                          SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint):  # fmt: skip
            for component in by_iri.values():
                values = list(graph.objects(shape.node, predicate))
                if values:
                    component.values[predicate] = values
        found = list(by_iri.values())
        sparql = by_iri.get(SH.SPARQLConstraintComponent)
        if sparql is not None:
            sparql.sparql = [self._sparql_constraint(n) for n in sparql.all(SH.sparql)]
        if SH.qualifiedValueShape in by_iri:
            # One component per bound (SHACL 4.7.3): min and max count report apart.
            qualified = by_iri.pop(SH.qualifiedValueShape)
            found.remove(qualified)
            for bound, iri in (
                (SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent),
            ):
                if bound in qualified.values:
                    found.append(Component(iri, shape, dict(qualified.values)))
        for custom in self._custom:
            activated = custom.activated_by(self, shape)
            if activated is not None:
                found.append(activated)
        return found

    def _sparql_constraint(self, node: Node) -> SparqlConstraint:
        graph = self.graph
        select = graph.value(node, SH.select)
        deactivated = any(
            isinstance(v, Literal) and v.value is True for v in graph.objects(node, SH.deactivated)
        )
        return SparqlConstraint(
            node=node,
            select=str(select) if select is not None else None,
            ask=None,
            prefixes=self.prefixes(node),
            messages=[m for m in graph.objects(node, SH.message) if isinstance(m, Literal)],
            deactivated=deactivated,
        )

    def prefixes(self, node: Node) -> dict[str, str]:
        """The prefixes a SPARQL executable declares through sh:prefixes (SHACL 5.2.1),
        after rdf, rdfs and owl, which every query may use."""
        found = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
        for holder in self.graph.objects(node, SH.prefixes):
            for declaration in self.graph.objects(holder, SH.declare):
                prefix = self.graph.value(declaration, SH.prefix)
                namespace = self.graph.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise ShapesError(f"sh:declare of {holder} lacks sh:prefix or sh:namespace.")
                found[str(prefix)] = str(namespace)
        return found

    def _custom_components(self) -> list[CustomComponent]:
        found = []
        for node in sorted(self.graph.subjects(RDF.type, SH.ConstraintComponent), key=str):
            parameters = list(self.graph.objects(node, SH.parameter))
            if parameters and isinstance(node, URIRef):
                found.append(CustomComponent(self, node, parameters))
        return found


class CustomComponent:
    """A SPARQL-based constraint component (SHACL 6): parameters and validators."""

    def __init__(self, reader: ShapesReader, iri: URIRef, parameters: Iterable[Node]) -> None:
        graph = reader.graph
        self.iri = iri
        self.parameters: list[tuple[URIRef, bool]] = []  # (path, optional)
        for parameter in parameters:
            path = graph.value(parameter, SH.path)
            optional = graph.value(parameter, SH.optional)
            if isinstance(path, URIRef):
                is_optional = isinstance(optional, Literal) and optional.value is True
                self.parameters.append((path, is_optional))
        self.validators = {
            kind: graph.value(iri, kind)
            for kind in (SH.validator, SH.nodeValidator, SH.propertyValidator)
        }
        self.messages = [m for m in graph.objects(iri, SH.message) if isinstance(m, Literal)]

    def activated_by(self, reader: ShapesReader, shape: Shape) -> Component | None:
        values: dict[URIRef, list[Node]] = {}
        for path, optional in self.parameters:
            found = list(reader.graph.objects(shape.node, path))
            if found:
                values[path] = found
            elif not optional:
                return None
        kind = SH.propertyValidator if shape.is_property_shape else SH.nodeValidator
        validator = self.validators.get(kind) or self.validators.get(SH.validator)
        component = Component(self.iri, shape, values, messages=list(self.messages))
        if validator is None:
            return component  # no validator for this kind of shape: refused by the evaluator
        graph = reader.graph
        select, ask = graph.value(validator, SH.select), graph.value(validator, SH.ask)
        messages = [m for m in graph.objects(validator, SH.message) if isinstance(m, Literal)]
        component.sparql = [
            SparqlConstraint(
                node=validator,
                select=str(select) if select is not None else None,
                ask=str(ask) if ask is not None else None,
                prefixes=reader.prefixes(validator),
                messages=messages or list(self.messages),
            )
        ]
        return component


def literal_is_true(node: Any) -> bool:
    """Whether `node` is the literal true, written so (SHACL names that term only)."""
    return isinstance(node, Literal) and str(node) == "true" and node.datatype == XSD.boolean


def as_identifier(node: Node) -> Identifier:
    assert isinstance(node, Identifier)
    return node
