"""The site checks' expectations for the two published reports, against what those reports printed.

site_checks works out what every page should show from the data, in its own few lines; here those
lines are shown to give, for the published reports, the very rows, words and figures the reports
printed (tests/sources), or that a reader would write out by hand from them. A report added later
only adds to these, so they hold on next year's copy too.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import site_checks
from helpers import PORTFOLIO, PUBLISHED_REPORTS, ROOT, key

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def model():
    return site_checks.model(DATA)


@pytest.fixture(scope="module")
def written():
    return site_checks.written_results(DATA)


def one_line(text: str) -> str:
    return " ".join(text.split()).lower()


# The 2017 report's Information Team table prints its percentages without the % sign ("90 79 95 FAILED").
BARE_PERCENTAGES = {(2017, "information-team")}


def test_each_kpi_table_row_expected_is_the_row_the_report_printed(model, written, source_text):
    checked = 0
    for report in PUBLISHED_REPORTS:
        source = one_line(source_text[report])
        for table in model.reports[key(report)].kpi_tables.values():
            for row in site_checks.kpi_table_rows(table, written):
                line = one_line(" ".join(cell for cell in row[1:] if cell))
                if (report, table.id) in BARE_PERCENTAGES:
                    line = line.replace("%", "")
                assert line in source, (report, table.id, row)
                checked += 1
    assert checked == 22


RESULT_WORDS = [
    # (report, KPI, period, "Target met" and "Direction of travel" as the site's tables say them)
    (2017, "face-to-face-waiting-time", "2017/18 Q1", "Met", "Worse"),  # 8:07 against <10:00: ACHIEVED
    (2017, "long-term-sickness", "2017/18 Q1", "Not met", "n/a – new calculation"),
    (2017, "agency-staff-fte", "2017/18 Q1", "Not met", ""),  # target "Reduction": Failed
    (2017, "staff-turnover", "2017/18 Q1", "n/a", "Lower"),
    (2017, "call-quality", "2017/18 Q1", "Met", "In line"),
    (2017, "long-term-sickness", "2016/17", "", ""),  # an outturn: no target, performance or direction
    (2018, "sickness-absence", "2017/18", "Not met", "Better"),
    # The table gives 40% upheld and no verdict; the text gives the target, 35%, so it is worked out.
    (2018, "complaints-upheld", "2017/18", "Not met (worked out)", ""),
    (2018, "complaints-timeliness", "2018/19", "", ""),  # a target for next year, and no figure yet
]


@pytest.mark.parametrize("report, kpi, period, met, direction", RESULT_WORDS)
def test_target_met_and_direction_words_for_the_published_results(model, written, report, kpi, period, met, direction):
    result = next(r for r in model.reports[key(report)].results if r.kpi.id == kpi and r.period.id == period)
    said = site_checks.said(written, result)
    assert site_checks.performance_words(result, said) == met
    assert site_checks.direction_text(said) == direction


def test_a_target_is_met_by_the_kpis_polarity_or_by_its_bound():
    assert site_checks.target_met("duration", "lower-is-better", 487, "<10:00") is True
    assert site_checks.target_met("duration", "lower-is-better", 600, "<10:00") is False
    assert site_checks.target_met("percent", "higher-is-better", 97, 85) is True
    assert site_checks.target_met("percent", "lower-is-better", 40, 35) is False
    assert site_checks.target_met("percent", "lower-is-better", 35, 35) is True
    assert site_checks.target_met("percent", "neither", 11.63, 10) is None
    assert site_checks.target_met("count", "lower-is-better", 252, "Reduction") is None
    assert site_checks.target_met("count", "higher-is-better", "n/a", 10) is None


PERIOD_NAMES = {
    "2016/17": ("Year to March 2017 (2016/17)", "in the year to March 2017"),
    "2017/18 Q1": ("April to June 2017 (part of 2017/18)", "from April to June 2017"),
    "2017 latest": ("At the time of the 2017 report", "at the time of the 2017 report"),
    "2017/18": ("Year to March 2018 (2017/18)", "in the year to March 2018"),
    "2018 latest": ("At the time of the 2018 report", "at the time of the 2018 report"),
    "2018/19": ("Year to March 2019 (2018/19)", "in the year to March 2019"),
}


@pytest.mark.parametrize("period", PERIOD_NAMES)
def test_the_published_reports_periods_are_named_in_plain_words(model, period):
    assert (site_checks.period_name(model.periods[period]), site_checks.period_when(model.periods[period])) == (
        PERIOD_NAMES[period]
    )


def test_the_later_quarters_run_from_april_to_their_end():
    for quarter, months in (("2", "April to September 2017"), ("3", "April to December 2017")):
        period = SimpleNamespace(kind="quarter-to-date", id=f"2017/18 Q{quarter}", year="2017/18")
        assert site_checks.period_name(period) == f"{months} (part of 2017/18)"
    last = SimpleNamespace(kind="quarter-to-date", id="2017/18 Q4", year="2017/18")
    assert site_checks.period_name(last) == "April 2017 to March 2018 (part of 2017/18)"


# Each line's budget as the reports printed it ("HROD 2,008,574", "HROD 2,104,108"), the change worked out
# by hand, and the totals: the seven 2017/18 lines, the nine 2018/19 lines, and the five lines in both.
HROD = "HROD (Human Resources & Organisational Development (HR OD))"
BUDGETS_BY_SERVICE = [
    ["Strategy and Performance (Corporate Performance)", "2017/18", "402,043", "not compared"],
    [
        "Performance, Quality and Business Intelligence (Children’s and Adults) (Corporate Performance)",
        "2017/18",
        "882,025",
        "not compared",
    ],
    ["Improvement Team (Improvement Service)", "2017/18", "764,174", "not compared"],
    ["Improvement Team (Improvement Service)", "2018/19", "802,718", "38,544"],
    [HROD, "2017/18", "2,008,574", "not compared"],
    [HROD, "2018/19", "2,104,108", "95,534"],
    ["Transformation (Corporate Programme Team)", "2017/18", "729,104", "not compared"],
    ["Transformation (Corporate Programme Team)", "2018/19", "766,453", "37,349"],
    ["Customer Services (Customer Services)", "2017/18", "851,986", "not compared"],
    ["Customer Services (Customer Services)", "2018/19", "829,888", "−22,098"],
    ["Information Management (Information Team)", "2017/18", "608,133", "not compared"],
    ["Information Management (Information Team)", "2018/19", "407,742", "−200,391"],
    ["Communications (Communications)", "2018/19", "457,396", "not compared"],
    ["Legal Services (Legal Services)", "2018/19", "1,713,940", "not compared"],
    ["Democratic Services (Legal Services)", "2018/19", "198,886", "not compared"],
    ["Electoral Services (Legal Services)", "2018/19", "1,197,530", "not compared"],
    ["Total, every service area (worked out)", "2017/18", "6,246,039", ""],
    ["Total, every service area (worked out)", "2018/19", "8,478,661", ""],
    ["Total, service areas in both 2017/18 and 2018/19 (worked out)", "2018/19", "4,910,909", "−51,062"],
]


def central_lines() -> list[tuple[str, dict]]:
    """(service name, budget line) of each budget line the published portfolio's reports write."""
    names = {s["id"]: s["name"] for s in site_checks.raw(DATA, "services.yaml")["services"]}
    return [
        (names[table["service"]], line)
        for report in site_checks.raw_reports(DATA)
        if report["portfolio"] == PORTFOLIO
        for table in report["budget_tables"]
        for line in table["lines"]
    ]


