"""What a change since a git revision touches: `footballkg validate --changed-since REF`.

The files that differ from REF in the working tree (committed, staged or not, and new files
git does not ignore) are compared triple by triple with their version at REF. A result is
"in the change" when its focus node is written in a changed file or is named by a changed
triple; it "touches an existing problem" when its focus node is elsewhere but reaches the
change (as the incremental run finds the nodes to re-check); the other results are problems
the change leaves as they were.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from footballkg.errors import InputError
from footballkg.rdf.load import LoadedGraph, oxigraph_format
from footballkg.rdf.terms import from_oxigraph as from_ox
from footballkg.stores.cache import LoadedStore
from footballkg.validation.incremental import Triple, affected_nodes
from footballkg.validation.results import ValidationResult
from footballkg.validation.terms import OxigraphStore, sparql


@dataclass
class ChangeScope:
    files: list[Path]  # the RDF files validated that differ from REF (deleted ones too)
    in_change: list[ValidationResult] = field(default_factory=list)
    touched: list[ValidationResult] = field(default_factory=list)
    untouched: list[ValidationResult] = field(default_factory=list)


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as error:
        raise InputError(f"--changed-since needs git ({error.strerror or error}).") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed: {why[-1] if why else 'no message'}")
    return done.stdout


def changed_since(root: Path, ref: str) -> tuple[Path, str, list[Path]]:
    """The repository's top folder, REF's commit, and the files that differ from REF."""
    if ref.startswith("-"):
        raise InputError(f'"{ref}" is not a git revision.')
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode()
    except InputError:
        raise InputError(f'"{ref}" is not a git revision of {top}.') from None
    names = _git(top, "diff", "--name-only", "--no-renames", "-z", commit.strip(), "--")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z")
    files = sorted({(top / n.decode()).resolve() for n in names.split(b"\0") if n})
    return top, commit.strip(), files


def scope(
    loaded: LoadedStore,
    store: OxigraphStore,
    results: list[ValidationResult],
    data: LoadedGraph,
    root: Path,
    ref: str,
    inverse: set[str],
    shared: set[str],
) -> ChangeScope:
    """Sort `results` by how the change since `ref` concerns them."""
    top, commit, files = changed_since(root, ref)
    given = {path.resolve(): path for path in loaded.graphs}
    changed: set[Triple] = set()
    rdf_files: list[Path] = []
    for path in files:
        if path in given:
            graph = loaded.graphs[given[path]]
            quads = store.store.quads_for_pattern(None, None, None, graph)
            now: set[Triple] = {(q.subject, q.predicate, q.object) for q in quads}  # type: ignore[misc]
        elif not path.exists() and _is_rdf(path):
            now = set()
        else:
            continue  # not among the validated files
        rdf_files.append(path)
        before = _at_commit(top, commit, path)
        changed |= now ^ before
    reach = affected_nodes(store, changed, inverse, limit=None) if changed else set()
    reach |= partners(store, changed, shared)
    where = set(rdf_files)
    found = ChangeScope(rdf_files)
    for result in results:
        place = data.location(result.focus_node, result.path)
        if place is not None and Path(place.file).resolve() in where:
            found.in_change.append(result)
        elif result.focus_node in reach:
            found.touched.append(result)
        else:
            found.untouched.append(result)
    return found


def partners(store: OxigraphStore, changed: set[Triple], shared: set[str]) -> set[Node]:
    """The nodes that share a value of one of the `shared` predicates (those a rule compares
    nodes by, such as the person or team of two tenures that must not overlap) with a node
    the change concerns, before or after it."""
    if not shared or not changed:
        return set()
    subjects = sorted({from_ox(s) for s, _, _ in changed}, key=str)
    values = {from_ox(o) for _, p, o in changed if p.value in shared}
    predicates = "VALUES ?p { " + " ".join(f"<{p}>" for p in sorted(shared)) + " }"
    found: set[Node] = set()
    for start in range(0, len(subjects), 500):
        block = " ".join(sparql(n) for n in subjects[start : start + 500])
        query = f"SELECT DISTINCT ?v WHERE {{ VALUES ?s {{ {block} }} {predicates} ?s ?p ?v }}"
        values.update(row["v"] for row in store.select(query).rows)
    named = sorted((v for v in values if not isinstance(v, BNode)), key=str)
    for start in range(0, len(named), 500):
        block = " ".join(sparql(v) for v in named[start : start + 500])
        query = f"SELECT DISTINCT ?n WHERE {{ VALUES ?v {{ {block} }} {predicates} ?n ?p ?v }}"
        found.update(row["n"] for row in store.select(query).rows)
    return found


def shared_predicates(shapes: Graph) -> set[str]:
    """The IRIs the shapes give as values of SPARQL-based components' parameters (e.g.
    fkgsh:overlapShared fkg:person): the predicates those rules compare nodes by."""
    found: set[str] = set()
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        for parameter in shapes.objects(component, SH.parameter):
            for path in shapes.objects(parameter, SH.path):
                found.update(str(o) for o in shapes.objects(None, path) if isinstance(o, URIRef))
    return found


def _is_rdf(path: Path) -> bool:
    try:
        oxigraph_format(path)
    except (InputError, ValueError):
        return False
    return True


def _at_commit(top: Path, commit: str, path: Path) -> set[Triple]:
    """The triples of `path` as committed at `commit` (none if it was not there or not RDF)."""
    relative = path.relative_to(top).as_posix()
    done = subprocess.run(
        ["git", "show", f"{commit}:{relative}"], cwd=top, capture_output=True, check=False
    )
    if done.returncode != 0:
        return set()  # a file new since the revision
    try:
        quads = ox.parse(done.stdout, format=oxigraph_format(path))
        return {(q.subject, q.predicate, q.object) for q in quads}
    except (SyntaxError, ValueError, InputError):
        return set()  # unreadable then: every triple it has now is new


def fails_in_change(scope: ChangeScope) -> list[ValidationResult]:
    """The results a CI check of the change fails on: those in or touched by the change."""
    return [*scope.in_change, *scope.touched]
