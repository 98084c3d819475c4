"""Whole sections of generated content: a KPI's page, a topic page, budgets and the data catalogue.

Each returns Markdown (headings, so the table of contents and search see them) around
HTML tables and charts.
"""

from __future__ import annotations

import re
from itertools import groupby

from markupsafe import Markup, escape

from ..base.model import origin_files
from ..base.units import Bound, figure_with_unit, format_figure, format_stated, format_target, is_number
from ..opendata import jsonld
from ..opendata.datasets import Dataset, datasets
from ..opendata.dcat import CATALOGUE
from ..opendata.export import LICENCE, LICENCE_URL, PUBLISHER
from ..opendata.metadata import AREA_CODE, GROUP_METADATA, PACKAGE_FILE
from ..workings.dates import latest, long_date, partial_date
from ..workings.tabular import (
    budget_year_table,
    budgets_by_service_table,
    corrections_table,
    kpi_history_table,
    service_facts_table,
    service_kpis_table,
)
from ..workings.trends import (
    POLARITY_WORDS,
    changes,
    chart_points,
    latest_value,
    period_time,
    period_when,
    status,
    timeline,
)
from ..workings.urls import (
    OPEN_DATA_DOC,
    budget_table_anchor,
    changes_anchor,
    fact_anchor,
    kpi_doc,
    kpi_table_anchor,
    kpi_table_doc,
    pending_changes_anchor,
    portfolio_doc,
    report_doc,
    report_section_doc,
    topic_doc,
)
from .cards import portfolio_summary_html, target_text
from .charts import line_chart
from .context import PageContext
from .descriptions import in_words, kpi_description, topic_description

# The reports' direction of travel, in everyday words (the printed word follows it).
DIRECTION_WORDS = {
    "Better": "getting better",
    "Worse": "getting worse",
    "In line": "about the same",
    "Higher": "going up",
    "More": "going up",
    "Lower": "going down",
    "Fewer": "going down",
}
UNIT_WORDS = {
    "count": "a count",
    "percent": "a percentage",
    "gbp": "an amount in pounds",
    "days": "a number of days",
    "duration": "a time in minutes and seconds",
}
AXIS_LABELS = {
    "count": "Number",
    "percent": "Per cent",
    "gbp": "Pounds (£)",
    "days": "Days",
    "duration": "Minutes:seconds",
}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]()#+!|-])")
# Braces as entities, not escaped with a backslash: "\{%" would still open a template tag where a page's
# Markdown is rendered as a template (a KPI's page while the data has a mistake, the mistake's own box).
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def md_text(text: object) -> str:
    """Data shown in Markdown: Markdown's own characters escaped, then HTML-escaped (in that order,
    so the "#" of an entity such as &#34; is not escaped too), then braces as entities. Words still to fill
    in, while a report is previewed, are shown as "[to fill in]"."""
    return str(escape(_MARKDOWN_SPECIALS.sub(r"\\\1", str(text)))).translate(_BRACES)


# --- a KPI's own page -----------------------------------------------------------------------


def kpi_page(page: PageContext, kpi_id: str) -> str:
    site = page.site
    kpi = site.kpis[kpi_id]
    service = kpi.service
    results = timeline(site, kpi_id)
    reports = (site.reports[r.report] for r in results)
    page.data_files.update(origin_files(kpi, *results, *(r.period for r in results), *reports))
    latest = latest_value(site, kpi_id)
    page.description = kpi_description(site, kpi_id)
    out = [
        f"# {md_text(kpi.plain_name)}",
        "",
        *([f"Printed in the reports as “{md_text(kpi.title)}”.", ""] if kpi.plain_name != kpi.title else []),
        f"A key performance indicator of [{md_text(service.name)}]({page.md_link(topic_doc(service.id))}), "
        f"published in the Portfolio Holder reports. It is {UNIT_WORDS[kpi.unit]}; "
        f"{POLARITY_WORDS[kpi.polarity]}.",
        "",
        *_reported_before(page, results),
    ]
    out += [
        "## Latest figure",
        "",
        (_latest_sentence(page, latest) + _not_in_later_reports(page, latest.report))
        if latest
        else "The reports give no figure for this indicator yet.",
        "",
    ]
    out += ["## How it has changed", ""]
    found = changes(site, kpi_id)
    out += [f"- {md_text(change.sentence())}" for change in found] or [
        "The reports give no two comparable figures for this indicator, so no change can be worked out."
    ]
    out += ["", _chart(page, kpi_id), ""]
    out += ["## Every published figure", "", page.show(kpi_history_table(site, kpi_id)), ""]
    return "\n".join(out)


