"""Search with Pagefind, loaded only when someone searches: what each page tells the index, the results
of their own (the tables the reports printed, each budget line, each stated fact) and the words a search is
corrected to; the edge runs Pagefind over the built site and these (macros/edge/search_files.py).

A page says what kind of page it is, its portfolio, service and report (the search's filters) and, for a KPI,
its latest figure, target and whether it was met (shown in the result), in hidden elements that
Pagefind reads. Each printed KPI or budget table is a record of its own, at the table's address on
the page that shows it, holding every figure as printed and as residents type it (£9.8m), so a
figure finds its table; each budget line and each fact is one at its row or its line. Everything
else the index needs is in the pages' HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from ..base.model import ReportKey, Site
from ..base.units import figure_spellings, format_figure, format_stated
from ..render.cards import key_figure
from ..workings.tabular import TableData, cell_text, printed_budget_table, printed_kpi_table
from ..workings.trends import is_number, latest_value, period_when, timeline
from ..workings.urls import fact_anchor, page_address

OUTPUT = "pagefind"  # the index's folder, from the site's root; the search box loads pagefind.js from it
LANGUAGE = "en"
# How much a record's words and its figures count, against a page's words at 1 (see _figure).
WORD_WEIGHT, FIGURE_WEIGHT = 0.5, 2
# Markup Pagefind leaves out of every page: the "¶" link beside each heading.
EXCLUDE = [".headerlink"]

INDICATOR, BUDGET, FACT, SECTION, DATASET, SERVICE, PAGE = (
    "Indicator",
    "Budget",
    "Key fact",
    "Report section",
    "Dataset",
    "Service",
    "Page",
)
_REPORT_PAGE = re.compile(r"reports/([a-z0-9-]+)/([0-9]{4})/([a-z0-9-]+)\.md")
_KPI_PAGE = re.compile(r"kpis/([a-z0-9-]+)\.md")
_TOPIC_PAGE = re.compile(r"topics/([a-z0-9-]+)\.md")
_KINDS = {"budgets.md": BUDGET, "open-data.md": DATASET, "kpis/index.md": INDICATOR, "topics/index.md": SERVICE}


@dataclass(frozen=True)
class Entry:
    """What one result is: its kind, service and report (filters), and the words shown with it (meta)."""

    kind: str
    services: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    portfolios: tuple[str, ...] = ()  # their titles

    def filters(self) -> dict[str, list[str]]:
        found = {
            "kind": [self.kind],
            "portfolio": list(self.portfolios),
            "service": list(self.services),
            "report": list(self.reports),
        }
        return {key: values for key, values in found.items() if values}


# --- what a page tells the index ------------------------------------------------------------------


def page_entry(site: Site, src: str) -> Entry:
    """A page's kind, service and report, by its file in docs/; a KPI's page also has its answer."""
    if found := _KPI_PAGE.fullmatch(src):
        if found[1] in site.kpis:
            return kpi_entry(site, found[1])
    if found := _REPORT_PAGE.fullmatch(src):
        report = site.reports.get(ReportKey(int(found[2]), found[1]))
        service = site.services.get(found[3])
        return Entry(
            SECTION,
            (service.name,) if service else (),
            (found[2],),
            {"report": report.title if report else f"Portfolio Holder report {found[2]}"},
            _portfolios(site, [report] if report else []),
        )
    if found := _TOPIC_PAGE.fullmatch(src):
        if found[1] in site.services:
            holding = [p.title for p in site.portfolios.values() if any(h.service == found[1] for h in p.holdings)]
            return Entry(SERVICE, (site.services[found[1]].name,), portfolios=tuple(holding))
    return Entry(_KINDS.get(src, PAGE))


def kpi_entry(site: Site, kpi_id: str) -> Entry:
    """A KPI's result: its latest figure with its period, and its target and whether it was met, as its
    page and its key figure card say them."""
    kpi = site.kpis[kpi_id]
    reports = tuple(str(year) for year in sorted({result.report.year for result in timeline(site, kpi_id)}))
    meta = {"service": kpi.service.name}
    latest = latest_value(site, kpi_id)
    if latest is not None:
        figure = key_figure(site, kpi_id)
        meta |= {"figure": figure.value, "period": period_when(latest.period)}
        if figure.target:
            meta["note"] = figure.target
    published = [site.reports[result.report] for result in timeline(site, kpi_id)]
    return Entry(INDICATOR, (kpi.service.name,), reports, meta, _portfolios(site, published))


def _portfolios(site: Site, reports) -> tuple[str, ...]:
    """The titles of the portfolios whose reports these are, in the order of portfolios.yaml."""
    ids = {report.portfolio for report in reports}
    return tuple(portfolio.title for portfolio in site.portfolios.values() if portfolio.id in ids)


def entry_html(entry: Entry) -> Markup:
    """The entry as hidden elements Pagefind reads: one filter or meta value each, as escaped text
    (in "key:value" form, the value runs to the end of the attribute, commas and all)."""
    tags = [Markup('<span data-pagefind-filter="{}:{}"></span>').format(key, value) for key, value in _pairs(entry)]
    tags += [
        Markup('<span data-pagefind-meta="{}:{}"></span>').format(key, value)
        for key, value in {"kind": entry.kind, **entry.meta}.items()
    ]
    hidden = Markup('\n<div class="search-entry" hidden data-pagefind-ignore>\n{}\n</div>\n')
    return hidden.format(Markup("\n").join(tags))


def _pairs(entry: Entry):
    for key, values in entry.filters().items():
        for value in values:
            yield key, value


# --- records of their own: the printed tables, each budget line and each headline fact ----------------


@dataclass(frozen=True)
class Record:
    url: str  # from the site's root, with its anchor: unique, as Pagefind keeps one result per address
    title: str
    content: Markup  # text, with each figure weighted (_figure)
    entry: Entry
    weight: float = WORD_WEIGHT  # of its words: a newer report's table a little more than an older one's


def records(site: Site, shown_on: dict[str, str], anchors: set[tuple[str, str]], directory_urls: bool) -> list[Record]:
    """Every record search holds besides the pages: shown_on maps a table's id to the page that showed it;
    anchors are the (page, anchor) pairs the pages hold for facts."""
    return table_records(site, shown_on) + fact_records(site, anchors, directory_urls)


def table_records(site: Site, shown_on: dict[str, str]) -> list[Record]:
    """Each KPI and budget table a report printed, at the table on the page that showed it (a table no
    page showed has none), and each line of a budget table of several lines, at its row."""
    found = []
    for age, report in enumerate(sorted(site.reports.values(), key=lambda report: report.id)):
        # The same KPI in several reports: the newest report's table first, all else being equal.
        weight = round(WORD_WEIGHT * (1 + age / max(len(site.reports) - 1, 1)), 3)
        portfolio = site.portfolios[report.portfolio].title
        for table in report.kpi_tables.values():
            data = printed_kpi_table(table, report)
            if data.id in shown_on:
                entry = _report_entry(INDICATOR, report, table.service.name, portfolio)
                url = f"/{shown_on[data.id]}#{data.id}"
                # A row the report titled its own way is found by the KPI's usual title too.
                titles = [row.kpi.title for row in table.rows if row.kpi.title != row.title]
                text = table_text(data) + (Markup(" ({})").format("; ".join(titles)) if titles else "")
                found.append(Record(url, data.caption, text, entry, weight))
        for table in report.budget_tables.values():
            data = printed_budget_table(table, report)
            if data.id in shown_on:
                page = f"/{shown_on[data.id]}"
                found += budget_records(data, page, table.year, report, table.service.name, portfolio)
    return found


def budget_records(data: TableData, page: str, year: str, report, service: str, portfolio: str) -> list[Record]:
    """The table, its answer the total (or its one line); and, where it has several lines, each line."""
    lines = [row for row in data.rows if not row.total]
    total = next((row for row in data.rows if row.total), lines[0] if len(lines) == 1 else None)
    found = [
        Record(
            f"{page}#{data.id}", data.caption, table_text(data), _budget_entry(report, service, portfolio, year, total)
        )
    ]
    if len(lines) > 1:
        for row in lines:
            title = f"{row.label} budget {year}"
            text = Markup("{}, in the {}: {}").format(row.label, data.caption, table_text(replace(data, rows=(row,))))
            found.append(
                Record(f"{page}#{row.anchor}", title, text, _budget_entry(report, service, portfolio, year, row))
            )
    return found


def _budget_entry(report, service: str, portfolio: str, year: str, row) -> Entry:
    entry = _report_entry(BUDGET, report, service, portfolio)
    if row is None:
        return entry
    budget, forecast = row.cells[0], row.cells[1]
    note = "Full year budget" + (f"; forecast {format_figure('gbp', forecast)}." if is_number(forecast) else ".")
    meta = {"figure": format_figure("gbp", budget), "period": f"in {year}", "note": note}
    return replace(entry, meta=entry.meta | meta)


def _report_entry(kind: str, report, service: str, portfolio: str) -> Entry:
    return Entry(kind, (service,), (str(report.id.year),), {"report": report.title, "service": service}, (portfolio,))


def fact_records(site: Site, anchors: set[tuple[str, str]], directory_urls: bool) -> list[Record]:
    """Each figure the reports' text states, where the section stating its latest value lists it."""
    found = []
    for fact in site.facts.values():
        latest = fact.latest
        page = page_address(latest.section.split("#")[0], directory_urls)
        if (page, fact_anchor(fact.id)) not in anchors:
            continue
        values = sorted(fact.values, key=lambda value: value.report, reverse=True)
        stated = [
            Markup("{} ({}, {})").format(
                _figure(_stated(fact, value) + _typed(fact.unit, value.value, _stated(fact, value))),
                value.period,
                site.reports[value.report].title,
            )
            for value in values
        ]
        meta = {"report": site.reports[latest.report].title, "service": fact.service.name}
        meta |= {"figure": _stated(fact, latest), "period": _when(latest.period)}
        reports = tuple(dict.fromkeys(str(value.report.year) for value in values))
        entry = Entry(
            FACT, (fact.service.name,), reports, meta, _portfolios(site, [site.reports[v.report] for v in values])
        )
        content = Markup("{}: {}.").format(fact.title, Markup("; ").join(stated))
        found.append(Record(f"/{page}#{fact_anchor(fact.id)}", fact.title, content, entry))
    return found


