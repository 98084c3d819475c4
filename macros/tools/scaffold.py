"""Start a portfolio's next report from its last one: `python -m macros.tools.scaffold [PORTFOLIO] YEAR`
(make scaffold PORTFOLIO=central-services YEAR=2019; PORTFOLIO may be left out where the council has one).

Creates data/reports/<portfolio>/<year>.yaml with the same tables and every figure left empty, the report's
pages in docs/reports/<portfolio>/<year>/ with the same headings and macro calls and "TODO" where the text
goes, the new periods in data/periods.yaml and the pages in the portfolio's part of mkdocs.yml's navigation.
A portfolio's first report (make portfolio added the portfolio) starts empty: no tables or figures, and a page
per service the portfolio holds. Then `make check` lists everything still to fill in. Every file's new text is
worked out first and then all are written, or, if one write fails, none: the others are put back as they were.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import NamedTuple

import yaml

from ..base.errors import DataErrors, ScaffoldError
from ..base.log_text import log_line
from ..base.model import Portfolio, Site
from ..read.load import read_yaml
from ..read.project import load_site
from ..render.pages import md_text
from ..workings.urls import portfolio_doc

TODO = "TODO: write this from the {year} report."
_YEARS = re.compile(r"(?<!\d)(20\d\d)/(\d\d)(?!\d)|(?<![\d/])(20\d\d)(?![\d/])")


def shift_years(text: str, by: int = 1) -> str:
    """Move every year in text on: 2017/18 -> 2018/19 and 2018 -> 2019."""

    def shifted(match: re.Match) -> str:
        if match[1]:
            return f"{int(match[1]) + by}/{(int(match[2]) + by) % 100:02d}"
        return str(int(match[3]) + by)

    return _YEARS.sub(shifted, text)


def scaffold(root: Path, year: int, portfolio: str | None = None) -> list[Path]:
    """Write the portfolio's report of that year, all files or none; return the paths created or changed."""
    files = planned(root, lambda: plan(root, year, portfolio))
    write_all(root, files)
    return list(files)


def planned(root: Path, make_plan) -> dict[Path, str]:
    """make_plan's files, a file it could not read said in plain words."""
    try:
        return make_plan()
    except OSError as error:
        where = shown(root, Path(error.filename)) if error.filename else "one of its files"
        raise ScaffoldError(f"could not read {where} ({_reason(error)})") from error


def plan(root: Path, year: int, portfolio: str | None = None) -> dict[Path, str]:
    """Every file the report needs, with its full new text, worked out before anything is written."""
    chosen = which_portfolio(_listed_portfolios(root / "data"), portfolio, year)
    target, pages = root / "data" / "reports" / chosen / f"{year}.yaml", root / "docs" / "reports" / chosen
    if target.exists() or (pages / str(year)).exists():
        raise ScaffoldError(
            f"the {year} report of {chosen} already exists ({shown(root, target)} or "
            f"{shown(root, pages / str(year))}); nothing was changed"
        )
    site = sound_site(root / "data")
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if any(key.portfolio == chosen for key in site.reports):
        files = _from_last_report(root, chosen, year, mkdocs_yml)
    else:
        files = first_report(site, site.portfolios[chosen], year, target, pages / str(year))
        nav_pages = [path.name for path in files if path.suffix == ".md"]
        files[root / "mkdocs.yml"] = _with_first_nav(mkdocs_yml, chosen, year, nav_pages)
    refuse_invalid_yaml(root, files)
    return files


def _listed_portfolios(data: Path) -> list[str]:
    """The ids data/portfolios.yaml lists, read before the rest of the data (if it cannot be, the check says why)."""
    document, errors = read_yaml(data / "portfolios.yaml", "data/portfolios.yaml")
    listed = document.get("portfolios") if isinstance(document, dict) else None
    ids = [entry.get("id") for entry in listed if isinstance(entry, dict)] if isinstance(listed, list) else []
    if errors or not ids or not all(isinstance(found, str) for found in ids):
        sound_site(data)  # stops here, saying what is wrong
    return ids


