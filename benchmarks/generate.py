"""Generate a synthetic, league-sized football graph in the footballkg vocabulary.

    python benchmarks/generate.py --tenures 100000 --out /tmp/league-100k [--seed 1]

writes Turtle files under the output folder, laid out as a repository would keep them:
`sources.ttl`, `teams.ttl` (countries, leagues, clubs) and one file per club,
`clubs/<league>/<club>.ttl`, holding every tenure at that club and the persons whose career
began there; so a pull request that changes one club's season changes one small file.
It also writes `truth.json`, the violations deliberately injected into the data, so that
`footballkg validate OUT` can be checked against it. The same seed and size always give
byte-identical files.

The world: leagues of 18 clubs, one country each; every club has a succession of head
coaches from 1995 to today with caretaker spells and vacancies between them, assistants
under each head coach (an assistant often steps in as caretaker and then assists the next
head coach), and players whose careers span several clubs. Dates are as precise as a real
source tends to be: mostly days, some months or years, a few ranges, always with the
source's words kept in fkg:startText / fkg:endText. Every tenure cites its club's
encyclopedia article, and some also a news article in the club's language.

Injected violations (each kind several times, scaled to the size):
- team-overlap: a second head coach inside another's spell at the same club (definite);
- person-overlap: one coach in charge of two clubs at once (definite);
- possible-overlap: a spell ending "in <month>" when the successor starts in that month (and
  no fkg:predecessor says who came first);
- end-before-start: a playing tenure whose end date precedes its start date;
- missing-team / missing-source: a tenure without fkg:team or without prov:wasDerivedFrom;
- dangling-link: a fkg:predecessor pointing at a tenure that does not exist.

Only the coaches' tenures (about a sixth of the total) are held in memory; players are
generated one career at a time and their Turtle is buffered per club, appended to the club
files whenever the buffers grow large (a league of a million tenures has 4,000 clubs, more
files than a process may keep open).
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(1995, 7, 1)
LAST_DAY = date(2025, 6, 30)  # the sources are written after this day: later tenures are ongoing
TENURES_PER_CLUB = 250  # head coaches, caretakers, assistants and players over thirty years
CLUBS_PER_LEAGUE = 18
BUFFERED_CHARS = 32_000_000  # Turtle held per flush of the club files

PREFIXES = """\
@prefix fkg:       <https://w3id.org/footballkg/ontology#> .
@prefix person:    <https://w3id.org/footballkg/id/person/> .
@prefix team:      <https://w3id.org/footballkg/id/team/> .
@prefix tenure:    <https://w3id.org/footballkg/id/tenure/> .
@prefix source:    <https://w3id.org/footballkg/id/source/> .
@prefix role:      <https://w3id.org/footballkg/id/role/> .
@prefix end-cause: <https://w3id.org/footballkg/id/end-cause/> .
@prefix country:   <https://w3id.org/footballkg/id/country/> .
@prefix competition: <https://w3id.org/footballkg/id/competition/> .
@prefix contract:  <https://w3id.org/footballkg/id/contract/> .
@prefix rdfs:      <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms:   <http://purl.org/dc/terms/> .
@prefix prov:      <http://www.w3.org/ns/prov#> .

