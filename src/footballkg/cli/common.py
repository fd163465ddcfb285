"""What every command shares: error handling, `--project` and `--format`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from footballkg.errors import FootballkgError
from footballkg.project import Project, find_project

F = TypeVar("F", bound=Callable[..., Any])


class LazyCommands(dict[str, click.Command]):
    """A group's commands by name, each imported from "module:attribute" when first used.

    A dict, as click and the tests read `group.commands`; listing the names imports nothing.
    """

    def __init__(self, specs: dict[str, str]) -> None:
        super().__init__()
        self._specs = dict(specs)

    def _names(self) -> list[str]:
        return sorted({*self._specs, *super().keys()})

    def __missing__(self, name: str) -> click.Command:
        if name not in self._specs:
            raise KeyError(name)
        module, attribute = self._specs[name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        self[name] = command
        return command

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self:
            return default
        return self[name]

    def __contains__(self, name: object) -> bool:
        return name in self._specs or super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def keys(self) -> list[str]:  # type: ignore[override]
        return self._names()

    def values(self) -> list[click.Command]:  # type: ignore[override]
        return [self[name] for name in self._names()]

    def items(self) -> list[tuple[str, click.Command]]:  # type: ignore[override]
        return [(name, self[name]) for name in self._names()]


class FootballkgGroup(click.Group):
    """A click group that turns FootballkgError into `Error: ...` on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FootballkgError as error:
            click.echo(f"Error: {error.message}", err=True)
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
