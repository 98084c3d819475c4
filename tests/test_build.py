"""The real site, built strictly: every data row in the right table, formatted as published.

Every report's tables are checked against data/ (site_checks, which the new-year test runs
too); the two published reports' tables are also checked against their source texts.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
import site_checks
from helpers import PORTFOLIO, PUBLISHED_REPORTS, ROOT, key
from pages import read_head, read_page
from test_bad_data import build_after_edits

DATA = ROOT / "data"
REPORTS = f"reports/{PORTFOLIO}"  # the published reports' pages: reports/central-services/<year>/<service>/


def tables_on(built, path: str) -> dict:
    return {table.wrapper_id: table for table in read_page(built.page(path)).tables}


def kpi_tables(site_model, reports=PUBLISHED_REPORTS):
    return [table for report in reports for table in site_model.reports[key(report)].kpi_tables.values()]


def budget_tables(site_model, reports=PUBLISHED_REPORTS):
    return [table for report in reports for table in site_model.reports[key(report)].budget_tables.values()]


def printed_tokens(text: str) -> set[str]:
    """Every whitespace-separated word of a source report, case-folded."""
    return {token.casefold().strip("()") for token in text.split()}


def printed_in(source: str, words: str) -> bool:
    """Whether the report printed these words (or this figure) on their own, in any case."""
    flat = " ".join(source.split()).casefold()
    return re.search(rf"(?<!\S){re.escape(words.casefold())}(?!\S)", flat) is not None


def test_strict_build_is_clean(built):
    assert "WARNING" not in built.output
    assert "ERROR" not in built.output


def test_the_two_published_reports_have_22_kpi_rows_and_18_budget_rows(site_model):
    # Counted by hand in the two source reports: 17 + 5 KPI rows; 7 + 9 budget lines plus 2 totals.
    assert sum(len(table.rows) for table in kpi_tables(site_model)) == 22
    lines = sum(len(table.lines) for table in budget_tables(site_model))
    totals = sum(table.has_total for table in budget_tables(site_model))
    assert lines + totals == 18


def test_every_kpi_row_is_in_its_table_on_its_report_page(built):
    site_checks.check_report_kpi_tables(built.site, DATA)


def test_every_figure_in_a_kpi_table_is_one_the_report_printed(built, site_model, source_text):
    assert set(source_text) == set(PUBLISHED_REPORTS)
    for table in kpi_tables(site_model):
        year = table.report.year
        source = source_text[year]
        html_table = tables_on(built, f"{REPORTS}/{year}/{table.service.id}")[f"kpi-{year}-{table.id}"]
        for _, cells in html_table.rows:
            for cell in cells[1:]:
                # The 2017 complaints table printed percentages without the % sign.
                assert printed_in(source, cell.text) or printed_in(source, cell.text.rstrip("%")), (table.id, cell.text)


def test_published_formats_appear_exactly(built):
    text = {
        service: " ".join(
            c.text for t in tables_on(built, f"{REPORTS}/2017/{service}").values() for _, row in t.rows for c in row
        )
        for service in ("improvement-service", "customer-services", "hr-od")
    }
    assert "£9,828,491" in text["improvement-service"]
    assert "Reduction" in text["improvement-service"]
    for printed in ("97.68%", "6:53", "8:07", "<10:00", "384,700", "Achieved", "In line", "Fewer", "More", "Worse"):
        assert printed in text["customer-services"]
    for printed in ("10.43", "68.83%", "n/a – new calculation", "Lower", "Failed", "Better"):
        assert printed in text["hr-od"]


def test_every_budget_line_is_in_its_table_with_derived_variance_and_total(built):
    site_checks.check_report_budget_tables(built.site, DATA)


def test_every_budget_figure_is_one_the_report_printed(built, site_model, source_text):
    for table in budget_tables(site_model):
        html_table = tables_on(built, f"{REPORTS}/{table.report.year}/{table.service.id}")[
            f"budget-{table.year.replace('/', '-')}-{table.id}"
        ]
        printed = printed_tokens(source_text[table.report.year])
        for _, cells in html_table.rows[: len(table.lines)]:
            assert all(cell.text.casefold() in printed for cell in cells[1:]), (table.id, cells[0].text)
        if table.has_total:
            assert html_table.rows[-1][1][1].text in printed, table.id


def test_tables_follow_govuk_guidance(built):
    for path in (f"{REPORTS}/2017/customer-services", f"{REPORTS}/2018/legal-services"):
        assert tables_on(built, path), path
        for table in tables_on(built, path).values():
            assert table.caption
            assert all(cell.tag == "th" and cell.attrs.get("scope") == "col" for cell in table.head)
            numeric_columns = [i for i, cell in enumerate(table.head) if "num" in (cell.attrs.get("class") or "")]
            assert numeric_columns
            for _, cells in table.rows:
                assert all("num" in (cells[i].attrs.get("class") or "") for i in numeric_columns)
            assert "Source: Portfolio Holder report" in table.after


def test_source_line_names_the_report_and_section(built):
    table = tables_on(built, f"{REPORTS}/2018/legal-services")["budget-2018-19-legal-services"]
    assert "Source: Portfolio Holder report 2018, Legal Services, “Financial information – 2018/19”." in table.after


def test_dbs_footnote_is_under_its_table(built):
    tables = tables_on(built, f"{REPORTS}/2017/improvement-service")
    assert "*DBS = Disclosure Barring Service" in tables["kpi-2017-recruitment"].after
    assert "DBS = " not in tables["kpi-2017-agency-staff"].after


def test_discrepancy_note_is_visible_on_its_row(built):
    table = tables_on(built, f"{REPORTS}/2018/information-team")["kpi-2018-information-team"]
    upheld = next(cells for _, cells in table.rows if cells[0].text.startswith("% of all complaints upheld"))
    note = re.search(r"\(note (\d+)\)$", upheld[0].text)
    assert note, upheld[0].text
    assert upheld[1].text == "40%"
    assert re.search(rf"Note {note[1]}: .*40%.*41%", table.after)


def test_no_template_or_macro_text_is_published(built):
    site_checks.check_no_template_text_or_todo(built.site, DATA)


def test_site_makes_no_request_to_another_host(built):
    pattern = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', re.I)
    for page in built.site.rglob("*.html"):
        assert not pattern.search(page.read_text(encoding="utf-8")), page


def test_footer_carries_the_licence_and_publisher(built):
    html = built.page(f"{REPORTS}/2018/hr-od")
    assert "Open Government Licence v3.0" in html
    assert "Published by Thurrock Council" in html


@pytest.mark.parametrize(
    "path, title",
    [
        (f"{REPORTS}/2017/hr-od", "Human Resources &amp; Organisational Development (HR OD) – Report 2017"),
        (f"{REPORTS}/2018/hr-od", "Human Resources &amp; Organisational Development (HR OD) – Report 2018"),
    ],
)
def test_window_title_names_the_report(built, path, title):
    assert f"<title>{title} – " in built.page(path)


def test_a_portfolios_page_is_not_named_twice_in_its_window_title(built):
    """Its menu section has the portfolio's title too; an & in it (as &amp; in the menu) is the same title."""
    assert "<title>Central Services / HR, OD &amp; Transformation – Thurrock Council" in built.page(REPORTS)


