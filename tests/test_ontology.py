"""The ontology documents every term and is consistent with the data.

Consistency is shown two ways: the OWL RL closure (owlrl) of ontology + data raises no
error and puts nothing in owl:Nothing; and explicit checks find no disjointness,
functional-property, domain or range violation. Each check is also shown to catch a planted
violation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from footballkg.rdf.namespaces import FKG, ID

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILES = sorted(ROOT.glob("ontology/*.ttl"))
DATA_FILES = sorted(ROOT.glob("data/**/*.ttl"))

# A plain Namespace: pytest probes module globals, and rdflib's XSD warns on unknown names.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
TEAM = Namespace(ID + "team/")
PERSON = Namespace(ID + "person/")


def _parse(files: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse(ONTOLOGY_FILES)


@pytest.fixture(scope="module")
def knowledge_graph() -> Graph:
    return _parse([*ONTOLOGY_FILES, *DATA_FILES])


# ---------------------------------------------------------------------------- documentation


def _documented_terms(ontology: Graph) -> set[URIRef]:
    """Every IRI the ontology files describe: fkg: terms, SKOS schemes and concepts."""
    return {s for s in ontology.subjects() if isinstance(s, URIRef)}


def test_every_term_has_an_english_label_and_comment(ontology: Graph) -> None:
    missing = []
    for term in sorted(_documented_terms(ontology)):
        for prop in (RDFS.label, RDFS.comment):
            if not any(
                isinstance(v, Literal) and v.language == "en" for v in ontology.objects(term, prop)
            ):
                missing.append(f"{term} has no {prop.n3()}@en")
    assert not missing, "\n".join(missing)


def test_every_concept_belongs_to_a_scheme(ontology: Graph) -> None:
    concept_classes = {c for c in ontology.transitive_subjects(RDFS.subClassOf, SKOS.Concept)}
    concepts = {s for c in concept_classes for s in ontology.subjects(RDF.type, c)}
    assert concepts
    assert not [c for c in concepts if (c, SKOS.inScheme, None) not in ontology]


# Namespaces whose every IRI is a term the ontology files declare.
_VOCABULARIES = tuple(
    [str(FKG)]
    + [f"{ID}{kind}/" for kind in ("role", "end-cause", "outcome", "measure", "position", "scheme")]
)


def undeclared_terms(data: Graph, ontology: Graph) -> list[str]:
    """The IRIs in the vocabularies' namespaces that `data` uses and `ontology` does not declare."""
    declared = _documented_terms(ontology)
    used = {t for triple in data for t in triple if isinstance(t, URIRef)}
    # str(): rdflib's URIRef.startswith compares a tuple of prefixes against the tuple's text.
    return sorted(str(t) for t in used if str(t).startswith(_VOCABULARIES) and t not in declared)


def test_the_data_uses_only_declared_terms(ontology: Graph) -> None:
    """A typo in a property, class or concept name (fkg:startdate, role:headcoach) fails here."""
    undeclared = undeclared_terms(_parse(DATA_FILES), ontology)
    assert not undeclared, "not declared in ontology/: " + ", ".join(undeclared)


def test_undeclared_terms_are_found_in_a_copy_of_the_data_with_typos(
    ontology: Graph, tmp_path: Path
) -> None:
    thorup = ROOT / "data/people/jess-thorup.ttl"
    text = thorup.read_text("utf-8")
    text = text.replace(
        "fkg:endCause end-cause:contract-terminated", "fkg:endCuase end-cause:contract-terminated"
    )
    text = text.replace(
        "tenure:jess-thorup-fc-augsburg-head-coach-2023 a fkg:Tenure",
        "tenure:jess-thorup-fc-augsburg-head-coach-2023 a fkg:Tenur",
    )
    copy = tmp_path / "jess-thorup.ttl"
    copy.write_text(text, "utf-8")
    data = _parse([*(f for f in DATA_FILES if f != thorup), copy])
    assert undeclared_terms(data, ontology) == [str(FKG.Tenur), str(FKG.endCuase)]


# ---------------------------------------------------------------------------- violation checks


def _superclasses(graph: Graph) -> dict[Node, set[Node]]:
    classes = set(graph.subjects(RDFS.subClassOf)) | set(graph.objects(None, RDF.type))
    return {c: set(graph.transitive_objects(c, RDFS.subClassOf)) for c in classes}


def _types(graph: Graph, node: Node, supers: dict[Node, set[Node]]) -> set[Node]:
    found: set[Node] = set()
    for t in graph.objects(node, RDF.type):
        found |= supers.get(t, {t})
    return found


# Literal datatypes accepted for a datatype range (xsd:integer is derived from xsd:decimal).
_INTEGERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger}
_ACCEPTED = {XSD.decimal: _INTEGERS | {XSD.decimal}, XSD.integer: _INTEGERS}


