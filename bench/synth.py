"""Generate a synthetic, council-scale copy of the project from its own data model.

The synthetic site has the real project's shape, scaled up: P portfolios x Y report years x
S services. Each (portfolio, year) is one report with its own data/reports/<portfolio>/<year>.yaml, and
each (report, service) is one narrative page that calls kpi_table() and budget_table()
exactly as the real pages do.

Ids: each portfolio is "p01", "p02" ... with its reports in data/reports/p01/<year>.yaml, one per real year
(2009 to 2018 with ten years), as the real model files them; service id = "p07-customer-services"; every
KPI table and budget table is named after its service, as in the real data, so a table's id is unique among
a year's reports and budget_table("p07-customer-services", year="2018/19") finds one table.

Everything is seeded, so the same arguments always give the same site.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

FIRST_YEAR = 2009  # with 10 years, the last report is 2018 like the real site's latest

PORTFOLIOS = [
    "Central Services / HR, OD & Transformation",
    "Adult Social Care and Health",
    "Children's Social Care",
    "Education and Skills",
    "Housing",
    "Environment and Highways",
    "Regeneration and Growth",
    "Finance",
    "Communities and Public Protection",
    "Planning",
    "Culture, Leisure and Heritage",
    "Public Health",
    "Transport and Infrastructure",
    "Waste and Recycling",
    "Economic Development",
    "Community Safety",
    "Digital and Customer Services",
    "Commercial Services",
    "Licensing and Enforcement",
    "Governance and Democracy",
    "Property and Assets",
    "Sport and Wellbeing",
    "Libraries and Archives",
    "Highways Maintenance",
]

SERVICES = [
    "Improvement Service",
    "Human Resources & Organisational Development",
    "Corporate Programme Team",
    "Customer Services",
    "Information Team",
    "Equality and Diversity",
    "Communications",
    "Legal Services",
    "Digital / ICT Services",
    "Corporate Performance",
    "Revenues and Benefits",
    "Procurement",
    "Internal Audit",
    "Emergency Planning",
    "Registration Services",
    "Estates Management",
    "Business Support",
    "Community Development",
    "Trading Standards",
    "Environmental Health",
    "Parking Services",
    "Housing Options",
    "Tenancy Services",
    "Youth Services",
    "Adult Learning",
    "Early Help",
    "Care Management",
    "Commissioning",
    "Public Realm",
    "Street Cleansing",
]

# (title, unit, polarity): KPI titles in the council's style, one unit of each kind.
KPI_KINDS = [
    ("No of requests received", "count", "neither"),
    ("% of requests responded to within 20 working days", "percent", "higher-is-better"),
    ("£ Spend on agency staff", "gbp", "lower-is-better"),
    ("Average sickness absence per FTE employee", "days", "lower-is-better"),
    ("Average waiting time for Face to Face (mins:sec)", "duration", "lower-is-better"),
    ("No of people registered for online services", "count", "higher-is-better"),
    ("% of complaints upheld", "percent", "lower-is-better"),
    ("Average no. of calendar days to complete a case", "days", "lower-is-better"),
    ("Customer satisfaction with the service", "percent", "higher-is-better"),
    ("Income generated from traded services", "gbp", "higher-is-better"),
]

LAYOUTS = {  # as in the real reports: an outturn column, then the year-to-date or latest figures
    "quarter-with-direction": [
        ("{prev} Outturn", "prev", "value"),
        ("Qtr 1 YTD", "q1", "value"),
        ("Qtr 1 Target", "q1", "target"),
        ("Performance", "q1", "performance"),
        ("Direction of Travel", "q1", "direction"),
    ],
    "quarter": [
        ("{prev} Outturn", "prev", "value"),
        ("Qtr 1 YTD", "q1", "value"),
        ("Qtr 1 Target", "q1", "target"),
        ("Performance", "q1", "performance"),
    ],
    "latest": [
        ("{prev} Outturn", "prev", "value"),
        ("Latest Data", "latest", "value"),
        ("End of Year Target", "latest", "target"),
        ("Performance", "latest", "performance"),
        ("Direction of Travel", "latest", "direction"),
    ],
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "and")).strip("-")


def fy(year: int) -> str:
    """Financial year starting in April of year: 2017 -> "2017/18"."""
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class Shape:
    portfolios: int = 8  # a council's cabinet
    years: int = 10
    services: int = 12
    kpis_per_service: int = 5  # x 2 periods each = 10 results per page

    @property
    def service_pages(self) -> int:
        return self.portfolios * self.years * self.services


# --- prose ------------------------------------------------------------------


class Prose:
    """Sentences and list items taken from the project's own report pages, mixed with a seed."""

    FALLBACK = (
        "The service continued to deliver its priorities over the year. "
        "Performance was reviewed each quarter by the directorate management team. "
        "Savings were delivered as planned while service levels were maintained."
    )

    def __init__(self, docs_dir: Path, seed: int):
        sentences, items = [], []
        for path in sorted(docs_dir.glob("reports/**/*.md")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip())  # keep link text only
                if not line or line.startswith(("#", "{{", "*From", "|", ">", "<")) or "{" in line:
                    continue
                if line.startswith("- "):
                    items.append(line[2:])
                elif not re.match(r"^\d+\. ", line):
                    sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 6]
        self.sentences = sentences or re.split(r"(?<=\.)\s+", self.FALLBACK)
        self.items = items or self.sentences
        self.rng = random.Random(seed)

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.rng.choice(self.sentences) for _ in range(self.rng.randint(low, high)))

    def bullets(self, low: int = 3, high: int = 6) -> str:
        return "\n".join(f"- {self.rng.choice(self.items)}" for _ in range(self.rng.randint(low, high)))


