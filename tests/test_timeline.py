"""Timeline pictures and the career page, checked structurally.

The unit tests at the top use a small hand-made `Timeline`; the tests below them render the
project's own data (Thorup's career, Genk's and Copenhagen's coaches) through the saved queries
and look for the SVG elements of each tenure by their ids.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from rdflib import Literal, URIRef

from footballkg.cli import cli
from footballkg.project import find_project
from footballkg.queries.results import QueryResult
from footballkg.rdf.load import load_project
from footballkg.timeline.data import SavedQueries, person_timeline
from footballkg.timeline.draw import figure, pack_lanes, render
from footballkg.timeline.model import (
    Bar,
    DayRange,
    EndKind,
    HonourMark,
    Timeline,
    describe,
    find_gaps,
)
from footballkg.timeline.page import Column, labelled, table, timeline_page

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 3, 1)
SVG = "{http://www.w3.org/2000/svg}"


def day(text: str) -> DayRange:
    return DayRange.day(date.fromisoformat(text))


def year(y: int) -> DayRange:
    return DayRange(date(y, 1, 1), date(y, 12, 31))


def small_timeline() -> Timeline:
    dated = EndKind.DATED
    return Timeline(
        title="A. Coach: career",
        as_of=AS_OF,
        bars=[
            Bar("a-player", "Club A", "player", year(2001), year(2005), dated, "player"),
            Bar(
                "a-caretaker",
                "Club A",
                "caretaker",
                day("2008-11-17"),
                day("2009-01-01"),
                dated,
                "caretaker · 45 days",
            ),
            Bar(
                "b-head",
                "Club B",
                "head-coach",
                day("2020-09-24"),
                day("2020-11-02"),
                dated,
                "head coach · 39 days",
            ),
            Bar(
                "c-head",
                "Club C",
                "head-coach",
                day("2025-10-08"),
                DayRange(None, None),
                EndKind.ONGOING,
                "head coach · since 8 Oct 2025",
            ),
        ],
        honours=[
            HonourMark("cup-2003", "Cup 2003", year(2003), True, "a-player"),
            HonourMark("final-2025", "Cup 2025 (runner-up)", year(2025), False, "c-head"),
        ],
        sources=["“A source” (en, 2025)"],
    )


def svg_ids(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {el.attrib["id"]: el for el in root.iter() if "id" in el.attrib}


def text_of(group: ET.Element) -> str:
    """The words of the <text> elements in an SVG group."""
    return " ".join((t.text or "").strip() for t in group.iter(f"{SVG}text")).strip()


def x_extent(group: ET.Element) -> tuple[float, float]:
    """Smallest and largest x of the paths (or image) in an SVG group, in points."""
    xs: list[float] = []
    for el in group.iter():
        if el.tag == f"{SVG}path":
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", el.attrib["d"])]
            xs += numbers[0::2]
        elif el.tag == f"{SVG}image":
            x, width = float(el.attrib.get("x", 0)), float(el.attrib["width"])
            xs += [x, x + width]
    assert xs, f"no shapes in {group.attrib.get('id')}"
    return min(xs), max(xs)


def text_overlaps(timeline: Timeline) -> list[tuple[str, str]]:
    """Pairs of texts in the drawn figure whose boxes overlap (more than half a pixel)."""
    drawn = figure(timeline)
    renderer = FigureCanvasAgg(drawn).get_renderer()
    drawn.draw(renderer)  # places the legend and tick labels
    texts = [t for t in drawn.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer).expanded(1, 1)) for t in texts]
    return [
        (a, b)
        for (a, box_a), (b, box_b) in combinations(boxes, 2)
        if box_a.x1 - 0.5 > box_b.x0
        and box_b.x1 - 0.5 > box_a.x0
        and box_a.y1 - 0.5 > box_b.y0
        and box_b.y1 - 0.5 > box_a.y0
    ]


# --------------------------------------------------------------------------- unit tests


def test_describe_keeps_precision() -> None:
    assert describe(day("2020-09-24")) == "24 Sep 2020"
    assert describe(DayRange(date(2008, 11, 1), date(2008, 11, 30))) == "Nov 2008"
    assert describe(year(2006)) == "2006"
    assert describe(DayRange(date(1997, 1, 1), date(1998, 12, 31))) == "between 1997 and 1998"
    assert describe(DayRange(None, date(2020, 9, 24))) == "by 24 Sep 2020"
    assert describe(DayRange(None, date(2006, 12, 31))) == "by 2006"
    assert describe(DayRange(date(2020, 8, 20), None)) == "not before 20 Aug 2020"
    assert describe(DayRange(date(2020, 8, 20), date(2020, 9, 24))) == (
        "between 20 Aug and 24 Sep 2020"
    )


def test_gaps_are_certain_stretches_without_a_post() -> None:
    gaps = find_gaps(small_timeline())
    # 2005 (year) to 17 Nov 2008: at least from 31 Dec 2005; 2 Nov 2020 to 8 Oct 2025 exact.
    assert [(g.start, g.end, g.exact) for g in gaps] == [
        (date(2005, 12, 31), date(2008, 11, 17), False),
        (date(2009, 1, 1), date(2020, 9, 24), True),
        (date(2020, 11, 2), date(2025, 10, 8), True),
    ]
    # A successor starting the day the predecessor ends leaves no gap (half-open intervals).
    back_to_back = small_timeline()
    back_to_back.bars = [
        Bar("x", "T", "head-coach", day("2020-01-01"), day("2020-11-02"), EndKind.DATED, "x"),
        Bar("y", "T", "head-coach", day("2020-11-02"), day("2021-01-01"), EndKind.DATED, "y"),
    ]
    assert find_gaps(back_to_back) == []


def test_pack_lanes_puts_overlapping_items_in_separate_lanes() -> None:
    assert pack_lanes([(0, 5), (3, 8), (6, 9), (9.5, 10)], pad=0.2) == [0, 1, 0, 0]


def test_small_timeline_svg_has_an_element_per_fact() -> None:
    ids = svg_ids(render(small_timeline(), "svg"))
    for key in ("a-player", "a-caretaker", "b-head", "c-head"):
        assert f"tenure:{key}" in ids
    assert "honour:cup-2003" in ids and "honour:final-2025" in ids
    assert "ongoing:c-head" in ids and "open-end:c-head" not in ids
    assert "uncertain-start:a-player" in ids and "uncertain-end:a-player" in ids
    assert {"gap:1", "gap:2", "gap:3", "legend", "footnote:1"} <= ids.keys()


def test_rendering_is_reproducible() -> None:
    assert render(small_timeline(), "svg") == render(small_timeline(), "svg")
    assert render(small_timeline(), "png", dpi=60) == render(small_timeline(), "png", dpi=60)


def test_no_text_overlaps_in_small_timeline() -> None:
    assert text_overlaps(small_timeline()) == []


def test_text_is_escaped_and_never_read_as_tex() -> None:
    timeline = small_timeline()
    timeline.bars[0] = Bar(
        "a-player", "<b>$Club$ & A</b>", "player", year(2001), year(2005), EndKind.DATED, "player"
    )
    svg = render(timeline, "svg")
    ET.fromstring(svg)  # still well-formed XML
    assert b"&lt;b&gt;$Club$ &amp; A&lt;/b&gt;" in svg


# --------------------------------------------------------------------------- the project's data

THORUP_TENURES = [  # every tenure the encyclopedia article names, in career order
    "odense-bk-player-1989",
    "kfc-uerdingen-05-player-1996",
    "fc-tirol-innsbruck-player-1997",
    "esbjerg-fb-player-1998",
    "hamkam-player-2005",
    "esbjerg-fb-player-2005",
    "esbjerg-fb-assistant-coach-2006",
    "esbjerg-fb-caretaker-2008",
    "esbjerg-fb-assistant-coach-2009",
    "esbjerg-fb-head-coach-2011",
    "denmark-u21-head-coach-2013",
    "fc-midtjylland-head-coach-2015",
    "kaa-gent-head-coach-2018",
    "krc-genk-head-coach-2020",
    "fc-copenhagen-head-coach-2020",
    "fc-augsburg-head-coach-2023",
    "al-ahly-head-coach-2025",
]
GENK = "tenure:jess-thorup-krc-genk-head-coach-2020"
AL_AHLY = "jess-thorup-al-ahly-head-coach-2025"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Thorup's timeline, Genk's and Copenhagen's coaches, Thorup's page: files written by the
    commands users run."""
    out = tmp_path_factory.mktemp("timelines")
    runs = {
        "thorup.svg": ["timeline", "jess-thorup"],
        "genk.svg": ["timeline", "--team", "team:krc-genk"],
        "copenhagen.svg": ["timeline", "--team", "fc-copenhagen"],
        "thorup.html": ["report", "jess-thorup"],
    }
    runner = CliRunner()
    for name, args in runs.items():
        result = runner.invoke(
            cli,
            [
                *args,
                "--as-of",
                AS_OF.isoformat(),
                "--project",
                str(ROOT),
                "--output",
                str(out / name),
            ],
        )
        assert result.exit_code == 0, result.output
    return {name: out / name for name in runs}


