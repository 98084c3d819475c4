"""The macros editors write in pages: look up what they name and render it."""
from __future__ import annotations

from markupsafe import Markup

from .model import Site
from .tables import budget_table_html, kpi_table_html


class UsageError(ValueError):
    """A macro call that names something the data does not have."""


def kpi_table(site: Site, table_id: str, report: int) -> Markup:
    """{{ kpi_table("hr-od", report=2018) }}: a KPI table as that report printed it."""
    found = _report(site, report)
    if table_id not in found.kpi_tables:
        raise UsageError(f'kpi_table("{table_id}", report={report}): report {report} has no KPI table '
                         f'"{table_id}"; its KPI tables are: {", ".join(found.kpi_tables) or "none"}')
    table = found.kpi_tables[table_id]
    return kpi_table_html(table, found, site.services[table.service])


def budget_table(site: Site, table_id: str, year: str) -> Markup:
    """{{ budget_table("legal-services", year="2018/19") }}: a service's budget table for a year."""
    tables = {table.id: table for table in site.budget_tables_for_year(year)}
    if table_id not in tables:
        years = sorted({table.year for report in site.reports.values() for table in report.budget_tables.values()})
        raise UsageError(f'budget_table("{table_id}", year="{year}"): there is no budget table "{table_id}" for '
                         f'{year}; the tables for {year} are: {", ".join(tables) or "none"} '
                         f'(years with budgets: {", ".join(years)})')
    table = tables[table_id]
    return budget_table_html(table, site.reports[table.report], site.services[table.service])


def _report(site: Site, report: int) -> object:
    if report not in site.reports:
        raise UsageError(f"there is no report {report!r}; the reports are: "
                         f"{', '.join(str(r) for r in site.reports)} (write the year as a number, e.g. report=2018)")
    return site.reports[report]
