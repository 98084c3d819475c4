"""Every address on the site, made in one place (as datasette's url_builder and Material's blog plugin do).

A page is named by its file in docs/ ("kpis/sickness-absence.md"); MkDocs turns that into its
address, which depends on `use_directory_urls`: "kpis/sickness-absence/" on the published site,
"kpis/sickness-absence.html" in the preview that opens from disk. Tables, cards and pages ask
here for every link they write in HTML, relative to the page they are on.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import quote

from ..base.model import ReportKey

TABLE_DOWNLOADS = "data/tables"  # each table's CSV and JSON, from the site's root
DATASETS = "data"  # the whole datasets' CSV and JSON, from the site's root
OPEN_DATA_DOC = "open-data.md"  # the page that lists them (the catalogue)
FEED = "feed.xml"  # the Atom feed of new reports and corrections, from the site's root


# --- pages, by their file in docs/ (what Markdown links name, and MkDocs checks) -------------


def kpi_doc(kpi_id: str) -> str:
    return f"kpis/{kpi_id}.md"


def topic_doc(service_id: str) -> str:
    return f"topics/{service_id}.md"


# Names a page made from an id cannot have: Windows cannot make a file or folder with one of these names, so
# the site's preview, unzipped there, would lose the page.
_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))})


def id_page_problem(doc: str) -> str | None:
    """Why the page an id names (kpi_doc(id), topic_doc(id)) cannot be made, or None: its address would be
    its folder's own page (an id "index" would replace the Indicators page), or a name Windows refuses."""
    folder, _, name = doc.rpartition("/")
    own_page = f"{folder}/index.md" if folder else "index.md"
    if page_address(doc, True) == page_address(own_page, True):
        return f"its page would be {own_page}, the page that lists them all"
    if name.removesuffix(".md") in _DEVICE_NAMES:
        return "Windows cannot make a file with that name, so the site could not be opened there"
    return None


def portfolio_doc(portfolio_id: str) -> str:
    """A portfolio's page, e.g. "reports/central-services/index.md": its reports, services and holders."""
    return f"reports/{portfolio_id}/index.md"


def report_doc(report: ReportKey) -> str:
    """A report's first page, e.g. "reports/central-services/2018/index.md"."""
    return f"reports/{report.portfolio}/{report.year}/index.md"


def report_section_doc(report: ReportKey, service_id: str, anchor: str | None = None) -> str:
    """A service's section of a report, e.g. "reports/central-services/2018/hr-od.md#kpi-2018-hr-od"."""
    page = f"reports/{report.portfolio}/{report.year}/{service_id}.md"
    return f"{page}#{anchor}" if anchor else page


def kpi_table_doc(report: ReportKey, service_id: str, table_id: str) -> str:
    """A KPI table where its report printed it: its service's section, at the table."""
    return report_section_doc(report, service_id, kpi_table_anchor(report, table_id))


def changes_doc(day: date | None = None) -> str:
    """The What's changed page, at one date's changes if given: "changes.md#changes-2026-12-01"."""
    return f"changes.md#{changes_anchor(day)}" if day else "changes.md"


def pending_changes_doc() -> str:
    """The What's changed page of a pull request's preview, at what is new in it."""
    return f"changes.md#{pending_changes_anchor()}"


def doc_link(doc: str, from_doc: str) -> str:
    """A Markdown link from one file in docs/ to another (and its anchor), which MkDocs checks exists."""
    target, _, anchor = doc.partition("#")
    relative = posixpath.relpath(target, posixpath.dirname(from_doc) or ".")
    return f"{relative}#{anchor}" if anchor else relative


# --- anchors: each unique on its page by construction --------------------------------------------
#
# An anchor is a kind's prefix and ids ("kpi-2018-hr-od", "budget-2018-19-legal-services"). Ids are lower-case
# words joined by single hyphens, so "--" and "_" never occur in them: a part of a table or fact that needs an
# id of its own is joined to the table's or fact's anchor with "--" (a budget line, a fact's other values) or
# "__" (a table's caption and notes, a chart's title), and cannot be the anchor of another table or line.


def kpi_table_anchor(report: ReportKey, table_id: str) -> str:
    return f"kpi-{report.year}-{table_id}"  # a KPI table's id is used once among a year's reports


def budget_table_anchor(year: str, table_id: str) -> str:
    return f"budget-{_year(year)}-{table_id}"


def budget_line_anchor(table_anchor: str, area: str, taken: set[str]) -> str:
    """A budget line's row, e.g. "budget-2018-19-legal-services--electoral-services" (unique in its table:
    taken holds its table's anchors so far, and gets this one)."""
    return _numbered(f"{table_anchor}--{_slug(area)}", taken)


def part_anchor(anchor: str, part: str) -> str:
    """A part of a table or chart with an id of its own: "kpi-2018-hr-od__caption", "…__note-1"."""
    return f"{anchor}__{part}"


def fact_anchor(fact_id: str, period: str | None = None, taken: set[str] | None = None) -> str:
    """A headline fact where a report section's "In this section" box states it: "fact-foi-requests" (where
    search's result for it leads); its other values on the same page, "fact-foi-requests--2016-17"."""
    anchor = f"fact-{fact_id}"
    if taken is None:
        return anchor
    return _numbered(anchor if anchor not in taken else f"{anchor}--{_slug(period or '')}", taken)


def _numbered(anchor: str, taken: set[str]) -> str:
    """anchor, or anchor-2, -3 … if taken holds it; taken gets the one returned."""
    base, number = anchor, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "line"


