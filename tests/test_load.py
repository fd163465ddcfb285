"""One loading path: project discovery, syntax errors with positions, ill-typed literals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from footballkg.errors import InputError
from footballkg.project import find_project, rdf_files
from footballkg.rdf.load import Location, load_graph, load_project
from footballkg.rdf.namespaces import PROJECT_PREFIXES
from footballkg.validation import load_store
from sample_project import PREFIXES

PERSON = PROJECT_PREFIXES["person"]
XSD = "http://www.w3.org/2001/XMLSchema#"
TENURE = PROJECT_PREFIXES["tenure"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- finding the project --------------------------------------------------------------------


MakeProject = Callable[..., Path]


def test_project_is_found_from_a_subfolder(make_project: MakeProject) -> None:
    root = make_project()
    assert find_project(start=root / "data").root == root.resolve()


def test_explicit_project_must_hold_the_three_folders(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(InputError) as caught:
        find_project(explicit=tmp_path)
    assert caught.value.message == (
        f'"{tmp_path}" is not a footballkg project: it has no shapes/, ontology/. '
        "A project folder holds data/, shapes/ and ontology/."
    )


def test_no_project_above_says_how_to_name_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--project DIR"):
        find_project(start=tmp_path)


def test_paths_replace_data_and_the_ontology_is_always_loaded(make_project: MakeProject) -> None:
    root = make_project({"other/one.ttl": PREFIXES + "person:zed a fkg:Person .\n"})
    project = find_project(explicit=root)
    loaded = load_project(project, [root / "other"])
    assert [p.name for p in loaded.files] == ["ontology.ttl", "one.ttl"]
    assert (URIRef(PERSON + "zed"), None, None) in loaded.graph
    assert (URIRef(PERSON + "ann"), None, None) not in loaded.graph


def test_folders_are_searched_recursively_skipping_hidden_ones(make_project: MakeProject) -> None:
    triple = PREFIXES + "person:{} a fkg:Person .\n"
    root = make_project(
        {
            "data/a/b/deep.nt": f"<{PERSON}deep> <{PERSON}p> <{PERSON}q> .\n",
            "data/.hidden/x.ttl": triple.format("hidden"),
            "data/notes.txt": "not RDF",
        }
    )
    loaded = load_project(find_project(explicit=root))
    assert sorted(p.relative_to(root).as_posix() for p in loaded.files) == [
        "data/a/b/deep.nt",
        "data/people.ttl",
        "ontology/ontology.ttl",
    ]


def test_files_are_listed_folder_by_folder_and_each_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a-b/c.ttl", "a/b.ttl", "a.ttl", "a b/d.ttl"):
        write(tmp_path / "data" / name, "")
    (tmp_path / "data" / "link.ttl").symlink_to(tmp_path / "data" / "a.ttl")
    monkeypatch.chdir(tmp_path)
    files = rdf_files([Path("data"), Path("data/a/b.ttl")])
    # Names compared folder by folder: "a" before "a b", "a-b" and "a.ttl" (a space, "-"
    # and "." come before "/" in text, not in this order).
    assert [path.as_posix() for path in files] == [
        "data/a/b.ttl",
        "data/a b/d.ttl",
        "data/a-b/c.ttl",
        "data/a.ttl",
    ]


def test_a_named_file_of_unknown_syntax_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", "")
    with pytest.raises(InputError, match="cannot tell its RDF syntax"):
        load_graph([path])


# --- syntax errors ---------------------------------------------------------------------------


def test_syntax_error_names_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data/bad.ttl", PREFIXES + "person:ann a fkg:Person ;\n  fkg:team tem:x .\n")
    with pytest.raises(InputError) as caught:
        load_graph([Path("data/bad.ttl")])
    assert caught.value.message == (
        "data/bad.ttl:11:12: The prefix tem: has not been declared. "
        "Declare it with @prefix or fix the name."
    )


def test_missing_dot_is_reported_where_the_next_statement_starts(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.ttl", PREFIXES + "person:ann a fkg:Person\nperson:bob a fkg:Person .\n"
    )
    with pytest.raises(InputError, match=r"x.ttl:11:\d+: "):
        load_graph([path])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("x.nt", "<http://example.org/a> <http://example.org/b> .\n"),
        ("x.jsonld", '{"@id": "http://example.org/a", '),
        ("x.trig", "<http://example.org/g> { <http://example.org/a> }\n"),
    ],
)
def test_syntax_errors_in_other_formats_name_the_file(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(InputError) as caught:
        load_graph([path])
    assert caught.value.message.startswith(f"{path}:")


# --- ill-typed literals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "problem"),
    [
        ('"2020-13-45"^^xsd:date', '"2020-13-45" is not a valid xsd:date'),
        (
            '"2021-02-29"^^xsd:date',
            '"2021-02-29" is not a valid xsd:date: that month has no day 29.',
        ),
        (
            '"64"^^xsd:gYear',
            '"64" is not a valid xsd:gYear: expected a year of at least four digits',
        ),
        ('"yes"^^xsd:boolean', '"yes" is not a valid xsd:boolean: expected true, false, 1 or 0.'),
        ('"2008-13"^^xsd:gYearMonth', '"2008-13" is not a valid xsd:gYearMonth'),
        ('"2008-1"^^xsd:gYearMonth', '"2008-1" is not a valid xsd:gYearMonth'),
        ('"twelve"^^xsd:integer', '"twelve" is not a valid xsd:integer'),
        ('"1.5.2"^^xsd:decimal', '"1.5.2" is not a valid xsd:decimal'),
        ('"-3"^^xsd:nonNegativeInteger', '"-3" is not a valid xsd:nonNegativeInteger'),
        ('"3 years"^^xsd:duration', '"3 years" is not a valid xsd:duration'),
        ('"2020-11-02 10:00"^^xsd:dateTime', '"2020-11-02 10:00" is not a valid xsd:dateTime'),
    ],
)
def test_ill_typed_literal_is_an_error_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, literal: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "x.ttl", PREFIXES + f"person:ann a fkg:Person ;\n    fkg:birthDate {literal} .\n"
    )
    with pytest.raises(InputError) as caught:
        load_graph([Path("x.ttl")])
    assert caught.value.message.startswith(f"x.ttl:11: {problem}")


def test_every_ill_typed_literal_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "x.ttl",
        PREFIXES
        + 'person:ann fkg:a "64"^^xsd:gYear .\n'
        + "person:bob fkg:a '''yes'''^^<http://www.w3.org/2001/XMLSchema#boolean> .\n",
    )
    with pytest.raises(InputError) as caught:
        load_graph([Path("x.ttl")])
    assert caught.value.message == (
        "2 literals do not fit their datatype:\n"
        '  x.ttl:10: "64" is not a valid xsd:gYear: expected a year of at least four digits, '
        'such as "1964".\n'
        '  x.ttl:11: "yes" is not a valid xsd:boolean: expected true, false, 1 or 0.'
    )


def test_store_loader_lists_ill_typed_literals_with_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    good = write(tmp_path / "a.ttl", PREFIXES + 'person:ann fkg:a "1964"^^xsd:gYear .\n')
    bad = write(
        tmp_path / "b.ttl",
        PREFIXES + 'person:bob fkg:a "64"^^xsd:gYear .\nperson:cy fkg:a "yes"^^xsd:boolean .\n',
    )
    with pytest.raises(InputError) as caught:
        load_store([good, bad])
    assert caught.value.message == (
        "2 literals do not fit their datatype:\n"
        '  b.ttl: "64" is not a valid xsd:gYear: expected a year of at least four digits, '
        'such as "1964".\n'
        '  b.ttl: "yes" is not a valid xsd:boolean: expected true, false, 1 or 0.'
    )


def test_store_loader_reports_a_syntax_error_before_any_literal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The literal check reads the files on another thread than the loader: the syntax
    # error, with its line, is what the user sees.
    monkeypatch.chdir(tmp_path)
    ill = write(tmp_path / "a.ttl", PREFIXES + 'person:ann fkg:a "64"^^xsd:gYear .\n')
    broken = write(tmp_path / "b.ttl", PREFIXES + "person:bob fkg:a .\n")
    with pytest.raises(InputError) as caught:
        load_store([ill, broken])
    assert caught.value.message.startswith("b.ttl:10")


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("2020-02-29", URIRef(XSD + "date")),
        ("2000-02-29", URIRef(XSD + "date")),
        ("2020-11-02Z", URIRef(XSD + "date")),
        ("2020-11-02+01:00", URIRef(XSD + "date")),
        ("0064", URIRef(XSD + "gYear")),
        ("-0044", URIRef(XSD + "gYear")),
        ("12020", URIRef(XSD + "gYear")),
        ("2008-11", URIRef(XSD + "gYearMonth")),
        ("1", URIRef(XSD + "boolean")),
        ("01", URIRef(XSD + "integer")),
        ("+5", URIRef(XSD + "integer")),
        ("1.50", URIRef(XSD + "decimal")),
        (".5", URIRef(XSD + "decimal")),
        ("1E3", URIRef(XSD + "double")),
        ("INF", URIRef(XSD + "double")),
        ("P3Y", URIRef(XSD + "duration")),
        ("P1Y6M", URIRef(XSD + "duration")),
        ("PT36H", URIRef(XSD + "duration")),
        ("2020-11-02T24:00:00", URIRef(XSD + "dateTime")),
        ("--02-29", URIRef(XSD + "gMonthDay")),
    ],
)
def test_valid_literals_load_with_their_lexical_form_unchanged(
    tmp_path: Path, lexical: str, datatype: URIRef
) -> None:
    path = write(
        tmp_path / "x.ttl",
        f'<http://example.org/a> <http://example.org/b> "{lexical}"^^<{datatype}> .\n',
    )
    graph = load_graph([path]).graph
    (value,) = graph.objects()
    assert isinstance(value, Literal)
    assert (str(value), value.datatype) == (lexical, datatype)


# --- what the loaded graph holds --------------------------------------------------------------


def test_locations_point_at_the_line_where_each_subject_is_described(
    make_project: MakeProject,
) -> None:
    root = make_project()
    loaded = load_project(find_project(explicit=root))
    data = root / "data/people.ttl"
    assert loaded.location(URIRef(PERSON + "ann")) == Location(data, 11)
    assert loaded.location(URIRef(TENURE + "ann-alpha-head-coach-2020")) == Location(data, 14)
    assert loaded.location(URIRef(TENURE + "ann-beta-head-coach-2021")) == Location(data, 20)
    assert loaded.location(URIRef(PERSON + "nobody")) is None


def test_locations_in_trig_ntriples_and_with_base_and_sparql_prefixes(tmp_path: Path) -> None:
    trig = write(
        tmp_path / "x.trig",
        "PREFIX ex: <http://example.org/>\nBASE <http://example.org/base/>\n"
        "GRAPH ex:g {\n  ex:a ex:p ex:b .\n  <c> ex:p [ ex:q ex:r ] .\n}\n"
        'ex:g2 { ex:d ex:p "x." }\n',
    )
    nt = write(tmp_path / "x.nt", '<http://example.org/e> <http://example.org/p> "1" .\n')
    loaded = load_graph([trig, nt])
    lines = {str(node): where.line for node, where in loaded.locations.items()}
    assert lines == {
        "http://example.org/a": 4,
        "http://example.org/base/c": 5,
        "http://example.org/d": 7,
        "http://example.org/e": 1,
    }


def test_blank_node_labels_are_local_to_their_file(tmp_path: Path) -> None:
    one = write(tmp_path / "one.ttl", "_:b1 <http://example.org/p> 1 .\n")
    two = write(tmp_path / "two.ttl", "_:b1 <http://example.org/p> 2 .\n")
    subjects = set(load_graph([one, two]).graph.subjects())
    assert len(subjects) == 2
    assert all(isinstance(s, BNode) for s in subjects)


def test_the_project_prefixes_are_bound(make_project: MakeProject) -> None:
    loaded = load_project(find_project(explicit=make_project()))
    bound = {prefix: str(ns) for prefix, ns in loaded.graph.namespaces()}
    assert bound["person"] == PERSON
    assert bound["fkg"] == "https://w3id.org/footballkg/ontology#"


def test_the_repository_data_loads_and_every_person_file_is_located(repo_graph) -> None:  # type: ignore[no-untyped-def]
    where = repo_graph.location(URIRef(PERSON + "jess-thorup"))
    assert where is not None
    assert where.file.as_posix().endswith("data/people/jess-thorup.ttl")


def test_statement_locations_point_at_the_predicate_line(make_project: MakeProject) -> None:
    loaded = load_project(find_project(explicit=make_project()))
    data = make_project() / "data/people.ttl"
    beta = URIRef(TENURE + "ann-beta-head-coach-2021")
    start = URIRef("https://w3id.org/footballkg/ontology#startDate")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert loaded.location(beta, start) == Location(data, 23)
    assert loaded.location(beta, rdf_type) == Location(data, 20)
    # Unknown predicate: the subject's own line.
    assert loaded.location(beta, URIRef("http://example.org/nothing")) == Location(data, 20)


def test_byte_order_mark_and_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "windows.ttl"
    path.write_bytes(
        b"\xef\xbb\xbf@prefix ex: <http://example.org/> .\r\n"
        b'ex:a ex:p "x" .\r\n'
        b'ex:b ex:p "2020-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .\r\n'
    )
    with pytest.raises(InputError) as caught:
        load_graph([path])
    assert caught.value.message.endswith(
        'windows.ttl:3: "2020-02-30" is not a valid xsd:date: that month has no day 30.'
    )
