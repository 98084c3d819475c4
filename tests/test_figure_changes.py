"""The pull-request summary lists every figure added, changed or removed, as the site prints it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PORTFOLIO, ROOT, key, report_file

from macros.base.model import BudgetLine, BudgetTable, Report, Service, Site
from macros.read.project import load_site
from macros.tools.figure_changes import cell, count_sentence, main, summary
from macros.workings.figures import Change, budget_figures

KPI_HEADER = ["| KPI | period | report | field | before | after |", "| --- | --- | --- | --- | --- | --- |"]
SICKNESS = "Average sickness absence per FTE employee (sickness-absence)"
WORDING = "Wording printed with the figures"


@pytest.fixture
def head(tmp_path) -> Path:
    """A copy of the real data/ for a test to edit, as a pull request would."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def changes_to(head: Path) -> str:
    return summary(load_site(ROOT / "data"), load_site(head))


def rows(markdown: str) -> list[str]:
    """The table rows of a summary, without headers and dividers."""
    lines = [*markdown.splitlines(), ""]
    return [
        line
        for index, line in enumerate(lines)
        if line.startswith("| ") and not lines[index + 1].startswith("| ---") and not line.startswith("| ---")
    ]


def test_a_changed_value_is_the_whole_summary(head):
    edit(report_file(2018, head), "    value: 9.95", "    value: 9.96")
    assert changes_to(head) == "\n".join(
        [
            "## Figures this pull request changes",
            "",
            "1 figure changed, 0 added, 0 removed.",
            "",
            "### KPI results",
            "",
            *KPI_HEADER,
            f"| {SICKNESS} | 2017/18 | central-services 2018 | value | 9.95 | 9.96 |",
            "",
        ]
    )


def test_changed_figures_are_formatted_as_the_site_prints_them(head):
    report = report_file(2017, head)
    edit(report, "value: 9828491}", "value: 9828490}")
    edit(report, 'value: "6:53"}', 'value: "6:54"}')
    edit(report, 'target: "<10:00"', 'target: "<9:30"')
    waiting = "Average waiting time for Face to Face (mins:sec) (face-to-face-waiting-time)"
    assert rows(changes_to(head)) == [
        "| £ Spend on agency staff - whole council (agency-staff-spend) | 2016/17 | central-services 2017 | value "
        "| £9,828,491 | £9,828,490 |",
        f"| {waiting} | 2016/17 | central-services 2017 | value | 6:53 | 6:54 |",
        f"| {waiting} | 2017/18 Q1 | central-services 2017 | target | \\<10:00 | \\<9:30 |",
    ]


def test_an_added_result_lists_each_of_its_fields_as_added(head):
    edit(
        report_file(2018, head),
        "results:\n",
        'results:\n  - {kpi: staff-turnover, period: "2017/18", '
        "value: 12.5, target: n/a, note: 'a [link](https://evil.example)'}\n",
    )
    markdown = changes_to(head)
    assert "0 figures changed, 3 added, 0 removed." in markdown.splitlines()
    assert rows(markdown) == [
        "| % staff turnover (staff-turnover) | 2017/18 | central-services 2018 | value | (none) | 12.5% |",
        "| % staff turnover (staff-turnover) | 2017/18 | central-services 2018 | target | (none) | n/a |",
        "| % staff turnover (staff-turnover) | 2017/18 | central-services 2018 | note | (none) "
        "| a \\[link\\](https\\://evil.example) |",
    ]


