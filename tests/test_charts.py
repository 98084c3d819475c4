"""macros/render/charts.py: inline SVG line charts with a text alternative, drawn to scale and escaped."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from macros.render import charts

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [("2016/17", 10.43, "10.43"), ("2017/18", 9.95, "9.95"), ("2018 latest", 4.1, "4.1")]


def axis(value: float) -> str:
    return f"{value:g} days"


def chart(
    points=POINTS,
    title="Sickness absence",
    description="Days lost per FTE employee, by year",
    chart_id="chart-sickness",
):
    svg = charts.line_chart(chart_id, title, description, "Days", points, axis)
    return str(svg), ET.fromstring(str(svg))  # parsing fails if anything is left unescaped


def by_class(root, tag: str, name: str) -> list:
    return [element for element in root.iter(SVG + tag) if element.get("class") == name]


def test_line_chart_is_an_svg_image_named_by_its_title_and_description():
    _, root = chart()
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == "Sickness absence"
    assert desc.text == "Days lost per FTE employee, by year"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert root.get("id") == "chart-sickness"


def test_line_chart_draws_one_point_per_value_in_order():
    _, root = chart()
    circles = by_class(root, "circle", "kpi-chart__point")
    assert [(c.get("data-period"), float(c.get("data-value"))) for c in circles] == [
        ("2016/17", 10.43),
        ("2017/18", 9.95),
        ("2018 latest", 4.1),
    ]
    assert [t.text for t in by_class(root, "text", "kpi-chart__value")] == ["10.43", "9.95", "4.1"]
    (line,) = by_class(root, "polyline", "kpi-chart__line")
    assert len(line.get("points").split()) == 3
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs) and len(set(xs)) == 3  # left to right, oldest first


def test_line_chart_draws_values_to_scale_from_zero():
    _, root = chart()
    grid = sorted(float(line.get("y1")) for line in by_class(root, "line", "kpi-chart__grid"))
    top_y, bottom_y = grid[0], grid[-1]
    # the axis runs from 0 to nice_ceiling(10.43 × 1.1) = 20, labelled with axis()
    labels = [label for label, _, _ in POINTS]
    ticks = [t for t in by_class(root, "text", "kpi-chart__tick") if t.text not in labels]
    assert [t.text for t in ticks] == ["0 days", "10 days", "20 days"]
    for tick, y in zip(ticks, [bottom_y, (top_y + bottom_y) / 2, top_y], strict=True):
        assert abs(float(tick.get("y")) - y) < 6, tick.text  # beside its gridline
    for circle, (_, value, _) in zip(by_class(root, "circle", "kpi-chart__point"), POINTS, strict=True):
        height = (bottom_y - float(circle.get("cy"))) / (bottom_y - top_y)
        assert height == pytest.approx(value / 20, abs=0.001)


def test_a_single_point_sits_in_the_middle():
    _, root = chart(points=[("2017/18", 9.95, "9.95")])
    (circle,) = by_class(root, "circle", "kpi-chart__point")
    grid = by_class(root, "line", "kpi-chart__grid")[0]
    assert float(circle.get("cx")) == pytest.approx((float(grid.get("x1")) + float(grid.get("x2"))) / 2, abs=0.1)


def test_all_zero_values_still_make_a_chart():
    _, root = chart(points=[("2016/17", 0, "0"), ("2017/18", 0, "0")])
    cys = {float(c.get("cy")) for c in by_class(root, "circle", "kpi-chart__point")}
    baseline = max(float(line.get("y1")) for line in by_class(root, "line", "kpi-chart__grid"))
    assert cys == {baseline}
    assert all(math.isfinite(y) for y in cys)


def test_line_chart_escapes_every_text_it_is_given():
    hostile = "<script>alert(1)</script>"
    text, root = chart(
        points=[(hostile, 5, '"><script>x</script>'), ("2017/18", 6, "6")],
        title="Sickness & <b>absence</b>",
        description=f"Figures {hostile}",
        chart_id='c" onload="alert(1)',
    )
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'onload="alert' not in text
    # Read back as XML, each text is exactly what was given, as text, not markup.
    assert root.find(SVG + "title").text == "Sickness & <b>absence</b>"
    assert root.find(SVG + "desc").text == f"Figures {hostile}"
    assert root.get("id") == 'c" onload="alert(1)'
    assert root.get("onload") is None
    first = by_class(root, "circle", "kpi-chart__point")[0]
    assert first.get("data-period") == hostile
    assert hostile in [t.text for t in by_class(root, "text", "kpi-chart__tick kpi-chart__period")]
    assert '"><script>x</script>' in [t.text for t in by_class(root, "text", "kpi-chart__value")]
    assert not list(root.iter(SVG + "script")) and not list(root.iter("script"))


# --- nice_ceiling ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, ceiling",
    [
        (1, 1),
        (1.1, 2),
        (2, 2),
        (2.1, 2.5),
        (2.5, 2.5),
        (2.6, 5),
        (3, 5),
        (5, 5),
        (5.1, 10),
        (9.99, 10),
        (10, 10),
        (11, 20),
        (22, 25),
        (26, 50),
        (99, 100),
        (101, 200),
        (250, 250),
        (251, 500),
        (0.3, 0.5),
        (0.07, 0.1),
        (0.011, 0.02),
        (9828491, 10_000_000),
    ],
)
def test_nice_ceiling_rounds_up_to_1_2_2_5_or_5_times_a_power_of_ten(value, ceiling):
    assert charts.nice_ceiling(value) == pytest.approx(ceiling)


@pytest.mark.parametrize("value", [0, -0.5, -250])
def test_nice_ceiling_of_nothing_or_less_is_one(value):
    assert charts.nice_ceiling(value) == 1


@pytest.mark.parametrize("value", [0.123, 1, 7.7, 13, 48.5, 600, 71344, 2137500])
def test_nice_ceiling_is_never_below_the_value_nor_more_than_twice_it(value):
    ceiling = charts.nice_ceiling(value)
    assert value <= ceiling <= value * 2


def test_points_are_placed_by_the_positions_given_not_evenly():
    svg = charts.line_chart("c", "t", "d", "Days", POINTS, axis, positions=[0, 0.8, 1])
    circles = by_class(ET.fromstring(str(svg)), "circle", "kpi-chart__point")
    xs = [float(c.get("cx")) for c in circles]
    assert xs[1] - xs[0] == pytest.approx(4 * (xs[2] - xs[1]), abs=0.2)


def test_each_period_has_its_own_target_drawn_at_that_period_and_within_the_axis():
    targets = [None, (9, "9 days"), (12, "12 days")]
    svg = charts.line_chart("c", "t", "d", "Days", POINTS, axis, targets=targets, met=[None, False, True])
    root = ET.fromstring(str(svg))
    marks = by_class(root, "line", "kpi-chart__target")
    assert [(m.get("data-period"), m.get("data-target")) for m in marks] == [
        ("2017/18", "9 days"),
        ("2018 latest", "12 days"),
    ]
    circles = by_class(root, "circle", "kpi-chart__point")
    grid = sorted(float(g.get("y1")) for g in by_class(root, "line", "kpi-chart__grid"))
    top, bottom = grid[0], grid[-1]
    for mark, circle, value in zip(marks, circles[1:], (9, 12), strict=True):
        assert float(mark.get("x1")) < float(circle.get("cx")) < float(mark.get("x2"))  # at its own period
        assert (bottom - float(mark.get("y1"))) / (bottom - top) == pytest.approx(value / 20, abs=0.001)
    # Met or not by shape: a filled point, a hollow one (site.css), a small dot where there is nothing to judge.
    assert [(c.get("data-met"), c.get("r")) for c in circles] == [(None, "3"), ("no", "5"), ("yes", "5")]


def test_a_percentage_axis_runs_to_100_unless_a_figure_is_above_it():
    def top(points, targets=None):
        root = ET.fromstring(str(charts.line_chart("c", "t", "d", "%", points, str, targets=targets, top=100)))
        return max(float(t.text) for t in by_class(root, "text", "kpi-chart__tick"))

    assert top([("a", 90, "90%"), ("b", 83, "83%")], [None, (95, "95%")]) == 100
    assert top([("a", 40, "40%"), ("b", 41, "41%")]) == 100
    assert top([("a", 90, "90%"), ("b", 120, "120%")]) == 200


def test_no_value_label_overlaps_another_label_a_point_or_a_line():
    points = [("2016/17", 51201, "51,201"), ("2017 latest", 56700, "56,700"), ("2017/18", 67978, "67,978")]
    svg = charts.line_chart(
        "c", "t", "d", "Number", points, str, [0, 0.2, 0.8], [None, (56000, "56,000"), None], [None, True, None]
    )
    root = ET.fromstring(str(svg))
    labels = [
        charts.text_box(t.text, float(t.get("x")), float(t.get("y")), t.get("text-anchor"))
        for t in root.iter(SVG + "text")
        if t.get("class") != "kpi-chart__axis"
    ]
    for index, box in enumerate(labels):
        assert not any(box.overlaps(other) for other in labels[index + 1 :]), box
