"""Drawing a `Timeline` with matplotlib (Agg, no display needed) into SVG, PNG or PDF.

All positions are worked out first (`_Layout`: rows, lanes, where each label goes so that no two
overlap), then drawn (`_Drawer`). Every artist that stands for a fact carries a stable `gid`
(`tenure:<slug>`, `honour:<slug>`, `ongoing:<slug>`, `gap:<n>`, ...) that becomes the `id` of its
SVG group, so the picture can be checked and styled. The same data gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates as mdates
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Polygon, Rectangle

from footballkg.errors import InputError
from footballkg.timeline.model import (
    GAP_COLOUR,
    IMAGE_FORMATS,
    OTHER_ROLE,
    ROLE_STYLES,
    RUNNER_UP_COLOUR,
    TITLE_COLOUR,
    Bar,
    DayRange,
    EndKind,
    HonourMark,
    Timeline,
    find_gaps,
    format_day,
    role_style,
)

# --------------------------------------------------------------------------- layout

# Sizes in inches (the y axis of the plot is in inches, downwards) and points.
FIGURE_WIDTH = 13.0
BAR_HEIGHT = 0.26
BAR_LANE = 0.34  # a bar plus the space to the next bar lane
LINE = 0.19  # one line of label text
ROW_PAD = 0.12
LABEL_SIZE = 8.0
ROW_SIZE = 10.0
TITLE_SIZE = 14.0
FOOT_SIZE = 7.5
MIN_BAR_POINTS = 3.0  # a 39-day tenure is still a visible bar
LABEL_PAD_POINTS = 6.0
ONGOING_TIP_INCHES = 0.16  # the "still running" arrowhead past the as-of line
ONGOING_EDGE = "#222222"
STAR_RADIUS_POINTS = 6.5

_MEASURE = RendererAgg(10, 10, 72)  # type: ignore[no-untyped-call]  # 72 dpi: 1 px = 1 pt


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in inches, as matplotlib will draw it."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _MEASURE.get_text_width_height_descent(  # type: ignore[no-untyped-call]
        text, prop, ismath=False
    )
    return float(width) / 72.0


def pack_lanes(items: Sequence[tuple[float, float]], pad: float = 0.0) -> list[int]:
    """Greedy interval packing: for each (left, right), in order, the first lane it fits in."""
    lane_ends: list[float] = []
    lanes: list[int] = []
    for left, right in items:
        for i, lane_end in enumerate(lane_ends):
            if left >= lane_end + pad:
                lane_ends[i] = right
                lanes.append(i)
                break
        else:
            lane_ends.append(right)
            lanes.append(len(lane_ends) - 1)
    return lanes


@dataclass
class _BarGeometry:
    """Where a bar goes, in days (x, matplotlib date numbers) and lanes."""

    bar: Bar
    outer_left: float  # earliest possible start (or the start of a nominal fade)
    solid_left: float  # latest possible start: from here the person is certainly in post
    solid_right: float  # earliest possible end
    outer_right: float  # latest possible end (an open end: where its fade ends; ongoing: as-of)
    lane: int = 0
    label_inside: bool = False
    start_open: bool = False  # no earliest start is known: the bar fades in from nothing
    end_open: bool = False  # no latest end is known: the bar fades out to nothing


@dataclass
class _Label:
    """A line of text under a row, placed in the first free label lane."""

    gid: str
    text: str
    left: float  # x in days
    width_days: float
    lane: int = 0  # the label lane under the bars
    bar_lane: int | None = None  # set when the label sits beside its bar, in the bar's lane
    anchor: float = 0.0  # x of what it names (a bar's start, a star): labels stack in this order


@dataclass
class _Row:
    name: str
    bars: list[_BarGeometry] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)  # in label lanes under the bars
    beside: list[_Label] = field(default_factory=list)  # beside their bars
    bar_lanes: int = 1
    label_lanes: int = 0
    top: float = 0.0  # y (inches from the top of the plot area)

    @property
    def height(self) -> float:
        return 2 * ROW_PAD + self.bar_lanes * BAR_LANE + self.label_lanes * LINE

    def bar_y(self, lane: int) -> float:
        """Centre of a bar lane."""
        return self.top + ROW_PAD + lane * BAR_LANE + BAR_HEIGHT / 2

    def label_y(self, lane: int) -> float:
        """Centre of a label lane."""
        return self.top + ROW_PAD + self.bar_lanes * BAR_LANE + lane * LINE + LINE / 2


EPOCH = date(1970, 1, 1)  # matplotlib's date epoch (set in _RC): x is days since it


def _num(day: date) -> float:
    return float((day - EPOCH).days)


def _nums(days: DayRange) -> tuple[float | None, float | None]:
    return (
        None if days.earliest is None else _num(days.earliest),
        None if days.latest is None else _num(days.latest),
    )


def _ordered_rows(geometries: Iterable[_BarGeometry]) -> list[str]:
    """Row names in order of each row's first possible start."""
    first: dict[str, float] = {}
    for g in geometries:
        first[g.bar.row] = min(first.get(g.bar.row, g.outer_left), g.outer_left)
    return sorted(first, key=lambda name: (first[name], name))


