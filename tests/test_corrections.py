"""Corrections recorded as data (data/corrections/): what make check writes for a branch, how a build reads the
records back and dates them, what is refused, and the summary a pull request's check shows when the record
is missing. The whole flow on a built site is in test_whats_changed.py."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from helpers import PORTFOLIO, ROOT, git, key, report_file

from macros.base.errors import DataErrors
from macros.read.corrections import read_corrections
from macros.read.project import read_site
from macros.tools.record_corrections import record_corrections, summary
from macros.workings.corrections import record, record_name, recorded_history

SICKNESS_2018 = '- kpi: sickness-absence\n    period: "2017/18"\n    value: 9.95\n'  # as report 2018 printed it


def corrected_copy(into: Path, value: str) -> Path:
    """data/ with report 2018's sickness absence for 2017/18 written as value."""
    data = shutil.copytree(ROOT / "data", into / "data")
    report = report_file(2018, data)
    text = report.read_text(encoding="utf-8")
    assert text.count(SICKNESS_2018) == 1
    report.write_text(text.replace(SICKNESS_2018, SICKNESS_2018.replace("9.95", value)), encoding="utf-8")
    return data


def test_a_record_names_the_figure_as_the_site_printed_it_before_and_prints_it_after(tmp_path):
    before = read_site(ROOT / "data")
    document = record(before, read_site(corrected_copy(tmp_path, "9.85")))
    assert document == {
        "corrections": [
            {
                "key": ["KPI results", "sickness-absence", "2017/18", [2018, "central-services"], "value"],
                "what": before.kpis["sickness-absence"].title,
                "period": before.periods["2017/18"].label,
                "report": 2018,
                "portfolio": "central-services",
                "report_title": before.reports[key(2018)].title,
                "field": "result",
                "link": "kpis/sickness-absence.md",
                "before": "9.95",
                "after": "9.85",
            }
        ],
        "reports_removed": [],
    }
    assert record(before, before) is None  # nothing published changed: no record