def test_thorup_timeline_has_every_tenure(drawn: dict[str, Path]) -> None:
    ids = svg_ids(drawn["thorup.svg"].read_bytes())
    tenures = sorted(i for i in ids if i.startswith("tenure:"))
    assert tenures == sorted(f"tenure:jess-thorup-{t}" for t in THORUP_TENURES)
    for tenure in tenures:
        assert tenure.replace("tenure:", "label:") in ids  # every bar is labelled


def test_genk_bar_is_short_but_visible_and_labelled(drawn: dict[str, Path]) -> None:
    ids = svg_ids(drawn["thorup.svg"].read_bytes())
    left, right = x_extent(ids[GENK])
    copenhagen = x_extent(ids["tenure:jess-thorup-fc-copenhagen-head-coach-2020"])
    assert 2.0 <= right - left < (copenhagen[1] - copenhagen[0]) / 10
    label = text_of(ids[GENK.replace("tenure:", "label:")])
    # nl: "is na amper 39 dagen alweer onderweg"; en table: 24 September - 2 November 2020.
    assert "24 Sep 2020" in label and "2 Nov 2020" in label and "39 days" in label


def test_al_ahly_bar_stops_at_the_as_of_line_with_a_still_running_mark(
    drawn: dict[str, Path],
) -> None:
    ids = svg_ids(drawn["thorup.svg"].read_bytes())
    assert f"ongoing:{AL_AHLY}" in ids
    # No fade past the as-of day: nobody has seen those days yet.
    assert f"open-end:{AL_AHLY}" not in ids and f"uncertain-end:{AL_AHLY}" not in ids
    as_of = x_extent(ids["as-of"])[0]
    solid = x_extent(ids[f"tenure:{AL_AHLY}"])
    arrow = x_extent(ids[f"ongoing:{AL_AHLY}"])
    assert abs(solid[1] - as_of) < 0.5  # the bar ends on the as-of line
    assert abs(arrow[0] - as_of) < 0.5 and arrow[1] - as_of > 5  # the mark starts there
    legend = text_of(ids["legend"])
    assert "still running at the as-of day" in legend
    assert "faded: date known to a range" in legend


