"""The mkdocs-macros side of an editor's mistakes: each becomes a message naming the file in
docs/ or data/ and its line, logged for the terminal (the strict build fails on it) and shown
on the page, never a traceback and never a stopped `make serve`."""

from __future__ import annotations

import functools
import inspect
import logging
import re
import typing

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from ..base.errors import DataError, UsageError
from ..read.page_errors import (
    NO_TEXT,
    UNFINISHED,
    body_offset,
    calling_line,
    error_line,
    explain,
    front_matter_error,
    unfinished_lines,
    without_text,
)
from ..read.page_html import markdown_settings
from ..read.page_rules import page_problems, template_problems
from ..render import calls
from ..render.pages import md_text

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
    compile_page = _sandboxed(jinja).from_string
    plain_jinja, shapes = _plain_settings(jinja), {}

    def from_string(source, *args, **kwargs):
        # Nothing but the site's macros with literal arguments is compiled, whatever asks for it (a page's
        # text, its title): refuse_unsafe_page has said so with the page's lines; this is the second net.
        checked = isinstance(source, str) and source == env.variables.get("page_rules_passed")
        refused = [] if checked or not isinstance(source, str) else template_problems(source, jinja, _macro_names(env))
        if refused:
            return _Failed(_page_error(env, refused[0].message, refused[0].line))
        try:
            calls = _macro_calls(source) if plain_jinja and not args and not kwargs else None
            return _Checked(env, _compiled(calls, source, compile_page, shapes))
        except TemplateSyntaxError as error:
            return _Failed(_page_error(env, explain(error, _macro_names(env)), error_line(error)))

    from_string.reports_errors = True
    jinja.from_string = from_string


def _sandboxed(jinja):
    """A sandboxed Jinja environment with mkdocs-macros' settings, macros and filters, which compiles the
    pages: what the page rules let through can reach no attribute of Python's internals either."""
    settings = (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "undefined", "loader",
        "autoescape",
    )  # fmt: skip
    sandbox = SandboxedEnvironment(
        extensions=list(jinja.extensions), **{name: getattr(jinja, name) for name in settings}
    )
    sandbox.globals, sandbox.filters, sandbox.tests = jinja.globals, jinja.filters, jinja.tests
    return sandbox


def refuse_unsafe_page(env) -> bool:
    """A page holding what a page may not (macros/read/page_rules.py): each problem logged with the page's file and
    line (the strict build fails on it) and the page replaced by the list, so nothing of it is run or
    published; `make serve` shows the list and keeps serving. True when the page was refused."""
    page = env.page
    source = page.file.content_string
    # The page's own text made into HTML with the build's Markdown extensions is what the allow-list reads.
    problems = page_problems(source, env.env, _macro_names(env), markdown_settings(env.conf))
    env.variables["page_rules_passed"] = None if problems else env.markdown
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


# --- a page's macro calls compiled once for every page that makes the same calls ---------------------------
# Compiling a page took Jinja about 1.5 ms, whatever the page held (parsing and generating code, more than
# reading the text). A page whose only Jinja is {{ ... }} calls is compiled as those calls alone, on their
# own lines, with each literal ("hr-od", 2018) passed in as a variable: pages that call the same macros in
# the same places share one compiled template, and the page's text is put back around what the calls give.
# The same page comes out, with the same line in any error (anything else is compiled as it is written).

_CALL = re.compile(r"\{\{([^{}]*)\}\}")
_LITERAL = re.compile(r"(\"[^\"\n]*\"|'[^'\n]*')|(?<![\w.])((?:0|[1-9]\d*)(?:\.\d+)?)(?![\w.])")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_SEPARATOR = "\x00"  # in no page's output: YAML cannot hold it, and a page that does is compiled as written


def _plain_settings(jinja) -> bool:
    """Whether Jinja reads a page's text as text and nothing else (its default markers, no extensions)."""
    markers = (jinja.variable_start_string, jinja.variable_end_string, jinja.block_start_string)
    if markers != ("{{", "}}", "{%") or jinja.comment_start_string != "{#" or jinja.extensions:
        return False
    return jinja.line_statement_prefix is None and jinja.line_comment_prefix is None and not jinja.keep_trailing_newline


def _macro_calls(source: str) -> tuple[list[str], list[str]] | None:
    """A page as (its texts, the {{ ... }} calls between them), as Jinja reads it (every line end made "\\n"
    and the last one dropped); None when the page holds any other Jinja, which is compiled as a whole."""
    if "{%" in source or "{#" in source or _SEPARATOR in source or "\\" in "".join(_CALL.findall(source)):
        return None
    text = _NEWLINE.sub("\n", source)
    text = text[:-1] if text.endswith("\n") else text
    parts = _CALL.split(text)
    texts, calls = parts[::2], parts[1::2]
    trimmed = any(call[:1] in "-+" or call[-1:] in "-+" for call in calls)
    if trimmed or any("{{" in part or "}}" in part for part in texts):
        return None  # a call not closed, a brace inside one, or {{- -}} (which trims the text beside it)
    return texts, calls


def _compiled(calls, source: str, compile_text, shapes: dict):
    """The page's template: its calls compiled once per shape (kept in shapes), or the page as written."""
    if calls is None:
        return compile_text(source)
    texts, found = calls
    if not found:
        return _Text(texts[0])
    literals: list = []

    def variable(literal: re.Match) -> str:
        text, number = literal.groups()
        literals.append(text[1:-1] if text else (float(number) if "." in number else int(number)))
        return f"_literal_{len(literals) - 1}"

    shape = "".join(
        "\n" * text.count("\n") + "{{" + _LITERAL.sub(variable, call) + "}}" + _SEPARATOR
        for text, call in zip(texts, found, strict=False)
    )
    if shape not in shapes:
        try:
            shapes[shape] = compile_text(shape)
        except TemplateSyntaxError:
            return compile_text(source)  # reported as Jinja words it for the page as written
    return _Interleaved(shapes[shape], texts, {f"_literal_{index}": value for index, value in enumerate(literals)})


class _Text:
    def __init__(self, text: str):
        self.text = text

    def render(self, *args, **kwargs) -> str:
        return self.text


class _Interleaved:
    """The calls' template, with the page's texts put back around what each call gives."""

    def __init__(self, template, texts: list[str], literals: dict):
        self.template, self.texts, self.literals = template, texts, literals

    def render(self, *args, **kwargs) -> str:
        given = self.template.render(*args, **kwargs, **self.literals).split(_SEPARATOR)
        out = [self.texts[0]]
        for text, before, result in zip(self.texts[1:], self.texts, given, strict=False):
            out += [result[before.count("\n") :], text]
        return "".join(out)


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
