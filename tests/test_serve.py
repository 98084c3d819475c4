"""`make serve` as an editor uses it: an edit shows within seconds, as only the pages it changes are built
again, and no page is left showing what was there before; a change to the menu, the pages or the code builds
every page; the server answers while it builds; a mistake shows on the page and the server keeps answering;
fixing the file brings the site back; a freshly scaffolded year can be previewed; an edit to macros/ takes
effect without a restart."""

from __future__ import annotations

import html as html_lib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import PORTFOLIO, ROOT, copy_project, mkdocs_build, report_file, report_years
from pages import read_page

from macros.read.project import load_site
from macros.workings.trends import is_number

# Limits that only tell a hang from a slow machine (no test here times anything: bench/ does). A request is
# answered at once, while the site is built again too; a rebuild takes a second or two.
HANG = 60.0  # seconds without an answer; a rebuild is awaited three times as long
SERVE = ["serve", "--dirty"]  # what `make serve` runs (checked against the Makefile below)
_LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.S)


@dataclass
class Served:
    project: Path
    url: str
    log: Path

    def log_since(self, start: int) -> str:
        return self.log.read_text(encoding="utf-8")[start:]

    def log_size(self) -> int:
        return len(self.log.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the project served as `make serve` serves it; stopped when the tests end."""
    project = tmp_path_factory.mktemp("serve") / "project"
    copy_project(project)
    port = free_port()
    env = {**os.environ, "STRICT": "false", "NO_MKDOCS_2_WARNING": "1"}  # what `make serve` sets
    log_path = project.parent / "serve.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *SERVE, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, lambda html: "<h1" in html, timeout=5 * HANG)
        yield Served(project, url, log_path)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def fetch(url: str) -> str:
    """One request, which must be answered (a minute without an answer is a hang)."""
    return fetch_bytes(url).decode("utf-8")


def fetch_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=HANG) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()
    except TimeoutError:
        pytest.fail(f"{url} was not answered within {HANG} s: the server hangs")


def wait_for(url: str, ready, timeout: float = 3 * HANG) -> str:
    """Ask every 0.3 s until the page shows what ready() looks for; then ask for the same page once more."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            html = fetch(url)
        except (urllib.error.URLError, ConnectionError):
            html = ""  # not listening yet
        if ready(html):
            return fetch(url)
        if time.monotonic() > deadline:
            return html
        time.sleep(0.3)


def site_version(url: str) -> int:
    """The version of the site the server shows (what its live reload tells browsers)."""
    return int(fetch(url + "livereload/0/0"))


def next_version(url: str, after: int) -> int:
    """Wait until the server shows a site built after version `after` (a rebuild is done and published)."""
    version = int(fetch(url + f"livereload/{after}/0"))
    assert version > after, "no rebuild was published within a minute"
    return version


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def edited(served: Served, path: Path, old: str, new: str) -> str:
    """Make the edit and wait until its rebuild is published; what the server logged for it."""
    version, start = site_version(served.url), served.log_size()
    edit(path, old, new)
    next_version(served.url, version)
    return served.log_since(start)


def heading(html: str) -> str:
    found = read_page(html).headings
    return found[0][1] if found else ""


def page_addresses(site: Path) -> list[str]:
    """Every page of a built site, as its address from the site's root."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def served_page(served: Served, address: str) -> bytes:
    """A page (or any file) as the server sends it, without the live-reload script it adds to every page."""
    sent = fetch_bytes(served.url + address)
    return _LIVERELOAD.sub(b"", sent) if address.endswith(".html") else sent


def strict_build(served: Served, site: Path):
    """The real strict build of the served project as it is now, with the served address as the site's
    (MkDocs serves with it, so each page names its canonical address there)."""
    build = mkdocs_build(served.project, site, {"SITE_URL": served.url, "PYTHONDONTWRITEBYTECODE": "1"})
    assert build.returncode == 0, build.output
    return build


def stale_files(served: Served, site: Path) -> list[str]:
    """The files the server sends differently from the strict build in site: its pages, sitemap, downloads,
    feed and assets, each compared as its bytes. Not the search index: Pagefind names and fills its files
    differently in each build, and a serve rebuild of some pages keeps the last full build's index."""
    files = sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith("pagefind/")
    )
    return [file for file in files if served_page(served, file) != (site / file).read_bytes()]


