"""Corrections recorded as data: what one pull request changes in the published figures, written into
data/corrections/ by `make check` when the change is made, so that a build reads a few small files instead of
every commit of data/ (git history is read only where a project has no such folder).

A record is a plain document (corrections.schema.json): each figure corrected, added or removed in a report
already published, as the site printed it before and prints it after, with what it is; and each report taken
off the site. A new report is not a correction: the build dates it by the commit that added its file.

`record(before, after)` makes the document from two states of data/ (None: nothing to record);
`record_name` names its file; `recorded_changes` reads one back as the changes What's changed lists, dated by
the commit that added the file.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

from ..base.model import ReportKey, Site
from .changes import Figure, FigureChange, ReportChange, between, snapshot
from .figures import Change

FOLDER = "corrections"  # in data/
_UNDATED = datetime(1970, 1, 1, tzinfo=UTC)  # between() dates each change; a record is dated by its commit


def record(before: Site, after: Site) -> dict | None:
    """What changed from before (the published data) to after (this pull request's), as a record's document:
    every figure of a report published before, and every report taken off; None where there is nothing."""
    found = between(snapshot(before), snapshot(after), "", _UNDATED)
    figures = [change for change in found if isinstance(change, FigureChange)]
    removed = [change for change in found if isinstance(change, ReportChange) and change.removed]
    if not figures and not removed:
        return None
    return {
        "corrections": [_correction(change) for change in figures],
        "reports_removed": [
            {"report": change.report.year, "portfolio": change.report.portfolio, "title": change.title}
            for change in removed
        ],
    }


def _correction(change: FigureChange) -> dict:
    figure = change.figure
    return {
        "key": [list(part) if isinstance(part, ReportKey) else part for part in change.change.key],
        "what": figure.what,
        "period": figure.period,
        "report": figure.report.year,
        "portfolio": figure.report.portfolio,
        "report_title": change.report_title,
        "field": figure.field,
        "link": figure.link,
        "before": change.change.before,
        "after": change.change.after,
    }


def record_name(document: dict, day: date) -> str:
    """The record's file name: the day it was made, then a digest of what it holds (two pull requests made the
    same day never write the same file)."""
    digest = hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{day.isoformat()}-{digest[:10]}.yaml"


def recorded_changes(document: dict, commit: str, when: datetime) -> list[ReportChange | FigureChange]:
    """A record read back (as the schema has checked it): its reports taken off, then its figures, dated by the
    commit that added its file to the main line."""
    removed = [
        ReportChange(commit, when, _report(entry), entry["title"], removed=True)
        for entry in document["reports_removed"]
    ]
    figures = [
        FigureChange(
            commit,
            when,
            Change(
                tuple(ReportKey(*part) if isinstance(part, list) else part for part in entry["key"]),
                entry["before"],
                entry["after"],
            ),
            Figure(
                entry["before"] if entry["after"] is None else entry["after"],
                entry["what"],
                entry["period"],
                _report(entry),
                entry["field"],
                entry["link"],
            ),
            entry["report_title"],
        )
        for entry in document["corrections"]
    ]
    return [*removed, *figures]


def _report(entry: dict) -> ReportKey:
    return ReportKey(entry["report"], entry["portfolio"])


def recorded_history(
    reports: dict[ReportKey, str],
    reports_added: dict[ReportKey, tuple[str, datetime]],
    records: dict[str, dict],
    records_added: dict[str, tuple[str, datetime]],
) -> list[ReportChange | FigureChange]:
    """Every change What's changed lists, oldest first, without reading any past state of data/: each report
    (reports: today's, id -> title) published on the day the commit that added its file reached the main line
    (reports_added), and each record (by its path) on the day the commit that added it did (records_added). A
    report or record not committed yet is not listed; a report a record took off keeps its publication."""
    removed = {_report(entry): entry["title"] for document in records.values() for entry in document["reports_removed"]}
    found: list[ReportChange | FigureChange] = [
        ReportChange(*reports_added[report], report, title)
        for report, title in {**removed, **reports}.items()
        if report in reports_added
    ]
    for path, document in records.items():
        if path in records_added:
            found += recorded_changes(document, *records_added[path])
    return sorted(found, key=lambda change: change.when)
