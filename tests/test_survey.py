"""The survey process lists what the files hold as a store loaded from them holds it: the
typed literals of the default graph with the first file that writes each, its predicates and
the classes its nodes are typed with."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from footballkg.validation import survey
from footballkg.validation.survey import Found, Survey, core_free, read_files

XSD = "http://www.w3.org/2001/XMLSchema#"

FIRST = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Tenure ; ex:start "2020-01-01"^^xsd:date ; ex:name "A" , "A"@en ;
    ex:fee "1.50"^^xsd:decimal .
"""
SECOND = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:b ex:start "2020-01-01"^^xsd:date ; ex:end "2020-13-45"^^xsd:date .
ex:graph { ex:c a ex:Hidden ; ex:inGraph "2"^^xsd:integer . }
"""


def test_the_survey_lists_the_default_graph_s_typed_literals_predicates_and_classes(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.ttl", tmp_path / "second.trig"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    formats = [ox.RdfFormat.TURTLE.media_type, ox.RdfFormat.TRIG.media_type]
    found = read_files([str(first), str(second)], formats)
    # Strings and language-tagged strings are left out; literals as written, once each, with
    # the first file that writes them; the named graph's statements are not the data's.
    assert found.literals == [
        ("2020-01-01", XSD + "date", 0),
        ("1.50", XSD + "decimal", 0),
        ("2020-13-45", XSD + "date", 1),
    ]
    ex = "http://example.org/"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert found.predicates == {rdf_type, ex + "start", ex + "name", ex + "fee", ex + "end"}
    assert found.classes == {ex + "Tenure"}


def test_a_survey_that_cannot_read_a_file_gives_nothing(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text(FIRST, encoding="utf-8")
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    survey = Survey([good, bad], [ox.RdfFormat.TURTLE, ox.RdfFormat.TURTLE])
    try:
        assert survey.result() is None  # the caller asks the store instead
    finally:
        survey.stop()
    survey = Survey([good], [ox.RdfFormat.TURTLE])
    try:
        assert isinstance(survey.result(), Found)
    finally:
        survey.stop()


def test_the_survey_runs_only_when_a_core_looks_free(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.9, 0.0, 0.0), raising=False)
    assert core_free()  # 2 cores, less than one and a half busy
    monkeypatch.setattr(os, "getloadavg", lambda: (4.6, 0.0, 0.0), raising=False)
    assert not core_free()  # both busy: parsing again would only add work
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0), raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not core_free()  # one core


def test_small_data_is_not_worth_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "first.ttl"
    path.write_text(FIRST, encoding="utf-8")
    monkeypatch.setattr(survey, "core_free", lambda: True)
    assert Survey.start([path], [ox.RdfFormat.TURTLE]) is None
    monkeypatch.setattr(survey, "WORTH_A_PROCESS", len(FIRST))
    started = Survey.start([path], [ox.RdfFormat.TURTLE])
    assert started is not None
    try:
        assert isinstance(started.result(), Found)
    finally:
        started.stop()
