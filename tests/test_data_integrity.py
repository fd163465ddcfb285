"""House rules of data/: labels, sources, date precision, slugs and file layout.

These checks hold for any career added to data/, not just Jess Thorup's; the table of expected
date precisions at the end is the one part written for the Thorup data set, from the sentences
its dates come from.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from footballkg.rdf.namespaces import FKG, ID, RESOURCE_TYPES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ONTOLOGY_FILES = sorted(ROOT.glob("ontology/*.ttl"))
DATA_FILES = sorted(DATA.glob("**/*.ttl"))

# Plain Namespaces: pytest probes module globals, and rdflib's closed namespaces warn on that.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PERSON = Namespace(ID + "person/")
SOURCE = Namespace(ID + "source/")
TENURE = Namespace(ID + "tenure/")

DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
DATE_PROPERTIES = [
    FKG.birthDate,
    FKG.startDate,
    FKG.endDate,
    FKG.startNotBefore,
    FKG.startNotAfter,
    FKG.endNotBefore,
    FKG.endNotAfter,
    FKG.announcedDate,
    FKG.signedDate,
    FKG.agreedEnd,
    FKG.matchDate,
    FKG.asOf,
    FKG.publishedNotBefore,
    FKG.forYear,
    FKG.firstYear,
    FKG.lastYear,
    DCTERMS.date,
]
# Every node of these classes states a fact and must cite the document it comes from.
SOURCED_CLASSES = [
    FKG.Tenure,
    FKG.CompetitionResult,
    FKG.Match,
    FKG.Tie,
    FKG.AwardReceipt,
    FKG.Fee,
    FKG.Claim,
    FKG.Contract,
    FKG.Move,
]
SLUG = re.compile(
    "^" + re.escape(ID) + "(" + "|".join(RESOURCE_TYPES) + ")/[a-z0-9]+(-[a-z0-9]+)*$"
)


def _parse(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def data() -> Graph:
    return _parse(DATA_FILES)


@pytest.fixture(scope="module")
def kg() -> Graph:
    return _parse([*ONTOLOGY_FILES, *DATA_FILES])


def _instances(kg: Graph, cls: URIRef) -> set[Node]:
    classes = set(kg.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in kg.subjects(RDF.type, c)}


def _resources(graph: Graph) -> set[URIRef]:
    nodes = set(graph.subjects()) | set(graph.objects())
    return {n for n in nodes if isinstance(n, URIRef) and n.startswith(ID)}


# ---------------------------------------------------------------------------- names


def test_every_resource_is_described_and_labelled(data: Graph, kg: Graph) -> None:
    problems = []
    for node in sorted(_resources(data)):
        if (node, RDF.type, None) not in kg:
            problems.append(f"{node} is used but never described (no rdf:type)")
        labels = list(kg.objects(node, RDFS.label))
        if not labels:
            problems.append(f"{node} has no rdfs:label")
        if any(not isinstance(lb, Literal) or not lb.language for lb in labels):
            problems.append(f"{node} has a label without a language tag")
        per_language = Counter(lb.language for lb in labels if isinstance(lb, Literal))
        problems += [
            f"{node} has {n} rdfs:label values @{lang}: keep one, move others to skos:altLabel"
            for lang, n in per_language.items()
            if n > 1
        ]
    assert not problems, "\n".join(problems)


def test_slugs_are_lowercase_ascii_kebab_case(kg: Graph) -> None:
    bad = sorted(str(n) for n in _resources(kg) if not SLUG.match(n))
    assert not bad, "IRIs that break the id/<type>/<kebab-slug> rule:\n" + "\n".join(bad)


def test_tenure_slugs_name_person_team_role_and_first_year(kg: Graph) -> None:
    problems = []
    for tenure in sorted(_instances(kg, FKG.Tenure)):
        parts = [kg.value(tenure, p) for p in (FKG.person, FKG.team, FKG.role)]
        stem = "-".join(str(p).rsplit("/", 1)[1] for p in parts if p is not None)
        start = kg.value(tenure, FKG.startDate) or kg.value(tenure, FKG.startNotBefore)
        expected = f"{stem}-{str(start)[:4]}" if start is not None else stem
        if tenure != TENURE[expected]:
            problems.append(f"{tenure} should be tenure:{expected}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------- sources


def test_sources_carry_title_language_and_date(kg: Graph) -> None:
    sources = _instances(kg, FKG.Source)
    assert {SOURCE["news-thorup-genk-2020-11-02"], SOURCE["encyclopedia-jess-thorup"]} <= sources
    for source in sources:
        for prop in (DCTERMS.title, DCTERMS.language, DCTERMS.date):
            assert (source, prop, None) in kg, f"{source} has no {prop}"


def test_every_fact_cites_an_existing_source(kg: Graph) -> None:
    sources = _instances(kg, FKG.Source)
    problems = []
    for cls in SOURCED_CLASSES:
        nodes = _instances(kg, cls)
        assert nodes, f"no {cls} in the data"
        for node in sorted(nodes):
            cited = set(kg.objects(node, PROV.wasDerivedFrom))
            if not cited:
                problems.append(f"{node} cites no source (prov:wasDerivedFrom)")
            problems += [f"{node} cites {c}, which is not a source" for c in cited - sources]
    assert not problems, "\n".join(problems)


def test_quotes_are_in_the_language_of_their_source(kg: Graph) -> None:
    problems = []
    for node, quote in kg.subject_objects(FKG.quote):
        languages = {
            str(kg.value(s, DCTERMS.language)) for s in kg.objects(node, PROV.wasDerivedFrom)
        }
        if not isinstance(quote, Literal) or quote.language not in languages:
            problems.append(
                f"{node}: quote in {getattr(quote, 'language', None)}, source in {languages}"
            )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------- dates


def _day_bounds(value: Literal) -> tuple[date, date]:
    """Earliest and latest day a date literal of any precision can mean."""
    text = str(value)
    if value.datatype == XSD.gYear:
        return date(int(text), 1, 1), date(int(text), 12, 31)
    if value.datatype == XSD.gYearMonth:
        year, month = int(text[:4]), int(text[5:7])
        last = date(year + month // 12, month % 12 + 1, 1) - date.resolution
        return date(year, month, 1), last
    day = date.fromisoformat(text)
    return day, day


def test_dates_are_typed_with_their_precision(data: Graph) -> None:
    problems = []
    for prop in DATE_PROPERTIES:
        for node, value in data.subject_objects(prop):
            if not isinstance(value, Literal) or value.datatype not in DATE_TYPES:
                problems.append(f"{node} {prop}: {value!r} is not xsd:date/gYearMonth/gYear")
            elif getattr(value, "ill_typed", False):
                problems.append(f"{node} {prop}: {value!r} is not a valid {value.datatype}")
    assert not problems, "\n".join(problems)


# "1 January" is the usual disguise of a year passed off as a day: a day date on 1 January
# must be one the source gives as a day. The only one: "Esbjerg fB (caretaker) | 17 November
# 2008 | 1 January 2009" (table), and the two tenures that begin where that spell ends.
JANUARY_FIRST_FROM_THE_TEXT = {
    (TENURE["jess-thorup-esbjerg-fb-caretaker-2008"], FKG.endDate),
    (TENURE["jess-thorup-esbjerg-fb-assistant-coach-2009"], FKG.startDate),
    (TENURE["ove-pedersen-esbjerg-fb-head-coach-2009"], FKG.startDate),
}


def test_no_day_dates_invented_from_years(data: Graph) -> None:
    suspicious = [
        f"{node} {prop} {value}"
        for prop in DATE_PROPERTIES
        for node, value in data.subject_objects(prop)
        if isinstance(value, Literal)
        and value.datatype == XSD.date
        and str(value)[5:] == "01-01"
        and (node, prop) not in JANUARY_FIRST_FROM_THE_TEXT
    ]
    assert not suspicious, "\n".join(suspicious)


def test_each_tenure_starts_and_ends_exactly_one_way_in_order(kg: Graph) -> None:
    problems = []
    for t in sorted(_instances(kg, FKG.Tenure)):
        start = [kg.value(t, p) for p in (FKG.startDate, FKG.startNotBefore, FKG.startNotAfter)]
        end = [kg.value(t, p) for p in (FKG.endDate, FKG.endNotBefore, FKG.endNotAfter)]
        ongoing = kg.value(t, FKG.ongoing)
        if start[0] is not None and (start[1] or start[2]):
            problems.append(f"{t}: both a start date and start bounds")
        if not any(start):
            problems.append(f"{t}: no start (date or bounds)")
        end_forms = [end[0] is not None, bool(end[1] or end[2]), ongoing is not None]
        if sum(end_forms) != 1:
            problems.append(f"{t}: needs exactly one of endDate, end bounds, fkg:ongoing")
        # earliest possible start <= latest possible end, and each range in order
        lo = [_day_bounds(v)[0] for v in (start[0], start[1]) if isinstance(v, Literal)]
        hi = [_day_bounds(v)[1] for v in (end[0], end[2]) if isinstance(v, Literal)]
        if lo and hi and min(lo) > max(hi):
            problems.append(f"{t}: ends before it starts")
        for a, b in ((start[1], start[2]), (end[1], end[2])):
            if (
                isinstance(a, Literal)
                and isinstance(b, Literal)
                and _day_bounds(a)[0] > _day_bounds(b)[1]
            ):
                problems.append(f"{t}: range {a} .. {b} is empty")
    assert not problems, "\n".join(problems)


# The precision each of Thorup's tenure dates has in the sentence it comes from:
# (start property, start datatype, end property or "ongoing", end datatype).
Y, YM, D = XSD.gYear, XSD.gYearMonth, XSD.date
EXPECTED_PRECISION = {
    # "He made his professional debut for the club in 1989"; leaving OB is not dated
    "jess-thorup-odense-bk-player-1989": (FKG.startDate, Y, FKG.endNotAfter, Y),
    # "In 1996, he moved to Germany ... halfway through the 1997-98 season"
    "jess-thorup-kfc-uerdingen-05-player-1996": (FKG.startDate, Y, FKG.endNotAfter, Y),
    # "halfway through the 1997-98 season ... He returned to Denmark in the summer of 1998"
    "jess-thorup-fc-tirol-innsbruck-player-1997": (FKG.startNotBefore, Y, FKG.endDate, Y),
    # "in the summer of 1998, and played for Esbjerg fB until 2005"
    "jess-thorup-esbjerg-fb-player-1998": (FKG.startDate, Y, FKG.endDate, Y),
    # "He then signed with HamKam in Norway, before returning to Esbjerg"
    "jess-thorup-hamkam-player-2005": (FKG.startDate, Y, FKG.endNotAfter, Y),
    # "before returning to Esbjerg where he retired in 2006"
    "jess-thorup-esbjerg-fb-player-2005": (FKG.startNotBefore, Y, FKG.endDate, Y),
    # "In 2006, Thorup returned to Esbjerg fB as assistant coach" ... caretaker from 17 Nov 2008
    "jess-thorup-esbjerg-fb-assistant-coach-2006": (FKG.startDate, Y, FKG.endDate, D),
    # table rows: day dates
    "jess-thorup-esbjerg-fb-caretaker-2008": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-esbjerg-fb-assistant-coach-2009": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-esbjerg-fb-head-coach-2011": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-denmark-u21-head-coach-2013": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-fc-midtjylland-head-coach-2015": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-kaa-gent-head-coach-2018": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-krc-genk-head-coach-2020": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-fc-copenhagen-head-coach-2020": (FKG.startDate, D, FKG.endDate, D),
    "jess-thorup-fc-augsburg-head-coach-2023": (FKG.startDate, D, FKG.endDate, D),
    # "Al-Ahly | 8 October 2025 | present"
    "jess-thorup-al-ahly-head-coach-2025": (FKG.startDate, D, "ongoing", None),
    # "After the dismissal of his boss in November 2008"
    "troels-bech-esbjerg-fb-head-coach": (FKG.startNotAfter, Y, FKG.endDate, YM),
    # "After his resignation on 14 March 2011"
    "ove-pedersen-esbjerg-fb-head-coach-2009": (FKG.startDate, D, FKG.endDate, D),
    # "Ståle Solbakken had been dismissed on 10 October"
    "stale-solbakken-fc-copenhagen-head-coach": (FKG.startNotAfter, D, FKG.endDate, D),
    # "with Wim De Decker taking charge, until his firing in November"
    "wim-de-decker-kaa-gent-head-coach-2020": (FKG.startNotBefore, D, FKG.endDate, YM),
}


@pytest.mark.parametrize("slug", sorted(EXPECTED_PRECISION))
def test_tenure_dates_keep_the_precision_of_their_sentence(kg: Graph, slug: str) -> None:
    start_prop, start_type, end_prop, end_type = EXPECTED_PRECISION[slug]
    tenure = TENURE[slug]
    start = kg.value(tenure, start_prop)
    assert isinstance(start, Literal) and start.datatype == start_type, (tenure, start_prop, start)
    if end_prop == "ongoing":
        assert kg.value(tenure, FKG.ongoing) == Literal(True)
    else:
        end = kg.value(tenure, end_prop)
        assert isinstance(end, Literal) and end.datatype == end_type, (tenure, end_prop, end)


# ---------------------------------------------------------------------------- file layout


def _defined_in(path: Path) -> set[Node]:
    return set(_parse([path]).subjects(RDF.type, None))


def test_person_files_hold_the_person_and_their_tenures(kg: Graph) -> None:
    problems = []
    placed: set[Node] = set()
    for path in sorted((DATA / "people").glob("*.ttl")):
        person = PERSON[path.stem]
        defined = _defined_in(path)
        if person not in defined:
            problems.append(f"{path.name} does not describe person:{path.stem}")
        for node in defined & _instances(kg, FKG.Tenure):
            placed.add(node)
            if kg.value(node, FKG.person) != person:
                problems.append(f"{node} is in {path.name} but is not {path.stem}'s tenure")
    problems += [f"{t} is not in its person's file" for t in _instances(kg, FKG.Tenure) - placed]
    assert not problems, "\n".join(problems)


def test_claim_files_hold_only_their_sources_claims(kg: Graph) -> None:
    problems = []
    placed: set[Node] = set()
    for path in sorted((DATA / "claims").glob("*.ttl")):
        for node in _defined_in(path):
            placed.add(node)
            if set(kg.objects(node, PROV.wasDerivedFrom)) != {SOURCE[path.stem]}:
                problems.append(f"{node} in claims/{path.name} must cite source:{path.stem} only")
    problems += [f"{c} is not in claims/" for c in _instances(kg, FKG.Claim) - placed]
    assert not problems, "\n".join(problems)


def test_results_files_hold_results_of_their_persons_career(kg: Graph) -> None:
    result_classes = [FKG.CompetitionResult, FKG.Match, FKG.Tie, FKG.AwardReceipt]
    results = set().union(*(_instances(kg, c) for c in result_classes))
    placed: set[Node] = set()
    problems = []
    for path in sorted((DATA / "results").glob("*.ttl")):
        for node in _defined_in(path):
            placed.add(node)
            person = kg.value(node, FKG.person)
            if node not in results:
                problems.append(f"{node} in results/{path.name} is not a result, match or award")
            elif person is not None and person != PERSON[path.stem]:
                problems.append(f"{node} in results/{path.name} belongs to {person}")
    problems += [f"{r} is not in results/" for r in results - placed]
    assert not problems, "\n".join(problems)
