"""Everything that knows about MkDocs and mkdocs-macros, at one edge: load and check data/ once per
build, register the macros, hand each macro the page it is on, write each table's downloads after its
page and the whole datasets and the search index after the build, and show an editor's mistakes on the
page while serving.
Everything it calls takes plain values (the model, a PageContext) and can be tested without MkDocs.

The strict build (`make build`, the workflows) refuses every mistake. `make serve` is not
strict: a mistake is shown on the page and in the terminal, the server keeps answering, and
a report being filled in shows "[to fill in]" where a figure is still empty.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..base.errors import DataErrors
from ..opendata.export import PUBLISHER
from ..opendata.feed import atom_feed
from ..read.corrections import read_corrections
from ..read.links import refuse_paths
from ..read.project import kpis_as_listed, load_site
from ..render import calls
from ..render.context import Build, PageContext
from ..render.descriptions import in_words
from ..render.pages import abbreviations, md_text, tables_jsonld
from ..search.search_index import entry_html, page_entry, records
from ..workings.changes import groups
from ..workings.dates import latest, long_date
from ..workings.urls import DATASETS, FEED, TABLE_DOWNLOADS, from_downloads, kpi_doc, published_root, site_urls
from .downloads import write_datasets, write_table_files
from .git_reads import data_file_dates, last_committed
from .guard import check_page_text, failure_markdown, guarded, refuse_unsafe_page
from .history import cache_wanted, site_history, unpublished_commits
from .search_files import write_index

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


@dataclass
class _ThisBuild:
    """What one build knows, from define_env to on_post_build: kept here, not among mkdocs-macros' template
    variables (which pages could name)."""

    build: Build | None = None  # None while data/ has a mistake
    data_errors: DataErrors | None = None  # the mistake, which every page shows while serving
    page: PageContext | None = None  # the page being rendered


_now = _ThisBuild()


def current_build() -> Build | None:
    """The build under way (or the last one), for the MkDocs hooks (macros/edge/hooks.py)."""
    return _now.build


def define_env(env) -> None:
    global _now
    _now = _ThisBuild()
    env.conf["extra"]["feed"] = FEED  # every page's head links to it (overrides/main.html)
    drafts = not env.conf["strict"]
    try:
        refuse_paths(Path(env.project_dir))  # before anything in docs/, data/ or overrides/ is read
        site = load_site(Path(env.project_dir) / "data", drafts=drafts)
        recorded = read_corrections(Path(env.project_dir) / "data")
    except DataErrors as errors:
        if not drafts:
            raise PluginError(errors.summary()) from None
        _show_data_errors(env, errors)
        return
    root = Path(env.project_dir)
    history = site_history(root, site, recorded, keep=cache_wanted(os.environ))
    # A pull request's preview (PUBLISHED_REF: the branch it would merge into) says what is new in it.
    published_ref = env.conf["extra"].get("published_ref") or ""
    unpublished = unpublished_commits(root, published_ref)
    if unpublished is None:
        log.warning(
            "PUBLISHED_REF %r is not a commit in this copy; What's changed cannot say what is new", published_ref
        )
    docs = Path(env.conf["docs_dir"])
    _now.build = Build(
        site,
        frozenset(path.relative_to(docs).as_posix() for path in docs.rglob("*.md")),
        data_file_dates(root),
        None if history is None else groups(history, unpublished or ()),
        site_url=published_root(env.conf.get("site_url")),
    )
    for function in calls.MACROS:
        env.macro(guarded(env, function, _page), function.__name__)


def _show_data_errors(env, errors: DataErrors) -> None:
    """While serving: every page says what is wrong in data/ until it is fixed."""
    for error in errors.errors:
        log.error("%s", error)
    _now.data_errors = errors
    for function in calls.MACROS:
        env.macro(lambda *args, **kwargs: "", function.__name__)


def _data_mistake_page(markdown: str, errors: DataErrors) -> str:
    """The page's own title (so the menu still reads as the site), then what is wrong in data/. The title is the
    page's Markdown, which passed the page rules, but mkdocs-macros renders it again here, alone: its braces are
    written as entities (a line such as "# {{ ... }}" inside the page's {% raw %} block is text to the page
    rules, but would run here)."""
    title = next((line for line in markdown.splitlines() if line.startswith("# ")), "# The site's data has a mistake")
    return (
        f"{title.replace('{', '&#123;').replace('}', '&#125;')}\n"
        + failure_markdown(errors.summary().splitlines()[0], errors.errors)
        + "Fix it and save the file: this page comes back by itself. `make check` lists the same.\n"
    )


def _page(env) -> PageContext:
    context = _now.page
    if context is None or context.url != env.page.url:
        context = _now.page = PageContext(_now.build, env.page.url, env.page.file.src_uri)
        context.build.page_reads[context.src] = context.reads
    return context


def on_pre_page_macros(env) -> None:
    _now.page = None
    if refuse_unsafe_page(env):  # before anything of the page is rendered, even while data/ has a mistake
        return
    errors = _now.data_errors
    if errors:
        env.markdown = _data_mistake_page(env.markdown, errors)
        return
    check_page_text(env, drafts=not env.conf["strict"])


def on_post_page_macros(env) -> None:
    """The CSV and JSON of the tables the page showed first, then, under every page with figures,
    when those figures last changed."""
    build, context = _now.build, _now.page
    if context and context.description:
        # A KPI's or topic's page says what it holds from the data; a description in front matter comes first.
        env.page.meta.setdefault("description", context.description)
    if build is not None:
        # Written now, before MkDocs writes the pages: at the end of a large build, thousands of small
        # files took several times longer to write.
        write_table_files(
            build.take_unwritten(),
            Path(env.conf["site_dir"]) / TABLE_DOWNLOADS,
            from_downloads(env.page.url, build.site_url),
        )
        # Each term in the glossary explained where it is used (Python-Markdown's abbr, shown as a tooltip).
        env.markdown += abbreviations(build.site)
        if _in_search(env.page.meta):
            # What search shows and filters this page by (its kind, service, report, a KPI's latest figure).
            # Read through the page's view of the data, so `make serve` knows the page shows what it reads.
            entry = page_entry(_page(env).site, env.page.file.src_uri)
            env.markdown += str(entry_html(entry))  # str: as below
    if not context or not context.data_files:
        return
    env.markdown += "\n\n" + tables_jsonld(context)
    site = context.site
    changed = latest(context.build.dates, context.data_file_paths())
    when = (
        f"Figures on this page last updated: {long_date(changed)}."
        if changed
        else "Figures on this page are from the Portfolio Holder reports published in "
        + in_words([str(published) for published in site.published()])
        + "; the date of their last correction is not known in this copy of the site."
    )
    env.markdown += str(
        Markup('\n\n<p class="data-updated" data-pagefind-ignore>{}</p>\n').format(when)
    )  # str: Markup + str escapes the page


def _in_search(meta: dict) -> bool:
    """Every page but those whose front matter says `search: exclude: true` (the editor's guide)."""
    search = meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


def on_post_build(env) -> None:
    """Write the whole datasets where the open data page links to them (each table's own rows
    were written when a page showed it), robots.txt and the feed of new reports and corrections."""
    build = _now.build
    if build is None:
        return  # the data has mistakes; every page says so
    write_datasets(build, Path(env.conf["site_dir"]) / DATASETS, env.conf["use_directory_urls"])
    (Path(env.conf["site_dir"]) / "robots.txt").write_text(robots_txt(env.conf.get("site_url")), encoding="utf-8")
    feed = atom_feed(
        build.changes,
        env.conf["site_name"],
        env.conf.get("site_author") or PUBLISHER,
        site_urls(env.conf.get("site_url"), env.conf["use_directory_urls"]),
        build.has_doc,
        now=_feed_date(Path(env.project_dir)),
    )
    (Path(env.conf["site_dir"]) / FEED).write_text(feed, encoding="utf-8")
    # Last, over the finished pages: the search index, which the search box loads when someone searches.
    # A serve rebuild of some pages sees only those pages, so it keeps the last full build's index (search
    # may show a figure saved since until the next full rebuild; the pages themselves are never stale).
    if not build.partial:
        write_search_index(Path(env.conf["site_dir"]), build, env.conf["use_directory_urls"])


def write_search_index(site_dir: Path, build: Build, directory_urls: bool) -> None:
    """The Pagefind index of the built pages, the printed tables and the facts, in site/pagefind/."""
    try:
        indexed = write_index(site_dir, records(build.site, build.shown_on, build.anchors, directory_urls), build.site)
    except Exception as error:  # the Pagefind binary is missing or failed: say so, not a traceback
        raise PluginError(
            f"The search index could not be written ({type(error).__name__}: {error}). Pagefind comes with "
            "the pinned dependencies: run `.venv/bin/pip install -r requirements.txt`."
        ) from None
    log.debug("search index: %s pages", indexed.get("page_count"))


def _feed_date(root: Path) -> datetime:
    """The feed's date where no change dates it (a copy without history): when data/ was last committed, the
    same in every build of the same commit; where the project is not a git repository, when a data file was
    last saved, the same in every build of the same files; the clock only where there is neither."""
    return last_committed(root) or data_saved_at(root / "data") or datetime.now(UTC).replace(microsecond=0)


def data_saved_at(data: Path) -> datetime | None:
    """When a data file was last saved, to the second; None where there is none."""
    times = [path.stat().st_mtime for path in data.rglob("*.yaml")]
    return datetime.fromtimestamp(max(times), UTC).replace(microsecond=0) if times else None


def robots_txt(site_url: str | None) -> str:
    """Every page may be indexed; with the published address, where the sitemap is."""
    sitemap = f"Sitemap: {published_root(site_url)}sitemap.xml\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"


# --- the page per KPI, which the MkDocs hook macros/edge/generated_pages.py adds to the build's files ------


def kpi_page_markdown(kpi_id: str) -> str:
    """The page is only the macro call: its title comes from the heading kpi_page writes, as
    escaped text. (A title in front matter would be rendered as a template and printed as HTML.)"""
    return f'{{{{ kpi_page("{kpi_id}") }}}}\n'


def kpi_pages(config) -> list[File]:
    """One generated page per KPI, at kpis/<id>/. While the data has mistakes (when serving: the strict
    build stops), each KPI that data/kpis.yaml still lists keeps its page, which shows the mistakes under
    the KPI's title, so the page an editor is checking a figure on does not vanish."""
    root = Path(config["config_file_path"]).parent
    try:
        site = load_site(root / "data", drafts=not config["strict"])
    except DataErrors:
        return [
            File.generated(config, kpi_doc(kpi_id), content=f"# {md_text(title)}\n")
            for kpi_id, title in kpis_as_listed(root / "data")
        ]
    return [File.generated(config, kpi_doc(kpi.id), content=kpi_page_markdown(kpi.id)) for kpi in site.kpis.values()]
