"""Inline SVG line charts, drawn at build time: no JavaScript, readable without colour.

Each period's own target is a short dashed mark at that period; a figure that met its target is a
filled point and one that missed it a hollow point, and the text alternative says both in words.
Every label is placed where it overlaps no other label, point or line (worked out here from the
labels' sizes, and checked in Chromium by tests/test_chart_layout.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320
RIGHT, TOP, BOTTOM = 24, 16, 58
FONT = 12  # px in the drawing; the figure is never drawn smaller than its viewBox (site.css), so never < 12 px
CHAR = 0.62 * FONT  # a generous width of one character, so a label's box covers what the browser draws
AXIS_TITLE = 24  # room at the left for the axis's title, drawn turned
TARGET_HALF = 14  # half the width of a period's target mark


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def hit_by(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment from a to b crosses the box (Liang–Barsky clipping)."""
        (x0, y0), (x1, y1) = a, b
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, x0 - self.left), (dx, self.right - x0), (-dy, y0 - self.top), (dy, self.bottom - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


def text_box(text: str, x: float, baseline: float, anchor: str) -> Box:
    width = len(text) * CHAR
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left - 1, baseline - FONT * 0.95, left + width + 1, baseline + FONT * 0.3)


def nice_ceiling(value: float) -> float:
    """A round number at or above value for the top of the axis (1, 2, 2.5 or 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    axis_label: str,
    points: list[tuple[str, float, str]],
    axis_text,
    positions: list[float] | None = None,
    targets: list[tuple[float, str] | None] | None = None,
    met: list[bool | None] | None = None,
    top: float | None = None,
) -> Markup:
    """A line chart of (period label, value, value as printed) from zero up, with a text alternative.

    axis_text formats an axis value in the KPI's unit. positions place the points along the time axis
    (each from 0 to 1, oldest first; evenly spaced without them). targets give each point's own target
    (its figure and its words, e.g. (9, "9 days")) or None; met whether each point met it (None: no
    verdict). top is the axis's top where every figure and target is within it (100 for percentages).
    """
    targets = targets or [None] * len(points)
    met = met or [None] * len(points)
    highest = max([value for _, value, _ in points] + [t[0] for t in targets if t])
    ceiling = top if top is not None and highest <= top else nice_ceiling(highest * 1.1)
    ticks = [(ceiling * fraction, axis_text(ceiling * fraction)) for fraction in (0, 0.5, 1)]
    left = AXIS_TITLE + max(len(text) for _, text in ticks) * CHAR + 8
    height = TOP + 150 + BOTTOM
    plot_w, plot_h = WIDTH - left - RIGHT, height - TOP - BOTTOM

    def x(index: int) -> float:
        if positions is not None and len(points) > 1:
            return left + positions[index] * plot_w
        return left + (index * plot_w / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - value / ceiling * plot_h

    # escape() and f-strings rather than Markup.format, which costs several times more per element.
    cid = escape(chart_id)
    parts = [
        f'<svg class="kpi-chart" id="{cid}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for value, text in ticks:  # gridlines and axis values
        at = f"{y(value):.1f}"
        parts.append(f'<line class="kpi-chart__grid" x1="{left:.1f}" x2="{WIDTH - RIGHT}" y1="{at}" y2="{at}"/>')
        parts.append(
            f'<text class="kpi-chart__tick" x="{left - 6:.1f}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{escape(text)}</text>"
        )
    middle = TOP + plot_h / 2
    parts.append(
        f'<text class="kpi-chart__axis" x="12" y="{middle:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {middle:.1f})">{escape(axis_label)}</text>'
    )
    centres = [(x(index), y(value)) for index, (_, value, _) in enumerate(points)]
    segments = list(zip(centres, centres[1:], strict=False))
    coordinates = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in centres)
    parts.append(f'<polyline class="kpi-chart__line" points="{coordinates}"/>')
    taken = [Box(cx - 6, cy - 6, cx + 6, cy + 6) for cx, cy in centres]  # the points
    taken += [text_box(text, left - 6, y(value) + 4, "end") for value, text in ticks]  # the axis's values
    for index, (label, value, _) in enumerate(points):
        # Met: a filled point; missed: a hollow one; no target to judge by: a small dot.
        verdict, radius = {True: (' data-met="yes"', 5), False: (' data-met="no"', 5)}.get(met[index], ("", 3))
        parts.append(
            f'<circle class="kpi-chart__point" cx="{centres[index][0]:.1f}" cy="{centres[index][1]:.1f}" '
            f'r="{radius}" data-period="{escape(label)}" data-value="{escape(value)}"{verdict}/>'
        )
    for index, target in enumerate(targets):
        if target is None:
            continue
        ty = y(target[0])
        a, b = (centres[index][0] - TARGET_HALF, ty), (centres[index][0] + TARGET_HALF, ty)
        segments.append((a, b))
        parts.append(
            f'<line class="kpi-chart__target" x1="{a[0]:.1f}" x2="{b[0]:.1f}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'data-period="{escape(points[index][0])}" data-target="{escape(target[1])}"/>'
        )
    bottom_line = height - BOTTOM
    taken += _period_labels(parts, points, centres, bottom_line)
    for index, (_, _, printed) in enumerate(points):
        cx, cy = centres[index]
        candidates = [
            (cx, cy - 10, "middle"),
            (cx, cy + 20, "middle"),
            (cx - 9, cy - 8, "end"),
            (cx + 9, cy - 8, "start"),
            (cx - 9, cy + 17, "end"),
            (cx + 9, cy + 17, "start"),
            (cx, cy - 24, "middle"),
            (cx, cy + 34, "middle"),
        ]
        area = Box(AXIS_TITLE, 0, WIDTH, bottom_line)  # clear of the axis's title
        chosen = next(
            (
                (lx, ly, anchor)
                for lx, ly, anchor in candidates
                if _free(text_box(printed, lx, ly, anchor), taken, segments, area)
            ),
            candidates[0],
        )
        taken.append(text_box(printed, *chosen))
        parts.append(
            f'<text class="kpi-chart__value" x="{chosen[0]:.1f}" y="{chosen[1]:.1f}" text-anchor="{chosen[2]}">'
            f"{escape(printed)}</text>"
        )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _free(box: Box, taken: list[Box], segments: list, area: Box) -> bool:
    inside = box.left >= area.left and box.right <= area.right and box.top >= area.top and box.bottom <= area.bottom
    return inside and not any(box.overlaps(other) for other in taken) and not any(box.hit_by(a, b) for a, b in segments)


def _period_labels(parts: list[str], points, centres, baseline: float) -> list[Box]:
    """Each period's name under its point: on the first line, or on the second where it would touch the
    name before it; the first and last are kept within the drawing."""
    boxes: list[Box] = []
    for index, (label, _, _) in enumerate(points):
        cx = centres[index][0]
        width = len(label) * CHAR
        lx = min(max(cx, width / 2 + 2), WIDTH - width / 2 - 2)
        for line in (21, 37, 53):
            box = text_box(label, lx, baseline + line, "middle")
            if not any(box.overlaps(other) for other in boxes):
                break
        boxes.append(box)
        parts.append(
            f'<text class="kpi-chart__tick kpi-chart__period" x="{lx:.1f}" y="{baseline + line:.1f}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    return boxes
