"""The macros editors write in pages. Each checks what it names, then hands over to the
module that renders it; a name the data does not have stops the build with the choices."""

from __future__ import annotations

import re

from markupsafe import Markup

from ..base.errors import UsageError
from ..workings.tabular import printed_budget_table, printed_kpi_table
from . import cards, pages
from .context import PageContext

__all__ = ["UsageError", "MACROS"]


def kpi_table(page: PageContext, table_id: str, report: int) -> Markup:
    """kpi_table("hr-od", report=2018): a KPI table as that report printed it (the page's portfolio's report of
    that year, or the one of that year with such a table)."""
    found = _report(page, report, table_id)
    if table_id not in found.kpi_tables:
        raise UsageError(
            f'kpi_table("{table_id}", report={report}): report {report} has no KPI table '
            f'"{table_id}"; its KPI tables are: {", ".join(found.kpi_tables) or "none"}'
        )
    table = found.kpi_tables[table_id]
    data = printed_kpi_table(table, found)
    return page.show(data)


def budget_table(page: PageContext, table_id: str, year: str) -> Markup:
    """budget_table("legal-services", year="2018/19"): a service's budget table for a year."""
    site = page.site
    table = site.budget_table(year, table_id)
    if table is None:
        tables = [table.id for table in site.budget_tables_for_year(year)]
        years = sorted({table.year for report in site.reports.values() for table in report.budget_tables.values()})
        raise UsageError(
            f'budget_table("{table_id}", year="{year}"): there is no budget table "{table_id}" for '
            f"{year}; the tables for {year} are: {', '.join(tables) or 'none'} "
            f"(years with budgets: {', '.join(years)})"
        )
    data = printed_budget_table(table, site.reports[table.report])
    return page.show(data)


def key_figures(page: PageContext, *figure_ids: str) -> Markup:
    """key_figures("myaccount-registrations", "foi-on-time"): cards with each figure's latest value."""
    if not figure_ids:
        raise UsageError("key_figures needs at least one KPI or fact id")
    return cards.key_figures_html(page, figure_ids)


def performance_summary(page: PageContext) -> Markup:
    """performance_summary(): for the latest year, and in-year, which KPIs met their target and improved."""
    return cards.performance_summary_html(page)


def kpi_page(page: PageContext, kpi_id: str) -> str:
    """kpi_page("sickness-absence"): a KPI's page (the site makes one for every KPI)."""
    if kpi_id not in page.site.kpis:
        raise UsageError(f'kpi_page("{kpi_id}"): there is no KPI "{kpi_id}"; the KPIs are: {", ".join(page.site.kpis)}')
    return pages.kpi_page(page, kpi_id)


def topic_page(page: PageContext, service_id: str) -> str:
    """topic_page("hr-od"): a service's key facts, KPIs, budget and report sections."""
    if service_id not in page.site.services:
        raise UsageError(
            f'topic_page("{service_id}"): there is no service "{service_id}"; the services are: '
            f"{', '.join(page.site.services)}"
        )
    return pages.topic_page(page, service_id)


def report_list(page: PageContext) -> str:
    """report_list(): every report, newest first, with what it covers (by portfolio, where there are several)."""
    return pages.report_list(page)


def portfolio_page(page: PageContext, portfolio_id: str) -> str:
    """portfolio_page("central-services"): a portfolio's holders, services and reports."""
    portfolio_title(page, portfolio_id)  # the same check
    return pages.portfolio_page(page, page.site.portfolios[portfolio_id])


def topic_list(page: PageContext, brief: bool = False) -> str:
    """topic_list(): every service's topic page with what it covers, by portfolio where there are several;
    topic_list(brief=True) puts the services that do not say what they cover on one line (the home page)."""
    if not isinstance(brief, bool):
        raise UsageError(f"topic_list(brief={brief!r}): brief is True or False")
    return pages.topic_list(page, brief)


def council_portfolios(page: PageContext) -> str:
    """council_portfolios(): "Central Services portfolio is", or "A and B portfolios are": every portfolio's
    title, for a sentence about the whole council ("How Thurrock Council's {{ council_portfolios() }} doing")."""
    return pages.council_portfolios(page)


