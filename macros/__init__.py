"""mkdocs-macros entry point: load and check data/ once per build, then register the macros."""
from __future__ import annotations

import functools
import inspect
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import calls
from .errors import DataErrors
from .project import load_site

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def define_env(env) -> None:
    try:
        site = load_site(Path(env.project_dir) / "data")
    except DataErrors as errors:
        raise PluginError(errors.summary()) from None

    def register(function):
        @functools.wraps(function)
        def macro(*args, **kwargs):
            try:
                _check_arguments(function, site, *args, **kwargs)
                return function(site, *args, **kwargs)
            except calls.UsageError as error:
                # Logged as an error so the strict build fails, after listing every bad call.
                log.error("%s: %s", env.page.file.src_path, error)
                return f"**Macro error:** {error}"
        env.macro(macro, function.__name__)

    register(calls.kpi_table)
    register(calls.budget_table)


def _check_arguments(function, *args, **kwargs) -> None:
    """A call with missing or unknown arguments is an editor's mistake, not a crash."""
    try:
        inspect.signature(function).bind(*args, **kwargs)
    except TypeError as error:
        usage = function.__doc__.split(":", 1)[0]
        raise calls.UsageError(f"{function.__name__}: {error}; write it like {usage}") from None