def kpi_history_anchor(kpi_id: str) -> str:
    return f"kpi-history-{kpi_id}"


def service_kpis_anchor(service_id: str) -> str:
    return f"service-kpis-{service_id}"


def service_facts_anchor(service_id: str) -> str:
    return f"service-facts-{service_id}"


def budgets_by_service_anchor(service_id: str | None) -> str:
    return f"budgets-by-service-{service_id or 'all'}"


def changes_anchor(day: date) -> str:
    return f"changes-{day.isoformat()}"


def pending_changes_anchor() -> str:
    """What a pull request's preview lists as new in it, not published yet."""
    return "changes-in-this-pull-request"


def corrections_table_anchor(day: date) -> str:
    return f"corrections-{day.isoformat()}"


def budget_year_anchor(year: str) -> str:
    return f"budgets-{_year(year)}"


def _year(year: str) -> str:
    return year.replace("/", "-")  # 2018/19 -> 2018-19: a "/" would make a folder of the download


# --- addresses ------------------------------------------------------------------------------------


@cache
def page_address(doc: str, directory_urls: bool) -> str:
    """A page's address from the site's root, by MkDocs' own rule, e.g. "reports/2018/hr-od.md#x" ->
    "reports/2018/hr-od/#x" with directory URLs, "reports/2018/hr-od.html#x" without."""
    target, _, anchor = doc.partition("#")
    folder, name = posixpath.split(target)
    stem, extension = posixpath.splitext(name)
    stem = "index" if stem == "README" else stem
    if extension != ".md":  # not a page: the file as it is
        dest = target
    elif not directory_urls or stem == "index":  # foo.md -> foo.html, index.md -> index.html
        dest = posixpath.join(folder, f"{stem}.html")
    else:  # foo.md -> foo/index.html
        dest = posixpath.join(folder, stem, "index.html")
    dest_folder, dest_name = posixpath.split(dest)
    url = (dest_folder or ".") + "/" if directory_urls and dest_name == "index.html" else dest
    url = quote(url)
    url = "" if url == "./" else url  # the home page, as MkDocs' Page.url has it
    return f"{url}#{anchor}" if anchor else url


def way_to_root(page_url: str) -> str:
    """From a page's address to the site's root: "" for the home page, "../../../" from
    "reports/2018/hr-od/", "../../" from "reports/2018/hr-od.html"."""
    way = relative_url("./", page_url)
    return "" if way == "./" else way


def relative_url(url: str, other: str) -> str:
    """url as a link from the page at other, by MkDocs' rule (mkdocs.utils.get_relative_url): both are paths
    from the site's root, other's last part is dropped where it names a file (has a dot)."""
    folder, _, last = other.rpartition("/")
    other = folder if "." in last else other
    here, there = _parts(other), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    way = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return way + "/" if url.endswith("/") else way


def _parts(path: str) -> list[str]:
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return path.split("/") if path else []


@dataclass(frozen=True)
class Urls:
    """The addresses a page links to, relative to it (from the site's root when base is "")."""

    directory_urls: bool = True  # MkDocs' use_directory_urls
    base: str = ""  # the way from the page to the site's root, e.g. "../../"

    @classmethod
    def for_page(cls, page_url: str, directory_urls: bool) -> Urls:
        return cls(directory_urls, way_to_root(page_url))

    def page(self, doc: str) -> str:
        """Any page by its file in docs/, with an anchor if it has one (a fact's section, a row's link)."""
        return self.base + page_address(doc, self.directory_urls)

    def kpi(self, kpi_id: str) -> str:
        return self.page(kpi_doc(kpi_id))

    def topic(self, service_id: str) -> str:
        return self.page(topic_doc(service_id))

    def report_section(self, report: ReportKey, service_id: str, anchor: str | None = None) -> str:
        return self.page(report_section_doc(report, service_id, anchor))

    def kpi_table(self, report: ReportKey, service_id: str, table_id: str) -> str:
        return self.page(kpi_table_doc(report, service_id, table_id))

    def table_download(self, table_id: str, extension: str) -> str:
        """One table's rows as "csv" or "json"."""
        return f"{self.base}{TABLE_DOWNLOADS}/{table_id}.{extension}"

    def dataset(self, dataset_id: str, extension: str) -> str:
        """A whole dataset as "csv" or "json"."""
        return self.data_file(f"{dataset_id}.{extension}")

    def data_file(self, name: str) -> str:
        """A file beside the whole datasets, such as datapackage.json."""
        return f"{self.base}{DATASETS}/{name}"

    def feed(self) -> str:
        return self.base + FEED


def published_root(site_url: str | None) -> str:
    """The published address (MkDocs' site_url) ending in "/", or "" where the build does not know it."""
    return site_url.rstrip("/") + "/" if site_url else ""


def site_urls(site_url: str | None, directory_urls: bool) -> Urls:
    """The addresses of files written after the build (the feed), from the site's root: absolute when the
    published address is known (SITE_URL), otherwise relative to the root, where those files are."""
    return Urls(directory_urls, published_root(site_url))


# The addresses of the published site, from its root: what the downloads record (a fact's section).
PUBLISHED = Urls()


def from_downloads(page_url: str, site_url: str = "") -> str:
    """A page's address as a table's download names it: absolute from the published address, or relative
    to the downloads' folder (e.g. "../../reports/2018/hr-od/")."""
    return site_url + page_url if site_url else relative_url(page_url or "./", f"{TABLE_DOWNLOADS}/table.csv")