def rebuilds_logged(log: str) -> list[str]:
    """What each rebuild said it builds ("Building every page: ..." or "Building 6 of 54 pages again: ...")."""
    return re.findall(r"Building (?:every page|\d+ of \d+ pages again): .*", log)


def figure_edit(data: Path, scratch: Path) -> tuple[Path, str, str, str]:
    """An edit of one printed KPI figure that keeps the data sound: (file, old line, new line, KPI id). The
    latest report's first figure that is its KPI's latest (which the indicators and topic pages show too) and
    that can change by one in its last digit and still pass the data check."""
    site = load_site(data)
    report = site.reports[max(site.reports)]
    path = report_file(report.id.year, data, report.id.portfolio)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for result in printed(report, lambda result: site.latest_with_value(result.kpi.id) is result):
        line = result.origin.line_of("value")
        found = re.fullmatch(r"(\s*value: )(-?\d+(?:\.(\d+))?)(\s*)", lines[line - 1])
        if not is_number(result.value) or not found:
            continue
        places = len(found[3] or "")
        new = found[1] + f"{float(found[2]) + 10**-places:.{places}f}" + found[4]
        if sound(data, scratch / f"data-{result.kpi.id}", path, lines[line - 1], new):
            return path, lines[line - 1], new, result.kpi.id
    pytest.fail(f"no figure in {path} can change by one in its last digit and pass the data check")


NOTE = "Corrected while serving."


def note_edit(data: Path, scratch: Path) -> tuple[Path, str, str, str]:
    """A note added to a printed figure that is not its KPI's latest (the indicators page does not show it),
    keeping the data sound: (file, old line, new lines, KPI id). The first such figure, newest report first,
    whose value has a line of its own."""
    site = load_site(data)
    for report in sorted(site.reports.values(), key=lambda report: report.id, reverse=True):
        path = report_file(report.id.year, data, report.id.portfolio)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for result in printed(report, lambda result: site.latest_with_value(result.kpi.id) is not result):
            old = lines[result.origin.line_of("value") - 1]
            flow = re.fullmatch(r"(\s*- \{.*)\}(\s*)", old)  # the whole result on one line, {kpi: ..., value: ...}
            block = re.fullmatch(r"(\s+)value: .*\n", old)
            if result.note is not None or not (flow or block) or "".join(lines).count(old) != 1:
                continue
            new = f"{flow[1]}, note: {NOTE}}}{flow[2]}" if flow else f"{old}{block[1]}note: {NOTE}\n"
            if sound(data, scratch / f"data-{report.id}-{result.kpi.id}", path, old, new):
                return path, old, new, result.kpi.id
    pytest.fail(f"no printed figure in {data}/reports can take a note and pass the data check")


def printed(report, chosen) -> list:
    """The results the report's KPI tables print, in table order, that chosen() picks."""
    return [cell for table in report.kpi_tables.values() for row in table.rows for cell in row.cells if chosen(cell)]


def sound(data: Path, copy: Path, path: Path, old: str, new: str) -> bool:
    """Whether the data still passes its check with the line old (which appears once) written as new."""
    subprocess.run(["cp", "-r", str(data), str(copy)], check=True)
    text = path.read_text(encoding="utf-8")
    (copy / path.relative_to(data)).write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        load_site(copy)
    except Exception:  # noqa: BLE001 - this edit breaks a cross-check; the caller tries the next figure
        return False
    return True


def test_the_tests_serve_as_make_serve_does():
    recipe = re.search(r"(?m)^serve:.*\n\t(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"))[1]
    words = shlex.split(recipe)
    assert words[0] == "STRICT=false"
    assert words[words.index("serve") : words.index("serve") + len(SERVE)] == SERVE


