"""A SHACL validation report as text for people, JSON, Turtle, GitHub annotations or SARIF.

Results are grouped by focus node; each group names the node, its label and the file and line
where it is defined, so a reader (or a pull request) goes straight to the offending data.
With `max_results`, the first results (most severe first) are shown and the rest are
summarised per shape; the summary line always counts them all. `fails` is the CI gate:
whether a result at or above a severity exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier, Node

from footballkg import __version__
from footballkg.errors import InputError
from footballkg.project import display_path
from footballkg.queries.output import display_value, json_term
from footballkg.rdf.export import serialize
from footballkg.rdf.load import LoadedGraph, Location
from footballkg.terminal import terminal_safe
from footballkg.validation.results import ValidationReport, ValidationResult, best_label

REPORT_FORMATS = ("text", "json", "turtle", "github", "sarif")
FAIL_ON_CHOICES = ("violation", "warning", "info")
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_SEVERITY_WORDS: dict[Node, str] = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
_SEVERITY_RANK: dict[Node, int] = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
_GITHUB_LEVELS: dict[Node, str] = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "notice"}
_SARIF_LEVELS: dict[Node, str] = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "note"}
_FAIL_ON_RANK = {"violation": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class NotShown:
    """Results left out by `max_results`, counted per shape and severity."""

    shape: Identifier
    severity: Identifier
    count: int


@dataclass
class _Group:
    focus: Identifier
    location: Location | None
    label: str | None
    results: list[ValidationResult]


def render_report(
    report: ValidationReport,
    data: LoadedGraph,
    shapes: LoadedGraph,
    fmt: str,
    source: str | None = None,
    *,
    max_results: int | None = None,
) -> str:
    """`report` in format `fmt` (one of REPORT_FORMATS), as text ending with a newline.

    `source` says where data came from when it was not read from files (a server's URL).
    `max_results` shows that many results and a per-shape summary of the rest (not for
    turtle, a SHACL report graph, which holds every result).
    """
    return "".join(report_chunks(report, data, shapes, fmt, source, max_results=max_results))


def report_chunks(
    report: ValidationReport,
    data: LoadedGraph,
    shapes: LoadedGraph,
    fmt: str,
    source: str | None = None,
    *,
    max_results: int | None = None,
) -> Iterator[str]:
    """`render_report`'s text in pieces, made as they are written: the text, json and github
    reports of a million results never stand in memory as one string."""
    if fmt == "turtle":
        if max_results is not None:
            raise InputError(
                "--max-results is for the text, json, github and sarif formats; "
                "a Turtle report graph holds every result."
            )
        yield serialize(report_graph(report, shapes.graph), "turtle")
        return
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}")
    shown, rest = cap_results(report, data, shapes.graph, max_results)
    # Labels and messages come from the data: the lines meant for a terminal (or a CI log)
    # carry their control characters escaped, never an escape sequence it would obey.
    if fmt == "text":
        for chunk in _text(report, shown, rest, data, shapes, source):
            yield terminal_safe(chunk, keep_newlines=True)
    elif fmt == "json":
        yield from _json(report, shown, rest, data, shapes, source)
    elif fmt == "github":
        for chunk in _github(report, shown, rest, data, shapes, source):
            yield terminal_safe(chunk, keep_newlines=True)
    else:
        yield _sarif(shown, rest, data, shapes)


def fails(report: ValidationReport, fail_on: str) -> bool:
    """Whether `report` has a result at or above `fail_on` (violation, warning or info)."""
    threshold = _FAIL_ON_RANK[fail_on]
    return any(_SEVERITY_RANK.get(r.severity, 0) <= threshold for r in report.results)


def cap_results(
    report: ValidationReport, data: LoadedGraph, shapes: Graph, max_results: int | None
) -> tuple[list[ValidationResult], list[NotShown]]:
    """The results to show (all, or the first `max_results`, most severe first, then in file
    order) and the rest counted per shape and severity (most severe, then most frequent, first).
    """
    ordered = [result for group in _groups(report.results, data) for result in group.results]
    if max_results is None or len(ordered) <= max_results:
        return ordered, []
    ordered.sort(key=lambda r: _SEVERITY_RANK.get(r.severity, 9))  # stable: file order kept
    counts: dict[tuple[Identifier, Identifier], int] = {}
    for result in ordered[max_results:]:
        key = (named_shape(result.source_shape, shapes), result.severity)
        counts[key] = counts.get(key, 0) + 1
    rest = [NotShown(shape, severity, count) for (shape, severity), count in counts.items()]
    rest.sort(key=lambda n: (_SEVERITY_RANK.get(n.severity, 9), -n.count, str(n.shape)))
    shown = set(map(id, ordered[:max_results]))
    return [r for r in ordered if id(r) in shown], rest


def not_shown_lines(rest: list[NotShown]) -> list[str]:
    """`Not shown: 12 more results` and one line per shape: `  fkgsh:X: 10 errors`."""
    if not rest:
        return []
    total = sum(n.count for n in rest)
    lines = [f"Not shown (--max-results): {_plural(total, 'more result')}, by shape:"]
    for item in rest:
        word = severity_word(item.severity)
        counted = f"{item.count} info" if word == "info" else _plural(item.count, word)
        lines.append(f"  {display_value(item.shape)}: {counted}")
    return lines


def severity_word(severity: Node) -> str:
    return _SEVERITY_WORDS.get(severity, str(severity))


def label_of(graph: Graph, node: Node) -> str | None:
    """An English label if there is one, else an untagged one, else any; None if unlabelled."""
    return best_label(graph, node)


def path_text(path: Node | None, shapes: Graph) -> str:
    """A property path in SPARQL syntax: `fkg:team`, `^fkg:predecessor`, `fkg:a/fkg:b`."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return display_value(path)
    if (path, RDF.first, None) in shapes:
        return "/".join(path_text(step, shapes) for step in Collection(shapes, path))
    for predicate, written in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return written.format(path_text(inner, shapes))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(a, shapes) for a in Collection(shapes, alternatives)) + ")"
    return display_value(path)  # type: ignore[arg-type]


