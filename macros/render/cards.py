"""Key figures as Material grid cards, and the performance summary, from data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from ..base.errors import UsageError
from ..base.model import Site, origin_files
from ..base.units import UNIT_SUFFIX, Missing, figure_with_unit, format_stated, format_target
from ..workings.summary import PeriodSummary, period_summaries
from ..workings.trends import changes, difference_text, is_number, latest_value, period_name, period_when, status
from ..workings.urls import kpi_doc, kpi_table_doc, report_doc, topic_doc
from .context import PageContext


@dataclass(frozen=True)
class KeyFigure:
    value: str
    title: str
    period: str
    page: str  # the figure's own page: its file in docs/
    source: str  # where it was published, in words
    source_page: str  # and that section's file in docs/, with the anchor of the table or heading
    sources: tuple[str, ...] = ()  # the files in data/ it was read from
    change: str | None = None  # e.g. "Down 0.48 days from 10.43 days in 2016/17: an improvement."
    target: str | None = None  # e.g. "Target 9 days: not met."


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
        change = next((c for c in changes(site, kpi.id) if c.result is result), None)
        return KeyFigure(
            figure_with_unit(kpi.unit, result.value),
            kpi.plain_name,
            period_name(result.period),
            kpi_doc(kpi.id),
            source,
            source_page,
            origin_files(kpi, result, result.period, report, change.previous if change else None),
            _change_text(change) if change else None,
            target_text(site, result),
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
            _fact_change_text(fact, value),
        )
    raise UsageError(
        f"there is no KPI or fact {figure_id!r}; KPIs: {', '.join(site.kpis)}; facts: {', '.join(site.facts)}"
    )


def _change_text(change) -> str:
    verdict = {"improved": ": an improvement", "worse": ": a deterioration"}.get(change.verdict, "")
    phrase = change.phrase()
    return f"{phrase[0].upper()}{phrase[1:]}{verdict}."


def _fact_change_text(fact, value) -> str | None:
    """The change from the figure an earlier report stated, where both are exact figures of one measure."""
    earlier = [v for v in fact.values if v.report < value.report]
    if not earlier:
        return None
    previous = max(earlier, key=lambda v: v.report)
    if not value.comparable:
        return f"Not compared with {previous.period}: what is measured changed (see the note on its page)."
    if any(v.qualifier or v.scale or not is_number(v.value) for v in (value, previous)):
        return None
    difference = Decimal(repr(value.value)) - Decimal(repr(previous.value))
    before = f"{figure_with_unit(fact.unit, previous.value)} in {previous.period}"
    if difference == 0:
        return f"The same as {before}."
    return f"{'Up' if difference > 0 else 'Down'} {difference_text(fact.unit, abs(difference))} from {before}."


def target_text(site: Site, result) -> str | None:
    """ "Target 9 days: not met (as the report says).", "Target not met (as the report's text says)." where
    the report gives no target but says it was missed, "Target 60,000." or None: the one status a figure
    has wherever it is summarised (trends.status)."""
    found = status(site, result)
    if result.target is None or isinstance(result.target, Missing):
        return f"{found.phrase()}." if found else None
    target = format_target(result.kpi.unit, result.target)
    target += UNIT_SUFFIX.get(result.kpi.unit, "") if isinstance(result.target, (int, float)) else ""
    return f"Target {target}: {found.verdict()}." if found else f"Target {target}."


def key_figures_html(page: PageContext, figure_ids: tuple[str, ...]) -> Markup:
    items = []
    for figure_id in figure_ids:
        figure = key_figure(page.site, figure_id)
        page.data_files.update(figure.sources)
        items.append(
            Markup(
                '<li>\n<p class="key-figure__value">{}</p>\n'
                '<p class="key-figure__title"><a href="{}">{}</a></p>\n'
                '<p class="key-figure__period">{}</p>\n{}'
                '<p class="key-figure__source">Source: <a href="{}">{}</a></p>\n</li>'
            ).format(
                figure.value,
                page.urls.page(figure.page),
                figure.title,
                figure.period,
                _optional("key-figure__change", figure.change)
                + _optional("key-figure__target figure-status", figure.target),
                page.urls.page(figure.source_page),
                figure.source,
            )
        )
    return Markup('<div class="grid cards key-figures">\n<ul>\n{}\n</ul>\n</div>').format(Markup("\n").join(items))


def _optional(css: str, text: str | None) -> Markup:
    return Markup('<p class="{}">{}</p>\n').format(css, text) if text else Markup("")


# --- the performance summary (macros/workings/summary.py works it out) ----------------------------------------

STATUS_LISTS = ((True, "Met the target"), (False, "Did not meet the target"))
CHANGE_LISTS = (("improved", "Improved"), ("worse", "Got worse"), ("unchanged", "Stayed the same"))


def performance_summary_html(page: PageContext) -> Markup:
    """The latest year's verdicts; on a site of several portfolios, each portfolio's under its title."""
    portfolios = list(page.site.portfolios.values())
    if len(portfolios) < 2:
        return _summaries_html(page, period_summaries(page.site)) or Markup(
            '<p class="performance-summary">The reports give no figures to summarise yet.</p>'
        )
    parts = []
    for portfolio in portfolios:
        page.data_files.update(origin_files(portfolio))
        found = _summaries_html(page, period_summaries(page.site, portfolio.id), f"{portfolio.id}-")
        parts.append(
            Markup('<h3 class="portfolio-summary">{}</h3>\n{}').format(
                portfolio.title,
                found or Markup('<p class="performance-summary">Its reports give no figures to summarise yet.</p>'),
            )
        )
    return Markup("\n").join(parts)


def portfolio_summary_html(page: PageContext, portfolio) -> Markup:
    """One portfolio's latest year's verdicts (its page's)."""
    page.data_files.update(origin_files(portfolio))
    return _summaries_html(page, period_summaries(page.site, portfolio.id)) or Markup(
        '<p class="performance-summary">Its reports give no figures to summarise yet.</p>'
    )


def _summaries_html(page: PageContext, summaries, prefix: str = "") -> Markup:
    parts = []
    for summary in summaries:
        page.data_files.update(origin_files(*(v.result for v in summary.verdicts), *(v.kpi for v in summary.verdicts)))
        parts.append(_period_summary_html(page, summary, prefix))
    return Markup("\n").join(parts)


def _period_summary_html(page: PageContext, summary: PeriodSummary, prefix: str = "") -> Markup:
    met, missed = summary.with_status(True), summary.with_status(False)
    compared = [v for v in summary.verdicts if v.change]
    when = period_when(summary.period)
    lead = Markup("<strong>{}{}</strong>").format(
        when[0].upper() + when[1:],
        f" (part of {summary.period.year})" if summary.in_year and summary.period.year else "",
    )
    sentence = Markup("{}, of the {} with a target, <strong>{} met it</strong> and {} did not.").format(
        lead, _indicators(len(met) + len(missed)), len(met), len(missed)
    )
    if compared and summary.compared_with:
        previous = page.site.periods[summary.compared_with]
        sentence += Markup(
            " Of the {} that can be compared with the figure {}, <strong>{} improved</strong>, {} got worse and {} "
            "stayed the same."
        ).format(len(compared), period_when(previous), *(len(summary.with_change(c)) for c, _ in CHANGE_LISTS))
    lists = [(label, [(v, not v.status.stated) for v in summary.with_status(met)]) for met, label in STATUS_LISTS] + [
        (label, [(v, False) for v in summary.with_change(change)]) for change, label in CHANGE_LISTS
    ]
    items = Markup("\n").join(
        Markup("<li>{}: {}</li>").format(label, Markup(", ").join(_kpi_link(page, v, worked) for v, worked in found))
        for label, found in lists
        if found
    )
    return Markup(
        '<div class="performance-summary" id="summary-{}">\n<p>{}</p>\n'
        "<details>\n<summary>Which indicators</summary>\n<ul>\n{}\n</ul>\n</details>\n</div>"
    ).format(prefix + summary.period.id.replace("/", "-").replace(" ", "-"), sentence, items)


def _indicators(count: int) -> str:
    return f"{count} indicator" + ("" if count == 1 else "s")


def _kpi_link(page: PageContext, verdict, worked_out: bool) -> Markup:
    note = Markup(" (worked out from its figure and target)") if worked_out else ""
    return Markup('<a href="{}">{}</a>{}').format(page.urls.kpi(verdict.kpi.id), verdict.kpi.plain_name, note)