# --- data -------------------------------------------------------------------


def _dump(path: Path, schema: str, comment: str, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(f"# yaml-language-server: $schema={schema}\n# {comment}\n{text}", encoding="utf-8")


def _figure(rng: random.Random, unit: str):
    if unit == "count":
        return rng.randint(5, 400000)
    if unit == "percent":
        return round(rng.uniform(20, 100), 2)
    if unit == "gbp":
        return rng.randint(10000, 9999999)
    if unit == "days":
        return round(rng.uniform(0.5, 60), 2)
    return f"{rng.randint(1, 14)}:{rng.randint(0, 59):02d}"  # duration


def _target(rng: random.Random, unit: str):
    roll = rng.random()
    if roll < 0.08:
        return "n/a"
    if roll < 0.12:
        return "Reduction" if unit != "duration" else "<10:00"
    if roll < 0.18 and unit in ("percent", "duration"):
        return ">=85" if unit == "percent" else "<12:00"
    return _figure(rng, unit)


@dataclass
class Portfolio:
    number: int
    name: str
    services: list[tuple[str, str]]  # (service id, name)


def portfolios(shape: Shape) -> list[Portfolio]:
    out = []
    for p in range(1, shape.portfolios + 1):
        names = [SERVICES[(p * 7 + s * 3) % len(SERVICES)] for s in range(shape.services)]
        names = list(dict.fromkeys(names))  # distinct within the portfolio
        while len(names) < shape.services:
            names.append(f"{SERVICES[len(names) % len(SERVICES)]} {len(names) + 1}")
        out.append(
            Portfolio(
                p,
                PORTFOLIOS[(p - 1) % len(PORTFOLIOS)] + ("" if p <= len(PORTFOLIOS) else f" {p}"),
                [(f"p{p:02d}-{slug(name)}", name) for name in names],
            )
        )
    return out


def portfolio_id(portfolio: Portfolio) -> str:
    return f"p{portfolio.number:02d}"


def years(shape: Shape) -> list[int]:
    return list(range(FIRST_YEAR, FIRST_YEAR + shape.years))


def _number(unit: str, raw):
    """A generated figure as the model compares it (durations in seconds), or None for n/a and words."""
    if isinstance(raw, str):
        if ":" in raw and unit == "duration":
            minutes, seconds = raw.lstrip("<>=").split(":")
            return int(minutes) * 60 + int(seconds)
        return None
    return raw


def _performance(rng: random.Random, unit: str, polarity: str, value, target) -> str:
    """Achieved or Failed as the figures say (the data's cross-check requires it), sometimes n/a."""
    if rng.random() < 0.1:
        return "n/a"
    number = _number(unit, value)
    if isinstance(target, str) and target[:1] in "<>":
        operator = target[:2] if target[1:2] == "=" else target[:1]
        bound = _number(unit, target[len(operator) :]) if unit == "duration" else float(target[len(operator) :])
        met = {"<": number < bound, "<=": number <= bound, ">": number > bound, ">=": number >= bound}[operator]
    elif _number(unit, target) is not None and polarity != "neither":
        target = _number(unit, target)
        met = number >= target if polarity == "higher-is-better" else number <= target
    else:
        return rng.choice(["Achieved", "Failed"])  # words or n/a targets: nothing to check against
    return "Achieved" if met else "Failed"


def _direction(rng: random.Random, polarity: str, value, previous) -> str:
    """A direction of travel that fits the change from the period it is compared with."""
    if value is None or previous is None:
        return rng.choice(["In line", "Fewer", "More", "Lower", "Higher", "n/a"])
    change = "up" if value > previous else "down" if value < previous else "same"
    words = {"up": ["More", "Higher"], "down": ["Fewer", "Lower"], "same": ["In line"]}[change]
    if change != "same" and polarity != "neither":
        words = words + ["Better" if (change == "up") == (polarity == "higher-is-better") else "Worse"] * 3
    return rng.choice(words)


def write_data(data_dir: Path, shape: Shape, seed: int, facts: bool = True) -> dict:
    """data/services.yaml, periods.yaml, kpis.yaml, facts.yaml and reports/<id>.yaml; returns counts."""
    rng = random.Random(seed)
    ports = portfolios(shape)
    _dump(
        data_dir / "portfolios.yaml",
        "schemas/portfolios.schema.json",
        "Synthetic portfolios.",
        {
            "portfolios": [
                {"id": portfolio_id(p), "title": p.name, "services": [{"service": sid} for sid, _ in p.services]}
                for p in ports
            ]
        },
    )
    _dump(
        data_dir / "services.yaml",
        "schemas/services.schema.json",
        "Synthetic services.",
        {"services": [{"id": sid, "name": name} for p in ports for sid, name in p.services]},
    )
    periods, first = [], years(shape)[0]
    for year in years(shape):  # as in the real periods.yaml: a year and "latest" compare with the year before
        periods.append({"id": fy(year - 1), "label": fy(year - 1), "kind": "year"})
        if year > first:
            periods[-1]["compared_with"] = fy(year - 2)
        periods.append(
            {
                "id": f"{fy(year)} Q1",
                "label": f"Quarter 1 {fy(year)} (year to date)",
                "kind": "quarter-to-date",
                "year": fy(year),
            }
        )
        if year > first:
            periods[-1]["compared_with"] = f"{fy(year - 1)} Q1"
        periods.append(
            {
                "id": f"{year} latest",
                "label": f"Latest data in the {year} report",
                "kind": "latest",
                "year": fy(year),
                "compared_with": fy(year - 1),
            }
        )
    _dump(data_dir / "periods.yaml", "schemas/periods.schema.json", "Synthetic periods.", {"periods": periods})
    compared = {period["id"]: period.get("compared_with") for period in periods}
    kpis = []
    for p in ports:
        for s_index, (sid, name) in enumerate(p.services):
            for k in range(shape.kpis_per_service):
                title, unit, polarity = KPI_KINDS[(s_index * shape.kpis_per_service + k) % len(KPI_KINDS)]
                kpis.append(
                    {
                        "id": f"{sid}-k{k + 1}",
                        "title": f"{title} ({name})",
                        "service": sid,
                        "unit": unit,
                        "polarity": polarity,
                    }
                )
    _dump(data_dir / "kpis.yaml", "schemas/kpis.schema.json", "Synthetic KPIs.", {"kpis": kpis})
    kinds = {kpi["id"]: (kpi["unit"], kpi["polarity"]) for kpi in kpis}

    published: dict[tuple, object] = {}  # (kpi, period) -> value, as the direction cross-check looks it up
    results_total = budget_lines = 0
    for p in ports:
        for year in years(shape):
            period = {"prev": fy(year - 1), "q1": f"{fy(year)} Q1", "latest": f"{year} latest"}
            layouts = {
                name: [
                    {"heading": h.format(prev=fy(year - 1)), "period": period[which], "field": f}
                    for h, which, f in columns
                ]
                for name, columns in LAYOUTS.items()
            }
            kpi_tables, results, budget_tables = [], [], []
            for s_index, (sid, name) in enumerate(p.services):
                layout = list(LAYOUTS)[(s_index + year) % len(LAYOUTS)]
                current = period[LAYOUTS[layout][1][1]]  # the Q1 or latest period
                rows = []
                for k in range(shape.kpis_per_service):
                    kid = f"{sid}-k{k + 1}"
                    unit, polarity = kinds[kid]
                    rows.append(
                        {"kpi": kid} if rng.random() > 0.1 else {"kpi": kid, "title": f"KPI {k + 1} as printed"}
                    )
                    prev = {
                        "kpi": kid,
                        "period": period["prev"],
                        "value": _figure(rng, unit) if rng.random() > 0.05 else "n/a",
                    }
                    published[(kid, prev["period"])] = _number(unit, prev["value"])
                    value, target = _figure(rng, unit), _target(rng, unit)
                    now = {
                        "kpi": kid,
                        "period": current,
                        "value": value,
                        "target": target,
                        "performance": _performance(rng, unit, polarity, value, target),
                        "direction": _direction(
                            rng, polarity, _number(unit, value), published.get((kid, compared[current]))
                        ),
                    }
                    published[(kid, current)] = _number(unit, value)
                    if rng.random() < 0.03:
                        now["direction_reason"] = "new calculation"
                    if rng.random() < 0.03:
                        now["note"] = "The report's text gives this figure differently; both are published as printed."
                    results += [prev, now]
                table = {
                    "id": sid,
                    "service": sid,
                    "section": "Performance",
                    "caption": f"{name}: key indicators",
                    "layout": layout,
                    "rows": rows,
                }
                if rng.random() < 0.1:
                    table["footnotes"] = ["*FTE = full time equivalent"]
                kpi_tables.append(table)
                lines = []
                for area in range(rng.randint(1, 3)):
                    budget = rng.randint(50000, 5000000)
                    forecast = budget + rng.choice([0, 0, rng.randint(-90000, 90000)])
                    lines.append(
                        {
                            "area": f"{name} {'- area ' + str(area + 1) if area else ''}".strip(),
                            "budget": budget,
                            "forecast": forecast,
                            "variance": forecast - budget,
                        }
                    )
                budget = {
                    "id": sid,
                    "service": sid,
                    "year": fy(year),
                    "section": f"Financial information {fy(year)}",
                    "caption": f"{name} budget {fy(year)}",
                    "lines": lines,
                }
                if len(lines) > 1:
                    budget["total"] = {
                        key: sum(line[key] for line in lines) for key in ("budget", "forecast", "variance")
                    }
                budget_tables.append(budget)
                budget_lines += len(lines)
            _dump(
                data_dir / "reports" / portfolio_id(p) / f"{year}.yaml",
                "../../schemas/report.schema.json",
                f"Synthetic report: portfolio {p.number:02d}, {year}.",
                {
                    "id": year,
                    "title": f"Portfolio Holder report {year}",
                    "portfolio": portfolio_id(p),
                    "published": str(year),
                    "covers": f"{fy(year - 1)} outturns, Quarter 1 {fy(year)} results and {fy(year)} budgets",
                    "layouts": layouts,
                    "kpi_tables": kpi_tables,
                    "results": results,
                    "budget_tables": budget_tables,
                },
            )
            results_total += len(results)
    fact_values = _write_facts(data_dir, shape, rng, ports) if facts else 0
    return {
        "reports": len(ports) * shape.years,
        "services": len(ports) * shape.services,
        "kpis": len(kpis),
        "results": results_total,
        "budget_lines": budget_lines,
        "fact_values": fact_values,
    }


FACTS = [("Requests handled", "count"), ("Savings delivered", "gbp"), ("Share of contacts made online", "percent")]


def _write_facts(data_dir: Path, shape: Shape, rng: random.Random, ports: list) -> int:
    """Headline figures from each report's text, each pointing at the page and heading that states it."""
    facts, values = [], 0
    for p in ports:
        for s_index, (sid, name) in enumerate(p.services):
            for f_index in range(2):
                title, unit = FACTS[(s_index + f_index) % len(FACTS)]
                entries = []
                for year in years(shape):
                    entry = {
                        "period": fy(year - 1),
                        "value": _figure(rng, unit),
                        "report": year,
                        "section": f"reports/{portfolio_id(p)}/{year}/{sid}.md#review-of-the-previous-12-months",
                    }
                    if rng.random() < 0.2:
                        entry["qualifier"] = rng.choice(["over", "almost", "about"])
                    if unit == "gbp" and rng.random() < 0.5:
                        entry["scale"] = "thousands"
                    entries.append(entry)
                facts.append(
                    {
                        "id": f"{sid}-fact-{f_index + 1}",
                        "title": f"{title} ({name})",
                        "service": sid,
                        "unit": unit,
                        "values": entries,
                    }
                )
                values += len(entries)
    _dump(data_dir / "facts.yaml", "schemas/facts.schema.json", "Synthetic headline facts.", {"facts": facts})
    return values


# --- pages ------------------------------------------------------------------


def write_pages(docs_dir: Path, shape: Shape, prose: Prose, macros: set[str]) -> list:
    """The pages, shaped like the real docs/; returns the nav in mkdocs.yml's shape.

    Report pages (docs/reports/<portfolio>/<year>/<service>.md, calling kpi_table and budget_table) are
    always written; the site-wide pages are written when the project has their macro
    (macros is the set of macro names the project registers).
    """
    ports = portfolios(shape)
    rng = prose.rng
    nav: list = [{"Home": "index.md"}]
    home = ["---\nhide:\n  - navigation\n---", "# Portfolio facts and figures", prose.paragraph(2, 4)]
    if "key_figures" in macros:
        first = ports[0].services[0][0]
        ids = ", ".join(f'"{first}-k{k + 1}"' for k in range(min(shape.kpis_per_service, 6)))
        home += ["## Key figures", f"{{{{ key_figures({ids}) }}}}"]
    if "performance_summary" in macros:
        home += ["## Performance summary", "{{ performance_summary() }}"]
    if "topic_list" in macros:  # as the real home page lists them
        home += ["## Topics", "{{ topic_list(brief=True) }}"]
    elif "topic_page" in macros:
        home += ["## Topics", "\n".join(f"- [{p.name}](topics/{p.services[0][0]}.md) and more" for p in ports)]
    home += [
        "## The reports",
        "{{ report_list() }}"
        if "report_list" in macros
        else "\n".join(f"- [{p.name}](reports/{portfolio_id(p)}/index.md)" for p in ports),
        "## About the figures",
        prose.paragraph(2, 3) + " See [About this site](about.md).",
    ]
    _write(docs_dir / "index.md", home)

    if "topic_page" in macros:
        topics_nav: list = ["topics/index.md"]
        index = ["# Topics", prose.paragraph(1, 2)]
        if "topic_list" in macros:
            index.append("{{ topic_list() }}")
        for p in ports:
            if "topic_list" not in macros:
                index += [f"## {p.name}", "\n".join(f"- [{name}]({sid}.md)" for sid, name in p.services)]
            group = []
            for sid, name in p.services:
                _write(
                    docs_dir / "topics" / f"{sid}.md",
                    [f"# {name}", prose.paragraph(1, 2), f'{{{{ topic_page("{sid}") }}}}'],
                )
                group.append(f"topics/{sid}.md")
            topics_nav.append({p.name: group})
        _write(docs_dir / "topics" / "index.md", index)
        nav.append({"Topics": topics_nav})
    for macro, path, title, heading in (
        ("kpi_index", "kpis/index.md", "Indicators", "Performance indicators"),
        ("budgets_overview", "budgets.md", "Budgets", "Budgets"),
    ):
        if macro in macros:
            _write(docs_dir / path, [f"# {heading}", prose.paragraph(1, 2), f"{{{{ {macro}() }}}}"])
            nav.append({title: path})

    report_nav: list = ["reports/index.md"]
    listed = "\n".join(f"- [{p.name}]({portfolio_id(p)}/index.md)" for p in ports)
    _write(
        docs_dir / "reports" / "index.md",
        ["# Reports", prose.paragraph(2, 3), "{{ report_list() }}" if "report_list" in macros else listed],
    )
    for p in ports:
        pid = portfolio_id(p)
        own = (
            f'{{{{ portfolio_page("{pid}") }}}}'
            if "portfolio_page" in macros
            else "## Reports\n\n"
            + "\n".join(f"- [Portfolio Holder report {y}]({y}/index.md)" for y in reversed(years(shape)))
        )
        _write(docs_dir / "reports" / pid / "index.md", [f"# {p.name}", prose.paragraph(2, 4), own])
        portfolio_nav: list = [f"reports/{pid}/index.md"]
        for year in reversed(years(shape)):
            _write(
                docs_dir / "reports" / pid / str(year) / "index.md",
                [
                    f"# Portfolio Holder report {year}",
                    f"The annual report of the Portfolio Holder for {p.name}, published in {year}. It covers "
                    f"{fy(year - 1)} outturns, Quarter 1 {fy(year)} results and {fy(year)} budgets.",
                    "## Introduction by Cabinet Member",
                    *(prose.paragraph(3, 5) for _ in range(rng.randint(2, 4))),
                    "## Sections of this report",
                    "\n".join(f"{n}. [{name}]({sid}.md)" for n, (sid, name) in enumerate(p.services, 1)),
                ],
            )
            year_nav = [f"reports/{pid}/{year}/index.md"]
            for sid, name in p.services:
                _write(docs_dir / "reports" / pid / str(year) / f"{sid}.md", _service_page(prose, name, sid, year))
                year_nav.append(f"reports/{pid}/{year}/{sid}.md")
            portfolio_nav.append({f"Report {year}": year_nav})
        report_nav.append({p.name: portfolio_nav})
    nav.append({"Reports": report_nav})
    if "data_catalogue" in macros:
        _write(docs_dir / "open-data.md", ["# Open data", prose.paragraph(2, 3), "{{ data_catalogue() }}"])
        nav.append({"Open data": "open-data.md"})
    _write(
        docs_dir / "about.md",
        [
            "# About this site",
            "## What it is",
            prose.paragraph(3, 4),
            "## How the figures are shown",
            prose.bullets(4, 6),
            "## Licence",
            prose.paragraph(1, 2),
        ],
    )
    nav.append({"About this site": "about.md"})
    return nav


def _write(path: Path, parts: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def _service_page(prose: Prose, name: str, sid: str, year: int) -> list[str]:
    """A report section laid out like docs/reports/central-services/2018/hr-od.md: a few hundred words and both
    tables."""
    rng = prose.rng
    parts = [
        f"# {name}",
        f"*From the Portfolio Holder report {year}.*",
        "## Service overview",
        prose.paragraph(2, 4),
        prose.paragraph(1, 3),
        "## Review of the previous 12 months",
        prose.paragraph(3, 5),
    ]
    if rng.random() < 0.5:
        parts += [
            f"### {rng.choice(['Key achievements', 'Service review', 'Savings delivered'])}",
            prose.paragraph(2, 3),
        ]
    if rng.random() < 0.6:
        parts.append(prose.bullets(3, 6))
    parts += [
        "## Performance",
        f'{{{{ kpi_table("{sid}", report={year}) }}}}',
        prose.paragraph(2, 4),
        "## Future",
        prose.paragraph(2, 4),
        prose.paragraph(1, 3),
        f"## Financial information {fy(year)}",
        f'{{{{ budget_table("{sid}", year="{fy(year)}") }}}}',
    ]
    return parts


# --- the project copy -------------------------------------------------------

KNOWN_MACROS = {
    "report_list",
    "portfolio_page",
    "kpi_table",
    "budget_table",
    "key_figures",
    "performance_summary",
    "topic_page",
    "kpi_index",
    "budgets_overview",
    "data_catalogue",
}


def copy_project(root: Path, dest: Path) -> None:
    """The real macros/, overrides/, docs/assets/, data/schemas/ and mkdocs.yml (and any hook outside macros/)."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(root / "macros", dest / "macros", ignore=ignore)
    shutil.copytree(root / "overrides", dest / "overrides", ignore=ignore)
    if (root / "docs" / "assets").is_dir():  # the site's own style is in overrides/
        shutil.copytree(root / "docs" / "assets", dest / "docs" / "assets", ignore=ignore)
    shutil.copytree(root / "data" / "schemas", dest / "data" / "schemas", ignore=ignore)
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    hooks = re.search(r"(?m)^hooks:\n((?:[ \t]+.*\n?)*)", (root / "mkdocs.yml").read_text(encoding="utf-8"))
    for hook in re.findall(r"-\s*(\S+)", hooks[1]) if hooks else []:
        if not (dest / hook).exists() and (root / hook).is_file():
            (dest / hook).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / hook, dest / hook)