"""

# (slug, English name, language of its press, local name of the country)
COUNTRIES = [
    ("denmark", "Denmark", "da", "Danmark"),
    ("belgium", "Belgium", "nl", "België"),
    ("germany", "Germany", "de", "Deutschland"),
    ("austria", "Austria", "de", "Österreich"),
    ("norway", "Norway", "nb", "Norge"),
    ("netherlands", "Netherlands", "nl", "Nederland"),
    ("sweden", "Sweden", "sv", "Sverige"),
    ("france", "France", "fr", "France"),
    ("spain", "Spain", "es", "España"),
    ("italy", "Italy", "it", "Italia"),
    ("portugal", "Portugal", "pt", "Portugal"),
    ("poland", "Poland", "pl", "Polska"),
]
MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()
FIRST_NAMES = [
    "Jens",
    "Lars",
    "Søren",
    "Ståle",
    "Jürgen",
    "Anders",
    "Pieter",
    "Luc",
    "Matthias",
    "Jonas",
    "Bjørn",
    "Henrik",
    "Tomasz",
    "Luís",
    "Marco",
    "Pablo",
    "Erik",
    "Niels",
    "Bart",
    "Yves",
    "Stefan",
    "Ole",
    "Mikkel",
    "Kasper",
    "Rasmus",
    "Dirk",
    "Jan",
    "Emil",
]
LAST_NAMES = [
    "Hansen",
    "Jensen",
    "Pedersen",
    "Vandenberghe",
    "Müller",
    "Schröder",
    "Nowak",
    "Kowalski",
    "Andersson",
    "Lindqvist",
    "Solberg",
    "Haugen",
    "Dubois",
    "Martin",
    "García",
    "Fernández",
    "Rossi",
    "Bianchi",
    "Silva",
    "Costa",
    "Janssens",
    "Peeters",
    "Declercq",
    "Nielsen",
    "Thomsen",
    "Larsen",
    "Bauer",
    "Wagner",
    "Maes",
    "Claes",
]
TOWN_PARTS_A = [
    "Ash",
    "Bel",
    "Cor",
    "Dal",
    "El",
    "Fen",
    "Gar",
    "Hol",
    "Ist",
    "Kar",
    "Lin",
    "Mor",
    "Nor",
    "Ost",
    "Pel",
    "Ros",
    "Sel",
    "Tor",
    "Ul",
    "Var",
]
TOWN_PARTS_B = [
    "berg",
    "dorf",
    "haven",
    "holm",
    "ing",
    "lund",
    "mark",
    "stad",
    "sted",
    "wijk",
    "vik",
    "by",
    "hem",
    "ville",
    "sund",
]
ASCII = str.maketrans(
    {"ø": "o", "å": "aa", "æ": "ae", "ü": "ue", "ö": "oe", "é": "e", "á": "a", "í": "i", "ë": "e"}
    | {"Ø": "O", "Å": "Aa", "Æ": "Ae", "Ü": "Ue", "Ö": "Oe"}
)


def slugify(text: str) -> str:
    return "-".join(text.translate(ASCII).lower().split())


def literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


# ---------------------------------------------------------------------------- dates


@dataclass
class When:
    """A start or end as a source gives it: a day, a month, a year, or a range of days."""

    day: date  # the true day (used to generate; never written when coarsened)
    precision: str = "day"  # day | month | year | range
    low: date | None = None  # range bounds (precision == "range")
    high: date | None = None

    def bounds(self) -> tuple[date, date]:
        """Earliest and latest day the value allows."""
        d = self.day
        if self.precision == "month":
            nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
            return date(d.year, d.month, 1), nxt - timedelta(days=1)
        if self.precision == "year":
            return date(d.year, 1, 1), date(d.year, 12, 31)
        if self.precision == "range":
            assert self.low and self.high
            return self.low, self.high
        return d, d

    def turtle(self, kind: str) -> str:
        """Predicate-object pairs for a start (`kind` = "start") or an end ("end")."""
        d = self.day
        if self.precision == "day":
            return f'fkg:{kind}Date "{d.isoformat()}"^^xsd:date'
        if self.precision == "month":
            words = f"in {MONTH_NAMES[d.month - 1]} {d.year}"
            return (
                f'fkg:{kind}Date "{d.year:04d}-{d.month:02d}"^^xsd:gYearMonth ; '
                f"fkg:{kind}Text {literal(words, 'en')}"
            )
        if self.precision == "year":
            words = f"in {d.year}"
            return (
                f'fkg:{kind}Date "{d.year:04d}"^^xsd:gYear ; fkg:{kind}Text {literal(words, "en")}'
            )
        assert self.low and self.high
        lo, hi = self.low, self.high
        first, last = MONTH_NAMES[lo.month - 1], MONTH_NAMES[hi.month - 1]
        words = f"between {first} {lo.year} and {last} {hi.year}"
        return (
            f'fkg:{kind}NotBefore "{lo.year:04d}-{lo.month:02d}"^^xsd:gYearMonth ; '
            f'fkg:{kind}NotAfter "{hi.year:04d}-{hi.month:02d}"^^xsd:gYearMonth ; '
            f"fkg:{kind}Text {literal(words, 'en')}"
        )


def coarsened(day: date, precision: str) -> When:
    if precision != "range":
        return When(day, precision)
    low = date(day.year, day.month, 1) - timedelta(days=45)
    high = date(day.year, day.month, 1) + timedelta(days=75)
    # Snap to whole months, as a source's "halfway through the season" would.
    low = date(low.year, low.month, 1)
    high = date(high.year, high.month, 1) - timedelta(days=1)
    return When(day, "range", low, high)


# ---------------------------------------------------------------------------- model


@dataclass
class Tenure:
    person: str
    team: str
    role: str  # head-coach | caretaker | assistant-coach | player
    start: When
    end: When | None  # None: ongoing (or end unknown, see end_unknown)
    end_cause: str | None = None
    predecessor: str | None = None
    under: str | None = None  # assistant: the head coach's tenure
    sources: list[str] = field(default_factory=list)
    end_unknown: bool = False
    youth: bool = False
    contract_end_year: int | None = None
    omit_team: bool = False
    iri: str = ""


class World:
    """Random choices and unique slugs, all from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.person_count = 0
        self.persons: list[tuple[str, str, Club]] = []  # slug, name, club the career began at
        self.names: dict[str, str] = {}  # person slug -> name
        self.tenure_iris: set[str] = set()

    def new_person(self, club: Club) -> str:
        self.person_count += 1
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        slug = f"{slugify(name)}-{self.person_count}"
        self.persons.append((slug, name, club))
        self.names[slug] = name
        return slug

    def tenure_iri(self, t: Tenure) -> str:
        base = f"{t.person}-{t.team}-{t.role}-{t.start.day.year}"
        iri, n = base, 1
        while iri in self.tenure_iris:
            n += 1
            iri = f"{base}-{n}"
        self.tenure_iris.add(iri)
        return iri

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))


