"""Shared fixtures: the real data model and one strict build of the real site."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from helpers import ROOT, SOURCES, Build, mkdocs_build

from macros.read.project import load_site


@pytest.fixture(scope="session")
def site_model():
    return load_site(ROOT / "data")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@dataclass
class Published:
    build: Build
    url: str  # the address it was built for and is served at, e.g. http://127.0.0.1:<port>/portfolio/


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The real site built as the publish workflow builds it, for a project site's address (SITE_URL), and
    served there as GitHub Pages serves it: under /portfolio/, with 404.html for any other address."""
    from browser import serve

    site = tmp_path_factory.mktemp("published") / "site"
    with serve(site, prefix="/portfolio/") as url:
        build = mkdocs_build(ROOT, site, {"SITE_URL": url})
        assert build.returncode == 0, build.output
        yield Published(build, url)


@pytest.fixture(scope="session")
def source_text():
    return {
        2017: (SOURCES / "report-2017.txt").read_text(encoding="utf-8"),
        2018: (SOURCES / "report-2018.txt").read_text(encoding="utf-8"),
    }


# How long a browser test waits for a page, an element or a search answer before failing (Playwright's own
# default is 30 s): long, so a loaded machine is slow but not failing. Tests wait for conditions, never times.
BROWSER_WAIT_MS = 180_000


class PatientBrowser:
    """The launched Chromium, whose every new page and context waits BROWSER_WAIT_MS."""

    def __init__(self, launched):
        self._launched = launched

    def new_context(self, **options):
        return self._patient(self._launched.new_context(**options))

    def new_page(self, **options):
        return self._patient(self._launched.new_page(**options))

    def __getattr__(self, name):
        return getattr(self._launched, name)

    @staticmethod
    def _patient(target):
        target.set_default_timeout(BROWSER_WAIT_MS)
        target.set_default_navigation_timeout(BROWSER_WAIT_MS)
        return target


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test (Playwright allows one sync session at a time)."""
    from browser import CHROMIUM, FLAGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield PatientBrowser(launched)
        launched.close()


# Tests that use these fixtures drive Chromium, or build or serve the whole site in a subprocess:
# `make test-fast` leaves them out (pytest -m "not browser and not slow").
BROWSER_FIXTURES = {"browser"}
SLOW_FIXTURES = {
    "built",
    "published",
    "new_year",
    "served",
    "hostile",
    "preview",
    "corrected",
    "shallow",
    "traced_build",
}


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