def _from_last_report(root: Path, portfolio_id: str, year: int, mkdocs_yml: str) -> dict[Path, str]:
    """The files of a report copied from the portfolio's report of the year before."""
    data, pages, previous = root / "data", root / "docs" / "reports" / portfolio_id, year - 1
    source = data / "reports" / portfolio_id / f"{previous}.yaml"
    if not source.exists():
        raise ScaffoldError(
            f"there is no {previous} report of {portfolio_id} ({shown(root, source)}) to copy the structure from"
        )
    report, errors = read_yaml(source, shown(root, source))
    periods, more_errors = read_yaml(data / "periods.yaml", "data/periods.yaml")
    if errors or more_errors:
        raise ScaffoldError("fix the data first (run make check): " + "; ".join(map(str, errors + more_errors)))
    files = {source.with_name(f"{year}.yaml"): report_yaml(report, year)}
    new_periods = _new_periods(periods["periods"], report)
    if new_periods:
        files[data / "periods.yaml"] = _appended((data / "periods.yaml").read_text(encoding="utf-8"), new_periods)
    files[root / "mkdocs.yml"] = _with_new_nav(mkdocs_yml, portfolio_id, previous, year)
    for page in sorted((pages / str(previous)).glob("*.md")):
        files[pages / str(year) / page.name] = page_skeleton(page.read_text(encoding="utf-8"), year)
    return files


def which_portfolio(ids: list[str], wanted: str | None, year: int) -> str:
    """The portfolio named, or the council's only one; an error naming the choices otherwise."""
    if wanted is None and len(ids) == 1:
        return ids[0]
    if wanted is None:
        raise ScaffoldError(
            f"data/portfolios.yaml has {len(ids)} portfolios, so say whose report to start: PORTFOLIO= one of "
            f"{', '.join(ids)} (for example: make scaffold PORTFOLIO={ids[0]} YEAR={year})"
        )
    if wanted not in ids:
        raise ScaffoldError(
            f"there is no portfolio {wanted!r} in data/portfolios.yaml; the portfolios are: {', '.join(ids)} "
            "(make portfolio adds one)"
        )
    return wanted


def refuse_invalid_yaml(root: Path, files: dict[Path, str]) -> None:
    """Stop before writing anything if a data file or mkdocs.yml would no longer be YAML."""
    for path, text in files.items():
        problem = yaml_problem(text) if path.suffix in (".yaml", ".yml") else None
        if problem:
            raise ScaffoldError(f"{shown(root, path)} would not be valid YAML after the change ({problem})")


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
                f"; check these by hand, they could not be put back: {', '.join(shown(root, p) for p in stuck)}"
                if stuck
                else ""
            )
            raise ScaffoldError(f"could not write {shown(root, path)} ({_reason(error)}){by_hand}") from error


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


