"""What a page's own text becomes in HTML, read with an allow-list: the check that decides.

page_rules.html_problems reads a page's Markdown to say early, on the right line, what may not be there; but
Markdown is read here by one program and by Python-Markdown in another way (where a fence ends, whether text
between backticks in a block of HTML is code, what Jinja prints of {% raw %}). So the page's text is also made
into HTML exactly as the build makes it, with the site's macros standing for nothing: rendered by Jinja (in
its sandbox; the page is already known to call only the macros, with literal arguments) and converted by
Python-Markdown with the extensions and settings of mkdocs.yml. Every tag and attribute of that HTML is then
read against an allow-list:

- tags Markdown makes (paragraphs, headings, lists, links, images, code, tables, admonitions, ...) and the
  few written by hand that page_rules.ALLOWED_TAGS lists; nothing else;
- on each, only the attributes listed for it (no style=, no on...=), each at most once (a browser keeps the
  first of two, Python's reader the last);
- a link goes to a page of the site, #somewhere, http:, https: or mailto:; an image comes from the site
  itself (a path, never another web address: a reader's browser would fetch it from there);
- nothing a browser reads differently from Python's HTML reader: comments ended early (<!-->, <!--->, --!>),
  declarations (<!...>, <?...>) and a "<" left as text where a browser would start a tag.

Each problem is placed on the first line of the page's file that holds what it names; on the file alone when
none does. Pure functions but for reading mkdocs.yml when the build's settings are not given.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import yaml
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .page_rules import ALLOWED_TAGS, Problem, body_start, other_host, url_scheme

# What Python-Markdown and the site's extensions make (tables, admonitions, abbr, def_list, attr_list,
# md_in_html, pymdownx.keys, toc), plus what a page may write by hand.
MARKDOWN_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "a", "em", "strong", "code",
     "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "img", "abbr", "details",
     "summary", "div", "span", "sup", "sub", "del", "ins", "mark", "kbd"} | set(ALLOWED_TAGS)
)  # fmt: skip
ANY_TAG_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "markdown"})
TAG_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "details": {"open"},
    "ol": {"start"},
    "th": {"align", "style"},
    "td": {"align", "style"},
}
_TABLE_ALIGN = re.compile(r"text-align:\s*(?:left|right|center);?")  # the only style= Markdown's tables write
ABRUPT_COMMENTS = ("<!-->", "<!--->", "--!>")
LINK_SCHEMES = ("http", "https", "mailto")

_MARKUP_IN_TEXT = re.compile(r"<[A-Za-z/!?]")


# --- the page made into HTML as the build makes it -------------------------------------------------------

_BUILT_IN = ("toc", "tables", "fenced_code")  # MkDocs adds these to mkdocs.yml's markdown_extensions


def markdown_settings(config=None) -> tuple[tuple[str, ...], dict]:
    """(extension names, their settings): the build's own (config, MkDocs' loaded mkdocs.yml) or, without it,
    those of the project's mkdocs.yml as MkDocs reads them."""
    if config is not None:
        return tuple(config["markdown_extensions"]), dict(config["mdx_configs"])
    path = Path(__file__).resolve().parents[2] / "mkdocs.yml"
    try:
        return _settings_in(str(path), path.stat().st_mtime_ns)
    except OSError:
        return _BUILT_IN, {}


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (!ENV, !relative, !!python/name:) are read as nothing, since
    only the Markdown extensions' names and settings are wanted here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@functools.lru_cache(maxsize=4)
def _settings_in(path: str, _modified: int) -> tuple[tuple[str, ...], dict]:
    with open(path, encoding="utf-8") as file:
        listed = (yaml.load(file, Loader=_ConfigLoader) or {}).get("markdown_extensions") or []
    names, configs = list(_BUILT_IN), {}
    for item in listed:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names += [name] if name not in names else []
        if settings:
            configs[name] = settings
    return tuple(names), configs


_LOCK = threading.Lock()
_MARKDOWN: dict[str, object] = {}
_JINJA: dict[tuple, SandboxedEnvironment] = {}
_JINJA_SYNTAX = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline",
)  # fmt: skip


def _nothing(*args, **kwargs) -> str:
    return ""


def page_html(body: str, environment, macros: list[str], settings: tuple[tuple[str, ...], dict]) -> str | None:
    """The HTML the page's own text becomes (the macros giving nothing); None when Jinja cannot read the page,
    which the build reports with its line."""
    syntax = tuple(getattr(environment, name) for name in _JINJA_SYNTAX)
    with _LOCK:
        jinja = _JINJA.get((syntax, tuple(macros)))
        if jinja is None:
            jinja = SandboxedEnvironment(undefined=StrictUndefined, **dict(zip(_JINJA_SYNTAX, syntax, strict=True)))
            jinja.globals = {name: _nothing for name in macros}
            _JINJA[(syntax, tuple(macros))] = jinja
    markers = (environment.variable_start_string, environment.block_start_string, environment.comment_start_string)
    if any(marker in body for marker in markers):
        try:
            body = jinja.from_string(body).render()
        except TemplateError:
            return None
    names, configs = settings
    key = json.dumps([names, configs], sort_keys=True, default=repr)
    with _LOCK:
        converter = _MARKDOWN.get(key)
        if converter is None:
            import markdown

            converter = _MARKDOWN[key] = markdown.Markdown(extensions=list(names), extension_configs=configs)
        try:
            return converter.reset().convert(body)
        finally:
            converter.reset()


