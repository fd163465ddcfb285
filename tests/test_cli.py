"""The command line through click's CliRunner: exact output for the cases users meet most."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from footballkg.cli import cli
from footballkg.project import Project
from sample_project import PREFIXES

MakeProject = Callable[..., Path]

TENURE = "https://w3id.org/footballkg/id/tenure/"
TEAM = "https://w3id.org/footballkg/id/team/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# A tenure without a team breaks the one rule of the small project's shapes.
TEAMLESS = """
tenure:ann-gamma-head-coach-2022 a fkg:Tenure ;
    rdfs:label "Ann Example at Gamma"@en, "Ann Voorbeeld bij Gamma"@nl ;
    fkg:person person:ann .
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


# --- query -----------------------------------------------------------------------------------


def test_query_table(project: Path) -> None:
    result = run("query", "coaches", "--param", "person=ann")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "tenure                            team        start\n"
        "--------------------------------  ----------  ----------\n"
        "tenure:ann-alpha-head-coach-2020  team:alpha  2020-09-24\n"
        "tenure:ann-beta-head-coach-2021   team:beta   2021\n"
    )


def test_query_csv_is_sparql_csv_with_full_iris(project: Path) -> None:
    result = run("query", "coaches", "-p", "person=ann", "--format", "csv")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout_bytes.decode() == (
        "tenure,team,start\r\n"
        f"{TENURE}ann-alpha-head-coach-2020,{TEAM}alpha,2020-09-24\r\n"
        f"{TENURE}ann-beta-head-coach-2021,{TEAM}beta,2021\r\n"
    )


def test_query_tsv_writes_terms_in_ntriples_syntax(project: Path) -> None:
    result = run("query", "coaches", "-p", "person=ann", "--format", "tsv")
    assert result.stdout.splitlines() == [
        "?tenure\t?team\t?start",
        f'<{TENURE}ann-alpha-head-coach-2020>\t<{TEAM}alpha>\t"2020-09-24"^^<{XSD}date>',
        f'<{TENURE}ann-beta-head-coach-2021>\t<{TEAM}beta>\t"2021"^^<{XSD}gYear>',
    ]


def test_query_json_is_sparql_results_json(project: Path) -> None:
    result = run("query", "coaches", "-p", "person=ann", "--format", "json")
    document = json.loads(result.stdout)
    assert document["head"] == {"vars": ["tenure", "team", "start"]}
    assert document["results"]["bindings"][1] == {
        "tenure": {"type": "uri", "value": f"{TENURE}ann-beta-head-coach-2021"},
        "team": {"type": "uri", "value": f"{TEAM}beta"},
        "start": {"type": "literal", "value": "2021", "datatype": f"{XSD}gYear"},
    }
    # The standard parser of SPARQL results agrees.
    parsed = list(ox.parse_query_results(result.stdout, ox.QueryResultsFormat.JSON))
    assert len(parsed) == 2


def test_query_markdown(project: Path) -> None:
    result = run("query", "coaches", "-p", "person=ann", "--format", "markdown")
    assert result.stdout == (
        "| tenure | team | start |\n"
        "| --- | --- | --- |\n"
        "| tenure:ann-alpha-head-coach-2020 | team:alpha | 2020-09-24 |\n"
        "| tenure:ann-beta-head-coach-2021 | team:beta | 2021 |\n"
    )


def test_query_with_paths_reads_those_files_instead_of_data(project: Path) -> None:
    other = project / "other.ttl"
    other.write_text(
        PREFIXES + 'tenure:t fkg:person person:ann ; fkg:startDate "1999"^^xsd:gYear .\n',
        encoding="utf-8",
    )
    result = run("query", "coaches", "-p", "person=ann", "--format", "csv", "other.ttl")
    assert result.stdout_bytes.decode() == f"tenure,team,start\r\n{TENURE}t,,1999\r\n"


def test_query_file_runs_an_ad_hoc_query(project: Path) -> None:
    (project / "my.rq").write_text(
        "PREFIX fkg: <https://w3id.org/footballkg/ontology#>\n"
        "SELECT (COUNT(*) AS ?tenures) WHERE { ?t a fkg:Tenure }\n",
        encoding="utf-8",
    )
    result = run("query", "--file", "my.rq", "--format", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, b"tenures\r\n2\r\n")


