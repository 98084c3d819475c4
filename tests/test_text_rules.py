"""Ids, text, figures and dates are checked after YAML has unescaped them: a line break, a control or
invisible character written as an escape, an id that would replace another page, a date not on the
calendar, a figure out of range or a YAML key that is a list each stop the real check with a plain
message naming the file, line and field. Anchors are unique on every page of the built site."""

from __future__ import annotations

import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import PORTFOLIO, ROOT
from test_bad_data import KPIS, R17, R18, REPORTS, SERVICES, Case, assert_reported, broken_data

from macros.read.schema import whole_text_pattern
from macros.tools import scaffold
from macros.tools.check import main as check_main
from macros.workings.urls import budget_line_anchor, budget_table_anchor, fact_anchor, kpi_doc, part_anchor, topic_doc

PERIODS = "periods.yaml"
TURNOVER_ID = "  - id: staff-turnover\n"
TURNOVER_TITLE = '    title: "% staff turnover"\n'
A_CAPTION = '    caption: "HR OD: sickness absence"\n'
A_BUDGET_YEAR = '    year: "2018/19"\n    section: Financial information – 2018/19\n    caption: "Legal'
A_NEW_KPI = "kpis:\n  - id: {}\n    title: A new KPI\n    service: hr-od\n    unit: count\n    polarity: neither\n"

