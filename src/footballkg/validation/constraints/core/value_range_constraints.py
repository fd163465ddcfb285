"""Value range constraint components (SHACL 4.3): sh:minExclusive, sh:minInclusive,
sh:maxExclusive, sh:maxInclusive."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH

from footballkg.validation.evaluator import Evaluator, ValueTest
from footballkg.validation.shapes import Component
from footballkg.validation.terms import sparql


def range_test(parameter: URIRef, op: str) -> ValueTest:
    """Values that cannot be compared with the bound fail, as SHACL 4.3 says."""

    def tests(ev: Evaluator, comp: Component, v: str) -> list[str]:
        return [f"!COALESCE({v} {op} {sparql(bound)}, false)" for bound in comp.all(parameter)]

    return tests


RANGE_TESTS: dict[URIRef, ValueTest] = {
    SH.MinExclusiveConstraintComponent: range_test(SH.minExclusive, ">"),
    SH.MinInclusiveConstraintComponent: range_test(SH.minInclusive, ">="),
    SH.MaxExclusiveConstraintComponent: range_test(SH.maxExclusive, "<"),
    SH.MaxInclusiveConstraintComponent: range_test(SH.maxInclusive, "<="),
}
