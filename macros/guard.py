"""The mkdocs-macros side of an editor's mistakes: each becomes a message naming the file in
docs/ or data/ and its line, logged for the terminal (the strict build fails on it) and shown
on the page, never a traceback and never a stopped `make serve`."""

from __future__ import annotations

import functools
import inspect
import logging
import typing

from jinja2 import TemplateSyntaxError

from . import calls
from .errors import DataError, UsageError
from .page_errors import (
    UNFINISHED,
    body_offset,
    calling_line,
    error_line,
    explain,
    front_matter_error,
    unfinished_lines,
)
from .pages import md_text

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def guarded(env, function, page_context):
    """Run a macro for the current page; an editor's mistake is logged as an error, not a crash."""
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

    return macro


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


def report_template_errors(env) -> None:
    """Catch what mkdocs-macros would print as a traceback (or end `mkdocs serve` with): a broken macro
    call, an unknown name, a missing include. The page shows the message instead."""
    jinja = env.env
    if getattr(jinja.from_string, "reports_errors", False):
        return
    compile_page = jinja.from_string

    def from_string(source, *args, **kwargs):
        try:
            return _Checked(env, compile_page(source, *args, **kwargs))
        except TemplateSyntaxError as error:
            return _Failed(_page_error(env, explain(error, _macro_names(env)), error_line(error)))

    from_string.reports_errors = True
    jinja.from_string = from_string


class _Checked:
    """A page's template whose errors are reported with the page and line, not raised."""

    def __init__(self, env, template):
        self.env, self.template = env, template

    def render(self, *args, **kwargs) -> str:
        try:
            return self.template.render(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any failure in a page is reported on its line
            return _page_error(self.env, explain(error, _macro_names(self.env)), error_line(error))


class _Failed:
    """A page's template that could not be read: rendering it shows the message."""

    def __init__(self, message: str):
        self.message = message

    def render(self, *args, **kwargs) -> str:
        return self.message


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
    if todo and drafts:
        env.markdown = (
            f'!!! warning "This page is still being written"\n\n    {len(todo)} part'
            f"{'s' if len(todo) != 1 else ''} still say TODO; `make check` lists them.\n\n" + env.markdown
        )
    for error in todo if not drafts else ():
        log.error("%s", error)
