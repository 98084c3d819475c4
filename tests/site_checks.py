"""What every site-wide page must show, checked against expectations worked out from data/.

Each check takes a built site folder and the data folder it was built from, and asserts.
The real site's tests and the new-year test (a copy with next year's report scaffolded and
filled in) call the same checks, so no check can depend on how many reports there are.

Expectations are worked out here in a few plain lines from the data model (or the raw YAML), and
figures formatted by printed.py, written from how the reports print them: nothing here formats or
renders with the site's own code, so a mistake there shows as a difference.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import posixpath
import re
from pathlib import Path

import printed
import yaml
from pages import read_head, read_page

from macros.base.model import Result, Site
from macros.read.project import load_site

# --- reading the built site ---------------------------------------------------------------------


def page_html(site: Path, path: str) -> str:
    return (
        (site / path / "index.html").read_text(encoding="utf-8")
        if path
        else (site / "index.html").read_text(encoding="utf-8")
    )


def tables_on(site: Path, path: str) -> dict:
    return {table.wrapper_id: table for table in read_page(page_html(site, path)).tables}


def visible_text(site: Path, path: str) -> str:
    """The page's article as one line of words, with no space before a comma or full stop."""
    return re.sub(r"\s+([,.])", r"\1", " ".join(" ".join(read_page(page_html(site, path)).text).split()))


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def body_rows(table) -> list[list[str]]:
    """Each row's cell texts, without the "(note 1)" markers a row label may carry."""
    return [
        [re.sub(r" \(note \d+\)$", "", cells[0].text), *(cell.text for cell in cells[1:])] for _, cells in table.rows
    ]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- expectations from the data -----------------------------------------------------------------


def model(data: Path) -> Site:
    return load_site(data)


def report_files(data: Path) -> list[Path]:
    """Every portfolio's report files, data/reports/<portfolio>/<year>.yaml, in the order reports sort: by year,
    then portfolio."""
    found = [path for path in (data / "reports").glob("*/*.yaml") if re.fullmatch(r"[0-9]{4}", path.stem)]
    return sorted(found, key=lambda path: (int(path.stem), path.parent.name))


def raw_reports(data: Path) -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in report_files(data)]


def report_key(report: dict) -> tuple[int, str]:
    """A raw report's key as the model's ReportKey compares: (year, portfolio)."""
    return report["id"], report["portfolio"]


def report_folder(report) -> str:
    """A report's folder of pages from the site's root, from its key: "reports/central-services/2018"."""
    year, portfolio = report
    return f"reports/{portfolio}/{year}"


def redirects(data: Path) -> dict[str, str]:
    """The old addresses mkdocs.yml sends to new pages (redirects' redirect_maps): old page -> new page, by
    their files in docs/."""
    plugins = mkdocs_config(data)["plugins"]
    found = [p["redirects"] for p in plugins if isinstance(p, dict) and "redirects" in p]
    return dict(found[0]["redirect_maps"]) if found else {}


def doc_address(doc: str) -> str:
    """A page's address from its file in docs/, with directory URLs: "reports/2018/hr-od.md" -> "reports/2018/hr-od/",
    "reports/2018/index.md" -> "reports/2018/"."""
    stem = doc.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def is_redirect(html: str) -> bool:
    """Whether a built file is a page that only sends the reader on (mkdocs-redirects'), not a page."""
    return bool(re.search(r'<meta http-equiv="refresh" content="0; url=[^"]+">', html)) and "<article" not in html


def raw(data: Path, name: str):
    return yaml.safe_load((data / name).read_text(encoding="utf-8"))


