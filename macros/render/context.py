"""What a macro needs to know about the page it is on and the build it is part of."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from ..base.errors import UsageError
from ..base.model import Site
from ..workings.changes import ChangeGroup
from ..workings.dates import Dates
from ..workings.tabular import TableData
from ..workings.urls import Urls, doc_link, kpi_doc
from .reads import SiteReads
from .tables import table_html


@dataclass(repr=False)
class Build:
    """Shared by every page of one build: the data, when each data file changed and what changed in it,
    and every table shown."""

    site: Site
    pages: frozenset[str]  # the pages in docs/ ("reports/central-services/2018/hr-od.md"), listed once by the edge
    dates: Dates = field(default_factory=dict)  # from edge/git_reads.data_file_dates, once per build
    changes: list[ChangeGroup] | None = None  # from history.data_states; None: no history in this copy
    directory_urls: bool | None = None  # MkDocs' use_directory_urls; None: read from each page's address
    site_url: str = ""  # the published address (MkDocs' site_url, ending in "/"), where the build knows it
    tables: dict[str, TableData] = field(default_factory=dict)
    unwritten: list[TableData] = field(default_factory=list)  # shown, but their downloads not yet written
    shown_on: dict[str, str] = field(default_factory=dict)  # a table's id -> the first page that showed it
    anchors: set[tuple[str, str]] = field(default_factory=set)  # (page, anchor) search may lead to: a fact
    page_reads: dict[str, set] = field(default_factory=dict)  # each page's file -> what its macros read (reads.py)
    # True when `make serve` rebuilds only some pages (macros/edge/hooks.py): a step after the build
    # then sees only those pages in site_dir, and the rest of the site is served as it was.
    partial: bool = False
    changed: frozenset | None = None  # with partial: what the edit changed in the data (reads.py keys)

    def publish(self, table: TableData, page_url: str = "") -> None:
        """Keep a table a page shows, for its downloads (the same table on two pages is kept once) and
        where search finds it."""
        known = self.tables.get(table.id)
        if known is not None and known != table:
            raise UsageError(f"two different tables have the id {table.id!r}; give one of them another id")
        if known is None:
            self.tables[table.id] = table
            self.unwritten.append(table)
            self.shown_on[table.id] = page_url

    def take_unwritten(self) -> list[TableData]:
        tables, self.unwritten = self.unwritten, []
        return tables

    def has_page(self, src: str) -> bool:
        """Whether docs/ has this page (e.g. "reports/central-services/2018/hr-od.md")."""
        return src in self.pages

    def has_doc(self, doc: str) -> bool:
        """Whether a link's page is on the site (e.g. "kpis/sickness-absence.md"): in docs/ or made per KPI."""
        page = doc.partition("#")[0]
        return self.has_page(page) or page in self._kpi_pages

    @cached_property
    def _kpi_pages(self) -> frozenset[str]:
        return frozenset(kpi_doc(kpi) for kpi in self.site.kpis)


@dataclass
class PageContext:
    build: Build
    url: str  # the page's address, e.g. reports/central-services/2018/hr-od/ or .html
    src: str = ""  # the page's file in docs/, e.g. reports/central-services/2018/hr-od.md
    data_files: set[str] = field(default_factory=set)  # the data files the page's figures come from
    tables: list[TableData] = field(default_factory=list)  # the tables it showed, for their metadata
    description: str | None = None  # a generated page's description, from the data (macros/render/descriptions.py)
    reads: set = field(default_factory=set)  # what the page's macros read from the data (reads.py)

    @cached_property
    def site(self) -> SiteReads:
        """The data, through a view that notes what the page reads (SiteReads hands out the Site's own objects)."""
        return SiteReads(self.build.site, self.reads)

    @cached_property
    def urls(self) -> Urls:
        """Every address this page links to, relative to it, so the site works from any folder."""
        directory_urls = self.build.directory_urls
        if directory_urls is None:
            # MkDocs ends a page's address in ".html" only when use_directory_urls is off (404.md aside).
            directory_urls = not self.url.endswith(".html")
        return Urls.for_page(self.url, directory_urls)

    @cached_property
    def addresses(self) -> Urls:
        """The addresses metadata gives (JSON-LD): absolute from the published address where the build
        knows it, otherwise the same as the page's links."""
        return Urls(self.urls.directory_urls, self.build.site_url) if self.build.site_url else self.urls

    @property
    def address(self) -> str:
        """The page's own address in its metadata: absolute, or "" (the page itself)."""
        return self.build.site_url + self.url if self.build.site_url else ""

    def data_file_paths(self) -> list[str]:
        """The data files the page's figures were read from."""
        return sorted(self.data_files)

    def show(self, table: TableData) -> Markup:
        """Render a table, and keep it for its CSV and JSON downloads and its files for the page's dates."""
        self.build.publish(table, self.url)
        self.tables.append(table)
        self.data_files.update(table.sources)
        return table_html(table, self.urls.base, self.urls.directory_urls)

    def mark(self, anchor: str) -> str:
        """Note that this page holds an anchor search can lead to."""
        self.build.anchors.add((self.url, anchor))
        return anchor

    def md_link(self, doc: str) -> str:
        """A Markdown link target to another page's file, which MkDocs checks exists."""
        return doc_link(doc, self.src)
