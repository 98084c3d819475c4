"""When the data was last changed, from git history where it is complete.

Read once per build (`data_file_dates`), then handed to pages as plain data (`latest`).
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

Dates = dict[str, date | None]  # a data file, e.g. "data/kpis.yaml" -> the day of its last commit


def data_file_dates(root: Path, folder: str = "data") -> Dates:
    """Each file under folder with the date of the last commit that changed it, from one reading of git
    history; {} where there is no history or only a shallow one (which would date every file to its one
    commit)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout

    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return {}
        history = git("log", "--format=%x00%cs", "--name-only", "--", folder)
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: Dates = {}
    for commit in history.split("\0")[1:]:
        stamp, *paths = commit.split("\n")
        for path in filter(None, paths):
            dates.setdefault(path, date.fromisoformat(stamp))  # newest first: the first is the last change
    return dates


def latest(dates: Dates, paths) -> date | None:
    """The most recent change among several files; None if any of them has no known date."""
    found = [dates.get(path) for path in paths]
    return None if not found or None in found else max(found)


def long_date(day: date) -> str:
    """23 November 2026, as GOV.UK writes dates."""
    return f"{day.day} {day:%B %Y}"
