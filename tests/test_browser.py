"""The built site in headless Chromium: accessibility, search, phone layout, privacy and print."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from browser import MISSING, chromium_available, serve

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


@pytest.fixture(scope="session")
def pages(built) -> list[str]:
    found = every_page(built)
    assert len(found) > 40
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
    page.goto(site_url + "reports/2018/hr-od/", wait_until="load")
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


# --- search ------------------------------------------------------------------------------------

# What a resident types, and the pages that answer it (one must be in the top three results).
SEARCHES = {
    "sickness absence": ("kpis/sickness-absence/",),
    "agency staff spend": ("kpis/agency-staff-spend/",),
    "MyAccount": ("kpis/myaccount-registrations/", "topics/corporate-programme/"),
    "Freedom of Information": (
        "topics/information-team/",
        "reports/2018/information-team/",
        "reports/2017/information-team/",
    ),
    "complaints": ("topics/information-team/", "kpis/complaints-upheld/", "kpis/complaints-timeliness/"),
    "Careline": ("kpis/careline-calls/",),
    "apprenticeships": ("kpis/apprenticeships/",),
    "Electoral Services budget": ("reports/2018/legal-services/", "topics/legal-services/"),
}


@pytest.mark.parametrize("query", SEARCHES)
def test_search_typed_key_by_key_finds_the_page_with_the_answer(browser, site_url, query):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=40)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    links = page.locator(".md-search-result__item > a").evaluate_all("items => items.map(a => a.href)")
    page.close()
    top = [urlparse(link).path.lstrip("/") for link in links[:3]]
    assert any(path in SEARCHES[query] for path in top), (query, top)


def test_a_report_section_in_search_results_says_which_report_it_is_from(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Electoral Services budget", delay=40)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    result = page.locator(".md-search-result__item", has=page.locator('a[href*="reports/2018/legal-services/"]'))
    assert "Portfolio Holder report 2018" in result.first.locator(".md-tag").all_inner_texts()
    page.close()


# --- keyboard and print ----------------------------------------------------------------------


def test_skip_link_is_the_first_thing_a_keyboard_reaches_and_focus_is_visible(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "reports/2018/hr-od/")
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
    page.goto(site_url + "reports/2017/improvement-service/", wait_until="networkidle")
    pdf = page.pdf(format="A4", print_background=False)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-search']
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
