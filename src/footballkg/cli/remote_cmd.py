"""`serve` and `push`; the `--endpoint` options live in cli/endpoint.py (re-exported here)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from footballkg.cli.common import open_project, paths_argument, project_option
from footballkg.cli.endpoint import (
    endpoint_options,
    reject_empty_graph,
    reject_paths_with_endpoint,
)
from footballkg.rdf.load import LoadedGraph, load_project
from footballkg.stores.http_client import TOKEN_ENV
from footballkg.stores.oxigraph_server import DEFAULT_HOST, DEFAULT_PORT, is_loopback

if TYPE_CHECKING:
    from footballkg.stores.remote import Endpoint, PushReport, SparqlClient

__all__ = [
    "endpoint_options",
    "push",
    "reject_empty_graph",
    "reject_paths_with_endpoint",
    "serve",
    "server_graph",
]


def server_graph(remote: SparqlClient) -> LoadedGraph:
    """The graph the server holds, as validate and export use it; empty means a wrong --graph."""
    from footballkg.stores.remote import check_default_graph_is_not_union

    if remote.endpoint.graph is None:
        check_default_graph_is_not_union(remote)
    graph = remote.fetch_graph()
    if not graph:
        reject_empty_graph(remote)
    return LoadedGraph(graph=graph)


@click.command()
@endpoint_options(writes=True)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the graph's content on the server in one step (Graph Store PUT) "
    "instead of adding to it.",
)
@project_option
@paths_argument
def push(
    remote: SparqlClient, replace: bool, project_dir: Path | None, paths: tuple[Path, ...]
) -> None:
    """Load the ontology and data (or PATH ...) into a SPARQL server.

    Uses the SPARQL 1.1 Graph Store Protocol (SPARQL Update in bounded batches if the server
    has none), then reads the graph back and checks that the server holds exactly the triples
    sent (compared in RDFC-1.0 canonical form); if not, names them and exits with 7.
    """
    loaded = load_project(open_project(project_dir), paths or None)
    from footballkg.stores.remote import push_graph

    report = push_graph(remote, loaded.graph, replace=replace)
    click.echo(_push_summary(remote.endpoint, report, replace))


def _push_summary(endpoint: Endpoint, report: PushReport, replace: bool) -> str:
    target = f"graph <{endpoint.graph}>" if endpoint.graph else "the default graph"
    action = "Replaced" if replace else "Added to"
    how = report.method
    if report.method == "SPARQL Update":
        how += (
            " in one request (atomic)"
            if report.atomic
            else f" in {report.requests} requests (not atomic: each was applied on its own)"
        )
    checked = "exactly what was sent" if replace else "every triple sent"
    return (
        f"{action} {target} at {endpoint.query_url} by {how}: {report.sent} triples "
        f"sent, the server now counts {report.after}; read back, it holds {checked}."
    )


@click.command()
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. Loopback keeps the server private to this machine.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--writable",
    is_flag=True,
    help="Also accept SPARQL Update (/update) and Graph Store writes (/store), from clients "
    f"that send the token printed at start (`push` reads it from {TOKEN_ENV}). "
    "Default: read-only.",
)
@project_option
@paths_argument
def serve(
    host: str, port: int, writable: bool, project_dir: Path | None, paths: tuple[Path, ...]
) -> None:
    """Serve the graph over SPARQL 1.1, read-only, with a query page, until Ctrl+C.

    Holds the ontology and data (or PATH ...) in memory. Open http://HOST:PORT/ for the
    saved queries (each with a form), pages of people and teams, and a SPARQL editor; give
    http://HOST:PORT/query to --endpoint. Web pages from other origins are
    refused, and queries may not use SERVICE or LOAD (the server never contacts other hosts).
    """
    project = open_project(project_dir)
    loaded = load_project(project, paths or None)
    shown_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    queries_dir = project.queries_dir if project.queries_dir.is_dir() else None
    # The server and its pages (matplotlib for the pictures) load only for serve itself.
    from footballkg.server.app import ServerSettings, SparqlServer
    from footballkg.validation.store import store_from_graph

    server = SparqlServer(
        store_from_graph(loaded.graph), ServerSettings(host, port, writable), queries_dir
    )
    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {shown_host}: anyone who can reach it can read the data.",
            err=True,
        )
    lines = [
        f"Serving {len(loaded.graph)} triples at {server.url}/ (saved queries and pages; "
        f"SPARQL editor at {server.url}/editor).",
        f"SPARQL endpoint: {server.url}/query  (read-only)"
        if not writable
        else f"SPARQL endpoint: {server.url}/query  (update: {server.url}/update, "
        f"graph store: {server.url}/store)",
    ]
    if writable:
        lines.append(
            f"Write token: {server.settings.token}  (send it as Authorization: Bearer TOKEN; "
            f"push reads it from {TOKEN_ENV})"
        )
    lines.append("Press Ctrl+C to stop.")
    click.echo("\n".join(lines))
    try:
        with _kill_unwinds_like_ctrl_c():
            server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.httpd.server_close()


@contextlib.contextmanager
def _kill_unwinds_like_ctrl_c() -> Iterator[None]:
    """Make SIGTERM (a plain `kill`) and SIGHUP (a closed terminal) stop like Ctrl+C."""
    stops = (signal.SIGTERM, signal.SIGHUP)
    previous = {number: signal.signal(number, _raise_interrupt) for number in stops}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
