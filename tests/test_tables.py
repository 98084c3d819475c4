"""Rendering without MkDocs: structure, notes, and values that can never become markup."""

from __future__ import annotations

import re

from helpers import PORTFOLIO, key
from pages import read_page
from tiny_site import budgets_site

from macros.base.model import BudgetLine, BudgetTable, Column, Kpi, KpiRow, KpiTable, Period, Report, Result, Service
from macros.base.units import NA, Words
from macros.render.tables import table_html
from macros.workings.tabular import budgets_by_service_table, printed_budget_table, printed_kpi_table

REPORT = Report(key(2018), "Portfolio Holder report 2018", PORTFOLIO, "2018", "2017/18")
SERVICE = Service("hr-od", "HR OD")
YEAR = Period("2017/18", "2017/18", "year")
COLUMNS = (
    Column("2017/18 Outturn", YEAR, "value"),
    Column("Target", YEAR, "target"),
    Column("Performance", YEAR, "performance"),
)


def kpi_table(
    title="Average sickness absence per FTE employee", caption="HR OD", value=9.95, target=9, note=None, footnotes=()
):
    kpi = Kpi("sickness-absence", title, SERVICE, "days", "lower-is-better")
    result = Result(key(2018), kpi, YEAR, value, target, "Failed", "Better", None, note)
    return KpiTable(
        "hr-od",
        key(2018),
        SERVICE,
        "Performance",
        caption,
        COLUMNS,
        (KpiRow(kpi, title, (result, result, result)),),
        tuple(footnotes),
    )


def kpi_table_html(table, report):
    return table_html(printed_kpi_table(table, report), "../../")


def budget_table_html(table, report):
    return table_html(printed_budget_table(table, report), "../../")


def render(table) -> tuple[str, object]:
    html = str(kpi_table_html(table, REPORT))
    return html, read_page(f"<article>{html}</article>").tables[0]


def test_markup_in_a_title_is_shown_as_text():
    html, table = render(kpi_table(title='<script>alert("x")</script> & <b>bold</b>'))
    assert "<script>" not in html and "<b>" not in html
    assert table.rows[0][1][0].text == '<script>alert("x")</script> & <b>bold</b>'


def test_markdown_link_and_pipe_in_values_stay_plain_text_in_one_cell():
    html, table = render(kpi_table(caption="[x](javascript:alert(1)) | y", title="a | b | c"))
    assert "javascript:alert" not in html.split("<caption")[0] and 'href="javascript' not in html
    assert table.caption == "[x](javascript:alert(1)) | y"
    assert [cell.text for cell in table.rows[0][1]] == ["a | b | c", "9.95", "9", "Failed"]


def test_template_syntax_in_data_is_output_verbatim():
    _, table = render(kpi_table(title="{{ config }} {% if x %}"))
    assert table.rows[0][1][0].text == "{{ config }} {% if x %}"


def test_headers_have_scope_and_numbers_are_right_aligned():
    html, table = render(kpi_table())
    assert [cell.attrs["scope"] for cell in table.head] == ["col"] * 4
    assert table.rows[0][1][0].attrs["scope"] == "row"
    assert [("num" in (cell.attrs.get("class") or "")) for cell in table.rows[0][1][1:]] == [True, True, False]
    assert re.search(r'<caption id="kpi-2018-hr-od__caption"><span [^>]*>HR OD</span></caption>', html)
    assert 'role="region" aria-labelledby="kpi-2018-hr-od__caption" tabindex="0"' in html


def test_status_is_in_words_with_colour_only_as_a_class():
    _, table = render(kpi_table())
    performance = table.rows[0][1][3]
    assert performance.text == "Failed"
    assert "status--failed" in performance.attrs["class"]


def test_cells_are_separated_by_newlines_for_search():
    html, _ = render(kpi_table())
    assert "</td><td" not in html and "</th><td" not in html


def test_row_note_is_visible_and_linked_from_its_row():
    html, table = render(kpi_table(note="The text says 41%."))
    assert table.rows[0][1][0].text.endswith("(note 1)")
    assert 'href="#kpi-2018-hr-od__note-1"' in html and 'id="kpi-2018-hr-od__note-1"' in html
    assert "Note 1: The text says 41%." in table.after


