"""The ontology's namespace is closed: every fkg: term the data uses is declared in ontology/.

A SHACL engine cannot see a misspelt term: `fkg:endCuase` is just a property no shape
mentions, and a node typed `fkg:Tenur` is the target of no shape, so all its checks are
silently skipped. This check lists every use of an fkg: property (a predicate) or class (an
rdf:type value) that no ontology file describes, as Violation results of the project's own
shape and component, so they appear in the validation report with the other problems (file
and line, exit code 1), each naming the closest declared term.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier, Node

from footballkg.project import Project
from footballkg.rdf.load import load_graph
from footballkg.rdf.namespaces import FKG, FKGSH
from footballkg.rdf.terms import prefixed
from footballkg.validation.results import ValidationReport, ValidationResult, result_order
from footballkg.validation.store import UsedTerms, store_from_graph
from footballkg.validation.terms import OxigraphStore, Store, sparql

# The report names these as the source of the results (no file in shapes/ defines them:
# the check needs the ontology files, which a SHACL engine cannot tell from the data).
DECLARED_TERMS_SHAPE = FKGSH.DeclaredTermsShape
DECLARED_TERM_COMPONENT = FKGSH.DeclaredTermConstraintComponent

_NAMESPACE = str(FKG)


def declared_terms(ontology: Graph) -> frozenset[URIRef]:
    """The fkg: IRIs the ontology describes (every term there is a subject of its own)."""
    return frozenset(
        s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(_NAMESPACE)
    )


def undeclared_term_results(
    data: Graph | Store, declared: frozenset[URIRef], used: UsedTerms | None = None
) -> list[ValidationResult]:
    """A Violation for each node of `data` that uses an fkg: property, or is typed with an
    fkg: class, outside `declared`.

    The result's focus node is the node and its path the property, so the report points at
    the line where the statement is written; an undeclared class (`a fkg:Tenur`) is the
    value of an rdf:type result. The distinct properties and classes are listed first (by
    the store, unless `used` already lists them), so the whole data is not scanned term by term.
    """
    store = OxigraphStore(store_from_graph(data)) if isinstance(data, Graph) else data
    names = sorted(_local(str(term)) for term in declared)
    results = [
        ValidationResult(
            focus_node=subject,
            source_shape=DECLARED_TERMS_SHAPE,
            component=DECLARED_TERM_COMPONENT,
            severity=SH.Violation,
            message=_message(term, names),
            path=RDF.type if is_class else term,
            value=term if is_class else None,
        )
        for subject, term, is_class in _uses(store, declared, used)
    ]
    return sorted(results, key=lambda r: (str(r.focus_node), str(r.path), str(r.value)))


def _undeclared(terms: Iterable[Node], declared: frozenset[URIRef]) -> list[URIRef]:
    return sorted(
        {t for t in terms if isinstance(t, URIRef) and t.startswith(_NAMESPACE)} - declared
    )


# (node, term, whether the term is a class) for each use of an undeclared term
Use = tuple[Identifier, URIRef, bool]


def used_terms(store: Store) -> UsedTerms:
    """The distinct predicates and classes (objects of rdf:type) of `store`'s statements,
    listed by the store (an index lookup each), not term by term."""
    predicates = store.select("SELECT DISTINCT ?p WHERE { ?s ?p ?o }").rows
    classes = store.select(f"SELECT DISTINCT ?c WHERE {{ ?s <{RDF.type}> ?c }}").rows
    return UsedTerms(
        frozenset(URIRef(str(row["p"])) for row in predicates),
        frozenset(c for row in classes if isinstance(c := row["c"], URIRef)),
    )


def _uses(store: Store, declared: frozenset[URIRef], used: UsedTerms | None) -> Iterator[Use]:
    """The uses of undeclared terms, by SPARQL: the same on local files and on a server."""
    if used is None:
        used = used_terms(store)
    for predicate in _undeclared(used.predicates, declared):
        query = f"SELECT DISTINCT ?s WHERE {{ ?s {sparql(predicate)} ?o }}"
        for row in store.select(query).rows:
            yield row["s"], predicate, False
    for cls in _undeclared(used.classes, declared):
        query = f"SELECT DISTINCT ?s WHERE {{ ?s <{RDF.type}> {sparql(cls)} }}"
        for row in store.select(query).rows:
            yield row["s"], cls, True


def _local(term: str) -> str:
    return term[len(_NAMESPACE) :]


def _message(term: Node, declared_names: list[str]) -> str:
    name = prefixed(str(term)) or f"<{term}>"
    closest = difflib.get_close_matches(_local(str(term)), declared_names, n=1, cutoff=0.6)
    if closest:
        return f"{name} is not in the ontology; did you mean fkg:{closest[0]}?"
    return f"{name} is not in the ontology; declare it in ontology/ or fix the name."


def add_undeclared_terms(
    report: ValidationReport, data: Store, project: Project, used: UsedTerms | None = None
) -> None:
    """Add to `report` a result for each use in `data` of an fkg: term not in the project's
    ontology/ files (`used`: the predicates and classes of `data`, when already known)."""
    ontology = load_graph(project.ontology_files()).graph
    found = undeclared_term_results(data, declared_terms(ontology), used)
    report.results = sorted([*report.results, *found], key=result_order)
