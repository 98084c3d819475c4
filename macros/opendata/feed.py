"""The Atom feed (RFC 4287) of new reports and corrections, as text (the edge writes it at the site's root).

One entry per change group (changes.ChangeGroup): a report published on this site, or the figures
corrected on one date, each listed as before → after. Every value is set as element text or an
attribute by ElementTree, which escapes it. Entry ids are tag: URIs made from what the group is and
its date, so they never change between builds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime

from ..workings.changes import ChangeGroup, FigureChange
from ..workings.dates import long_date
from ..workings.figures import shown
from ..workings.urls import Urls, changes_doc, pending_changes_doc, report_doc
from .export import LICENCE

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 4151: the council's domain and a date it held it, then this site's name for the thing.
TAG = "tag:thurrock.gov.uk,2017:portfolio-facts/"


def atom_feed(
    found: list[ChangeGroup] | None,
    title: str,
    author: str,
    urls: Urls,
    linked: Callable[[str], bool],
    now: datetime,
) -> str:
    """The feed as XML text. urls says where the pages are from the feed (absolute with the site's address);
    linked(doc) whether a page is on the site; now is the feed's date when nothing has changed yet."""
    found = found or []
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "en"})
    _text(feed, "id", TAG + "changes")
    _text(feed, "title", f"{title}: what's changed")
    _text(feed, "subtitle", "New Portfolio Holder reports and corrections to published figures.")
    updated = max((group.updated for group in found), default=now)
    _text(feed, "updated", updated.isoformat())
    _text(_element(feed, "author"), "name", author)
    _text(feed, "rights", LICENCE)
    _link(feed, urls.feed(), "self", "application/atom+xml")
    _link(feed, urls.page(changes_doc()), "alternate", "text/html")
    for group in found:
        _entry(feed, group, urls, linked)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _entry(feed: ET.Element, group: ChangeGroup, urls: Urls, linked: Callable[[str], bool]) -> None:
    entry = _element(feed, "entry")
    _text(entry, "id", TAG + group.key)
    _text(entry, "title", entry_title(group))
    _text(entry, "updated", group.updated.isoformat())
    _link(
        entry, urls.page(pending_changes_doc() if group.pending else changes_doc(group.day)), "alternate", "text/html"
    )
    content = _element(entry, "content", type="xhtml")
    div = _element(content, "div", xmlns=XHTML)  # the content's own namespace, for what is inside it too
    if group.report:
        report = group.report
        paragraph = _element(div, "p")
        if report.removed:
            paragraph.text = f"{report.title} " + (
                "is taken off this site by this pull request, not published yet."
                if group.pending
                else f"was taken off this site on {long_date(group.day)}."
            )
        else:
            _a(
                paragraph,
                report.title,
                urls.page(report_doc(report.report)) if linked(report_doc(report.report)) else None,
            )
            paragraph[-1].tail = (
                " is new in this pull request, not published yet."
                if group.pending
                else f" was published on this site on {long_date(group.day)}."
            )
        return
    listed = _element(div, "ul")
    for change in group.figures:
        item = _element(listed, "li")
        link = change.figure.link
        _a(item, change.figure.what, urls.page(link) if link and linked(link) else None)
        item[-1].tail = f" ({change_words(change)})"


def entry_title(group: ChangeGroup) -> str:
    pending = " (in this pull request, not published yet)" if group.pending else ""
    if group.report:
        done = "taken off this site" if group.report.removed else "published on this site"
        return f"{group.report.title} {done}{pending}"
    count = len(group.figures)
    return f"{count} figure{'s' if count != 1 else ''} corrected on {long_date(group.day)}{pending}"


def change_words(change: FigureChange) -> str:
    """ "2017/18, Portfolio Holder report 2018, result corrected: 9.95 → 9.96"."""
    figure = change.figure
    return (
        f"{figure.period}, {change.report_title}, {figure.field} {change.kind}: "
        f"{shown(change.change.before)} → {shown(change.change.after)}"
    )


# Elements are in the namespace their root's xmlns names: Atom's for the feed, XHTML's inside content.
def _element(parent: ET.Element, name: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, name, attributes)


def _text(parent: ET.Element, name: str, text: str) -> None:
    _element(parent, name).text = text


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    _element(parent, "link", href=href, rel=rel, type=media_type)


def _a(parent: ET.Element, text: str, href: str | None) -> None:
    """A link to a page, or the words alone where the page is not on the site."""
    _element(parent, "a" if href else "span", **({"href": href} if href else {})).text = text
