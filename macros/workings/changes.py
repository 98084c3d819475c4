"""What changed in the published figures from one state of data/ to the next: each new report, and
every figure corrected, added or removed, as the site prints it (figures keys, prints and compares
them, as for the pull-request summary; this module says what each one is and when it changed).

`changes(states)` takes the states of data/ oldest first, each (commit, when, site). A site of None is
a commit whose data today's code cannot read: it is bridged, comparing the last readable state with
the next. The first readable state is the baseline: its reports are listed as published on this site,
not figure by figure. `groups(changes)` gathers them for the What's changed page and the feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass
from datetime import date, datetime

from ..base.model import ReportKey, Site
from .figures import SECTIONS, Change, budget_figures, compare, fact_figures, kpi_result_figures
from .urls import budget_table_anchor, kpi_doc, report_section_doc

# --- the figures of one state ----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One published figure as the site prints it, and what it is."""

    text: str
    what: str  # the KPI's title; the budget's service and area; the fact's title
    period: str
    report: ReportKey
    field: str  # which figure, in words: "result", "target", "full year budget (£)" ...
    link: str | None  # its page in docs/, with an anchor where it has one


@dataclass(frozen=True)
class Snapshot:
    """Every figure of one state of data/ (keyed by its section and its key in figures), and its reports."""

    figures: dict[tuple, Figure]
    reports: dict[ReportKey, str]  # id -> title

    def to_json(self) -> dict:
        """As JSON: a report's key (in a figure's key, and each figure's) as the list [year, portfolio]."""
        return {
            "figures": [[_listed(key), *_listed(astuple(figure))] for key, figure in self.figures.items()],
            "reports": [[list(report), title] for report, title in self.reports.items()],
        }

    @classmethod
    def from_json(cls, data: dict) -> Snapshot:
        return cls(
            {_keyed(key): Figure(*_keyed(fields)) for key, *fields in data["figures"]},
            {ReportKey(*report): title for report, title in data["reports"]},
        )


def _listed(items) -> list:
    return [list(item) if isinstance(item, ReportKey) else item for item in items]


def _keyed(items) -> tuple:
    """_listed read back: each [year, portfolio] a report's key again."""
    return tuple(ReportKey(*item) if isinstance(item, list) else item for item in items)


RESULT_FIELDS = {
    "value": "result",
    "target": "target",
    "performance": "performance",
    "direction": "direction of travel",
}
BUDGET_FIELDS = {"budget": "full year budget (£)", "forecast": "full year forecast (£)"}


def _kpi_result(site: Site, key: tuple, text: str) -> Figure | None:
    kpi, period, report, field = key
    if field not in RESULT_FIELDS:
        return None  # a note or a direction's reason: words about a figure, not a figure
    return Figure(text, site.kpis[kpi].title, site.periods[period].label, report, RESULT_FIELDS[field], kpi_doc(kpi))


def _budget_line(site: Site, key: tuple, text: str) -> Figure:
    service, area, year, report, field = key
    table = next(
        table
        for table in site.reports[report].budget_tables.values()
        if table.service.id == service and table.year == year
    )
    link = report_section_doc(report, service, budget_table_anchor(year, table.id))
    return Figure(text, f"{site.services[service].name}: {area}", year, report, BUDGET_FIELDS[field], link)


def _fact(site: Site, key: tuple, text: str) -> Figure:
    fact_id, period, report = key
    fact = site.facts[fact_id]
    value = next(value for value in fact.values if value.period == period and value.report == report)
    return Figure(text, fact.title, period, report, "figure stated in the text", value.section)


# The kinds of figure listed, by the function of figures that finds them (KPI titles and units are not).
DESCRIBED = {kpi_result_figures: _kpi_result, budget_figures: _budget_line, fact_figures: _fact}


def snapshot(site: Site) -> Snapshot:
    figures = {}
    for section in SECTIONS:
        describe = DESCRIBED.get(section.figures)
        for key, text in section.figures(site).items() if describe else ():
            figure = describe(site, key, text)
            if figure is not None:
                figures[(section.title, *key)] = figure
    return Snapshot(figures, {report.id: report.title for report in site.reports.values()})


# --- what changed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportChange:
    """A report published on this site (the baseline's, or new), or one taken off it."""

    commit: str
    when: datetime
    report: ReportKey
    title: str
    removed: bool = False


