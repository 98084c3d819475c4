"""Start next year's report from the last one: `python -m macros.tools.scaffold 2019`.

Creates data/reports/<year>.yaml with the same tables and every figure left empty, the
report's pages with the same headings and macro calls and "TODO" where the text goes,
the new periods in data/periods.yaml and the pages in mkdocs.yml's navigation. Then
`make check` lists everything still to fill in. Every file's new text is worked out first and
then all are written, or, if one write fails, none: the others are put back as they were.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

from ..base.errors import ScaffoldError
from ..base.log_text import log_line
from ..read.load import read_yaml

TODO = "TODO: write this from the {year} report."
_YEARS = re.compile(r"(?<!\d)(20\d\d)/(\d\d)(?!\d)|(?<![\d/])(20\d\d)(?![\d/])")


def shift_years(text: str, by: int = 1) -> str:
    """Move every year in text on: 2017/18 -> 2018/19 and 2018 -> 2019."""

    def shifted(match: re.Match) -> str:
        if match[1]:
            return f"{int(match[1]) + by}/{(int(match[2]) + by) % 100:02d}"
        return str(int(match[3]) + by)

    return _YEARS.sub(shifted, text)


def scaffold(root: Path, year: int) -> list[Path]:
    """Write next year's files, all or none; return the paths created or changed."""
    try:
        files = plan(root, year)
    except OSError as error:
        where = _shown(root, Path(error.filename)) if error.filename else "one of its files"
        raise ScaffoldError(f"could not read {where} ({_reason(error)})") from error
    write_all(root, files)
    return list(files)


def plan(root: Path, year: int) -> dict[Path, str]:
    """Every file next year's report needs, with its full new text, worked out before anything is written."""
    data, docs = root / "data", root / "docs" / "reports"
    previous = year - 1
    source_path = data / "reports" / f"{previous}.yaml"
    target_path = data / "reports" / f"{year}.yaml"
    if target_path.exists() or (docs / str(year)).exists():
        raise ScaffoldError(
            f"the {year} report already exists ({target_path} or {docs / str(year)}); nothing was changed"
        )
    if not source_path.exists():
        raise ScaffoldError(f"there is no {previous} report ({source_path}) to copy the structure from")
    _data_is_sound(data)
    report, errors = read_yaml(source_path, str(source_path))
    periods, more_errors = read_yaml(data / "periods.yaml", "data/periods.yaml")
    if errors or more_errors:
        raise ScaffoldError("fix the data first (run make check): " + "; ".join(map(str, errors + more_errors)))
    files = {target_path: report_yaml(report, year)}
    new_periods = _new_periods(periods["periods"], report)
    if new_periods:
        files[data / "periods.yaml"] = _appended((data / "periods.yaml").read_text(encoding="utf-8"), new_periods)
    files[root / "mkdocs.yml"] = _with_new_nav((root / "mkdocs.yml").read_text(encoding="utf-8"), previous, year)
    for page in sorted((docs / str(previous)).glob("*.md")):
        files[docs / str(year) / page.name] = page_skeleton(page.read_text(encoding="utf-8"), year)
    for path, text in files.items():
        problem = _yaml_problem(text) if path.suffix in (".yaml", ".yml") else None
        if problem:
            raise ScaffoldError(f"{_shown(root, path)} would not be valid YAML after the change ({problem})")
    return files


def write_all(root: Path, files: dict[Path, str]) -> None:
    """Write every file, or on the first failure put back what was there and raise ScaffoldError."""
    originals: dict[Path, bytes | None] = {}
    folders: list[Path] = []
    for path, text in files.items():
        try:
            for folder in [f for f in reversed([path.parent, *path.parent.parents]) if not f.exists()]:
                folder.mkdir()
                folders.append(folder)
            originals[path] = path.read_bytes() if path.exists() else None
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            stuck = _put_back(originals, folders)
            by_hand = (
                f"; check these by hand, they could not be put back: {', '.join(_shown(root, p) for p in stuck)}"
                if stuck
                else ""
            )
            raise ScaffoldError(f"could not write {_shown(root, path)} ({_reason(error)}){by_hand}") from error


def _put_back(originals: dict[Path, bytes | None], folders: list[Path]) -> list[Path]:
    """Undo the writes so far, newest first; return what could not be undone."""
    stuck = []
    for path, original in reversed(originals.items()):
        try:
            if original is None:
                path.unlink(missing_ok=True)
            elif path.read_bytes() != original:  # a file whose open failed is untouched and may be read-only
                path.write_bytes(original)
        except OSError:
            stuck.append(path)
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            stuck.append(folder)
    return stuck


def _appended(text: str, addition: str) -> str:
    """text with addition on lines of its own, even when text lacks its final newline."""
    return text + ("" if not text or text.endswith("\n") else "\n") + addition