def test_query_name_help_shows_that_query(project: Path) -> None:
    result = run("query", "coaches", "--help")
    assert result.exit_code == 0
    assert result.stdout == (
        "coaches: Tenures of a person, with their team\n"
        "\n"
        "(no description)\n"
        "\n"
        "Parameters:\n"
        "  person (iri, required)\n"
        "      a slug such as ann, a prefixed name such as person:ann or a full IRI such as\n"
        "      <https://w3id.org/footballkg/id/person/ann>\n"
        "\n"
        "Example:\n"
        "  footballkg query coaches --param person=ann\n"
    )


def test_query_help_without_a_name_is_the_command_help(project: Path) -> None:
    result = run("query", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: cli query [OPTIONS] [NAME] [PATHS]...")
    words = " ".join(result.stdout.split())
    assert '"footballkg query NAME --help" shows one query\'s parameters' in words
    assert "-h, --help Show this message and exit; with NAME, that query's parameters" in words


def test_query_help_for_an_unknown_name_is_the_unknown_query_error(project: Path) -> None:
    result = run("query", "coachs", "-h")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        'Error: unknown query "coachs". Did you mean "coaches"? '
        'Run "footballkg queries" to list them.\n'
    )


ASK_QUERY = "PREFIX fkg: <https://w3id.org/footballkg/ontology#>\nASK {{ ?t a fkg:{kind} }}\n"


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_query_file_ask_prints_true_or_false(project: Path, store: str) -> None:
    (project / "yes.rq").write_text(ASK_QUERY.format(kind="Tenure"), encoding="utf-8")
    (project / "no.rq").write_text(ASK_QUERY.format(kind="Match"), encoding="utf-8")
    yes = run("query", "--file", "yes.rq", "--store", store)
    no = run("query", "--file", "no.rq", "--store", store)
    assert (yes.exit_code, yes.stdout, no.exit_code, no.stdout) == (0, "true\n", 0, "false\n")
    as_json = run("query", "--file", "yes.rq", "--store", store, "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, {"head": {}, "boolean": True})


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_query_file_construct_prints_turtle(project: Path, store: str) -> None:
    (project / "teams.rq").write_text(
        "PREFIX fkg: <https://w3id.org/footballkg/ontology#>\n"
        "CONSTRUCT { ?team fkg:coachedBy ?person } WHERE {\n"
        "  ?t fkg:person ?person ; fkg:team ?team }\n",
        encoding="utf-8",
    )
    result = run("query", "--file", "teams.rq", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "team:alpha\n    fkg:coachedBy person:ann .\n\nteam:beta\n    fkg:coachedBy person:ann .\n"
    )
    as_csv = run("query", "--file", "teams.rq", "--store", store, "--format", "csv")
    assert as_csv.exit_code == 2
    assert "gives a graph, printed as Turtle; --format csv is for rows" in as_csv.stderr


def test_unknown_query_suggests_the_closest_name(project: Path) -> None:
    result = run("query", "coachs", "--param", "person=ann")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'Error: unknown query "coachs". Did you mean "coaches"? '
        'Run "footballkg queries" to list them.\n'
    )


def test_unknown_saved_query_in_this_repository(repo_project: Project) -> None:
    result = run("query", "carrer", "--project", str(repo_project.root))
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: unknown query "carrer". Did you mean "career"? '
        'Run "footballkg queries" to list them.\n'
    )


def test_param_without_equals_sign(project: Path) -> None:
    result = run("query", "coaches", "--param", "person")
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: --param "person" is not KEY=VALUE; write --param person=jess-thorup '
        "(no space around =).\n"
    )


def test_param_with_a_space_for_equals_shows_the_pair_joined(project: Path) -> None:
    # The value lands among the PATH arguments; it is not reported as a missing file.
    result = run("query", "coaches", "--param", "person", "ann")
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: --param "person" is not KEY=VALUE; write --param person=ann (no space around =).\n'
    )


def test_query_without_a_name(project: Path) -> None:
    result = run("query")
    assert result.exit_code == 2
    assert 'Missing the query NAME (or --file FILE). Run "footballkg queries"' in result.stderr


