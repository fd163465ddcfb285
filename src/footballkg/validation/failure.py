"""One result of a constraint before its message is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Identifier, Node

from footballkg.validation.shapes import Component, Shape


@dataclass
class Failure:
    """What failed, where, and why."""

    shape: Shape
    component: Component
    focus: Identifier
    value: Identifier | None = None
    path: Node | None = None  # a SPARQL constraint's ?path; else the shape's own path
    source_constraint: Node | None = None
    # A SPARQL query's solution, for {?var} and {$var} in messages.
    bindings: dict[str, Identifier] = field(default_factory=dict)
    messages: list[Literal] = field(default_factory=list)  # a SPARQL query's own sh:message
