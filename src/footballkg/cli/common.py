"""What every command shares: error handling, `--project` and `--format`."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from footballkg.errors import EXIT_USAGE, FootballkgError, InputError
from footballkg.project import Project, display_path, find_project
from footballkg.terminal import terminal_safe, undecodable_argument

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


EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


class FootballkgGroup(click.Group):
    """A click group that turns FootballkgError into `Error: ...` on stderr and its exit code.

    Ctrl-C leaves with 130 and a clean line, not click's `Aborted!` and 1 (which would read
    as "the data does not conform").
    """

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
        except KeyboardInterrupt:
            if sys.stderr.isatty():  # wipe a progress line (and the ^C the terminal echoed)
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
            ctx.exit(EXIT_INTERRUPTED)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list with each command's whole first sentence, wrapped, not cut short."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _LiteralWarningFilter(logging.Filter):
    """Drops rdflib's warning (with traceback) for a literal it cannot turn into a value.

    rdflib logs one for valid XSD 1.1 forms it does not know (`24:00:00` in an xsd:dateTime)
    and for ill-typed literals; the loader's own lexical check reports the latter as an
    `Error:` with file and line, so the traceback only frightens.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


def quiet_library_warnings() -> None:
    """Keep library noise off stderr in normal runs (idempotent)."""
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, _LiteralWarningFilter) for f in logger.filters):
        logger.addFilter(_LiteralWarningFilter())


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


def cache_option(function: F) -> F:
    return click.option(
        "--cache/--no-cache",
        "cache",
        default=None,
        help="Keep the loaded data on disk (.footballkg-cache/) so that later runs reload only "
        "the files that changed. Default: use the cache when it exists, never build one "
        "(FOOTBALLKG_CACHE=1 builds it, FOOTBALLKG_NO_CACHE=1 never touches it).",
    )(function)


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


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` via a temporary file, so a failed run leaves no half file.

    The file gets the mode it had, or for a new file what the umask allows (as `open` would
    give it; a temporary file is created 0600). A path that cannot be written is an
    InputError naming it.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            f'cannot write "{path}": the folder {display_path(folder)} does not exist.'
        )
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise InputError(f'cannot write "{path}": {error.strerror}.') from None
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise InputError(f'cannot write "{path}": {error.strerror}.') from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f'cannot write "{path}": {error.strerror}.') from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    # The only way to read the umask is to set it; put it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