def test_footnote_and_source_line_follow_the_table():
    _, table = render(kpi_table(footnotes=["*DBS = Disclosure Barring Service"]))
    assert "*DBS = Disclosure Barring Service" in table.after
    assert "Source: Portfolio Holder report 2018, HR OD, “Performance”." in table.after


def test_missing_and_worded_values_are_printed_as_such():
    _, table = render(kpi_table(value=NA, target=Words("Reduction")))
    assert [cell.text for cell in table.rows[0][1][1:3]] == ["n/a", "Reduction"]


def test_budget_variance_and_total_are_derived():
    table = BudgetTable(
        "legal",
        key(2018),
        Service("legal", "Legal"),
        "2018/19",
        "Financial information",
        "Legal budget",
        (BudgetLine("Legal <Services>", 1000, 1250), BudgetLine("Democratic", 500, 400)),
        stated_total=BudgetLine("Total", 1, 2, 3),
    )
    html = str(budget_table_html(table, REPORT))
    parsed = read_page(f"<article>{html}</article>").tables[0]
    assert [[cell.text for cell in cells] for _, cells in parsed.rows] == [
        ["Legal <Services>", "1,000", "1,250", "250"],
        ["Democratic", "500", "400", "−100"],
        ["Total", "1,500", "1,650", "150"],
    ]
    assert parsed.rows[-1][0] == {"class": "total"}


def test_budget_without_a_printed_total_has_no_total_row():
    table = BudgetTable(
        "hr", key(2018), SERVICE, "2018/19", "Financial information", "HR budget", (BudgetLine("HROD", 10, 10),)
    )
    parsed = read_page(f"<article>{budget_table_html(table, REPORT)}</article>").tables[0]
    assert len(parsed.rows) == 1


def test_budget_line_note_is_shown_and_linked():
    table = BudgetTable(
        "hr",
        key(2018),
        SERVICE,
        "2018/19",
        "Financial information",
        "HR budget",
        (BudgetLine("HROD", 10, 12, 0, note="The report printed a variance of 0."),),
    )
    html = str(budget_table_html(table, REPORT))
    parsed = read_page(f"<article>{html}</article>").tables[0]
    assert parsed.rows[0][1][0].text == "HROD (note 1)"
    assert parsed.rows[0][1][3].text == "2"
    assert "Note 1: The report printed a variance of 0." in parsed.after


def test_kpi_title_links_to_its_page_and_downloads_are_visible():
    html, table = render(kpi_table())
    assert '<a href="../../kpis/sickness-absence/">Average sickness absence per FTE employee</a>' in html
    assert 'href="../../data/tables/kpi-2018-hr-od.csv" download>CSV' in html
    assert 'href="../../data/tables/kpi-2018-hr-od.json" download>JSON' in html
    assert "Download this table: CSV of “HR OD” · JSON of “HR OD”" in table.after


def test_a_budget_change_is_from_the_year_before_never_across_a_gap():
    site = budgets_site(("hr", ("2016/17", "2018/19")), ("ict", ("2017/18", "2018/19")))
    hr = budgets_by_service_table(site, "hr")
    assert [row.cells for row in hr.rows] == [("2016/17", 100, None), ("2018/19", 120, None)]
    assert "Not compared from 2016/17 to 2017/18: Team (only in 2016/17)." in hr.footnotes[0]
    every = budgets_by_service_table(site)
    like_for_like = [row.label for row in every.rows if row.label.startswith("Total, service areas in both")]
    # none in both 2016/17 and 2017/18
    assert like_for_like == ["Total, service areas in both 2017/18 and 2018/19 (worked out)"]


def test_an_empty_cell_says_why_and_a_total_row_has_nothing_to_say():
    _, table = render(kpi_table(target=None))
    assert table.rows[0][1][2].text == "not reported"
    site = budgets_site(("hr", ("2016/17", "2017/18")), ("ict", ("2017/18",)))
    parsed = read_page(f"<article>{table_html(budgets_by_service_table(site))}</article>").tables[0]
    cells = {(row[1][0].text, row[1][1].text): row[1][3].text for row in parsed.rows}
    assert cells[("Team (Hr)", "2016/17")] == "not compared"  # no year before it
    assert cells[("Team (Ict)", "2017/18")] == "not compared"  # no budget the year before
    assert cells[("Team (Hr)", "2017/18")] == "10"
    assert cells[("Total, every service area (worked out)", "2017/18")] == ""
