"""The `footballkg` command line: a thin layer over the library.

Each command lives in its own module and is registered below.
"""

from __future__ import annotations

import click

from footballkg import __version__
from footballkg.cli.common import FootballkgGroup
from footballkg.cli.export_cmd import export_command
from footballkg.cli.queries_cmd import queries_command
from footballkg.cli.query_cmd import query_command
from footballkg.cli.remote_cmd import push, serve
from footballkg.cli.timeline_cmd import report, timeline
from footballkg.cli.validate_cmd import validate_command


@click.group(cls=FootballkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="footballkg")
def cli() -> None:
    """Query, export and validate a football knowledge graph kept as RDF files.

    Every command works on the nearest folder at or above the current directory that
    holds data/, shapes/ and ontology/, or on the one --project DIR names.

    \b
    Exit codes: 0 ok (the data conforms), 1 the data does not conform,
    2 usage or input error, 3 server unreachable, 4 server timeout,
    5 server error or unusable answer, 6 server refused the login,
    7 after push, the server holds other triples than were sent.
    """


cli.add_command(validate_command)
cli.add_command(query_command)
cli.add_command(queries_command)
cli.add_command(export_command)
cli.add_command(serve)
cli.add_command(push)
cli.add_command(timeline)
cli.add_command(report)


def main() -> None:
    cli()
