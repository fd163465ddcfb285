"""The text, json and github reports are written in pieces as they are made (a report of a
million results is never one string), and the pieces make the documented formats."""

from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from footballkg.rdf.load import LoadedGraph
from footballkg.validation.render import report_chunks
from footballkg.validation.results import ValidationReport, ValidationResult

EX = "https://example.org/"


def _report(count: int) -> ValidationReport:
    return ValidationReport(
        results=[
            ValidationResult(
                focus_node=URIRef(f"{EX}tenure/{n}"),
                source_shape=URIRef(f"{EX}TenureShape"),
                component=SH.MinCountConstraintComponent,
                severity=SH.Violation,
                message='Needs a "start" date\nand a team',
                path=URIRef(f"{EX}startDate"),
                value=Literal("ünïcode"),
            )
            for n in range(count)
        ],
        coverage={URIRef(f"{EX}TenureShape"): count},
    )


def _render(count: int, fmt: str) -> list[str]:
    data = LoadedGraph(graph=Graph())
    shapes = LoadedGraph(graph=Graph())
    return list(report_chunks(_report(count), data, shapes, fmt))


def test_json_is_written_result_by_result_and_is_the_standard_indented_document() -> None:
    for count in (0, 1, 3):
        pieces = _render(count, "json")
        assert len(pieces) == count + 2  # the head, each result, the tail
        text = "".join(pieces)
        document = json.loads(text)
        assert [r["focusNode"]["value"] for r in document["results"]] == [
            f"{EX}tenure/{n}" for n in range(count)
        ]
        assert document["errors"] == count
        assert document["results"] == [] or document["results"][0]["value"]["value"] == "ünïcode"
        # Exactly what one json.dumps(..., indent=2, ensure_ascii=False) of it writes.
        assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_text_and_github_are_written_node_by_node() -> None:
    text = _render(3, "text")
    assert len(text) == 4  # one piece per node, then the summary
    assert text[-1] == (
        "3 errors, 0 warnings on 3 nodes: the data does not conform "
        "(0 triples from 0 files checked against 1 shape).\n"
    )
    github = _render(3, "github")
    assert len(github) == 4
    assert all(piece.startswith("::error ") for piece in github[:3])
