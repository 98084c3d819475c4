"""Reading the states of data/ from git: each commit that changed it, oldest first, read by today's code
(None where it cannot be), kept under .cache/ by commit; nothing where there is no full history."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from helpers import git
from tiny_site import write_tiny_data

from macros import history
from macros.changes import Snapshot, snapshot
from macros.history import data_states
from macros.project import load_site

WHEN = ["2027-01-04T09:00:00+00:00", "2027-01-05T10:30:00+01:00", "2027-01-06T11:00:00+00:00"]


@pytest.fixture
def repo(tmp_path):
    """A repository whose data/ was committed, then broken (a file missing), then corrected."""
    root = tmp_path / "repo"
    data = write_tiny_data(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "The tiny data", when=WHEN[0])
    (data / "glossary.yaml").rename(root / "glossary.yaml")  # out of data/: the code needs it, so unreadable
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Without the glossary", when=WHEN[1])
    (root / "glossary.yaml").rename(data / "glossary.yaml")
    report = data / "reports" / "2018.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("value: 9.95", "value: 9.9"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A corrected figure", when=WHEN[2])
    (root / "README").write_text("not data", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Not a change to data/", when=WHEN[2])
    return root


def commits(repo) -> list[str]:
    return git(repo, "log", "--reverse", "--format=%H", "--", "data").split()


def test_each_commit_that_changed_data_is_read_oldest_first_with_its_date(repo):
    states = data_states(repo)
    assert [(commit, when) for commit, when, _ in states] == list(
        zip(commits(repo), map(datetime.fromisoformat, WHEN), strict=True)
    )
    first, unreadable, corrected = (figures for _, _, figures in states)
    assert unreadable is None  # today's code cannot read data/ without its glossary
    assert first == snapshot(_tiny(repo, "9.95"))
    assert corrected == snapshot(load_site(repo / "data"))


def _tiny(repo, value: str):
    """The tiny data as first committed (its sickness-absence figure then), read from a copy."""
    copy = repo.parent / f"copy-{value}"
    data = write_tiny_data(copy)
    assert f"value: {value}" in (data / "reports" / "2018.yaml").read_text(encoding="utf-8")
    return load_site(data)


def test_each_commits_figures_are_kept_by_its_hash_and_read_back_from_the_cache(repo, tmp_path):
    cache = tmp_path / "cache"
    states = data_states(repo, cache=cache)
    kept = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in (cache / "data-history").iterdir()}
    assert sorted(kept) == sorted(commits(repo))
    # a kept file is what the next build reads: altered here, the next reading shows the alteration
    first = commits(repo)[0]
    altered = Snapshot(dict(list(states[0][2].figures.items())[:1]), {2017: "Altered"})
    (cache / "data-history" / f"{first}.json").write_text(
        json.dumps({**kept[first], "figures": altered.to_json()}), encoding="utf-8"
    )
    assert data_states(repo, cache=cache)[0][2] == altered


def test_the_cache_is_not_used_by_another_version_of_the_code(repo, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    states = data_states(repo, cache=cache)
    first = commits(repo)[0]
    path = cache / "data-history" / f"{first}.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "figures": None}), encoding="utf-8")
    monkeypatch.setattr(history, "_code_version", lambda: "another version of macros/")
    assert data_states(repo, cache=cache)[0][2] == states[0][2]


def test_a_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert data_states(clone) is None


def test_a_folder_outside_git_has_no_history(tmp_path):
    write_tiny_data(tmp_path)
    assert data_states(tmp_path) is None


def test_each_reports_file_is_dated_by_the_commit_that_first_added_it(repo):
    first = commits(repo)[0]
    reports = sorted(int(path.stem) for path in (repo / "data" / "reports").glob("*.yaml"))
    assert history.reports_first_added(repo) == {report: (first, datetime.fromisoformat(WHEN[0])) for report in reports}
    assert history.reports_first_added(repo.parent) == {}  # outside git: nothing known


def test_a_pull_requests_own_commits_are_those_its_published_ref_does_not_hold(repo):
    every = git(repo, "rev-list", "HEAD").split()
    assert history.unpublished_commits(repo, "HEAD~1") == {every[0]}
    assert history.unpublished_commits(repo, "") == set()  # not a preview
    for not_one_commit in ("no-such-branch", "^HEAD", "HEAD~2..HEAD", "--all"):
        assert history.unpublished_commits(repo, not_one_commit) is None, not_one_commit
