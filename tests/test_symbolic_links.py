"""A symbolic link in docs/, data/ or overrides/ is refused by name, and nothing is read through it: the check
lists it, the strict build stops, `make serve` shows it on every page, and no build publishes or includes the
file it points at."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PORTFOLIO, ROOT, copy_project, mkdocs_build, report_file
from tiny_site import write_tiny_data

from macros.base.errors import DataErrors
from macros.read import project
from macros.read.links import refused_paths, through_a_link
from macros.read.project import load_site

SECRET = "A line of a file outside the project, 7f3c9e"


def test_every_link_in_the_three_folders_is_named_and_not_followed(tmp_path):
    for folder in ("docs/reports", "data/reports", "overrides/partials", "elsewhere"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs" / "x.md").symlink_to("/etc/passwd")
    (tmp_path / "docs" / "reports" / "etc").symlink_to("/etc")  # a folder: nothing under it is looked at
    (tmp_path / "data" / "kpis.yaml").symlink_to(tmp_path / "elsewhere" / "kpis.yaml")  # even a broken link
    (tmp_path / "overrides" / "partials" / "footer.html").symlink_to("/etc/hostname")
    (tmp_path / "elsewhere" / "not-read.md").symlink_to("/etc/passwd")  # outside the three folders
    found = refused_paths(tmp_path)
    assert [error.file for error in found] == [
        "docs/reports/etc",
        "docs/x.md",
        "data/kpis.yaml",
        "overrides/partials/footer.html",
    ]
    assert all(
        error.message.startswith("this is a symbolic link; ") and "remove the link" in error.message for error in found
    )
    assert str(found[1]).startswith("docs/x.md: this is a symbolic link;")


def test_a_linked_folder_is_named_itself(tmp_path):
    (tmp_path / "real-docs").mkdir()
    (tmp_path / "docs").symlink_to(tmp_path / "real-docs")
    assert [error.file for error in refused_paths(tmp_path)] == ["docs"]


def test_a_file_reached_through_a_link_is_known(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "page.md").write_text("# A page\n", encoding="utf-8")
    (docs / "linked").symlink_to(docs / "sub")
    (docs / "passwd.md").symlink_to("/etc/passwd")
    assert not through_a_link(docs / "sub" / "page.md", docs)
    assert through_a_link(docs / "linked" / "page.md", docs)  # inside docs/ once followed, but through a link
    assert through_a_link(docs / "passwd.md", docs)
    assert through_a_link("/etc/passwd", docs)


def test_a_link_in_data_is_refused_before_anything_is_read(tmp_path, monkeypatch):
    data = write_tiny_data(tmp_path)
    (data / "extra.yaml").symlink_to("/etc/passwd")
    reports = report_file(2018, data).parent  # data/reports/central-services/
    (reports / "2016.yaml").symlink_to(reports / "2018.yaml")  # a link where a report would be read
    project._load_site.cache_clear()
    read = []
    monkeypatch.setattr(project, "read_yaml", lambda path, name: read.append(name))
    with pytest.raises(DataErrors) as raised:
        load_site(data)
    assert [error.file for error in raised.value.errors] == ["data/extra.yaml", f"data/reports/{PORTFOLIO}/2016.yaml"]
    assert "data/extra.yaml: this is a symbolic link" in raised.value.summary()
    assert read == []
    project._load_site.cache_clear()


def _check(copy: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "macros.tools.check"], cwd=copy, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def linked(tmp_path) -> Path:
    """The project with a page and a static file that are links to a file outside it (as /etc/passwd would
    be), and a linked folder of pages."""
    copy = copy_project(tmp_path / "project")
    outside = tmp_path / "outside.md"
    outside.write_text(f"# Outside\n\n{SECRET}\n", encoding="utf-8")
    (copy / "docs" / "leak.md").symlink_to(outside)
    (copy / "docs" / "leak.txt").symlink_to(outside)
    (copy / "docs" / "linked-guide").symlink_to(ROOT / "docs" / "guide")
    return copy


def test_the_check_names_each_link_and_reads_nothing_through_it(linked):
    done = _check(linked)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for name in ("docs/leak.md", "docs/leak.txt", "docs/linked-guide"):
        assert f"{name}: this is a symbolic link;" in done.stderr, done.stderr
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.slow
def test_the_strict_build_stops_at_a_link_and_names_it(linked, tmp_path):
    build = mkdocs_build(linked, tmp_path / "site")
    assert build.returncode != 0
    assert "docs/leak.md: this is a symbolic link;" in build.output and "Traceback" not in build.output
    assert not (tmp_path / "site" / "leak.txt").exists()


@pytest.mark.slow
def test_a_build_while_serving_shows_the_link_on_every_page_and_publishes_nothing_through_it(linked, tmp_path):
    """`make serve` is not strict: the pages say what is wrong, and the linked files are left out."""
    page = linked / "docs" / "accessibility.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{% include "leak.md" %}\n', encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "STRICT": "false"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--site-dir", str(tmp_path / "site")],
        cwd=linked,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    site = tmp_path / "site"
    assert not (site / "leak.txt").exists() and not (site / "leak").exists() and not (site / "linked-guide").exists()
    assert not any(SECRET.encode() in path.read_bytes() for path in site.rglob("*") if path.is_file())
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "docs/leak.md: this is a symbolic link;" in home and "docs/linked-guide: this is" in home
    assert "docs/leak.md: this is a symbolic link;" in done.stderr