# --- read against the allow-list --------------------------------------------------------------------------


class _Scan(HTMLParser):
    """Each tag, attribute, comment and text of a page's HTML; what is not allowed, with words to look for in
    the page's file to find its line."""

    def __init__(self):
        super().__init__(convert_charrefs=False)  # so that a "<" written as &lt; is not taken for one left as is
        self.found: list[tuple[str, tuple[str, ...]]] = []

    def refuse(self, what: str, *needles: str) -> None:
        self.found.append((what, needles))

    def handle_starttag(self, tag, attrs):
        if tag not in MARKDOWN_TAGS:
            self.refuse(f"<{tag}> {_NOT_ALLOWED}", f"<{tag}")
            return
        names = [name for name, _ in attrs]
        for name, value in attrs:
            value = value or ""
            if names.count(name) > 1:
                self.refuse(f"<{tag}> has {name}= twice; {_TWICE}", f"{name}=", f"<{tag}")
            elif name.startswith("on"):
                self.refuse(f"<{tag} {name}=...>: event handlers run code; remove it", name)
            elif name not in ANY_TAG_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set()):
                self.refuse(f"<{tag} {name}=...> {_ATTRIBUTE}", value, f"{name}=", name)
            elif name == "style" and not _TABLE_ALIGN.fullmatch(value.strip()):
                self.refuse(f"<{tag} style=...> {_ATTRIBUTE}", value, "style")
            elif name == "href" and url_scheme(value) not in (None, *LINK_SCHEMES):
                self.refuse(f"<{tag} href={value[:60]!r}>: {_LINK}", value[:40], "href")
            elif name == "href" and url_scheme(value) is None and other_host(value):
                self.refuse(f"<{tag} href={value[:60]!r}>: write a web address in full (https://...)", value[:40])
            elif name == "src" and other_host(value):
                self.refuse(f"an image from {value[:60]!r}: {_IMAGE}", value[:40], "src")

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self.refuse(f"<!{decl[:30]}> {_DECLARATION}", f"<!{decl[:10]}")

    def unknown_decl(self, data):
        self.refuse(f"<![{data[:30]}> {_DECLARATION}", f"<![{data[:10]}")

    def handle_pi(self, data):
        self.refuse(f"<?{data[:30]}> {_DECLARATION}", f"<?{data[:10]}")

    def handle_data(self, data):
        if self.cdata_elem is None and (left := _MARKUP_IN_TEXT.search(data)):
            snippet = data[left.start() : left.start() + 30]
            self.refuse(f"{snippet!r} {_UNREADABLE}", snippet[:12])


_NOT_ALLOWED = (
    "is not allowed in a page: its HTML may hold only what Markdown makes and a few tags written by hand "
    "(<{}>); the site's macros do the rest"
).format(">, <".join(ALLOWED_TAGS))
_ATTRIBUTE = (
    "is not allowed: HTML in a page may carry only class, id or title (a link its href, an image its src "
    "and alt); the site's look is set for every page at once"
)
_TWICE = "browsers keep the first and ignore the other, so the page would not be what it seems; keep one"
_LINK = "links may only go to web addresses (https://...), mailto: or pages of the site"
_IMAGE = (
    "an image must be a file of the site (put it in docs/assets/ and write its path, such as "
    "assets/chart.png): a reader's browser would fetch one from another web address, telling that site who "
    "reads the page, and the site makes no requests to other web addresses"
)
_ABRUPT = (
    "an HTML comment is ended early (<!-->, <!---> or --!>): browsers end it there and show or run what "
    "follows; write a comment as <!-- words --> or remove it"
)
_DECLARATION = "is not allowed in a page: browsers and the site's check would read it differently; remove it"
_UNREADABLE = (
    "is HTML that is not finished or not well formed (a browser could read a tag here that the site's check "
    "does not); write the tag in full or put it in `code`"
)


def html_problems_in(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """What the allow-list refuses in a page's HTML, each with the words that find its line in the page. (A
    comment ended early is found in the text: Python's reader, unlike a browser, reads on to the next -->.)"""
    scan = _Scan()
    for form in ABRUPT_COMMENTS:
        if form in html:
            scan.refuse(_ABRUPT, form)
    scan.feed(html)
    scan.close()
    return list(dict.fromkeys(scan.found))


def line_of(source: str, needles) -> int | None:
    """The first line of the page's file holding the first of the needles found in it (any case)."""
    lines = source.lower().split("\n")
    for needle in needles:
        needle = needle.strip().lower()
        if not needle:
            continue
        for number, text in enumerate(lines, 1):
            if needle in text:
                return number
    return None


def markdown_problems(text: str, environment, macros: list[str], settings=None) -> list[Problem]:
    """What the page's own text (the whole file) gives in HTML that the allow-list refuses, with its line in
    the file (settings: markdown_settings(), the build's extensions)."""
    offset = body_start(text)
    body = "\n".join(text.split("\n")[offset:])
    made = page_html(body, environment, macros, settings or markdown_settings())
    if made is None:
        return []
    return [Problem(line_of(text, needles), what) for what, needles in html_problems_in(made)]
