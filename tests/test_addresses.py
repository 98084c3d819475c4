"""Addresses that last: every address the site has published (tests/published_addresses.txt: its pages and
every download) keeps answering, served as GitHub Pages serves the site, as the same page or a redirect page
(meta refresh and canonical) to its new home."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest
from helpers import PORTFOLIO, ROOT

ADDRESSES = [
    line.strip()
    for line in (ROOT / "tests/published_addresses.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', re.I)
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"', re.I)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_the_list_holds_every_kind_of_address():
    assert "./" in ADDRESSES and "feed.xml" in ADDRESSES and "data/datapackage.json" in ADDRESSES
    assert any(address.startswith("reports/2018/") for address in ADDRESSES)  # before reports were filed by portfolio
    assert any(address.startswith(f"reports/{PORTFOLIO}/2018/") for address in ADDRESSES)  # since
    assert any(address.startswith("data/tables/") for address in ADDRESSES)
    assert len(ADDRESSES) == len(set(ADDRESSES)) > 250


@pytest.mark.slow
def test_every_published_address_still_answers(published):
    gone, moved_badly = [], []
    for address in ADDRESSES:
        url = urljoin(published.url, address)
        status, body = fetch(url)
        if status != 200:
            gone.append((address, status))
            continue
        refresh = REFRESH.search(body.decode("utf-8", "replace")) if address.endswith("/") else None
        if refresh:  # moved: the redirect page names its new home, which answers
            target = urljoin(url, refresh[1])
            canonical = CANONICAL.search(body.decode("utf-8", "replace"))
            if not canonical or urljoin(url, canonical[1]) != target or not is_page(target):
                moved_badly.append(address)
    assert gone == [] and moved_badly == []


def is_page(url: str) -> bool:
    """Whether the address answers with a page, not with another redirect."""
    status, body = fetch(url)
    return status == 200 and not REFRESH.search(body.decode("utf-8", "replace"))


@pytest.mark.slow
def test_the_sitemap_lists_each_published_page_at_its_home_and_no_redirect(published):
    site = published.build.site
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    pages = [address for address in ADDRESSES if address.endswith("/")]
    moved = [
        a for a in pages if REFRESH.search((site / a / "index.html").read_text(encoding="utf-8", errors="replace"))
    ]
    assert any(a.startswith("reports/2018/") for a in moved)  # the old addresses of the reports' pages
    for address in pages:
        assert (urljoin(published.url, address) in listed) == (address not in moved), address
