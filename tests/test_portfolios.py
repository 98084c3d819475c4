"""A council of several portfolios: a copy of the project with a second portfolio, Environment and Highways,
and its 2018 report beside Central Services' (two services, a KPI table, a budget table, a fact). Everything
the site works out is per portfolio or says it covers several: the reports are listed by portfolio, each
year's budget is given for each portfolio apart, the performance summary is each portfolio's, and the open
data and search say which portfolio each figure is from. Expectations come from the copy's data."""

from __future__ import annotations

import html as html_lib
import re

import pytest
import yaml
from core_pages import core_html
from helpers import PORTFOLIO, copy_project, report_file
from pages import read_page

from macros.base.errors import DataErrors
from macros.base.model import ReportKey
from macros.base.units import format_pounds
from macros.opendata.datasets import datasets
from macros.read.project import read_site
from macros.search.search_index import page_entry

OTHER = "environment"
TITLE = "Environment and Highways"
SERVICES = {"waste": "Waste and Recycling", "highways": "Highways"}
BUDGETS = {"waste": 5_000_000, "highways": 3_250_000}


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def save(path, document) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def add_second_portfolio(root, *, table_id: str = "waste") -> None:
    """Environment and Highways with its 2018 report, written as an editor would."""
    data = root / "data"
    services = load(data / "services.yaml")
    services["services"] += [{"id": key, "name": name} for key, name in SERVICES.items()]
    save(data / "services.yaml", services)
    portfolios = load(data / "portfolios.yaml")
    portfolios["portfolios"].append({"id": OTHER, "title": TITLE, "services": [{"service": key} for key in SERVICES]})
    save(data / "portfolios.yaml", portfolios)
    kpis = load(data / "kpis.yaml")
    kpis["kpis"].append(
        {
            "id": "household-waste-recycled",
            "title": "% of household waste reused, recycled and composted",
            "service": "waste",
            "unit": "percent",
            "polarity": "higher-is-better",
        }
    )
    save(data / "kpis.yaml", kpis)
    facts = load(data / "facts.yaml")
    section = f"reports/{OTHER}/2018/highways.md#review-of-the-previous-12-months"
    facts["facts"].append(
        {
            "id": "potholes-repaired",
            "title": "Potholes repaired",
            "service": "highways",
            "unit": "count",
            "values": [{"period": "2017/18", "value": 4210, "report": 2018, "section": section}],
        }
    )
    save(data / "facts.yaml", facts)
    save(
        report_file(2018, data, OTHER),
        {
            "id": 2018,
            "title": "Portfolio Holder report 2018",
            "portfolio": OTHER,
            "published": "2018",
            "covers": "2017/18 outturns and 2018/19 budgets",
            "layouts": {
                "outturn": [
                    {"heading": "2017/18 Outturn", "period": "2017/18", "field": "value"},
                    {"heading": "Target", "period": "2017/18", "field": "target"},
                    {"heading": "Performance", "period": "2017/18", "field": "performance"},
                ]
            },
            "kpi_tables": [
                {
                    "id": table_id,
                    "service": "waste",
                    "section": "Performance",
                    "caption": "Waste and Recycling: recycling",
                    "layout": "outturn",
                    "rows": [{"kpi": "household-waste-recycled"}],
                }
            ],
            "results": [
                {
                    "kpi": "household-waste-recycled",
                    "period": "2017/18",
                    "value": 38.2,
                    "target": 40,
                    "performance": "Failed",
                }
            ],
            "budget_tables": [
                {
                    "id": key,
                    "service": key,
                    "year": "2018/19",
                    "section": "Financial information 2018/19",
                    "caption": f"{SERVICES[key]} budget 2018/19",
                    "lines": [{"area": SERVICES[key], "budget": amount, "forecast": amount, "variance": 0}],
                }
                for key, amount in BUDGETS.items()
            ],
        },
    )
    pages = root / "docs" / "reports" / OTHER
    (pages / "2018").mkdir(parents=True)
    (pages / "index.md").write_text(f'# {TITLE}\n\n{{{{ portfolio_page("{OTHER}") }}}}\n', encoding="utf-8")
    (pages / "2018" / "index.md").write_text("# Portfolio Holder report 2018\n\nThe report.\n", encoding="utf-8")
    for key, name in SERVICES.items():
        body = f"# {name}\n\n{{{{ in_this_section() }}}}\n\n## Review of the previous 12 months\n\nWork.\n"
        if key == "waste":
            body += '\n## Performance\n\n{{ kpi_table("waste", report=2018) }}\n'
        body += f'\n## Financial information 2018/19\n\n{{{{ budget_table("{key}", year="2018/19") }}}}\n'
        (pages / "2018" / f"{key}.md").write_text(body, encoding="utf-8")
        (root / "docs" / "topics" / f"{key}.md").write_text(f'# {name}\n\n{{{{ topic_page("{key}") }}}}\n')


def words(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", html)).split())


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("council"))
    add_second_portfolio(root)
    site = read_site(root / "data")
    docs = ["index.md", "reports/index.md", "budgets.md", f"reports/{OTHER}/index.md", f"reports/{OTHER}/2018/waste.md"]
    return root, site, core_html(root, docs)


