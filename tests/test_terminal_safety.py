"""Odd input is a usage error at the door, and nothing printed can drive the terminal.

ECMA-48 escape sequences (ESC ] 0 ; title BEL sets the window title, ESC [ 2 J clears the
screen) written into a label must come out as visible `\\xNN` text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from footballkg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
LABEL_QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'SELECT ?l WHERE { ?s rdfs:label ?l FILTER(STRSTARTS(?l, "evil")) }\n'
)
# Turtle's \u escapes put the raw control characters into the literal.
HOSTILE_LABEL = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    '<https://example.org/x> rdfs:label "evil\\u001B]0;owned\\u0007\\u001B[2J\\u202Egnp" .\n'
)
SHOWN = "evil\\x1b]0;owned\\x07\\x1b[2J\\u202egnp"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--project", str(ROOT)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", f"l\n{'-' * len(SHOWN)}\n{SHOWN}\n"),
        ("markdown", f"| l |\n| --- |\n| {SHOWN} |\n"),
    ],
)
def test_control_characters_in_data_are_escaped_in_tables(
    tmp_path: Path, fmt: str, expected: str
) -> None:
    data, query = tmp_path / "label.ttl", tmp_path / "labels.rq"
    data.write_text(HOSTILE_LABEL, encoding="utf-8")
    query.write_text(LABEL_QUERY, encoding="utf-8")
    code, output = run("query", "--file", str(query), "--format", fmt, str(data))
    assert code == 0
    assert output == expected


def test_control_characters_in_an_error_message_are_escaped() -> None:
    code, output = run("query", "x\x1b[2J\x9b")
    assert code == 2
    assert output == (
        'Error: unknown query "x\\x1b[2J\\x9b". Run "footballkg queries" to list them.\n'
    )


def test_bytes_that_are_not_utf8_in_an_argument_are_a_usage_error() -> None:
    # Python hands undecodable argv bytes over as lone surrogates (PEP 383): b"a\xfe" -> this.
    code, output = run("query", "age-at-appointments", "--param", "person=a\udcfe")
    assert code == 2
    assert output == (
        "Error: the argument 'person=a\\xfe' is not valid UTF-8 text. "
        "Check the terminal's or the script's character encoding.\n"
    )


def test_a_malformed_iri_parameter_is_a_usage_error_at_input() -> None:
    code, output = run("query", "age-at-appointments", "--param", "person=<http://[::1>")
    assert code == 2
    assert output.endswith(
        "got '<http://[::1>' (IRI 'http://[::1' is not a valid IRI: "
        "Invalid character '[' in host).\n"
    )
    assert output.count("\n") == 1 and output.startswith("Error: ")


# A person whose label holds escape sequences, and who lacks the birth date's datatype: the
# report names the person by that label, in the heading and in the message.
HOSTILE_PERSON = (
    "@prefix fkg: <https://w3id.org/footballkg/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "<https://w3id.org/footballkg/id/person/x> a fkg:Person ;\n"
    '    rdfs:label "evil\\u001B]0;owned\\u0007\\u001B[2J\\u202Egnp"@en ;\n'
    '    fkg:birthDate "1970" .\n'
)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_in_data_are_escaped_in_validation_reports(
    tmp_path: Path, fmt: str
) -> None:
    data = tmp_path / "person.ttl"
    data.write_text(HOSTILE_PERSON, encoding="utf-8")
    code, output = run("validate", "--format", fmt, str(data))
    assert code == 1
    assert SHOWN in output
    assert not any(char in output for char in "\x1b\x07\u202e")