def named_shape(shape: Identifier, shapes: Graph) -> Identifier:
    """The shape itself if it has an IRI, else the named node shape it is a property of.

    Blank node labels change from run to run; the enclosing shape's IRI does not.
    """
    if isinstance(shape, BNode):
        parents = sorted(p for p in shapes.subjects(SH.property, shape) if isinstance(p, URIRef))
        if parents:
            return parents[0]
    return shape


def _groups(results: list[ValidationResult], data: LoadedGraph) -> list[_Group]:
    by_focus: dict[Identifier, list[ValidationResult]] = {}
    for result in results:
        by_focus.setdefault(result.focus_node, []).append(result)
    groups = [
        _Group(
            focus=focus,
            location=data.location(focus),
            label=label_of(data.graph, focus),
            results=sorted(
                results,
                key=lambda r: (_SEVERITY_RANK.get(r.severity, 9), str(r.path), r.message),
            ),
        )
        for focus, results in by_focus.items()
    ]

    def order(group: _Group) -> tuple[int, str, int, str]:
        if group.location is None:
            return (1, "", 0, str(group.focus))
        return (0, display_path(group.location.file), group.location.line, str(group.focus))

    return sorted(groups, key=order)


def _counts(report: ValidationReport) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for result in report.results:
        word = severity_word(result.severity)
        counts[word] = counts.get(word, 0) + 1
    return counts


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(report: ValidationReport, data: LoadedGraph, source: str | None = None) -> str:
    counts = _counts(report)
    nodes = len({r.focus_node for r in report.results})
    found = f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}"
    if counts["info"]:
        found += f", {counts['info']} info"
    if report.results:
        found += f" on {_plural(nodes, 'node')}"
    verdict = "the data conforms" if report.conforms else "the data does not conform"
    origin = source if source is not None else _plural(len(data.files), "file")
    checked = f"{_plural(len(data.graph), 'triple')} from {origin}"
    if report.coverage:
        checked += f" checked against {_plural(len(report.coverage), 'shape')}"
    else:
        checked += " checked"
    return f"{found}: {verdict} ({checked})."


def untargeted_line(report: ValidationReport) -> str | None:
    """A note naming the shapes that matched no node in the data, if any."""
    if not report.untargeted:
        return None
    names = ", ".join(display_value(shape) for shape in report.untargeted)
    pronoun = "it" if len(report.untargeted) == 1 else "they"
    return f"Note: no node in this data is a target of {names}, so {pronoun} checked nothing."


