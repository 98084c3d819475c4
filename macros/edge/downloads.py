"""Writing the open data into the built site: each table's CSV, JSON and CSVW metadata after the page that
first shows it, and after the build the whole datasets with their Data Package, CSVW and DCAT catalogue."""

from __future__ import annotations

from pathlib import Path

from ..opendata.datasets import Dataset, datasets
from ..opendata.dcat import CATALOGUE, catalogue
from ..opendata.export import dataset_files, table_files
from ..opendata.metadata import (
    GROUP_METADATA,
    PACKAGE_FILE,
    as_json,
    csvw_group,
    datapackage,
    metadata_name,
    table_metadata,
)
from ..render.context import Build
from ..workings.dates import latest
from ..workings.tabular import TableData
from ..workings.urls import DATASETS, OPEN_DATA_DOC, Urls


def write_table_files(tables: list[TableData], folder: Path, page: str) -> None:
    """Each table's CSV, JSON and CSVW metadata, where its page (at the address page) links to them."""
    if tables:
        folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        for name, text in table_files(table).items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / metadata_name(f"{table.id}.csv")).write_text(as_json(table_metadata(table, page)), encoding="utf-8")


# Which whole dataset holds each kind of thing a page reads (macros/render/reads.py's keys).
DATASET_OF_READ = {"result": "kpi-results", "budget table": "budgets", "fact": "facts"}


def write_datasets(build: Build, folder: Path, directory_urls: bool) -> None:
    """The whole datasets and their descriptions, in folder (the site's data/). When `make serve` builds
    only the pages an edit changed, only the datasets holding what it changed: their descriptions, keys
    and dates do not change with a figure (any other edit builds everything)."""
    folder.mkdir(parents=True, exist_ok=True)
    if build.partial:
        urls = Urls(directory_urls, build.site_url)
        files = {}
        for dataset in datasets(build.site, urls, only=changed_datasets(build.changed)):
            files.update(dataset_files(dataset))
    else:
        files = dataset_files_and_metadata(build, directory_urls)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def changed_datasets(changed) -> set[str]:
    """The whole datasets that hold what an edit changed (reads.py keys)."""
    return {DATASET_OF_READ[key[0]] for key in changed or () if key[0] in DATASET_OF_READ}


def dataset_files_and_metadata(build: Build, directory_urls: bool) -> dict[str, str]:
    """{file name in data/: text}: each whole dataset's CSV and JSON, datapackage.json, csv-metadata.json
    and the DCAT catalogue. Addresses are absolute where the build knows the published address, and
    otherwise relative to data/."""
    # The CSVs name pages from the site's root where the published address is not known; the catalogue,
    # which is RDF, from its own folder.
    whole = datasets(build.site, Urls(directory_urls, build.site_url))
    files: dict[str, str] = {}
    for dataset in whole:
        files.update(dataset_files(dataset))
    files[PACKAGE_FILE] = as_json(datapackage(whole, build.site_url or None))
    files[GROUP_METADATA] = as_json(csvw_group(whole))
    files[CATALOGUE] = as_json(dcat_catalogue(build, whole, Urls(directory_urls, build.site_url or "../")))
    return files


def dcat_catalogue(build: Build, whole: list[Dataset], pages: Urls) -> dict:
    site = build.site
    return catalogue(
        [(dataset, latest(build.dates, dataset.data_files)) for dataset in whole],
        base=(build.site_url + DATASETS + "/") if build.site_url else "",
        landing_page=pages.page(OPEN_DATA_DOC),
        home=pages.page("index.md"),
        issued=min(report.published for report in site.reports.values()),
        description="Performance indicator results, budgets and headline facts from Thurrock Council's Portfolio "
        "Holder reports ("
        + ", ".join(report.title for report in site.reports.values())
        + "), as open data: CSV and JSON, described with Table Schema and CSV on the Web.",
    )