def _reported_before(page: PageContext, results) -> list[str]:
    """Which other services reported some of a KPI's figures (before services were renamed, split or merged),
    in which reports: its table of every figure says which figure."""
    site, kpi = page.site, results[0].kpi if results else None
    others: dict = {}
    for result in results:
        service = site.reported_by(result)
        if service != kpi.service:
            others.setdefault(service, set()).add(result.report.year)
    return [
        f"Its figures in the {_reports_words(reports)} were reported by "
        f"[{md_text(service.name)}]({page.md_link(topic_doc(service.id))}).\n"
        for service, reports in others.items()
    ]


def _reports_words(reports: set) -> str:
    years = [str(year) for year in sorted(reports)]
    listed = years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"
    return f"{listed} report{'s' if len(years) > 1 else ''}"


def _services_changed(page: PageContext, service) -> list[str]:
    """What a service became, or which services it took over from (services.yaml's became)."""
    site = page.site

    def links(services) -> str:
        named = [f"[{md_text(other.name)}]({page.md_link(topic_doc(other.id))})" for other in services]
        return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"

    said = []
    if service.became:
        became = [site.services[other] for other in service.became]
        said.append(f"From the {service.became_from} report, its work is reported by {links(became)}.")
    for since, group in groupby(site.predecessors(service.id), key=lambda other: other.became_from):
        said.append(f"Before the {since} report, its work was reported by {links(list(group))}.")
    return [" ".join(said), ""] if said else []


def _latest_sentence(page: PageContext, result) -> str:
    site = page.site
    kpi = result.kpi
    report = site.reports[result.report]
    table = site.table_for(result)
    source = kpi_table_doc(report.id, table.service.id, table.id) if table else report_doc(report.id)
    text = (
        f"**{md_text(figure_with_unit(kpi.unit, result.value))}** {md_text(period_when(result.period))}, "
        f"as published in the [{md_text(report.title)}]({page.md_link(source)})."
    )
    said = target_text(site, result)
    if said:
        text += f" {_status_html(said)}"
    if result.direction not in (None, "n/a"):
        plain = DIRECTION_WORDS.get(result.direction)
        text += (
            f" The report says it is **{plain}** (its direction of travel: {md_text(result.direction)})."
            if plain
            else f" Direction of travel, as the report puts it: **{md_text(result.direction)}**."
        )
    return text


def _status_html(text: str) -> str:
    """A figure's status, marked so every summary of it can be seen to say the same
    (tests/test_status_everywhere.py)."""
    return f'<span class="figure-status">{md_text(text)}</span>'


def _not_in_later_reports(page: PageContext, report) -> str:
    """Where its portfolio's reports newer than the latest figure's give none, so a reader knows it is not this
    year's."""
    later = [  # their ids: a listing
        str(newer.year)
        for newer in sorted(page.site.unnoted.reports)
        if newer.portfolio == report.portfolio and newer > report
    ]
    if not later:
        return ""
    reports, give = ("reports", "give") if len(later) > 1 else ("report", "gives")
    return f" The Portfolio Holder {reports} {in_words(later)} {give} no figure for it."


