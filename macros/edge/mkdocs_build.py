"""The strict MkDocs build, as the editors' commands run it (make build, make preview, make check)."""

from __future__ import annotations

import os
from pathlib import Path


class BuildRefused(Exception):
    """MkDocs refused mkdocs.yml (config: True) or stopped the build; the message says why."""

    def __init__(self, message: str, config: bool = False):
        super().__init__(message)
        self.config = config


def strict_build(config_file: Path, site_dir: Path) -> None:
    """Build the project of config_file into site_dir as `mkdocs build --strict` does; BuildRefused where
    MkDocs cannot read mkdocs.yml or stops (it logs each error first, to the "mkdocs" logger)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    except ConfigurationError as error:
        raise BuildRefused(str(error), config=True) from None
    try:
        build(config)
    except MkDocsException as error:
        raise BuildRefused(str(error)) from None