@pytest.mark.parametrize("latest", [True, False], ids=["a KPI's latest figure", "a note on an earlier figure"])
def test_a_data_edit_builds_the_pages_that_show_it_and_leaves_no_page_stale(served, tmp_path, latest):
    path, old, new, kpi = (figure_edit if latest else note_edit)(served.project / "data", tmp_path)
    before = strict_build(served, tmp_path / "before").site
    try:
        log = edited(served, path, old, new)
        after = strict_build(served, tmp_path / "after").site
        # The pages that show the figure: those the strict build of the edited data makes differently.
        showing = [
            page for page in page_addresses(after) if (after / page).read_bytes() != (before / page).read_bytes()
        ]
        assert f"kpis/{kpi}/index.html" in showing
        assert ("kpis/index.html" in showing) == latest  # the indicators page shows each KPI's latest figure
        assert stale_files(served, after) == []  # every file as the strict build of the edited data makes it
        rebuild = rebuilds_logged(log)[0]
        built, total = map(int, re.match(r"Building (\d+) of (\d+) pages again", rebuild).groups())
        assert len(showing) <= built < total / 2, rebuild  # only some pages were built again
    finally:
        edited(served, path, new, old)


def test_a_page_edit_shows_and_builds_that_page_again(served):
    page = served.project / "docs/reports/central-services/2018/hr-od.md"
    paragraph = next(
        line for line in page.read_text(encoding="utf-8").splitlines() if len(line) > 60 and line[0].isalpha()
    )
    try:
        log = edited(served, page, paragraph, paragraph + " Edited while serving.")
        assert "Edited while serving." in fetch(served.url + "reports/central-services/2018/hr-od/")
        assert re.fullmatch(
            r"Building 1 of \d+ pages again: docs/reports/central-services/2018/hr-od.md changed\.",
            rebuilds_logged(log)[0],
        )
    finally:
        edited(served, page, paragraph + " Edited while serving.", paragraph)


def test_a_menu_change_builds_every_page_and_the_server_answers_while_it_builds(served, tmp_path):
    config = served.project / "mkdocs.yml"
    entry = next(
        line
        for line in config.read_text(encoding="utf-8").splitlines()
        if re.fullmatch(r"  - [A-Z][^:]*: \S+\.md", line)
    )
    renamed = entry.replace(": ", " (renamed): ", 1)
    answered_while_building = 0
    version, start = site_version(served.url), served.log_size()
    try:
        edit(config, entry, renamed)
        done = threading.Thread(
            target=urllib.request.urlopen, args=(served.url + f"livereload/{version}/0", None, HANG)
        )
        done.start()
        while done.is_alive():  # requests made while the site is built again
            fetch_bytes(served.url + "budgets/")
            answered_while_building += done.is_alive()
        assert rebuilds_logged(served.log_since(start))[0] == "Building every page: mkdocs.yml changed."
        assert stale_files(served, strict_build(served, tmp_path / "site").site) == []
        # MkDocs held each request until its rebuild ended, so at most one could be answered before the new
        # site was published; now each is answered from the site as it was (an order, not a time).
        assert answered_while_building >= 3, answered_while_building
    finally:
        edited(served, config, renamed, entry)


def test_a_new_page_title_builds_every_page_as_the_menus_show_it(served, tmp_path):
    page = served.project / "docs/reports/central-services/2018/legal-services.md"
    title = next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
    try:
        log = edited(served, page, title, title + " (retitled)")
        assert (
            "Building every page after all: the title of docs/reports/central-services/2018/legal-services.md changed"
            in log
        )
        assert stale_files(served, strict_build(served, tmp_path / "site").site) == []  # each menu has the title
    finally:
        edited(served, page, title + " (retitled)", title)


def test_adding_a_page_builds_every_page(served):
    page = served.project / "docs/kpis/added-while-serving.md"  # not in the menu, like every KPI page
    version, start = site_version(served.url), served.log_size()
    page.write_text("# Added while serving\n\nA page added while the site is served.\n", encoding="utf-8")
    try:
        next_version(served.url, version)
        assert heading(fetch(served.url + "kpis/added-while-serving/")) == "Added while serving"
        assert rebuilds_logged(served.log_since(start))[0] == "Building every page: pages were added or removed."
    finally:
        version = site_version(served.url)
        page.unlink()
        next_version(served.url, version)


