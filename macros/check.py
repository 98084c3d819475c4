"""Check data/ and the report pages without building the site: `python -m macros.check [data-dir]`.

Exits 0 when everything is sound and 1 with every error listed when it is not: mistakes
in the data, and pages that still say TODO. Under GitHub Actions each error is also
printed as an annotation on the line it names.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import DataError, DataErrors
from .project import load_site


def annotation(error: DataError) -> str:
    """A GitHub Actions workflow command that marks the error on its file and line."""
    location = f"file={error.file}" + (f",line={error.line}" if error.line else "") + (
        f",col={error.column}" if error.column else "")
    message = (f"{error.field}: " if error.field else "") + error.message
    return f"::error {location}::{_escape(message)}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def unfinished_pages(docs_dir: Path) -> list[DataError]:
    """Lines a scaffold left for an editor to write ("TODO: ...")."""
    return [DataError(f"docs/{page.relative_to(docs_dir).as_posix()}", "the page still says TODO here; write the "
                      "text from the report", line=number)
            for page in sorted(docs_dir.rglob("*.md"))
            for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "TODO:" in line]


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else Path("data")
    errors = unfinished_pages(data_dir.parent / "docs")
    try:
        site = load_site(data_dir)
    except DataErrors as data_errors:
        errors = data_errors.errors + errors
    if errors:
        print(DataErrors(errors).summary(), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for error in errors:
                print(annotation(error))
        return 1
    results = sum(len(report.results) for report in site.reports.values())
    print(f"{data_dir}: the data is sound ({len(site.reports)} reports, {len(site.kpis)} KPIs, {results} results).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
