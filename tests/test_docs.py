"""The manual is true: every console example runs and prints what it shows, the README documents
every command and exit code, docs/queries.md is the queries' own headers, and the pictures in
docs/ are what the documented commands draw.

To rewrite the expected output of the examples that no longer match (then review the diff):
FOOTBALLKG_UPDATE_EXAMPLES=1 python -m pytest -n 0 tests/test_docs.py
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from doc_examples import (
    REPO_ROOT,
    Example,
    documents,
    examples,
    expected_pattern,
    normalised,
    updated_lines,
)
from footballkg import errors
from footballkg.cli import cli
from footballkg.project import find_project
from footballkg.queries.catalogue import discover
from footballkg.queries.docs import REFRESH_COMMAND, queries_markdown

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
MANUAL = "\n".join(path.read_text(encoding="utf-8") for path in documents())

SETUP_AND_RUN = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/footballkg validate"
    " && .venv/bin/footballkg query career --param person=jess-thorup"
)
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'"
    " && .venv/bin/python -m pytest -n auto"
)

COMMANDS = sorted(cli.commands)
EXAMPLES = [example for document in documents() for example in examples(document)]
# What a console example may run besides footballkg itself.
FOOTBALLKG = ("footballkg", ".venv/bin/footballkg")
# The project as an example sees it: copied, so that examples may edit it and write files.
PROJECT_PARTS = ("data", "shapes", "ontology", "queries", "tests/shapes", "docs")
UPDATE = os.environ.get("FOOTBALLKG_UPDATE_EXAMPLES") == "1"


def section(heading: str) -> str:
    """The README text under `## heading`, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {heading}' section"
    return match.group(1)


# -- the README as a front page ----------------------------------------------------------------


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
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"footballkg {name}" in section("Commands at a glance"), (
        f'README\'s "Commands at a glance" does not show "footballkg {name}"'
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            long_names = [o for o in param.opts if o.startswith("--") and o != "--help"]
            if not long_names:
                continue  # --help (query has a help option of its own)
            assert any(o in MANUAL for o in long_names), f"{name} {long_names} not in the manual"


def test_exit_codes_table_matches_the_code() -> None:
    documented = {int(code) for code in re.findall(r"^\| (\d) \|", section("Exit codes"), re.M)}
    defined = {value for key, value in vars(errors).items() if key.startswith("EXIT_")}
    assert documented == defined


def test_quick_start_is_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", section("Quick start"), re.S)
    assert commands == [SETUP_AND_RUN, TEST_COMMAND]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()


@pytest.mark.parametrize("document", documents(), ids=lambda p: p.name)
def test_relative_links_lead_to_files(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (document.parent / target).exists(), f"{document.name} links to missing {target}"


# -- the saved-query reference -----------------------------------------------------------------


def test_the_query_reference_is_generated_from_the_headers() -> None:
    queries = discover(find_project(explicit=REPO_ROOT).queries_dir)
    committed = (REPO_ROOT / "docs/queries.md").read_text(encoding="utf-8")
    assert committed == queries_markdown(queries.values()), (
        f"docs/queries.md is stale; refresh it with: {REFRESH_COMMAND}"
    )


def test_the_query_reference_lists_every_query() -> None:
    committed = (REPO_ROOT / "docs/queries.md").read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "queries").glob("*.rq")):
        assert f"## `{path.stem}`" in committed, f"docs/queries.md lacks {path.stem}"


# -- every console example ---------------------------------------------------------------------


