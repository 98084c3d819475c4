"""What a page's figures were read from, so `make serve` can rebuild only the pages an edit changes.

A page's macros see the data through `SiteReads`, which hands out the very objects of the `Site`
and notes a key for each thing it hands out: a report's own words (title, dates), one KPI result,
one KPI or budget table, one headline fact. `changed_reads` compares the site before and after an
edit and gives the keys whose content changed, or None when the edit changed what the data lists
(a KPI, result, table or fact added, removed or moved), which only a full rebuild can follow.
The services, periods, KPIs and glossary are shown on most pages, so they are not noted: an edit
to them rebuilds every page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..base.model import BudgetTable, Fact, KpiTable, Report, ReportKey, Result, Site

EVERYTHING = ("everything",)  # read by something SiteReads does not know: the page depends on all the data
EVERY_REPORTS_WORDS = ("every report's words",)  # when each report was published, say (one key, not one each)


def report_key(report_id: ReportKey) -> tuple:
    return ("report", report_id)


def result_key(result: Result) -> tuple:
    return ("result", result.report, result.kpi.id, result.period.id)


def kpi_table_key(table: KpiTable) -> tuple:
    return ("kpi table", table.report, table.id)


def budget_table_key(table: BudgetTable) -> tuple:
    return ("budget table", table.report, table.id)


def fact_key(fact: Fact) -> tuple:
    return ("fact", fact.id)


class SiteReads:
    """The site as one page's macros see it; every lookup notes what it handed out in `reads`."""

    def __init__(self, site: Site, reads: set):
        self.site, self.reads = site, reads
        self.services, self.periods, self.kpis, self.glossary = site.services, site.periods, site.kpis, site.glossary
        self.portfolios = site.portfolios  # like the services: an edit to them rebuilds every page
        self.reports = _Noting(site.reports, reads, None, lambda report: _ReportReads(report, reads))
        self.facts = _Noting(site.facts, reads, fact_key)

    def __getattr__(self, name: str):
        self.reads.add(EVERYTHING)  # a lookup this view does not know: noted as reading all of it
        return getattr(self.site, name)

    @property
    def unnoted(self) -> Site:
        """The site itself, for counting what it lists and naming its files, which only a full rebuild changes
        (tests/test_reads.py fails if a page reads a figure or a word through it)."""
        return self.site

    def published(self) -> tuple:
        self.reads.add(EVERY_REPORTS_WORDS)
        return self.site.published()

    def results(self) -> list[Result]:
        return self._noted(self.site.results(), result_key)

    def results_for(self, kpi: str) -> list[Result]:
        return self._noted(self.site.results_for(kpi), result_key)

    def timeline(self, kpi: str) -> list[Result]:
        return self._noted(self.site.timeline(kpi), result_key)

    def latest_with_value(self, kpi: str) -> Result | None:
        """Read: that result, and every later one (each is n/a now, but may be given a figure)."""
        found, results = self.site.latest_with_value(kpi), self.site.timeline(kpi)
        start = next((index for index, result in enumerate(results) if result is found), 0)
        self._noted(results[start:], result_key)
        return found

    def budget_tables_for_year(self, year: str) -> list[BudgetTable]:
        return self._noted(self.site.budget_tables_for_year(year), budget_table_key)

    def budget_table(self, year: str, table_id: str) -> BudgetTable | None:
        table = self.site.budget_table(year, table_id)
        return self._noted([table], budget_table_key)[0] if table else None

    def budget_tables_for_service(self, service: str) -> list[BudgetTable]:
        return self._noted(self.site.budget_tables_for_service(service), budget_table_key)

    def tables_for_section(self, report: ReportKey, service: str) -> tuple[list[KpiTable], list[BudgetTable]]:
        kpi_tables, budget_tables = self.site.tables_for_section(report, service)
        return self._noted(kpi_tables, kpi_table_key), self._noted(budget_tables, budget_table_key)

    def facts_for_service(self, service: str) -> list[Fact]:
        return self._noted(self.site.facts_for_service(service), fact_key)

    def facts_stated_in(self, report: ReportKey, doc: str):
        found = self.site.facts_stated_in(report, doc)
        self.reads.update(fact_key(fact) for fact, _ in found)
        return found

    def table_for(self, result: Result) -> KpiTable | None:
        """Where a result is printed: its table's id and service, which only a full rebuild can change (a
        page that shows more of the table reads it through its report)."""
        return self.site.table_for(result)

    def reported_by(self, result: Result):
        """The service whose table printed a result: as table_for, only a full rebuild changes it."""
        return self.site.reported_by(result)

    def predecessors(self, service: str):
        """Worked out from the services alone, which a full rebuild follows."""
        return self.site.predecessors(service)

    def _noted(self, items: list, key) -> list:
        self.reads.update(key(item) for item in items)
        return items


