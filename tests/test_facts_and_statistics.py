"""The overview, topic and KPI pages, and the open data, read from the real build.

What these pages show site-wide depends on how many reports there are, so it is checked
against the data by site_checks (the new-year test runs the same checks on a site with one
more report); what the two published reports said is checked exactly.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime

import pytest
import site_checks
import yaml
from helpers import ROOT, git, report_file
from pagefind_files import fragments
from pages import read_page

DATA = ROOT / "data"


def load(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# --- overview ------------------------------------------------------------------------------


def test_overview_summary_counts_match_the_data(built):
    site_checks.check_performance_summary(built.site, DATA)


def test_key_figure_cards_show_latest_values_with_period_and_source(built):
    site_checks.check_key_figure_cards(built.site, DATA)


def test_reports_page_and_home_page_link_every_report_newest_first(built):
    site_checks.check_reports_index(built.site, DATA)


def test_topics_page_and_home_page_list_every_service_with_what_it_covers(built):
    site_checks.check_topic_lists(built.site, DATA)


def test_each_portfolios_page_has_its_services_performance_budgets_and_reports(built):
    site_checks.check_portfolio_pages(built.site, DATA)


def test_sickness_absence_answer_is_two_clicks_from_home(built):
    home = built.page("")
    assert 'href="kpis/sickness-absence/"' in home or 'href="topics/hr-od/"' in home
    topic = built.page("topics/hr-od")
    assert 'href="../../kpis/sickness-absence/"' in topic
    page = read_page(built.page("kpis/sickness-absence"))
    text = " ".join(" ".join(page.text).split())
    assert (
        "9.95 days in the year to March 2018, down 0.48 days from 10.43 days in the year to March 2017. "
        "As lower is better, that is an improvement." in text
    )


# --- KPI pages -------------------------------------------------------------------------------


KPIS = [kpi["id"] for kpi in load("kpis.yaml")["kpis"]]


@pytest.mark.parametrize("kpi", KPIS)
def test_kpi_page_shows_every_published_value_and_a_chart_of_them(built, kpi):
    site_checks.check_kpi_page(built.site, DATA, kpi)


def test_indicators_page_lists_each_kpi_with_its_latest_figure(built):
    site_checks.check_kpi_index(built.site, DATA)


# --- downloads -------------------------------------------------------------------------------


def test_every_table_has_downloads_whose_rows_equal_the_table(built):
    site_checks.check_table_downloads(built.site, DATA)


def test_downloaded_figures_are_typed(built):
    data = json.loads((built.site / "data/tables/kpi-2017-customer-services.json").read_text(encoding="utf-8"))
    quality = next(row for row in data["rows"] if row["KPI title"] == "Customer Service call quality")
    assert quality["2016/17 Outturn"] == 97.68 and quality["unit"] == "percent"
    waiting = next(row for row in data["rows"] if row["KPI title"].startswith("Average waiting time"))
    assert waiting["Qtr 1 Target"] == "<10:00"
    calls = next(row for row in data["rows"] if row["KPI title"].startswith("No of phone calls made to the Contact"))
    assert calls["Qtr 1 Target"] is None and calls["2016/17 Outturn"] == 384700


def test_datasets_contain_every_data_row(built):
    site_checks.check_datasets(built.site, DATA)


def test_every_table_is_described_as_a_dataset_and_the_open_data_page_as_a_data_catalog(built):
    site_checks.check_dataset_json_ld(built.site, DATA)


def test_every_table_has_a_caption(built):
    site_checks.check_every_table_has_a_caption(built.site, DATA)


def test_catalogue_names_licence_publisher_and_dates(built):
    text = " ".join(" ".join(read_page(built.page("open-data")).text).split())
    for words in (
        "Licence: Open Government Licence v3.0",
        "Publisher: Thurrock Council",
        "Published:",
        "Last updated:",
    ):
        assert words in text


# --- budgets and topics ----------------------------------------------------------------------


def test_budgets_page_shows_totals_per_year_and_change(built):
    site_checks.check_budgets_page(built.site, DATA)


def test_budget_change_compares_only_service_areas_in_both_years(built):
    site_checks.check_budget_change_is_like_for_like(built.site, DATA)


def test_budgets_by_service_show_the_hrod_budgets_the_two_reports_printed(built):
    # The 2017 report budgeted HROD at £2,008,574 for 2017/18, the 2018 report at £2,104,108 for 2018/19.
    table = {t.wrapper_id: t for t in read_page(built.page("budgets")).tables}["budgets-by-service-all"]
    hrod = {cells[1].text: cells[2].text for _, cells in table.rows if cells[0].text.startswith("HROD")}
    assert (hrod["2017/18"], hrod["2018/19"]) == ("2,008,574", "2,104,108")


@pytest.mark.parametrize("service", [s["id"] for s in load("services.yaml")["services"]])
def test_every_service_has_a_topic_page_linking_its_report_sections(built, service):
    site_checks.check_topic_page(built.site, DATA, service)


def test_pages_say_when_their_figures_last_changed(built):
    text = " ".join(" ".join(read_page(built.page("reports/central-services/2018/hr-od")).text).split())
    assert re.search(
        r"Figures on this page (last updated: \d{1,2} [A-Z][a-z]+ \d{4}|are from the Portfolio Holder "
        r"reports published in)",
        text,
    )


def test_data_file_dates_come_from_git_history_and_fall_back_cleanly_without_it(tmp_path):
    from macros.edge.git_reads import data_file_dates
    from macros.workings.dates import latest

    dates = data_file_dates(ROOT)
    report = report_file(2018).relative_to(ROOT).as_posix()  # data/reports/central-services/2018.yaml
    for path in ("data/kpis.yaml", report):
        logged = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        assert str(dates[path]) == logged, path
    assert latest(dates, ["data/kpis.yaml", report]) == max(dates["data/kpis.yaml"], dates[report])
    assert latest(dates, ["data/kpis.yaml", "data/not-in-git.yaml"]) is None
    assert data_file_dates(tmp_path) == {}  # not a git repository
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(shallow)], check=True)
    assert data_file_dates(shallow) == {}


def test_the_feeds_date_without_history_is_when_data_was_last_committed_not_when_files_were_saved(tmp_path):
    """A copy without history (a shallow clone) dates its feed by its commit, the same in every build of it."""
    from macros.edge.git_reads import last_committed

    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "kpis.yaml").write_text("kpis: []\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "data", when="2026-11-23T10:00:00+00:00")
    (repo / "notes.txt").write_text("not data\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "other", when="2026-12-01T10:00:00+00:00")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    os.utime(shallow / "data" / "kpis.yaml", (0, 0))  # when the file was saved plays no part
    assert last_committed(repo) == datetime.fromisoformat("2026-11-23T10:00:00+00:00")
    assert last_committed(shallow) == datetime.fromisoformat("2026-12-01T10:00:00+00:00")  # its one commit
    assert last_committed(tmp_path / "not-a-repository") is None


FACTS = [(fact["id"], value) for fact in load("facts.yaml")["facts"] for value in fact["values"]]


@pytest.mark.parametrize("fact, value", FACTS, ids=[f"{f}-{v['period']}-{v['report']}" for f, v in FACTS])
def test_every_fact_is_printed_in_its_report_and_section(built, source_text, fact, value):
    from macros.base.units import format_stated, parse_figure

    unit = next(f["unit"] for f in load("facts.yaml")["facts"] if f["id"] == fact)
    printed = format_stated(unit, parse_figure(unit, value["value"]), None, value.get("scale"))
    if value["report"] in source_text:  # tests/sources holds the texts of the published reports only
        source = " ".join(source_text[value["report"]].split())
        # The reports print some counts without a thousands comma (1046) and some percentages spaced ("85 %").
        variants = {printed, printed.replace(",", ""), printed.replace("%", " %"), printed.removeprefix("£")}
        assert any(variant in source for variant in variants), (printed, fact)
    page, anchor = value["section"].split("#")
    html = built.page(page.removesuffix(".md").removesuffix("/index").removesuffix("index"))
    assert f'id="{anchor}"' in html, value["section"]


def test_the_editors_guide_is_linked_from_every_footer_but_not_in_the_menu_or_search(built):
    # Not the old addresses that only send the reader on to a page's new address (mkdocs.yml's redirects).
    moved = {built.site / site_checks.doc_address(old) / "index.html" for old in site_checks.redirects(DATA)}
    pages = [path for path in built.site.rglob("*.html") if "assets" not in path.parts and path not in moved]
    assert len(pages) > 40 and moved < set(built.site.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        footer = html[html.index('<div class="md-copyright">') :]
        link = re.search(r'<a class="md-copyright__guide" href="([^"]+)">Editor(?:&#39;|\')s guide</a>', footer)
        assert link, path
        here = path.parent if path.name == "index.html" else built.site  # 404.html links from the root
        assert (here / link[1].lstrip("/")).resolve() == (built.site / "guide").resolve(), (path, link[1])
        menu = (
            html[html.index('<nav class="md-nav md-nav--primary"') : html.index("</nav>")]
            if "md-nav--primary" in html
            else ""
        )
        assert "guide/" not in menu, path
    assert [url for url in fragments(built.site) if url.startswith("/guide/")] == []
    assert "[editor's guide](docs/guide/index.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_glossary_explains_every_term_and_each_use_of_one(built):
    site_checks.check_glossary(built.site, DATA)
    assert '<abbr title="Freedom of Information' in built.page("reports/central-services/2018/information-team")


def test_each_report_section_opens_with_its_key_figures_tables_and_indicators(built):
    site_checks.check_report_section_boxes(built.site, DATA)
