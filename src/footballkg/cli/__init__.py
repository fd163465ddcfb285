"""The `footballkg` command line: a thin layer over the library.

Each command lives in its own module and is registered below; a module is imported when its
command is used (or listed), so a command starts with only the libraries it needs.
"""

from __future__ import annotations

import click

from footballkg import __version__
from footballkg.cli.common import FootballkgGroup, LazyCommands, quiet_library_warnings


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
    7 the server's answer was incomplete (cut to a row limit, or too large),
    8 after push, the server holds other triples than were sent.
    """


quiet_library_warnings()

cli.commands = LazyCommands(
    {
        "validate": "footballkg.cli.validate_cmd:validate_command",
        "query": "footballkg.cli.query_cmd:query_command",
        "queries": "footballkg.cli.queries_cmd:queries_command",
        "export": "footballkg.cli.export_cmd:export_command",
        "serve": "footballkg.cli.remote_cmd:serve",
        "push": "footballkg.cli.remote_cmd:push",
        "timeline": "footballkg.cli.timeline_cmd:timeline",
        "report": "footballkg.cli.timeline_cmd:report",
    }
)


def main() -> None:
    cli()
