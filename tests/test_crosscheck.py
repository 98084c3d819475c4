"""macros/read/crosscheck.py: stated performance, direction of travel and budget sums against the figures.

Each test changes one thing in the tiny site (tests/tiny_site.py) and checks that the
cross-check names the file, line and field of the disagreement, or lets it through where a
note explains it. The tiny site's own figures agree with what it states.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import report_file
from tiny_site import line_after, tiny_site, write_tiny_data

from macros.base.errors import DataErrors
from macros.base.units import parse_target
from macros.read import crosscheck
from macros.read.project import load_site
from macros.workings import trends

REPORT = report_file(2018, Path("data")).as_posix()  # data/reports/central-services/2018.yaml, as messages name it


def refused(tmp_path, **changes) -> tuple[list, object]:
    """The errors load_site stops with for the tiny site with these changes, and its data folder."""
    data = write_tiny_data(tmp_path, **changes)
    with pytest.raises(DataErrors) as caught:
        load_site(data)
    return caught.value.errors, data


def result_line(data, field: str) -> int:
    """The line sickness-absence's 2017/18 result (report 2018) writes field on."""
    return line_after(report_file(2018, data), "results:", "kpi: sickness-absence", f"{field}:")


def test_the_tiny_site_agrees_with_itself(tmp_path):
    site = tiny_site(tmp_path)
    assert crosscheck.cross_check(site) == []


# --- performance: Achieved / Failed ---------------------------------------------------------


def test_achieved_is_flagged_when_the_value_misses_the_target(tmp_path):
    # lower is better: 10.2 days against a target of 10 is a miss (and still down on 10.43, so Better holds)
    errors, data = refused(tmp_path, result={"value": 10.2, "performance": "Achieved"})
    assert len(errors) == 1
    error = errors[0]
    assert error.file == REPORT
    assert error.field == "results[0].performance"
    assert error.line == result_line(data, "performance")
    assert error.message.startswith(
        "the report says Achieved, but 10.2 against a target of 10 (lower is better) is Failed;"
    )
    assert "add a note:" in error.message


def test_failed_is_flagged_when_the_value_met_the_target(tmp_path):
    errors, data = refused(tmp_path, result={"performance": "Failed"})
    assert [(e.file, e.field, e.line) for e in errors] == [
        (REPORT, "results[0].performance", result_line(data, "performance"))
    ]
    assert errors[0].message.startswith(
        "the report says Failed, but 9.95 against a target of 10 (lower is better) is Achieved;"
    )


def test_achieved_is_checked_the_other_way_round_when_higher_is_better(tmp_path):
    # The same 9.95 against 10 meets the target when lower is better, and misses it when higher is.
    errors, _ = refused(
        tmp_path,
        kpi={"unit": "percent", "polarity": "higher-is-better"},
        result={"direction": "Worse"},  # 9.95 is down on 10.43, which is worse when higher is better
    )
    assert [e.field for e in errors] == ["results[0].performance"]
    assert errors[0].message.startswith(
        "the report says Achieved, but 9.95% against a target of 10% (higher is better) is Failed;"
    )


def test_a_note_lets_a_stated_performance_through(tmp_path):
    site = tiny_site(tmp_path, result={"performance": "Failed", "note": "The target was 9 days in the text."})
    assert crosscheck.cross_check(site) == []


def test_a_bound_target_is_checked_whatever_the_polarity(tmp_path):
    # 10:30 is not below 10:00; polarity neither gives no rule, but the bound itself does.
    errors, data = refused(
        tmp_path,
        kpi={"unit": "duration", "polarity": "neither"},
        previous={"value": "11:00"},
        result={"value": "10:30", "target": "<10:00", "performance": "Achieved", "direction": "Lower"},
    )
    assert [(e.field, e.line) for e in errors] == [("results[0].performance", result_line(data, "performance"))]
    assert errors[0].message.startswith("the report says Achieved, but 10:30 against a target of <10:00 is Failed;")


def test_a_number_target_is_not_checked_when_the_kpi_has_no_polarity(tmp_path):
    site = tiny_site(
        tmp_path,
        kpi={"polarity": "neither"},
        result={"value": 10.2, "performance": "Achieved", "direction": "Lower"},
    )
    assert crosscheck.cross_check(site) == []


def test_a_target_in_words_is_not_checked(tmp_path):
    site = tiny_site(tmp_path, result={"value": 10.2, "target": "Reduction", "performance": "Achieved"})
    assert crosscheck.cross_check(site) == []