# --- queries ---------------------------------------------------------------------------------


def test_queries_lists_name_summary_and_parameters(project: Path) -> None:
    result = run("queries")
    assert result.stdout == (
        "name     summary                               params\n"
        "-------  ------------------------------------  -----------------\n"
        "coaches  Tenures of a person, with their team  person (required)\n"
    )


def test_queries_json(project: Path) -> None:
    (entry,) = json.loads(run("queries", "--format", "json").stdout)
    assert entry["name"] == "coaches"
    assert entry["params"][0]["name"] == "person"
    assert entry["params"][0]["required"] is True
    assert entry["usage"] == "footballkg query coaches --param person=ann"


# --- validate --------------------------------------------------------------------------------


def test_validate_conforming_data(project: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.stdout) == (
        0,
        "0 errors, 0 warnings: the data conforms "
        "(18 triples from 2 files checked against 1 shape).\n",
    )


def test_validate_text_groups_by_node_with_label_and_line(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_DATA

    monkeypatch.chdir(make_project(data=SMALL_DATA + TEAMLESS))
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        'tenure:ann-gamma-head-coach-2022 "Ann Example at Gamma" (data/people.ttl:25)\n'
        "  error: A tenure names its team with fkg:team. [fkg:team]\n"
        "\n"
        "1 error, 0 warnings on 1 node: the data does not conform "
        "(22 triples from 2 files checked against 1 shape).\n"
    )


def test_validate_github_annotations(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_DATA

    monkeypatch.chdir(make_project(data=SMALL_DATA + TEAMLESS))
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=data/people.ttl,line=25,title=tenure%3Aann-gamma-head-coach-2022::"
        "tenure:ann-gamma-head-coach-2022: A tenure names its team with fkg:team. [fkg:team]"
    )


def test_validate_json_and_turtle(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_DATA

    monkeypatch.chdir(make_project(data=SMALL_DATA + TEAMLESS))
    document = json.loads(run("validate", "--format", "json").stdout)
    assert document["conforms"] is False
    (entry,) = document["results"]
    assert (entry["file"], entry["line"], entry["path"], entry["severity"]) == (
        "data/people.ttl",
        25,
        "fkg:team",
        "error",
    )
    assert entry["sourceShape"]["value"] == "https://w3id.org/footballkg/shapes#TenureShape"
    turtle = run("validate", "--format", "turtle").stdout
    report = ox.Dataset(ox.parse(turtle, ox.RdfFormat.TURTLE))
    sh = "http://www.w3.org/ns/shacl#"
    conforms = [q.object for q in report if q.predicate == ox.NamedNode(sh + "conforms")]
    assert conforms == [ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))]


PATH_SHAPES = """
fkgsh:TenureWarnings a sh:NodeShape ;
    sh:targetClass fkg:Tenure ;
    sh:property [ sh:path ( fkg:team rdfs:label ) ; sh:minCount 1 ; sh:severity sh:Warning ] .
fkgsh:PersonWarnings a sh:NodeShape ;
    sh:targetClass fkg:Person ;
    sh:property [ sh:path [ sh:inversePath fkg:person ] ; sh:maxCount 0 ;
                  sh:severity sh:Warning ] .
"""


def test_validate_turtle_report_is_standard_shacl(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_SHAPES

    monkeypatch.chdir(make_project({"shapes/shapes.ttl": SMALL_SHAPES + PATH_SHAPES}))
    result = run("validate", "--format", "turtle")
    assert result.exit_code == 0  # warnings alone pass
    report = Graph().parse(data=result.stdout, format="turtle")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    fkg = Namespace("https://w3id.org/footballkg/ontology#")
    rdfs_label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    # SHACL: conforms is false as soon as there is a result, whatever its severity.
    assert set(report.objects(None, sh.conforms)) == {Literal(False)}
    paths = set()
    for path in report.objects(None, sh.resultPath):
        if (path, RDF.first, None) in report:
            paths.add(("sequence", *Collection(report, path)))
        else:
            paths.add(("inverse", report.value(path, sh.inversePath)))
    assert paths == {("sequence", fkg.team, rdfs_label), ("inverse", fkg.person)}


def test_validate_unparsable_file_exits_2_with_position(project: Path) -> None:
    (project / "data/bad.ttl").write_text(
        PREFIXES + "person:ann fkg:team tem:x .\n", encoding="utf-8"
    )
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: data/bad.ttl:10:21: The prefix tem: has not been declared. "
        "Declare it with @prefix or fix the name.\n"
    )


