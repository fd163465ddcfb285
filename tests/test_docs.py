"""The README documents every command, the exit codes and the two quick-start commands."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from footballkg import errors
from footballkg.cli import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")

SETUP_AND_RUN = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/footballkg validate"
    " && .venv/bin/footballkg query career --param person=jess-thorup"
)
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && .venv/bin/python -m pytest"
)

COMMANDS = sorted(cli.commands)


def section(heading: str) -> str:
    """The README text under `## heading`, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {heading}' section"
    return match.group(1)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and command.get_short_help_str().strip()
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {name} ") or result.stdout.startswith(
        f"Usage: footballkg {name} "
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    assert f"footballkg {name}" in README, f'README does not show "footballkg {name}"'


@pytest.mark.parametrize("name", ["validate", "query", "queries", "export"])
def test_core_commands_have_a_reference_entry(name: str) -> None:
    assert f"### `footballkg {name}" in section("Commands")


@pytest.mark.parametrize("name", ["validate", "query", "queries", "export"])
def test_every_option_of_the_core_commands_is_documented(name: str) -> None:
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            long_names = [o for o in param.opts if o.startswith("--") and o != "--help"]
            assert any(o in README for o in long_names), f"{name} {long_names} not in README"


def test_exit_codes_table_matches_the_code() -> None:
    documented = {int(code) for code in re.findall(r"^\| (\d) \|", README, re.M)}
    defined = {value for key, value in vars(errors).items() if key.startswith("EXIT_")}
    assert documented == defined


def test_quick_start_is_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", section("Quick start"), re.S)
    assert commands == [SETUP_AND_RUN, TEST_COMMAND]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()
