"""A person's career as one self-contained HTML page.

The page holds the timeline picture (inline SVG), the career table, honours, the facts on which
the sources disagree (each value with its source) and the sources with language and date. It
loads nothing from the network: no scripts, fonts or style sheets from elsewhere. Every piece of
text from the data is HTML-escaped. All content comes from the saved queries.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from footballkg.queries.results import QueryResult
from footballkg.timeline.data import (
    Row,
    SavedQueries,
    Span,
    career_timeline,
    date_words,
    fetch_person,
    slug,
    text,
)
from footballkg.timeline.draw import render
from footballkg.timeline.model import DASH, Timeline, format_day, role_style

_STYLE = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
       color: var(--ink); margin: 2rem auto; max-width: 70rem; padding: 0 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid var(--line);
     padding-bottom: .3rem; }
p.lead, figcaption, .muted { color: var(--muted); }
p.profile { margin: 0 0 .6rem; font-size: 1.05rem; }
figure { margin: 1.5rem 0; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.role { display: inline-block; width: .8em; height: .8em; border-radius: 2px;
        margin-right: .4em; vertical-align: -.05em; }
.lang { font-size: .8em; border: 1px solid var(--line); border-radius: 3px;
        padding: 0 .3em; margin-left: .3em; color: var(--muted); }
blockquote { margin: .2rem 0 0; color: var(--muted); font-style: italic; }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def inline_svg(timeline: Timeline) -> str:
    """The timeline as an <svg> element for an HTML page (no XML prolog or DOCTYPE)."""
    svg = render(timeline, "svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # Screen readers announce the picture by its title.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{esc(timeline.title)}" ', 1)


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="footballkg">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def timeline_page(timeline: Timeline) -> str:
    """A page that only shows a timeline picture and its sources."""
    sources = "".join(f"<li>{esc(line)}</li>" for line in timeline.sources)
    body = (
        f"<h1>{esc(timeline.title)}</h1>\n"
        f'<figure id="timeline">{inline_svg(timeline)}</figure>\n'
        + (f"<h2>Sources</h2>\n<ul>{sources}</ul>\n" if sources else "")
    )
    return _page(timeline.title, body)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Row], str]  # returns HTML (already escaped)
    numeric: bool = False


def table(result: QueryResult, columns: Sequence[Column], row_id: str | None = None) -> str:
    """An HTML table, one row per result row; `row_id` names the variable whose slug is the id."""
    head = "".join(f"<th>{esc(c.header)}</th>" for c in columns)
    rows = []
    for row in result.rows:
        attributes = f' id="{esc(slug(row.get(row_id)))}"' if row_id else ""
        cells = "".join(
            f'<td class="num">{c.cell(row)}</td>' if c.numeric else f"<td>{c.cell(row)}</td>"
            for c in columns
        )
        rows.append(f"<tr{attributes}>{cells}</tr>")
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def labelled(name: str) -> Callable[[Row], str]:
    """The cell of `name`: its `name_label` column if there is one, else its slug or value."""

    def cell(row: Row) -> str:
        label = row.get(f"{name}_label")
        if label is not None:
            return esc(label)
        return esc(shown(row.get(name)))

    return cell


def shown(value: Identifier | None) -> str:
    """A value as a reader wants it: an IRI's slug, a date in words, a literal's text."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return slug(value)
    if isinstance(value, Literal) and value.datatype is not None:
        return date_words(value)
    return str(value)


# --------------------------------------------------------------------------- the report


def _career_table(career: QueryResult) -> str:
    def when(part: str) -> Callable[[Row], str]:
        def cell(row: Row) -> str:
            span = Span.from_row(row)
            if part == "from":
                return esc(span.start_words())
            return esc(span.end_words())

        return cell

    def days(row: Row) -> str:
        exact, low, high = row.get("days"), row.get("days_min"), row.get("days_max")
        if exact is not None:
            return esc(exact)
        if low is not None and high is not None:
            return esc(f"{low}{DASH}{high}")
        return ""

    def role(row: Row) -> str:
        colour = role_style(slug(row.get("role"))).colour
        swatch = f'<span class="role" style="background:{esc(colour)}"></span>'
        return swatch + labelled("role")(row)

    return table(
        career,
        [
            Column("Team", labelled("team")),
            Column("Role", role),
            Column("From", when("from")),
            Column("To", when("to")),
            Column("Days", days, numeric=True),
            Column("How it ended", labelled("end_cause")),
        ],
        row_id="tenure",
    )


