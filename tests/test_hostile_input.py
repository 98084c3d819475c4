"""Every free text in data/ made hostile at once (markup, template code, a formula, Markdown), then
the real check and the real strict build: each text reaches every page kind, <title>, JSON-LD, the
search index and every download as text, never as markup, a template or a formula."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from browser import MISSING, chromium_available, serve
from feeds import atom_errors, read_feed
from helpers import ROOT, mkdocs_build
from hostile import REFERENCES, TEXT_FIELDS, commit_with_a_correction, payload, schema_fields
from hostile import hostile_project as make_hostile_project
from lxml import etree
from pagefind_files import fragments
from pages import read_page
from site_checks import doc_address, is_redirect, redirects
from test_bad_data import run_check

from macros.opendata.export import FORMULA_STARTS

# Fields the site does not publish (a report's portfolio is for editors).
UNPUBLISHED = set()  # every text field the data holds is on the site
# One page of each kind, generated ones included.
PAGE_KINDS = {
    "home": "",
    "topic": "topics/hr-od/",
    "indicators": "kpis/",
    "KPI": "kpis/sickness-absence/",
    "budgets": "budgets/",
    "report section": "reports/central-services/2018/hr-od/",
    "what's changed": "changes/",
}
TEMPLATE_TEXT = '{{ "pwn" ~ "ed" }}'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = tmp_path_factory.mktemp("hostile") / "project"
    fields = make_hostile_project(ROOT, project)
    commit_with_a_correction(project)
    build = mkdocs_build(project, project.parent / "site")
    return project, fields, build


@pytest.fixture(scope="module")
def site_files(hostile) -> dict[str, str]:
    _, _, build = hostile
    assert build.returncode == 0, build.output
    return {
        path.relative_to(build.site).as_posix(): path.read_text(encoding="utf-8")
        for path in build.site.rglob("*")
        if path.suffix in (".html", ".json", ".jsonld", ".csv", ".xml")
    }


def by_suffix(files: dict[str, str], suffix: str) -> dict[str, str]:
    return {name: text for name, text in files.items() if name.endswith(suffix)}


def test_every_string_field_in_the_schemas_is_known_as_text_or_reference():
    found = schema_fields(ROOT / "data" / "schemas")
    assert {file: fields - TEXT_FIELDS[file] - REFERENCES for file, fields in found.items()} == {
        file: set() for file in found
    }


def test_hostile_text_passes_the_check_and_the_strict_build(hostile):
    project, _, build = hostile
    done = run_check(project / "data")
    assert done.returncode == 0, done.stderr
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output


def test_every_text_field_of_every_data_file_was_tried_and_published(hostile, site_files):
    _, fields, _ = hostile
    tried = {field.split(": ")[1] for field in fields.values()}
    assert tried == set().union(*TEXT_FIELDS.values())
    everything = "\n".join(site_files.values())
    unseen = {field for number, field in fields.items() if f"#{number}#" not in everything}
    assert {field.split(": ")[1] for field in unseen} == UNPUBLISHED


def test_no_data_text_becomes_markup_or_a_link_on_any_page(site_files):
    pages = by_suffix(site_files, ".html")
    assert len(pages) > 40
    for live in ("<b class=pwn", "<img src=pwn", 'href="javascript', "<em>pwnem</em>"):
        assert [name for name, text in pages.items() if live in text] == [], live


def test_no_data_text_is_run_as_a_template_anywhere(site_files):
    files = dict(site_files)
    words = json.loads(files.pop("pagefind/site-words.json"))
    # search's word list holds words cut from the texts, never a text whole: no markup, no template
    assert words["words"] and all(re.fullmatch(r"[a-z0-9]+", word) for word in words["words"])
    assert "pwned" not in json.dumps(words)
    for name, text in files.items():
        assert "pwned" not in text, name
        shown = html.unescape(text)
        # "pwnif" alone would be the if-statement run; "-pwnif-" is a heading's anchor made from it and
        # "_pwnif_" a CSV column's name in its CSVW metadata
        assert len(re.findall(r"(?<![-_])pwnif", shown)) == shown.count("{% if true %}pwnif{% endif %}"), name


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_each_page_kind_shows_data_text_literally(site_files, kind):
    page = read_page(site_files[PAGE_KINDS[kind] + "index.html"])
    text = "".join(page.text) + " ".join(cell.text for table in page.tables for _, row in table.rows for cell in row)
    assert TEMPLATE_TEXT in text and "<b class=pwn>x</b>" in text, kind


def test_a_kpi_page_title_is_the_data_as_text(hostile, site_files):
    # A KPI's page is titled with its everyday name; the title as printed follows, as text.
    _, fields, _ = hostile
    number = next(n for n, field in fields.items() if field == "kpis.yaml: kpis.[].name")
    printed = next(n for n, field in fields.items() if field == "kpis.yaml: kpis.[].title")
    page = site_files["kpis/" + _kpi_ids(hostile)[0] + "/index.html"]
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]
    assert html.unescape(title).startswith(payload(number) + " – ")
    assert "<" not in title.split(" – ")[0]
    shown = re.search(r"<p>Printed in the reports as “(.*?)”\.</p>", page, re.S)[1]
    assert html.unescape(shown) == payload(printed) and "<" not in shown


def _kpi_ids(hostile) -> list[str]:
    project, _, _ = hostile
    return re.findall(r'"id": "([a-z0-9-]+)"', (project / "data" / "kpis.yaml").read_text(encoding="utf-8"))


def test_every_page_title_is_escaped_text(site_files):
    for name, text in by_suffix(site_files, ".html").items():
        for title in re.findall(r"<title[^>]*>(.*?)</title>", text, re.S):
            assert "<" not in title and "pwned" not in html.unescape(title), name


def test_json_ld_is_valid_json_that_no_text_can_end_early(site_files):
    scripts = [
        (name, script)
        for name, text in by_suffix(site_files, ".html").items()
        for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    ]
    assert len(scripts) > 5
    for name, script in scripts:
        assert "<" not in script, name
        json.loads(script)


def test_the_feed_is_valid_atom_and_a_corrected_kpis_hostile_title_is_its_text(hostile, site_files):
    _, fields, _ = hostile
    xml = site_files["feed.xml"].encode("utf-8")
    assert atom_errors(xml) == [] and read_feed(xml).bozo == 0
    names = {"atom": "http://www.w3.org/2005/Atom", "xhtml": "http://www.w3.org/1999/xhtml"}
    feed = etree.fromstring(xml)
    (link,) = feed.findall("atom:entry/atom:content/xhtml:div/xhtml:ul/xhtml:li/xhtml:a", names)
    titles = {payload(number) for number, field in fields.items() if field == "kpis.yaml: kpis.[].title"}
    assert link.text in titles and len(link) == 0  # the whole title, as words: no element made from it
    assert [element.tag for element in feed.iter() if "pwn" in (element.get("src") or element.get("class") or "")] == []
    item = "".join(feed.find("atom:entry/atom:content/xhtml:div/xhtml:ul/xhtml:li", names).itertext())
    report_titles = {payload(number) for number, field in fields.items() if field.endswith(": title")}
    assert any(f", {title}, result corrected: " in item for title in report_titles)  # the report's title too


def test_search_index_holds_data_text_as_text(hostile):
    _, _, build = hostile
    index = fragments(build.site)
    # Pagefind keeps a page's text and meta as plain text (the search box shows them as text): the
    # hostile markup is there as the characters an editor typed, in pages, records and meta alike.
    kpi = index["/kpis/sickness-absence/"]
    assert "<b class=pwn>" in kpi["meta"]["title"] and "<b class=pwn>" in kpi["content"]
    assert any("<b class=pwn>" in "".join(result["filters"].get("service", [])) for result in index.values())
    records = [result for url, result in index.items() if "#" in url]
    assert any("<b class=pwn>" in result["meta"]["title"] for result in records)
    for url, result in index.items():
        assert "pwned" not in result["content"], url
        assert all("pwned" not in value for value in result["meta"].values()), url


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def test_json_downloads_are_strict_json(site_files):
    downloads = {
        name: text
        for name, text in site_files.items()
        if name.startswith("data/") and name.endswith((".json", ".jsonld"))
    }
    assert len(downloads) > 20 and "data/catalog.jsonld" in downloads and "data/datapackage.json" in downloads
    for text in downloads.values():
        json.loads(text, parse_constant=_reject_constant)


def test_the_open_data_and_its_metadata_still_validate_with_hostile_text(hostile):
    """Markup, template code and formulas in every text field leave the Data Package, every CSVW
    description and the DCAT catalogue valid: the text is data in them, never syntax."""
    from frictionless import validate
    from rdflib import Graph
    from test_open_data import csvw_valid

    _, _, build = hostile
    data = build.site / "data"
    report = validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    for metadata in [data / "csv-metadata.json", *sorted((data / "tables").glob("*-metadata.json"))]:
        valid, problems = csvw_valid(metadata)
        assert valid, (metadata, problems)
    graph = Graph().parse(
        data=(data / "catalog.jsonld").read_text(encoding="utf-8"),
        format="json-ld",
        publicID="https://example.org/data/catalog.jsonld",
    )
    assert len(graph) > 50


def test_no_csv_cell_can_start_a_formula(site_files):
    downloads = by_suffix(site_files, ".csv")
    assert len(downloads) > 20
    neutralised = 0
    for text in downloads.values():
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                if cell.startswith(FORMULA_STARTS):
                    float(cell)  # only a negative number may start with "-"
                neutralised += cell.startswith("'=1+1 <b class=pwn>")
    assert neutralised > 50


# --- in a browser ------------------------------------------------------------------------


@pytest.mark.skipif(not chromium_available(), reason=MISSING)
def test_no_script_or_markup_from_data_runs_in_chromium_even_in_search_results(hostile, site_files, browser):
    _, _, build = hostile
    with serve(build.site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        live = "document.querySelectorAll('img[src=pwn], b.pwn, a[href^=javascript]').length"
        counts = {}
        for kind, path in PAGE_KINDS.items():
            page.goto(url + path, wait_until="networkidle")
            counts[kind] = page.evaluate(live)
        box = page.get_by_role("searchbox", name="Search the site")
        box.click()
        box.press_sequentially("pwnem", delay=30)
        page.wait_for_selector(".site-search__result")
        page.wait_for_timeout(500)  # time for any script in the results to run (none must)
        shown = page.locator(".site-search__panel").inner_text()
        counts["search results"] = page.evaluate(live)
        page.close()
    assert dialogs == []
    assert counts == {kind: 0 for kind in counts}
    assert "<b class=pwn>" in shown


# --- descriptions and link previews --------------------------------------------------------------

META_TAG = re.compile(r'<meta (?:name|property)="([^"]+)" content="([^"<>]*)">')


def _number_of(fields: dict[int, str], field: str) -> int:
    return next(n for n, found in fields.items() if found == field)


def test_a_hostile_kpi_title_and_service_name_reach_descriptions_and_previews_as_text(hostile, site_files):
    _, fields, _ = hostile
    kpi_title = payload(_number_of(fields, "kpis.yaml: kpis.[].name"))  # a KPI's page is titled with its name
    service_name = payload(_number_of(fields, "services.yaml: services.[].name"))
    kpi = _tags(site_files["kpis/" + _kpi_ids(hostile)[0] + "/index.html"])
    topic = _tags(site_files["topics/" + _service_ids(hostile)[0] + "/index.html"])
    assert kpi["description"].startswith(kpi_title) and kpi["og:title"] == kpi_title
    assert topic["description"].startswith(service_name)  # a topic page's title is its Markdown heading
    assert kpi["og:description"] == kpi["description"] and topic["og:description"] == topic["description"]


def _tags(page: str) -> dict[str, str]:
    return {name: html.unescape(content) for name, content in META_TAG.findall(page)}


def _service_ids(hostile) -> list[str]:
    project, _, _ = hostile
    return re.findall(r'"id": "([a-z0-9-]+)"', (project / "data" / "services.yaml").read_text(encoding="utf-8"))


def test_every_meta_tag_is_one_attribute_of_escaped_text(hostile, site_files):
    project, _, _ = hostile
    # The old addresses mkdocs.yml sends on to a page's new address: a redirect page, with no description.
    moved = {doc_address(old) + "index.html" for old in redirects(project / "data")}
    assert moved and all(is_redirect(site_files[name]) for name in moved)
    for name, text in by_suffix(site_files, ".html").items():
        head = text[: text.index("</head>")]
        written = re.findall(r"<meta (?:name|property)=", head)
        found = META_TAG.findall(head)
        assert len(found) == len(written), name  # none was broken open by a quote or a bracket in the data
        if name in moved:
            continue
        assert [tag for tag, _ in found].count("description") == 1, name
        assert all("pwned" not in html.unescape(content) for _, content in found), name
