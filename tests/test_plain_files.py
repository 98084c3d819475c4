"""The build reads plain files and folders only, and only what can be reviewed: a named pipe, a socket, a folder
named like a page or template, a page that is not UTF-8 text, a broken mkdocs.yml and a data/ that is a link are
each named in a sentence by the check and the strict build (never a traceback, never a wait for ever); and a
file in docs/ that git ignores is left out of the site, with a warning naming it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import NEXT, PORTFOLIO, ROOT, copy_project, git, mkdocs_build, report_file

from macros.read.links import left_out, refused_paths

TIMEOUT = 180  # far longer than a check takes; a check that waits on a named pipe would never end


def _check(copy: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "macros.tools.check", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _refused(done: subprocess.CompletedProcess, name: str, words: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr, done.stderr
    assert any(line.strip().startswith(f"- {name}") and words in line for line in done.stderr.splitlines()), done.stderr


def _serving_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """The build `make serve` runs (not strict: a mistake is shown on every page), into site."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--site-dir", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "STRICT": "false"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _socket_at(path: Path, monkeypatch) -> socket.socket:
    """A UNIX socket bound at path (by a name relative to its folder: a socket's path has at most 107 bytes)."""
    sock = socket.socket(socket.AF_UNIX)
    with monkeypatch.context() as here:
        here.chdir(path.parent)
        sock.bind(path.name)
    return sock


def test_a_named_pipe_a_socket_and_a_folder_named_like_a_file_are_named_without_opening_anything(tmp_path, monkeypatch):
    for folder in ("docs", f"data/reports/{PORTFOLIO}", "overrides"):
        (tmp_path / folder).mkdir(parents=True)
    os.mkfifo(tmp_path / "docs" / "fifo.md")
    os.mkfifo(report_file(NEXT, tmp_path / "data"))  # where a portfolio's next report would be
    (tmp_path / "docs" / "about.md").mkdir()
    (tmp_path / "docs" / "assets.d").mkdir()  # not a page's name: a folder as any other
    (tmp_path / "overrides" / "main.html").mkdir()
    with _socket_at(tmp_path / "docs" / "sock.md", monkeypatch):
        found = {error.file: error.message for error in refused_paths(tmp_path)}  # a pipe opened would wait here
    assert list(found) == [
        "docs/about.md",
        "docs/fifo.md",
        "docs/sock.md",
        f"data/reports/{PORTFOLIO}/{NEXT}.yaml",
        "overrides/main.html",
    ]
    assert found["docs/fifo.md"].startswith("this is not a plain file but a named pipe (FIFO);")
    assert found["docs/sock.md"].startswith("this is not a plain file but a socket;")
    assert found["docs/about.md"].startswith("this is a folder, but a page belongs here (a name ending in .md")
    assert found["overrides/main.html"].startswith("this is a folder, but a template or style file belongs here")
    assert left_out(tmp_path / "docs" / "fifo.md", tmp_path / "docs")
    assert not left_out(ROOT / "docs" / "about.md", ROOT / "docs")


def test_the_check_names_a_named_pipe_and_a_socket_in_docs_and_a_pipe_in_data(copy, monkeypatch):
    os.mkfifo(copy / "docs" / "fifo.md")
    os.mkfifo(report_file(NEXT, copy / "data"))  # the year after the newest report
    with _socket_at(copy / "docs" / "sock.md", monkeypatch):
        done = _check(copy)
    _refused(done, "docs/fifo.md", "is not a plain file but a named pipe (FIFO)")
    _refused(done, "docs/sock.md", "is not a plain file but a socket")
    _refused(done, f"data/reports/{PORTFOLIO}/{NEXT}.yaml", "is not a plain file but a named pipe (FIFO)")
    assert "must end in .yaml" not in done.stderr


@pytest.mark.slow
def test_the_strict_build_stops_at_a_named_pipe_and_a_build_while_serving_leaves_it_out(copy, tmp_path):
    os.mkfifo(copy / "docs" / "fifo.md")
    os.mkfifo(copy / "docs" / "fifo.txt")
    build = mkdocs_build(copy, tmp_path / "site")  # would wait for ever on the pipe, until the timeout
    assert build.returncode != 0 and "Traceback" not in build.output, build.output[-3000:]
    assert "docs/fifo.md: this is not a plain file but a named pipe (FIFO)" in build.output
    serving = _serving_build(copy, tmp_path / "served")
    assert serving.returncode == 0, serving.stderr[-3000:]
    assert not (tmp_path / "served" / "fifo.txt").exists() and not (tmp_path / "served" / "fifo").exists()
    assert "docs/fifo.md: this is not a plain file" in (tmp_path / "served" / "index.html").read_text(encoding="utf-8")


