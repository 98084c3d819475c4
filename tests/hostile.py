"""A copy of the project whose every free text in data/ is hostile: markup, template code, a
formula and Markdown, each field with its own number so a test can tell where each went."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import copy_project, git, report_file, report_years

from macros.base.errors import DataErrors
from macros.read.load import read_yaml
from macros.read.project import read_site
from macros.read.schema import _validators
from macros.tools.record_corrections import record_corrections

# Free text: shown to readers as the editor wrote it. Every other string field is an id, a
# reference, a date or a figure, checked by a pattern or by the model; TEXT_FIELDS and
# REFERENCES together must name every string field in the schemas (a test says so).
TEXT_FIELDS = {
    "portfolios.yaml": {"portfolios.[].title", "portfolios.[].holders.[].name"},
    "services.yaml": {"services.[].name", "services.[].about"},
    "kpis.yaml": {"kpis.[].title", "kpis.[].name"},
    "periods.yaml": {"periods.[].label"},
    "facts.yaml": {"facts.[].title", "facts.[].values.[].period", "facts.[].values.[].note"},
    "glossary.yaml": {"terms.[].meaning"},
    "reports": {
        "title",
        "covers",
        "layouts.*.[].heading",
        "kpi_tables.[].section",
        "kpi_tables.[].caption",
        "kpi_tables.[].rows.[].title",
        "kpi_tables.[].footnotes.[]",
        "results.[].target",
        "results.[].direction_reason",
        "results.[].note",
        "budget_tables.[].section",
        "budget_tables.[].caption",
        "budget_tables.[].lines.[].area",
        "budget_tables.[].lines.[].note",
        "budget_tables.[].total.note",
    },
}
# Ids that name other entries; period ids are shown on the site too, so one is renamed everywhere.
REFERENCES = {
    "layouts.*.[].period",
    "kpi_tables.[].layout",
    "results.[].period",
    "periods.[].id",
    "periods.[].compared_with",
}
RENAMED_PERIOD = "2017/18 Q1"
FILES = {
    "portfolios.yaml": "portfolios.schema.json",
    "services.yaml": "services.schema.json",
    "kpis.yaml": "kpis.schema.json",
    "periods.yaml": "periods.schema.json",
    "facts.yaml": "facts.schema.json",
    "glossary.yaml": "glossary.schema.json",
    "reports": "report.schema.json",
}


def payload(number: int) -> str:
    """Text that would be a formula, markup, a link, emphasis and template code if not kept as text."""
    return (
        f'=1+1 <b class=pwn>x</b> <img src=pwn onerror=alert({number})> {{{{ "pwn" ~ "ed" }}}} '
        f"{{% if true %}}pwnif{{% endif %}} [pwnlink](javascript:alert(1)) | *pwnem* & ]]> #{number}#"
    )


def marker(number: int) -> str:
    return f"#{number}#"


def schema_string_fields(schema: dict, path: tuple = ()) -> set[str]:
    """Every field path a schema allows a string without a pattern ("a.[].b", "*" for any key)."""
    found: set[str] = set()
    if not isinstance(schema, dict) or "enum" in schema or "const" in schema:
        return found
    for key in ("allOf", "anyOf", "oneOf"):
        for option in schema.get(key, []):
            found |= schema_string_fields(option, path)
    if schema.get("type") == "string" and "pattern" not in schema:
        found.add(".".join(path))
    for name, option in schema.get("properties", {}).items():
        found |= schema_string_fields(option, (*path, name))
    if isinstance(schema.get("items"), dict):
        found |= schema_string_fields(schema["items"], (*path, "[]"))
    if isinstance(schema.get("additionalProperties"), dict):
        found |= schema_string_fields(schema["additionalProperties"], (*path, "*"))
    return found


def schema_fields(schema_dir: Path) -> dict[str, set[str]]:
    validators = _validators(schema_dir.resolve())
    return {file: schema_string_fields(validators[schema].schema) for file, schema in FILES.items()}


class _Mutator:
    def __init__(self):
        self.count = 0
        self.fields: dict[int, str] = {}  # marker number -> "file: field path"
        self.period = payload(0)

    def walk(self, node, path: tuple, file: str, text_fields: set[str]):
        key = ".".join(path)
        if isinstance(node, dict):
            return {
                name: self.walk(value, (*path, name if key != "layouts" else "*"), file, text_fields)
                for name, value in node.items()
            }
        if isinstance(node, list):
            return [self.walk(item, (*path, "[]"), file, text_fields) for item in node]
        if isinstance(node, str) and node == RENAMED_PERIOD and key in REFERENCES:
            return self.period
        if isinstance(node, str) and key in text_fields and not _is_figure_text(key, node):
            self.count += 1
            self.fields[self.count] = f"{file}: {key}"
            return payload(self.count)
        return node


def _is_figure_text(key: str, text: str) -> bool:
    """A target written as a bound or a duration is a figure, not words."""
    return key == "results.[].target" and bool(re.match(r"^[<>≤≥]|^\d+:\d\d$", text))


def _add_budget_notes(report: dict) -> None:
    """Notes on a budget line and a total are optional; give each report one, so they are tried too."""
    tables = report["budget_tables"]
    if tables:
        tables[0]["lines"][0].setdefault("note", "a note")
    for table in tables:
        if "total" in table:
            table["total"].setdefault("note", "a note")
            break


def hostile_project(root: Path, into: Path) -> dict[int, str]:
    """Copy the project into `into` with every free text replaced; returns where each marker went."""
    copy_project(into, root)
    mutator = _Mutator()
    data = into / "data"
    paths = {file: [data / file] for file in FILES if file != "reports"}
    paths["reports"] = sorted((data / "reports").glob("*/*.yaml"))  # data/reports/<portfolio>/<year>.yaml
    for file, files in paths.items():
        for path in files:
            document, errors = read_yaml(path, path.name)
            assert not errors, errors
            if file == "reports":
                _add_budget_notes(document)
            if file == "portfolios.yaml":  # the reports name no holder: give each portfolio one, to try it too
                for portfolio in document["portfolios"]:
                    portfolio.setdefault("holders", [{"name": "A holder", "from": "2018-05"}])
            changed = mutator.walk(document, (), path.relative_to(data).as_posix(), TEXT_FIELDS[file])
            path.write_text(json.dumps(changed, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return mutator.fields


def commit_with_a_correction(project: Path) -> None:
    """Make the project a git repository whose second commit corrects one KPI figure of its last report (of
    helpers.PORTFOLIO), so What's changed and the feed list a correction to a KPI with a hostile title."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "Hostile text everywhere")
    data = project / "data"
    report = report_file(report_years(data)[-1], data)
    original = report.read_text(encoding="utf-8")
    document = json.loads(original)
    for result in document["results"]:
        value = result.get("value")
        if type(value) not in (int, float):
            continue
        result["value"] = value + 1 if isinstance(value, int) else round(value + 0.01, 2)
        report.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        try:
            site = read_site(project / "data")
        except DataErrors:
            result["value"] = value  # it breaks a check (a stated performance, a direction): try the next
            continue
        # As make check records it, so the hostile title reaches What's changed through data/corrections/.
        said = record_corrections(project / "data", site, "HEAD")
        assert said.startswith("Corrections recorded in data/corrections/"), said
        git(project, "add", "-A")
        git(project, "commit", "-qm", "A corrected figure", when="2027-02-10T14:30:00+00:00")
        return
    report.write_text(original, encoding="utf-8")
    raise AssertionError(f"{report.name} has no KPI figure that can be corrected")