def moved_addresses() -> dict[str, str]:
    """The old addresses mkdocs.yml's redirects plugin keeps (reports/2018/hr-od/, from before reports were filed
    by portfolio), each with its page's new address, from the site's root."""
    plugins = site_checks.mkdocs_config(DATA)["plugins"]
    maps = next(p["redirects"]["redirect_maps"] for p in plugins if isinstance(p, dict) and "redirects" in p)

    def address(doc: str) -> str:
        """reports/2018/index.md -> reports/2018/; reports/2018/hr-od.md -> reports/2018/hr-od/."""
        return doc.removesuffix(".md").removesuffix("/index") + "/"

    return {address(old): address(new) for old, new in maps.items()}


@pytest.mark.slow
def test_built_with_its_published_address_the_site_has_a_full_sitemap_canonical_links_and_robots(published):
    site, published_at = published.build.site, published.url  # a project site's address, as GitHub Pages gives it
    moved = moved_addresses()  # pages that only send the reader to a page's new address: not in the sitemap
    pages = sorted(p for p in site.rglob("index.html") if p.parent.relative_to(site).as_posix() + "/" not in moved)
    listed = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    expected = [published_at + p.parent.relative_to(site).as_posix() + "/" for p in pages]
    assert sorted(url.replace(f"{published_at}./", published_at) for url in listed) == sorted(
        url.replace(f"{published_at}./", published_at) for url in expected
    )
    for page in pages:
        address = published_at + page.parent.relative_to(site).as_posix() + "/"
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert canonical and canonical[1] == address.replace(f"{published_at}./", published_at), page
    # Each old address answers, and its canonical link is the page's new address, which the sitemap lists.
    assert moved
    for old, new in moved.items():
        html = (site / old / "index.html").read_text(encoding="utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
        assert canonical and urljoin(published_at + old, canonical[1]) == published_at + new, old
        assert published_at + new in listed and published_at + old not in listed, old
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {published_at}sitemap.xml" in robots.splitlines()
    # The 404 page is served from any folder, so its links start from the project site's own root.
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/portfolio/assets/' in missing and 'href="/assets/' not in missing


def test_every_page_has_a_description_of_its_own_from_its_text_or_its_data(built):
    site_checks.check_page_descriptions(built.site, DATA)


def test_every_page_has_link_preview_tags_once_and_no_address_without_a_published_one(built):
    site_checks.check_link_previews(built.site, DATA)


@pytest.mark.slow
def test_built_with_its_published_address_each_link_preview_names_the_canonical_address(published):
    site_checks.check_link_previews(published.build.site, DATA, published.url)


@pytest.mark.slow
def test_a_description_in_front_matter_is_kept_as_escaped_text_over_the_data_sentence(tmp_path):
    written = 'What <b>HR</b> costs & "does", {{ 7 * 7 }}'  # front matter is not run as a template
    build = build_after_edits(
        tmp_path,
        ("docs/topics/hr-od.md", "# Human Resources", f"---\ndescription: '{written}'\n---\n\n# Human Resources"),
    )
    assert build.returncode == 0, build.output
    html = build.page("topics/hr-od")
    assert read_head(html).named("description") == [written]
    assert (
        '<meta name="description" content="What &lt;b&gt;HR&lt;/b&gt; costs &amp; &#34;does&#34;, {{ 7 * 7 }}">' in html
    )
    assert read_head(html).named("og:description") == read_head(html).named("description")


def test_without_a_published_address_robots_txt_has_no_sitemap_line(built):
    assert (built.site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
