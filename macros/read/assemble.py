"""Turn schema-checked YAML into the typed model, checking every reference and sum."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from ..base.errors import DataError, FigureError, field_path
from ..base.model import (
    BudgetLine,
    BudgetTable,
    Column,
    Fact,
    FactValue,
    Holder,
    Holding,
    Kpi,
    KpiRow,
    KpiTable,
    Origin,
    Period,
    Portfolio,
    Report,
    ReportKey,
    Result,
    Service,
    Site,
    Term,
)
from ..base.units import parse_figure, parse_target
from .load import line_of


@dataclass
class _Source:
    """One data file: its name for messages and its parsed document."""

    name: str
    document: dict
    errors: list[DataError] = field(default_factory=list)

    def error(self, path: tuple, message: str) -> None:
        self.errors.append(DataError(self.name, message, field=field_path(path), line=line_of(self.document, path)))

    def origin(self, path: tuple) -> Origin:
        row = self.document
        for part in path:
            row = row[part]
        fields = tuple(getattr(row, "key_lines", {}).items())
        return Origin(self.name, line_of(self.document, path), field_path(path), fields)


def assemble_site(files: dict[str, _Source], reports: list[_Source]) -> tuple[Site, list[DataError]]:
    """The whole model from the data files by name ("services.yaml", ...) and the reports' files, plus
    every error found on the way (none means it is safe to publish)."""
    services, periods, kpis, facts = (
        files[name] for name in ("services.yaml", "periods.yaml", "kpis.yaml", "facts.yaml")
    )
    glossary = files["glossary.yaml"]
    service_map = _unique(services, "services", lambda raw, path: _assemble_service(services, path, raw))
    for index, service in enumerate(service_map.values()):
        for at, successor in enumerate(service.became):
            path = ("services", index, "became", "services", at)
            if _known(services, path, successor, service_map, "service", "services.yaml") and successor == service.id:
                services.error(path, f"the service {service.id!r} cannot become itself")
    portfolio_map = _assemble_portfolios(files["portfolios.yaml"], service_map)
    period_map = _unique(
        periods,
        "periods",
        lambda raw, path: Period(
            raw["id"], raw["label"], raw["kind"], raw.get("year"), raw.get("compared_with"), periods.origin(path)
        ),
    )
    for index, raw in enumerate(periods.document["periods"]):
        if raw["kind"] == "year":
            _financial_year(periods, ("periods", index, "id"), raw["id"], "a whole year's period is named")
        if "year" in raw:
            _financial_year(periods, ("periods", index, "year"), raw["year"])
    for index, period in enumerate(period_map.values()):
        if period.compared_with is not None:
            _known(
                periods, ("periods", index, "compared_with"), period.compared_with, period_map, "period", "periods.yaml"
            )
    for index, raw in enumerate(kpis.document["kpis"]):
        _known(kpis, ("kpis", index, "service"), raw["service"], service_map, "service", "services.yaml")
    kpi_map = _unique(
        kpis,
        "kpis",
        lambda raw, path: Kpi(
            raw["id"],
            raw["title"],
            service_map.get(raw["service"]),
            raw["unit"],
            raw["polarity"],
            kpis.origin(path),
            raw.get("name"),
        ),
    )
    report_map: dict[ReportKey, Report] = {}
    for source in reports:
        report = _assemble_report(source, service_map, period_map, kpi_map)
        _where_it_is(source, report)
        if _known(source, ("portfolio",), report.portfolio, portfolio_map, "portfolio", "portfolios.yaml"):
            _services_held(source, report, portfolio_map[report.portfolio], service_map)
        if report.id in report_map:
            source.error(("id",), f"the report {report.id} is already defined in another file; each has one file")
        report_map[report.id] = report
    _check_table_ids_unique(reports)
    for index, raw in enumerate(facts.document["facts"]):
        _known(facts, ("facts", index, "service"), raw["service"], service_map, "service", "services.yaml")

    def report_of(section: str, year: int) -> ReportKey | None:
        """The report of that year of the portfolio whose page states it (reports/<portfolio>/<year>/...)."""
        found = ReportKey(year, section.split("/")[1])
        return found if found in report_map else None

    fact_map = _unique(facts, "facts", lambda raw, path: _assemble_fact(facts, path, raw, service_map, report_of))
    terms = _unique_terms(glossary)
    site = Site(service_map, period_map, kpi_map, dict(sorted(report_map.items())), fact_map, terms, portfolio_map)
    errors = [error for source in (*files.values(), *reports) for error in source.errors]
    return site, errors


def _assemble_service(src: _Source, path: tuple, raw: dict) -> Service:
    became = raw.get("became", {})
    return Service(
        raw["id"],
        raw["name"],
        src.origin(path),
        tuple(became.get("services", ())),
        became.get("from"),
        about=raw.get("about"),
    )


def _assemble_portfolios(src: _Source, services: dict[str, Service]) -> dict[str, Portfolio]:
    """Each portfolio, the services it held (each known, listed once for a report) and its holders."""

    def make(raw: dict, path: tuple) -> Portfolio:
        holdings = []
        for index, held in enumerate(raw["services"]):
            at = (*path, "services", index)
            _known(src, (*at, "service"), held["service"], services, "service", "services.yaml")
            holding = Holding(held["service"], held.get("from"), held.get("until"))
            if None not in (holding.first, holding.last) and holding.first > holding.last:
                src.error((*at, "until"), f"until ({holding.last}) is before from ({holding.first})")
            if any(other.service == holding.service and _overlap(other, holding) for other in holdings):
                src.error(at, f"the service {holding.service!r} is listed twice for the same reports")
            holdings.append(holding)
        for index, holder in enumerate(raw.get("holders", ())):
            _published(src, holder["from"], (*path, "holders", index, "from"))
        holders = tuple(Holder(holder["name"], holder["from"]) for holder in raw.get("holders", ()))
        return Portfolio(raw["id"], raw["title"], tuple(holdings), holders, src.origin(path))

    return _unique(src, "portfolios", make)


def _where_it_is(src: _Source, report: Report) -> None:
    """A report's file is data/reports/<its portfolio>/<its year>.yaml: the file's place says which it is."""
    *_, folder, name = src.name.split("/")
    if name != f"{report.id.year}.yaml":
        src.error(("id",), f"this is the {report.id.year} report but its file is {name}; name it {report.id.year}.yaml")
    if folder != report.portfolio:
        src.error(
            ("portfolio",),
            f"this report is of the portfolio {report.portfolio!r} but its file is in data/reports/{folder}/; "
            f"move it to data/reports/{report.portfolio}/",
        )


def _services_held(src: _Source, report: Report, portfolio: Portfolio, services: dict[str, Service]) -> None:
    """Each table of a report is on a service its portfolio held that year, and not on one whose work other
    services report by then."""
    for kind in ("kpi_tables", "budget_tables"):
        for index, raw in enumerate(src.document[kind]):
            service = services.get(raw["service"])
            if service is None:
                continue  # said already
            path = (kind, index, "service")
            if service.became_from is not None and report.id.year >= service.became_from:
                successors = ", ".join(service.became)
                src.error(
                    path,
                    f"the service {service.id!r} became {successors} from the {service.became_from} report "
                    "(services.yaml); put this table under one of them",
                )
            elif not portfolio.holds(service.id, report.id.year):
                src.error(
                    path,
                    f"the portfolio {portfolio.id!r} does not hold the service {service.id!r} in {report.id.year} "
                    "(portfolios.yaml); list it there, or put the table in its own portfolio's report",
                )


def _overlap(one: Holding, other: Holding) -> bool:
    low = max(one.first or 0, other.first or 0)
    high = min(one.last or 9999, other.last or 9999)
    return low <= high


def _unique_terms(src: _Source) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for index, raw in enumerate(src.document["terms"]):
        if raw["term"] in terms:
            src.error(("terms", index, "term"), f"{raw['term']!r} is explained twice; keep one of them")
        terms[raw["term"]] = Term(
            raw["term"], raw["meaning"], src.origin(("terms", index)), tuple(raw.get("search_words", ()))
        )
    return terms


def source(name: str, document: dict) -> _Source:
    return _Source(name, document)


def _unique(src: _Source, key: str, make) -> dict:
    """Build objects keyed by id, reporting an id used twice."""
    items: dict = {}
    for index, raw in enumerate(src.document[key]):
        if raw["id"] in items:
            src.error((key, index, "id"), f"the id {raw['id']!r} is used twice; each entry needs its own id")
        items[raw["id"]] = make(raw, (key, index))
    return items


def _assemble_fact(src: _Source, path: tuple, raw: dict, services: dict, report_of) -> Fact:
    """A fact, each of its values credited to its year's report of the portfolio whose page states it."""
    values = []
    for index, value in enumerate(raw["values"]):
        value_path = (*path, "values", index)
        figure = _parse(src, (*value_path, "value"), value, lambda v: parse_figure(raw["unit"], v))
        report = report_of(value["section"], value["report"])
        _, portfolio, year, _ = value["section"].split("/", 3)
        if report is None:
            src.error(
                (*value_path, "report"),
                f"there is no {value['report']} report of the portfolio {portfolio!r} (data/reports/{portfolio}/"
                f"{value['report']}.yaml), whose page the section names",
            )
        elif year != str(value["report"]):
            src.error(
                (*value_path, "section"),
                f"the section is on a page of the {year} report, but report is {value['report']}; make them agree",
            )
        values.append(
            FactValue(
                value["period"],
                figure,
                report or ReportKey(value["report"], portfolio),
                value["section"],
                value.get("qualifier"),
                value.get("scale"),
                value.get("note"),
                src.origin(value_path),
                value.get("comparable", True),
            )
        )
    return Fact(raw["id"], raw["title"], services.get(raw["service"]), raw["unit"], tuple(values), src.origin(path))


