"""Fill a scaffolded report as an editor would, following the guide: every empty figure made up, plausibly and
consistently, each fact the last report stated given a figure for the new one (data/facts.yaml), and every TODO
the scaffold left in the pages replaced by a sentence.

The invented figures follow the rules the check enforces: performance agrees with the value,
target and polarity; direction of travel agrees with the figure it is compared with; a budget's
variance is forecast minus budget and its total adds up. A figure an earlier report already
published for the same KPI and period is reused, as a correct report would.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import PORTFOLIO, report_file

from macros.base.model import Site
from macros.tools.scaffold import shift_years

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/report.schema.json\n"  # in data/reports/<portfolio>/
TODO = re.compile(r"TODO:.*?\.(?=\s|$)|TODO:.*$")  # to the end of its sentence
# Figures move on by these factors in turn, so some rise, some fall and targets are both met and missed.
FACTORS = (1.05, 0.94, 1.08, 0.97)
STARTING_VALUES = {"count": 100, "percent": 50.0, "days": 5.0, "gbp": 100000, "duration": 300}


def read_report(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_report(path: Path, report: dict) -> None:
    path.write_text(
        SCHEMA_LINE + yaml.safe_dump(report, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
    )


def empty_fields(value, path: str = "") -> list[str]:
    """Where the report still has an empty field (the scaffold leaves each figure empty)."""
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in empty_fields(item, f"{path}.{key}".lstrip("."))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in empty_fields(item, f"{path}[{index}]")]
    return [path] if value is None else []


# --- figures ---------------------------------------------------------------------------------


def in_unit(unit: str, number: float):
    """A number rounded the way the council prints figures in this unit (durations as seconds)."""
    if unit == "percent":
        return round(min(number, 100.0), 1)
    if unit == "days":
        return round(number, 2)
    return int(round(number))


def as_written(unit: str, value):
    """A figure as an editor writes it in YAML: durations as "m:ss"."""
    return f"{value // 60}:{value % 60:02d}" if unit == "duration" and isinstance(value, int) else value


def achieved(value, target, polarity: str) -> bool:
    return value >= target if polarity == "higher-is-better" else value <= target


def direction(value, previous, polarity: str) -> str:
    if value == previous:
        return "In line"
    rose = value > previous
    if polarity == "neither":
        return "More" if rose else "Fewer"
    return "Better" if rose == (polarity == "higher-is-better") else "Worse"


def published_values(site: Site) -> dict[tuple[str, str], object]:
    """Every figure already published, by (KPI, period), in seconds for durations."""
    values = {}
    for result in site.results():
        if isinstance(result.value, (int, float)) and not isinstance(result.value, bool):
            values.setdefault((result.kpi.id, result.period.id), result.value)
    return values


def fill_results(results: list[dict], site: Site, periods: dict[str, dict]) -> None:
    """Give every result its value, target, performance and direction (periods: from periods.yaml)."""
    known = published_values(site)
    order = list(periods)
    for turn, result in enumerate(sorted(results, key=lambda r: order.index(r["period"]))):
        kpi, period = site.kpis[result["kpi"]], result["period"]
        factor = FACTORS[turn % len(FACTORS)]
        compared_with = periods[period].get("compared_with")
        value = known.get((kpi.id, period))
        if value is None:
            value = in_unit(kpi.unit, last_figure_before(known, kpi.id, period, order, kpi.unit) * factor)
        # Rising figures get a target a little below, falling ones a little above.
        target = None if kpi.polarity == "neither" else in_unit(kpi.unit, value * (2 - factor))
        has_value = "value" in result
        if has_value:
            result["value"] = as_written(kpi.unit, value)
            known[(kpi.id, period)] = value
        if "performance" in result or "target" in result:
            # A table without a target column still needs one to say Achieved or Failed.
            result["target"] = "n/a" if target is None else as_written(kpi.unit, target)
        if "performance" in result:
            result["performance"] = (
                "n/a"
                if target is None or not has_value
                else "Achieved"
                if achieved(value, target, kpi.polarity)
                else "Failed"
            )
        if "direction" in result:
            previous = known.get((kpi.id, compared_with))
            result["direction"] = (
                "n/a" if previous is None or not has_value else direction(value, previous, kpi.polarity)
            )


def last_figure_before(known: dict, kpi: str, period: str, order: list[str], unit: str):
    """The KPI's most recent figure for an earlier period, or a starting figure for a new KPI."""
    earlier = [
        (order.index(p), value) for (k, p), value in known.items() if k == kpi and order.index(p) < order.index(period)
    ]
    return max(earlier)[1] if earlier else STARTING_VALUES[unit]


