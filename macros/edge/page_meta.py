"""MkDocs hook: what a page's front matter and HTML may put in the page.

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

Listed under `hooks:` in mkdocs.yml, after generated_pages.py.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # MkDocs loads hooks by path

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


# What docs/ may hold besides its pages: pictures, documents and tables, which a browser shows and never runs.
# Anything else (.html, .svg, .js, .css, .xml, ...) would be published as it is, where it could run a script
# or restyle the site; the site's own code, style and templates are in overrides/, which is reviewed as code.
STATIC_FILES = ("png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "csv", "txt")


def on_files(files, config):
    from macros.base.errors import DataError

    docs = Path(config["docs_dir"]).resolve()
    for file in list(files):
        if file.is_documentation_page() or not file.abs_src_path or not _under(file.abs_src_path, docs):
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


def on_page_read_source(page, config):
    from macros.read.page_rules import safe_source

    return safe_source(page.file.content_string)


def on_page_content(html, page, **kwargs):
    from markupsafe import escape

    from macros.base.errors import DataError
    from macros.edge.guard import failure_html
    from macros.read.page_rules import content_problems
    from macros.render.descriptions import page_description  # imported here, as generated_pages.on_files does

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
