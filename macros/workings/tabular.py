"""Tables as plain data: what each table on the site shows, before it becomes HTML or CSV.

The page's HTML table and its CSV and JSON downloads are both made from one TableData,
so the downloads always hold the same rows as the table a reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.model import BudgetTable, FactValue, KpiTable, Report, Site, origin_files
from ..base.units import UNIT_SUFFIX, Bound, Missing, Words, format_figure, format_pounds, format_stated, format_target
from .changes import ChangeGroup
from .dates import long_date
from .figures import shown as figure_or_nothing
from .trends import Span, latest_value, overall_span, period_name, status_text, timeline, within_span, year_span
from .urls import (
    budget_line_anchor,
    budget_table_anchor,
    budget_year_anchor,
    budgets_by_service_anchor,
    corrections_table_anchor,
    kpi_doc,
    kpi_history_anchor,
    kpi_table_anchor,
    service_facts_anchor,
    service_kpis_anchor,
)


@dataclass(frozen=True)
class Column:
    key: str  # field name in CSV and JSON
    heading: str  # column heading on the page
    kind: str  # figure, target, stated, words, pounds or text
    empty: str = "not reported"  # what a cell without a value says, outside a total row

    @property
    def numeric(self) -> bool:
        return self.kind in ("figure", "target", "stated", "pounds")


@dataclass(frozen=True)
class Row:
    label: str  # the row header: a KPI title, a service area, a period
    cells: tuple  # typed values, one per column
    unit: str | None = None  # the unit of the row's figures
    notes: tuple[str, ...] = ()  # notes shown under the table, linked from the row
    link: str | None = None  # the page the label links to: its file in docs/, e.g. kpis/sickness-absence.md
    total: bool = False
    anchor: str | None = None  # the row's id, where it can be linked to (a budget line)


@dataclass(frozen=True)
class TableData:
    id: str  # the table's anchor and its download's file name
    caption: str
    label_heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    source: str  # where the figures come from, in words
    footnotes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # the files in data/ its rows were read from (for the page's dates)
    covers: Span | None = None  # the days its figures lie within (for its metadata)
    units_shown: bool = False  # the site's own table: a figure's unit beside it on the page ("9.95 days")

    def notes(self) -> list[str]:
        return list(dict.fromkeys(note for row in self.rows for note in row.notes))


# --- formatting one cell -----------------------------------------------------------


def cell_text(column: Column, row: Row, value) -> str:
    """A cell as the page shows it, formatted as the council prints it."""
    if value is None:
        return ""
    if column.kind == "figure":
        return format_figure(row.unit, value)
    if column.kind == "target":
        return format_target(row.unit, value)
    if column.kind == "stated":
        return format_stated(row.unit, value.value, value.qualifier, value.scale)
    if column.kind == "pounds":
        return format_pounds(value)
    return str(value)


def cell_shown(column: Column, row: Row, value, units_shown: bool = False) -> str:
    """A cell as the page shows it: as printed, and in the site's own tables with the unit a figure does not
    show itself ("9.95 days"; %, £ and m:ss do). The downloads keep the figure alone."""
    text = cell_text(column, row, value)
    if units_shown and text and column.kind in ("figure", "target") and isinstance(value, (int, float, Bound)):
        return text + UNIT_SUFFIX.get(row.unit, "")
    return text


def cell_data(column: Column, row: Row, value):
    """A cell as the downloads hold it: numbers as numbers (durations in seconds), n/a as empty, a bound
    such as <10:00 or a target in words as printed."""
    if isinstance(value, FactValue):
        value = value.value
    if value is None or isinstance(value, Missing):
        return None
    if isinstance(value, (Bound, Words)):
        return cell_text(column, row, value)
    return value


# --- the tables the reports printed -------------------------------------------------


def printed_kpi_table(table: KpiTable, report: Report) -> TableData:
    """A KPI table with the columns its report printed."""
    columns = tuple(
        Column(
            column.heading,
            column.heading,
            "figure" if column.field == "value" else "target" if column.field == "target" else "words",
        )
        for column in table.columns
    )
    rows = []
    for row in table.rows:
        cells = []
        for column, result in zip(table.columns, row.cells, strict=True):
            value = getattr(result, column.field)
            if column.field == "direction" and result.direction_reason:
                value = f"{value} – {result.direction_reason}"
            cells.append(value)
        notes = tuple(dict.fromkeys(result.note for result in row.cells if result.note))
        rows.append(Row(row.title, tuple(cells), row.kpi.unit, notes, link=kpi_doc(row.kpi.id)))
    return TableData(
        kpi_table_anchor(table.report, table.id),
        table.caption,
        "KPI title",
        columns,
        tuple(rows),
        f"{report.title}, {table.service.name}, “{table.section}”",
        table.footnotes,
        origin_files(*(result for row in table.rows for result in row.cells), *(row.kpi for row in table.rows)),
        overall_span(within_span(column.period) for column in table.columns),
    )


BUDGET_COLUMNS = (
    Column("budget_gbp", "Full year budget (£)", "pounds"),
    Column("forecast_gbp", "Full year forecast (£)", "pounds"),
    Column("variance_gbp", "Variance (£)", "pounds"),
)


def printed_budget_table(table: BudgetTable, report: Report) -> TableData:
    """A budget table: budget, forecast and variance (forecast minus budget), and its total."""
    anchor, taken = budget_table_anchor(table.year, table.id), set()
    rows = tuple(_budget_row(line, anchor=budget_line_anchor(anchor, line.area, taken)) for line in table.lines)
    if table.has_total:
        rows += (_budget_row(table.total, total=True),)
    return TableData(
        anchor,
        table.caption,
        "Service area",
        BUDGET_COLUMNS,
        rows,
        f"{report.title}, {table.service.name}, “{table.section}”",
        sources=origin_files(*table.lines, table.stated_total),
        covers=year_span(table.year),
    )


def _budget_row(line, total: bool = False, anchor: str | None = None) -> Row:
    notes = (line.note,) if line.note else ()
    return Row(line.area, (line.budget, line.forecast, line.variance), "gbp", notes, total=total, anchor=anchor)


# --- tables across reports ---------------------------------------------------------------


def kpi_history_table(site: Site, kpi_id: str) -> TableData:
    """Every figure published for one KPI, oldest first."""
    kpi = site.kpis[kpi_id]
    columns = (
        Column("value", "Figure", "figure"),
        Column("target", "Target", "target"),
        Column("performance", "Target met", "words"),
        Column("direction", "Direction of travel", "words"),
        Column("report", "Published in", "text"),
    )
    shown = timeline(site, kpi_id)
    # Where another service reported some of its figures (before a service was renamed, split or merged),
    # each figure says which did, and in which portfolio where the site has several.
    by = [reporter(site, r) for r in shown] if any(site.reported_by(r) != kpi.service for r in shown) else []
    if by:
        columns = (*columns[:-1], Column("reported_by", "Reported by", "text"), columns[-1])
    rows = tuple(
        Row(
            period_name(r.period),
            (
                r.value,
                r.target,
                status_text(site, r),
                f"{r.direction} – {r.direction_reason}" if r.direction_reason else r.direction,
                *([by[index]] if by else []),
                site.reports[r.report].title,
            ),
            kpi.unit,
            (r.note,) if r.note else (),
        )
        for index, r in enumerate(shown)
    )
    return TableData(
        kpi_history_anchor(kpi_id),
        f"{kpi.title}: every published figure",
        "Period",
        columns,
        rows,
        "Portfolio Holder reports " + ", ".join(map(str, sorted({r.report.year for r in shown}))),
        sources=origin_files(kpi, *shown, *(r.period for r in shown), *(site.reports[r.report] for r in shown)),
        covers=overall_span(within_span(r.period) for r in shown),
        units_shown=True,
    )


def reporter(site: Site, result) -> str:
    """The service that reported a result, with its report's portfolio where the site has several."""
    service = site.reported_by(result).name
    if len(site.portfolios) < 2:
        return service
    return f"{service} ({site.portfolios[site.reports[result.report].portfolio].title})"


