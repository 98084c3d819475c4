"""Every kind of mistake an editor could make in data/ stops the check with a message that
names the file, line and field, says what would be right, and shows no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from filled_year import read_report, write_report
from helpers import LATEST, PORTFOLIO, ROOT, copy_project, financial_year, mkdocs_build, report_file

from macros.tools.check import main as check_main

R17, R18, KPIS, PERIODS, SERVICES = (
    report_file(2017, Path()).as_posix(),  # reports/central-services/2017.yaml, under data/
    report_file(2018, Path()).as_posix(),
    "kpis.yaml",
    "periods.yaml",
    "services.yaml",
)

REPORTS = report_file(2017, Path()).parent.as_posix()  # their portfolio's folder: reports/central-services


@dataclass
class Case:
    name: str
    file: str
    old: str
    new: str
    field: str | None  # the field path the message must name (None: the file as a whole)
    says: tuple[str, ...]  # words the message must contain
    at: str | None = ""  # text on the line the message must name ("" = the first changed line; None = no line)


CASES = [
    Case(
        "unclosed quote",
        R17,
        'period: "2016/17", value: 52.7}',
        'period: "2016/17, value: 52.7}',
        None,
        ("not valid YAML",),
    ),
    Case("tab for indenting", SERVICES, "  - id: hr-od\n", "\t- id: hr-od\n", None, ("tab", "spaces")),
    Case("empty file", SERVICES, None, "# nothing here\n", None, ("empty",), at=None),
    Case("report saved as .yml", f"{REPORTS}/2030.yml", None, "id: 2030\n", None, ("rename it 2030.yaml",), at=None),
    Case(
        "not a report in a portfolio's reports",
        f"{REPORTS}/notes.txt",
        None,
        "Notes.\n",
        None,
        ("holds only reports",),
        at=None,
    ),
    Case(
        "report not named by its year",
        f"{REPORTS}/draft.yaml",
        None,
        "id: 2030\n",
        None,
        ("named by the year",),
        at=None,
    ),
    Case(
        "report put directly in reports/",
        "reports/2030.yaml",
        None,
        "id: 2030\n",
        None,
        ("each report is in its portfolio's folder", "move it to data/reports/<portfolio>/2030.yaml"),
        at=None,
    ),
    Case(
        "not a portfolio's folder in reports/",
        "reports/notes.txt",
        None,
        "Notes.\n",
        None,
        ("holds only a folder per portfolio",),
        at=None,
    ),
    Case(
        "report of another portfolio in this one's folder",
        R18,
        f"portfolio: {PORTFOLIO}\n",
        "portfolio: adults-health\n",
        "portfolio",
        (f"its file is in data/reports/{PORTFOLIO}/", "move it to data/reports/adults-health/"),
    ),
    Case(
        "report whose id is not its file's year",
        R18,
        "id: 2018\n",
        "id: 2019\n",
        "id",
        ("this is the 2019 report but its file is 2018.yaml", "name it 2019.yaml"),
    ),
    Case("text where a number goes", R17, "value: 248}", "value: lots}", "results[2].value", ("'lots'", "number")),
    Case("decimal comma", R17, "value: 97.68}", "value: 97,68}", "results[18]", ("unknown field 68", "with a point")),
    Case(
        "pound sign in a budget",
        R18,
        "budget: 802718,",
        'budget: "£802,718",',
        "budget_tables[0].lines[0].budget",
        ("'£802,718'", "without £ or commas"),
    ),
    Case(
        "missing required field",
        KPIS,
        "    polarity: neither\n  - id: myaccount",
        "  - id: myaccount",
        "kpis[6]",
        ("polarity", "missing"),
        at="  - id: staff-turnover",
    ),
    Case(
        "unknown field (typo)",
        KPIS,
        "  - id: staff-turnover\n    title:",
        "  - id: staff-turnover\n    titel:",
        "kpis[6]",
        ("unknown field titel", "title"),
    ),
    Case(
        "duplicate id",
        KPIS,
        "  - id: staff-turnover\n",
        "  - id: long-term-sickness\n",
        "kpis[6].id",
        ("'long-term-sickness' is used twice",),
    ),
    Case(
        "field written twice",
        KPIS,
        '    title: "% staff turnover"\n',
        '    title: "% staff turnover"\n    title: "% turnover"\n',
        None,
        ("written twice",),
        at='    title: "% turnover"',
    ),
    Case(
        "unknown KPI in results",
        R17,
        '{kpi: careline-calls, period: "2016/17"',
        '{kpi: carline-calls, period: "2016/17"',
        "results[28].kpi",
        ("no KPI 'carline-calls'", "careline-calls"),
    ),
    Case(
        "unknown KPI in a table",
        R17,
        "      - kpi: careline-calls\n",
        "      - kpi: careline-call\n",
        "kpi_tables[5].rows[6].kpi",
        ("no KPI 'careline-call'",),
    ),
    Case(
        "unknown service",
        KPIS,
        "    service: information-team\n    unit: percent\n    polarity: lower",
        "    service: information-teem\n    unit: percent\n    polarity: lower",
        "kpis[16].service",
        ("no service 'information-teem'", "information-team"),
    ),
    Case(
        "unknown period in results",
        R17,
        '{kpi: careline-calls, period: "2016/17"',
        '{kpi: careline-calls, period: "2061/17"',
        "results[28].period",
        ("no period '2061/17'",),
    ),
    Case(
        "unknown period in a layout",
        R18,
        '{heading: "2018/19 Target", period: "2018/19"',
        '{heading: "2018/19 Target", period: "1999/00"',
        "layouts.next-year-target[1].period",
        ("no period '1999/00'",),
    ),
    Case(
        "unknown layout",
        R18,
        "    layout: next-year-target\n",
        "    layout: next-year\n",
        "kpi_tables[3].layout",
        ("no layout 'next-year'", "next-year-target"),
    ),
    Case(
        "misspelt performance",
        R17,
        "performance: Achieved, direction: Worse",
        "performance: Achived, direction: Worse",
        "results[23].performance",
        ("'Achived'", "Achieved, Failed, n/a"),
    ),
    Case(
        "direction in the wrong case",
        R17,
        "value: 97, target: 85, performance: Achieved, direction: In line}",
        "value: 97, target: 85, performance: Achieved, direction: in line}",
        "results[19].direction",
        ("'in line'", "In line"),
    ),
    Case(
        "unknown unit", KPIS, "    unit: duration\n", "    unit: minutes\n", "kpis[11].unit", ("'minutes'", "duration")
    ),
    Case(
        "unknown polarity",
        KPIS,
        "    polarity: neither\n  - id: myaccount",
        "    polarity: up\n  - id: myaccount",
        "kpis[6].polarity",
        ("'up'", "higher-is-better"),
    ),
    Case(
        "duration without minutes and seconds",
        R17,
        'value: "8:07"',
        "value: 487",
        "results[23].value",
        ("not a duration", '"6:53"'),
    ),
    Case("negative count", R17, "value: 248}", "value: -248}", "results[2].value", ("negative",)),
    Case("report year written as text", R17, "id: 2017\n", 'id: "2017"\n', "id", ("whole number",)),
    Case(
        "financial year written wrongly",
        R18,
        '    year: "2018/19"\n    section: Financial information – 2018/19\n    caption: "Legal',
        '    year: "2018-19"\n    section: Financial information – 2018/19\n    caption: "Legal',
        "budget_tables[6].year",
        ("'2018-19'", "2017/18"),
    ),
    Case(
        "KPI result given twice",
        R17,
        '  - {kpi: careline-calls, period: "2016/17", value: 162000}\n',
        '  - {kpi: careline-calls, period: "2016/17", value: 162000}\n'
        '  - {kpi: careline-calls, period: "2016/17", value: 1}\n',
        "results[29]",
        ("already has a result for 2016/17",),
        at="value: 1}",
    ),
    Case(
        "result with neither value nor target",
        R17,
        '{kpi: careline-calls, period: "2016/17", value: 162000}',
        '{kpi: careline-calls, period: "2016/17"}',
        "results[28]",
        ("neither value or target",),
    ),
    Case(
        "printed column with no result",
        R17,
        '  - {kpi: careline-calls, period: "2016/17", value: 162000}\n',
        "",
        "kpi_tables[5].rows[6].kpi",
        ("'2016/17 Outturn' column", "careline-calls"),
        at="      - kpi: careline-calls",
    ),
    Case(
        "variance does not add up",
        R18,
        "{area: HROD, budget: 2104108, forecast: 2104108, variance: 0}",
        "{area: HROD, budget: 2104108, forecast: 2104108, variance: 10}",
        "budget_tables[1].lines[0].variance",
        ("variance is 10", "forecast minus budget is 0", "note"),
    ),
    Case(
        "total does not add up",
        R18,
        "total: {budget: 3110356,",
        "total: {budget: 3110365,",
        "budget_tables[6].total.budget",
        ("total budget is 3110365", "add up to 3110356", "note"),
    ),
    Case(
        "stated performance disagrees with target",
        R17,
        "value: 51, target: 50, performance: Failed",
        "value: 51, target: 50, performance: Achieved",
        "results[1].performance",
        ("says Achieved", "51 against a target of 50 (lower is better) is Failed"),
    ),
    Case(
        "stated direction disagrees with history",
        R18,
        "value: 71344, target: 60000, performance: Achieved, direction: Better",
        "value: 71344, target: 60000, performance: Achieved, direction: Worse",
        "results[3].direction",
        ("says Worse", "71,344 compared with 67,978 in 2017/18"),
    ),
    Case(
        "same figure published differently",
        R18,
        '  - {kpi: myaccount-registrations, period: "2017/18", value: 67978}\n',
        '  - {kpi: myaccount-registrations, period: "2017/18", value: 67978}\n'
        '  - {kpi: sickness-absence, period: "2016/17", value: 10.34}\n',
        "results[3].value",
        (f"report {PORTFOLIO} 2018 gives 10.34", f"report {PORTFOLIO} 2017 gave 10.43"),
    ),
    Case(
        "quarter compared with a year",
        PERIODS,
        '    kind: quarter-to-date\n    year: "2017/18"\n',
        '    kind: quarter-to-date\n    year: "2017/18"\n    compared_with: "2016/17"\n',
        "periods[1].compared_with",
        ("compare like with like",),
    ),
    Case(
        "fact id clashing with a KPI id",
        "facts.yaml",
        "  - id: foi-requests\n",
        "  - id: sickness-absence\n",
        "facts[27].id",
        ("also a KPI id",),
    ),
    # Figures must mean what they look like in decimal, and be finite.
    Case("not a number (.nan)", R18, "value: 9.95", "value: .nan", "results[1].value", ("'.nan' is not a figure",)),
    Case("infinity", R18, "value: 9.95", "value: -.inf", "results[1].value", ("'-.inf' is not a figure",)),
    Case("too large for a number", R18, "value: 9.95", "value: 1.0e+309", "results[1].value", ("too large",)),
    Case(
        "too large to be a figure",
        R17,
        "value: 248}",
        "value: 24800000000000000000}",
        "results[2].value",
        ("too large",),
    ),
    Case(
        "leading zero (octal)",
        R17,
        "value: 248}",
        "value: 0252}",
        "results[2].value",
        ("'0252' starts with a zero", "170"),
    ),
    Case("hexadecimal", R17, "value: 248}", "value: 0x1A}", "results[2].value", ("'0x1A'", "decimal digits")),
    Case("binary", R17, "value: 248}", "value: 0b101}", "results[2].value", ("'0b101'", "decimal digits")),
    Case(
        "underscore in a number", R17, "value: 248}", "value: 12_5}", "results[2].value", ("'12_5' has an underscore",)
    ),
    Case(
        "leading zero in a budget",
        R18,
        "budget: 802718,",
        "budget: 0802718,",
        "budget_tables[0].lines[0].budget",
        ("'0802718' starts with a zero",),
    ),
    Case(
        "boolean where words go",
        SERVICES,
        "    name: Improvement Service\n",
        "    name: true\n",
        "services[1].name",
        ("true is read as true or false", 'in quotes (for example "true")'),
    ),
    Case(
        "anchors and aliases",
        SERVICES,
        "services:\n",
        "shared: &x [1, 2]\nagain: *x\nservices:\n",
        None,
        ("anchors or aliases",),
    ),
    Case(
        "a YAML tag",
        SERVICES,
        "    name: Improvement Service\n",
        "    name: !!python/object/apply:os.system [id]\n",
        None,
        ("tag",),
    ),
    Case(
        "right-to-left override",
        KPIS,
        "    title: Average sickness absence per FTE employee\n",
        "    title: Average sickness absence per \u202eEETF employee\n",
        None,
        ("U+202E", "right-to-left override"),
    ),
    Case("zero-width space in a figure", R18, "budget: 802718,", "budget: 802\u200b718,", None, ("U+200B",)),
    Case(
        "KPI never reported",
        KPIS,
        "kpis:\n",
        "kpis:\n  - id: new-kpi\n    title: A new KPI\n    service: hr-od\n    unit: count\n    polarity: neither\n",
        "kpis[0].id",
        ("no report publishes a result",),
        at="  - id: new-kpi",
    ),
]


def line_of(path: Path, text: str) -> int:
    first = text.strip().splitlines()[0].strip()
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if first in line)


def first_changed_line(before: Path, after: Path) -> int:
    old, new = before.read_text(encoding="utf-8").splitlines(), after.read_text(encoding="utf-8").splitlines()
    return next(number for number, (a, b) in enumerate(zip(old + [""], new, strict=True), 1) if a != b)


def run_check(data: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.tools.check", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def broken_data(tmp_path: Path, case: Case) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / case.file
    if case.old is None:
        text = case.new
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(case.old) == 1, f"{case.old!r} should appear once in {case.file}"
        text = text.replace(case.old, case.new)
    path.write_text(text, encoding="utf-8")
    return data


def test_there_are_at_least_25_distinct_cases():
    assert len({case.name for case in CASES}) == len(CASES) >= 25


def case_named(name: str) -> Case:
    return next(case for case in CASES if case.name == name)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_mistake_is_reported_with_file_line_and_field(tmp_path, case, capsys):
    """In process, as `python -m macros.tools.check` runs (the tests below run the command itself)."""
    data = broken_data(tmp_path, case)
    returncode = check_main([str(data)])
    captured = capsys.readouterr()
    assert_reported(case, data, returncode, captured.out + captured.err)


def assert_reported(case: Case, data: Path, returncode: int, output: str) -> None:
    """The check failed, with no traceback, naming the case's file, field and line and saying its words."""
    assert returncode == 1, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if f"data/{case.file}" in line]
    if case.field:
        lines = [line for line in lines if f": {case.field}:" in line]
    assert lines, output
    if case.at is not None:
        wanted = (
            line_of(data / case.file, case.at)
            if case.at
            else first_changed_line(ROOT / "data" / case.file, data / case.file)
        )
        assert any(f"data/{case.file}, line {wanted}" in line for line in lines), output
    for words in case.says:
        assert any(words in line for line in lines), (words, output)