def is_figure(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def written_results(data: Path) -> dict[tuple, dict]:
    """Each result as the report's YAML writes it, by (report, KPI, period): its target, performance and
    direction in the report's own words."""
    return {(report_key(report), r["kpi"], r["period"]): r for report in raw_reports(data) for r in report["results"]}


def said(written: dict[tuple, dict], result: Result) -> dict:
    return written[(result.report, result.kpi.id, result.period.id)]


def results_of(site: Site, kpi: str) -> list[Result]:
    """Every result for the KPI, in periods.yaml order, the earlier report first."""
    order = list(site.periods)
    found = [result for report in site.reports.values() for result in report.results if result.kpi.id == kpi]
    return sorted(found, key=lambda result: (order.index(result.period.id), result.report))


def latest_figure(site: Site, kpi: str) -> Result | None:
    """The KPI's figure for the latest period that has one."""
    figures = [result for result in results_of(site, kpi) if is_figure(result.value)]
    return figures[-1] if figures else None


def figure_text(unit: str, value, written: dict) -> str:
    """A result's figure as printed: the model's number (a duration in seconds), else what the report wrote
    ("n/a"), else nothing."""
    if is_figure(value):
        return printed.figure(unit, value)
    return "" if written.get("value") is None else printed.figure(unit, written["value"])


def target_text(unit: str, written: dict) -> str:
    return "" if written.get("target") is None else printed.target(unit, written["target"])


def direction_text(written: dict) -> str:
    return printed.direction(written.get("direction"), written.get("direction_reason"))


def limit(unit: str, target) -> tuple[str, float] | None:
    """A target as a comparison the figure must pass: ("<", 600) for "<10:00", ("", 9) for a plain 9 (its
    side set by the KPI's polarity); None for words or n/a."""
    if is_figure(target):
        return "", target
    bound = printed.BOUND.fullmatch(target.strip()) if isinstance(target, str) else None
    if bound:
        return bound[1], printed.written_figure(unit, bound[2])
    if unit == "duration" and isinstance(target, str) and re.fullmatch(r"\d+:\d\d", target):
        return "", printed.written_figure(unit, target)
    return None


def target_met(unit: str, polarity: str, value, target) -> bool | None:
    """Whether a figure meets its target, or None where that cannot be worked out."""
    found = limit(unit, target) if is_figure(value) else None
    if found is None:
        return None
    side, figure = found
    if not side:
        side = {"higher-is-better": ">=", "lower-is-better": "<="}.get(polarity)
    if side is None:
        return None
    return {"<": value < figure, "<=": value <= figure, ">": value > figure, ">=": value >= figure}[side]


def performance_words(result: Result, written: dict) -> str:
    """Met or Not met as the report stated it (Achieved or Failed), or else worked out from a figure and its
    target (by the KPI's polarity, or by a bound such as <10:00), marked so; or else the report's words."""
    stated = written.get("performance")
    if stated in ("Achieved", "Failed"):
        return {"Achieved": "Met", "Failed": "Not met"}[stated]
    met = target_met(result.kpi.unit, result.kpi.polarity, result.value, written.get("target"))
    if met is None:
        return "" if stated is None else str(stated)
    return ("Met" if met else "Not met") + " (worked out)"


def budget_lines(site: Site, service: str | None = None) -> list[tuple]:
    """(table, line) for every budget line, report by report, in the order printed."""
    return [
        (table, line)
        for report in site.reports.values()
        for table in report.budget_tables.values()
        if service in (None, table.service.id)
        for line in table.lines
    ]


def service_kpi_rows(site: Site, written: dict, service: str) -> list[list[str]]:
    """A service's KPIs with a figure: title, latest figure, its period, target and performance."""
    rows = []
    for kpi in site.kpis.values():
        result = latest_figure(site, kpi.id) if kpi.service.id == service else None
        if result:
            words = said(written, result)
            rows.append(
                [
                    kpi.title,
                    printed.with_days(kpi.unit, printed.figure(kpi.unit, result.value)),
                    period_name(result.period),
                    printed.with_days(kpi.unit, target_text(kpi.unit, words)),
                    performance_words(result, words),
                ]
            )
    return rows


def written_budgets(
    data: Path, service: str | None = None, portfolio: str | None = None
) -> dict[tuple[str, str], dict[str, int]]:
    """Each budget line's full year budget by year, as the reports' YAML writes them (of one portfolio's
    reports, where given): by (service, area) in the order the reports first print them."""
    budgets: dict[tuple[str, str], dict[str, int]] = {}
    for report in raw_reports(data):
        if portfolio not in (None, report["portfolio"]):
            continue
        for table in report["budget_tables"]:
            if service in (None, table["service"]):
                for line in table["lines"]:
                    budgets.setdefault((table["service"], line["area"]), {})[table["year"]] = line["budget"]
    return budgets


def budget_by_service(data: Path, service: str | None = None) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of a budgets-by-service table, from the reports' YAML: a row per line and year
    with its budget and the change from the budget year before (any service's); then, on the whole
    council's, each year's total and, for each year and the one before, the total of the lines in both."""
    budgets = written_budgets(data, service)
    every_year = sorted({table["year"] for report in raw_reports(data) for table in report["budget_tables"]})
    year_before = dict(zip(every_year[1:], every_year, strict=False))
    years = sorted({year for by_year in budgets.values() for year in by_year})
    change = len(years) > 1
    head = ["Service area", "Year", "Full year budget (£)", *(["Change from the year before (£)"] if change else [])]
    names = {s["id"]: s["name"] for s in raw(data, "services.yaml")["services"]}
    rows = []
    for (line_service, area), by_year in budgets.items():
        for year in years:
            if year in by_year:
                before = by_year.get(year_before.get(year))
                difference = "not compared" if before is None else printed.pounds(by_year[year] - before)
                label = area if service else f"{area} ({names[line_service]})"
                rows.append([label, year, printed.pounds(by_year[year]), *([difference] if change else [])])
    if service is None:
        # Totals of each portfolio apart where the council has several (in portfolios.yaml's order).
        portfolios = raw(data, "portfolios.yaml")["portfolios"]
        several = len(portfolios) > 1
        for portfolio in portfolios if several else [None]:
            of = f" of {portfolio['title']}" if portfolio else ""
            theirs = written_budgets(data, portfolio=portfolio["id"]) if portfolio else budgets
            for year in years:
                if any(year in by_year for by_year in theirs.values()):
                    total = sum(by_year[year] for by_year in theirs.values() if year in by_year)
                    label = f"Total, every service area{of} (worked out)"
                    rows.append([label, year, printed.pounds(total), *([""] if change else [])])
            for after, before in year_before.items():
                both = [by_year for by_year in theirs.values() if before in by_year and after in by_year]
                if both:
                    now, then = sum(b[after] for b in both), sum(b[before] for b in both)
                    label = f"Total, service areas{of} in both {before} and {after} (worked out)"
                    rows.append([label, after, printed.pounds(now), printed.pounds(now - then)])
    return head, rows


def reported(rows: list[list[str]]) -> list[list[str]]:
    """Rows as a table shows them: a cell the report left empty says "not reported"."""
    return [[label, *(cell or "not reported" for cell in cells)] for label, *cells in rows]


def budget_years(site: Site) -> list[str]:
    return sorted({table.year for table, _ in budget_lines(site)})


def kpi_table_rows(table, written: dict) -> list[list[str]]:
    """A report's KPI table as printed: each column shows one field of one period's result, in the report's
    own form (days not said: the KPI's title says them)."""
    return [
        [
            row.title,
            *(
                column_text(column.field, row.kpi.unit, r, said(written, r))
                for column, r in zip(table.columns, row.cells, strict=True)
            ),
        ]
        for row in table.rows
    ]


def column_text(field: str, unit: str, result: Result, written: dict) -> str:
    """One field of a result as a report's table prints it."""
    if field == "value":
        return figure_text(unit, result.value, written)
    if field == "target":
        return target_text(unit, written)
    if field == "direction":
        return direction_text(written)
    return "" if written.get("performance") is None else str(written["performance"])


def key_figure_ids(docs: Path) -> list[str]:
    call = re.search(r"key_figures\((.*?)\)", (docs / "index.md").read_text(encoding="utf-8"), re.S)
    return re.findall(r'"([^"]+)"', call[1])


# Financial years run from April to March; a quarter's figures are from April to the quarter's end.
YEAR_TO_DATE = {
    "1": "April to June {start}",
    "2": "April to September {start}",
    "3": "April to December {start}",
    "4": "April {start} to March {end}",
}


def period_name(period) -> str:
    """A period as the site names it on its own: "Year to March 2018 (2017/18)", "April to June 2017 (part of
    2017/18)", "At the time of the 2018 report"."""
    if period.kind == "year":
        return f"Year to March {int(period.id[:4]) + 1} ({period.id})"
    if period.kind == "quarter-to-date":
        start = int(period.year[:4])
        months = YEAR_TO_DATE[period.id[-1]].format(start=start, end=start + 1)
        return f"{months} (part of {period.year})"
    return f"At the time of the {period.id.split()[0]} report"


def period_when(period) -> str:
    """A period after a figure: "in the year to March 2018", "from April to June 2017", "at the time of the
    2018 report"."""
    name = period_name(period).split(" (")[0]
    if period.kind == "year":
        return "in the y" + name[1:]
    if period.kind == "quarter-to-date":
        return "from " + name
    return "a" + name[1:]


# --- the checks ----------------------------------------------------------------------------------


def check_key_figure_cards(site: Path, data: Path) -> None:
    """Home page: each card shows its KPI's latest figure (or its fact's latest statement), period and source."""
    m, written = model(data), written_results(data)
    cards = re.findall(
        r'<li>\s*<p class="key-figure__value">(.*?)</p>\s*<p class="key-figure__title"><a href="(.*?)">'
        r'(.*?)</a></p>\s*<p class="key-figure__period">(.*?)</p>\s*'
        r'(?:<p class="key-figure__change">(.*?)</p>\s*)?(?:<p class="key-figure__target figure-status">(.*?)</p>\s*)?'
        r'<p class="key-figure__source">Source: <a href="(.*?)">(.*?)</a></p>',
        page_html(site, ""),
        re.S,
    )
    ids = key_figure_ids(data.parent / "docs")
    assert len(cards) == len(ids) >= 1
    for figure_id, card in zip(ids, cards, strict=True):
        value, link, title, period, change, target, source_link, source = (html_lib.unescape(p) for p in card)
        shown_card = (value, link, title, period, source_link, source)
        if figure_id in m.kpis:
            kpi, result = m.kpis[figure_id], latest_figure(m, figure_id)
            report = m.reports[result.report]
            table = next(
                t
                for t in report.kpi_tables.values()
                if any(row.kpi.id == figure_id for row in t.rows)
                and any(c.period.id == result.period.id and c.field == "value" for c in t.columns)
            )
            check_card_change_and_target(m, result, said(written, result), change, target)
            expected = (
                printed.with_days(kpi.unit, printed.figure(kpi.unit, result.value)),
                f"kpis/{figure_id}/",
                kpi.name or kpi.title,
                period_name(result.period),
                f"{report_folder(report.id)}/{table.service.id}/#kpi-{report.id[0]}-{table.id}",
                f"{report.title}, {table.service.name}",
            )
        else:
            fact = m.facts[figure_id]
            value = max(fact.values, key=lambda v: v.report)
            check_fact_card_change(fact, value, change)
            page, anchor = value.section.split("#")
            expected = (
                printed.stated(fact.unit, value.value, value.qualifier, value.scale),
                f"topics/{fact.service.id}/",
                fact.title,
                value.period,
                f"{page.removesuffix('.md').removesuffix('/index')}/#{anchor}",
                f"{m.reports[value.report].title}, {fact.service.name}",
            )
        assert shown_card == expected, figure_id


def check_card_change_and_target(m: Site, result: Result, written: dict, change: str, target: str) -> None:
    """A KPI card says how the figure changed from the period it is compared with, whether that is better by
    the KPI's polarity, and its target, met or not."""
    unit, polarity = result.kpi.unit, result.kpi.polarity
    earlier = [
        r for r in results_of(m, result.kpi.id) if r.period.id == result.period.compared_with and is_figure(r.value)
    ]
    if earlier and result.comparable:
        previous = earlier[0]
        word = "Up" if result.value > previous.value else "Down" if result.value < previous.value else "The same"
        assert change.startswith(word), change
        before = f"{printed.with_days(unit, printed.figure(unit, previous.value))} {period_when(previous.period)}"
        assert f"from {before}" in change or word == "The same", change
        if word != "The same" and polarity != "neither":
            better = (word == "Up") == (polarity == "higher-is-better")
            assert change.endswith(": an improvement." if better else ": a deterioration."), change
        else:
            assert "improvement" not in change and "deterioration" not in change, change
    else:
        assert change == "", change
    if limit(unit, written.get("target")):
        shown = target_text(unit, written)
        shown = printed.with_days(unit, shown) if is_figure(written["target"]) else shown
        assert target.startswith(f"Target {shown}"), target
        words = performance_words(result, written)
        if words.startswith(("Met", "Not met")):
            assert target.startswith(f"Target {shown}: {'met' if words.startswith('Met') else 'not met'} ("), target


def check_fact_card_change(fact, value, change: str) -> None:
    """A fact's card says how its figure changed from the one the report before stated, where both are exact
    figures of one measure (no "over", no "£600k"), and why not where what is measured changed."""
    earlier = [v for v in fact.values if v.report < value.report]
    previous = max(earlier, key=lambda v: v.report) if earlier else None
    if previous and not value.comparable:
        assert change.startswith(f"Not compared with {previous.period}: "), change
    elif previous and all(not v.qualifier and not v.scale and is_figure(v.value) for v in (value, previous)):
        word = "Up" if value.value > previous.value else "Down" if value.value < previous.value else "The same"
        joined = "as" if word == "The same" else "from"
        assert change.startswith(word), change
        assert change.endswith(f" {joined} {printed.stated(fact.unit, previous.value)} in {previous.period}."), change
    else:
        assert change == "", change


def summary_blocks(site: Path) -> dict[str, tuple[str, dict[str, list[tuple[str, str]]]]]:
    """Home page: each period summary's sentence, and its lists (label -> [(KPI page link, text)])."""
    home = page_html(site, "")
    blocks = {}
    for block_id, body in re.findall(r'<div class="performance-summary" id="summary-([^"]+)">(.*?)</div>', home, re.S):
        sentence = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", body.split("<details>")[0])).split())
        lists = {
            label: re.findall(r'<a href="([^"]+)">([^<]*)</a>', items)
            for label, items in re.findall(r"<li>([^:<]+): (.*?)</li>", body, re.S)
        }
        blocks[block_id] = (sentence, lists)
    return blocks


def check_performance_summary(site: Path, data: Path) -> None:
    """Home page: each portfolio's summary (the site's one, where it has one portfolio) names its period (the
    latest whole year with figures in that portfolio's reports, then in-year periods after it), counts what it
    lists, and every KPI it lists is classified the same way on the KPI's page."""
    periods = raw(data, "periods.yaml")["periods"]
    portfolios = [portfolio["id"] for portfolio in raw(data, "portfolios.yaml")["portfolios"]]
    slugs = {p["id"].replace("/", "-").replace(" ", "-"): p for p in periods}
    blocks, checked = summary_blocks(site), set()
    for portfolio in portfolios:
        prefix = f"{portfolio}-" if len(portfolios) > 1 else ""
        with_figures = {
            r["period"]
            for report in raw_reports(data)
            if report["portfolio"] == portfolio
            for r in report["results"]
            if isinstance(r.get("value"), (int, float))
        }
        theirs = {
            block_id.removeprefix(prefix): block
            for block_id, block in blocks.items()
            if block_id.startswith(prefix) and block_id.removeprefix(prefix) in slugs
        }
        years = [p for p in periods if p["kind"] == "year" and p["id"] in with_figures]
        if not years:
            assert not theirs, (portfolio, list(theirs))
            continue  # its reports give no figures yet
        latest_year = years[-1]
        first_id = latest_year["id"].replace("/", "-").replace(" ", "-")
        assert list(theirs)[0] == first_id, (portfolio, list(theirs))
        sentence, lists = theirs[first_id]
        assert sentence.startswith(f"In the year to March {int(latest_year['id'][:4]) + 1}, of the "), sentence
        for block_id, (sentence, lists) in theirs.items():
            _check_period_summary(site, data, slugs[block_id], sentence, lists)
        checked.update(prefix + block_id for block_id in theirs)
    assert set(blocks) == checked, sorted(set(blocks) - checked)  # no summary on the page is no portfolio's


def _check_period_summary(site: Path, data: Path, period: dict, sentence: str, lists: dict) -> None:
    """One period's summary: its counts are of its lists, and each KPI it lists is as the KPI's page says."""
    block_id = period["id"]
    met, missed = len(lists.get("Met the target", [])), len(lists.get("Did not meet the target", []))
    assert f"with a target, {met} met it and {missed} did not." in sentence, sentence
    changed = [len(lists.get(label, [])) for label in ("Improved", "Got worse", "Stayed the same")]
    if any(changed):
        assert f"{changed[0]} improved, {changed[1]} got worse and {changed[2]} stayed the same" in sentence
    for label, words in (("Met the target", "Met"), ("Did not meet the target", "Not met")):
        for link, title in lists.get(label, []):
            rows = tables_on(site, link.strip("/"))
            history = next(t for wrapper, t in rows.items() if wrapper.startswith("kpi-history-"))
            row = [cells for cells in body_rows(history) if cells[0] == period_name(model(data).periods[period["id"]])]
            assert row and row[-1][3].startswith(words), (block_id, title, row)
    for label, words in (
        ("Improved", "an improvement"),
        ("Got worse", "a deterioration"),
        ("Stayed the same", "the same as"),
    ):
        phrase = period_when(model(data).periods[period["id"]])
        for link, title in lists.get(label, []):
            # The KPI page's "How it has changed" sentence about this period says the same.
            items = re.findall(r"<li>(.*?)</li>", article(page_html(site, link.strip("/"))), re.S)
            about = [
                html_lib.unescape(item)
                for item in items
                if f" {phrase}" in html_lib.unescape(item)
                and ", " in item
                and html_lib.unescape(item).index(f" {phrase}") < html_lib.unescape(item).index(", ")
            ]
            assert about and words in about[0], (block_id, title, about)


def check_kpi_index(site: Path, data: Path) -> None:
    """Indicators page: a heading and a table per service with KPIs, each KPI with its latest figure."""
    m = model(data)
    page = read_page(page_html(site, "kpis"))
    tables = {table.wrapper_id: table for table in page.tables}
    written = written_results(data)
    with_kpis = [service for service in m.services.values() if service_kpi_rows(m, written, service.id)]
    assert [text for level, text in page.headings if level == 2] == [service.name for service in with_kpis]
    assert list(tables) == [f"service-kpis-{service.id}" for service in with_kpis]
    for service in with_kpis:
        assert body_rows(tables[f"service-kpis-{service.id}"]) == reported(service_kpi_rows(m, written, service.id)), (
            service.id
        )


def check_topic_pages(site: Path, data: Path) -> None:
    for service in model(data).services:
        check_topic_page(site, data, service)


def check_topic_page(site: Path, data: Path, service: str) -> None:
    """A service's page: its facts, its KPIs' latest figures, its budget by year and its report sections."""
    m = model(data)
    docs = data.parent / "docs"
    tables = tables_on(site, f"topics/{service}")
    facts = [
        [
            fact.title,
            printed.stated(fact.unit, value.value, value.qualifier, value.scale),
            value.period,
            m.reports[value.report].title,
        ]
        for fact in m.facts.values()
        if fact.service.id == service
        for value in sorted(fact.values, key=lambda v: v.report, reverse=True)
    ]
    kpis = reported(service_kpi_rows(m, written_results(data), service))
    head, budgets = budget_by_service(data, service)
    for table_id, rows in (
        (f"service-facts-{service}", facts),
        (f"service-kpis-{service}", kpis),
        (f"budgets-by-service-{service}", budgets),
    ):
        if rows:
            assert body_rows(tables[table_id]) == rows, table_id
        else:
            assert table_id not in tables, table_id
    if budgets:
        assert [cell.text for cell in tables[f"budgets-by-service-{service}"].head] == head, service
    html = page_html(site, f"topics/{service}")
    for report in m.reports:
        linked = f'href="../../{report_folder(report)}/{service}/"' in html
        assert linked == (docs / f"{report_folder(report)}/{service}.md").exists(), (service, report)


def check_budgets_page(site: Path, data: Path) -> None:
    """Budgets page: by service across years with the latest change, then each year newest first with totals."""
    m = model(data)
    page = read_page(page_html(site, "budgets"))
    tables = {table.wrapper_id: table for table in page.tables}
    years = budget_years(m)
    assert [text for level, text in page.headings if level == 2] == [
        "At a glance",
        "Budgets by service",
        *(f"Budgets {year}" for year in reversed(years)),
    ]
    assert list(tables) == [
        "budgets-by-service-all",
        *(f"budgets-{year.replace('/', '-')}" for year in reversed(years)),
    ]
    head, rows = budget_by_service(data)
    assert [cell.text for cell in tables["budgets-by-service-all"].head] == head
    assert body_rows(tables["budgets-by-service-all"]) == rows
    several = len(m.portfolios) > 1
    for year in years:
        expected = []
        for portfolio in m.portfolios.values():  # each portfolio's lines and total apart, where there are several
            lines = [
                (table, line)
                for table, line in budget_lines(m)
                if table.year == year and (table.report.portfolio == portfolio.id or not several)
            ]
            if not lines:
                continue
            expected += [
                [
                    line.area,
                    table.service.name,
                    printed.pounds(line.budget),
                    printed.pounds(line.forecast),
                    printed.pounds(line.forecast - line.budget),
                ]
                for table, line in lines
            ]
            expected.append(
                [
                    f"Total, {portfolio.title} (worked out)" if several else "Total (worked out)",
                    "",
                    printed.pounds(sum(line.budget for _, line in lines)),
                    printed.pounds(sum(line.forecast for _, line in lines)),
                    printed.pounds(sum(line.forecast - line.budget for _, line in lines)),
                ]
            )
            if not several:
                break
        table = tables[f"budgets-{year.replace('/', '-')}"]
        assert body_rows(table) == expected, year
        assert table.rows[-1][0].get("class") == "total"


def check_kpi_pages(site: Path, data: Path) -> None:
    for kpi in model(data).kpis:
        check_kpi_page(site, data, kpi)


def check_kpi_page(site: Path, data: Path, kpi_id: str) -> None:
    """A KPI's page: its latest figure in words, every published figure in order, and a chart of them."""
    m, written = model(data), written_results(data)
    kpi = m.kpis[kpi_id]
    html = page_html(site, f"kpis/{kpi.id}")
    results = results_of(m, kpi.id)
    table = next(t for t in read_page(html).tables if t.wrapper_id == f"kpi-history-{kpi.id}")
    assert body_rows(table) == reported(
        [
            [
                period_name(r.period),
                printed.with_days(kpi.unit, figure_text(kpi.unit, r.value, said(written, r))),
                printed.with_days(kpi.unit, target_text(kpi.unit, said(written, r))),
                performance_words(r, said(written, r)),
                direction_text(said(written, r)),
                m.reports[r.report].title,
            ]
            for r in results
        ]
    ), kpi.id
    latest = latest_figure(m, kpi.id)
    text = visible_text(site, f"kpis/{kpi.id}")
    assert (
        f"{printed.with_days(kpi.unit, printed.figure(kpi.unit, latest.value))} "
        f"{period_when(latest.period)}, as published in the "
        f"{m.reports[latest.report].title}"
        if latest
        else "The reports give no figure for this indicator yet"
    ) in text, kpi.id
    # A reader is told when its portfolio's newer reports give no figure, so the latest is not taken for this
    # year's (reports named by year).
    later = [
        str(year)
        for year, portfolio in sorted(m.reports)
        if latest and portfolio == latest.report[1] and (year, portfolio) > latest.report
    ]
    if later:
        named = ", ".join(later[:-1]) + " and " + later[-1] if len(later) > 1 else later[0]
        assert f"The Portfolio Holder report{'s' if len(later) > 1 else ''} {named} give" in text, kpi.id
    else:
        assert "no figure for it." not in text, kpi.id
    # Whole years and latest data can share a line; a quarter's year-to-date figure cannot.
    plotted = [r for r in results if isinstance(r.value, (int, float)) and r.period.kind in ("year", "latest")]
    # One line joins one measure: from the last figure whose measure changed (comparable: false) on.
    changed = [index for index, r in enumerate(plotted) if not r.comparable]
    plotted = [(r.period.id, r.value) for r in plotted[changed[-1] if changed else 0 :]]
    points = re.findall(r'<circle class="kpi-chart__point"[^>]*data-period="([^"]+)" data-value="([^"]+)"', html)
    if len(plotted) >= 2:
        assert [(period, float(value)) for period, value in points] == plotted, kpi.id
        start = html.index('<svg class="kpi-chart"')
        svg = html_lib.unescape(html[start : html.index("</svg>", start)])
        assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
        for period, value in plotted:  # the text alternative gives each figure as printed
            assert f"{period}: {printed.figure(kpi.unit, value)}" in svg, (kpi.id, period)
    else:
        assert not points and "not enough comparable figures for a chart" in text, kpi.id
        for period, value in plotted:
            assert (
                f"The one figure for a whole year or the latest data is {printed.figure(kpi.unit, value)} in {period}."
                in text
            ), kpi.id


def check_report_kpi_tables(site: Path, data: Path) -> None:
    """Each report page: every KPI row in its table, each column showing its period's field, formatted."""
    m, written = model(data), written_results(data)
    for report in m.reports.values():
        for table in report.kpi_tables.values():
            html_table = tables_on(site, f"{report_folder(report.id)}/{table.service.id}")[
                f"kpi-{report.id[0]}-{table.id}"
            ]
            assert html_table.caption == table.caption
            assert [cell.text for cell in html_table.head] == ["KPI title", *(c.heading for c in table.columns)]
            assert all(cells[0].tag == "th" and cells[0].attrs["scope"] == "row" for _, cells in html_table.rows)
            assert body_rows(html_table) == reported(kpi_table_rows(table, written)), (report.id, table.id)


def check_report_budget_tables(site: Path, data: Path) -> None:
    """Each report page: every budget line in its table, with variance as forecast minus budget, and its total."""
    for report in model(data).reports.values():
        for table in report.budget_tables.values():
            html_table = tables_on(site, f"{report_folder(report.id)}/{table.service.id}")[
                f"budget-{table.year.replace('/', '-')}-{table.id}"
            ]
            expected = [
                [
                    line.area,
                    printed.pounds(line.budget),
                    printed.pounds(line.forecast),
                    printed.pounds(line.forecast - line.budget),
                ]
                for line in table.lines
            ]
            if table.has_total:
                expected.append(
                    [
                        "Total",
                        printed.pounds(sum(line.budget for line in table.lines)),
                        printed.pounds(sum(line.forecast for line in table.lines)),
                        printed.pounds(sum(line.forecast - line.budget for line in table.lines)),
                    ]
                )
                assert html_table.rows[-1][0].get("class") == "total"
            assert body_rows(html_table) == expected, (report.id, table.id)


def report_list(data: Path, prefix: str = "") -> list[tuple[str, str]]:
    """The links a list of every report has, from the raw YAML: each report's (address, title), newest first;
    on a site of several portfolios, each portfolio's (address, title) first (in portfolios.yaml's order), then
    its reports. prefix: the way from the page to reports/ ("" on the reports page, "reports/" on the home)."""
    reports = raw_reports(data)
    portfolios = raw(data, "portfolios.yaml")["portfolios"]

    def newest_first(portfolio: str) -> list[tuple[str, str]]:
        theirs = sorted((r for r in reports if r["portfolio"] == portfolio), key=lambda r: -r["id"])
        return [(f"{prefix}{portfolio}/{r['id']}/", r["title"]) for r in theirs]

    if len(portfolios) == 1:
        return newest_first(portfolios[0]["id"])
    return [item for p in portfolios for item in [(f"{prefix}{p['id']}/", p["title"]), *newest_first(p["id"])]]


def report_links(html: str, prefix: str = "") -> list[tuple[str, str]]:
    """Each link to a portfolio's page or a report's first page ({prefix}<portfolio>/ or {prefix}<portfolio>/<year>/):
    (address, its text without markup)."""
    return [
        (html_lib.unescape(href), html_lib.unescape(re.sub(r"<[^>]+>", "", text)))
        for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', html, re.S)
        if re.fullmatch(rf"{re.escape(prefix)}[a-z0-9-]+/([0-9]{{4}}/)?", href)
    ]


def check_reports_index(site: Path, data: Path) -> None:
    """The reports page links every report, newest first (by portfolio, where there are several), saying what
    each covers."""
    index = article(page_html(site, "reports"))
    assert report_links(index[index.index("<ul>") :]) == report_list(data)  # the list, after the opening words
    text = visible_text(site, "reports")
    for report in raw_reports(data):
        assert f"{report['title']} covers {' '.join(report['covers'].split())}" in text, report_key(report)


def check_home_page_links_every_report(site: Path, data: Path) -> None:
    """The home page links every report, newest first (by portfolio, where there are several)."""
    home = section_of(article(page_html(site, "")), "reports-budgets-and-data")  # not the topics' portfolio links
    assert report_links(home, "reports/") == report_list(data, "reports/")


def topic_entries(data: Path, brief: bool) -> list[tuple[str, str]]:
    """What the topics page (brief: the home page's Topics) lists, from services.yaml and portfolios.yaml: each
    portfolio's link where there are several, then the links to its services' topic pages, each with what it
    covers where services.yaml says (brief: those first, then the others' links alone)."""
    services = {service["id"]: service for service in raw(data, "services.yaml")["services"]}
    portfolios = raw(data, "portfolios.yaml")["portfolios"]
    entries = []
    for portfolio in portfolios:
        if len(portfolios) > 1:
            entries.append((f"reports/{portfolio['id']}", portfolio["title"]))
        held = [services[key] for key in dict.fromkeys(holding["service"] for holding in portfolio["services"])]
        said = [service for service in held if service.get("about") or not brief]
        for service in said + [service for service in held if service not in said]:
            about = f": {service['about']}" if service.get("about") and service in said else ""
            entries.append((f"topics/{service['id']}", service["name"] + about))
    return entries


def listed_entries(html: str, folder: str) -> list[tuple[str, str]]:
    """Each link in a list (its page from the site's root, the list being on the page at folder), with the words
    after it up to the next link or the end of its line."""
    found = []
    for item in re.findall(r"<li>(.*?)(?=<li>|</li>|<ul>)", html, re.S):
        for href, text, after in re.findall(
            r'<a href="([^"]+)">(.*?)</a>([^<]*(?:<abbr[^>]*>[^<]*</abbr>[^<]*)*)', item
        ):
            words = re.sub(r"<[^>]+>", "", text)
            after = re.sub(r"<[^>]+>", "", after).strip()
            page = posixpath.normpath(posixpath.join(folder, href)).removeprefix("./")
            found.append((page, html_lib.unescape(words + (after if after.startswith(":") else ""))))
    return found


def check_topic_lists(site: Path, data: Path) -> None:
    """The topics page and the home page list every service of every portfolio, each linked to its topic page
    with what it covers (by portfolio, where there are several)."""
    topics = article(page_html(site, "topics"))
    assert listed_entries(topics[topics.index("</h1>") :], "topics") == topic_entries(data, False), "topics/"
    home = article(page_html(site, ""))
    section = home[home.index('id="topics"') : home.index("<h2", home.index('id="topics"'))]
    assert listed_entries(section, ".") == topic_entries(data, True), "home page"


def check_portfolio_pages(site: Path, data: Path) -> None:
    """Each portfolio's page: its services linked to their topics, its own performance summary (of the latest
    whole year with figures in its reports), each year's budget total of its reports alone, and its reports."""
    services = {service["id"]: service for service in raw(data, "services.yaml")["services"]}
    periods = raw(data, "periods.yaml")["periods"]
    for portfolio in raw(data, "portfolios.yaml")["portfolios"]:
        address = f"reports/{portfolio['id']}"
        html = article(page_html(site, address))
        held = list(dict.fromkeys(holding["service"] for holding in portfolio["services"]))
        part = section_of(html, "services")
        assert [href for href, _ in listed_entries(part, address)] == [f"topics/{key}" for key in held], address
        assert [text for _, text in listed_entries(part, address)] == [services[key]["name"] for key in held]
        theirs = [report for report in raw_reports(data) if report["portfolio"] == portfolio["id"]]
        figures = {r["period"] for report in theirs for r in report["results"] if is_figure(r.get("value"))}
        years = [p["id"] for p in periods if p["kind"] == "year" and p["id"] in figures]
        summaries = re.findall(r'class="performance-summary" id="summary-([^"]+)"', section_of(html, "performance"))
        assert summaries[:1] == [years[-1].replace("/", "-").replace(" ", "-")] if years else not summaries, address
        totals: dict[str, int] = {}
        for report in theirs:
            for table in report["budget_tables"]:
                totals[table["year"]] = totals.get(table["year"], 0) + sum(line["budget"] for line in table["lines"])
        answers = [
            " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", item)).split())
            for item in re.findall(r"<li>(.*?)</li>", section_of(html, "budgets"), re.S)
        ]
        assert [answer.split(" forecast")[0] for answer in answers] == [
            f"{year}: full year budget £{totals[year]:,}," for year in sorted(totals, reverse=True)
        ], address
        assert all(answer.endswith(f"of the {portfolio['title']} portfolio.") for answer in answers), answers
        reports = sorted(theirs, key=lambda report: -report["id"])
        assert report_links(section_of(html, "reports")) == [
            (f"{report['id']}/", report["title"]) for report in reports
        ], address


