"""The ontology's namespace is closed: every fkg: term the data uses is declared in ontology/.

A SHACL engine cannot see a misspelt term: `fkg:endCuase` is just a property no shape
mentions, and a node typed `fkg:Tenur` is the target of no shape, so all its checks are
silently skipped. This check lists every use of an fkg: IRI that no ontology file describes,
as Violation results of the project's own shape and component, so they appear in the
validation report with the other problems (file and line, exit code 1), each naming the
closest declared term.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Identifier, Node

from footballkg.fastvalidate.terms import solutions
from footballkg.load import load_graph
from footballkg.namespaces import FKG, FKGSH
from footballkg.project import Project
from footballkg.terms import from_oxigraph, prefixed
from footballkg.validate import ValidationReport, ValidationResult

# The report names these as the source of the results (no file in shapes/ defines them:
# the check needs the ontology files, which a SHACL engine cannot tell from the data).
DECLARED_TERMS_SHAPE = FKGSH.DeclaredTermsShape
DECLARED_TERM_COMPONENT = FKGSH.DeclaredTermConstraintComponent

_NAMESPACE = str(FKG)

Triple = tuple[Identifier, Identifier, Identifier]


def declared_terms(ontology: Graph) -> frozenset[URIRef]:
    """The fkg: IRIs the ontology describes (every term there is a subject of its own)."""
    return frozenset(
        s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(_NAMESPACE)
    )


def undeclared_term_results(
    data: Graph | ox.Store, declared: frozenset[URIRef]
) -> list[ValidationResult]:
    """A Violation for each triple of `data` that uses an fkg: IRI outside `declared`.

    The result's focus node is the triple's subject and its path the predicate, so the report
    points at the line where the statement is written; an undeclared class (`a fkg:Tenur`)
    is the value of an rdf:type result.
    """
    triples = _store_uses(data, declared) if isinstance(data, ox.Store) else _graph_uses(data)
    names = sorted(_local(str(term)) for term in declared)
    results: set[ValidationResult] = set()
    for subject, predicate, obj in triples:
        for term, path, value in (
            (subject, None, None),
            (predicate, predicate, None),
            (obj, predicate, obj),
        ):
            if _is_undeclared(term, declared):
                results.add(
                    ValidationResult(
                        focus_node=subject,
                        source_shape=DECLARED_TERMS_SHAPE,
                        component=DECLARED_TERM_COMPONENT,
                        severity=SH.Violation,
                        message=_message(term, names),
                        path=path,
                        value=value,
                    )
                )
    return sorted(results, key=lambda r: (str(r.focus_node), str(r.path), str(r.value)))


def _is_undeclared(term: Node, declared: frozenset[URIRef]) -> bool:
    return isinstance(term, URIRef) and term.startswith(_NAMESPACE) and term not in declared


def _graph_uses(graph: Graph) -> Iterator[Triple]:
    for s, p, o in graph:
        if not (isinstance(s, Identifier) and isinstance(p, Identifier)):
            continue
        if isinstance(o, Identifier) and any(
            isinstance(t, URIRef) and t.startswith(_NAMESPACE) for t in (s, p, o)
        ):
            yield s, p, o


def _store_uses(store: ox.Store, declared: frozenset[URIRef]) -> Iterator[Triple]:
    # One scan inside the store, which hands back only the few triples naming an unknown term.
    known = ", ".join(f"<{term}>" for term in sorted(declared))
    outside = " || ".join(
        f'(isIRI({v}) && STRSTARTS(STR({v}), "{_NAMESPACE}") && {v} NOT IN ({known}))'
        for v in ("?s", "?p", "?o")
    )
    for row in solutions(store, f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER ({outside}) }}"):
        yield from_oxigraph(row["s"]), from_oxigraph(row["p"]), from_oxigraph(row["o"])


def _local(term: str) -> str:
    return term[len(_NAMESPACE) :]


def _message(term: Node, declared_names: list[str]) -> str:
    name = prefixed(str(term)) or f"<{term}>"
    closest = difflib.get_close_matches(_local(str(term)), declared_names, n=1, cutoff=0.6)
    if closest:
        return f"{name} is not in the ontology; did you mean fkg:{closest[0]}?"
    return f"{name} is not in the ontology; declare it in ontology/ or fix the name."


def add_undeclared_terms(
    report: ValidationReport, data: Graph | ox.Store, project: Project
) -> None:
    """Add to `report` a result for each use in `data` of an fkg: term not in the project's
    ontology/ files."""
    ontology = load_graph(project.ontology_files()).graph
    report.results.extend(undeclared_term_results(data, declared_terms(ontology)))
