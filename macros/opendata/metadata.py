"""The downloads described by the standards data tools read: a Frictionless Data Package (Table Schema)
for the whole datasets, and CSV on the Web (CSVW) metadata for every CSV, as GOV.UK's guidance on
publishing tabular data asks.

The whole datasets' columns are declared (`datasets.Field`); a table's own download keeps the layout the
report printed, so its columns' types are read from its values, and its metadata says it is that layout.
"""

from __future__ import annotations

import json
import re

from ..workings.tabular import TableData
from .datasets import Dataset, Field
from .export import LICENCE, LICENCE_URL, MEDIA_TYPES, PUBLISHER, table_records

PACKAGE_NAME = "thurrock-portfolio-figures"
PACKAGE_TITLE = "Thurrock Council portfolio facts and figures"
COUNCIL_URL = "https://www.thurrock.gov.uk/"
# The council's area, by its ONS (GSS) code, as the Office for National Statistics publishes it.
AREA_CODE = "E06000034"
AREA_URI = f"http://statistics.data.gov.uk/id/statistical-geography/{AREA_CODE}"
CSVW_CONTEXT = ["http://www.w3.org/ns/csvw", {"@language": "en"}]
CSVW_TYPES = {"string": "string", "integer": "integer", "number": "decimal", "date": "date", "boolean": "boolean"}
PACKAGE_FILE = "datapackage.json"
GROUP_METADATA = "csv-metadata.json"  # CSVW's name for the description of every CSV in a folder


def metadata_name(csv_name: str) -> str:
    """CSVW's name for one CSV's description: "budgets.csv" -> "budgets.csv-metadata.json"."""
    return f"{csv_name}-metadata.json"


def as_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- Frictionless Data Package -------------------------------------------------------------------


def datapackage(datasets: list[Dataset], homepage: str | None = None) -> dict:
    """datapackage.json for the whole datasets, which sits beside their CSVs."""
    package = {
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": "Performance indicator results, budgets and headline facts from Thurrock Council's "
        "Portfolio Holder reports, one row per figure, with the KPIs, periods and services they name.",
        "licenses": [{"name": "OGL-UK-3.0", "path": LICENCE_URL, "title": LICENCE}],
        "contributors": [{"title": PUBLISHER, "role": "publisher", "path": COUNCIL_URL}],
        "keywords": sorted({keyword for dataset in datasets for keyword in dataset.keywords}),
        "spatial": {"name": "Thurrock", "code": AREA_CODE, "uri": AREA_URI},
        "resources": [_resource(dataset) for dataset in datasets],
    }
    if homepage:
        package["homepage"] = homepage
    return package


def _resource(dataset: Dataset) -> dict:
    schema = {
        "fields": [_schema_field(field) for field in dataset.fields],
        "missingValues": [""],
        "primaryKey": list(dataset.primary_key),
    }
    if dataset.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": key.field, "reference": {"resource": key.resource, "fields": key.reference}}
            for key in dataset.foreign_keys
        ]
    return {
        "name": dataset.id,
        "path": f"{dataset.id}.csv",
        "title": dataset.title,
        "description": dataset.description,
        "format": "csv",
        "mediatype": MEDIA_TYPES["csv"],
        "encoding": "utf-8",
        "schema": schema,
    }


def _schema_field(field: Field) -> dict:
    described = {"name": field.name, "type": field.type, "description": field.description}
    if field.unit:
        described["unit"] = field.unit
    constraints = {}
    if field.required:
        constraints["required"] = True
    if field.enum:
        constraints["enum"] = list(field.enum)
    if constraints:
        described["constraints"] = constraints
    return described


# --- CSV on the Web ----------------------------------------------------------------------------------


def csvw_group(datasets: list[Dataset]) -> dict:
    """csv-metadata.json: every whole dataset's CSV in one table group, with the keys between them."""
    return {
        "@context": CSVW_CONTEXT,
        "dc:title": PACKAGE_TITLE,
        "dc:publisher": PUBLISHER,
        "dc:license": {"@id": LICENCE_URL},
        "dc:spatial": {"@id": AREA_URI},
        "tables": [_csvw_dataset(dataset) for dataset in datasets],
    }


