"""The pipeline from data/ to a checked model: read, check against schemas, assemble."""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from ..base.errors import DataError, DataErrors
from ..base.model import Site
from .assemble import assemble_site, source
from .crosscheck import cross_check
from .digests import file_digest
from .links import refused_paths
from .load import read_yaml
from .schema import check_against_schema

# Each data file and the schema it must follow; reports/ holds a folder per portfolio, a file per report.
SCHEMAS = {
    "portfolios.yaml": "portfolios.schema.json",
    "services.yaml": "services.schema.json",
    "periods.yaml": "periods.schema.json",
    "kpis.yaml": "kpis.schema.json",
    "facts.yaml": "facts.schema.json",
    "glossary.yaml": "glossary.schema.json",
}
REPORT_SCHEMA = "report.schema.json"


def load_site(data_dir: Path, drafts: bool = False) -> Site:
    """Load and check everything in data_dir; raise DataErrors listing every mistake found.

    With drafts (`make serve`), fields left empty are shown as "[to fill in]" instead of
    being errors. The result is kept in memory until a file in data_dir changes, so one build
    loads the data once; and each file read and checked is kept until its content (or a schema)
    changes, so `make serve` reads again only the file an editor saved. Nothing is kept on disk:
    every build reads and checks data/ as it is.
    """
    data_dir = Path(data_dir).absolute()  # not resolved: a data/ that is a link is refused, not followed
    return _load_site(data_dir, _fingerprint(data_dir), drafts)


def read_site(data_dir: Path) -> Site:
    """load_site without keeping the result, for data read once, such as a past commit's (kept, it would
    push the build's own data out of load_site's few places)."""
    with _collector_paused():
        return _read_and_check(Path(data_dir).absolute(), False, lambda path: (file_digest(path), ()))


def _fingerprint(data_dir: Path) -> tuple[tuple[str, str], ...]:
    """Every file under data_dir with a digest of its content; a symbolic link only as one (never read through,
    and refused by _read_and_check)."""
    found = []
    for current, dirs, files in os.walk(data_dir):  # does not follow links to folders
        for name in dirs + files:
            path = Path(current) / name
            if path.is_symlink():
                found.append((str(path), "a symbolic link"))
            elif name in files and path.is_file():
                found.append((str(path), file_digest(path)))
    return tuple(sorted(found))


@lru_cache(maxsize=4)
def _load_site(data_dir: Path, fingerprint: tuple, drafts: bool) -> Site:
    digests = dict(fingerprint)
    schemas = tuple(
        (Path(name).name, digest) for name, digest in fingerprint if Path(name).parent == data_dir / "schemas"
    )
    with _collector_paused():
        return _read_and_check(data_dir, drafts, lambda path: (digests.get(str(path)), schemas))


_checked: dict[tuple, tuple[tuple, object, list]] = {}  # (file, drafts) -> (its version, document, problems)


def _read_checked(
    path: Path, name: str, schema: str, schema_dir: Path, drafts: bool, version: tuple
) -> tuple[object, list]:
    """One file read and checked against its schema, kept in memory until its version (its digest and the
    schemas') changes; only the latest version of each file is kept."""
    kept = _checked.get((path, drafts))
    if kept is None or kept[0] != version:
        document, problems = read_yaml(path, name)
        if not problems:
            problems = check_against_schema(document, schema, name, schema_dir, drafts)
        kept = _checked[(path, drafts)] = (version, document, problems)
    return kept[1], kept[2]


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while the data is read.

    Reading creates hundreds of thousands of objects that all stay alive, and the collector
    would scan them again and again for cycles that cannot be there: on a council-scale site
    that was about a fifth of the time taken to load and check the data.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # common.schema.json's id


def kpis_as_listed(data_dir: Path) -> list[tuple[str, str]]:
    """(id, page title) of each KPI data/kpis.yaml lists with a well-formed id, read without checking anything
    else: the KPI pages a preview keeps while the data has a mistake (none if the file cannot be read)."""
    path = Path(data_dir) / "kpis.yaml"
    document, _ = read_yaml(path, "data/kpis.yaml") if path.is_file() and not path.is_symlink() else (None, [])
    listed = document.get("kpis") if isinstance(document, dict) else None
    found: dict[str, str] = {}
    for kpi in listed if isinstance(listed, list) else []:
        kpi_id = kpi.get("id") if isinstance(kpi, dict) else None
        if isinstance(kpi_id, str) and _ID.fullmatch(kpi_id):
            # Its page's title: the everyday name where it has one, as kpi_page heads it.
            named = [kpi.get(key) for key in ("name", "title")]
            title = next((text for text in named if isinstance(text, str) and text.strip()), None)
            found.setdefault(kpi_id, " ".join(title.split()) if title else kpi_id)
    return list(found.items())


