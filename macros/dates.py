"""When the data was last changed, from git history where it is complete."""

from __future__ import annotations

import subprocess
from datetime import date
from functools import cache
from pathlib import Path


@cache
def last_changed(root: Path, path: str) -> date | None:
    """The date of the last commit that changed path, or None where history is missing or shallow."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()

    try:
        if git("rev-parse", "--is-shallow-repository") != "false":
            return None  # a shallow clone would date every file to its one commit
        stamp = git("log", "-1", "--format=%cs", "--", path)
    except (OSError, subprocess.SubprocessError):
        return None
    return date.fromisoformat(stamp) if stamp else None


def latest(root: Path, paths) -> date | None:
    """The most recent change among several files; None if any of them has no known date."""
    return _latest(root, frozenset(paths))


@cache
def _latest(root: Path, paths: frozenset) -> date | None:
    # Many pages use the same files (every report's, for a topic page): worked out once per set.
    dates = [last_changed(root, path) for path in sorted(paths)]
    return None if not dates or None in dates else max(dates)


def long_date(day: date) -> str:
    """23 November 2026, as GOV.UK writes dates."""
    return f"{day.day} {day:%B %Y}"
