"""The rows a SPARQL SELECT returns, the same whichever store answered it."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.term import Identifier


@dataclass
class QueryResult:
    """Variables in projection order and one dict per row (unbound variables are absent or None)."""

    variables: list[str]
    rows: list[dict[str, Identifier | None]] = field(default_factory=list)
