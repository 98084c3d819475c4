"""A report being filled in, previewed as `make serve` shows it: whatever fields an editor has filled so
far, and in whatever order, every page builds and shows "[to fill in]" for the rest, never an exception."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from filled_year import fill_report, read_periods, read_report, write_report
from helpers import NEXT, PORTFOLIO, ROOT, copy_project, report_file

from macros.read.project import load_site

RESULT_FIELDS = ("value", "target", "performance", "direction")
# Every subset of a result's fields, so each order of filling them in is met on the way.
SUBSETS = [
    set(chosen) for size in range(len(RESULT_FIELDS) + 1) for chosen in itertools.combinations(RESULT_FIELDS, size)
]


def half_filled(report: dict, offset: int) -> dict:
    """The filled report with, in result i, only the fields of subset i + offset kept (the rest empty again)."""
    for index, result in enumerate(report["results"]):
        kept = SUBSETS[(index + offset) % len(SUBSETS)]
        for field in RESULT_FIELDS:
            if field in result and field not in kept:
                result[field] = None
    return report


def preview_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """The build `make serve` makes (not strict: mistakes and empty fields are shown on the page)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=project,
        env={**os.environ, "STRICT": "false", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def half_filled_sites(tmp_path_factory) -> list[tuple[Path, dict, subprocess.CompletedProcess]]:
    """Next year scaffolded, then four previews, each result filled differently in each."""
    site = load_site(ROOT / "data")
    built = []
    for offset in range(0, len(SUBSETS), 4):
        tmp = tmp_path_factory.mktemp(f"half-filled-{offset}")
        project = copy_project(tmp / "project")
        done = subprocess.run(
            [sys.executable, "-m", "macros.tools.scaffold", PORTFOLIO, str(NEXT)],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        path = report_file(NEXT, project / "data")
        report = half_filled(fill_report(read_report(path), site, read_periods(project / "data")), offset)
        write_report(path, report)
        built.append((tmp / "site", report, preview_build(project, tmp / "site")))
    seen = {
        frozenset(field for field in RESULT_FIELDS if field in result and result[field] is not None)
        for _, report, _ in built
        for result in report["results"]
    }
    # What the tests below stand on: the value filled in before the rest, and most of the 16 orders (not every
    # result has all four fields).
    assert frozenset({"value"}) in seen and len(seen) >= 12, seen
    return built


@pytest.mark.slow
def test_a_half_filled_report_builds_every_page_without_an_exception(half_filled_sites):
    for site, _, build in half_filled_sites:
        output = build.stdout + build.stderr
        assert build.returncode == 0, output
        assert "could not run" not in output and "Traceback" not in output, output
        for page in site.rglob("*.html"):
            assert "could not run" not in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_each_kpi_page_shows_its_empty_fields_as_to_fill_in(half_filled_sites):
    for site, report, _ in half_filled_sites:
        for result in report["results"]:
            empty = [field for field in RESULT_FIELDS if field in result and result[field] is None]
            if empty:
                html = (site / "kpis" / result["kpi"] / "index.html").read_text(encoding="utf-8")
                assert "[to fill in]" in html, (result, empty)
