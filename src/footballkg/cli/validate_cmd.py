"""`footballkg validate`: check the data against the SHACL shapes in shapes/."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import click
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from footballkg.cli.common import (
    cache_option,
    echo,
    format_option,
    open_project,
    paths_argument,
    project_option,
)
from footballkg.cli.endpoint import endpoint_options
from footballkg.errors import EXIT_NOT_CONFORMING, InputError
from footballkg.progress import note
from footballkg.project import Project, display_path
from footballkg.queries.params import check_iri
from footballkg.rdf.load import LoadedGraph, load_graph
from footballkg.rdf.namespaces import FKGSH
from footballkg.rdf.terms import expand_name, short_iri
from footballkg.stores import open_store, use_cache
from footballkg.validation import Progress, Store, validate_store
from footballkg.validation.changes import (
    ChangeScope,
    fails_in_change,
    scope,
    shared_predicates,
)
from footballkg.validation.engine import part_of, targeted_shapes
from footballkg.validation.incremental import CachedLocator, CachedValidation, validate_cached
from footballkg.validation.render import FAIL_ON_CHOICES, REPORT_FORMATS, fails, report_chunks
from footballkg.validation.results import ValidationReport
from footballkg.validation.store import load_for_validation, pin_literal_lines
from footballkg.validation.stores import report_view
from footballkg.validation.vocabulary import add_undeclared_terms

if TYPE_CHECKING:
    from footballkg.stores.remote import SparqlClient


@click.command("validate")
@paths_argument
@format_option(
    REPORT_FORMATS,
    "text",
    "Report format: text for people, json, turtle (a SHACL report graph), "
    "github (GitHub Actions annotations on the offending lines) or sarif (SARIF 2.1.0, "
    "for code scanning).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default="violation",
    show_default=True,
    help="Exit with 1 when a result of this severity or a higher one is found.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Show the first N results (most severe first), then how many more each shape "
    "found. Default: all.",
)
@click.option(
    "--shape",
    "shape_names",
    multiple=True,
    metavar="NAME",
    help="Check only this shape (with its property shapes): a prefixed name such as "
    "fkgsh:TenureShape, its local name, or a full IRI. Repeat for more.",
)
@click.option(
    "--focus",
    "focus_names",
    multiple=True,
    metavar="IRI",
    help="Check only this node: a prefixed name such as tenure:jess-thorup-krc-genk-head-"
    "coach-2020 or a full IRI. Repeat for more.",
)
@cache_option
@click.option(
    "--full",
    is_flag=True,
    help="With a cache, check every node again instead of only those the changed files reach.",
)
@click.option(
    "--changed-since",
    "changed_since",
    metavar="REF",
    help="For CI: validate the working tree (with the cache) and say which results are in "
    "the files changed since the git revision REF and which existing problems the change "
    "touches; only those count for the exit status.",
)
@project_option
@endpoint_options()
@click.pass_context
def validate_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    fail_on: str,
    max_results: int | None,
    shape_names: tuple[str, ...],
    focus_names: tuple[str, ...],
    cache: bool | None,
    full: bool,
    changed_since: str | None,
    project_dir: Path | None,
    remote: SparqlClient | None,
) -> None:
    """Validate the data against the SHACL shapes in shapes/.

    Reads everything under data/ (or the RDF files and folders given as PATH) plus
    the ontology, and reports each problem under the node it concerns, with the file
    and line where that node is defined.

    With --endpoint, validates the graph a SPARQL server holds instead: the checks run
    as queries on the server (nodes are then named without file and line).

    The data is loaded into an in-memory Oxigraph store and each constraint is checked
    once for all the nodes it concerns. A literal that does not fit its datatype (such
    as "2020-13-45"^^xsd:date) is reported as an error at its file and line.

    With a cache (--cache builds one in .footballkg-cache/; it is then used whenever it
    exists), a run reloads only the files that changed and checks again only the nodes
    they can affect (for a SHACL-SPARQL rule, those its query reaches from the change);
    the other results are those of the last run. --full checks everything.

    Exits with 0 when the data conforms (warnings allowed), 1 when it does not (with
    --fail-on warning or info: when a result of that severity or a higher one is found),
    and 2 when a file cannot be read.

    \b
    Examples:
      footballkg validate
      footballkg validate data/people/jess-thorup.ttl --format github
      footballkg validate --format sarif --fail-on warning > footballkg.sarif
      footballkg validate --endpoint http://127.0.0.1:7878/query
    """
    project = open_project(project_dir)
    shapes = load_graph(project.shape_files(), keep_ill_typed=True, store="SimpleMemory")
    if not shapes.files:
        click.echo(
            f"Warning: no shape files in {project.shapes_dir}; nothing is checked.", err=True
        )
    files = [*project.ontology_files(), *project.data_files(list(paths) or None)]
    shapes_only = named_shapes(shape_names, shapes.graph)
    focus_only = named_nodes(focus_names)

    def part(report: ValidationReport, store: Store) -> ValidationReport:
        """The results of the named shapes and nodes (all, when none are named)."""
        check_nodes_exist(store, focus_only)
        return part_of(report, shapes.graph, shapes_only, focus_only)

    source = None
    if remote is not None:  # the engine's queries run on the server, with the same shapes
        from footballkg.cli.endpoint import reject_empty_graph, reject_paths_with_endpoint
        from footballkg.stores.remote import check_default_graph_is_not_union
        from footballkg.validation.remote_store import EndpointStore

        reject_paths_with_endpoint(paths)
        local = [
            o
            for o, v in (("--changed-since", changed_since), ("--cache", cache), ("--full", full))
            if v
        ]
        if local:
            raise click.UsageError(f"{local[0]} is for local files; with --endpoint, leave it out.")
        if remote.endpoint.graph is None:
            check_default_graph_is_not_union(remote)
        endpoint = EndpointStore(remote)
        if not len(endpoint):
            reject_empty_graph(remote)
        source = endpoint_name(remote)
        report = validate_store(
            endpoint,
            shapes.graph,
            ill_typed=endpoint.ill_typed(),
            locate=shapes.location,
            shapes_only=shapes_only,
            focus_only=focus_only,
        )
        add_undeclared_terms(report, endpoint, project)
        report = part(report, endpoint)
        data = report_view(endpoint, [], report)
    elif changed_since is not None or use_cache(project, cache):
        wanted = use_cache(project, True if cache is None else cache)
        cached = validate_with_cache(project, files, shapes.graph, full, shapes.location, wanted)
        report = cached.report
        used = cached.stats.used if cached.stats is not None else None
        add_undeclared_terms(report, cached.data.store, project, used)
        report = part(report, cached.data.store)
        data = report_view(cached.data.store, files, report, CachedLocator(project, cached.loaded))
        pin_literal_lines(data, report.results, cached.data.ill_typed)
        if changed_since is not None:
            inverse = {str(p) for p in shapes.graph.objects(None, SH.inversePath)}
            shared = shared_predicates(shapes.graph)
            found = scope(
                cached.loaded,
                cached.data.store,
                report.results,
                data,
                project.root,
                changed_since,
                inverse,
                shared,
            )
            click.echo(describe_scope(found, changed_since, data), err=True)
            echo_in_pieces(
                report_chunks(report, data, shapes, fmt, source, max_results=max_results)
            )
            # Only what the change brings or touches counts for the exit status.
            if fails(ValidationReport(results=fails_in_change(found)), fail_on):
                ctx.exit(EXIT_NOT_CONFORMING)
            return
    else:
        loaded = load_for_validation(files, Progress())
        ill_typed = {bad.literal: bad.problem for bad in loaded.ill_typed}
        report = validate_store(
            loaded.store,
            shapes.graph,
            progress=Progress(),
            ill_typed=ill_typed,
            as_written=loaded.as_written,
            locate=shapes.location,
            shapes_only=shapes_only,
            focus_only=focus_only,
        )
        # A misspelt fkg: term escapes every shape; the check adds it to the report.
        add_undeclared_terms(report, loaded.store, project, loaded.used)
        report = part(report, loaded.store)
        data = report_view(loaded.store, files, report)
        pin_literal_lines(data, report.results, loaded.ill_typed)
    echo_in_pieces(report_chunks(report, data, shapes, fmt, source, max_results=max_results))
    if fails(report, fail_on):
        ctx.exit(EXIT_NOT_CONFORMING)


def named_shapes(names: tuple[str, ...], shapes: Graph) -> set[URIRef] | None:
    """The targeted shapes `--shape` names (None: every shape); an unknown name is an error
    listing the closest ones."""
    if not names:
        return None
    known = {short_iri(str(s)): s for s in targeted_shapes(shapes) if isinstance(s, URIRef)}
    found: set[URIRef] = set()
    for name in names:
        text = name.strip().removeprefix("<").removesuffix(">")
        iri = expand_name(text) if ":" in text and "://" not in text else text
        if "://" not in iri:
            iri = str(FKGSH) + text  # a shape's local name
        if URIRef(iri) not in known.values():
            close = difflib.get_close_matches(short_iri(iri), list(known), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise InputError(f"--shape {name}: no shape with targets has that name.{hint}")
        found.add(URIRef(iri))
    return found


def named_nodes(names: tuple[str, ...]) -> set[URIRef] | None:
    """The nodes `--focus` names (None: every node)."""
    if not names:
        return None
    found: set[URIRef] = set()
    for name in names:
        text = name.strip().removeprefix("<").removesuffix(">")
        iri = expand_name(text) if ":" in text and "://" not in text else text
        found.add(URIRef(check_iri(iri, f"--focus {name}:")))
    return found


def check_nodes_exist(store: Store, nodes: set[URIRef] | None) -> None:
    """A --focus node the data never describes is a mistake, not a node that conforms."""
    for node in sorted(nodes or ()):
        if not store.select(f"SELECT ?p WHERE {{ <{node}> ?p ?o }} LIMIT 1").rows:
            raise InputError(
                f"--focus {short_iri(str(node))}: the data says nothing about that node "
                "(it is the subject of no statement). Check the name."
            )


def echo_in_pieces(chunks: Iterable[str], size: int = 1 << 20) -> None:
    """Write the report as it is made, about `size` characters at a time: a report of a
    million results is never held as one string."""
    pending: list[str] = []
    held = 0
    for chunk in chunks:
        pending.append(chunk)
        held += len(chunk)
        if held >= size:
            echo("".join(pending))
            pending, held = [], 0
    echo("".join(pending))


def validate_with_cache(
    project: Project, files: list[Path], shapes: Graph, full: bool, locate: Any, cache: bool
) -> CachedValidation:
    """Validate with the cache; a note on stderr says what was checked again."""
    progress = Progress()
    try:
        loaded = open_store(
            project,
            files,
            cache=cache,
            keep_ill_typed=True,
            keep_previous=True,
            keep_in_memory=True,
            progress=progress.update,
        )
        cached = validate_cached(
            project,
            loaded,
            shapes,
            project.shape_files(),
            full=full,
            progress=progress,
            locate=locate,
        )
    finally:
        progress.done()
    touched = len(loaded.added) + len(loaded.changed) + len(loaded.removed)
    if cached.checked is not None:
        sparql = (
            f"every SHACL-SPARQL rule run whole ({cached.why_sparql_whole})"
            if cached.why_sparql_whole
            else "the SHACL-SPARQL rules on the nodes a change can reach through them"
        )
        note(
            f"{touched} files changed since the last run: {len(cached.checked)} nodes checked "
            f"again, {sparql}; the other results are the last run's."
        )
    elif loaded.on_disk and cached.why_full != "no stored results to start from":
        note(f"every node checked: {cached.why_full}.")
    return cached


def describe_scope(found: ChangeScope, ref: str, data: LoadedGraph) -> str:
    """The CI summary on stderr: what the change since `ref` brings and touches."""
    lines = [
        f"changed since {ref}: {len(found.files)} RDF files; {len(found.in_change)} results in "
        f"them, {len(found.touched)} on other nodes the change reaches (existing problems it "
        f"touches), {len(found.untouched)} left as they were (not counted for the exit status)."
    ]
    for title, results in (("in the change", found.in_change), ("touched", found.touched)):
        for r in results:
            place = data.location(r.focus_node, r.path)
            where = f"{display_path(place.file)}:{place.line}: " if place is not None else ""
            lines.append(f"  {title}: {where}{r.focus_node}: {r.message}")
    return "\n".join(lines)


def endpoint_name(remote: SparqlClient) -> str:
    """The server's query URL (and graph) for the report, without user name, password or query."""
    url = urlsplit(remote.endpoint.query_url)
    host = url.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = f"{host}:{url.port}" if url.port is not None else host
    name = urlunsplit((url.scheme, netloc, url.path, "", ""))
    graph = remote.endpoint.graph
    return f"graph <{graph}> at {name}" if graph else name
