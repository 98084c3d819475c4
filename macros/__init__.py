"""mkdocs-macros entry point: load and check data/ once per build, register the macros, and
after the build write the whole datasets (each table's CSV and JSON are written as a page
shows it)."""
from __future__ import annotations

import functools
import inspect
import logging
import typing
from pathlib import Path

from jinja2 import TemplateSyntaxError
from markupsafe import escape
from mkdocs.exceptions import PluginError

from . import calls
from .context import Build, PageContext, UsageError
from .dates import latest, long_date
from .errors import DataError, DataErrors
from .export import dataset_files, datasets
from .page_errors import body_offset, calling_line, error_line, explain, front_matter_error
from .project import load_site

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def define_env(env) -> None:
    try:
        site = load_site(Path(env.project_dir) / "data")
    except DataErrors as errors:
        raise PluginError(errors.summary()) from None
    env.variables["build"] = Build(site, Path(env.project_dir), Path(env.conf["docs_dir"]), Path(env.conf["site_dir"]))
    for function in calls.MACROS:
        env.macro(_guarded(env, function), function.__name__)


# --- mistakes in pages: each logged with the page and line, the page shows it; never a traceback -----


def _guarded(env, function):
    """Run a macro for the current page; an editor's mistake is logged as an error, not a crash."""
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)

    @functools.wraps(function)
    def macro(*args, **kwargs):
        page = _page(env)
        try:
            bound = signature.bind(page, *args, **kwargs)
        except TypeError as error:
            return _page_error(env, f"{function.__name__}: {error}; write it like {_example(function)}",
                               calling_line())
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
                return (f"{function.__name__}: {item!r} should be an id in quotes, such as \"hr-od\"; "
                        f"write it like {_example(function)}")
            if expected is int and (isinstance(item, bool) or not isinstance(item, int)):
                return (f"{function.__name__}: {name}={item!r} should be a year written as a number, such as 2018; "
                        f"write it like {_example(function)}")
    return None


def _report_template_errors(env) -> None:
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
    return f"\n\n!!! failure \"This page has a mistake\"\n\n    {escape(str(error))}\n\n"


def _page(env) -> PageContext:
    context = env.variables.get("page_context")
    if context is None or context.url != env.page.url:
        context = PageContext(env.variables["build"], env.page.url, env.page.file.src_uri)
        env.variables["page_context"] = context
    return context


def on_pre_page_macros(env) -> None:
    env.variables["page_context"] = None
    _report_template_errors(env)  # here: mkdocs-macros makes its Jinja environment after define_env
    page = env.page
    if not page.meta:
        broken = front_matter_error(page.file.content_string, f"docs/{page.file.src_uri}")
        if broken:
            log.error("%s", broken)
            env.markdown = f"!!! failure \"This page has a mistake\"\n\n    {escape(str(broken))}\n"


def on_post_page_macros(env) -> None:
    """Under every page with figures: when those figures last changed."""
    context = env.variables.get("page_context")
    if not context or not context.data_files:
        return
    site = context.site
    changed = latest(context.build.root, context.data_file_paths())
    when = (f"Figures on this page last updated: {long_date(changed)}." if changed else
            "Figures on this page are from the Portfolio Holder reports published in "
            + " and ".join(report.published for report in site.reports.values())
            + "; the date of their last correction is not known in this copy of the site.")
    env.markdown += f'\n\n<p class="data-updated">{when}</p>\n'


def on_post_build(env) -> None:
    """Write the whole datasets where the open data page links to them (each table's own rows
    were written when a page showed it)."""
    build: Build = env.variables["build"]
    out = Path(env.conf["site_dir"]) / "data"
    out.mkdir(parents=True, exist_ok=True)
    for dataset in datasets(build.site):
        for name, text in dataset_files(dataset).items():
            (out / name).write_text(text, encoding="utf-8")
