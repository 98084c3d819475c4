"""`make build` (python -m macros.tools.build_site) leaves the last good site in place whatever goes wrong: a
failed build, two builds at once, a full disk. Each fault ends in a sentence, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import copy_project

pytestmark = pytest.mark.slow


def build_site(project: Path, site: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "macros.tools.build_site", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(build: subprocess.Popen) -> tuple[int, str]:
    output, _ = build.communicate(timeout=600)
    return build.returncode, output


def a_good_site(site: Path) -> dict[str, bytes]:
    """A site already in place (standing for the last good one), as {file: bytes}."""
    (site / "reports").mkdir(parents=True)
    (site / "index.html").write_text("<p>the last good site</p>", encoding="utf-8")
    (site / "reports" / "index.html").write_text("<p>its reports</p>", encoding="utf-8")
    return files_of(site)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith((".partial", ".old"))]


def test_two_builds_at_once_both_finish_and_leave_one_whole_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "out" / "site"
    builds = [build_site(project, site) for _ in range(2)]
    results = [finish(build) for build in builds]
    assert [code for code, _ in results] == [0, 0], results
    built = files_of(site)
    assert "index.html" in built and "sitemap.xml" in built and any(name.startswith("pagefind/") for name in built)
    assert "kpis/index.html" in built and "feed.xml" in built
    assert leftovers(site.parent) == [] and oct(site.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def test_a_failed_build_keeps_the_last_good_site_byte_for_byte(tmp_path):
    project = copy_project(tmp_path / "project")
    kpis = project / "data" / "kpis.yaml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("    unit: days", "    unit: [days", 1), encoding="utf-8")
    site = tmp_path / "out" / "site"
    before = a_good_site(site)
    code, output = finish(build_site(project, site))
    assert code == 1 and "Traceback" not in output and "data/kpis.yaml, line" in output, output
    assert files_of(site) == before and leftovers(site.parent) == []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_build_stopped_by_a_signal_leaves_no_half_built_folder_and_the_last_good_site(tmp_path, stop):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "out" / "site"
    before = a_good_site(site)
    build = build_site(project, site)
    deadline = time.monotonic() + 300
    while not _writing(site.parent):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
        time.sleep(0.02)
    build.send_signal(stop)
    code, output = finish(build)
    assert code == 128 + stop and "Traceback" not in output, output
    assert f"The site was not built: the build was stopped ({stop.name})." in output, output
    assert f"The last good site in {site} is kept as it was" in output, output
    assert files_of(site) == before and leftovers(site.parent) == []


def _writing(folder: Path) -> bool:
    """Whether a build is writing a site in a half-built folder of its own in folder."""
    for partial in folder.glob(".*.partial"):
        try:
            if any(partial.iterdir()):
                return True
        except FileNotFoundError:  # the build has just ended
            pass
    return False


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB disk (tmpfs), far smaller than the site."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"a small disk cannot be mounted here (mount needs root): {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_is_said_in_a_sentence_and_keeps_the_last_good_site(tmp_path, small_disk):
    project = copy_project(tmp_path / "project")
    site = small_disk / "site"
    before = a_good_site(site)
    code, output = finish(build_site(project, site))
    assert code == 1 and "Traceback" not in output, output
    assert "no room left on the disk" in output and f"the last good site in {site} is kept" in output, output
    assert files_of(site) == before and leftovers(small_disk) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
