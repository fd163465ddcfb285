"""Query results as text: a terminal table, CSV, TSV, SPARQL JSON or Markdown.

CSV, TSV and JSON follow the SPARQL 1.1 Query Results formats, so other tools read them as is.
The table and Markdown are for people: prefixed names (`person:jess-thorup`) for IRIs with
a known prefix and bare lexical values for literals.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from footballkg.queries.results import QueryResult
from footballkg.rdf.lexical import NUMERIC_TYPES, XSD
from footballkg.rdf.terms import XSD_STRING, datatype_of, nt, short_iri
from footballkg.terminal import terminal_safe

RESULT_FORMATS = ("table", "csv", "tsv", "json", "markdown")

NUMERIC_DATATYPES = frozenset(XSD + name for name in NUMERIC_TYPES)


def format_result(result: QueryResult, fmt: str) -> str:
    """`result` in format `fmt` (one of RESULT_FORMATS); the text ends with a newline."""
    formatters = {
        "table": _table,
        "csv": _csv,
        "tsv": _tsv,
        "json": _json,
        "markdown": _markdown,
    }
    if fmt not in formatters:
        raise ValueError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    return formatters[fmt](result)


def display_value(term: Identifier | None) -> str:
    """A term as people read it: prefixed name, lexical value or `_:label`; "" when unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _cells(result: QueryResult) -> list[list[str]]:
    return [
        [terminal_safe(display_value(row.get(var)).replace("\n", " ")) for var in result.variables]
        for row in result.rows
    ]


def _is_number(term: Identifier | None) -> bool:
    return isinstance(term, Literal) and datatype_of(term) in NUMERIC_DATATYPES


def _table(result: QueryResult) -> str:
    rows = _cells(result)
    widths = [
        max([len(var), *(len(row[i]) for row in rows)]) for i, var in enumerate(result.variables)
    ]
    # Columns holding only numbers (and gaps) are right-aligned, so digits line up.
    numeric = [
        any(row.get(var) is not None for row in result.rows)
        and all(row.get(var) is None or _is_number(row.get(var)) for row in result.rows)
        for var in result.variables
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        )

    lines = [line(result.variables), line(["-" * w for w in widths])]  # names: SPARQL VARNAMEs
    lines.extend(line(row) for row in rows)
    return "".join(text.rstrip() + "\n" for text in lines)


def _markdown(result: QueryResult) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    lines = [line(result.variables), line(["---"] * len(result.variables))]
    lines.extend(line(row) for row in _cells(result))
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    # SPARQL 1.1 CSV: full IRIs, bare lexical forms, `_:label` blank nodes, CRLF line ends.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(row.get(var)) for var in result.variables])
    return buffer.getvalue()


def _csv_value(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv(result: QueryResult) -> str:
    # SPARQL 1.1 TSV: `?var` header, terms in N-Triples syntax (tabs and newlines escaped).
    lines = ["\t".join(f"?{var}" for var in result.variables)]
    for row in result.rows:
        values = (row.get(var) for var in result.variables)
        lines.append("\t".join("" if value is None else nt(value) for value in values))
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    bindings = [
        {var: json_term(row[var]) for var in result.variables if row.get(var) is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def json_term(term: Identifier | None) -> dict[str, Any]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value: dict[str, Any] = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif datatype_of(term) != XSD_STRING:
            value["datatype"] = datatype_of(term)
        return value
    raise TypeError(f"not an RDF term: {term!r}")
