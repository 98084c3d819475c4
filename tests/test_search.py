"""Search: what the index holds, read from the built site's Pagefind files, and the small functions
that make it. (Searching in Chromium is in test_browser.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from helpers import ROOT, key
from pagefind_files import fragments
from site_checks import doc_address, period_when, redirects

from macros.base.units import figure_spellings, figure_with_unit, format_figure
from macros.render.cards import key_figure
from macros.search.search_index import Entry, entry_html, page_entry, table_text
from macros.workings.tabular import cell_text, printed_budget_table, printed_kpi_table
from macros.workings.trends import latest_value
from macros.workings.urls import PUBLISHED, budget_table_anchor, kpi_table_doc, report_section_doc

FURNITURE = ("Download this table", "Figures on this page last updated", "¶", "CSV of", "Download:")


@pytest.fixture(scope="module")
def index(built) -> dict[str, dict]:
    return fragments(built.site)


def page_url(doc: str) -> str:
    """A page's address in the index, from its file in docs/ (with its anchor)."""
    return "/" + PUBLISHED.page(doc)


# --- the index of the real site -------------------------------------------------------------------


def test_every_page_is_indexed_but_the_editors_guide_and_the_404_page(built, index):
    pages = {
        "/" + (path.parent.relative_to(built.site).as_posix() + "/").removeprefix("./")
        for path in built.site.rglob("index.html")
    }
    # The old addresses mkdocs.yml sends on to a page's new address are redirect pages, not pages to find.
    moved = {"/" + doc_address(old) for old in redirects(ROOT / "data")}
    assert "/reports/2018/hr-od/" in moved and moved <= pages
    indexed = {url for url in index if "#" not in url}
    assert indexed == pages - moved - {"/guide/"}
    assert not any(url.startswith(("/guide/", "/404")) for url in index)


def test_results_hold_what_residents_read_not_downloads_dates_or_permalinks(index):
    assert len(index) > 100
    padded = {url: [word for word in FURNITURE if word in result["content"]] for url, result in index.items()}
    assert {url: words for url, words in padded.items() if words} == {}


def test_each_kpi_is_a_result_with_its_latest_figure_period_and_target(site_model, index):
    for kpi_id, kpi in site_model.kpis.items():
        result = index[page_url(f"kpis/{kpi_id}.md")]
        latest = latest_value(site_model, kpi_id)
        assert result["meta"]["title"] == (kpi.name or kpi.title)  # its page's title: its everyday name
        assert result["meta"]["figure"] == figure_with_unit(kpi.unit, latest.value), kpi_id
        assert result["meta"]["period"] == period_when(latest.period), kpi_id
        target = key_figure(site_model, kpi_id).target
        assert result["meta"].get("note") == target, kpi_id
        assert result["filters"]["kind"] == ["Indicator"]
        assert result["filters"]["service"] == [kpi.service.name]
        published = {site_model.reports[r.report].portfolio for r in site_model.results_for(kpi_id)}
        assert result["filters"]["portfolio"] == [site_model.portfolios[p].title for p in sorted(published)]


def test_each_report_section_says_which_report_it_is_from(site_model, index):
    sections = 0
    for path in (ROOT / "docs/reports").glob("*/20*/*.md"):
        report = site_model.reports[key(int(path.parent.name), path.parent.parent.name)]
        result = index[page_url(path.relative_to(ROOT / "docs").as_posix())]
        assert result["meta"]["report"] == report.title
        assert result["filters"]["report"] == [path.parent.name]  # the year; the portfolio is a filter of its own
        assert result["filters"]["portfolio"] == [site_model.portfolios[report.portfolio].title]
        assert result["filters"]["kind"] == ["Report section"]
        sections += 1
    assert sections >= 10


def test_every_printed_table_is_a_result_at_its_table_with_each_figure_as_typed(site_model, index):
    for report in site_model.reports.values():
        for table in report.kpi_tables.values():
            data = printed_kpi_table(table, report)
            result = index[page_url(kpi_table_doc(report.id, table.service.id, table.id))]
            assert result["meta"]["title"] == table.caption
            assert result["filters"]["report"] == [str(report.id.year)]
            for row in table.rows:
                assert row.title in result["content"]
            assert all(cell_words(data, row) <= words(result["content"]) for row in data.rows)
        for table in report.budget_tables.values():
            data = printed_budget_table(table, report)
            anchor = budget_table_anchor(table.year, table.id)
            result = index[page_url(report_section_doc(report.id, table.service.id, anchor))]
            assert result["filters"] == {
                "kind": ["Budget"],
                "portfolio": [site_model.portfolios[report.portfolio].title],
                "service": [table.service.name],
                "report": [str(report.id.year)],
            }
            assert all(cell_words(data, row) <= words(result["content"]) for row in data.rows)