def section_of(html: str, heading_id: str) -> str:
    """The part of a page's article under the h2 with that id, up to the next h2."""
    start = html.index(f'<h2 id="{heading_id}"')
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else len(html)]


class _MkdocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose tags (such as !ENV) do not matter to the navigation."""


_MkdocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def check_report_navigation(site: Path, data: Path) -> None:
    """Every portfolio's page and every report's pages are in the navigation, under the reports page and
    nowhere else, and each report page's window title names its report; no old address is."""
    nav = mkdocs_config(data)["nav"]

    def walk(items):
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                yield from walk(value) if isinstance(value, list) else [value]

    listed = list(walk(nav))
    reports_section = next(item["Reports"] for item in nav if isinstance(item, dict) and "Reports" in item)
    for portfolio in raw(data, "portfolios.yaml")["portfolios"]:
        assert listed.count(f"reports/{portfolio['id']}/index.md") == 1, portfolio["id"]
        assert f"reports/{portfolio['id']}/index.md" in walk(reports_section), portfolio["id"]
    for report in raw_reports(data):
        folder = report_folder(report_key(report))
        pages = sorted((data.parent / "docs" / folder).glob("*.md"))
        assert pages, folder
        assert sorted(f"{folder}/{page.name}" for page in pages) == sorted(
            p for p in listed if p.startswith(f"{folder}/")
        )
        assert {f"{folder}/{page.name}" for page in pages} <= set(walk(reports_section)), folder
        for page in pages:
            address = folder + ("" if page.stem == "index" else f"/{page.stem}")
            title = re.search(r"<title>(.*?)</title>", page_html(site, address))[1]
            assert f" – Report {report['id']} – " in title, address
    assert not set(redirects(data)) & set(listed)