def test_two_reports_of_one_year_are_two_reports_one_per_portfolio(council):
    _, site, _ = council
    assert ReportKey(2018, OTHER) in site.reports and ReportKey(2018, PORTFOLIO) in site.reports
    assert site.reports[ReportKey(2018, OTHER)].kpi_tables["waste"].service.id == "waste"


def test_the_reports_are_listed_by_portfolio_each_linked_to_its_page(council):
    _, site, pages = council
    listed = words(pages["reports/index.md"])
    for portfolio in site.portfolios.values():
        assert portfolio.title in listed
    assert listed.index(site.portfolios[PORTFOLIO].title) < listed.index(TITLE)  # portfolios.yaml's order
    assert re.search(
        rf'<a href="{OTHER}/index.md"><strong>|<strong><a href="{OTHER}/index.md">', pages["reports/index.md"]
    )


def test_each_years_budget_is_given_for_each_portfolio_never_summed_across_them(council):
    _, site, pages = council
    answers = words(re.search(r'<ul class="answers" id="answers">.*?</ul>', pages["budgets.md"], re.S)[0])
    total = sum(BUDGETS.values())
    assert f"2018/19, {TITLE}: full year budget £{format_pounds(total)}" in answers
    central = sum(
        line["budget"]
        for table in load(report_file(2018, council[0] / "data"))["budget_tables"]
        for line in table["lines"]
    )
    assert f"2018/19, {site.portfolios[PORTFOLIO].title}: full year budget £{format_pounds(central)}" in answers
    assert f"£{format_pounds(total + central)}" not in answers
    table = next(t for t in read_page(pages["budgets.md"]).tables if t.wrapper_id == "budgets-by-service-all")
    labels = [cells[0].text for _, cells in table.rows]
    assert f"Total, every service area of {TITLE} (worked out)" in labels
    assert "Total, every service area (worked out)" not in labels
    # The year's full table: each portfolio's lines, then its own total; no total of both.
    year = next(t for t in read_page(pages["budgets.md"]).tables if t.wrapper_id == "budgets-2018-19")
    totals = [(cells[0].text, cells[2].text) for _, cells in year.rows if cells[0].text.startswith("Total")]
    expected = [
        (f"Total, {p.title} (worked out)", format_pounds(sum(line.budget for t in theirs for line in t.lines)))
        for p in site.portfolios.values()
        if (theirs := [t for t in site.budget_tables_for_year("2018/19") if t.report.portfolio == p.id])
    ]  # every portfolio's, in portfolios.yaml's order (data/ may hold more than these two)
    assert totals == expected
    assert (f"Total, {site.portfolios[PORTFOLIO].title} (worked out)", format_pounds(central)) in totals
    assert (f"Total, {TITLE} (worked out)", format_pounds(total)) in totals


def test_the_performance_summary_is_each_portfolios(council):
    _, site, pages = council
    headings = re.findall(r'<h3 class="portfolio-summary">(.*?)</h3>', pages["index.md"])
    assert [html_lib.unescape(re.sub(r"<[^>]+>", "", h)) for h in headings] == [
        p.title for p in site.portfolios.values()
    ]
    assert 'id="summary-environment-2017-18"' in pages["index.md"]


def test_the_portfolio_page_lists_its_services_and_its_report(council):
    _, _, pages = council
    page = words(pages[f"reports/{OTHER}/index.md"])
    assert all(name in page for name in SERVICES.values())
    assert "The reports do not name the Portfolio Holder." in page
    assert "Portfolio Holder report 2018" in page


def test_a_report_page_shows_its_own_portfolios_table(council):
    _, _, pages = council
    tables = {t.wrapper_id for t in read_page(pages[f"reports/{OTHER}/2018/waste.md"]).tables}
    assert "kpi-2018-waste" in tables


def test_the_open_data_says_which_portfolio_each_figure_is_from(council):
    _, site, _ = council
    found = {dataset.id: dataset for dataset in datasets(site)}
    results = [r for r in found["kpi-results"].records if r["kpi"] == "household-waste-recycled"]
    assert [(r["portfolio"], r["report"]) for r in results] == [(OTHER, 2018)]
    assert {r["portfolio"] for r in found["budgets"].records if r["service"] in SERVICES} == {OTHER}
    assert {(r["portfolio"], r["fact"]) for r in found["facts"].records if r["fact"] == "potholes-repaired"} == {
        (OTHER, "potholes-repaired")
    }
    listed = [p["id"] for p in load(council[0] / "data" / "portfolios.yaml")["portfolios"]]
    assert [r["id"] for r in found["portfolios"].records] == listed and listed[-1] == OTHER


def test_search_says_which_portfolio_a_report_section_is_from(council):
    _, site, _ = council
    assert page_entry(site, f"reports/{OTHER}/2018/waste.md").filters()["portfolio"] == [TITLE]
    assert page_entry(site, "kpis/household-waste-recycled.md").filters()["portfolio"] == [TITLE]


def test_a_kpi_table_id_used_by_another_portfolios_report_of_the_year_is_refused(tmp_path):
    root = copy_project(tmp_path)
    add_second_portfolio(root, table_id="hr-od")
    with pytest.raises(DataErrors) as raised:
        read_site(root / "data")
    messages = [error.message for error in raised.value.errors]
    assert any("already has a KPI table 'hr-od'" in message for message in messages), messages
