"""Ready to move: the core (every layer under macros/edge/) makes the KPI, budget and topic pages from data/
with Python-Markdown alone, in a process that never imports MkDocs, Material or mkdocs-macros
(tests/core_pages.py). Expectations come from data/."""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys

import pytest
import yaml
from helpers import ROOT
from pages import read_page

DATA = ROOT / "data"


def raw(name: str) -> list[dict]:
    """The list a data file holds (data/kpis.yaml's kpis, data/services.yaml's services)."""
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))[name]


def reports() -> list[dict]:
    """Every report, of every portfolio: data/reports/<portfolio>/<year>.yaml."""
    found = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((DATA / "reports").glob("*/*.yaml"))]
    assert found, "no report files in data/reports/<portfolio>/"
    return found


@pytest.fixture(scope="module")
def core():
    kpis = [f"kpis/{kpi['id']}.md" for kpi in raw("kpis")]
    topics = [f"topics/{service['id']}.md" for service in raw("services")]
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests/core_pages.py"), "budgets.md", *kpis, *topics],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_nothing_of_mkdocs_was_imported(core):
    assert core["imported"] == []


def test_each_kpi_page_is_headed_by_its_name_and_shows_every_published_figure(core):
    for kpi in raw("kpis"):
        html = core["pages"][f"kpis/{kpi['id']}.md"]
        results = [result for report in reports() for result in report.get("results", []) if result["kpi"] == kpi["id"]]
        tables = {table.wrapper_id: table for table in read_page(html).tables}
        assert len(tables[f"kpi-history-{kpi['id']}"].rows) == len(results), kpi["id"]
        heading = re.sub(r'<a class="headerlink".*?</a>', "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1])
        assert html_lib.unescape(re.sub(r"<[^>]+>", "", heading)).strip() == kpi.get("name", kpi["title"])


def test_the_budgets_page_has_each_years_lines_and_worked_out_total(core):
    page = read_page(core["pages"]["budgets.md"])
    tables = {table.wrapper_id: table for table in page.tables}
    lines: dict[str, int] = {}
    whose: dict[str, set] = {}  # each year's portfolios: each has its own total where the council has several
    for report in reports():
        for table in report.get("budget_tables", []):
            lines[table["year"]] = lines.get(table["year"], 0) + len(table["lines"])
            whose.setdefault(table["year"], set()).add(report["portfolio"])
    several = len(raw("portfolios")) > 1
    for year, count in lines.items():
        table = tables[f"budgets-{year.replace('/', '-')}"]
        totals = [row for row in table.rows if row[0].get("class") == "total"]
        assert len(table.rows) == count + len(totals), year
        assert len(totals) == (len(whose[year]) if several else 1), year
        assert table.rows[-1][0].get("class") == "total", year


def test_each_topic_page_shows_its_services_indicators(core):
    for service in raw("services"):
        page = read_page(core["pages"][f"topics/{service['id']}.md"])
        reported = {result["kpi"] for report in reports() for result in report.get("results", [])}
        kpis = [kpi for kpi in raw("kpis") if kpi["service"] == service["id"] and kpi["id"] in reported]
        tables = {table.wrapper_id: table for table in page.tables}
        if kpis:
            assert len(tables[f"service-kpis-{service['id']}"].rows) == len(kpis), service["id"]
        else:
            assert f"service-kpis-{service['id']}" not in tables, service["id"]
