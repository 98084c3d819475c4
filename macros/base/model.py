"""The typed data model: what the reports published, with one identity per KPI and service."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .units import Bound, Missing, Words, is_number

Figure = float | int | Missing
Target = float | int | Missing | Bound | Words


@dataclass(frozen=True)
class Origin:
    """Where a row was written, so a cross-check can point an editor at it."""

    file: str
    line: int | None
    field: str
    field_lines: tuple[tuple[str, int], ...] = ()  # the line of each field the row has

    def line_of(self, name: str) -> int | None:
        """The line of one of the row's fields, or of the row where that field is not written."""
        return dict(self.field_lines).get(name, self.line)


def origin_files(*items) -> tuple[str, ...]:
    """The data files items were read from (each item has an origin), e.g. ("data/kpis.yaml", ...)."""
    return tuple(sorted({item.origin.file for item in items if item is not None and item.origin is not None}))


class ReportKey(NamedTuple):
    """Which report: its year and its portfolio's id (data/reports/<portfolio>/<year>.yaml). Reports sort by
    year, then portfolio."""

    year: int
    portfolio: str

    def __str__(self) -> str:
        return f"{self.portfolio} {self.year}"


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    origin: Origin | None = field(default=None, compare=False, repr=False)
    became: tuple[str, ...] = ()  # the services that report its work instead, from the report of year became_from
    became_from: int | None = None
    about: str | None = None  # what its topic page covers, in a few words ("sickness absence and staff turnover")


@dataclass(frozen=True)
class Holding:
    """A service a portfolio held, in the reports of years first to last (None: without limit)."""

    service: str
    first: int | None = None
    last: int | None = None

    def in_year(self, year: int) -> bool:
        return (self.first is None or self.first <= year) and (self.last is None or year <= self.last)


@dataclass(frozen=True)
class Holder:
    """A councillor who held a portfolio, from a date (a year, a month or a day, as written)."""

    name: str
    since: str


@dataclass(frozen=True)
class Portfolio:
    """One member of the cabinet's area of responsibility, which reports once a year on its services."""

    id: str
    title: str
    holdings: tuple[Holding, ...]
    holders: tuple[Holder, ...] = ()  # () where the reports do not name them
    origin: Origin | None = field(default=None, compare=False, repr=False)

    def holds(self, service: str, year: int) -> bool:
        """Whether the portfolio held the service (by its id) in the report of that year."""
        return any(holding.service == service and holding.in_year(year) for holding in self.holdings)


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    kind: str  # year, quarter-to-date or latest
    year: str | None = None
    compared_with: str | None = None  # the id of the period direction of travel is measured against
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    service: Service
    unit: str
    polarity: str  # higher-is-better, lower-is-better or neither
    origin: Origin | None = field(default=None, compare=False, repr=False)
    name: str | None = None  # in everyday words, where kpis.yaml gives one

    @property
    def plain_name(self) -> str:
        """The KPI in everyday words, or its title as printed where kpis.yaml gives none."""
        return self.name or self.title


@dataclass(frozen=True)
class Result:
    """What one report published for one KPI and period."""

    report: ReportKey  # Site.reports[report]; a Report holds its results
    kpi: Kpi
    period: Period
    value: Figure | None = None
    target: Target | None = None
    performance: str | None = None
    direction: str | None = None
    direction_reason: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)
    comparable: bool = True  # False: what is measured changed before this figure (the note says how)


@dataclass(frozen=True)
class Column:
    heading: str
    period: Period
    field: str  # value, target, performance or direction


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    title: str
    cells: tuple[Result, ...]  # the result behind each column, in column order


@dataclass(frozen=True)
class KpiTable:
    id: str
    report: ReportKey
    service: Service
    section: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[KpiRow, ...]
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetLine:
    """A budget row; variance is derived, and what the report printed is kept to check it."""

    area: str
    budget: int
    forecast: int
    stated_variance: int | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def variance(self) -> int:
        return self.forecast - self.budget


