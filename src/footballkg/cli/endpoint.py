"""The `--endpoint` options that point `query`, `export`, `timeline`, `validate` and `push` at a
server. Kept apart from `serve` and the SPARQL client, which are imported only when a server is
named, so a command on the local files starts without them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from footballkg.errors import InputError
from footballkg.stores.http_defaults import DEFAULT_MAX_ANSWER_BYTES, DEFAULT_TIMEOUT, PASSWORD_ENV

if TYPE_CHECKING:
    from footballkg.stores.remote import SparqlClient

F = TypeVar("F", bound=Callable[..., Any])


def endpoint_options(*, writes: bool = False) -> Callable[[F], F]:
    """`--endpoint`, `--graph`, `--timeout`, `--user`, given to the command as `remote`.

    `remote` is a ready SparqlClient, or None when the command runs on the local files.
    With `writes` (push), --endpoint is required and --update-endpoint and --store-endpoint
    are offered too.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def with_remote(
            *args: Any,
            endpoint: str | None,
            graph: str | None,
            timeout: float,
            user: str | None,
            max_answer_bytes: int,
            update_endpoint: str | None = None,
            store_endpoint: str | None = None,
            **kwargs: Any,
        ) -> Any:
            remote = None
            if endpoint is not None:
                from footballkg.stores.remote import client_for  # only when a server is named

                remote = client_for(
                    endpoint,
                    graph=graph,
                    timeout=timeout,
                    user=user,
                    max_answer_bytes=max_answer_bytes,
                    update_url=update_endpoint,
                    store_url=store_endpoint,
                )
            elif graph is not None or user is not None:
                raise click.UsageError("--graph and --user need --endpoint URL.")
            return function(*args, remote=remote, **kwargs)

        options = [
            click.option(
                "--endpoint",
                metavar="URL",
                required=writes,
                help="SPARQL 1.1 query endpoint of a server holding the graph, "
                "e.g. http://127.0.0.1:7878/query (see `footballkg serve`)."
                + ("" if writes else " Default: the local files."),
            ),
            click.option(
                "--graph",
                metavar="IRI",
                help="Named graph on the server that holds the data. Default: the default graph.",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0, min_open=True),
                default=DEFAULT_TIMEOUT,
                show_default=True,
                metavar="SECONDS",
                help="Deadline for each request to the server, retries and download included.",
            ),
            click.option(
                "--max-answer-bytes",
                type=click.IntRange(min=1),
                default=DEFAULT_MAX_ANSWER_BYTES,
                show_default=True,
                metavar="BYTES",
                help="Refuse a server answer larger than this (exit 7), rather than run out "
                "of memory.",
            ),
            click.option(
                "--user",
                metavar="NAME",
                help=f"Log in to the server as NAME (Basic or Digest, as the server asks); "
                f"the password is read from the environment variable {PASSWORD_ENV}.",
            ),
        ]
        if writes:
            options += [
                click.option(
                    "--store-endpoint",
                    metavar="URL",
                    help="Graph Store Protocol URL (Fuseki: /DATASET/data, GraphDB: "
                    "/repositories/REPO/rdf-graphs/service). "
                    "Default: …/store beside a …/query endpoint.",
                ),
                click.option(
                    "--update-endpoint",
                    metavar="URL",
                    help="SPARQL Update URL, used when there is no Graph Store. "
                    "Default: …/update beside a …/query endpoint, else the endpoint itself.",
                ),
            ]
        decorated: Any = with_remote
        for option in reversed(options):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate


def reject_empty_graph(remote: SparqlClient) -> NoReturn:
    """An empty graph is a wrong --graph or data not pushed, never data that conforms."""
    endpoint = remote.endpoint
    target = f"graph <{endpoint.graph}>" if endpoint.graph else "the default graph"
    raise InputError(
        f"{target[0].upper()}{target[1:]} at {endpoint.query_url} holds no triples. "
        "Check --graph, or load the data with `footballkg push`."
    )


def reject_paths_with_endpoint(paths: tuple[Path, ...]) -> None:
    if paths:
        raise click.UsageError(
            "PATH arguments pick local files; with --endpoint the data comes from the server."
        )
