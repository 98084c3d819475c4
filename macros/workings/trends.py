"""A KPI's history across reports: its timeline, latest figures and changes between periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..base.model import Period, Result, Site
from ..base.units import Bound, Pending, figure_with_unit, format_figure, is_number

POLARITY_WORDS = {
    "higher-is-better": "higher is better",
    "lower-is-better": "lower is better",
    "neither": "neither higher nor lower is better",
}
CHART_KINDS = ("year", "latest")  # a quarter's year-to-date figure is not comparable with a year's


def timeline(site: Site, kpi: str) -> list[Result]:
    """Every result published for the KPI (by its id), oldest period first (periods.yaml gives the order)."""
    return site.timeline(kpi)


def latest_value(site: Site, kpi: str) -> Result | None:
    """The most recent result with a figure."""
    return site.latest_with_value(kpi)


def chart_points(site: Site, kpi: str) -> list[Result]:
    """Figures for whole years and latest data, which can sit on one line."""
    points = [result for result in timeline(site, kpi) if is_number(result.value) and result.period.kind in CHART_KINDS]
    # A line joins only figures of one measure: from the last change of what is measured on.
    since = max((index for index, result in enumerate(points) if not result.comparable), default=0)
    return points[since:]


_FINANCIAL_YEAR = re.compile(r"^(\d{4})/\d{2}$")
_QUARTER = re.compile(r"\bQ([1-4])$")
_QUARTER_ENDS = {1: (6, 30), 2: (9, 30), 3: (12, 31), 4: (3, 31)}


Span = tuple[date, date]  # the first and last day


def year_span(year: str) -> Span | None:
    """A financial year, e.g. "2018/19", from 1 April 2018 to 31 March 2019; None if it is not one."""
    found = _FINANCIAL_YEAR.match(year)
    return (date(int(found[1]), 4, 1), date(int(found[1]) + 1, 3, 31)) if found else None


def period_span(period: Period) -> Span | None:
    """The days a period's figure covers: a financial year from 1 April to 31 March, a quarter's year to
    date from 1 April to the quarter's end; None for the latest data, which the reports do not date."""
    if period.kind == "year":
        return year_span(period.id)
    quarter = _QUARTER.search(period.id)
    year = year_span(period.year or "")
    if period.kind != "quarter-to-date" or not quarter or not year:
        return None
    month, day = _QUARTER_ENDS[int(quarter[1])]
    return year[0], date(year[0].year + 1 if month <= 3 else year[0].year, month, day)


def within_span(period: Period) -> Span | None:
    """The days a period's figure lies within: its own span, or for the latest data its financial year."""
    return period_span(period) or year_span(period.year or "")


def overall_span(spans) -> Span | None:
    """From the first day of the earliest span to the last day of the latest; None if there are none."""
    spans = [span for span in spans if span]
    return (min(start for start, _ in spans), max(end for _, end in spans)) if spans else None


def period_time(period: Period) -> float | None:
    """Where a period's figure sits in time, in years: a whole financial year at its end (2016/17 -> 2017.0,
    31 March), a quarter or the latest data at the end of the first quarter of its year (2018/19 -> 2018.25:
    the reports were written in the summer and do not date their latest data). None if it cannot say."""
    year = _FINANCIAL_YEAR.match(period.id if period.kind == "year" else (period.year or ""))
    if not year:
        return None
    start = int(year[1])
    return start + 1.0 if period.kind == "year" else start + 0.25


def target_met(value: float, target, polarity: str) -> bool | None:
    """Whether a value meets a numeric or bound target; None where the data cannot say."""
    if isinstance(target, Bound):
        return {
            "<": value < target.value,
            "<=": value <= target.value,
            ">": value > target.value,
            ">=": value >= target.value,
        }[target.operator]
    if isinstance(target, (int, float)) and polarity in ("higher-is-better", "lower-is-better"):
        return value >= target if polarity == "higher-is-better" else value <= target
    return None


def target_status(result: Result) -> tuple[str, bool] | None:
    """("Achieved" or "Failed", whether the report stated it): the words the report printed, or, where it
    printed none, worked out from the figure and the target; None where neither can say."""
    if result.performance in ("Achieved", "Failed"):
        return result.performance, True
    if isinstance(result.performance, Pending) or not is_number(result.value):  # still to fill in: not worked out
        return None
    met = target_met(result.value, result.target, result.kpi.polarity)
    return None if met is None else ("Achieved" if met else "Failed", False)


# Where a status comes from: a column of the report's table, the report's text (the data says what it
# stated, the table printed no status), or worked out by the site from the figure and the target.
STATED_IN_TABLE, STATED_IN_TEXT, WORKED_OUT = "report table", "report text", "worked out"
_HOW = {
    STATED_IN_TABLE: "as the report says",
    STATED_IN_TEXT: "as the report's text says",
    WORKED_OUT: "worked out from the figure and target",
}


@dataclass(frozen=True)
class Status:
    """Whether a figure met its target, and who says so: the one status every summary of a figure shows."""

    met: bool
    source: str  # STATED_IN_TABLE, STATED_IN_TEXT or WORKED_OUT

    @property
    def word(self) -> str:
        """ "Met" or "Not met"."""
        return "Met" if self.met else "Not met"

    @property
    def stated(self) -> bool:
        return self.source != WORKED_OUT

    def verdict(self) -> str:
        """ "not met (as the report says)"."""
        return f"{self.word.lower()} ({_HOW[self.source]})"

    def phrase(self) -> str:
        """ "Target not met (as the report says)": for cards, pages, search results and descriptions."""
        return f"Target {self.verdict()}"

    def cell(self) -> str:
        """ "Not met", or "Not met (worked out)": for the site's own tables."""
        return self.word if self.stated else f"{self.word} (worked out)"


