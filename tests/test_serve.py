"""`make serve` as an editor uses it: a mistake shows on the page and the server keeps answering;
fixing the file brings the site back; a freshly scaffolded year can be previewed; an edit to
macros/ takes effect without a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import copy_project
from pages import read_page

ANSWER_WITHIN = 1.0  # seconds: every request once a rebuild has finished, even while the data is wrong
# MkDocs holds a request that arrives during a rebuild until that rebuild ends (so no half-built page is
# served); a rebuild of this site takes about a second. A request still unanswered after this is a hang.
REBUILD_AT_MOST = 15.0


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
    log = (project.parent / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, lambda html: "<h1" in html, timeout=120)
        yield project, url, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def fetch(url: str, within: float = ANSWER_WITHIN) -> str:
    """One request, which must be answered within `within` seconds."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=within + 1) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except TimeoutError:
        pytest.fail(f"{url} was not answered within {within} s: the server hangs")
    finally:
        assert time.monotonic() - started < within + 0.2, f"{url} took longer than {within} s"


def wait_for(url: str, ready, timeout: float = 60) -> str:
    """Ask every 0.3 s until the page shows what ready() looks for (a request may wait for a rebuild,
    never longer); then the same page must be answered within ANSWER_WITHIN."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            html = fetch(url, within=REBUILD_AT_MOST)
        except (urllib.error.URLError, ConnectionError):
            html = ""  # not listening yet
        if ready(html):
            return fetch(url)
        if time.monotonic() > deadline:
            return html
        time.sleep(0.3)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def heading(html: str) -> str:
    found = read_page(html).headings
    return found[0][1] if found else ""


def test_a_data_mistake_shows_on_every_page_and_fixing_it_brings_the_site_back(served):
    project, url, _ = served
    page = url + "reports/2018/hr-od/"
    before = heading(wait_for(page, lambda html: "<h1" in html))
    data = project / "data/reports/2018.yaml"
    edit(data, "    value: 9.95\n", "    value: 9,95\n")
    try:
        html = wait_for(page, lambda html: "data/reports/2018.yaml, line" in html)
        assert "&#39;9,95&#39; is not a figure the way it is written" in html
        assert "The data has 1 error; fix it and try again:" in html
        assert heading(html) == before  # the page keeps its title, so the menu still reads as the site
    finally:
        edit(data, "    value: 9,95\n", "    value: 9.95\n")
    assert heading(wait_for(page, lambda html: heading(html) == before)) == before


def test_a_broken_macro_call_shows_its_page_and_line_and_the_server_survives(served):
    project, url, _ = served
    source = project / "docs/reports/2018/hr-od.md"
    line = next(
        n
        for n, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if 'kpi_table("hr-od", report=2018)' in text
    )
    page = url + "reports/2018/hr-od/"
    edit(source, 'kpi_table("hr-od", report=2018)', 'kpi_table("hr-od", report=2018')
    try:
        html = wait_for(page, lambda html: "docs/reports/2018/hr-od.md, line" in html)
        assert f"docs/reports/2018/hr-od.md, line {line}: a macro call is not written correctly" in html
    finally:
        edit(source, 'kpi_table("hr-od", report=2018', 'kpi_table("hr-od", report=2018)')
    assert 'id="kpi-2018-hr-od"' in wait_for(page, lambda html: 'id="kpi-2018-hr-od"' in html)


def test_an_edit_to_the_macros_takes_effect_without_a_restart(served):
    project, url, _ = served
    page = url + "kpis/sickness-absence/"
    module = project / "macros/pages.py"
    edit(module, '"## Latest figure"', '"## Latest figure, edited"')
    try:
        assert "Latest figure, edited" in wait_for(page, lambda html: "Latest figure, edited" in html)
    finally:
        edit(module, '"## Latest figure, edited"', '"## Latest figure"')


def test_a_freshly_scaffolded_year_can_be_previewed_with_placeholders(served):
    project, url, _ = served
    year = max(int(path.stem) for path in (project / "data/reports").glob("*.yaml")) + 1
    done = subprocess.run(
        [sys.executable, "-m", "macros.scaffold", str(year)], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    html = wait_for(url + f"reports/{year}/hr-od/", lambda html: "[to fill in]" in html)
    assert "[to fill in]" in html and "TODO: write this from the" in html
    assert "This page is still being written" in html
    assert f"Portfolio Holder report {year}" in wait_for(url + "reports/", lambda html: f"report {year}" in html)
