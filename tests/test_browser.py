"""The built site in headless Chromium: accessibility, search, phone layout, privacy and print."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
import site_checks
from browser import MISSING, chromium_available, serve
from helpers import PORTFOLIO, ROOT, key
from site_checks import period_when

from macros.base.units import figure_with_unit
from macros.render.cards import key_figure
from macros.workings.trends import latest_value
from macros.workings.urls import PUBLISHED

pytestmark = pytest.mark.skipif(not chromium_available(), reason=MISSING)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.fixture(scope="session")
def site_url(built):
    with serve(built.site) as url:
        yield url


def every_page(built) -> list[str]:
    return sorted(
        path.parent.relative_to(built.site).as_posix().removeprefix(".") + "/"
        if path.name == "index.html"
        else path.relative_to(built.site).as_posix()
        for path in built.site.rglob("*.html")
    )


def old_addresses() -> dict[str, str]:
    """The addresses pages had before reports were filed by portfolio, each a page that sends the reader on
    (mkdocs.yml's redirects), and the page's address now: "reports/2018/hr-od/" -> "reports/central-services/…"."""
    return {
        site_checks.doc_address(old): site_checks.doc_address(new)
        for old, new in site_checks.redirects(ROOT / "data").items()
    }


@pytest.fixture(scope="session")
def pages(built) -> list[str]:
    """Every page; not the old addresses, which only send the reader on to a page visited here (each is
    followed below)."""
    found = [path for path in every_page(built) if path not in old_addresses()]
    assert len(found) > 40 and set(old_addresses().values()) <= set(found)
    return found


@pytest.fixture(scope="session")
def visits(browser, site_url, pages):
    """Each page at phone and desktop width: axe violations, width overflow and other hosts asked."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    results = {}
    for name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request, requested=requested: requested.append(request.url))
        for path in pages:
            requested.clear()
            response = page.goto(site_url + path.lstrip("/"), wait_until="networkidle")
            report = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            # Each data table's box: how far its table runs past it (a figure cut off or behind a scroll).
            tables = page.evaluate(TABLE_OVERFLOW)
            results[(name, path)] = {
                "status": response.status,
                "violations": [
                    (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in report.response["violations"]
                ],
                "overflow": overflow,
                "tables": tables,
                "other_hosts": sorted(
                    {
                        urlparse(url).netloc
                        for url in requested
                        if urlparse(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")
                    }
                ),
            }
        context.close()
    return results


TABLE_OVERFLOW = """[...document.querySelectorAll('.data-table__scroll')].map(box => {
    const table = box.querySelector('table');
    return [box.parentElement.id, Math.max(box.scrollWidth - box.clientWidth,
                                           table.getBoundingClientRect().width - box.clientWidth)];
})"""


def test_every_page_loads(visits):
    assert {key: v["status"] for key, v in visits.items() if v["status"] != 200} == {}


def test_no_axe_violations_at_wcag_22_aa_on_any_page_or_width(visits):
    failures = {f"{width} {path}": v["violations"] for (width, path), v in visits.items() if v["violations"]}
    assert failures == {}


def test_no_page_scrolls_sideways_on_a_phone(visits):
    assert {path: v["overflow"] for (width, path), v in visits.items() if width == "phone" and v["overflow"] > 0} == {}


def test_every_data_table_fits_its_column_at_phone_and_desktop_widths(visits):
    tables = sum(len(v["tables"]) for v in visits.values())
    assert tables > 100
    cut_off = {f"{w} {p}": [(t, px) for t, px in v["tables"] if px > 1] for (w, p), v in visits.items()}
    assert {key: found for key, found in cut_off.items() if found} == {}


def test_on_a_phone_a_table_reflows_but_is_still_a_table_with_each_figure_labelled(browser, site_url):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(site_url + f"reports/{PORTFOLIO}/2018/hr-od/", wait_until="load")
    table = page.locator("#kpi-2018-hr-od table")
    headings = table.locator("thead th").all_inner_texts()
    first = table.locator("tbody tr").first
    cells = first.locator("td")
    # Seen: each figure beside its column's heading (the header row is out of sight).
    assert [cells.nth(i).evaluate("c => getComputedStyle(c, '::before').content") for i in range(cells.count())] == [
        f'"{heading}" / ""' for heading in headings[1:]
    ]
    assert table.locator("thead").bounding_box()["height"] <= 1
    # Heard: still a table with column headers, a row header and cells, each cell read once.
    tree = table.aria_snapshot()
    assert tree.startswith("- 'table \"HR OD: sickness absence\"'")
    assert all(f'columnheader "{heading}"' in tree for heading in headings)
    assert "rowheader" in tree
    figure = cells.first.inner_text().split("\n")[-1].strip()
    assert f'cell "{figure}"' in tree
    page.close()


def test_no_page_asks_another_host_for_anything(visits):
    assert {f"{w} {p}": v["other_hosts"] for (w, p), v in visits.items() if v["other_hosts"]} == {}


def test_an_old_address_takes_the_reader_to_the_page_at_its_new_address_and_anchor(browser, site_url):
    moved = old_addresses()
    assert "reports/2018/hr-od/" in moved and "reports/2017/" in moved
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for old, new in moved.items():
        page.goto(site_url + old, wait_until="commit")
        page.wait_for_url(site_url + new)
        page.wait_for_load_state("load")
        assert page.locator("article h1").count() == 1, old
        assert old.replace("reports/", f"reports/{PORTFOLIO}/", 1) == new, old  # the same page, filed by portfolio
    page.goto(site_url + "reports/2018/hr-od/#kpi-2018-hr-od", wait_until="commit")
    page.wait_for_url(site_url + f"reports/{PORTFOLIO}/2018/hr-od/#kpi-2018-hr-od")
    page.close()


# --- search ------------------------------------------------------------------------------------
# What a resident types, typed key by key; the pages that answer it are worked out from data/.

WORD_QUERIES = (
    "sickness",
    "FOI",
    "freedom of information",
    "complaints upheld",
    "MyAccount",
    "agency staff",
    "apprentices",
)
FIGURE = 9828491  # a figure as published, typed three ways below
BUDGET_AREA = "Electoral Services"  # a service area with a budget line in data/


def stems(text: str) -> list[str]:
    return [word.casefold().removesuffix("s") for word in re.findall(r"[A-Za-z]+", text)]


def names(title: str, query: str) -> bool:
    """Whether a title holds every word of the query (a word may be the start of a longer one)."""
    words = stems(title)
    return all(any(word.startswith(stem) for word in words) for stem in stems(query))


def answering_pages(site_model, query: str) -> set[str]:
    """The pages with the answer: each KPI whose title names the query, and the report section that
    states the latest value of each fact whose title does."""
    pages = {PUBLISHED.kpi(kpi.id) for kpi in site_model.kpis.values() if names(kpi.title, query)}
    pages |= {
        PUBLISHED.page(fact.latest.section.split("#")[0])
        for fact in site_model.facts.values()
        if names(fact.title, query)
    }
    assert pages, query
    return pages


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


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).hostname))
    page.goto(site_url, wait_until="networkidle")
    yield page
    page.close()
    assert set(hosts) == {"127.0.0.1"}


