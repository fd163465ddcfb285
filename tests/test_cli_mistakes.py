"""Mistakes users make, each caught as one `Error: ...` line with exit 2 (or 130 for Ctrl-C)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from footballkg.cli import cli
from footballkg.errors import InputError
from footballkg.queries.catalogue import bind_params, load_query_file
from footballkg.queries.param_check import check_named, graph_select, oxigraph_select
from footballkg.queries.params import calendar_day
from sample_project import PREFIXES

MakeProject = Callable[..., Path]
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


# --- a parameter that names nothing ----------------------------------------------------------


def test_a_misspelt_person_is_an_error_with_the_closest_name(project: Path) -> None:
    result = run("query", "coaches", "--param", "person=anm")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: no person anm in the data; did you mean ann?\n"


def test_a_name_with_nothing_close_says_so(project: Path) -> None:
    result = run("query", "coaches", "--param", "person=zebedee")
    assert result.exit_code == 2
    assert result.stderr == "Error: no person zebedee in the data, and no name close to it.\n"


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_every_store_catches_the_misspelt_name(project: Path, store: str) -> None:
    result = run("query", "coaches", "-p", "person=anm", "--store", store)
    assert result.exit_code == 2
    assert result.stderr == "Error: no person anm in the data; did you mean ann?\n"


def test_check_named_on_oxigraph_and_rdflib_alike(tmp_path: Path) -> None:
    import pyoxigraph as ox

    query_path = tmp_path / "q.rq"
    query_path.write_text(
        "#+ params:\n#+   team: {type: iri, prefix: team}\nSELECT ?x WHERE { ?x ?p ?team }\n",
        encoding="utf-8",
    )
    query = load_query_file(query_path)
    data = PREFIXES + "team:krc-genk a fkg:Team .\nteam:kaa-gent a fkg:Team .\n"
    graph = Graph().parse(data=data, format="turtle")
    store = ox.Store()
    store.load(data.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    for select in (graph_select(graph), oxigraph_select(store)):
        check_named(query, bind_params(query, {"team": "krc-genk"}), select)  # no error
        with pytest.raises(InputError) as error:
            check_named(query, bind_params(query, {"team": "krc-gnk"}), select)
        assert error.value.message == "no team krc-gnk in the data; did you mean krc-genk?"


def test_timeline_catches_the_misspelt_person_too() -> None:
    result = CliRunner().invoke(
        cli, ["timeline", "jess-thorpu", "--output", "x.svg", "--project", str(ROOT)]
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: no person jess-thorpu in the data; did you mean jess-thorup?\n"


# --- dates: one wording ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026/01/01", "--as-of must be a date as YYYY-MM-DD; got '2026/01/01'."),
        (
            "2026-02-30",
            "--as-of: 2026-02-30 is not a day in the calendar (February 2026 has 28 days).",
        ),
        (
            "2024-02-30",
            "--as-of: 2024-02-30 is not a day in the calendar (February 2024 has 29 days).",
        ),
        ("2026-13-01", "--as-of: 2026-13-01 is not a day in the calendar (there is no month 13)."),
        (
            "2026-04-31",
            "--as-of: 2026-04-31 is not a day in the calendar (April 2026 has 30 days).",
        ),
    ],
)
def test_a_wrong_form_is_told_from_a_day_that_does_not_exist(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        calendar_day(text, "--as-of")
    assert error.value.message == message


def test_as_of_and_date_parameters_say_the_same(project: Path) -> None:
    as_of = CliRunner().invoke(
        cli, ["timeline", "jess-thorup", "--as-of", "2026-02-30", "--project", str(ROOT)]
    )
    assert as_of.exit_code == 2
    assert as_of.stderr == (
        "Error: --as-of: 2026-02-30 is not a day in the calendar (February 2026 has 28 days).\n"
    )
    param = CliRunner().invoke(
        cli,
        ["query", "career", "-p", "person=jess-thorup", "-p", "as_of=2026-02-30"],
        env={"FOOTBALLKG_PROJECT": str(ROOT)},
    )
    assert param.exit_code == 2
    assert param.stderr == (
        'Error: parameter "as_of": 2026-02-30 is not a day in the calendar '
        "(February 2026 has 28 days).\n"
    )


# --- files written ---------------------------------------------------------------------------


def test_export_gives_a_new_file_the_mode_the_umask_allows(project: Path) -> None:
    old = os.umask(0o027)
    try:
        assert run("export", "--output", "out.ttl").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((project / "out.ttl").stat().st_mode) == 0o640


def test_export_keeps_an_existing_files_mode(project: Path) -> None:
    target = project / "out.ttl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    assert run("export", "--output", "out.ttl").exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8") != "old\n"


def test_an_unwritable_path_is_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A folder the user may not write in (made so here: tests may run as root, who may).
    import footballkg.cli.common as common

    def refused(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(common.tempfile, "mkstemp", refused)
    timeline = ["timeline", "jess-thorup", "--as-of", "2026-01-01", "--project", str(ROOT)]
    for args in (["export", "--output", "out.ttl"], [*timeline, "--output", "out.svg"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error: cannot write ")
        assert result.stderr.endswith(": Permission denied.\n")
        assert result.stderr.count("\n") == 1


# --- Ctrl-C, library noise, help -------------------------------------------------------------


def test_ctrl_c_exits_130_without_aborted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import footballkg.cli.export_cmd as export_cmd

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export_cmd, "load_project", interrupted)
    result = run("export")
    assert result.exit_code == 130
    assert "Aborted" not in result.output


def test_a_valid_24_00_time_prints_no_library_warning(project: Path) -> None:
    (project / "data/late.ttl").write_text(
        PREFIXES + 'person:ann fkg:note "2020-11-02T24:00:00"^^xsd:dateTime .\n', "utf-8"
    )
    # A real process: under pytest, log records go to pytest's capture, not to stderr.
    done = subprocess.run(
        [sys.executable, "-m", "footballkg", "export", "--output", "out.ttl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == "Wrote 19 triples from 3 files to out.ttl.\n"


def test_top_level_help_shows_whole_summaries() -> None:
    text = CliRunner().invoke(cli, ["--help"]).stdout
    assert "one bar per\n            tenure." in text
    flowing = " ".join(text.split())
    assert (
        "serve Serve the graph over SPARQL 1.1, read-only, with a query page, until Ctrl+C."
        in flowing
    )
    assert (
        "timeline Draw PERSON's career as a timeline: one row per team, one bar per tenure."
    ) in flowing


def test_query_help_store_text_speaks_of_query() -> None:
    text = CliRunner().invoke(cli, ["query", "--help"]).stdout
    assert "validate" not in text.split("--store", 1)[1].split("--endpoint", 1)[0]
