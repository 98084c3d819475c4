"""The macros package, as mkdocs-macros loads it (`module_name: macros` in mkdocs.yml): it finds
these four functions here; they live in macros/adapter.py, the one module that knows MkDocs.
"""

from __future__ import annotations

import time

from .adapter import define_env, on_post_build, on_post_page_macros, on_pre_page_macros

__all__ = ["define_env", "on_post_build", "on_post_page_macros", "on_pre_page_macros"]
LOADED_AT = time.time_ns()  # `make serve` imports the package again when a file in it is newer
