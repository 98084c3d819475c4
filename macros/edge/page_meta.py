"""What a page's front matter and HTML may put in the page, for the MkDocs hooks (macros/edge/hooks.py).

- Before MkDocs reads a page, front matter that page_rules refuses (YAML anchors and aliases, which a few
  lines can expand into gigabytes, settings other than title, description, search and hide, a title with
  markup or on several lines) is left out, so it is never read; guard.refuse_unsafe_page reports it.
- Each page's description, which Material writes into <meta name="description"> and overrides/main.html
  into the link-preview tags: the page's front matter `description:` if it has one, else the sentence a KPI
  or topic page's macro made from the data, else the page's opening paragraph as rendered
  (macros/render/descriptions.py). Its title from front matter likewise. Both always escaped text, as the theme
  prints them as they are (in the menu, the header, the tab and the meta tags).
- A file in docs/ other than a page and the pictures, documents and tables of STATIC_FILES (an .html, .svg,
  .js or .css file, which could run a script or restyle the site) is refused by name and not published.
- The page's HTML as rendered is read once more for anything that could run in a reader's browser (a
  script, an event handler, a javascript: link): an error naming the page, and the page shows it instead.

Called by the site's MkDocs hooks (macros/edge/hooks.py).
"""

from __future__ import annotations

import logging

from markupsafe import escape

from ..base.errors import DataError
from ..read.page_rules import content_problems, safe_source
from ..render.descriptions import page_description
from .guard import failure_html

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def page_source(page) -> str | None:
    """The page's text as MkDocs is to read it: front matter the page rules refuse is left out, so it is never
    read (guard.refuse_unsafe_page reports it)."""
    return safe_source(page.file.content_string)


def page_content(html: str, page) -> str:
    """The page's HTML as rendered: its description and title set as escaped text, and anything in it that
    could run in a reader's browser replaced by the list of what is wrong."""
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
