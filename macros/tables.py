"""HTML tables for KPIs and budgets, following the GOV.UK table guidance.

Each cell is escaped on its own and cells are separated by newlines, so that a value can
never become markup and Material's search indexes each cell as its own words.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .model import BudgetTable, KpiRow, KpiTable, Report, Service
from .units import format_figure, format_pounds, format_target

NUMERIC_FIELDS = ("value", "target")


def kpi_table_html(table: KpiTable, report: Report, service: Service) -> Markup:
    """The KPI table as the report printed it, with notes and a source line."""
    notes = _unique([result.note for row in table.rows for result in row.cells if result.note])
    anchor = f"kpi-{table.report}-{table.id}"
    head = [_th("KPI title", "col")] + [_th(column.heading, "col", numeric=column.field in NUMERIC_FIELDS)
                                        for column in table.columns]
    body = [_kpi_row(row, table, anchor, notes) for row in table.rows]
    return _figure(anchor, table.caption, head, body, [*table.footnotes], _numbered(anchor, notes),
                   _source_line(report, service, table.section))


def budget_table_html(table: BudgetTable, report: Report, service: Service) -> Markup:
    """The budget table: budget, forecast and variance (forecast minus budget) per service area."""
    anchor = f"budget-{table.year.replace('/', '-')}-{table.id}"
    head = [_th("Service area", "col")] + [_th(heading, "col", numeric=True) for heading in
                                           ("Full year budget (£)", "Full year forecast (£)", "Variance (£)")]
    total = table.total
    lines = [*table.lines, total] if table.has_total else list(table.lines)
    notes = _unique([line.note for line in lines if line.note])
    body = [_row([_th(_with_note_refs(line.area, [line.note], anchor, notes), "row"),
                  *(_td(format_pounds(amount), numeric=True) for amount in (line.budget, line.forecast, line.variance))],
                 css="total" if line is total else "")
            for line in lines]
    return _figure(anchor, table.caption, head, body, [], _numbered(anchor, notes),
                   _source_line(report, service, table.section))


# --- rows and cells ---------------------------------------------------------


def _kpi_row(row: KpiRow, table: KpiTable, anchor: str, notes: list[str]) -> Markup:
    cells = [_th(_with_note_refs(row.title, [result.note for result in row.cells], anchor, notes), "row")]
    for column, result in zip(table.columns, row.cells):
        cells.append(_td(_cell_text(row, column.field, result), numeric=column.field in NUMERIC_FIELDS,
                         css=_status_class(column.field, getattr(result, column.field))))
    return _row(cells)


def _cell_text(row: KpiRow, field: str, result) -> str:
    """One cell in words or figures, formatted as the council prints it."""
    unit = row.kpi.unit
    if field == "value":
        return format_figure(unit, result.value)
    if field == "target":
        return format_target(unit, result.target)
    if field == "direction" and result.direction_reason:
        return f"{result.direction} – {result.direction_reason}"
    return str(getattr(result, field))


def _status_class(field: str, text) -> str:
    """Colour may add to the words; it never replaces them."""
    if field == "performance" and text in ("Achieved", "Failed"):
        return f"status status--{text.lower()}"
    return ""


def _with_note_refs(label: str, row_notes: list, anchor: str, notes: list[str]) -> Markup:
    """A row label followed by a link to each note that belongs to the row."""
    label = escape(label)
    for note in _unique([note for note in row_notes if note]):
        number = notes.index(note) + 1
        label += Markup(' <a class="note-ref" href="#{0}-note-{1}">(note {1})</a>').format(anchor, number)
    return label


def _numbered(anchor: str, notes: list[str]) -> list[tuple[str, str]]:
    return [(f"{anchor}-note-{number}", f"Note {number}: {note}") for number, note in enumerate(notes, 1)]


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))


# --- HTML building blocks -----------------------------------------------------


def _th(text, scope: str, numeric: bool = False) -> Markup:
    css = Markup(' class="num"') if numeric else Markup("")
    return Markup('<th scope="{}"{}>{}</th>').format(scope, css, text)


def _td(text, numeric: bool = False, css: str = "") -> Markup:
    classes = " ".join(filter(None, ["num" if numeric else "", css]))
    attr = Markup(' class="{}"').format(classes) if classes else Markup("")
    return Markup("<td{}>{}</td>").format(attr, text)


def _row(cells: list[Markup], css: str = "") -> Markup:
    attr = Markup(' class="{}"').format(css) if css else Markup("")
    return Markup("<tr{}>\n{}\n</tr>").format(attr, Markup("\n").join(cells))


def _source_line(report: Report, service: Service, section: str) -> Markup:
    return Markup('<p class="table-source">Source: {}, {}, “{}”.</p>').format(report.title, service.name, section)


def _figure(anchor: str, caption: str, head: list, body: list, footnotes: list[str],
            notes: list[tuple[str, str]], source: Markup) -> Markup:
    """A captioned table in a labelled, keyboard-scrollable region, then its notes and source."""
    parts = [
        Markup('<div class="data-table" id="{}">').format(anchor),
        Markup('<div class="data-table__scroll" role="region" aria-labelledby="{}-caption" tabindex="0">').format(anchor),
        Markup('<table class="data-table__table">'),
        Markup('<caption id="{}-caption"><span class="data-table__caption">{}</span></caption>').format(anchor, caption),
        Markup("<thead>\n{}\n</thead>").format(_row(head)),
        Markup("<tbody>\n{}\n</tbody>").format(Markup("\n").join(body)),
        Markup("</table>"),
        Markup("</div>"),
    ]
    for footnote in footnotes:
        parts.append(Markup('<p class="table-footnote">{}</p>').format(footnote))
    for note_id, note in notes:
        parts.append(Markup('<p class="table-note" id="{}">{}</p>').format(note_id, note))
    parts += [source, Markup("</div>")]
    return Markup("\n").join(parts)
