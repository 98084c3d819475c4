"""CSV and JSON downloads: each table's own rows, and whole datasets with typed columns."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from .model import Site, origin_files
from .tabular import TableData, cell_data
from .trends import timeline
from .units import Bound, Missing, Words, format_target
from .urls import PUBLISHED

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PUBLISHER = "Thurrock Council"


def table_records(data: TableData) -> list[dict]:
    """One record per row of the table, with the same columns (and the unit and notes)."""
    records = []
    for row in data.rows:
        record = {data.label_heading: row.label}
        if row.unit and any(column.kind in ("figure", "target", "stated") for column in data.columns):
            record["unit"] = row.unit
        for column, value in zip(data.columns, row.cells, strict=True):
            record[column.heading] = cell_data(column, row, value)
        record["note"] = " ".join(row.notes) or None
        records.append(record)
    return records


def write_table_files(tables: list[TableData], folder: Path) -> None:
    """Each table's CSV and JSON, where its page links to them."""
    if tables:
        folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        for name, text in table_files(table).items():
            (folder / name).write_text(text, encoding="utf-8")


def table_files(data: TableData) -> dict[str, str]:
    """{"<id>.csv": text, "<id>.json": text} for one table."""
    records = table_records(data)
    meta = {
        "title": data.caption,
        "source": data.source,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "publisher": PUBLISHER,
        "rows": records,
    }
    return {f"{data.id}.csv": to_csv(records), f"{data.id}.json": to_json(meta)}


