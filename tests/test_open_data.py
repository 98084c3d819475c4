"""The open data as a data user's tools and a catalogue's harvester read it: the Data Package validated by
frictionless, every CSV's CSV on the Web metadata by csvw, the DCAT catalogue and each page's schema.org
Datasets read as RDF by rdflib. Expectations come from data/ and the built files, never from macros/."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import site_checks
import yaml
from csvw import CSVW
from frictionless import validate
from helpers import ROOT
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

DATA = ROOT / "data"
SDO = Namespace("https://schema.org/")
# The schema.org context, given here so that parsing fetches nothing from the web.
SCHEMA_CONTEXT = {"@vocab": "https://schema.org/"}


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def raw(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def raw_reports() -> list[dict]:
    """Every portfolio's reports, data/reports/<portfolio>/<year>.yaml, as their YAML writes them."""
    return site_checks.raw_reports(DATA)


def duration_kpis() -> set[str]:
    return {kpi["id"] for kpi in raw("kpis.yaml")["kpis"] if kpi["unit"] == "duration"}


def csvw_valid(metadata: Path) -> tuple[bool, list[str]]:
    """Validate with the csvw package, which reads every cell by its declared type and checks the keys."""
    try:
        checked = CSVW(str(metadata), validate=True)
        valid = checked.is_valid
    except ValueError as problem:  # a cell that is not of its column's type
        return False, [str(problem)]
    return valid, [str(warning.message) for warning in checked.warnings]


IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
# Each kind of file the site publishes, by how its name ends, and its media type as IANA registers it.
MEDIA_TYPES = {
    "-metadata.json": "application/csvm+json",  # CSV on the Web metadata
    ".jsonld": "application/ld+json",
    ".json": "application/json",  # the JSON downloads, and the Data Package
    ".csv": "text/csv",
}


def iana_type(name: str) -> str:
    return IANA + next(media for ending, media in MEDIA_TYPES.items() if name.endswith(ending))


def text(graph: Graph, node, term) -> str:
    """The one text a node has for a term (a missing or misnamed term fails here)."""
    (value,) = graph.objects(node, term)
    assert isinstance(value, Literal), (node, term, value)
    return str(value)


def catalogue_graph(site: Path, published_at: str) -> Graph:
    return Graph().parse(
        data=(site / "data/catalog.jsonld").read_text(encoding="utf-8"),
        format="json-ld",
        publicID=published_at + "data/catalog.jsonld",
    )


# --- Frictionless Data Package -------------------------------------------------------------------


def test_the_data_package_of_the_whole_datasets_is_valid_by_frictionless(built):
    folder = built.site / "data"
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    # Every whole dataset's CSV is in the package, each with a typed schema and a primary key.
    assert sorted(resource["path"] for resource in package["resources"]) == sorted(p.name for p in folder.glob("*.csv"))
    for resource in package["resources"]:
        schema = resource["schema"]
        assert schema["primaryKey"], resource["name"]
        assert [field["name"] for field in schema["fields"]] == next(csv.reader(open(folder / resource["path"])))
        for field in schema["fields"]:
            assert field["type"] in ("string", "integer", "number", "date", "boolean"), field
            assert field["description"], field
    results = next(resource for resource in package["resources"] if resource["name"] == "kpi-results")
    assert {(key["fields"], key["reference"]["resource"]) for key in results["schema"]["foreignKeys"]} >= {
        ("portfolio", "portfolios"),
        ("kpi", "kpis"),
        ("period", "periods"),
    }
    # A report is its portfolio's report of a year: the portfolio is part of every row's key that has a report.
    for resource in package["resources"]:
        fields = [field["name"] for field in resource["schema"]["fields"]]
        if "report" in fields:
            assert fields.index("portfolio") == fields.index("report") - 1, resource["name"]
            assert {"portfolio", "report"} <= set(resource["schema"]["primaryKey"]), resource["name"]
            keys = {(key["fields"], key["reference"]["resource"]) for key in resource["schema"]["foreignKeys"]}
            assert ("portfolio", "portfolios") in keys, resource["name"]