def check_datasets(site: Path, data: Path) -> None:
    """Open data: the whole datasets hold every result, budget line and fact, each with its portfolio, and the
    catalogue counts them."""
    reports = raw_reports(data)
    results = list(csv.DictReader(io.StringIO((site / "data/kpi-results.csv").read_text(encoding="utf-8"))))
    assert list(results[0])[:2] == ["portfolio", "report"]
    expected = [
        (report["portfolio"], str(report["id"]), r["kpi"], r["period"]) for report in reports for r in report["results"]
    ]
    assert sorted((r["portfolio"], r["report"], r["kpi"], r["period"]) for r in results) == sorted(expected)
    budgets = json.loads((site / "data/budgets.json").read_text(encoding="utf-8"))["rows"]
    assert list(budgets[0])[:2] == ["portfolio", "report"]
    lines = [
        (report["portfolio"], report["id"], table["year"], line)
        for report in reports
        for table in report["budget_tables"]
        for line in table["lines"]
    ]
    assert [
        (
            b["portfolio"],
            b["report"],
            b["year"],
            b["service_area"],
            b["budget_gbp"],
            b["forecast_gbp"],
            b["variance_gbp"],
        )
        for b in budgets
    ] == [
        (portfolio, report, year, line["area"], line["budget"], line["forecast"], line["forecast"] - line["budget"])
        for portfolio, report, year, line in lines
    ]
    facts = json.loads((site / "data/facts.json").read_text(encoding="utf-8"))["rows"]
    # A fact's value names its report by year and its section by page, reports/<portfolio>/<year>/<service>.md.
    stated = [
        (fact["id"], value["section"].split("/")[1], value["report"], value["period"])
        for fact in raw(data, "facts.yaml")["facts"]
        for value in fact["values"]
    ]
    assert sorted((f["fact"], f["portfolio"], f["report"], f["period"]) for f in facts) == sorted(stated)
    assert all(isinstance(f["value"], (int, float)) for f in facts)
    named = {name: raw(data, f"{name}.yaml")[name] for name in ("kpis", "periods", "services", "portfolios")}
    for name, items in named.items():
        rows = list(csv.DictReader(io.StringIO((site / f"data/{name}.csv").read_text(encoding="utf-8"))))
        assert [row["id"] for row in rows] == [item["id"] for item in items], name
    portfolios = list(csv.DictReader(io.StringIO((site / "data/portfolios.csv").read_text(encoding="utf-8"))))
    assert [row["title"] for row in portfolios] == [item["title"] for item in named["portfolios"]]
    text = visible_text(site, "open-data")
    counts = re.findall(r"Rows: (\d+)", text)
    assert counts == [str(len(expected)), str(len(lines)), str(len(facts))] + [str(len(v)) for v in named.values()]
    titles = {portfolio["id"]: portfolio["title"] for portfolio in named["portfolios"]}
    whose = {key: f", {title}," if len(titles) > 1 else "" for key, title in titles.items()}  # as two share a year
    published = ", ".join(f"{r['title']}{whose[r['portfolio']]} ({r['published']})" for r in reports)
    assert text.count(f"Published: {published}") == 3 + len(named)


