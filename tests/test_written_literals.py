"""The store's canonical literals are mapped back to the file's spelling, and the files are
parsed again for it only when a literal the store may have rewritten is looked up."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from footballkg.validation import store as store_module
from footballkg.validation import survey
from footballkg.validation.store import load_for_validation, may_be_rewritten

DATA = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:a> <urn:p:start> "2020-01-01+00:00"^^xsd:date ;
    <urn:p:end> "2021-06-30"^^xsd:date ;
    <urn:p:fee> "+0600000.50"^^xsd:decimal ;
    <urn:p:born> "1980-13-45"^^xsd:date .
"""


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (
            Literal("2021-06-30", datatype=XSD.date, normalize=False),
            False,
        ),  # one spelling without a zone
        (Literal("2021", datatype=XSD.gYear, normalize=False), False),
        (
            Literal("2021-06-30Z", datatype=XSD.date, normalize=False),
            True,
        ),  # also "+00:00" or "-00:00"
        (Literal("2021-06-30-05:00", datatype=XSD.date, normalize=False), True),
        (Literal("5", datatype=XSD.integer, normalize=False), True),  # also "05", "+5"
        (Literal("true", datatype=XSD.boolean, normalize=False), True),  # also "1"
        (
            Literal("2021-06-30T00:00:00", datatype=XSD.dateTime, normalize=False),
            True,
        ),  # also "T24:00:00" the day before
        (Literal("P2Y", datatype=XSD.duration, normalize=False), True),  # also "P1Y12M"
        (Literal("https://example.org/", datatype=XSD.anyURI, normalize=False), False),
        (
            Literal("a", datatype="urn:my:type", normalize=False),
            False,
        ),  # not a datatype Oxigraph reads
        (Literal("Genk"), False),
        (Literal("Genk", lang="nl"), False),
    ],
)
# normalize=False keeps the lexical forms as given (rdflib would drop a date's time zone),
# as the engine's literals from the store keep them.


def test_which_literals_may_be_rewritten(literal: Literal, expected: bool) -> None:
    assert may_be_rewritten(literal) is expected


def test_written_spelling_found_only_when_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the survey process (a single core, or no processes), the store is asked.
    monkeypatch.setattr(store_module.Survey, "start", lambda *args: None)
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    data = load_for_validation([path])
    # The ill-typed date is found (from the store) with its line, without the second parse.
    assert [(str(bad.literal), bad.location.line) for bad in data.ill_typed] == [("1980-13-45", 5)]

    parses: list[int] = []
    scan = store_module._typed_literals

    def counted(*args: object) -> object:
        parses.append(1)
        return scan(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "_typed_literals", counted)
    assert data.as_written.get(Literal("2021-06-30", datatype=XSD.date, normalize=False)) is None
    assert parses == []  # a date without a zone has one spelling: no parse
    assert data.as_written[Literal("2020-01-01Z", datatype=XSD.date, normalize=False)] == Literal(
        "2020-01-01+00:00", datatype=XSD.date, normalize=False
    )
    assert data.as_written[Literal("600000.5", datatype=XSD.decimal, normalize=False)] == Literal(
        "+0600000.50", datatype=XSD.decimal, normalize=False
    )
    assert parses == [1]  # parsed once, for both


def test_the_survey_finds_the_same_without_a_second_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(survey, "core_free", lambda: True)  # whatever the machine's load
    monkeypatch.setattr(survey, "WORTH_A_PROCESS", 0)  # however small the data
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    monkeypatch.setattr(store_module, "_typed_literals", None)  # never called
    monkeypatch.setattr(store_module, "_ill_typed_in_store", None)  # the store is not asked
    data = load_for_validation([path])
    assert data.used is not None  # the survey ran
    assert [(str(bad.literal), bad.location.line) for bad in data.ill_typed] == [("1980-13-45", 5)]
    assert dict(data.as_written) == {
        Literal("2020-01-01Z", datatype=XSD.date, normalize=False): Literal(
            "2020-01-01+00:00", datatype=XSD.date, normalize=False
        ),
        Literal("600000.5", datatype=XSD.decimal, normalize=False): Literal(
            "+0600000.50", datatype=XSD.decimal, normalize=False
        ),
    }
