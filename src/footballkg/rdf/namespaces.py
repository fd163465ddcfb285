"""The project's IRIs and prefixes, defined once."""

from __future__ import annotations

from rdflib import Namespace

BASE = "https://w3id.org/footballkg/"

FKG = Namespace(BASE + "ontology#")
FKGSH = Namespace(BASE + "shapes#")
ID = BASE + "id/"

# Prefixes of resource IRIs: `person:jess-thorup` is <https://w3id.org/footballkg/id/person/jess-thorup>.
RESOURCE_TYPES = (
    "person",
    "team",
    "tenure",
    "source",
    "role",
    "end-cause",
    "country",
    "place",
    "competition",
    "season",
    "result",
    "match",
    "award",
    "claim",
    "figure",
    "contract",
    "move",
    "fee",
    "measure",
    "outcome",
    "position",
    "scheme",
)

PROJECT_PREFIXES: dict[str, str] = {
    "fkg": str(FKG),
    "fkgsh": str(FKGSH),
    **{t: f"{ID}{t}/" for t in RESOURCE_TYPES},
}

STANDARD_PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": "http://www.wikidata.org/entity/",
    "sh": "http://www.w3.org/ns/shacl#",
}

ALL_PREFIXES: dict[str, str] = {**STANDARD_PREFIXES, **PROJECT_PREFIXES}