def _chart(page: PageContext, kpi_id: str) -> Markup:
    """A line chart where there are two or more comparable figures; otherwise the one figure in words."""
    site = page.site
    kpi = site.kpis[kpi_id]
    points = [(r.period.id, r.value, format_figure(kpi.unit, r.value)) for r in chart_points(site, kpi_id)]
    if len(points) < 2:
        only = (
            f" The one figure for a whole year or the latest data is {points[0][2]} in {points[0][0]}."
            if points
            else ""
        )
        return Markup('<p class="kpi-chart-none">There are not enough comparable figures for a chart.{}</p>').format(
            only
        )
    results = chart_points(site, kpi_id)
    targets = [_chart_target(kpi.unit, r.target) for r in results]
    verdicts = [found.met if (found := status(site, r)) else None for r in results]
    described = []
    for (label, _, printed), target, met in zip(points, targets, verdicts, strict=True):
        said = [f"target {target[1]}"] if target else []
        said += [] if met is None else ["met" if met else "not met"]
        described.append(f"{label}: {printed}" + (f" ({', '.join(said)})" if said else ""))
    description = (
        f"Line chart of {kpi.plain_name}, from zero up. "
        + "; ".join(described)
        + f". {POLARITY_WORDS[kpi.polarity].capitalize()}."
        + (" Each period's own target is a short dashed line at that period." if any(targets) else "")
        + (
            " A filled point met its target, a hollow point did not, a small dot has none to judge it by."
            if any(v is not None for v in verdicts)
            else ""
        )
        + " The same figures are in the table below."
    )
    axis = (
        (lambda v: format_figure("duration", int(v)))
        if kpi.unit == "duration"
        else (
            lambda v: format_figure("count" if kpi.unit != "percent" else "percent", round(v, 2) if v % 1 else int(v))
        )
    )
    times = [period_time(r.period) for r in results]
    positions = None
    if None not in times and times[-1] > times[0]:
        positions = [(t - times[0]) / (times[-1] - times[0]) for t in times]
    chart = line_chart(
        f"chart-{kpi_id}",
        f"{kpi.plain_name}, by period",
        description,
        AXIS_LABELS[kpi.unit],
        points,
        axis,
        positions,
        targets,
        verdicts,
        100 if kpi.unit == "percent" else None,
    )
    legend = _chart_legend(targets, verdicts)
    return Markup(
        '<figure class="kpi-chart-figure" data-pagefind-ignore>\n{}\n{}<figcaption>{} for each whole year and latest '
        "data published, each placed at the date it covers: a whole year at its end (31 March), the latest data at "
        "the end of June of its year (an estimate: the reports do not date it). Quarter-to-date figures are in "
        "the table only, as they cannot be compared with a whole year.</figcaption>\n</figure>"
    ).format(chart, legend, kpi.plain_name)


def _chart_target(unit: str, target) -> tuple[float, str] | None:
    """A period's target as the chart draws it: its figure and its words; None where it has no figure."""
    if isinstance(target, Bound):
        return target.value, format_target(unit, target)
    if isinstance(target, (int, float)) and not isinstance(target, bool):
        return target, figure_with_unit(unit, target)
    return None


def _chart_legend(targets: list, verdicts: list) -> Markup:
    """What the marks mean, in words and shapes (never colour alone)."""
    shown = (
        ("met", "Met its target", any(verdict is True for verdict in verdicts)),
        ("missed", "Did not meet its target", any(verdict is False for verdict in verdicts)),
        ("none", "No target to judge it by", any(verdict is None for verdict in verdicts)),
        ("target", "That period's target", any(targets)),
    )
    keys = Markup("").join(
        Markup('<li><span class="kpi-chart-key kpi-chart-key--{}" aria-hidden="true"></span>{}</li>').format(key, words)
        for key, words, used in shown
        if used
    )
    return Markup('<ul class="kpi-chart-legend">{}</ul>\n').format(keys) if keys else Markup("")


# --- a service's topic page --------------------------------------------------------------------


def topic_page(page: PageContext, service_id: str) -> str:
    """A service's answers first (each KPI's latest figure and status, each fact, the latest budget), short
    enough for a phone; then the full tables, folded away but printed and searched."""
    site = page.site
    service = site.services[service_id]
    out = [*_services_changed(page, service), "## At a glance", "", _answers_html(page, service_id), ""]
    facts = service_facts_table(site, service_id)
    if facts.rows:
        out += ["## Key facts", "", _folded(page, facts, "every key fact, with its period and report"), ""]
    kpis = service_kpis_table(site, service_id)
    if kpis.rows:
        out += [
            "## Performance indicators",
            "",
            "Each indicator's page has its history, a chart and every published figure.",
            "",
            _folded(page, kpis, "each indicator's latest figure, target and status"),
            "",
        ]
    budgets = budgets_by_service_table(site, service_id)
    if budgets.rows:
        out += ["## Budget", "", _folded(page, budgets, "each service area's budget by year"), ""]
    out += ["## In the reports", ""]
    sections = [r for r in site.reports.values() if page.build.has_page(report_section_doc(r.id, service_id))]
    out += [] if sections else ["No report has a section on it yet."]
    for report in reversed(sections):
        section = report_section_doc(report.id, service_id)
        out.append(f"- [{md_text(service.name)} in the {md_text(report.title)}]({page.md_link(section)})")
    page.description = topic_description(site, service_id, [report.id for report in sections])
    return "\n".join(out)


