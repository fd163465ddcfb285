"""Timelines and career pages drawn from a SPARQL server are the ones drawn from the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Served
from footballkg.cli import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["timeline", "jess-thorup"], "thorup.svg"),
        (["timeline", "--team", "fc-copenhagen"], "copenhagen.svg"),
        (["report", "jess-thorup"], "thorup.html"),
    ],
)
def test_same_picture_from_the_server_as_from_the_files(
    served: Served, tmp_path: Path, args: list[str], name: str
) -> None:
    common = [*args, "--as-of", "2026-01-01", "--project", str(ROOT)]
    local, remote = tmp_path / f"local-{name}", tmp_path / f"remote-{name}"
    runner = CliRunner()
    result = runner.invoke(cli, [*common, "--output", str(local)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, [*common, *served.args(), "--output", str(remote)], env=served.env)
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()