@pytest.mark.parametrize("query", WORD_QUERIES)
def test_search_typed_key_by_key_puts_a_page_with_the_answer_first(search_page, site_model, query):
    found = search(search_page, query)
    assert found, query
    assert found[0].partition("#")[0] in answering_pages(site_model, query), (query, found[:3])


@pytest.mark.parametrize("typed", [str(FIGURE), f"{FIGURE:,}", f"£{FIGURE / 1e6:.1f}m"])
def test_a_figure_typed_as_residents_write_it_finds_the_table_that_prints_it_first(search_page, site_model, typed):
    (result,) = [r for report in site_model.reports.values() for r in report.results if r.value == FIGURE]
    table = site_model.table_for(result)
    address = f"{site_checks.report_folder(result.report)}/{table.service.id}/#kpi-{result.report.year}-{table.id}"
    assert search(search_page, typed)[0] == address


def test_the_budget_of_a_named_service_area_is_the_first_result(search_page, site_model):
    tables = [
        table
        for report in site_model.reports.values()
        for table in report.budget_tables.values()
        if any(line.area == BUDGET_AREA for line in table.lines)
    ]
    assert tables
    first = search(search_page, f"{BUDGET_AREA} budget")[0]
    anchors = [
        f"{site_checks.report_folder(t.report)}/{t.service.id}/#budget-{t.year.replace('/', '-')}-{t.id}"
        for t in tables
    ]
    assert any(first.startswith(anchor) for anchor in anchors), first


