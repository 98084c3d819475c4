"""macros/workings/trends.py: a KPI's timeline, latest figure and changes between periods, in words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import key
from tiny_site import tiny_site

from macros.workings import trends

# In the tiny site, sickness-absence (days, lower is better) is 10.43 in the year to March 2017 (report 2017)
# and 9.95 in the year to March 2018 (report 2018); call-quality (percent, higher is better) 90 then 95.


def values(results) -> list:
    return [(result.report, result.value) for result in results]


def test_timeline_follows_periods_yaml_then_report_order(tmp_path):
    # Report 2018 lists its figures latest first and restates 2016/17; periods.yaml puts the
    # quarter before its year although "2017/18 Q1" sorts after "2017/18" as text.
    site = tiny_site(
        tmp_path,
        more_results=[
            {"kpi": "sickness-absence", "period": "2018 latest", "value": 4.1},
            {"kpi": "sickness-absence", "period": "2017/18 Q1", "value": 2.5},
            {"kpi": "sickness-absence", "period": "2016/17", "value": 10.43},
        ],
    )
    assert values(trends.timeline(site, "sickness-absence")) == [
        (key(2017), 10.43),
        (key(2018), 10.43),
        (key(2018), 2.5),
        (key(2018), 9.95),
        (key(2018), 4.1),
    ]


def test_timeline_holds_only_the_kpis_own_results(tmp_path):
    site = tiny_site(tmp_path)
    assert values(trends.timeline(site, "call-quality")) == [(key(2017), 90), (key(2018), 95)]


def test_latest_value_is_the_most_recent_period_with_a_figure(tmp_path):
    site = tiny_site(tmp_path, more_results=[{"kpi": "sickness-absence", "period": "2018 latest", "value": 4.1}])
    assert trends.latest_value(site, "sickness-absence").value == 4.1


def test_latest_value_skips_na(tmp_path):
    site = tiny_site(tmp_path, more_results=[{"kpi": "sickness-absence", "period": "2018 latest", "value": "n/a"}])
    latest = trends.latest_value(site, "sickness-absence")
    assert (latest.report, latest.value) == (key(2018), 9.95)


def test_latest_value_is_none_when_every_figure_is_na(tmp_path):
    site = tiny_site(
        tmp_path,
        more_kpis=[
            {"id": "agency-staff", "title": "Agency staff", "service": "hr-od", "unit": "count", "polarity": "neither"}
        ],
        more_results=[{"kpi": "agency-staff", "period": "2017/18", "value": "n/a", "target": 5}],
    )
    assert trends.latest_value(site, "agency-staff") is None


def test_chart_points_leave_out_a_quarters_year_to_date(tmp_path):
    site = tiny_site(
        tmp_path,
        more_results=[
            {"kpi": "sickness-absence", "period": "2017/18 Q1", "value": 2.5},
            {"kpi": "sickness-absence", "period": "2018 latest", "value": 4.1},
        ],
    )
    assert [result.value for result in trends.chart_points(site, "sickness-absence")] == [10.43, 9.95, 4.1]


# --- changes ------------------------------------------------------------------------------


def test_a_fall_when_lower_is_better_is_an_improvement(tmp_path):
    site = tiny_site(tmp_path)
    (change,) = trends.changes(site, "sickness-absence")
    assert change.difference == Decimal("-0.48")
    assert change.sentence() == (
        "9.95 days in the year to March 2018, down 0.48 days from 10.43 days in the year "
        "to March 2017. As lower is better, that is an improvement."
    )


def test_a_rise_when_higher_is_better_is_an_improvement_in_percentage_points(tmp_path):
    site = tiny_site(tmp_path)
    (change,) = trends.changes(site, "call-quality")
    assert change.sentence() == (
        "95% in the year to March 2018, up 5 percentage points from 90% in the year to "
        "March 2017. As higher is better, that is an improvement."
    )


def test_a_rise_when_lower_is_better_is_a_deterioration_against_the_latest_data(tmp_path):
    site = tiny_site(tmp_path, more_results=[{"kpi": "sickness-absence", "period": "2018 latest", "value": 10.5}])
    changes = trends.changes(site, "sickness-absence")
    assert [change.difference for change in changes] == [Decimal("-0.48"), Decimal("0.55")]
    assert changes[1].sentence() == (
        "10.5 days at the time of the 2018 report, up 0.55 days from 9.95 days in the year to March 2018. "
        "As lower is better, that is a deterioration."
    )


def test_no_change_is_worded_as_the_same(tmp_path):
    site = tiny_site(tmp_path, more_results=[{"kpi": "sickness-absence", "period": "2018 latest", "value": 9.95}])
    assert trends.changes(site, "sickness-absence")[-1].sentence() == (
        "9.95 days at the time of the 2018 report, the same as 9.95 days in the year to March 2018."
    )


def test_no_verdict_when_neither_direction_is_better(tmp_path):
    site = tiny_site(tmp_path, kpi={"polarity": "neither"}, result={"direction": "Lower"})
    (change,) = trends.changes(site, "sickness-absence")
    assert change.sentence() == (
        "9.95 days in the year to March 2018, down 0.48 days from 10.43 days in the year to March 2017."
    )


def test_a_difference_is_worked_out_in_decimal_not_float(tmp_path):
    # 97.68 - 95.5 in floating point is 2.180000000000007
    site = tiny_site(
        tmp_path,
        kpi={"unit": "percent"},
        previous={"value": 95.5},
        result={"value": 97.68, "target": 98, "direction": "Worse"},
    )
    (change,) = trends.changes(site, "sickness-absence")
    assert change.difference == Decimal("2.18")
    assert "up 2.18 percentage points from 95.5%" in change.sentence()


def test_only_periods_with_a_comparison_and_figures_on_both_sides_are_changes(tmp_path):
    # The quarter has no compared_with; the latest data is n/a; 2016/17 has nothing before it.
    site = tiny_site(
        tmp_path,
        more_results=[
            {"kpi": "sickness-absence", "period": "2017/18 Q1", "value": 2.5},
            {"kpi": "sickness-absence", "period": "2018 latest", "value": "n/a", "target": 9},
        ],
    )
    assert [(c.result.value, c.previous.value) for c in trends.changes(site, "sickness-absence")] == [(9.95, 10.43)]


def test_no_change_is_worked_out_from_an_earlier_na(tmp_path):
    site = tiny_site(tmp_path, previous={"value": "n/a"})
    assert trends.changes(site, "sickness-absence") == []


@pytest.mark.parametrize(
    "unit, amount, text",
    [
        ("percent", Decimal("2.18"), "2.18 percentage points"),
        ("percent", Decimal("5"), "5 percentage points"),
        ("days", Decimal("0.480"), "0.48 days"),  # no trailing zero
        ("days", Decimal("10"), "10 days"),  # normalised, but not written as 1E+1
        ("gbp", Decimal("1250000"), "£1,250,000"),
        ("count", Decimal("1200"), "1,200"),
        ("count", Decimal("3"), "3"),
        ("duration", Decimal("75"), "1:15"),  # seconds, written as minutes and seconds
        ("duration", Decimal("7"), "0:07"),
    ],
)
def test_difference_text_is_in_the_kpis_unit(unit, amount, text):
    assert trends.difference_text(unit, amount) == text


# --- period_phrase ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, phrase",
    [
        ("2017/18", "2017/18"),
        ("2017/18 Q1", "Quarter 1 2017/18 (year to date)"),
        ("2018 latest", "the latest data in the 2018 report"),  # follows "in", so lower case and "the"
    ],
)
def test_period_phrase_follows_in(tmp_path, period, phrase):
    site = tiny_site(tmp_path)
    assert trends.period_phrase(site.periods[period]) == phrase


# --- a change in what is measured ------------------------------------------------------------


def test_a_figure_whose_measure_changed_is_never_compared_with_the_one_before(tmp_path):
    site = tiny_site(tmp_path, result={"comparable": False, "note": "Measured over 7 days, not 10, from 2017/18."})
    assert trends.changes(site, "sickness-absence") == []


def test_a_chart_line_starts_again_where_the_measure_changed(tmp_path):
    site = tiny_site(
        tmp_path,
        result={"comparable": False, "note": "Measured differently from 2017/18."},
        more_results=[{"kpi": "sickness-absence", "period": "2018 latest", "value": 4.1}],
    )
    assert [result.value for result in trends.chart_points(site, "sickness-absence")] == [9.95, 4.1]


def test_one_percentage_point_and_one_day_are_singular():
    assert trends.difference_text("percent", Decimal("1")) == "1 percentage point"
    assert trends.difference_text("days", Decimal("1.0")) == "1 day"
    assert trends.difference_text("days", Decimal("1.5")) == "1.5 days"


def test_a_year_sits_at_its_end_and_latest_data_in_its_first_quarter(tmp_path):
    site = tiny_site(tmp_path)
    assert trends.period_time(site.periods["2016/17"]) == 2017.0
    assert trends.period_time(site.periods["2018 latest"]) == 2018.25