def test_thorup_timeline_marks_honours_gaps_and_sources(drawn: dict[str, Path]) -> None:
    svg = drawn["thorup.svg"].read_bytes()
    ids = svg_ids(svg)
    # Honours list: OB 1989, 1990-91, 1992-93; Esbjerg 2011-12, 2012-13; Midtjylland
    # 2017-18; Copenhagen 2021-22 and Atlantic Cup runner-up 2020, 2022; Al Ahly 2025.
    assert len([i for i in ids if i.startswith("honour:")]) == 10
    # Gent ended 20 Aug 2020, Genk began 24 Sep; Copenhagen ended 20 Sep 2022, Augsburg
    # began 15 Oct 2023, ended 23 May 2025; Al Ahly began 8 Oct 2025.
    gap_labels = [text_of(ids[i]) for i in ids if i.startswith("gap-label:")]
    assert gap_labels == ["no post: 35 days", "no post: 390 days", "no post: 138 days"]
    footnote = " ".join(text_of(ids[i]) for i in ids if i.startswith("footnote:"))
    assert "(nl, 2 Nov 2020)" in footnote and "(en, 2025)" in footnote


def test_genk_coaches_run_from_wolf_to_thorup(drawn: dict[str, Path]) -> None:
    ids = svg_ids(drawn["genk.svg"].read_bytes())
    wolf = "hannes-wolf-krc-genk-head-coach"
    assert {f"tenure:{wolf}", GENK, f"succession:{wolf}--{GENK[7:]}"} <= ids.keys()
    assert not [i for i in ids if i.startswith("gap:")]  # Wolf left by the day Thorup came


def test_copenhagen_coaches_show_the_gap_after_solbakken(drawn: dict[str, Path]) -> None:
    ids = svg_ids(drawn["copenhagen.svg"].read_bytes())
    solbakken = "stale-solbakken-fc-copenhagen-head-coach"
    thorup = "jess-thorup-fc-copenhagen-head-coach-2020"
    assert {f"tenure:{solbakken}", f"tenure:{thorup}", f"succession:{solbakken}--{thorup}"} <= (
        ids.keys()
    )
    # Solbakken dismissed 10 October 2020, Thorup in charge from 2 November 2020.
    assert text_of(ids["gap-label:1"]) == "no coach in the data: 23 days"