def service_kpis_table(site: Site, service_id: str) -> TableData:
    """A service's KPIs with their most recent figure."""
    columns = (
        Column("latest", "Latest figure", "figure"),
        Column("period", "Period", "text"),
        Column("target", "Target", "target"),
        Column("performance", "Target met", "words"),
    )
    rows, kpis, latest = [], [], []
    for kpi in (k for k in site.kpis.values() if k.service.id == service_id):
        result = latest_value(site, kpi.id)
        if result is None:
            continue
        kpis.append(kpi)
        latest.append(result)
        rows.append(
            Row(
                kpi.title,
                (result.value, period_name(result.period), result.target, status_text(site, result)),
                kpi.unit,
                link=kpi_doc(kpi.id),
            )
        )
    return TableData(
        service_kpis_anchor(service_id),
        f"{site.services[service_id].name}: performance indicators",
        "KPI",
        columns,
        tuple(rows),
        "Portfolio Holder reports, KPI tables",
        sources=origin_files(*kpis, *latest, *(result.period for result in latest)),
        covers=overall_span(within_span(result.period) for result in latest),
        units_shown=True,
    )


def service_facts_table(site: Site, service_id: str) -> TableData:
    """A service's headline figures from the reports' text, most recent first."""
    columns = (
        Column("value", "Figure", "stated"),
        Column("period", "Period", "text"),
        Column("report", "Stated in", "text"),
    )
    facts = site.facts_for_service(service_id)
    rows = tuple(
        Row(
            fact.title,
            (value, value.period, site.reports[value.report].title),
            fact.unit,
            (value.note,) if value.note else (),
            link=value.section,
        )
        for fact in facts
        for value in sorted(fact.values, key=lambda v: v.report, reverse=True)
    )
    return TableData(
        service_facts_anchor(service_id),
        f"{site.services[service_id].name}: key facts from the reports",
        "Fact",
        columns,
        rows,
        "Portfolio Holder reports, text of each section (linked from each fact)",
        sources=origin_files(*facts, *(site.reports[value.report] for fact in facts for value in fact.values)),
        covers=overall_span(year_span(value.period) for fact in facts for value in fact.values),
    )


