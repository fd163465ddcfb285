"""SHACL validation of the data graph against the project's shapes (pyshacl is the reference)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier, Node

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL result; `message` is the shape's sh:message with its placeholders filled."""

    focus_node: Identifier
    source_shape: Identifier
    component: Identifier
    severity: Identifier
    message: str = ""
    path: Identifier | None = None
    value: Node | None = None


@dataclass
class ValidationReport:
    results: list[ValidationResult] = field(default_factory=list)
    # Shape -> number of focus nodes it was checked against (a shape with 0 checked nothing).
    coverage: dict[Identifier, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == SH.Violation for r in self.results)


def validate(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate `data` (ontology included) against `shapes` with pyshacl."""
    _, report_graph, _ = pyshacl_validate(
        data, shacl_graph=shapes, advanced=True, allow_warnings=True, inference="none"
    )
    results = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        message = report_graph.value(node, SH.resultMessage)
        results.append(
            ValidationResult(
                focus_node=report_graph.value(node, SH.focusNode),
                source_shape=report_graph.value(node, SH.sourceShape),
                component=report_graph.value(node, SH.sourceConstraintComponent),
                severity=report_graph.value(node, SH.resultSeverity),
                message=str(message) if message is not None else "",
                path=report_graph.value(node, SH.resultPath),
                value=report_graph.value(node, SH.value),
            )
        )
    results.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), str(r.focus_node), str(r.source_shape)))
    return ValidationReport(results=results)