def _when(period: str) -> str:
    """A fact's period as the report words it, to follow its figure: "in 2017/18", "when the report was
    written"."""
    first = period.split(" ", 1)[0].lower()
    return period if first in ("when", "at", "in", "from", "during", "by", "since", "over", "as") else f"in {period}"


def _stated(fact, value) -> str:
    return format_stated(fact.unit, value.value, value.qualifier, value.scale)


def _digits(text: str) -> str:
    return re.sub(r"[^0-9.:]", "", text)


def table_text(data: TableData) -> Markup:
    """A table's rows as text: "HROD: Full year budget (£) 2,104,108 (£2.1m) · ...", each figure as printed
    and as it might be typed, and weighted above the words around it (_figure). Made with escape() and
    f-strings, as the tables are (README: a council's thousands of tables)."""
    rows = []
    for row in data.rows:
        cells = []
        for column, value in zip(data.columns, row.cells, strict=True):
            text = cell_text(column, row, value)
            if text:
                figure = _figure(text + _typed(row.unit, value, text)) if column.numeric else escape(text)
                cells.append(f"{escape(column.heading)} {figure}")
        # Separators with a space each side: Pagefind puts one where a figure's <span> ends.
        rows.append(f"{escape(row.label)}: {' · '.join(cells)}")
    return Markup(" — ".join(rows))  # its caption is the record's title


