"""Typed figures: parse what an editor wrote in YAML, format it as the council prints it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import FigureError

# The units as the downloads name them: a duration is a number of seconds there (6:53 is 413).
DATA_UNITS = {"count": "count", "percent": "percent", "gbp": "GBP", "days": "days", "duration": "seconds"}
_DURATION = re.compile(r"([0-9]+):([0-5][0-9])")  # whole text (fullmatch), ASCII digits only
_BOUND = re.compile(r"(<=|>=|<|>|≤|≥) *([^ ].*)")  # whole text (fullmatch)
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # whole text (fullmatch)
# The range of a figure the site publishes: below a thousand million million (15 digits, as the schema says),
# at most 10 decimal places, and a duration under 100,000 minutes (about 69 days).
LARGEST = 10**15
DECIMAL_PLACES = 10
LONGEST_MINUTES = 99_999


@dataclass(frozen=True)
class Missing:
    """An explicit "n/a": the report printed no figure here."""

    def __str__(self) -> str:
        return "n/a"


NA = Missing()


def is_number(value) -> bool:
    """A figure: a number, not n/a, a figure still to fill in, or a word."""
    return isinstance(value, (int, float)) and not isinstance(value, (bool, Missing))


@dataclass(frozen=True)
class Pending(Missing):
    """A field a scaffold left empty, while `make serve` previews a report being filled in.

    Shown as "[to fill in]"; sums and differences with it are pending too. Only the preview
    has it: the check and the strict build refuse an empty field.
    """

    def __str__(self) -> str:
        return "[to fill in]"

    def __format__(self, spec: str) -> str:
        return str(self)

    def __add__(self, other):
        return self

    __radd__ = __sub__ = __rsub__ = __add__


PENDING = Pending()


@dataclass(frozen=True)
class Bound:
    """A target such as "<10:00": the figure must stay below (or above) a value."""

    operator: str
    value: float | int


@dataclass(frozen=True)
class Words:
    """A target given in words, such as "Reduction"."""

    text: str


# --- parsing ---------------------------------------------------------------


def parse_figure(unit: str, raw: object) -> float | int | Missing:
    """Read one value as written in YAML: a number, "m:ss" for durations, or "n/a"."""
    if raw == "n/a":
        return NA
    if isinstance(raw, Pending):
        return raw
    if unit == "duration":
        return _parse_duration(raw)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise FigureError(f"{raw!r} is not a number; write a plain number such as 1234 or 12.5, or n/a")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise FigureError(f"{raw!r} is not a figure the site can publish; write the number as published, or n/a")
    if abs(raw) >= LARGEST:
        shown = repr(raw) if len(repr(raw)) <= 24 else f"{repr(raw)[:12]}… ({len(str(abs(int(raw))))} digits)"
        raise FigureError(f"{shown} is too large to be a figure; check the number of digits")
    if isinstance(raw, float) and Decimal(repr(raw)).as_tuple().exponent < -DECIMAL_PLACES:
        raise FigureError(
            f"{raw!r} has more than {DECIMAL_PLACES} decimal places; write the figure as the report printed it"
        )
    if unit == "count" and isinstance(raw, float) and not raw.is_integer():
        raise FigureError(f"{raw!r} is not a whole number; a count must be whole")
    if raw < 0 and unit != "gbp":
        raise FigureError(f"{raw!r} is negative; a {unit} figure cannot be below zero")
    return raw


def _parse_duration(raw: object) -> int:
    """Durations are stored as whole seconds."""
    match = _DURATION.fullmatch(raw) if isinstance(raw, str) else None
    if not match:
        raise FigureError(f'{raw!r} is not a duration; write minutes and seconds in quotes, such as "6:53"')
    if int(match[1]) > LONGEST_MINUTES:
        raise FigureError(
            f"{raw!r} is too long to be a duration: it is more than {LONGEST_MINUTES:,} minutes; check the digits"
        )
    return int(match[1]) * 60 + int(match[2])


def parse_target(unit: str, raw: object) -> float | int | Missing | Bound | Words:
    """Read a target: a figure, a bound such as "<10:00", or words such as "Reduction"."""
    if raw == "n/a" or isinstance(raw, Pending):
        return PENDING if isinstance(raw, Pending) else NA
    if isinstance(raw, str):
        bound = _BOUND.fullmatch(raw.strip())
        if bound:
            operator = {"≤": "<=", "≥": ">="}.get(bound[1], bound[1])
            limit = parse_figure(unit, _number_or_text(bound[2]))
            if isinstance(limit, Missing):
                raise FigureError(f"{raw!r} is not a target: a bound needs a figure after {bound[1]}, such as <10:00")
            return Bound(operator, limit)
        if unit == "duration" and _DURATION.fullmatch(raw):
            return _parse_duration(raw)
        return Words(raw.strip())
    return parse_figure(unit, raw)


def _number_or_text(text: str) -> object:
    """The part after "<" in a bound is text in YAML; make "85" a number again (only plain decimals)."""
    if not _DECIMAL.fullmatch(text):
        return text
    return float(text) if "." in text else int(text)


# --- formatting ------------------------------------------------------------


UNIT_SUFFIX = {"days": " days"}  # a unit the figure itself does not show (%, £ and m:ss do)


def figure_with_unit(unit: str, value: float | int | Missing) -> str:
    """A figure for a sentence or a card: "9.95 days", "97.68%", "£9,828,491"."""
    text = format_figure(unit, value)
    return text if isinstance(value, Missing) else text + UNIT_SUFFIX.get(unit, "")


def format_figure(unit: str, value: float | int | Missing) -> str:
    """Format a value as the council prints it: 51,201 · 97.68% · £9,828,491 · 10.43 · 6:53."""
    if isinstance(value, Missing):
        return str(value)
    if unit == "duration":
        minutes, seconds = divmod(int(value), 60)
        return f"{minutes}:{seconds:02d}"
    number = _plain_number(value)
    if unit == "percent":
        return f"{number}%"
    if unit == "gbp":
        return f"£{number}" if not number.startswith("−") else f"−£{number[1:]}"
    return number


def format_target(unit: str, target: float | int | Missing | Bound | Words) -> str:
    """Format a target: a figure in the KPI's unit, a bound such as <10:00, or its words."""
    if isinstance(target, Words):
        return target.text
    if isinstance(target, Bound):
        return f"{target.operator}{format_figure(unit, target.value)}"
    return format_figure(unit, target)


