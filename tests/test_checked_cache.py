"""The data files a build found sound are kept in .cache/ and taken from there by the next build of the
same files with the same code; any change to a file, a schema or the code reads and checks it again, and a
file with a mistake is never kept."""

from __future__ import annotations

import shutil

import pytest

from macros import checked_cache, project
from macros.errors import DataErrors
from macros.project import load_site
from tests.helpers import ROOT


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


def _unreadable(monkeypatch):
    """From here on, reading a data file fails the test: whatever is loaded comes from the cache."""

    def read_yaml(path, name):
        raise AssertionError(f"{name} was read again")

    monkeypatch.setattr(project, "read_yaml", read_yaml)


def test_a_second_build_of_the_same_files_takes_them_from_the_cache(data, monkeypatch):
    cache = data.parent / ".cache"
    first = load_site(data, cache=cache)
    kept = list((cache / checked_cache.FOLDER).glob("*.pickle"))
    assert len(kept) == len(list(data.rglob("*.yaml")))  # one per data file
    _fresh(monkeypatch)
    _unreadable(monkeypatch)
    second = load_site(data, cache=cache)
    assert second.results() == first.results()
    assert second.facts == first.facts and second.kpis == first.kpis
    assert [r.title for r in second.reports.values()] == [r.title for r in first.reports.values()]


def test_an_edited_file_is_read_and_checked_again(data, monkeypatch):
    """An edit that keeps the data sound whatever later reports say (a later report's direction of travel
    is checked against this report's figures, so the edit is to words)."""
    cache = data.parent / ".cache"
    before = load_site(data, cache=cache).reports[2018].covers
    report = data / "reports" / "2018.yaml"
    edited = report.read_text(encoding="utf-8").replace("covers: 2017/18 outturns", "covers: The 2017/18 outturns")
    report.write_text(edited, encoding="utf-8")
    _fresh(monkeypatch)
    after = load_site(data, cache=cache).reports[2018].covers
    assert (before, after) == ("2017/18 outturns and targets, and 2018/19 budgets", "The " + before)


def test_a_file_with_a_mistake_is_never_kept_and_its_mistake_is_found_every_time(data, monkeypatch):
    cache = data.parent / ".cache"
    load_site(data, cache=cache)
    report = data / "reports" / "2018.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("value: 9.95", "value: 9,95"), encoding="utf-8")
    for _ in range(2):
        _fresh(monkeypatch)
        with pytest.raises(DataErrors) as raised:
            load_site(data, cache=cache)
        assert "2018.yaml" in raised.value.summary() and "9,95" in raised.value.summary()


def test_a_changed_schema_checks_every_file_it_covers_again(data, monkeypatch):
    cache = data.parent / ".cache"
    load_site(data, cache=cache)
    schema = data / "schemas" / "report.schema.json"
    text = schema.read_text(encoding="utf-8")
    stricter = text.replace('"Achieved",\n              "Failed",', '"Achieved",', 1)  # "Failed" no longer allowed
    assert stricter != text, "the report schema's performance words have moved; change another rule here"
    schema.write_text(stricter, encoding="utf-8")
    _fresh(monkeypatch)
    with pytest.raises(DataErrors) as raised:
        load_site(data, cache=cache)
    assert "Failed" in raised.value.summary()


def test_other_code_does_not_use_what_this_code_kept(data, monkeypatch):
    cache = data.parent / ".cache"
    load_site(data, cache=cache)
    _fresh(monkeypatch)
    monkeypatch.setattr(checked_cache, "code_version", lambda: "another version of macros/")
    read = []
    original = project.read_yaml
    monkeypatch.setattr(project, "read_yaml", lambda path, name: read.append(name) or original(path, name))
    load_site(data, cache=cache)
    assert len(read) == len(list(data.rglob("*.yaml")))


def test_a_kept_file_cut_short_is_read_and_checked_again(data, monkeypatch):
    cache = data.parent / ".cache"
    first = load_site(data, cache=cache)
    for kept in (cache / checked_cache.FOLDER).glob("*.pickle"):
        kept.write_bytes(kept.read_bytes()[:40])
    _fresh(monkeypatch)
    assert load_site(data, cache=cache).results() == first.results()


def test_without_a_cache_folder_nothing_is_kept(data, monkeypatch):
    load_site(data)
    assert not (data.parent / ".cache").exists()