_REPORT_FILE = re.compile(r"[0-9]{4}\.yaml")  # ASCII digits: int("٢٠١٩") would read them too


def report_files(data_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The reports in data/reports: a folder per portfolio, named by its id, holding a file per report named by
    its year (data/reports/central-services/2018.yaml); and anything else there, by its path under
    data/reports, with why it is not read. Hidden files a computer makes by itself (.DS_Store) are left out."""
    folder = data_dir / "reports"
    reports, others = [], []
    for portfolio in sorted(folder.iterdir()) if folder.is_dir() else []:
        if portfolio.name.startswith("."):
            continue
        if portfolio.is_symlink() or not portfolio.is_dir() or not _ID.fullmatch(portfolio.name):
            others.append((portfolio.name, _not_a_portfolio(portfolio)))
            continue
        for entry in sorted(portfolio.iterdir()):
            if entry.name.startswith("."):
                continue
            if _REPORT_FILE.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
                reports.append(entry)
            else:
                others.append((f"{portfolio.name}/{entry.name}", _not_a_report(entry)))
    return reports, others


def _not_a_portfolio(entry: Path) -> str:
    """Why an entry of data/reports is not read as a portfolio's folder of reports."""
    if entry.is_symlink():
        return "this is a link; put the portfolio's own folder of reports here instead"
    if entry.is_file() and _REPORT_FILE.fullmatch(entry.name):
        return (
            "each report is in its portfolio's folder, named by the portfolio's id in portfolios.yaml: move it to "
            f"data/reports/<portfolio>/{entry.name}"
        )
    if entry.is_dir():
        return "a folder here is named by a portfolio's id in portfolios.yaml (lower-case words joined by hyphens)"
    return "this folder holds only a folder per portfolio, each with its reports (2018.yaml); move or remove this"


def _not_a_report(entry: Path) -> str:
    """Why an entry of a portfolio's folder of reports is not read as a report, and what to do about it."""
    if entry.is_symlink():
        return "this is a link to another file; put the report's own file here instead"
    if entry.is_dir():
        return "this is a folder; each report is one file here, named like 2018.yaml"
    stem, _, suffix = entry.name.rpartition(".")
    if suffix.lower() in ("yml", "yaml") and re.fullmatch(r"[0-9]{4}", stem):
        return f"a report's file must end in .yaml (lower case) to be read; rename it {stem}.yaml"
    if suffix.lower() in ("yml", "yaml"):
        return "a report's file is named by the year it was published, like 2018.yaml; rename it"
    return "this folder holds only reports, one file per report named like 2018.yaml; move or remove this"


def _read_and_check(data_dir: Path, drafts: bool, version) -> Site:
    refused = refused_paths(data_dir.parent, (data_dir.name,))
    if refused:  # before anything is read through a link, or from anything but a plain file
        raise DataErrors(refused)
    schema_dir = data_dir / "schemas"
    errors: list[DataError] = []
    sources = {}
    report_paths, not_reports = report_files(data_dir)
    for path, schema in [
        *((data_dir / name, schema) for name, schema in SCHEMAS.items()),
        *((path, REPORT_SCHEMA) for path in report_paths),
    ]:
        name = f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
        if not path.exists():
            errors.append(DataError(name, "the file is missing; it is needed to build the site"))
            continue
        document, problems = _read_checked(path, name, schema, schema_dir, drafts, version(path))
        errors.extend(problems)
        if not problems:
            sources[path] = source(name, document)
    if not report_paths:
        errors.append(
            DataError(
                f"{data_dir.name}/reports",
                "there are no report files; add one such as reports/<portfolio>/2018.yaml (make scaffold)",
            )
        )
    errors += [DataError(f"{data_dir.name}/reports/{name}", why) for name, why in not_reports]
    if errors:
        raise DataErrors(errors)
    site, errors = assemble_site(
        {name: sources[data_dir / name] for name in SCHEMAS}, [sources[path] for path in report_paths]
    )
    if errors:
        raise DataErrors(errors)
    errors = cross_check(site)
    if errors:
        raise DataErrors(errors)
    return site