def test_validate_reports_an_ill_typed_literal_no_shape_checks_at_its_line(
    project: Path,
) -> None:
    # Not a stop at load: every problem of the data shows at once, as a result.
    (project / "ontology/dates.ttl").write_text(DATE_TERMS, encoding="utf-8")
    (project / "data/bad.ttl").write_text(
        PREFIXES + "person:bob a fkg:Person ;\n"
        '    rdfs:label "Bob"@en ;\n    fkg:birthDate\n        "2020-13-45"^^xsd:date .\n',
        encoding="utf-8",
    )
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""  # no log of rdflib's about the literal
    (entry,) = json.loads(result.stdout)["results"]
    assert (entry["file"], entry["line"], entry["path"], entry["severity"]) == (
        "data/bad.ttl",
        13,  # the literal's line, not the property's
        "fkg:birthDate",
        "error",
    )
    assert entry["value"] == {"type": "literal", "value": "2020-13-45", "datatype": XSD + "date"}
    assert entry["message"] == (
        '"2020-13-45" is not a valid xsd:date: expected a real day written YYYY-MM-DD, '
        'such as "2020-11-02".'
    )


# The terms the ill-typed literal tests use, declared so the closed vocabulary stays quiet.
DATE_TERMS = """
@prefix fkg: <https://w3id.org/footballkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
fkg:birthDate a owl:DatatypeProperty .
fkg:fee a owl:DatatypeProperty .
"""

DATED_SHAPES = """
fkgsh:PersonShape a sh:NodeShape ;
    sh:targetClass fkg:Person ;
    sh:property [ sh:path fkg:birthDate ; sh:datatype xsd:date ] ;
    sh:property [ sh:path fkg:fee ; sh:maxInclusive 100 ] .
"""