@dataclass(frozen=True)
class FigureChange:
    commit: str
    when: datetime
    change: Change  # its key, and the figure before and after as the site prints it (None: not there)
    figure: Figure  # what it is, as the newer state says (the older one for a removed figure)
    report_title: str

    @property
    def kind(self) -> str:
        return {"changed": "corrected"}.get(self.change.kind, self.change.kind)


State = tuple[str, datetime, Site | Snapshot | None]  # a commit, its date, and its data (None: unreadable)


def changes(
    states: Iterable[State], first_added: dict[ReportKey, tuple[str, datetime]] | None = None
) -> list[ReportChange | FigureChange]:
    """Every change, oldest first, from states of data/ oldest first. first_added: for each report, the
    commit that first added its file, which dates a baseline report that today's code could not read then
    (it was published on that day, not on the day its data became readable)."""
    found: list[ReportChange | FigureChange] = []
    last: Snapshot | None = None
    for commit, when, site in states:
        if site is None:
            continue  # today's code cannot read it: the next readable state is compared with the last
        now = site if isinstance(site, Snapshot) else snapshot(site)
        if last is None:
            added = first_added or {}
            found += [
                ReportChange(
                    *min(added.get(report, (commit, when)), (commit, when), key=lambda it: it[1]), report, title
                )
                for report, title in now.reports.items()
            ]
            found.sort(key=lambda change: change.when)
        else:
            found += between(last, now, commit, when)
        last = now
    return found


def between(before: Snapshot, after: Snapshot, commit: str, when: datetime) -> list[ReportChange | FigureChange]:
    """A new or removed report as one change; every other figure that differs, each on its own."""
    new = [report for report in after.reports if report not in before.reports]
    gone = [report for report in before.reports if report not in after.reports]
    found: list[ReportChange | FigureChange] = [
        *(ReportChange(commit, when, report, after.reports[report]) for report in new),
        *(ReportChange(commit, when, report, before.reports[report], removed=True) for report in gone),
    ]
    printed = {key: figure.text for key, figure in before.figures.items()}
    for change in compare(printed, {key: figure.text for key, figure in after.figures.items()}):
        figure = after.figures.get(change.key) or before.figures[change.key]
        if figure.report not in new and figure.report not in gone:
            found.append(FigureChange(commit, when, change, figure, after.reports[figure.report]))
    return found


# --- for the page and the feed ------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeGroup:
    """One entry of the feed: a report published (or removed), or the figures corrected on one date."""

    day: date
    updated: datetime  # the last commit in it
    report: ReportChange | None = None
    figures: tuple[FigureChange, ...] = ()
    pending: bool = False  # in a pull request's preview: from its own commits, so not published yet

    @property
    def key(self) -> str:
        """What names it for good, e.g. "2026-12-01/corrections": a later correction made the same day
        joins the same entry (which is then updated) rather than making another."""
        if self.report is None:
            return f"{self.day.isoformat()}/corrections{'-pending' if self.pending else ''}"
        report = f"{self.report.report.portfolio}-{self.report.report.year}"
        return f"{self.day.isoformat()}/report-{report}{'-removed' if self.report.removed else ''}"


def groups(found: list[ReportChange | FigureChange], unpublished: Iterable[str] = ()) -> list[ChangeGroup]:
    """Newest date first; on each date its reports, then its corrections, the latest commit's first (each
    commit's in the data's order). In a pull request's preview, what its own commits (unpublished) change is
    kept apart from what was published the same day, and marked pending."""
    unpublished = set(unpublished)
    out = []
    for day in sorted({change.when.date() for change in found}, reverse=True):
        on_day = [change for change in found if change.when.date() == day]
        reports = [change for change in on_day if isinstance(change, ReportChange)]
        out += [
            ChangeGroup(day, change.when, report=change, pending=change.commit in unpublished)
            for change in reversed(reports)
        ]
        for pending in (True, False):
            corrected = [
                change
                for change in on_day
                if isinstance(change, FigureChange) and (change.commit in unpublished) == pending
            ]
            commits = reversed(dict.fromkeys(change.commit for change in corrected))
            figures = tuple(change for commit in commits for change in corrected if change.commit == commit)
            if figures:
                out.append(ChangeGroup(day, max(change.when for change in figures), figures=figures, pending=pending))
    return out
