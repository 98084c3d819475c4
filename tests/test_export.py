"""macros/opendata/export.py: CSV and JSON downloads that spreadsheets cannot run and JSON parsers accept."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from tiny_site import tiny_site

from macros.base.units import NA, PENDING, parse_target
from macros.edge import downloads
from macros.opendata import datasets, export
from macros.render.reads import fact_key, report_key, result_key
from macros.workings.tabular import Column, Row, TableData, kpi_history_table


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, which are not JSON."""

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- to_csv ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cell",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1375 652652", "'+44 1375 652652"),
        ("-5 on last year", "'-5 on last year"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tHROD", "'\tHROD"),
        ("＝1+1", "'＝1+1"),  # a full-width equals sign is read as one too
        ("HROD", "HROD"),
        ("Payroll = pay", "Payroll = pay"),  # only the start of a cell matters
    ],
)
def test_to_csv_puts_a_quote_before_text_a_spreadsheet_would_run(text, cell):
    assert csv_rows(export.to_csv([{"area": text}])) == [["area"], [cell]]


def test_to_csv_keeps_negative_numbers_as_numbers():
    records = [{"area": "Payroll", "variance": -10000, "value": -2.5, "empty": None}]
    assert csv_rows(export.to_csv(records)) == [
        ["area", "variance", "value", "empty"],
        ["Payroll", "-10000", "-2.5", ""],
    ]


def test_to_csv_neutralises_headings_too():
    assert csv_rows(export.to_csv([{"=cmd": 1}]))[0] == ["'=cmd"]


def test_to_csv_has_a_column_for_every_key_in_any_record():
    text = export.to_csv([{"a": 1}, {"b": 2}])
    assert csv_rows(text) == [["a", "b"], ["1", ""], ["", "2"]]


# --- to_json ------------------------------------------------------------------------------


def test_to_json_writes_na_as_null_and_is_strict_json():
    document = {"title": "Sickness", "rows": [{"value": NA, "target": PENDING, "figure": 9.95, "variance": -10000}]}
    parsed = strict_json(export.to_json(document))
    assert parsed == {
        "title": "Sickness",
        "rows": [{"value": None, "target": None, "figure": 9.95, "variance": -10000}],
    }


def test_to_json_puts_each_row_on_its_own_line():
    text = export.to_json({"title": "t", "rows": [{"a": 1}, {"a": 2}, {"a": 3}]})
    row_lines = [line.strip() for line in text.splitlines() if line.strip().startswith('{"a"')]
    assert row_lines == ['{"a": 1},', '{"a": 2},', '{"a": 3}']
    assert strict_json(text)["rows"] == [{"a": 1}, {"a": 2}, {"a": 3}]


def test_to_json_with_no_rows_is_still_json():
    assert strict_json(export.to_json({"title": "t", "rows": []})) == {"title": "t", "rows": []}


def test_to_json_refuses_a_value_it_cannot_write_rather_than_guessing():
    with pytest.raises(TypeError):
        export.to_json({"rows": [{"target": parse_target("duration", "<10:00")}]})


def test_to_json_keeps_non_ascii_text_readable():
    text = export.to_json({"title": "Variance (£) – 2018/19", "rows": [{"area": "Café"}]})
    assert "Variance (£) – 2018/19" in text and "Café" in text
    assert strict_json(text)["title"] == "Variance (£) – 2018/19"


# --- table_files ------------------------------------------------------------------------


def test_table_files_give_csv_and_json_of_the_same_rows():
    data = TableData(
        "kpi-2018-hr-od",
        "HR OD: sickness absence",
        "KPI title",
        (
            Column("outturn", "2017/18 Outturn", "figure"),
            Column("target", "Target", "target"),
            Column("performance", "Performance", "words"),
        ),
        (
            Row("Sickness absence", (9.95, NA, "Achieved"), "days", ("The target is from the text.",)),
            Row("=Waiting time", (413, parse_target("duration", "<10:00"), "Failed"), "duration"),
        ),
        "Portfolio Holder report 2018",
    )
    files = export.table_files(data)
    assert sorted(files) == ["kpi-2018-hr-od.csv", "kpi-2018-hr-od.json"]

    document = strict_json(files["kpi-2018-hr-od.json"])
    assert document["title"] == "HR OD: sickness absence"
    assert document["source"] == "Portfolio Holder report 2018"
    assert document["licence"] == export.LICENCE
    assert document["rows"] == [
        {
            "KPI title": "Sickness absence",
            "unit": "days",
            "2017/18 Outturn": 9.95,
            "Target": None,
            "Performance": "Achieved",
            "note": "The target is from the text.",
        },
        {
            "KPI title": "=Waiting time",  # JSON is not run by spreadsheets: kept as written
            "unit": "seconds",
            "2017/18 Outturn": 413,  # 6:53 as printed: a column of figures holds numbers, durations in seconds
            "Target": "<10:00",
            "Performance": "Failed",
            "note": None,
        },
    ]
    assert csv_rows(files["kpi-2018-hr-od.csv"]) == [
        ["KPI title", "unit", "2017/18 Outturn", "Target", "Performance", "note"],
        ["Sickness absence", "days", "9.95", "", "Achieved", "The target is from the text."],
        ["'=Waiting time", "seconds", "413", "<10:00", "Failed", ""],
    ]


