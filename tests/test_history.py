"""Reading the states of data/ from git: each commit that changed it, oldest first, read by today's code
(None where it cannot be: also a commit whose data/ holds a link or a submodule), kept in the git directory
under a key checked on every read; nothing where there is no full history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from helpers import PORTFOLIO, copy_project, git, key, mkdocs_build, report_file, report_years
from tiny_site import write_tiny_data

from macros.base.errors import DataErrors
from macros.edge import history
from macros.edge.history import data_states
from macros.read.project import load_site, read_site
from macros.workings.changes import Snapshot, changes, snapshot

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
    report = report_file(2018, data)
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
    assert f"value: {value}" in report_file(2018, data).read_text(encoding="utf-8")
    return load_site(data)


def _cache(repo) -> Path:
    return Path(git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir").strip(), *history.CACHE)


@pytest.fixture
def reads(monkeypatch):
    """The commits data_states reads from git (rather than taking from the cache), in order."""
    read, original = [], history._Reader.figures
    monkeypatch.setattr(
        history._Reader, "figures", lambda reader, commit, tree: read.append(commit) or original(reader, commit, tree)
    )
    return read


def test_each_commits_figures_are_kept_in_the_git_directory_and_read_back_from_there(repo, reads):
    states = data_states(repo)
    assert reads == commits(repo)
    kept = sorted(_cache(repo).glob("*.json"))
    assert len(kept) == len(commits(repo))  # JSON, inside .git: no path git could track
    assert not (repo / ".cache").exists() and git(repo, "status", "--porcelain", "--ignored") == ""
    reads.clear()
    assert data_states(repo) == states and reads == []  # a second build reads no commit again


def test_an_edited_kept_record_is_read_from_git_again_and_never_published(repo, reads):
    states = data_states(repo)
    first = commits(repo)[0]
    altered = Snapshot(dict(list(states[0][2].figures.items())[:1]), {key(2017): "Altered"})
    for path in _cache(repo).glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        if record["figures"] is not None and Snapshot.from_json(record["figures"]) == states[0][2]:
            path.write_text(json.dumps({**record, "figures": altered.to_json()}), encoding="utf-8")
    reads.clear()
    assert data_states(repo) == states  # the figures as committed, not the edited ones
    assert reads == [first]
    reads.clear()
    assert data_states(repo) == states and reads == []  # and kept again, whole


def test_a_record_kept_under_another_key_is_not_taken(repo, reads):
    """A record moved to another's name (another commit's data/, or another version of the code) is a miss,
    even with a digest that matches its own payload."""
    states = data_states(repo)
    records = sorted(_cache(repo).glob("*.json"), key=lambda path: path.read_text(encoding="utf-8"))
    texts = [path.read_text(encoding="utf-8") for path in records]
    for path, text in zip(records, texts[1:] + texts[:1], strict=True):
        path.write_text(text, encoding="utf-8")
    reads.clear()
    assert data_states(repo) == states
    assert sorted(reads) == sorted(commits(repo))


def test_a_damaged_record_is_read_from_git_again(repo, reads):
    states = data_states(repo)
    for number, path in enumerate(sorted(_cache(repo).glob("*.json"))):
        path.write_bytes([b"", b"\x80\x04not json", path.read_bytes()[:40]][number % 3])
    reads.clear()
    assert data_states(repo) == states and sorted(reads) == sorted(commits(repo))


def test_another_version_of_the_code_reads_every_commit_again(repo, reads, tmp_path):
    states = data_states(repo)
    same, edited = tmp_path / "same" / "macros", tmp_path / "edited" / "macros"
    shutil.copytree(history.CODE, same, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(same, edited)
    assert history.code_version(same) == history.code_version(history.CODE)  # computed from the code itself
    changes = edited / "workings" / "changes.py"  # a module in one of the layers
    changes.write_text(changes.read_text(encoding="utf-8") + "\n# another version\n", encoding="utf-8")
    assert history.code_version(edited) != history.code_version(same)
    reads.clear()
    assert data_states(repo, code=same) == states and reads == []
    assert data_states(repo, code=edited) == states and reads == commits(repo)


def test_without_keeping_nothing_is_kept(repo, reads):
    states = data_states(repo, keep=False)
    assert data_states(repo, keep=False) == states and reads == commits(repo) * 2
    assert not _cache(repo).exists()


def test_a_commit_with_a_symbolic_link_in_data_is_not_read_and_breaks_no_later_build(repo, reads):
    """A link to a file of the computer's, committed in data/ and removed in the next commit; a link in place of
    a data file; a submodule: each of those commits has no figures (bridged like any commit the code cannot
    read), the others are read, and nothing is raised."""
    data = repo / "data"
    (data / "passwd.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A link", when=WHEN[2])
    (data / "passwd.yaml").unlink()
    glossary = (data / "glossary.yaml").read_bytes()
    (data / "glossary.yaml").unlink()
    (data / "glossary.yaml").symlink_to("/etc/hostname")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A data file as a link", when=WHEN[2])
    (data / "glossary.yaml").unlink()
    (data / "glossary.yaml").write_bytes(glossary)
    git(repo, "add", "-A")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commits(repo)[0]},data/vendored")
    git(repo, "commit", "-qm", "A submodule", when=WHEN[2])
    git(repo, "rm", "-q", "--cached", "data/vendored")
    git(repo, "commit", "-qm", "Back to files", when=WHEN[2])
    for keep in (True, True, False):  # the first build, one from the cache, one without it
        states = data_states(repo, keep=keep)
        assert [commit for commit, _, _ in states] == commits(repo)
        figures = [state[2] for state in states]
        assert figures[3:6] == [None, None, None]  # the link, the linked data file, the submodule
        assert figures[6] == figures[2] == snapshot(load_site(data))
    assert changes(states) == changes([state for state in states if state[2] is not None])


def test_a_commit_whose_data_today_s_code_refuses_breaks_no_later_build(repo):
    """A figure of 5001 digits (more than Python converts), then lists nested 5000 deep, each fixed in the next
    commit: those commits have no figures (bridged), and every build after them goes on."""
    report = report_file(2018, repo / "data")
    good = report.read_text(encoding="utf-8")
    assert good.count("value: 9.9\n") == 1
    for broken in (good.replace("value: 9.9\n", f"value: 1{'0' * 5000}\n"), good + f"junk: {'[' * 5000}{']' * 5000}\n"):
        report.write_text(broken, encoding="utf-8")
        git(repo, "commit", "-qam", "A figure that cannot be read", when=WHEN[2])
        report.write_text(good, encoding="utf-8")
        git(repo, "commit", "-qam", "Fixed", when=WHEN[2])
    for keep in (True, True, False):
        figures = [state[2] for state in data_states(repo, keep=keep)]
        assert figures[3:] == [None, figures[2], None, figures[2]]
        assert figures[2] == snapshot(load_site(repo / "data"))


@pytest.mark.parametrize(
    "raised", [RecursionError("maximum recursion depth exceeded"), ValueError("Exceeds the limit (4300 digits)")]
)
def test_whatever_reading_a_commit_raises_it_is_bridged_like_a_commit_with_a_mistake(repo, monkeypatch, raised):
    calls, read_site = [], history.read_site

    def first_fails(folder):
        calls.append(folder)
        if len(calls) == 1:
            raise raised
        return read_site(folder)

    monkeypatch.setattr(history, "read_site", first_fails)
    figures = [state[2] for state in data_states(repo, keep=False)]
    assert len(calls) == 3 and figures[:2] == [None, None]
    assert figures[2] == snapshot(load_site(repo / "data"))


@pytest.mark.parametrize("linked", ["site-cache", "site-cache/data-history"])
def test_a_cache_folder_reached_through_a_link_is_not_used(repo, reads, tmp_path, linked):
    """The cache folder, or the folder holding it, a link to a folder elsewhere holding forged records: nothing
    is read from there or written there, and every commit is read from git."""
    states = data_states(repo)
    cache = _cache(repo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    forged = Snapshot({}, {key(2017): "Forged"}).to_json()
    for path in cache.glob("*.json"):  # each record under its own name, its figures forged and its digest matching
        record = json.loads(path.read_text(encoding="utf-8"))
        record = {**record, "figures": forged, "sha256": history._payload_digest(record["key"], forged)}
        (elsewhere / path.name).write_text(json.dumps(record), encoding="utf-8")
    shutil.rmtree(cache.parent)
    if linked == "site-cache":
        cache.parent.symlink_to(elsewhere)
    else:
        cache.parent.mkdir()
        cache.symlink_to(elsewhere)
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    for _ in range(2):
        reads.clear()
        assert data_states(repo) == states and reads == commits(repo)  # no cache: each commit read from git
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before  # nothing written there


def test_a_kept_record_that_is_a_link_is_not_read(repo, reads, tmp_path):
    states = data_states(repo)
    for path in _cache(repo).glob("*.json"):
        moved = tmp_path / path.name
        path.rename(moved)
        path.symlink_to(moved)
    reads.clear()
    assert data_states(repo) == states and reads == commits(repo)


def test_a_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert data_states(clone) is None


def test_a_folder_outside_git_has_no_history(tmp_path):
    write_tiny_data(tmp_path)
    assert data_states(tmp_path) is None


def test_each_reports_file_is_dated_by_the_commit_that_first_added_it(repo):
    first = commits(repo)[0]
    reports = report_years(repo / "data")
    assert reports == [2017, 2018]
    assert history.reports_first_added(repo) == {
        key(report): (first, datetime.fromisoformat(WHEN[0])) for report in reports
    }
    assert history.reports_first_added(repo.parent) == {}  # outside git: nothing known


def test_a_report_file_moved_into_its_portfolios_folder_keeps_the_date_of_the_commit_that_first_added_it(tmp_path):
    """The real repository first filed its reports as data/reports/2018.yaml, then moved each into
    data/reports/central-services/ in a later commit, editing its schema line as it went: each report is
    still dated by the commit that first added its file (What's changed publishes it then, not on the day it
    moved), and a report added in its portfolio's folder after that by the commit that added it."""
    root = tmp_path / "repo"
    data = write_tiny_data(root)
    flat = {year: data / "reports" / f"{year}.yaml" for year in (2017, 2018)}
    for year, old in flat.items():
        text = report_file(year, data).read_text(encoding="utf-8")
        old.write_text(f"# yaml-language-server: $schema=../schemas/report.schema.json\n{text}", encoding="utf-8")
        report_file(year, data).unlink()
    (data / "reports" / PORTFOLIO).rmdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Reports filed by year", when=WHEN[0])
    published = git(root, "rev-parse", "HEAD").strip()
    (data / "reports" / PORTFOLIO).mkdir()
    for year, old in flat.items():
        git(root, "mv", str(old.relative_to(root)), str(report_file(year, data).relative_to(root)))
        moved = report_file(year, data)
        moved.write_text(moved.read_text(encoding="utf-8").replace("../schemas", "../../schemas"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Reports filed by portfolio", when=WHEN[1])
    moved_in = git(root, "rev-parse", "HEAD").strip()
    assert "R0" in git(root, "show", "-M", "--name-status", "--format=", "HEAD")  # git sees each as moved, edited
    # What's changed publishes each report on the day its file was first added, not the day it moved: from the
    # corrections recorded (here none) and from every commit of data/ alike (where today's code cannot read the
    # reports filed by year, so the first state it reads is the move's).
    site = load_site(data)
    for recorded in ({}, None):
        listed = history.site_history(root, site, recorded, keep=False)
        assert {(change.report, change.when, change.removed) for change in listed} == {
            (key(2017), datetime.fromisoformat(WHEN[0]), False),
            (key(2018), datetime.fromisoformat(WHEN[0]), False),
        }, recorded
    later = report_file(2019, data)
    later.write_text(
        report_file(2018, data).read_text(encoding="utf-8").replace("id: 2018", "id: 2019"), encoding="utf-8"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A report added in its portfolio's folder", when=WHEN[2])
    added_later = git(root, "rev-parse", "HEAD").strip()

    assert history.reports_first_added(root) == {
        key(2017): (published, datetime.fromisoformat(WHEN[0])),
        key(2018): (published, datetime.fromisoformat(WHEN[0])),
        key(2019): (added_later, datetime.fromisoformat(WHEN[2])),
    }
    # Without following the move, its new path would seem first added by the commit that moved it.
    assert history.first_added(root, "data/reports")[f"data/reports/{PORTFOLIO}/2018.yaml"][0] == moved_in


def test_a_pull_requests_own_commits_are_those_its_published_ref_does_not_hold(repo):
    every = git(repo, "rev-list", "HEAD").split()
    assert history.unpublished_commits(repo, "HEAD~1") == {every[0]}
    assert history.unpublished_commits(repo, "") == set()  # not a preview
    for not_one_commit in ("no-such-branch", "^HEAD", "HEAD~2..HEAD", "--all"):
        assert history.unpublished_commits(repo, not_one_commit) is None, not_one_commit


def _read_whole(repo: Path, commit: str, scratch: Path):
    """A commit's figures read as a build without history of it would: its data/ alone, in a folder of its own."""
    folder = scratch / commit
    folder.mkdir()
    archive = subprocess.run(["git", "archive", commit, "data"], cwd=repo, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    try:
        return snapshot(read_site(folder / "data"))
    except DataErrors:
        return None


def test_reading_only_what_each_commit_changed_gives_what_reading_each_commit_whole_gives(repo, tmp_path):
    """Each commit is read into the folder the commit before left, with only its changed files written: a history
    of many kinds of edit (figures, a KPI's title, a report added and removed, a folder and a file of the same
    name, the schemas, a file the code cannot read) gives every commit the figures a folder of its own gives."""
    data = repo / "data"
    reports, schema = data / "reports" / PORTFOLIO, data / "schemas" / "report.schema.json"
    report_2018 = (reports / "2018.yaml").read_text(encoding="utf-8")
    kpis, schema_text = (data / "kpis.yaml").read_text(encoding="utf-8"), schema.read_text(encoding="utf-8")

    def commit(message: str) -> None:
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", message, when=WHEN[2])

    edits = [
        ("A figure corrected", lambda: (reports / "2018.yaml").write_text(report_2018.replace("9.9", "9.7"))),
        ("A KPI reworded", lambda: (data / "kpis.yaml").write_text(kpis.replace("Average", "Mean"))),
        (
            "A report in a folder",
            lambda: (reports / "old").mkdir() or (reports / "2017.yaml").rename(reports / "old" / "2017.yaml"),
        ),
        (
            "Back out of it",
            lambda: (reports / "old" / "2017.yaml").rename(reports / "2017.yaml") or (reports / "old").rmdir(),
        ),
        ("A report removed", lambda: (reports / "2017.yaml").rename(repo / "2017.yaml")),
        ("And added again", lambda: (repo / "2017.yaml").rename(reports / "2017.yaml")),
        ("A schema that refuses a figure", lambda: schema.write_text(schema_text.replace('"value"', '"worth"', 1))),
        ("The schema as it was", lambda: schema.write_text(schema_text)),
        (
            "A folder where a file was",
            lambda: (
                (data / "kpis.yaml").unlink()
                or (data / "kpis.yaml").mkdir()
                or (data / "kpis.yaml" / "x.yaml").write_text(kpis)
            ),
        ),
        (
            "The file again",
            lambda: (
                (data / "kpis.yaml" / "x.yaml").unlink()
                or (data / "kpis.yaml").rmdir()
                or (data / "kpis.yaml").write_text(kpis)
            ),
        ),
        (
            "A figure the code refuses",
            lambda: (reports / "2018.yaml").write_text(report_2018.replace("value: 9.9\n", "value: 0x10\n")),
        ),
        ("Corrected again", lambda: (reports / "2018.yaml").write_text(report_2018.replace("9.9", "9.8"))),
    ]
    for message, edit in edits:
        edit()
        commit(message)
    states = data_states(repo, keep=False)
    scratch = tmp_path / "whole"
    scratch.mkdir()
    whole = [_read_whole(repo, commit, scratch) for commit in commits(repo)]
    assert [state[2] for state in states] == whole
    readable = [figures is not None for figures in whole]
    assert readable == [True, False, True, True, True, False, True, True, True, False, True, False, True, False, True]
    assert len({json.dumps(figures.to_json()) for figures in whole if figures}) > 3  # the figures did change


@pytest.mark.parametrize(
    "environment, wanted",
    [({}, True), ({"SITE_CACHE": "on"}, True), ({"SITE_CACHE": "off"}, False), ({"SITE_CACHE": " OFF "}, False)]
    + [({"SITE_CACHE": value}, False) for value in ("0", "no", "false")],
)
def test_one_switch_turns_the_cache_off(environment, wanted):
    assert history.cache_wanted(environment) is wanted


def test_the_cache_has_one_folder_and_a_manifest_saying_what_it_holds(repo, reads):
    states = data_states(repo)
    folder = _cache(repo)
    site_cache = folder.parent
    assert sorted(path.name for path in site_cache.iterdir()) == ["data-history", "manifest.json"]
    manifest = json.loads((site_cache / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data-history"]["code_version"] == history.code_version()
    assert manifest["data-history"]["records_used_by_the_last_build"] == len(states) == len(list(folder.iterdir()))
    assert "SITE_CACHE=off" in manifest["switch"]
    reads.clear()
    assert data_states(repo, keep=False) == states and reads == commits(repo)  # switched off: read from git


@pytest.mark.slow
def test_a_build_with_the_cache_switched_off_keeps_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "data" / "corrections")  # no records: What's changed is read from every commit, kept
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "The site")
    site_cache = project / ".git" / "site-cache"
    assert mkdocs_build(project, tmp_path / "off", {"SITE_CACHE": "off"}).returncode == 0
    assert not site_cache.exists()
    assert mkdocs_build(project, tmp_path / "on").returncode == 0
    assert sorted(path.name for path in site_cache.iterdir()) == ["data-history", "manifest.json"]


def test_a_record_nested_past_pythons_stack_is_read_from_git_again_not_a_traceback(repo, reads):
    """JSON nested deeper than Python's stack raised RecursionError while reading the record, which stopped the
    build with a traceback; any record that cannot be read is a miss."""
    states = data_states(repo)
    for path in _cache(repo).glob("*.json"):
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    reads.clear()
    assert data_states(repo) == states and sorted(reads) == sorted(commits(repo))


@pytest.mark.parametrize("attack", ["manifest a link", "partial a hard link", "partial a link", "manifest a folder"])
def test_the_manifest_is_never_written_through_a_link_or_a_file_already_there(repo, tmp_path, attack):
    """Nothing outside the cache is written, whatever stands where the manifest or its partial file goes."""
    states = data_states(repo)
    site_cache = _cache(repo).parent
    outside = tmp_path / "outside.txt"
    outside.write_text("not the cache's", encoding="utf-8")
    manifest, partial = site_cache / "manifest.json", site_cache / f"manifest.{os.getpid()}.partial"
    manifest.unlink()
    if attack == "manifest a link":
        manifest.symlink_to(outside)
    elif attack == "partial a hard link":
        os.link(outside, partial)
    elif attack == "partial a link":
        partial.symlink_to(outside)
    else:
        manifest.mkdir()
    assert data_states(repo) == states
    assert outside.read_text(encoding="utf-8") == "not the cache's"
    assert manifest.is_dir() if attack == "manifest a folder" else json.loads(manifest.read_text(encoding="utf-8"))
    made = {path.name for path in site_cache.iterdir()} - {"data-history", "manifest.json", partial.name}
    assert made == set(), made  # no partial file left behind