def check_table_downloads(site: Path, data: Path) -> None:
    """Every table on the site links its own rows as CSV and JSON, and those files hold the rows it shows."""
    m = model(data)
    checked = 0
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert html.count('<div class="data-table"') == html.count('<p class="table-downloads">Download this table:'), (
            page
        )
        tables = {table.wrapper_id: table for table in read_page(html).tables}
        for table_id, href in re.findall(
            r'<div class="data-table" id="([^"]+)"[^>]*>.*?<p class="table-downloads">'
            r'Download this table: <a href="([^"]+\.csv)"',
            html,
            re.S,
        ):
            csv_path = (page.parent / href).resolve()
            assert csv_path.exists(), (page, csv_path)
            rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
            document = json.loads(csv_path.with_suffix(".json").read_text(encoding="utf-8"))
            assert document["licence"] == "Open Government Licence v3.0"
            labels = [row[0] for row in body_rows(tables[table_id])]
            first = next(iter(rows[0])) if rows else None
            assert [row[first] for row in rows] == labels, table_id
            assert [row[first] for row in document["rows"]] == labels, table_id
            checked += 1
    # At least every report's KPI and budget tables and every KPI's history table.
    assert checked >= sum(len(r.kpi_tables) + len(r.budget_tables) for r in m.reports.values()) + len(m.kpis)


