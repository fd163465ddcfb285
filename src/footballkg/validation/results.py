"""What a SHACL validation gives (results, report, coverage) and the checks around it.

The engine itself is `footballkg.validation`. This module guards against false comfort:

- every term in the `sh:` namespace that the shapes use must be a SHACL term, so a typo such
  as `sh:datatyp` (which a SHACL engine silently ignores, leaving the constraint unchecked)
  is an InputError naming the term and the shape;
- the report counts, per shape with targets, how many focus nodes it checked, so a shape
  that targets nothing in the data shows up instead of passing quietly.

Messages may use `{$this}` and `{?value}` in any constraint: they are filled with the label
of the focus node and value (SHACL fills them in SPARQL constraints only, and with IRIs).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Identifier, Node

from footballkg.errors import InputError
from footballkg.rdf.terms import prefixed

SEVERITY_ORDER: dict[Node, int] = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}

# Every term of the SHACL vocabulary (https://www.w3.org/ns/shacl.ttl), by local name.
_SHACL_WORDS = """
    AbstractResult AndConstraintComponent BlankNode BlankNodeOrIRI BlankNodeOrLiteral
    ClassConstraintComponent ClosedConstraintComponent ConstraintComponent
    DatatypeConstraintComponent DisjointConstraintComponent EqualsConstraintComponent
    ExpressionConstraintComponent Function HasValueConstraintComponent IRI IRIOrLiteral
    InConstraintComponent Info JSConstraint JSConstraintComponent JSExecutable JSFunction
    JSLibrary JSRule JSTarget JSTargetType JSValidator LanguageInConstraintComponent
    LessThanConstraintComponent LessThanOrEqualsConstraintComponent Literal
    MaxCountConstraintComponent MaxExclusiveConstraintComponent MaxInclusiveConstraintComponent
    MaxLengthConstraintComponent MinCountConstraintComponent MinExclusiveConstraintComponent
    MinInclusiveConstraintComponent MinLengthConstraintComponent NodeConstraintComponent
    NodeKind NodeKindConstraintComponent NodeShape NotConstraintComponent OrConstraintComponent
    Parameter Parameterizable PatternConstraintComponent PrefixDeclaration
    PropertyConstraintComponent PropertyGroup PropertyShape
    QualifiedMaxCountConstraintComponent QualifiedMinCountConstraintComponent ResultAnnotation
    Rule SPARQLAskExecutable SPARQLAskValidator SPARQLConstraint SPARQLConstraintComponent
    SPARQLConstructExecutable SPARQLExecutable SPARQLFunction SPARQLRule
    SPARQLSelectExecutable SPARQLSelectValidator SPARQLTarget SPARQLTargetType
    SPARQLUpdateExecutable Severity Shape Target TargetType TripleRule
    UniqueLangConstraintComponent ValidationReport ValidationResult Validator Violation Warning
    XoneConstraintComponent
    alternativePath and annotationProperty annotationValue annotationVarName ask class closed
    condition conforms construct datatype deactivated declare defaultValue description detail
    disjoint entailment equals expression filterShape flags focusNode group hasValue
    ignoredProperties in intersection inversePath js jsFunctionName jsLibrary jsLibraryURL
    labelTemplate languageIn lessThan lessThanOrEquals maxCount maxExclusive maxInclusive
    maxLength message minCount minExclusive minInclusive minLength name namespace node nodeKind
    nodeValidator nodes not object oneOrMorePath optional or order parameter path pattern
    predicate prefix prefixes property propertyValidator qualifiedMaxCount qualifiedMinCount
    qualifiedValueShape qualifiedValueShapesDisjoint result resultAnnotation resultMessage
    resultPath resultSeverity returnType rule select severity shapesGraph
    shapesGraphWellFormed sourceConstraint sourceConstraintComponent sourceShape sparql subject
    suggestedShapesGraph target targetClass targetNode targetObjectsOf targetSubjectsOf this
    union uniqueLang update validator value xone zeroOrMorePath zeroOrOnePath
