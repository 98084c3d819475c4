"""The mkdocs-macros side of an editor's mistakes: each becomes a message naming the file in
docs/ or data/ and its line, logged for the terminal (the strict build fails on it) and shown
on the page, never a traceback and never a stopped `make serve`.

Before mkdocs-macros renders a page (its on_pre_page_macros hook) the page's text is read against the page
rules (macros/read/page_rules.py): only calls of the site's macros with literal arguments, written so that
Jinja can read them, reach mkdocs-macros' own Jinja environment, which renders the page; a page that holds
anything else is replaced by the list of its mistakes. Each macro checks its arguments and turns a mistake
into a message on the calling line (guarded)."""

from __future__ import annotations

import functools
import inspect
import logging
import re
import typing

from markupsafe import escape

from ..base.errors import DataError, UsageError
from ..read.page_errors import (
    NO_TEXT,
    UNFINISHED,
    body_offset,
    calling_line,
    front_matter_error,
    unfinished_lines,
    without_text,
)
from ..read.page_html import markdown_settings
from ..read.page_rules import Problem, page_problems
from ..render import calls
from ..render.pages import md_text

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def guarded(env, function, page_context):
    """Run a macro for the current page; an editor's mistake, or a fault in the macro itself, is logged as an
    error (the strict build fails) and shown on the page on the calling line, never a crash of `make serve`."""
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)

    @functools.wraps(function)
    def macro(*args, **kwargs):
        page = page_context(env)
        try:
            bound = signature.bind(page, *args, **kwargs)
        except TypeError as error:
            return _page_error(env, f"{function.__name__}: {error}; write it like {_example(function)}", calling_line())
        wrong = _wrong_argument(function, bound, hints)
        if wrong:
            return _page_error(env, wrong, calling_line())
        try:
            return function(page, *args, **kwargs)
        except UsageError as error:
            return _page_error(env, str(error), calling_line())
        except Exception as error:  # noqa: BLE001 - the site's own fault: said on the page, never a stopped serve
            return _page_error(
                env, f"{function.__name__} could not make this part of the page ({_fault(error)})", calling_line()
            )

    return macro


def _fault(error: Exception) -> str:
    """An error in the site's own code, in one line: the page is not at fault, so the message says whose it is."""
    return f"{type(error).__name__}: {error}; this is a fault in the site's code (macros/), not in the page"


def _example(function) -> str:
    return function.__doc__.split(":", 1)[0]


def _wrong_argument(function, bound: inspect.BoundArguments, hints: dict) -> str | None:
    """A macro's ids are text in quotes and its years numbers: say so when a call passes something else."""
    for name, value in list(bound.arguments.items())[1:]:
        expected = hints.get(name)
        values = value if bound.signature.parameters[name].kind is inspect.Parameter.VAR_POSITIONAL else (value,)
        for item in values:
            if expected is str and not isinstance(item, str):
                return (
                    f'{function.__name__}: {item!r} should be an id in quotes, such as "hr-od"; '
                    f"write it like {_example(function)}"
                )
            if expected is int and (isinstance(item, bool) or not isinstance(item, int)):
                return (
                    f"{function.__name__}: {name}={item!r} should be a year written as a number, such as 2018; "
                    f"write it like {_example(function)}"
                )
    return None


def refuse_unsafe_page(env) -> bool:
    """A page holding what a page may not (macros/read/page_rules.py): each problem logged with the page's file and
    line (the strict build fails on it) and the page replaced by the list, so nothing of it is run or
    published; `make serve` shows the list and keeps serving. True when the page was refused."""
    page = env.page
    source = page.file.content_string
    # The page's own text made into HTML with the build's Markdown extensions is what the allow-list reads.
    try:
        problems = page_problems(source, env.env, _macro_names(env), markdown_settings(env.conf))
    except Exception as error:  # noqa: BLE001 - a page the rules cannot read is refused, never a traceback
        problems = [Problem(None, f"the page could not be checked against the page rules ({_fault(error)})")]
    if not problems:
        return False
    errors = [DataError(f"docs/{page.file.src_uri}", problem.message, line=problem.line) for problem in problems]
    for error in errors:
        log.error("%s", error)
    env.markdown = failure_markdown("This page has a mistake", errors)
    # Its title is the file's name, as text: the page's own (its front matter or first heading) may be what
    # was refused, and mkdocs-macros would render a title holding {{ }}.
    page.title = escape(page.file.name.replace("-", " ").capitalize())
    return True


def _macro_names(env) -> list[str]:
    return [function.__name__ for function in calls.MACROS]


def page_error(env, message: str, template_line: int | None) -> DataError:
    """The mistake located in the page's file: the template's line plus the front matter above it."""
    page = env.page
    line = None if template_line is None else template_line + body_offset(page.file.content_string, env.markdown)
    return DataError(f"docs/{page.file.src_uri}", message, line=line)


def _page_error(env, message: str, template_line: int | None) -> str:
    error = page_error(env, message, template_line)
    # Logged as an error so the strict build fails, after listing every bad call.
    log.error("%s", error)
    return failure_markdown("This page has a mistake", [error])


def failure_markdown(title: str, errors: list) -> str:
    """A red box listing mistakes, in the same words as the terminal and `make check`."""
    lines = "\n".join(f"    - {md_text(str(error))}" for error in errors)
    return f'\n\n!!! failure "{title}"\n\n{lines}\n\n'


def failure_html(title: str, errors: list) -> str:
    """The same box as failure_markdown, as HTML, for a page whose HTML is already made."""
    items = "".join(f"<li>{escape(str(error))}</li>" for error in errors)
    return f'<div class="admonition failure"><p class="admonition-title">{escape(title)}</p><ul>{items}</ul></div>'


def check_page_text(env, drafts: bool) -> None:
    """Front matter that is not valid YAML, and lines a scaffold left saying TODO."""
    page = env.page
    name = f"docs/{page.file.src_uri}"
    broken = front_matter_error(page.file.content_string, name) if not page.meta else None
    if broken:
        log.error("%s", broken)
        env.markdown = failure_markdown("This page has a mistake", [broken])
        return
    offset = body_offset(page.file.content_string, env.markdown)
    todo = [DataError(name, UNFINISHED, line=line + offset) for line in unfinished_lines(env.markdown)]
    empty = without_text(env.markdown, page.file.src_uri)
    todo += [DataError(name, NO_TEXT, line=empty + offset)] if empty and not todo else []
    if todo and drafts:
        env.markdown = _with_warning(env.markdown, still_to_write(todo))
    for error in todo if not drafts else ():
        log.error("%s", error)


def still_to_write(todo: list[DataError]) -> str:
    """What the box at the top of a page being written says is left."""
    parts = [error for error in todo if error.message == UNFINISHED]
    if not parts:
        return "It has no text yet; `make check` lists it."
    return f"{len(parts)} part{'s still say' if len(parts) != 1 else ' still says'} TODO; `make check` lists them."


def _with_warning(markdown: str, text: str) -> str:
    """The page with a box saying it is still being written, under its title (MkDocs takes the menu's and the
    tab's title from a first-line heading, so the box must not come before it)."""
    box = f'!!! warning "This page is still being written"\n\n    {text}\n\n'
    title = re.match(r"(?:[ \t]*\n)*# .*\n?", markdown)  # the title only as the page's first line
    if not title:
        return box + markdown
    return markdown[: title.end()] + "\n" + box + markdown[title.end() :]