def to_json(document: dict) -> str:
    """The document indented, with each of its "rows" on one line.

    Readable in a text editor and line by line in a diff, and written by the json module's
    C encoder, which indent= would turn off (for the largest datasets several times slower).
    """
    head = {key: value for key, value in document.items() if key != "rows"}
    lines = [
        f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False, indent=2)}".replace(
            "\n", "\n  "
        )
        for key, value in head.items()
    ]
    rows = ",\n".join(
        f"    {json.dumps(row, ensure_ascii=False, default=_missing_as_null)}" for row in document["rows"]
    )
    lines.append(f'  "rows": [\n{rows}\n  ]' if rows else '  "rows": []')
    return "{\n" + ",\n".join(lines) + "\n}\n"


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cell(value) -> object:
    """A value as a CSV cell: empty for None, numbers as they are, text that could start a formula
    behind a single quote, which spreadsheets show as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _missing_as_null(value):
    """n/a, and "[to fill in]" while previewing, are null in JSON."""
    if isinstance(value, Missing):
        return None
    raise TypeError(f"{value!r} cannot be written as JSON")


def to_csv(records: list[dict]) -> str:
    fields = list(dict.fromkeys(key for record in records for key in record))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(name) for name in fields])
    writer.writerows([csv_cell(record.get(name)) for name in fields] for record in records)
    return out.getvalue()


# --- whole datasets ------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (name, meaning)
    records: tuple[dict, ...]
    data_files: tuple[str, ...]  # the files in data/ it is made from


@dataclass(frozen=True)
class Catalogued:
    """A dataset as the data catalogue describes it: its rows counted, not made."""

    id: str
    title: str
    description: str
    columns: tuple[tuple[str, str], ...]
    rows: int
    data_files: tuple[str, ...]


# Each dataset's id, title, description and columns (name, meaning).
KPI_RESULTS = (
    "kpi-results",
    "KPI results",
    "Every key performance indicator result published in the "
    "Portfolio Holder reports, with its target and the council's stated performance and direction "
    "of travel.",
    (
        ("report", "The report (its year) that published the figure"),
        ("kpi", "The KPI's id"),
        ("kpi_title", "The KPI's title as printed"),
        ("service", "The service's id"),
        ("unit", "count, percent, gbp, days or duration"),
        ("polarity", "higher-is-better, lower-is-better or neither"),
        ("period", "The period, as the council writes it"),
        ("period_kind", "year, quarter-to-date or latest"),
        ("value", "The figure as a number (durations in seconds); empty where the report printed n/a"),
        ("target", "The target: a number, a bound such as <10:00, or words"),
        ("performance", "Achieved, Failed or n/a, as stated"),
        ("direction", "Direction of travel, as stated"),
        ("direction_reason", "Words printed after the direction"),
        ("note", "A note on the figure"),
    ),
)
BUDGETS = (
    "budgets",
    "Budgets",
    "Every service area's full year budget, forecast and variance published in the Portfolio Holder reports.",
    (
        ("report", "The report (its year) that published the budget"),
        ("year", "The financial year"),
        ("service", "The service's id"),
        ("service_name", "The service's name"),
        ("service_area", "The budget line as printed"),
        ("budget_gbp", "Full year budget, pounds"),
        ("forecast_gbp", "Full year forecast, pounds"),
        ("variance_gbp", "Forecast minus budget, pounds"),
        ("note", "A note on the line"),
    ),
)
FACTS = (
    "facts",
    "Headline facts",
    "Figures stated in the text of the Portfolio Holder reports, such as "
    "Freedom of Information requests, complaints and member enquiries.",
    (
        ("fact", "The fact's id"),
        ("title", "What the figure counts"),
        ("service", "The service's id"),
        ("unit", "count, percent, gbp, days or duration"),
        ("period", "The period, as the report words it"),
        ("value", "The figure as a number"),
        ("qualifier", "A word before the figure, such as over or almost"),
        ("report", "The report (its year) that states it"),
        ("section", "The page and heading that state it"),
        ("note", "A note on the figure"),
    ),
)


def _typed(value):
    if value is None or isinstance(value, Missing):
        return None
    return value


def _target(unit: str, target):
    if isinstance(target, (Bound, Words)) or (
        unit == "duration" and target is not None and not isinstance(target, Missing)
    ):
        return format_target(unit, target)
    return _typed(target)


def kpi_results_dataset(site: Site) -> Dataset:
    records = []
    for kpi in site.kpis.values():
        for result in timeline(site, kpi.id):
            duration = kpi.unit == "duration" and not isinstance(result.value, (Missing, type(None)))
            records.append(
                {
                    "report": result.report,
                    "kpi": kpi.id,
                    "kpi_title": kpi.title,
                    "service": kpi.service.id,
                    "unit": kpi.unit,
                    "polarity": kpi.polarity,
                    "period": result.period.id,
                    "period_kind": result.period.kind,
                    "value": _typed(result.value) if not duration else result.value,
                    "target": _target(kpi.unit, result.target),
                    "performance": result.performance,
                    "direction": result.direction,
                    "direction_reason": result.direction_reason,
                    "note": result.note,
                }
            )
    return Dataset(*KPI_RESULTS, tuple(records), _kpi_results_files(site))


def budgets_dataset(site: Site) -> Dataset:
    records = [
        {
            "report": report.id,
            "year": table.year,
            "service": table.service.id,
            "service_name": table.service.name,
            "service_area": line.area,
            "budget_gbp": line.budget,
            "forecast_gbp": line.forecast,
            "variance_gbp": line.variance,
            "note": line.note,
        }
        for report in site.reports.values()
        for table in report.budget_tables.values()
        for line in table.lines
    ]
    return Dataset(*BUDGETS, tuple(records), origin_files(*_budget_lines(site)))


def facts_dataset(site: Site) -> Dataset:
    records = [
        {
            "fact": fact.id,
            "title": fact.title,
            "service": fact.service.id,
            "unit": fact.unit,
            "period": value.period,
            "value": _typed(value.value),
            "qualifier": value.qualifier,
            "report": value.report,
            "section": PUBLISHED.page(value.section),
            "note": value.note,
        }
        for fact in site.facts.values()
        for value in fact.values
    ]
    return Dataset(*FACTS, tuple(records), origin_files(*site.facts.values()))


def datasets(site: Site, changed: frozenset | None = None) -> list[Dataset]:
    """Every dataset; with changed (the reads.py keys an edit changed), only those it changed."""
    made = {"result": kpi_results_dataset, "budget table": budgets_dataset, "fact": facts_dataset}
    kinds = None if changed is None else {key[0] for key in changed}
    return [make(site) for kind, make in made.items() if kinds is None or kind in kinds]


def catalogue(site: Site) -> list[Catalogued]:
    """The datasets as the data catalogue describes them, their rows counted without being made: making them
    reads every figure, and the catalogue page then had to be built again whenever any figure changed."""
    results = sum(len(report.results) for report in site.reports.values())
    values = sum(len(fact.values) for fact in site.facts.values())
    return [
        Catalogued(*KPI_RESULTS, results, _kpi_results_files(site)),
        Catalogued(*BUDGETS, sum(1 for _ in _budget_lines(site)), origin_files(*_budget_lines(site))),
        Catalogued(*FACTS, values, origin_files(*site.facts.values())),
    ]


def _kpi_results_files(site: Site) -> tuple[str, ...]:
    return origin_files(*site.kpis.values(), *site.results(), *(result.period for result in site.results()))


def _budget_lines(site: Site):
    return (line for report in site.reports.values() for table in report.budget_tables.values() for line in table.lines)


def dataset_files(dataset: Dataset) -> dict[str, str]:
    meta = {
        "title": dataset.title,
        "description": dataset.description,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "publisher": PUBLISHER,
        "columns": dict(dataset.columns),
        "rows": list(dataset.records),
    }
    return {f"{dataset.id}.csv": to_csv(list(dataset.records)), f"{dataset.id}.json": to_json(meta)}