class _Layout:
    """All positions, computed before anything is drawn so that no two labels overlap."""

    def __init__(self, timeline: Timeline) -> None:
        if not timeline.bars:
            raise InputError("nothing to draw: the data has no tenures for this timeline.")
        self.timeline = timeline
        known = [
            d
            for bar in timeline.bars
            for d in (bar.start.earliest, bar.start.latest, bar.end.earliest, bar.end.latest)
            if d is not None
        ]
        if any(bar.end_kind is EndKind.ONGOING for bar in timeline.bars):
            known.append(timeline.as_of)
        span_days = max((max(known) - min(known)).days, 60)
        # Length of the fade drawn where a bound is open (start unknown, ongoing, end unknown).
        self.nominal = max(30.0, 0.035 * span_days)

        row_names = max(text_width(b.row, ROW_SIZE, bold=True) for b in timeline.bars)
        self.left_margin = row_names + 0.35
        self.axes_width = FIGURE_WIDTH - self.left_margin - 0.35

        geometries = [self._bar_geometry(bar) for bar in timeline.bars]
        pad = 0.02 * span_days + self.nominal / 2
        self.x_min = min(g.outer_left for g in geometries) - pad
        self.x_max = max(g.outer_right for g in geometries) + pad
        self.days_per_inch = (self.x_max - self.x_min) / self.axes_width
        self._widen_short_bars(geometries)

        self.geometries = {g.bar.key: g for g in geometries}
        self.rows = [_Row(name) for name in _ordered_rows(geometries)]
        by_name = {row.name: row for row in self.rows}
        for g in geometries:
            by_name[g.bar.row].bars.append(g)
        for row in self.rows:
            self._lay_out_row(row)

        self.gaps = find_gaps(timeline)
        self.top_labels = self._top_labels()
        self.top_lanes = max((lbl.lane + 1 for lbl in self.top_labels), default=0)
        y = self.top_lanes * LINE + (0.1 if self.top_lanes else 0.0)
        self.rows_top = y
        for row in self.rows:
            row.top = y
            y += row.height
        self.plot_height = y

    def days(self, inches: float) -> float:
        return inches * self.days_per_inch

    def _bar_geometry(self, bar: Bar) -> _BarGeometry:
        """Where the bar goes; a bound the data leaves open becomes a fade of nominal length."""
        n = self.nominal
        start_early, start_late = _nums(bar.start)
        end_early: float | None
        end_late: float | None
        if bar.end_kind is EndKind.ONGOING:
            # To the as-of day, or at least to the start should the as-of day come before it.
            end_early = end_late = max(
                _num(self.timeline.as_of), *(x for x in (start_early, start_late) if x is not None)
            )
        elif bar.end_kind is EndKind.UNKNOWN:
            end_early = end_late = None
        else:
            end_early, end_late = _nums(bar.end)
        if start_early is None:
            if start_late is None:
                raise InputError(f"tenure {bar.key} has no start at all; it cannot be drawn.")
            start_early = start_late - n
        if start_late is None:
            start_late = start_early + n if end_early is None else min(start_early + n, end_early)
        if end_early is None:
            end_early = start_late if end_late is None else max(start_late, end_late - n)
        if end_late is None:
            end_late = end_early + n  # an open end fades out after its last sure day
        # An ongoing tenure is certain up to the as-of day and stops there, with the
        # "still running" mark: a fade past it would claim days nobody has seen yet.
        return _BarGeometry(
            bar,
            start_early,
            start_late,
            end_early,
            end_late,
            start_open=bar.start.earliest is None,
            end_open=bar.end_kind is EndKind.UNKNOWN
            or (bar.end_kind is EndKind.DATED and bar.end.latest is None),
        )

    def _widen_short_bars(self, geometries: list[_BarGeometry]) -> None:
        minimum = self.days(MIN_BAR_POINTS / 72)
        for g in geometries:
            if 0 < g.solid_right - g.solid_left < minimum:
                g.solid_right = g.solid_left + minimum
                g.outer_right = max(g.outer_right, g.solid_right)

    def _clamp_left(self, left: float, width_days: float) -> float:
        return max(self.x_min, min(left, self.x_max - width_days))

    def _lay_out_row(self, row: _Row) -> None:
        """Bars into bar lanes (overlapping bars one under the other), then their labels."""
        row.bars.sort(key=lambda g: (g.outer_left, g.solid_left))
        lanes = pack_lanes([(g.outer_left, self._drawn_right(g)) for g in row.bars])
        for g, lane in zip(row.bars, lanes, strict=True):
            g.lane = lane
        row.bar_lanes = max(lanes) + 1
        self._place_bar_labels(row)
        self._place_honour_labels(row)
        pad = self.days(LABEL_PAD_POINTS / 72)
        row.labels.sort(key=lambda lbl: (lbl.anchor, lbl.gid))
        lanes = pack_lanes([(lbl.left, lbl.left + lbl.width_days) for lbl in row.labels], pad)
        for lbl, lane in zip(row.labels, lanes, strict=True):
            lbl.lane = lane
        row.label_lanes = max(lanes, default=-1) + 1

    def _drawn_right(self, g: _BarGeometry) -> float:
        """Where a bar's drawing ends: with the arrow of an open end or the "?" of an unknown."""
        return g.outer_right + (self.days(0.2) if g.bar.end_kind is not EndKind.DATED else 0)

    def _place_bar_labels(self, row: _Row) -> None:
        """Each bar's label goes inside the bar if it fits (and no honour is marked there),
        else beside the bar in its lane if that space is free, else in a label lane below."""
        pad = self.days(LABEL_PAD_POINTS / 72)
        honoured = {h.bar_key for h in self.timeline.honours}
        # Each bar's drawn extent, its stars included; then what each bar lane holds.
        extent = {g.bar.key: (g.outer_left, self._drawn_right(g)) for g in row.bars}
        star = self.days(STAR_RADIUS_POINTS / 72)
        for honour in self.timeline.honours:
            on = self.geometries.get(honour.bar_key or "")
            if on is not None and on in row.bars:
                x = self.honour_x(honour, on)
                left, right = extent[on.bar.key]
                extent[on.bar.key] = (min(left, x - star), max(right, x + star))
        taken: dict[int, list[tuple[float, float]]] = {}
        for g in row.bars:
            taken.setdefault(g.lane, []).append(extent[g.bar.key])

        def free(lane: int, left: float, right: float) -> bool:
            return (
                left >= self.x_min
                and right <= self.x_max
                and all(right + pad <= a or left >= b + pad for a, b in taken[lane])
            )

        for g in row.bars:
            width = self.days(text_width(g.bar.label, LABEL_SIZE))
            if width + 2 * pad <= g.solid_right - g.solid_left and g.bar.key not in honoured:
                g.label_inside = True
                continue
            label = _Label(f"label:{g.bar.key}", g.bar.label, 0.0, width)
            bar_left, bar_right = extent[g.bar.key]
            for left in (bar_right + pad, bar_left - pad - width):
                if free(g.lane, left, left + width):
                    label.left, label.bar_lane = left, g.lane
                    taken[g.lane].append((left, left + width))
                    row.beside.append(label)
                    break
            else:
                label.left = self._clamp_left(g.solid_left, width)
                label.anchor = g.solid_left
                row.labels.append(label)

    def _place_honour_labels(self, row: _Row) -> None:
        """An honour's name goes below its row, starting at its star."""
        for honour in self.timeline.honours:
            on = self.geometries.get(honour.bar_key or "")
            if on is None or on not in row.bars:
                continue
            text = _honour_text(honour)
            width = self.days(text_width(text, LABEL_SIZE))
            x = self.honour_x(honour, on)
            left = self._clamp_left(x - self.days(0.05), width)
            row.labels.append(_Label(f"honour-label:{honour.key}", text, left, width, anchor=x))

    def honour_x(self, honour: HonourMark, g: _BarGeometry) -> float:
        """Middle of the days the season and the tenure share (the bar's middle if none),
        kept far enough inside the bar that the whole star is on it."""
        left, right = g.solid_left, g.solid_right
        if honour.when.earliest is not None:
            left = max(left, _num(honour.when.earliest))
        if honour.when.latest is not None:
            right = min(right, _num(honour.when.latest) + 1)
        if right < left:
            left, right = g.solid_left, g.solid_right
        middle = (left + right) / 2
        margin = self.days(STAR_RADIUS_POINTS / 72)
        if g.solid_right - g.solid_left > 2 * margin:
            middle = min(max(middle, g.solid_left + margin), g.solid_right - margin)
        return middle

    def _top_labels(self) -> list[_Label]:
        labels: list[_Label] = []
        for i, gap in enumerate(self.gaps):
            length = f"{gap.days} days" if gap.exact else f"at least {gap.days} days"
            text = f"{self.timeline.gap_label}: {length}"
            width = self.days(text_width(text, LABEL_SIZE))
            middle = (_num(gap.start) + _num(gap.end)) / 2
            left = self._clamp_left(middle - width / 2, width)
            labels.append(_Label(f"gap-label:{i + 1}", text, left, width))
        if self.shows_as_of:
            text = f"as of {format_day(self.timeline.as_of)}"
            width = self.days(text_width(text, LABEL_SIZE))
            left = self._clamp_left(_num(self.timeline.as_of) - width, width)
            labels.append(_Label("as-of-label", text, left, width))
        labels.sort(key=lambda lbl: lbl.left)
        lanes = pack_lanes(
            [(lbl.left, lbl.left + lbl.width_days) for lbl in labels],
            self.days(LABEL_PAD_POINTS / 72),
        )
        for lbl, lane in zip(labels, lanes, strict=True):
            lbl.lane = lane
        return labels

    @property
    def shows_as_of(self) -> bool:
        return any(b.end_kind is EndKind.ONGOING for b in self.timeline.bars)


