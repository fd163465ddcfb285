"""Timelines built from the saved queries' results, so pictures and query answers never differ.

`career_timeline` turns the rows of `tenure-intervals` (with `honour-tenures` and
`cited-sources`) into a `Timeline` for a person; `coaches_timeline` turns the rows of
`head-coaches` into one for a team. `SavedQueries` runs those saved queries, on local files
or on a SPARQL server; nothing here reads the graph another way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from footballkg.errors import InputError
from footballkg.queries.catalogue import SavedQuery, bind_params, get_query, run_oxigraph
from footballkg.queries.param_check import Select, check_named, oxigraph_select
from footballkg.queries.results import QueryResult
from footballkg.stores.remote import SparqlClient, run_saved_query
from footballkg.timeline.model import (
    DASH,
    Bar,
    DayRange,
    EndKind,
    HonourMark,
    Timeline,
    describe,
    format_day,
)

Row = Mapping[str, Identifier | None]
Runner = Callable[[SavedQuery, Mapping[str, Identifier]], QueryResult]

# Tenures shorter than this show their length in days in their label: for a short spell the
# number of days is the news (Genk: 39 days); for a long one the axis tells the length.
SHOW_DAYS_UNDER = 365


def slug(iri: Identifier | None) -> str:
    """The last path segment of an IRI: `.../id/tenure/jess-thorup-...` -> `jess-thorup-...`."""
    if iri is None:
        return ""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def text(value: Identifier | None, default: str = "") -> str:
    return default if value is None else str(value)


def parse_day(value: Identifier | None) -> date | None:
    """An xsd:date (or "YYYY-MM-DD") as a date; None when unbound."""
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(
            f'"{value}" is not a day (YYYY-MM-DD); the query gave a bad bound.'
        ) from None


def day_range(earliest: Identifier | None, latest: Identifier | None) -> DayRange:
    return DayRange(parse_day(earliest), parse_day(latest))


@dataclass(frozen=True)
class Span:
    """A tenure's start and end as the queries give them, with the words to print."""

    start: DayRange
    end: DayRange
    end_kind: EndKind
    days: int | None  # exact length in days, where both ends are exact days

    @classmethod
    def from_row(cls, row: Row) -> Span:
        precision = text(row.get("end_precision"))
        kind = {"ongoing": EndKind.ONGOING, "unknown": EndKind.UNKNOWN}.get(
            precision, EndKind.DATED
        )
        end = (
            DayRange(None, None)
            if kind is not EndKind.DATED
            else day_range(row.get("end_earliest"), row.get("end_latest"))
        )
        days = row.get("days")
        return cls(
            start=day_range(row.get("start_earliest"), row.get("start_latest")),
            end=end,
            end_kind=kind,
            days=int(days) if isinstance(days, Literal) and kind is EndKind.DATED else None,
        )

    def start_words(self) -> str:
        return describe(self.start)

    def end_words(self) -> str:
        if self.end_kind is EndKind.ONGOING:
            return "ongoing"
        if self.end_kind is EndKind.UNKNOWN:
            return "ended, date unknown"
        return describe(self.end)

    def words(self) -> str:
        """'24 Sep 2020 - 2 Nov 2020' (en dash), 'since 8 Oct 2025', 'some time between ...'."""
        start = self.start_words()
        if self.end_kind is EndKind.ONGOING:
            return f"since {start}"
        if self.start.earliest is None and self.start.latest == self.end.latest:
            # The start is only bounded by the end: say when it ended, no more.
            end = self.end_words()
            return f"ended {end}" if end.startswith("by ") else f"until {end}"
        if self.start == self.end and start.startswith("between "):
            return f"some time {start}"  # start and end both lie in the same range
        return f"{start} {DASH} {self.end_words()}"

    def label(self, role: str) -> str:
        words = f"{role} · {self.words()}"
        if self.days is not None and self.days < SHOW_DAYS_UNDER:
            words += f" · {self.days} days"
        return words


def tenure_bars(rows: list[dict[str, Identifier | None]], row_column: str) -> list[Bar]:
    """One bar per tenure of `tenure-intervals` or `head-coaches` rows, in the row
    `row_column` names (`team` or `person`, shown by its `_label`). A tenure listed twice
    (say, with two successors) is drawn once."""
    bars: dict[str, Bar] = {}
    for row in rows:
        key = slug(row.get("tenure"))
        if key in bars:
            continue
        span = Span.from_row(row)
        role = slug(row.get("role"))
        predecessor = row.get("predecessor")
        bars[key] = Bar(
            key=key,
            row=text(row.get(f"{row_column}_label"), slug(row.get(row_column))),
            role=role,
            start=span.start,
            end=span.end,
            end_kind=span.end_kind,
            label=span.label(text(row.get("role_label"), role.replace("-", " "))),
            predecessor=slug(predecessor) if predecessor is not None else None,
        )
    return list(bars.values())


