"""The on-disk cache of the loaded store: a warm run equals a cold load, whatever happened between.

Each test works on a small project of its own in a tmp folder, with its cache there too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from footballkg.errors import InputError
from footballkg.project import Project
from footballkg.stores import (
    CACHE_DIR_ENV,
    CACHE_ENV,
    NO_CACHE_ENV,
    LoadedStore,
    file_graph,
    open_store,
    use_cache,
)
from footballkg.stores import cache as cache_module

PREFIXES = (
    "@prefix fkg: <https://w3id.org/footballkg/ontology#> .\n"
    "@prefix person: <https://w3id.org/footballkg/id/person/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
ANN = PREFIXES + 'person:ann a fkg:Person ; fkg:birthDate "1969-02-21"^^xsd:date .\n'
BOB = PREFIXES + "person:bob a fkg:Person .\n"
CID = PREFIXES + "person:cid a fkg:Person .\n"
FKG = "https://w3id.org/footballkg/ontology#"
PERSON = "https://w3id.org/footballkg/id/person/"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    for name in ("data", "shapes", "ontology"):
        (tmp_path / name).mkdir()
    (tmp_path / "data" / "ann.ttl").write_text(ANN, encoding="utf-8")
    (tmp_path / "data" / "bob.ttl").write_text(BOB, encoding="utf-8")
    return Project(tmp_path)


def load(project: Project, cache: bool = True) -> LoadedStore:
    return open_store(project, project.data_files(), cache=cache)


def quads(loaded: LoadedStore) -> set[ox.Quad]:
    return set(loaded.store)


def persons(loaded: LoadedStore) -> list[str]:
    rows = loaded.query(f"SELECT ?p WHERE {{ ?p a <{FKG}Person> }} ORDER BY ?p")
    return [row["p"].value.removeprefix(PERSON) for row in rows]


def names(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def test_a_cold_run_loads_every_file_into_its_own_graph(project: Project) -> None:
    loaded = load(project)
    assert loaded.on_disk
    assert (names(loaded.added), loaded.changed, loaded.removed) == (["ann.ttl", "bob.ttl"], [], [])
    assert (project.root / ".footballkg-cache" / "manifest.json").is_file()
    ann = ox.NamedNode(f"{PERSON}ann")
    assert {q.graph_name for q in loaded.store.quads_for_pattern(ann, None, None)} == {
        file_graph("data/ann.ttl")
    }
    assert persons(loaded) == ["ann", "bob"]  # the graphs read as one


def test_a_warm_run_without_changes_loads_nothing(project: Project) -> None:
    cold = quads(load(project))
    warm = load(project)
    assert (warm.added, warm.changed, warm.removed, warm.on_disk) == ([], [], [], True)
    assert quads(warm) == cold


def test_edit_add_delete_give_what_a_cold_load_gives(project: Project) -> None:
    load(project)
    data = project.root / "data"
    (data / "bob.ttl").write_text(BOB.replace("person:bob", "person:bert"), encoding="utf-8")
    (data / "cid.ttl").write_text(CID, encoding="utf-8")
    (data / "ann.ttl").unlink()
    warm = load(project)
    assert (names(warm.added), names(warm.changed), warm.removed) == (
        ["cid.ttl"],
        ["bob.ttl"],
        ["data/ann.ttl"],
    )
    assert persons(warm) == ["bert", "cid"]
    assert quads(warm) == quads(load(project, cache=False))


def test_an_emptied_file_stays_cached_and_empty(project: Project) -> None:
    load(project)
    (project.root / "data" / "bob.ttl").write_text(PREFIXES, encoding="utf-8")
    assert persons(load(project)) == ["ann"]
    warm = load(project)
    assert (warm.added, warm.changed) == ([], [])
    assert persons(warm) == ["ann"]


@pytest.mark.parametrize(
    "manifest",
    [
        "{ not json",
        json.dumps({"format": 99, "files": {}}),
        "[]",
    ],
    ids=["corrupt", "foreign-format", "not-a-manifest"],
)
def test_a_manifest_not_ours_is_not_trusted(project: Project, manifest: str) -> None:
    load(project)
    (project.root / "data" / "bob.ttl").write_text(CID, encoding="utf-8")
    (project.root / ".footballkg-cache" / "manifest.json").write_text(manifest, encoding="utf-8")
    rebuilt = load(project)
    assert names(rebuilt.added) == ["ann.ttl", "bob.ttl"]
    assert persons(rebuilt) == ["ann", "cid"]
    assert quads(rebuilt) == quads(load(project, cache=False))


def test_a_manifest_of_another_version_is_not_trusted(project: Project) -> None:
    load(project)
    path = project.root / ".footballkg-cache" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["footballkg"] = "0.0.0-other"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert names(load(project).added) == ["ann.ttl", "bob.ttl"]


def test_a_graph_missing_from_the_store_is_reloaded(project: Project) -> None:
    first = load(project)
    first.store.remove_graph(file_graph("data/bob.ttl"))  # the manifest still lists it
    first.store.flush()
    del first
    warm = load(project)
    assert names(warm.added) == ["bob.ttl"]
    assert persons(warm) == ["ann", "bob"]


def test_a_corrupt_store_is_rebuilt(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    load(project)
    store = project.root / ".footballkg-cache" / "store"
    (store / "CURRENT").write_text("garbage\n", encoding="utf-8")
    rebuilt = load(project)
    err = capsys.readouterr().err
    assert err.startswith("note: the cache ") and err.endswith("; rebuilding it.\n")
    assert rebuilt.on_disk
    assert names(rebuilt.added) == ["ann.ttl", "bob.ttl"]
    assert quads(rebuilt) == quads(load(project, cache=False))


def test_a_cache_folder_that_cannot_be_written_loads_in_memory(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = project.root / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    loaded = load(project)
    assert (loaded.on_disk, persons(loaded)) == (False, ["ann", "bob"])
    err = capsys.readouterr().err
    assert err.count("note: cannot write the cache folder") == 1
    assert err.endswith("loading into memory, nothing is kept for the next run.\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_loads_in_memory(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project.root / ".footballkg-cache"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        loaded = load(project)
    finally:
        folder.chmod(0o755)
    assert (loaded.on_disk, persons(loaded)) == (False, ["ann", "bob"])
    assert "note: cannot write the cache folder" in capsys.readouterr().err


HOLD_THE_STORE = """
import sys
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
"""


def test_a_cache_another_process_holds_loads_in_memory(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    load(project)
    store = project.root / ".footballkg-cache" / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_STORE, str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        loaded = load(project)
    finally:
        holder.communicate("")
    assert (loaded.on_disk, persons(loaded)) == (False, ["ann", "bob"])
    assert "is in use by another footballkg process" in capsys.readouterr().err
    assert load(project).on_disk  # and the cache is used again once it is free


def test_an_ill_typed_literal_is_refused_on_warm_runs_too(project: Project) -> None:
    bad = ANN.replace("1969-02-21", "1969-02-30")
    (project.root / "data" / "ann.ttl").write_text(bad, encoding="utf-8")
    for _ in range(2):  # the second run finds the file's graph in the store: still refused
        with pytest.raises(InputError, match="1 literals do not fit their datatype"):
            load(project)
    (project.root / "data" / "ann.ttl").write_text(ANN, encoding="utf-8")
    assert persons(load(project)) == ["ann", "bob"]


def test_a_syntax_error_names_the_file_and_line_and_is_not_cached(project: Project) -> None:
    (project.root / "data" / "bob.ttl").write_text(BOB + "person:x a .\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match=r"bob\.ttl:5: "):
            load(project)


def test_no_cache_in_the_environment_loads_in_memory_and_writes_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    loaded = load(project)
    assert (loaded.on_disk, persons(loaded)) == (False, ["ann", "bob"])
    assert not (project.root / ".footballkg-cache").exists()
    assert capsys.readouterr().err == ""  # asked for, so nothing to say


XSD = "http://www.w3.org/2001/XMLSchema#"


def test_kept_ill_typed_literals_are_listed_cold_and_warm_and_refused_without_keep(
    project: Project,
) -> None:
    bad = ANN.replace("1969-02-21", "1969-02-30")
    (project.root / "data" / "ann.ttl").write_text(bad, encoding="utf-8")
    expected = {ox.Literal("1969-02-30", datatype=ox.NamedNode(f"{XSD}date")): "ann.ttl"}
    for run in ("cold", "warm"):
        loaded = open_store(project, project.data_files(), keep_ill_typed=True)
        assert {lit: path.name for lit, path in loaded.ill_typed.items()} == expected, run
        assert persons(loaded) == ["ann", "bob"]
    with pytest.raises(InputError, match="1 literals do not fit their datatype"):
        load(project)  # the file is cached, kept by the run above: still refused


def test_literals_the_store_rewrites_are_listed_as_written_cold_and_warm(project: Project) -> None:
    fee = PREFIXES + 'person:bob fkg:fee "600000.0"^^xsd:decimal ; fkg:caps "07"^^xsd:integer .\n'
    (project.root / "data" / "fee.ttl").write_text(fee, encoding="utf-8")
    expected = {
        ox.Literal("600000.0", datatype=ox.NamedNode(f"{XSD}decimal")): "fee.ttl",
        ox.Literal("07", datatype=ox.NamedNode(f"{XSD}integer")): "fee.ttl",
    }
    for run in ("cold", "warm"):
        loaded = load(project)
        assert {lit: path.name for lit, path in loaded.rewritten.items()} == expected, run
    assert load(project).changed == []


PERSONS_QUERY = f"SELECT ?person WHERE {{ ?person a <{FKG}Person> }} ORDER BY ?person\n"


def test_query_on_oxigraph_reads_the_cache_and_sees_an_edit(project: Project) -> None:
    from click.testing import CliRunner

    from footballkg.cli import cli

    (project.root / "persons.rq").write_text(PERSONS_QUERY, encoding="utf-8")
    args = ["query", "--file", str(project.root / "persons.rq"), "--project", str(project.root)]
    args += ["--store", "oxigraph", "--format", "csv"]
    cold = CliRunner().invoke(cli, [*args, "--cache"])
    assert (cold.exit_code, cold.stdout) == (0, f"person\n{PERSON}ann\n{PERSON}bob\n")
    assert (project.root / ".footballkg-cache" / "manifest.json").is_file()
    (project.root / "data" / "bob.ttl").write_text(CID, encoding="utf-8")
    warm = CliRunner().invoke(cli, args)
    assert (warm.exit_code, warm.stdout) == (0, f"person\n{PERSON}ann\n{PERSON}cid\n")


def test_query_builds_no_cache_unless_asked_then_uses_the_one_there_is(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from footballkg.cli import cli

    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    (project.root / "persons.rq").write_text(PERSONS_QUERY, encoding="utf-8")
    args = ["query", "--file", str(project.root / "persons.rq"), "--project", str(project.root)]
    args += ["--store", "oxigraph", "--format", "csv"]
    manifest = project.root / ".footballkg-cache" / "manifest.json"
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert not manifest.parent.exists()  # a cold run without --cache builds nothing
    monkeypatch.setenv(CACHE_ENV, "1")
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert manifest.is_file()  # FOOTBALLKG_CACHE=1 builds it
    monkeypatch.delenv(CACHE_ENV)
    before = manifest.stat().st_mtime_ns
    (project.root / "data" / "bob.ttl").write_text(CID, encoding="utf-8")
    warm = CliRunner().invoke(cli, args)  # the cache exists: used, and updated
    assert (warm.exit_code, warm.stdout) == (0, f"person\n{PERSON}ann\n{PERSON}cid\n")
    assert manifest.stat().st_mtime_ns != before
    after = manifest.stat().st_mtime_ns
    (project.root / "data" / "bob.ttl").write_text(BOB, encoding="utf-8")
    fresh = CliRunner().invoke(cli, [*args, "--no-cache"])  # never touches it
    assert (fresh.exit_code, fresh.stdout) == (0, f"person\n{PERSON}ann\n{PERSON}bob\n")
    assert manifest.stat().st_mtime_ns == after


def test_use_cache_follows_flags_environment_and_what_exists(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    assert (use_cache(project), use_cache(project, True), use_cache(project, False)) == (
        False,
        True,
        False,
    )
    monkeypatch.setenv(CACHE_ENV, "1")
    assert use_cache(project)
    monkeypatch.delenv(CACHE_ENV)
    load(project)  # builds it
    assert use_cache(project)
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert not use_cache(project, True)


def age(path: Path, seconds: int = 3600) -> None:
    """Date the file's last change `seconds` ago (as a file checked out long before)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def test_files_whose_size_and_time_did_not_change_are_not_read_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in project.data_files():
        age(path)
    load(project)
    hashed: list[Path] = []
    real = cache_module._digest
    monkeypatch.setattr(cache_module, "_digest", lambda path: hashed.append(path) or real(path))
    assert load(project).added == []
    assert hashed == []  # neither file read: their size and time are as recorded
    bob = project.root / "data" / "bob.ttl"
    bob.write_text(BOB.replace("bob", "bib"), encoding="utf-8")  # the same size, a new time
    warm = load(project)
    assert warm.changed == [bob] and hashed == [bob]
    assert "bib" in " ".join(persons(warm)) and "bob" not in " ".join(persons(warm))


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(project)  # the files were written just now: a same-time rewrite could follow
    hashed: list[Path] = []
    real = cache_module._digest
    monkeypatch.setattr(cache_module, "_digest", lambda path: hashed.append(path) or real(path))
    load(project)
    assert sorted(hashed) == sorted(project.data_files())


