"""Cross-checks computed from the data: what the council stated against what its figures say.

A disagreement is an error unless the row carries a note explaining it; the site shows the
note under the table, so readers see the same caveat the check found.
"""

from __future__ import annotations

from ..base.errors import DataError
from ..base.model import Kpi, Period, Result, Site
from ..base.units import Bound, Missing, Pending, format_figure, format_target
from ..workings.trends import target_met
from ..workings.urls import id_page_problem, kpi_doc, topic_doc

POLARITY_WORDS = {"higher-is-better": "higher is better", "lower-is-better": "lower is better"}
# Direction words that describe a rise, a fall or no change whatever the polarity.
NEUTRAL_DIRECTION = {"More": "up", "Higher": "up", "Fewer": "down", "Lower": "down", "In line": "same"}
NOTE_ADVICE = (
    "correct the figure or the word, or add a note: that explains the difference (it is shown under the table)"
)


def cross_check(site: Site) -> list[DataError]:
    """Every disagreement in the data, each pointing at the row that states it."""
    errors: list[DataError] = []
    errors += _period_comparisons(site)
    published = _published_values(site)
    for result in site.results():
        errors += _performance(result, result.kpi)
        errors += _direction(result, result.kpi, site, published)
    errors += _same_figure_everywhere(site)
    errors += _budgets(site)
    errors += _kpis_reported(site)
    errors += _ids_with_pages(site)
    errors += _services_held(site)
    errors += [
        _error(
            fact,
            f"the fact id {fact.id!r} is also a KPI id; key figures are found by id, so give the fact another id",
            "id",
        )
        for fact in site.facts.values()
        if fact.id in site.kpis
    ]
    return errors


def _ids_with_pages(site: Site) -> list[DataError]:
    """A KPI's id names its page (kpis/<id>/), a service's its topic page (topics/<id>/): each must be a name
    that page can have."""
    errors = []
    for what, items, doc in (("KPI", site.kpis.values(), kpi_doc), ("service", site.services.values(), topic_doc)):
        for item in items:
            problem = id_page_problem(doc(item.id))
            if problem:
                message = f"the {what} id {item.id!r} cannot be used: {problem}; choose another"
                errors.append(_error(item, message, "id"))
    return errors


def _services_held(site: Site) -> list[DataError]:
    """Every service belongs to a portfolio: its pages, search filters and datasets say which."""
    held = {holding.service for portfolio in site.portfolios.values() for holding in portfolio.holdings}
    message = "no portfolio holds this service; list it under the services of its portfolio in portfolios.yaml"
    return [_error(service, message, "id") for service in site.services.values() if service.id not in held]


def _error(item, message: str, field: str = "") -> DataError:
    """An error at the row an item was read from (a result, budget line, KPI or period)."""
    origin = item.origin
    path = f"{origin.field}.{field}" if field else origin.field
    return DataError(origin.file, message, field=path, line=origin.line_of(field) if field else origin.line)


# --- performance: Achieved / Failed ------------------------------------------


def _performance(result: Result, kpi: Kpi) -> list[DataError]:
    if result.performance not in ("Achieved", "Failed") or result.note:
        return []
    if not isinstance(result.value, (int, float)) or isinstance(result.value, bool):
        return []
    met = target_met(result.value, result.target, kpi.polarity)
    if met is None or met == (result.performance == "Achieved"):
        return []
    worked_out = "Achieved" if met else "Failed"
    rule = f" ({POLARITY_WORDS[kpi.polarity]})" if not isinstance(result.target, Bound) else ""
    return [
        _error(
            result,
            f"the report says {result.performance}, but {format_figure(kpi.unit, result.value)} "
            f"against a target of {format_target(kpi.unit, result.target)}{rule} is {worked_out}; "
            f"{NOTE_ADVICE}",
            "performance",
        )
    ]


# --- direction of travel ---------------------------------------------------------


def expected_directions(change: str, polarity: str) -> set[str]:
    """The words that fit a rise ("up"), a fall ("down") or no change ("same")."""
    words = {word for word, way in NEUTRAL_DIRECTION.items() if way == change}
    if change != "same" and polarity in POLARITY_WORDS:
        rise_is_good = polarity == "higher-is-better"
        words.add("Better" if (change == "up") == rise_is_good else "Worse")
    return words


