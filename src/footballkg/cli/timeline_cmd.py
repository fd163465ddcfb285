"""`footballkg timeline` and `footballkg report`: a career as a picture, and as a page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from footballkg.cli.common import open_project, project_option, write_atomically
from footballkg.cli.endpoint import endpoint_options
from footballkg.errors import InputError
from footballkg.queries.params import calendar_day
from footballkg.rdf.load import load_project
from footballkg.stores.remote import SparqlClient
from footballkg.timeline.data import SavedQueries, name_slug, person_timeline, team_timeline
from footballkg.timeline.model import IMAGE_FORMATS

# The drawing modules (and matplotlib) are imported inside the commands, when they draw:
# imported here, they would add most of a second to the start of every footballkg command.

PICTURE_SUFFIXES = tuple(f".{fmt}" for fmt in IMAGE_FORMATS)


def _parse_as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    """The --as-of day (today if not given), checked as query date parameters are."""
    return date.today() if value is None else calendar_day(value.strip(), "--as-of")


def _as_of_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        callback=_parse_as_of,
        metavar="YYYY-MM-DD",
        help="The day ongoing tenures are drawn and counted to. Default: today.",
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
@endpoint_options()
@project_option
def timeline(
    person: str | None,
    team: str | None,
    output: Path | None,
    dpi: int,
    as_of: date,
    remote: SparqlClient | None,
    project_dir: Path | None,
) -> None:
    """Draw PERSON's career as a timeline: one row per team, one bar per tenure.

    Bars are coloured by role; imprecise dates fade over the days they may be; ongoing
    tenures stop at the as-of day with a "still running" arrowhead; honours are stars on
    the bar they were won in; stretches with no post are hatched. With --team TEAM, draw
    the team's head coaches instead, predecessor to successor. PERSON and TEAM are slugs
    (jess-thorup, krc-genk), prefixed names (person:jess-thorup) or full IRIs.

    \b
    Examples:
      footballkg timeline jess-thorup --output thorup.png
      footballkg timeline --team krc-genk --output genk.svg
    """
    if (person is None) == (team is None):
        raise InputError(
            "give either a PERSON or --team TEAM (not both), e.g. footballkg timeline jess-thorup"
        )
    name = person if person is not None else team
    assert name is not None
    if output is None:
        output = Path(f"{name_slug(name) or 'timeline'}-timeline.svg")
    suffix = ".svg" if str(output) == "-" else output.suffix.lower()
    if suffix not in (*PICTURE_SUFFIXES, ".html"):
        raise InputError(
            f'cannot tell what to write from "{output.name}": end the file name with '
            f"{', '.join(PICTURE_SUFFIXES)} or .html."
        )
    queries = _saved_queries(project_dir, remote, as_of)
    if person is not None:
        picture = person_timeline(queries, person)
    else:
        picture = team_timeline(queries, name)
    from footballkg.timeline.draw import render
    from footballkg.timeline.page import timeline_page

    if str(output) == "-":
        click.echo(render(picture, "svg").decode("utf-8"), nl=False)
        return
    if suffix == ".html":
        write_atomically(output, timeline_page(picture).encode("utf-8"))
    else:
        write_atomically(output, render(picture, suffix[1:], dpi))
    count = len(picture.bars)
    click.echo(f"Wrote {output} ({count} tenure{'' if count == 1 else 's'}).", err=True)


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
@endpoint_options()
@project_option
def report(
    person: str,
    output: Path,
    as_of: date,
    remote: SparqlClient | None,
    project_dir: Path | None,
) -> None:
    """Write one self-contained HTML page about PERSON's career.

    The page holds the timeline picture, the career table, honours, the facts on which the
    sources disagree (each value with its source), and the sources with language and date.
    It needs no network to view: the picture is inline SVG and the style is in the page.

    \b
    Example:
      footballkg report jess-thorup --output thorup.html
    """
    queries = _saved_queries(project_dir, remote, as_of)
    from footballkg.timeline.page import person_report

    write_atomically(output, person_report(queries, person).encode("utf-8"))
    click.echo(f"Wrote {output}.", err=True)


def _saved_queries(
    project_dir: Path | None, remote: SparqlClient | None, day: date
) -> SavedQueries:
    """The project's saved queries, run on the SPARQL server if one is given, else on the files."""
    project = open_project(project_dir)
    if remote is not None:
        return SavedQueries.on_server(remote, project.queries_dir, day)
    return SavedQueries.on_graph(load_project(project).graph, project.queries_dir, day)
