"""Key figures as Material grid cards, and the performance summary, from data."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .context import PageContext
from .errors import UsageError
from .model import Site, origin_files
from .trends import latest_stated, latest_value
from .units import format_figure, format_stated
from .urls import kpi_doc, kpi_table_doc, report_doc, topic_doc

UNIT_SUFFIX = {"days": " days"}


@dataclass(frozen=True)
class KeyFigure:
    value: str
    title: str
    period: str
    page: str  # the figure's own page: its file in docs/
    source: str  # where it was published, in words
    source_page: str  # and that section's file in docs/, with the anchor of the table or heading
    sources: tuple[str, ...] = ()  # the files in data/ it was read from


def key_figure(site: Site, figure_id: str) -> KeyFigure:
    """The latest figure for a KPI or a headline fact."""
    if figure_id in site.kpis:
        kpi = site.kpis[figure_id]
        result = latest_value(site, figure_id)
        report = site.reports[result.report]
        table = site.table_for(result)
        # A result no table prints (the data allows it) is sourced to its report as a whole.
        source, source_page = (
            (f"{report.title}, {table.service.name}", kpi_table_doc(report.id, table.service.id, table.id))
            if table
            else (report.title, report_doc(report.id))
        )
        return KeyFigure(
            format_figure(kpi.unit, result.value) + UNIT_SUFFIX.get(kpi.unit, ""),
            kpi.title,
            result.period.label,
            kpi_doc(kpi.id),
            source,
            source_page,
            origin_files(kpi, result, result.period, report),
        )
    if figure_id in site.facts:
        fact = site.facts[figure_id]
        value = fact.latest
        report = site.reports[value.report]
        return KeyFigure(
            format_stated(fact.unit, value.value, value.qualifier, value.scale),
            fact.title,
            value.period,
            topic_doc(fact.service.id),
            f"{report.title}, {fact.service.name}",
            value.section,
            origin_files(fact, report),
        )
    raise UsageError(
        f"there is no KPI or fact {figure_id!r}; KPIs: {', '.join(site.kpis)}; facts: {', '.join(site.facts)}"
    )


def key_figures_html(page: PageContext, figure_ids: tuple[str, ...]) -> Markup:
    items = []
    for figure_id in figure_ids:
        figure = key_figure(page.site, figure_id)
        page.data_files.update(figure.sources)
        items.append(
            Markup(
                '<li>\n<p class="key-figure__value">{}</p>\n'
                '<p class="key-figure__title"><a href="{}">{}</a></p>\n'
                '<p class="key-figure__period">{}</p>\n'
                '<p class="key-figure__source">Source: <a href="{}">{}</a></p>\n</li>'
            ).format(
                figure.value,
                page.urls.page(figure.page),
                figure.title,
                figure.period,
                page.urls.page(figure.source_page),
                figure.source,
            )
        )
    return Markup('<div class="grid cards key-figures">\n<ul>\n{}\n</ul>\n</div>').format(Markup("\n").join(items))


@dataclass(frozen=True)
class Summary:
    achieved: int
    failed: int
    better: int
    worse: int
    in_line: int
    sources: tuple[str, ...] = ()  # the files in data/ of the results counted


def performance_summary(site: Site) -> Summary:
    """For each KPI's latest stated result: did it achieve its target, and did it improve?"""
    performance = [latest_stated(site, kpi, "performance", ("Achieved", "Failed")) for kpi in site.kpis]
    direction = [latest_stated(site, kpi, "direction", ("Better", "Worse", "In line")) for kpi in site.kpis]
    stated = [r.performance for r in performance if r] + [r.direction for r in direction if r]
    counts = (stated.count(word) for word in ("Achieved", "Failed", "Better", "Worse", "In line"))
    return Summary(*counts, origin_files(*performance, *direction))


def performance_summary_html(page: PageContext) -> Markup:
    s = performance_summary(page.site)
    page.data_files.update(s.sources)
    return Markup(
        '<p class="performance-summary">In the latest period each was reported for, '
        "<strong>{} of {} KPIs achieved their target</strong> and {} failed. "
        "Of the {} KPIs with a direction of travel of better, worse or in line, "
        "<strong>{} improved</strong>, {} got worse and {} stayed in line.</p>"
    ).format(s.achieved, s.achieved + s.failed, s.failed, s.better + s.worse + s.in_line, s.better, s.worse, s.in_line)
