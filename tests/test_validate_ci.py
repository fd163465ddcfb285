"""What CI needs from `validate`: SARIF for code scanning, --fail-on, --max-results.

The SARIF output is checked against the official SARIF 2.1.0 JSON schema (errata01),
`fixtures/sarif-schema-2.1.0.json`, a copy of `sarif-2.1/schema/sarif-schema-2.1.0.json` from
the OASIS SARIF TC repository (github.com/oasis-tcs/sarif-spec), kept here so no test fetches.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from footballkg.cli import cli
from sample_project import PREFIXES, SMALL_DATA, SMALL_SHAPES

MakeProject = Callable[..., Path]
SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

# Besides the small project's rule (a tenure names its team: a violation), a tenure without a
# label is a warning and a person without a comment is an info.
SEVERITY_SHAPES = (
    SMALL_SHAPES
    + """
fkgsh:LabelShape a sh:NodeShape ;
    sh:targetClass fkg:Tenure ;
    sh:property [
        sh:path rdfs:label ;
        sh:minCount 1 ;
        sh:severity sh:Warning ;
        sh:message "A tenure has a label." ;
    ] .

fkgsh:CommentShape a sh:NodeShape ;
    sh:targetClass fkg:Person ;
    sh:property [
        sh:path rdfs:comment ;
        sh:minCount 1 ;
        sh:severity sh:Info ;
        sh:message "A person has a comment." ;
    ] .
"""
)
# Three more tenures without team or label: three violations and three warnings.
BARE_TENURES = PREFIXES + "".join(
    f"\ntenure:t{n} a fkg:Tenure ;\n    fkg:person person:ann .\n" for n in (1, 2, 3)
)


@pytest.fixture
def project(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project({"shapes/shapes.ttl": SEVERITY_SHAPES})
    monkeypatch.chdir(root)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args])


# In SMALL_DATA (read by hand): person:ann is defined on line 11 (no comment: an info) and
# tenure:ann-beta-head-coach-2021 on line 20 (no label: a warning); nothing is a violation.


@pytest.mark.parametrize(("fail_on", "exit_code"), [("violation", 0), ("warning", 1), ("info", 1)])
def test_fail_on_a_warning_and_an_info(project: Path, fail_on: str, exit_code: int) -> None:
    assert run("--fail-on", fail_on).exit_code == exit_code


@pytest.mark.parametrize(("fail_on", "exit_code"), [("violation", 0), ("warning", 0), ("info", 1)])
def test_fail_on_an_info_only(make_project: MakeProject, fail_on: str, exit_code: int) -> None:
    labelled = SMALL_DATA.replace(
        "tenure:ann-beta-head-coach-2021 a fkg:Tenure ;\n",
        'tenure:ann-beta-head-coach-2021 a fkg:Tenure ;\n    rdfs:label "Beta"@en ;\n',
    )
    root = make_project({"shapes/shapes.ttl": SEVERITY_SHAPES}, data=labelled)
    result = CliRunner().invoke(cli, ["validate", "--project", str(root), "--fail-on", fail_on])
    assert result.exit_code == exit_code


def test_fail_on_defaults_to_violation(project: Path) -> None:
    (project / "data/more.ttl").write_text(BARE_TENURES, encoding="utf-8")
    assert run().exit_code == 1


def sarif(*args: str) -> dict[str, Any]:
    result = run("--format", "sarif", *args)
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_sarif_is_valid_sarif_2_1_0(project: Path) -> None:
    (project / "data/more.ttl").write_text(BARE_TENURES, encoding="utf-8")
    document = sarif()
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    assert document["version"] == "2.1.0"


def test_sarif_results_point_at_file_and_line(project: Path) -> None:
    document = sarif()
    (run_,) = document["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert run_["tool"]["driver"]["name"] == "footballkg"
    found = {
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run_["results"]
    }
    assert found == {
        ("fkgsh:LabelShape/MinCountConstraintComponent", "warning", "data/people.ttl", 20),
        ("fkgsh:CommentShape/MinCountConstraintComponent", "note", "data/people.ttl", 11),
    }
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    texts = {r["message"]["text"] for r in run_["results"]}
    assert "tenure:ann-beta-head-coach-2021: A tenure has a label. [rdfs:label]" in texts
    descriptions = {rule["fullDescription"]["text"] for rule in rules}
    assert descriptions == {"A tenure has a label.", "A person has a comment."}


def test_sarif_uri_is_relative_to_the_workspace_not_the_cwd(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "data")
    result = CliRunner().invoke(cli, ["validate", "--format", "sarif", "--project", str(project)])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(result.stdout)["runs"][0]["results"]
    }
    assert uris == {"data/people.ttl"}


# 3 bare tenures x (no team: violation, no label: warning) + beta (warning) + ann (info):
# 3 errors, 4 warnings, 1 info = 8 results.


def test_max_results_shows_the_most_severe_and_counts_the_rest_per_shape(project: Path) -> None:
    (project / "data/more.ttl").write_text(BARE_TENURES, encoding="utf-8")
    result = run("--max-results", "2")
    assert result.exit_code == 1
    shown = [line for line in result.stdout.splitlines() if line.startswith("  error:")]
    assert len(shown) == 2
    assert (
        "Not shown (--max-results): 6 more results, by shape:\n"
        "  fkgsh:TenureShape: 1 error\n"
        "  fkgsh:LabelShape: 4 warnings\n"
        "  fkgsh:CommentShape: 1 info\n"
    ) in result.stdout
    assert result.stdout.endswith(
        "3 errors, 4 warnings, 1 info on 5 nodes: the data does not conform "
        "(24 triples from 3 files checked against 3 shapes).\n"
    )


def test_max_results_in_json_and_sarif(project: Path) -> None:
    (project / "data/more.ttl").write_text(BARE_TENURES, encoding="utf-8")
    document = json.loads(run("--format", "json", "--max-results", "7").stdout)
    assert len(document["results"]) == 7
    assert document["notShown"] == [
        {
            "sourceShape": {
                "type": "uri",
                "value": "https://w3id.org/footballkg/shapes#CommentShape",
            },
            "severity": "info",
            "count": 1,
        }
    ]
    assert document["errors"] == 3 and document["warnings"] == 4 and document["infos"] == 1
    report = sarif("--max-results", "7")
    jsonschema.Draft4Validator(SCHEMA).validate(report)
    assert len(report["runs"][0]["results"]) == 7
    (note,) = report["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].endswith("  fkgsh:CommentShape: 1 info")


def test_max_results_with_turtle_is_refused(project: Path) -> None:
    result = run("--format", "turtle", "--max-results", "2")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --max-results is for the text, json, github and sarif formats; "
        "a Turtle report graph holds every result.\n"
    )
