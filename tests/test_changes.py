"""What's changed, worked out from states of data/ oldest first: the baseline's reports, a new report as
one change, every corrected, added or removed figure as the site prints it, and unreadable commits bridged."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from helpers import key, report_file
from tiny_site import tiny_site, write_tiny_data

from macros.read.project import load_site
from macros.workings.changes import FigureChange, ReportChange, Snapshot, changes, groups, snapshot

SICKNESS = "Average sickness absence per FTE employee"
CALL_QUALITY = "Customer Service call quality"
LATEST = {"kpi": "call-quality", "period": "2018 latest", "value": 96}  # a quarter's figure filled in later
MONDAY = datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=0)))


def at(days: int, hours: int = 0) -> datetime:
    return MONDAY + timedelta(days=days, hours=hours)


@pytest.fixture
def sites(tmp_path_factory):
    """A few small data folders, each made as the data of one commit."""

    def made(**changes):
        return tiny_site(tmp_path_factory.mktemp("state"), **changes)

    return made


FOI_2017 = {
    "period": "2016/17",
    "value": 1100,
    "report": 2017,
    "section": "reports/central-services/2017/hr-od.md#performance",
}
FOI_2018 = {
    "period": "2017/18",
    "value": 1200,
    "report": 2018,
    "section": "reports/central-services/2018/hr-od.md#performance",
}


def foi(*values: dict) -> list[dict]:
    """The tiny data's one fact, with these values."""
    fact = {"id": "foi-requests", "title": "Freedom of Information requests processed", "service": "hr-od"}
    return [{**fact, "unit": "count", "values": list(values)}]


def report_2017_only(tmp_path):
    """The tiny data before report 2018 was added."""
    data = write_tiny_data(tmp_path, facts_list=foi(FOI_2017))
    report_file(2018, data).unlink()
    return load_site(data)


def figure_rows(found) -> list[tuple]:
    return [
        (change.figure.what, change.figure.period, change.report_title, change.figure.field, change.kind)
        + (change.change.before, change.change.after)
        for change in found
        if isinstance(change, FigureChange)
    ]


def test_the_first_readable_state_is_the_baseline_its_reports_published_and_no_figure_listed(sites):
    found = changes([("a1", at(0), sites())])
    assert found == [
        ReportChange("a1", at(0), key(2017), "Portfolio Holder report 2017"),
        ReportChange("a1", at(0), key(2018), "Portfolio Holder report 2018"),
    ]


def test_a_corrected_value_is_listed_with_what_it_is_and_its_old_and_new_value_as_printed(sites):
    found = changes([("a1", at(0), sites()), ("b2", at(3), sites(result={"value": 9.9}))])
    assert figure_rows(found) == [
        (SICKNESS, "2017/18", "Portfolio Holder report 2018", "result", "corrected", "9.95", "9.9")
    ]
    corrected = found[-1]
    assert (corrected.commit, corrected.when, corrected.figure.link) == ("b2", at(3), "kpis/sickness-absence.md")


def test_a_corrected_budget_line_says_its_service_and_area_and_links_to_its_table(sites):
    lines = [
        {"area": "HROD", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 480000, "variance": -20000},
    ]
    total = {"budget": 2500000, "forecast": 2490000, "variance": -10000}
    found = changes([("a1", at(0), sites()), ("b2", at(1), sites(budget_lines=lines, budget_total=total))])
    assert figure_rows(found) == [
        ("HR OD: Payroll", "2018/19", "Portfolio Holder report 2018", "full year forecast (£)", "corrected")
        + ("490,000", "480,000")
    ]
    assert found[-1].figure.link == "reports/central-services/2018/hr-od.md#budget-2018-19-hr-od"


def test_a_figure_added_to_a_published_report_is_listed_as_added_not_hidden(sites):
    found = changes([("a1", at(0), sites()), ("b2", at(1), sites(more_results=[LATEST]))])
    assert figure_rows(found) == [
        (CALL_QUALITY, "Latest data in the 2018 report", "Portfolio Holder report 2018", "result", "added")
        + (None, "96%")
    ]


def test_a_removed_figure_is_listed_with_the_value_it_had(sites):
    found = changes([("a1", at(0), sites(more_results=[LATEST])), ("b2", at(1), sites())])
    assert figure_rows(found) == [
        (CALL_QUALITY, "Latest data in the 2018 report", "Portfolio Holder report 2018", "result", "removed")
        + ("96%", None)
    ]


def test_a_new_report_is_one_change_not_each_of_its_figures(sites, tmp_path):
    found = changes(
        [("a1", at(0), report_2017_only(tmp_path)), ("b2", at(5), sites(facts_list=foi(FOI_2017, FOI_2018)))]
    )
    assert found == [
        ReportChange("a1", at(0), key(2017), "Portfolio Holder report 2017"),
        ReportChange("b2", at(5), key(2018), "Portfolio Holder report 2018"),
    ]


