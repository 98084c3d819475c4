"""MkDocs hook: what a page's front matter and HTML may put in the page.

- Before MkDocs reads a page, front matter that page_rules refuses (YAML anchors and aliases, which a few
  lines can expand into gigabytes, settings other than title, description, search and hide, a title with
  markup or on several lines) is left out, so it is never read; guard.refuse_unsafe_page reports it.
- Each page's description, which Material writes into <meta name="description"> and overrides/main.html
  into the link-preview tags: the page's front matter `description:` if it has one, else the sentence a KPI
  or topic page's macro made from the data, else the page's opening paragraph as rendered
  (macros/descriptions.py). Its title from front matter likewise. Both always escaped text, as the theme
  prints them as they are (in the menu, the header, the tab and the meta tags).
- The page's HTML as rendered is read once more for anything that could run in a reader's browser (a
  script, an event handler, a javascript: link): an error naming the page, and the page shows it instead.

Listed under `hooks:` in mkdocs.yml, after generated_pages.py.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def on_page_read_source(page, config):
    from macros.page_rules import safe_source

    return safe_source(page.file.content_string)


def on_page_content(html, page, **kwargs):
    from markupsafe import escape

    from macros.descriptions import page_description  # imported here, as generated_pages.on_files does
    from macros.errors import DataError
    from macros.guard import failure_html
    from macros.page_rules import content_problems

    description = page_description(page.meta.get("description"), html)
    if description:
        page.meta["description"] = description
    if isinstance(page.meta.get("title"), str):
        page.meta["title"] = escape(page.meta["title"])
    problems = content_problems(html, page.file.content_string)
    if not problems:
        return html
    errors = [DataError(f"docs/{page.file.src_uri}", problem.message, line=problem.line) for problem in problems]
    for error in errors:
        log.error("%s", error)
    return failure_html("This page has a mistake", errors)
