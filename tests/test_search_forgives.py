"""Search as residents type, key by key: typos, everyday phrasing and the glossary's everyday words find the
answer first; for a KPI the latest report's table ranks above an older report's.

The answers are found in data/: the KPI whose printed title holds the word meant, and the budget line of
the service area the glossary's everyday word names."""

from __future__ import annotations

import pytest
from browser import MISSING, chromium_available, serve
from site_checks import report_folder

from macros.workings.urls import PUBLISHED

pytestmark = pytest.mark.skipif(not chromium_available(), reason=MISSING)


@pytest.fixture(scope="module")
def search_page(browser, built):
    with serve(built.site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        yield page
        page.close()


def search(page, query: str) -> list[str]:
    """Type a query into the header's box key by key; the results' addresses, from the site's root."""
    box = page.get_by_role("searchbox", name="Search the site")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=30)
    page.wait_for_function(
        "q => document.querySelector('.site-search__status').textContent.includes('“' + q + '”')", arg=query
    )
    hrefs = page.locator(".site-search__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.lstrip("/") for href in hrefs]


def kpi_titled(site_model, word: str) -> str:
    """The page of the one KPI whose printed title holds the word."""
    (kpi,) = [kpi for kpi in site_model.kpis.values() if word in kpi.title.lower().split()]
    return PUBLISHED.kpi(kpi.id)


def test_a_misspelt_word_finds_its_kpi_first(search_page, site_model):
    found = search(search_page, "apprentiships")
    assert found[0] == kpi_titled(site_model, "apprenticeships")
    assert "apprenticeships" in search_page.locator(".site-search__status").inner_text()  # says what it searched


@pytest.mark.parametrize("query", ["is sickness getting better", "staff off sick"])
def test_everyday_phrasing_about_sickness_finds_the_sickness_absence_kpi_first(search_page, site_model, query):
    (kpi,) = [kpi for kpi in site_model.kpis.values() if "sickness absence" in kpi.title.lower()]
    assert search(search_page, query)[0] == PUBLISHED.kpi(kpi.id)


def test_how_much_elections_cost_finds_the_electoral_services_budget_first(search_page, site_model):
    # The glossary's term whose everyday words include "elections" is a budget line's service area.
    (term,) = [t for t in site_model.glossary.values() if "elections" in t.search_words]
    tables = [
        table
        for report in site_model.reports.values()
        for table in report.budget_tables.values()
        if any(line.area == term.term for line in table.lines)
    ]
    assert tables
    first = search(search_page, "how much do elections cost")[0]
    # Each table where its report printed it: reports/<portfolio>/<year>/<service>/#budget-<year>-<table>.
    anchors = [f"{report_folder(t.report)}/{t.service.id}/#budget-{t.year.replace('/', '-')}-{t.id}" for t in tables]
    assert any(first.startswith(anchor + "--") for anchor in anchors), first


def test_a_kpis_latest_report_table_ranks_above_an_older_reports(search_page, site_model):
    checked = 0
    for kpi in site_model.kpis.values():
        tables = [  # reports/<portfolio>/<year>/<service>/#kpi-<year>-<table>, the oldest report first
            f"{report_folder(report.id)}/{table.service.id}/#kpi-{report.id.year}-{table.id}"
            for report in sorted(site_model.reports.values(), key=lambda report: report.id)
            for table in report.kpi_tables.values()
            if any(row.kpi.id == kpi.id for row in table.rows)
        ]
        if len(tables) < 2:
            continue
        found = search(search_page, kpi.title)
        assert tables[-1] in found, (kpi.id, found)
        for older in tables[:-1]:
            if older in found:
                assert found.index(tables[-1]) < found.index(older), (kpi.id, found)
                checked += 1
    assert checked  # some KPI's older table was among the results, below the latest


def test_a_kpi_result_shows_its_status_as_its_page_gives_it(search_page, site_model, built):
    search(search_page, "apprentiships")
    answer = search_page.locator(".site-search__result").first.locator(".site-search__answer").inner_text()
    page = built.page(kpi_titled(site_model, "apprenticeships").rstrip("/"))
    status = page.split('<span class="figure-status">', 1)[1].split("</span>", 1)[0]
    assert status in answer