def career_timeline(
    person_label: str,
    career: QueryResult,
    as_of: date,
    honour_tenures: QueryResult | None = None,
    sources: QueryResult | None = None,
) -> Timeline:
    """A person's timeline: one row per team, one bar per tenure, honours on their bars."""
    return Timeline(
        title=f"{person_label}: career",
        bars=tenure_bars(career.rows, "team"),
        as_of=as_of,
        honours=honour_marks(honour_tenures) if honour_tenures else [],
        sources=source_lines(sources) if sources else [],
    )


def coaches_timeline(
    team_label: str,
    coaches: QueryResult,
    as_of: date,
    sources: QueryResult | None = None,
) -> Timeline:
    """A team's head coaches (caretakers included): one row per person, predecessor arrows."""
    return Timeline(
        title=f"{team_label}: head coaches",
        bars=tenure_bars(coaches.rows, "person"),
        as_of=as_of,
        sources=source_lines(sources) if sources else [],
        gap_label="no coach in the data",
        successions=True,
    )


def honour_marks(honour_tenures: QueryResult) -> list[HonourMark]:
    """One mark per honour in `honour-tenures` rows, on the bar of the tenure it was won in
    (the first, should the years of two tenures at the team fit the season)."""
    marks: dict[str, HonourMark] = {}
    for row in honour_tenures.rows:
        key = slug(row.get("honour"))
        if key in marks:
            continue
        first, last = row.get("first_year"), row.get("last_year")
        marks[key] = HonourMark(
            key=key,
            label=_honour_label(row),
            when=DayRange(
                date(int(str(first)), 1, 1) if first is not None else None,
                date(int(str(last)), 12, 31) if last is not None else None,
            ),
            is_title=str(row.get("title")) in ("true", "1"),
            bar_key=slug(row.get("tenure")) or None,
        )
    return list(marks.values())


def _honour_label(row: Row) -> str:
    """'Danish Cup 2012-13' (as the season is labelled), 'The Atlantic Cup 2020 (runner-up)'."""
    competition = text(row.get("competition_label"), slug(row.get("competition")))
    season = text(row.get("season_label"), text(row.get("first_year")))
    outcome = slug(row.get("outcome"))
    words = f"{competition} {season}"
    if outcome and outcome != "winner":
        words += f" ({text(row.get('outcome_label'), outcome.replace('-', ' '))})"
    return words


def source_lines(sources: QueryResult) -> list[str]:
    """'"Title" (nl, 2 Nov 2020)' for each source, for a footnote."""
    lines = []
    for row in sources.rows:
        title = text(row.get("title"), text(row.get("label"), slug(row.get("source"))))
        details = [text(row.get("language"))] if row.get("language") is not None else []
        if row.get("date") is not None:
            details.append(date_words(row["date"]))
        lines.append(f"“{title}” ({', '.join(details)})" if details else f"“{title}”")
    return lines


def date_words(value: Identifier | None) -> str:
    """A date literal in words at its own precision: day, month or year."""
    raw = text(value)
    if isinstance(value, Literal) and value.datatype is not None:
        kind = str(value.datatype).rsplit("#", 1)[-1]
        if kind == "date":
            return format_day(date.fromisoformat(raw[:10]))
        if kind == "gYearMonth":
            return f"{date.fromisoformat(raw[:7] + '-01'):%b %Y}"
    return raw


# --------------------------------------------------------------------------- running the queries


