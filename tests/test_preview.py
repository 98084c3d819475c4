"""The preview a pull request uploads opens from disk (file://, no server): every link lands on a
file, navigation and the links the macros make open their pages, and the search box says that search
works on the published site (Chromium loads neither Pagefind's script nor its index from disk)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import site_checks
from browser import MISSING, chromium_available
from helpers import LATEST, PORTFOLIO, ROOT, mkdocs_build
from test_links import parse

from macros.read.project import load_site


def preview_environment() -> dict[str, str]:
    """The settings `make preview` builds with, read from the Makefile so the two cannot differ."""
    found = re.search(r"^PREVIEW_ENV := (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert found, "the Makefile has no PREVIEW_ENV line"
    return dict(item.split("=", 1) for item in shlex.split(found.group(1)))


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in preview_environment().items():
            patch.setenv(name, value)
        build = mkdocs_build(ROOT, tmp_path_factory.mktemp("preview") / "site-preview")
    assert build.returncode == 0, build.output
    return build.site.resolve()


# --- on disk, with the standard library ---------------------------------------------------------


def links_on_disk(site: Path):
    """(page, link, the file it opens from disk) for every internal href and src: no server adds
    index.html to a folder, so a link must name a file."""
    for page in sorted(site.rglob("*.html")):
        for link in parse(page).links:
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("//") or not parsed.path:
                continue  # another site, mailto:, or an anchor on the same page
            # Only the 404 page links from the site's root: a server shows it at any address.
            folder = site if parsed.path.startswith("/") and page.name == "404.html" else page.parent
            yield page, link, (folder / unquote(parsed.path).lstrip("/")).resolve()


def test_every_link_in_the_preview_opens_a_file_on_disk(preview):
    pages = {page: parse(page) for page in preview.rglob("*.html")}
    broken, checked = [], 0
    for page, link, target in links_on_disk(preview):
        checked += 1
        where = f"{page.relative_to(preview)} -> {link}"
        if urlparse(link).path.endswith("/") or target.is_dir():
            broken.append(f"{where} (a folder: opened from disk it lists files)")
        elif not target.is_file() or preview not in target.parents:
            broken.append(f"{where} (no such file)")
        elif urlparse(link).fragment and target.suffix == ".html" and urlparse(link).fragment not in pages[target].ids:
            broken.append(f"{where} (no such anchor)")
    assert checked > 2000, checked
    assert broken == []


def test_only_the_404_page_links_from_the_root_of_a_server(preview):
    rooted = {page.name for page, link, _ in links_on_disk(preview) if urlparse(link).path.startswith("/")}
    assert rooted <= {"404.html"}


def test_pages_are_files_and_material_s_search_index_is_gone(preview):
    assert (preview / "kpis/sickness-absence.html").is_file() and not (preview / "kpis/sickness-absence").exists()
    assert not (preview / "search").exists()
    assert (preview / "pagefind/pagefind.js").is_file()  # for whoever serves the folder


def test_the_preview_asks_no_other_host_for_a_script(preview):
    for page in preview.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), page


# --- in Chromium, from file:// ----------------------------------------------------------------------

browser_only = pytest.mark.skipif(not chromium_available(), reason=MISSING)

# Navigation entries whose page has a longer heading than the entry.
NAV_HEADINGS = {
    "Home": "Portfolio facts and figures",
    "Indicators": "Performance indicators",
    "Accessibility": "Accessibility statement",
    **{
        f"Report {path.stem}": f"Portfolio Holder report {path.stem}"
        for path in site_checks.report_files(ROOT / "data")
    },
}
HR_OD = "Human Resources & Organisational Development (HR OD)"
STAFF_SURVEY = load_site(ROOT / "data").facts["staff-survey-return-rate"]
KPIS = load_site(ROOT / "data").kpis
# A KPI's page and card say its everyday name; the reports' tables keep the title as printed.
SICKNESS, SICKNESS_PRINTED = KPIS["sickness-absence"].plain_name, KPIS["sickness-absence"].title
CALL_QUALITY = KPIS["call-quality"]


@pytest.fixture
def tab(browser, preview):
    """A page in a context that may open files only: any request to a server is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []

    def only_files(route):
        if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    yield page
    context.close()
    assert elsewhere == []