def test_the_budgets_by_service_expected_for_the_published_years(source_text):
    head, rows = site_checks.budget_by_service(DATA)
    assert head == ["Service area", "Year", "Full year budget (£)", "Change from the year before (£)"]
    # Where the council has several portfolios, the totals are this portfolio's and say so.
    portfolios = site_checks.raw(DATA, "portfolios.yaml")["portfolios"]
    of = f" of {next(p['title'] for p in portfolios if p['id'] == PORTFOLIO)}" if len(portfolios) > 1 else ""
    expected = [
        [
            label.replace("every service area (", f"every service area{of} (").replace("areas in", f"areas{of} in"),
            *cells,
        ]
        for label, *cells in BUDGETS_BY_SERVICE
    ]
    ours = {f"{line['area']} ({name})" for name, line in central_lines()}
    shown = [row for row in rows if row[1] in ("2017/18", "2018/19") and (row[0] in ours or row[0].startswith("Total"))]
    assert [row for row in shown if not row[0].startswith("Total") or row in expected] == expected
    printed_budgets = one_line(source_text[2017] + " " + source_text[2018])
    for label, _, budget, _ in BUDGETS_BY_SERVICE:
        if not label.startswith("Total"):
            assert f" {budget} {budget} 0" in printed_budgets, label  # budget, forecast and variance


def test_a_services_own_budgets_name_only_the_area():
    head, rows = site_checks.budget_by_service(DATA, "hr-od")
    assert [row for row in rows if row[1] in ("2017/18", "2018/19")] == [
        ["HROD", "2017/18", "2,008,574", "not compared"],
        ["HROD", "2018/19", "2,104,108", "95,534"],
    ]