def test_a_kpi_result_shows_its_latest_figure_as_the_kpi_page_prints_it(search_page, site_model, site_url, browser):
    kpi = site_model.kpis["sickness-absence"]
    latest = latest_value(site_model, kpi.id)
    figure = figure_with_unit(kpi.unit, latest.value)
    search(search_page, "sickness absence")  # "sickness" alone names two KPIs equally
    result = search_page.locator(".site-search__result").first
    assert result.locator(".site-search__link").inner_text() == (kpi.name or kpi.title)
    assert result.locator(".site-search__figure").inner_text() == figure
    answer = result.locator(".site-search__answer").inner_text()
    assert answer.startswith(f"{figure} {period_when(latest.period)}.")
    assert key_figure(site_model, kpi.id).target in answer
    kpi_page = browser.new_page()
    kpi_page.goto(site_url + PUBLISHED.kpi(kpi.id))
    printed = kpi_page.locator("h2:has-text('Latest figure') + p").inner_text()
    kpi_page.close()
    assert printed.startswith(f"{figure} {period_when(latest.period)}")


def test_a_report_section_result_says_which_report_it_is_from(search_page, site_model):
    search(search_page, "service overview")
    results = search_page.locator(".site-search__result")
    sections = 0
    for number in range(results.count()):
        href = results.nth(number).locator(".site-search__link").get_attribute("href")
        section = re.search(r"/reports/([a-z0-9-]+)/(\d{4})/", href)  # reports/<portfolio>/<year>/<service>/
        if not section:
            continue
        sections += 1
        report = site_model.reports[key(int(section[2]), section[1])]
        assert report.title in results.nth(number).locator(".site-search__where").inner_text(), href
    assert sections >= 2


def test_filters_narrow_the_results_by_kind_and_report(search_page):
    search(search_page, "budget")
    every = search_page.locator(".site-search__result").count()
    total = count_in(search_page)
    toggle = search_page.get_by_role("button", name="Filter the results")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    search_page.get_by_label("Kind", exact=True).select_option("Budget")
    search_page.wait_for_function(  # the filtered count, once the search is done (not "Searching…")
        """total => { const text = document.querySelector('.site-search__status').textContent;
        return /^(\\d+ results? for|No results)/.test(text) && !text.startsWith(total + ' '); }""",
        arg=total,
    )
    kinds = search_page.locator(".site-search__where").all_inner_texts()
    assert 0 < count_in(search_page) < total and every >= len(kinds)
    assert all(kind.startswith("Budget") for kind in kinds)
    search_page.get_by_label("Report", exact=True).select_option("2017")
    search_page.wait_for_function(  # the results once the filter is applied: each from the 2017 report
        """() => { const where = [...document.querySelectorAll('.site-search__where')].map(e => e.textContent);
        return where.length > 0 && where.every(text => text.includes('Portfolio Holder report 2017')); }"""
    )
    assert all(
        "Portfolio Holder report 2017" in text for text in search_page.locator(".site-search__where").all_inner_texts()
    )
    search_page.get_by_label("Kind", exact=True).select_option("")
    search_page.get_by_label("Report", exact=True).select_option("")


def test_the_portfolio_filter_is_offered_where_there_are_several_and_keeps_to_one(search_page, site_model):
    search(search_page, "budget")
    toggle = search_page.get_by_role("button", name="Filter the results")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    search_page.get_by_label("Kind", exact=True).wait_for()
    chooser = search_page.get_by_label("Portfolio", exact=True)
    portfolios = list(site_model.portfolios.values())
    if len(portfolios) < 2:
        assert chooser.count() == 0  # a site of one portfolio offers no choice of it
        return
    offered = chooser.locator("option").all_inner_texts()
    assert offered[0] == "Any portfolio" and sorted(offered[1:]) == sorted(p.title for p in portfolios)
    total = count_in(search_page)
    for portfolio in portfolios:
        chooser.select_option(portfolio.title)
        search_page.wait_for_function(  # every report section in the results is of that portfolio's reports
            """folder => { const links = [...document.querySelectorAll('.site-search__link')].map(a => a.href);
            const status = document.querySelector('.site-search__status').textContent;
            return /^(\\d+ results? for|No results)/.test(status) && links.length > 0
              && links.filter(href => /\\/reports\\/[a-z0-9-]+\\/\\d{4}\\//.test(href))
                      .every(href => href.includes(folder)); }""",
            arg=f"/reports/{portfolio.id}/",
        )
        assert count_in(search_page) < total, portfolio.id  # the other portfolio's budgets are left out
    chooser.select_option("")


def count_in(page) -> int:
    return int(re.match(r"(\d+) results?", page.locator(".site-search__status").inner_text())[1])


