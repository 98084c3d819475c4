"""The overview, topic and KPI pages, and the open data, read from the real build."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from pages import read_page

DATA = ROOT / "data"


def load(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def all_results() -> list[dict]:
    return [result for path in sorted((DATA / "reports").glob("*.yaml"))
            for result in yaml.safe_load(path.read_text(encoding="utf-8"))["results"]]


def period_order() -> dict[str, int]:
    return {period["id"]: index for index, period in enumerate(load("periods.yaml")["periods"])}


def html_pages(built):
    return sorted(built.site.rglob("*.html"))


def page_url(built, path: Path) -> str:
    return path.parent.relative_to(built.site).as_posix() + "/" if path.name == "index.html" else ""


# --- overview ------------------------------------------------------------------------------


def test_overview_summary_counts_match_the_data(built):
    order = period_order()
    achieved = failed = better = worse = in_line = 0
    for kpi in load("kpis.yaml")["kpis"]:
        results = sorted((r for r in all_results() if r["kpi"] == kpi["id"]), key=lambda r: order[r["period"]])
        stated = [r["performance"] for r in results if r.get("performance") in ("Achieved", "Failed")]
        moved = [r["direction"] for r in results if r.get("direction") in ("Better", "Worse", "In line")]
        achieved += bool(stated) and stated[-1] == "Achieved"
        failed += bool(stated) and stated[-1] == "Failed"
        better += bool(moved) and moved[-1] == "Better"
        worse += bool(moved) and moved[-1] == "Worse"
        in_line += bool(moved) and moved[-1] == "In line"
    text = re.sub(r"\s+([,.])", r"\1", " ".join(" ".join(read_page(built.page("")).text).split()))
    assert f"{achieved} of {achieved + failed} KPIs achieved their target and {failed} failed" in text
    assert (f"Of the {better + worse + in_line} KPIs with a direction of travel of better, worse or in line, "
            f"{better} improved, {worse} got worse and {in_line} stayed in line") in text


def test_key_figure_cards_show_latest_values_with_period_and_source(built):
    html = built.page("")
    cards = re.findall(r'<li>\s*<p class="key-figure__value">(.*?)</p>.*?key-figure__period">(.*?)</p>.*?'
                       r'key-figure__source">Source: <a href="(.*?)">', html, re.S)
    values = {value: (period, href) for value, period, href in cards}
    assert values["71,344"][0] == "Latest data in the 2018 report"
    assert values["96%"][0] == "2017/18"
    assert values["1,714"][0] == "2017/18"
    assert values["9.95 days"] == ("2017/18", "reports/2018/hr-od/#kpi-2018-hr-od")


def test_sickness_absence_answer_is_two_clicks_from_home(built):
    home = built.page("")
    assert 'href="kpis/sickness-absence/"' in home or 'href="topics/hr-od/"' in home
    topic = built.page("topics/hr-od")
    assert 'href="../../kpis/sickness-absence/"' in topic
    page = read_page(built.page("kpis/sickness-absence"))
    text = " ".join(" ".join(page.text).split())
    assert "9.95 in 2017/18, down 0.48 days from 10.43 in 2016/17. As lower is better, that is an improvement." in text


# --- KPI pages -------------------------------------------------------------------------------


KPIS = [kpi["id"] for kpi in load("kpis.yaml")["kpis"]]


@pytest.mark.parametrize("kpi", KPIS)
def test_kpi_page_shows_every_published_value_and_a_chart_of_them(built, kpi):
    html = built.page(f"kpis/{kpi}")
    results = [r for r in all_results() if r["kpi"] == kpi]
    table = next(t for t in read_page(html).tables if t.wrapper_id == f"kpi-history-{kpi}")
    assert len(table.rows) == len(results)
    shown = {cells[1].text for _, cells in table.rows}
    for result in results:
        value = result.get("value")
        if isinstance(value, (int, float)):
            assert any(re.sub(r"[£,%]", "", text) == f"{value:g}".replace("e+06", "") or
                       re.sub(r"[£,%]", "", text) == str(value) for text in shown), (value, shown)
    periods = {p["id"]: p for p in load("periods.yaml")["periods"]}
    plotted = [(r["period"], r["value"]) for r in sorted(results, key=lambda r: period_order()[r["period"]])
               if isinstance(r.get("value"), (int, float)) and periods[r["period"]]["kind"] in ("year", "latest")]
    points = re.findall(r'<circle class="kpi-chart__point"[^>]*data-period="([^"]+)" data-value="([^"]+)"', html)
    if len(plotted) >= 2:
        assert [(period, float(value)) for period, value in points] == [(p, float(v)) for p, v in plotted]
        svg = html[html.index("<svg class=\"kpi-chart\""):]
        svg = svg[:svg.index("</svg>")]
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    else:
        assert not points and "not enough comparable figures for a chart" in html


def test_duration_kpi_chart_is_not_needed_for_one_year(built):
    assert "not enough comparable figures" in built.page("kpis/face-to-face-waiting-time")


# --- downloads -------------------------------------------------------------------------------


def downloads_of(built, page: Path, html: str) -> list[tuple[str, Path]]:
    base = page.parent
    return [(table_id, (base / href).resolve()) for table_id, href in
            re.findall(r'<div class="data-table" id="([^"]+)">.*?<p class="table-downloads">Download this table: '
                       r'<a href="([^"]+\.csv)"', html, re.S)]


def test_every_table_links_csv_and_json_whose_rows_equal_the_tables(built):
    checked = 0
    for page in html_pages(built):
        html = page.read_text(encoding="utf-8")
        tables = {table.wrapper_id: table for table in read_page(html).tables}
        for table_id, csv_path in downloads_of(built, page, html):
            table = tables[table_id]
            assert csv_path.exists(), (page, csv_path)
            rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
            data = json.loads(csv_path.with_suffix(".json").read_text(encoding="utf-8"))
            assert data["licence"] == "Open Government Licence v3.0"
            labels = [re.sub(r" \(note \d+\)$", "", cells[0].text) for _, cells in table.rows]
            first = next(iter(rows[0])) if rows else None
            assert [row[first] for row in rows] == labels, table_id
            assert [row[first] for row in data["rows"]] == labels, table_id
            checked += 1
    assert checked >= 40


def test_every_table_on_the_site_has_downloads(built):
    for page in html_pages(built):
        html = page.read_text(encoding="utf-8")
        assert html.count('<div class="data-table"') == html.count('<p class="table-downloads">Download this table:'), page


def test_downloaded_figures_are_typed(built):
    data = json.loads((built.site / "data/tables/kpi-2017-customer-services.json").read_text(encoding="utf-8"))
    quality = next(row for row in data["rows"] if row["KPI title"] == "Customer Service call quality")
    assert quality["2016/17 Outturn"] == 97.68 and quality["unit"] == "percent"
    waiting = next(row for row in data["rows"] if row["KPI title"].startswith("Average waiting time"))
    assert waiting["Qtr 1 Target"] == "<10:00"
    calls = next(row for row in data["rows"] if row["KPI title"].startswith("No of phone calls made to the Contact"))
    assert calls["Qtr 1 Target"] is None and calls["2016/17 Outturn"] == 384700


def test_datasets_contain_every_data_row(built):
    results = list(csv.DictReader(io.StringIO((built.site / "data/kpi-results.csv").read_text(encoding="utf-8"))))
    assert len(results) == len(all_results())
    assert {(r["kpi"], r["period"], r["report"]) for r in results} == {
        (r["kpi"], r["period"], str(report)) for report in (2017, 2018)
        for r in yaml.safe_load((DATA / f"reports/{report}.yaml").read_text(encoding="utf-8"))["results"]}
    budgets = json.loads((built.site / "data/budgets.json").read_text(encoding="utf-8"))["rows"]
    lines = [line for report in (2017, 2018) for table in
             yaml.safe_load((DATA / f"reports/{report}.yaml").read_text(encoding="utf-8"))["budget_tables"]
             for line in table["lines"]]
    assert [(b["service_area"], b["budget_gbp"]) for b in budgets] == [(l["area"], l["budget"]) for l in lines]
    facts = json.loads((built.site / "data/facts.json").read_text(encoding="utf-8"))["rows"]
    assert len(facts) == sum(len(fact["values"]) for fact in load("facts.yaml")["facts"])
    assert all(isinstance(f["value"], (int, float)) for f in facts)


def test_catalogue_and_topic_pages_carry_dataset_json_ld(built):
    for path in ("open-data", "topics/information-team", "topics/hr-od"):
        html = built.page(path)
        blocks = re.findall(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', html, re.S)
        assert blocks, path
        records = json.loads(blocks[0])
        records = records if isinstance(records, list) else [records]
        for record in records:
            assert record["@type"] == "Dataset"
            assert record["license"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
            assert record["spatialCoverage"]["name"] == "Thurrock"
            assert record["creator"]["name"] == "Thurrock Council"
            assert re.fullmatch(r"\d{4}-04-01/\d{4}-03-31", record["temporalCoverage"])
            for download in record["distribution"]:
                assert download["@type"] == "DataDownload" and download["encodingFormat"] in ("text/csv", "application/json")
                target = (built.site / path / download["contentUrl"]).resolve()
                assert target.exists(), target


def test_catalogue_names_licence_publisher_and_dates(built):
    text = " ".join(" ".join(read_page(built.page("open-data")).text).split())
    for words in ("Licence: Open Government Licence v3.0", "Publisher: Thurrock Council", "Published:", "Last updated:"):
        assert words in text


# --- budgets and topics ----------------------------------------------------------------------


def test_budgets_page_shows_totals_per_year_and_change(built):
    tables = {t.wrapper_id: t for t in read_page(built.page("budgets")).tables}
    for year in ("2017/18", "2018/19"):
        lines = [l for report in (2017, 2018) for t in
                 yaml.safe_load((DATA / f"reports/{report}.yaml").read_text(encoding="utf-8"))["budget_tables"]
                 if t["year"] == year for l in t["lines"]]
        table = tables[f"budgets-{year.replace('/', '-')}"]
        total = table.rows[-1][1]
        assert total[0].text == "Total"
        assert total[2].text == f"{sum(l['budget'] for l in lines):,}"
    by_service = tables["budgets-by-service-all"]
    hrod = next(cells for _, cells in by_service.rows if cells[0].text.startswith("HROD"))
    assert [c.text for c in hrod[1:]] == ["2,008,574", "2,104,108", "95,534"]


@pytest.mark.parametrize("service", [s["id"] for s in load("services.yaml")["services"]])
def test_every_service_has_a_topic_page_linking_its_report_sections(built, service):
    html = built.page(f"topics/{service}")
    for report in (2017, 2018):
        if (ROOT / f"docs/reports/{report}/{service}.md").exists():
            assert f'href="../../reports/{report}/{service}/"' in html


def test_pages_say_when_their_figures_last_changed(built):
    text = " ".join(" ".join(read_page(built.page("reports/2018/hr-od")).text).split())
    assert re.search(r"Figures on this page (last updated: \d{1,2} [A-Z][a-z]+ \d{4}|are from the Portfolio Holder "
                     r"reports published in)", text)


def test_last_changed_falls_back_cleanly_without_full_history(tmp_path):
    from macros.dates import last_changed
    assert last_changed(tmp_path, "data/kpis.yaml") is None  # not a git repository
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(shallow)], check=True)
    assert last_changed(shallow, "data/kpis.yaml") is None


FACTS = [(fact["id"], value) for fact in load("facts.yaml")["facts"] for value in fact["values"]]


@pytest.mark.parametrize("fact, value", FACTS, ids=[f"{f}-{v['period']}-{v['report']}" for f, v in FACTS])
def test_every_fact_is_printed_in_its_report_and_section(built, source_text, fact, value):
    from macros.units import format_stated, parse_figure
    unit = next(f["unit"] for f in load("facts.yaml")["facts"] if f["id"] == fact)
    printed = format_stated(unit, parse_figure(unit, value["value"]), None, value.get("scale"))
    source = " ".join(source_text[value["report"]].split())
    # The reports print some counts without a thousands comma (1046) and some percentages spaced ("85 %").
    variants = {printed, printed.replace(",", ""), printed.replace("%", " %"), printed.removeprefix("£")}
    assert any(variant in source for variant in variants), (printed, fact)
    page, anchor = value["section"].split("#")
    html = built.page(page.removesuffix(".md").removesuffix("/index").removesuffix("index"))
    assert f'id="{anchor}"' in html, value["section"]
