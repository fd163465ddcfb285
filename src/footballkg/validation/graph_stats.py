"""What a report says of the whole graph, brought up to date from the triples that changed.

A report counts the graph's triples and each shape's focus nodes, and the check of undeclared
terms lists every predicate and class the data uses. Each is a scan of every triple: seconds at
a million tenures, when an incremental run has a few hundred nodes to check. So they are kept
with the stored results (`GraphStats`) and the next run corrects them for the changed triples
only, exactly:

- a triple counts when some file holds it: it was there before if a changed file held it then
  or an unchanged file holds it now (unchanged files hold what they held);
- a predicate (or class) is still used if the store still has a triple with it;
- a node's membership of a shape's targets depends on its own triples (its types, the
  properties it is the subject or object of): for the nodes the changed triples name, it is
  counted before the change (in a small store of their triples as they were) and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Identifier, Node

from footballkg.rdf.terms import from_oxigraph as from_ox
from footballkg.stores.cache import LoadedStore, file_graph
from footballkg.validation.engine import count_focus_nodes, coverage_queries
from footballkg.validation.store import UsedTerms
from footballkg.validation.terms import OxigraphStore, sparql
from footballkg.validation.vocabulary import used_terms

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
_TYPE = ox.NamedNode(str(RDF.type))
_BATCH = 500


@dataclass
class GraphStats:
    triples: int  # distinct triples of the union of the files' graphs
    predicates: set[str]
    classes: set[str]  # the objects of rdf:type
    coverage: dict[Identifier, int]  # shape -> its focus nodes

    @property
    def used(self) -> UsedTerms:
        """The predicates and classes, as the check of undeclared terms takes them."""
        return UsedTerms(
            frozenset(map(URIRef, self.predicates)), frozenset(map(URIRef, self.classes))
        )


def counted_stats(store: OxigraphStore, coverage: dict[Identifier, int]) -> GraphStats:
    """The statistics counted over the whole store (a full run's, with its coverage)."""
    used = used_terms(store)
    predicates = {str(p) for p in used.predicates}
    return GraphStats(len(store), predicates, {str(c) for c in used.classes}, dict(coverage))


def updated_stats(
    before: GraphStats,
    loaded: LoadedStore,
    store: OxigraphStore,
    changed: set[Triple],
    shapes: Graph,
) -> GraphStats:
    """`before` (the statistics of the data the cache held) brought up to date."""
    raw = store.store
    stale = {loaded.graphs[p] for p in (*loaded.added, *loaded.changed)}
    stale |= {file_graph(key) for key in loaded.removed}
    previous: set[Triple] = {
        (q.subject, q.predicate, q.object)  # type: ignore[misc]
        for quads in loaded.previous.values()
        for q in quads
    }

    def now(triple: Triple) -> bool:
        return any(True for _ in raw.quads_for_pattern(*triple, None))

    def then(triple: Triple) -> bool:
        return triple in previous or any(
            q.graph_name not in stale for q in raw.quads_for_pattern(*triple, None)
        )

    triples = before.triples + sum(int(now(t)) - int(then(t)) for t in changed)

    def used(predicate: ox.NamedNode, obj: ox.NamedNode | None = None) -> bool:
        return any(True for _ in raw.quads_for_pattern(None, predicate, obj, None))

    predicates = set(before.predicates)
    for p in {p for _, p, _ in changed}:
        (predicates.add if used(p) else predicates.discard)(p.value)
    classes = set(before.classes)
    for c in {o for _, p, o in changed if p == _TYPE and isinstance(o, ox.NamedNode)}:
        (classes.add if used(_TYPE, c) else classes.discard)(c.value)
    coverage = _updated_coverage(before.coverage, raw, store, changed, stale, loaded, shapes)
    return GraphStats(triples, predicates, classes, coverage)


def _updated_coverage(
    before: dict[Identifier, int],
    raw: ox.Store,
    store: OxigraphStore,
    changed: set[Triple],
    stale: set[ox.NamedNode],
    loaded: LoadedStore,
    shapes: Graph,
) -> dict[Identifier, int]:
    """Each shape's focus-node count: `before`, less the changed nodes it counted then, plus
    those it counts now."""
    nodes = {t for s, _, o in changed for t in (s, o) if not isinstance(t, ox.Literal)}
    incoming = {str(p) for p in shapes.objects(None, SH.targetObjectsOf)}
    incoming_all = {str(n) for n in shapes.objects(None, SH.targetNode)}
    then = ox.Store()  # the changed nodes' own triples as they were
    then.extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in raw.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)), None, None)
    )

    def keep(quads: Iterable[ox.Quad]) -> None:  # from the files that did not change
        then.extend(
            ox.Quad(q.subject, q.predicate, q.object) for q in quads if q.graph_name not in stale
        )

    for node in nodes:
        keep(raw.quads_for_pattern(node, None, None, None))
        if node.value in incoming_all:
            keep(raw.quads_for_pattern(None, None, node, None))
        for p in incoming:
            keep(raw.quads_for_pattern(None, ox.NamedNode(p), node, None))
    for quads in loaded.previous.values():
        then.extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in quads
            if q.subject in nodes or q.object in nodes
        )
    queries = coverage_queries(shapes)
    named = sorted((from_ox(n) for n in nodes), key=str)
    coverage = dict(before)
    for start in range(0, len(named), _BATCH):
        narrowed = _narrowed(queries, named[start : start + _BATCH])
        after = count_focus_nodes(store, narrowed)
        earlier = count_focus_nodes(OxigraphStore(then), narrowed)
        for shape in queries:
            coverage[shape] = coverage.get(shape, 0) + after[shape] - earlier[shape]
    return coverage


def _narrowed(queries: dict[Identifier, str], nodes: Sequence[Node]) -> dict[Identifier, str]:
    """The coverage queries counting only `nodes`."""
    block = "VALUES ?x { " + " ".join(sparql(n) for n in nodes) + " }"
    marker = "WHERE { "
    return {shape: q.replace(marker, f"{marker}{block} ", 1) for shape, q in queries.items()}
