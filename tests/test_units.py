"""Parsing and formatting of each unit, n/a and targets, as the council prints them."""

import pytest

from macros.base.units import (
    NA,
    Bound,
    FigureError,
    Words,
    format_figure,
    format_pounds,
    format_target,
    parse_figure,
    parse_target,
)


@pytest.mark.parametrize(
    "unit, raw, printed",
    [
        ("count", 51201, "51,201"),
        ("count", 8, "8"),
        ("count", 384700, "384,700"),
        ("percent", 97.68, "97.68%"),
        ("percent", 12.3, "12.3%"),
        ("percent", 100, "100%"),
        ("gbp", 9828491, "£9,828,491"),
        ("days", 10.43, "10.43"),
        ("days", 52.7, "52.7"),
        ("duration", "6:53", "6:53"),
        ("duration", "10:00", "10:00"),
        ("duration", "0:07", "0:07"),
    ],
)
def test_value_is_printed_as_published(unit, raw, printed):
    assert format_figure(unit, parse_figure(unit, raw)) == printed


def test_durations_are_stored_as_seconds():
    assert parse_figure("duration", "6:53") == 6 * 60 + 53


def test_percent_and_days_are_stored_as_numbers_not_text():
    assert parse_figure("percent", 97.68) == pytest.approx(97.68)
    assert isinstance(parse_figure("days", 9.95), float)


@pytest.mark.parametrize("unit", ["count", "percent", "gbp", "days", "duration"])
def test_na_is_an_explicit_missing_value_in_every_unit(unit):
    value = parse_figure(unit, "n/a")
    assert value is NA
    assert format_figure(unit, value) == "n/a"


def test_bound_target_keeps_its_operator_and_typed_value():
    target = parse_target("duration", "<10:00")
    assert target == Bound("<", 600)
    assert format_target("duration", target) == "<10:00"


def test_bound_on_a_percentage():
    assert format_target("percent", parse_target("percent", ">= 95")) == ">=95%"


def test_words_target_is_kept_as_words():
    target = parse_target("count", "Reduction")
    assert target == Words("Reduction")
    assert format_target("count", target) == "Reduction"


def test_numeric_target_is_formatted_in_the_kpis_unit():
    assert format_target("gbp", parse_target("gbp", 2137500)) == "£2,137,500"
    assert format_target("percent", parse_target("percent", "n/a")) == "n/a"


@pytest.mark.parametrize(
    "unit, raw",
    [
        ("duration", 413),  # a bare number is not minutes and seconds
        ("duration", "6:73"),  # seconds above 59
        ("count", "lots"),
        ("count", 1.5),
        ("percent", True),
        ("days", -1),
    ],
)
def test_unreadable_figure_is_refused_with_advice(unit, raw):
    with pytest.raises(FigureError, match="write|whole|below zero|number"):
        parse_figure(unit, raw)


def test_budget_amounts_use_thousands_separators_and_a_true_minus():
    assert format_pounds(1284068) == "1,284,068"
    assert format_pounds(-1500) == "−1,500"
    assert format_pounds(0) == "0"


@pytest.mark.parametrize(
    "unit, raw, printed",
    [
        ("percent", 0.00001, "0.00001%"),  # repr is 1e-05: never printed with an exponent
        ("days", 1e-10, "0.0000000001"),
        ("gbp", -0.00005, "−£0.00005"),
        ("count", 999999999999999, "999,999,999,999,999"),
        ("duration", "99999:59", "99999:59"),
    ],
)
def test_figures_are_always_printed_in_plain_notation(unit, raw, printed):
    assert format_figure(unit, parse_figure(unit, raw)) == printed


@pytest.mark.parametrize(
    "unit, raw, says",
    [
        ("duration", "999999999999999999999999999999:00", "too long to be a duration"),
        ("duration", "100000:00", "too long to be a duration"),
        ("duration", "١٢:٠٠", "not a duration"),  # digits, but not 0-9
        ("duration", "6:53\n", "not a duration"),
        ("percent", 1e-320, "more than 10 decimal places"),
        ("count", 10**15, "too large"),
        ("gbp", -(10**400), "401 digits"),
    ],
)
def test_figures_out_of_range_are_refused_in_words(unit, raw, says):
    with pytest.raises(FigureError, match=says):
        parse_figure(unit, raw)


def test_a_bound_is_held_to_the_same_range():
    with pytest.raises(FigureError, match="401 digits"):
        parse_target("count", "<1" + "0" * 400)
    with pytest.raises(FigureError, match="too long to be a duration"):
        parse_target("duration", "<999999999999999999999999999999:00")