@dataclass(frozen=True)
class BudgetTable:
    id: str
    report: ReportKey
    service: Service
    year: str
    section: str
    caption: str
    lines: tuple[BudgetLine, ...]
    stated_total: BudgetLine | None = None  # the total row as printed, if the report had one

    @property
    def has_total(self) -> bool:
        return self.stated_total is not None

    @property
    def total(self) -> BudgetLine:
        """The total worked out from the lines (what the site shows)."""
        note = self.stated_total.note if self.stated_total else None
        return BudgetLine(
            "Total", sum(line.budget for line in self.lines), sum(line.forecast for line in self.lines), note=note
        )


@dataclass(frozen=True)
class FactValue:
    """A figure stated in a report's text, for one period."""

    period: str  # as the report words it
    value: Figure
    report: ReportKey
    section: str  # page and heading, e.g. reports/central-services/2018/information-team.md#performance
    qualifier: str | None = None  # over, almost, ...
    scale: str | None = None  # thousands: £577k
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)
    comparable: bool = True  # False: what is measured changed before this figure (the note says how)


@dataclass(frozen=True)
class Fact:
    """A headline figure from the reports' prose, with one id across reports."""

    id: str
    title: str
    service: Service
    unit: str
    values: tuple[FactValue, ...]
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def latest(self) -> FactValue:
        return max(self.values, key=lambda value: value.report)


@dataclass(frozen=True)
class Report:
    id: ReportKey
    title: str
    portfolio: str
    published: str
    covers: str
    kpi_tables: dict[str, KpiTable] = field(default_factory=dict)
    budget_tables: dict[str, BudgetTable] = field(default_factory=dict)
    results: tuple[Result, ...] = ()
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Term:
    """An abbreviation or term the reports use, explained in plain English."""

    term: str
    meaning: str
    origin: Origin | None = field(default=None, compare=False, repr=False)
    search_words: tuple[str, ...] = ()  # everyday words residents search with for it, e.g. "off sick"