def _profile_line(profile: QueryResult) -> str:
    """'Born 21 Feb 1970 in Hjerting, Denmark · nationality Denmark · forward'."""
    if not profile.rows:
        return ""
    row = profile.rows[0]
    parts = []
    if row.get("birth_date") is not None:
        born = f"Born {shown(row.get('birth_date'))}"
        place = ", ".join(
            text(row.get(name))
            for name in ("birth_place_label", "birth_country_label")
            if row.get(name) is not None
        )
        parts.append(f"{born} in {place}" if place else born)
    nationalities = sorted({text(r.get("nationality_label")) for r in profile.rows} - {""})
    if nationalities:
        parts.append("nationality " + ", ".join(nationalities))
    positions = sorted({text(r.get("position_label")) for r in profile.rows} - {""})
    if positions:
        parts.append(", ".join(positions))
    return f'<p class="profile">{esc(" · ".join(parts))}</p>' if parts else ""


def _honours_table(honours: QueryResult) -> str:
    def outcome(row: Row) -> str:
        mark = "★ " if str(row.get("title")) in ("true", "1") else ""
        return esc(mark) + labelled("outcome")(row)

    return table(
        honours,
        [
            Column("Season", labelled("season")),
            Column("Competition", labelled("competition")),
            Column("Team", labelled("team")),
            Column("As", labelled("as")),
            Column("Outcome", outcome),
        ],
        row_id="honour",
    )


def _disagreements_table(disagreements: QueryResult, sources: QueryResult) -> str:
    languages = {row.get("source"): text(row.get("language")) for row in sources.rows}

    def source(row: Row) -> str:
        language = languages.get(row.get("source"), "")
        tag = f'<span class="lang">{esc(language)}</span>' if language else ""
        quote = row.get("quote")
        words = ""
        if quote is not None:
            lang = quote.language if isinstance(quote, Literal) else None
            attribute = f' lang="{esc(lang)}"' if lang else ""
            words = f"<blockquote{attribute}>{esc(quote)}</blockquote>"
        return labelled("source")(row) + tag + words

    return table(
        disagreements,
        [
            Column("About", labelled("subject")),
            Column("Measure", labelled("measure")),
            Column("Value", labelled("value"), numeric=True),
            Column("Source and its words", source),
        ],
    )


def _sources_table(sources: QueryResult) -> str:
    def published(row: Row) -> str:
        when = shown(row.get("date"))
        earliest = row.get("published_not_before")
        if earliest is not None:
            when += f" (not before {shown(earliest)})"
        return esc(when)

    return table(
        sources,
        [
            Column("Title", labelled("title")),
            Column("Kind", labelled("kind")),
            Column("Language", labelled("language")),
            Column("Published", published),
            Column("Photo credit", labelled("photo_credit")),
        ],
        row_id="source",
    )


def person_report(queries: SavedQueries, person: str) -> str:
    """The whole page for `person` (a slug, prefixed name or IRI), as of the runner's day."""
    found = fetch_person(queries, person)
    as_of = queries.today
    picture = career_timeline(found.label, found.career, as_of, found.honour_tenures, found.sources)
    # Only the disagreements about this person or their tenures.
    about = {found.iri, *(row.get("tenure") for row in found.career.rows)}
    every = queries.run("source-disagreements", {})
    disagreements = QueryResult(
        every.variables, [row for row in every.rows if row.get("subject") in about]
    )
    sections = [
        f"<h1>{esc(found.label)}</h1>",
        _profile_line(found.profile),
        f'<p class="lead">The career as the sources tell it, dates as precise as they give '
        f"them; ongoing tenures counted to {esc(format_day(as_of))}.</p>",
        f'<figure id="timeline">{inline_svg(picture)}'
        "<figcaption>One row per team; bars coloured by role; faded ends are dates known only "
        "to a range; stars are honours.</figcaption></figure>",
        '<section id="career"><h2>Career</h2>',
        _career_table(found.career),
        "</section>",
        '<section id="honours"><h2>Honours</h2>',
        _honours_table(found.honours)
        if found.honours.rows
        else '<p class="muted">No honours in the data.</p>',
        "</section>",
        '<section id="disagreements"><h2>Where the sources disagree</h2>',
        _disagreements_table(disagreements, found.sources)
        if disagreements.rows
        else '<p class="muted">No facts in the data that the sources state differently.</p>',
        "</section>",
        '<section id="sources"><h2>Sources</h2>',
        _sources_table(found.sources),
        "</section>",
        "<footer>Made with footballkg from the saved queries tenure-intervals, profile, honours, "
        "honour-tenures, source-disagreements and cited-sources.</footer>",
    ]
    return _page(f"{found.label}: career", "\n".join(sections))
