"""`footballkg validate`: check the data against the SHACL shapes in shapes/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click
import pyoxigraph as ox

from footballkg.cli.common import echo, format_option, open_project, paths_argument, project_option
from footballkg.cli.remote_cmd import endpoint_options, reject_paths_with_endpoint, server_graph
from footballkg.errors import EXIT_NOT_CONFORMING
from footballkg.fastvalidate import Progress, load_store, validate_store
from footballkg.fastvalidate.stores import choose_store, report_view, store_option
from footballkg.load import load_graph, load_project
from footballkg.remote import SparqlClient
from footballkg.validate import validate
from footballkg.validation_report import REPORT_FORMATS, render_report
from footballkg.vocabulary import add_undeclared_terms


@click.command("validate")
@paths_argument
@format_option(
    REPORT_FORMATS,
    "text",
    "Report format: text for people, json, turtle (a SHACL report graph), "
    "or github (GitHub Actions annotations on the offending lines).",
)
@project_option
@store_option
@endpoint_options()
@click.pass_context
def validate_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    project_dir: Path | None,
    store_kind: str,
    remote: SparqlClient | None,
) -> None:
    """Validate the data against the SHACL shapes in shapes/.

    Reads everything under data/ (or the RDF files and folders given as PATH) plus
    the ontology, and reports each problem under the node it concerns, with the file
    and line where that node is defined.

    With --endpoint, validates the graph a SPARQL server holds instead (nodes are
    then named without file and line).

    Large data (or --store oxigraph) is loaded into Oxigraph and checked by the fast
    engine, which gives the same report as pyshacl in a fraction of the time.

    Exits with 0 when the data conforms (warnings allowed), 1 when it does not, and
    2 when a file cannot be read.

    \b
    Examples:
      footballkg validate
      footballkg validate data/people/jess-thorup.ttl --format github
      footballkg validate --endpoint http://127.0.0.1:7878/query
    """
    project = open_project(project_dir)
    shapes = load_graph(project.shape_files())
    if not shapes.files:
        click.echo(
            f"Warning: no shape files in {project.shapes_dir}; nothing is checked.", err=True
        )
    files = [*project.ontology_files(), *project.data_files(list(paths) or None)]
    source = None
    store: ox.Store | None = None
    if remote is not None:  # the data the server holds, checked here with the same shapes
        reject_paths_with_endpoint(paths)
        data = server_graph(remote)
        source = endpoint_name(remote)
        report = validate(data.graph, shapes.graph, locate=shapes.location)
    elif choose_store(store_kind, files) == "oxigraph":
        store = load_store(files, Progress())
        report = validate_store(store, shapes.graph, progress=Progress())
    else:
        data = load_project(project, list(paths) or None)
        report = validate(data.graph, shapes.graph, locate=shapes.location)
    # A misspelt fkg: term escapes every shape; the check adds it to the report.
    add_undeclared_terms(report, data.graph if store is None else store, project)
    if store is not None:
        data = report_view(store, files, report)
    echo(render_report(report, data, shapes, fmt, source))
    if not report.conforms:
        ctx.exit(EXIT_NOT_CONFORMING)


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
