"""What's changed and its feed on a built site: a copy of the project in its own git repository, one
figure of report 2018 corrected in a later commit, built strictly as the publish workflow builds it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from feeds import atom_errors, read_feed
from helpers import NEXT, ROOT, copy_project, git, key, mkdocs_build, report_file
from lxml import etree
from next_year import add_year
from pages import read_page
from site_checks import doc_address, is_redirect, redirects

from macros.base.errors import DataErrors
from macros.base.units import format_figure
from macros.read.project import read_site
from macros.render.pages import NO_HISTORY
from macros.workings.dates import long_date

SITE_URL = "https://example.github.io/thurrock-facts/"
PUBLISHED = "2027-01-04T09:00:00+00:00"
CORRECTED = "2027-02-10T14:30:00+00:00"
ATOM = {"atom": "http://www.w3.org/2005/Atom", "xhtml": "http://www.w3.org/1999/xhtml"}


def corrected_figure(project: Path) -> dict:
    """The first KPI result of report 2018 written on one line that can be corrected by a small amount and
    still pass every check; the report is changed in place. Returns what changed."""
    report = report_file(2018, project / "data")
    original = report.read_text(encoding="utf-8")
    site = read_site(project / "data")
    for result in yaml.safe_load(original)["results"]:
        value = result.get("value")
        if type(value) not in (int, float):
            continue
        new = value + 1 if isinstance(value, int) else round(value + 0.01, 2)
        pattern = rf'(kpi: {result["kpi"]}, period: "{re.escape(result["period"])}", value: ){value}\b'
        edited, count = re.subn(pattern, rf"\g<1>{new}", original)
        if count != 1:
            continue
        report.write_text(edited, encoding="utf-8")
        try:
            read_site(project / "data")
        except DataErrors:
            continue  # the correction breaks a check (a stated performance, a direction): try the next
        finally:
            report.write_text(original, encoding="utf-8")
        kpi = site.kpis[result["kpi"]]
        report.write_text(edited, encoding="utf-8")
        return {
            "kpi": kpi,
            "period": site.periods[result["period"]].label,
            "report": site.reports[key(2018)].title,
            "before": format_figure(kpi.unit, value),
            "after": format_figure(kpi.unit, new),
        }
    raise AssertionError("report 2018 has no one-line KPI result that can be corrected")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """The project with its data committed, one figure corrected in a later commit, and the site built."""
    project = copy_project(tmp_path_factory.mktemp("history") / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "The site as published", when=PUBLISHED)
    change = corrected_figure(project)
    checked = check_as_editor(project, published="HEAD")  # make check records the correction in data/corrections/
    assert "Corrections recorded in data/corrections/" in checked, checked
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Correct a figure of report 2018", when=CORRECTED)
    build = mkdocs_build(project, project.parent / "site", {"SITE_URL": SITE_URL})
    assert build.returncode == 0, build.output
    return project, change, build


def check_as_editor(project: Path, published: str) -> str:
    """make check, as an editor runs it before committing (PUBLISHED_REF: the published branch)."""
    done = subprocess.run(
        [sys.executable, "-m", "macros.tools.check"],
        cwd=project,
        env={**os.environ, "PUBLISHED_REF": published},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def from_git_history(corrected, tmp_path_factory):
    """A clone of that repository whose last commit takes data/corrections/ away: What's changed is then read
    from every commit of data/ instead of from the records."""
    project, _, _ = corrected
    clone = tmp_path_factory.mktemp("from-git") / "project"
    git(clone.parent, "clone", "-q", f"file://{project}", str(clone))
    git(clone, "rm", "-rq", "data/corrections")
    git(clone, "commit", "-qm", "No records", when="2027-03-01T10:00:00+00:00")
    build = mkdocs_build(clone, clone.parent / "site", {"SITE_URL": SITE_URL})
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def shallow(corrected, tmp_path_factory):
    """A shallow clone of that repository (as a CI checkout without history), built."""
    project, _, _ = corrected
    clone = tmp_path_factory.mktemp("shallow") / "project"
    git(clone.parent, "clone", "-q", "--depth", "1", f"file://{project}", str(clone))
    build = mkdocs_build(clone, clone.parent / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def previewed(corrected, tmp_path_factory):
    """The same repository built as the preview of a pull request that makes the correction: the published
    branch (PUBLISHED_REF, as the pull-request workflow sets it) is the commit before it."""
    project, _, _ = corrected
    build = mkdocs_build(project, tmp_path_factory.mktemp("previewed") / "site", {"PUBLISHED_REF": "HEAD~1"})
    assert build.returncode == 0, build.output
    return build


def test_a_pull_requests_preview_says_its_correction_is_new_in_it_not_published(corrected, previewed):
    _, change, _ = corrected
    page = read_page(previewed.page("changes"))
    day = long_date(datetime.fromisoformat(PUBLISHED).date())
    assert [text for level, text in page.headings if level == 2] == ["In this pull request, not published yet", day]
    (table,) = [table for table in page.tables if table.caption.startswith("Figures corrected on")]
    assert [cells[-1].text for _, cells in table.rows] == [change["after"]]
    text = " ".join(" ".join(page.text).split())
    assert "was published on this site." in text  # the reports the published branch holds
    feed = read_feed((previewed.site / "feed.xml").read_bytes())
    corrected_on = long_date(datetime.fromisoformat(CORRECTED).date())
    assert feed.entries[0].title == f"1 figure corrected on {corrected_on} (in this pull request, not published yet)"
    assert feed.entries[0].link.endswith("changes/#changes-in-this-pull-request")  # where the page lists it
    assert 'id="changes-in-this-pull-request"' in previewed.page("changes")


@pytest.mark.slow
def test_a_pull_request_that_adds_next_years_report_says_it_is_new_in_it(tmp_path):
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "The site as published", when=PUBLISHED)
    add_year(project, NEXT)  # scaffolded, filled in, checked and committed, as in an editor's pull request
    build = mkdocs_build(project, tmp_path / "site", {"PUBLISHED_REF": "HEAD~1"})
    assert build.returncode == 0, build.output
    title = read_site(project / "data").reports[key(NEXT)].title
    text = " ".join(" ".join(read_page(build.page("changes")).text).split())
    assert f"In this pull request, not published yet {title} is new in this pull request." in text
    assert f"{title} was published" not in text
    titles = [entry.title for entry in read_feed((build.site / "feed.xml").read_bytes()).entries]
    assert f"{title} published on this site (in this pull request, not published yet)" in titles


def test_the_page_lists_the_correction_under_its_date_with_its_old_and_new_value(corrected):
    _, change, build = corrected
    page = read_page(build.page("changes"))
    day = long_date(datetime.fromisoformat(CORRECTED).date())
    headings = [text for level, text in page.headings if level == 2]
    assert headings[0] == day  # the newest first
    (table,) = [table for table in page.tables if table.caption == f"Figures corrected on {day}"]
    assert [cell.text for cell in table.head] == [
        "What it is",
        "Period",
        "Published in",
        "Figure",
        "Change",
        "Before",
        "After",
    ]
    assert [[cell.text for cell in cells] for _, cells in table.rows] == [
        [
            change["kpi"].title,
            change["period"],
            change["report"],
            "result",
            "corrected",
            change["before"],
            change["after"],
        ]
    ]
    assert f'href="../kpis/{change["kpi"].id}/"' in build.page("changes")


def test_the_correction_is_recorded_once_and_a_second_check_changes_nothing(corrected):
    project, change, _ = corrected
    (path,) = sorted((project / "data" / "corrections").glob("*.yaml"))
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["reports_removed"] == []
    ((entry),) = document["corrections"]
    assert (entry["what"], entry["period"], entry["report_title"], entry["field"]) == (
        change["kpi"].title,
        change["period"],
        change["report"],
        "result",
    )
    assert (entry["before"], entry["after"]) == (change["before"], change["after"])
    assert check_as_editor(project, published="HEAD~1").count("Corrections") == 0  # already recorded, as it is
    assert git(project, "status", "--porcelain") == ""


def test_the_records_list_what_reading_every_commit_of_data_lists(corrected, from_git_history):
    _, _, build = corrected
    assert "Figures corrected on" in build.page("changes")

    def article(html: str) -> str:
        return html[html.index("<article") : html.index("</article>")]

    assert article(build.page("changes")) == article(from_git_history.page("changes"))
    assert (build.site / "feed.xml").read_bytes() == (from_git_history.site / "feed.xml").read_bytes()


def test_the_first_commit_is_the_baseline_each_report_published_on_this_site(corrected):
    project, _, build = corrected
    text = " ".join(" ".join(read_page(build.page("changes")).text).split())
    day = long_date(datetime.fromisoformat(PUBLISHED).date())
    reports = sorted(read_site(project / "data").reports.values(), key=lambda report: report.id, reverse=True)
    assert f"{day} " + " ".join(f"{report.title} was published on this site." for report in reports) in text


def test_the_feed_is_valid_atom_and_lists_the_correction_old_to_new(corrected):
    project, change, build = corrected
    xml = (build.site / "feed.xml").read_bytes()
    assert atom_errors(xml) == []
    read = read_feed(xml)
    assert read.bozo == 0
    entry = read.entries[0]
    day = datetime.fromisoformat(CORRECTED).date()
    assert (entry.title, entry.updated) == (f"1 figure corrected on {long_date(day)}", CORRECTED)
    assert entry.link == f"{SITE_URL}changes/#changes-{day.isoformat()}"
    items = etree.fromstring(xml).findall("atom:entry/atom:content/xhtml:div/xhtml:ul/xhtml:li", ATOM)
    assert [" ".join("".join(item.itertext()).split()) for item in items] == [
        f"{change['kpi'].title} ({change['period']}, {change['report']}, result corrected: "
        f"{change['before']} → {change['after']})"
    ]
    assert items[0][0].get("href") == f"{SITE_URL}kpis/{change['kpi'].id}/"
    reports = read_site(project / "data").reports  # newest first, all added at once
    assert [entry.title for entry in read.entries[1:]] == [
        f"{reports[report].title} published on this site" for report in sorted(reports, reverse=True)
    ]


def test_a_shallow_clone_says_the_history_is_not_available_and_its_feed_is_valid(shallow):
    page = read_page(shallow.page("changes"))
    assert NO_HISTORY in " ".join(" ".join(page.text).split())
    assert page.tables == []
    xml = (shallow.site / "feed.xml").read_bytes()
    assert atom_errors(xml) == [] and read_feed(xml).entries == []
    # dated by its one commit, not by when its files were checked out
    assert datetime.fromisoformat(read_feed(xml).feed.updated) == datetime.fromisoformat(CORRECTED)


# --- the real site ------------------------------------------------------------------------------


def test_every_page_of_the_real_site_names_the_feed_in_its_head(built):
    # Not the old addresses that only send the reader on to a page's new address (mkdocs.yml's redirects).
    moved = {built.site / doc_address(old) / "index.html" for old in redirects(ROOT / "data")}
    assert moved and all(is_redirect(path.read_text(encoding="utf-8")) for path in moved)
    pages = sorted(set(built.site.rglob("*.html")) - moved)
    assert len(pages) > 40
    for path in pages:
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', path.read_text())
        assert len(links) == 1, path
        # relative to the page; the 404 page, shown at any address, names it from the site's root
        where = built.site / links[0].lstrip("/") if links[0].startswith("/") else path.parent / links[0]
        assert where.resolve() == (built.site / "feed.xml").resolve(), path


def test_the_real_sites_feed_is_valid_atom(built):
    xml = (built.site / "feed.xml").read_bytes()
    assert atom_errors(xml) == [] and read_feed(xml).bozo == 0


def test_whats_changed_follows_open_data_in_the_menu():
    nav = [next(iter(item)) if isinstance(item, dict) else item for item in _nav()]
    assert nav[nav.index("Open data") + 1] == "What's changed"


def _nav() -> list:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text[text.index("\nnav:") :])["nav"]
