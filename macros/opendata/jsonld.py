"""schema.org metadata as JSON-LD, so search engines and catalogues find the data: a Dataset for every
table a page shows, and the open data page as a DataCatalog of the whole datasets.

Addresses are absolute where the build knows the published address (SITE_URL), and otherwise relative
to the page, which JSON-LD resolves against the page's own address.
"""

from __future__ import annotations

import json
from datetime import date

from markupsafe import Markup

from ..base.units import DATA_UNITS
from ..workings.tabular import TableData
from ..workings.trends import Span
from .datasets import Dataset
from .export import LICENCE_URL, PUBLISHER
from .export import MEDIA_TYPES as MEDIA_TYPES  # schema.org's encodingFormat: the media type itself, as text
from .metadata import AREA_CODE, AREA_URI, COUNCIL_URL, PACKAGE_TITLE

PLACE = {"@type": "AdministrativeArea", "name": "Thurrock", "identifier": AREA_CODE, "sameAs": AREA_URI}
COUNCIL = {"@type": "GovernmentOrganization", "name": PUBLISHER, "url": COUNCIL_URL, "areaServed": PLACE}


def catalogue_reference(url: str) -> dict:
    return {"@type": "DataCatalog", "name": PACKAGE_TITLE, "url": url}


def dataset(
    *,
    name: str,
    description: str,
    url: str,
    keywords: list[str],
    variables: list[dict],
    coverage: Span | None,
    downloads: dict[str, str],
    catalogue_url: str,
    published: str | None = None,
    modified: date | None = None,
) -> dict:
    """A schema.org Dataset with Google's required and recommended fields; downloads maps each
    address to its media type."""
    record = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": url,
        "name": name,
        "description": description,
        "url": url,
        "identifier": url,
        "keywords": keywords,
        "variableMeasured": variables,
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": COUNCIL,
        "publisher": COUNCIL,
        "spatialCoverage": PLACE,
        "inLanguage": "en-GB",
        "includedInDataCatalog": catalogue_reference(catalogue_url),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": media, "contentUrl": address}
            for address, media in downloads.items()
        ],
    }
    if coverage:
        record["temporalCoverage"] = f"{coverage[0].isoformat()}/{coverage[1].isoformat()}"
    if published:
        record["datePublished"] = published
    if modified:
        record["dateModified"] = modified.isoformat()
    return record


# --- a table on a page --------------------------------------------------------------------------------


def table_dataset(table: TableData, url: str, downloads: dict[str, str], catalogue_url: str, modified) -> dict:
    """A table as a Dataset: url is the table on its page; downloads its CSV and JSON."""
    kinds = {column.kind for column in table.columns}
    keywords = ["Thurrock Council", "Portfolio Holder report"]
    if kinds & {"figure", "target"}:
        keywords.append("key performance indicators")
    if "pounds" in kinds:
        keywords.append("budgets")
    rows = sum(not row.total for row in table.rows)
    return dataset(
        name=table.caption,
        description=f"{table.caption}: {rows} rows as published by Thurrock Council on its portfolio facts and "
        f"figures site, from {table.source}. Free to re-use under the Open Government Licence, as CSV or JSON.",
        url=url,
        keywords=keywords,
        variables=table_variables(table),
        coverage=table.covers,
        downloads=downloads,
        catalogue_url=catalogue_url,
        modified=modified,
    )


def table_variables(table: TableData) -> list[dict]:
    """What a table measures: each KPI or fact where its rows are those (each in its own unit), otherwise
    each column of figures."""
    units = {row.unit for row in table.rows}
    if len(units) > 1 or any(row.link for row in table.rows):
        rows = dict.fromkeys((row.label, row.unit) for row in table.rows if not row.total)
        return [_variable(label, unit) for label, unit in rows]
    unit = next(iter(units), None)
    return [_variable(column.heading, unit) for column in table.columns if column.numeric]


def _variable(name: str, unit: str | None) -> dict:
    variable = {"@type": "PropertyValue", "name": name}
    if unit:
        variable["unitText"] = DATA_UNITS[unit]
    return variable


# --- the whole datasets, on the open data page ------------------------------------------------------


def whole_dataset(data: Dataset, url: str, downloads: dict[str, str], catalogue_url: str, **dates) -> dict:
    return dataset(
        name=data.title,
        description=data.description,
        url=url,
        keywords=list(data.keywords),
        variables=[
            {"@type": "PropertyValue", "name": field.name, "description": field.description}
            | ({"unitText": field.unit} if field.unit else {})
            for field in data.fields
        ],
        coverage=data.covers,
        downloads=downloads,
        catalogue_url=catalogue_url,
        **dates,
    )


def data_catalog(url: str, description: str, datasets: list[dict]) -> dict:
    """The open data page as a schema.org DataCatalog of the whole datasets."""
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "@id": url,
        "name": PACKAGE_TITLE,
        "description": description,
        "url": url,
        "license": LICENCE_URL,
        "publisher": COUNCIL,
        "inLanguage": "en-GB",
        "dataset": [{key: value for key, value in record.items() if key != "@context"} for record in datasets],
    }


def script(records: list[dict]) -> Markup:
    """A JSON-LD script element; "<" is escaped so no value can end the element early."""
    text = json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=1)
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(Markup(text.replace("<", "\\u003c")))