def _direction(result: Result, kpi: Kpi, site: Site, published: dict) -> list[DataError]:
    period = result.period
    if not isinstance(result.direction, str) or result.direction == "n/a" or result.note or not period.compared_with:
        return []
    previous = published.get((kpi.id, period.compared_with))
    if not _is_number(result.value) or not _is_number(previous):
        return []
    if result.direction in ("Better", "Worse") and kpi.polarity not in POLARITY_WORDS:
        return [
            _error(
                result,
                f"the report says {result.direction}, but {kpi.id} has polarity neither in "
                "kpis.yaml, so better or worse cannot be checked; set its polarity or add a note:",
                "direction",
            )
        ]
    change = "up" if result.value > previous else "down" if result.value < previous else "same"
    fits = expected_directions(change, kpi.polarity)
    if result.direction in fits:
        return []
    compared = site.periods[period.compared_with].label
    return [
        _error(
            result,
            f"the report says {result.direction}, but {format_figure(kpi.unit, result.value)} "
            f"compared with {format_figure(kpi.unit, previous)} in {compared} is "
            f"{' or '.join(sorted(fits))}; {NOTE_ADVICE}",
            "direction",
        )
    ]


def _published_values(site: Site) -> dict[tuple[str, str], object]:
    """The first value published for each (KPI, period): one pass, not one search per result."""
    values: dict[tuple[str, str], object] = {}
    for result in site.results():
        if result.value is not None:
            values.setdefault((result.kpi.id, result.period.id), result.value)
    return values


def _pending(*values) -> bool:
    """A figure still to fill in (only while previewing) cannot be checked yet."""
    return any(isinstance(value, Pending) for value in values)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, (bool, Missing))


def _period_comparisons(site: Site) -> list[DataError]:
    """A quarter is compared only with a quarter; a year or latest figure with a year."""
    errors = []
    for period in site.periods.values():
        if not period.compared_with:
            continue
        other: Period = site.periods[period.compared_with]
        if (period.kind == "quarter-to-date") != (other.kind == "quarter-to-date"):
            errors.append(
                _error(
                    period,
                    f"{period.id} is a {period.kind} period but is compared with {other.id}, "
                    f"a {other.kind} period; compare like with like",
                    "compared_with",
                )
            )
    return errors


# --- the same figure published twice -------------------------------------------


def _same_figure_everywhere(site: Site) -> list[DataError]:
    """Two reports giving one KPI's figure for one period differently must say so."""
    errors, first = [], {}
    for result in site.results():
        if result.value is None or isinstance(result.value, Pending):
            continue
        key = (result.kpi.id, result.period.id)
        earlier = first.setdefault(key, result)
        if earlier is not result and earlier.value != result.value and not (earlier.note or result.note):
            unit = result.kpi.unit
            errors.append(
                _error(
                    result,
                    f"report {result.report} gives {format_figure(unit, result.value)} for "
                    f"{result.kpi.id} in {result.period.id}, but report {earlier.report} gave "
                    f"{format_figure(unit, earlier.value)}; add a note: saying which is right "
                    "or why they differ",
                    "value",
                )
            )
    return errors


# --- budgets -----------------------------------------------------------------


def _budgets(site: Site) -> list[DataError]:
    errors = []
    for report in site.reports.values():
        for table in report.budget_tables.values():
            for line in table.lines:
                if _pending(line.stated_variance, line.variance):
                    continue
                if line.stated_variance != line.variance and not line.note:
                    errors.append(
                        _error(
                            line,
                            f"the variance is {line.stated_variance}, but forecast minus budget is "
                            f"{line.variance}; {NOTE_ADVICE}",
                            "variance",
                        )
                    )
            stated, summed = table.stated_total, table.total
            if stated is None or stated.note:
                continue
            for name, printed, worked in (
                ("budget", stated.budget, summed.budget),
                ("forecast", stated.forecast, summed.forecast),
                ("variance", stated.stated_variance, summed.variance),
            ):
                if printed != worked and not _pending(printed, worked):
                    errors.append(
                        _error(
                            stated,
                            f"the total {name} is {printed}, but the lines add up to {worked}; {NOTE_ADVICE}",
                            name,
                        )
                    )
    return errors


# --- coverage -----------------------------------------------------------------


def _kpis_reported(site: Site) -> list[DataError]:
    reported = {result.kpi.id for result in site.results()}
    return [
        _error(
            kpi,
            f"the KPI {kpi.id} is defined but no report publishes a result for it; "
            "add its results to a report or remove it",
            "id",
        )
        for kpi in site.kpis.values()
        if kpi.id not in reported
    ]
