"""A service renamed, split or merged from a given report (services.yaml's became): HR OD split into HR and
OD from the 2018 report, in a copy of the project. Each KPI figure is shown under the service that reported
it, the budgets page compares the new services as a whole with the old one, and a table left on the old
service, or on a service its portfolio does not hold, is refused. Expectations come from the copy's data."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import yaml
from core_pages import core_html
from helpers import PORTFOLIO, copy_project, report_file, report_years
from pages import read_page

from macros.base.errors import DataErrors
from macros.base.units import format_pounds
from macros.read.project import read_site

NEW = {"hr": "Human Resources", "od": "Organisational Development"}
REPORT_2018 = report_file(2018, Path("data")).as_posix()  # as errors name it


def text(html: str) -> str:
    """A page's words as a reader sees them."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", html)).split())


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def save(path, document) -> None:
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def split_hr_od(data, *, leave_budget_on_hr_od: bool = False) -> dict:
    """HR OD becomes HR and OD from the 2018 report: its KPIs move to HR, its 2018 KPI table is HR's and its
    2018/19 budget is split between HR and OD. Returns the budgets involved."""
    services = load(data / "services.yaml")
    for service in services["services"]:
        if service["id"] == "hr-od":
            service["became"] = {"from": 2018, "services": list(NEW)}
    services["services"] += [{"id": key, "name": name} for key, name in NEW.items()]
    save(data / "services.yaml", services)
    portfolios = load(data / "portfolios.yaml")
    held = portfolios["portfolios"][0]["services"]
    for holding in held:
        if holding["service"] == "hr-od":
            holding["until"] = 2017
    held += [{"service": key, "from": 2018} for key in NEW]
    save(data / "portfolios.yaml", portfolios)
    kpis = load(data / "kpis.yaml")
    for kpi in kpis["kpis"]:
        if kpi["service"] == "hr-od":
            kpi["service"] = "hr"
    save(data / "kpis.yaml", kpis)
    whole, first = 0, ""
    for year in (year for year in report_years(data) if year >= 2018):  # next year's too, in a copy that has it
        report = load(report_file(year, data))
        for table in report["kpi_tables"]:
            if table["service"] == "hr-od":
                table["service"] = "hr"
        (budget,) = [table for table in report["budget_tables"] if table["service"] == "hr-od"]
        amount = budget["lines"][0]["budget"]
        whole, first = (whole, first) if whole else (amount, budget["year"])  # 2018's: the budgets page compares it
        hr_part = amount // 3 * 2
        if not (leave_budget_on_hr_od and year == 2018):
            budget["service"], budget["lines"] = (
                "hr",
                [{"area": "HR", "budget": hr_part, "forecast": hr_part, "variance": 0}],
            )
            report["budget_tables"].append(
                {**budget, "id": "od", "service": "od", "caption": f"OD budget {budget['year']}"}
                | {"lines": [{"area": "OD", "budget": amount - hr_part, "forecast": amount - hr_part, "variance": 0}]}
            )
        save(report_file(year, data), report)
    earlier = load(report_file(2017, data))
    (before,) = [table for table in earlier["budget_tables"] if table["service"] == "hr-od"]
    return {"old": sum(line["budget"] for line in before["lines"]), "new": whole, "year": first}


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("split"))
    budgets = split_hr_od(root / "data")
    for key, name in NEW.items():  # each new service's topic page, as an editor adds it
        (root / "docs" / "topics" / f"{key}.md").write_text(f'# {name}\n\n{{{{ topic_page("{key}") }}}}\n')
    site = read_site(root / "data")
    pages = core_html(root, ["kpis/sickness-absence.md", "budgets.md", "topics/hr-od.md", "topics/hr.md"])
    return site, budgets, pages


def test_each_figure_of_a_kpi_is_shown_under_the_service_that_reported_it(split):
    site, _, pages = split
    html = pages["kpis/sickness-absence.md"]
    (history,) = [table for table in read_page(html).tables if table.wrapper_id == "kpi-history-sickness-absence"]
    headings = [cell.text for cell in history.head]
    assert "Reported by" in headings
    column = headings.index("Reported by")
    reported = [(cells[0].text, cells[column].text) for _, cells in history.rows]
    old = site.services["hr-od"].name
    results = site.timeline("sickness-absence")
    # With several portfolios, each figure says its portfolio too.
    of = f" ({site.portfolios[PORTFOLIO].title})" if len(site.portfolios) > 1 else ""
    expected = [(r.period.label, (old if r.report.year == 2017 else NEW["hr"]) + of) for r in results]
    assert [by for _, by in reported] == [by for _, by in expected]
    assert f"Its figures in the 2017 report were reported by {old}." in text(html)
    assert re.search(r'Its figures in the 2017 report were reported by\s+<a href="[^"]*hr-od\b', html)


def test_the_budgets_page_compares_the_new_services_as_a_whole_with_the_old_one(split):
    site, budgets, pages = split
    page = read_page(pages["budgets.md"])
    (table,) = [table for table in page.tables if table.wrapper_id == "budgets-by-service-all"]
    old = site.services["hr-od"].name
    label = f"Total, {NEW['hr']} and {NEW['od']} (was {old}) (worked out)"
    (row,) = [cells for _, cells in table.rows if cells[0].text == label]
    assert [cell.text for cell in row[1:]] == [
        budgets["year"],
        format_pounds(budgets["new"]),
        format_pounds(budgets["new"] - budgets["old"]),
    ]
    assert f"{old} became {NEW['hr']} and {NEW['od']} from the 2018 report" in text(pages["budgets.md"])


def test_the_topic_pages_say_what_the_service_became_and_what_it_was(split):
    site, _, pages = split
    became = f"From the 2018 report, its work is reported by {NEW['hr']} and {NEW['od']}."
    assert became in text(pages["topics/hr-od.md"])
    assert re.search(r'its work is reported by\s+<a href="[^"]*\bhr\b[^"]*">', pages["topics/hr-od.md"])
    was = f"Before the 2018 report, its work was reported by {site.services['hr-od'].name}."
    assert was in text(pages["topics/hr.md"])


def test_a_table_left_on_the_old_service_is_refused_naming_the_new_ones(tmp_path):
    root = copy_project(tmp_path)
    split_hr_od(root / "data", leave_budget_on_hr_od=True)
    with pytest.raises(DataErrors) as raised:
        read_site(root / "data")
    (error,) = raised.value.errors
    assert error.file == REPORT_2018 and error.field.startswith("budget_tables[")
    assert "became hr, od from the 2018 report" in error.message


def test_a_table_on_a_service_its_portfolio_does_not_hold_that_year_is_refused(tmp_path):
    root = copy_project(tmp_path)
    data = root / "data"
    portfolios = load(data / "portfolios.yaml")
    for holding in portfolios["portfolios"][0]["services"]:
        if holding["service"] == "legal-services":
            holding["from"] = 2019
    save(data / "portfolios.yaml", portfolios)
    with pytest.raises(DataErrors) as raised:
        read_site(data)
    tables = [
        error
        for error in raised.value.errors
        if error.file == str(report_file(2018, root / "data")).split(f"{root}/")[1]
    ]
    assert tables and all("does not hold the service 'legal-services' in 2018" in error.message for error in tables)
    assert all("'legal-services'" in error.message for error in raised.value.errors)  # its facts too, nothing else
