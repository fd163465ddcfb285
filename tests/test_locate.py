"""Every subject of the real ontology and data is located where it is first written as a subject.

The expected places come from a reading of the Turtle files independent of the program's
tokenizer: the project writes each subject block starting at column 0, so a line that starts
with a name followed by whitespace opens a block about that name; every other line (an
indented predicate, a continued object list, a comment) does not.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from footballkg.project import Project
from footballkg.rdf.locate import Location, locate, scan_text

_PREFIX = re.compile(r"@prefix\s+([A-Za-z0-9_-]*):\s*<([^>]*)>\s*\.")
_OPENS_BLOCK = re.compile(r"([^\s#@<][^\s]*|<[^>\s]*>)(?:\s|$)")


def subject_blocks(files: list[Path]) -> dict[URIRef, Location]:
    """Where each IRI first opens a subject block (a name at column 0), in file order."""
    found: dict[URIRef, Location] = {}
    for path in files:
        prefixes: dict[str, str] = {}
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            declared = _PREFIX.match(line)
            if declared:
                prefixes[declared.group(1)] = declared.group(2)
                continue
            opened = _OPENS_BLOCK.match(line)
            if not opened:
                continue
            name = opened.group(1)
            if name.startswith("<"):
                iri = name[1:-1]
            else:
                prefix, _, local = name.partition(":")
                iri = prefixes[prefix] + local
            found.setdefault(URIRef(iri), Location(path, number))
    return found


def test_every_subject_is_located_where_it_is_first_written_as_a_subject(
    repo_project: Project,
) -> None:
    files = [*repo_project.ontology_files(), *repo_project.data_files()]
    expected = subject_blocks(files)
    assert len(expected) == 334  # the subjects of the ontology and the data
    subjects, _ = locate(files, list(expected), set())
    wrong = {
        str(node): (str(subjects.get(node)), str(where))
        for node, where in expected.items()
        if subjects.get(node) != where
    }
    assert wrong == {}


def test_a_statement_is_located_at_its_predicate_in_the_subject_block(
    repo_project: Project,
) -> None:
    tenure = URIRef("https://w3id.org/footballkg/id/tenure/jess-thorup-krc-genk-head-coach-2020")
    end_cause = URIRef("https://w3id.org/footballkg/ontology#endCause")
    files = repo_project.data_files()
    subjects, statements = locate(files, [tenure], {(tenure, end_cause)})
    assert str(subjects[tenure]) == "data/people/jess-thorup.ttl:233"
    assert str(statements[(tenure, end_cause)]) == "data/people/jess-thorup.ttl:241"


TURTLE = '''\
@prefix ex: <http://example.org/> .
@base <http://example.org/base/> .
# a comment with "quotes" and <angles>
ex:a a ex:T ;
    ex:label "one" , "two"@en ;
    ex:next ex:b.
<c> ex:note """a long
string""" ;
    ex:count "3"^^<http://www.w3.org/2001/XMLSchema#integer> ;
    ex:nested [ ex:inner ex:d ] ;
    ex:list ( ex:e ex:f ) .
PREFIX p: <http://example.org/p/>
p:g ex:when "2020-01-01"^^p:date.


ex:h ex:text "tab\\tand \\"quote\\"" .
'''


def test_the_scan_finds_subjects_predicates_and_typed_literals_at_their_lines() -> None:
    ex = "http://example.org/"
    scan = scan_text(TURTLE)
    assert scan.subjects == {
        URIRef(ex + "a"): 4,
        URIRef(ex + "base/c"): 7,
        URIRef(ex + "p/g"): 13,
        URIRef(ex + "h"): 16,
    }
    assert scan.statements == {
        (URIRef(ex + "a"), RDF.type): 4,
        (URIRef(ex + "a"), URIRef(ex + "label")): 5,
        (URIRef(ex + "a"), URIRef(ex + "next")): 6,
        (URIRef(ex + "base/c"), URIRef(ex + "note")): 7,
        (URIRef(ex + "base/c"), URIRef(ex + "count")): 9,
        (URIRef(ex + "base/c"), URIRef(ex + "nested")): 10,
        (URIRef(ex + "base/c"), URIRef(ex + "list")): 11,
        (URIRef(ex + "p/g"), URIRef(ex + "when")): 13,
        (URIRef(ex + "h"), URIRef(ex + "text")): 16,
    }
    assert scan.literals == {
        ("3", "http://www.w3.org/2001/XMLSchema#integer"): 9,
        ("2020-01-01", ex + "p/date"): 13,
    }


def test_the_scan_records_only_what_is_asked_for() -> None:
    a, c = URIRef("http://example.org/a"), URIRef("http://example.org/base/c")
    scan = scan_text(TURTLE, subjects={c}, statements={a}, literals=False)
    assert scan.subjects == {c: 7}
    assert set(scan.statements) == {(a, RDF.type), (a, URIRef("http://example.org/label")),
                                    (a, URIRef("http://example.org/next"))}  # fmt: skip
    assert scan.literals == {}


def test_a_trig_graph_name_is_not_a_subject() -> None:
    text = "@prefix ex: <http://example.org/> .\nex:g {\n  ex:s ex:p ex:o .\n}\nex:t ex:p 1 .\n"
    assert scan_text(text).subjects == {
        URIRef("http://example.org/s"): 3,
        URIRef("http://example.org/t"): 5,
    }


SKIPPED = '''\
@prefix ex: <http://example.org/> .
ex:other ex:p "a . b" , 'c . d' , """e .
f . """ ; ex:q ex:a.b , 1.5 , .5 ; # a comment . here
    ex:r <http://example.org/x.y> , [ ex:s "g . h" ] , ( ex:t.u ) ;
    ex:v "w"^^ex:type.ex:wanted ;
    ex:q "x"@en-GB.
ex:wanted ex:p ex:o .
'''


def test_a_statement_nothing_is_wanted_from_ends_at_its_own_dot() -> None:
    # The body of ex:other is read without stopping at the dots inside its strings, names,
    # numbers and comment; ex:wanted is first a subject on line 7 ("ex:type.ex:wanted" on
    # line 5 is one name, a datatype).
    wanted = URIRef("http://example.org/wanted")
    scan = scan_text(SKIPPED, subjects={wanted}, statements={wanted}, literals=False)
    assert scan.subjects == {wanted: 7}
    assert scan.statements == {(wanted, URIRef("http://example.org/p")): 7}
