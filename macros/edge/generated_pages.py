"""MkDocs hook: one page per KPI, at kpis/<id>/, each calling {{ kpi_page("<id>") }}.

Listed under `hooks:` in mkdocs.yml. The pages exist only in the build; their content
comes from data/ through the kpi_page macro like every other figure on the site.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

PACKAGE = Path(__file__).resolve().parents[1]  # macros/, every layer of it


@event_priority(100)  # before mkdocs-macros imports the package for this build
def on_config(config):
    """`make serve` rebuilds in one Python process, which keeps the macros package it imported
    first: forget it when a file in it has changed since, so this build runs the code as it is now."""
    if str(PACKAGE.parent) not in sys.path:  # MkDocs loads a hook by its path, and `mkdocs` is not run from here
        sys.path.insert(0, str(PACKAGE.parent))
    loaded = sys.modules.get("macros")
    newest = max(path.stat().st_mtime_ns for path in PACKAGE.rglob("*.py"))
    if loaded is not None and newest > getattr(loaded, "LOADED_AT", 0):
        for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
            del sys.modules[name]
    from macros.base.log_text import make_inert

    make_inert(logging.getLogger("mkdocs"))  # no text from data/ or docs/ can start a CI log command
    return config


def on_files(files, config):
    from macros.edge.adapter import kpi_pages  # imported here: on_config may have forgotten an edited copy
    from macros.edge.git_reads import ignored_by_git
    from macros.read.links import left_out

    # A file reached through a symbolic link in docs/ or overrides/, or that is not a plain file (a named pipe), is
    # never read or copied into the site (the macros name it: the strict build stops, `make serve` shows it on
    # every page); nor is one git ignores, which no one reviews.
    folders = [config["docs_dir"], *([config["theme"].custom_dir] if config["theme"].custom_dir else [])]
    ignored = ignored_by_git(Path(config.config_file_path).parent, folders)
    for file in list(files):
        source = file.abs_src_path
        if source and any(_under(source, folder) and left_out(source, folder) for folder in folders):
            files.remove(file)
        elif source and os.path.abspath(source) in ignored:
            logging.getLogger("mkdocs.hooks").warning("%s", ignored[os.path.abspath(source)])  # strict: an error
            files.remove(file)
    for page in kpi_pages(config):
        files.append(page)
    return files


def _under(path: str, folder: str) -> bool:
    folder = os.path.abspath(folder)
    return os.path.commonpath([folder, os.path.abspath(path)]) == folder