def test_a_report_taken_off_is_recorded_without_its_figures(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    report_file(2018, data).unlink()
    facts = yaml.safe_load((data / "facts.yaml").read_text(encoding="utf-8"))
    for fact in facts["facts"]:
        fact["values"] = [value for value in fact["values"] if value["report"] != 2018]
    facts["facts"] = [fact for fact in facts["facts"] if fact["values"]]
    (data / "facts.yaml").write_text(yaml.safe_dump(facts, sort_keys=False, allow_unicode=True), encoding="utf-8")
    before = read_site(ROOT / "data")
    document = record(before, read_site(data))
    assert document["reports_removed"] == [
        {"report": 2018, "portfolio": "central-services", "title": before.reports[key(2018)].title}
    ]
    assert all(entry["report"] != 2018 for entry in document["corrections"])


def test_a_records_name_is_its_day_and_a_digest_of_what_it_holds():
    one, other = (
        {"corrections": [], "reports_removed": [{"report": 1, "portfolio": "p", "title": "a"}]},
        {"corrections": []},
    )
    day = datetime(2027, 2, 10, tzinfo=UTC).date()
    assert record_name(one, day).startswith("2027-02-10-") and record_name(one, day).endswith(".yaml")
    assert record_name(one, day) == record_name(dict(one), day) != record_name(other, day)


def test_the_history_dates_each_record_and_report_by_the_commit_that_added_it_and_leaves_out_the_uncommitted():
    published = ("a" * 40, datetime(2027, 1, 4, 9, tzinfo=UTC))
    corrected = ("b" * 40, datetime(2027, 2, 10, 14, tzinfo=UTC))
    entry = {
        "key": ["KPI results", "k", "p", [2018, PORTFOLIO], "value"],
        **{"what": "K", "period": "P", "report": 2018, "portfolio": PORTFOLIO, "report_title": "R 2018"},
        "field": "result",
        **{"link": None, "before": "1", "after": "2"},
    }
    records = {
        "data/corrections/x.yaml": {
            "corrections": [entry],
            "reports_removed": [{"report": 2016, "portfolio": PORTFOLIO, "title": "R 2016"}],
        },
        "data/corrections/uncommitted.yaml": {"corrections": [entry], "reports_removed": []},
    }
    found = recorded_history(
        {key(2018): "R 2018", key(2019): "R 2019"},
        {key(2016): published, key(2018): published},  # 2019 is not committed yet
        records,
        {"data/corrections/x.yaml": corrected},
    )
    described = [
        (type(change).__name__, change.commit, getattr(change, "report", None), getattr(change, "removed", None))
        for change in found
    ]
    assert described == [
        ("ReportChange", "a" * 40, key(2016), False),  # taken off later, published first
        ("ReportChange", "a" * 40, key(2018), False),
        ("ReportChange", "b" * 40, key(2016), True),
        ("FigureChange", "b" * 40, None, None),
    ]
    assert (found[-1].change.before, found[-1].change.after, found[-1].figure.text) == ("1", "2", "2")


def test_anything_but_a_record_in_the_folder_and_a_record_that_breaks_the_schema_are_errors(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    assert read_corrections(data) == {}  # the folder holds only its README
    (data / "corrections" / "notes.txt").write_text("x", encoding="utf-8")
    (data / "corrections" / "2027-02-10-0123456789.yaml").write_text("corrections: []\n", encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        read_corrections(data)
    files = [error.file for error in raised.value.errors]
    assert files == ["data/corrections/2027-02-10-0123456789.yaml", "data/corrections/notes.txt"]
    assert "reports_removed" in str(raised.value.errors[0])
    shutil.rmtree(data / "corrections")
    assert read_corrections(data) is None  # no folder: the history is read from git


@pytest.fixture
def branch(tmp_path):
    """A repository whose main branch is published, and a branch checked out from it."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Published")
    git(root, "checkout", "-qb", "fix")
    return root


def test_make_check_records_a_branchs_correction_rewrites_it_and_removes_it_when_undone(branch):
    data = branch / "data"
    report = report_file(2018, data)
    published = report.read_text(encoding="utf-8")
    assert record_corrections(data, read_site(data), "main") == ""  # nothing changed, nothing written
    for value in ("9.85", "9.75"):
        report.write_text(published.replace(SICKNESS_2018, SICKNESS_2018.replace("9.95", value)), encoding="utf-8")
        said = record_corrections(data, read_site(data), "main")
        (path,) = (data / "corrections").glob("*.yaml")  # one record: the published figure and the last one
        assert said == f"Corrections recorded in data/corrections/{path.name}: 1 published figure(s) changed, " + (
            "0 report(s) taken off. Commit it with your change."
        )
        (entry,) = yaml.safe_load(path.read_text(encoding="utf-8"))["corrections"]
        assert (entry["before"], entry["after"]) == ("9.95", value)
        assert record_corrections(data, read_site(data), "main") == ""  # as it is: left alone
    report.write_text(published, encoding="utf-8")
    assert "no longer changes a published figure" in record_corrections(data, read_site(data), "main")
    assert list((data / "corrections").glob("*.yaml")) == []
    assert "is not a commit in this copy" in record_corrections(data, read_site(data), "no-such-branch")


def test_the_checks_summary_shows_the_record_to_add_in_a_fence_its_text_cannot_close(branch):
    data = branch / "data"
    report = report_file(2018, data)
    text = report.read_text(encoding="utf-8").replace(SICKNESS_2018, SICKNESS_2018.replace("9.95", "9.85"))
    report.write_text(text, encoding="utf-8")
    record_corrections(data, read_site(data), "main")
    (path,) = (data / "corrections").glob("*.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("what: ", "what: ```` "), encoding="utf-8")
    shown = summary(data)
    assert f"**data/corrections/{path.name}**\n\n`````yaml\n" in shown
    assert shown.count("`````") == 2
    git(branch, "add", "-A")
    git(branch, "commit", "-qm", "Recorded")
    assert f"data/corrections/{path.name}" not in summary(data)  # committed as it is: nothing to add
    path.unlink()
    assert f"Delete **data/corrections/{path.name}**" in summary(data)


def corrected(data: Path, value: str, was: str = "9.95") -> None:
    """Report 2018's sickness absence for 2017/18, printed as was, written as value."""
    report = report_file(2018, data)
    text, line = report.read_text(encoding="utf-8"), SICKNESS_2018.replace("9.95", was)
    assert text.count(line) == 1
    report.write_text(text.replace(line, SICKNESS_2018.replace("9.95", value)), encoding="utf-8")


def test_a_published_record_is_never_rewritten_or_removed_by_make_check(branch):
    data = branch / "data"
    corrected(data, "9.85")
    record_corrections(data, read_site(data), "main")
    git(branch, "add", "-A")
    git(branch, "commit", "-qm", "Corrected")
    git(branch, "checkout", "-q", "main")
    git(branch, "merge", "-q", "--no-ff", "fix", "-m", "Merged")  # published
    (path,) = (data / "corrections").glob("*.yaml")
    git(branch, "checkout", "-qb", "again")
    corrected(data, "9.75", was="9.85")  # a later correction: a new record beside the published one
    said = record_corrections(data, read_site(data), "main")
    assert path.exists() and len(list((data / "corrections").glob("*.yaml"))) == 2, said
    path.write_text(path.read_text(encoding="utf-8").replace("9.85", "9.8"), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        record_corrections(data, read_site(data), "main")
    assert [error.file for error in raised.value.errors] == [f"data/corrections/{path.name}"]
    assert "never changed or removed" in raised.value.errors[0].message
    path.unlink()
    with pytest.raises(DataErrors):
        record_corrections(data, read_site(data), "main")


def test_a_record_merged_in_from_another_branch_is_not_taken_for_this_branchs_own(branch):
    data = branch / "data"
    corrected(data, "9.85")
    record_corrections(data, read_site(data), "main")
    git(branch, "add", "-A")
    git(branch, "commit", "-qm", "Corrected")
    (theirs,) = (data / "corrections").glob("*.yaml")
    git(branch, "checkout", "-q", "main")
    git(branch, "branch", "-q", "stale")  # where the published branch was when this copy last fetched
    git(branch, "merge", "-q", "--no-ff", "fix", "-m", "Merged here, not yet published")
    git(branch, "checkout", "-qb", "next")
    corrected(data, "9.75", was="9.85")
    with pytest.raises(DataErrors) as raised:  # counted as its own, it would be folded into a new record
        record_corrections(data, read_site(data), "stale")
    assert [error.file for error in raised.value.errors] == [f"data/corrections/{theirs.name}"]
    assert "stale is behind" in raised.value.errors[0].message
    assert theirs.exists()


def test_a_pull_requests_own_records_are_its_own_when_checked_as_githubs_merge_of_it(branch):
    data = branch / "data"
    corrected(data, "9.85")
    record_corrections(data, read_site(data), "main")
    git(branch, "add", "-A")
    git(branch, "commit", "-qm", "Corrected")
    git(branch, "checkout", "-q", "main")
    (branch / "elsewhere.txt").write_text("main moved on\n", encoding="utf-8")
    git(branch, "add", "elsewhere.txt")
    git(branch, "commit", "-qm", "Main moved on")
    git(branch, "checkout", "-q", "--detach")
    git(branch, "merge", "-q", "--no-ff", "fix", "-m", "GitHub's merge of the pull request")
    assert record_corrections(data, read_site(data), "main", tip="fix") == ""  # it says what the merge changes
    with pytest.raises(DataErrors):  # the merge's own commit added nothing: the record is another branch's
        record_corrections(data, read_site(data), "main")


def test_a_record_added_beside_a_similar_one_is_dated_by_the_commit_that_added_it(branch):
    from macros.edge.git_reads import first_added

    data = branch / "data"
    old = data / "corrections" / "2027-02-10-0123456789.yaml"
    text = "".join(f"# line {n} of a record much like the next one\n" for n in range(40))
    old.write_text(text + "corrections: []\nreports_removed: []\n", encoding="utf-8")
    git(branch, "add", "-A")
    git(branch, "commit", "-qm", "One record")
    new = old.with_name("2027-03-01-9876543210.yaml")
    old.rename(new)  # git would take this for a rename, not an addition
    git(branch, "add", "-A")
    git(branch, "commit", "-qm", "Another")
    added = first_added(branch, "data/corrections")
    assert added[f"data/corrections/{new.name}"][0] == git(branch, "rev-parse", "HEAD").strip()


def test_a_report_id_written_as_a_decimal_is_refused(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    (data / "corrections" / "2027-02-10-0123456789.yaml").write_text(
        "corrections: []\nreports_removed:\n  - report: 2018.0\n    portfolio: central-services\n    title: Report\n",
        encoding="utf-8",
    )
    with pytest.raises(DataErrors) as raised:
        read_corrections(data)
    assert "2018.0 should be a whole number" in str(raised.value.errors[0])