class _ReportReads:
    """A report as a page's macros see it: its words, tables and results noted as each is read."""

    def __init__(self, report: Report, reads: set):
        self._report, self._reads = report, reads
        self.id, self.origin = report.id, report.origin
        self.kpi_tables = _Noting(report.kpi_tables, reads, kpi_table_key)
        self.budget_tables = _Noting(report.budget_tables, reads, budget_table_key)

    def __getattr__(self, name: str):
        if name not in ("title", "portfolio", "published", "covers"):
            self._reads.add(EVERYTHING)
        self._reads.add(report_key(self.id))
        return getattr(self._report, name)

    @property
    def results(self) -> tuple[Result, ...]:
        self._reads.update(result_key(result) for result in self._report.results)
        return self._report.results


class _Noting(Mapping):
    """A dict of the site whose values are noted (by `key`) as they are handed out; asking which ids
    it has reads nothing (the ids only change with a full rebuild)."""

    def __init__(self, items: dict, reads: set, key, wrap=None):
        self._items, self._reads, self._key, self._wrap, self._wrapped = items, reads, key, wrap, {}

    def __getitem__(self, name):
        item = self._items[name]
        if self._key:
            self._reads.add(self._key(item))
        if self._wrap is None:
            return item
        if name not in self._wrapped:
            self._wrapped[name] = self._wrap(item)
        return self._wrapped[name]

    def __iter__(self) -> Iterator:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name) -> bool:
        return name in self._items

    def values(self) -> list:
        return [self[name] for name in self._items]

    def items(self) -> list:
        return [(name, self[name]) for name in self._items]


# --- what an edit changed ----------------------------------------------------------------------------


def changed_reads(before: Site, after: Site, edited: set[str] | None = None) -> frozenset | None:
    """The keys whose content differs between two checked sites; None if what the data lists differs, or
    the portfolios, services, periods, KPIs or glossary (which most pages show) do. With edited (the data files
    whose text changed, e.g. {"data/reports/central-services/2018.yaml"}), only the reports and facts read from
    them are compared."""
    shared = ("portfolios", "services", "periods", "kpis", "glossary")
    if any(getattr(before, name) != getattr(after, name) for name in shared):
        return None
    if tuple(before.reports) != tuple(after.reports) or tuple(before.facts) != tuple(after.facts):
        return None
    changed: set = set()
    for report_id, report in after.reports.items():
        old = before.reports[report_id]
        if not _edited(report, edited) or old == report:
            continue
        if _report_listing(old) != _report_listing(report):
            return None
        if _words(old) != _words(report):
            changed |= {report_key(report_id), EVERY_REPORTS_WORDS}
        changed.update(result_key(new) for was, new in zip(old.results, report.results, strict=True) if was != new)
        for tables, old_tables, key in (
            (report.kpi_tables, old.kpi_tables, kpi_table_key),
            (report.budget_tables, old.budget_tables, budget_table_key),
        ):
            changed.update(key(table) for name, table in tables.items() if old_tables[name] != table)
    if any(_edited(fact, edited) for fact in after.facts.values()):
        for name, fact in after.facts.items():
            if before.facts[name] != fact:
                if _fact_listing(before.facts[name]) != _fact_listing(fact):
                    return None
                changed.add(fact_key(fact))
    return frozenset(changed)


def _edited(item, edited: set[str] | None) -> bool:
    return edited is None or item.origin is None or item.origin.file in edited


def _words(report: Report) -> tuple:
    return (report.title, report.portfolio, report.published, report.covers)


# What the data lists and how it is linked, without the figures and words: which KPI and period each of a
# report's results is for, each table's id, service, year, columns and rows, and each fact's service and the
# sections that state it (the ids of reports and facts are compared in order above). Lookups (a KPI's results,
# a year's budget tables, a section's facts) give the same things while these stay the same.


def _report_listing(report: Report) -> tuple:
    return (
        tuple(result_key(result) for result in report.results),
        tuple(
            (
                table.id,
                table.service.id,
                tuple((column.period.id, column.field) for column in table.columns),
                tuple((row.kpi.id, tuple(result_key(cell) for cell in row.cells)) for row in table.rows),
            )
            for table in report.kpi_tables.values()
        ),
        tuple((table.id, table.service.id, table.year) for table in report.budget_tables.values()),
    )


def _fact_listing(fact: Fact) -> tuple:
    return (fact.service.id, tuple((value.report, value.section) for value in fact.values))