def fill_budgets(tables: list[dict], site: Site) -> None:
    """Budgets a little above or below last year's; forecast near budget; variance and totals that add up."""
    last_year = {
        (table.id, line.area): line.budget
        for report in site.reports.values()
        for table in report.budget_tables.values()
        for line in table.lines
    }
    turn = 0
    for table in tables:
        for line in table["lines"]:
            budget = int(round(last_year.get((table["id"], line["area"]), 500000) * FACTORS[turn % len(FACTORS)]))
            forecast = budget + (0, 12345, -6789)[turn % 3]
            line.update(budget=budget, forecast=forecast, variance=forecast - budget)
            turn += 1
        if "total" in table:
            table["total"] = {
                name: sum(line[name] for line in table["lines"]) for name in ("budget", "forecast", "variance")
            }


def read_periods(data: Path) -> dict[str, dict]:
    """periods.yaml's periods by id, as written."""
    return {
        period["id"]: period
        for period in yaml.safe_load((data / "periods.yaml").read_text(encoding="utf-8"))["periods"]
    }


def fill_report(report: dict, site: Site, periods: dict[str, dict]) -> dict:
    """The scaffolded report with every empty field filled in."""
    year = report["id"]
    report["covers"] = f"{year - 1}/{year % 100:02d} outturns and targets, and {year}/{(year + 1) % 100:02d} budgets"
    report["published"] = str(year)  # as the scaffold and the earlier reports write it
    fill_results(report["results"], site, periods)
    fill_budgets(report["budget_tables"], site)
    return report


def new_fact_values(facts: list[dict], year: int, portfolio: str = PORTFOLIO) -> dict[str, list[dict]]:
    """As the guide says: each fact the portfolio's last report stated gets a value for the new report, under the
    same heading of the new report's page; a period a report already gave a figure for keeps that figure. A value
    names its report by year, and its portfolio by its section's page (reports/<portfolio>/<year>/<service>.md)."""
    added = {}
    last, new_folder = f"reports/{portfolio}/{year - 1}/", f"reports/{portfolio}/{year}/"
    for turn, fact in enumerate(facts):
        stated = [v for v in fact["values"] if v["report"] == year - 1 and v["section"].startswith(last)]
        for value in stated[-1:]:
            period = shift_years(value["period"])
            earlier = next((v["value"] for v in fact["values"] if v["period"] == period), None)
            number = value["value"] * FACTORS[turn % len(FACTORS)]
            if earlier is None and value.get("scale") == "thousands":
                number = round(number, -3)
            new = {**value, "period": period, "report": year}
            new["value"] = earlier if earlier is not None else in_unit(fact["unit"], number)
            new["section"] = new_folder + value["section"].removeprefix(last)
            new.pop("note", None)
            added[fact["id"]] = [new]
    return added


def with_fact_values(text: str, added: dict[str, list[dict]]) -> str:
    """facts.yaml's text with each new value written under its fact's last one, the rest of the file (its
    comments and layout) as it was, as an editor adds a value in the web editor."""
    lines = text.splitlines(keepends=True)
    starts = [index for index, line in enumerate(lines) if line.startswith("  - id: ")] + [len(lines)]
    for start, end in reversed(list(zip(starts, starts[1:], strict=False))):
        fact_id = lines[start].removeprefix("  - id: ").strip()
        while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # the blank lines and comments before the next fact stay after the new value
        written = yaml.safe_dump(added.get(fact_id, []), sort_keys=False, allow_unicode=True, width=1000)
        lines[end:end] = ["      " + line + "\n" for line in written.splitlines()] if fact_id in added else []
    return "".join(lines)


# --- pages -----------------------------------------------------------------------------------


def sentence_for(before: str, heading: str, report: dict, page: str) -> str:
    """What an editor writes in place of a TODO: the report's own "covers" words after "covers",
    otherwise a sentence naming the page and the heading it stands under (each section's own words)."""
    if before.endswith("covers "):
        return report["covers"] + "."
    return f"Invented text for a test: what the {report['id']} report says on {page} under “{heading}”."


def write_the_text(page: Path, report: dict) -> None:
    """Each TODO the scaffold left in the page, whole line or end of a sentence, replaced by a sentence."""
    lines, heading = [], ""
    for line in page.read_text(encoding="utf-8").splitlines():
        heading = line.lstrip("# ") if line.startswith("#") else heading
        lines.append(
            TODO.sub(
                lambda todo, line=line, heading=heading: sentence_for(line[: todo.start()], heading, report, page.stem),
                line,
            )
        )
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fill_year(project: Path, year: int, site: Site, portfolio: str = PORTFOLIO) -> None:
    """Fill the portfolio's scaffolded report's data (data/reports/<portfolio>/<year>.yaml) and every page it left
    a TODO in (site: the data before the scaffold)."""
    path = report_file(year, project / "data", portfolio)
    report = fill_report(read_report(path), site, read_periods(project / "data"))
    write_report(path, report)
    facts_path = project / "data" / "facts.yaml"
    text = facts_path.read_text(encoding="utf-8")
    added = new_fact_values(yaml.safe_load(text)["facts"], year, portfolio)
    facts_path.write_text(with_fact_values(text, added), "utf-8")
    for page in sorted((project / "docs").rglob("*.md")):
        if "TODO:" in page.read_text(encoding="utf-8"):
            write_the_text(page, report)
