"""Each page's description, which search engines and link previews show: plain text of at most 160
characters, from the page's opening paragraph, or for a KPI or topic page a sentence from the data."""

from __future__ import annotations

from html.parser import HTMLParser

from markupsafe import Markup, escape

from ..base.model import Site
from ..base.units import figure_with_unit
from ..workings.trends import latest_value, period_when
from .cards import target_text

LIMIT = 160  # about what search engines show of a description
ELLIPSIS = "…"
SHORTEST_TITLE = 40  # a KPI's title is shortened so its figures fit, but not below this


def page_description(given: str | None, html: str) -> Markup | None:
    """What <meta name="description"> says, escaped (Material writes it into the attribute as it is):
    the front matter's or the data's description as given, else the page's opening paragraph, shortened."""
    text = " ".join(str(given).split()) if given else shortened(opening_text(html))
    return escape(text) if text else None


def shortened(text: str, limit: int = LIMIT) -> str:
    """Whitespace collapsed, then cut at the end of a word to at most `limit` characters, "…" included."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    window = text[:limit]  # a space at its end means the word before it fits whole
    cut = window.rsplit(" ", 1)[0] if " " in window else window[: limit - len(ELLIPSIS)]
    return cut[: limit - len(ELLIPSIS)].rstrip(" .,;:–-") + ELLIPSIS


def in_words(items: list[str]) -> str:
    """["2017", "2018", "2019"] -> "2017, 2018 and 2019"."""
    return " and ".join(filter(None, (", ".join(items[:-1]), items[-1]))) if items else ""


# --- a page written in Markdown: its opening paragraph -----------------------------------------------


def opening_text(html: str) -> str:
    """The page's first paragraph of text. A report section opens with a line in italics saying which
    report it is from, and the same words as the year before: that line, then the paragraph after it."""
    paragraphs = _top_paragraphs(html, 2)
    if not paragraphs:
        return ""
    (first, italic), rest = paragraphs[0], paragraphs[1:]
    return f"{first} {rest[0][0]}" if italic and rest else first


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Found(Exception):
    """Enough paragraphs read: stop parsing the rest of the page."""


class _TopParagraphs(HTMLParser):
    """Paragraphs at the top level of a page's content (not in a box, a card, a table or a list), each as
    (its text, whether all of it is in italics)."""

    def __init__(self, wanted: int):
        super().__init__(convert_charrefs=True)
        self.wanted, self.found = wanted, []
        self.depth, self.italic = 0, 0
        self.parts: list[tuple[str, bool]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth == 0 and tag == "p":
            self.parts = []
        elif self.parts is not None and tag in ("em", "i"):
            self.italic += 1
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth = max(self.depth - 1, 0)
        if self.parts is None:
            return
        if self.depth:
            self.italic -= tag in ("em", "i")
            return
        text = " ".join("".join(part for part, _ in self.parts).split())
        italic = all(italic for part, italic in self.parts if part.strip())
        self.parts, self.italic = None, 0
        if text:
            self.found.append((text, italic))
            if len(self.found) == self.wanted:
                raise _Found

    def handle_data(self, data):
        if self.parts is not None:
            self.parts.append((data, self.italic > 0))


def _top_paragraphs(html: str, wanted: int) -> list[tuple[str, bool]]:
    parser = _TopParagraphs(wanted)
    try:
        parser.feed(html)
    except _Found:
        pass
    return parser.found


# --- a generated page: a sentence from the data ------------------------------------------------------


def kpi_description(site: Site, kpi_id: str) -> str:
    """ "Average sickness absence per FTE employee: 9.95 days in 2017/18. Target 9 days: not met." """
    kpi = site.kpis[kpi_id]
    result = latest_value(site, kpi_id)
    if result is None:
        return _title_then(kpi.plain_name, ": the reports give no figure for this indicator yet.")
    figure = f": {figure_with_unit(kpi.unit, result.value)} {period_when(result.period)}."
    target = target_text(site, result)
    return _title_then(kpi.plain_name, f"{figure} {target}" if target else figure)


def topic_description(site: Site, service_id: str, reports: list) -> str:
    """ "Legal Services: 2 key facts and the budget for 2018/19, from the Portfolio Holder report 2018."
    (reports: those with a section on the service, which the page links to)."""
    name = site.services[service_id].name
    shown = in_words(_topic_contents(site, service_id))
    source = (
        f"the Portfolio Holder report{'s of' if len(reports) > 1 else ''} {in_words([str(r.year) for r in reports])}"
    )
    if not shown:
        sections = (
            f"its section{'s' if len(reports) > 1 else ''} in {source}" if reports else _held_by(site, service_id)
        )
        return shortened(f"{name}: {sections}.")
    whole = f"{name}: {shown}, from {source}."
    return whole if reports and len(whole) <= LIMIT else shortened(f"{name}: {shown}.")


def _held_by(site: Site, service_id: str) -> str:
    """ "a service of the Housing portfolio" (of the portfolios that held it, in portfolios.yaml's order)."""
    titles = [p.title for p in site.portfolios.values() if any(h.service == service_id for h in p.holdings)]
    if not titles:
        return "a council service"
    return f"a service of the {in_words(titles)} portfolio{'s' if len(titles) > 1 else ''}"


def _topic_contents(site: Site, service_id: str) -> list[str]:
    """What a topic page shows, e.g. ["3 performance indicators", "4 key facts", "budgets for 2017/18 and 2018/19"]."""
    kpis = sum(1 for kpi in site.kpis.values() if kpi.service.id == service_id and latest_value(site, kpi.id))
    facts = sum(1 for fact in site.facts.values() if fact.service.id == service_id)
    tables = (table for report in site.reports.values() for table in report.budget_tables.values())
    years = sorted({table.year for table in tables if table.service.id == service_id})
    # Many years as their span, so a council's tenth year still fits in a description.
    span = in_words(years) if len(years) <= 2 else f"{len(years)} years, {years[0]} to {years[-1]}"
    budgets = [f"{'budgets' if len(years) > 1 else 'the budget'} for {span}"] if years else []
    return [*_counted(kpis, "performance indicator"), *_counted(facts, "key fact"), *budgets]


def _counted(count: int, noun: str) -> list[str]:
    """["3 key facts"], ["1 key fact"], or [] for none."""
    return [f"{count} {noun}{'' if count == 1 else 's'}"] if count else []


def _title_then(title: str, tail: str) -> str:
    """A title and what follows it, shortening the title so the figures after it are kept whole."""
    title, room = " ".join(title.split()), LIMIT - len(tail)
    if len(title) <= room:
        return title + tail
    if room >= SHORTEST_TITLE:
        return shortened(title, room) + tail
    return shortened(title + tail)