def budgets_by_service_table(site: Site, service_id: str | None = None) -> TableData:
    """Each budget line's full year budget, a row for each year it has one (so the table is as narrow with
    ten years as with two), with the change from the year before where the line has a budget in both."""
    years = sorted({t.year for r in site.reports.values() for t in r.budget_tables.values()})
    lines: dict[tuple, dict] = {}
    read = []  # the budget lines shown, for their files
    tables = (
        site.budget_tables_for_service(service_id)
        if service_id
        else [table for report in site.reports.values() for table in report.budget_tables.values()]
    )
    held_by: dict[tuple, str] = {}  # each line's portfolio, for the totals of each
    for table in tables:
        for line in table.lines:
            lines.setdefault((table.service, line.area), {})[table.year] = line.budget
            held_by[(table.service, line.area)] = table.report.portfolio
            read.append(line)
    shown = [year for year in years if any(year in by_year for by_year in lines.values())]
    year_before = dict(zip(years[1:], years, strict=False))  # the budget years of every report, so a gap shows
    change = len(shown) > 1
    columns = (Column("year", "Year", "text"), Column("budget_gbp", "Full year budget (£)", "pounds"))
    columns += (Column("change_gbp", "Change from the year before (£)", "pounds", "not compared"),) if change else ()
    rows, lineage = [], []
    for (service, area), by_year in lines.items():
        label = area if service_id else f"{area} ({service.name})"
        for year in (year for year in shown if year in by_year):
            before = year_before.get(year)
            difference = by_year[year] - by_year[before] if before in by_year else None
            rows.append(Row(label, (year, by_year[year], *((difference,) if change else ())), "gbp"))
    if not service_id:
        # Totals of each portfolio apart where there are several: a sum across portfolios would say nothing.
        groups = [(p.title, p.id) for p in site.portfolios.values()] if len(site.portfolios) > 1 else [("", None)]
        for title, portfolio in groups:
            theirs = {key: by_year for key, by_year in lines.items() if portfolio in (None, held_by[key])}
            rows += _total_rows(theirs, shown, year_before, change, f" of {title}" if portfolio else "")
        lineage = _lineage_rows(site, lines, year_before) if change else []
        rows += [row for row, _ in lineage]
    name = site.services[service_id].name if service_id else "All services"
    return TableData(
        budgets_by_service_anchor(service_id),
        f"{name}: full year budget by year",
        "Service area",
        columns,
        tuple(rows),
        "Portfolio Holder reports, “Financial information” of each section",
        (*_not_compared(lines, year_before, service_id is None), *(note for _, note in lineage)) if change else (),
        origin_files(*read),
        overall_span(year_span(year) for year in shown),
    )


def _total_rows(lines: dict, shown: list[str], year_before: dict[str, str], change: bool, of: str) -> list[Row]:
    """Each year's total of the lines (of a portfolio: of says which), then each year's like-for-like total
    and its change: only the service areas with a budget in both years."""
    rows = []
    for year in shown:
        if any(year in by_year for by_year in lines.values()):
            total = sum(by_year.get(year, 0) for by_year in lines.values())
            label = f"Total, every service area{of} (worked out)"
            rows.append(Row(label, (year, total, *((None,) if change else ())), "gbp", total=True))
    for after, before in year_before.items():
        both = [by_year for by_year in lines.values() if before in by_year and after in by_year]
        if not both:
            continue  # no service area to compare like with like
        like = {year: sum(by_year[year] for by_year in both) for year in (before, after)}
        label = f"Total, service areas{of} in both {before} and {after} (worked out)"
        rows.append(Row(label, (after, like[after], like[after] - like[before]), "gbp", total=True))
    return rows


