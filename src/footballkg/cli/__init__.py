"""The `footballkg` command line: a thin layer over the library.

Each command lives in its own module and is registered below.
"""

from __future__ import annotations

import click

from footballkg import __version__
from footballkg.cli.common import FootballkgGroup


@click.group(cls=FootballkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="footballkg")
def cli() -> None:
    """Query, export and validate a football knowledge graph kept as RDF files."""


def main() -> None:
    cli()