def _honour_text(honour: HonourMark) -> str:
    return ("★ " if honour.is_title else "☆ ") + honour.label


# --------------------------------------------------------------------------- drawing

TITLE_BLOCK = 0.55
LEGEND_BLOCK = 0.45
AXIS_BLOCK = 0.4


def _ink_on(colour: str) -> str:
    """White text on a dark bar, near-black on a light one (relative luminance, WCAG)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in matplotlib.colors.to_rgb(colour)
    ]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "white" if luminance < 0.3 else "#222222"


def _gradient(alpha_from: float, alpha_to: float, colour: str) -> Any:
    rgb = matplotlib.colors.to_rgb(colour)
    image = np.zeros((1, 64, 4))
    image[0, :, :3] = rgb
    image[0, :, 3] = np.linspace(alpha_from, alpha_to, 64)
    return image


class _Drawer:
    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        tl = layout.timeline
        self.foot_lines = _footnote_lines(tl.sources)
        foot_block = 0.2 + LINE * len(self.foot_lines)
        height = TITLE_BLOCK + LEGEND_BLOCK + layout.plot_height + AXIS_BLOCK + foot_block
        self.height = height
        self.figure = Figure(figsize=(FIGURE_WIDTH, height))
        left = layout.left_margin / FIGURE_WIDTH
        bottom = (AXIS_BLOCK + foot_block) / height
        self.ax = self.figure.add_axes(
            (left, bottom, layout.axes_width / FIGURE_WIDTH, layout.plot_height / height)
        )
        self.ax.set_xlim(layout.x_min, layout.x_max)
        self.ax.set_ylim(layout.plot_height, 0)

    def draw(self) -> Figure:
        tl = self.layout.timeline
        ax = self.ax
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_yticks([])
        locator = mdates.AutoDateLocator(minticks=5, maxticks=14)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
                locator, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y"]
            )
        )
        ax.tick_params(axis="x", labelsize=LABEL_SIZE + 0.5, color="#999999")
        ax.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        ax.set_axisbelow(True)

        self.figure.text(
            0.5 / FIGURE_WIDTH,
            1 - 0.32 / self.height,
            tl.title,
            fontsize=TITLE_SIZE,
            weight="bold",
            va="center",
            gid="title",
        )
        self._draw_legend()
        for i, row in enumerate(self.layout.rows):
            self._draw_row(row, shaded=i % 2 == 1)
        self._draw_gaps()
        if self.layout.shows_as_of:
            ax.axvline(
                _num(tl.as_of), color="#555555", linewidth=0.8, linestyle=(0, (3, 3)), gid="as-of"
            )
        for label in self.layout.top_labels:
            self._text(label, (label.lane + 0.5) * LINE, colour="#555555")
        if tl.successions:
            self._draw_successions()
        for i, line in enumerate(self.foot_lines):
            self.figure.text(
                0.5 / FIGURE_WIDTH,
                (0.15 + LINE * (len(self.foot_lines) - 1 - i)) / self.height,
                line,
                fontsize=FOOT_SIZE,
                color="#444444",
                gid=f"footnote:{i + 1}",
            )
        return self.figure

    def _text(self, label: _Label, y: float, colour: str = "#222222") -> None:
        self.ax.text(
            label.left,
            y,
            label.text,
            fontsize=LABEL_SIZE,
            va="center",
            ha="left",
            color=colour,
            gid=label.gid,
            clip_on=False,
            zorder=5,
            # Keeps a label readable where it crosses a gap band or the as-of line.
            bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 0.6},
        )

    def _draw_row(self, row: _Row, shaded: bool) -> None:
        ax = self.ax
        lay = self.layout
        if shaded:
            ax.add_patch(
                Rectangle(
                    (lay.x_min, row.top),
                    lay.x_max - lay.x_min,
                    row.height,
                    facecolor="#F5F5F5",
                    edgecolor="none",
                    zorder=0,
                )
            )
        ax.text(
            -0.15 / lay.axes_width,
            row.bar_y(0),
            row.name,
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=ROW_SIZE,
            weight="bold",
            gid=f"row:{row.name}",
        )
        for g in row.bars:
            self._draw_bar(g, row.bar_y(g.lane))
        for honour in lay.timeline.honours:
            on = lay.geometries.get(honour.bar_key or "")
            if on is not None and on in row.bars:
                ax.plot(
                    [lay.honour_x(honour, on)],
                    [row.bar_y(on.lane)],
                    marker="*",
                    markersize=13 if honour.is_title else 11,
                    markerfacecolor=TITLE_COLOUR if honour.is_title else RUNNER_UP_COLOUR,
                    markeredgecolor="#5A4A00" if honour.is_title else "#555555",
                    markeredgewidth=0.7,
                    linestyle="none",
                    zorder=6,
                    gid=f"honour:{honour.key}",
                )
        for label in row.labels:
            self._text(label, row.label_y(label.lane))
        for label in row.beside:
            assert label.bar_lane is not None
            self._text(label, row.bar_y(label.bar_lane))

    def _draw_bar(self, g: _BarGeometry, y: float) -> None:
        ax = self.ax
        bar = g.bar
        colour = role_style(bar.role).colour
        top, bottom = y - BAR_HEIGHT / 2, y + BAR_HEIGHT / 2
        certain = g.solid_right > g.solid_left

        def fade(alphas: tuple[float, float], span: tuple[float, float], part: str) -> None:
            """A band over `span` whose opacity runs from alphas[0] to alphas[1]."""
            ax.imshow(
                _gradient(*alphas, colour),
                extent=(*span, bottom, top),
                aspect="auto",
                interpolation="bilinear",
                zorder=3,
                gid=f"{part}:{bar.key}",
            )

        if certain:
            ax.add_patch(
                Rectangle(
                    (g.solid_left, top),
                    g.solid_right - g.solid_left,
                    BAR_HEIGHT,
                    facecolor=colour,
                    edgecolor="none",
                    zorder=3,
                    gid=f"tenure:{bar.key}",
                )
            )
        else:
            # No day is certainly in post (the start and end ranges meet): one faded band over
            # every possible day, fading out on a side whose bound is unknown.
            left = 0.0 if g.start_open else 0.6 if g.end_open else 0.4
            right = 0.0 if g.end_open else 0.6 if g.start_open else 0.4
            fade((left, right), (g.outer_left, g.outer_right), "tenure")
        if certain and g.outer_left < g.solid_left:
            fade((0.05, 1.0), (g.outer_left, g.solid_left), "uncertain-start")
        if certain and g.solid_right < g.outer_right:
            fade((1.0, 0.05), (g.solid_right, g.outer_right), "uncertain-end")
        if bar.end_kind is EndKind.ONGOING:
            # "Still running": a solid arrowhead from the as-of line, outlined so that it
            # reads as a mark and never as the fade of a date known to a range.
            tip = g.outer_right + self.layout.days(ONGOING_TIP_INCHES)
            ax.add_patch(
                Polygon(
                    [(g.outer_right, top - 0.03), (tip, y), (g.outer_right, bottom + 0.03)],
                    closed=True,
                    facecolor=colour,
                    edgecolor=ONGOING_EDGE,
                    linewidth=0.8,
                    zorder=4,
                    gid=f"ongoing:{bar.key}",
                )
            )
        elif bar.end_kind is EndKind.UNKNOWN:
            ax.text(
                g.outer_right,
                y,
                " ?",
                fontsize=ROW_SIZE,
                weight="bold",
                va="center",
                color=colour,
                gid=f"end-unknown:{bar.key}",
            )
        if g.label_inside:
            ax.text(
                g.solid_left + self.layout.days(LABEL_PAD_POINTS / 72),
                y,
                bar.label,
                fontsize=LABEL_SIZE,
                va="center",
                ha="left",
                color=_ink_on(colour),
                zorder=5,
                gid=f"label:{bar.key}",
            )

    def _draw_gaps(self) -> None:
        lay = self.layout
        for i, gap in enumerate(lay.gaps):
            self.ax.add_patch(
                Rectangle(
                    (_num(gap.start), lay.rows_top),
                    _num(gap.end) - _num(gap.start),
                    lay.plot_height - lay.rows_top,
                    facecolor=GAP_COLOUR,
                    alpha=0.45,
                    hatch="////",
                    edgecolor="#BBBBBB",
                    linewidth=0,
                    zorder=1,
                    gid=f"gap:{i + 1}",
                )
            )

    def _draw_successions(self) -> None:
        lay = self.layout
        rows = {g.bar.key: row for row in lay.rows for g in row.bars}
        for key, g in lay.geometries.items():
            before = lay.geometries.get(g.bar.predecessor or "")
            if before is None:
                continue
            start = (before.solid_right, rows[before.bar.key].bar_y(before.lane) + BAR_HEIGHT / 2)
            end = (g.outer_left, rows[key].bar_y(g.lane))
            self.ax.add_patch(
                FancyArrowPatch(
                    start,
                    end,
                    arrowstyle="-|>",
                    mutation_scale=9,
                    connectionstyle="angle,angleA=-90,angleB=180,rad=0",
                    shrinkA=0,
                    shrinkB=1,
                    color="#555555",
                    linewidth=0.8,
                    zorder=4,
                    gid=f"succession:{before.bar.key}--{key}",
                )
            )

    def _draw_legend(self) -> None:
        roles = {bar.role for bar in self.layout.timeline.bars}
        handles: list[Any] = [
            Patch(facecolor=style.colour, label=style.label)
            for slug, style in ROLE_STYLES.items()
            if slug in roles
        ]
        if roles - ROLE_STYLES.keys():
            handles.append(Patch(facecolor=OTHER_ROLE.colour, label=OTHER_ROLE.label))
        handles.append(_FadeKey(label="faded: date known to a range"))
        if self.layout.shows_as_of:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=">",
                    markerfacecolor="#0072B2",
                    markeredgecolor=ONGOING_EDGE,
                    markeredgewidth=0.8,
                    markersize=7,
                    linestyle="none",
                    label="still running at the as-of day",
                )
            )
        honours = self.layout.timeline.honours
        if any(h.is_title for h in honours):
            handles.append(_star(TITLE_COLOUR, "#5A4A00", "title won"))
        if any(not h.is_title for h in honours):
            handles.append(_star(RUNNER_UP_COLOUR, "#555555", "runner-up"))
        if self.layout.timeline.successions:
            handles.append(
                Line2D(
                    [],
                    [],
                    color="#555555",
                    marker="v",
                    markersize=5,
                    linewidth=0.8,
                    label="followed by (predecessor to successor)",
                )
            )
        if self.layout.gaps:
            handles.append(
                Patch(
                    facecolor=GAP_COLOUR,
                    hatch="////",
                    edgecolor="#BBBBBB",
                    label=self.layout.timeline.gap_label,
                )
            )
        legend = self.figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.45 / FIGURE_WIDTH, 1 - TITLE_BLOCK / self.height),
            ncol=len(handles),
            frameon=False,
            fontsize=LABEL_SIZE + 0.5,
            handlelength=1.6,
            handler_map={_FadeKey: _FadeKeyHandler()},
            columnspacing=1.4,
        )
        legend.set_gid("legend")


class _FadeKey(Patch):
    """Legend entry for faded (imprecise) ends: drawn by `_FadeKeyHandler`."""


class _FadeKeyHandler(HandlerBase):
    """A neutral grey swatch fading out left to right, like an imprecise end."""

    def create_artists(
        self,
        legend: Any,
        orig_handle: Any,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Any,
    ) -> list[Rectangle]:
        steps = 6
        return [
            Rectangle(
                (-xdescent + i * width / steps, -ydescent),
                width / steps,
                height,
                facecolor="#555555",
                alpha=0.9 * (1 - i / steps),
                edgecolor="none",
                transform=trans,
            )
            for i in range(steps)
        ]


def _star(face: str, edge: str, label: str) -> Line2D:
    return Line2D(
        [],
        [],
        marker="*",
        markersize=11,
        markerfacecolor=face,
        markeredgecolor=edge,
        linestyle="none",
        label=label,
    )


def _footnote_lines(sources: Sequence[str]) -> list[str]:
    if not sources:
        return []
    text = "Sources: " + "; ".join(sources) + "."
    width = int((FIGURE_WIDTH - 1.0) * 72 / (FOOT_SIZE * 0.55))
    return textwrap.wrap(text, width=width)


# --------------------------------------------------------------------------- output

# Fixed so that the same data gives byte-identical files: SVG ids are hashed with this salt,
# text stays text (searchable, and no font outlines that vary by machine), no dates in metadata.
_RC: dict[Any, Any] = {
    "date.epoch": "1970-01-01T00:00:00",
    "svg.hashsalt": "footballkg",
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans", "sans-serif"],  # the SVG names sans-serif as a fallback
    "text.parse_math": False,  # a "$" in a club's name is a dollar sign, not TeX
    "path.simplify": False,
    "image.composite_image": False,  # one <image> per fade, each with its own id
}
_METADATA: dict[str, dict[str, str | None]] = {
    "svg": {"Date": None, "Creator": "footballkg"},
    "png": {"Software": "footballkg"},
    "pdf": {"CreationDate": None, "Creator": "footballkg", "Producer": "footballkg"},
}


def figure(timeline: Timeline) -> Figure:
    """The matplotlib figure of a timeline, to inspect or to save in another format."""
    with matplotlib.rc_context(_RC):
        return _Drawer(_Layout(timeline)).draw()


def render(timeline: Timeline, fmt: str = "svg", dpi: int = 150) -> bytes:
    """The timeline as an SVG, PNG or PDF file's bytes, the same bytes for the same input."""
    if fmt not in IMAGE_FORMATS:
        raise InputError(f'unknown image format "{fmt}": use one of {", ".join(IMAGE_FORMATS)}.')
    with matplotlib.rc_context(_RC):
        drawn = _Drawer(_Layout(timeline)).draw()
        buffer = io.BytesIO()
        drawn.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return buffer.getvalue()


def write(timeline: Timeline, path: Path, dpi: int = 150) -> None:
    """Write the timeline to `path`, in the format its suffix names (.svg, .png or .pdf)."""
    fmt = path.suffix.lower().lstrip(".")
    path.write_bytes(render(timeline, fmt, dpi))
