"""When the data was last changed, as plain data: the edge reads each data file's date from git once per
build (macros/edge/git_reads.py); pages ask here for the latest of theirs and how to write a date."""

from __future__ import annotations

from datetime import date

Dates = dict[str, date | None]  # a data file, e.g. "data/kpis.yaml" -> the day of its last commit


def latest(dates: Dates, paths) -> date | None:
    """The most recent change among several files; None if any of them has no known date."""
    found = [dates.get(path) for path in paths]
    return None if not found or None in found else max(found)


def long_date(day: date) -> str:
    """23 November 2026, as GOV.UK writes dates."""
    return f"{day.day} {day:%B %Y}"