def test_a_removed_report_is_one_change(sites, tmp_path):
    found = changes([("a1", at(0), sites()), ("b2", at(5), report_2017_only(tmp_path))])
    assert found[2] == ReportChange("b2", at(5), key(2018), "Portfolio Holder report 2018", removed=True)
    # what changed in the report that stays is still listed on its own
    assert figure_rows(found[3:]) == [
        ("Freedom of Information requests processed", "2016/17", "Portfolio Holder report 2017")
        + ("figure stated in the text", "added", None, "1,100")
    ]
    assert len(found) == 4


def test_an_unreadable_commit_is_bridged_from_the_last_readable_state_to_the_next(sites):
    before, after = sites(), sites(result={"value": 9.9})
    bridged = changes([("a1", at(0), before), ("b2", at(1), None), ("c3", at(2), after)])
    assert bridged == changes([("a1", at(0), before), ("c3", at(2), after)])
    assert figure_rows(bridged) == [
        (SICKNESS, "2017/18", "Portfolio Holder report 2018", "result", "corrected", "9.95", "9.9")
    ]


def test_unreadable_commits_before_the_first_readable_one_are_skipped_and_it_is_the_baseline(sites):
    found = changes([("a1", at(0), None), ("b2", at(1), None), ("c3", at(2), sites())])
    assert [(change.commit, type(change)) for change in found] == [("c3", ReportChange), ("c3", ReportChange)]


def test_no_readable_state_means_no_changes():
    assert changes([("a1", at(0), None)]) == [] and groups([]) == []


def test_a_snapshot_kept_as_json_compares_as_the_site_it_was_made_from(sites):
    before, after = sites(), sites(result={"value": 9.9}, more_results=[LATEST])
    kept = Snapshot.from_json(snapshot(before).to_json())
    assert kept == snapshot(before)
    assert changes([("a1", at(0), kept), ("b2", at(1), after)]) == changes(
        [("a1", at(0), before), ("b2", at(1), after)]
    )


def two_reports_and_corrections(sites, tmp_path) -> list:
    """Report 2017, then on one day report 2018 and two corrections, then a week on one more correction."""
    both = foi(FOI_2017, FOI_2018)
    return changes(
        [
            ("a1", at(0), report_2017_only(tmp_path)),
            ("b2", at(2), sites(facts_list=both)),
            ("c3", at(2, hours=1), sites(facts_list=both, result={"value": 9.9})),
            ("d4", at(2, hours=2), sites(facts_list=both, result={"value": 9.9}, more_results=[LATEST])),
            ("e5", at(7), sites(facts_list=both, result={"value": 9.8}, more_results=[LATEST])),
        ]
    )


def test_groups_are_newest_date_first_a_report_each_and_one_group_of_corrections_per_date(sites, tmp_path):
    found_groups = groups(two_reports_and_corrections(sites, tmp_path))
    assert [(group.day, group.key, group.updated) for group in found_groups] == [
        (date(2027, 1, 11), "2027-01-11/corrections", at(7)),
        (date(2027, 1, 6), "2027-01-06/report-central-services-2018", at(2)),
        (date(2027, 1, 6), "2027-01-06/corrections", at(2, hours=2)),
        (date(2027, 1, 4), "2027-01-04/report-central-services-2017", at(0)),
    ]
    same_day = found_groups[2]
    assert [(change.commit, change.figure.what, change.kind) for change in same_day.figures] == [
        ("d4", CALL_QUALITY, "added"),
        ("c3", SICKNESS, "corrected"),
    ]


def test_a_pull_requests_own_commits_are_kept_apart_from_what_was_published_the_same_day(sites, tmp_path):
    """In a preview (unpublished: the pull request's commits), its correction is not folded into a published
    one of the same day, and its new report is pending; the published ones are not."""
    found = two_reports_and_corrections(sites, tmp_path)
    assert [(group.key, group.pending, [c.commit for c in group.figures]) for group in groups(found, {"b2", "d4"})] == [
        ("2027-01-11/corrections", False, ["e5"]),
        ("2027-01-06/report-central-services-2018", True, []),
        ("2027-01-06/corrections-pending", True, ["d4"]),
        ("2027-01-06/corrections", False, ["c3"]),
        ("2027-01-04/report-central-services-2017", False, []),
    ]
    assert not any(group.pending for group in groups(found))


def test_a_baseline_report_is_dated_by_the_commit_that_first_added_its_file(sites):
    """A report whose data today's code could first read later was published when its file was added."""
    found = changes([("a1", at(0), None), ("c3", at(2), sites())], {key(2017): ("a1", at(0))})
    assert sorted((change.report, change.commit, change.when) for change in found) == [
        (key(2017), "a1", at(0)),
        (key(2018), "c3", at(2)),
    ]