def open_file(page, preview: Path, path: str) -> None:
    page.goto((preview / path).as_uri(), wait_until="domcontentloaded")


def landed(page, preview: Path) -> str:
    """Where the browser is, from the preview's folder (with its anchor), after checking it is a page."""
    url = urlparse(page.url)
    assert url.scheme == "file", page.url
    path = Path(unquote(url.path))
    assert path.is_file() and path.suffix == ".html", f"{page.url} is not a page (a folder listing?)"
    return path.relative_to(preview).as_posix() + (f"#{url.fragment}" if url.fragment else "")


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().removesuffix("¶").strip()


@browser_only
def test_every_navigation_link_opens_its_page_from_disk(tab, preview):
    reached = set()
    # Navigation pruning shows a section's pages only from inside it: start in Topics and in each report of
    # every portfolio.
    reports = [f"reports/{path.parent.name}/{path.stem}/index.html" for path in site_checks.report_files(ROOT / "data")]
    for start in ("topics/index.html", *reports):
        open_file(tab, preview, start)
        entries = tab.locator(".md-sidebar--primary a.md-nav__link:visible").evaluate_all(
            "links => links.map(a => [a.getAttribute('href'), a.innerText.trim()])"
        )
        for number, (href, text) in enumerate(entries):
            target = (preview / start).parent.joinpath(href).resolve().relative_to(preview).as_posix()
            if href.startswith("#") or target in reached:
                continue  # the page's own table of contents, or a page already opened from another
            open_file(tab, preview, start)
            tab.locator(".md-sidebar--primary a.md-nav__link:visible").nth(number).click()
            tab.wait_for_load_state("domcontentloaded")
            assert landed(tab, preview) == target
            assert heading(tab) == NAV_HEADINGS.get(text, text), (start, text)
            reached.add(target)
    in_nav = {
        path.relative_to(preview).as_posix()
        for path in preview.rglob("*.html")
        if path.name != "404.html"
        and not (path.parent.name == "kpis" and path.name != "index.html")
        and path.parent.name != "guide"  # linked from the footer, below
    }
    moved = old_addresses(preview)  # each only sends the reader on, below
    assert moved and moved <= in_nav
    assert reached == in_nav - moved


def old_addresses(preview: Path) -> set[str]:
    """The preview's files at the addresses pages had before reports were filed by portfolio (mkdocs.yml's
    redirects): "reports/2018/hr-od.html"."""
    return {old.removesuffix(".md") + ".html" for old in site_checks.redirects(ROOT / "data")}


@browser_only
def test_an_old_address_opened_from_disk_sends_the_reader_to_the_pages_new_home(tab, preview):
    tab.goto((preview / "reports/2018/hr-od.html").as_uri() + "#kpi-2018-hr-od", wait_until="commit")
    tab.wait_for_url("**/reports/central-services/2018/hr-od.html#kpi-2018-hr-od")
    tab.wait_for_load_state("domcontentloaded")
    assert landed(tab, preview) == "reports/central-services/2018/hr-od.html#kpi-2018-hr-od"
    assert heading(tab) == HR_OD
    for old in sorted(old_addresses(preview)):
        html = (preview / old).read_text(encoding="utf-8")
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', html)[1]
        assert (preview / old).parent.joinpath(target).resolve().is_file(), old
        assert old.replace("reports/", f"reports/{PORTFOLIO}/", 1) == (
            ((preview / old).parent.joinpath(target)).resolve().relative_to(preview).as_posix()
        ), old