# Google's Dataset structured data: required, then recommended fields (developers.google.com/search/docs/
# appearance/structured-data/dataset).
GOOGLE_REQUIRED = ("name", "description")
GOOGLE_RECOMMENDED = (
    "url",
    "identifier",
    "keywords",
    "license",
    "creator",
    "isAccessibleForFree",
    "spatialCoverage",
    "variableMeasured",
    "includedInDataCatalog",
    "distribution",
)
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD record on a page (a script may hold one record or a list)."""
    records = []
    for block in re.findall(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', html, re.S):
        found = json.loads(block)
        records += found if isinstance(found, list) else [found]
    return records


def check_google_dataset(record: dict, where: str) -> None:
    """A schema.org Dataset with Google's required and recommended fields, each filled in."""
    assert record["@type"] == "Dataset", where
    for name in GOOGLE_REQUIRED + GOOGLE_RECOMMENDED:
        assert record.get(name) not in (None, "", []), (where, name)
    assert 50 <= len(record["description"]) <= 5000, (where, record["description"])
    assert record["license"] == OGL and record["isAccessibleForFree"] is True, where
    assert record["creator"]["name"] == "Thurrock Council", where
    assert record["spatialCoverage"]["identifier"] == "E06000034", where
    assert record["includedInDataCatalog"]["@type"] == "DataCatalog", where
    for variable in record["variableMeasured"]:
        assert variable["@type"] == "PropertyValue" and variable["name"], where
    for download in record["distribution"]:
        assert download["@type"] == "DataDownload", where
        assert download["encodingFormat"] in ("text/csv", "application/json"), where


def table_coverage(table_id: str) -> str | None:
    """The days a budget table covers, from its year in its id (budget-2018-19-...), or None."""
    year = re.match(r"budgets?-(\d{4})-\d{2}(-|$)", table_id)
    return f"{year[1]}-04-01/{int(year[1]) + 1}-03-31" if year else None