@pytest.mark.slow
def test_every_error_is_reported_in_one_run(tmp_path):
    data = broken_data(tmp_path, case_named("misspelt performance"))
    edit_case = case_named("unknown field (typo)")
    path = data / edit_case.file
    path.write_text(path.read_text(encoding="utf-8").replace(edit_case.old, edit_case.new), encoding="utf-8")
    output = run_check(data).stderr
    assert "'Achived' is not allowed" in output and "unknown field titel" in output


@pytest.mark.slow
def test_errors_become_github_annotations_on_their_lines(tmp_path):
    data = broken_data(tmp_path, case_named("misspelt performance"))
    done = run_check(data, {"GITHUB_ACTIONS": "true"})
    line = first_changed_line(ROOT / "data" / R17, data / R17)
    assert f"::error file=data/{R17},line={line}::results[23].performance: 'Achived' is not allowed" in done.stdout


@pytest.mark.slow
def test_sound_data_passes_the_check():
    done = run_check(ROOT / "data")
    assert done.returncode == 0, done.stderr
    assert "the data and every page are sound" in done.stdout


# --- the real build stops too ----------------------------------------------------


def edited_project(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of the project changed as an editor might: (file, old text, new text), each old text once."""
    project = copy_project(tmp_path / "project")
    for file, old, new in edits:
        path = project / file
        assert path.read_text(encoding="utf-8").count(old) == 1
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return project


def build_after_edits(tmp_path: Path, *edits: tuple[str, str, str]):
    """Build a copy of the project after changing it as an editor might."""
    return mkdocs_build(edited_project(tmp_path, *edits), tmp_path / "site")


HR_OD_PAGE, HR_OD_CALL = f"docs/reports/{PORTFOLIO}/2018/hr-od.md", 'kpi_table("hr-od", report=2018)'
COMMUNICATIONS_PAGE = f"docs/reports/{PORTFOLIO}/2018/communications.md"


@pytest.mark.slow
def test_a_result_no_table_prints_builds_and_its_card_cites_the_report(tmp_path):
    """The data may hold a figure no table prints; the home page's card for it then links the report. (The
    newest report gives sickness absence for the year after its outturns, later than any figure of it.)"""
    project = copy_project(tmp_path / "project")
    path = report_file(LATEST, project / "data")
    report = read_report(path)
    report["results"].append({"kpi": "sickness-absence", "period": financial_year(LATEST), "value": 8.5})
    write_report(path, report)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0 and "Traceback" not in build.output, build.output
    home = (build.site / "index.html").read_text(encoding="utf-8")
    card = home[home.index(">8.5 days<") :]
    card = card[: card.index("</li>")]
    assert f'Source: <a href="reports/{PORTFOLIO}/{LATEST}/">Portfolio Holder report {LATEST}</a>' in card, card


CROSS_CHECKS = [
    case for case in CASES if "note" in case.says[-1] or case.name.startswith(("stated", "same", "KPI never"))
]


@pytest.mark.slow
@pytest.mark.parametrize("case", CROSS_CHECKS, ids=[case.name for case in CROSS_CHECKS])
def test_cross_check_failure_stops_the_real_build(tmp_path, case):
    build = build_after_edits(tmp_path, (f"data/{case.file}", case.old, case.new))
    assert build.returncode != 0
    assert case.field in build.output and "Traceback" not in build.output
    assert not (tmp_path / "site" / "index.html").exists()


LOADER_CASES = [
    case
    for case in CASES
    if case.name
    in (
        "not a number (.nan)",
        "too large for a number",
        "leading zero (octal)",
        "anchors and aliases",
        "right-to-left override",
        "boolean where words go",
    )
]


@pytest.mark.slow
@pytest.mark.parametrize("case", LOADER_CASES, ids=[case.name for case in LOADER_CASES])
def test_odd_input_stops_the_real_build_with_file_and_line(tmp_path, case):
    build = build_after_edits(tmp_path, (f"data/{case.file}", case.old, case.new))
    line = first_changed_line(ROOT / "data" / case.file, tmp_path / "project" / "data" / case.file)
    assert build.returncode != 0 and "Traceback" not in build.output
    assert f"data/{case.file}, line {line}" in build.output, build.output
    assert not (tmp_path / "site" / "index.html").exists()


# Mistakes in a page, each on the line of the report's KPI table call.
PAGE_CASES = {
    "a list for an id": ('kpi_table(["hr-od"], report=2018)', "should be an id in quotes"),
    "a dict for an id": ('kpi_table({"id": "hr-od"}, report=2018)', "should be an id in quotes"),
    "a year in quotes": ('kpi_table("hr-od", report="2018")', "should be a year written as a number"),
    "an undefined name": ('kpi_table("hr-od", report=2018) }} {{ colour', "no macro or variable called 'colour'"),
    "a misspelt macro": ('kpi_tabel("hr-od", report=2018)', "no macro or variable called 'kpi_tabel'"),
    "an unclosed bracket": ('kpi_table("hr-od", report=2018', "not written correctly"),
    "an include": (
        'kpi_table("hr-od", report=2018) }} {% include "notes.md" %}{{ kpi_table("hr-od", report=2018)',
        "{% include %} cannot be used in a page",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_CASES)
def test_page_mistake_stops_the_build_naming_the_docs_file_and_line(tmp_path, name):
    call, says = PAGE_CASES[name]
    page = HR_OD_PAGE
    build = build_after_edits(tmp_path, (page, 'kpi_table("hr-od", report=2018)', call))
    line = line_of(ROOT / page, 'kpi_table("hr-od", report=2018)')
    assert build.returncode != 0 and "Traceback" not in build.output, build.output
    assert f"{page}, line {line}: " in build.output and says in build.output, build.output


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a misspelt macro", "an unclosed bracket", "a list for an id"])
def test_make_check_reports_page_mistakes_with_docs_file_line_and_annotation(tmp_path, name):
    call, says = PAGE_CASES[name]
    project = edited_project(tmp_path, (HR_OD_PAGE, HR_OD_CALL, call))
    line = line_of(ROOT / HR_OD_PAGE, HR_OD_CALL)
    done = run_check(project / "data", {"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert f"{HR_OD_PAGE}, line {line}: " in done.stderr and says in done.stderr
    assert f"::error file={HR_OD_PAGE},line={line}::" in done.stdout


@pytest.mark.slow
def test_make_check_names_a_page_the_site_makes_without_pointing_at_a_file_that_does_not_exist(tmp_path):
    """A table call with an unknown id also breaks the KPI pages' links to that table: those pages are made
    from data/, not files in docs/, so the message says so and the annotation marks no file."""
    newest_page, newest_call = f"docs/reports/{PORTFOLIO}/{LATEST}/hr-od.md", f'kpi_table("hr-od", report={LATEST})'
    project = edited_project(tmp_path, (newest_page, newest_call, f'kpi_table("hr-odd", report={LATEST})'))
    done = run_check(project / "data", {"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1 and done.stderr.startswith("The pages have ")
    made = [line for line in done.stderr.splitlines() if "(made by the site from data/)" in line]
    assert made and not (project / "docs/kpis/sickness-absence.md").exists()
    assert not [line for line in done.stdout.splitlines() if line.startswith("::error file=docs/kpis/")]
    assert [line for line in done.stdout.splitlines() if line.startswith("::error::the page kpis/")]


@pytest.mark.slow
def test_make_check_reports_a_todo_left_in_a_page(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / HR_OD_PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\nTODO: write this from the 2018 report.\n", encoding="utf-8")
    done = run_check(project / "data")
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert done.returncode == 1
    assert f"{HR_OD_PAGE}, line {line}: the page still says TODO here" in done.stderr


@pytest.mark.slow
def test_broken_front_matter_stops_the_build_and_is_not_published_as_text(tmp_path):
    page = HR_OD_PAGE
    build = build_after_edits(tmp_path, (page, "# Human Resources", "---\ntitle: [unclosed\n---\n# Human Resources"))
    assert build.returncode != 0 and "Traceback" not in build.output
    assert f"{page}, line 2: the front matter" in build.output, build.output
    published = tmp_path / "site" / "reports" / PORTFOLIO / "2018" / "hr-od" / "index.html"
    assert not published.exists() or "title: [unclosed" not in published.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_note_lets_a_disagreement_through_and_is_shown(tmp_path):
    note = "The report printed a variance of 10, which does not match its own budget and forecast."
    build = build_after_edits(
        tmp_path,
        (
            f"data/{R18}",
            "{area: HROD, budget: 2104108, forecast: 2104108, variance: 0}",
            f'{{area: HROD, budget: 2104108, forecast: 2104108, variance: 10, note: "{note}"}}',
        ),
    )
    assert build.returncode == 0, build.output
    assert f"Note 1: {note}" in build.page(f"reports/{PORTFOLIO}/2018/hr-od")


@pytest.mark.slow
def test_build_stops_on_a_macro_naming_an_unknown_table(tmp_path):
    build = build_after_edits(
        tmp_path,
        (HR_OD_PAGE, HR_OD_CALL, 'kpi_table("hr-0d", report=2018)'),
        (COMMUNICATIONS_PAGE, 'year="2018/19"', 'year="2098/99"'),  # a year no report has a budget for
    )
    assert build.returncode != 0 and "Traceback" not in build.output
    line = line_of(ROOT / HR_OD_PAGE, HR_OD_CALL)
    assert (
        f'{HR_OD_PAGE}, line {line}: kpi_table("hr-0d", report=2018): report 2018 has no KPI table "hr-0d"'
    ) in build.output
    assert "its KPI tables are: improvement-service, hr-od" in build.output
    assert COMMUNICATIONS_PAGE in build.output  # every bad call, not only the first
    printed = next(text for text in build.output.splitlines() if f"{HR_OD_PAGE}, line" in text)
    assert printed.split(" -  ", 1)[1] in (ROOT / "docs/guide/index.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_build_stops_on_a_macro_with_a_missing_argument(tmp_path):
    build = build_after_edits(tmp_path, (HR_OD_PAGE, HR_OD_CALL, 'kpi_table("hr-od")'))
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "missing a required argument: 'report'" in build.output


@pytest.mark.slow
def test_build_stops_on_an_undefined_name(tmp_path):
    build = build_after_edits(tmp_path, (HR_OD_PAGE, HR_OD_CALL, 'kpi_tabel("hr-od", report=2018)'))
    assert build.returncode != 0
    assert "kpi_tabel" in build.output


@pytest.mark.slow
@pytest.mark.parametrize("document", ["README.md", "docs/guide/index.md"])
def test_the_documented_error_example_is_what_the_check_prints(tmp_path, document):
    case = Case("example", R18, "value: 9.95", "value: 9,95", "results[1].value", ())
    printed = run_check(broken_data(tmp_path, case)).stderr.splitlines()
    text = (ROOT / document).read_text(encoding="utf-8")
    assert printed[0] in text and printed[1] in text


@pytest.mark.slow
def test_the_guides_page_error_example_is_what_the_check_prints(tmp_path):
    """Exact while the example's report (2018) is the newest; once a newer one exists, its KPI pages link to
    the newer tables, so the line about the KPI page goes and every line still printed is as the guide has it."""
    project = edited_project(tmp_path, (HR_OD_PAGE, HR_OD_CALL, 'kpi_table("hr-0d", report=2018)'))
    printed = run_check(project / "data").stderr.splitlines()
    guide = (ROOT / "docs/guide/index.md").read_text(encoding="utf-8")
    example = guide[guide.index("The pages have ") :].split("\n```")[0].splitlines()
    assert printed[1].startswith(f"  - {HR_OD_PAGE}, line ")
    if LATEST == 2018:
        assert printed == example
    else:
        assert printed[1:] == [line for line in example[1:] if "the page kpis/" not in line]
