"""The one registry of the constraint components the engine evaluates, by component IRI.

Components that judge each value node alone have a value test (a SPARQL expression), which
both their handler and the nested-shape conditions (`conditions.py`) use; the others have
a handler of their own. A component missing here is checked by the fallback.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH

from footballkg.validation.constraints import sparql
from footballkg.validation.constraints.common import value_component
from footballkg.validation.constraints.core import (
    cardinality_constraints,
    logical_constraints,
    other_constraints,
    property_pair_constraints,
    shape_based_constraints,
    string_based_constraints,
    value_constraints,
    value_range_constraints,
)
from footballkg.validation.evaluator import Handler, Registry, ValueTest

VALUE_TESTS: dict[URIRef, ValueTest] = {
    SH.ClassConstraintComponent: value_constraints.class_tests,
    SH.DatatypeConstraintComponent: value_constraints.datatype_tests,
    SH.NodeKindConstraintComponent: value_constraints.node_kind_tests,
    **value_range_constraints.RANGE_TESTS,
    SH.MinLengthConstraintComponent: string_based_constraints.min_length_tests,
    SH.MaxLengthConstraintComponent: string_based_constraints.max_length_tests,
    SH.PatternConstraintComponent: string_based_constraints.pattern_tests,
    SH.LanguageInConstraintComponent: string_based_constraints.language_in_tests,
    SH.InConstraintComponent: other_constraints.in_tests,
}

HANDLERS: dict[URIRef, Handler] = {
    **dict.fromkeys(VALUE_TESTS, value_component),
    SH.MinCountConstraintComponent: cardinality_constraints.min_count,
    SH.MaxCountConstraintComponent: cardinality_constraints.max_count,
    SH.UniqueLangConstraintComponent: string_based_constraints.unique_lang,
    SH.EqualsConstraintComponent: property_pair_constraints.equals,
    SH.DisjointConstraintComponent: property_pair_constraints.disjoint,
    SH.LessThanConstraintComponent: property_pair_constraints.compare(SH.lessThan, "<"),
    SH.LessThanOrEqualsConstraintComponent: property_pair_constraints.compare(
        SH.lessThanOrEquals, "<="
    ),
    SH.NotConstraintComponent: logical_constraints.not_,
    SH.AndConstraintComponent: logical_constraints.and_,
    SH.OrConstraintComponent: logical_constraints.or_,
    SH.XoneConstraintComponent: logical_constraints.xone,
    SH.NodeConstraintComponent: shape_based_constraints.node,
    SH.PropertyConstraintComponent: shape_based_constraints.property_,
    SH.QualifiedMinCountConstraintComponent: shape_based_constraints.qualified_min_count,
    SH.QualifiedMaxCountConstraintComponent: shape_based_constraints.qualified_max_count,
    SH.ClosedConstraintComponent: other_constraints.closed,
    SH.HasValueConstraintComponent: other_constraints.has_value,
    SH.SPARQLConstraintComponent: sparql.sparql_constraints,
}


def registry() -> Registry:
    """The registry; SPARQL-based components declared in the shapes use the SPARQL handler
    (see `Evaluator.handler`)."""
    return Registry(
        handlers=dict(HANDLERS),
        value_tests=dict(VALUE_TESTS),
        custom=sparql.sparql_constraints,
    )


__all__ = ["registry"]