def _lineage_rows(site: Site, lines: dict, year_before: dict[str, str]) -> list[tuple[Row, str]]:
    """For each change of services (one renamed, split into several or several merged into one, services.yaml's
    became), the new services' budget in their first year against the old ones' in the year before, as a
    whole, with a note that says so: their own lines, compared year by year, are never like for like."""
    groups: dict[tuple, list] = {}
    for service in site.services.values():
        if service.became:
            groups.setdefault((service.became, service.became_from), []).append(service)
    found = []
    for (became, since), old in groups.items():
        new = [site.services[service] for service in became]

        def totals(services) -> dict[str, int]:
            ids = {service.id for service in services}
            by_year: dict[str, int] = {}
            for (service, _), budgets in lines.items():
                for year, budget in budgets.items():
                    if service.id in ids:
                        by_year[year] = by_year.get(year, 0) + budget
            return by_year

        before, after = totals(old), totals(new)
        if not before or not after:
            continue
        first = min(after)
        last = year_before.get(first)
        if last not in before:
            continue  # no budget of the old services the year before: nothing to compare
        names, was = _and(service.name for service in new), _and(service.name for service in old)
        label = f"Total, {names} (was {was}) (worked out)"
        note = (
            f"{was} became {names} from the {since} report: the change from {last} to {first} compares "
            f"{names} as a whole with {was}."
        )
        found.append((Row(label, (first, after[first], after[first] - before[last]), "gbp", total=True), note))
    return found


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _not_compared(lines: dict, year_before: dict[str, str], with_service: bool) -> tuple[str, ...]:
    """Which service areas each year's change leaves out, and why (like for like only)."""

    def named(service, area):
        return f"{area} ({service.name})" if with_service else area

    said = []
    for after, before in year_before.items():
        only = {
            year: [named(*key) for key, by_year in lines.items() if year in by_year and other not in by_year]
            for year, other in ((before, after), (after, before))
        }
        missing = [f"{', '.join(areas)} (only in {year})" for year, areas in only.items() if areas]
        said += [f"Not compared from {before} to {after}: {'; '.join(missing)}."] if missing else []
    if not said:
        return ()
    return (
        "The change from the year before is worked out only for service areas with a budget in both years, "
        "so that it compares like with like. " + " ".join(said),
    )


def budget_year_table(site: Site, year: str) -> TableData:
    """Every budget line published for one year, with the year's total; on a site of several portfolios, each
    portfolio's lines with their own total (never one sum across portfolios)."""
    columns = (Column("service", "Service", "text"), *BUDGET_COLUMNS)
    tables = site.budget_tables_for_year(year)
    several = len(site.portfolios) > 1
    groups = (
        [(p.title, [t for t in tables if t.report.portfolio == p.id]) for p in site.portfolios.values()]
        if several
        else [(None, tables)]
    )
    rows: list[Row] = []
    for title, theirs in groups:
        lines = [
            Row(
                line.area,
                (table.service.name, line.budget, line.forecast, line.variance),
                "gbp",
                (line.note,) if line.note else (),
            )
            for table in theirs
            for line in table.lines
        ]
        if not lines:
            continue
        sums = tuple(sum(row.cells[column] for row in lines) for column in (1, 2, 3))
        label = f"Total, {title} (worked out)" if title else "Total (worked out)"
        rows += [*lines, Row(label, (None, *sums), "gbp", total=True)]
    reports = sorted({table.report.year for table in tables})
    whose = [site.portfolios[p].title for p in dict.fromkeys(table.report.portfolio for table in tables)]
    of = f" of {', '.join(whose[:-1])} and {whose[-1]}" if several and len(whose) > 1 else ""
    return TableData(
        budget_year_anchor(year),
        f"Budgets {year}: every service area",
        "Service area",
        columns,
        tuple(rows),
        "Portfolio Holder report " + ", ".join(map(str, reports)) + of + ", “Financial information”",
        sources=origin_files(
            *(line for table in tables for line in table.lines),
            *(table.service for table in tables),
            *(site.portfolios[table.report.portfolio] for table in tables if several),
        ),
        covers=year_span(year),
    )


# --- what changed ---------------------------------------------------------------------------------

CORRECTION_COLUMNS = (
    Column("period", "Period", "text"),
    Column("report", "Published in", "text"),
    Column("figure", "Figure", "text"),
    Column("change", "Change", "text"),
    Column("before", "Before", "text"),
    Column("after", "After", "text"),
)


def corrections_table(group: ChangeGroup, linked) -> TableData:
    """The figures corrected, added or removed on one date, each as the site printed it before and after;
    linked(doc) says whether a figure's page is on the site (a removed KPI's is not)."""
    rows = tuple(
        Row(
            change.figure.what,
            (
                change.figure.period,
                change.report_title,
                change.figure.field,
                change.kind,
                figure_or_nothing(change.change.before),
                figure_or_nothing(change.change.after),
            ),
            link=change.figure.link if change.figure.link and linked(change.figure.link) else None,
        )
        for change in group.figures
    )
    return TableData(
        corrections_table_anchor(group.day),
        f"Figures corrected on {long_date(group.day)}",
        "What it is",
        CORRECTION_COLUMNS,
        rows,
        "The site's data files (data/), before and after that date's changes",
    )