def _figure(text: str) -> Markup:
    """A figure in a record: its words count for more than a record's others, so that a figure typed into
    the search finds the table that prints it before a page that mentions it; a record's other words
    count for less than a page's (record_html), so that a KPI's name finds its page first."""
    return Markup(f'<span data-pagefind-weight="{FIGURE_WEIGHT}">{escape(text)}</span>')


def _typed(unit: str | None, value, printed: str) -> str:
    """ " (9828491, £9.8m)": the other ways a resident may type a figure, or "" (words, n/a)."""
    if unit is None or not is_number(value):
        return ""
    # Pagefind already finds "9,828,491" and "£9,828,491" from 9828491: only the other spellings are added.
    others = [spelling for spelling in figure_spellings(unit, value) if _digits(spelling) != _digits(printed)]
    return f" ({', '.join(others)})" if others else ""


# --- the index -------------------------------------------------------------------------------------


def record_html(record: Record) -> str:
    """A record as a page Pagefind indexes, every text escaped: its title and its own address in meta
    (a title, not a heading: a heading would weigh its words as a page's h1 does), its text in the body."""
    entry = replace(record.entry, meta={"title": record.title, "url": record.url, **record.entry.meta})
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="{}">\n<head><title>{}</title></head>\n<body data-pagefind-body>\n'
            '<p data-pagefind-weight="{}">{}</p>\n{}</body>\n</html>\n'
        ).format(LANGUAGE, record.title, record.weight, record.content, entry_html(entry))
    )


# --- the words a search is corrected to, and what everyday words mean -------------------------------

WORDS = "site-words.json"  # beside the index; site-search.js fetches it with the index, when someone searches
_WORD = re.compile(r"[a-z]+")
_TAG = re.compile(r"<[^>]*>")
_BODY = re.compile(r"data-pagefind-body[^>]*>(.*)", re.S)


def indexed_text(html: str) -> str | None:
    """The words of a built page that search indexes (what follows data-pagefind-body), or None."""
    body = _BODY.search(html)
    return _TAG.sub(" ", body[1]) if body else None


def record_text(record: Record) -> str:
    """The words of a record that search indexes."""
    return f"{record.title} {_TAG.sub(' ', str(record.content))}"


def search_words(site: Site, texts) -> dict:
    """The words the site's search can find, most used first (a typed word not among them is corrected to
    the nearest), and the glossary's phrases: each everyday word a resident may type ("off sick") with the
    term it means ("sickness absence"), and each abbreviation with the words it stands for ("foi" and
    "freedom of information"), which are searched for either way."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _WORD.findall(text.lower()):
            counts[word] = counts.get(word, 0) + 1
    vocabulary = sorted((word for word in counts if len(word) > 2), key=lambda word: (-counts[word], word))
    means = {said.lower(): term.term.lower() for term in site.glossary.values() for said in term.search_words}
    pairs = []
    for term in site.glossary.values():
        expansion = re.split(r"[,.]", term.meaning, maxsplit=1)[0].strip().lower()
        if term.term.isupper() and 1 < len(expansion.split()) <= 6:
            pairs.append([term.term.lower(), expansion])
    return {"words": vocabulary, "means": means, "pairs": pairs}
