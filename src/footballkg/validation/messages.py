"""Result messages: the shape's (or SPARQL query's) sh:message with its placeholders filled,
else a generic message of our own in plain words."""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Identifier, Node

from footballkg.rdf.terms import prefixed
from footballkg.validation.failure import Failure
from footballkg.validation.shapes import items

_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def short(node: Node | None) -> str:
    if isinstance(node, URIRef):
        return prefixed(str(node)) or f"<{node}>"
    if isinstance(node, Literal):
        return f'"{node}"'
    return str(node)


def fill_bindings(message: str, bindings: dict[str, Identifier]) -> str:
    """`{?var}` and `{$var}` replaced by the query's value for `var` (SHACL 5.3.2), as
    written; those it leaves unbound stay for `fill_message` ($this, $value) or as they are."""

    def replace(match: re.Match[str]) -> str:
        value = bindings.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _VARIABLE.sub(replace, message)


def _first(failure: Failure, parameter: URIRef) -> str:
    values = failure.component.all(parameter)
    return short(values[0]) if values else "?"


def _all(failure: Failure, parameter: URIRef) -> str:
    return ", ".join(short(v) for v in failure.component.all(parameter))


def _values(failure: Failure, parameter: URIRef) -> str:
    """ "1 value", "2 values": the count a cardinality parameter gives."""
    n = failure.component.number(parameter)
    return f"{n} value" if n == 1 else f"{n} values"


def _list(failure: Failure, parameter: URIRef) -> str:
    graph = failure.shape.graph
    heads = failure.component.all(parameter)
    return ", ".join(short(m) for head in heads for m in items(graph, head))


_GENERIC: dict[URIRef, Callable[[Failure], str]] = {
    SH.ClassConstraintComponent: lambda f: f"Value is not an instance of {_all(f, SH['class'])}",
    SH.DatatypeConstraintComponent: lambda f: (
        f"Value does not have datatype {_first(f, SH.datatype)}"
    ),
    SH.NodeKindConstraintComponent: lambda f: f"Value is not a {_first(f, SH.nodeKind)}",
    SH.MinCountConstraintComponent: lambda f: f"Has fewer than {_values(f, SH.minCount)}",
    SH.MaxCountConstraintComponent: lambda f: f"Has more than {_values(f, SH.maxCount)}",
    SH.MinExclusiveConstraintComponent: lambda f: (
        f"Value is not greater than {_first(f, SH.minExclusive)}"
    ),
    SH.MinInclusiveConstraintComponent: lambda f: (
        f"Value is less than {_first(f, SH.minInclusive)}"
    ),
    SH.MaxExclusiveConstraintComponent: lambda f: (
        f"Value is not less than {_first(f, SH.maxExclusive)}"
    ),
    SH.MaxInclusiveConstraintComponent: lambda f: (
        f"Value is greater than {_first(f, SH.maxInclusive)}"
    ),
    SH.MinLengthConstraintComponent: lambda f: (
        f"Value is shorter than {_first(f, SH.minLength).strip(chr(34))} characters"
    ),
    SH.MaxLengthConstraintComponent: lambda f: (
        f"Value is longer than {_first(f, SH.maxLength).strip(chr(34))} characters"
    ),
    SH.PatternConstraintComponent: lambda f: (
        f"Value does not match the pattern {_all(f, SH.pattern)}"
    ),
    SH.LanguageInConstraintComponent: lambda f: (
        f"Value is not in one of the languages {_list(f, SH.languageIn)}"
    ),
    SH.UniqueLangConstraintComponent: lambda f: "More than one value shares a language tag",
    SH.EqualsConstraintComponent: lambda f: f"Value differs from those of {_all(f, SH.equals)}",
    SH.DisjointConstraintComponent: lambda f: f"Value is also a value of {_all(f, SH.disjoint)}",
    SH.LessThanConstraintComponent: lambda f: f"Value is not less than {_all(f, SH.lessThan)}",
    SH.LessThanOrEqualsConstraintComponent: lambda f: (
        f"Value is greater than {_all(f, SH.lessThanOrEquals)}"
    ),
    SH.NotConstraintComponent: lambda f: (
        f"Value conforms to {_all(f, SH['not'])}, which it must not"
    ),
    SH.AndConstraintComponent: lambda f: f"Value does not conform to all of {_list(f, SH['and'])}",
    SH.OrConstraintComponent: lambda f: f"Value conforms to none of {_list(f, SH['or'])}",
    SH.XoneConstraintComponent: lambda f: (
        f"Value does not conform to exactly one of {_list(f, SH.xone)}"
    ),
    SH.NodeConstraintComponent: lambda f: f"Value does not conform to {_all(f, SH.node)}",
    SH.QualifiedMinCountConstraintComponent: lambda f: (
        f"Fewer than {_first(f, SH.qualifiedMinCount).strip(chr(34))} values conform to"
        f" {_all(f, SH.qualifiedValueShape)}"
    ),
    SH.QualifiedMaxCountConstraintComponent: lambda f: (
        f"More than {_first(f, SH.qualifiedMaxCount).strip(chr(34))} values conform to"
        f" {_all(f, SH.qualifiedValueShape)}"
    ),
    SH.ClosedConstraintComponent: lambda f: "Property is not allowed by the closed shape",
    SH.HasValueConstraintComponent: lambda f: f"Missing the value {_all(f, SH.hasValue)}",
    SH.InConstraintComponent: lambda f: f"Value is not one of {_list(f, SH['in'])}",
}


def message_of(failure: Failure) -> str:
    """The message before $this and $value are filled: the SPARQL query's sh:message, else
    the shape's, else the component's (English first, in a fixed order), else a generic one."""
    written = failure.messages or failure.shape.message or failure.component.messages
    if written:
        chosen = min(written, key=lambda m: (m.language not in (None, "en"), str(m)))
        return fill_bindings(str(chosen), failure.bindings)
    generic = _GENERIC.get(failure.component.iri)
    if generic is not None:
        return generic(failure)
    return f"Fails {short(failure.component.iri)}"
