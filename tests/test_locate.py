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

from footballkg.project import Project
from footballkg.rdf.locate import Location, locate

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
