"""What every command shares: error handling, `--project` and `--format`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from footballkg.errors import EXIT_USAGE, FootballkgError
from footballkg.project import Project, find_project
from footballkg.terminal import terminal_safe, undecodable_argument

F = TypeVar("F", bound=Callable[..., Any])


class FootballkgGroup(click.Group):
    """A click group that turns FootballkgError into `Error: ...` on stderr and its exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Bytes that are not UTF-8 would fail deep inside (query text, HTTP, JSON output).
        bad = undecodable_argument(args)
        if bad is not None:
            click.echo(
                f"Error: the argument '{bad}' is not valid UTF-8 text. "
                "Check the terminal's or the script's character encoding.",
                err=True,
            )
            ctx.exit(EXIT_USAGE)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FootballkgError as error:
            click.echo(f"Error: {terminal_safe(error.message, keep_newlines=True)}", err=True)
            ctx.exit(error.exit_code)


def project_option(function: F) -> F:
    """`--project DIR`: the project to work on instead of the one found from the cwd."""
    return click.option(
        "--project",
        "project_dir",
        type=click.Path(path_type=Path, file_okay=False),
        envvar="FOOTBALLKG_PROJECT",
        help="Project folder (holding data/, shapes/, ontology/). "
        "Default: the nearest one at or above the current directory.",
    )(function)


def format_option(
    choices: Sequence[str], default: str, help_text: str = "Output format."
) -> Callable[[F], F]:
    """`--format` with the given choices; every result command uses this one option."""

    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default=default,
            show_default=True,
            help=help_text,
        )(function)

    return decorate


def paths_argument(function: F) -> F:
    """`[PATH ...]`: RDF files or folders to use instead of data/ (the ontology is always read)."""
    return click.argument(
        "paths",
        nargs=-1,
        type=click.Path(path_type=Path, exists=True),
    )(function)


def open_project(project_dir: Path | None) -> Project:
    return find_project(explicit=project_dir)


def echo(text: str) -> None:
    """Write `text` (already newline-terminated) to stdout."""
    click.echo(text, nl=False)
