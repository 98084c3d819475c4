"""Inline SVG line charts, drawn at build time: no JavaScript, readable without colour."""
from __future__ import annotations

import math

from markupsafe import Markup

WIDTH, HEIGHT = 320, 210
LEFT, RIGHT, TOP, BOTTOM = 52, 20, 26, 48


def nice_ceiling(value: float) -> float:
    """A round number at or above value for the top of the axis (1, 2, 2.5 or 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def line_chart(chart_id: str, title: str, description: str, axis_label: str,
               points: list[tuple[str, float, str]], axis_text) -> Markup:
    """A line chart of (period label, value, value as printed) from zero up, with a text alternative.

    axis_text formats an axis value in the KPI's unit.
    """
    top = nice_ceiling(max(value for _, value, _ in points) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = [Markup('<svg class="kpi-chart" id="{0}" viewBox="0 0 {1} {2}" role="img" '
                    'aria-labelledby="{0}-title {0}-desc" xmlns="http://www.w3.org/2000/svg">').format(
        chart_id, WIDTH, HEIGHT),
        Markup('<title id="{}-title">{}</title>').format(chart_id, title),
        Markup('<desc id="{}-desc">{}</desc>').format(chart_id, description)]
    for fraction in (0, 0.5, 1):  # gridlines and axis values
        value = top * fraction
        parts.append(Markup('<line class="kpi-chart__grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>').format(
            LEFT, WIDTH - RIGHT, y(value), y(value)))
        parts.append(Markup('<text class="kpi-chart__tick" x="{}" y="{:.1f}" text-anchor="end">{}</text>').format(
            LEFT - 6, y(value) + 4, axis_text(value)))
    parts.append(Markup('<text class="kpi-chart__axis" x="12" y="{:.1f}" text-anchor="middle" '
                        'transform="rotate(-90 12 {:.1f})">{}</text>').format(TOP + plot_h / 2, TOP + plot_h / 2,
                                                                              axis_label))
    coordinates = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, (_, value, _) in enumerate(points))
    parts.append(Markup('<polyline class="kpi-chart__line" points="{}"/>').format(coordinates))
    for index, (label, value, printed) in enumerate(points):
        parts.append(Markup('<circle class="kpi-chart__point" cx="{:.1f}" cy="{:.1f}" r="4" data-period="{}" '
                            'data-value="{}"/>').format(x(index), y(value), label, value))
        parts.append(Markup('<text class="kpi-chart__value" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>').format(
            x(index), y(value) - 9, printed))
        anchor = "start" if index == 0 and len(points) > 1 else "end" if index == len(points) - 1 and index else "middle"
        parts.append(Markup('<text class="kpi-chart__tick" x="{:.1f}" y="{}" text-anchor="{}">{}</text>').format(
            x(index) + {"start": -6, "end": 6, "middle": 0}[anchor], HEIGHT - BOTTOM + 18, anchor, label))
    parts.append(Markup('<text class="kpi-chart__axis" x="{:.1f}" y="{}" text-anchor="middle">Period</text>').format(
        LEFT + plot_w / 2, HEIGHT - 8))
    parts.append(Markup("</svg>"))
    return Markup("\n").join(parts)
