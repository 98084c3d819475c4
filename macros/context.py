"""What a macro needs to know about the page it is on and the build it is part of."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from .export import table_files
from .model import Site
from .tables import table_html
from .tabular import TableData
from .urls import TABLE_DOWNLOADS, Urls, doc_link


class UsageError(ValueError):
    """A macro call that names something the data does not have."""


@dataclass
class Build:
    """Shared by every page of one build: the data, and every table shown with its downloads."""

    site: Site
    root: Path
    docs_dir: Path
    site_dir: Path
    directory_urls: bool | None = None  # MkDocs' use_directory_urls; None: read from each page's address
    tables: dict[str, TableData] = field(default_factory=dict)

    def publish(self, table: TableData) -> None:
        """Keep the table and write its CSV and JSON into the site, where its page links to them.

        Written as soon as a page shows the table, before MkDocs writes the pages: at the end of
        a large build, thousands of small files took several times longer to write.
        """
        known = self.tables.get(table.id)
        if known is not None and known != table:
            raise UsageError(f"two different tables have the id {table.id!r}; give one of them another id")
        if known is None:
            self.tables[table.id] = table
            folder = self.site_dir / TABLE_DOWNLOADS
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in table_files(table).items():
                (folder / name).write_text(text, encoding="utf-8")

    def has_page(self, src: str) -> bool:
        """Whether docs/ has this page (e.g. "reports/2018/hr-od.md")."""
        return src in self._pages

    @cached_property
    def _pages(self) -> frozenset[str]:
        # Listed once per build: looking each one up on disk cost topics × reports checks.
        return frozenset(path.relative_to(self.docs_dir).as_posix() for path in self.docs_dir.rglob("*.md"))

    @cached_property
    def report_files(self) -> tuple[str, ...]:
        return tuple(report_file(report) for report in sorted(self.site.reports))


def report_file(report_id: int) -> str:
    return f"data/reports/{report_id}.yaml"


@dataclass
class PageContext:
    build: Build
    url: str  # the page's address, e.g. reports/2018/hr-od/ or .html
    src: str = ""  # the page's file in docs/, e.g. reports/2018/hr-od.md
    data_files: set[str] = field(default_factory=set)  # the data files the page's figures come from

    @property
    def site(self) -> Site:
        return self.build.site

    @cached_property
    def urls(self) -> Urls:
        """Every address this page links to, relative to it, so the site works from any folder."""
        directory_urls = self.build.directory_urls
        if directory_urls is None:
            # MkDocs ends a page's address in ".html" only when use_directory_urls is off (404.md aside).
            directory_urls = not self.url.endswith(".html")
        return Urls.for_page(self.url, directory_urls)

    def data_file_paths(self) -> list[str]:
        """The page's data files, with "data/reports" standing for every report's file."""
        files = set(self.data_files)
        if "data/reports" in files:
            files.discard("data/reports")
            files.update(self.build.report_files)
        return sorted(files)

    def show(self, table: TableData, *data_files: str) -> Markup:
        """Render a table and publish its rows as CSV and JSON beside the pages."""
        self.build.publish(table)
        self.data_files.update(data_files)
        return table_html(table, self.urls.base, self.urls.directory_urls)

    def md_link(self, doc: str) -> str:
        """A Markdown link target to another page's file, which MkDocs checks exists."""
        return doc_link(doc, self.src)