def status(site: Site, result: Result) -> Status | None:
    """A figure's status (trends.target_status), with where the report stated it; None where neither the
    report nor the figures can say."""
    found = target_status(result)
    if found is None:
        return None
    word, stated = found
    if not stated:
        return Status(word == "Achieved", WORKED_OUT)
    table = site.table_for(result)
    printed = table is None or any(
        column.field == "performance" and column.period.id == result.period.id for column in table.columns
    )
    return Status(word == "Achieved", STATED_IN_TABLE if printed else STATED_IN_TEXT)


def status_text(site: Site, result: Result) -> str | None:
    """A result's status for the site's own tables: "Met", "Not met (worked out)", or what the report
    printed where there is none to give (n/a)."""
    found = status(site, result)
    return found.cell() if found else result.performance


@dataclass(frozen=True)
class Change:
    result: Result
    previous: Result
    difference: Decimal

    def sentence(self) -> str:
        """The change in plain words, e.g. "9.95 days in 2017/18, down 0.48 days from 10.43 days in 2016/17.
        As lower is better, that is an improvement."."""
        now = f"{figure_with_unit(self.result.kpi.unit, self.result.value)} {period_when(self.result.period)}"
        if self.difference == 0:
            return f"{now}, {self.phrase()}."
        return f"{now}, {self.phrase()}.{self.verdict_sentence()}"

    def phrase(self) -> str:
        """ "down 0.48 days from 10.43 days in 2016/17", or "the same as 52 in 2016/17"."""
        unit = self.result.kpi.unit
        before = f"{figure_with_unit(unit, self.previous.value)} {period_when(self.previous.period)}"
        if self.difference == 0:
            return f"the same as {before}"
        direction = "up" if self.difference > 0 else "down"
        return f"{direction} {difference_text(unit, abs(self.difference))} from {before}"

    def verdict_sentence(self) -> str:
        """ " As lower is better, that is an improvement.", or "" where neither is better."""
        if self.verdict not in ("improved", "worse"):
            return ""
        word = "an improvement" if self.verdict == "improved" else "a deterioration"
        return f" As {POLARITY_WORDS[self.result.kpi.polarity]}, that is {word}."

    @property
    def verdict(self) -> str | None:
        """ "improved", "worse" or "unchanged" by the KPI's polarity; None where neither is better."""
        if self.difference == 0:
            return "unchanged"
        if self.result.kpi.polarity not in ("higher-is-better", "lower-is-better"):
            return None
        up_is_good = self.result.kpi.polarity == "higher-is-better"
        return "improved" if (self.difference > 0) == up_is_good else "worse"


_MONTHS = ("January February March April May June July August September October November December").split()
_LATEST = re.compile(r"^(\d{4}) latest$")


def period_name(period: Period) -> str:
    """A period as people say it, on its own: "Year to March 2018 (2017/18)", "April to June 2017 (part of
    2017/18)",
    "At the time of the 2018 report"; the council's label where the period is none of these."""
    span = period_span(period)
    if period.kind == "year" and span:
        return f"Year to {_MONTHS[span[1].month - 1]} {span[1].year} ({period.id})"
    if period.kind == "quarter-to-date" and span:
        return f"{_months(span)} (part of {period.year})"
    if period.kind == "latest" and (report := _LATEST.match(period.id)):
        return f"At the time of the {report[1]} report"
    return period.label


def period_when(period: Period) -> str:
    """A period to follow a figure: "in the year to March 2018", "from April to June 2017", "at the time of
    the 2018 report"; "in" and the council's label where it is none of these."""
    span = period_span(period)
    if period.kind == "year" and span:
        return f"in the year to {_MONTHS[span[1].month - 1]} {span[1].year}"
    if period.kind == "quarter-to-date" and span:
        return f"from {_months(span)}"
    if period.kind == "latest" and (report := _LATEST.match(period.id)):
        return f"at the time of the {report[1]} report"
    return f"in {period_phrase(period)}"


def _months(span: Span) -> str:
    """ "April to June 2017", or "April 2017 to March 2018" across a new year."""
    start, end = span
    first = _MONTHS[start.month - 1] + ("" if start.year == end.year else f" {start.year}")
    return f"{first} to {_MONTHS[end.month - 1]} {end.year}"


def period_phrase(period: Period) -> str:
    """A period to follow "in": "2017/18", or "the latest data in the 2018 report"."""
    return period.label if period.kind != "latest" else f"the {period.label[0].lower()}{period.label[1:]}"


def changes(site: Site, kpi: str) -> list[Change]:
    """Each figure compared with the period periods.yaml says it is comparable with."""
    found = []
    results = timeline(site, kpi)
    for result in results:
        if not result.comparable:
            continue  # what is measured changed: not like for like with the figure before
        compared_with = result.period.compared_with
        previous = next((r for r in results if r.period.id == compared_with and is_number(r.value)), None)
        if compared_with and previous and is_number(result.value):
            found.append(Change(result, previous, Decimal(repr(result.value)) - Decimal(repr(previous.value))))
    return found


def difference_text(unit: str, amount: Decimal) -> str:
    """A difference in the KPI's unit; percentages differ by percentage points."""
    number = amount.normalize()
    one = number == 1
    if unit == "percent":
        return f"{format(number, ',f')} percentage point{'' if one else 's'}"
    if unit == "duration":
        return format_figure("duration", int(amount))
    if unit == "gbp":
        return f"£{format(number, ',f')}"
    if unit == "days":
        return f"{format(number, ',f')} day{'' if one else 's'}"
    return format(number, ",f")
