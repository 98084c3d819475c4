"""Inline SVG line charts, drawn at build time: no JavaScript, readable without colour."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 222
LEFT, RIGHT, TOP, BOTTOM = 62, 20, 26, 60


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
    target: tuple[float, str] | None = None,
) -> Markup:
    """A line chart of (period label, value, value as printed) from zero up, with a text alternative.

    axis_text formats an axis value in the KPI's unit. positions place the points along the time axis
    (each from 0 to 1, oldest first; evenly spaced without them); target is drawn as a dashed line with
    its label, e.g. (9, "Target 9 days").
    """
    top = nice_ceiling(max([value for _, value, _ in points] + ([target[0]] if target else [])) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(index: int) -> float:
        if positions is not None and len(points) > 1:
            return LEFT + positions[index] * plot_w
        return LEFT + (index * step if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    # escape() and f-strings rather than Markup.format, which costs several times more per element.
    cid = escape(chart_id)
    parts = [
        f'<svg class="kpi-chart" id="{cid}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.5, 1):  # gridlines and axis values
        value = top * fraction
        parts.append(
            f'<line class="kpi-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
        )
        parts.append(
            f'<text class="kpi-chart__tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{escape(axis_text(value))}</text>"
        )
    middle = TOP + plot_h / 2
    parts.append(
        f'<text class="kpi-chart__axis" x="11" y="{middle:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 11 {middle:.1f})">{escape(axis_label)}</text>'
    )
    if target is not None:
        parts.append(
            f'<line class="kpi-chart__target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target[0]):.1f}" '
            f'y2="{y(target[0]):.1f}"/>'
        )
        # Its label at the left, on the side of the line away from the first point.
        below = points[0][1] >= target[0]
        parts.append(
            f'<text class="kpi-chart__target-label" x="{LEFT + 4}" y="{y(target[0]) + (14 if below else -5):.1f}" '
            f'text-anchor="start">{escape(target[1])}</text>'
        )
    coordinates = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, (_, value, _) in enumerate(points))
    parts.append(f'<polyline class="kpi-chart__line" points="{coordinates}"/>')
    for index, (label, value, printed) in enumerate(points):
        parts.append(
            f'<circle class="kpi-chart__point" cx="{x(index):.1f}" cy="{y(value):.1f}" r="4" '
            f'data-period="{escape(label)}" data-value="{escape(value)}"/>'
        )
        parts.append(
            f'<text class="kpi-chart__value" x="{x(index):.1f}" y="{y(value) - 9:.1f}" '
            f'text-anchor="middle">{escape(printed)}</text>'
        )
        anchor = (
            "start" if index == 0 and len(points) > 1 else "end" if index == len(points) - 1 and index else "middle"
        )
        # A label too close to the one before it goes on a second line, so the two never overlap.
        crowded = index and x(index) - x(index - 1) < 70 and not (index - 1 and x(index - 1) - x(index - 2) < 70)
        parts.append(
            f'<text class="kpi-chart__tick" x="{x(index) + {"start": -6, "end": 6, "middle": 0}[anchor]:.1f}" '
            f'y="{HEIGHT - BOTTOM + (32 if crowded else 18)}" text-anchor="{anchor}">{escape(label)}</text>'
        )
    parts.append(
        f'<text class="kpi-chart__axis" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 2}" text-anchor="middle">Period</text>'
    )
    parts.append("</svg>")
    return Markup("\n".join(parts))