def _yaml_problem(text: str) -> str | None:
    """Where and why text is not YAML, or None; tags are not resolved so mkdocs.yml's !!python tags pass."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return (f"line {mark.line + 1}: " if mark else "") + str(error.problem or error.context)
    except yaml.YAMLError as error:
        return str(error)
    return None


def _shown(root: Path, path: Path) -> str:
    """A path as the editor would type it from the project folder."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _reason(error: OSError) -> str:
    """The system's words for what went wrong ("Permission denied"), without the errno."""
    return error.strerror or str(error) or type(error).__name__


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
        out += [
            f"    - {{heading: {dump(c['heading'])}, period: {dump(c['period'])}, field: {c['field']}}}"
            for c in columns
        ]
    out += ["", "kpi_tables:"]
    for table in report["kpi_tables"]:
        out += [
            f"  - id: {table['id']}",
            f"    service: {table['service']}",
            f"    section: {dump(table['section'])}",
            f"    caption: {dump(table['caption'])}",
            f"    layout: {table['layout']}",
            "    rows:",
        ]
        for row in table["rows"]:
            out.append(f"      - kpi: {row['kpi']}")
            out += [f"        title: {dump(row['title'])}"] if "title" in row else []
    out += ["", "results:"]
    for (kpi, period), fields in _needed_results(report).items():
        out += [f"  - kpi: {kpi}", f"    period: {dump(period)}"] + [f"    {name}:" for name in fields]
    out += ["", "budget_tables:"]
    for table in report["budget_tables"]:
        out += [
            f"  - id: {table['id']}",
            f"    service: {table['service']}",
            f"    year: {dump(table['year'])}",
            f"    section: {dump(table['section'])}",
            f"    caption: {dump(table['caption'])}",
            "    lines:",
        ]
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
        text += "".join(
            f'    {name}: "{shift_years(old[name])}"\n' for name in ("year", "compared_with") if name in old
        )
        known[new_id] = old
    return text


def page_skeleton(markdown: str, year: int) -> str:
    """Headings and macro calls kept (years moved on); the prose replaced by TODO lines. Under the
    page's title, the first sentence of its opening paragraph is kept too, with its years moved on; a page
    whose text has no heading of its own gets a TODO where its text was, so no page is left without one."""
    out, todo, opening, keep_sentence = [], TODO.format(year=year), False, False
    for line in markdown.splitlines():
        if line.startswith("#"):
            opening = keep_sentence = line.startswith("# ")
            out += [shift_years(line), ""] + ([todo, ""] if line.startswith("##") else [])
        elif "{{" in line or re.match(r"^\d+\. \[", line) or line.startswith("*From the Portfolio Holder report"):
            out += [shift_years(line), ""]
            keep_sentence = keep_sentence and not line.startswith("*From")  # a section's opening is its own text
        elif opening and line.strip():
            # A plain sentence only (not an admonition, list or quote, whose marker would be kept without them).
            first = re.match(r"^([A-Za-z0-9].*?[.!?])(?:\s|$)", line) if keep_sentence else None
            out += [shift_years(first[1]) + " " + todo if first else todo, ""]
            opening = False
    if not any(todo in line for line in out):
        out += [todo]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


def _data_is_sound(data: Path) -> None:
    """The new report is copied from the last one, so the data must pass the check first."""
    from ..base.errors import DataErrors
    from ..read.project import load_site

    try:
        load_site(data)
    except DataErrors as errors:
        shown = "; ".join(map(str, errors.errors[:3])) + ("; …" if len(errors.errors) > 3 else "")
        raise ScaffoldError(f"fix the data first (run make check): {shown}") from None


def _with_new_nav(text: str, previous: int, year: int) -> str:
    """mkdocs.yml with the new report's pages above the previous report's in the navigation."""
    problem = _yaml_problem(text)
    if problem:
        raise ScaffoldError(f"mkdocs.yml is not valid YAML ({problem}); fix it first")
    name = f"Report {previous}"
    block = re.search(rf"""(?m)^( *)- (?:{name}|"{name}"|'{name}'):[ \t]*(?:#.*)?\n(?:\1 +.*(?:\n|\Z))+""", text)
    if not block:
        raise ScaffoldError(f"mkdocs.yml has no '- Report {previous}:' section in nav to copy")
    copy = shift_years(block[0]).replace(f"reports/{previous}/", f"reports/{year}/")
    return text[: block.start()] + copy + ("" if copy.endswith("\n") else "\n") + text[block.start() :]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not re.fullmatch(r"[0-9]{4}", argv[0], re.ASCII) or not 1900 <= int(argv[0]) <= 2999:
        print(
            log_line(
                f"{argv[0] if len(argv) == 1 else 'YEAR'!r} is not a year: give the report's year in four digits "
                "from 1900 to 2999, for example: make scaffold YEAR=2019 (python -m macros.tools.scaffold 2019)"
            ),
            file=sys.stderr,
        )
        return 2
    try:
        changed = scaffold(Path.cwd(), int(argv[0]))
    except ScaffoldError as error:
        print(log_line(f"Nothing was created: {error}"), file=sys.stderr)
        return 1
    print(log_line(f"Started the {argv[0]} report. Created or changed:"))
    print("\n".join(log_line(f"  {path.relative_to(Path.cwd())}") for path in changed))
    print("Now fill in the figures and text; `make check` lists what remains.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
