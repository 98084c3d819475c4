"""The KPI, budget and topic pages made from data/ and docs/ by the core alone, without MkDocs: each page's
macro calls run by a plain Jinja environment and its Markdown made into HTML by Python-Markdown with the
extensions mkdocs.yml names, as moving to another generator would. Run as a script, it prints the pages
as JSON with whether anything imported MkDocs, so the test sees a process that never had it."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
import markdown  # noqa: E402

from macros.read.page_html import markdown_settings  # noqa: E402
from macros.read.page_rules import body_start  # noqa: E402
from macros.read.project import load_site  # noqa: E402
from macros.render.calls import MACROS  # noqa: E402
from macros.render.context import Build, PageContext  # noqa: E402
from macros.render.pages import abbreviations  # noqa: E402
from macros.workings.urls import page_address  # noqa: E402


def core_html(root: Path, docs: list[str]) -> dict[str, str]:
    """{page's file in docs/: its HTML}: a KPI page is its macro call alone, as the build makes it."""
    site = load_site(root / "data")
    pages = frozenset(path.relative_to(root / "docs").as_posix() for path in (root / "docs").rglob("*.md"))
    build = Build(site, pages, directory_urls=True)
    names, settings = markdown_settings()
    made = {}
    for doc in docs:
        path = root / "docs" / doc
        text = path.read_text(encoding="utf-8") if path.exists() else f'{{{{ kpi_page("{Path(doc).stem}") }}}}\n'
        body = "\n".join(text.split("\n")[body_start(text) :])
        page = PageContext(build, page_address(doc, True), doc)
        jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
        jinja.globals.update({function.__name__: functools.partial(function, page) for function in MACROS})
        rendered = jinja.from_string(body).render() + abbreviations(site)
        made[doc] = markdown.markdown(rendered, extensions=list(names), extension_configs=settings)
    return made


if __name__ == "__main__":
    made = core_html(ROOT, sys.argv[1:])
    loaded = sorted({name.split(".")[0] for name in sys.modules} & {"mkdocs", "material", "mkdocs_macros"})
    print(json.dumps({"pages": made, "imported": loaded}))