def _known(src: _Source, path: tuple, value: str, known: dict, what: str, where: str) -> bool:
    if value in known:
        return True
    choices = ", ".join(str(choice) for choice in known)
    src.error(path, f"there is no {what} {value!r} in {where}; the {what}s are: {choices}")
    return False


def _assemble_report(src: _Source, services: dict, periods: dict, kpis: dict) -> Report:
    doc = src.document
    report_id = ReportKey(doc["id"], doc["portfolio"])
    _published(src, doc["published"])
    for index, raw in enumerate(doc["budget_tables"]):
        _financial_year(src, ("budget_tables", index, "year"), raw["year"])
    results = _assemble_results(src, report_id, periods, kpis)
    for name, columns in doc["layouts"].items():
        for index, column in enumerate(columns):
            _known(src, ("layouts", name, index, "period"), column["period"], periods, "period", "periods.yaml")
    layouts = {
        name: tuple(Column(c["heading"], periods.get(c["period"]), c["field"]) for c in columns)
        for name, columns in doc["layouts"].items()
    }
    kpi_tables: dict[str, KpiTable] = {}
    for index, raw in enumerate(doc["kpi_tables"]):
        path = ("kpi_tables", index)
        if raw["id"] in kpi_tables:
            src.error((*path, "id"), f"the KPI table id {raw['id']!r} is used twice in this report")
        _known(src, (*path, "service"), raw["service"], services, "service", "services.yaml")
        if not _known(src, (*path, "layout"), raw["layout"], layouts, "layout", "this report's layouts"):
            continue
        columns = layouts[raw["layout"]]
        rows = tuple(
            row
            for row_index, raw_row in enumerate(raw["rows"])
            if (row := _assemble_row(src, (*path, "rows", row_index), raw_row, columns, kpis, results))
        )
        kpi_tables[raw["id"]] = KpiTable(
            raw["id"],
            report_id,
            services.get(raw["service"]),
            raw["section"],
            raw["caption"],
            columns,
            rows,
            tuple(raw.get("footnotes", ())),
        )
    budget_tables: dict[str, BudgetTable] = {}
    for index, raw in enumerate(doc["budget_tables"]):
        path = ("budget_tables", index)
        if raw["id"] in budget_tables:
            src.error((*path, "id"), f"the budget table id {raw['id']!r} is used twice in this report")
        _known(src, (*path, "service"), raw["service"], services, "service", "services.yaml")
        budget_tables[raw["id"]] = _assemble_budget(src, path, raw, report_id, services)
    return Report(
        report_id,
        doc["title"],
        doc["portfolio"],
        doc["published"],
        doc["covers"],
        kpi_tables,
        budget_tables,
        tuple(results.values()),
        src.origin(()),
    )


FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years a report, a date or a financial year may be in
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})", re.ASCII)
_PUBLISHED = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)


def _financial_year(src: _Source, path: tuple, text: str, what: str = "a financial year is written") -> None:
    """A financial year, e.g. 2018/19: a year from 1900 to 2999, then the last two digits of the next."""
    found = _FINANCIAL_YEAR.fullmatch(text) if isinstance(text, str) else None
    if not found:
        src.error(path, f"{text!r} is not a financial year; {what} like 2018/19 (April 2018 to March 2019)")
    elif not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        src.error(path, f"{text!r} is not a financial year from {FIRST_YEAR}/01 to {LAST_YEAR}/00; check the year")
    elif int(found[2]) != (int(found[1]) + 1) % 100:
        start = int(found[1])
        src.error(
            path,
            f"{text!r} is not a financial year: the one that starts in {start} is written "
            f"{start}/{(start + 1) % 100:02d}",
        )


def _published(src: _Source, text: str, path: tuple = ("published",)) -> None:
    """When a report was published (or a holder took over, path saying where): a year, a year and month, or a
    date on the calendar, as text."""
    found = _PUBLISHED.fullmatch(text) if isinstance(text, str) else None
    if not found:
        src.error(path, f'{text!r} is not a date; write it in quotes as a year, "2018", or a date, "2018-07-11"')
        return
    year, month, day = (int(part) if part else None for part in found.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        src.error(path, f"{text!r} is not a year from {FIRST_YEAR} to {LAST_YEAR}; check the year")
    elif month is not None and not 1 <= month <= 12:
        src.error(path, f"{text!r} has no month {month}; write the month as 01 to 12")
    elif day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        src.error(path, f"{text!r} is not a date on the calendar: {calendar.month_name[month]} {year} has {days} days")


def _assemble_results(src: _Source, report_id: ReportKey, periods: dict, kpis: dict) -> dict[tuple, Result]:
    results: dict[tuple, Result] = {}
    for index, raw in enumerate(src.document["results"]):
        path = ("results", index)
        known = _known(src, (*path, "kpi"), raw["kpi"], kpis, "KPI", "kpis.yaml")
        known &= _known(src, (*path, "period"), raw["period"], periods, "period", "periods.yaml")
        if not known:
            continue
        key = (raw["kpi"], raw["period"])
        if key in results:
            src.error(
                path,
                f"{raw['kpi']} already has a result for {raw['period']} in this report; "
                "give each KPI one entry per period",
            )
        unit = kpis[raw["kpi"]].unit
        value = _parse(src, (*path, "value"), raw, lambda v, unit=unit: parse_figure(unit, v))
        target = _parse(src, (*path, "target"), raw, lambda v, unit=unit: parse_target(unit, v))
        results[key] = Result(
            report_id,
            kpis[raw["kpi"]],
            periods[raw["period"]],
            value,
            target,
            raw.get("performance"),
            raw.get("direction"),
            raw.get("direction_reason"),
            raw.get("note"),
            src.origin(path),
            raw.get("comparable", True),
        )
    return results


def _parse(src: _Source, path: tuple, raw: dict, parse):
    if path[-1] not in raw:
        return None
    try:
        return parse(raw[path[-1]])
    except FigureError as error:
        src.error(path, str(error))
        return None


def _assemble_row(src: _Source, path: tuple, raw: dict, columns: tuple, kpis: dict, results: dict) -> KpiRow | None:
    """A table row: the KPI plus, for each printed column, the result that fills it."""
    if not _known(src, (*path, "kpi"), raw["kpi"], kpis, "KPI", "kpis.yaml"):
        return None
    kpi: Kpi = kpis[raw["kpi"]]
    cells = []
    for column in columns:
        if column.period is None:
            return None  # the layout names an unknown period, which is reported there
        result = results.get((kpi.id, column.period.id))
        if result is None:
            src.error(
                (*path, "kpi"),
                f"the table prints a {column.heading!r} column, but results has no entry "
                f"for {kpi.id} in period {column.period.id!r}; add it (use n/a if the report printed n/a)",
            )
            return None
        if getattr(result, column.field) is None:
            src.error(
                (*path, "kpi"),
                f"the table prints a {column.heading!r} column, but the result for {kpi.id} in "
                f"{column.period.id!r} has no {column.field}; add it (use n/a if the report printed n/a)",
            )
            return None
        cells.append(result)
    return KpiRow(kpi, raw.get("title", kpi.title), tuple(cells))


def _assemble_budget(src: _Source, path: tuple, raw: dict, report_id: ReportKey, services: dict) -> BudgetTable:
    lines = tuple(_budget_line(src, (*path, "lines", index), raw_line) for index, raw_line in enumerate(raw["lines"]))
    total = _budget_line(src, (*path, "total"), {"area": "Total", **raw["total"]}) if "total" in raw else None
    service = services.get(raw["service"])
    return BudgetTable(raw["id"], report_id, service, raw["year"], raw["section"], raw["caption"], lines, total)


def _budget_line(src: _Source, path: tuple, raw: dict) -> BudgetLine:
    return BudgetLine(raw["area"], raw["budget"], raw["forecast"], raw["variance"], raw.get("note"), src.origin(path))


def _check_table_ids_unique(sources: list[_Source]) -> None:
    """budget_table(id, year) must find exactly one table; and a KPI table's id is used once among the reports
    of a year, whatever their portfolio (its anchor and downloads are named by the year and the id)."""
    seen: dict[tuple, str] = {}
    for src in sources:
        report = f"the {src.document['portfolio']} report {src.document['id']}"
        for index, raw in enumerate(src.document["budget_tables"]):
            key = ("budget", raw["id"], raw["year"])
            if key in seen and seen[key] != report:
                src.error(
                    ("budget_tables", index, "id"),
                    f"{seen[key]} already has a budget table {raw['id']!r} for {raw['year']}; "
                    "a service's budget for a year is published once",
                )
            seen[key] = report
        for index, raw in enumerate(src.document["kpi_tables"]):
            key = ("kpi", raw["id"], src.document["id"])
            if key in seen and seen[key] != report:
                src.error(
                    ("kpi_tables", index, "id"),
                    f"{seen[key]} already has a KPI table {raw['id']!r}; give this one another id (a table's "
                    "downloads are named by its report's year and its id)",
                )
            seen[key] = report
