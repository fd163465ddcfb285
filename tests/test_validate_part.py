"""`validate --shape NAME` and `--focus IRI` check part of the shapes or of the data.

A copy of the real project with one mistake (Thorup's Genk end date typed 2020-09-02, before
his start on 2020-09-24): the date-order rule fails for that tenure and nothing else does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from footballkg.cli import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
GENK = "tenure:jess-thorup-krc-genk-head-coach-2020"
OUT_OF_ORDER = (
    f'{GENK} "Jess Thorup, head coach of Genk (2020)" (data/people/jess-thorup.ttl:233)\n'
    "  error: The dates of Jess Thorup, head coach of Genk (2020) are out of order "
    "(from 2020-09-24 to 2020-09-02): a tenure ends after the day it starts, and a not-before "
    "bound is not later than its not-after bound.\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    for folder in ("data", "shapes", "ontology"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    thorup = root / "data/people/jess-thorup.ttl"
    text = thorup.read_text(encoding="utf-8")
    assert text.count('fkg:endDate "2020-11-02"') == 1
    thorup.write_text(text.replace('fkg:endDate "2020-11-02"', 'fkg:endDate "2020-09-02"'))
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args])


@pytest.mark.parametrize("name", ["fkgsh:TenureDateOrderShape", "TenureDateOrderShape"])
def test_the_named_shape_alone(project: Path, name: str) -> None:
    result = run("--shape", name)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{OUT_OF_ORDER}\n1 error, 0 warnings on 1 node: the data does not conform "
        "(2237 triples from 18 files checked against 1 shape).\n"
    )


def test_another_shape_does_not_see_the_mistake(project: Path) -> None:
    result = run("--shape", "fkgsh:TeamShape", "--shape", "fkgsh:PersonShape")
    assert (result.exit_code, result.stdout) == (
        0,
        "0 errors, 0 warnings: the data conforms "
        "(2237 triples from 18 files checked against 2 shapes).\n",
    )


def test_the_named_node_alone(project: Path) -> None:
    mistaken = run("--focus", GENK)
    assert mistaken.exit_code == 1
    assert mistaken.stdout.startswith(OUT_OF_ORDER)
    clean = run("--focus", "person:jess-thorup")
    assert clean.exit_code == 0
    assert clean.stdout.startswith("0 errors, 0 warnings: the data conforms")


def test_an_unknown_shape_or_node_is_an_error(project: Path) -> None:
    shape = run("--shape", "TenurShape")
    assert shape.exit_code == 2
    assert shape.stderr == (
        "Error: --shape TenurShape: no shape with targets has that name. "
        "Did you mean fkgsh:TenureShape, fkgsh:TenureEndShape, fkgsh:HonourShape?\n"
    )
    node = run("--focus", "tenure:jess-thorup-krc-genk-head-coach-2021")
    assert node.exit_code == 2
    assert node.stderr == (
        "Error: --focus tenure:jess-thorup-krc-genk-head-coach-2021: the data says nothing "
        "about that node (it is the subject of no statement). Check the name.\n"
    )
