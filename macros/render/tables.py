"""HTML for a TableData, following the GOV.UK table guidance.

Each cell is escaped on its own and cells are separated by newlines, so that a value can
never become markup and a cell's text never runs into the next one's. Under each
table: its footnotes and notes, visible links to the same rows as CSV and JSON, and the
source line.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..workings.tabular import TableData, cell_shown
from ..workings.urls import Urls, part_anchor


def table_html(data: TableData, base: str = "", directory_urls: bool = True) -> Markup:
    """The table in a labelled, keyboard-scrollable region, then notes, downloads and source.

    base is the way from the page to the site's root, e.g. "../../" (links are relative so
    the site works from any folder); directory_urls is MkDocs' use_directory_urls.
    """
    urls = Urls(directory_urls, base)
    notes = data.notes()
    tid = escape(data.id)
    caption_id = escape(part_anchor(data.id, "caption"))
    head = [_th(data.label_heading, "col")] + [_th(column.heading, "col", column.numeric) for column in data.columns]
    labels = [escape(column.heading) for column in data.columns]  # shown beside each figure on a phone
    body = []
    for row in data.rows:
        label = (
            Markup(f'<a href="{escape(urls.page(row.link))}">{escape(row.label)}</a>')
            if row.link
            else escape(row.label)
        )
        for note in row.notes:
            number = notes.index(note) + 1
            label += Markup(f' <a class="note-ref" href="#{_note_id(tid, number)}">(note {number})</a>')
        cells = [_th(label, "row")]
        for column, value, label in zip(data.columns, row.cells, labels, strict=True):
            text = cell_shown(column, row, value, data.units_shown)
            if not text and not row.total:  # an empty cell says why; in a total row it has nothing to say
                cells.append(_td(column.empty, label, column.numeric, "empty"))
                continue
            cells.append(_td(text, label, column.numeric, _status_class(column.kind, value)))
        body.append(_row(cells, "total" if row.total else "", row.anchor))
    parts = [
        # Search leaves the table out of the page's text: a report's own tables are records of their own
        # (macros/search/search_index.py), the others repeat figures found there.
        f'<div class="data-table" id="{tid}" data-pagefind-ignore>',
        f'<div class="data-table__scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">',
        '<table class="data-table__table">',
        f'<caption id="{caption_id}"><span class="data-table__caption">{escape(data.caption)}</span></caption>',
        f"<thead>\n{_row(head)}\n</thead>",
        "<tbody>\n" + "\n".join(body) + "\n</tbody>",
        "</table>",
        "</div>",
    ]
    parts += [f'<p class="table-footnote">{escape(footnote)}</p>' for footnote in data.footnotes]
    parts += [
        f'<p class="table-note" id="{_note_id(tid, number)}">Note {number}: {escape(note)}</p>'
        for number, note in enumerate(notes, 1)
    ]
    parts += [downloads_html(data, urls), f'<p class="table-source">Source: {escape(data.source)}.</p>', "</div>"]
    return Markup("\n".join(parts))


def _note_id(table_id: str, number: int) -> str:
    return escape(part_anchor(table_id, f"note-{number}"))


def downloads_html(data: TableData, urls: Urls) -> Markup:
    """Visible links to the table's rows as CSV and JSON; hidden words name the table for screen readers."""
    caption = escape(data.caption)
    links = [
        f'<a href="{escape(urls.table_download(data.id, extension))}" download>{label}'
        f'<span class="visually-hidden"> of “{caption}”</span></a>'
        for extension, label in (("csv", "CSV"), ("json", "JSON"))
    ]
    return Markup(f'<p class="table-downloads">Download this table: {" · ".join(links)}</p>')


def _status_class(kind: str, value) -> str:
    """Colour may add to the words; it never replaces them."""
    if kind == "words" and value in ("Achieved", "Failed"):
        return f"status status--{value.lower()}"
    return ""


# The cells are HTML strings, each value escaped: escape() and f-strings rather than Markup.format
# or a Markup per cell, which cost several times more on a large site.
def _th(text, scope: str, numeric: bool = False) -> str:
    css = ' class="num"' if numeric else ""
    return f'<th scope="{scope}"{css}>{escape(text)}</th>'


def _td(text, label: str, numeric: bool = False, css: str = "") -> str:
    """A cell; data-label is its column's heading (already escaped), which a phone shows beside it."""
    classes = " ".join(filter(None, ["num" if numeric else "", css]))
    attr = f' class="{classes}"' if classes else ""
    return f'<td data-label="{label}"{attr}>{escape(text)}</td>'


def _row(cells: list[str], css: str = "", anchor: str | None = None) -> str:
    attr = (f' id="{escape(anchor)}"' if anchor else "") + (f' class="{css}"' if css else "")
    return f"<tr{attr}>\n" + "\n".join(cells) + "\n</tr>"