def test_a_removed_budget_line_lists_its_budget_and_forecast_as_removed(head):
    report = report_file(2018, head)
    edit(report, "      - {area: Electoral Services, budget: 1197530, forecast: 1197530, variance: 0}\n", "")
    edit(
        report,
        "total: {budget: 3110356, forecast: 3110356, variance: 0}",
        "total: {budget: 1912826, forecast: 1912826, variance: 0}",
    )
    markdown = changes_to(head)
    assert "0 figures changed, 0 added, 2 removed." in markdown.splitlines()
    assert (
        "\n".join(
            [
                "### Budgets",
                "",
                "| service | area | year | report | field | before (£) | after (£) |",
                "| --- | --- | --- | --- | --- | --- | --- |",
                "| Legal Services | Electoral Services | 2018/19 | central-services 2018 | budget | 1,197,530 "
                "| (none) |",
                "| Legal Services | Electoral Services | 2018/19 | central-services 2018 | forecast | 1,197,530 "
                "| (none) |",
            ]
        )
        in markdown
    )


def test_a_title_with_markup_and_a_pipe_stays_one_escaped_cell(head):
    edit(
        head / "kpis.yaml",
        "title: Average sickness absence per FTE employee",
        'title: "Average | sickness <b>absence</b> `per` FTE"',  # a line break is refused (test_text_rules)
    )
    markdown = changes_to(head)
    new = "Average \\| sickness \\<b\\>absence\\</b\\> \\`per\\` FTE"
    assert f"| KPI sickness-absence | title | Average sickness absence per FTE employee | {new} |" in rows(markdown)
    assert "0 figures changed, 0 added, 0 removed." in markdown.splitlines()  # words, not figures
    assert "<b>" not in markdown and "absence\n" not in markdown


def test_a_headline_fact_is_listed_as_the_report_words_it(head):
    edit(head / "facts.yaml", "value: 600000\n", "value: 650000\n")
    assert rows(changes_to(head)) == [
        "| Reduction in spend on agency staff compared with the previous financial year (agency-spend-reduction) "
        "| 2017/18 | central-services 2018 | over £600k | over £650k |"
    ]


def test_the_real_data_compared_with_itself_has_no_changes(capsys):
    assert main([str(ROOT / "data"), str(ROOT / "data")]) == 0
    out = capsys.readouterr().out
    assert out == "## Figures this pull request changes\n\nNo figures or wording changed.\n\n"


@pytest.mark.parametrize("base", ["missing", "empty"])
def test_a_base_without_data_lists_every_figure_as_added(tmp_path, capsys, base):
    if base == "empty":
        (tmp_path / base).mkdir()
    assert main([str(tmp_path / base), str(ROOT / "data")]) == 0
    markdown = capsys.readouterr().out
    listed = rows(markdown)
    figures = rows(markdown.split(f"### {WORDING}")[0])
    assert f"0 figures changed, {len(figures)} added, 0 removed." in markdown.splitlines()
    assert f"Wording printed with the figures: {len(listed) - len(figures)} changes." in markdown.splitlines()
    assert f"| {SICKNESS} | 2017/18 | central-services 2018 | value | (none) | 9.95 |" in listed
    assert (
        "| Legal Services | Electoral Services | 2018/19 | central-services 2018 | budget | (none) | 1,197,530 |"
        in listed
    )
    assert all(row.split(" | ")[-2] == "(none)" for row in listed)
    assert len(listed) > 100