def _literal_in_range(value: Literal, datatype: Node) -> bool:
    if datatype == RDF.langString:
        return value.language is not None
    if datatype == XSD.string:
        return value.datatype in (None, XSD.string) and value.language is None
    if datatype == XSD.positiveInteger:
        return value.datatype in _INTEGERS and int(value) > 0
    if datatype == XSD.nonNegativeInteger:
        return value.datatype in _INTEGERS and int(value) >= 0
    return value.datatype in _ACCEPTED.get(datatype, {datatype})


def violations(graph: Graph) -> list[str]:
    """Disjointness, functional-property, domain and range violations in `graph` (no inference
    beyond rdfs:subClassOf): what an OWL reasoner would turn into inconsistency or unwanted
    inferred types."""
    supers = _superclasses(graph)
    found: list[str] = []
    for a, b in graph.subject_objects(OWL.disjointWith):
        for x in set(graph.subjects(RDF.type, None)):
            if {a, b} <= _types(graph, x, supers):
                found.append(f"{x} is both {a} and {b}, declared disjoint")
    for prop in graph.subjects(RDF.type, OWL.FunctionalProperty):
        for subject in set(graph.subjects(prop, None)):
            values = set(graph.objects(subject, prop))
            if len(values) > 1:
                found.append(f"{subject} has {len(values)} values of functional {prop}")
    for prop, domain in graph.subject_objects(RDFS.domain):
        for subject in set(graph.subjects(prop, None)):
            if domain not in _types(graph, subject, supers):
                found.append(f"{subject} uses {prop} but is not a {domain}")
    for prop, range_ in graph.subject_objects(RDFS.range):
        for value in set(graph.objects(None, prop)):
            if isinstance(value, Literal):
                if not _literal_in_range(value, range_):
                    found.append(f"{value!r} of {prop} is not in its range {range_}")
            elif (prop, RDF.type, OWL.DatatypeProperty) in graph:
                found.append(f"{value} of datatype property {prop} is not a literal")
            elif range_ not in _types(graph, value, supers):
                found.append(f"{value} (object of {prop}) is not a {range_}")
    return sorted(found)


def test_no_disjointness_functional_domain_or_range_violations(knowledge_graph: Graph) -> None:
    assert violations(knowledge_graph) == []


def test_violation_checks_catch_planted_errors(ontology: Graph) -> None:
    bad = Graph() + ontology
    bad.add((TEAM.planted, RDF.type, FKG.Club))
    bad.add((TEAM.planted, RDF.type, FKG.NationalTeam))  # disjoint
    bad.add((TEAM.planted, FKG.ageLimit, Literal(21)))
    bad.add((TEAM.planted, FKG.ageLimit, Literal(23)))  # functional
    bad.add((TEAM.planted, FKG.birthDate, Literal("1970-02-21", datatype=XSD.date)))  # domain
    bad.add((PERSON.planted, RDF.type, FKG.Person))
    bad.add((PERSON.planted, FKG.nationality, TEAM.planted))  # range
    found = "\n".join(violations(bad))
    assert "declared disjoint" in found
    assert "values of functional" in found
    assert f"uses {FKG.birthDate} but is not a {FKG.Person}" in found
    assert f"is not a {FKG.Country}" in found


# ---------------------------------------------------------------------------- OWL RL closure


def owl_rl_problems(graph: Graph) -> list[str]:
    """Expand a copy of `graph` with the OWL RL rules and list what the closure flags."""
    closed = Graph() + graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    problems = [str(m) for m in closed.objects(None, ERRNS.error)]
    problems += [f"{x} is in owl:Nothing" for x in closed.subjects(RDF.type, OWL.Nothing)]
    problems += [
        f"{a} owl:sameAs {b}"  # a functional property with two different named values
        for a, b in closed.subject_objects(OWL.sameAs)
        if a != b and isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    for a, b in closed.subject_objects(OWL.disjointWith):
        both = set(closed.subjects(RDF.type, a)) & set(closed.subjects(RDF.type, b))
        problems += [f"{x} is both {a} and {b} after inference" for x in both]
    return sorted(problems)


def test_owl_rl_closure_of_ontology_and_data_is_consistent(knowledge_graph: Graph) -> None:
    assert owl_rl_problems(knowledge_graph) == []


def test_owl_rl_closure_catches_a_planted_inconsistency(ontology: Graph) -> None:
    bad = Graph() + ontology
    # A person used as a tenure's team is inferred a team (range), and persons are not teams.
    bad.add((PERSON.planted, RDF.type, FKG.Person))
    bad.add((URIRef(ID + "tenure/planted"), FKG.team, PERSON.planted))
    assert any("is both" in p or "Nothing" in p for p in owl_rl_problems(bad))
