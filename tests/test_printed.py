"""The site checks' own formatter (printed.py): each rule with figures the reports printed.

Each example names the report whose text prints it, and that text is read to show the figure is there;
the few rules the reports have no example of (a negative sum, a whole number stored as a float) take
theirs from what the site's pages print.
"""

from __future__ import annotations

import printed
import pytest


def in_source(source_text: dict, report: int, words: str) -> bool:
    return words in " ".join(source_text[report].split())


FIGURES = [
    # (unit, as the data stores it, as the report prints it, report)
    ("count", 51201, "51,201", 2017),  # People registered for MyAccount, 2016/17
    ("count", 384700, "384,700", 2017),  # Phone calls to the Contact Centre, 2016/17
    ("count", 248, "248", 2017),  # Agency staff, 2016/17
    ("count", 67978, "67,978", 2018),
    ("percent", 97.68, "97.68%", 2017),  # Call quality, 2016/17
    ("percent", 97, "97%", 2017),
    ("percent", 12.3, "12.3%", 2017),  # Staff turnover, 2016/17
    ("percent", 68.83, "68.83%", 2017),
    ("percent", 100, "100%", 2017),
    ("gbp", 9828491, "£9,828,491", 2017),  # Spend on agency staff, 2016/17
    ("gbp", 2137500, "£2,137,500", 2017),
    ("days", 10.43, "10.43", 2017),  # Sickness absence, 2016/17: the table says days in the KPI's title
    ("days", 52.7, "52.7", 2017),
    ("days", 9.95, "9.95", 2018),
    ("duration", 413, "6:53", 2017),  # Waiting time at the Civic Offices: 6 minutes 53 seconds
    ("duration", 487, "8:07", 2017),
    ("percent", "n/a", "n/a", 2017),  # Long term sickness, 2016/17: no figure
]


@pytest.mark.parametrize("unit, stored, shown, report", FIGURES)
def test_a_figure_is_printed_as_the_report_prints_it(source_text, unit, stored, shown, report):
    assert printed.figure(unit, stored) == shown
    assert in_source(source_text, report, shown)


def test_a_table_row_of_figures_reads_as_the_report_printed_it(source_text):
    row = [printed.figure("duration", 413), printed.figure("duration", 487), printed.target("duration", "<10:00")]
    assert " ".join(row) == "6:53 8:07 <10:00"
    assert in_source(source_text, 2017, "to Face (mins:sec) 6:53 8:07 <10:00 ACHIEVED Worse")
    money = [printed.figure("gbp", 9828491), printed.figure("gbp", 2509486), printed.figure("gbp", 2137500)]
    assert in_source(source_text, 2017, "council " + " ".join(money) + " Failed")


def test_seconds_under_ten_keep_two_digits():
    assert printed.figure("duration", 7) == "0:07"
    assert printed.figure("duration", 600) == "10:00"


def test_a_whole_number_stored_as_a_float_has_no_decimals():
    # The Customer Services page prints 100% for emails answered in 2 days, however the number is stored.
    assert printed.figure("percent", 100.0) == "100%"
    assert printed.figure("days", 9.0) == "9"


TARGETS = [
    ("duration", "<10:00", "<10:00", 2017),  # Waiting time at the Civic Offices, Quarter 1 2017/18
    ("count", "Reduction", "Reduction", 2017),  # Agency staff
    ("count", "n/a", "n/a", 2017),
    ("percent", 85, "85%", 2017),  # Call quality
    ("gbp", 2137500, "£2,137,500", 2017),  # Spend on agency staff
    ("count", 56000, "56,000", 2017),  # MyAccount registrations
    ("count", 60000, "60,000", 2018),
    ("days", 50, "50", 2017),  # Days to fill a vacant job
]


@pytest.mark.parametrize("unit, written, shown, report", TARGETS)
def test_a_target_is_printed_as_the_report_prints_it(source_text, unit, written, shown, report):
    assert printed.target(unit, written) == shown
    assert in_source(source_text, report, shown)


def test_a_bound_prints_its_figure_in_the_unit():
    assert printed.target("percent", "<85") == "<85%"
    assert printed.target("days", ">= 2.5") == ">=2.5"
    assert printed.target("duration", "8:00") == "8:00"


POUNDS = [
    (402043, "402,043", 2017),  # Strategy and Performance, 2017/18
    (1284068, "1,284,068", 2017),  # Corporate Performance's total
    (2104108, "2,104,108", 2018),  # HROD, 2018/19
    (3110356, "3,110,356", 2018),
    (0, "0", 2017),  # every variance the reports printed
]


@pytest.mark.parametrize("amount, shown, report", POUNDS)
def test_a_budget_is_printed_in_whole_pounds_with_commas(source_text, amount, shown, report):
    assert printed.pounds(amount) == shown
    assert in_source(source_text, report, f" {shown} ")


def test_a_fall_is_printed_with_a_minus_sign_not_a_hyphen():
    # The budgets page: Information Management fell from 608,133 (2017/18) to 407,742 (2018/19).
    assert printed.pounds(407742 - 608133) == "\N{MINUS SIGN}200,391"
    assert printed.figure("gbp", -22098) == "\N{MINUS SIGN}£22,098"
    assert printed.figure("count", -301) == "\N{MINUS SIGN}301"


def test_days_are_said_on_the_site_for_figures_and_bounds_only():
    assert printed.with_days("days", "9.95") == "9.95 days"
    assert printed.with_days("days", "<2") == "<2 days"
    assert printed.with_days("days", "n/a") == "n/a"
    assert printed.with_days("days", "Reduction") == "Reduction"
    assert printed.with_days("percent", "97%") == "97%"


STATED = [
    # (unit, value, qualifier, scale, as the text words it, report)
    ("gbp", 600000, "over", "thousands", "over £600k", 2018),
    ("gbp", 700000, None, "thousands", "£700k", 2018),
    ("gbp", 577000, None, "thousands", "£577k", 2018),
    ("gbp", 0.15, None, None, "15p", 2017),
    ("gbp", 2.83, None, None, "£2.83", 2017),
    ("gbp", 8.62, None, None, "£8.62", 2017),
    ("days", 5, None, None, "5 days", 2017),
    ("count", 71000, "over", None, "over 71,000", 2018),
    ("count", 13000, "almost", None, "almost 13,000", 2018),
    ("count", 200, "more than", None, "more than 200", 2018),
    ("percent", 43, None, None, "43%", 2018),
]


@pytest.mark.parametrize("unit, value, qualifier, scale, shown, report", STATED)
def test_a_figure_in_a_reports_text_is_worded_as_the_text_words_it(
    source_text, unit, value, qualifier, scale, shown, report
):
    assert printed.stated(unit, value, qualifier, scale) == shown
    assert in_source(source_text, report, shown)


def test_direction_of_travel_is_printed_with_any_reason_after_a_dash(source_text):
    assert printed.direction("n/a", "new calculation") == "n/a \N{EN DASH} new calculation"
    assert in_source(source_text, 2017, "FAILED n/a \N{EN DASH} new calculation")
    assert printed.direction("Better") == "Better"
    assert printed.direction(None) == ""
