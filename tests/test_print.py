"""On paper: a printed page names the site and its own address, and prints its folded tables whole."""

from __future__ import annotations

import pytest
from browser import MISSING, chromium_available

pytestmark = pytest.mark.skipif(not chromium_available(), reason=MISSING)


@pytest.fixture(scope="module")
def printed(browser, published):
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.emulate_media(media="print")
    yield page, published.url
    page.close()


@pytest.mark.parametrize("path", ["", "kpis/sickness-absence/", "topics/hr-od/", "budgets/"])
def test_a_printed_page_names_the_site_and_its_address(printed, site_model, path):
    page, url = printed
    page.goto(url + path)
    source = page.locator(".print-source")
    assert source.is_visible()
    site_name = page.evaluate("() => document.querySelector('meta[property=\"og:site_name\"]').content")
    assert source.inner_text() == f"{site_name}: {url}{path}"


def test_the_address_line_is_not_on_screen(browser, published):
    page = browser.new_page()
    page.goto(published.url)
    assert not page.locator(".print-source").is_visible()
    page.close()


def test_a_folded_table_is_printed_whole(printed, site_model):
    page, url = printed
    page.goto(url + "budgets/")
    folded = page.locator("details.full-table")
    assert folded.count() >= 1
    for index in range(folded.count()):  # folded on screen, whole on paper
        rows = folded.nth(index).locator("tbody tr").all()
        assert rows and all(row.is_visible() for row in rows)


def test_a_folded_table_is_folded_on_screen(browser, published):
    page = browser.new_page()
    page.goto(published.url + "budgets/")
    assert not page.locator("details.full-table tbody tr").first.is_visible()
    page.close()