def _folded(page: PageContext, table, what: str) -> Markup:
    """A full table folded under its summary line: a phone sees the answers first. Open when printed, and
    found by the browser's find and the site's search as it is."""
    return Markup('<details class="full-table">\n<summary>The full table: {}</summary>\n{}\n</details>').format(
        what, page.show(table)
    )


def _answers_html(page: PageContext, service_id: str) -> Markup:
    """Each KPI's latest figure with its period and status, each key fact's latest figure, and the
    service's latest budget: one line each."""
    site = page.site
    items = []
    for kpi in (k for k in site.kpis.values() if k.service.id == service_id):
        result = latest_value(site, kpi.id)
        if result is None:
            continue
        page.data_files.update(origin_files(kpi, result, result.period))
        said = target_text(site, result)
        items.append(
            Markup('<li><a href="{}">{}</a>: <strong>{}</strong> {}.{}</li>').format(
                page.urls.kpi(kpi.id),
                kpi.plain_name,
                figure_with_unit(kpi.unit, result.value),
                period_when(result.period),
                Markup(' <span class="figure-status">{}</span>').format(said) if said else "",
            )
        )
    for fact in site.facts_for_service(service_id):
        value = fact.latest
        page.data_files.update(origin_files(fact))
        items.append(
            Markup('<li><a href="{}">{}</a>: <strong>{}</strong> ({}).</li>').format(
                page.urls.page(value.section),
                fact.title,
                format_stated(fact.unit, value.value, value.qualifier, value.scale),
                value.period,
            )
        )
    tables = site.budget_tables_for_service(service_id)
    if tables:
        latest = max(tables, key=lambda table: table.year)
        page.data_files.update(origin_files(*latest.lines))
        items.append(
            Markup("<li>Full year budget for {}: <strong>{}</strong>{}.</li>").format(
                latest.year,
                figure_with_unit("gbp", latest.total.budget),
                Markup(" (worked out: the total of its {} service areas)").format(len(latest.lines))
                if len(latest.lines) > 1 and not latest.has_total
                else "",
            )
        )
    if not items:
        return Markup('<p class="answers">The reports give no figures for this service yet.</p>')
    return Markup('<ul class="answers" id="answers">\n{}\n</ul>').format(Markup("\n").join(items))


# --- budgets and indexes --------------------------------------------------------------------------


def report_list(page: PageContext, portfolio_id: str | None = None) -> str:
    """Every report (of one portfolio, where given), newest first, each a link with what it covers; on a site of
    several portfolios, by portfolio (in the order of portfolios.yaml), each linked to its page."""
    site = page.site
    reports = [report for report in reversed(site.reports.values()) if portfolio_id in (None, report.portfolio)]
    page.data_files.update(origin_files(*reports))

    def listed(reports, indent: str = "") -> list[str]:
        return [
            f"{indent}- [{md_text(report.title)}]({page.md_link(report_doc(report.id))}) covers "
            f"{md_text(str(report.covers)).rstrip('.')}."
            for report in reports
        ]

    if portfolio_id is not None or len(site.portfolios) < 2:
        return "\n".join(listed(reports)) + "\n"
    out = []
    for portfolio in site.portfolios.values():
        page.data_files.update(origin_files(portfolio))
        theirs = [report for report in reports if report.portfolio == portfolio.id]
        link = f"[{md_text(portfolio.title)}]({page.md_link(portfolio_doc(portfolio.id))})"
        out += [f"- **{link}**", *(listed(theirs, "    ") or ["    - No report yet."])]
    return "\n".join(out) + "\n"