def test_bad_data_gives_a_plain_message_and_exit_1(head):
    edit(report_file(2018, head), "    value: 9.95", "    value: 9,95")
    done = subprocess.run(
        [sys.executable, "-m", "macros.tools.figure_changes", str(ROOT / "data"), str(head)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""  # nothing half-written into the job summary
    assert done.stderr.startswith(f"The figures could not be compared: {head} has mistakes.\nThe data has 1 error")
    assert "data/reports/central-services/2018.yaml, line" in done.stderr and "'9,95' is not a figure" in done.stderr
    assert "Traceback" not in done.stderr


def test_cell_keeps_text_from_data_as_plain_text():
    assert cell("a | b\nc <b>x</b> [y](javascript:z) `c` *e* _u_ ~s~ $m$ &amp; \\") == (
        "a \\| b c \\<b\\>x\\</b\\> \\[y\\](javascript:z) \\`c\\` \\*e\\* \\_u\\_ \\~s\\~ \\$m\\$ \\&amp; \\\\"
    )
    # GitHub turns these into links without any brackets.
    assert cell("https://evil.example www.evil.example a@evil.example") == (
        "https\\://evil.example www\\.evil.example a<!-- -->@evil.example"
    )


def test_two_budget_lines_with_the_same_area_are_both_listed():
    lines = (BudgetLine("Legal", 1, 1), BudgetLine("Legal", 2, 3))
    legal = Service("legal-services", "Legal Services")
    table = BudgetTable("legal", key(2018), legal, "2018/19", "Finance", "Legal budget", lines)
    report = Report(key(2018), "t", PORTFOLIO, "2018", "c", budget_tables={"legal": table})
    site = Site({legal.id: legal}, {}, {}, {key(2018): report})
    assert budget_figures(site) == {
        ("legal-services", "Legal", "2018/19", key(2018), "budget"): "1",
        ("legal-services", "Legal", "2018/19", key(2018), "forecast"): "1",
        ("legal-services", "Legal (2)", "2018/19", key(2018), "budget"): "2",
        ("legal-services", "Legal (2)", "2018/19", key(2018), "forecast"): "3",
    }


def test_the_count_says_one_figure_and_many_figures():
    assert count_sentence([Change(("k",), "1", "2")]) == "1 figure changed, 0 added, 0 removed."
    assert count_sentence([Change(("a",), None, "1"), Change(("b",), "1", None), Change(("c",), None, "2")]) == (
        "0 figures changed, 2 added, 1 removed."
    )


def test_base_data_this_code_cannot_read_lists_every_figure_as_added_and_says_why(head, tmp_path):
    base = Path(shutil.copytree(ROOT / "data", tmp_path / "base"))
    (base / "glossary.yaml").unlink()  # as main was before the glossary became part of data/
    done = subprocess.run(
        [sys.executable, "-m", "macros.tools.figure_changes", str(base), str(head)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("The base branch's data cannot be read by this pull request's code")
    assert "0 figures changed" in done.stdout and "0 removed" in done.stdout


def test_a_kpis_new_wording_lists_every_table_row_it_rewords(head):
    """kpis.yaml's title is printed in each report's table that gives the row no title of its own: the summary
    lists each such row, so a reviewer sees a new wording reach tables already published."""
    edit(head / "kpis.yaml", "title: Average sickness absence per FTE employee", "title: Sickness absence per employee")
    site = load_site(ROOT / "data")
    reworded = [
        f"| report {report.id}, KPI table {table.id} | row sickness-absence | {SICKNESS.split(' (')[0]} "
        "| Sickness absence per employee |"
        for report in site.reports.values()
        for table in report.kpi_tables.values()
        if any(
            row.kpi.id == "sickness-absence" and row.title == site.kpis["sickness-absence"].title for row in table.rows
        )
    ]
    markdown = changes_to(head)
    title = f"| KPI sickness-absence | title | {SICKNESS.split(' (')[0]} | Sickness absence per employee |"
    assert reworded and rows(markdown.split(f"### {WORDING}")[1]) == [*reworded, title]
    assert f"Wording printed with the figures: {len(reworded) + 1} changes." in markdown.splitlines()


def test_a_tables_own_row_title_keeps_its_wording_when_the_kpis_changes(head):
    edit(head / "kpis.yaml", "title: Average sickness absence per FTE employee", "title: Sickness absence per employee")
    report = report_file(2018, head)
    edit(
        report,
        "      - kpi: sickness-absence\n",
        '      - kpi: sickness-absence\n        title: "Average sickness absence per FTE employee"\n',
    )
    markdown = changes_to(head)
    assert "| report central-services 2018, KPI table hr-od | row sickness-absence |" not in markdown
    assert (
        "| report central-services 2017, KPI table hr-od | row sickness-absence |" in markdown
    )  # no row title of its own