def test_a_figure_of_the_wrong_type_or_a_kpi_that_does_not_exist_fails_both_validations(built, tmp_path):
    """The metadata declares types and keys that the validators enforce: the same checks fail when the CSVs
    are broken as a hand edit might break them."""
    for breakage in ("type", "key"):
        folder = shutil.copytree(built.site / "data", tmp_path / breakage)
        results = rows(folder / "kpi-results.csv")
        results[0]["value" if breakage == "type" else "kpi"] = "9,95" if breakage == "type" else "no-such-kpi"
        with open(folder / "kpi-results.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(results[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(results)
        assert not validate(str(folder / "datapackage.json")).valid, breakage
        assert not csvw_valid(folder / "csv-metadata.json")[0], breakage


# --- CSV on the Web ---------------------------------------------------------------------------------


def described_by(csv_path: Path) -> Path:
    """The CSVW metadata for a CSV, found as the standard says (its own file, then the folder's)."""
    own = csv_path.with_name(csv_path.name + "-metadata.json")
    if own.exists():
        return own
    folder = csv_path.with_name("csv-metadata.json")
    assert folder.exists(), csv_path
    tables = json.loads(folder.read_text(encoding="utf-8"))["tables"]
    assert csv_path.name in [table["url"] for table in tables], csv_path
    return folder


def test_every_csv_on_the_site_has_csvw_metadata_that_the_csvw_package_validates(built):
    csvs = sorted(built.site.glob("data/**/*.csv"))
    assert len(csvs) > len(list(built.site.glob("data/tables/*.csv")))
    checked = set()
    for path in csvs:
        metadata = described_by(path)
        if metadata not in checked:
            valid, problems = csvw_valid(metadata)
            assert valid, (metadata, problems)
            checked.add(metadata)


def test_a_tables_own_csv_says_it_is_the_printed_layout_and_marks_totals_in_a_column(built):
    tables = built.site / "data/tables"
    with_totals = 0
    for metadata_path in tables.glob("*.csv-metadata.json"):
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        assert "layout its report printed" in metadata["dc:description"], metadata_path
        table = rows(tables / metadata["url"])
        page = (built.site / "data/tables" / metadata["dc:isPartOf"]["@id"]).resolve()
        assert (page / "index.html").is_file(), metadata_path
        columns = {column["titles"]: column for column in metadata["tableSchema"]["columns"]}
        assert list(columns) == list(table[0]), metadata_path
        if "total_row" in columns:
            with_totals += 1
            assert columns["total_row"]["datatype"] == "boolean"
            html = (page / "index.html").read_text(encoding="utf-8")
            table_html = html[html.index(f'id="{metadata["url"].removesuffix(".csv")}"') :]
            shown_totals = table_html[: table_html.index("</table>")].count('<tr class="total">')
            assert [row["total_row"] for row in table].count("true") == shown_totals, metadata_path
            assert {row["total_row"] for row in table} <= {"true", "false"}
    reports = raw_reports()
    assert with_totals >= sum(1 for r in reports for t in r["budget_tables"] if t.get("total")) > 0


# --- tidy whole datasets -----------------------------------------------------------------------------


def test_no_total_is_a_row_of_the_budgets_dataset(built):
    budgets = rows(built.site / "data/budgets.csv")
    lines = [
        (report["portfolio"], str(report["id"]), table["id"], line["area"])
        for report in raw_reports()
        for table in report["budget_tables"]
        for line in table["lines"]
    ]
    assert lines
    assert sorted((row["portfolio"], row["report"], row["table"], row["service_area"]) for row in budgets) == sorted(
        lines
    )


def seconds(printed: str) -> int:
    minutes, secs = printed.split(":")
    return int(minutes) * 60 + int(secs)


def test_durations_are_seconds_everywhere_with_the_printed_figure_beside_them(built):
    durations = duration_kpis()
    assert durations
    results = [row for row in rows(built.site / "data/kpi-results.csv") if row["kpi"] in durations]
    assert results
    for row in results:
        assert row["unit"] == "seconds"
        if row["value"]:
            assert int(row["value"]) == seconds(row["value_display"]), row
    # In a table's own CSV, a column of figures holds a duration as seconds too.
    checked = 0
    for metadata_path in (built.site / "data/tables").glob("*.csv-metadata.json"):
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        numeric = [c["titles"] for c in metadata["tableSchema"]["columns"] if c["datatype"] in ("integer", "decimal")]
        for row in rows(metadata_path.with_name(metadata["url"])):
            if row.get("unit") == "seconds":
                for heading in numeric:
                    assert re.fullmatch(r"\d*", row[heading]), (metadata_path, heading, row)
                    checked += bool(row[heading])
    assert checked


def test_a_bound_target_is_a_number_with_its_bound_beside_it(built):
    results = rows(built.site / "data/kpi-results.csv")
    bounds = [
        (report["portfolio"], str(report["id"]), result["kpi"], result["period"], str(result["target"]))
        for report in raw_reports()
        for result in report["results"]
        if str(result.get("target", "")).startswith(("<", ">", "≤", "≥"))
    ]
    assert bounds
    for portfolio, report, kpi, period, printed in bounds:
        (row,) = [
            r
            for r in results
            if (r["portfolio"], r["report"], r["kpi"], r["period"]) == (portfolio, report, kpi, period)
        ]
        operator, figure = re.fullmatch(r"(<=|>=|<|>|≤|≥)\s*(.+)", printed).groups()
        assert row["target_bound"] == {"≤": "<=", "≥": ">="}.get(operator, operator)
        expected = seconds(figure) if kpi in duration_kpis() else float(figure)
        assert float(row["target"]) == expected and row["target_words"] == ""
        assert row["target_display"].replace(" ", "") == printed.replace(" ", "")


# --- DCAT catalogue ----------------------------------------------------------------------------------


def test_the_dcat_catalogue_parses_as_rdf_and_names_every_dataset_and_distribution(published):
    site, published_at = published.build.site, published.url
    folder = site / "data"
    graph = catalogue_graph(site, published_at)
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert len(datasets) == len(package["resources"]) == len(list(folder.glob("*.csv")))
    downloads = set()
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        title = str(graph.value(dataset, DCTERMS.title))
        assert 0 < len(title) <= 65, title  # data.gov.uk's limit
        for term in (DCTERMS.description, DCTERMS.identifier, DCTERMS.issued, DCTERMS.publisher, DCAT.landingPage):
            assert graph.value(dataset, term) is not None, (dataset, term)
        assert graph.value(dataset, DCTERMS.license) == URIRef(site_checks.OGL)
        assert str(graph.value(dataset, DCTERMS.spatial)).endswith("/E06000034")
        for distribution in graph.objects(dataset, DCAT.distribution):
            url = str(graph.value(distribution, DCAT.downloadURL))
            assert url.startswith(published_at), url
            assert (site / url.removeprefix(published_at)).is_file(), url
            media = str(graph.value(distribution, DCAT.mediaType))
            assert media.startswith("https://www.iana.org/assignments/media-types/"), media
            downloads.add(url.removeprefix(published_at + "data/"))
    assert downloads == {
        p.name
        for p in folder.iterdir()
        if p.suffix in (".csv", ".json") and p.stem in {r["name"] for r in package["resources"]}
    }
    # ISO 8601 dates, typed.
    for _, _, issued in graph.triples((None, DCTERMS.issued, None)):
        assert re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", str(issued))
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert str(graph.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "Thurrock Council"


def test_every_distribution_names_its_media_type_and_format_by_address(published):
    """DCAT 3 and DCAT-AP: dcat:mediaType is IANA's address for the media type, and dct:format a link (a
    file type's address), never a bare string such as "CSV"."""
    site, published_at = published.build.site, published.url
    graph = catalogue_graph(site, published_at)
    distributions = set(graph.subjects(RDF.type, DCAT.Distribution))
    assert distributions == set(graph.objects(None, DCAT.distribution)) and distributions
    for distribution in distributions:
        name = str(graph.value(distribution, DCAT.downloadURL)).rpartition("/")[2]
        (media,) = graph.objects(distribution, DCAT.mediaType)
        assert isinstance(media, URIRef) and str(media) == iana_type(name), (name, media)
        formats = list(graph.objects(distribution, DCTERMS.format))
        assert formats, name
        for named in formats:
            assert isinstance(named, URIRef), (name, named)
            extension = name.rpartition(".")[2]
            assert named in (media, URIRef(EU_FILE_TYPES + extension.upper())), (name, named)


def test_each_dataset_has_one_title_without_the_council_and_a_short_first_sentence_everywhere(published):
    """data.gov.uk: a title of at most 65 characters without the publisher's name, and a description whose
    first sentence, which search results show, is under 140 characters; the same in every description of
    the dataset (the DCAT catalogue, the Data Package, CSV on the Web, each JSON download, schema.org and
    the open data page's headings)."""
    site, published_at = published.build.site, published.url
    folder = site / "data"
    graph = catalogue_graph(site, published_at)
    described = {
        str(dataset).rpartition("#")[2]: (
            text(graph, dataset, DCTERMS.title),
            text(graph, dataset, DCTERMS.description),
        )
        for dataset in graph.subjects(RDF.type, DCAT.Dataset)
    }
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert set(described) == {resource["name"] for resource in package["resources"]}
    for name, (title, description) in described.items():
        assert 0 < len(title) <= 65 and "thurrock" not in title.lower(), title
        first = description.split(". ")[0]
        assert len(first) < 140, (name, len(first), first)
        assert description.endswith("."), description
    elsewhere = {
        "datapackage.json": {r["name"]: (r["title"], r["description"]) for r in package["resources"]},
        "csv-metadata.json": {
            table["url"].removesuffix(".csv"): (table["dc:title"], table["dc:description"])
            for table in json.loads((folder / "csv-metadata.json").read_text(encoding="utf-8"))["tables"]
        },
        "<dataset>.json": {
            name: (document["title"], document["description"])
            for name in described
            for document in [json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))]
        },
    }
    (catalog,) = site_checks.json_ld((site / "open-data/index.html").read_text(encoding="utf-8"))
    schema = Graph().parse(data=json.dumps({**catalog, "@context": SCHEMA_CONTEXT}), format="json-ld")
    elsewhere["schema.org"] = {
        str(dataset).rpartition("#")[2]: (text(schema, dataset, SDO.name), text(schema, dataset, SDO.description))
        for dataset in schema.objects(URIRef(catalog["url"]), SDO.dataset)
    }
    for where, found in elsewhere.items():
        assert found == described, where
    headings = dict(
        re.findall(
            r'<h2 id="([^"]+)">(.*?)<a class="headerlink"', (site / "open-data/index.html").read_text("utf-8"), re.S
        )
    )
    for name, (title, _) in described.items():
        assert html.unescape(re.sub(r"<[^>]+>", "", headings[name])).strip() == title, (name, headings.get(name))


