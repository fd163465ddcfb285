"""Value type constraint components (SHACL 4.1): sh:class, sh:datatype, sh:nodeKind."""

from __future__ import annotations

from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from footballkg.validation.evaluator import Evaluator
from footballkg.validation.shapes import Component
from footballkg.validation.terms import sparql

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "isBlank({v}) || isIRI({v})",
    SH.BlankNodeOrLiteral: "isBlank({v}) || isLiteral({v})",
    SH.IRIOrLiteral: "isIRI({v}) || isLiteral({v})",
}


def class_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    # One test per class (two give two results). The subclass closure is computed once; a
    # path per value would be walked each time.
    tests = []
    for cls in comp.all(SH["class"]):
        classes = ", ".join(sparql(sub) for sub in ev.subclasses(cls))
        tests.append(f"NOT EXISTS {{ {v} <{RDF.type}> ?class_ FILTER(?class_ IN ({classes})) }}")
    return tests


def _datatype_ok(rule: Node) -> str:
    if rule == RDFS.Literal:
        return "isLiteral({v})"
    if rule == RDFS.Datatype:
        return f"isLiteral({{v}}) && LANG({{v}}) = '' && DATATYPE({{v}}) != <{XSD.string}>"
    if rule == XSD.string:
        return f"isLiteral({{v}}) && LANG({{v}}) = '' && DATATYPE({{v}}) = <{XSD.string}>"
    if rule == RDF.langString:
        return "isLiteral({v}) && LANG({v}) != ''"
    return f"isLiteral({{v}}) && LANG({{v}}) = '' && DATATYPE({{v}}) = {sparql(rule)}"


def datatype_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    # A literal whose lexical form does not fit its datatype fails too (SHACL 4.1.2); the
    # loader lists them (Evaluator.ill_typed).
    rule = comp.value(SH.datatype)
    bad = [lit for lit in ev.ill_typed if lit.datatype == rule]
    ill = " || ".join(f"sameTerm({{v}}, {sparql(lit)})" for lit in bad)
    test = f"!({_datatype_ok(rule)})" + (f" || {ill}" if ill else "")
    return [test.replace("{v}", v)]


def node_kind_tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
    kind = _NODE_KINDS.get(comp.value(SH.nodeKind))  # type: ignore[call-overload]
    return [f"!({kind})".replace("{v}", v)] if kind else ["true"]
