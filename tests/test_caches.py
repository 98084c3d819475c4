"""What a build publishes comes from the tracked data/, never from a cache: the data is read and checked
afresh by every build (kept only in memory within one process, which `make serve` uses), so a `.cache/`
folder, even one a pull request force-adds with crafted files, changes no figure and runs nothing; and no
path git is told to ignore is tracked."""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, git, key, mkdocs_build, report_file

from macros.base.errors import DataErrors
from macros.read import project
from macros.read.project import load_site
from macros.workings.changes import snapshot


def _fresh(monkeypatch):
    """As a new build process: nothing kept in memory."""
    project._load_site.cache_clear()
    monkeypatch.setattr(project, "_checked", {})


@pytest.fixture
def data(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    _fresh(monkeypatch)
    yield tmp_path / "data"
    project._load_site.cache_clear()


@pytest.fixture
def reads(monkeypatch):
    """The data files read from disk, in order."""
    read, original = [], project.read_yaml
    monkeypatch.setattr(project, "read_yaml", lambda path, name: read.append(name) or original(path, name))
    return read


class _RunsCode:
    """Unpickled, it writes a file: what a crafted pickle could do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_forged_cache_folder_committed_with_the_data_changes_no_figure_and_runs_nothing(data, monkeypatch, tmp_path):
    """A pull request force-adds `.cache/checked-data/` with a file for each data file where the build once
    looked (crafted pickles, other figures, arbitrary bytes): the figures are data/'s, and nothing runs."""
    expected = snapshot(load_site(ROOT / "data"))
    marker = tmp_path / "code-ran"
    forged = tmp_path / ".cache" / "checked-data"
    forged.mkdir(parents=True)
    other = load_site(ROOT / "data").results()[:3]
    for number, path in enumerate(sorted(data.rglob("*.yaml"))):
        name = f"data/{path.relative_to(data).as_posix()}"
        for drafts in (False, True):
            kept = forged / f"{hashlib.sha256(repr((name, drafts)).encode()).hexdigest()[:32]}.pickle"
            kept.write_bytes(
                [pickle.dumps(_RunsCode(marker)), pickle.dumps(("any key", other)), b"\x80\x05arbitrary"][number % 3]
            )
    (tmp_path / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "add", "--force", ".cache")
    git(tmp_path, "commit", "-qm", "A pull request with a cache of its own")
    assert ".cache/checked-data/" in git(tmp_path, "ls-files")
    _fresh(monkeypatch)
    assert snapshot(load_site(data)) == expected
    _fresh(monkeypatch)
    assert snapshot(load_site(data, drafts=True)) == expected
    assert not marker.exists()


def _forge_cache(project, marker) -> None:
    """Where the build once kept each data file it had checked: a crafted pickle for each."""
    forged = project / ".cache" / "checked-data"
    forged.mkdir(parents=True)
    for path in sorted((project / "data").rglob("*.yaml")):
        name = f"data/{path.relative_to(project / 'data').as_posix()}"
        for drafts in (False, True):
            kept = forged / f"{hashlib.sha256(repr((name, drafts)).encode()).hexdigest()[:32]}.pickle"
            kept.write_bytes(pickle.dumps(_RunsCode(marker)))


@pytest.mark.slow
def test_a_build_with_a_forged_cache_publishes_the_same_open_data_and_runs_nothing(tmp_path):
    clean, forged = copy_project(tmp_path / "clean"), copy_project(tmp_path / "forged")
    marker = tmp_path / "code-ran"
    _forge_cache(forged, marker)
    for copy in (clean, forged):
        build = mkdocs_build(copy, copy / "site")
        assert build.returncode == 0, build.output[-2000:]
    assert not marker.exists()
    opened = [path for path in (clean / "site" / "data").rglob("*") if path.is_file()]  # every table's CSV, JSON
    assert opened and all((forged / path.relative_to(clean)).read_bytes() == path.read_bytes() for path in opened)
    assert not (clean / ".cache").exists()  # a build keeps nothing beside the project


def test_reading_the_data_writes_nothing_beside_it(data):
    load_site(data)
    assert sorted(path.name for path in data.parent.iterdir()) == ["data"]


def test_a_second_build_in_one_process_takes_the_data_from_memory(data, reads):
    """`make serve`: the data is read once, and after an edit only the file saved is read again."""
    first = load_site(data)
    assert len(reads) == len(list(data.glob("*.yaml"))) + len(list((data / "reports").glob("*/*.yaml")))
    reads.clear()
    assert load_site(data) is first and reads == []
    report = report_file(2018, data)
    edited = report.read_text(encoding="utf-8").replace("covers: 2017/18 outturns", "covers: The 2017/18 outturns")
    report.write_text(edited, encoding="utf-8")
    after = load_site(data)
    assert reads == [report_file(2018, Path("data")).as_posix()]  # data/reports/central-services/2018.yaml
    assert after.reports[key(2018)].covers == "The " + first.reports[key(2018)].covers


def test_a_file_with_a_mistake_is_found_every_time(data, monkeypatch):
    report = report_file(2018, data)
    report.write_text(report.read_text(encoding="utf-8").replace("value: 9.95", "value: 9,95"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataErrors) as raised:
            load_site(data)
        assert report_file(2018, Path("data")).as_posix() in raised.value.summary() and "9,95" in raised.value.summary()
        _fresh(monkeypatch)


def test_a_changed_schema_checks_every_file_it_covers_again(data):
    load_site(data)
    schema = data / "schemas" / "report.schema.json"
    text = schema.read_text(encoding="utf-8")
    stricter = text.replace('"Achieved",\n              "Failed",', '"Achieved",', 1)  # "Failed" no longer allowed
    assert stricter != text, "the report schema's performance words have moved; change another rule here"
    schema.write_text(stricter, encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        load_site(data)
    assert "Failed" in raised.value.summary()


def _tracked_but_ignored(repo) -> list[str]:
    return git(repo, "ls-files", "-z", "--cached", "--ignored", "--exclude-standard").split("\0")[:-1]


def test_no_path_git_is_told_to_ignore_is_tracked():
    """A build's own folders (.cache/, site/, .venv/ …) are never part of what it publishes from; one force-added
    to the repository, as a pull request could, fails here."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git repository")
    assert _tracked_but_ignored(ROOT) == []


def test_a_force_added_ignored_path_is_found(tmp_path):
    (tmp_path / ".gitignore").write_text((ROOT / ".gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "README.md").write_text("a project\n", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x").write_text("forged\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "The project")
    assert _tracked_but_ignored(tmp_path) == []
    git(tmp_path, "add", "--force", ".cache/x")
    git(tmp_path, "commit", "-qm", "A cache of its own")
    assert _tracked_but_ignored(tmp_path) == [".cache/x"]
