"""Next year's report, scaffolded and filled in as an editor would, passes the check, builds
strictly, and every site-wide page follows the data, as it does for today's reports.

One copy of the project: `python -m macros.tools.scaffold <portfolio> <year after its newest report>`, every
empty figure filled with invented but consistent numbers and every TODO replaced (filled_year),
then the real check and the real strict build, then the same site-wide checks as the real site.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import site_checks
from filled_year import empty_fields, fill_year, read_report
from helpers import NEXT, PORTFOLIO, PUBLISHED_REPORTS, ROOT, Build, copy_project, key, mkdocs_build, report_file
from pages import read_page

from macros.read.project import load_site


@dataclass
class NewYear:
    project: Path
    year: int
    scaffolded: dict  # the new report's data as the scaffold wrote it
    check: subprocess.CompletedProcess
    build: Build

    @property
    def data(self) -> Path:
        return self.project / "data"


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def new_year(tmp_path_factory) -> NewYear:
    tmp = tmp_path_factory.mktemp("new-year")
    project = tmp / "project"
    copy_project(project)
    year = NEXT
    scaffold = run(project, "macros.tools.scaffold", PORTFOLIO, str(year))
    assert scaffold.returncode == 0, scaffold.stderr
    scaffolded = read_report(report_file(year, project / "data"))
    fill_year(project, year, load_site(ROOT / "data"))
    check = run(project, "macros.tools.check", str(project / "data"))
    return NewYear(project, year, scaffolded, check, mkdocs_build(project, tmp / "site"))


def test_the_scaffold_leaves_figures_to_fill_and_the_editor_fills_them_all(new_year):
    assert empty_fields(new_year.scaffolded)
    assert empty_fields(read_report(report_file(new_year.year, new_year.data))) == []
    assert not [
        page
        for page in (new_year.project / "docs").rglob("*.md")
        if "TODO:" in page.read_text(encoding="utf-8") and "guide" not in page.parts
    ]


def test_the_filled_year_passes_the_check(new_year):
    assert new_year.check.returncode == 0, new_year.check.stderr
    reports = len(site_checks.report_files(new_year.data))  # every portfolio's, the new one with them
    assert reports == len(site_checks.report_files(ROOT / "data")) + 1
    assert re.search(rf"sound \({reports} reports", new_year.check.stdout), new_year.check.stdout


def test_the_filled_year_builds_strictly_and_cleanly(new_year):
    assert new_year.build.returncode == 0, new_year.build.output
    assert "WARNING" not in new_year.build.output and "ERROR" not in new_year.build.output


def test_the_new_report_reaches_the_site_wide_pages(new_year):
    """The new figures are on the home page, the budgets page and the downloads, so the checks below see them."""
    site, year = new_year.build.site, new_year.year
    budget_year = f"{year}/{(year + 1) % 100:02d}"
    assert f"Source: Portfolio Holder report {year}" in site_checks.visible_text(site, "")
    assert f"Budgets {budget_year}" in [text for _, text in read_page(site_checks.page_html(site, "budgets")).headings]
    downloaded = csv.DictReader(io.StringIO((site / "data/kpi-results.csv").read_text(encoding="utf-8")))
    assert (PORTFOLIO, str(year)) in {(row["portfolio"], row["report"]) for row in downloaded}


def test_the_published_reports_still_count_22_kpi_rows_and_18_budget_rows(new_year):
    site = load_site(new_year.data)
    reports = [site.reports[key(report)] for report in PUBLISHED_REPORTS]
    assert sum(len(table.rows) for report in reports for table in report.kpi_tables.values()) == 22
    assert (
        sum(len(table.lines) + table.has_total for report in reports for table in report.budget_tables.values()) == 18
    )


def test_the_published_reports_pages_are_unchanged_by_a_new_year(built, new_year):
    for report in PUBLISHED_REPORTS:
        pages = sorted((ROOT / f"docs/reports/{PORTFOLIO}/{report}").glob("*.md"))
        assert pages, report
        for page in pages:
            path = f"reports/{PORTFOLIO}/{report}" + ("" if page.stem == "index" else f"/{page.stem}")
            before, after = (read_page(site_checks.page_html(site, path)) for site in (built.site, new_year.build.site))
            assert [(t.wrapper_id, t.caption, site_checks.body_rows(t)) for t in after.tables] == [
                (t.wrapper_id, t.caption, site_checks.body_rows(t)) for t in before.tables
            ], path
            assert after.headings == before.headings, path


@pytest.mark.parametrize(
    "check", site_checks.SITE_CHECKS, ids=[check.__name__.removeprefix("check_") for check in site_checks.SITE_CHECKS]
)
def test_site_wide_pages_follow_the_data_after_a_new_year(new_year, check):
    assert new_year.build.returncode == 0, new_year.build.output
    check(new_year.build.site, new_year.data)
