"""Which of the files MkDocs found a build publishes: only what can be reviewed, as it is in the repository.

A file reached through a symbolic link in docs/ or overrides/, or that is not a plain file (a named pipe), is
never read or copied into the site (the macros name it: the strict build stops, `make serve` shows it on every
page); nor is one git ignores, which no one reviews; nor a file in docs/ that a browser could run.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..base.errors import DataError
from ..read.links import left_out
from .git_reads import ignored_by_git

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


# What docs/ may hold besides its pages: pictures, documents and tables, which a browser shows and never runs.
# Anything else (.html, .svg, .js, .css, .xml, ...) would be published as it is, where it could run a script
# or restyle the site; the site's own code, style and templates are in overrides/, which is reviewed as code.
STATIC_FILES = ("png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "csv", "txt")


# mkdocs-macros renders a page's title as a template when it holds one of these, and a page without a heading
# takes its title from its file's name (or its folder's): a name holding them would run as template code.
TEMPLATE_MARKERS = ("{{", "{%", "{#")


def refuse_other_files(files, config):
    """Leave out each file in docs/ other than a page or a picture, document or table, and each whose path holds
    template markers, naming it as an error."""
    docs = Path(config["docs_dir"]).resolve()
    for file in list(files):
        if not file.abs_src_path or not _under(file.abs_src_path, docs):
            continue
        if any(marker in file.src_uri for marker in TEMPLATE_MARKERS):
            files.remove(file)
            log.error(
                "%s",
                DataError(
                    f"docs/{file.src_uri}",
                    "a file's or folder's name in docs/ may not hold {{, {% or {#: a page's name can become its "
                    "title, which is read as template code; rename it with letters, digits and dashes",
                ),
            )
            continue
        if file.is_documentation_page():
            continue
        suffix = Path(file.src_uri).suffix.lower().lstrip(".")
        if suffix not in STATIC_FILES:
            files.remove(file)
            log.error(
                "%s",
                DataError(
                    f"docs/{file.src_uri}",
                    f"docs/ may hold pages (.md) and files a browser only shows ({', '.join(STATIC_FILES)}), "
                    f"not a .{suffix or ' file without an extension'}: it would be published as it is, where it "
                    "could run a script or change how the site looks; remove it (the site's own style and "
                    "scripts are in overrides/)",
                ),
            )
    return files


def _under(path: str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def leave_out_unreviewed(files, config):
    """Leave out of the build each file MkDocs found that must not be published."""
    # A file reached through a symbolic link in docs/ or overrides/, or that is not a plain file (a named pipe), is
    # never read or copied into the site (the macros name it: the strict build stops, `make serve` shows it on
    # every page); nor is one git ignores, which no one reviews.
    folders = [config["docs_dir"], *([config["theme"].custom_dir] if config["theme"].custom_dir else [])]
    ignored = ignored_by_git(Path(config.config_file_path).parent, folders)
    for file in list(files):
        source = file.abs_src_path
        if source and any(_inside(source, folder) and left_out(source, folder) for folder in folders):
            files.remove(file)
        elif source and os.path.abspath(source) in ignored:
            logging.getLogger("mkdocs.hooks").warning("%s", ignored[os.path.abspath(source)])  # strict: an error
            files.remove(file)
    return files


def _inside(path: str, folder: str) -> bool:
    folder = os.path.abspath(folder)
    return os.path.commonpath([folder, os.path.abspath(path)]) == folder
