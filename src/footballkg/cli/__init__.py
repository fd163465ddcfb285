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
    """Query, export and validate a football knowledge graph kept as RDF files."""


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
