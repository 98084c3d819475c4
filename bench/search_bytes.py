"""What a resident's browser fetches for search on a benchmark site, measured in Chromium: on a first
page view, and then on a first search typed key by key. It works on Material's built-in search (a
configuration before Pagefind, such as `round2`) and on the project's Pagefind search box, so the two
can be printed side by side; on Pagefind's it also looks at what the results show (_look_at_results).
run.py calls measure() after a configuration's largest site is built and report() at the end; nothing
here asserts.

Each request is counted at the size of its file on disk and at the size gzip -6 makes of it (what
GitHub Pages sends for text files; Pagefind's index files are compressed already).
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, FLAGS, chromium_available, serve  # noqa: E402

QUERY = "sickness absence"  # a KPI every synthetic service has
SEARCH_FILES = ("/search/", "/pagefind/", "search_index", "/workers/search")  # Material's and Pagefind's


@dataclass
class Fetched:
    requests: int = 0
    raw: int = 0
    gz: int = 0
    search_raw: int = 0  # of which the search's own files
    search_gz: int = 0

    def add(self, site: Path, url: str) -> None:
        path = site / unquote(urlparse(url).path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        if not path.is_file():
            return
        data = path.read_bytes()
        raw, gz = len(data), min(len(data), len(gzip.compress(data, 6)))
        self.requests += 1
        self.raw, self.gz = self.raw + raw, self.gz + gz
        if any(part in url for part in SEARCH_FILES):
            self.search_raw, self.search_gz = self.search_raw + raw, self.search_gz + gz


measured: dict[tuple[str, int], tuple[Fetched, Fetched] | str] = {}
checked: dict[tuple[str, int], list[str]] = {}  # what a resident sees of the Pagefind search, at that size
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # as tests/test_browser.py


def measure(config: str, size: int, site: Path) -> None:
    """A first view of a report section, then a first search, in a new browser profile."""
    if not chromium_available():
        measured[(config, size)] = f"no Chromium at {CHROMIUM}"
        return
    from playwright.sync_api import sync_playwright

    page_path = sorted(p for p in (site / "reports").rglob("*.html") if p.name == "index.html")[-1]
    view, search, urls = Fetched(), Fetched(), []
    try:
        with serve(site) as root, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("requestfinished", lambda request: urls.append(request.url))
            page.goto(root + page_path.relative_to(site).parent.as_posix() + "/", wait_until="networkidle")
            for url in urls:
                view.add(site, url)
            first = len(urls)
            _type_a_search(page)
            page.wait_for_load_state("networkidle")
            for url in urls[first:]:
                search.add(site, url)
            if page.locator("#site-search-input").count():
                checked[(config, size)] = _look_at_results(browser, page, root, page_path.relative_to(site).parent)
            browser.close()
        measured[(config, size)] = (view, search)
    except Exception as error:  # a benchmark reports what went wrong and carries on
        measured[(config, size)] = f"not measured: {type(error).__name__}: {str(error).splitlines()[0]}"


def _type_a_search(page) -> None:
    if page.locator("#site-search-input").count():  # the project's Pagefind search box
        page.locator("#site-search-input").click()
        page.locator("#site-search-input").press_sequentially(QUERY, delay=40)
        page.wait_for_selector(".site-search__result", timeout=60000)
    else:  # Material's search
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially(QUERY, delay=40)
        page.wait_for_selector(".md-search-result__item", timeout=60000)


def _look_at_results(browser, page, root: str, section: Path) -> list[str]:
    """What a resident sees at this size: the first result for a KPI's name with the figure its page prints,
    the kind filter, and axe's WCAG rules with the results open at a phone's width and a desktop's."""
    seen = []
    first = page.locator(".site-search__result").first
    title, href = (
        first.locator(".site-search__link").inner_text(),
        first.locator(".site-search__link").get_attribute("href"),
    )
    shown = first.locator(".site-search__figure").inner_text() if first.locator(".site-search__figure").count() else ""
    kpi_page = browser.new_page()
    kpi_page.goto(root + href.lstrip("/"))
    latest = kpi_page.locator("h2:has-text('Latest figure') + p")
    printed = latest.inner_text() if latest.count() else ""
    kpi_page.close()
    same = bool(shown) and printed.startswith(shown)
    seen.append(
        f"first result {title!r} ({href}) shows {shown or 'no figure'!r}"
        + (", as its page's latest figure" if same else f"; its page prints {printed[:60]!r}")
    )
    total = _count(page)
    page.get_by_role("button", name="Filter the results").click()
    page.get_by_label("Kind", exact=True).select_option("Indicator")
    try:  # the filtered count, once the search is done (not "Searching…")
        page.wait_for_function(_COUNT_CHANGED, arg=total, timeout=30000)
    except Exception:  # noqa: BLE001 - a benchmark reports what it saw
        return [*seen, f"kind filter 'Indicator': the count still said {total} after 30 s"]
    kinds = page.locator(".site-search__where").all_inner_texts()
    others = [kind for kind in kinds if not kind.startswith("Indicator")]
    every = bool(kinds) and not others
    seen.append(
        f"kind filter 'Indicator': {_count(page)} of {total} results, "
        + ("each shown an indicator" if every else f"other kinds shown: {others[:2]}" if others else "none shown")
    )
    from axe_playwright_python.sync_playwright import Axe

    violations = []
    for width in (360, 1280):
        wide = browser.new_page(viewport={"width": width, "height": 800})
        wide.goto(root + section.as_posix() + "/", wait_until="networkidle")
        wide.locator("#site-search-input").click()
        wide.locator("#site-search-input").press_sequentially("budget", delay=30)
        wide.wait_for_selector(".site-search__result", timeout=60000)
        report = Axe().run(wide, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        found = report.response["violations"]
        violations.append(f"{len(found)} at {width} px" + (f" ({', '.join(v['id'] for v in found)})" if found else ""))
        wide.close()
    seen.append("axe (WCAG 2.2 AA) with the results open: " + ", ".join(violations))
    return seen


_COUNT_CHANGED = """total => { const text = document.querySelector('.site-search__status').textContent;
    return /^(\\d+ results? for|No results)/.test(text) && !text.startsWith(total + ' '); }"""


def _count(page) -> int:
    text = page.locator(".site-search__status").inner_text()
    return int(text.split(" ", 1)[0]) if text.split(" ", 1)[0].isdigit() else 0


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def report(log) -> None:
    """The measurements side by side, one line per configuration and size."""
    if not measured:
        return
    log(f"\nSearch in Chromium: bytes fetched on a first page view and on a first search ({QUERY!r})")
    log(f"{'configuration':>22} {'size':>5} | {'first view: all (gzip)':>26} {'of it search gz':>15} | first search")
    for (config, size), found in measured.items():
        if isinstance(found, str):
            log(f"{config:>22} {size:>4}% | {found}")
            continue
        view, search = found
        log(
            f"{config:>22} {size:>4}% | {_kb(view.raw):>12} ({_kb(view.gz):>9}) {_kb(view.search_gz):>15} | "
            f"{search.requests} requests, {_kb(search.raw)} ({_kb(search.gz)} gzip)"
        )
    found = {key: value for key, value in measured.items() if not isinstance(value, str)}
    for (config, size), (view, search) in found.items():
        for (other, other_size), (other_view, other_search) in found.items():
            if other_size == size and other != config and view.search_gz == 0 < other_view.search_gz:
                both, other_both = view.gz + search.gz, other_view.gz + other_search.gz
                log(
                    f"{config} against {other} at {size}%, gzipped as GitHub Pages sends it: a first view "
                    f"{_kb(view.gz)} against {_kb(other_view.gz)} ({other_view.gz / view.gz:.1f}x fewer bytes); "
                    f"a first view and a first search {_kb(both)} against {_kb(other_both)} ({other_both / both:.1f}x)"
                )
    log("target: a first view fetches no search index; a first search <= 250 KB in all")
    for (config, size), seen in checked.items():
        log(f"what a resident sees of the search ({config} {size}%): " + "; ".join(seen))
