"""mkdocs-macros entry point: load and check data/ once per build, register the macros, and
after the build write the whole datasets (each table's CSV and JSON are written as a page
shows it)."""
from __future__ import annotations

import functools
import inspect
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import calls
from .context import Build, PageContext, UsageError
from .dates import latest, long_date
from .errors import DataErrors
from .export import dataset_files, datasets
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


def _guarded(env, function):
    """Run a macro for the current page; an editor's mistake is logged as an error, not a crash."""
    @functools.wraps(function)
    def macro(*args, **kwargs):
        page = _page(env)
        try:
            inspect.signature(function).bind(page, *args, **kwargs)
        except TypeError as error:
            return _usage_error(env, UsageError(f"{function.__name__}: {error}; write it like "
                                                f"{function.__doc__.split(':', 1)[0]}"))
        try:
            return function(page, *args, **kwargs)
        except UsageError as error:
            return _usage_error(env, error)
    return macro


def _usage_error(env, error: UsageError) -> str:
    # Logged as an error so the strict build fails, after listing every bad call.
    log.error("%s: %s", env.page.file.src_path, error)
    return f"**Macro error:** {error}"


def _page(env) -> PageContext:
    context = env.variables.get("page_context")
    if context is None or context.url != env.page.url:
        context = PageContext(env.variables["build"], env.page.url, env.page.file.src_uri)
        env.variables["page_context"] = context
    return context


def on_pre_page_macros(env) -> None:
    env.variables["page_context"] = None


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
