"""`footballkg timeline` and `footballkg report`: a career as a picture, and as a page."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from footballkg.career_report import person_report, timeline_page
from footballkg.cli.common import open_project, project_option
from footballkg.errors import InputError
from footballkg.load import load_project
from footballkg.timeline_data import person_timeline, team_timeline
from footballkg.timeline_draw import FORMATS, render

PICTURE_SUFFIXES = tuple(f".{fmt}" for fmt in FORMATS)


def _as_of_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="The day ongoing tenures are drawn and counted to (YYYY-MM-DD). Default: today.",
    )(function)


@click.command()
@click.argument("person", required=False)
@click.option(
    "--team",
    metavar="TEAM",
    help="Draw a team's head coaches over time instead of a person's career.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write: .svg, .png, .pdf or .html (a page with the picture). "
    "Default: <slug>-timeline.svg in the current folder; - writes SVG to stdout.",
)
@click.option(
    "--dpi",
    type=click.IntRange(50, 600),
    default=150,
    show_default=True,
    help="Resolution of a PNG.",
)
@_as_of_option
@project_option
def timeline(
    person: str | None,
    team: str | None,
    output: Path | None,
    dpi: int,
    as_of: datetime | None,
    project_dir: Path | None,
) -> None:
    """Draw PERSON's career as a timeline: one row per team, one bar per tenure.

    Bars are coloured by role; imprecise dates fade over the days they may be; ongoing
    tenures run to the as-of day with an open end; honours are stars on the bar they were
    won in; stretches with no post are hatched. With --team TEAM, draw the team's head
    coaches instead, predecessor to successor. PERSON and TEAM are slugs (jess-thorup,
    krc-genk), prefixed names (person:jess-thorup) or full IRIs.

    \b
    Examples:
      footballkg timeline jess-thorup --output thorup.png
      footballkg timeline --team krc-genk --output genk.svg
    """
    if (person is None) == (team is None):
        raise InputError(
            "give either a PERSON or --team TEAM (not both), e.g. footballkg timeline jess-thorup"
        )
    day = as_of.date() if as_of is not None else date.today()
    project = open_project(project_dir)
    graph = load_project(project).graph
    if person is not None:
        picture = person_timeline(graph, project.queries_dir, person, day)
        name = person
    else:
        assert team is not None
        picture = team_timeline(graph, project.queries_dir, team, day)
        name = team
    if output is None:
        output = Path(f"{_file_stem(name)}-timeline.svg")
    if str(output) == "-":
        click.echo(render(picture, "svg").decode("utf-8"), nl=False)
        return
    suffix = output.suffix.lower()
    if suffix == ".html":
        output.write_text(timeline_page(picture), encoding="utf-8")
    elif suffix in PICTURE_SUFFIXES:
        output.write_bytes(render(picture, suffix[1:], dpi))
    else:
        raise InputError(
            f'cannot tell what to write from "{output.name}": end the file name with '
            f"{', '.join(PICTURE_SUFFIXES)} or .html."
        )
    click.echo(f"Wrote {output} ({len(picture.bars)} tenures).", err=True)


@click.command()
@click.argument("person")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The HTML file to write.",
)
@_as_of_option
@project_option
def report(person: str, output: Path, as_of: datetime | None, project_dir: Path | None) -> None:
    """Write one self-contained HTML page about PERSON's career.

    The page holds the timeline picture, the career table, honours, the facts on which the
    sources disagree (each value with its source), and the sources with language and date.
    It needs no network to view: the picture is inline SVG and the style is in the page.

    \b
    Example:
      footballkg report jess-thorup --output thorup.html
    """
    day = as_of.date() if as_of is not None else date.today()
    project = open_project(project_dir)
    graph = load_project(project).graph
    output.write_text(person_report(graph, project.queries_dir, person, day), encoding="utf-8")
    click.echo(f"Wrote {output}.", err=True)


def _file_stem(name: str) -> str:
    """A file name from a slug, prefixed name or IRI: its last segment."""
    return name.strip("<>").rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "timeline"
