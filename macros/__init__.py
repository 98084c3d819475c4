"""The Python behind the site, in layers; each imports only those below it (tests/test_layers.py holds this):

- ``base``: the words every layer shares: the model of the data, figures and their units, errors, the rule
  for a one-line text, inert log lines.
- ``workings``: what the site works out from the model: trends and status, summaries, every figure keyed,
  changes between two states of the data, addresses, dates, tables as data.
- ``read``: reading and checking what editors write: data/ into the model, and the rules a page's text keeps.
- ``opendata``: the datasets and their metadata (Data Package, CSVW, DCAT, schema.org) and the Atom feed.
- ``render``: the HTML and Markdown of the pages and their macros.
- ``search``: what search knows of each page, and the Pagefind index.
- ``edge``: the one part that knows MkDocs and mkdocs-macros, and the one that reads git, the clock and the
  built site; it hands everything below plain values.
- ``tools``: the editors' commands (``python -m macros.tools.<tool>``).

mkdocs-macros loads this package (``module_name: macros`` in mkdocs.yml) and looks here for its four hooks;
they live in macros/edge/adapter.py and are imported only when asked for, so that importing a layer below
the edge never imports MkDocs.
"""

from __future__ import annotations

import time

HOOKS = ("define_env", "on_post_build", "on_post_page_macros", "on_pre_page_macros")
LOADED_AT = time.time_ns()  # `make serve` imports the package again when a file in it is newer


def __getattr__(name: str):
    if name in HOOKS:
        from .edge import adapter

        return getattr(adapter, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
