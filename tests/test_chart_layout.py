"""Every KPI chart as Chromium draws it, on a phone (360 px) and a desktop (1,280 px): no label over another
label, a point or a line; each period's own target drawn at its period and named in the text alternative;
text at least 12 px as displayed; a percentage axis to 100 % unless a figure is above it.

The targets are read from data/ (each result's own target), not from the chart."""

from __future__ import annotations

import pytest
from browser import MISSING, chromium_available, serve

from macros.base.units import Bound, format_target
from macros.workings.trends import chart_points

pytestmark = pytest.mark.skipif(not chromium_available(), reason=MISSING)

WIDTHS = (360, 1280)
TOLERANCE = 0.5  # px: boxes that only touch do not overlap

# The drawn boxes of a chart's labels, points and line segments, in the page's pixels.
DRAWN = """svg => {
  const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const m = svg.getScreenCTM();
  const at = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll("text")].map(t => ({
    text: t.textContent, box: box(t), size: parseFloat(getComputedStyle(t).fontSize) * scale,
  }));
  const points = [...svg.querySelectorAll("circle")].map(box);
  const segments = [];
  const line = svg.querySelector("polyline").points;
  for (let i = 1; i < line.numberOfItems; i++) {
    segments.push([at(line.getItem(i - 1).x, line.getItem(i - 1).y), at(line.getItem(i).x, line.getItem(i).y)]);
  }
  const targets = [...svg.querySelectorAll("line.kpi-chart__target")].map(l => ({
    period: l.dataset.period, target: l.dataset.target,
    ends: [at(l.x1.baseVal.value, l.y1.baseVal.value), at(l.x2.baseVal.value, l.y2.baseVal.value)],
  }));
  targets.forEach(t => segments.push(t.ends));
  const periods = [...svg.querySelectorAll("circle")].map(c => ({period: c.dataset.period, x: box(c)}));
  return {texts, points, segments, targets, periods,
          desc: svg.querySelector("desc").textContent,
          ticks: [...svg.querySelectorAll("text.kpi-chart__tick:not(.kpi-chart__period)")].map(t => t.textContent)};
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] - TOLERANCE and b[0] < a[2] - TOLERANCE and a[1] < b[3] - TOLERANCE and b[1] < a[3] - TOLERANCE


def crosses(box, segment) -> bool:
    """Whether a line segment passes through the inside of a box (Liang–Barsky)."""
    left, top, right, bottom = box[0] + TOLERANCE, box[1] + TOLERANCE, box[2] - TOLERANCE, box[3] - TOLERANCE
    (x0, y0), (x1, y1) = segment
    dx, dy, low, high = x1 - x0, y1 - y0, 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        low, high = (max(low, t), high) if p < 0 else (low, min(high, t))
        if low > high:
            return False
    return True


@pytest.fixture(scope="module")
def charts_drawn(browser, built, site_model):
    """For each width, each KPI with a chart: what Chromium drew."""
    found = {}
    with serve(built.site) as url:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for kpi_id in site_model.kpis:
                page.goto(f"{url}kpis/{kpi_id}/")
                svg = page.locator("svg.kpi-chart")
                if svg.count():
                    found[(width, kpi_id)] = svg.evaluate(DRAWN)
            page.close()
    return found


def test_every_kpi_with_two_comparable_figures_has_a_chart_at_each_width(charts_drawn, site_model):
    expected = {kpi for kpi in site_model.kpis if len(chart_points(site_model, kpi)) >= 2}
    assert expected
    for width in WIDTHS:
        assert {kpi for w, kpi in charts_drawn if w == width} == expected


def test_no_label_overlaps_another_label_a_point_or_a_line(charts_drawn):
    for (width, kpi), drawn in charts_drawn.items():
        texts = drawn["texts"]
        for index, text in enumerate(texts):
            for other in texts[index + 1 :]:
                assert not overlaps(text["box"], other["box"]), (width, kpi, text["text"], other["text"])
            for point in drawn["points"]:
                assert not overlaps(text["box"], point), (width, kpi, text["text"], "a point")
            for segment in drawn["segments"]:
                assert not crosses(text["box"], segment), (width, kpi, text["text"], "a line")


def test_chart_text_is_at_least_12_px_as_displayed(charts_drawn):
    for (width, kpi), drawn in charts_drawn.items():
        for text in drawn["texts"]:
            assert text["size"] >= 12, (width, kpi, text["text"], round(text["size"], 2))


def test_each_period_has_its_own_target_at_its_period_and_in_words(charts_drawn, site_model):
    checked = 0
    for (width, kpi_id), drawn in charts_drawn.items():
        kpi = site_model.kpis[kpi_id]
        expected = [
            (r.period.id, r.target)
            for r in chart_points(site_model, kpi_id)
            if isinstance(r.target, Bound) or (isinstance(r.target, (int, float)) and not isinstance(r.target, bool))
        ]
        assert [t["period"] for t in drawn["targets"]] == [period for period, _ in expected], (width, kpi_id)
        for mark, (period, target) in zip(drawn["targets"], expected, strict=True):
            printed = format_target(kpi.unit, target)
            assert mark["target"].startswith(printed), (kpi_id, period, mark["target"])
            assert f"target {printed}" in drawn["desc"], (kpi_id, period)
            point = next(p["x"] for p in drawn["periods"] if p["period"] == period)
            centre = (point[0] + point[2]) / 2
            (left, _), (right, _) = mark["ends"]
            assert left < centre < right, (width, kpi_id, period)  # drawn at its own period
            checked += 1
    assert checked  # the reports give targets


def test_a_percentage_axis_stops_at_100_unless_a_figure_is_above_it(charts_drawn, site_model):
    for (_, kpi_id), drawn in charts_drawn.items():
        kpi = site_model.kpis[kpi_id]
        if kpi.unit != "percent":
            continue
        figures = [r.value for r in chart_points(site_model, kpi_id)]
        figures += [r.target for r in chart_points(site_model, kpi_id) if isinstance(r.target, (int, float))]
        top = drawn["ticks"][-1]
        assert (top == "100%") == (max(figures) <= 100), (kpi_id, top)
