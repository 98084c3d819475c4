"""MkDocs hook: each page's description, which Material writes into <meta name="description"> and
overrides/main.html into the link-preview tags. It is the page's front matter `description:` if it has
one, else the sentence a KPI or topic page's macro made from the data, else the page's opening
paragraph as rendered (macros/descriptions.py); always escaped text, as Material does not escape it.

Listed under `hooks:` in mkdocs.yml, after generated_pages.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path


def on_page_content(html, page, **kwargs):
    from macros.descriptions import page_description  # imported here, as generated_pages.on_files does

    description = page_description(page.meta.get("description"), html)
    if description:
        page.meta["description"] = description
    return html
