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


def partial_date(text: str) -> str:
    """A year, a month or a day as written in the data (2018, 2018-05, 2018-05-14), as GOV.UK writes it:
    2018, May 2018, 14 May 2018."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{date(parts[0], parts[1], 1):%B %Y}"
    return long_date(date(*parts))
