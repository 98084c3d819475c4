"""The home page's performance summary: one period at a time, by the same rules as the KPI pages.

For the latest full year with figures, and then for each in-year period after it: which KPIs met
their target (trends.status: as the report stated, or worked out from figure and target)
and which improved on the period they are compared with (trends.changes, as each KPI page says).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base.model import Kpi, Period, Result, Site
from .trends import Status, changes, is_number, status, timeline


@dataclass(frozen=True)
class Verdict:
    kpi: Kpi
    result: Result
    status: Status | None  # met or not, and who says so; None: nothing to judge it by
    change: str | None  # "improved", "worse", "unchanged", or None: nothing comparable or neither is better


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    in_year: bool  # a quarter's or the latest figures, not a whole year's
    verdicts: tuple[Verdict, ...]

    def with_status(self, met: bool) -> list[Verdict]:
        return [v for v in self.verdicts if v.status and v.status.met is met]

    def with_change(self, change: str) -> list[Verdict]:
        return [v for v in self.verdicts if v.change == change]

    @property
    def compared_with(self) -> str | None:
        return self.period.compared_with


def period_summaries(site: Site, portfolio: str | None = None) -> list[PeriodSummary]:
    """The latest full year that has figures, then each in-year period of a later year: of one portfolio's
    reports where given (a summary never mixes portfolios silently), else of every report."""

    def ours(result: Result) -> bool:
        return portfolio is None or result.report.portfolio == portfolio

    with_figures = {result.period.id for result in site.results() if is_number(result.value) and ours(result)}
    periods = [period for period in site.periods.values() if period.id in with_figures]
    years = [period for period in periods if period.kind == "year"]
    if not years:
        return [_summary(site, period, True, ours) for period in periods[-1:]]
    year = years[-1]
    order = list(site.periods)
    later = [
        period
        for period in periods
        if period.kind != "year"
        and period.year
        and period.year in site.periods
        and order.index(period.year) > order.index(year.id)
    ]
    return [_summary(site, year, False, ours), *(_summary(site, period, True, ours) for period in later)]


def _summary(site: Site, period: Period, in_year: bool, ours) -> PeriodSummary:
    verdicts = []
    for kpi in site.kpis.values():
        results = [r for r in timeline(site, kpi.id) if r.period.id == period.id and is_number(r.value) and ours(r)]
        if not results:
            continue
        result = results[-1]  # the latest report's figure for the period
        change = next((c for c in changes(site, kpi.id) if c.result is result), None)
        verdicts.append(Verdict(kpi, result, status(site, result), change.verdict if change else None))
    return PeriodSummary(period, in_year, tuple(verdicts))
