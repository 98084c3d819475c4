"""What a page's macros read from the data (macros/render/reads.py), which `make serve` uses to rebuild only the
pages an edit changes: every figure or word a page shows must be noted, or the page would be left stale."""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path

import pytest
import yaml
from helpers import PORTFOLIO, ROOT, copy_project, key, report_file

import macros
from macros.base import model
from macros.read.project import load_site
from macros.render.reads import (
    EVERY_REPORTS_WORDS,
    EVERYTHING,
    budget_table_key,
    changed_reads,
    fact_key,
    kpi_table_key,
    report_key,
    result_key,
)

# The fields that say what a thing is and where it belongs, which only a full rebuild can change
# (reads.listing); every other field is content a page shows or works something out from.
PLACE_FIELDS = {"id", "report", "kpi", "period", "service", "year", "origin", "field", "rows", "columns", "cells"}
PLACE_FIELDS |= {"results", "kpi_tables", "budget_tables", "values", "lines"}
PLACE_FIELDS_OF = {model.FactValue: {"section"}}  # the page that states a fact's figure (a table's section is words)
TRACED = (model.Report, model.Result, model.KpiTable, model.KpiRow, model.Column, model.BudgetTable)
TRACED += (model.BudgetLine, model.Fact, model.FactValue)


def covering_keys(site: model.Site) -> dict[int, set]:
    """For each object of the data (by id()), the keys whose noting covers reading its content: its own,
    and that of the table or fact that holds it."""
    keys: dict[int, set] = {}

    def add(item, key):
        keys.setdefault(id(item), set()).add(key)

    for report in site.reports.values():
        add(report, report_key(report.id))
        add(report, EVERY_REPORTS_WORDS)
        for result in report.results:
            add(result, result_key(result))
        for table in report.kpi_tables.values():
            add(table, kpi_table_key(table))
            for column in table.columns:
                add(column, kpi_table_key(table))
            for row in table.rows:
                add(row, kpi_table_key(table))
                for cell in row.cells:
                    add(cell, kpi_table_key(table))
        for table in report.budget_tables.values():
            for part in (table, *table.lines, table.stated_total):
                add(part, budget_table_key(table))
    for fact in site.facts.values():
        for part in (fact, *fact.values):
            add(part, fact_key(fact))
    return keys


@pytest.fixture(scope="module")
def traced_build(tmp_path_factory):
    """A strict build of the real site in this process, noting which page read which field of which object."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path_factory.mktemp("site")), strict=True)
    shown: dict[str, set] = {}

    def traced(cls):
        read = cls.__getattribute__

        def getattribute(self, name):
            page = config.__dict__.get("_current_page")
            if page is not None and name in fields[cls]:
                shown.setdefault(page.file.src_uri, set()).add((id(self), cls.__name__, name))
            return read(self, name)

        return getattribute

    places = {cls: PLACE_FIELDS | PLACE_FIELDS_OF.get(cls, set()) for cls in TRACED}
    fields = {cls: {f.name for f in dataclasses.fields(cls)} - places[cls] for cls in TRACED}
    saved = {cls: cls.__dict__.get("__getattribute__") for cls in TRACED}
    for cls in TRACED:
        cls.__getattribute__ = traced(cls)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    macros.LOADED_AT = (
        time.time_ns()
    )  # the build keeps the package traced here (macros/edge/hooks.py forgets an edited package)
    try:
        build(config)
    finally:
        for cls, original in saved.items():
            if original is None:
                del cls.__getattribute__
            else:
                cls.__getattribute__ = original
    from macros.edge.adapter import current_build

    macros_build = current_build()
    assert type(macros_build.site) is model.Site, "the build imported the macros package again"
    return shown, macros_build.page_reads, macros_build.site


def test_every_figure_and_word_a_page_shows_is_noted_as_read(traced_build):
    shown, page_reads, site = traced_build
    keys = covering_keys(site)
    # An object the data does not hold was made while rendering from objects it does (a budget table's
    # worked-out total line), whose reading was traced itself.
    made = {kind for reads in shown.values() for object_id, kind, _ in reads if object_id not in keys}
    assert made <= {"BudgetLine"}, made
    unnoted = {
        (page, kind, name)
        for page, reads in shown.items()
        for object_id, kind, name in reads
        if object_id in keys
        and EVERYTHING not in page_reads.get(page, ())
        and not keys[object_id] & page_reads.get(page, set())
    }
    assert not unnoted, sorted(unnoted)[:20]
    # The pages that show figures were traced (a trace that saw nothing would prove nothing).
    assert {f"reports/{PORTFOLIO}/2018/hr-od.md", "kpis/sickness-absence.md", "index.md", "budgets.md"} <= set(shown)


def test_a_report_page_reads_its_own_tables_and_not_another_reports(traced_build):
    _, page_reads, site = traced_build
    reads = page_reads[f"reports/{PORTFOLIO}/2018/hr-od.md"]
    assert kpi_table_key(site.reports[key(2018)].kpi_tables["hr-od"]) in reads
    of_a_report = [read for read in reads if read[0] in ("kpi table", "budget table", "result")]
    assert {read[1] for read in of_a_report} == {key(2018)}, of_a_report


def report_data_file(report: model.ReportKey) -> str:
    """A report's file under data/, as edited_site takes it: reports/<portfolio>/<year>.yaml."""
    return report_file(report.year, Path(), report.portfolio).as_posix()


