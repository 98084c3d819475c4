"""Shared fixtures: the real data model and one strict build of the real site."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.project import load_site

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "sources"


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")


def mkdocs_build(project: Path, site_dir: Path) -> Build:
    """Run the real `mkdocs build --strict` as an editor or CI would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return Build(done.returncode, done.stdout + done.stderr, site_dir)


@pytest.fixture(scope="session")
def site_model():
    return load_site(ROOT / "data")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def source_text():
    return {2017: (SOURCES / "report-2017.txt").read_text(encoding="utf-8"),
            2018: (SOURCES / "report-2018.txt").read_text(encoding="utf-8")}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test (Playwright allows one sync session at a time)."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, FLAGS
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()