def test_the_footers_link_to_the_editors_guide_opens_it_from_disk(tab, preview):
    open_file(tab, preview, f"reports/{PORTFOLIO}/2018/hr-od.html")
    tab.locator("a.md-copyright__guide").click()
    tab.wait_for_load_state("domcontentloaded")
    assert landed(tab, preview) == "guide/index.html"
    assert heading(tab) == "Editor's guide"


# (the page it starts on, the link it clicks there, where it must land, that page's heading)
MACRO_LINKS = [
    ("index.html", (".key-figures", SICKNESS), "kpis/sickness-absence.html", SICKNESS),
    (
        "index.html",
        (f".key-figures li:has-text('{SICKNESS}') .key-figure__source", f"Portfolio Holder report {LATEST}"),
        f"reports/{PORTFOLIO}/{LATEST}/hr-od.html#kpi-{LATEST}-hr-od",
        HR_OD,
    ),
    (
        f"reports/{PORTFOLIO}/2018/hr-od.html",
        ("#kpi-2018-hr-od", SICKNESS_PRINTED),
        "kpis/sickness-absence.html",
        SICKNESS,
    ),
    (
        "kpis/index.html",
        ("#service-kpis-customer-services", CALL_QUALITY.title),
        "kpis/call-quality.html",
        CALL_QUALITY.plain_name,
    ),
    (
        "kpis/sickness-absence.html",
        ("article", f"Portfolio Holder report {LATEST}"),
        f"reports/{PORTFOLIO}/{LATEST}/hr-od.html#kpi-{LATEST}-hr-od",
        HR_OD,
    ),
    (
        "kpis/sickness-absence.html",
        ("article", "Human Resources & Organisational Development"),
        "topics/hr-od.html",
        HR_OD,
    ),
    (
        "topics/hr-od.html",
        ("#answers", STAFF_SURVEY.title),
        f"{STAFF_SURVEY.latest.section.split('.md#')[0]}.html#",  # the report stating its latest value
        HR_OD,
    ),
    ("topics/hr-od.html", ("#answers", SICKNESS), "kpis/sickness-absence.html", SICKNESS),
    ("topics/hr-od.html", ("#service-kpis-hr-od", SICKNESS_PRINTED), "kpis/sickness-absence.html", SICKNESS),
    (
        "topics/hr-od.html",
        ("article", "in the Portfolio Holder report 2017"),
        f"reports/{PORTFOLIO}/2017/hr-od.html",
        HR_OD,
    ),
]


@browser_only
@pytest.mark.parametrize("start, link, target, title", MACRO_LINKS)
def test_links_the_macros_make_open_their_pages_from_disk(tab, preview, start, link, target, title):
    open_file(tab, preview, start)
    within, text = link
    folded = tab.locator("details.full-table", has=tab.locator(within))
    if folded.count():  # a full table folded under the page's answers: a reader opens it first
        folded.first.locator("summary").click()
    tab.locator(within).first.get_by_role("link", name=text).first.click()
    tab.wait_for_load_state("domcontentloaded")
    where = landed(tab, preview)
    assert where == target or (target.endswith("#") and where.startswith(target)), where
    assert heading(tab) == title
    anchor = urlparse(tab.url).fragment
    if anchor:
        assert tab.locator(f"[id='{anchor}']").count() == 1


@browser_only
def test_search_from_disk_says_plainly_that_it_works_on_the_published_site(tab, preview):
    # Pagefind's script is a JavaScript module and its index is fetched: Chromium allows neither from file://.
    asked = []
    tab.on("request", lambda request: asked.append(request.url))
    open_file(tab, preview, "index.html")
    box = tab.get_by_role("searchbox", name="Search the site")
    box.click()
    box.press_sequentially("sickness", delay=40)
    status = tab.locator(".site-search__status")
    tab.wait_for_function(
        "() => (document.querySelector('.site-search__status') || {}).textContent?.includes('published site')"
    )
    assert status.is_visible() and "Search works on the published site" in status.inner_text()
    assert tab.locator(".site-search__result").count() == 0
    assert [url for url in asked if "/pagefind/" in url] == []