def test_the_check_names_a_folder_where_a_page_or_a_template_belongs(copy):
    (copy / "docs" / "about.md").unlink()
    (copy / "docs" / "about.md").mkdir()
    (copy / "overrides" / "main.html").unlink()
    (copy / "overrides" / "main.html").mkdir()
    done = _check(copy)
    _refused(done, "docs/about.md", "this is a folder, but a page belongs here")
    _refused(done, "overrides/main.html", "this is a folder, but a template or style file belongs here")


@pytest.mark.slow
def test_the_strict_build_stops_at_a_folder_where_the_template_belongs(copy, tmp_path):
    (copy / "overrides" / "main.html").unlink()
    (copy / "overrides" / "main.html").mkdir()
    build = mkdocs_build(copy, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.output, build.output[-3000:]
    assert "overrides/main.html: this is a folder, but a template or style file belongs here" in build.output
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_page_that_is_not_utf8_is_named_with_its_line(copy):
    page = copy / "docs" / "about.md"
    text = page.read_bytes()
    page.write_bytes(text + b"\xff\xfe")
    done = _check(copy)
    line = text.count(b"\n") + 1
    _refused(done, f"docs/about.md, line {line}", f"this file is not UTF-8 text (byte {len(text) + 1} of the file")


@pytest.mark.slow
def test_the_strict_build_names_a_page_that_is_not_utf8(copy, tmp_path):
    page = copy / "docs" / "about.md"
    page.write_bytes(page.read_bytes() + b"\xff\xfe")
    build = mkdocs_build(copy, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.output, build.output[-3000:]
    assert "docs/about.md, line" in build.output and "this file is not UTF-8 text" in build.output
    served = _serving_build(copy, tmp_path / "served")  # the page is left out; every page says why
    assert served.returncode == 0 and "Traceback" not in served.stderr, served.stderr[-3000:]
    assert not (tmp_path / "served" / "about").exists()
    assert "docs/about.md, line" in (tmp_path / "served" / "index.html").read_text(encoding="utf-8")


def test_a_broken_mkdocs_yml_is_named_by_the_check_with_its_line(copy):
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "nav: [\n", encoding="utf-8")
    done = _check(copy)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    said = [line for line in done.stderr.splitlines() if line.strip().startswith("- mkdocs.yml, line ")]
    assert said and "MkDocs cannot use this file:" in said[0], done.stderr


def test_a_data_folder_that_is_a_link_is_refused_by_the_check(copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(copy / "data", elsewhere / "data")  # a copy of the data beside no mkdocs.yml
    (copy / "data").symlink_to(elsewhere / "data")
    done = _check(copy)
    _refused(done, "data: this is a symbolic link", "this is a symbolic link")
    other = copy_project(tmp_path / "other")  # another project, sound: its data/ must not make this one sound
    (copy / "data").unlink()
    (copy / "data").symlink_to(other / "data")
    done = _check(copy)
    _refused(done, "data: this is a symbolic link", "this is a symbolic link")
    assert "sound" not in done.stdout


def _repository(copy: Path) -> Path:
    (copy / ".gitignore").write_bytes((ROOT / ".gitignore").read_bytes())
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", ".")
    git(copy, "commit", "-qm", "The project")
    return copy


@pytest.mark.slow
def test_a_file_git_ignores_in_docs_is_left_out_of_the_build_and_named(copy, tmp_path):
    repo = _repository(copy)
    ignored = repo / "docs" / "assets" / "site" / "x.txt"  # site/ is ignored wherever it is
    ignored.parent.mkdir(parents=True)
    ignored.write_text("not reviewed", encoding="utf-8")
    (repo / "docs" / "assets" / "new.txt").write_text("an editor's new file, not yet committed", encoding="utf-8")
    served = tmp_path / "served"
    done = _serving_build(repo, served)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (served / "assets" / "site" / "x.txt").exists()
    assert (served / "assets" / "new.txt").exists()  # untracked, but not ignored: it stays
    assert "docs/assets/site/x.txt: git ignores this file" in done.stderr
    strict = mkdocs_build(repo, tmp_path / "site")
    assert strict.returncode != 0 and "docs/assets/site/x.txt: git ignores this file" in strict.output
    checked = _check(repo)
    _refused(checked, "docs/assets/site/x.txt", "git ignores this file")


@pytest.mark.slow
def test_outside_a_git_work_tree_no_file_is_left_out(copy, tmp_path):
    kept = copy / "docs" / "assets" / "site" / "x.txt"
    kept.parent.mkdir(parents=True)
    kept.write_text("published", encoding="utf-8")
    build = mkdocs_build(copy, tmp_path / "site")
    assert build.returncode == 0, build.output[-3000:]
    assert (tmp_path / "site" / "assets" / "site" / "x.txt").read_text(encoding="utf-8") == "published"
