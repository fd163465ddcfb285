"""`footballkg export`: the whole graph (ontology + data) in one deterministic file."""

from __future__ import annotations

from pathlib import Path

import click

from footballkg.cli.common import (
    echo,
    format_option,
    open_project,
    paths_argument,
    project_option,
    write_atomically,
)
from footballkg.cli.remote_cmd import endpoint_options, reject_paths_with_endpoint, server_graph
from footballkg.project import display_path
from footballkg.rdf.export import EXPORT_FORMATS, serialize
from footballkg.rdf.load import load_project
from footballkg.stores.remote import SparqlClient


@click.command("export")
@paths_argument
@format_option(EXPORT_FORMATS, "turtle")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of stdout.",
)
@project_option
@endpoint_options()
def export_command(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    project_dir: Path | None,
    remote: SparqlClient | None,
) -> None:
    """Export the whole graph (ontology + data) as one file.

    The output is deterministic: the same graph gives the same bytes, sorted, with the
    project's prefixes and canonical blank node labels. Literals keep their exact form.
    PATH arguments (RDF files or folders) replace data/ for this run; --endpoint
    exports the graph a SPARQL server holds instead.

    \b
    Examples:
      footballkg export > footballkg.ttl
      footballkg export --format jsonld --output footballkg.jsonld
    """
    if remote is not None:  # the graph a SPARQL server holds
        reject_paths_with_endpoint(paths)
        loaded = server_graph(remote)
    else:
        loaded = load_project(open_project(project_dir), list(paths) or None)
    text = serialize(loaded.graph, fmt)
    if output is None:
        echo(text)
        return
    write_atomically(output, text)
    origin = remote.endpoint.query_url if remote else f"{len(loaded.files)} files"
    click.echo(
        f"Wrote {len(loaded.graph)} triples from {origin} to {display_path(output)}.",
        err=True,
    )