@dataclass(frozen=True)
class Site:
    services: dict[str, Service]
    periods: dict[str, Period]
    kpis: dict[str, Kpi]
    reports: dict[ReportKey, Report]
    facts: dict[str, Fact] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    portfolios: dict[str, Portfolio] = field(default_factory=dict)

    def reported_by(self, result: Result) -> Service:
        """The service whose table printed the result: the KPI's own service, unless the figure was reported
        before the KPI's service took over its work (a service renamed, split or merged)."""
        table = self.table_for(result)
        return table.service if table is not None else result.kpi.service

    def predecessors(self, service: str) -> list[Service]:
        """The services whose work this one (by its id) took over, in the order of services.yaml."""
        return [other for other in self.services.values() if service in other.became]

    def results(self) -> list[Result]:
        return list(self._results)

    def results_for(self, kpi: str) -> list[Result]:
        """One KPI's results (by its id), in report order."""
        return list(self._results_by_kpi.get(kpi, ()))

    def timeline(self, kpi: str) -> list[Result]:
        """One KPI's results (by its id), oldest period first (periods.yaml gives the order), then by report."""
        return list(self._timelines.get(kpi, ()))

    def latest_with_value(self, kpi: str) -> Result | None:
        """The last result of a KPI's timeline that has a figure (not n/a, or a figure still to fill in)."""
        return next((result for result in reversed(self._timelines.get(kpi, ())) if is_number(result.value)), None)

    def budget_tables_for_year(self, year: str) -> list[BudgetTable]:
        return list(self._budget_tables_by_year.get(year, ()))

    def published(self) -> tuple:
        """When each report was published, in report order."""
        return self._published

    def table_for(self, result: Result) -> KpiTable | None:
        """The KPI table of its report that prints the result (None: the data holds a figure no table prints)."""
        return self._table_by_result.get(id(result))

    def budget_table(self, year: str, table_id: str) -> BudgetTable | None:
        """The budget table with this id for a year (a service's budget for a year is published once)."""
        return self._budget_table_by_year_and_id.get((year, table_id))

    def budget_tables_for_service(self, service: str) -> list[BudgetTable]:
        """A service's budget tables (by its id), in report order."""
        return list(self._budget_tables_by_service.get(service, ()))

    def tables_for_section(self, report: ReportKey, service: str) -> tuple[list[KpiTable], list[BudgetTable]]:
        """The KPI tables and budget tables of one report's section on a service (by their ids)."""
        found = self.reports[report]
        return (
            [table for table in found.kpi_tables.values() if table.service.id == service],
            [table for table in found.budget_tables.values() if table.service.id == service],
        )

    def facts_for_service(self, service: str) -> list[Fact]:
        """A service's headline facts (by its id), in the order of facts.yaml."""
        return list(self._facts_by_service.get(service, ()))

    def facts_stated_in(self, report: ReportKey, doc: str) -> list[tuple[Fact, FactValue]]:
        """Each figure a report's page states (doc: its file in docs/, e.g.
        reports/central-services/2018/hr-od.md), with its fact."""
        return list(self._facts_by_section.get((report, doc), ()))

    # Indexes, built on first use. Pages ask for one KPI's results or one year's budgets
    # thousands of times; searching every report each time made the build time grow with
    # pages x results.

    @cached_property
    def _published(self) -> tuple:
        return tuple(report.published for report in self.reports.values())

    @cached_property
    def _results(self) -> tuple[Result, ...]:
        return tuple(result for report in self.reports.values() for result in report.results)

    @cached_property
    def _results_by_kpi(self) -> dict[str, tuple[Result, ...]]:
        by_kpi: dict[str, list[Result]] = {}
        for result in self._results:
            by_kpi.setdefault(result.kpi.id, []).append(result)
        return {kpi: tuple(results) for kpi, results in by_kpi.items()}

    @cached_property
    def _timelines(self) -> dict[str, tuple[Result, ...]]:
        order = {period: index for index, period in enumerate(self.periods)}
        return {
            kpi: tuple(sorted(results, key=lambda result: (order[result.period.id], result.report)))
            for kpi, results in self._results_by_kpi.items()
        }

    @cached_property
    def _table_by_result(self) -> dict[int, KpiTable]:
        printed: dict[int, KpiTable] = {}
        for report in self.reports.values():
            for table in report.kpi_tables.values():
                for row in table.rows:
                    for result in row.cells:
                        printed.setdefault(id(result), table)
        return printed

    @cached_property
    def _budget_tables_by_year(self) -> dict[str, tuple[BudgetTable, ...]]:
        by_year: dict[str, list[BudgetTable]] = {}
        for report in self.reports.values():
            for table in report.budget_tables.values():
                by_year.setdefault(table.year, []).append(table)
        return {year: tuple(tables) for year, tables in by_year.items()}

    @cached_property
    def _budget_table_by_year_and_id(self) -> dict[tuple[str, str], BudgetTable]:
        return {(table.year, table.id): table for tables in self._budget_tables_by_year.values() for table in tables}

    @cached_property
    def _budget_tables_by_service(self) -> dict[str, tuple[BudgetTable, ...]]:
        by_service: dict[str, list[BudgetTable]] = {}
        for report in self.reports.values():
            for table in report.budget_tables.values():
                by_service.setdefault(table.service.id, []).append(table)
        return {service: tuple(tables) for service, tables in by_service.items()}

    @cached_property
    def _facts_by_service(self) -> dict[str, tuple[Fact, ...]]:
        by_service: dict[str, list[Fact]] = {}
        for fact in self.facts.values():
            by_service.setdefault(fact.service.id, []).append(fact)
        return {service: tuple(facts) for service, facts in by_service.items()}

    @cached_property
    def _facts_by_section(self) -> dict[tuple[ReportKey, str], tuple[tuple[Fact, FactValue], ...]]:
        by_section: dict[tuple[ReportKey, str], list[tuple[Fact, FactValue]]] = {}
        for fact in self.facts.values():
            for value in fact.values:
                by_section.setdefault((value.report, value.section.split("#")[0]), []).append((fact, value))
        return {section: tuple(values) for section, values in by_section.items()}