def test_table_files_of_a_kpi_history_hold_every_published_figure(tmp_path):
    site = tiny_site(tmp_path)
    files = export.table_files(kpi_history_table(site, "sickness-absence"))
    (csv_name,) = [name for name in files if name.endswith(".csv")]
    (json_name,) = [name for name in files if name.endswith(".json")]
    assert csv_name.removesuffix(".csv") == json_name.removesuffix(".json")

    rows = strict_json(files[json_name])["rows"]
    assert [(row["Period"], row["Figure"], row["Target"], row["Target met"]) for row in rows] == [
        ("Year to March 2017 (2016/17)", 10.43, None, None),
        ("Year to March 2018 (2017/18)", 9.95, 10, "Met"),
    ]
    table = list(csv.DictReader(io.StringIO(files[csv_name])))
    assert [(row["Period"], row["Figure"], row["Target"], row["Target met"]) for row in table] == [
        ("Year to March 2017 (2016/17)", "10.43", "", ""),
        ("Year to March 2018 (2017/18)", "9.95", "10", "Met"),
    ]


# --- whole datasets -------------------------------------------------------------------------


def by_id(site) -> dict:
    return {dataset.id: dataset for dataset in datasets.datasets(site)}


def test_the_kpi_results_dataset_has_every_result(tmp_path):
    site = tiny_site(tmp_path, more_results=[{"kpi": "sickness-absence", "period": "2018 latest", "value": "n/a"}])
    records = by_id(site)["kpi-results"].records
    assert sorted(
        (r["report"], r["kpi"], r["period"], r["value"] if r["value"] is not None else "n/a") for r in records
    ) == [
        (2017, "call-quality", "2016/17", 90),
        (2017, "sickness-absence", "2016/17", 10.43),
        (2018, "call-quality", "2017/18", 95),
        (2018, "sickness-absence", "2017/18", 9.95),
        (2018, "sickness-absence", "2018 latest", "n/a"),
    ]
    stated = next(r for r in records if r["kpi"] == "sickness-absence" and r["period"] == "2017/18")
    assert stated == {
        "portfolio": "central-services",
        "report": 2018,
        "kpi": "sickness-absence",
        "kpi_title": "Average sickness absence per FTE employee",
        "service": "hr-od",
        "period": "2017/18",
        "period_label": "2017/18",
        "period_start": date(2017, 4, 1),
        "period_end": date(2018, 3, 31),
        "unit": "days",
        "value": 9.95,
        "value_display": "9.95",
        "target": 10,
        "target_bound": None,
        "target_words": None,
        "target_display": "10",
        "performance": "Achieved",
        "target_met": True,
        "target_met_source": "report table",
        "direction": "Better",
        "direction_reason": None,
        "comparable": True,
        "note": None,
    }


def test_the_budgets_dataset_has_every_budget_line_with_variance_worked_out(tmp_path):
    site = tiny_site(tmp_path)
    records = by_id(site)["budgets"].records
    assert [(r["report"], r["year"], r["service"], r["service_name"], r["service_area"]) for r in records] == [
        (2018, "2018/19", "hr-od", "HR OD", "HROD"),
        (2018, "2018/19", "hr-od", "HR OD", "Payroll"),
    ]
    assert [(r["budget_gbp"], r["forecast_gbp"], r["variance_gbp"]) for r in records] == [
        (2000000, 2010000, 10000),
        (500000, 490000, -10000),
    ]


def test_the_facts_dataset_has_every_fact_value(tmp_path):
    site = tiny_site(tmp_path)
    (record,) = by_id(site)["facts"].records
    assert (record["fact"], record["service"], record["period"], record["value"], record["report"]) == (
        "foi-requests",
        "hr-od",
        "2017/18",
        1200,
        2018,
    )


def test_every_dataset_column_is_described_and_every_record_has_them(tmp_path):
    site = tiny_site(tmp_path)
    for dataset in datasets.datasets(site):
        names = [field.name for field in dataset.fields]
        assert dataset.records, dataset.id
        for record in dataset.records:
            assert list(record) == names, dataset.id


