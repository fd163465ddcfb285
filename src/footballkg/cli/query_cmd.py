"""`footballkg query NAME`: run a saved query (or `--file my.rq`) on the project's graph."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from footballkg.cli.common import cache_option, echo, format_option, open_project, project_option
from footballkg.cli.endpoint import endpoint_options, reject_paths_with_endpoint
from footballkg.errors import InputError
from footballkg.progress import Progress
from footballkg.queries.catalogue import (
    QueryAnswer,
    answer_oxigraph,
    answer_rdflib,
    bind_params,
    get_query,
    load_query_file,
    query_form,
)
from footballkg.queries.output import RESULT_FORMATS, format_result
from footballkg.queries.paging import MAX_ROWS, Page
from footballkg.queries.param_check import check_named, graph_select, oxigraph_select
from footballkg.queries.results import QueryResult
from footballkg.rdf.export import serialize
from footballkg.rdf.load import load_project
from footballkg.stores import open_store, use_cache

# The SPARQL client (SPARQLWrapper, urllib.request) is imported only with --endpoint: a query
# on the local files starts without it.
if TYPE_CHECKING:
    from footballkg.stores.remote import SparqlClient

# `--store auto` picks Oxigraph when the RDF files add up to more than AUTO_THRESHOLD_BYTES.
# Both stores give the same rows (tests hold them to it).
STORE_CHOICES = ("auto", "rdflib", "oxigraph")
AUTO_THRESHOLD_BYTES = 2_000_000  # about 5,000 tenures of Turtle

F = TypeVar("F", bound=Callable[..., Any])


def store_option(function: F) -> F:
    return click.option(
        "--store",
        "store_kind",
        type=click.Choice(STORE_CHOICES),
        default="auto",
        show_default=True,
        help="Graph store the query runs on: rdflib in memory, or Oxigraph (fast on large "
        f"data). auto picks Oxigraph above {AUTO_THRESHOLD_BYTES // 1_000_000} MB of RDF files.",
    )(function)


def choose_store(kind: str, files: Sequence[Path]) -> str:
    if kind != "auto":
        return kind
    size = sum(f.stat().st_size for f in files)
    return "oxigraph" if size > AUTO_THRESHOLD_BYTES else "rdflib"


def parse_params(pairs: tuple[str, ...], after: tuple[str, ...] = ()) -> dict[str, str]:
    """`KEY=VALUE` pairs as a dict; InputError for a pair without `=` or a repeated key.

    `after` is what followed on the command line (the PATH arguments): `--param person
    jess-thorup` leaves the value there, and the error then shows the pair joined.
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            example = f"{key}={after[0]}" if key and after else "person=jess-thorup"
            raise InputError(
                f'--param "{pair}" is not KEY=VALUE; write --param {example} (no space around =).'
            )
        if key in params:
            raise InputError(f"--param {key} is given twice; give each parameter once.")
        params[key] = value
    return params


_HELP_ASKED = "footballkg.query.help"


def _remember_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_HELP_ASKED] = True


