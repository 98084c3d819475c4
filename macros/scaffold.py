"""Start next year's report from the last one: `python -m macros.scaffold 2019`.

Creates data/reports/<year>.yaml with the same tables and every figure left empty, the
report's pages with the same headings and macro calls and "TODO" where the text goes,
the new periods in data/periods.yaml and the pages in mkdocs.yml's navigation. Then
`make check` lists everything still to fill in.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

from .load import read_yaml

TODO = "TODO: write this from the {year} report."
_YEARS = re.compile(r"(?<!\d)(20\d\d)/(\d\d)(?!\d)|(?<![\d/])(20\d\d)(?![\d/])")


class ScaffoldError(Exception):
    """Something that stops the scaffold before it writes anything."""


def shift_years(text: str, by: int = 1) -> str:
    """Move every year in text on: 2017/18 -> 2018/19 and 2018 -> 2019."""
    def shifted(match: re.Match) -> str:
        if match[1]:
            return f"{int(match[1]) + by}/{(int(match[2]) + by) % 100:02d}"
        return str(int(match[3]) + by)
    return _YEARS.sub(shifted, text)


def scaffold(root: Path, year: int) -> list[Path]:
    """Write next year's files; return the paths created or changed."""
    data, docs = root / "data", root / "docs" / "reports"
    previous = year - 1
    source_path = data / "reports" / f"{previous}.yaml"
    target_path = data / "reports" / f"{year}.yaml"
    if target_path.exists() or (docs / str(year)).exists():
        raise ScaffoldError(f"the {year} report already exists ({target_path} or {docs / str(year)}); nothing was changed")
    if not source_path.exists():
        raise ScaffoldError(f"there is no {previous} report ({source_path}) to copy the structure from")
    report, errors = read_yaml(source_path, str(source_path))
    periods, more_errors = read_yaml(data / "periods.yaml", "data/periods.yaml")
    if errors or more_errors:
        raise ScaffoldError("fix the data first (run make check): " + "; ".join(map(str, errors + more_errors)))
    new_periods = _new_periods(periods["periods"], report)
    changed = [target_path, data / "periods.yaml", root / "mkdocs.yml"]
    pages = sorted((docs / str(previous)).glob("*.md"))
    target_path.write_text(report_yaml(report, year), encoding="utf-8")
    with (data / "periods.yaml").open("a", encoding="utf-8") as file:
        file.write(new_periods)
    (docs / str(year)).mkdir(parents=True)
    for page in pages:
        (docs / str(year) / page.name).write_text(page_skeleton(page.read_text(encoding="utf-8"), year), encoding="utf-8")
        changed.append(docs / str(year) / page.name)
    _add_to_nav(root / "mkdocs.yml", previous, year)
    return changed


def report_yaml(report: dict, year: int) -> str:
    """The new report's data file: structure copied, every figure empty to fill in."""
    def dump(value) -> str:
        return json.dumps(shift_years(value) if isinstance(value, str) else value, ensure_ascii=False)

    out = [
        "# yaml-language-server: $schema=../schemas/report.schema.json",
        f"# Portfolio Holder report {year}, started from the {year - 1} report's structure.",
        "# Fill in every empty field as the report printed it (n/a where it printed n/a),",
        "# remove what it did not print, and run `make check` to list what remains.",
        f"id: {year}",
        f"title: {dump(report['title'])}",
        f"portfolio: {dump(report['portfolio'])}",
        f'published: "{year}"',
        "covers:",
        "",
        "layouts:",
    ]
    for name, columns in report["layouts"].items():
        out.append(f"  {name}:")
        out += [f"    - {{heading: {dump(c['heading'])}, period: {dump(c['period'])}, field: {c['field']}}}" for c in columns]
    out += ["", "kpi_tables:"]
    for table in report["kpi_tables"]:
        out += [f"  - id: {table['id']}", f"    service: {table['service']}", f"    section: {dump(table['section'])}",
                f"    caption: {dump(table['caption'])}", f"    layout: {table['layout']}", "    rows:"]
        out += [f"      - kpi: {row['kpi']}" for row in table["rows"]]
    out += ["", "results:"]
    for (kpi, period), fields in _needed_results(report).items():
        out += [f"  - kpi: {kpi}", f"    period: {dump(period)}"] + [f"    {name}:" for name in fields]
    out += ["", "budget_tables:"]
    for table in report["budget_tables"]:
        out += [f"  - id: {table['id']}", f"    service: {table['service']}", f"    year: {dump(table['year'])}",
                f"    section: {dump(table['section'])}", f"    caption: {dump(table['caption'])}", "    lines:"]
        for line in table["lines"]:
            out += [f"      - area: {dump(line['area'])}", "        budget:", "        forecast:", "        variance:"]
        if "total" in table:
            out += ["    total:", "      budget:", "      forecast:", "      variance:"]
    return "\n".join(out) + "\n"