CASES = [
    # Line breaks, wherever they come from: every field is shown on one line.
    Case(
        "an id ending in a line break",
        KPIS,
        TURNOVER_ID,
        '  - id: "staff-turnover\\n"\n',
        "kpis[6].id",
        ("line break",),
    ),
    Case(
        "a title in a | block",
        KPIS,
        TURNOVER_TITLE,
        "    title: |\n      % staff\n      turnover\n",
        "kpis[6].title",
        ("line break", "one line"),
    ),
    Case(
        "a caption with a blank line under >",
        R18,
        A_CAPTION,
        "    caption: >\n      HR OD:\n\n      sickness absence\n",
        "kpi_tables[1].caption",
        ("line break",),
    ),
    Case(
        "a line separator written as an escape",
        R18,
        "{area: Legal Services,",
        '{area: "Legal\\u2028Services",',
        "budget_tables[6].lines[0].area",
        ("U+2028", "line break"),
    ),
    # Control and invisible characters written as escapes in quotes.
    Case(
        "a right-to-left override written as an escape",
        KPIS,
        TURNOVER_TITLE,
        '    title: "% staff \\u202Erevonrut"\n',
        "kpis[6].title",
        ("U+202E", "right-to-left override"),
    ),
    Case(
        "a zero-width space written as an escape",
        SERVICES,
        "    name: Improvement Service\n",
        '    name: "Improvement\\u200BService"\n',
        "services[1].name",
        ("U+200B", "zero width space"),
    ),
    Case(
        "an escape character (terminal colours)",
        R18,
        A_CAPTION,
        '    caption: "HR OD: \\x1b[31msickness absence"\n',
        "kpi_tables[1].caption",
        ("U+001B",),
    ),
    Case("a NUL character", R18, A_CAPTION, '    caption: "HR OD\\x00"\n', "kpi_tables[1].caption", ("U+0000",)),
    Case("a C1 control", R18, A_CAPTION, '    caption: "HR OD\\x85"\n', "kpi_tables[1].caption", ("line break",)),
    Case("DEL", R18, A_CAPTION, '    caption: "HR OD\\x7f"\n', "kpi_tables[1].caption", ("U+007F",)),
    Case("a tab written as an escape", R18, A_CAPTION, '    caption: "HR\\tOD"\n', "kpi_tables[1].caption", ("tab",)),
    # Keys YAML can write but a data file cannot have.
    Case("a list as a field's name", SERVICES, "services:\n", "? [a, b]: 1\nservices:\n", None, ("field's name",)),
    Case("a list as a name inside { }", SERVICES, "services:\n", "x: {[1]: x}\nservices:\n", None, ("field's name",)),
    # Ids: a name their page can have, and short.
    Case(
        "a KPI named index",
        KPIS,
        "kpis:\n",
        A_NEW_KPI.format("index"),
        "kpis[0].id",
        ("'index' cannot be used", "kpis/index.md"),
        at="  - id: index",
    ),
    Case(
        "a KPI named as a Windows device",
        KPIS,
        "kpis:\n",
        A_NEW_KPI.format("con"),
        "kpis[0].id",
        ("'con' cannot be used", "Windows"),
        at="  - id: con",
    ),
    Case(
        "a service named index",
        SERVICES,
        "services:\n",
        "services:\n  - id: index\n    name: Everything\n",
        "services[0].id",
        ("'index' cannot be used", "topics/index.md"),
        at="  - id: index",
    ),
    Case("an id of 65 characters", KPIS, TURNOVER_ID, f"  - id: {'a' * 65}\n", "kpis[6].id", ("longer than 64",)),
    # Dates and years.
    Case(
        "a date not on the calendar",
        R17,
        'published: "2017"\n',
        "published: 2017-02-30\n",
        "published",
        ("'2017-02-30' is not a date on the calendar", "February 2017 has 28 days"),
    ),
    Case("a thirteenth month", R17, 'published: "2017"\n', 'published: "2017-13"\n', "published", ("'2017-13'",)),
    Case("a published year too far", R17, 'published: "2017"\n', 'published: "9999"\n', "published", ("'9999'",)),
    Case(
        "a financial year 9999/00",
        R18,
        A_BUDGET_YEAR,
        A_BUDGET_YEAR.replace('"2018/19"', '"9999/00"', 1),
        "budget_tables[6].year",
        ("'9999/00'", "1900/01"),
    ),
    Case(
        "a financial year 0000/01",
        R18,
        A_BUDGET_YEAR,
        A_BUDGET_YEAR.replace('"2018/19"', '"0000/01"', 1),
        "budget_tables[6].year",
        ("'0000/01'",),
    ),
    Case(
        "a financial year of two years",
        R18,
        A_BUDGET_YEAR,
        A_BUDGET_YEAR.replace('"2018/19"', '"2018/20"', 1),
        "budget_tables[6].year",
        ("'2018/20' is not a financial year", "written 2018/19"),
    ),
    Case(
        "a whole year's period not named as a financial year",
        PERIODS,
        "periods:\n",
        'periods:\n  - id: "2030/32"\n    label: "2030/32"\n    kind: year\n',
        "periods[0].id",
        ("'2030/32' is not a financial year",),
        at='  - id: "2030/32"',
    ),
    Case("a report year of five digits", R17, "id: 2017\n", "id: 99999\n", "id", ("99999", "from 1900 to 2999")),
    Case(
        "a report named in Arabic-Indic digits",
        f"{REPORTS}/\u0662\u0660\u0661\u0669.yaml",
        None,
        "id: 2019\n",
        None,
        ("named by the year",),
        at=None,
    ),
    # Figures in a sane range.
    Case(
        "a 30-digit duration",
        R17,
        'value: "8:07"',
        'value: "999999999999999999999999999999:00"',
        "results[23].value",
        ("too long to be a duration",),
    ),
    Case(
        "a 400-digit bound",
        R17,
        "value: 51, target: 50,",
        f'value: 51, target: "<1{"0" * 400}",',
        "results[1].target",
        ("401 digits", "too large"),
    ),
    Case("a figure of 1e-320", R18, "value: 9.95", "value: 1.0e-320", "results[1].value", ("decimal places",)),
    # What would otherwise end in a traceback (ValueError, RecursionError) or a crash, refused by the loader.
    Case(
        "a whole number of 5001 digits",
        R18,
        "value: 9.95",
        f"value: 1{'0' * 5000}",
        None,
        ("a number of 5001 digits is written here",),
    ),
    Case(
        "lists nested 5000 deep",
        R18,
        "value: 9.95",
        f"value: {'[' * 5000}{']' * 5000}",
        None,
        ("nested more than 50 levels deep",),
    ),
    Case(
        "blocks nested 3000 deep",
        R18,
        "covers: 2017/18 outturns and targets, and 2018/19 budgets\n",
        "covers: 2017/18 outturns and targets, and 2018/19 budgets\njunk:\n"
        + "".join(f"{'  ' * (level + 1)}l{level}:\n" for level in range(3000))
        + f"{'  ' * 3001}end: 1\n",
        None,
        ("nested more than 50 levels deep",),
        at="l49:",
    ),
    Case(
        "a KPI title of 100,000 characters",
        KPIS,
        "    title: Average no. of calendar days from successful applicant form to start date to fill vacant roles "
        "(incl. DBS* and non-DBS)\n",
        f"    title: {'A' * 100_000}\n",
        "kpis[0].title",
        ("this text is 100,000 characters long, more than the 2,000",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_text_id_date_and_figure_mistakes_are_reported_with_file_line_and_field(tmp_path, case, capsys):
    data = broken_data(tmp_path, case)
    returncode = check_main([str(data)])
    output = capsys.readouterr()
    output = output.out + output.err
    assert_reported(case, data, returncode, output)
    assert "Error:" not in output, output
    assert all(line.isprintable() for line in output.splitlines()), output  # the message itself is inert text


def test_a_folder_where_a_data_file_belongs_is_named_without_a_traceback(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "glossary.yaml").unlink()
    (data / "glossary.yaml").mkdir()
    assert check_main([str(data)]) == 1
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err
    assert "data/glossary.yaml: this is a folder, but a data file belongs here" in output.err


@pytest.mark.parametrize("year", ["²⁰¹⁹", "٢٠١٩", "19", "0000", "10000", "2019a"])
def test_the_scaffold_refuses_a_year_that_is_not_four_ascii_digits(year, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert scaffold.main([year]) == 2
    said = capsys.readouterr()
    assert "Traceback" not in said.err and f"{year!r} is not a year" in said.err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "pattern, text, matches",
    [
        ("^[a-z0-9]+(-[a-z0-9]+)*$", "evil", True),
        ("^[a-z0-9]+(-[a-z0-9]+)*$", "evil\n", False),
        ("^[0-9]{4}$", "٢٠١٩", False),
        ("^a[$]$", "a$", True),
        ("^a\\$$", "a$", True),
        ("^a\\$$", "a$\n", False),
    ],
)
def test_schema_patterns_match_the_whole_text_as_json_schema_means(pattern, text, matches):
    assert bool(whole_text_pattern(pattern).search(text)) is matches


def test_every_pattern_in_the_schemas_refuses_a_final_line_break():
    """Each pattern, given a text it accepts followed by a line break, refuses it."""
    import json
    import re

    accepted = {"sickness-absence", "2018/19", "2018-07-11", "6:53", "FOI", f"reports/{PORTFOLIO}/2018/hr-od.md#x"}
    seen = 0
    for path in (ROOT / "data" / "schemas").glob("*.json"):
        for pattern in re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")):
            pattern = json.loads(f'"{pattern}"')
            for text in accepted:
                if whole_text_pattern(pattern).search(text):
                    seen += 1
                    assert not whole_text_pattern(pattern).search(text + "\n"), (path.name, pattern)
    assert seen >= 5


def test_anchors_of_different_kinds_cannot_be_equal():
    """A budget table "legal" with a line "Services", beside a table "legal-services" of the same year; a
    line called "Caption" or "Note 1"; a fact stated for two periods on one page."""
    legal, legal_services = budget_table_anchor("2018/19", "legal"), budget_table_anchor("2018/19", "legal-services")
    taken: set[str] = set()
    lines = [
        budget_line_anchor(legal, area, taken) for area in ("Services", "Caption", "Note 1", "Services", "Services 2")
    ]
    assert len(set(lines)) == len(lines)
    parts = {part_anchor(legal, "caption"), part_anchor(legal, "note-1"), legal_services}
    assert not parts & set(lines)
    taken = set()
    facts = [fact_anchor("foi-requests", period, taken) for period in ("2017/18", "2016/17", "2016/17")]
    assert facts[0] == "fact-foi-requests" and len(set(facts)) == 3
    assert fact_anchor("foi-requests") == "fact-foi-requests"  # where search's result leads


def test_ids_that_would_replace_a_page_are_computed_from_the_addresses():
    from macros.workings.urls import id_page_problem

    assert id_page_problem(kpi_doc("index")) and id_page_problem(topic_doc("index"))
    assert id_page_problem(kpi_doc("sickness-absence")) is None


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value is not None)

    handle_startendtag = handle_starttag


def duplicate_ids(site: Path) -> dict[str, dict[str, int]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        twice = {anchor: count for anchor, count in parser.ids.items() if count > 1}
        if twice:
            found[page.relative_to(site).as_posix()] = twice
    return found


def test_no_page_of_the_built_site_has_an_id_twice(built):
    assert built.returncode == 0, built.output
    pages = list(built.site.rglob("*.html"))
    assert len(pages) > 20
    assert duplicate_ids(built.site) == {}


def test_a_fact_stated_for_two_periods_on_one_page_keeps_its_first_anchor(built, site_model):
    """The fact's first value on the page keeps fact-<id>, where search's result for it leads."""
    stated_twice = [
        (fact, values)
        for fact in site_model.facts.values()
        for section in {value.section.split("#")[0] for value in fact.values}
        if len(values := [value for value in fact.values if value.section.split("#")[0] == section]) > 1
    ]
    for fact, values in stated_twice:
        page = built.site / values[0].section.split("#")[0].removesuffix(".md") / "index.html"
        html = page.read_text(encoding="utf-8")
        assert html.count(f'id="{fact_anchor(fact.id)}"') == 1, (fact.id, page)
        assert html.count(f'id="{fact_anchor(fact.id)}--') == len(values) - 1, (fact.id, page)