# --- schema.org on every page ------------------------------------------------------------------------


def test_every_page_with_a_table_carries_datasets_with_absolute_addresses_that_parse_as_rdf(published):
    site, published_at = published.build.site, published.url
    site_checks.check_dataset_json_ld(site, DATA)
    pages = 0
    for page in site_checks.html_pages(site):
        records = [r for r in site_checks.json_ld(page.read_text(encoding="utf-8")) if r["@type"] == "Dataset"]
        if not records:
            continue
        pages += 1
        address = published_at + page.parent.relative_to(site).as_posix() + "/"
        address = address.replace(f"{published_at}./", published_at)
        graph = Graph().parse(
            data=json.dumps([{**record, "@context": SCHEMA_CONTEXT} for record in records]),
            format="json-ld",
            publicID=address,
        )
        named = set(graph.subjects(RDF.type, SDO.Dataset))
        assert len(named) == len(records), page
        for record in records:
            assert record["url"].startswith(address + "#"), (page, record["url"])
            for download in record["distribution"]:
                url = download["contentUrl"]
                assert url.startswith(published_at) and (site / url.removeprefix(published_at)).is_file(), url
    assert pages >= len(raw_reports()) > 0
    (catalog,) = site_checks.json_ld((site / "open-data/index.html").read_text(encoding="utf-8"))
    assert catalog["url"] == published_at + "open-data/"
    graph = Graph().parse(data=json.dumps({**catalog, "@context": SCHEMA_CONTEXT}), format="json-ld")
    assert len(set(graph.objects(URIRef(catalog["url"]), SDO.dataset))) == len(catalog["dataset"])


@pytest.mark.parametrize("name", ["kpis", "services"])
def test_the_kpis_and_services_name_their_pages_by_their_published_address(published, name):
    site, published_at = published.build.site, published.url
    for row in rows(site / f"data/{name}.csv"):
        assert row["page"].startswith(published_at), row
        assert (site / row["page"].removeprefix(published_at) / "index.html").is_file(), row
