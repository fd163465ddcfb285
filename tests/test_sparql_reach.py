"""The nodes a change can reach through a SHACL-SPARQL query, read from its patterns.

Each expected rule is worked out by hand from the query: the walk from $this to the end of
the pattern that was not reached through the pattern itself.
"""

from __future__ import annotations

import re

import pytest

from footballkg.validation.sparql_reach import SeedRule, Unbounded, reach_rules, with_focus

EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"
LABELS = frozenset(
    {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"}
)


def rule(predicate: str, side: str, walk: str) -> SeedRule:
    return SeedRule(frozenset({EX + predicate}), side, walk)


def test_a_rule_that_compares_a_node_with_others_of_the_same_team_reaches_them() -> None:
    query = (
        PREFIX + "SELECT $this ?other WHERE { $this ex:team ?t . ?other ex:team ?t ; ex:start ?d }"
    )
    assert set(reach_rules(query)) == {
        rule("team", "s", ""),  # the focus node's own team
        rule("team", "o", f"<{EX}team>"),  # another node joins (or leaves) the team
        rule("start", "s", f"<{EX}team>/^<{EX}team>"),  # a teammate's start date
        SeedRule(LABELS, "s", ""),  # the focus node's name, in the message
    }


def test_a_repeated_path_reaches_every_triple_along_it() -> None:
    query = PREFIX + "SELECT $this WHERE { $this ex:predecessor+ ?v }"
    assert set(reach_rules(query)) == {
        rule("predecessor", "s", f"(<{EX}predecessor>)*"),
        SeedRule(LABELS, "s", ""),
    }


def test_a_pattern_inside_not_exists_is_reached_from_the_nodes_outside() -> None:
    query = PREFIX + "SELECT $this WHERE { $this ex:a ?x . FILTER NOT EXISTS { ?y ex:b ?x } }"
    assert set(reach_rules(query)) == {
        rule("a", "s", ""),
        rule("b", "o", f"<{EX}a>"),
        SeedRule(LABELS, "s", ""),
    }


@pytest.mark.parametrize(
    ("where", "why"),
    [
        ("$this ex:a ?o . ?o ?p ?z", "not an IRI"),
        ("?o ex:a $this", "no triple pattern has $this as its subject"),
        ("$this ex:a ?o . ?x ex:b ?y", "no pattern leads from $this to ?x"),
        ("$this ex:a ?o . { SELECT ?o WHERE { ?o ex:b ?z } }", "sub-select"),
        ("?o ex:a ?z OPTIONAL { $this ex:b ?o }", "pre-bound"),
        ("$this !ex:a ?o", "negated"),
        ("$this (ex:a/ex:b)+ ?o", "more than one property"),
    ],
)
def test_a_query_whose_reach_cannot_be_bounded_is_refused(where: str, why: str) -> None:
    with pytest.raises(Unbounded, match=re.escape(why)):
        reach_rules(f"{PREFIX}SELECT $this WHERE {{ {where} }}")


def test_the_focus_nodes_are_given_just_before_the_first_pattern_on_this() -> None:
    query = "SELECT $this WHERE {\n  { $this a ex:T . }\n}"
    assert (
        with_focus(query, []) == "SELECT $this WHERE {\n  { VALUES ?this {  }\n$this a ex:T . }\n}"
    )