"""
SHACL_TERMS = frozenset(_SHACL_WORDS.split())
# Parameters of the constraint components are named `sh:<Component>-<parameter>`.
_COMPONENT_PARAMETER = re.compile(r"([A-Za-z]+ConstraintComponent)-[A-Za-z]+")

_SH = str(SH)
_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_PLACEHOLDER = re.compile(r"\{[$?](this|value)\}")


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL result; `message` is the shape's sh:message with its placeholders filled.

    `constraint` is the sh:sparql constraint that produced the result (None for SHACL Core).
    """

    focus_node: Identifier
    source_shape: Identifier
    component: Identifier
    severity: Identifier
    message: str = ""
    path: Identifier | None = None
    value: Node | None = None
    constraint: Identifier | None = None


@dataclass
class ValidationReport:
    results: list[ValidationResult] = field(default_factory=list)
    # Shape -> number of focus nodes it was checked against (a shape with 0 checked nothing).
    coverage: dict[Identifier, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == SH.Violation for r in self.results)

    @property
    def untargeted(self) -> list[Identifier]:
        """Shapes whose targets match nothing in the data: they checked nothing."""
        return sorted((s for s, n in self.coverage.items() if n == 0), key=str)


def coverage_text(report: ValidationReport) -> str:
    """One line per shape with targets: how many focus nodes it checked; 0 is flagged."""
    lines = []
    names = {shape: _short(shape) for shape in report.coverage}
    width = max((len(name) for name in names.values()), default=0)
    for shape, name in sorted(names.items(), key=lambda item: item[1]):
        count = report.coverage[shape]
        flag = "  <- targets nothing in the data: it checked nothing" if count == 0 else ""
        lines.append(f"{name.ljust(width)}  {count:>5}{flag}")
    return "\n".join(lines)


def check_shacl_terms(shapes: Graph, locate: Callable[[Node], Any] | None = None) -> None:
    """Raise InputError for the first `sh:` term in `shapes` that SHACL does not define.

    `locate(node)` may give where a shape is written (such as "shapes/x.ttl:12").
    """
    for term in sorted(_sh_terms(shapes), key=str):
        local = term[len(_SH) :]
        if local in SHACL_TERMS or _is_component_parameter(local):
            continue
        shape = _enclosing_shape(shapes, term)
        if shape is not None and not _is_shape(shapes, shape):
            continue  # a node of data kept beside the shapes: SHACL reads nothing of it
        where = locate(shape) if locate is not None and shape is not None else None
        place = f" in {_short(shape)}" if shape is not None else ""
        if where:
            place += f" ({where})"
        close = difflib.get_close_matches(local, SHACL_TERMS, n=1)
        hint = f" Did you mean sh:{close[0]}?" if close else ""
        raise InputError(
            f"Unknown SHACL term sh:{local}{place}: no SHACL engine checks it, so the "
            f"constraint would silently pass.{hint}"
        )


def coverage(data: Graph, shapes: Graph) -> dict[Identifier, int]:
    """For each shape that declares targets, how many focus nodes those targets give in `data`.

    Counts the targets of SHACL Core: sh:targetClass (instances of the class or of a subclass,
    by rdfs:subClassOf in `data`), sh:targetNode (nodes that occur in `data`),
    sh:targetSubjectsOf, sh:targetObjectsOf, and implicit class targets (a shape that is
    also an rdfs:Class or owl:Class).
    """
    counts: dict[Identifier, int] = {}
    for shape in sorted(_targeted_shapes(shapes), key=str):
        counts[shape] = len(focus_nodes(data, shapes, shape))
    return counts


def focus_nodes(data: Graph, shapes: Graph, shape: Identifier) -> set[Node]:
    """The focus nodes the targets of `shape` select in `data`."""
    nodes: set[Node] = set()
    classes = set(shapes.objects(shape, SH.targetClass))
    if _is_class(shapes, shape):
        classes.add(shape)
    for cls in classes:
        for sub in data.transitive_subjects(RDFS.subClassOf, cls):
            nodes.update(data.subjects(RDF.type, sub))
    for node in shapes.objects(shape, SH.targetNode):
        if (node, None, None) in data or (None, None, node) in data:
            nodes.add(node)
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(predicate, None))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(data.objects(None, predicate))
    return nodes


