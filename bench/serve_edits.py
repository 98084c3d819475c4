"""Save -> new figure visible under `make serve`, on a copy of a site (bench/run.py calls `measure`).

The command the Makefile's serve target runs is started on the copy; once it answers, a KPI figure is
edited in a data file, as an editor would (by turns an earlier figure and a KPI's latest), and the page
of that KPI is asked for every 50 ms until it shows the new figure. Each edit keeps the data sound
(checked with the project's own data check first), and all are undone at the end. It also notes the
longest any request waited while a rebuild was under way, and what the server said each rebuild built.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's macros, to choose figures and write them as the pages do

from macros.base.units import format_figure  # noqa: E402
from macros.read.project import load_site  # noqa: E402
from macros.workings.trends import is_number  # noqa: E402


@dataclass
class Edit:
    file: Path  # from the site's folder
    old: str  # the line as it was
    new: str  # the line with the figure changed
    kpi: str
    shown: str  # the new figure as the KPI's page prints it


@dataclass
class ServeTimes:
    first_build: float  # seconds from starting the server to its first answer
    visible: list[float] = field(default_factory=list)  # seconds from each save to its figure on the page
    longest_wait: float = 0.0  # the longest a request waited while a rebuild was under way
    rebuilds: list[str] = field(default_factory=list)  # what the server said each rebuild built

    @property
    def median(self) -> float:
        return statistics.median(self.visible) if self.visible else float("nan")


def serve_command(port: int) -> tuple[list[str], dict]:
    """The Makefile's serve recipe, run with this Python: (arguments, environment variables it sets)."""
    recipe = re.search(r"(?m)^serve:.*\n\t(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"))[1]
    words = shlex.split(recipe.replace("$(PORT)", str(port)))
    env = dict(word.split("=", 1) for word in words if re.fullmatch(r"[A-Z_]+=.*", word))
    mkdocs = next(index for index, word in enumerate(words) if word.endswith("/mkdocs"))
    return [sys.executable, "-m", "mkdocs", *words[mkdocs + 1 :]], env


def figure_edits(project: Path, count: int) -> list[Edit]:
    """Up to count figure edits, each in another report, that keep the data sound with the ones before: by
    turns a figure some report printed before a later one (its KPI's page shows it) and a KPI's latest
    figure (which the indicators page and the KPI's topic page show too)."""
    data = project / "data"
    site = load_site(data)
    scratch = Path(tempfile.mkdtemp(prefix="serve-edits-")) / "data"
    shutil.copytree(data, scratch)
    reports = list(site.reports.values())
    earlier = [report.id for report in reports[:: max(1, len(reports) // count)]]
    latest = list(dict.fromkeys(result.report for kpi in site.kpis if (result := site.latest_with_value(kpi))))
    edits: list[Edit] = []
    try:
        for turn in range(2 * count):
            if len(edits) == count or not (earlier or latest):
                break
            is_latest = turn % 2 == 1
            queue = latest if is_latest else earlier
            if not queue:
                continue
            report = site.reports[queue.pop(0)]
            chosen = [
                cell
                for table in report.kpi_tables.values()
                for row in table.rows
                for cell in row.cells
                if (site.latest_with_value(cell.kpi.id) is cell) == is_latest
            ]
            edit = _first_sound_edit(chosen, scratch)
            if edit:
                edits.append(edit)
    finally:
        shutil.rmtree(scratch.parent, ignore_errors=True)
    return edits


def _first_sound_edit(results: list, scratch: Path) -> Edit | None:
    for result in results:
        path = scratch / "reports" / result.report.portfolio / f"{result.report.year}.yaml"
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        number = result.origin.line_of("value")
        found = re.fullmatch(r"(\s*value: )(\d+(?:\.(\d+))?)(\s*)", lines[number - 1])
        if not is_number(result.value) or not found:
            continue
        places = len(found[3] or "")
        value = round(float(found[2]) + 10**-places, places) if places else int(found[2]) + 1
        new = f"{found[1]}{value:.{places}f}{found[4]}" if places else f"{found[1]}{value}{found[4]}"
        path.write_text("".join([*lines[: number - 1], new, *lines[number:]]), encoding="utf-8")
        try:
            load_site(scratch)
        except Exception:  # noqa: BLE001 - this edit breaks a cross-check: try the next figure
            path.write_text(text, encoding="utf-8")
            continue
        shown = format_figure(result.kpi.unit, value)
        return Edit(
            Path("data/reports") / path.relative_to(scratch / "reports"), lines[number - 1], new, result.kpi.id, shown
        )
    return None


def measure(project: Path, count: int = 5, log: Path | None = None) -> ServeTimes:
    """Serve the site in project as `make serve` does, make count figure edits one after another, and time each
    from the save to the new figure on its KPI's page."""
    edits = figure_edits(project, count)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command, variables = serve_command(port)
    log = log or project / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            command,
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **variables},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        times = ServeTimes(_until(url, lambda page: "<h1" in page, 1800) - started)
        for edit in edits:
            page = url + f"kpis/{edit.kpi}/"
            before = _get(page)[0]
            _replace(project / edit.file, edit.old, edit.new)
            saved = time.perf_counter()
            changed = lambda html, before=before, edit=edit: html != before and edit.shown in html  # noqa: E731
            shown = _until(page, changed, 600, times)
            times.visible.append(shown - saved)
            time.sleep(3.0)  # as an editor reads the page before the next edit
        times.rebuilds = re.findall(r"Building (?:every page|\d+ of \d+ pages again): .*", log.read_text("utf-8"))
        return times
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        for edit in reversed(edits):
            _replace(project / edit.file, edit.new, edit.old)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


_LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.S)  # the server adds it, new each time


def _get(url: str) -> tuple[str, float]:
    """The page (without the server's live-reload script) and how long the server took to answer."""
    asked = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return _LIVERELOAD.sub("", response.read().decode("utf-8")), time.perf_counter() - asked
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8"), time.perf_counter() - asked
    except (urllib.error.URLError, ConnectionError):
        return "", time.perf_counter() - asked  # not listening yet


def _until(url: str, ready, timeout: float, times: ServeTimes | None = None) -> float:
    """Ask every 50 ms until ready(page); when it was; the longest wait of a request goes into times."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        page, waited = _get(url)
        if ready(page):
            return time.perf_counter()
        if times is not None:
            times.longest_wait = max(times.longest_wait, waited)
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show the edit within {timeout:.0f} s")