def test_report_is_one_self_contained_page(drawn: dict[str, Path]) -> None:
    page = drawn["thorup.html"].read_text(encoding="utf-8")
    for tenure in THORUP_TENURES:
        assert f'<tr id="jess-thorup-{tenure}">' in page
        assert f'id="tenure:jess-thorup-{tenure}"' in page  # and its bar in the picture
    assert "Jess Thorup leaves Racing Genk for FC Kopenhagen after 39 days" in page
    # en: "Jess Thorup (born 21 February 1970)"; "Birthplace: Hjerting, Denmark";
    # "Position: Forward".
    assert "Born 21 Feb 1970 in Hjerting, Denmark · nationality Denmark · forward" in page
    # The sources disagree on Genk: five matches (nl) against six (en); both are on the page.
    disagreements = page[page.index('<section id="disagreements">') :]
    disagreements = disagreements[: disagreements.index("</section>")]
    assert '<blockquote lang="nl">In de vijf wedstrijden met hem aan het roer' in disagreements
    assert "at the helm for only six games" in disagreements
    assert '<span class="lang">nl</span>' in disagreements
    assert '<span class="lang">en</span>' in disagreements
    for section in ("career", "honours", "disagreements", "sources"):
        assert f'<section id="{section}">' in page
    # Nothing is fetched when the page is viewed.
    assert not re.search(r"<script|<link|<img|<iframe|@import|(?:src|href)=\"https?:", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline"], "give either a PERSON or --team TEAM (not both)"),
        (["timeline", "jess-thorup", "--team", "krc-genk"], "give either a PERSON or --team"),
        (
            ["timeline", "jess-thorup", "--output", "thorup.bmp"],
            'cannot tell what to write from "thorup.bmp": end the file name with .svg, .png, '
            ".pdf or .html.",
        ),
        (
            ["timeline", "nobody-at-all", "--output", "x.svg"],
            "no person nobody-at-all in the data, and no name close to it.",
        ),
    ],
)
def test_timeline_command_says_what_is_wrong(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--project", str(ROOT)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {message}")


def test_no_text_overlaps_in_thorup_timeline() -> None:
    project = find_project(explicit=ROOT)
    queries = SavedQueries.on_graph(load_project(project).graph, project.queries_dir, AS_OF)
    assert text_overlaps(person_timeline(queries, "jess-thorup")) == []


def test_page_tables_escape_text() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    result = QueryResult(
        ["tenure", "team", "team_label"],
        [
            {
                "tenure": URIRef("https://example.org/t/a<b"),
                "team": None,
                "team_label": Literal(hostile),
            }
        ],
    )
    html = table(result, [Column("Team", labelled("team"))], row_id="tenure")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert 'id="a&lt;b"' in html


def test_timeline_writes_svg_to_stdout() -> None:
    result = CliRunner().invoke(
        cli, ["timeline", "--team", "krc-genk", "--output", "-", "--project", str(ROOT)]
    )
    assert result.exit_code == 0, result.output
    assert "tenure:jess-thorup-krc-genk-head-coach-2020" in svg_ids(result.stdout.encode())


def test_timeline_page_holds_the_picture_and_its_sources() -> None:
    page = timeline_page(small_timeline())
    assert page.startswith("<!DOCTYPE html>") and "<?xml" not in page
    assert 'id="tenure:b-head"' in page
    assert "<li>“A source” (en, 2025)</li>" in page


def test_unknown_end_and_open_start_are_drawn_as_such() -> None:
    timeline = small_timeline()
    timeline.bars += [
        # "Ended, date not stated" (fkg:ongoing false): a band fading out, and a question mark.
        Bar(
            "d-player",
            "Club D",
            "player",
            year(1998),
            DayRange(None, None),
            EndKind.UNKNOWN,
            "player · 1998 to ?",
        ),
        # Start known only as "not after": fades in from nothing, no sharp start edge.
        Bar(
            "e-head",
            "Club E",
            "head-coach",
            DayRange(None, date(2010, 5, 1)),
            day("2012-06-30"),
            EndKind.DATED,
            "head coach · by 1 May 2010 to 30 Jun 2012",
        ),
    ]
    ids = svg_ids(render(timeline, "svg"))
    assert "end-unknown:d-player" in ids and "tenure:d-player" in ids
    assert "uncertain-start:e-head" in ids and "tenure:e-head" in ids
    assert text_overlaps(timeline) == []
