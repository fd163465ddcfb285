"""The ontology's namespace is closed: `footballkg validate` reports every fkg: term the data
uses that ontology/ does not declare, at the line where it is written, with the closest
declared term; a node typed with an unknown class is reported, not silently left unchecked.

Each case copies the real project and writes one or two typos into the copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from footballkg.cli import cli
from footballkg.validation.vocabulary import declared_terms, undeclared_term_results

REPO_ROOT = Path(__file__).resolve().parent.parent
THORUP = "data/people/jess-thorup.ttl"
TENURE = "https://w3id.org/footballkg/id/tenure/"
SHAPE = "https://w3id.org/footballkg/shapes#DeclaredTermsShape"
COMPONENT = "https://w3id.org/footballkg/shapes#DeclaredTermConstraintComponent"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real project, made the working folder (reports name files from it)."""
    root = tmp_path / "project"
    for folder in ("data", "shapes", "ontology"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    monkeypatch.chdir(root)
    return root


def edit_line(path: Path, number: int, old: str, new: str) -> None:
    """Replace `old` by `new` on line `number` (1-based), which must contain it."""
    lines = path.read_text("utf-8").split("\n")
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\n".join(lines), "utf-8")


def validate_json() -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def vocabulary_results(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            r["focusNode"]["value"],
            r["path"],
            r["value"]["value"] if r["value"] else None,
            r["file"],
            r["line"],
            r["message"],
            r["severity"],
            r["constraintComponent"]["value"],
        )
        for r in report["results"]
        if r["sourceShape"]["value"] == SHAPE
    )


def test_a_misspelt_property_is_an_error_at_its_line_naming_the_declared_one(root: Path) -> None:
    # Thorup's Genk tenure: "fkg:endCause end-cause:contract-terminated-at-own-request ;"
    edit_line(root / THORUP, 241, "fkg:endCause", "fkg:endCuase")
    code, report = validate_json()
    assert code == 1
    assert vocabulary_results(report) == [
        (
            TENURE + "jess-thorup-krc-genk-head-coach-2020",
            "fkg:endCuase",
            None,
            THORUP,
            241,
            "fkg:endCuase is not in the ontology; did you mean fkg:endCause?",
            "error",
            COMPONENT,
        )
    ]


def test_a_node_of_an_unknown_class_is_reported_not_left_unchecked(root: Path) -> None:
    # The Augsburg tenure typed fkg:Tenur, its start moved into the Copenhagen tenure
    # (2020-11-02 to 2022-09-20): as a fkg:Tenure it would overlap; as fkg:Tenur no tenure
    # rule sees it, so the unknown class itself must be reported.
    edit_line(root / THORUP, 328, "a fkg:Tenure", "a fkg:Tenur")
    edit_line(root / THORUP, 333, '"2023-10-15"', '"2021-06-01"')
    code, report = validate_json()
    assert code == 1
    assert vocabulary_results(report) == [
        (
            TENURE + "jess-thorup-fc-augsburg-head-coach-2023",
            "rdf:type",
            "https://w3id.org/footballkg/ontology#Tenur",
            THORUP,
            328,
            "fkg:Tenur is not in the ontology; did you mean fkg:Tenure?",
            "error",
            COMPONENT,
        )
    ]


def test_a_term_far_from_every_declared_one_asks_to_declare_it(root: Path) -> None:
    edit_line(root / THORUP, 241, "fkg:endCause", "fkg:zzqx")
    code, report = validate_json()
    assert code == 1
    messages = [r[5] for r in vocabulary_results(report)]
    assert messages == ["fkg:zzqx is not in the ontology; declare it in ontology/ or fix the name."]


def test_the_real_data_uses_only_declared_terms(repo_graph: Any, ontology: Any) -> None:
    assert undeclared_term_results(repo_graph.graph, declared_terms(ontology)) == []