def check_dataset_json_ld(site: Path, data: Path) -> None:
    """Every page with a table describes each of its tables as a schema.org Dataset with Google's fields,
    its own address, its own period and downloads that exist; the open data page is a DataCatalog of
    the whole datasets."""
    described = 0
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        tables = set(re.findall(r'<div class="data-table" id="([^"]+)"', html))
        datasets = [record for record in json_ld(html) if record["@type"] == "Dataset"]
        if page.parent.name != "open-data":
            assert sorted(record["url"].rpartition("#")[2] for record in datasets) == sorted(tables), page
        for record in datasets:
            check_google_dataset(record, str(page))
            table = record["url"].rpartition("#")[2]
            if table_coverage(table):
                assert record["temporalCoverage"] == table_coverage(table), (page, table)
            for download in record["distribution"]:
                url = download["contentUrl"]  # relative, or absolute when built with the published address
                assert "://" in url or (page.parent / url).resolve().is_file(), (page, url)
            described += 1
    assert described >= len(list((site / "data/tables").glob("*.csv")))
    (catalog,) = json_ld(page_html(site, "open-data"))
    assert catalog["@type"] == "DataCatalog"
    whole = sorted(path.name for path in (site / "data").glob("*.csv"))
    assert sorted(d["distribution"][0]["contentUrl"].rpartition("/")[2] for d in catalog["dataset"]) == whole
    for record in catalog["dataset"]:
        check_google_dataset({"@context": "https://schema.org", **record}, "open-data")


def check_every_table_has_a_caption(site: Path, data: Path) -> None:
    """Every table on every page says what it is in a caption, which screen readers announce."""
    for page in html_pages(site):
        for table in re.findall(r"(?s)<table\b.*?</table>", page.read_text(encoding="utf-8")):
            assert re.search(r"<caption\b[^>]*>\s*\S", table), (page, table[:200])


def check_no_template_text_or_todo(site: Path, data: Path) -> None:
    """No page shows a template, a macro error or a scaffold's TODO."""
    for page in html_pages(site):
        # The editor's guide shows macro calls and TODO as examples, in code blocks.
        html = re.sub(r"(?s)<code>.*?</code>|<code [^>]*>.*?</code>", "", page.read_text(encoding="utf-8"))
        assert "{{" not in html and "{%" not in html, page
        assert "Macro error" not in html and "Macro Rendering Error" not in html, page
        assert "TODO:" not in html, page


def check_budget_change_is_like_for_like(site: Path, data: Path) -> None:
    """Budgets page: under the table by service, for each year and the year before it, every service area not
    in both is named as not compared (the like-for-like total rows are checked with the table's rows)."""
    m = model(data)
    years = budget_years(m)
    in_year = {year: {(t.service.id, line.area) for t, line in budget_lines(m) if t.year == year} for year in years}
    html = page_html(site, "budgets")
    block = html[html.index('id="budgets-by-service-all"') :]
    footnotes = " ".join(
        html_lib.unescape(f) for f in re.findall(r'<p class="table-footnote">(.*?)</p>', block[:20000])
    )
    for before, after in zip(years, years[1:], strict=False):
        if in_year[before] == in_year[after]:
            assert f"Not compared from {before} to {after}" not in footnotes
            continue
        said = re.search(rf"Not compared from {re.escape(before)} to {re.escape(after)}: (.*?)\.(?: Not|$)", footnotes)[
            1
        ]
        for year, other in ((before, after), (after, before)):
            for service, area in sorted(in_year[year] - in_year[other]):
                assert f"{area} ({m.services[service].name})" in said, (area, year)
        assert "compares like with like" in footnotes


def check_glossary(site: Path, data: Path) -> None:
    """The glossary page explains every term in data/glossary.yaml, and a term used in a page's text is
    explained where it is used (an <abbr> with its meaning)."""
    terms = {t["term"]: " ".join(t["meaning"].split()) for t in raw(data, "glossary.yaml")["terms"]}
    glossary = article(page_html(site, "glossary"))
    listed = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", glossary, re.S)
    assert {html_lib.unescape(re.sub(r"<[^>]+>", "", k)): html_lib.unescape(v) for k, v in listed} == terms
    used = 0
    for page in html_pages(site):
        for title, term in re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', page.read_text(encoding="utf-8")):
            assert html_lib.unescape(title) == terms[html_lib.unescape(term)], (page, term)
            used += 1
    assert used > len(terms)  # each term on the glossary page, and more where the reports use them


def check_report_section_boxes(site: Path, data: Path) -> None:
    """Each report section opens with "In this section": the figures its text states, a link to each of its
    tables and to the page of each KPI in them."""
    m = model(data)
    checked = 0
    for report in m.reports.values():
        folder = report_folder(report.id)
        year = report.id[0]
        pages = sorted((data.parent / "docs" / folder).glob("*.md"))
        assert pages, folder
        for page in pages:
            if page.stem == "index" or page.stem not in m.services:
                continue
            checked += 1
            html = article(page_html(site, f"{folder}/{page.stem}"))
            assert '<p class="admonition-title">In this section</p>' in html, page
            box = html[html.index("In this section") : html.index("</div>", html.index("In this section"))]
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", box))
            tables = [t for t in report.kpi_tables.values() if t.service.id == page.stem]
            budgets = [t for t in report.budget_tables.values() if t.service.id == page.stem]
            for table in tables:
                assert f'href="#kpi-{year}-{table.id}"' in box and table.caption in text, (page, table.id)
                for row in table.rows:
                    assert f'href="../../../../kpis/{row.kpi.id}/"' in box, (page, row.kpi.id)
            for table in budgets:
                assert f'href="#budget-{table.year.replace("/", "-")}-{table.id}"' in box, (page, table.id)
            for fact in m.facts.values():
                for value in fact.values:
                    if value.report == report.id and value.section.split("#")[0] == f"{folder}/{page.name}":
                        figure = printed.stated(fact.unit, value.value, value.qualifier, value.scale)
                        assert f"{fact.title}: {figure} ({value.period})" in text, (page, fact.id)
    # Every report's section pages, not none.
    assert checked >= sum(len({t.service.id for t in r.kpi_tables.values()}) for r in m.reports.values()) > 0


# --- each page's description and link preview ----------------------------------------------------------

DESCRIPTION_LIMIT = 160  # about what search engines show of a description
# MkDocs renders 404.html without a page, so Material gives it the site's description. It is the answer to
# an address with no page (GitHub Pages sends it with status 404), which search engines do not index.
NOT_A_PAGE = "404.html"