def test_a_data_mistake_shows_on_every_page_and_fixing_it_brings_the_site_back(served, tmp_path):
    """Every page, the KPI pages the site makes from data/ too (where an editor checks a figure)."""
    pages = [doc_address(page.relative_to(served.project / "docs")) for page in (served.project / "docs").rglob("*.md")]
    pages += [f"kpis/{kpi}/" for kpi in load_site(served.project / "data").kpis]
    titles = {page: heading(fetch(served.url + page)) for page in pages}
    data = report_file(2018, served.project / "data")
    log = edited(served, data, "    value: 9.95\n", "    value: 9,95\n")
    try:
        assert rebuilds_logged(log)[0] == "Building every page: the data has a mistake, which every page shows."
        for page in pages:
            html = fetch(served.url + page)
            assert f"data/reports/{PORTFOLIO}/2018.yaml, line" in html, page
            assert "&#39;9,95&#39; is not a figure the way it is written" in html, page
            assert "The data has 1 error; fix it and try again:" in html, page
            assert heading(html) == titles[page], page  # each page keeps its title, so the menu still reads as the site
    finally:
        log = edited(served, data, "    value: 9,95\n", "    value: 9.95\n")
    assert rebuilds_logged(log)[0] == "Building every page: the data's mistake is fixed."
    assert stale_files(served, strict_build(served, tmp_path / "site").site) == []


def doc_address(page: Path) -> str:
    """A page's address from its file in docs/ (reports/central-services/2018/hr-od.md ->
    reports/central-services/2018/hr-od/)."""
    path = page.with_suffix("").as_posix()
    return "" if path == "index" else path.removesuffix("/index") + "/"


def test_a_broken_macro_call_shows_its_page_and_line_and_the_server_survives(served):
    project, url = served.project, served.url
    source = project / "docs/reports/central-services/2018/hr-od.md"
    line = next(
        n
        for n, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if 'kpi_table("hr-od", report=2018)' in text
    )
    page = url + "reports/central-services/2018/hr-od/"
    edit(source, 'kpi_table("hr-od", report=2018)', 'kpi_table("hr-od", report=2018')
    try:
        html = wait_for(page, lambda html: "docs/reports/central-services/2018/hr-od.md, line" in html)
        assert (
            f"docs/reports/central-services/2018/hr-od.md, line {line}: a macro call is not written correctly" in html
        )
    finally:
        edit(source, 'kpi_table("hr-od", report=2018', 'kpi_table("hr-od", report=2018)')
    assert 'id="kpi-2018-hr-od"' in wait_for(page, lambda html: 'id="kpi-2018-hr-od"' in html)


def test_an_edit_to_the_macros_takes_effect_without_a_restart(served):
    project, url = served.project, served.url
    page = url + "kpis/sickness-absence/"
    module = project / "macros/render/pages.py"
    edit(module, '"## Latest figure"', '"## Latest figure, edited"')
    try:
        assert "Latest figure, edited" in wait_for(page, lambda html: "Latest figure, edited" in html)
    finally:
        edit(module, '"## Latest figure, edited"', '"## Latest figure"')


def test_a_freshly_scaffolded_year_can_be_previewed_with_placeholders(served):
    project, url = served.project, served.url
    year = report_years(project / "data")[-1] + 1
    done = subprocess.run(
        [sys.executable, "-m", "macros.tools.scaffold", PORTFOLIO, str(year)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    html = wait_for(url + f"reports/{PORTFOLIO}/{year}/hr-od/", lambda html: "[to fill in]" in html)
    assert "[to fill in]" in html and "TODO: write this from the" in html
    assert "This page is still being written" in html
    # The page keeps its own title in the menu and the browser's tab while it is being written.
    page = (project / f"docs/reports/{PORTFOLIO}/{year}/hr-od.md").read_text(encoding="utf-8")
    title = next(line[2:] for line in page.splitlines() if line.startswith("# "))
    tab = html_lib.unescape(re.search(r"<title>(.*?)</title>", html, re.S)[1])
    assert heading(html) == title and tab.startswith(title), tab
    assert f"Portfolio Holder report {year}" in wait_for(url + "reports/", lambda html: f"report {year}" in html)
