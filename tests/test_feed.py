"""The Atom feed of new reports and corrections: valid by RFC 4287's own schema, read by a feed reader,
with ids that never change, absolute links where the site's address is known, and data as text."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
from feeds import atom_errors, read_feed
from lxml import etree
from tiny_site import tiny_site

from macros.opendata.feed import atom_feed
from macros.workings.changes import changes, groups
from macros.workings.urls import site_urls

ATOM = {"atom": "http://www.w3.org/2005/Atom", "xhtml": "http://www.w3.org/1999/xhtml"}
PUBLISHED = "https://example.github.io/thurrock/"
FIRST = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
HOSTILE = 'Sickness <b>absence</b> & ]]> {{ "pwn" ~ "ed" }} <script>alert(1)</script>'


@pytest.fixture
def history(tmp_path_factory):
    """Report 2017 and 2018 published, then one figure corrected and one added, on another day."""

    def made(**changes):
        return tiny_site(tmp_path_factory.mktemp("state"), **changes)

    later = {"more_results": [{"kpi": "call-quality", "period": "2018 latest", "value": 96}]}
    return [
        ("a" * 40, FIRST, made()),
        ("b" * 40, FIRST + timedelta(days=30), made(result={"value": 9.9}, **later)),
    ]


def feed_for(states, site_url=None, linked=lambda doc: True, directory_urls=True) -> bytes:
    found = None if states is None else groups(changes(states))
    xml = atom_feed(found, "Facts", "Thurrock Council", site_urls(site_url, directory_urls), linked, now=FIRST)
    return xml.encode("utf-8")


def test_the_feed_is_valid_atom_by_the_rfc_schema_and_to_a_feed_reader(history):
    xml = feed_for(history, PUBLISHED)
    assert atom_errors(xml) == []
    read = read_feed(xml)
    assert (read.bozo, read.version) == (0, "atom10")
    assert [entry.title for entry in read.entries] == [
        "2 figures corrected on 3 February 2027",
        "Portfolio Holder report 2018 published on this site",
        "Portfolio Holder report 2017 published on this site",
    ]


def test_the_schema_check_finds_what_breaks_atom(history):
    """The validator is not a formality: a date in words and a missing author each fail it."""
    xml = feed_for(history)
    assert atom_errors(xml.replace(b"<updated>2027-02-03T09:00:00+00:00", b"<updated>3 February 2027", 1))
    no_author = etree.fromstring(xml)
    no_author.remove(no_author.find("atom:author", ATOM))
    assert "An atom:feed must have an atom:author unless all of its atom:entry children have an atom:author." in (
        atom_errors(etree.tostring(no_author))
    )


def test_a_correction_entry_lists_each_figure_old_to_new_with_its_period_and_report(history):
    entry = read_feed(feed_for(history, PUBLISHED)).entries[0]
    content = etree.fromstring(feed_for(history, PUBLISHED)).find("atom:entry/atom:content/xhtml:div", ATOM)
    items = [" ".join("".join(item.itertext()).split()) for item in content.iterfind("xhtml:ul/xhtml:li", ATOM)]
    assert items == [  # in the data's order
        "Average sickness absence per FTE employee (2017/18, Portfolio Holder report 2018, result corrected: "
        "9.95 → 9.9)",
        "Customer Service call quality (Latest data in the 2018 report, Portfolio Holder report 2018, result added: "
        "(none) → 96%)",
    ]
    assert entry.updated == "2027-02-03T09:00:00+00:00"
    assert entry.link == PUBLISHED + "changes/#changes-2027-02-03"


def test_entry_ids_are_tag_uris_that_do_not_change_when_more_history_is_added(history, tmp_path):
    ids = [entry.id for entry in read_feed(feed_for(history)).entries]
    assert ids == [
        "tag:thurrock.gov.uk,2017:portfolio-facts/2027-02-03/corrections",
        "tag:thurrock.gov.uk,2017:portfolio-facts/2027-01-04/report-central-services-2018",
        "tag:thurrock.gov.uk,2017:portfolio-facts/2027-01-04/report-central-services-2017",
    ]
    again = [*history, ("c" * 40, FIRST + timedelta(days=40), tiny_site(tmp_path, result={"value": 9.8}))]
    assert [entry.id for entry in read_feed(feed_for(again)).entries][1:] == ids
    assert read_feed(feed_for(history, PUBLISHED)).entries[0].id == ids[0]  # the site's address is not in it


def test_links_are_absolute_with_the_sites_address_and_relative_to_the_feed_without_it(history):
    published, local = etree.fromstring(feed_for(history, PUBLISHED)), etree.fromstring(feed_for(history))
    assert [link.get("href") for link in published.iterfind("atom:link", ATOM)] == [
        PUBLISHED + "feed.xml",
        PUBLISHED + "changes/",
    ]
    assert [link.get("href") for link in local.iterfind("atom:link", ATOM)] == ["feed.xml", "changes/"]
    figure_links = [a.get("href") for a in published.iterfind(".//xhtml:a", ATOM)]
    assert figure_links[:2] == [PUBLISHED + "kpis/sickness-absence/", PUBLISHED + "kpis/call-quality/"]
    assert figure_links[2:] == [
        PUBLISHED + "reports/central-services/2018/",
        PUBLISHED + "reports/central-services/2017/",
    ]
    preview = etree.fromstring(feed_for(history, directory_urls=False))
    assert [link.get("href") for link in preview.iterfind("atom:link", ATOM)] == ["feed.xml", "changes.html"]


def test_a_figure_whose_page_is_not_on_the_site_is_named_without_a_link(history):
    xml = etree.fromstring(feed_for(history, linked=lambda doc: doc != "kpis/call-quality.md"))
    item = xml.findall("atom:entry/atom:content/xhtml:div/xhtml:ul/xhtml:li", ATOM)[1]
    assert (item[0].tag, item[0].text, item[0].get("href")) == (
        f"{{{ATOM['xhtml']}}}span",
        "Customer Service call quality",
        None,
    )


@pytest.mark.parametrize("states", [None, []], ids=["no history", "no readable commit"])
def test_without_history_the_feed_is_still_valid_with_no_entries(states):
    xml = feed_for(states)
    assert atom_errors(xml) == []
    read = read_feed(xml)
    assert (read.bozo, len(read.entries), read.feed.updated) == (0, 0, "2027-01-04T09:00:00+00:00")


def test_a_title_with_markup_reaches_the_feed_as_text(tmp_path_factory):
    def made(**changes):
        return tiny_site(tmp_path_factory.mktemp("state"), kpi={"title": HOSTILE}, **changes)

    xml = feed_for([("a" * 40, FIRST, made()), ("b" * 40, FIRST + timedelta(days=1), made(result={"value": 9.9}))])
    assert atom_errors(xml) == []
    link = etree.fromstring(xml).find("atom:entry/atom:content/xhtml:div/xhtml:ul/xhtml:li/xhtml:a", ATOM)
    assert (link.text, len(link)) == (HOSTILE, 0)  # the whole title as the link's words, no element inside
    assert b"<b>" not in xml and b"<script>" not in xml and b"]]>" not in xml
    shown = read_feed(xml).entries[0].content[0].value  # the HTML a feed reader shows
    assert "<b>" not in shown and "<script>" not in shown and HOSTILE in html.unescape(shown)
