"""No broken link or anchor anywhere in the built site (links to other sites are not fetched)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "script", "img", "source"):
                self.links.append(attrs[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, page: Path, link: str) -> tuple[Path | None, str]:
    parsed = urlparse(link)
    if parsed.scheme or link.startswith("//"):
        return None, ""  # another site, or mailto:
    folder = site if parsed.path.startswith("/") else page.parent  # 404.html uses links from the root
    target = (folder / unquote(parsed.path).lstrip("/")).resolve() if parsed.path else page
    if target.is_dir() or parsed.path.endswith("/"):
        target = target / "index.html"
    return target, parsed.fragment


def test_no_broken_internal_links_or_anchors(built):
    site = built.site.resolve()
    pages = {page.resolve(): parse(page) for page in site.rglob("*.html")}
    broken = []
    checked = 0
    for page, parsed in pages.items():
        for link in parsed.links:
            target, anchor = resolve(site, page, link)
            if target is None:
                continue
            checked += 1
            if not target.exists() or site not in target.parents:
                broken.append(f"{page.relative_to(site)} -> {link} (no such file)")
            elif anchor and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if anchor not in ids:
                    broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    assert checked > 1000
    assert broken == []


def test_a_broken_link_would_be_found(built, tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<a href="missing/">x</a><a href="#nowhere">y</a><p id="here"></p>', encoding="utf-8")
    parsed = parse(page)
    results = [resolve(tmp_path, page, link) for link in parsed.links]
    assert not results[0][0].exists()
    assert results[1][1] == "nowhere" and "nowhere" not in parsed.ids


def test_outside_links_are_only_in_content_never_fetched_assets(built):
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), page