def copy_of_project(example: Example, into: Path) -> Path:
    root = into / "project"
    for part in PROJECT_PARTS:
        if (REPO_ROOT / part).is_dir():
            shutil.copytree(REPO_ROOT / part, root / part)
    for edit in example.edits:
        path = root / edit.path
        text = path.read_text(encoding="utf-8")
        assert text.count(edit.old) == 1, (
            f"{example.name}: `{edit.old}` must occur exactly once in {edit.path}"
        )
        path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
    for name, text in example.files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def run_in_process(command: str, root: Path) -> str:
    """What the command prints on a terminal (stdout and stderr as they come)."""
    argv = shlex.split(command, comments=True)
    if argv[:1] == ["cat"]:
        return "".join((root / name).read_text(encoding="utf-8") for name in argv[1:])
    assert argv[0] in FOOTBALLKG, f"an example may run footballkg or cat, not {argv[0]!r}"
    result = CliRunner().invoke(
        cli, argv[1:], prog_name="footballkg", env={"FOOTBALLKG_PROJECT": None}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output


def rewrite_example(example: Example, actual: list[str]) -> None:
    """Put the actual output into the document (FOOTBALLKG_UPDATE_EXAMPLES=1)."""
    body = []
    for step, output in zip(example.steps, actual, strict=True):
        body += [f"$ {step.command}", *updated_lines(step.expected, output)]
    text = example.document.read_text(encoding="utf-8")
    old = f"```console\n{example.body}\n```"
    assert text.count(old) == 1, f"{example.name}: cannot find the block to rewrite"
    example.document.write_text(
        text.replace(old, "```console\n" + "\n".join(body) + "\n```"), encoding="utf-8"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_console_example(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if example.skip:
        pytest.skip(example.skip)
    root = copy_of_project(example, tmp_path)
    monkeypatch.chdir(root)
    actual = [run_in_process(step.command, root) for step in example.steps]
    wrong = [
        (step, output)
        for step, output in zip(example.steps, actual, strict=True)
        if not expected_pattern(step.expected).fullmatch(normalised(output))
    ]
    if wrong and UPDATE:
        rewrite_example(example, actual)
    for step, output in wrong:
        diff = "\n".join(
            difflib.unified_diff(
                [line.rstrip() for line in step.expected],
                normalised(output).splitlines(),
                "documented",
                "actual",
                lineterm="",
            )
        )
        pytest.fail(
            f"{example.name}: `{step.command}` printed something else than documented "
            f"(placeholders: {{days}}, {{date}}). Fix the block, or rewrite the expected output "
            f"with FOOTBALLKG_UPDATE_EXAMPLES=1 and review the diff:\n{diff}"
        )


def test_examples_are_found() -> None:
    """Guards the parser: the README and each guide have examples, and all have output."""
    documents_with_examples = {example.document.name for example in EXAMPLES}
    for name in ("README.md", "querying.md", "validating.md", "timelines.md"):
        assert name in documents_with_examples
    for example in EXAMPLES:
        assert example.steps, f"{example.name}: a console block without a command"


# -- the pictures in docs/ ---------------------------------------------------------------------

PICTURE_COMMANDS = sorted(
    {
        step.command
        for example in EXAMPLES
        for step in example.steps
        if re.search(r"--output docs/\S+", step.command)
    }
)


def test_every_picture_in_docs_has_a_documented_command() -> None:
    drawn = {shlex.split(c)[shlex.split(c).index("--output") + 1] for c in PICTURE_COMMANDS}
    assert drawn == {
        "docs/thorup-timeline.svg",
        "docs/thorup-timeline.png",
        "docs/thorup-career.html",
    }


@pytest.mark.parametrize("command", PICTURE_COMMANDS)
def test_pictures_are_what_the_documented_command_draws(command: str, tmp_path: Path) -> None:
    """Run in a process of its own, as a reader would, and compared byte for byte."""
    example = next(e for e in EXAMPLES if any(s.command == command for s in e.steps))
    root = copy_of_project(example, tmp_path)
    argv = shlex.split(command, comments=True)
    output = argv[argv.index("--output") + 1]
    (root / output).unlink()
    env = {k: v for k, v in os.environ.items() if k != "FOOTBALLKG_PROJECT"}
    subprocess.run(
        [sys.executable, "-m", "footballkg", *argv[1:]],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    assert (root / output).read_bytes() == (REPO_ROOT / output).read_bytes(), (
        f"{output} is not what `{command}` draws; run that command to refresh it"
    )