@dataclass
class Club:
    slug: str
    name: str
    country: str
    lang: str
    league: str


# ---------------------------------------------------------------------------- coaches


def club_coaching(world: World, club: Club, first_day: date) -> list[Tenure]:
    """One club's head coaches, caretakers and assistants, 1995 to today, in time order."""
    rng = world.rng
    tenures: list[Tenure] = []
    start = first_day + world.days(0, 60)
    assistants: list[str] = []  # persons assisting the current head coach
    previous: Tenure | None = None
    while start < LAST_DAY:
        end: date | None = start + world.days(120, 1500)
        if end is not None and end > LAST_DAY:
            end = None
        head = Tenure("", club.slug, "head-coach", When(start), When(end) if end else None)
        head.predecessor = previous.iri if previous else None
        head.end_cause = (
            rng.choice(["dismissed", "dismissed", "resigned", "parted-ways"]) if end else None
        )
        head.contract_end_year = start.year + rng.randint(1, 3) if rng.random() < 0.3 else None
        tenures.append(head)
        head.iri = f"pending-{id(head)}"
        # Assistants: some stay on from the previous head coach, some are new.
        staying = [a for a in assistants if rng.random() < 0.5]
        while len(staying) < rng.choice([0, 1, 1, 2]):
            staying.append(world.new_person(club))
        assistants = staying
        helper_tenures = []
        for person in assistants:
            a = Tenure(
                person, club.slug, "assistant-coach", When(start), When(end) if end else None
            )
            a.under = head.iri
            a.iri = world.tenure_iri(a)
            helper_tenures.append(a)
        tenures.extend(helper_tenures)
        previous = head
        if end is None:
            break
        # What happens between this head coach and the next.
        r = rng.random()
        if r < 0.35:
            caretaker_end = end + world.days(7, 45)
            if assistants:
                person = rng.choice(assistants)
            else:
                person = world.new_person(club)
                assistants = [person]
            for a in helper_tenures:
                if a.person == person:
                    a.end_cause = "left-for-another-post"
            c = Tenure(person, club.slug, "caretaker", When(end), When(caretaker_end))
            c.end_cause = "returned-to-previous-role"
            c.predecessor = head.iri
            c.iri = world.tenure_iri(c)
            tenures.append(c)
            previous = c
            start = caretaker_end
        elif r < 0.6:
            start = end + world.days(1, 60)
        else:
            start = end
        for a in helper_tenures:
            if a.end_cause is None:
                a.end_cause = "parted-ways" if a.person in assistants else "left-for-another-post"
    return tenures