def yaml_problem(text: str) -> str | None:
    """Where and why text is not YAML, or None; tags are not resolved so mkdocs.yml's !!python tags pass."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return (f"line {mark.line + 1}: " if mark else "") + str(error.problem or error.context)
    except yaml.YAMLError as error:
        return str(error)
    return None


def shown(root: Path, path: Path) -> str:
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
        "# yaml-language-server: $schema=../../schemas/report.schema.json",
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


_MACRO_LINE = re.compile(r"\{\{.*\}\}")  # a line that is a macro call; one in a sentence goes with its sentence


def page_skeleton(markdown: str, year: int) -> str:
    """Headings and macro calls kept (years moved on); the prose replaced by TODO lines. Under the
    page's title, the first sentence of its opening paragraph is kept too, with its years moved on; a page
    whose text has no heading of its own gets a TODO where its text was, so no page is left without one."""
    out, todo, opening, keep_sentence = [], TODO.format(year=year), False, False
    for line in markdown.splitlines():
        if line.startswith("#"):
            opening = keep_sentence = line.startswith("# ")
            out += [shift_years(line), ""] + ([todo, ""] if line.startswith("##") else [])
        elif (
            _MACRO_LINE.fullmatch(line.strip())
            or re.match(r"^\d+\. \[", line)
            or line.startswith("*From the Portfolio")
        ):
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


def sound_site(data: Path) -> Site:
    """The data, which must pass the check first: a report is copied from it."""
    try:
        return load_site(data)
    except DataErrors as errors:
        listed = "; ".join(map(str, errors.errors[:3])) + ("; …" if len(errors.errors) > 3 else "")
        raise ScaffoldError(f"fix the data first (run make check): {listed}") from None


# Text a page's title or a link may show as written: letters, digits, spaces and everyday punctuation, none of
# which Markdown, HTML, YAML's flow style or the macros read as anything but words.
PLAIN_WORDS = re.compile(r"(?:[^\W_]|[ ,.&'’()/:!?+–—-])+")


# --- mkdocs.yml's navigation, edited as text so that its comments, tags and layout stay as they are -----------


class NavEntry(NamedTuple):
    """A page's entry in mkdocs.yml's nav, and the section it is in."""

    start: int  # where the entry's line starts
    line_end: int  # where its line ends
    section_end: int  # where the last line of its section (the entries beside it, and theirs) ends
    indent: str  # the indent of the entries of its section
    step: str  # one level of indent deeper


def nav_entry(text: str, page: str) -> NavEntry | None:
    """The nav entry of page, such as "reports/central-services/index.md" (written plain or in quotes)."""
    name = re.escape(page)
    found = re.search(rf"""(?m)^( *)- (?:{name}|"{name}"|'{name}')[ \t]*(?:#.*)?$""", text)
    if not found:
        return None
    indent, section_end, position = found[1], found.end(), found.end() + 1
    while position < len(text):
        line_end = text.find("\n", position) % (len(text) + 1)  # -1 (the last line) becomes the text's end
        line = text[position:line_end]
        if line.strip() and not line.lstrip().startswith("#"):
            if len(line) - len(line.lstrip(" ")) < len(indent):
                break
            section_end = line_end
        position = line_end + 1
    parents = [
        line for line in text[: found.start()].splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    parent = len(parents[-1]) - len(parents[-1].lstrip(" ")) if parents else 0
    step = " " * (len(indent) - parent if len(indent) > parent else 4)
    return NavEntry(found.start(), found.end(), section_end, indent, step)


def _portfolio_nav(text: str, portfolio_id: str) -> NavEntry:
    """The entry of the portfolio's page, in the section of mkdocs.yml's nav that holds its reports."""
    problem = yaml_problem(text)
    if problem:
        raise ScaffoldError(f"mkdocs.yml is not valid YAML ({problem}); fix it first")
    entry = nav_entry(text, portfolio_doc(portfolio_id))
    if entry is None:
        raise ScaffoldError(
            f"mkdocs.yml has no '- {portfolio_doc(portfolio_id)}' entry in nav: the portfolio's section of the menu, "
            "under Reports, starts with its page, and its reports go beside it (make portfolio adds both)"
        )
    return entry


def _with_new_nav(text: str, portfolio_id: str, previous: int, year: int) -> str:
    """mkdocs.yml with the new report's pages above the previous report's in the portfolio's navigation."""
    entry = _portfolio_nav(text, portfolio_id)
    name, indent = f"Report {previous}", entry.indent
    report = re.compile(rf"""(?m)^{indent}- (?:{name}|"{name}"|'{name}'):[ \t]*(?:#.*)?\n(?:{indent} +.*(?:\n|\Z))+""")
    block = report.search(text, entry.start, entry.section_end)
    if not block:
        raise ScaffoldError(
            f"mkdocs.yml has no '- Report {previous}:' section in nav, beside '- {portfolio_doc(portfolio_id)}', "
            "to copy"
        )
    folder = f"reports/{portfolio_id}/"
    copy = shift_years(block[0]).replace(f"{folder}{previous}/", f"{folder}{year}/")
    return text[: block.start()] + copy + ("" if copy.endswith("\n") else "\n") + text[block.start() :]


def _with_first_nav(text: str, portfolio_id: str, year: int, pages: list[str]) -> str:
    """mkdocs.yml with a portfolio's first report under its page in the navigation (pages: its file names)."""
    entry = _portfolio_nav(text, portfolio_id)
    lines = [f"{entry.indent}- Report {year}:"]
    lines += [f"{entry.indent}{entry.step}- reports/{portfolio_id}/{year}/{page}" for page in pages]
    return text[: entry.line_end] + "\n" + "\n".join(lines) + text[entry.line_end :]


# --- a portfolio's first report: nothing to copy, so an empty report and a page per service it holds ---------


def first_report(site: Site, portfolio: Portfolio, year: int, path: Path, pages: Path) -> dict[Path, str]:
    """The report's data file, its first page and a page per service the portfolio holds that year."""
    services = [site.services[held.service] for held in portfolio.holdings if held.in_year(year)]
    listed = "\n".join(f"{number}. [{heading_text(s.name)}]({s.id}.md)" for number, s in enumerate(services, 1))
    todo = TODO.format(year=year)
    opening = f'The annual report of the Portfolio Holder for {{{{ portfolio_title("{portfolio.id}") }}}}'
    files = {path: first_report_yaml(portfolio.id, year)}
    files[pages / "index.md"] = _page(
        f"# Portfolio Holder report {year}",
        f"{opening}, published in {year}. {todo}",
        *(["## Sections of this report", listed] if services else []),
    )
    for service in services:
        files[pages / f"{service.id}.md"] = _page(
            f"# {heading_text(service.name)}",
            f"*From the Portfolio Holder report {year}.*",
            "{{ in_this_section() }}",
            todo,
        )
    return files


def _page(*blocks: str) -> str:
    """A page's Markdown: its blocks (a heading, a paragraph, a list) with a blank line between them."""
    return "\n\n".join(blocks) + "\n"


def first_report_yaml(portfolio_id: str, year: int) -> str:
    """A portfolio's first report: its title, portfolio and year, and the rest for the editor to fill in."""
    lines = [
        "# yaml-language-server: $schema=../../schemas/report.schema.json",
        f"# Portfolio Holder report {year}, the portfolio's first: there was no earlier report to copy.",
        "# Fill in covers and add the KPI tables, results and budget tables the report printed (the",
        "# editor's guide shows each; another portfolio's report is a model). `make check` lists what remains.",
        f"id: {year}",
        f"title: Portfolio Holder report {year}",
        f"portfolio: {portfolio_id}",
        f'published: "{year}"',
        "covers:",
        "",
        "layouts: {}",
        "",
        "kpi_tables: []",
        "",
        "results: []",
        "",
        "budget_tables: []",
    ]
    return "\n".join(lines) + "\n"


def heading_text(name: str) -> str:
    """A name from data/ as a page's title or a link's text: as written where it is plain words, else with
    Markdown's and HTML's characters escaped (render's own rule)."""
    return name if PLAIN_WORDS.fullmatch(name) else md_text(name)


USAGE = "make scaffold PORTFOLIO=central-services YEAR=2019 (python -m macros.tools.scaffold central-services 2019)"


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(
            log_line(
                "give the portfolio and the report's year, for example: "
                f"{USAGE}; PORTFOLIO may be left out where data/portfolios.yaml has one portfolio"
            ),
            file=sys.stderr,
        )
        return 2
    *portfolio, year = argv
    if not re.fullmatch(r"[0-9]{4}", year, re.ASCII) or not 1900 <= int(year) <= 2999:
        print(
            log_line(
                f"{year!r} is not a year: give the report's year in four digits from 1900 to 2999, for example: {USAGE}"
            ),
            file=sys.stderr,
        )
        return 2
    root = Path.cwd()
    try:
        changed = scaffold(root, int(year), *portfolio)
    except ScaffoldError as error:
        print(log_line(f"Nothing was created: {error}"), file=sys.stderr)
        return 1
    report = changed[0]  # data/reports/<portfolio>/<year>.yaml
    print(log_line(f"Started the {year} report of {report.parent.name}. Created or changed:"))
    print("\n".join(log_line(f"  {shown(root, path)}") for path in changed))
    if not any(other != report for other in report.parent.glob("*.yaml")):
        print(
            log_line(
                f"It is the portfolio's first report, so it starts empty: add its tables and figures to "
                f"{shown(root, report)}, write its pages; `make check` lists what remains."
            )
        )
    else:
        print("Now fill in the figures and text; `make check` lists what remains.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