# Not click's own --help, which is eager: it would print the command's help before NAME is
# read, and `query NAME --help` is to show NAME's parameters.
@click.command("query", add_help_option=False)
@click.option(
    "-h",
    "--help",
    is_flag=True,
    expose_value=False,
    callback=_remember_help,
    help="Show this message and exit; with NAME, that query's parameters and example.",
)
@click.argument("name", required=False)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--file",
    "query_file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Run the SPARQL query in this .rq file instead of a saved one.",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter, e.g. --param person=jess-thorup (repeat for more).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=MAX_ROWS),
    default=None,
    metavar="N",
    help="Print at most N rows (one page; says on stderr when more follow). Default: all.",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0, max=MAX_ROWS),
    default=0,
    metavar="M",
    help="Skip the first M rows of the answer (--limit 10 --offset 20: rows 21 to 30).",
)
@format_option(RESULT_FORMATS, "table", "Output format (json is SPARQL 1.1 Query Results JSON).")
@project_option
@store_option
@cache_option
@endpoint_options()
@click.pass_context
def query_command(
    ctx: click.Context,
    name: str | None,
    paths: tuple[Path, ...],
    query_file: Path | None,
    params: tuple[str, ...],
    limit: int | None,
    offset: int,
    fmt: str,
    project_dir: Path | None,
    store_kind: str,
    cache: bool | None,
    remote: SparqlClient | None,
) -> None:
    """Run a saved query (or --file) on the data and print its rows.

    NAME is a saved query in queries/ (NAME.rq).
    PATH arguments (RDF files or folders) replace data/ for this run; the ontology
    is always loaded. List the saved queries and their parameters with
    "footballkg queries"; "footballkg query NAME --help" shows one query's
    parameters and a runnable example. ASK queries print true or false, CONSTRUCT
    and DESCRIBE queries the graph as Turtle. With --endpoint the query runs on a SPARQL server
    instead, its parameters sent as a VALUES block.

    \b
    Examples:
      footballkg query career --param person=jess-thorup
      footballkg query --file my.rq --format csv
      footballkg query tenure-endings --limit 20 --offset 40
      footballkg query career -p person=jess-thorup --endpoint http://127.0.0.1:7878/query
    """
    # A value written after a space (--param person jess-thorup) lands among the PATHs:
    # say so before reporting it as a missing file.
    words = tuple(str(path) for path in paths)
    given = parse_params(params, words if query_file is None or name is None else (name, *words))
    show_help = bool(ctx.meta.get(_HELP_ASKED))
    if show_help and (query_file is not None or name is None):
        echo(ctx.get_help() + "\n")
        return
    project = open_project(project_dir)
    if show_help and name is not None:
        echo(get_query(project.queries_dir, name).help_text())
        return
    if query_file is not None:
        if name is not None:  # with --file, every argument is a PATH
            paths = (Path(name), *paths)
        query = load_query_file(query_file)
    elif name is None:
        raise click.UsageError(
            'Missing the query NAME (or --file FILE). Run "footballkg queries" to list them.'
        )
    else:
        query = get_query(project.queries_dir, name)
    bindings = bind_params(query, given)
    page = Page(limit, offset)
    if not page.whole and query_form(query) != "SELECT":
        raise InputError(
            f"{query.path}: --limit and --offset page the rows of a SELECT query; "
            f"a {query_form(query)} query gives no rows, so leave them out."
        )
    unpaged = query
    query, paged_in_store = page.query(query)
    if remote is not None:
        reject_paths_with_endpoint(paths)
        if query_form(query) != "SELECT":
            raise InputError(
                f"{query.path}: with --endpoint only SELECT queries run; "
                f"run this {query_form(query)} query on the local files."
            )
        from footballkg.stores.remote import run_saved_query

        check_named(unpaged, bindings, remote.select)
        answer: QueryAnswer = run_saved_query(remote, query, bindings)
    else:
        for path in paths:
            if not path.exists():
                raise InputError(f'no file or folder "{path}" to read data from.')
        files = [*project.ontology_files(), *project.data_files(list(paths) or None)]
        if choose_store(store_kind, files) == "oxigraph":
            # With a cache on disk, a warm run reloads only the files that changed.
            progress = Progress()
            try:
                wanted = use_cache(project, cache)
                store = open_store(project, files, cache=wanted, progress=progress.update)
            finally:
                progress.done()
            check_named(unpaged, bindings, oxigraph_select(store))
            answer = answer_oxigraph(store, query, bindings)
        else:
            loaded = load_project(project, list(paths) or None)
            check_named(unpaged, bindings, graph_select(loaded.graph))
            answer = answer_rdflib(loaded.graph, query, bindings)
    more = False
    if isinstance(answer, QueryResult) and not page.whole:
        answer, more = page.rows(answer, paged_in_store)
    echo(format_answer(answer, fmt))
    if isinstance(answer, QueryResult):
        if not answer.rows and fmt in ("table", "markdown"):
            click.echo("(no rows)", err=True)
        if more:  # the page is full and rows follow it (never with 0 rows: limit is >= 1)
            last = offset + len(answer.rows)
            click.echo(
                f"(rows {offset + 1} to {last} shown; more follow: add {page.next_hint()})",
                err=True,
            )


def format_answer(answer: QueryAnswer, fmt: str) -> str:
    """Rows in `fmt`; an ASK answer as true/false (SPARQL JSON boolean); a graph as Turtle."""
    if isinstance(answer, QueryResult):
        return format_result(answer, fmt)
    if isinstance(answer, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}, indent=2) + "\n"
        return "true\n" if answer else "false\n"
    if fmt != "table":
        raise InputError(
            f"a CONSTRUCT or DESCRIBE query gives a graph, printed as Turtle; "
            f"--format {fmt} is for rows, so leave it out."
        )
    return serialize(answer, "turtle")