def portfolio_links(page: PageContext) -> str:
    """portfolio_links(): every portfolio's title, each linked to its page ("[A](…) and [B](…)")."""
    return pages.portfolio_links(page)


def portfolio_title(page: PageContext, portfolio_id: str) -> str:
    """portfolio_title("central-services"): the portfolio's title, as portfolios.yaml writes it."""
    if portfolio_id not in page.site.portfolios:
        raise UsageError(
            f'portfolio_title("{portfolio_id}"): there is no portfolio "{portfolio_id}"; the portfolios are: '
            f"{', '.join(page.site.portfolios)}"
        )
    return pages.portfolio_title(page, page.site.portfolios[portfolio_id])


def portfolio_holders(page: PageContext, portfolio_id: str) -> str:
    """portfolio_holders("central-services"): who held the portfolio, from when, or that the reports do not
    name them."""
    portfolio_title(page, portfolio_id)  # the same check
    return pages.portfolio_holders(page, page.site.portfolios[portfolio_id])


def in_this_section(page: PageContext) -> str:
    """in_this_section(): on a report section page, its key figures and links to its tables and KPI pages."""
    found = _SECTION_PAGE.fullmatch(page.src)
    if not found or found[3] == "index":
        raise UsageError(
            "in_this_section() belongs on a report section's page, docs/reports/<portfolio>/<year>/<service>.md, "
            f"not docs/{page.src}"
        )
    report = _report(page, int(found[2]))
    if found[3] not in page.site.services:
        raise UsageError(
            f"in_this_section(): docs/{page.src} is named after no service; name the page after one of: "
            f"{', '.join(page.site.services)}"
        )
    return pages.in_this_section(page, report, page.site.services[found[3]])


_SECTION_PAGE = re.compile(r"reports/([a-z0-9-]+)/([0-9]{4})/([a-z0-9-]+)\.md")


def glossary(page: PageContext) -> str:
    """glossary(): every abbreviation and term in data/glossary.yaml, with its meaning."""
    return pages.glossary(page)


def budgets_overview(page: PageContext) -> str:
    """budgets_overview(): every service's budget by year, with totals and change."""
    return pages.budgets_overview(page)


def kpi_index(page: PageContext) -> str:
    """kpi_index(): every KPI with its latest figure, by service."""
    return pages.kpi_index(page)


def data_catalogue(page: PageContext) -> str:
    """data_catalogue(): the datasets, with downloads, columns, licence and dates."""
    return pages.data_catalogue(page)


def changes(page: PageContext) -> str:
    """changes(): each new report and every corrected figure, newest first, and the feed to follow them."""
    return pages.whats_changed(page)


def _report(page: PageContext, year: int, table_id: str | None = None):
    """The report of that year: on a page of a portfolio's report, that portfolio's; elsewhere the one report of
    the year (with such a KPI table, where one is named)."""
    of_year = [report for key, report in page.site.reports.items() if key.year == year]
    on_page = _SECTION_PAGE.fullmatch(page.src) or re.fullmatch(r"reports/([a-z0-9-]+)/[0-9]{4}/index\.md", page.src)
    found = [report for report in of_year if not on_page or report.portfolio == on_page[1]]
    if len(found) > 1 and table_id is not None:
        found = [report for report in found if table_id in report.kpi_tables] or found
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(
            f"there is no report {year!r}{' of this portfolio' if on_page and of_year else ''}; the reports are: "
            f"{', '.join(str(key) for key in page.site.reports)} (write the year as a number, e.g. report=2018)"
        )
    raise UsageError(
        f"report={year} names the reports of {year} of more than one portfolio "
        f"({', '.join(report.portfolio for report in found)}); use it on a page of one portfolio's report"
    )


MACROS = (
    kpi_table,
    budget_table,
    key_figures,
    performance_summary,
    kpi_page,
    topic_page,
    report_list,
    topic_list,
    council_portfolios,
    portfolio_links,
    portfolio_title,
    portfolio_holders,
    portfolio_page,
    glossary,
    in_this_section,
    budgets_overview,
    kpi_index,
    data_catalogue,
    changes,
)