def test_dataset_files_are_strict_json_and_neutralised_csv_of_the_same_records(tmp_path):
    lines = [
        {"area": "=SUM(A1:A9)", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 490000, "variance": -10000},
    ]
    site = tiny_site(tmp_path, budget_lines=lines)
    budgets = by_id(site)["budgets"]
    files = export.dataset_files(budgets)
    assert sorted(files) == ["budgets.csv", "budgets.json"]

    document = strict_json(files["budgets.json"])
    assert list(document["columns"]) == list(budgets.records[0])
    assert [(r["service_area"], r["variance_gbp"], r["note"]) for r in document["rows"]] == [
        ("=SUM(A1:A9)", 10000, None),
        ("Payroll", -10000, None),
    ]
    table = list(csv.DictReader(io.StringIO(files["budgets.csv"])))
    assert [(r["service_area"], r["variance_gbp"], r["note"]) for r in table] == [
        ("'=SUM(A1:A9)", "10000", ""),
        ("Payroll", "-10000", ""),
    ]


def test_na_is_null_in_the_json_dataset_and_empty_in_the_csv(tmp_path):
    site = tiny_site(tmp_path, previous={"value": "n/a"})
    files = export.dataset_files(by_id(site)["kpi-results"])
    rows = strict_json(files["kpi-results.json"])["rows"]
    table = list(csv.DictReader(io.StringIO(files["kpi-results.csv"])))
    assert [(r["period"], r["value"]) for r in rows if r["kpi"] == "sickness-absence"] == [
        ("2016/17", None),
        ("2017/18", 9.95),
    ]
    assert [(r["period"], r["value"]) for r in table if r["kpi"] == "sickness-absence"] == [
        ("2016/17", ""),
        ("2017/18", "9.95"),
    ]


def test_the_budgets_dataset_gives_forecast_minus_budget_not_the_printed_variance(tmp_path):
    lines = [
        {"area": "HROD", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 490000, "variance": 0, "note": "Printed as nil."},
    ]
    site = tiny_site(tmp_path, budget_lines=lines)
    payroll = by_id(site)["budgets"].records[1]
    assert (payroll["service_area"], payroll["variance_gbp"], payroll["note"]) == ("Payroll", -10000, "Printed as nil.")


def test_after_an_edit_only_the_datasets_it_changed_are_made_again(site_model):
    fact = next(iter(site_model.facts.values()))
    result = site_model.results()[0]
    changed = downloads.changed_datasets(frozenset({fact_key(fact), result_key(result)}))
    assert changed == {"kpi-results", "facts"}
    assert [dataset.id for dataset in datasets.datasets(site_model, only=changed)] == ["kpi-results", "facts"]
    assert downloads.changed_datasets(frozenset({report_key(result.report)})) == set()  # none holds its words
    assert len(datasets.datasets(site_model)) == 7


# --- figures in plain notation ----------------------------------------------------------------

EXPONENT = re.compile(r"[0-9.][eE][-+]?[0-9]")  # 1e-07, 1.5E+16: how Python and json would write some floats


@pytest.mark.parametrize(
    "value, written", [(1e-7, "0.0000001"), (-1.5e-8, "-0.000000015"), (1e16, "10000000000000000")]
)
def test_every_figure_is_written_without_an_exponent_in_csv_and_json(value, written):
    files = {"csv": export.to_csv([{"value": value}]), "json": export.to_json({"rows": [{"value": value, "n": None}]})}
    assert files["csv"] == f"value\n{written}\n"
    assert f'{{"value": {written}, "n": null}}' in files["json"]
    assert strict_json(files["json"])["rows"] == [{"value": value, "n": None}]


def test_the_datasets_and_tables_write_each_figure_as_the_page_prints_it(tmp_path):
    """1e-7 is printed 0.0000001 and -0.0 is printed 0 on the page; every CSV and JSON file writes them so."""
    site = tiny_site(tmp_path, previous={"value": 1e-7}, result={"value": -0.0})
    files = {}
    for dataset in datasets.datasets(site):
        files.update(export.dataset_files(dataset))
    files.update(export.table_files(kpi_history_table(site, "sickness-absence")))
    for name, text in files.items():
        assert not EXPONENT.search(text), (name, EXPONENT.search(text))
        assert not re.search(r"(?<![\w.])-0(?:\.0*)?(?![\w.])", text), name  # no -0 and no -0.0
    table = list(csv.DictReader(io.StringIO(files["kpi-results.csv"])))
    assert [(r["period"], r["value"], r["value_display"]) for r in table if r["kpi"] == "sickness-absence"] == [
        ("2016/17", "0.0000001", "0.0000001"),
        ("2017/18", "0", "0"),
    ]
    rows = strict_json(files["kpi-results.json"])["rows"]
    assert [(r["period"], r["value"]) for r in rows if r["kpi"] == "sickness-absence"] == [
        ("2016/17", 1e-7),
        ("2017/18", 0),
    ]
    assert '"value": 0.0000001, "value_display": "0.0000001"' in files["kpi-results.json"]
