"""The typed data model: what the reports published, with one identity per KPI and service."""
from __future__ import annotations

from dataclasses import dataclass, field

from .units import Bound, Missing, Words

Figure = float | int | Missing
Target = float | int | Missing | Bound | Words


@dataclass(frozen=True)
class Service:
    id: str
    name: str


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    kind: str  # year, quarter-to-date or latest
    year: str | None = None


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    service: str
    unit: str
    polarity: str  # higher-is-better, lower-is-better or neither


@dataclass(frozen=True)
class Result:
    """What one report published for one KPI and period."""

    report: int
    kpi: str
    period: str
    value: Figure | None = None
    target: Target | None = None
    performance: str | None = None
    direction: str | None = None
    direction_reason: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Column:
    heading: str
    period: str
    field: str  # value, target, performance or direction


@dataclass(frozen=True)
class KpiRow:
    kpi: Kpi
    title: str
    cells: tuple[Result, ...]  # the result behind each column, in column order


@dataclass(frozen=True)
class KpiTable:
    id: str
    report: int
    service: str
    section: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[KpiRow, ...]
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetLine:
    area: str
    budget: int
    forecast: int

    @property
    def variance(self) -> int:
        return self.forecast - self.budget


@dataclass(frozen=True)
class BudgetTable:
    id: str
    report: int
    service: str
    year: str
    section: str
    caption: str
    lines: tuple[BudgetLine, ...]
    has_total: bool  # the report printed a total row

    @property
    def total(self) -> BudgetLine:
        return BudgetLine("Total", sum(line.budget for line in self.lines),
                          sum(line.forecast for line in self.lines))


@dataclass(frozen=True)
class Report:
    id: int
    title: str
    portfolio: str
    published: str
    covers: str
    kpi_tables: dict[str, KpiTable] = field(default_factory=dict)
    budget_tables: dict[str, BudgetTable] = field(default_factory=dict)
    results: tuple[Result, ...] = ()


@dataclass(frozen=True)
class Site:
    services: dict[str, Service]
    periods: dict[str, Period]
    kpis: dict[str, Kpi]
    reports: dict[int, Report]

    def budget_tables_for_year(self, year: str) -> list[BudgetTable]:
        return [table for report in self.reports.values() for table in report.budget_tables.values()
                if table.year == year]
