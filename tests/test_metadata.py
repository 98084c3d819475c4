"""The open data's description, in process on a tiny site: the days each period covers, each column's one
type, the Data Package and CSV on the Web metadata, the DCAT catalogue and the schema.org Datasets.
(tests/test_open_data.py validates the same files of the real built site with frictionless, csvw and rdflib.)"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import key
from tiny_site import tiny_site

from macros.base.model import Period
from macros.base.units import NA, parse_target
from macros.opendata import datasets, dcat, jsonld, metadata
from macros.opendata.export import table_records
from macros.workings.tabular import Column, Row, TableData, budgets_by_service_table, printed_budget_table
from macros.workings.trends import overall_span, period_span, within_span, year_span

# --- the days a period covers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "span"),
    [
        (Period("2016/17", "2016/17", "year"), (date(2016, 4, 1), date(2017, 3, 31))),
        (Period("2017/18 Q1", "Q1", "quarter-to-date", "2017/18"), (date(2017, 4, 1), date(2017, 6, 30))),
        (Period("2017/18 Q3", "Q3", "quarter-to-date", "2017/18"), (date(2017, 4, 1), date(2017, 12, 31))),
        (Period("2017/18 Q4", "Q4", "quarter-to-date", "2017/18"), (date(2017, 4, 1), date(2018, 3, 31))),
        (Period("2018 latest", "Latest", "latest", "2018/19"), None),  # the reports do not date it
        (Period("Spring", "Spring", "quarter-to-date", "2018/19"), None),  # no quarter in its id
    ],
)
def test_the_days_a_period_covers(period, span):
    assert period_span(period) == span


def test_the_latest_data_lies_within_its_financial_year_and_spans_join():
    latest = Period("2018 latest", "Latest", "latest", "2018/19")
    assert within_span(latest) == year_span("2018/19") == (date(2018, 4, 1), date(2019, 3, 31))
    assert year_span("2018") is None
    assert overall_span([year_span("2017/18"), None, year_span("2016/17")]) == (date(2016, 4, 1), date(2018, 3, 31))
    assert overall_span([None]) is None


# --- a table's own download: one type per column ---------------------------------------------------


def kpi_table(*rows: Row) -> TableData:
    columns = (Column("outturn", "2017/18 Outturn", "figure"), Column("target", "Target", "target"))
    return TableData("kpi-x", "KPIs", "KPI title", columns, rows, "A report")


def test_a_column_of_figures_holds_numbers_and_durations_in_seconds():
    table = kpi_table(
        Row("Waiting time", (413, 600), "duration"),
        Row("Sickness", (9.95, 10), "days"),
    )
    records = table_records(table)
    assert [(r["unit"], r["2017/18 Outturn"], r["Target"]) for r in records] == [
        ("seconds", 413, 600),
        ("days", 9.95, 10),
    ]
    described = metadata.table_metadata(table, "../../page/")
    types = {column["titles"]: column["datatype"] for column in described["tableSchema"]["columns"]}
    assert types == {
        "KPI title": "string",
        "unit": "string",
        "2017/18 Outturn": "decimal",
        "Target": "integer",
        "note": "string",
    }


def test_a_column_with_a_bound_or_words_holds_every_value_as_printed():
    table = kpi_table(
        Row("Waiting time", (413, parse_target("duration", "<10:00")), "duration"),
        Row("Calls", (384700, parse_target("count", "Reduction")), "count"),
        Row("Quality", (97.68, 85), "percent"),
        Row("Sickness", (9.95, NA), "days"),
    )
    records = table_records(table)
    assert [r["Target"] for r in records] == ["<10:00", "Reduction", "85%", None]
    assert [r["2017/18 Outturn"] for r in records] == [413, 384700, 97.68, 9.95]
    types = {c["titles"]: c["datatype"] for c in metadata.table_metadata(table, "p/")["tableSchema"]["columns"]}
    assert types["Target"] == "string" and types["2017/18 Outturn"] == "decimal"


def test_total_rows_are_marked_in_a_column_only_where_a_table_has_one(tmp_path):
    site = tiny_site(tmp_path)
    report = site.reports[key(2018)]
    (table,) = report.budget_tables.values()
    records = table_records(printed_budget_table(table, report))
    assert [r["total_row"] for r in records] == [False, False, True]
    assert "total_row" not in table_records(kpi_table(Row("Sickness", (9.95, 10), "days")))[0]


def test_column_names_are_made_from_headings_and_never_repeat():
    table = TableData(
        "t",
        "T",
        "Label",
        (Column("a", "2017/18 Outturn", "figure"), Column("b", "2017-18 outturn", "figure")),
        (Row("x", (1, 2), "count"),),
        "s",
    )
    names = [c["name"] for c in metadata.table_metadata(table, "p/")["tableSchema"]["columns"]]
    assert names == ["label", "unit", "2017_18_outturn", "2017_18_outturn_2", "note"]


# --- the whole datasets and their Data Package ------------------------------------------------------


def test_every_dataset_record_has_exactly_its_declared_fields_of_their_types(tmp_path):
    site = tiny_site(tmp_path)
    python_types = {"string": str, "integer": int, "number": (int, float), "date": date, "boolean": bool}
    for dataset in datasets.datasets(site):
        names = [field.name for field in dataset.fields]
        assert len(set(names)) == len(names), dataset.id
        assert dataset.records, dataset.id
        for record in dataset.records:
            assert list(record) == names, dataset.id
            for field in dataset.fields:
                value = record[field.name]
                if value is None:
                    assert not field.required, (dataset.id, field.name)
                    continue
                assert isinstance(value, python_types[field.type]), (dataset.id, field.name, value)
                if field.type in ("integer", "number"):
                    assert not isinstance(value, bool), (dataset.id, field.name)
                if field.enum:
                    assert value in field.enum, (dataset.id, field.name, value)
        keys = [tuple(record[name] for name in dataset.primary_key) for record in dataset.records]
        assert len(set(keys)) == len(keys), dataset.id


def test_a_bound_target_is_split_into_its_figure_bound_and_words(tmp_path):
    site = tiny_site(
        tmp_path, kpi={"unit": "duration"}, previous={"value": "7:30"}, result={"value": "6:53", "target": "<10:00"}
    )
    (record,) = [
        r
        for r in datasets.kpi_results_dataset(site).records
        if r["kpi"] == "sickness-absence" and r["period"] == "2017/18"
    ]
    assert (record["value"], record["value_display"], record["unit"]) == (413, "6:53", "seconds")
    assert (record["target"], record["target_bound"], record["target_words"], record["target_display"]) == (
        600,
        "<",
        None,
        "<10:00",
    )


def test_the_data_package_joins_results_to_kpis_periods_and_services(tmp_path):
    site = tiny_site(tmp_path)
    whole = datasets.datasets(site)
    package = metadata.datapackage(whole, "https://example.org/")
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(resources) == {d.id for d in whole}
    results = resources["kpi-results"]["schema"]
    assert {(k["fields"], k["reference"]["resource"], k["reference"]["fields"]) for k in results["foreignKeys"]} == {
        ("portfolio", "portfolios", "id"),
        ("kpi", "kpis", "id"),
        ("period", "periods", "id"),
        ("service", "services", "id"),
    }
    for foreign_key in results["foreignKeys"]:
        referenced = {
            r[foreign_key["reference"]["fields"]]
            for r in next(d for d in whole if d.id == foreign_key["reference"]["resource"]).records
        }
        used = {r[foreign_key["fields"]] for r in next(d for d in whole if d.id == "kpi-results").records}
        assert used <= referenced, foreign_key
    budgets = {field["name"]: field for field in resources["budgets"]["schema"]["fields"]}
    assert budgets["budget_gbp"]["unit"] == "GBP" and budgets["budget_gbp"]["type"] == "integer"
    assert package["homepage"] == "https://example.org/"


def test_csvw_metadata_of_the_whole_datasets_keeps_their_types_keys_and_values(tmp_path):
    site = tiny_site(tmp_path)
    group = metadata.csvw_group(datasets.datasets(site))
    tables = {table["url"]: table["tableSchema"] for table in group["tables"]}
    columns = {column["name"]: column for column in tables["kpi-results.csv"]["columns"]}
    assert columns["value"]["datatype"] == "decimal" and columns["period_start"]["datatype"] == "date"
    assert columns["comparable"]["datatype"] == "boolean" and columns["report"]["required"] is True
    assert columns["target_bound"]["datatype"] == {"base": "string", "format": "^(?:<|<=|>|>=)$"}
    assert tables["kpi-results.csv"]["primaryKey"] == ["portfolio", "report", "kpi", "period"]
    assert {"columnReference": "kpi", "reference": {"resource": "kpis.csv", "columnReference": "id"}} in tables[
        "kpi-results.csv"
    ]["foreignKeys"]


# --- the DCAT catalogue and schema.org ----------------------------------------------------------


def test_the_catalogue_gives_each_dataset_a_short_title_dates_and_two_distributions(tmp_path):
    site = tiny_site(tmp_path)
    whole = datasets.datasets(site)
    changed = date(2026, 11, 23)
    record = dcat.catalogue(
        [(d, changed) for d in whole],
        base="https://example.org/data/",
        landing_page="https://example.org/open-data/",
        home="https://example.org/",
        issued="2017",
        description="d",
    )
    assert record["@type"] == "dcat:Catalog" and record["dct:modified"]["@value"] == "2026-11-23"
    assert len(record["dcat:dataset"]) == len(whole)
    for dataset, data in zip(record["dcat:dataset"], whole, strict=True):
        assert len(dataset["dct:title"]) <= 65
        assert dataset["@id"] == f"https://example.org/open-data/#{data.id}"
        media = [d["dcat:mediaType"]["@id"] for d in dataset["dcat:distribution"]]
        assert media == [
            "https://www.iana.org/assignments/media-types/text/csv",
            "https://www.iana.org/assignments/media-types/application/json",
        ]
        assert [d["dct:format"]["@id"] for d in dataset["dcat:distribution"]] == [
            "http://publications.europa.eu/resource/authority/file-type/CSV",
            "http://publications.europa.eu/resource/authority/file-type/JSON",
        ]
        assert [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]] == [
            f"https://example.org/data/{data.id}.csv",
            f"https://example.org/data/{data.id}.json",
        ]
    results = next(d for d in record["dcat:dataset"] if d["@id"].endswith("#kpi-results"))
    assert results["dct:temporal"]["dcat:startDate"]["@value"] == "2016-04-01"


def test_each_dataset_has_one_title_and_description_wherever_it_is_described(tmp_path):
    """data.gov.uk's rules: no council's name in a title of at most 65 characters, and a first sentence (which
    search results show) under 140 characters; the same title and description in every description."""
    whole = datasets.datasets(tiny_site(tmp_path))
    catalogue = dcat.catalogue(
        [(d, None) for d in whole], base="", landing_page="", home="", issued="2017", description="d"
    )
    package = metadata.datapackage(whole)
    group = metadata.csvw_group(whole)
    schema = [jsonld.whole_dataset(d, f"#{d.id}", {}, "") for d in whole]
    described = [(d["dct:title"], d["dct:description"]) for d in catalogue["dcat:dataset"]]
    assert [(r["title"], r["description"]) for r in package["resources"]] == described
    assert [(t["dc:title"], t["dc:description"]) for t in group["tables"]] == described
    assert [(r["name"], r["description"]) for r in schema] == described
    for title, description in described:
        assert 0 < len(title) <= 65 and "thurrock" not in title.lower(), title
        assert len(description.split(". ")[0]) < 140, description


def test_a_table_of_kpis_measures_each_kpi_and_a_budget_table_each_column_in_pounds(tmp_path):
    site = tiny_site(tmp_path)
    kpis = TableData(
        "k",
        "KPIs",
        "KPI",
        (Column("v", "Value", "figure"),),
        (Row("Sickness", (9.95,), "days", link="kpis/sickness-absence.md"), Row("Quality", (95,), "percent")),
        "s",
    )
    assert jsonld.table_variables(kpis) == [
        {"@type": "PropertyValue", "name": "Sickness", "unitText": "days"},
        {"@type": "PropertyValue", "name": "Quality", "unitText": "percent"},
    ]
    budgets = budgets_by_service_table(site, "hr-od")
    assert [v["unitText"] for v in jsonld.table_variables(budgets)] == ["GBP"] * len(
        [c for c in budgets.columns if c.numeric]
    )
    record = jsonld.table_dataset(budgets, "https://example.org/t/#b", {}, "https://example.org/open-data/", None)
    assert record["temporalCoverage"] == "2018-04-01/2019-03-31"
    assert 50 <= len(record["description"]) <= 5000
