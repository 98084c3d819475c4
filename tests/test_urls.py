"""Every address the macros write comes from macros/workings/urls.py, with directory URLs (the published site)
and without them (the preview that opens from disk)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from helpers import PORTFOLIO, key

from macros.render.context import Build, PageContext
from macros.render.tables import table_html
from macros.workings.tabular import Row, TableData
from macros.workings.urls import (
    PUBLISHED,
    Urls,
    budget_table_anchor,
    budget_year_anchor,
    budgets_by_service_anchor,
    doc_link,
    kpi_table_anchor,
    page_address,
    portfolio_doc,
    relative_url,
    report_doc,
    report_section_doc,
    way_to_root,
)

DOCS = [
    "index.md",
    "kpis/index.md",
    "kpis/sickness-absence.md",
    "topics/hr-od.md",
    f"reports/{PORTFOLIO}/index.md",
    f"reports/{PORTFOLIO}/2018/index.md",
    f"reports/{PORTFOLIO}/2018/hr-od.md",
    "budgets.md",
]


@pytest.mark.parametrize(
    "doc, published, preview",
    [
        ("index.md", "", "index.html"),
        ("kpis/sickness-absence.md", "kpis/sickness-absence/", "kpis/sickness-absence.html"),
        ("topics/index.md", "topics/", "topics/index.html"),
        (
            f"reports/{PORTFOLIO}/2018/hr-od.md#kpi-2018-hr-od",
            f"reports/{PORTFOLIO}/2018/hr-od/#kpi-2018-hr-od",
            f"reports/{PORTFOLIO}/2018/hr-od.html#kpi-2018-hr-od",
        ),
    ],
)
def test_a_page_address_follows_use_directory_urls(doc, published, preview):
    assert page_address(doc, True) == published
    assert page_address(doc, False) == preview


@pytest.mark.parametrize(
    "page_url, way",
    [
        ("", ""),
        ("index.html", ""),
        ("budgets/", "../"),
        ("budgets.html", ""),
        (f"reports/{PORTFOLIO}/2018/hr-od/", "../../../../"),
        (f"reports/{PORTFOLIO}/2018/hr-od.html", "../../../"),
        ("kpis/index.html", "../"),
    ],
)
def test_the_way_to_the_root_counts_folders_not_pages(page_url, way):
    assert way_to_root(page_url) == way


def test_published_addresses_are_the_ones_the_site_always_had():
    topic = Urls.for_page("topics/hr-od/", directory_urls=True)
    assert topic.kpi("sickness-absence") == "../../kpis/sickness-absence/"
    assert topic.topic("legal-services") == "../../topics/legal-services/"
    assert PUBLISHED.kpi_table(key(2018), "hr-od", "hr-od") == f"reports/{PORTFOLIO}/2018/hr-od/#kpi-2018-hr-od"
    assert PUBLISHED.page(f"reports/{PORTFOLIO}/2018/hr-od.md#performance") == (
        f"reports/{PORTFOLIO}/2018/hr-od/#performance"
    )
    assert topic.table_download("kpi-2018-hr-od", "csv") == "../../data/tables/kpi-2018-hr-od.csv"
    assert topic.dataset("facts", "json") == "../../data/facts.json"


def test_preview_addresses_name_html_files():
    kpi_page = Urls.for_page("kpis/sickness-absence.html", directory_urls=False)
    assert kpi_page.topic("hr-od") == "../topics/hr-od.html"
    assert kpi_page.report_section(key(2018), "hr-od") == f"../reports/{PORTFOLIO}/2018/hr-od.html"
    assert kpi_page.kpi_table(key(2018), "hr-od", "hr-od") == f"../reports/{PORTFOLIO}/2018/hr-od.html#kpi-2018-hr-od"
    assert (
        kpi_page.table_download("kpi-history-sickness-absence", "json")
        == "../data/tables/kpi-history-sickness-absence.json"
    )
    home = Urls.for_page("index.html", directory_urls=False)
    assert home.kpi("sickness-absence") == "kpis/sickness-absence.html"
    assert home.dataset("kpi-results", "csv") == "data/kpi-results.csv"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_relative_address_reaches_the_page_mkdocs_made(directory_urls):
    for here in DOCS:
        urls = Urls.for_page(page_address(here, directory_urls), directory_urls)
        for there in DOCS:
            reached = urljoin("http://site/" + page_address(here, directory_urls), urls.page(there))
            assert reached == "http://site/" + page_address(there, directory_urls), (here, there)


def test_a_reports_pages_are_filed_under_its_portfolio_then_its_year():
    assert portfolio_doc(PORTFOLIO) == f"reports/{PORTFOLIO}/index.md"
    assert report_doc(key(2018)) == f"reports/{PORTFOLIO}/2018/index.md"
    assert report_section_doc(key(2017), "hr-od") == f"reports/{PORTFOLIO}/2017/hr-od.md"
    assert report_section_doc(key(2018), "hr-od", "performance") == f"reports/{PORTFOLIO}/2018/hr-od.md#performance"


def test_table_anchors_are_made_in_one_place():
    assert kpi_table_anchor(key(2018), "hr-od") == "kpi-2018-hr-od"  # the year only, as the site always had
    assert budget_table_anchor("2018/19", "legal-services") == "budget-2018-19-legal-services"
    assert budget_year_anchor("2017/18") == "budgets-2017-18"
    assert budgets_by_service_anchor(None) == "budgets-by-service-all"


def test_markdown_links_name_the_file_in_docs():
    assert (
        doc_link(f"reports/{PORTFOLIO}/2018/hr-od.md#kpi-2018-hr-od", "kpis/sickness-absence.md")
        == f"../reports/{PORTFOLIO}/2018/hr-od.md#kpi-2018-hr-od"
    )
    assert doc_link("topics/hr-od.md", "index.md") == "topics/hr-od.md"


def test_a_table_links_its_rows_and_downloads_for_either_setting():
    table = TableData(
        "kpi-2018-hr-od", "KPIs", "KPI", (), (Row("Sickness", (), link="kpis/sickness-absence.md"),), "a report"
    )
    published, preview = str(table_html(table, "../../../")), str(table_html(table, "../../", directory_urls=False))
    assert 'href="../../../kpis/sickness-absence/"' in published
    assert 'href="../../../data/tables/kpi-2018-hr-od.csv"' in published
    assert 'href="../../kpis/sickness-absence.html"' in preview
    assert 'href="../../data/tables/kpi-2018-hr-od.csv"' in preview


def test_a_page_knows_its_setting_from_the_build_or_else_from_its_own_address(site_model, tmp_path):
    build = Build(site_model, frozenset())
    doc = f"reports/{PORTFOLIO}/2018/hr-od.md"
    assert PageContext(build, f"reports/{PORTFOLIO}/2018/hr-od.html", doc).urls == Urls(False, "../../../")
    assert PageContext(build, f"reports/{PORTFOLIO}/2018/hr-od/", doc).urls == Urls(True, "../../../../")
    told = Build(site_model, frozenset(), directory_urls=False)
    assert PageContext(told, "kpis/", "kpis/index.md").urls.kpi("x") == "../kpis/x.html"  # the build's word wins


ADDRESSES = [
    *DOCS,
    "README.md",
    "reports/README.md",
    "a folder/a page with spaces.md",
    "café/naïve.md",
    "kpis/index.md#top",
    "data/tables/kpi-2018-hr-od.csv",
    "assets/index.html",
    "robots.txt",
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_addresses_follow_mkdocs_own_rule(directory_urls):
    """The core makes every address without MkDocs; here MkDocs itself says what they must be."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    for doc in ADDRESSES:
        target, _, anchor = doc.partition("#")
        url = File(target, None, "", directory_urls).url
        url = "" if url == "./" else url
        assert page_address(doc, directory_urls) == (f"{url}#{anchor}" if anchor else url), doc
    pages = [page_address(doc, directory_urls) for doc in ADDRESSES] + ["./", "/x/y/", "a/../b/", "a/./b.html"]
    for url in pages:
        for other in pages:
            assert relative_url(url, other) == get_relative_url(url, other), (url, other)