def portfolio_page(page: PageContext, portfolio) -> str:
    """A portfolio's own page: who held it, the services it holds (each linked to its page, with the reports
    it held them in where not all), and its reports, newest first."""
    site = page.site
    page.data_files.update(origin_files(portfolio))
    out = [portfolio_holders(page, portfolio), "", "## Services", ""]
    for holding in portfolio.holdings:
        service = site.services[holding.service]
        since = f"from the {holding.first} report" if holding.first else ""
        until = f"until the {holding.last} report" if holding.last else ""
        when = f" ({' '.join(filter(None, (since, until)))})" if since or until else ""
        out.append(f"- [{md_text(service.name)}]({page.md_link(topic_doc(service.id))}){when}")
    out += ["", "## Performance", "", portfolio_summary_html(page, portfolio), ""]
    out.append(f"Each indicator's history and chart: [Performance indicators]({page.md_link('kpis/index.md')}).")
    years = sorted(
        {t.year for r in site.reports.values() if r.portfolio == portfolio.id for t in r.budget_tables.values()}
    )
    items = [item for year in reversed(years) for item in _budget_year_answers(page, year, [portfolio], named=False)]
    out += ["", "## Budgets", ""]
    if items:
        out += [Markup('<ul class="answers">\n{}\n</ul>').format(Markup("\n").join(items)), ""]
        out.append(f"Every line of every budget table, by service and year: [Budgets]({page.md_link('budgets.md')}).")
    else:
        out.append("Its reports give no budgets yet.")
    reports = report_list(page, portfolio.id).strip()
    out += ["", "## Reports", "", reports or "No report yet."]
    return "\n".join(out)


def topic_list(page: PageContext, brief: bool = False) -> str:
    """Each service's topic page, with what it covers where services.yaml says, in the order of portfolios.yaml;
    on a site of several portfolios, under each portfolio's title, linked to its page. brief (the home page):
    the services that say what they cover one to a line, the rest on one line after them."""
    site = page.site
    several = len(site.portfolios) > 1
    out = []
    for portfolio in site.portfolios.values():
        services = [site.services[key] for key in dict.fromkeys(holding.service for holding in portfolio.holdings)]
        page.data_files.update(origin_files(portfolio, *services))
        lines = _topic_lines(page, services, brief)
        if several:
            link = f"[{md_text(portfolio.title)}]({page.md_link(portfolio_doc(portfolio.id))})"
            out += [f"- **{link}**", *(f"    {line}" for line in lines)]
        else:
            out += lines
    return "\n".join(out) + "\n"


def _topic_lines(page: PageContext, services, brief: bool) -> list[str]:
    def link(service) -> str:
        return f"[{md_text(service.name)}]({page.md_link(topic_doc(service.id))})"

    said = [service for service in services if service.about or not brief]
    lines = [f"- {link(service)}" + (f": {md_text(service.about)}" if service.about else "") for service in said]
    rest = [link(service) for service in services if service not in said]
    if rest:
        lines.append(f"- {rest[0]}" if len(rest) == 1 else f"- {', '.join(rest[:-1])} and {rest[-1]}")
    return lines


def council_portfolios(page: PageContext) -> str:
    portfolios = list(page.site.portfolios.values())
    page.data_files.update(origin_files(*portfolios))
    titles = [md_text(portfolio.title) for portfolio in portfolios]
    if len(titles) == 1:
        return f"{titles[0]} portfolio is"
    return f"{', '.join(titles[:-1])} and {titles[-1]} portfolios are"


def portfolio_links(page: PageContext) -> str:
    """Every portfolio's title, each a link to its page: "[A](…), [B](…) and [C](…)"."""
    portfolios = list(page.site.portfolios.values())
    page.data_files.update(origin_files(*portfolios))
    links = [f"[{md_text(p.title)}]({page.md_link(portfolio_doc(p.id))})" for p in portfolios]
    return links[0] if len(links) == 1 else f"{', '.join(links[:-1])} and {links[-1]}"


def portfolio_title(page: PageContext, portfolio) -> str:
    page.data_files.update(origin_files(portfolio))
    return md_text(portfolio.title)


def portfolio_holders(page: PageContext, portfolio) -> str:
    page.data_files.update(origin_files(portfolio))
    if not portfolio.holders:
        return "The reports do not name the Portfolio Holder."
    named = [f"{md_text(holder.name)} (from {partial_date(holder.since)})" for holder in portfolio.holders]
    return f"Portfolio Holder{'s' if len(named) > 1 else ''}: {', then '.join(named)}."