def test_validate_ill_typed_literal_fails_the_shapes_datatype_as_written(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_SHAPES

    root = make_project(
        {"shapes/shapes.ttl": SMALL_SHAPES + DATED_SHAPES, "ontology/dates.ttl": DATE_TERMS}
    )
    monkeypatch.chdir(root)
    (root / "data/bad.ttl").write_text(
        PREFIXES + "person:bob a fkg:Person ;\n"
        '    fkg:birthDate "2020-13-45"^^xsd:date ;\n    fkg:fee 600000.0 .\n',
        encoding="utf-8",
    )
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    found = {
        (r["constraintComponent"]["value"].rsplit("#")[-1], r["line"], r["value"]["value"])
        for r in json.loads(result.stdout)["results"]
    }
    # One result for the ill-typed date (the shape's, none of its own), and the decimal
    # reported as written in the file, not as "600000".
    assert found == {
        ("DatatypeConstraintComponent", 11, "2020-13-45"),
        ("MaxInclusiveConstraintComponent", 12, "600000.0"),
    }


def test_query_still_refuses_an_ill_typed_literal(project: Path) -> None:
    (project / "data/bad.ttl").write_text(
        PREFIXES + 'person:ann fkg:birthDate "2020-13-45"^^xsd:date .\n', encoding="utf-8"
    )
    (project / "q.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = run("query", "--file", "q.rq")
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: data/bad.ttl:10: "2020-13-45" is not a valid xsd:date: expected a real day '
        'written YYYY-MM-DD, such as "2020-11-02".\n'
    )


# --- export ----------------------------------------------------------------------------------


def test_export_to_a_file_reports_on_stderr(project: Path) -> None:
    result = run("export", "--format", "ntriples", "--output", "out.nt")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Wrote 18 triples from 2 files to out.nt.\n"
    lines = (project / "out.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == 18


def test_export_turtle_to_stdout(project: Path) -> None:
    result = run("export")
    assert result.exit_code == 0
    assert (
        "\ntenure:ann-beta-head-coach-2021\n"
        "    a fkg:Tenure ;\n"
        "    fkg:person person:ann ;\n"
        '    fkg:startDate "2021"^^xsd:gYear ;\n'
        "    fkg:team team:beta .\n"
    ) in result.stdout


# --- usage errors and the project ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["validate", "--colour"],
        ["export", "--format", "rdfxml"],
        ["query", "coaches", "--format", "xml"],
        ["validate", "no/such/file.ttl"],
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr


def test_outside_any_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOOTBALLKG_PROJECT", raising=False)
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no footballkg project here: no folder at or above {tmp_path.resolve()} holds "
        "data/, shapes/ and ontology/. Run the command inside a project or name one with "
        "--project DIR.\n"
    )


def test_project_option_works_from_anywhere(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    monkeypatch.chdir(tmp_path)
    result = run("query", "coaches", "-p", "person=ann", "--format", "csv", "--project", str(root))
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 3


def test_python_dash_m_footballkg_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "footballkg", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("footballkg, version ")


def test_github_annotation_points_at_the_offending_value(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = PREFIXES + (
        "fkgsh:StartShape a sh:NodeShape ; sh:targetClass fkg:Tenure ;\n"
        "    sh:property [ sh:path fkg:startDate ; sh:datatype xsd:date ;\n"
        '        sh:message "A start date is a day." ] .\n'
    )
    monkeypatch.chdir(make_project({"shapes/shapes.ttl": shapes}))
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=data/people.ttl,line=23,title=tenure%3Aann-beta-head-coach-2021::"
        "tenure:ann-beta-head-coach-2021: A start date is a day. [fkg:startDate, value 2021]"
    )
    text = run("validate").stdout
    assert text.splitlines()[:2] == [
        "tenure:ann-beta-head-coach-2021 (data/people.ttl:20)",
        "  error: A start date is a day. [fkg:startDate, line 23, value 2021]",
    ]


def test_query_without_rows_says_so_on_stderr(project: Path) -> None:
    (project / "data/cid.ttl").write_text(PREFIXES + "person:cid a fkg:Person .\n", "utf-8")
    result = run("query", "coaches", "-p", "person=cid")
    assert result.exit_code == 0
    assert result.stdout == "tenure  team  start\n------  ----  -----\n"
    assert result.stderr == "(no rows)\n"


def test_table_right_aligns_number_columns(project: Path) -> None:
    (project / "count.rq").write_text(
        "PREFIX fkg: <https://w3id.org/footballkg/ontology#>\n"
        "SELECT ?person (COUNT(?t) AS ?tenures) WHERE { ?t fkg:person ?person } GROUP BY ?person\n",
        encoding="utf-8",
    )
    result = run("query", "--file", "count.rq")
    assert result.stdout == ("person      tenures\n----------  -------\nperson:ann        2\n")


def test_validate_names_shapes_that_checked_nothing(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_SHAPES

    shapes = SMALL_SHAPES + (
        "fkgsh:MatchShape a sh:NodeShape ; sh:targetClass fkg:Match ;\n"
        "    sh:property [ sh:path fkg:homeTeam ; sh:minCount 1 ] .\n"
    )
    monkeypatch.chdir(make_project({"shapes/shapes.ttl": shapes}))
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        "Note: no node in this data is a target of fkgsh:MatchShape, so it checked nothing.\n"
        "0 errors, 0 warnings: the data conforms (18 triples from 2 files checked against "
        "2 shapes).\n"
    )


def test_github_paths_are_relative_to_the_workspace(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_project import SMALL_DATA

    root = make_project(data=SMALL_DATA + TEAMLESS)
    monkeypatch.chdir(root / "data")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    result = run("validate", "--format", "github")
    assert result.stdout.startswith("::error file=data/people.ttl,line=25,")


def test_validate_names_an_endpoint_without_its_query_string() -> None:
    from footballkg.cli.validate_cmd import endpoint_name
    from footballkg.stores.remote import Endpoint, SparqlClient

    url = "https://example.org:8443/sparql?api-key=secret"
    assert endpoint_name(SparqlClient(Endpoint.from_url(url))) == "https://example.org:8443/sparql"
    graph = Endpoint.from_url("http://127.0.0.1:7878/query", graph="https://example.org/g")
    assert (
        endpoint_name(SparqlClient(graph))
        == "graph <https://example.org/g> at http://127.0.0.1:7878/query"
    )