def result_order(result: ValidationResult) -> tuple[int, str, str, str, str, str]:
    """The one order of a report's results: severity, focus node, shape, component, message,
    value."""
    return (
        SEVERITY_ORDER.get(result.severity, 9),
        str(result.focus_node),
        str(result.source_shape),
        str(result.component),
        result.message,
        str(result.value),
    )


def best_label(graph: Graph, node: Node) -> str | None:
    """`node`'s rdfs:label or skos:prefLabel: English first, then untagged, then any (in a
    fixed order); None when it has none."""
    labels = [o for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(node, p)]
    literals = [o for o in labels if isinstance(o, Literal)]
    if not literals:
        return None
    return str(min(literals, key=lambda o: (o.language != "en", o.language or "", str(o))))


def label(graph: Graph, node: Node) -> str:
    """How a message names `node`: its label (`best_label`), else a prefixed name or the
    IRI; a literal as `"lexical form"^^datatype`."""
    if isinstance(node, Literal):
        if node.language:
            return f'"{node}"@{node.language}'
        if node.datatype is not None:
            return f'"{node}"^^{_short(node.datatype)}'
        return f'"{node}"'
    found = best_label(graph, node)
    return found if found is not None else _short(node)


def fill_message(message: str, graph: Graph, focus: Node, value: Node | None) -> str:
    """`message` with `{$this}` / `{?this}` and `{$value}` / `{?value}` replaced by labels."""

    def replace(match: re.Match[str]) -> str:
        node = focus if match.group(1) == "this" else value
        return label(graph, node) if node is not None else match.group(0)

    return _PLACEHOLDER.sub(replace, message)


def _sh_terms(shapes: Graph) -> set[URIRef]:
    terms: set[URIRef] = set()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and term.startswith(_SH) and term != URIRef(_SH):
                terms.add(term)
    return terms


def _is_component_parameter(local: str) -> bool:
    match = _COMPONENT_PARAMETER.fullmatch(local)
    return match is not None and match.group(1) in SHACL_TERMS


def _enclosing_shape(shapes: Graph, term: URIRef) -> Node | None:
    """The named node that uses `term` (climbing out of blank nodes such as property shapes)."""
    for subject, _, _ in sorted(_triples_using(shapes, term), key=lambda t: str(t[0])):
        node: Node = subject
        seen: set[Node] = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            parent = next(iter(shapes.subjects(None, node)), None)
            if parent is None:
                break
            node = parent
        return node
    return None


_SHAPE_PREDICATES = (*_TARGET_PREDICATES, SH.path, SH.property, SH.node, SH.sparql)
_SHAPE_VALUED = (SH.property, SH.node, SH.qualifiedValueShape, SH["not"])


def _is_shape(shapes: Graph, node: Node) -> bool:
    """Whether `node` is a shape: declared one, given targets, a path or constraints that
    hold shapes, or used as a shape by another."""
    if any((node, RDF.type, kind) in shapes for kind in (SH.NodeShape, SH.PropertyShape)):
        return True
    if any((node, p, None) in shapes for p in _SHAPE_PREDICATES):
        return True
    return any((None, p, node) in shapes for p in _SHAPE_VALUED)


def _triples_using(shapes: Graph, term: URIRef) -> Iterable[tuple[Node, Node, Node]]:
    yield from shapes.triples((None, term, None))
    yield from shapes.triples((None, None, term))
    yield from shapes.triples((term, None, None))


def _targeted_shapes(shapes: Graph) -> set[Identifier]:
    found: set[Identifier] = set()
    for predicate in _TARGET_PREDICATES:
        found.update(s for s in shapes.subjects(predicate, None) if isinstance(s, Identifier))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if isinstance(shape, Identifier) and _is_class(shapes, shape):
                found.add(shape)
    return found


def _is_class(shapes: Graph, node: Node) -> bool:
    return (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes


def _short(node: Node | None, prefixes: Mapping[str, str] | None = None) -> str:
    if isinstance(node, URIRef):
        return prefixed(str(node), prefixes) or f"<{node}>"
    return str(node)
