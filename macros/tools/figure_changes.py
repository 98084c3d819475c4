"""The figures a pull request adds, changes or removes, as Markdown for a GitHub job summary.

`python -m macros.tools.figure_changes BASE_DATA_DIR HEAD_DATA_DIR` compares two data/ folders
and prints what changed, each figure formatted as the site prints it. A base folder that
does not exist or holds no data (the first pull request) means every figure is added.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from ..base.errors import CannotCompare, DataErrors
from ..base.log_text import log_line
from ..base.model import Site
from ..read.project import load_site
from ..workings.figures import SECTIONS, Change, Section, compare, shown

# --- the figures that differ between two sites -----------------------------------------


def section_changes(base: Site | None, head: Site) -> dict[Section, list[Change]]:
    return {section: compare(section.figures(base) if base else {}, section.figures(head)) for section in SECTIONS}


def names(*sites: Site | None) -> dict[str, dict[str, str]]:
    """Each id's name for the tables: KPIs and facts by title and id, services by name (the later site wins)."""
    found: dict[str, dict[str, str]] = {"kpi": {}, "fact": {}, "service": {}}
    for site in filter(None, sites):
        found["kpi"].update({kpi.id: f"{kpi.title} ({kpi.id})" for kpi in site.kpis.values()})
        found["fact"].update({fact.id: f"{fact.title} ({fact.id})" for fact in site.facts.values()})
        found["service"].update({service.id: service.name for service in site.services.values()})
    return found


# --- Markdown ---------------------------------------------------------------------------

# Markdown's inline characters; escaped so text from data stays text (no link, HTML, code or table cell).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|~&$!])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)


def cell(text: object) -> str:
    """Text from data as one table cell: on one line, escaped, and never an automatic link."""
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))
    text = _WWW.sub(r"\1\\.", text).replace("://", "\\://")
    # GitHub links an e-mail address even with "@" escaped; an empty comment between parts stops it.
    return text.replace("@", "<!-- -->@")


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def section_table(section: Section, changes: list[Change], named: dict[str, dict[str, str]]) -> list[str]:
    headings = [*section.headings, f"before{section.unit}", f"after{section.unit}"]
    rows = [
        table_row(
            [
                cell(named[kind].get(part, part) if kind else part)
                for part, kind in zip(change.key, section.names, strict=True)
            ]
            + [cell(shown(change.before)), cell(shown(change.after))]
        )
        for change in changes
    ]
    return [f"### {section.title}", "", table_row(headings), table_row(["---"] * len(headings)), *rows, ""]


def count_sentence(changes: list[Change]) -> str:
    counts = Counter(change.kind for change in changes)
    noun = "figure" if counts["changed"] == 1 else "figures"
    return f"{counts['changed']} {noun} changed, {counts['added']} added, {counts['removed']} removed."


def summary(base: Site | None, head: Site) -> str:
    """The job summary: a heading, how many figures changed, and a table per kind of figure."""
    by_section = section_changes(base, head)
    every_change = [change for changes in by_section.values() for change in changes]
    words = [change for section, changes in by_section.items() if section.words for change in changes]
    out = ["## Figures this pull request changes", ""]
    if not every_change:
        return "\n".join([*out, "No figures or wording changed.", ""])
    out += [count_sentence([change for change in every_change if change not in words])]
    out += [f"Wording printed with the figures: {len(words)} change{'s' if len(words) != 1 else ''}."] if words else []
    out += [""]
    named = names(base, head)
    for section, changes in by_section.items():
        if changes:
            out += section_table(section, changes, named)
    return "\n".join(out)


# --- command line -----------------------------------------------------------------------


def load(data_dir: Path) -> Site:
    """load_site, with its errors headed by the folder they are in (both folders are called data)."""
    try:
        return load_site(data_dir)
    except DataErrors as errors:
        raise CannotCompare(
            f"The figures could not be compared: {data_dir} has mistakes.\n{errors.summary()}"
        ) from None


def has_data(data_dir: Path) -> bool:
    return data_dir.is_dir() and any(data_dir.rglob("*.yaml"))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m macros.tools.figure_changes BASE_DATA_DIR HEAD_DATA_DIR", file=sys.stderr)
        return 2
    base_dir, head_dir = map(Path, argv)
    try:
        head = load(head_dir)
    except CannotCompare as error:
        print(log_line(str(error)), file=sys.stderr)
        return 1
    try:
        base = load(base_dir) if has_data(base_dir) else None
    except CannotCompare:
        # The pull request changes what data/ must hold (a new file, a stricter rule), so this code cannot
        # read the base branch's data: list every figure, and say why.
        print(
            "The base branch's data cannot be read by this pull request's code (it changes what data/ must "
            "hold), so every figure is listed as added.\n"
        )
        base = None
    print(summary(base, head))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