def _needed_results(report: dict) -> dict[tuple, list[str]]:
    """Each (KPI, period) the new tables print, with the fields their columns show."""
    needed: dict[tuple, list[str]] = {}
    for table in report["kpi_tables"]:
        for row in table["rows"]:
            for column in report["layouts"][table["layout"]]:
                fields = needed.setdefault((row["kpi"], column["period"]), [])
                if column["field"] not in fields:
                    fields.append(column["field"])
    return needed


def _new_periods(periods: list[dict], report: dict) -> str:
    """Text to append to periods.yaml for the shifted periods that do not exist yet."""
    known = {period["id"]: period for period in periods}
    wanted = {column["period"] for columns in report["layouts"].values() for column in columns}
    text = ""
    for old_id in sorted(wanted):
        new_id = shift_years(old_id)
        if new_id in known or old_id not in known:
            continue
        old = known[old_id]
        text += f'  - id: "{new_id}"\n    label: "{shift_years(old["label"])}"\n    kind: {old["kind"]}\n'
        text += "".join(f'    {name}: "{shift_years(old[name])}"\n' for name in ("year", "compared_with") if name in old)
        known[new_id] = old
    return text


def page_skeleton(markdown: str, year: int) -> str:
    """Headings and macro calls kept (years moved on); the prose replaced by TODO lines."""
    out, todo = [], TODO.format(year=year)
    for line in markdown.splitlines():
        if line.startswith("#") or "{{" in line or re.match(r"^\d+\. \[", line):
            out += [shift_years(line), ""]
            if line.startswith("##"):
                out += [todo, ""]
        elif line.startswith("*From the Portfolio Holder report"):
            out += [shift_years(line), ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


def _add_to_nav(mkdocs_yml: Path, previous: int, year: int) -> None:
    """Put the new report's pages above the previous report's in the navigation."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    block = re.search(rf"(?m)^( *)- Report {previous}:\n(?:\1 +.*\n)+", text)
    if not block:
        raise ScaffoldError(f"mkdocs.yml has no '- Report {previous}:' section in nav to copy")
    text = text[:block.start()] + shift_years(block[0]).replace(f"reports/{year - 1}/", f"reports/{year}/") \
        + text[block.start():]
    yaml.safe_load(text)  # the navigation must still be valid YAML
    mkdocs_yml.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("Usage: python -m macros.scaffold YEAR   (for example: python -m macros.scaffold 2019)", file=sys.stderr)
        return 2
    try:
        changed = scaffold(Path.cwd(), int(argv[0]))
    except ScaffoldError as error:
        print(f"Nothing was created: {error}", file=sys.stderr)
        return 1
    print(f"Started the {argv[0]} report. Created or changed:")
    print("\n".join(f"  {path.relative_to(Path.cwd())}" for path in changed))
    print("Now fill in the figures and text; `make check` lists what remains.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