def mkdocs_config(data: Path) -> dict:
    return yaml.load((data.parent / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkdocsLoader)


def heads(site: Path, data: Path) -> dict[str, object]:
    """Each built page's <head>, by its address ("" for the home page, "kpis/<id>/", "404.html"); not the old
    addresses mkdocs.yml redirects, each of which must be a redirect and nothing else (tests/test_addresses.py
    checks where they send the reader)."""
    moved = {doc_address(old) for old in redirects(data)}
    found = {}
    for page in html_pages(site):
        relative = page.relative_to(site)
        address = relative.as_posix() if page.name != "index.html" else relative.parent.as_posix() + "/"
        address = address.removeprefix("./")
        html = page.read_text(encoding="utf-8")
        assert is_redirect(html) == (address in moved), address
        if address not in moved:
            found[address] = read_head(html)
    return found


def page_source(data: Path, address: str) -> Path | None:
    """The Markdown file in docs/ a page was built from (None for a generated page)."""
    docs = data.parent / "docs"
    for path in (docs / f"{address.rstrip('/')}.md", docs / address / "index.md"):
        if address and path.is_file() or not address and path.name == "index.md" and path.is_file():
            return path
    return None


def opening_paragraphs(markdown: str) -> list[str]:
    """A page's paragraphs of prose in its Markdown, as plain text, before any other kind of block
    (headings, macro calls, boxes, lists and tables are passed over)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    paragraphs = []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or block.startswith(("#", "{{", "{%", "!!!", "-", "|", "<", "*[", "    ")):
            continue
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
        paragraphs.append(" ".join(re.sub(r"\*\*|`", "", plain).split()))
    return paragraphs


def portfolio_words(data: Path, markdown: str) -> str:
    """A page's Markdown with its calls naming portfolios in a sentence written out as portfolios.yaml gives
    them: portfolio_title("id") its title, portfolio_links() every title (the links' words), council_portfolios()
    every title with "portfolio is" or "portfolios are"."""
    titles = {p["id"]: p["title"] for p in raw(data, "portfolios.yaml")["portfolios"]}
    every = list(titles.values())
    council = (
        f"{every[0]} portfolio is" if len(every) == 1 else f"{', '.join(every[:-1])} and {every[-1]} portfolios are"
    )
    linked = every[0] if len(every) == 1 else f"{', '.join(every[:-1])} and {every[-1]}"
    markdown = re.sub(r'\{\{ *portfolio_title\("([^"]+)"\) *\}\}', lambda call: titles[call[1]], markdown)
    markdown = re.sub(r"\{\{ *portfolio_links\(\) *\}\}", linked, markdown)
    return re.sub(r"\{\{ *council_portfolios\(\) *\}\}", council, markdown)


def words_fit(description: str, text: str) -> bool:
    """Whether a description is the text, or its start cut at the end of a word with "…", the next word not
    fitting in the limit."""
    if description == text:
        return True
    start = description.removesuffix("…")
    if not description.endswith("…") or not text.startswith(start):
        return False
    rest = text[len(start) :]
    next_word = re.match(r"[.,;:–-]*\s*\S+", rest)
    return not rest[:1].isalnum() and (next_word is None or len(start) + len(next_word[0]) + 1 > DESCRIPTION_LIMIT)


def check_page_descriptions(site: Path, data: Path) -> None:
    """Every page has one description of its own, plain text of at most 160 characters, saying what the page
    holds: a KPI's page its latest figure as the page prints it, a topic page its service and what the page
    shows of it, any other page its opening paragraph (a report section's after the line naming the report)."""
    m = model(data)
    default = " ".join(mkdocs_config(data)["site_description"].split())
    described = {}
    for address, head in heads(site, data).items():
        found = head.named("description")
        assert len(found) == 1 and (found[0] or "").strip(), (address, found)
        text = found[0]
        assert len(text) <= DESCRIPTION_LIMIT, (address, len(text))
        # Plain text once the attribute is read: no markup, no entity escaped twice, no template.
        assert text == " ".join(text.split()) and not re.search(r"<[A-Za-z/!]|&#?\w+;|\{\{|\{%", text), address
        described[address] = text
    assert described.pop(NOT_A_PAGE) == default
    assert default not in described.values()
    assert len(described) > 40
    repeated = {text for text in described.values() if list(described.values()).count(text) > 1}
    shared = {address: text for address, text in described.items() if text in repeated}
    assert shared == {}, shared
    kpi_pages = {f"kpis/{kpi}/" for kpi in m.kpis}
    topic_pages = {f"topics/{service}/" for service in m.services}
    for address, text in described.items():
        if address in kpi_pages:
            _check_kpi_description(site, m, address, text)
        elif address in topic_pages:
            _check_topic_description(site, m, address, text)
        else:
            source = page_source(data, address)
            assert source, address
            paragraphs = opening_paragraphs(portfolio_words(data, source.read_text(encoding="utf-8")))
            byline = re.fullmatch(r"\*([^*]+)\*", paragraphs[0])
            expected = " ".join([byline[1], *paragraphs[1:2]]) if byline else paragraphs[0]
            assert words_fit(text, expected), (address, text, expected)


def _check_kpi_description(site: Path, m: Site, address: str, text: str) -> None:
    kpi = m.kpis[address.split("/")[1]]
    latest = latest_figure(m, kpi.id)
    if latest is None:
        assert "no figure" in text, address
        return
    html = article(page_html(site, address.rstrip("/")))
    section = html[html.index('id="latest-figure"') :]
    figure = html_lib.unescape(re.search(r"<strong>(.*?)</strong>", section)[1])
    assert f": {figure} {period_when(latest.period)}." in text, (address, figure, text)
    title = text[: text.index(f": {figure} ")]
    name = kpi.name or kpi.title
    assert title == name or (title.endswith("…") and name.startswith(title[:-1])), (address, text)
    said = re.search(r"Target [^.]*?(?:met|not met) \([^)]*\)\.", visible_text(site, address.rstrip("/")))
    if said:
        assert text.endswith(said[0]), (address, text)


def _check_topic_description(site: Path, m: Site, address: str, text: str) -> None:
    service = address.split("/")[1]
    tables = tables_on(site, address.rstrip("/"))
    assert text.startswith(f"{m.services[service].name}: "), address
    kpis = tables.get(f"service-kpis-{service}")
    facts = tables.get(f"service-facts-{service}")
    budgets = tables.get(f"budgets-by-service-{service}")
    if kpis:
        count = len(kpis.rows)
        assert f"{count} performance indicator{'' if count == 1 else 's'}" in text, (address, text)
    if facts:
        count = len({row[0] for row in body_rows(facts)})
        assert f"{count} key fact{'' if count == 1 else 's'}" in text, (address, text)
    if budgets:
        years = sorted({row[1] for row in body_rows(budgets)})
        said = years if len(years) <= 2 else [f"{len(years)} years, {years[0]} to {years[-1]}"]
        assert all(words in text for words in said), (address, said, text)
    if not (kpis or facts or budgets):
        assert "section" in text, (address, text)


def check_link_previews(site: Path, data: Path, site_url: str | None = None) -> None:
    """Every page has OpenGraph and Twitter card tags, each once, saying what its title and description say;
    the page's address only where the site was built with its published address (its canonical link)."""
    name = mkdocs_config(data)["site_name"]
    for address, head in heads(site, data).items():
        written = [
            tag.get("name") or tag.get("property") for tag in head.meta if tag.get("name") or tag.get("property")
        ]
        assert len(written) == len(set(written)), (address, written)
        if address == NOT_A_PAGE:
            continue
        tags = {key: head.named(key)[0] for key in written}
        title = head.title if not address else head.title.removesuffix(f" – {name}")
        assert head.title == (name if not address else f"{title} – {name}"), address
        assert tags["og:title"] == title, address
        assert tags["og:description"] == tags["description"], address
        assert tags["og:type"] == ("website" if address == "" else "article"), address
        assert tags["og:site_name"] == name and tags["og:locale"] == "en_GB", address
        assert tags["twitter:card"] == "summary", address
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        if site_url:
            assert canonical and tags.get("og:url") == canonical[0], address
            assert canonical[0] == site_url + address, address
        else:
            assert "og:url" not in tags and canonical == [], address


SITE_CHECKS = (
    check_key_figure_cards,
    check_report_section_boxes,
    check_glossary,
    check_budget_change_is_like_for_like,
    check_performance_summary,
    check_kpi_index,
    check_topic_pages,
    check_topic_lists,
    check_portfolio_pages,
    check_budgets_page,
    check_kpi_pages,
    check_report_kpi_tables,
    check_report_budget_tables,
    check_reports_index,
    check_home_page_links_every_report,
    check_report_navigation,
    check_datasets,
    check_table_downloads,
    check_dataset_json_ld,
    check_every_table_has_a_caption,
    check_no_template_text_or_todo,
    check_page_descriptions,
    check_link_previews,
)