def edited_site(tmp_path: Path, file: str, edit) -> model.Site:
    project = copy_project(tmp_path / "project")
    path = project / "data" / file
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_site(project / "data")


def test_an_edited_figure_changes_its_result_and_the_table_that_prints_it(site_model, tmp_path):
    report = max(site_model.reports)
    table = next(iter(site_model.reports[report].kpi_tables.values()))
    printed = table.rows[0].cells[0]
    index = site_model.reports[report].results.index(printed)

    def edit(document):
        document["results"][index]["note"] = "Corrected after publication."

    changed = changed_reads(site_model, edited_site(tmp_path, report_data_file(report), edit))
    assert changed == {result_key(printed), kpi_table_key(table)}


def test_an_edited_report_title_changes_the_reports_words_only(site_model, tmp_path):
    report = max(site_model.reports)

    def edit(document):
        document["title"] += " (corrected)"

    changed = changed_reads(site_model, edited_site(tmp_path, report_data_file(report), edit))
    assert changed == {report_key(report), EVERY_REPORTS_WORDS}


def test_an_edited_fact_changes_that_fact_only(site_model, tmp_path):
    fact = next(iter(site_model.facts.values()))

    def edit(document):
        document["facts"][0]["title"] = fact.title + " (corrected)"

    assert changed_reads(site_model, edited_site(tmp_path, "facts.yaml", edit)) == {fact_key(fact)}


def test_a_result_added_a_fact_moved_or_a_kpi_renamed_needs_a_full_rebuild(site_model, tmp_path):
    report = max(site_model.reports)
    periods = list(site_model.periods)

    def add_result(document):
        result = dict(document["results"][0])
        used = {r["period"] for r in document["results"] if r["kpi"] == result["kpi"]}
        result["period"] = next(period for period in periods if period not in used)
        for field in ("performance", "direction", "direction_reason", "target"):
            result.pop(field, None)
        result["note"] = "Added to test a rebuild; the figure differs from the other report's."
        document["results"].append(result)

    def move_fact(document):
        value = document["facts"][0]["values"][0]
        value["section"] = value["section"].split("#")[0] + "#another-heading"

    def rename_kpi(document):
        document["kpis"][0]["title"] += " (renamed)"

    assert changed_reads(site_model, edited_site(tmp_path / "a", report_data_file(report), add_result)) is None
    assert changed_reads(site_model, edited_site(tmp_path / "b", "facts.yaml", move_fact)) is None
    assert changed_reads(site_model, edited_site(tmp_path / "c", "kpis.yaml", rename_kpi)) is None


def test_a_kpi_page_and_a_report_section_read_only_what_they_show_never_the_whole_site(traced_build):
    """So that `make serve` builds a figure's few pages again, not all of them, after an edit."""
    _, page_reads, _ = traced_build
    whole = {page for page, reads in page_reads.items() if EVERYTHING in reads}
    assert not {page for page in whole if page.startswith(("kpis/", "reports/", "topics/"))}, sorted(whole)
