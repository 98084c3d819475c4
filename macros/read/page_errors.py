"""Mistakes in a page of docs/: broken front matter, and macro calls that cannot run.

Each becomes a DataError naming the page's file in docs/ and the line, in the same words
the data check uses, so the build and `make check` report it instead of a traceback.
"""

from __future__ import annotations

import re
import sys

import yaml
from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

from ..base.errors import DataError

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # as MkDocs reads it
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


# --- front matter --------------------------------------------------------------------------


def front_matter_error(text: str, name: str) -> DataError | None:
    """The error in a page's front matter (the fields between --- lines at its top), if any.

    MkDocs publishes front matter it cannot read as part of the page, so it must be refused.
    """
    found = _FRONT_MATTER.match(text)
    if not found:
        return None
    try:
        fields = yaml.safe_load(found[1])
    except yaml.YAMLError as error:
        opened = "flow" in (getattr(error, "context", None) or "") or "quoted" in (
            getattr(error, "context", None) or ""
        )
        mark = (getattr(error, "context_mark", None) if opened else None) or getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "it cannot be read"
        return DataError(
            name,
            f"the front matter (the fields between the --- lines at the top) is not valid YAML: "
            f"{problem}; check that every quote and bracket is closed",
            line=mark.line + 2 if mark else 1,
        )
    if fields is not None and not isinstance(fields, dict):
        return DataError(
            name,
            "the front matter (between the --- lines at the top) should be fields such as title: Budgets, one per line",
            line=2,
        )
    return None


def body_offset(source: str, body: str) -> int:
    """How many lines of the page's file come before the Markdown MkDocs hands to the macros."""
    return source[: len(source) - len(body)].count("\n") if body and source.endswith(body) else 0


# --- macro calls ---------------------------------------------------------------------------


def calling_line() -> int | None:
    """The line of the page's template that called the running macro."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def explain(error: BaseException, macros: list[str]) -> str:
    """A template or macro error in words an editor can act on."""
    names = ", ".join(macros)
    if isinstance(error, TemplateSyntaxError):
        return (
            f"a macro call is not written correctly ({error.message}); check that every {{{{ has its }}}}, "
            "and every bracket and quote is closed"
        )
    if isinstance(error, UndefinedError):
        found = _UNDEFINED.search(str(error))
        if found:
            return f"there is no macro or variable called {found[1]!r}; check the spelling (the macros are: {names})"
        return f"{error}; check the spelling (the macros are: {names})"
    if isinstance(error, TemplateNotFound):
        return f"the page includes {error.name!r}, which does not exist; check the file name"
    return f"a macro could not run ({type(error).__name__}: {error}); check how it is written (the macros are: {names})"


# --- unfinished text ---------------------------------------------------------------------------


UNFINISHED = "the page still says TODO here; write the text from the report"
NO_TEXT = "the section has headings and tables but no text of the report; write its text from the report"
_REPORT_SECTION = re.compile(r"reports/[a-z0-9-]+/[0-9]{4}/[^/]+\.md")
# What a page has besides its text: headings, macro calls, the "From the ... report" line, blank lines.
_NOT_TEXT = re.compile(r"\s*(?:#.*|\{\{.*\}\}|\*From the Portfolio Holder report[^*]*\*)?\s*")
# Nothing a reader reads: comments (HTML and template), template tags and macro calls over several lines.
_NOT_READ = re.compile(r"<!--.*?-->|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")


def unfinished_lines(markdown: str) -> list[int]:
    """The lines a scaffold left for an editor to write ("TODO: ..."), counting from 1."""
    return [number for number, line in enumerate(markdown.splitlines(), 1) if "TODO:" in line]


def without_text(markdown: str, src: str) -> int | None:
    """For a report's section page (reports/<year>/<name>.md in docs/) with no text of its own, the line of its
    title (counting from 1); None for any other page."""
    if not _REPORT_SECTION.fullmatch(src):
        return None
    lines = markdown.splitlines()
    text = _INVISIBLE.sub("", _NOT_READ.sub("", markdown))
    if any(not _NOT_TEXT.fullmatch(line) for line in text.splitlines()):
        return None
    return next((number for number, line in enumerate(lines, 1) if line.startswith("# ")), 1)


def body(text: str) -> str:
    """A page's Markdown without its front matter."""
    found = _FRONT_MATTER.match(text)
    return text[found.end() :] if found else text