def test_the_manifest_is_rewritten_only_when_what_it_says_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in project.data_files():
        age(path)
    load(project)
    written: list[list[str]] = []
    real = cache_module._write_manifest
    monkeypatch.setattr(
        cache_module,
        "_write_manifest",
        lambda folder, entries: written.append(sorted(entries)) or real(folder, entries),
    )
    load(project)
    assert written == []  # nothing changed: the manifest already says it all
    bob = project.root / "data" / "bob.ttl"
    age(bob, 1800)  # touched, the same content: its new time is kept for the next run
    assert load(project).changed == []
    assert written == [["data/ann.ttl", "data/bob.ttl"]]
    manifest = json.loads((project.root / ".footballkg-cache" / "manifest.json").read_text())
    assert manifest["files"]["data/bob.ttl"]["mtime_ns"] == bob.stat().st_mtime_ns
    load(project)
    assert len(written) == 1
    bob.unlink()  # gone: forgotten before its graph is dropped, and the manifest says so
    assert load(project).removed == ["data/bob.ttl"]
    assert written[1:] == [["data/ann.ttl"]]


def test_a_file_is_named_from_the_project_root_when_inside_it(project: Project) -> None:
    root = project.root
    ann = root / "data" / ".." / "data" / "ann.ttl"
    assert cache_module.file_key(project, ann) == "data/ann.ttl"
    beside = root.parent / f"{root.name}-other" / "x.ttl"  # its name starts as the root's
    assert cache_module.file_key(project, beside) == beside.resolve().as_posix()


def test_a_run_that_loads_every_file_can_keep_them_in_memory_too(project: Project) -> None:
    files = project.data_files()
    cold = open_store(project, files, keep_in_memory=True)
    assert cold.in_memory is not None and set(cold.in_memory) == quads(cold)
    del cold
    (project.root / "data" / "bob.ttl").write_text(CID, encoding="utf-8")
    warm = open_store(project, files, keep_in_memory=True)  # one file from the cache
    assert warm.in_memory is None
    del warm
    assert load(project, cache=False).in_memory is None
