"""The timeline of competing figures as server-side SVG: one line per claimant, points labelled.

No charting library and no script: the SVG is markup built here, every text in it escaped,
colours given as presentation attributes (the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 900, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 230, 20, 40
MIN_TICK_GAP = 44  # pixels between two date labels
# Twelve colours far apart, then the same again dashed, so up to 24 lines stay distinct.
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#393b79",
    "#637939",
)
DASHES = ("", "6 3", "2 3")

XScale = Callable[[str], float]  # an ISO date to an x coordinate
YScale = Callable[[int], float]  # a figure to a y coordinate


@dataclass(frozen=True)
class Line:
    """One claimant's figures over time, ready to draw."""

    label: str
    points: tuple[tuple[str, int], ...]
    colour: str
    dash: str = ""


def lines_of(series: dict[str, tuple[tuple[str, int], ...]], measure: str) -> list[Line]:
    """The series of one measure, each with its colour, claimant names as labels."""
    suffix = f" / {measure}"
    names = [name for name in series if name.endswith(suffix) and series[name]]
    return [
        Line(
            name[: -len(suffix)],
            series[name],
            PALETTE[i % len(PALETTE)],
            DASHES[(i // len(PALETTE)) % len(DASHES)],
        )
        for i, name in enumerate(names)
    ]


def nice_top(value: int) -> int:
    """A round axis maximum at or above `value`: 1 to 8 times a power of ten."""
    if value <= 0:
        return 1
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= factor * step:
            return int(factor * step)
    return 10 * step


def timeline_svg(lines: list[Line], title: str) -> Markup:
    """An SVG line chart of the lines, dates along x, figures up y from zero."""
    if not lines:
        return Markup("")
    days = sorted({date.fromisoformat(d).toordinal() for line in lines for d, _ in line.points})
    first, last = days[0], days[-1]
    top = nice_top(max(v for line in lines for _, v in line.points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: str) -> float:
        ordinal = date.fromisoformat(day).toordinal()
        return LEFT + (plot_w / 2 if last == first else plot_w * (ordinal - first) / (last - first))

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    parts += _axes(top, days, x, y)
    for index, line in enumerate(lines):
        parts += _line(line, index, x, y)
    parts += _legend(lines)
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _axes(top: int, days: list[int], x: XScale, y: YScale) -> list[str]:
    parts = []
    for i in range(5):
        value = top * i // 4
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#ddd"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#555">{value:,}</text>'
        )
    placed = -MIN_TICK_GAP
    for ordinal in days:
        day = date.fromordinal(ordinal).isoformat()
        if x(day) - placed < MIN_TICK_GAP:
            continue
        placed = x(day)
        parts.append(
            f'<text class="tick" x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="#555">{escape(day[5:])}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#888"/>'
    )
    return parts


def _line(line: Line, index: int, x: XScale, y: YScale) -> list[str]:
    coords = [(x(d), y(v), d, v) for d, v in line.points]
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in coords)
    parts = [
        f'<g class="series" data-claimant="{escape(line.label)}">',
        f'<polyline points="{path}" fill="none" stroke="{line.colour}" stroke-width="2"'
        + (f' stroke-dasharray="{line.dash}"' if line.dash else "")
        + "/>",
    ]
    for px, py, day, value in coords:
        tip = f"{line.label}: {value:,} on {day}"
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{line.colour}">'
            f"<title>{escape(tip)}</title></circle>"
            f'<text class="point-label" x="{px + 6:.1f}" y="{py - 6 - (index % 2) * 4:.1f}" '
            f'font-size="11" fill="{line.colour}">{value:,}</text>'
        )
    parts.append("</g>")
    return parts


def _legend(lines: list[Line]) -> list[str]:
    parts = []
    row = min(16.0, (HEIGHT - TOP) / max(1, len(lines)))
    for i, line in enumerate(lines):
        top = TOP + row * i
        label = line.label if len(line.label) <= 30 else line.label[:29] + "…"
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        parts.append(
            f'<g class="legend"><title>{escape(line.label)}</title>'
            f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 30}" y1="{top + 6:.1f}" '
            f'y2="{top + 6:.1f}" stroke="{line.colour}" stroke-width="3"{dash}/>'
            f'<text x="{WIDTH - RIGHT + 36}" y="{top + 10:.1f}" font-size="{min(12, row - 2):.0f}" '
            f'fill="#222">{escape(label)}</text></g>'
        )
    return parts