def _csvw_dataset(dataset: Dataset) -> dict:
    schema = {
        "columns": [_csvw_column(field) for field in dataset.fields],
        "primaryKey": list(dataset.primary_key),
    }
    if dataset.foreign_keys:
        schema["foreignKeys"] = [
            {
                "columnReference": key.field,
                "reference": {"resource": f"{key.resource}.csv", "columnReference": key.reference},
            }
            for key in dataset.foreign_keys
        ]
    return {
        "url": f"{dataset.id}.csv",
        "dc:title": dataset.title,
        "dc:description": dataset.description,
        "tableSchema": schema,
    }


def _csvw_column(field: Field) -> dict:
    datatype: str | dict = CSVW_TYPES[field.type]
    if field.enum:
        datatype = {"base": "string", "format": "^(?:" + "|".join(map(re.escape, field.enum)) + ")$"}
    column = {"name": field.name, "titles": field.name, "datatype": datatype, "dc:description": field.description}
    if field.required:
        column["required"] = True
    if field.unit:
        column["dc:description"] += f" ({field.unit})"
    return column


# --- a table's own CSV, in the layout its report printed -----------------------------------------------


TABLE_COLUMN_MEANINGS = {
    "unit": "The unit of the row's figures: count, percent, GBP (pounds), days or seconds (a duration)",
    "note": "Notes on the row's figures, as printed under the table",
    "total_row": "true for a total, which is worked out from the rows above it and is not a figure of its own",
}


def table_metadata(data: TableData, page: str) -> dict:
    """<id>.csv-metadata.json: one table's download described, in the layout the page shows (page: its
    address)."""
    records = table_records(data)
    names = list(dict.fromkeys(key for record in records for key in record))
    printed = {column.heading: column for column in data.columns}
    columns = []
    for heading in names:
        datatype = _datatype([record.get(heading) for record in records])
        if heading in TABLE_COLUMN_MEANINGS:
            meaning = TABLE_COLUMN_MEANINGS[heading]
        elif heading == data.label_heading:
            meaning = "The row's label"
        elif printed[heading].numeric and datatype != "string":
            meaning = f"The column headed “{heading}”: figures in the row's unit (durations in seconds)"
        else:
            meaning = f"The column headed “{heading}”, as printed"
        column = {
            "name": _column_name(heading, [column["name"] for column in columns]),
            "titles": heading,
            "datatype": datatype,
            "dc:description": meaning,
        }
        if heading == data.label_heading:
            column["required"] = True
        columns.append(column)
    return {
        "@context": CSVW_CONTEXT,
        "url": f"{data.id}.csv",
        "dc:title": data.caption,
        "dc:description": "The table as it is published on this site, in the layout its report printed: one "
        "row per line of the table and one column per printed column, so a column of figures holds each "
        "row's figure in that row's unit (see unit; durations in seconds), and a column with words or bounds "
        "in it holds every value as printed."
        + (" Totals are rows marked in total_row." if "total_row" in names else "")
        + " The whole datasets (datapackage.json) hold the same figures one per row.",
        "dc:source": data.source,
        "dc:publisher": PUBLISHER,
        "dc:license": {"@id": LICENCE_URL},
        "dc:isPartOf": {"@id": page},
        "tableSchema": {"columns": columns},
    }


def _datatype(values: list) -> str:
    """One type for a column: integer, decimal or boolean when every value is one, otherwise string."""
    present = [value for value in values if value is not None]
    if present and all(isinstance(value, bool) for value in present):
        return "boolean"
    if present and all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in present):
        return "integer" if all(isinstance(value, int) for value in present) else "decimal"
    return "string"


def _column_name(heading: str, taken: list[str]) -> str:
    """A CSVW name for a heading ("2017/18 Outturn" -> "2017_18_outturn"), unique in its table."""
    name = re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_") or "column"
    unique, number = name, 1
    while unique in taken:
        number += 1
        unique = f"{name}_{number}"
    return unique