def test_the_figure_9828491_is_held_as_residents_type_it_in_the_table_that_prints_it(site_model, index):
    (result,) = [r for report in site_model.reports.values() for r in report.results if r.value == 9828491]
    table = site_model.table_for(result)
    content = index[page_url(kpi_table_doc(result.report, table.service.id, table.id))]["content"]
    assert "£9,828,491" in content and "£9.8m" in content


def test_a_budget_line_of_a_table_of_several_is_a_result_with_its_budget(site_model, index):
    tables = [t for r in site_model.reports.values() for t in r.budget_tables.values() if len(t.lines) > 1]
    assert tables
    for table in tables:
        rows = page_url(report_section_doc(table.report, table.service.id, budget_table_anchor(table.year, table.id)))
        for line in table.lines:
            (found,) = [r for url, r in index.items() if url.startswith(rows + "-") and line.area in r["meta"]["title"]]
            assert found["meta"]["title"] == f"{line.area} budget {table.year}"
            assert found["meta"]["figure"] == format_figure("gbp", line.budget)


def test_the_kinds_residents_filter_by_are_all_in_the_index(index):
    kinds = {kind for result in index.values() for kind in result["filters"].get("kind", [])}
    assert {"Indicator", "Budget", "Report section", "Dataset", "Key fact", "Service"} <= kinds


def cell_words(data, row) -> set[str]:
    """The words of a row's cells as the page prints them."""
    cells = zip(data.columns, row.cells, strict=True)
    return {word for column, value in cells for word in words(cell_text(column, row, value))}


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\s();,]+", text.replace(".", " ").replace(":", " ")))


# --- the functions, on a few values ------------------------------------------------------------------


def test_a_figure_is_spelled_as_printed_without_separators_and_in_millions_or_thousands():
    assert figure_spellings("gbp", 9828491) == ("£9,828,491", "9828491", "£9.8m", "£9.83m")
    assert figure_spellings("gbp", 802718) == ("£802,718", "802718", "£803k")
    assert figure_spellings("gbp", 2_000_000) == ("£2,000,000", "2000000", "£2m")
    assert figure_spellings("count", 51201) == ("51,201", "51201")
    assert figure_spellings("percent", 97.68) == ("97.68%", "97.68")
    assert figure_spellings("duration", 413) == ("6:53",)


def test_a_table_as_text_adds_only_the_spellings_search_would_not_find_by_itself(site_model):
    report = site_model.reports[key(2018)]
    data = printed_budget_table(report.budget_tables["legal-services"], report)
    text = re.sub(r"<[^>]+>", "", str(table_text(data)))
    assert "Electoral Services: Full year budget (£) 1,197,530 (£1.2m)" in text
    assert "1197530" not in text  # Pagefind finds 1,197,530 by 1197530 itself


def test_a_kpi_page_entry_is_its_latest_figure_and_target_as_its_key_figure_card_says(site_model):
    entry = page_entry(site_model, "kpis/sickness-absence.md")
    card = key_figure(site_model, "sickness-absence")
    assert entry.kind == "Indicator"
    assert (entry.meta["figure"], entry.meta["note"]) == (card.value, card.target)
    assert entry.reports == tuple(str(year) for year in sorted({report.year for report in site_model.reports}))


def test_other_pages_are_entered_by_their_kind(site_model):
    section = page_entry(site_model, "reports/central-services/2018/hr-od.md")
    assert section.meta == {"report": site_model.reports[key(2018)].title}
    assert page_entry(site_model, "budgets.md").kind == "Budget"
    assert page_entry(site_model, "open-data.md").kind == "Dataset"
    assert page_entry(site_model, "topics/hr-od.md").services == (site_model.services["hr-od"].name,)
    assert page_entry(site_model, "about.md").kind == "Page"


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.found += [value for name, value in attrs if name.startswith("data-pagefind-")]


def test_an_entry_is_hidden_and_its_values_are_text_even_when_they_look_like_markup():
    hostile = '"><script>alert(1)</script>, & more'
    markup = str(entry_html(Entry("Budget", (hostile,), ("2018",), {"figure": hostile})))
    parser = _Attributes()
    parser.feed(markup)
    assert "<script>" not in markup
    assert set(parser.tags) == {"div", "span"}
    assert f"service:{hostile}" in parser.found and f"figure:{hostile}" in parser.found
    assert markup.lstrip().startswith('<div class="search-entry" hidden data-pagefind-ignore>')


def test_the_index_is_written_from_code_that_already_runs_an_event_loop():
    """A build started where an event loop runs (Playwright's sync API keeps one) still writes the index."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from macros.edge.search_files import _run

    async def answer():
        return 42

    async def from_a_loop():
        return _run(answer())

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own, with no loop yet
        assert pool.submit(asyncio.run, from_a_loop()).result() == 42
        assert pool.submit(_run, answer()).result() == 42
