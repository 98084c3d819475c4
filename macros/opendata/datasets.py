"""The whole datasets: long and tidy, one row per thing, each column of one type and described.

One row per KPI result, budget line and headline fact, and the KPIs, periods and services they
name (which the rows point at by id, as Table Schema foreign keys). Durations are seconds, with
the figure as printed in a display column; totals are never rows (they are worked out from the
rows). The fields here are what `metadata` writes as Table Schema and CSV on the Web.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.model import Site, origin_files
from ..base.units import DATA_UNITS, Bound, Missing, Words, format_figure, format_stated, format_target
from ..workings.trends import (
    STATED_IN_TABLE,
    STATED_IN_TEXT,
    WORKED_OUT,
    Span,
    overall_span,
    period_span,
    status,
    timeline,
    within_span,
    year_span,
)
from ..workings.urls import PUBLISHED, Urls


@dataclass(frozen=True)
class Field:
    """A column: its name, Table Schema type (string, integer, number, date or boolean) and meaning."""

    name: str
    type: str
    description: str
    unit: str | None = None  # the unit of every value in it, where there is one (e.g. GBP)
    enum: tuple[str, ...] | None = None  # the only values it may hold
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str  # another dataset's id
    reference: str  # the field it names there


@dataclass(frozen=True)
class Dataset:
    """A whole dataset, described once for every place that describes it: the open data page, the Data
    Package, CSV on the Web, the DCAT catalogue and schema.org.

    Its title names what the data is, in at most 65 characters and without the council's name (the
    council is its publisher), and its summary is one sentence of under 140 characters, which
    data.gov.uk shows beside the title in search results; its description is the summary and then more."""

    id: str
    title: str
    summary: str
    more: str  # the rest of the description
    fields: tuple[Field, ...]
    records: tuple[dict, ...]
    data_files: tuple[str, ...]  # the files in data/ it is made from
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    keywords: tuple[str, ...] = ()
    covers: Span | None = None  # the days its figures lie within

    @property
    def description(self) -> str:
        return f"{self.summary} {self.more}"


def _value(value):
    """A figure as a number; None for n/a (and for "[to fill in]" while previewing)."""
    return None if value is None or isinstance(value, Missing) else value


def _display(unit: str, value) -> str | None:
    """The figure as printed: n/a where the report printed n/a."""
    return None if value is None else format_figure(unit, value)


def _target_parts(unit: str, target) -> dict:
    """A target as a number, the bound it sets (<, <=, >, >=) and any words, and as printed."""
    number = target.value if isinstance(target, Bound) else None if isinstance(target, Words) else _value(target)
    return {
        "target": number,
        "target_bound": target.operator if isinstance(target, Bound) else None,
        "target_words": target.text if isinstance(target, Words) else None,
        "target_display": None if target is None else format_target(unit, target),
    }


def _span(span) -> dict:
    return {"start": span[0] if span else None, "end": span[1] if span else None}


UNIT_FIELD = Field(
    "unit",
    "string",
    "The unit of the figures: count, percent, GBP (pounds), days or seconds (a duration)",
    enum=tuple(DATA_UNITS.values()),
    required=True,
)
REPORT_FIELD = Field("report", "integer", "The Portfolio Holder report (its year) that published it", required=True)
PORTFOLIO_FIELD = Field(
    "portfolio", "string", "The portfolio whose report published it: its id (portfolios.csv)", required=True
)
SERVICE_FIELD = Field("service", "string", "The service's id (services.csv)", required=True)
NOTE_FIELD = Field("note", "string", "A note on the figure, as the report or the site gives it")
KEYWORDS = ("Thurrock Council", "Portfolio Holder report", "local government", "performance")


# --- the datasets the others point at -----------------------------------------------------------


def portfolios_dataset(site: Site) -> Dataset:
    records = tuple({"id": portfolio.id, "title": portfolio.title} for portfolio in site.portfolios.values())
    fields = (
        Field("id", "string", "The portfolio's id, which the other datasets use", required=True),
        Field("title", "string", "The portfolio's title as the council writes it", required=True),
    )
    return Dataset(
        "portfolios",
        "Portfolios",
        "The council's portfolios whose Portfolio Holder reports this site publishes.",
        "Each has the id the other datasets name it by; each report, and so each figure, belongs to one.",
        fields,
        records,
        origin_files(*site.portfolios.values()),
        ("id",),
        keywords=KEYWORDS,
    )


def services_dataset(site: Site, urls: Urls = PUBLISHED) -> Dataset:
    records = tuple(
        {"id": service.id, "name": service.name, "page": urls.topic(service.id)} for service in site.services.values()
    )
    fields = (
        Field("id", "string", "The service's id, which the other datasets use", required=True),
        Field("name", "string", "The service's name as the reports print it", required=True),
        Field(
            "page",
            "string",
            "The service's page: its address on the published site, or from the site's root",
            required=True,
        ),
    )
    return Dataset(
        "services",
        "Service areas",
        "The service areas of the council's portfolios that the Portfolio Holder reports cover.",
        "Each has the id the other datasets name it by and its page on this site.",
        fields,
        records,
        origin_files(*site.services.values()),
        ("id",),
        keywords=KEYWORDS,
    )


def kpis_dataset(site: Site, urls: Urls = PUBLISHED) -> Dataset:
    records = tuple(
        {
            "id": kpi.id,
            "title": kpi.title,
            "name": kpi.plain_name,
            "service": kpi.service.id,
            "unit": DATA_UNITS[kpi.unit],
            "polarity": kpi.polarity,
            "page": urls.kpi(kpi.id),
        }
        for kpi in site.kpis.values()
    )
    fields = (
        Field("id", "string", "The KPI's id, the same in every report", required=True),
        Field("title", "string", "The KPI's title as printed", required=True),
        Field(
            "name",
            "string",
            "The KPI in everyday words, as the site names it (the title where it has none)",
            required=True,
        ),
        SERVICE_FIELD,
        UNIT_FIELD,
        Field(
            "polarity",
            "string",
            "Whether a higher or a lower figure is better",
            enum=("higher-is-better", "lower-is-better", "neither"),
            required=True,
        ),
        Field(
            "page",
            "string",
            "The KPI's page: its address on the published site, or from the site's root",
            required=True,
        ),
    )
    return Dataset(
        "kpis",
        "Key performance indicators",
        "Every key performance indicator (KPI) the Portfolio Holder reports publish.",
        "Each has its service, its unit and whether a higher or a lower figure is better.",
        fields,
        records,
        origin_files(*site.kpis.values()),
        ("id",),
        (ForeignKey("service", "services", "id"),),
        KEYWORDS,
    )


def periods_dataset(site: Site) -> Dataset:
    records = tuple(
        {
            "id": period.id,
            "label": period.label,
            "kind": period.kind,
            "financial_year": period.id if period.kind == "year" else period.year,
            **_span(period_span(period)),
        }
        for period in site.periods.values()
    )
    fields = (
        Field("id", "string", "The period's id, as the council writes it", required=True),
        Field("label", "string", "The period in words", required=True),
        Field(
            "kind",
            "string",
            "year (a whole financial year), quarter-to-date (April to the end of a quarter) or latest "
            "(the latest data when the report was written)",
            enum=("year", "quarter-to-date", "latest"),
            required=True,
        ),
        Field("financial_year", "string", "The financial year it is in, April to March, e.g. 2018/19"),
        Field("start", "date", "The first day it covers; empty for the latest data, which the reports do not date"),
        Field("end", "date", "The last day it covers; empty for the latest data, which the reports do not date"),
    )
    return Dataset(
        "periods",
        "Reporting periods",
        "The periods the Portfolio Holder reports give figures for: financial years, quarters and the latest data.",
        "A quarter is the year to date, from April to the quarter's end. Each has the days it covers, except the "
        "latest data, which the reports do not date.",
        fields,
        records,
        origin_files(*site.periods.values()),
        ("id",),
        keywords=KEYWORDS,
        covers=overall_span(within_span(period) for period in site.periods.values()),
    )


# --- the figures -----------------------------------------------------------------------------------


def _status_parts(site: Site, result) -> dict:
    found = status(site, result)
    return {"target_met": found.met if found else None, "target_met_source": found.source if found else None}


def kpi_results_dataset(site: Site) -> Dataset:
    records = []
    for kpi in site.kpis.values():
        for result in timeline(site, kpi.id):
            value = _value(result.value)
            records.append(
                {
                    "portfolio": result.report.portfolio,
                    "report": result.report.year,
                    "kpi": kpi.id,
                    "kpi_title": kpi.title,
                    "service": kpi.service.id,
                    "period": result.period.id,
                    "period_label": result.period.label,
                    **{f"period_{key}": day for key, day in _span(period_span(result.period)).items()},
                    "unit": DATA_UNITS[kpi.unit],
                    "value": value,
                    "value_display": _display(kpi.unit, result.value),
                    **_target_parts(kpi.unit, result.target),
                    "performance": result.performance,
                    **_status_parts(site, result),
                    "direction": result.direction,
                    "direction_reason": result.direction_reason,
                    "comparable": result.comparable,
                    "note": result.note,
                }
            )
    fields = (
        PORTFOLIO_FIELD,
        REPORT_FIELD,
        Field("kpi", "string", "The KPI's id (kpis.csv)", required=True),
        Field("kpi_title", "string", "The KPI's title as printed", required=True),
        SERVICE_FIELD,
        Field("period", "string", "The period's id (periods.csv)", required=True),
        Field("period_label", "string", "The period in words", required=True),
        Field("period_start", "date", "The first day the figure covers; empty for the latest data"),
        Field("period_end", "date", "The last day the figure covers; empty for the latest data"),
        UNIT_FIELD,
        Field("value", "number", "The figure, in the unit (durations in seconds); empty where the report printed n/a"),
        Field("value_display", "string", "The figure as the report prints it, e.g. 6:53 for 413 seconds, or n/a"),
        Field("target", "number", "The target's figure, in the unit; empty where it is n/a or in words"),
        Field(
            "target_bound",
            "string",
            "Where the target is a bound: the figure must be < (below), <= (at most), > (above) or >= (at least) "
            "the target",
            enum=("<", "<=", ">", ">="),
        ),
        Field("target_words", "string", "A target given in words, such as Reduction"),
        Field("target_display", "string", "The target as the report prints it, e.g. <10:00"),
        Field("performance", "string", "Achieved, Failed or n/a, as the report states it"),
        Field(
            "target_met",
            "boolean",
            "Whether the figure met its target, as the site says wherever it sums the figure up; empty where "
            "neither the report nor the figures can say",
        ),
        Field(
            "target_met_source",
            "string",
            "Who says so: the report's table, the report's text, or worked out by the site from the figure and "
            "the target",
            enum=(STATED_IN_TABLE, STATED_IN_TEXT, WORKED_OUT),
        ),
        Field("direction", "string", "Direction of travel, as the report states it"),
        Field("direction_reason", "string", "Words the report prints after the direction"),
        Field(
            "comparable",
            "boolean",
            "false where what is measured changed before this figure, so it is not compared with earlier ones",
            required=True,
        ),
        NOTE_FIELD,
    )
    return Dataset(
        "kpi-results",
        "KPI results",
        "Every key performance indicator (KPI) result in the Portfolio Holder reports, one row per KPI, period and "
        "report.",
        "Each has its target and the council's stated performance and direction of travel.",
        fields,
        tuple(records),
        origin_files(*site.kpis.values(), *site.results(), *(result.period for result in site.results())),
        ("portfolio", "report", "kpi", "period"),
        (
            ForeignKey("portfolio", "portfolios", "id"),
            ForeignKey("kpi", "kpis", "id"),
            ForeignKey("period", "periods", "id"),
            ForeignKey("service", "services", "id"),
        ),
        KEYWORDS + ("key performance indicators",),
        overall_span(within_span(result.period) for result in site.results()),
    )


def budgets_dataset(site: Site) -> Dataset:
    lines = [
        (report, table, number, line)
        for report in site.reports.values()
        for table in report.budget_tables.values()
        for number, line in enumerate(table.lines, 1)
    ]
    records = tuple(
        {
            "portfolio": report.portfolio,
            "report": report.id.year,
            "table": table.id,
            "line": number,
            "year": table.year,
            **{f"year_{key}": day for key, day in _span(year_span(table.year)).items()},
            "service": table.service.id,
            "service_name": table.service.name,
            "service_area": line.area,
            "budget_gbp": line.budget,
            "forecast_gbp": line.forecast,
            "variance_gbp": line.variance,
            "note": line.note,
        }
        for report, table, number, line in lines
    )
    fields = (
        PORTFOLIO_FIELD,
        REPORT_FIELD,
        Field("table", "string", "The budget table's id in its report", required=True),
        Field("line", "integer", "The line's place in its table, from 1", required=True),
        Field("year", "string", "The financial year, April to March", required=True),
        Field("year_start", "date", "The first day of the financial year", required=True),
        Field("year_end", "date", "The last day of the financial year", required=True),
        SERVICE_FIELD,
        Field("service_name", "string", "The service's name", required=True),
        Field("service_area", "string", "The budget line as printed", required=True),
        Field("budget_gbp", "integer", "Full year budget, in pounds", unit="GBP", required=True),
        Field("forecast_gbp", "integer", "Full year forecast, in pounds", unit="GBP", required=True),
        Field("variance_gbp", "integer", "Forecast minus budget, in pounds", unit="GBP", required=True),
        NOTE_FIELD,
    )
    return Dataset(
        "budgets",
        "Budgets",
        "Each service area's full year budget, forecast and variance in the Portfolio Holder reports.",
        "One row per budget line; totals are not rows (add the lines up).",
        fields,
        records,
        origin_files(*(line for *_, line in lines), *(table.service for _, table, *_ in lines)),
        ("portfolio", "report", "table", "line"),
        (ForeignKey("portfolio", "portfolios", "id"), ForeignKey("service", "services", "id")),
        KEYWORDS + ("budgets", "finance"),
        overall_span(year_span(table.year) for _, table, *_ in lines),
    )


def facts_dataset(site: Site, urls: Urls = PUBLISHED) -> Dataset:
    records = tuple(
        {
            "fact": fact.id,
            "title": fact.title,
            "service": fact.service.id,
            "unit": DATA_UNITS[fact.unit],
            "period": value.period,
            "value": _value(value.value),
            "value_display": format_stated(fact.unit, value.value, value.qualifier, value.scale),
            "qualifier": value.qualifier,
            "portfolio": value.report.portfolio,
            "report": value.report.year,
            "section": urls.page(value.section),
            "comparable": value.comparable,
            "note": value.note,
        }
        for fact in site.facts.values()
        for value in fact.values
    )
    fields = (
        Field("fact", "string", "The fact's id, the same in every report", required=True),
        Field("title", "string", "What the figure counts", required=True),
        SERVICE_FIELD,
        UNIT_FIELD,
        Field("period", "string", "The period, as the report words it", required=True),
        Field("value", "number", "The figure, in the unit (durations in seconds)"),
        Field("value_display", "string", "The figure as the report words it, e.g. over 1,200"),
        Field("qualifier", "string", "A word before the figure, such as over or almost"),
        PORTFOLIO_FIELD,
        REPORT_FIELD,
        Field("section", "string", "The page and heading on this site that state it", required=True),
        Field("comparable", "boolean", "false where what is measured changed before this figure", required=True),
        NOTE_FIELD,
    )
    return Dataset(
        "facts",
        "Headline facts",
        "Figures stated in the text of the Portfolio Holder reports, one row per fact and report.",
        "They count such things as Freedom of Information requests, complaints and member enquiries.",
        fields,
        records,
        origin_files(*site.facts.values()),
        ("fact", "portfolio", "report", "period"),
        (ForeignKey("portfolio", "portfolios", "id"), ForeignKey("service", "services", "id")),
        KEYWORDS + ("Freedom of Information", "complaints"),
        overall_span(year_span(value.period) for fact in site.facts.values() for value in fact.values),
    )


def datasets(site: Site, urls: Urls = PUBLISHED, only: set[str] | None = None) -> list[Dataset]:
    """The figures first, then the datasets they point at (only those named, if only is given). Pages are
    linked with urls: from the site's root, or the published address (Urls(base=site_url)) where the build
    knows it."""
    makers = {
        "kpi-results": lambda: kpi_results_dataset(site),
        "budgets": lambda: budgets_dataset(site),
        "facts": lambda: facts_dataset(site, urls),
        "kpis": lambda: kpis_dataset(site, urls),
        "periods": lambda: periods_dataset(site),
        "services": lambda: services_dataset(site, urls),
        "portfolios": lambda: portfolios_dataset(site),
    }
    return [make() for name, make in makers.items() if only is None or name in only]
