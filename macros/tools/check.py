"""Check data/ and every page without publishing anything: `python -m macros.tools.check [data-dir]`.

First the data; when it is sound, every page is rendered as the strict build renders it
(into a folder that is thrown away), so a bad macro call, an unknown id, broken front
matter, a TODO left by the scaffold or a broken link is reported here, with its file in
docs/ and its line, before the build meets it. Exits 0 when everything is sound and 1 with
every error listed when it is not. Under GitHub Actions each error is also printed as an
annotation on the line it names.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
from pathlib import Path

from jinja2 import Environment

from ..base.errors import DataError, DataErrors
from ..base.log_text import command_data, command_property, log_line
from ..edge.mkdocs_build import BuildRefused, strict_build
from ..read.corrections import read_corrections
from ..read.links import FOLDERS, refused_paths
from ..read.page_errors import (
    NO_TEXT,
    UNFINISHED,
    body,
    body_offset,
    front_matter_error,
    unfinished_lines,
    without_text,
)
from ..read.page_rules import page_problems
from ..read.project import load_site
from ..render.calls import MACROS
from .record_corrections import DEFAULT_REF, record_corrections

_DOC_FILE = re.compile(r"Doc file '([^']+)'")
_MISSING_ANCHOR_HERE = re.compile(
    r"Doc file '[^']+' contains a link '#([^']+)', but there is no such anchor on this page\.?"
)
_MISSING_ANCHOR = re.compile(
    r"Doc file '[^']+' contains a link '([^']+)', but the doc '([^']+)' does not contain an "
    r"anchor '#([^']+)'\.?"
)


def annotation(error: DataError) -> str:
    """A GitHub Actions workflow command that marks the error on its file and line, its parts escaped
    so that no text from data/ or docs/ can end it, add a property or start another command."""
    if " " in error.file:  # a page the site makes, which has no file to mark
        return f"::error::{command_data(str(error))}"
    location = (
        f"file={command_property(error.file)}"
        + (f",line={int(error.line)}" if error.line else "")
        + (f",col={int(error.column)}" if error.column else "")
    )
    message = (f"{error.field}: " if error.field else "") + error.message
    return f"::error {location}::{command_data(message)}"


def unfinished_pages(docs_dir: Path) -> list[DataError]:
    """Lines a scaffold left for an editor to write, and front matter that cannot be read, found
    by reading the pages (used when the data has mistakes, so the pages cannot be rendered)."""
    errors = []
    for page in sorted(docs_dir.rglob("*.md")):
        src = page.relative_to(docs_dir).as_posix()
        name, text = f"docs/{src}", page.read_text(encoding="utf-8")
        broken = front_matter_error(text, name)
        errors += [broken] if broken else []
        todo = [DataError(name, UNFINISHED, line=line) for line in unfinished_lines(text)]
        empty = without_text(body(text), src)
        offset = body_offset(text, body(text))
        errors += todo or ([DataError(name, NO_TEXT, line=empty + offset)] if empty else [])
        # What a page may not hold (the build reports it from the same rules while rendering).
        errors += [DataError(name, problem.message, line=problem.line) for problem in page_problems(text, *_MACROS)]
    return errors


_MACROS = (Environment(), [function.__name__ for function in MACROS])  # the Jinja markers mkdocs.yml keeps


class _Collector(logging.Handler):
    """Every warning and error the build logs, as DataErrors (the macros log DataErrors themselves)."""

    def __init__(self, docs_dir: Path):
        super().__init__(logging.WARNING)
        self.docs_dir = docs_dir
        self.errors: list[DataError] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], DataError):
            self.errors.append(record.args[0])
            return
        message = " ".join(record.getMessage().split())
        page = _DOC_FILE.search(message)
        self.errors.append(DataError(self.page_name(page[1]) if page else "mkdocs.yml", _plain(message)))

    def page_name(self, src: str) -> str:
        """A page's file in docs/, or, for a page the site makes (a KPI's), where it comes from."""
        if (self.docs_dir / src).exists():
            return f"docs/{src}"
        return f"the page {src.removesuffix('.md')} (made by the site from data/)"


def _plain(message: str) -> str:
    """MkDocs' words for a link to a missing anchor, said the way the other messages say things."""
    here = _MISSING_ANCHOR_HERE.fullmatch(message)
    if here:
        return (
            f"links to #{here[1]}, but this page has no heading or table with that anchor (if this page has a "
            "mistake listed here, fixing it may fix this too)"
        )
    missing = _MISSING_ANCHOR.fullmatch(message)
    if not missing:
        return message
    link, page, anchor = missing.groups()
    return (
        f"links to {link}, but docs/{page} has no heading or table with the anchor #{anchor} (if that page has "
        "a mistake listed here, fixing it may fix this too)"
    )


def build_errors(project: Path) -> list[DataError]:
    """What the strict build of the project would refuse, from a build into a throw-away folder."""
    collector = _Collector(project / "docs")
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with tempfile.TemporaryDirectory() as site_dir:
            try:
                strict_build(project / "mkdocs.yml", Path(site_dir))
            except BuildRefused as refused:
                if refused.config:
                    return [_config_error(refused)]
                # strict mode stops after logging every error, which the collector has
    finally:
        logger.removeHandler(collector)
    return list(dict.fromkeys(collector.errors))


_LINE = re.compile(r"\bline (\d+)\b")


def _config_error(error: Exception) -> DataError:
    """mkdocs.yml that MkDocs cannot read or refuses, with the line where its message names one."""
    message = " ".join(str(error).split()) or "MkDocs cannot read this file"
    line = _LINE.search(message)
    return DataError("mkdocs.yml", f"MkDocs cannot use this file: {message}", line=int(line[1]) if line else None)


def refused_files(project: Path, data_dir: Path) -> list[DataError]:
    """Each symbolic link, file that is not a plain file, folder named like a file and page that is not UTF-8
    text in docs/, data/ (data_dir, itself refused if it is a link) or overrides/, named before anything is
    read."""
    folders = tuple(dict.fromkeys((*FOLDERS, data_dir.name)))
    return refused_paths(project, folders)


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else Path("data")
    project = data_dir.absolute().parent  # not resolved: a data/ that is a link is refused, not followed
    errors, site = refused_files(project, data_dir), None
    if not errors:  # nothing is read through a link, or from anything but a plain file
        try:
            site = load_site(data_dir)
            read_corrections(data_dir)
        except DataErrors as data_errors:
            errors = data_errors.errors + unfinished_pages(project / "docs")
        else:
            errors = build_errors(project)
    recorded = ""
    if not errors:
        try:
            ref, tip = os.environ.get("PUBLISHED_REF") or DEFAULT_REF, os.environ.get("BRANCH_HEAD") or "HEAD"
            recorded = record_corrections(data_dir, site, ref, tip=tip)
        except DataErrors as data_errors:
            errors = data_errors.errors
    if errors:
        print(log_line(DataErrors(errors).summary()), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for error in errors:
                print(annotation(error))
        return 1
    if recorded:
        print(log_line(recorded))
    results = sum(len(report.results) for report in site.reports.values())
    print(
        log_line(
            f"{data_dir}: the data and every page are sound ({len(site.reports)} reports, {len(site.kpis)} KPIs, "
            f"{results} results)."
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