def result_location(result: ValidationResult, data: LoadedGraph) -> Location | None:
    """The line of the offending value when the result has a plain path, else the node's."""
    predicate = result.path if isinstance(result.path, URIRef) else None
    return data.location(result.focus_node, predicate)


def _result_text(result: ValidationResult, shapes: Graph, line: int | None = None) -> str:
    details = []
    path = path_text(result.path, shapes)
    if path:
        details.append(path)
    if line is not None:
        details.append(f"line {line}")
    if result.value is not None and result.value != result.focus_node:
        details.append(f"value {display_value(result.value)}")  # type: ignore[arg-type]
    suffix = f" [{', '.join(details)}]" if details else ""
    message = result.message or f"fails {display_value(result.source_shape)}"
    return f"{message}{suffix}"


def _text(
    report: ValidationReport,
    shown: list[ValidationResult],
    rest: list[NotShown],
    data: LoadedGraph,
    shapes: LoadedGraph,
    source: str | None,
) -> Iterator[str]:
    for group in _groups(shown, data):
        heading = display_value(group.focus)
        if group.label:
            heading += f' "{group.label}"'
        if group.location is not None:
            heading += f" ({group.location})"
        lines = [heading]
        for result in group.results:
            word = severity_word(result.severity)
            where = result_location(result, data)
            line = where.line if where is not None and where != group.location else None
            lines.append(f"  {word}: {_result_text(result, shapes.graph, line)}")
        yield "\n".join(lines) + "\n\n"
    lines = []
    if rest:
        lines.extend([*not_shown_lines(rest), ""])
    note = untargeted_line(report)
    if note:
        lines.append(note)
    lines.append(summary_line(report, data, source))
    yield "\n".join(lines) + "\n"


def _json(
    report: ValidationReport,
    shown: list[ValidationResult],
    rest: list[NotShown],
    data: LoadedGraph,
    shapes: LoadedGraph,
    source: str | None,
) -> Iterator[str]:
    def results() -> Iterator[dict[str, Any]]:
        for group in _groups(shown, data):
            for result in group.results:
                where = result_location(result, data)
                yield {
                    "severity": severity_word(result.severity),
                    "focusNode": json_term(result.focus_node),
                    "label": group.label,
                    "file": display_path(where.file) if where else None,
                    "line": where.line if where else None,
                    "path": path_text(result.path, shapes.graph) or None,
                    "value": json_term(result.value) if result.value is not None else None,  # type: ignore[arg-type]
                    "message": result.message,
                    "sourceShape": json_term(named_shape(result.source_shape, shapes.graph)),
                    "constraintComponent": json_term(result.component),
                }

    counts = _counts(report)
    document = {
        "conforms": report.conforms,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "triples": len(data.graph),
        "files": [display_path(f) for f in data.files],
        **({"source": source} if source is not None else {}),
        # Shape -> number of focus nodes it checked (0: its targets match nothing here).
        "coverage": {str(shape): count for shape, count in sorted(report.coverage.items())},
        "results": _RESULTS_SLOT,
    }
    if rest:  # results left out by --max-results, per shape
        document["notShown"] = [
            {
                "sourceShape": json_term(item.shape),
                "severity": severity_word(item.severity),
                "count": item.count,
            }
            for item in rest
        ]
    # The document is written around its results, which are written one at a time; the
    # whole is what json.dumps(document, indent=2, ensure_ascii=False) would give.
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    slot = f'\n  "results": {json.dumps(_RESULTS_SLOT)}'
    before, after = text.split(slot, 1)
    yield before + '\n  "results": ['
    separator = "\n"
    for item in results():
        written = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        yield f"{separator}    {written}"
        separator = ",\n"
    yield ("\n  ]" if separator == ",\n" else "]") + after


# Stands for the results in the JSON document until they are written (a string that cannot
# occur unescaped inside another value: it is found with the key and quotes around it).
_RESULTS_SLOT = "\u0000results"


def report_graph(report: ValidationReport, shapes: Graph | None = None) -> Graph:
    """The report as a SHACL validation report graph (sh:ValidationReport).

    sh:conforms is false whenever there is a result, warnings included, as SHACL defines it
    (the exit code still lets warnings pass). A path that is not a plain property is copied
    from `shapes` with its structure (an RDF list for a sequence, sh:inversePath, ...).
    """
    graph = Graph(bind_namespaces="none")
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(not report.results)))
    for result in report.results:
        node = BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus_node))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.sourceShape, result.source_shape))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        if result.path is not None:
            graph.add((node, SH.resultPath, result.path))
            if isinstance(result.path, BNode) and shapes is not None:
                _copy_path(result.path, shapes, graph)
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        if result.message:
            graph.add((node, SH.resultMessage, Literal(result.message)))
    return graph


