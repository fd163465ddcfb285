"""The cache's name index narrows `search` to the resources whose names hold the text, and the
answer stays the one the query gives unnarrowed: on the project's data beside a generated
league, for hand-picked texts and for seeded random pieces of the names there."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from tests.benchmark_scripts import load_script

from footballkg.cli import cli
from footballkg.errors import InputError
from footballkg.project import Project
from footballkg.queries.catalogue import get_query, load_query_file
from footballkg.stores import CACHE_DIR_ENV, CACHE_ENV, NO_CACHE_ENV, name_index, open_store

ROOT = Path(__file__).resolve().parent.parent
TEAM = "https://w3id.org/footballkg/id/team/"
# Texts with something to show: a Dutch label ("Duitsland"), an alternative label only
# ("(ob", of "Odense (OB)"), a nickname ("buffalo"), letters that change when lowercased
# ("BELGIË", "ë"), a whole name, text no name holds, and text the index does not look up.
TEXTS = ("genk", "duitsland", "(ob", "buffalo", "BELGIË", "ë", "Esbjerg fB", "xyzzy", "a\tb", "\\")


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(ROOT / name, root / name)
    load_script("generate").generate(300, root / "data" / "league", seed=3)
    (root / "data" / "league" / "truth.json").unlink()
    return root


@pytest.fixture
def cached(league: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_DIR_ENV, str(league / "cache"))
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    return league


def search(project: Path, text: str, *, cache: bool) -> str:
    args = ["query", "search", "--param", f"text={text}", "--project", str(project)]
    args += ["--store", "oxigraph", "--format", "csv", "--cache" if cache else "--no-cache"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def index_lines(project: Path) -> list[str]:
    """Every line of the cache's names files: a lowercased name, a tab, its resource."""
    folder = project / "cache" / "names"
    return [line for f in folder.iterdir() for line in f.read_text().splitlines()]


def test_search_on_the_cache_answers_as_the_unnarrowed_query(cached: Path) -> None:
    texts = list(TEXTS)
    search(cached, "genk", cache=True)  # builds the cache and its names files
    rng = random.Random(11)
    names = sorted({line.split("\t")[0] for line in index_lines(cached)})
    for name in rng.sample(names, 25):
        start = rng.randrange(len(name))
        texts.append(name[start : start + rng.randint(1, 6)].upper())
    for text in texts:
        assert search(cached, text, cache=True) == search(cached, text, cache=False), text


def test_the_index_narrows_to_the_resources_named_so(cached: Path) -> None:
    project = Project(cached)
    loaded = open_store(project, [*project.ontology_files(), *project.data_files()])
    query = get_query(project.queries_dir, "search")

    def among(text: str) -> dict[str, list[URIRef]]:
        return loaded.narrowing(query, {"text": Literal(text)})  # type: ignore[return-value]

    assert URIRef(f"{TEAM}odense-bk") in among("(OB")["resource"]
    assert URIRef(f"{TEAM}krc-genk") in among("Genk")["resource"]
    assert among("xyzzy") == {"resource": []}
    assert among("a\tb") == {}  # a tab is written escaped in the index: not looked up
    folder = cached / "cache" / "names"
    (folder / name_index.TOGETHER).unlink()  # read again from each file's names
    assert URIRef(f"{TEAM}krc-genk") in among("Genk")["resource"]
    (folder / name_index.TOGETHER).unlink()
    one = next(path for path in folder.iterdir() if path.name != name_index.TOGETHER)
    one.rename(one.with_suffix(".gone"))  # a names file missing: no index
    try:
        assert among("genk") == {}
    finally:
        one.with_suffix(".gone").rename(one)


def test_a_changed_file_changes_its_names_and_a_removed_one_takes_them_away(
    cached: Path,
) -> None:
    extra = cached / "data" / "extra.ttl"
    extra.write_text(
        "@prefix fkg: <https://w3id.org/footballkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<{TEAM}zq-united> a fkg:Club ; rdfs:label "ZQ United"@en ; fkg:nickname "Quokkas"@en .\n',
        encoding="utf-8",
    )
    try:
        assert search(cached, "quokka", cache=True).splitlines()[1:] == [
            f"{TEAM}zq-united,https://w3id.org/footballkg/ontology#Club,ZQ United"
        ]
        extra.write_text(extra.read_text().replace("Quokkas", "Wombats"), encoding="utf-8")
        assert search(cached, "quokka", cache=True).splitlines()[1:] == []
        assert len(search(cached, "wombat", cache=True).splitlines()) == 2
    finally:
        extra.unlink()
    assert search(cached, "wombat", cache=True).splitlines()[1:] == []
    assert not [line for line in index_lines(cached) if "zq-united" in line]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("names_contain: text", "must be {param: NAME, of: VARIABLE}"),
        ("names_contain: {param: text}", "must be {param: NAME, of: VARIABLE}"),
        ("names_contain: {param: text, of: thing}", "names thing, which the query does not use"),
    ],
)
def test_a_wrong_names_contain_header_is_refused(tmp_path: Path, header: str, problem: str) -> None:
    path = tmp_path / "find.rq"
    path.write_text(
        f"#+ summary: find\n#+ {header}\n"
        "SELECT ?resource WHERE { ?resource ?p ?name FILTER(CONTAINS(?name, ?text)) }\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        load_query_file(path)


def test_the_index_holds_the_names_the_search_query_reads() -> None:
    text = (ROOT / "queries" / "search.rq").read_text(encoding="utf-8")
    path = "rdfs:label|skos:altLabel|skos:prefLabel|fkg:nickname ?matched"
    assert path in text
    expanded = {
        "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
        "skos:": "http://www.w3.org/2004/02/skos/core#",
        "fkg:": "https://w3id.org/footballkg/ontology#",
    }
    read = set()
    for name in path.split(" ")[0].split("|"):
        prefix, local = name.split(":")
        read.add(expanded[prefix + ":"] + local)
    assert read == set(name_index.NAME_PREDICATES)
    assert "FILTER(CONTAINS(LCASE(STR(?matched)), LCASE(STR(?text))))" in text
