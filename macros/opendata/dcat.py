"""A DCAT catalogue of the whole datasets (data/catalog.jsonld), which catalogues such as data.gov.uk
harvest: the fields DCAT v3 and DCAT-AP UK ask for (title of at most 65 characters, description,
identifier, licence, publisher, ISO 8601 dates, distributions with their media types and formats).

Written in JSON-LD, so it is RDF; every address is absolute where the build knows the published
address, and otherwise relative to the catalogue's own.
"""

from __future__ import annotations

from datetime import date

from .datasets import Dataset
from .export import LICENCE_URL, MEDIA_TYPES, PUBLISHER
from .metadata import AREA_URI, COUNCIL_URL, GROUP_METADATA, PACKAGE_TITLE

CATALOGUE = "catalog.jsonld"  # beside the datasets, in data/
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA = "https://www.iana.org/assignments/media-types/"
# The EU Publications Office's file types, the vocabulary DCAT-AP names for dct:format.
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TYPE = {"csv": "CSV", "json": "JSON"}
PUBLISHER_NODE = {
    "@id": COUNCIL_URL,
    "@type": "foaf:Organization",
    "foaf:name": PUBLISHER,
    "foaf:homepage": {"@id": COUNCIL_URL},
    "dct:spatial": {"@id": AREA_URI},
}
CONTACT = {"@type": "vcard:Organization", "vcard:fn": PUBLISHER, "vcard:hasURL": {"@id": COUNCIL_URL}}


def _date(day: date | None) -> dict | None:
    return {"@value": day.isoformat(), "@type": "xsd:date"} if day else None


def _year(year: str) -> dict:
    """When a report was published, typed by its form: "2018" a year, "2018-07" a month, "2018-07-11" a date."""
    kind = {4: "xsd:gYear", 7: "xsd:gYearMonth"}.get(len(year), "xsd:date")
    return {"@value": year, "@type": kind}


def catalogue(
    datasets: list[tuple[Dataset, date | None]],
    *,
    base: str,
    landing_page: str,
    home: str,
    issued: str,
    description: str,
) -> dict:
    """datasets: each with when it last changed. base is the address of the folder
    the datasets are in (data/); landing_page the open data page; home the site's first page."""
    modified = [changed for _, changed in datasets]
    record = {
        "@context": CONTEXT,
        "@id": base + CATALOGUE,
        "@type": "dcat:Catalog",
        "dct:title": PACKAGE_TITLE,
        "dct:description": description,
        "dct:identifier": base + CATALOGUE,
        "dct:publisher": PUBLISHER_NODE,
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        "dct:spatial": {"@id": AREA_URI},
        "dct:issued": _year(issued),
        "foaf:homepage": {"@id": home},
        "dcat:dataset": [_dataset(data, changed, base, landing_page, issued) for data, changed in datasets],
    }
    if modified and None not in modified:
        record["dct:modified"] = _date(max(modified))
    return record


def _dataset(data: Dataset, modified: date | None, base: str, page: str, issued: str) -> dict:
    identifier = f"{page}#{data.id}"
    record = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": data.title,
        "dct:description": data.description,
        "dct:publisher": {"@id": COUNCIL_URL},
        "dct:license": {"@id": LICENCE_URL},
        "dct:issued": _year(issued),
        "dct:spatial": {"@id": AREA_URI},
        "dct:conformsTo": {"@id": base + GROUP_METADATA},
        "dcat:keyword": list(data.keywords),
        "dcat:landingPage": {"@id": identifier},
        "dcat:contactPoint": CONTACT,
        "dcat:distribution": [_distribution(data, extension, base) for extension in MEDIA_TYPES],
    }
    if data.covers:
        record["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(data.covers[0]),
            "dcat:endDate": _date(data.covers[1]),
        }
    if modified:
        record["dct:modified"] = _date(modified)
    return record


def _media_type(extension: str) -> dict:
    """A download's media type as DCAT asks: IANA's address for it, e.g.
    https://www.iana.org/assignments/media-types/text/csv, not the bare text/csv."""
    return {"@id": IANA + MEDIA_TYPES[extension], "@type": "dct:MediaType"}


def _file_format(extension: str) -> dict:
    """A download's format as a link to the EU Publications Office's file type, e.g.
    http://publications.europa.eu/resource/authority/file-type/CSV.

    DCAT-AP names that vocabulary for dct:format, so catalogues that follow it (the EU's data portal and the
    national ones built on it) read the format without guessing from a name. The IANA address would say
    again what dcat:mediaType says already; DCAT 3 keeps dct:format for what the media type does not give."""
    return {"@id": FILE_TYPES + FILE_TYPE[extension], "@type": "dct:MediaTypeOrExtent"}


def _distribution(data: Dataset, extension: str, base: str) -> dict:
    url = f"{base}{data.id}.{extension}"
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{data.title} ({FILE_TYPE[extension]})",
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": _media_type(extension),
        "dct:format": _file_format(extension),
        "dct:license": {"@id": LICENCE_URL},
    }