def test_the_first_page_view_fetches_nothing_of_search_and_the_first_query_little(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    fetched: list = []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.goto(site_url + f"reports/{PORTFOLIO}/2018/hr-od/", wait_until="networkidle")
    assert [r.url for r in fetched if "/pagefind/" in r.url] == []
    before = len(fetched)
    search(page, "sickness")
    page.wait_for_load_state("networkidle")
    query = [r for r in fetched[before:] if "/pagefind/" in r.url]
    size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in query)
    page.close()
    print(f"first query: {len(query)} requests, {size / 1024:.0f} KB")
    assert any(r.url.endswith(".pf_fragment") for r in query)
    assert not any(r.url.endswith(".pf_filter") for r in query)  # the filters load when asked for
    assert size < 250 * 1024


def test_search_by_keyboard_alone_moves_focus_sensibly_and_shows_it(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + f"reports/{PORTFOLIO}/2018/hr-od/")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-input":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-input"
    assert focus_is_visible(page)
    page.keyboard.type("sickness absence", delay=30)
    page.wait_for_selector(".site-search__result")
    page.keyboard.press("Enter")
    first = page.locator(".site-search__link").first
    assert first.evaluate("a => a === document.activeElement")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    assert page.locator(".site-search__link").nth(1).evaluate("a => a === document.activeElement")
    page.keyboard.press("Escape")
    assert page.locator("#site-search-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "site-search-input"
    page.keyboard.press("Enter")  # the results again, and the first of them
    assert first.evaluate("a => a === document.activeElement") and page.locator("#site-search-panel").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/kpis/sickness-absence/")
    page.close()


def focus_is_visible(page) -> bool:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")


@pytest.mark.parametrize("width", WIDTHS.values())
def test_no_axe_violations_with_search_results_open(browser, site_url, width):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site_url + f"reports/{PORTFOLIO}/2018/hr-od/", wait_until="networkidle")
    search(page, "budget")
    assert page.locator(".site-search__result").first.is_visible()
    report = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in report.response["violations"]] == []
    assert overflow <= 0


# --- keyboard and print ----------------------------------------------------------------------


def test_skip_link_is_the_first_thing_a_keyboard_reaches_and_focus_is_visible(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + f"reports/{PORTFOLIO}/2018/hr-od/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {text: e.textContent.trim(), href: e.getAttribute('href'), outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
    page.close()
    assert focused["text"] == "Skip to content" and focused["href"].startswith("#")
    assert focused["outline"] != "none" and focused["width"] > 0 or focused["shadow"] != "none"


def test_report_page_prints_with_its_tables_and_without_navigation(browser, site_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(site_url + f"reports/{PORTFOLIO}/2017/improvement-service/", wait_until="networkidle")
    pdf = page.pdf(format="A4", print_background=False)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.site-search']
        .map(s => document.querySelector(s)).filter(Boolean).every(e => getComputedStyle(e).display === 'none')""")
    page.close()
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf)).pages)
    assert len(pdf) > 10000
    assert "£9,828,491" in text and "Improvement Service" in text
    assert hidden


# --- the 404 page of a project site ----------------------------------------------------------------

STYLE_PROBE = """() => { const header = getComputedStyle(document.querySelector('header'));
    return {header: header.position + ' ' + header.backgroundColor,
            font: getComputedStyle(document.body).fontFamily}; }"""


def test_the_404_page_under_a_project_sites_folder_is_styled_and_every_link_on_it_answers(browser, published):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    stylesheets: dict[str, int] = {}
    page.on(
        "response", lambda r: stylesheets.update({r.url: r.status}) if r.request.resource_type == "stylesheet" else 0
    )
    answer = page.goto(published.url + "no/such/page/", wait_until="load")
    status, heading = answer.status, page.locator("article h1").inner_text()
    styled = page.evaluate(STYLE_PROBE)
    links = page.evaluate("[...document.body.querySelectorAll('a[href]')].map(a => a.href)")
    here = page.url
    page.set_content('<body><header class="md-header">Header</header><p>Text</p></body>')
    unstyled = page.evaluate(STYLE_PROBE)
    page.close()
    assert status == 404 and "Not found" in heading
    assert stylesheets and set(stylesheets.values()) == {200}, stylesheets
    assert any(url.endswith("/portfolio/assets/site.css") for url in stylesheets)
    assert styled["header"] != unstyled["header"] and styled["font"] != unstyled["font"], (styled, unstyled)
    ours = {link for link in links if link.startswith(published.url) and link.split("#")[0] != here}
    assert published.url in ours and published.url + "guide/" in ours and len(ours) > 20
    answers = {}
    for link in sorted(ours):
        try:
            answers[link] = urllib.request.urlopen(link, timeout=10).status
        except urllib.error.HTTPError as error:
            answers[link] = error.code
    assert {link: status for link, status in answers.items() if status != 200} == {}
    assert all(link.startswith("https://") for link in links if link.split("#")[0] not in ours | {here})
