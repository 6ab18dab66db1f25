"""The timeline of competing figures as server-side SVG: one line per claimant, points labelled.

No charting library and no script: the SVG is markup built here, every text in it escaped,
colours given as presentation attributes (the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 200, 20, 40
PALETTE = (
    "#1b6ca8",
    "#c0392b",
    "#2e8b57",
    "#8e44ad",
    "#d35400",
    "#16a085",
    "#7f8c8d",
    "#b7950b",
    "#2c3e50",
    "#e84393",
)

XScale = Callable[[str], float]  # an ISO date to an x coordinate
YScale = Callable[[int], float]  # a figure to a y coordinate


@dataclass(frozen=True)
class Line:
    """One claimant's figures over time, ready to draw."""

    label: str
    points: tuple[tuple[str, int], ...]
    colour: str


def lines_of(series: dict[str, tuple[tuple[str, int], ...]], measure: str) -> list[Line]:
    """The series of one measure, each with its colour, claimant names as labels."""
    suffix = f" / {measure}"
    names = [name for name in series if name.endswith(suffix) and series[name]]
    return [
        Line(name[: -len(suffix)], series[name], PALETTE[i % len(PALETTE)])
        for i, name in enumerate(names)
    ]


def nice_top(value: int) -> int:
    """A round axis maximum at or above `value`: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
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
    shown = days if len(days) <= 8 else days[:: max(1, len(days) // 6)]
    for ordinal in shown:
        day = date.fromordinal(ordinal).isoformat()
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
        f'<polyline points="{path}" fill="none" stroke="{line.colour}" stroke-width="2"/>',
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
    for i, line in enumerate(lines):
        top = TOP + 16 * i
        label = line.label if len(line.label) <= 26 else line.label[:25] + "…"
        parts.append(
            f'<rect x="{WIDTH - RIGHT + 14}" y="{top}" width="12" height="12" '
            f'fill="{line.colour}"/>'
            f'<text x="{WIDTH - RIGHT + 32}" y="{top + 10}" font-size="12" fill="#222">'
            f"{escape(label)}</text>"
        )
    return parts
