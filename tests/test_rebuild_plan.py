"""Which pages a rebuild under `make serve` builds again (macros/edge/rebuild_plan.py), from what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import key, report_file

from macros.edge.rebuild_plan import Inputs, plan_rebuild
from macros.render.reads import EVERYTHING, report_key

FILES = {"mkdocs.yml": "1", "docs/index.md": "1", "docs/budgets.md": "1", "docs/assets/site.css": "1"}
FILES |= {"data/kpis.yaml": "1", "data/schemas/kpis.schema.json": "1", "macros/render/pages.py": "1"}
FILES |= {"overrides/main.html": "1"}
PAGES = frozenset({"index.md", "budgets.md", "kpis/sickness-absence.md"})
READS = {"index.md": frozenset({report_key(key(2018))}), "budgets.md": frozenset({EVERYTHING})}


def inputs(site, changed=(), pages=PAGES, dates=None, removed=()) -> Inputs:
    files = {path: "1" for path in FILES if path not in removed} | {path: "2" for path in changed}
    return Inputs(files, pages, site, dates or {})


def plan(site_model, after=None, **changes):
    return plan_rebuild(inputs(site_model), inputs(site_model if after is None else after, **changes), READS)


@pytest.mark.parametrize(
    "path", ["mkdocs.yml", "macros/render/pages.py", "overrides/main.html", "data/schemas/kpis.schema.json"]
)
def test_an_edit_to_the_configuration_the_code_the_theme_or_a_schema_builds_every_page(site_model, path):
    found = plan(site_model, changed=[path])
    assert found.full and found.reason == f"{path} changed"


def test_the_first_build_an_added_page_or_an_added_file_builds_every_page(site_model):
    assert plan_rebuild(None, inputs(site_model), READS).full
    assert plan(site_model, pages=PAGES | {"new.md"}).reason == "pages were added or removed"
    assert plan(site_model, changed=["docs/assets/new.png"]).reason == "a file in docs/ was added or removed"
    assert plan(site_model, removed=["docs/assets/site.css"]).full


def test_a_data_mistake_and_its_fix_build_every_page(site_model):
    assert plan_rebuild(inputs(site_model), inputs(None), READS).full
    assert plan_rebuild(inputs(None), inputs(site_model), READS).reason == "the data's mistake is fixed"


def test_new_dates_from_git_build_every_page(site_model):
    found = plan(site_model, dates={"data/kpis.yaml": "2026-01-01"})
    assert found.full and "dates" in found.reason


def test_a_page_edit_builds_that_page_and_a_stylesheet_is_copied(site_model):
    found = plan(site_model, changed=["docs/budgets.md", "docs/assets/site.css"])
    assert not found.full
    assert found.pages == {"budgets.md"} and found.files == {"assets/site.css"}
    assert found.words(3) == "Building 1 of 3 pages again: docs/assets/site.css, docs/budgets.md changed."


def test_a_data_edit_builds_the_pages_that_read_what_changed(site_model):
    report = site_model.reports[key(2018)]
    edited = type(site_model)(
        site_model.services,
        site_model.periods,
        site_model.kpis,
        {**site_model.reports, key(2018): type(report)(**{**vars(report), "title": report.title + " (corrected)"})},
        site_model.facts,
        site_model.glossary,
        site_model.portfolios,
    )
    found = plan(site_model, after=edited, changed=[report_file(2018, Path("data")).as_posix()])
    # index.md read the report's words; budgets.md read something reads.py does not know, so all of it.
    assert not found.full and found.pages == {"index.md", "budgets.md"}


def test_an_edit_that_changes_nothing_the_pages_read_builds_no_page(site_model):
    found = plan(site_model, changed=["data/facts.yaml"])  # a comment, say: the site read from it is the same
    assert not found.full and found.pages == frozenset()


def test_a_fact_removed_builds_every_page(site_model):
    first = next(iter(site_model.facts))
    fewer = type(site_model)(
        site_model.services,
        site_model.periods,
        site_model.kpis,
        site_model.reports,
        {name: fact for name, fact in site_model.facts.items() if name != first},
        site_model.glossary,
        site_model.portfolios,
    )
    found = plan(site_model, after=fewer, changed=["data/facts.yaml"])
    assert found.full and found.reason.startswith("data/facts.yaml changed what the site lists")
