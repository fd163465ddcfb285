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

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from footballkg.timeline import Bar, DayRange, EndKind, HonourMark, Timeline, describe, find_gaps
from footballkg.timeline_draw import figure, pack_lanes, render

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
    assert "ongoing:c-head" in ids and "open-end:c-head" in ids
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
