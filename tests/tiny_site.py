"""A tiny but valid data/ folder for fast, in-process unit tests.

`tiny_site(tmp_path)` writes two reports' worth of data (two services, four periods, two KPIs,
one KPI table, one budget table and one fact) into tmp_path/data, with the real JSON schemas
copied beside it, and returns `macros.read.project.load_site` of it: the same read, schema check,
assembly and cross-check the build runs. Keyword arguments change one part of it:

    tiny_site(tmp_path, result={"value": 8, "performance": "Failed"})   # sickness-absence, 2017/18
    tiny_site(tmp_path, kpi={"unit": "percent", "polarity": "higher-is-better"})
    tiny_site(tmp_path, budget_lines=[...], budget_total={...})          # budget_total=OMIT: no total row

A value of OMIT removes the field. `write_tiny_data` writes the folder without loading it, for a
test that expects load_site to refuse it, and `line_after` finds the line a field is written on.

The default data is consistent: sickness-absence (days, lower is better) is 10.43 in 2016/17
(report 2017) and 9.95 against a target of 10 in 2017/18 (report 2018), stated Achieved and
Better; call-quality (percent, higher is better) is 90% in 2016/17 and 95% against 92% in
2017/18, Achieved and Better. The budget lines are 2,000,000 → 2,010,000 and 500,000 → 490,000
with a total of 2,500,000 → 2,500,000, each variance as printed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from macros.base.model import BudgetLine, BudgetTable, Report, ReportKey, Service, Site
from macros.read.project import load_site

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "data" / "schemas"


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT = _Omit()  # an override value that removes the field


def _merged(base: dict, changes: dict | None) -> dict:
    merged = {**base, **(changes or {})}
    return {key: value for key, value in merged.items() if value is not OMIT}


def services() -> list[dict]:
    return [
        {"id": "hr-od", "name": "HR OD"},
        {"id": "customer-services", "name": "Customer Services"},
    ]


def portfolios() -> list[dict]:
    return [
        {
            "id": "central-services",
            "title": "Central Services",
            "services": [{"service": service["id"]} for service in services()],
        }
    ]


def periods() -> list[dict]:
    # Listed oldest first, as periods.yaml is: the quarter comes before its year although
    # "2017/18 Q1" sorts after "2017/18" as text.
    return [
        {"id": "2016/17", "label": "2016/17", "kind": "year"},
        {"id": "2017/18 Q1", "label": "Quarter 1 2017/18 (year to date)", "kind": "quarter-to-date", "year": "2017/18"},
        {"id": "2017/18", "label": "2017/18", "kind": "year", "compared_with": "2016/17"},
        {
            "id": "2018 latest",
            "label": "Latest data in the 2018 report",
            "kind": "latest",
            "year": "2018/19",
            "compared_with": "2017/18",
        },
    ]


def kpis(kpi: dict | None = None) -> list[dict]:
    return [
        _merged(
            {
                "id": "sickness-absence",
                "title": "Average sickness absence per FTE employee",
                "service": "hr-od",
                "unit": "days",
                "polarity": "lower-is-better",
            },
            kpi,
        ),
        {
            "id": "call-quality",
            "title": "Customer Service call quality",
            "service": "customer-services",
            "unit": "percent",
            "polarity": "higher-is-better",
        },
    ]


def facts() -> list[dict]:
    return [
        {
            "id": "foi-requests",
            "title": "Freedom of Information requests processed",
            "service": "hr-od",
            "unit": "count",
            "values": [
                {
                    "period": "2017/18",
                    "value": 1200,
                    "report": 2018,
                    "section": "reports/central-services/2018/hr-od.md#performance",
                }
            ],
        }
    ]


def report_2017(previous: dict | None = None) -> dict:
    return {
        "id": 2017,
        "title": "Portfolio Holder report 2017",
        "portfolio": "central-services",
        "published": "2017",
        "covers": "2016/17 outturns",
        "layouts": {},
        "kpi_tables": [],
        "results": [
            _merged({"kpi": "sickness-absence", "period": "2016/17", "value": 10.43}, previous),
            {"kpi": "call-quality", "period": "2016/17", "value": 90},
        ],
        "budget_tables": [],
    }


def budget_lines() -> list[dict]:
    return [
        {"area": "HROD", "budget": 2000000, "forecast": 2010000, "variance": 10000},
        {"area": "Payroll", "budget": 500000, "forecast": 490000, "variance": -10000},
    ]


def budget_total() -> dict:
    return {"budget": 2500000, "forecast": 2500000, "variance": 0}


def report_2018(result=None, more_results=(), lines=None, total=None) -> dict:
    table = {
        "id": "hr-od",
        "service": "hr-od",
        "year": "2018/19",
        "section": "Financial information 2018/19",
        "caption": "HR OD budget 2018/19",
        "lines": budget_lines() if lines is None else lines,
    }
    total = budget_total() if total is None else total
    if total is not OMIT:
        table["total"] = total
    return {
        "id": 2018,
        "title": "Portfolio Holder report 2018",
        "portfolio": "central-services",
        "published": "2018",
        "covers": "2017/18 outturns and 2018/19 budgets",
        "layouts": {
            "outturn": [
                {"heading": "2017/18 Outturn", "period": "2017/18", "field": "value"},
                {"heading": "Target", "period": "2017/18", "field": "target"},
                {"heading": "Performance", "period": "2017/18", "field": "performance"},
                {"heading": "Direction of Travel", "period": "2017/18", "field": "direction"},
            ]
        },
        "kpi_tables": [
            {
                "id": "hr-od",
                "service": "hr-od",
                "section": "Performance",
                "caption": "HR OD: sickness absence",
                "layout": "outturn",
                "rows": [{"kpi": "sickness-absence"}],
            }
        ],
        "results": [
            _merged(
                {
                    "kpi": "sickness-absence",
                    "period": "2017/18",
                    "value": 9.95,
                    "target": 10,
                    "performance": "Achieved",
                    "direction": "Better",
                },
                result,
            ),
            {
                "kpi": "call-quality",
                "period": "2017/18",
                "value": 95,
                "target": 92,
                "performance": "Achieved",
                "direction": "Better",
            },
            *more_results,
        ],
        "budget_tables": [table],
    }


def write_tiny_data(
    tmp_path: Path,
    *,
    kpi: dict | None = None,
    result: dict | None = None,
    previous: dict | None = None,
    more_kpis: list[dict] = (),
    more_results: list[dict] = (),
    more_results_2017: list[dict] = (),
    periods_list: list[dict] | None = None,
    budget_lines: list[dict] | None = None,
    budget_total=None,
    facts_list: list[dict] | None = None,
) -> Path:
    """Write the tiny data folder (tmp_path/data) with these changes and return its path.

    kpi, result and previous are merged into sickness-absence's KPI, its 2017/18 result
    (report 2018) and its 2016/17 result (report 2017); more_kpis, more_results (report 2018)
    and more_results_2017 are added; the others replace that part of the data.
    """
    data = tmp_path / "data"
    (data / "reports" / "central-services").mkdir(parents=True)
    shutil.copytree(SCHEMAS, data / "schemas")
    earlier = report_2017(previous)
    earlier["results"] += list(more_results_2017)
    files = {
        "portfolios.yaml": {"portfolios": portfolios()},
        "services.yaml": {"services": services()},
        "periods.yaml": {"periods": periods() if periods_list is None else periods_list},
        "kpis.yaml": {"kpis": [*kpis(kpi), *more_kpis]},
        "facts.yaml": {"facts": facts() if facts_list is None else facts_list},
        "glossary.yaml": {"terms": [{"term": "FTE", "meaning": "Full-time equivalent."}]},
        "reports/central-services/2017.yaml": earlier,
        "reports/central-services/2018.yaml": report_2018(result, more_results, budget_lines, budget_total),
    }
    for name, document in files.items():
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
        (data / name).write_text(text, encoding="utf-8")
    return data


def tiny_site(tmp_path: Path, **changes) -> Site:
    """The tiny data folder with these changes (see write_tiny_data), loaded and checked as the build does."""
    return load_site(write_tiny_data(tmp_path, **changes))


def line_after(path: Path, *texts: str) -> int:
    """The 1-based line of the last of texts, each searched for on the lines after the one before it.

    line_after(report, "kpi: sickness-absence", "period: 2017/18", "performance:") is the line
    that result's performance is written on.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    index = -1
    for text in texts:
        index = next((i for i in range(index + 1, len(lines)) if text in lines[i]), None)
        if index is None:
            raise AssertionError(f"{text!r} is not in {path} after the texts before it")
    return index + 1


def budgets_site(*years_by_service: tuple[str, tuple[str, ...]]) -> Site:
    """Reports whose budget tables give each service one line, "Team", in the years named (budget 100, 110...)."""
    services = {name: Service(name, name.title()) for name, _ in years_by_service}
    reports = {}
    for offset, year in enumerate(sorted({y for _, years in years_by_service for y in years})):
        report_id = ReportKey(int(year[:4]), "p")
        tables = {
            name: BudgetTable(
                name, report_id, services[name], year, "Finance", name, (BudgetLine("Team", 100 + 10 * offset, 0),)
            )
            for name, years in years_by_service
            if year in years
        }
        reports[report_id] = Report(
            report_id, f"r{report_id.year}", "p", str(report_id.year), "c", budget_tables=tables
        )
    return Site(services, {}, {}, reports)
