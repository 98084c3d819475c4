"""HTML for a TableData, following the GOV.UK table guidance.

Each cell is escaped on its own and cells are separated by newlines, so that a value can
never become markup and Material's search indexes each cell as its own words. Under each
table: its footnotes and notes, visible links to the same rows as CSV and JSON, and the
source line.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .tabular import TableData, cell_text

DOWNLOADS = "data/tables"  # where each table's CSV and JSON are published, from the site's root


def table_html(data: TableData, base: str = "") -> Markup:
    """The table in a labelled, keyboard-scrollable region, then notes, downloads and source.

    base is the way from the page to the site's root, e.g. "../../" (links are relative so
    the site works from any folder).
    """
    notes = data.notes()
    head = [_th(data.label_heading, "col")] + [_th(column.heading, "col", column.numeric) for column in data.columns]
    body = []
    for row in data.rows:
        label = Markup('<a href="{}{}">{}</a>').format(base, row.href, row.label) if row.href else escape(row.label)
        for note in row.notes:
            label += Markup(' <a class="note-ref" href="#{0}-note-{1}">(note {1})</a>').format(
                data.id, notes.index(note) + 1)
        cells = [_th(label, "row")]
        for column, value in zip(data.columns, row.cells, strict=True):
            cells.append(_td(cell_text(column, row, value), column.numeric, _status_class(column.kind, value)))
        body.append(_row(cells, "total" if row.total else ""))
    parts = [
        Markup('<div class="data-table" id="{}">').format(data.id),
        Markup('<div class="data-table__scroll" role="region" aria-labelledby="{}-caption" tabindex="0">').format(data.id),
        Markup('<table class="data-table__table">'),
        Markup('<caption id="{}-caption"><span class="data-table__caption">{}</span></caption>').format(
            data.id, data.caption),
        Markup("<thead>\n{}\n</thead>").format(_row(head)),
        Markup("<tbody>\n{}\n</tbody>").format(Markup("\n").join(body)),
        Markup("</table>"),
        Markup("</div>"),
    ]
    parts += [Markup('<p class="table-footnote">{}</p>').format(footnote) for footnote in data.footnotes]
    parts += [Markup('<p class="table-note" id="{}-note-{}">Note {}: {}</p>').format(data.id, number, number, note)
              for number, note in enumerate(notes, 1)]
    parts += [downloads_html(data, base), Markup('<p class="table-source">Source: {}.</p>').format(data.source),
              Markup("</div>")]
    return Markup("\n").join(parts)


def downloads_html(data: TableData, base: str) -> Markup:
    """Visible links to the table's rows as CSV and JSON; hidden words name the table for screen readers."""
    links = [Markup('<a href="{0}{1}/{2}.{3}" download>{4}<span class="visually-hidden"> of “{5}”</span></a>').format(
        base, DOWNLOADS, data.id, extension, label, data.caption) for extension, label in (("csv", "CSV"), ("json", "JSON"))]
    return Markup('<p class="table-downloads">Download this table: {}</p>').format(Markup(" · ").join(links))


def _status_class(kind: str, value) -> str:
    """Colour may add to the words; it never replaces them."""
    if kind == "words" and value in ("Achieved", "Failed"):
        return f"status status--{value.lower()}"
    return ""


def _th(text, scope: str, numeric: bool = False) -> Markup:
    css = ' class="num"' if numeric else ""
    return Markup(f'<th scope="{escape(scope)}"{css}>{escape(text)}</th>')


def _td(text, numeric: bool = False, css: str = "") -> Markup:
    classes = " ".join(filter(None, ["num" if numeric else "", css]))
    attr = f' class="{escape(classes)}"' if classes else ""
    return Markup(f"<td{attr}>{escape(text)}</td>")


def _row(cells: list[Markup], css: str = "") -> Markup:
    # escape() and f-strings rather than Markup.format, which costs several times more per cell.
    attr = f' class="{escape(css)}"' if css else ""
    return Markup(f"<tr{attr}>\n" + "\n".join(map(escape, cells)) + "\n</tr>")
