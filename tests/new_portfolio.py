"""The project with a second portfolio added as the editor's guide says, for the whole suite to run on:
`python tests/new_portfolio.py DEST`.

DEST becomes a git clone of this repository with the working tree's changes (if any) committed on top, then:
`python -m macros.tools.new_portfolio housing "Housing" "housing-repairs:…,homelessness:…"` (make
portfolio), `python -m macros.tools.scaffold housing <year>` (make scaffold) for the year of the latest
report, the report's tables written in as an editor would from the printed report (a KPI table with its result,
a budget table per service, each service's page calling them), every TODO filled in (filled_year.write_the_text),
`python -m macros.tools.check` clean, and one commit. `make test-new-portfolio` runs the suite there, so a
test that holds only for a council of one portfolio fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

# Run as a script: helpers, filled_year and next_year are beside it, the macros package above it.
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import yaml  # noqa: E402
from filled_year import write_the_text  # noqa: E402
from helpers import PORTFOLIO, ROOT, financial_year, report_file, report_years  # noqa: E402
from next_year import CopyFailed, clone_with_working_tree, git, run  # noqa: E402

OTHER, TITLE = "housing", "Housing"  # not the portfolios tests/test_portfolios.py and test_new_portfolio.py add
SERVICES = {"housing-repairs": "Housing Repairs", "homelessness": "Homelessness Prevention"}
KPI = {
    "id": "repairs-on-time",
    "title": "% of routine repairs completed within target time",
    "name": "Routine repairs done on time",
    "service": "housing-repairs",
    "unit": "percent",
    "polarity": "higher-is-better",
}
BUDGETS = {"housing-repairs": 5_012_400, "homelessness": 3_250_000}


def outturn_layout(period: str) -> dict:
    """A report's layout of a KPI table as the printed reports have it: the year's outturn, target, performance."""
    return {
        "outturn": [
            {"heading": f"{period} Outturn", "period": period, "field": "value"},
            {"heading": "Target", "period": period, "field": "target"},
            {"heading": "Performance", "period": period, "field": "performance"},
        ]
    }


def kpi_table(service: str, caption: str, kpi: str) -> dict:
    """A KPI table of one row, under a service's Performance heading, laid out as outturn_layout."""
    return {"id": service, "service": service, "section": "Performance", "caption": caption, "layout": "outturn",
            "rows": [{"kpi": kpi}]}  # fmt: skip


def budget_table(service: str, year: int, caption: str, amount: int) -> dict:
    """A budget table of one line, on budget, under the service's Financial information heading of year."""
    return {
        "id": service,
        "service": service,
        "year": financial_year(year),
        "section": f"Financial information {financial_year(year)}",
        "caption": caption,
        "lines": [{"area": caption.split(" budget")[0], "budget": amount, "forecast": amount, "variance": 0}],
    }


def write_the_tables(project: Path, year: int) -> None:
    """What an editor types in from the printed report: its KPI table and result, and its budget tables."""
    outturn = financial_year(year - 1)
    kpis_path = project / "data" / "kpis.yaml"
    entry = yaml.safe_dump([KPI], sort_keys=False, allow_unicode=True)  # indented under kpis: as the others are
    kpis_path.write_text(
        kpis_path.read_text(encoding="utf-8") + "".join(f"  {line}" for line in entry.splitlines(keepends=True)),
        encoding="utf-8",
    )
    path = report_file(year, project / "data", OTHER)
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    report["layouts"] = outturn_layout(outturn)
    report["kpi_tables"] = [kpi_table("housing-repairs", "Housing Repairs: repairs on time", KPI["id"])]
    report["covers"] = f"{outturn} outturns and {financial_year(year)} budgets"
    report["results"] = [{"kpi": KPI["id"], "period": outturn, "value": 91.4, "target": 90, "performance": "Achieved"}]
    report["budget_tables"] = [
        budget_table(service, year, f"{SERVICES[service]} budget {financial_year(year)}", amount)
        for service, amount in BUDGETS.items()
    ]
    header = "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if line.startswith("#")
    )
    path.write_text(header + yaml.safe_dump(report, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    for service in SERVICES:
        page = project / "docs" / "reports" / OTHER / str(year) / f"{service}.md"
        budget = f'{{{{ budget_table("{service}", year="{financial_year(year)}") }}}}'
        tables = f"\n## Financial information {financial_year(year)}\n\n{budget}\n"
        if service == "housing-repairs":
            tables = f'\n## Performance\n\n{{{{ kpi_table("housing-repairs", report={year}) }}}}\n' + tables
        page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + "\n" + tables, encoding="utf-8")


def make_copy(dest: Path, root: Path = ROOT) -> int:
    """The copy at dest (which must not exist) with the second portfolio and its report added; the report's year."""
    clone_with_working_tree(root, dest)
    run(dest, "macros.tools.new_portfolio", OTHER, TITLE, ",".join(f"{key}:{name}" for key, name in SERVICES.items()))
    year = report_years(dest / "data", PORTFOLIO)[-1]  # beside the latest report of the first portfolio
    run(dest, "macros.tools.scaffold", OTHER, str(year))
    write_the_tables(dest, year)
    report = yaml.safe_load(report_file(year, dest / "data", OTHER).read_text(encoding="utf-8"))
    for page in sorted((dest / "docs").rglob("*.md")):
        if "TODO:" in page.read_text(encoding="utf-8"):
            write_the_text(page, report)
    checked = run(dest, "macros.tools.check")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", f"Add the {TITLE} portfolio and its {year} report")
    print(f"new portfolio: added {OTHER} and its {year} report; {checked.strip()}")
    return year


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="where to make the copy: a folder that does not exist yet")
    options = parser.parse_args(argv)
    if options.dest.exists():
        print(f"new portfolio: give a folder that does not exist yet ({options.dest})", file=sys.stderr)
        return 2
    try:
        year = make_copy(options.dest.resolve())
    except (CopyFailed, subprocess.CalledProcessError) as error:
        output = getattr(error, "stderr", "") or ""
        print(f"new portfolio: the copy could not be made: {error}\n{output}", file=sys.stderr)
        return 1
    print(f"new portfolio: {options.dest} holds the project with {TITLE} and its {year} report added")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
