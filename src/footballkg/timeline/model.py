"""What a career timeline shows: bars for tenures, marks for honours, and the gaps between.

A `Timeline` holds one `Bar` per tenure and one `HonourMark` per honour. Rows are teams (a
person's career) or persons (a team's head coaches). Dates keep the precision of the data: each
bound is a `DayRange` [earliest, latest] of days, and an imprecise bound is drawn as a fade over
that range, never as a sharp edge at an invented day.

Drawing lives in `footballkg.timeline.draw`; building a timeline from the saved queries'
results in `footballkg.timeline.data`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

IMAGE_FORMATS = ("svg", "png", "pdf")  # what a timeline can be drawn as


@dataclass(frozen=True)
class DayRange:
    """The days a date may be: [earliest, latest], both inclusive; None where unbounded.

    An xsd:date gives a one-day range, a gYearMonth its month, a gYear its year.
    """

    earliest: date | None
    latest: date | None

    @classmethod
    def day(cls, day: date) -> DayRange:
        return cls(day, day)

    @property
    def is_exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest


class EndKind(Enum):
    """How a tenure ends: on a (possibly imprecise) date, not yet, or at an unstated time."""

    DATED = "dated"
    ONGOING = "ongoing"  # not ended when the source was written: drawn to the as-of day
    UNKNOWN = "unknown"  # ended, but no source says when: drawn as a short fade with "?"


@dataclass(frozen=True)
class Bar:
    """One tenure: a person in a role at a team, drawn in the row `row`."""

    key: str  # the tenure's slug, used in gids: tenure:<key>
    row: str  # the row heading: a team name, or a person's name in a team view
    role: str  # role slug: player, assistant-coach, caretaker, head-coach, ...
    start: DayRange
    end: DayRange
    end_kind: EndKind
    label: str  # the words written next to the bar
    predecessor: str | None = None  # key of the bar this one succeeded (team views)


@dataclass(frozen=True)
class HonourMark:
    """A title or placing, marked on the bar of the tenure during which it was won."""

    key: str  # the result's slug: honour:<key>
    label: str
    when: DayRange  # the season's days; the mark sits where season and bar overlap
    is_title: bool  # a runner-up place is marked, but not as a title
    bar_key: str | None = None


@dataclass
class Timeline:
    """Everything one picture shows."""

    title: str
    bars: list[Bar]
    as_of: date  # "today" for ongoing tenures
    honours: list[HonourMark] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # one line per source, for the footnote
    gap_label: str = "no post"  # what a stretch with no bar means in this picture
    successions: bool = False  # draw predecessor -> successor arrows


@dataclass(frozen=True)
class RoleStyle:
    label: str
    colour: str


# Okabe-Ito colours: distinguishable with the common kinds of colour blindness.
ROLE_STYLES: dict[str, RoleStyle] = {
    "player": RoleStyle("player", "#009E73"),
    "assistant-coach": RoleStyle("assistant coach", "#56B4E9"),
    "caretaker": RoleStyle("caretaker", "#E69F00"),
    "head-coach": RoleStyle("head coach", "#0072B2"),
}
OTHER_ROLE = RoleStyle("other role", "#777777")
TITLE_COLOUR = "#F0C000"
RUNNER_UP_COLOUR = "#B8B8B8"
GAP_COLOUR = "#D9D9D9"


def role_style(role: str) -> RoleStyle:
    return ROLE_STYLES.get(role, OTHER_ROLE)


@dataclass(frozen=True)
class Gap:
    """A stretch no bar covers, even at the widest reading of imprecise dates."""

    start: date  # first day without a post
    end: date  # first day with one again (half-open)
    exact: bool  # both bounds are exact days, so the length is exact

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def find_gaps(timeline: Timeline) -> list[Gap]:
    """Stretches between the first start and the last end that no tenure can cover.

    Each bar covers [earliest start, latest end); an ongoing bar covers up to the as-of day; a
    bar whose start is known only as "not after" covers everything before it, and one whose end
    is unknown (or known only as "not before") everything after it, so no gap is claimed there.
    A gap is only shown where it is certain.
    """
    spans: list[tuple[date, date, bool, bool]] = []  # (from, to, from exact, to exact)
    for bar in timeline.bars:
        if bar.start.earliest is None and bar.start.latest is None:
            continue
        # A start known only as "not after" may lie any time before: no gap is certain there.
        begin = bar.start.earliest or date.min
        if bar.end_kind is EndKind.ONGOING:
            end, end_exact = max(timeline.as_of, begin, bar.start.latest or begin), True
        elif bar.end_kind is EndKind.UNKNOWN or bar.end.latest is None:
            # Nothing certain after an open end: treat it as covering up to the next bar.
            end, end_exact = date.max, False
        else:
            # Half-open: the end day is the first day out of post, so the latest end day is
            # the first day certainly out of post.
            end, end_exact = bar.end.latest, bar.end.is_exact
        spans.append((begin, end, bar.start.is_exact, end_exact))
    spans.sort(key=lambda s: s[0])
    gaps: list[Gap] = []
    if not spans:
        return gaps
    covered_to, to_exact = spans[0][1], spans[0][3]
    for begin, end, begin_exact, end_exact in spans[1:]:
        if begin > covered_to:
            gaps.append(Gap(covered_to, begin, to_exact and begin_exact))
        if end > covered_to:
            covered_to, to_exact = end, end_exact
    return gaps


DASH = "\u2013"  # en dash, between the ends of a date range


def format_day(day: date) -> str:
    """'2 Nov 2020': unambiguous in every language the data is in."""
    return f"{day.day} {day:%b %Y}"


def describe(days: DayRange) -> str:
    """A date range in words, as precise as it is: '24 Sep 2020', 'Nov 2008', '2006',
    'between 1997 and 1998', 'by 24 Sep 2020', 'by 2006', 'not before 20 Aug 2020'.

    A range that is exactly a calendar year or month is written as that year or month.
    """
    first, last = days.earliest, days.latest
    if first is None and last is None:
        return "unknown"
    if first is None:
        assert last is not None
        if (last.month, last.day) == (12, 31):
            return f"by {last.year}"  # the latest day of a year: "not after 2006"
        if last.day == calendar.monthrange(last.year, last.month)[1]:
            return f"by {last:%b %Y}"
        return f"by {format_day(last)}"
    if last is None:
        if (first.month, first.day) == (1, 1):
            return f"not before {first.year}"
        if first.day == 1:
            return f"not before {first:%b %Y}"
        return f"not before {format_day(first)}"
    if first == last:
        return format_day(first)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        if first.year == last.year:
            return str(first.year)
        return f"between {first.year} and {last.year}"
    if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%b %Y}"
        return f"between {first:%b %Y} and {last:%b %Y}"
    if first.year == last.year:
        return f"between {first.day} {first:%b} and {format_day(last)}"
    return f"between {format_day(first)} and {format_day(last)}"
