"""Read built pages with the standard library: tables, headings and visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    tag: str
    attrs: dict
    text: str = ""


@dataclass
class Table:
    wrapper_id: str
    caption: str = ""
    head: list[Cell] = field(default_factory=list)
    rows: list[tuple[dict, list[Cell]]] = field(default_factory=list)  # (tr attributes, cells)
    after: str = ""  # text of the notes and source line under the table


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._wrapper: str | None = None
        self._wrapper_depth = 0
        self._cell: Cell | None = None
        self._row: list[Cell] | None = None
        self._row_attrs: dict = {}
        self._section = "body"
        self._heading: list | None = None
        self._in_article = 0
        self._skip = 0
        self._skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "article":
            self._in_article += 1
        if tag in ("script", "style") or (tag == "a" and "headerlink" in classes):
            self._skip += 1
            self._skipping.append(tag)
        if tag == "div" and "data-table" in classes:
            self.tables.append(Table(attrs.get("id", "")))
            self._wrapper_depth = 1
        elif tag == "div" and self._wrapper_depth:
            self._wrapper_depth += 1
        if self._wrapper_depth:
            if tag == "thead":
                self._section = "head"
            elif tag == "tbody":
                self._section = "body"
            elif tag == "tr":
                self._row, self._row_attrs = [], attrs
            elif tag in ("th", "td"):
                self._cell = Cell(tag, attrs)
            elif tag == "caption":
                self._cell = Cell("caption", attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._in_article:
            self._heading = [int(tag[1]), ""]
        if tag in ("p", "li", "br", "tr", "th", "td", "div", "h1", "h2", "h3", "h4"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
            self._skip -= 1
        if tag == "article":
            self._in_article -= 1
        if self._wrapper_depth:
            table = self.tables[-1]
            if tag in ("th", "td") and self._cell is not None:
                self._cell.text = " ".join(self._cell.text.split())
                self._row.append(self._cell)
                self._cell = None
            elif tag == "caption" and self._cell is not None:
                table.caption = " ".join(self._cell.text.split())
                self._cell = None
            elif tag == "tr" and self._row is not None:
                if self._section == "head":
                    table.head = self._row
                else:
                    table.rows.append((self._row_attrs, self._row))
                self._row = None
            elif tag == "div":
                self._wrapper_depth -= 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.text += data
        elif self._wrapper_depth and self.tables:
            self.tables[-1].after += data
        if self._heading is not None:
            self._heading[1] += data
        if self._in_article:
            self.text.append(data)


def read_page(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


@dataclass
class Head:
    meta: list[dict] = field(default_factory=list)  # each <meta>'s attributes, unescaped
    links: list[dict] = field(default_factory=list)  # each <link>'s
    title: str = ""

    def named(self, name: str) -> list[str]:
        """The content of every <meta name=...> or <meta property=...> with this name."""
        return [tag.get("content") for tag in self.meta if name in (tag.get("name"), tag.get("property"))]


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head, self._in_title = Head(), False

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "link"):
            (self.head.meta if tag == "meta" else self.head.links).append(dict(attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.head.title += data


def read_head(html: str) -> Head:
    """The page's <head>: its meta and link tags and its title."""
    parser = _HeadParser()
    parser.feed(html[: html.index("</head>")])
    parser.close()
    return parser.head
