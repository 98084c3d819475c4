"""Everything that knows about MkDocs and mkdocs-macros, at one edge: load and check data/ once per
build, register the macros, hand each macro the page it is on, write each table's downloads after its
page and the whole datasets after the build, and show an editor's mistakes on the page while serving.
Everything it calls takes plain values (the model, a PageContext) and can be tested without MkDocs.

The strict build (`make build`, the workflows) refuses every mistake. `make serve` is not
strict: a mistake is shown on the page and in the terminal, the server keeps answering, and
a report being filled in shows "[to fill in]" where a figure is still empty.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from . import calls
from .context import Build, PageContext
from .dates import data_file_dates, latest, long_date
from .errors import DataErrors
from .export import dataset_files, datasets, write_table_files
from .guard import check_page_text, failure_markdown, guarded, report_template_errors
from .pages import abbreviations
from .project import load_site
from .urls import TABLE_DOWNLOADS, kpi_doc

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def define_env(env) -> None:
    drafts = not env.conf["strict"]
    try:
        site = load_site(Path(env.project_dir) / "data", drafts=drafts)
    except DataErrors as errors:
        if not drafts:
            raise PluginError(errors.summary()) from None
        _show_data_errors(env, errors)
        return
    env.variables["build"] = Build(site, Path(env.conf["docs_dir"]), data_file_dates(Path(env.project_dir)))
    for function in calls.MACROS:
        env.macro(guarded(env, function, _page), function.__name__)


def _show_data_errors(env, errors: DataErrors) -> None:
    """While serving: every page says what is wrong in data/ until it is fixed."""
    for error in errors.errors:
        log.error("%s", error)
    env.variables["data_errors"] = errors
    for function in calls.MACROS:
        env.macro(lambda *args, **kwargs: "", function.__name__)


def _data_mistake_page(markdown: str, errors: DataErrors) -> str:
    """The page's own title (so the menu still reads as the site), then what is wrong in data/."""
    title = next((line for line in markdown.splitlines() if line.startswith("# ")), "# The site's data has a mistake")
    return (
        f"{title}\n"
        + failure_markdown(errors.summary().splitlines()[0], errors.errors)
        + "Fix it and save the file: this page comes back by itself. `make check` lists the same.\n"
    )


def _page(env) -> PageContext:
    context = env.variables.get("page_context")
    if context is None or context.url != env.page.url:
        context = PageContext(env.variables["build"], env.page.url, env.page.file.src_uri)
        env.variables["page_context"] = context
        context.build.page_reads[context.src] = context.reads
    return context


def on_pre_page_macros(env) -> None:
    env.variables["page_context"] = None
    report_template_errors(env)  # here: mkdocs-macros makes its Jinja environment after define_env
    errors = env.variables.get("data_errors")
    if errors:
        env.markdown = _data_mistake_page(env.markdown, errors)
        return
    check_page_text(env, drafts=not env.conf["strict"])
    report = report_of_page(env.page.file.src_uri)
    if report and "tags" not in env.page.meta:
        # Material's search shows a page's tags in its results, so a report section says which report it is.
        env.page.meta["tags"] = [f"Portfolio Holder report {report}"]


def report_of_page(src: str) -> int | None:
    """2018 for docs/reports/2018/<any page>.md; None for a page outside the reports."""
    found = re.fullmatch(r"reports/(\d{4})/[a-z0-9-]+\.md", src)
    return int(found[1]) if found else None


def on_post_page_macros(env) -> None:
    """The CSV and JSON of the tables the page showed first, then, under every page with figures,
    when those figures last changed."""
    build: Build | None = env.variables.get("build")
    if build is not None:
        # Written now, before MkDocs writes the pages: at the end of a large build, thousands of small
        # files took several times longer to write.
        write_table_files(build.take_unwritten(), Path(env.conf["site_dir"]) / TABLE_DOWNLOADS)
        # Each term in the glossary explained where it is used (Python-Markdown's abbr, shown as a tooltip).
        env.markdown += abbreviations(build.site)
    context = env.variables.get("page_context")
    if not context or not context.data_files:
        return
    site = context.site
    changed = latest(context.build.dates, context.data_file_paths())
    when = (
        f"Figures on this page last updated: {long_date(changed)}."
        if changed
        else "Figures on this page are from the Portfolio Holder reports published in "
        + _in_words([str(published) for published in site.published()])
        + "; the date of their last correction is not known in this copy of the site."
    )
    env.markdown += str(
        Markup('\n\n<p class="data-updated">{}</p>\n').format(when)
    )  # str: Markup + str escapes the page


def _in_words(items: list[str]) -> str:
    """["2017", "2018", "2019"] -> "2017, 2018 and 2019"."""
    return " and ".join(filter(None, (", ".join(items[:-1]), items[-1]))) if items else ""


def on_post_build(env) -> None:
    """Write the whole datasets where the open data page links to them (each table's own rows
    were written when a page showed it)."""
    build: Build | None = env.variables.get("build")
    if build is None:
        return  # the data has mistakes; every page says so
    out = Path(env.conf["site_dir"]) / "data"
    out.mkdir(parents=True, exist_ok=True)
    for dataset in datasets(build.site, build.changed):
        for name, text in dataset_files(dataset).items():
            (out / name).write_text(text, encoding="utf-8")
    (Path(env.conf["site_dir"]) / "robots.txt").write_text(robots_txt(env.conf.get("site_url")), encoding="utf-8")


def robots_txt(site_url: str | None) -> str:
    """Every page may be indexed; with the published address, where the sitemap is."""
    sitemap = f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"


# --- the page per KPI, which the MkDocs hook macros/generated_pages.py adds to the build's files ------


def kpi_page_markdown(kpi_id: str) -> str:
    """The page is only the macro call: its title comes from the heading kpi_page writes, as
    escaped text. (A title in front matter would be rendered as a template and printed as HTML.)"""
    return f'{{{{ kpi_page("{kpi_id}") }}}}\n'


def kpi_pages(config) -> list[File]:
    """One generated page per KPI, at kpis/<id>/ (none while the data has mistakes: the macros plugin
    stops the build, or shows the errors while serving)."""
    try:
        site = load_site(Path(config["config_file_path"]).parent / "data", drafts=not config["strict"])
    except DataErrors:
        return []
    return [File.generated(config, kpi_doc(kpi.id), content=kpi_page_markdown(kpi.id)) for kpi in site.kpis.values()]