def format_pounds(amount: int) -> str:
    """Whole pounds with thousands separators, no £ (budget tables say £ in the heading)."""
    return str(amount) if isinstance(amount, Missing) else _plain_number(amount)


def _plain_number(value: float | int) -> str:
    """Thousands separators, as many decimals as were written, a true minus sign; never an exponent (a float
    such as 1e-05 is printed 0.00001)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = format(Decimal(repr(value)), ",f") if isinstance(value, float) else f"{value:,}"
    return text.replace("-", "−")


def format_stated(
    unit: str, value: float | int | Missing, qualifier: str | None = None, scale: str | None = None
) -> str:
    """A figure from a report's text as it was worded: "over 71,000", "£577k", "15p", "5 days"."""
    if unit == "gbp" and isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = Decimal(repr(value))
        if scale == "thousands":
            text = f"£{_plain_decimal(amount / 1000)}k"
        elif 0 < amount < 1:
            text = f"{_plain_decimal(amount * 100)}p"
        else:
            text = format_figure(unit, value)
    else:
        text = figure_with_unit(unit, value)
    return f"{qualifier} {text}" if qualifier else text


def _plain_decimal(amount: Decimal) -> str:
    text = format(amount.normalize(), ",f")
    return text


def figure_spellings(unit: str, value: float | int) -> tuple[str, ...]:
    """A figure as residents might type it into a search: as printed (£9,828,491), without separators
    (9828491) and, for pounds, in millions or thousands (£9.8m, £9.83m, £803k)."""
    printed = format_figure(unit, value)
    plain = printed.replace(",", "").replace("£", "").replace("%", "").replace("−", "-")
    found = [printed, plain]
    if unit == "gbp":
        amount = Decimal(repr(abs(value)))
        sign = "-" if value < 0 else ""
        if amount >= 1_000_000:
            found += [f"{sign}£{_trimmed(amount / 1_000_000, places)}m" for places in (1, 2)]
        elif amount >= 1000:
            found.append(f"{sign}£{round(amount / 1000)}k")
    return tuple(dict.fromkeys(found))


def _trimmed(amount: Decimal, places: int) -> str:
    """Rounded to places, without trailing zeros: 9.83, 9.8, 1."""
    return f"{amount:.{places}f}".rstrip("0").rstrip(".")