def assign_head_coaches(world: World, heads: list[Tenure], clubs: dict[str, Club]) -> None:
    """Give every head-coach spell a person, reusing free coaches so careers span clubs."""
    rng = world.rng
    free: list[tuple[date, int, str]] = []  # (free from, tie-breaker, person)
    counter = 0
    for t in sorted(heads, key=lambda t: (t.start.day, t.team)):
        if free and free[0][0] + timedelta(days=14) <= t.start.day and rng.random() < 0.6:
            _, _, person = heapq.heappop(free)
        else:
            person = world.new_person(clubs[t.team])
        t.person = person
        if t.end is not None:
            counter += 1
            heapq.heappush(free, (t.end.day, counter, person))


# ---------------------------------------------------------------------------- imprecise dates

PRECISION_SHARE = [("month", 0.10), ("year", 0.05), ("range", 0.03)]


def pick_precision(rng: random.Random, scale: float = 1.0) -> str:
    r = rng.random()
    for precision, share in PRECISION_SHARE:
        if r < share * scale:
            return precision
        r -= share * scale
    return "day"


def blur_dates(world: World, chains: list[list[Tenure]], scale: float) -> None:
    """Make some dates imprecise, but never so that neighbours in a chain may overlap.

    A chain is a sequence of tenures that must not overlap (a person's career, a club's head
    coaches). Each boundary between an end and the next start gets a midpoint: a blurred end
    must stay at or before it and a blurred start at or after it, so no possible overlap
    appears that the truth file does not list.
    """
    ceiling: dict[int, date] = {}  # id(tenure) -> latest day its blurred end may reach
    floor: dict[int, date] = {}  # id(tenure) -> earliest day its blurred start may reach
    for chain in chains:
        for before, after in itertools.pairwise(chain):
            if before.end is None:
                continue
            gap = (after.start.day - before.end.day).days
            mid = before.end.day + timedelta(days=max(gap, 0) // 2)
            ceiling[id(before)] = min(ceiling.get(id(before), date.max), mid)
            floor[id(after)] = max(floor.get(id(after), date.min), mid)
    seen: set[int] = set()
    for chain in chains:
        for t in chain:
            if id(t) in seen or t.role == "assistant-coach":  # assistants share their head's dates
                continue
            seen.add(id(t))
            p = pick_precision(world.rng, scale)
            if p != "day":
                candidate = coarsened(t.start.day, p)
                low, high = candidate.bounds()
                end_low = t.end.bounds()[0] if t.end else date.max
                if low >= floor.get(id(t), date.min) and high < end_low:
                    t.start = candidate
            p = pick_precision(world.rng, scale)
            if p != "day" and t.end is not None:
                candidate = coarsened(t.end.day, p)
                low, high = candidate.bounds()
                if high <= ceiling.get(id(t), date.max) and low > t.start.bounds()[1]:
                    t.end = candidate


# ---------------------------------------------------------------------------- writing


ROLE_NAMES = {
    "head-coach": "head coach",
    "caretaker": "caretaker",
    "assistant-coach": "assistant coach",
    "player": "player",
}


class Writer:
    """One Turtle file per club, `clubs/<league>/<club>.ttl`, written through per-club buffers."""

    def __init__(self, out: Path, names: dict[str, str], clubs: dict[str, Club]) -> None:
        self.out = out
        self.names = names  # person slug -> name
        self.clubs = clubs  # team slug -> club
        self.buffers: dict[str, list[str]] = {}  # team slug -> Turtle not yet written
        self.buffered = 0
        self.started: set[str] = set()  # clubs whose file has been created
        self.total = 0

    def path(self, club: Club) -> Path:
        return self.out / "clubs" / club.league / f"{club.slug}.ttl"

    def write(self, team: str, text: str) -> None:
        self.buffers.setdefault(team, []).append(text)
        self.buffered += len(text)
        if self.buffered >= BUFFERED_CHARS:
            self.flush()

    def flush(self) -> None:
        for team in sorted(self.buffers):
            club = self.clubs[team]
            path = self.path(club)
            if team not in self.started:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(PREFIXES, encoding="utf-8")
                self.started.add(team)
            with open(path, "a", encoding="utf-8") as f:
                f.write("".join(self.buffers[team]))
        self.buffers.clear()
        self.buffered = 0

    def tenure(self, t: Tenure) -> None:
        title = f"{self.names[t.person]}, {ROLE_NAMES[t.role]} at {self.clubs[t.team].name}"
        lines = [
            f"tenure:{t.iri} a fkg:Tenure",
            f"rdfs:label {literal(f'{title} (from {t.start.day.year})', 'en')}",
            f"fkg:person person:{t.person}",
        ]
        if not t.omit_team:
            lines.append(f"fkg:team team:{t.team}")
        lines.append(f"fkg:role role:{t.role}")
        lines.append(t.start.turtle("start"))
        if t.end is not None:
            lines.append(t.end.turtle("end"))
        else:
            lines.append(f"fkg:ongoing {'false' if t.end_unknown else 'true'}")
        if t.end_cause:
            lines.append(f"fkg:endCause end-cause:{t.end_cause}")
        if t.predecessor:
            lines.append(f"fkg:predecessor tenure:{t.predecessor}")
        if t.under:
            lines.append(f"fkg:underHeadCoach tenure:{t.under}")
        if t.youth:
            lines.append("fkg:viaYouthAcademy true")
        if t.contract_end_year:
            lines.append(f"fkg:contract contract:{t.iri}")
        if t.sources:
            lines.append("prov:wasDerivedFrom " + " , ".join(f"source:{s}" for s in t.sources))
        text = " ;\n    ".join(lines) + " .\n"
        if t.contract_end_year:
            text += (
                f"contract:{t.iri} a fkg:Contract ;\n"
                f'    fkg:signedDate "{t.start.day.isoformat()}"^^xsd:date ;\n'
                f'    fkg:agreedEnd "{t.contract_end_year:04d}"^^xsd:gYear ;\n'
                f"    fkg:agreedEndText {literal(f'until {t.contract_end_year}', 'en')} ;\n"
                f"    prov:wasDerivedFrom source:{t.sources[0] if t.sources else 'unknown'} .\n"
            )
        self.write(t.team, text)
        self.total += 1

    def persons(self, persons: list[tuple[str, str, Club]]) -> None:
        """Each person in the file of the club their career began at."""
        for slug, name, club in persons:
            labels = [literal(name, "en")]
            plain = name.translate(ASCII)
            if plain != name:
                labels.append(literal(plain, "nl"))
            self.write(
                club.slug,
                f"person:{slug} a fkg:Person ;\n    rdfs:label {' , '.join(labels)} ;\n"
                f"    fkg:nationality country:{club.country} .\n",
            )

    def close(self) -> None:
        self.flush()


def write_clubs(out: Path, clubs: list[Club], leagues: list[tuple[str, str, str]]) -> None:
    with open(out / "teams.ttl", "w", encoding="utf-8") as f:
        f.write(PREFIXES)
        for slug, name, _, local in COUNTRIES:
            f.write(
                f"country:{slug} a fkg:Country ;\n"
                f"    rdfs:label {literal(name, 'en')} , {literal(local, 'und')} .\n"
            )
        for slug, name, country in leagues:
            f.write(
                f"competition:{slug} a fkg:Competition ;\n    rdfs:label {literal(name, 'en')} ;\n"
                f"    fkg:country country:{country} .\n"
            )
        for c in clubs:
            f.write(
                f"team:{c.slug} a fkg:Club ;\n    rdfs:label {literal(c.name, 'en')} ;\n"
                f"    fkg:country country:{c.country} .\n"
            )


def write_sources(out: Path, clubs: list[Club], news: list[tuple[str, Club, date]]) -> None:
    with open(out / "sources.ttl", "w", encoding="utf-8") as f:
        f.write(PREFIXES)
        for c in clubs:
            f.write(
                f"source:encyclopedia-{c.slug} a fkg:EncyclopediaArticle ;\n"
                f"    dcterms:title {literal(c.name, 'en')} ;\n"
                f'    dcterms:language "en"^^xsd:language ;\n'
                f'    dcterms:date "2025"^^xsd:gYear ;\n'
                f'    fkg:publishedNotBefore "2025-07-01"^^xsd:date .\n'
            )
        for slug, club, day in news:
            f.write(
                f"source:{slug} a fkg:NewsArticle ;\n"
                f"    dcterms:title {literal(f'{club.name}: new appointment', 'en')} ;\n"
                f'    dcterms:language "{club.lang}"^^xsd:language ;\n'
                f'    dcterms:date "{day.isoformat()}"^^xsd:date .\n'
            )


# ---------------------------------------------------------------------------- violations


def inject_coach_violations(
    world: World, coaching: list[Tenure], heads: list[Tenure], clubs: dict[str, Club], per_kind: int
) -> tuple[list[Tenure], list[dict[str, object]]]:
    """Break some coaching tenures on purpose; return the extra tenures and the truth."""
    rng = world.rng
    truth: list[dict[str, object]] = []
    extra: list[Tenure] = []
    by_team: dict[str, list[Tenure]] = {}
    for t in heads:
        by_team.setdefault(t.team, []).append(t)
    touched: set[int] = set()  # tenures already used by an injection

    # team-overlap: an intruder head coach inside a long spell.
    long = [
        t
        for t in heads
        if t.end
        and t.start.precision == t.end.precision == "day"
        and (t.end.day - t.start.day).days > 300
    ]
    for host in rng.sample(long, min(per_kind, len(long))):
        touched.add(id(host))
        s = host.start.day + world.days(100, 150)
        person = world.new_person(clubs[host.team])
        intruder = Tenure(person, host.team, "head-coach", When(s), When(s + world.days(10, 60)))
        intruder.end_cause = "dismissed"
        intruder.sources = list(host.sources)
        intruder.iri = world.tenure_iri(intruder)
        extra.append(intruder)
        truth.append({"kind": "team-overlap", "severity": "Violation",
                      "focus": [f"tenure:{host.iri}", f"tenure:{intruder.iri}"]})  # fmt: skip

    # person-overlap: the coach of one spell also takes an overlapping spell elsewhere.
    persons_heads: dict[str, list[Tenure]] = {}
    for t in heads:
        persons_heads.setdefault(t.person, []).append(t)
    done = 0
    candidates = [t for t in heads if t.end and id(t) not in touched]
    rng.shuffle(candidates)
    for a in candidates:
        if done >= per_kind:
            break
        if id(a) in touched or len(persons_heads[a.person]) != 1:
            continue
        # b: a single-spell coach at another club whose spell overlaps a by a month or more.
        for b in candidates:
            if (
                id(b) in touched
                or b.team == a.team
                or len(persons_heads[b.person]) != 1
                or b.end is None
                or a.end is None
            ):
                continue
            lo = max(a.start.bounds()[1], b.start.bounds()[1])
            hi = min(a.end.bounds()[0], b.end.bounds()[0])
            if (hi - lo).days > 30:
                b.person = a.person
                touched.update({id(a), id(b)})
                truth.append({"kind": "person-overlap", "severity": "Violation",
                              "focus": [a, b]})  # fmt: skip
                done += 1
                break

    # possible-overlap: a spell said to end "in <month>", the month its successor started in.
    done = 0
    for team_heads in by_team.values():
        for before, after in itertools.pairwise(team_heads):
            if done >= per_kind:
                break
            if before.end is None or id(before) in touched or id(after) in touched:
                continue
            s = after.start.day
            last_of_month = When(s, "month").bounds()[1]
            if (
                after.predecessor != before.iri
                or after.start.precision != "day"
                or s == last_of_month
            ):
                continue
            if (
                len(persons_heads[before.person]) != 1
                or before.start.bounds()[1] >= When(s, "month").bounds()[0]
            ):
                continue
            before.end = When(s, "month")
            after.predecessor = None  # the source does not say who followed whom
            touched.update({id(before), id(after)})
            truth.append(
                {"kind": "possible-overlap", "severity": "Warning", "focus": [before, after]}
            )
            done += 1

    # dangling-link: a predecessor that is not a tenure in the data.
    linked = [t for t in heads if t.predecessor and id(t) not in touched]
    for t in rng.sample(linked, min(per_kind, len(linked))):
        t.predecessor = f"{t.predecessor}-missing"
        truth.append({"kind": "dangling-link", "severity": "Violation", "focus": [t]})
    return extra, truth


# ---------------------------------------------------------------------------- players


def player_careers(
    world: World, clubs: list[Club], budget: int, first_day: date
) -> Iterator[list[Tenure]]:
    """Careers of players, one person at a time, until `budget` tenures are made."""
    rng = world.rng
    made = 0
    while made < budget:
        home = rng.choice(clubs)
        person = world.new_person(home)
        span = (LAST_DAY - first_day).days
        start = first_day - world.days(0, span // 3) + world.days(0, span + span // 3)
        career: list[Tenure] = []
        club = home
        for _ in range(min(rng.choice([1, 2, 3, 3, 4, 4, 5, 6]), budget - made)):
            if start > LAST_DAY:
                break
            end: date | None = start + world.days(180, 2200)
            if end and end > LAST_DAY:
                end = None
            t = Tenure(person, club.slug, "player", When(start), When(end) if end else None)
            t.youth = not career and rng.random() < 0.3
            t.end_cause = "transfer" if end else None
            career.append(t)
            if end is None:
                break
            start = end + (world.days(0, 2) if rng.random() < 0.5 else world.days(30, 300))
            club = rng.choice(clubs)
        if not career:
            continue
        last = career[-1]
        if last.end is not None:
            last.end_cause = "retired"
            if rng.random() < 0.05:
                last.end, last.end_cause, last.end_unknown = None, None, True
        made += len(career)
        yield career


# ---------------------------------------------------------------------------- main


def busiest_coach(coaching: list[Tenure]) -> str:
    counts: dict[str, int] = {}
    for t in coaching:
        if t.role == "head-coach":
            counts[t.person] = counts.get(t.person, 0) + 1
    return max(sorted(counts), key=lambda p: counts[p]) if counts else ""


def generate(tenures: int, out: Path, seed: int = 1) -> dict[str, object]:
    world = World(seed)
    rng = world.rng
    out.mkdir(parents=True, exist_ok=True)
    n_clubs = max(2, round(tenures / TENURES_PER_CLUB))
    # Below a few hundred tenures (test graphs), the history is shortened instead.
    years = min(30, max(4, round(30 * tenures / (n_clubs * TENURES_PER_CLUB))))
    first_day = FIRST_DAY if years == 30 else date(LAST_DAY.year - years, 7, 1)
    clubs: list[Club] = []
    leagues: list[tuple[str, str, str]] = []
    used_names: set[str] = set()
    for i in range(n_clubs):
        if i % CLUBS_PER_LEAGUE == 0:
            slug, name, lang, _ = COUNTRIES[len(leagues) % len(COUNTRIES)]
            tier = len(leagues) // len(COUNTRIES) + 1
            leagues.append((f"{slug}-league-{tier}", f"{name} league, tier {tier}", slug))
        country, _, lang, _ = COUNTRIES[(len(leagues) - 1) % len(COUNTRIES)]
        town = rng.choice(TOWN_PARTS_A) + rng.choice(TOWN_PARTS_B)
        name = rng.choice(["FC {}", "{} BK", "SV {}", "{} United", "Sporting {}", "{} FF"]).format(
            town
        )
        while name in used_names:
            name = f"{name} {len(used_names) % 97 + 2}"
        used_names.add(name)
        clubs.append(Club(slugify(name), name, country, lang, leagues[-1][0]))
    club_by_slug = {c.slug: c for c in clubs}

    # Coaches, held in memory: successions per club, then people, blur, violations.
    coaching: list[Tenure] = []
    club_chains: list[list[Tenure]] = []
    for c in clubs:
        tenures_of_club = club_coaching(world, c, first_day)
        coaching.extend(tenures_of_club)
        club_chains.append([t for t in tenures_of_club if t.role in ("head-coach", "caretaker")])
    heads = [t for t in coaching if t.role == "head-coach"]
    assign_head_coaches(world, heads, club_by_slug)
    # Head-coach IRIs are known only now that persons are; fix the links that point at them.
    pending: dict[str, Tenure] = {}
    for t in heads:
        pending[t.iri] = t
        t.iri = world.tenure_iri(t)
    for t in coaching:
        if t.predecessor in pending:
            t.predecessor = pending[t.predecessor].iri
        if t.under in pending:
            t.under = pending[t.under].iri
    by_person: dict[str, list[Tenure]] = {}
    for t in sorted(coaching, key=lambda t: t.start.day):
        by_person.setdefault(t.person, []).append(t)
    blur_dates(world, club_chains + list(by_person.values()), scale=0.5)

    news: list[tuple[str, Club, date]] = []
    for t in coaching:
        club = club_by_slug[t.team]
        t.sources = [f"encyclopedia-{club.slug}"]
        if t.role == "head-coach" and rng.random() < 0.4:
            slug = f"news-{club.slug}-{t.start.day.isoformat()}"
            if not news or news[-1][0] != slug:
                news.append((slug, club, t.start.day))
            t.sources.append(slug)

    per_kind = max(2, tenures // 5000)
    extra, truth = inject_coach_violations(world, coaching, heads, club_by_slug, per_kind)
    coaching.extend(extra)

    writer = Writer(out, world.names, club_by_slug)
    for t in coaching:
        writer.tenure(t)
    progress = sys.stderr.isatty()

    # Players, streamed; some carry the remaining kinds of injected violations.
    budget = max(0, tenures - len(coaching))
    every = max(1, budget // 4 // (3 * per_kind + 1))  # careers average about 3.5 tenures
    player_injections = 0
    for n, career in enumerate(player_careers(world, clubs, budget, first_day)):
        blur_dates(world, [career], scale=1.5)
        for t in career:
            t.iri = world.tenure_iri(t)
            t.sources = [f"encyclopedia-{club_by_slug[t.team].slug}"]
        if n % every == every - 1 and player_injections < 3 * per_kind:
            player_injections += 1
            t = career[0]
            kind = ("end-before-start", "missing-team", "missing-source")[(n // every) % 3]
            if kind == "end-before-start":
                t.start, t.end = When(t.start.day), When(t.start.day - world.days(30, 400))
            elif kind == "missing-team":
                t.omit_team = True
            else:
                t.sources = []
            truth.append({"kind": kind, "severity": "Violation", "focus": [f"tenure:{t.iri}"]})
        for t in career:
            writer.tenure(t)
        if progress and n % 10_000 == 0:
            print(f"\r{writer.total:,} tenures", end="", file=sys.stderr)
    writer.persons(world.persons)
    writer.close()
    if progress:
        print(f"\r{writer.total:,} tenures", file=sys.stderr)
    write_clubs(out, clubs, leagues)
    write_sources(out, clubs, news)

    def iri(x: object) -> str:
        return f"tenure:{x.iri}" if isinstance(x, Tenure) else str(x)

    for entry in truth:
        entry["focus"] = [iri(x) for x in entry["focus"]]  # type: ignore[attr-defined]
    summary: dict[str, object] = {
        "seed": seed,
        "tenures": writer.total,
        "persons": len(world.persons),
        "clubs": len(clubs),
        "leagues": len(leagues),
        # Parameters for the saved queries (benchmarks/run.py): a club and a busy coach.
        "examples": {"team": clubs[0].slug, "person": busiest_coach(coaching)},
        "prefix": {"tenure": "https://w3id.org/footballkg/id/tenure/"},
        "violations": truth,
    }
    (out / "truth.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenures", type=int, required=True, help="how many tenures to generate")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write the Turtle files to"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    summary = generate(args.tenures, args.out, args.seed)
    kinds: dict[str, int] = {}
    for v in summary["violations"]:  # type: ignore[attr-defined]
        kinds[v["kind"]] = kinds.get(v["kind"], 0) + 1
    print(
        f"{summary['tenures']:,} tenures, {summary['persons']:,} persons, {summary['clubs']} clubs "
        f"in {summary['leagues']} leagues; injected {kinds} -> {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
