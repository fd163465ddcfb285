"""Incremental validation on the cache gives the report a full in-memory validation gives,
after many random edits of a generated league (seeded: a failure can be replayed)."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.benchmark_scripts import load_script

from footballkg.cli import cli
from footballkg.stores import CACHE_DIR_ENV, CACHE_ENV, NO_CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
# FOOTBALLKG_DIFF_TENURES=10000 runs the same check on a larger league (minutes).
TENURES = int(os.environ.get("FOOTBALLKG_DIFF_TENURES", "1500"))
ROUNDS = int(os.environ.get("FOOTBALLKG_DIFF_ROUNDS", "8"))
SUBJECT = re.compile(r"^(tenure:\S+) a fkg:Tenure ;$", re.MULTILINE)
DATE = re.compile(r'(fkg:(?:startDate|endDate) )"[^"]*"\^\^xsd:(\w+)')
KINDS = (
    *("add", "remove", "redate", "redate", "retype", "predecessor", "transfer", "transfer"),
    *("new-file", "delete-file", "born", "relabel", "misspell", "twice", "twice"),
)
PERSON = re.compile(r"^(person:\S+) a fkg:Person ;$", re.MULTILINE)
PERSON_LABEL = re.compile(r'^(person:\S+ a fkg:Person ;\n    rdfs:label )"[^"]*"@en', re.MULTILINE)
TEAM = re.compile(r"fkg:team team:\S+ ;")
PREDECESSOR = re.compile(r"fkg:predecessor (tenure:\S+)")


@pytest.fixture
def league(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    load_script("generate").generate(TENURES, tmp_path / "data", seed=7)
    (tmp_path / "data" / "truth.json").unlink()
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    return tmp_path


def validate(project: Path, *options: str) -> tuple[int, str, str]:
    args = ["validate", "--project", str(project), "--format", "json", *options]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def blocks(text: str) -> tuple[str, list[str]]:
    """A club file as its prefix header and its tenure blocks (each ends with " .")."""
    starts = [m.start() for m in SUBJECT.finditer(text)]
    if not starts:
        return text, []
    header = text[: starts[0]]
    ends = [*starts[1:], len(text)]
    return header, [text[a:b] for a, b in zip(starts, ends, strict=True)]


def tenures(project: Path) -> list[str]:
    return sorted(
        m.group(1)
        for path in (project / "data").rglob("*.ttl")
        for m in SUBJECT.finditer(path.read_text(encoding="utf-8"))
    )


def edit(project: Path, rng: random.Random, n: int) -> str:
    """One random edit of the league; what it did."""
    clubs = sorted((project / "data" / "clubs").rglob("*.ttl"))
    path = rng.choice(clubs)
    header, found = blocks(path.read_text(encoding="utf-8"))
    kind = rng.choice(KINDS)
    if not found or kind == "new-file":
        donor = rng.choice(tenures(project))
        block = f"{donor}-copy-{n} a fkg:Tenure ;\n    fkg:predecessor {donor} ;\n"
        block += f'    rdfs:label "copy {n}"@en ;\n    fkg:person person:new-{n} .\n'
        (project / "data" / "clubs" / f"new-{n}.ttl").write_text(header + block, "utf-8")
        return f"new file with a tenure after {donor}"
    if kind == "delete-file" and len(clubs) > 2:
        path.unlink()
        return f"deleted {path.name}"
    i = rng.randrange(len(found))
    block = found[i]
    people = [j for j, b in enumerate(found) if PERSON.search(b)]
    if kind in ("born", "relabel") and people:
        i = rng.choice(people)
        block = found[i]
        # What the SPARQL rules read of a person from its tenures in other files: a birth
        # date (too young for every post: TenureStartAge), the name (the overlap messages).
        if kind == "born":
            found[i] = PERSON.sub(
                lambda m: (
                    f'{m.group(0)}\n    fkg:birthDate "{rng.randrange(1985, 2000)}"^^xsd:gYear ;'
                ),
                block,
                count=1,
            )
        else:
            found[i] = PERSON_LABEL.sub(lambda m: f'{m.group(1)}"Renamed {n}"@en', block, count=1)
        path.write_text(header + "".join(found), encoding="utf-8")
        return f"{kind} in {path.name}"
    if kind == "transfer":  # a copy at another club: its person now has two posts at once
        name = SUBJECT.search(block).group(1)  # type: ignore[union-attr]
        copy = TEAM.sub(
            f"fkg:team team:{rng.choice(clubs).stem} ;", block.replace(name, f"{name}-away-{n}", 1)
        )
        target = rng.choice(clubs)
        target.write_text(target.read_text(encoding="utf-8") + copy, encoding="utf-8")
        return f"transfer of {name} to {target.name}"
    if kind == "add":  # another tenure: a copy of one, under a new name (same person, team)
        name = SUBJECT.search(block).group(1)  # type: ignore[union-attr]
        found.insert(i, block.replace(name, f"{name}-again-{n}", 1))
    elif kind == "remove":
        del found[i]
    elif kind == "redate":
        year = rng.randrange(1990, 2030)
        day = rng.choice([f"{year}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}", "2020-13-45"])
        found[i] = DATE.sub(lambda m: f'{m.group(1)}"{day}"^^xsd:date', block, count=1)
    elif kind == "twice":  # a second start date (at most one is allowed)
        found[i] = block.replace(
            " a fkg:Tenure ;", ' a fkg:Tenure ;\n    fkg:startDate "1950-01-01"^^xsd:date ;', 1
        )
    elif kind == "misspell":  # a property the ontology does not declare (and none had)
        found[i] = block.replace("fkg:role ", f"fkg:rol{n} ", 1)
    elif kind == "retype":
        found[i] = block.replace(" a fkg:Tenure ;", " a fkg:Person ;", 1)
    else:  # a predecessor moved to another tenure (or given to one that had none)
        other = rng.choice(tenures(project))
        if PREDECESSOR.search(block):
            found[i] = PREDECESSOR.sub(f"fkg:predecessor {other}", block, count=1)
        else:
            found[i] = block.replace(
                " a fkg:Tenure ;", f" a fkg:Tenure ;\n    fkg:predecessor {other} ;", 1
            )
    path.write_text(header + "".join(found), encoding="utf-8")
    return f"{kind} in {path.name}"


def test_incremental_reports_equal_full_ones_after_random_edits(league: Path) -> None:
    rng = random.Random(20)
    full = validate(league, "--no-cache")
    assert validate(league, "--cache")[:2] == full[:2]  # builds the cache, every node checked
    narrowed = sparql_narrowed = 0
    for n in range(ROUNDS):
        done = [edit(league, rng, n * 10 + k) for k in range(rng.randrange(1, 4))]
        full = validate(league, "--no-cache")
        warm = validate(league)
        assert warm[:2] == full[:2], done
        narrowed += "nodes checked again" in warm[2]
        sparql_narrowed += "SHACL-SPARQL rules on the nodes a change can reach" in warm[2]
    assert narrowed >= ROUNDS // 2  # most rounds were incremental, not full runs
    assert sparql_narrowed == narrowed  # and the SHACL-SPARQL rules ran on their nodes only


def test_a_narrowed_run_finds_a_second_value_where_one_is_allowed(league: Path) -> None:
    validate(league, "--cache")
    path = min((league / "data" / "clubs").rglob("*.ttl"))
    header, found = blocks(path.read_text(encoding="utf-8"))
    found[0] = found[0].replace(
        " a fkg:Tenure ;", ' a fkg:Tenure ;\n    fkg:startDate "1950-01-01"^^xsd:date ;', 1
    )
    path.write_text(header + "".join(found), encoding="utf-8")
    code, warm, err = validate(league)
    assert "nodes checked again" in err
    assert (code, warm) == validate(league, "--no-cache")[:2]
    assert "MaxCountConstraintComponent" in warm


def test_full_checks_every_node_and_says_so(league: Path) -> None:
    validate(league, "--cache")
    code, out, err = validate(league, "--full")
    assert (code, out) == validate(league, "--no-cache")[:2]
    assert "every node checked: asked for (--full)." in err


def git(project: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", *identity, *args], cwd=project, check=True, capture_output=True)


def test_changed_since_tells_the_change_and_what_it_touches_from_older_problems(
    league: Path,
) -> None:
    git(league, "init", "-q")
    git(league, "add", ".")
    git(league, "commit", "-q", "-m", "league")
    code, _, err = validate(league, "--changed-since", "HEAD")
    # The generated league has injected violations, but none is in a change: exit 0.
    assert code == 0, err
    assert "0 RDF files; 0 results in them, 0 on other nodes the change reaches" in err
    # A head coach of one club copied to another at the same dates: in charge of two at once.
    home, away = sorted((league / "data" / "clubs").rglob("*.ttl"))[:2]
    _, found = blocks(home.read_text(encoding="utf-8"))
    coach = next(b for b in found if "fkg:role role:head-coach ;" in b)
    name = SUBJECT.search(coach).group(1)  # type: ignore[union-attr]
    copy = TEAM.sub(f"fkg:team team:{away.stem} ;", coach.replace(name, f"{name}-away", 1))
    away.write_text(away.read_text(encoding="utf-8") + copy, encoding="utf-8")
    code, _, err = validate(league, "--changed-since", "HEAD")
    assert code == 1, err
    full = "https://w3id.org/footballkg/id/tenure/" + name.removeprefix("tenure:")
    assert "1 RDF files;" in err
    assert re.search(rf"  in the change: \S*{away.name}:\d+: {full}-away: ", err), err
    assert re.search(rf"  touched: \S*{home.name}:\d+: {full}: ", err), err


def test_local_options_are_refused_with_an_endpoint() -> None:
    args = ["validate", "--project", str(ROOT), "--endpoint", "http://127.0.0.1:9/query"]
    result = CliRunner().invoke(cli, [*args, "--changed-since", "HEAD"])
    assert result.exit_code == 2
    assert "Error: --changed-since is for local files; with --endpoint, leave it out." in (
        result.stderr
    )


def test_results_point_at_their_lines_after_lines_moved_in_a_changed_file(league: Path) -> None:
    validate(league, "--cache")
    full = validate(league, "--no-cache")
    home = max((league / "data" / "clubs").rglob("*.ttl"), key=lambda p: full[1].count(p.name))
    header, found = blocks(home.read_text(encoding="utf-8"))
    # Two lines more above every tenure of the file: each result in it moves two lines down.
    home.write_text(header + "# moved\n# down\n" + "".join(found), encoding="utf-8")
    full = validate(league, "--no-cache")
    assert home.name in full[1]
    warm = validate(league)
    assert warm[:2] == full[:2]
    assert "nodes checked again" in warm[2]
