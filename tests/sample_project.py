"""Texts of the small made-up projects tests build (see the `make_project` fixture)."""

from __future__ import annotations

PREFIXES = """\
@prefix fkg:    <https://w3id.org/footballkg/ontology#> .
@prefix fkgsh:  <https://w3id.org/footballkg/shapes#> .
@prefix person: <https://w3id.org/footballkg/id/person/> .
@prefix team:   <https://w3id.org/footballkg/id/team/> .
@prefix tenure: <https://w3id.org/footballkg/id/tenure/> .
@prefix role:   <https://w3id.org/footballkg/id/role/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
"""

# A tiny stand-in for the ontology, so tests of the machinery do not depend on the real one.
SMALL_ONTOLOGY = (
    PREFIXES
    + """
fkg:Person a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label "person"@en .
fkg:Tenure a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label "tenure"@en .
fkg:person a <http://www.w3.org/2002/07/owl#ObjectProperty> .
fkg:team a <http://www.w3.org/2002/07/owl#ObjectProperty> .
fkg:startDate a <http://www.w3.org/2002/07/owl#DatatypeProperty> .
"""
)

# One shape with one plain-words message, so report texts in tests stay fixed.
SMALL_SHAPES = (
    PREFIXES
    + """
fkgsh:TenureShape a sh:NodeShape ;
    sh:targetClass fkg:Tenure ;
    sh:property [
        sh:path fkg:team ;
        sh:minCount 1 ;
        sh:message "A tenure names its team with fkg:team." ;
    ] .
"""
)

COACHES_QUERY = """\
#+ summary: Tenures of a person, with their team
#+ params:
#+   person: {type: iri, prefix: person, required: true, example: ann}
PREFIX fkg: <https://w3id.org/footballkg/ontology#>
SELECT ?tenure ?team ?start WHERE {
  ?tenure fkg:person ?person ; fkg:startDate ?start .
  OPTIONAL { ?tenure fkg:team ?team }
}
ORDER BY ?start
"""

SMALL_DATA = (
    PREFIXES
    + """
person:ann a fkg:Person ;
    rdfs:label "Ann Example"@en .

tenure:ann-alpha-head-coach-2020 a fkg:Tenure ;
    rdfs:label "Ann Example at Alpha"@en ;
    fkg:person person:ann ;
    fkg:team team:alpha ;
    fkg:startDate "2020-09-24"^^xsd:date .

tenure:ann-beta-head-coach-2021 a fkg:Tenure ;
    fkg:person person:ann ;
    fkg:team team:beta ;
    fkg:startDate "2021"^^xsd:gYear .
"""
)