def _copy_path(path: BNode, shapes: Graph, graph: Graph) -> None:
    """The triples of the blank nodes that make up `path` (lists and path operators)."""
    pending: list[Node] = [path]
    seen: set[Node] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in shapes.predicate_objects(node):
            graph.add((node, predicate, obj))
            if isinstance(obj, BNode):
                pending.append(obj)


def _workspace_path(path: Path) -> str:
    """`path` relative to the GitHub Actions workspace (the repository root) when set."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            return path.resolve().relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            pass
    return display_path(path)


def _github_escape(text: str, is_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(
    report: ValidationReport,
    shown: list[ValidationResult],
    rest: list[NotShown],
    data: LoadedGraph,
    shapes: LoadedGraph,
    source: str | None,
) -> Iterator[str]:
    for group in _groups(shown, data):
        for result in group.results:
            level = _GITHUB_LEVELS.get(result.severity, "error")
            where = result_location(result, data)
            properties = []
            if where is not None:
                properties.append(f"file={_github_escape(_workspace_path(where.file), True)}")
                properties.append(f"line={where.line}")
            properties.append(f"title={_github_escape(display_value(group.focus), True)}")
            message = f"{display_value(group.focus)}: {_result_text(result, shapes.graph)}"
            yield f"::{level} {','.join(properties)}::{_github_escape(message)}\n"
    listed = not_shown_lines(rest)
    if listed:
        yield f"::notice title=Not shown::{_github_escape(chr(10).join(listed))}\n"
    yield summary_line(report, data, source) + "\n"


def _sarif(
    shown: list[ValidationResult],
    rest: list[NotShown],
    data: LoadedGraph,
    shapes: LoadedGraph,
) -> str:
    """SARIF 2.1.0 for code scanning: one rule per shape and constraint component.

    File paths are relative to the repository root (GITHUB_WORKSPACE in GitHub Actions), as
    code scanning matches them against the repository's files.
    """
    rules: list[dict[str, Any]] = []
    rule_index: dict[tuple[Identifier, Identifier], int] = {}
    results: list[dict[str, Any]] = []
    for result in shown:
        shape = named_shape(result.source_shape, shapes.graph)
        key = (shape, result.component)
        if key not in rule_index:
            rule_index[key] = len(rules)
            rules.append(_sarif_rule(shape, result, shapes.graph))
        where = result_location(result, data)
        location: dict[str, Any] = {
            "logicalLocations": [{"fullyQualifiedName": str(result.focus_node)}]
        }
        if where is not None:
            location["physicalLocation"] = {
                "artifactLocation": {"uri": _workspace_path(where.file)},
                "region": {"startLine": where.line},
            }
        results.append(
            {
                "ruleId": rules[rule_index[key]]["id"],
                "ruleIndex": rule_index[key],
                "level": _SARIF_LEVELS.get(result.severity, "error"),
                "message": {
                    "text": f"{display_value(result.focus_node)}: "
                    f"{_result_text(result, shapes.graph)}"
                },
                "locations": [location],
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "footballkg",
                "version": __version__,
                "informationUri": "https://w3id.org/footballkg/",
                "rules": rules,
            }
        },
        "results": results,
    }
    if rest:  # left out by --max-results: said, not silently dropped
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": "\n".join(not_shown_lines(rest))}}
                ],
            }
        ]
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(shape: Identifier, result: ValidationResult, shapes: Graph) -> dict[str, Any]:
    component = str(result.component).rsplit("#", 1)[-1]
    name = display_value(shape)
    rule: dict[str, Any] = {
        "id": f"{name}/{component}",
        "name": component,
        "shortDescription": {"text": f"{name}: {component}"},
        "defaultConfiguration": {"level": _SARIF_LEVELS.get(result.severity, "error")},
        "properties": {"shape": str(shape), "constraintComponent": str(result.component)},
    }
    # The shape's own sh:message (placeholders unfilled): the result's names one node.
    message = shapes.value(result.constraint or result.source_shape, SH.message)
    if isinstance(message, Literal):
        rule["fullDescription"] = {"text": str(message)}
    return rule