class SavedQueries:
    """A project's saved queries with one place to run them: a local graph or a SPARQL server.

    On local files the queries run on an Oxigraph copy of the loaded graph: a picture or a page
    runs six or seven long saved queries, which Oxigraph answers in milliseconds where
    rdflib's SPARQL parser takes seconds; the saved queries give the same rows on every store
    (the query tests run the whole catalogue on rdflib and on Oxigraph).
    """

    def __init__(
        self, queries_dir: Path, today: date, runner: Runner, select: Select | None = None
    ) -> None:
        self.queries_dir = queries_dir
        self.today = today
        self._runner = runner
        self._select = select

    @classmethod
    def on_graph(cls, graph: Graph, queries_dir: Path, today: date) -> SavedQueries:
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return cls(
            queries_dir,
            today,
            lambda query, bindings: run_oxigraph(store, query, bindings),
            oxigraph_select(store),
        )

    @classmethod
    def on_server(cls, client: SparqlClient, queries_dir: Path, today: date) -> SavedQueries:
        return cls(
            queries_dir,
            today,
            lambda query, bindings: run_saved_query(client, query, bindings),
            client.select,
        )

    def check_named(self, name: str, params: Mapping[str, str]) -> None:
        """InputError, with the closest names, when a parameter names nothing in the graph."""
        if self._select is not None:
            query = get_query(self.queries_dir, name)
            check_named(query, bind_params(query, params, self.today), self._select)

    def run(self, name: str, params: Mapping[str, str]) -> QueryResult:
        """Run the saved query `name` with parameters given as text (slugs, dates, ...)."""
        query = get_query(self.queries_dir, name)
        return self._runner(query, bind_params(query, params, self.today))

    def bound_iri(self, name: str, param: str, value: str) -> URIRef:
        """The IRI a parameter value stands for, as the query binds it."""
        term = bind_params(get_query(self.queries_dir, name), {param: value}, self.today)[param]
        assert isinstance(term, URIRef)
        return term

    def name_of(self, iri: URIRef) -> str:
        """What to call a resource in a title: its English label (query `names`), else any."""
        rows = [row for row in self.run("names", {"of": f"<{iri}>"}).rows if row.get("name")]
        english = [row for row in rows if text(row.get("language")) == "en"]
        chosen = (english or rows)[:1]
        return text(chosen[0]["name"]) if chosen else slug(iri)


@dataclass(frozen=True)
class PersonData:
    """What the saved queries say about one person, for a picture or a page."""

    label: str
    profile: QueryResult  # profile: birth, nationality, playing position
    career: QueryResult  # tenure-intervals: the career's tenures with IRIs and day bounds
    honours: QueryResult  # honours: as player and as manager, titles first
    honour_tenures: QueryResult  # honour-tenures: each honour with the tenure it was won in
    sources: QueryResult  # cited-sources: the sources of this person's facts
    iri: URIRef


def fetch_person(queries: SavedQueries, person: str) -> PersonData:
    """Run the saved queries about `person` (a slug, prefixed name or IRI)."""
    queries.check_named("tenure-intervals", {"person": person})
    career = queries.run("tenure-intervals", {"person": person, "as_of": str(queries.today)})
    if not career.rows:
        raise InputError(
            f'no tenures for person "{person}" in the data. Check the slug (such as '
            f"jess-thorup) or run: footballkg query career --param person={person}"
        )
    profile = queries.run("profile", {"person": person})
    names = [row["name"] for row in profile.rows if row.get("name") is not None]
    return PersonData(
        label=str(names[0]) if names else name_slug(person),
        profile=profile,
        career=career,
        honours=queries.run("honours", {"person": person}),
        honour_tenures=queries.run("honour-tenures", {"person": person}),
        sources=queries.run("cited-sources", {"person": person}),
        iri=queries.bound_iri("tenure-intervals", "person", person),
    )


def name_slug(name: str) -> str:
    """The last segment of a slug, prefixed name or IRI: `person:jess-thorup` -> `jess-thorup`."""
    return name.strip("<>").rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def person_timeline(queries: SavedQueries, person: str) -> Timeline:
    """The timeline of `person`'s career, as of the runner's day."""
    found = fetch_person(queries, person)
    return career_timeline(
        found.label, found.career, queries.today, found.honour_tenures, found.sources
    )


def team_timeline(queries: SavedQueries, team: str) -> Timeline:
    """The timeline of `team`'s head coaches (caretakers included), as of the runner's day."""
    queries.check_named("head-coaches", {"team": team})
    coaches = queries.run("head-coaches", {"team": team, "as_of": str(queries.today)})
    if not coaches.rows:
        raise InputError(
            f'no head coaches for team "{team}" in the data. Check the slug (such as krc-genk) '
            f"or run: footballkg query head-coaches --param team={team}"
        )
    label = queries.name_of(queries.bound_iri("head-coaches", "team", team))
    sources = queries.run("cited-sources", {"team": team})
    return coaches_timeline(label, coaches, queries.today, sources)
