"""`validate --endpoint` checks the graph a real server holds: same results and exit codes as local.

The cases are tiny on purpose (SHACL validation is the slow part); each is pushed, with the
ontology, to its own named graph of each server (Oxigraph, Virtuoso).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import Served
from footballkg.cli import cli
from footballkg.errors import EXIT_NOT_CONFORMING, EXIT_OK, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--project", str(ROOT)], env=env)
    return result.exit_code, result.output


def results_without_location(report_json: str) -> list[dict[str, Any]]:
    """The report's results; file and line exist only for local files, so they are left out."""
    results = json.loads(report_json)["results"]
    return [{k: v for k, v in r.items() if k not in ("file", "line")} for r in results]


@pytest.mark.parametrize(
    ("case", "exit_code", "errors"),
    [("invalid.ttl", EXIT_NOT_CONFORMING, 2), ("valid.ttl", EXIT_OK, 0)],
)
def test_same_report_and_exit_code_as_local(
    served: Served, dropped_after: list[str], case: str, exit_code: int, errors: int
) -> None:
    path = str(CASES / case)
    graph = f"https://example.org/test/{case}"
    dropped_after.append(graph)
    pushed, output = run("push", path, *served.args(graph, store=True), env=served.env)
    assert pushed == 0, output

    local_code, local = run("validate", path, "--format", "json")
    remote_code, remote = run("validate", *served.args(graph), "--format", "json", env=served.env)
    assert (local_code, remote_code) == (exit_code, exit_code)
    assert json.loads(remote)["errors"] == errors
    assert results_without_location(remote) == results_without_location(local)


def test_an_empty_graph_is_not_reported_as_conforming(served: Served) -> None:
    graph = "https://example.org/test/never-pushed"
    code, output = run("validate", *served.args(graph), env=served.env)
    assert code == EXIT_USAGE
    assert output == (
        f"Error: Graph <{graph}> at {served.query_url} holds no triples. "
        "Check --graph, or load the data with `footballkg push`.\n"
    )


def test_summary_names_the_server_not_files(served: Served, dropped_after: list[str]) -> None:
    graph = "https://example.org/test/summary"
    dropped_after.append(graph)
    pushed, output = run(
        "push", str(CASES / "valid.ttl"), *served.args(graph, store=True), env=served.env
    )
    assert pushed == 0, output
    code, text = run("validate", *served.args(graph), env=served.env)
    assert code == EXIT_OK, text
    summary = text.splitlines()[-1]
    assert f" triples from graph <{graph}> at {served.query_url} checked against " in summary
    assert "file" not in summary
    code, report = run("validate", *served.args(graph), "--format", "json", env=served.env)
    document = json.loads(report)
    assert (document["files"], document["source"]) == (
        [],
        f"graph <{graph}> at {served.query_url}",
    )


def test_checks_run_on_the_server_without_downloading_the_graph(
    served: Served, dropped_after: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(CASES / "invalid.ttl")
    graph = "https://example.org/test/queried-in-place"
    dropped_after.append(graph)
    pushed, output = run("push", path, *served.args(graph, store=True), env=served.env)
    assert pushed == 0, output

    def no_download(self: object) -> None:
        raise AssertionError("validate downloaded the graph")

    monkeypatch.setattr("footballkg.stores.remote.SparqlClient.fetch_graph", no_download)
    local_code, local = run("validate", path, "--format", "json")
    code, remote = run("validate", *served.args(graph), "--format", "json", env=served.env)
    assert (code, local_code) == (EXIT_NOT_CONFORMING, EXIT_NOT_CONFORMING), remote
    assert results_without_location(remote) == results_without_location(local)