def test_a_bound_of_na_is_a_data_error_not_a_crash(tmp_path):
    data = write_tiny_data(tmp_path, result={"target": "<n/a"})
    with pytest.raises(DataErrors) as caught:
        load_site(data)
    [error] = [error for error in caught.value.errors if error.field == "results[0].target"]
    assert "a bound needs a figure after <" in error.message


# --- target_met --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, target, polarity, met",
    [
        (9.95, 10, "lower-is-better", True),
        (10, 10, "lower-is-better", True),  # on target is meeting it
        (10.01, 10, "lower-is-better", False),
        (95, 92, "higher-is-better", True),
        (92, 92, "higher-is-better", True),
        (91.99, 92, "higher-is-better", False),
        (5, 10, "neither", None),  # no rule to say which side is good
    ],
)
def test_target_met_with_a_number_follows_polarity(value, target, polarity, met):
    assert trends.target_met(value, target, polarity) is met


@pytest.mark.parametrize(
    "value, written, met",
    [
        (599, "<10:00", True),
        (600, "<10:00", False),  # "<" is strictly below
        (600, "<=10:00", True),
        (600, "≤10:00", True),
        (601, "<=10:00", False),
        (601, ">10:00", True),
        (600, ">10:00", False),
        (600, ">=10:00", True),
    ],
)
def test_target_met_with_a_bound_uses_the_bound_not_the_polarity(value, written, met):
    target = parse_target("duration", written)
    for polarity in ("higher-is-better", "lower-is-better", "neither"):
        assert trends.target_met(value, target, polarity) is met, polarity


def test_target_met_cannot_say_for_words_or_na():
    assert trends.target_met(5, parse_target("count", "Reduction"), "lower-is-better") is None
    assert trends.target_met(5, parse_target("count", "n/a"), "lower-is-better") is None


# --- direction of travel ----------------------------------------------------------------


@pytest.mark.parametrize(
    "change, polarity, words",
    [
        ("up", "higher-is-better", {"Better", "More", "Higher"}),
        ("down", "higher-is-better", {"Worse", "Fewer", "Lower"}),
        ("up", "lower-is-better", {"Worse", "More", "Higher"}),
        ("down", "lower-is-better", {"Better", "Fewer", "Lower"}),
        ("up", "neither", {"More", "Higher"}),
        ("down", "neither", {"Fewer", "Lower"}),
        ("same", "higher-is-better", {"In line"}),
        ("same", "neither", {"In line"}),
    ],
)
def test_expected_directions_fit_the_change_and_the_polarity(change, polarity, words):
    assert crosscheck.expected_directions(change, polarity) == words


def test_worse_is_flagged_when_a_lower_is_better_figure_fell(tmp_path):
    errors, data = refused(tmp_path, result={"direction": "Worse"})
    assert len(errors) == 1
    error = errors[0]
    assert (error.file, error.field, error.line) == (REPORT, "results[0].direction", result_line(data, "direction"))
    assert error.message.startswith(
        "the report says Worse, but 9.95 compared with 10.43 in 2016/17 is Better or Fewer or Lower;"
    )


def test_better_is_flagged_when_a_higher_is_better_figure_fell(tmp_path):
    errors, data = refused(
        tmp_path,
        kpi={"polarity": "higher-is-better"},
        result={"performance": "Failed", "direction": "Better"},  # 9.95 misses 10 when higher is better
    )
    assert [(e.field, e.line) for e in errors] == [("results[0].direction", result_line(data, "direction"))]
    assert errors[0].message.startswith(
        "the report says Better, but 9.95 compared with 10.43 in 2016/17 is Fewer or Lower or Worse;"
    )


def test_better_is_accepted_when_a_higher_is_better_figure_rose(tmp_path):
    site = tiny_site(
        tmp_path,
        kpi={"polarity": "higher-is-better"},
        previous={"value": 9.5},
        result={"value": 9.95, "target": 9.9, "performance": "Achieved", "direction": "Better"},
    )
    assert crosscheck.cross_check(site) == []


def test_direction_is_measured_against_the_period_it_is_compared_with(tmp_path):
    # 2017/18 is compared with 2016/17; a figure for another period does not change the answer.
    errors, _ = refused(
        tmp_path,
        more_results_2017=[{"kpi": "sickness-absence", "period": "2017/18 Q1", "value": 2.5}],
        result={"direction": "Higher"},
    )
    assert [e.field for e in errors] == ["results[0].direction"]
    assert "compared with 10.43 in 2016/17" in errors[0].message


