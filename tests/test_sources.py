"""Both reports are on the site whole: every heading and every paragraph, in reading order."""

from __future__ import annotations

import re

import pytest
import site_checks
from helpers import PORTFOLIO, ROOT
from mkdocs.utils import yaml_load
from pages import read_page
from sources import headings, missing_paragraphs, normalise_heading

# The PDF split this table row across a page break; the table test checks its title and figures.
SPLIT_BY_PAGE_BREAK = ("No of new apprenticeships started (incl. current staff n/a 8 10 Failed",)


def report_pages(year: int) -> list[str]:
    """The report's pages (the published reports are Central Services'), in the order the navigation gives them."""
    nav = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]

    def walk(items):
        for item in items:
            values = item.values() if isinstance(item, dict) else [item]
            for value in values:
                yield from walk(value) if isinstance(value, list) else [value]

    pages = [path for path in walk(nav) if path.startswith(f"reports/{PORTFOLIO}/{year}/")]
    assert pages, year
    return pages


def page_html(built, path: str) -> str:
    folder = path.removesuffix(".md").removesuffix("index").rstrip("/")
    return built.page(folder)


def test_navigation_lists_every_report_page_and_titles_name_the_report(built):
    site_checks.check_report_navigation(built.site, ROOT / "data")


@pytest.mark.parametrize("year", [2017, 2018])
def test_every_source_heading_is_a_heading_on_the_site_in_order(built, source_text, year):
    site_headings = [
        normalise_heading(text) for path in report_pages(year) for _, text in read_page(page_html(built, path)).headings
    ]
    position = 0
    for heading in headings(source_text[year]):
        wanted = normalise_heading(heading)
        assert wanted in site_headings[position:], f"{heading!r} is missing or out of order"
        position = site_headings.index(wanted, position) + 1


def report_text(built, year: int) -> str:
    text = " ".join(" ".join(read_page(page_html(built, path)).text) for path in report_pages(year))
    return re.sub(r"\(note \d+\)", " ", text)  # note markers added in table rows


@pytest.mark.parametrize("year", [2017, 2018])
def test_every_source_paragraph_is_on_the_site(built, source_text, year):
    missing = missing_paragraphs(source_text[year], report_text(built, year), SPLIT_BY_PAGE_BREAK)
    assert not missing, "\n".join(paragraph[:120] for paragraph in missing)


def test_a_dropped_paragraph_would_be_noticed(built, source_text):
    text = report_text(built, 2018)
    dropped = "Our Single Equality Scheme is currently being refreshed."
    assert dropped in text
    missing = missing_paragraphs(source_text[2018], text.replace(dropped, ""), SPLIT_BY_PAGE_BREAK)
    assert [paragraph[: len(dropped)] for paragraph in missing] == [dropped]
