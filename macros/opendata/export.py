"""CSV and JSON downloads: each table's own rows (as printed), and the whole datasets (`datasets`)."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from decimal import Decimal

from ..base.units import DATA_UNITS, Missing
from ..workings.tabular import TableData, cell_data, cell_text
from .datasets import Dataset

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PUBLISHER = "Thurrock Council"
# Each download's media type, as IANA registers it, by the file's extension; every description of the
# downloads (Data Package, DCAT, schema.org) names them from here.
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def table_records(data: TableData) -> list[dict]:
    """One record per row of the table, with the same columns (and the unit and notes).

    Each column has one type: numbers where every figure in it is a number (durations in seconds),
    otherwise every value as printed, e.g. a target column with 10, <10:00 and Reduction in it."""
    as_printed = [_has_words(data, index) for index in range(len(data.columns))]
    with_unit = any(column.kind in ("figure", "target", "stated") for column in data.columns)
    with_total = any(row.total for row in data.rows)
    records = []
    for row in data.rows:
        record = {data.label_heading: row.label}
        if row.unit and with_unit:
            record["unit"] = DATA_UNITS[row.unit]
        for column, value, printed in zip(data.columns, row.cells, as_printed, strict=True):
            cell = cell_data(column, row, value)
            record[column.heading] = cell_text(column, row, value) if printed and cell is not None else cell
        record["note"] = " ".join(row.notes) or None
        if with_total:
            record["total_row"] = row.total  # worked out from the rows above it, not a figure of its own
        records.append(record)
    return records


def _has_words(data: TableData, index: int) -> bool:
    cells = [cell_data(data.columns[index], row, row.cells[index]) for row in data.rows]
    return any(isinstance(cell, str) for cell in cells)


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
    rows = ",\n".join(f"    {_json_row(row)}" for row in document["rows"])
    lines.append(f'  "rows": [\n{rows}\n  ]' if rows else '  "rows": []')
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _json_row(row: dict) -> str:
    """One row as JSON, as json.dumps writes it, but each figure in plain notation (plain_number)."""
    if not any(isinstance(value, float) and not isinstance(plain_number(value), float) for value in row.values()):
        return json.dumps(row, ensure_ascii=False, default=_missing_as_null)  # the C encoder, for nearly every row
    return (
        "{"
        + ", ".join(
            f"{json.dumps(key, ensure_ascii=False)}: "
            + (
                str(plain_number(value))
                if isinstance(value, float)
                else json.dumps(value, ensure_ascii=False, default=_missing_as_null)
            )
            for key, value in row.items()
        )
        + "}"
    )


def plain_number(value: float) -> float | int | str:
    """A figure as every dataset writes it, as the page prints it: -0.0 as 0, and never with an exponent (1e-07,
    which Python and json would write so, as the digits 0.0000001, a JSON number and a CSV cell alike)."""
    if value == 0:
        return 0 if math.copysign(1.0, value) < 0 else value
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else value


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cell(value) -> object:
    """A value as a CSV cell: empty for None, numbers as they are (in plain notation), true/false, dates as 2018-04-01,
    text that could start a formula behind a single quote, which spreadsheets show as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return plain_number(value)  # before the text check: a negative figure is no formula
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _missing_as_null(value):
    """n/a, and "[to fill in]" while previewing, are null in JSON; dates are written 2018-04-01."""
    if isinstance(value, Missing):
        return None
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{value!r} cannot be written as JSON")


def to_csv(records: list[dict]) -> str:
    fields = list(dict.fromkeys(key for record in records for key in record))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(name) for name in fields])
    writer.writerows([csv_cell(record.get(name)) for name in fields] for record in records)
    return out.getvalue()


def dataset_files(dataset: Dataset) -> dict[str, str]:
    """{"<id>.csv": text, "<id>.json": text} for a whole dataset (described by `metadata`)."""
    meta = {
        "title": dataset.title,
        "description": dataset.description,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "publisher": PUBLISHER,
        "columns": {field.name: field.description for field in dataset.fields},
        "rows": list(dataset.records),
    }
    return {f"{dataset.id}.csv": to_csv(list(dataset.records)), f"{dataset.id}.json": to_json(meta)}
