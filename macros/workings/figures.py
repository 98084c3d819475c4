"""Every figure of a Site keyed by what it is (its KPI, period, report, field ...) and printed as the site
prints it, and two sets of figures compared: what the pull-request summary (figure_changes) and the
What's changed page and feed (changes) are made from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..base.model import Site
from ..base.units import format_figure, format_pounds, format_stated, format_target

# What identifies one figure (its KPI, period, report, field ...) -> the figure as the site prints it.
Figures = dict[tuple, str]

RESULT_FIELDS = ("value", "target", "performance", "direction", "direction_reason", "note")
NOTHING = "(none)"  # before a figure was added, after it was removed; "n/a" is a published value


# --- the figures of one site ------------------------------------------------------------


def kpi_result_figures(site: Site) -> Figures:
    """Every field of every KPI result, keyed by (KPI, period, report, field)."""
    return {
        (result.kpi.id, result.period.id, result.report, field.replace("_", " ")): text
        for result in site.results()
        for field in RESULT_FIELDS
        if (text := result_field_text(result.kpi.unit, field, getattr(result, field))) is not None
    }


def result_field_text(unit: str, field: str, value) -> str | None:
    if value is None:
        return None
    if field == "value":
        return format_figure(unit, value)
    if field == "target":
        return format_target(unit, value)
    return str(value)


def kpi_figures(site: Site) -> Figures:
    """Each KPI's unit, keyed by (KPI, field) (its title is wording, below)."""
    return {(kpi.id, "unit"): kpi.unit for kpi in site.kpis.values()}


def budget_figures(site: Site) -> Figures:
    """Each budget line's budget and forecast, keyed by (service, area, year, report, field)."""
    figures: Figures = {}
    for report in site.reports.values():
        for table in report.budget_tables.values():
            for line in table.lines:
                key = unused_key(figures, (table.service.id, line.area, table.year, report.id))
                figures[(*key, "budget")] = format_pounds(line.budget)
                figures[(*key, "forecast")] = format_pounds(line.forecast)
    return figures


def unused_key(figures: Figures, key: tuple) -> tuple:
    """Number a second line with the same area, so neither line hides the other."""
    service, area, *rest = key
    number = 1
    while (*key, "budget") in figures:
        number += 1
        key = (service, f"{area} ({number})", *rest)
    return key


def fact_figures(site: Site) -> Figures:
    """Each headline fact's value as the report words it, keyed by (fact, period, report)."""
    return {
        (fact.id, value.period, value.report): format_stated(fact.unit, value.value, value.qualifier, value.scale)
        for fact in site.facts.values()
        for value in fact.values
    }


def wording(site: Site) -> Figures:
    """The words printed with the figures, keyed by (where, what): each table's caption, column headings and row
    titles as each report prints them (a KPI's new wording in kpis.yaml changes every table without a row
    title of its own), report titles, KPI titles, service names, period labels and fact titles."""
    words: Figures = {}
    for report in site.reports.values():
        words.update({(f"report {report.id}", "title"): report.title, (f"report {report.id}", "covers"): report.covers})
        for table in report.kpi_tables.values():
            where = f"report {report.id}, KPI table {table.id}"
            words[(where, "caption")] = table.caption
            words.update({(where, f"column {n}"): column.heading for n, column in enumerate(table.columns, 1)})
            words.update({(where, f"row {row.kpi.id}"): row.title for row in table.rows})
        for table in report.budget_tables.values():
            words[(f"report {report.id}, budget table {table.id}", "caption")] = table.caption
    words.update({(f"KPI {kpi.id}", "title"): kpi.title for kpi in site.kpis.values()})
    words.update({(f"service {service.id}", "name"): service.name for service in site.services.values()})
    words.update({(f"period {period.id}", "label"): period.label for period in site.periods.values()})
    words.update({(f"fact {fact.id}", "title"): fact.title for fact in site.facts.values()})
    return words


# --- comparing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    headings: tuple[str, ...]  # one per part of a figure's key
    names: tuple[str | None, ...]  # per part of the key, the kind of id it holds ("kpi", ...), shown by name
    figures: Callable[[Site], Figures]
    unit: str = ""  # said once in the before and after headings
    words: bool = False  # words printed with the figures, counted apart from them


SECTIONS = (
    Section("KPI results", ("KPI", "period", "report", "field"), ("kpi", None, None, None), kpi_result_figures),
    Section("KPI units", ("KPI", "field"), ("kpi", None), kpi_figures),
    Section(
        "Budgets",
        ("service", "area", "year", "report", "field"),
        ("service", None, None, None, None),
        budget_figures,
        unit=" (£)",
    ),
    Section("Headline facts", ("fact", "period", "report"), ("fact", None, None), fact_figures),
    Section("Wording printed with the figures", ("where", "what"), (None, None), wording, words=True),
)


@dataclass(frozen=True)
class Change:
    key: tuple
    before: str | None
    after: str | None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


def compare(before: Figures, after: Figures) -> list[Change]:
    """Every figure that differs, in the new data's order, then those removed."""
    keys = dict.fromkeys([*after, *before])
    return [Change(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


def shown(figure: str | None) -> str:
    return NOTHING if figure is None else figure