def in_this_section(page: PageContext, report, service) -> str:
    """A box at the top of a report section: the figures its text states, and links to its tables and to
    the page of each KPI in them, above the report's own words."""
    kpi_tables, budget_tables = page.site.tables_for_section(report.id, service.id)
    facts = page.site.facts_stated_in(report.id, report_section_doc(report.id, service.id))
    kpis = list(dict.fromkeys(row.kpi for table in kpi_tables for row in table.rows))
    page.data_files.update(origin_files(*(fact for fact, _ in facts), *kpis))
    lines, taken = [], set()
    for fact, value in facts:
        figure = format_stated(fact.unit, value.value, value.qualifier, value.scale)
        # The fact's first value here is where search's result for it leads; a value for another period, its own.
        anchor = page.mark(fact_anchor(fact.id, value.period, taken))
        stated = f"{md_text(fact.title)}: **{md_text(figure)}** ({md_text(value.period)})"
        lines.append(f'- <span id="{escape(anchor)}">{stated}</span>')
    for table in kpi_tables:
        lines.append(f"- Table: [{md_text(table.caption)}](#{kpi_table_anchor(report.id, table.id)})")
    for table in budget_tables:
        lines.append(f"- Table: [{md_text(table.caption)}](#{budget_table_anchor(table.year, table.id)})")
    if kpis:
        links = ", ".join(f"[{md_text(kpi.title)}]({page.md_link(kpi_doc(kpi.id))})" for kpi in kpis)
        lines.append(f"- Each indicator's history and chart: {links}")
    body = "\n".join(f"    {line}" for line in lines) or "    This section has no tables or figures of its own."
    return f'!!! abstract "In this section"\n\n{body}\n'


def glossary(page: PageContext) -> str:
    """Every term in data/glossary.yaml, in alphabetical order, with its meaning."""
    terms = sorted(page.site.glossary.values(), key=lambda term: term.term.lower())
    page.data_files.update(origin_files(*terms))
    return "\n".join(f"**{md_text(term.term)}**\n:   {md_text(term.meaning)}\n" for term in terms)


def abbreviations(site) -> str:
    """The glossary as Markdown abbreviations (*[FOI]: ...), added under a page's text."""
    lines = [f"*[{term.term}]: {' '.join(term.meaning.split())}" for term in site.glossary.values()]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def budgets_overview(page: PageContext) -> str:
    """Each year's totals first, worked out by the site and said so; then the full tables, folded away."""
    site = page.site
    years = sorted({t.year for r in site.reports.values() for t in r.budget_tables.values()})
    out = ["## At a glance", "", _budget_answers_html(page, years), ""]
    out += [
        "## Budgets by service",
        "",
        "Each service area's full year budget in each year, and the change where it appears in both years.",
        "",
        _folded(page, budgets_by_service_table(site), "each service area's budget by year"),
        "",
    ]
    for year in reversed(years):
        out += [f"## Budgets {year}", "", _folded(page, budget_year_table(site, year), f"every line for {year}"), ""]
    return "\n".join(out)


def _budget_answers_html(page: PageContext, years: list[str]) -> Markup:
    """Each year's full year budget and forecast across every service area: sums the site worked out, of each
    portfolio apart where there are several (never summed across portfolios)."""
    site = page.site
    several = len(site.portfolios) > 1
    items = []
    for year in reversed(years):
        items += _budget_year_answers(page, year, site.portfolios.values() if several else [None])
    if not items:
        return Markup('<p class="answers">The reports give no budgets yet.</p>')
    return Markup('<ul class="answers" id="answers">\n{}\n</ul>').format(Markup("\n").join(items))


def _budget_year_answers(page: PageContext, year: str, portfolios, named: bool = True) -> list[Markup]:
    """A year's answer for each portfolio (None: the whole site, of one portfolio); named: each says whose it is
    before its figures (not on the portfolio's own page)."""
    items = []
    for portfolio in portfolios:
        tables = [
            table
            for table in page.site.budget_tables_for_year(year)
            if portfolio is None or table.report.portfolio == portfolio.id
        ]
        if not tables:
            continue
        lines = [line for table in tables for line in table.lines]
        page.data_files.update(origin_files(*lines))
        budget, forecast = sum(line.budget for line in lines), sum(line.forecast for line in lines)
        if not (is_number(budget) and is_number(forecast)):  # a report being filled in, under `make serve`
            against = f"over or under budget {forecast - budget}"
        elif forecast == budget:
            against = "on budget"
        else:
            difference = figure_with_unit("gbp", abs(forecast - budget))
            against = f"{difference} {'over' if forecast > budget else 'under'} budget"
        of = Markup(" of the {} portfolio").format(portfolio.title) if portfolio else ""
        items.append(
            Markup(
                "<li>{}: full year budget <strong>{}</strong>, forecast {}, {}. "
                '<span class="worked-out">Worked out by this site: the total of the {} service areas of {}{}.'
                "</span></li>"
            ).format(
                Markup("{}, {}").format(year, portfolio.title) if portfolio and named else year,
                figure_with_unit("gbp", budget),
                figure_with_unit("gbp", forecast),
                against,
                len(lines),
                _services(len(tables)),
                of,
            )
        )
    return items


