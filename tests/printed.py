"""Figures as the council's Portfolio Holder reports print them, for the site checks to expect.

Written from the reports' own texts (tests/sources), not from the site's code, so that a mistake in how
the site formats a figure shows as a difference (tests/test_printed.py gives each rule its printed
examples). What the data stores is not always what was printed: percentages are stored as the number
before the % (97.68 for 97.68%), durations as whole seconds (413 for 6:53), pounds as whole pounds.
"""

from __future__ import annotations

import re

MINUS = "\N{MINUS SIGN}"  # the site's sign for a negative figure, never a hyphen
NOT_PRINTED = "n/a"  # what a report prints where it has no figure or no target


def grouped(digits: str) -> str:
    """A whole number's digits in threes from the right, with commas: 1284068 is 1,284,068."""
    groups = []
    while len(digits) > 3:
        digits, last = digits[:-3], digits[-3:]
        groups.insert(0, last)
    return ",".join([digits, *groups])


def number(value: int | float) -> str:
    """A number as written: commas in the whole part, the decimals it has (none for a whole float)."""
    written = repr(abs(value))
    assert "e" not in written, f"{value!r} is too large or too small for a printed figure"
    whole, _, decimals = written.partition(".")
    decimals = "" if decimals.strip("0") == "" else decimals
    return (MINUS if value < 0 else "") + grouped(whole) + ("." + decimals if decimals else "")


def minutes_and_seconds(seconds: int) -> str:
    """A duration as the reports print it: minutes, a colon and two digits of seconds (413 is 6:53)."""
    return f"{seconds // 60}:{str(seconds % 60).rjust(2, '0')}"


def figure(unit: str, value) -> str:
    """A figure in a KPI table: 51,201 · 97.68% · £9,828,491 · 10.43 (days) · 6:53 · n/a."""
    if value == NOT_PRINTED:
        return NOT_PRINTED
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    if unit == "duration":
        return minutes_and_seconds(value)
    if unit == "percent":
        return number(value) + "%"
    if unit == "gbp":
        return ("£" + number(value)) if value >= 0 else MINUS + "£" + number(-value)
    return number(value)


def pounds(amount: int) -> str:
    """An amount in a budget table, whose heading says £: 402,043 · 0 · −22,098."""
    return number(amount)


def written_figure(unit: str, text: str) -> int | float:
    """A figure as an editor writes it in a target: "10:00" for a duration (seconds), or a plain number."""
    if unit == "duration":
        minutes, seconds = text.split(":")
        return int(minutes) * 60 + int(seconds)
    return float(text) if "." in text else int(text)


BOUND = re.compile(r"(<=|>=|<|>)\s*(\S+)")


def target(unit: str, written) -> str:
    """A target as printed, from what the data says: a figure, a bound such as <10:00, words such as
    Reduction, or n/a."""
    if isinstance(written, str):
        bound = BOUND.fullmatch(written.strip())
        if bound:
            return bound[1] + figure(unit, written_figure(unit, bound[2]))
        if unit == "duration" and re.fullmatch(r"\d+:\d\d", written):
            return figure(unit, written_figure(unit, written))
        return written.strip()
    return figure(unit, written)


def with_days(unit: str, text: str) -> str:
    """A figure or bound in days says so on the site ("9.95 days", "<2 days"), where a report's table puts
    days in the KPI's title; words and n/a stay as they are."""
    return f"{text} days" if unit == "days" and re.match(r"[<>\d]", text) else text


def stated(unit: str, value, qualifier: str | None = None, scale: str | None = None) -> str:
    """A figure as a report's text words it: "over £600k", "15p", "£2.83", "5 days", "almost 13,000"."""
    if unit == "gbp" and scale == "thousands":
        text = f"£{number(value / 1000)}k"
    elif unit == "gbp" and 0 < value < 1:
        text = f"{number(round(value * 100, 6))}p"
    else:
        text = with_days(unit, figure(unit, value))
    return f"{qualifier} {text}" if qualifier else text


def direction(word: str | None, reason: str | None = None) -> str:
    """Direction of travel as printed: the word, and any reason after a dash ("n/a – new calculation")."""
    if word is None:
        return ""
    return f"{word} \N{EN DASH} {reason}" if reason else word