def test_in_line_is_flagged_when_the_figure_changed(tmp_path):
    errors, _ = refused(tmp_path, result={"direction": "In line"})
    assert [e.field for e in errors] == ["results[0].direction"]
    assert "is Better or Fewer or Lower;" in errors[0].message


def test_better_or_worse_needs_a_polarity(tmp_path):
    errors, _ = refused(tmp_path, kpi={"polarity": "neither"}, result={"direction": "Better"})
    assert [e.field for e in errors] == ["results[0].direction"]
    assert "polarity neither" in errors[0].message
    assert "sickness-absence" in errors[0].message


def test_a_note_lets_a_stated_direction_through(tmp_path):
    site = tiny_site(tmp_path, result={"direction": "Worse", "note": "Measured on a new basis."})
    assert crosscheck.cross_check(site) == []


def test_direction_is_not_checked_against_an_earlier_na(tmp_path):
    site = tiny_site(tmp_path, previous={"value": "n/a"}, result={"direction": "Worse"})
    assert crosscheck.cross_check(site) == []


# --- budgets ------------------------------------------------------------------------------


def budget_line(data, area: str, field: str) -> int:
    return line_after(report_file(2018, data), "budget_tables:", f"area: {area}", f"{field}:")


def test_a_variance_that_is_not_forecast_minus_budget_is_flagged(tmp_path):
    lines = [
        {"area": "HROD", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 490000, "variance": 10000},  # the sign is wrong
    ]
    errors, data = refused(tmp_path, budget_lines=lines)
    assert len(errors) == 1
    error = errors[0]
    assert (error.file, error.field, error.line) == (
        REPORT,
        "budget_tables[0].lines[1].variance",
        budget_line(data, "Payroll", "variance"),
    )
    assert error.message.startswith("the variance is 10000, but forecast minus budget is -10000;")


def test_a_note_lets_a_printed_variance_through(tmp_path):
    lines = [
        {"area": "HROD", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 490000, "variance": 0, "note": "Printed as nil."},
    ]
    site = tiny_site(tmp_path, budget_lines=lines)
    assert crosscheck.cross_check(site) == []


def total_line(data, field: str) -> int:
    return line_after(report_file(2018, data), "budget_tables:", "total:", f"{field}:")


def test_a_total_budget_that_does_not_add_up_is_flagged(tmp_path):
    errors, data = refused(tmp_path, budget_total={"budget": 2400000, "forecast": 2500000, "variance": 0})
    assert [(e.file, e.field, e.line) for e in errors] == [
        (REPORT, "budget_tables[0].total.budget", total_line(data, "budget"))
    ]
    assert errors[0].message.startswith("the total budget is 2400000, but the lines add up to 2500000;")


def test_each_total_that_does_not_add_up_is_flagged_separately(tmp_path):
    # lines: budget 2,500,000, forecast 2,500,000, so variance 0
    errors, data = refused(tmp_path, budget_total={"budget": 2500000, "forecast": 2600000, "variance": 100000})
    assert [(e.field, e.line) for e in errors] == [
        ("budget_tables[0].total.forecast", total_line(data, "forecast")),
        ("budget_tables[0].total.variance", total_line(data, "variance")),
    ]
    assert errors[0].message.startswith("the total forecast is 2600000, but the lines add up to 2500000;")
    assert errors[1].message.startswith("the total variance is 100000, but the lines add up to 0;")


def test_the_total_is_checked_against_the_lines_not_against_the_printed_variances(tmp_path):
    # A line's printed variance is wrong but explained; the total's variance must still be forecast minus budget.
    lines = [
        {"area": "HROD", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 490000, "variance": 0, "note": "Printed as nil."},
    ]
    errors, _ = refused(
        tmp_path, budget_lines=lines, budget_total={"budget": 2500000, "forecast": 2500000, "variance": 10000}
    )
    assert [e.field for e in errors] == ["budget_tables[0].total.variance"]
    assert errors[0].message.startswith("the total variance is 10000, but the lines add up to 0;")


def test_a_note_on_the_total_lets_it_through(tmp_path):
    total = {"budget": 2400000, "forecast": 2500000, "variance": 0, "note": "The report's total omits a line."}
    site = tiny_site(tmp_path, budget_total=total)
    assert crosscheck.cross_check(site) == []
