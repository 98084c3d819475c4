"""schema.org Dataset metadata as JSON-LD, so search engines and catalogues can find the data."""

from __future__ import annotations

import json
from datetime import date

from markupsafe import Markup

from .export import LICENCE_URL, PUBLISHER
from .model import Site

COUNCIL = {"@type": "GovernmentOrganization", "name": PUBLISHER, "url": "https://www.thurrock.gov.uk/"}


def temporal_coverage(site: Site) -> str:
    """From the start of the first financial year to the end of the last, e.g. 2016-04-01/2019-03-31."""
    years = sorted({int(year[:4]) for year in _financial_years(site)})
    return f"{years[0]}-04-01/{years[-1] + 1}-03-31"


def _financial_years(site: Site):
    for period in site.periods.values():
        for year in (period.year, period.id if period.kind == "year" else None):
            if year:
                yield year


def dataset(site: Site, name: str, description: str, downloads: dict[str, str], modified: date | None) -> dict:
    """A schema.org Dataset; downloads maps an address (relative to the page) to its media type."""
    published = max(site.published())
    record = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": COUNCIL,
        "publisher": COUNCIL,
        "spatialCoverage": {"@type": "Place", "name": "Thurrock"},
        "temporalCoverage": temporal_coverage(site),
        "datePublished": published,
        "inLanguage": "en-GB",
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": media, "contentUrl": url} for url, media in downloads.items()
        ],
    }
    if modified:
        record["dateModified"] = modified.isoformat()
    return record


def script(records: list[dict]) -> Markup:
    """A JSON-LD script element; "<" is escaped so no value can end the element early."""
    text = json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=1)
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(Markup(text.replace("<", "\\u003c")))