def _services(count: int) -> str:
    return "1 service" if count == 1 else f"{count} services"


def kpi_index(page: PageContext) -> str:
    out = []
    for service in page.site.services.values():
        table = service_kpis_table(page.site, service.id)
        if table.rows:
            out += [f"## {md_text(service.name)}", "", page.show(table), ""]
    return "\n".join(out)


def data_catalogue(page: PageContext) -> str:
    """Each whole dataset: what it holds, its downloads and metadata, and its columns with their types."""
    site, records = page.site, []
    out = ["## Download the data", "", _downloads_list(page), ""]
    several = len(site.portfolios) > 1  # then each report is named with its portfolio, as two have one year
    published = ", ".join(
        f"{r.title}{f', {site.portfolios[r.portfolio].title},' if several else ''} ({r.published})"
        for r in site.reports.values()
    )
    for dataset in datasets(site):
        modified = latest(page.build.dates, dataset.data_files)
        csv_url, json_url = page.urls.dataset(dataset.id, "csv"), page.urls.dataset(dataset.id, "json")
        out += [
            f"## {md_text(dataset.title)} {{#{dataset.id}}}",
            "",
            md_text(dataset.description),
            "",
            Markup(
                '<p class="table-downloads" data-pagefind-ignore>Download: <a href="{0}" download>{1} as CSV</a> · '
                '<a href="{2}" download>{1} as JSON</a></p>'
            ).format(csv_url, dataset.title, json_url),
            "",
            f"- **Rows:** {len(dataset.records)}",
            f"- **Licence:** [{LICENCE}]({LICENCE_URL})",
            f"- **Publisher:** {PUBLISHER}",
            f"- **Published:** {md_text(published)}",
            f"- **Last updated:** {long_date(modified) if modified else 'not known in this copy of the site'}",
            "",
            columns_table(dataset),
            "",
        ]
        records.append(
            jsonld.whole_dataset(
                dataset,
                f"{page.address}#{dataset.id}",
                {page.addresses.dataset(dataset.id, ext): media for ext, media in jsonld.MEDIA_TYPES.items()},
                page.address,
                published=min(site.published()),
                modified=modified,
            )
        )
        page.data_files.update(dataset.data_files)
    description = "Every figure of Thurrock Council's Portfolio Holder reports as open data: " + ", ".join(
        dataset.title for dataset in datasets(site)
    )
    out += _for_data_tools(page)
    out.append(jsonld.script([jsonld.data_catalog(page.address, description, records)]))
    return "\n".join(out)


def _downloads_list(page: PageContext) -> Markup:
    """What people come for, first: each whole dataset's downloads, with what it holds in a line."""
    items = Markup("\n").join(
        Markup(
            '<li><a href="#{0}">{1}</a> ({2} rows): <a href="{3}" download>CSV</a> · <a href="{4}" download>JSON</a>'
            "</li>"
        ).format(
            dataset.id,
            dataset.title,
            f"{len(dataset.records):,}",
            page.urls.dataset(dataset.id, "csv"),
            page.urls.dataset(dataset.id, "json"),
        )
        for dataset in datasets(page.site)
    )
    return Markup('<ul class="dataset-downloads" data-pagefind-ignore>\n{}\n</ul>').format(items)


def _for_data_tools(page: PageContext) -> list[str]:
    """Where the descriptions that data tools and catalogues read are (HTML links: MkDocs checks Markdown
    links against docs/, and these files are made by the build)."""

    def link(name: str) -> Markup:
        return Markup('<a href="{}"><code>{}</code></a>').format(page.urls.data_file(name), name)

    return [
        "## For data tools and catalogues",
        "",
        f"- {link(PACKAGE_FILE)} describes the whole datasets as a "
        "[Frictionless Data Package](https://datapackage.org/): each column's type, unit and meaning, and "
        "the keys that join KPI results to the indicators and periods they name.",
        "- Every CSV has [CSV on the Web](https://www.w3.org/TR/tabular-data-primer/) metadata beside it, "
        f"found as that standard says: {link(GROUP_METADATA)} for the whole datasets, and "
        "`<table>.csv-metadata.json` beside each table's own download.",
        f"- {link(CATALOGUE)} is a [DCAT](https://www.w3.org/TR/vocab-dcat-3/) catalogue of the whole "
        f"datasets, which catalogues such as data.gov.uk can harvest. Thurrock is named by its ONS code, "
        f"{AREA_CODE}.",
        "- Every page with a table describes it as a schema.org Dataset, so search engines can find the data.",
        "",
    ]


TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "date": "date",
    "boolean": "true or false",
}


def columns_table(dataset: Dataset) -> Markup:
    """The dataset's columns, each with its type and meaning, as a captioned table (two columns, so it
    fits a phone)."""
    rows = Markup("\n").join(
        Markup(
            '<tr><th scope="row"><code>{}</code></th><td><span class="columns-table__type">{}.</span> {}</td></tr>'
        ).format(
            field.name,
            (TYPE_WORDS[field.type] + (f" ({field.unit})" if field.unit else "")).capitalize()
            + (", always given" if field.required else ""),
            field.description,
        )
        for field in dataset.fields
    )
    return Markup(
        '<div class="data-table__scroll" role="region" aria-labelledby="columns-{0}" tabindex="0">'
        '<table class="columns-table"><caption id="columns-{0}">{1}: the columns</caption>\n'
        '<thead><tr><th scope="col">Column</th><th scope="col">Type and meaning</th></tr>'
        "</thead>\n<tbody>\n{2}\n</tbody></table></div>"
    ).format(dataset.id, dataset.title, rows)


def tables_jsonld(page: PageContext) -> str:
    """A schema.org Dataset for each table the page showed (with its rows), as one JSON-LD script."""
    records = [
        jsonld.table_dataset(
            table,
            f"{page.address}#{table.id}",
            {page.addresses.table_download(table.id, ext): media for ext, media in jsonld.MEDIA_TYPES.items()},
            page.addresses.page(OPEN_DATA_DOC),
            latest(page.build.dates, table.sources),
        )
        for table in dict((table.id, table) for table in page.tables if table.rows).values()
    ]
    return str(jsonld.script(records)) if records else ""


# --- what's changed ---------------------------------------------------------------------------------

NO_HISTORY = (
    "The history of corrections is not available in this copy of the site: it was made without the "
    "history of its data files. The figures on every page are the latest published."
)


def whats_changed(page: PageContext) -> str:
    """How to follow the changes, then each date's new reports and corrected figures, newest first."""
    feed = Markup(
        '<p class="feed-link">To hear of each new report and correction, add this address to a feed reader: '
        '<a href="{}" type="application/atom+xml">the What\'s changed feed (Atom)</a>.</p>'
    ).format(page.urls.feed())
    found = page.build.changes
    if found is None:
        return f"{NO_HISTORY}\n\n{feed}\n"
    out = [feed, ""] if found else [feed, "", "No report or figure has been published in this copy's history yet.", ""]
    pending = [group for group in found if group.pending]
    if pending:
        out += [f"## In this pull request, not published yet {{ #{pending_changes_anchor()} }}", ""]
        out += _changes_on_day(page, pending)
    for day, on_day in groupby([group for group in found if not group.pending], key=lambda group: group.day):
        out += [f"## {long_date(day)} {{ #{changes_anchor(day)} }}", ""]
        out += _changes_on_day(page, list(on_day))
    return "\n".join(out)


def _changes_on_day(page: PageContext, on_day: list) -> list[str]:
    """The reports, then a table of the corrected figures of each group."""
    reports = [f"- {_report_change(page, group.report, group.pending)}" for group in on_day if group.report]
    out = [*reports, ""] if reports else []
    for group in on_day:
        out += [page.show(corrections_table(group, page.build.has_doc)), ""] if not group.report else []
    return out


def _report_change(page: PageContext, change, pending: bool = False) -> str:
    title = md_text(change.title)
    if change.removed:
        return f"{title} {'is taken off this site by this pull request' if pending else 'was taken off this site'}."
    doc = report_doc(change.report)
    named = f"[{title}]({page.md_link(doc)})" if page.build.has_page(doc) else title
    return f"{named} {'is new in this pull request' if pending else 'was published on this site'}."
