"""Validation on the cached store, re-checking only the focus nodes a change can reach.

Each run keeps its results in the cache folder (`results.json`, next to the manifest), with
the SHA-256 of every file and of the shapes they were found for. The next run finds the
triples that changed (the changed files' graphs before and after), and from them the focus
nodes whose results can change:

- the subjects and objects of those triples (a node's own triples, and its membership of a
  target, are all in triples it is the subject or object of);
- every node that reaches a changed subject along a chain of triples (any predicate, as a
  shape's paths and nested shapes follow them; a message names the labels of the nodes it
  reaches), or reaches a changed object along a predicate some shape follows backwards
  (sh:inversePath).

The engine checks those nodes only (`run_fast(only=...)`) and the stored results of the
others are kept. A SHACL-SPARQL query can read far from its focus node (the overlap rules read
every tenure of the same person or team), so for those the nodes are found from each query's
own patterns (`sparql_reach`): the nodes whose walks through the query reach a changed triple,
such as every tenure of the persons and teams whose tenures changed. The queries then run with
$this pre-bound to the nodes checked. A query whose reach cannot be bounded makes every
SHACL-SPARQL rule run whole, replacing all their stored results. Whatever the analysis cannot
bound makes the run a full one, with a note saying why: other shapes, a changed ontology file
or subclass triple, blank nodes in the changed triples, literals the store spells another way
than before, a SHACL-SPARQL constraint that is not a targeted shape's own, or more changed
nodes than a narrowed run would save time on.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from footballkg import __version__
from footballkg.errors import InputError
from footballkg.progress import Progress, note
from footballkg.project import Project
from footballkg.rdf.lexical import lexical_error
from footballkg.rdf.load import Location, literal_lines
from footballkg.rdf.locate import locate
from footballkg.rdf.terms import from_oxigraph as from_ox
from footballkg.stores.cache import LoadedStore, cache_dir, file_graph, file_key, manifest_digests
from footballkg.validation.constraints.sparql import constraint_queries
from footballkg.validation.engine import (
    LITERAL_CHECK,
    count_focus_nodes,
    coverage_queries,
    run_fast,
    sort_results,
    targeted_shapes,
    unchecked_literal_results,
    validate_store,
)
from footballkg.validation.evaluator import Evaluator
from footballkg.validation.focus import UnsupportedConstraint
from footballkg.validation.graph_stats import GraphStats, counted_stats, updated_stats
from footballkg.validation.registry import registry
from footballkg.validation.results import ValidationReport, ValidationResult, check_shacl_terms
from footballkg.validation.shapes import ShapesError, ShapesReader
from footballkg.validation.sparql_reach import SeedRule, cached_rules
from footballkg.validation.store import IllTypedLiteral, ValidationData, as_written
from footballkg.validation.terms import OxigraphStore, sparql

RESULTS = "results.json"
LOCATIONS = "locations.json"
RESULTS_FORMAT = 1
# Above this many focus nodes to re-check, a narrowed run's VALUES blocks cost about what a
# full run does (a chosen bound, not a tuned one).
MAX_NARROWED = 20_000
_BATCH = 500  # nodes per VALUES block while following the triples back

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


@dataclass
class CachedValidation:
    report: ValidationReport
    data: ValidationData
    checked: set[Node] | None  # the focus nodes re-checked; None: every one (a full run)
    why_full: str  # why the run was a full one ("" for an incremental run)
    loaded: LoadedStore
    # Why the SHACL-SPARQL rules ran whole in an incremental run ("": narrowed to `checked`).
    why_sparql_whole: str = ""
    stats: GraphStats | None = None  # the graph's size and terms (None: not kept, count them)


@dataclass
class Narrowing:
    """What an incremental run checks again, and the results it keeps."""

    nodes: set[Node]
    stored: list[ValidationResult]
    why_sparql_whole: str  # "": the SHACL-SPARQL rules are narrowed to `nodes` too
    stats: GraphStats | None  # the stored statistics brought up to date (None: none stored)


def validation_data(loaded: LoadedStore) -> ValidationData:
    """The engine's view of a cached store: its files' graphs read as one, the ill-typed
    literals with the line they are on, the literals as written."""
    ill_typed: list[IllTypedLiteral] = []
    lines: dict[Path, dict[tuple[str, str], int]] = {}
    for literal, path in loaded.ill_typed.items():
        problem = lexical_error(literal.value, literal.datatype.value)
        if problem is None:
            continue
        if path not in lines:
            lines[path] = literal_lines(path)
        line = lines[path].get((literal.value, literal.datatype.value), 1)
        ill_typed.append(IllTypedLiteral(from_ox(literal), problem, Location(path, line)))  # type: ignore[arg-type]
    store = loaded.in_memory if loaded.in_memory is not None else loaded.store
    return ValidationData(OxigraphStore(store, union=True), ill_typed, as_written(loaded.rewritten))


def validate_cached(
    project: Project,
    loaded: LoadedStore,
    shapes: Graph,
    shape_files: list[Path],
    *,
    full: bool = False,
    progress: Progress | None = None,
    locate: Callable[[Node], Any] | None = None,
) -> CachedValidation:
    """Validate the cached store: incrementally when the stored results allow it, else whole.
    The results are stored for the next run either way."""
    data = validation_data(loaded)
    ill_typed = {bad.literal: bad.problem for bad in data.ill_typed}
    folder = cache_dir(project)
    digest = shapes_digest(shape_files)
    keys = blank_keys(shapes)
    checked: set[Node] | None = None
    why = "asked for (--full)" if full else ""
    narrowed: Narrowing | str | None = None
    if not why:
        narrowed = _narrowing(project, loaded, data, shapes, folder, digest, keys)
        if isinstance(narrowed, str):
            why = narrowed
        else:
            checked = narrowed.nodes
    report = None
    if isinstance(narrowed, Narrowing):
        report = _incremental(data, shapes, narrowed, ill_typed, progress, locate)
        if report is None:
            why, checked = "a shape is checked by pyshacl", None
    stats = narrowed.stats if isinstance(narrowed, Narrowing) and checked is not None else None
    if report is None:
        report = validate_store(
            data.store,
            shapes,
            progress=progress,
            ill_typed=ill_typed,
            as_written=data.as_written,
            locate=locate,
        )
    if loaded.on_disk:
        if stats is None:
            stats = counted_stats(data.store, report.coverage)
        data.store.size = stats.triples
        files = manifest_digests(project)
        _store_results(folder, report, digest, keys, data.as_written, files, stats)
    whole = narrowed.why_sparql_whole if isinstance(narrowed, Narrowing) else ""
    return CachedValidation(report, data, checked, why, loaded, whole, stats)


# --------------------------------------------------------------------------- the narrowed run


def _incremental(
    data: ValidationData,
    shapes: Graph,
    narrowed: Narrowing,
    ill_typed: Mapping[Literal, str],
    progress: Progress | None,
    locate: Callable[[Node], Any] | None,
) -> ValidationReport | None:
    """The report of a run that re-checks the nodes `narrowed` names and keeps the stored
    results of the others; None when a shape needs pyshacl (the caller then runs in full)."""
    check_shacl_terms(shapes, locate)
    checked = narrowed.nodes
    scoped = not narrowed.why_sparql_whole
    try:
        run = run_fast(
            data.store,
            shapes,
            progress,
            set(ill_typed),
            dict(data.as_written),
            only=checked,
            narrow_sparql=scoped,
        )
    except ShapesError as error:
        raise InputError(f"The shapes cannot be used: {error}") from None
    if run.fallback:
        return None
    whole = set() if scoped else sparql_keys(shapes)
    written = checked | {data.as_written.get(n, n) for n in checked if isinstance(n, Literal)}

    def rerun(result: ValidationResult) -> bool:
        return (result.source_shape, result.component) in whole or result.focus_node in written

    stored = narrowed.stored
    results = [r for r in stored if not rerun(r)] + [r for r in run.results if rerun(r)]
    results += unchecked_literal_results(data.store, ill_typed, results, data.as_written)
    if narrowed.stats is not None:
        coverage = narrowed.stats.coverage
    else:
        coverage = count_focus_nodes(data.store, coverage_queries(shapes))
    if progress:
        progress.done()
    return ValidationReport(results=sort_results(results), coverage=coverage)


def _narrowing(
    project: Project,
    loaded: LoadedStore,
    data: ValidationData,
    shapes: Graph,
    folder: Path,
    digest: str,
    keys: dict[BNode, str],
) -> Narrowing | str:
    """The focus nodes to re-check and the stored results; or why the run must be a full one."""
    if not loaded.on_disk:
        return "the cache cannot be used this run"
    stored = _read_results(folder, keys)
    if stored is None:
        return "no stored results to start from"
    if stored.shapes != digest:
        return "the shapes changed"
    if stored.files != loaded.before:
        return "the stored results are of other data"
    if stored.as_written != _written_pairs(data.as_written):
        return "literals are spelt otherwise than before"
    unbounded = unbounded_sparql(shapes)
    if unbounded:
        return unbounded
    inverse = {p for p in shapes.objects(None, SH.inversePath)}
    if any(not isinstance(p, URIRef) for p in inverse):
        return "a shape follows a path backwards that is not one property"
    ontology = {file_key(project, path) for path in project.ontology_files()}
    touched = {file_key(project, p) for p in (*loaded.added, *loaded.changed)} | set(loaded.removed)
    if touched & ontology:
        return "the ontology changed"
    changed = changed_triples(loaded)
    if any(isinstance(t, ox.BlankNode) for triple in changed for t in triple):
        return "blank nodes changed"
    if any(p.value == str(RDFS.subClassOf) for _, p, _ in changed):
        return "subclass statements changed"
    nodes = affected_nodes(data.store, changed, {str(p) for p in inverse})
    rules = cached_rules(folder, sparql_queries(data.store, shapes))
    why_whole = rules if isinstance(rules, str) else ""
    if not why_whole and len(nodes) <= MAX_NARROWED:
        nodes |= sparql_affected(data.store, changed, rules)  # type: ignore[arg-type]
    if len(nodes) > MAX_NARROWED:
        return f"{len(nodes)} nodes can be affected"
    stats = None
    if stored.stats is not None:
        stats = updated_stats(stored.stats, loaded, data.store, changed, shapes)
    return Narrowing(nodes, stored.results, why_whole, stats)


def sparql_queries(store: OxigraphStore, shapes: Graph) -> list[str | None]:
    """The text of every SHACL-SPARQL query of the targeted shapes as the engine runs it
    (None for one it cannot write out: an ASK validator, a query it does not evaluate)."""
    reader = ShapesReader(shapes)
    ev = Evaluator(store, reader, registry())
    texts: list[str | None] = []
    for shape in reader.shapes:
        if shape.deactivated or not shape.has_targets():
            continue
        try:
            for component in ev.components(shape):
                if component.sparql:
                    texts += constraint_queries(ev, shape, component)
        except UnsupportedConstraint:
            texts.append(None)  # the run falls back to pyshacl, and then runs in full
    return texts


def sparql_affected(store: OxigraphStore, changed: set[Triple], rules: list[SeedRule]) -> set[Node]:
    """The focus nodes whose SHACL-SPARQL results the `changed` triples can change: those
    whose walk of a rule reaches the subject or object of a changed triple it concerns."""
    by_predicate: dict[str, list[SeedRule]] = {}
    for rule in rules:
        for predicate in rule.predicates:
            by_predicate.setdefault(predicate, []).append(rule)
    seeds: dict[str, set[Node]] = {}
    for s, p, o in changed:
        for rule in by_predicate.get(p.value, ()):
            seeds.setdefault(rule.walk, set()).add(from_ox(s if rule.side == "s" else o))
    found: set[Node] = set(seeds.pop("", set()))
    for walk, nodes in sorted(seeds.items()):
        batch = sorted(nodes, key=str)
        for start in range(0, len(batch), _BATCH):
            block = " ".join(sparql(n) for n in batch[start : start + _BATCH])
            query = f"SELECT DISTINCT ?this WHERE {{ VALUES ?n {{ {block} }} ?this {walk} ?n }}"
            found.update(row["this"] for row in store.select(query).rows)
    return found


def changed_triples(loaded: LoadedStore) -> set[Triple]:
    """The triples added to or removed from a file since the run that built the cache."""
    changed: set[Triple] = set()

    def triples(quads: Iterable[ox.Quad]) -> set[Triple]:
        return {(q.subject, q.predicate, q.object) for q in quads}  # type: ignore[misc]

    for path in (*loaded.added, *loaded.changed):
        graph = loaded.graphs[path]
        now = triples(loaded.store.quads_for_pattern(None, None, None, graph))
        changed |= now ^ triples(loaded.previous.get(graph, []))
    for key in loaded.removed:
        changed |= triples(loaded.previous.get(file_graph(key), []))
    return changed


def affected_nodes(
    store: OxigraphStore,
    changed: set[Triple],
    inverse: set[str],
    limit: int | None = MAX_NARROWED,
) -> set[Node]:
    """The focus nodes whose results the `changed` triples can change (see the module doc);
    the search stops once more than `limit` are found."""
    found: set[Node] = set()
    seeds: set[Node] = set()
    for s, p, o in changed:
        subject, obj = from_ox(s), from_ox(o)
        found.update((subject, obj))
        seeds.add(subject)
        if p.value in inverse:
            seeds.add(obj)
    backwards = " ".join(f"<{p}>" for p in sorted(inverse))
    frontier = seeds
    found |= seeds
    while frontier:
        reached: set[Node] = set()
        batch = sorted(frontier, key=str)
        for start in range(0, len(batch), _BATCH):
            block = " ".join(sparql(n) for n in batch[start : start + _BATCH])
            pattern = "{ ?n ?p ?m }"
            if backwards:
                pattern += f" UNION {{ VALUES ?q {{ {backwards} }} ?m ?q ?n }}"
            query = f"SELECT DISTINCT ?n WHERE {{ VALUES ?m {{ {block} }} {pattern} }}"
            reached.update(row["n"] for row in store.select(query).rows)
        frontier = reached - found
        found |= frontier
        if limit is not None and len(found) > limit:
            break  # the caller runs in full
    return found


def unbounded_sparql(shapes: Graph) -> str:
    """Why a SHACL-SPARQL constraint could not run whole as its targeted shape's own ("" if
    every one can): a constraint of a nested or untargeted shape runs on the nodes reached
    from a narrowed focus, and its reach is not known."""
    targeted = targeted_shapes(shapes)
    for user in sorted(_sparql_users(shapes), key=str):
        if user not in targeted or any(True for _ in shapes.subject_predicates(user)):
            return f"shape {user} has a SHACL-SPARQL constraint and is not a targeted shape"
    return ""


def _sparql_users(shapes: Graph) -> set[Node]:
    users: set[Node] = set(shapes.subjects(SH.sparql, None))
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        for parameter in shapes.objects(component, SH.parameter):
            for path in shapes.objects(parameter, SH.path):
                users.update(s for s in shapes.subjects(path, None) if s != parameter)
    return users


def sparql_keys(shapes: Graph) -> set[tuple[Node, Node]]:
    """(source shape, component) of the results SHACL-SPARQL constraints give."""
    components = {SH.SPARQLConstraintComponent, *shapes.subjects(RDF.type, SH.ConstraintComponent)}
    return {(user, c) for user in _sparql_users(shapes) for c in components}


# --------------------------------------------------------------------------- stored results


@dataclass
class StoredResults:
    shapes: str
    files: dict[str, str]
    as_written: list[list[Any]]
    results: list[ValidationResult]
    stats: GraphStats | None = None


def shapes_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def blank_keys(shapes: Graph) -> dict[BNode, str]:
    """A name for each blank node of the shapes graph that the same shapes give again on the
    next run (rdflib names them anew at each parse): a digest of what the node says and of the
    named nodes that point at it."""
    names: dict[BNode, str] = {}

    def name(node: BNode, depth: int) -> str:
        if node in names:
            return names[node]
        parts = sorted(
            f"{p.n3()} {name(o, depth + 1) if isinstance(o, BNode) and depth < 32 else o.n3()}"
            for p, o in shapes.predicate_objects(node)
        )
        parts += sorted(
            f"^{p.n3()} {s.n3()}"
            for s, p in shapes.subject_predicates(node)
            if isinstance(s, URIRef)
        )
        names[node] = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        return names[node]

    for node in set(shapes.all_nodes()):
        if isinstance(node, BNode):
            name(node, 0)
    return names


def _term(term: Node | None, keys: Mapping[BNode, str]) -> list[str] | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return ["b", keys[term]]  # KeyError: a blank node of the data (not stored)
    if isinstance(term, Literal):
        return ["l", str(term), str(term.datatype or ""), term.language or ""]
    return ["i", str(term)]


def _node(value: Any, nodes: Mapping[str, BNode]) -> Any:
    if value is None:
        return None
    kind, text, *rest = value
    if kind == "b":
        return nodes[text]  # KeyError: the shapes changed
    if kind == "l":
        datatype, language = rest
        if language:
            return Literal(text, lang=language)
        return Literal(text, datatype=URIRef(datatype) if datatype else None)
    if kind == "i":
        return URIRef(text)
    raise ValueError(kind)


_FIELDS = ("focus_node", "source_shape", "component", "severity", "path", "value", "constraint")


def _written_pairs(written: Mapping[Literal, Literal]) -> list[list[Any]]:
    return sorted([_term(a, {}), _term(b, {})] for a, b in written.items())


def _store_results(
    folder: Path,
    report: ValidationReport,
    digest: str,
    keys: Mapping[BNode, str],
    written: Mapping[Literal, Literal],
    files: dict[str, str],
    stats: GraphStats,
) -> None:
    """Keep the report's results for the next run (not the built-in literal check's: they are
    found again from all the results each run). Results about blank nodes of the data are not
    kept (a reloaded file names them anew): the next run is then a full one."""
    path = folder / RESULTS
    try:
        results = [
            {"message": r.message, **{f: _term(getattr(r, f), keys) for f in _FIELDS}}
            for r in report.results
            if r.source_shape != LITERAL_CHECK
        ]
        counts = [[_term(shape, keys), n] for shape, n in sorted(stats.coverage.items())]
    except KeyError:
        path.unlink(missing_ok=True)
        return
    document = {
        "format": RESULTS_FORMAT,
        "footballkg": __version__,
        "shapes": digest,
        "files": files,
        "as_written": _written_pairs(written),
        "results": results,
        "stats": {
            "triples": stats.triples,
            "predicates": sorted(stats.predicates),
            "classes": sorted(stats.classes),
            "coverage": counts,
        },
    }
    temporary = folder / f"{RESULTS}.{os.getpid()}.tmp"
    try:
        temporary.write_text(json.dumps(document) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        note(f"cannot keep the results in {folder} ({error.strerror or error}).")


def _read_results(folder: Path, keys: Mapping[BNode, str]) -> StoredResults | None:
    try:
        document = json.loads((folder / RESULTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    nodes = {key: node for node, key in keys.items()}
    try:
        if document["format"] != RESULTS_FORMAT or document["footballkg"] != __version__:
            return None
        results = [
            ValidationResult(
                message=str(entry["message"]), **{f: _node(entry[f], nodes) for f in _FIELDS}
            )
            for entry in document["results"]
        ]
        kept = document.get("stats")
        stats = None
        if kept is not None:
            stats = GraphStats(
                int(kept["triples"]),
                {str(p) for p in kept["predicates"]},
                {str(c) for c in kept["classes"]},
                {_node(shape, nodes): int(n) for shape, n in kept["coverage"]},
            )
        return StoredResults(
            str(document["shapes"]),
            dict(document["files"]),
            document["as_written"],
            results,
            stats,
        )
    except (KeyError, TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- stored locations


class CachedLocator:
    """`footballkg.rdf.locate.locate` for a report on the cached store, reading only the files
    that changed since the last run where it can: tokenizing every file to find where the
    results' nodes are written costs as much as checking them.

    The last run's answers (where each node and statement was first written, or that it was
    not) stay true for the files that did not change. A node is written first in the file the
    last run found it in, unless a changed file earlier in the order now writes it: so the
    changed files are scanned, and the earlier of the two places kept. When a node was not
    asked about last time, or the file it was found in changed or went away, every file is
    scanned, as without a cache.
    """

    def __init__(self, project: Project, loaded: LoadedStore) -> None:
        self.project = project
        self.loaded = loaded
        self.folder = cache_dir(project)
        self.scanned_all = True

    def __call__(
        self, files: list[Path], nodes: set[Node], statements: set[tuple[Node, Node]]
    ) -> tuple[dict[Node, Location], dict[tuple[Node, Node], Location]]:
        keys = {path: file_key(self.project, path) for path in files}
        paths = {key: path for path, key in keys.items()}
        new = set(self.loaded.added) | set(self.loaded.changed)
        fresh = [p for p in files if p in new]
        known = self._read() if self.loaded.on_disk else None
        found: tuple[dict[Node, Location], dict[tuple[Node, Node], Location]] | None = None
        if known is not None:
            subjects, places = known
            asked = all(n in subjects for n in nodes) and all(k in places for k in statements)
            earlier = (
                [subjects[n] for n in nodes] + [places[k] for k in statements] if asked else []
            )
            gone = set(self.loaded.removed)
            still = all(key is None or (key not in gone and key in paths) for key, _ in earlier)
            if asked and still:
                found = locate(fresh, nodes, statements)
                order = {path: n for n, path in enumerate(files)}
                changed = {keys[p] for p in fresh}
                kept = _keep_earlier(subjects, nodes, found[0], paths, order, changed)
                kept = kept and _keep_earlier(places, statements, found[1], paths, order, changed)
                self.scanned_all = not kept
                if not kept:
                    found = None
        if found is None:
            found = locate(files, nodes, statements)
        if self.loaded.on_disk:
            self._write(keys, nodes, statements, found)
        return found

    def _read(
        self,
    ) -> (
        tuple[dict[Node, tuple[str | None, int]], dict[tuple[Node, Node], tuple[str | None, int]]]
        | None
    ):
        try:
            document = json.loads((self.folder / LOCATIONS).read_text(encoding="utf-8"))
            if document["files"] != self.loaded.before or document["footballkg"] != __version__:
                return None
            subjects = {_node(n, {}): (k, int(line)) for n, k, line in document["subjects"]}
            places = {
                (_node(n, {}), _node(p, {})): (k, int(line))
                for n, p, k, line in document["statements"]
            }
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return subjects, places

    def _write(
        self,
        keys: dict[Path, str],
        nodes: set[Node],
        statements: set[tuple[Node, Node]],
        found: tuple[dict[Node, Location], dict[tuple[Node, Node], Location]],
    ) -> None:
        path = self.folder / LOCATIONS

        def where(place: Location | None) -> list[Any]:
            return [None, 0] if place is None else [keys[place.file], place.line]

        try:
            document = {
                "footballkg": __version__,
                "files": manifest_digests(self.project),
                "subjects": [[_term(n, {}), *where(found[0].get(n))] for n in nodes],
                "statements": [
                    [_term(s, {}), _term(p, {}), *where(found[1].get((s, p)))]
                    for s, p in statements
                ],
            }
        except KeyError:  # a blank node of the data: the next run scans every file
            path.unlink(missing_ok=True)
            return
        temporary = self.folder / f"{LOCATIONS}.{os.getpid()}.tmp"
        try:
            temporary.write_text(json.dumps(document) + "\n", encoding="utf-8")
            temporary.replace(path)
        except OSError as error:
            note(f"cannot keep the locations in {self.folder} ({error.strerror or error}).")


K = TypeVar("K")


def _keep_earlier(
    before: Mapping[K, tuple[str | None, int]],
    wanted: Iterable[K],
    found: dict[K, Location],
    paths: Mapping[str, Path],
    order: Mapping[Path, int],
    changed: set[str],
) -> bool:
    """Where each of `wanted` is first written: the last run's place or the one found in the
    changed files, whichever comes first in the files' order. False when that cannot be told
    without reading every file: the last run's file changed, and no changed file up to it
    writes the item now (a later file that did not change may)."""
    for item in wanted:
        key, line = before[item]
        if key is None:
            continue
        now = found.get(item)
        if key in changed:
            if now is None or order[now.file] > order[paths[key]]:
                return False
            continue  # found again in the changed files, at or before the last run's file
        place = Location(paths[key], line)
        if now is None or order[place.file] < order[now.file]:
            found[item] = place
    return True
