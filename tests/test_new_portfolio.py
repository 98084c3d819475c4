"""A new portfolio, added with `make portfolio` and its first report started with `make scaffold`, passes the check
once an editor has filled it in; each mistake in what the editor typed is refused with a message, changing nothing."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import LATEST, NEXT, PORTFOLIO, ROOT, copy_project, financial_year, report_file
from mkdocs.utils import yaml_load
from new_portfolio import budget_table, kpi_table, outturn_layout

from macros.tools.new_portfolio import main

OTHER, TITLE = "environment", "Environment and Highways"
SERVICES = {"waste": "Waste and Recycling", "highways": "Highways"}
SERVICES_ARG = ",".join(f"{key}:{name}" for key, name in SERVICES.items())


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under root, to prove nothing changed."""
    return {
        p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in root.rglob("*")
        if "__pycache__" not in p.parts
    }


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def save(path: Path, document) -> None:
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def section(nav: list, title: str) -> list:
    """The entries of the menu's section with this title, wherever it is."""
    for item in nav:
        if isinstance(item, dict):
            for name, entries in item.items():
                if name == title:
                    return entries
                found = section(entries, title) if isinstance(entries, list) else None
                if found is not None:
                    return found
    return None


def menu(project: Path) -> list:
    return yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


def write_the_text(page: Path, sentence: str, *blocks: str) -> None:
    """What an editor does to a page the commands left: each TODO replaced by the report's words, tables added."""
    text = re.sub(r"TODO:.*", sentence, page.read_text(encoding="utf-8"))
    page.write_text(text + "".join(f"\n{block}\n" for block in blocks), encoding="utf-8")


def fill_in_first_report(project: Path, year: int) -> None:
    """The first report as an editor fills it in: what it covers, a KPI table, a budget table, and the words."""
    period = financial_year(year - 1)  # the outturns it reports, a period periods.yaml has
    assert period in {p["id"] for p in load(project / "data/periods.yaml")["periods"]}
    kpis = load(project / "data/kpis.yaml")
    kpis["kpis"].append(
        {
            "id": "household-waste-recycled",
            "title": "% of household waste reused, recycled and composted",
            "service": "waste",
            "unit": "percent",
            "polarity": "higher-is-better",
        }
    )
    save(project / "data/kpis.yaml", kpis)
    path = report_file(year, project / "data", OTHER)
    report = load(path)
    report["covers"] = f"{period} outturns and {financial_year(year)} budgets"
    report["layouts"] = outturn_layout(period)
    report["kpi_tables"] = [kpi_table("waste", "Waste and Recycling: recycling", "household-waste-recycled")]
    report["results"] = [
        {"kpi": "household-waste-recycled", "period": period, "value": 38.2, "target": 40, "performance": "Failed"}
    ]
    report["budget_tables"] = [budget_table("highways", year, f"Highways budget {financial_year(year)}", 3250000)]
    save(path, report)
    pages = project / "docs/reports" / OTHER / str(year)
    write_the_text(pages / "index.md", "It covers the work of the portfolio's services.")
    write_the_text(
        pages / "waste.md",
        "The service collected the borough's waste.",
        "## Performance",
        f'{{{{ kpi_table("waste", report={year}) }}}}',
    )
    write_the_text(
        pages / "highways.md",
        "The service kept the roads in repair.",
        f"## Financial information {financial_year(year)}",
        f'{{{{ budget_table("highways", year="{financial_year(year)}") }}}}',
    )
    for key in SERVICES:
        write_the_text(project / "docs/topics" / f"{key}.md", f"What {SERVICES[key]} does for the borough.")


def fill_in_copied_report(project: Path, year: int) -> None:
    """The new portfolio's next report, copied from its first, filled in: a figure that met its target."""
    path = report_file(year, project / "data", OTHER)
    report = load(path)
    report["covers"] = f"{financial_year(year - 1)} outturns and {financial_year(year)} budgets"
    (result,) = report["results"]
    result.update(value=41.0, target=40, performance="Achieved")
    for table in report["budget_tables"]:
        for line in table["lines"]:
            line.update(budget=3300000, forecast=3300000, variance=0)
    save(path, report)
    for page in (project / "docs/reports" / OTHER / str(year)).glob("*.md"):
        write_the_text(page, "The report's words.")


# --- the whole job ---------------------------------------------------------------------------------------------


def test_the_new_portfolio_is_added_to_the_data_the_pages_and_the_menu_keeping_the_files_comments(project):
    comments = [
        line for line in (project / "data/portfolios.yaml").read_text(encoding="utf-8").splitlines() if "#" in line
    ]
    done = run(project, "macros.tools.new_portfolio", OTHER, TITLE, SERVICES_ARG)
    assert done.returncode == 0, done.stderr
    assert f"make scaffold PORTFOLIO={OTHER} YEAR=" in done.stdout
    portfolios = (project / "data/portfolios.yaml").read_text(encoding="utf-8")
    assert all(line in portfolios.splitlines() for line in comments)
    added = load(project / "data/portfolios.yaml")["portfolios"][-1]
    assert added == {"id": OTHER, "title": TITLE, "services": [{"service": key} for key in SERVICES]}
    assert load(project / "data/services.yaml")["services"][-2:] == [{"id": k, "name": n} for k, n in SERVICES.items()]
    assert (project / f"docs/reports/{OTHER}/index.md").read_text(encoding="utf-8").startswith(f"# {TITLE}\n")
    assert f'{{{{ portfolio_page("{OTHER}") }}}}' in (project / f"docs/reports/{OTHER}/index.md").read_text("utf-8")
    for key, name in SERVICES.items():
        assert (project / f"docs/topics/{key}.md").read_text(encoding="utf-8").startswith(f"# {name}\n")
    nav = menu(project)
    assert section(nav, TITLE) == [f"reports/{OTHER}/index.md"]
    assert section(nav, "Reports")[-1] == {TITLE: [f"reports/{OTHER}/index.md"]}
    assert section(nav, "Topics")[-2:] == [f"topics/{key}.md" for key in SERVICES]
    check = run(project, "macros.tools.check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert all(f"docs/topics/{key}.md, line 3: the page still says TODO" in check.stderr for key in SERVICES)


@pytest.mark.slow
def test_a_portfolio_added_with_the_commands_passes_the_check_once_filled_in(project):
    year = LATEST
    assert run(project, "macros.tools.new_portfolio", OTHER, TITLE, SERVICES_ARG).returncode == 0
    done = run(project, "macros.tools.scaffold", OTHER, str(year))
    assert done.returncode == 0, done.stderr
    assert "first report" in done.stdout
    report = load(report_file(year, project / "data", OTHER))
    assert report["title"] == f"Portfolio Holder report {year}" and report["portfolio"] == OTHER
    assert report["id"] == year and report["covers"] is None
    assert report["layouts"] == {} and report["kpi_tables"] == report["results"] == report["budget_tables"] == []
    pages = sorted(p.name for p in (project / f"docs/reports/{OTHER}/{year}").glob("*.md"))
    assert pages == sorted(["index.md", *(f"{key}.md" for key in SERVICES)])
    assert section(menu(project), TITLE) == [
        f"reports/{OTHER}/index.md",
        {f"Report {year}": [f"reports/{OTHER}/{year}/{page}" for page in ("index.md", *(f"{k}.md" for k in SERVICES))]},
    ]
    check = run(project, "macros.tools.check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert f"data/reports/{OTHER}/{year}.yaml, line" in check.stderr and "covers: this is still empty" in check.stderr
    for page in ("index", *SERVICES):
        assert f"docs/reports/{OTHER}/{year}/{page}.md, line" in check.stderr and "still says TODO" in check.stderr

    fill_in_first_report(project, year)
    check = run(project, "macros.tools.check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "the data and every page are sound" in check.stdout


@pytest.mark.slow
def test_each_portfolios_next_report_is_copied_from_its_own_and_goes_in_its_own_part_of_the_menu(project):
    """Both portfolios have a report of the same year, so each "Report <year>" entry is found in its own section."""
    assert run(project, "macros.tools.new_portfolio", OTHER, TITLE, SERVICES_ARG).returncode == 0
    assert run(project, "macros.tools.scaffold", OTHER, str(LATEST)).returncode == 0
    fill_in_first_report(project, LATEST)
    before = section(menu(project), load(project / "data/portfolios.yaml")["portfolios"][0]["title"])

    done = run(project, "macros.tools.scaffold", OTHER, str(NEXT))
    assert done.returncode == 0, done.stderr
    copied = load(report_file(NEXT, project / "data", OTHER))
    assert [t["id"] for t in copied["kpi_tables"]] == ["waste"] and copied["portfolio"] == OTHER
    ours = section(menu(project), TITLE)
    assert [list(entry) for entry in ours[1:]] == [[f"Report {NEXT}"], [f"Report {LATEST}"]]
    assert ours[1][f"Report {NEXT}"] == [
        page.replace(f"/{LATEST}/", f"/{NEXT}/") for page in ours[2][f"Report {LATEST}"]
    ]
    central = load(project / "data/portfolios.yaml")["portfolios"][0]["title"]
    assert section(menu(project), central) == before  # the other portfolio's menu is as it was

    fill_in_copied_report(project, NEXT)  # the scaffold copies only from sound data
    done = run(project, "macros.tools.scaffold", PORTFOLIO, str(NEXT))
    assert done.returncode == 0, done.stderr
    theirs = section(menu(project), central)
    assert list(theirs[1]) == [f"Report {NEXT}"] and theirs[2:] == before[1:]
    assert section(menu(project), TITLE) == ours


def test_the_scaffold_asks_whose_report_once_there_are_two_portfolios(project):
    assert run(project, "macros.tools.new_portfolio", OTHER, TITLE, SERVICES_ARG).returncode == 0
    before = snapshot(project)
    done = run(project, "macros.tools.scaffold", str(NEXT))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    ids = ", ".join(p["id"] for p in load(project / "data/portfolios.yaml")["portfolios"])  # OTHER last
    assert f"data/portfolios.yaml has {ids.count(',') + 1} portfolios, so say whose report to start" in done.stderr
    assert ids.endswith(f", {OTHER}") and ids in done.stderr
    assert f"make scaffold PORTFOLIO={PORTFOLIO} YEAR={NEXT}" in done.stderr
    done = run(project, "macros.tools.scaffold", "parks", str(NEXT))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"there is no portfolio 'parks' in data/portfolios.yaml; the portfolios are: {ids}" in done.stderr
    assert snapshot(project) == before


def test_a_title_with_characters_yaml_reads_specially_is_kept_exactly(project):
    title = "Adults, Housing & Health: Children's Services (2019) - yes!"
    assert (
        run(project, "macros.tools.new_portfolio", "adults", title, "housing:Housing: Homes, Lettings").returncode == 0
    )
    assert load(project / "data/portfolios.yaml")["portfolios"][-1]["title"] == title
    assert load(project / "data/services.yaml")["services"][-1] == {"id": "housing", "name": "Housing: Homes, Lettings"}
    assert section(menu(project), title) == ["reports/adults/index.md"]
    assert (project / "docs/reports/adults/index.md").read_text(encoding="utf-8").splitlines()[0] == f"# {title}"


# --- what the editor typed, refused ----------------------------------------------------------------------------

REFUSED = [
    (["central-services", "Another", "x:X"], "there is already a portfolio 'central-services' in data/portfolios.yaml"),
    (["Environment", TITLE, SERVICES_ARG], "the portfolio's id (PORTFOLIO) 'Environment' is not an id"),
    (["environment_2", TITLE, SERVICES_ARG], "'environment_2' is not an id"),
    (["2019", TITLE, SERVICES_ARG], "'2019' is only digits, which would be read as a report's year"),
    (["index", TITLE, SERVICES_ARG], "cannot be 'index': its page would be reports/index.md"),
    (["con", TITLE, SERVICES_ARG], "cannot be 'con': Windows cannot make a file with that name"),
    (["", TITLE, SERVICES_ARG], "the portfolio's id (PORTFOLIO) is missing"),
    ([OTHER, "", SERVICES_ARG], "the portfolio's title (TITLE) is missing"),
    ([OTHER, "   ", SERVICES_ARG], "the portfolio's title (TITLE) is missing"),
    ([OTHER, "Environment {{ config }}", SERVICES_ARG], "holds '{': it is shown as the title of pages"),
    ([OTHER, "Environment {% raw %}", SERVICES_ARG], "holds '{'"),
    ([OTHER, "<script>alert(1)</script>", SERVICES_ARG], "holds '<'"),
    ([OTHER, "Environment [and](https://example.org) Highways", SERVICES_ARG], "holds '['"),
    ([OTHER, "Environment *and* Highways", SERVICES_ARG], "holds '*'"),
    ([OTHER, "Environment &amp; Highways", SERVICES_ARG], "holds ';'"),
    ([OTHER, "Environment\nHighways", SERVICES_ARG], "holds '\\n'"),
    ([OTHER, "Environment\u202eHighways", SERVICES_ARG], "holds '\\u202e'"),
    ([OTHER, "---", SERVICES_ARG], "has no letters"),
    ([OTHER, "E" * 151, SERVICES_ARG], "is 151 characters long; keep it to 150"),
    ([OTHER, "central services / hr, od & transformation", SERVICES_ARG], "there is already a portfolio titled"),
    ([OTHER, TITLE, ""], "name the portfolio's services (it holds at least one) as id:name"),
    ([OTHER, TITLE], "name the portfolio's services (it holds at least one) as id:name"),
    ([OTHER, TITLE, "Waste and Recycling"], "SERVICES: 'Waste and Recycling' should be written id:name"),
    ([OTHER, TITLE, "hr-od:HR"], "SERVICES: there is already a service 'hr-od' in data/services.yaml (held by"),
    ([OTHER, TITLE, "waste:Waste,waste:Again"], "SERVICES: 'waste' is named twice"),
    ([OTHER, TITLE, "index:Index"], "SERVICES: a service's id cannot be 'index': its page would be topics/index.md"),
    ([OTHER, TITLE, "waste:<b>Waste</b>"], "SERVICES: the name of the service 'waste' '<b>Waste</b>' holds '<'"),
    ([OTHER, TITLE, "waste:"], "SERVICES: the name of the service 'waste' is missing"),
]


@pytest.mark.parametrize("argv, said", REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_a_mistake_in_what_the_editor_typed_is_refused_with_a_message_and_changes_nothing(
    project, monkeypatch, capsys, argv, said
):
    before = snapshot(project)
    monkeypatch.chdir(project)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("Nothing was changed: ")
    assert said in err
    assert snapshot(project) == before


@pytest.mark.parametrize("argv", [[], [OTHER], [OTHER, TITLE, SERVICES_ARG, "more"]])
def test_the_wrong_number_of_words_is_answered_with_an_example(monkeypatch, capsys, tmp_path, argv):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert (
        'for example: make portfolio PORTFOLIO=environment TITLE="Environment and Highways"' in capsys.readouterr().err
    )
    assert not list(tmp_path.iterdir())


def test_a_data_file_whose_list_is_not_at_its_end_is_left_for_the_editor_and_nothing_is_changed(
    project, monkeypatch, capsys
):
    """The new entries go at the end of the file, so a list written otherwise (here in brackets) is not guessed at."""
    services = project / "data/services.yaml"
    services.write_text(yaml.safe_dump(load(services), default_flow_style=True, width=1000), encoding="utf-8")
    before = snapshot(project)
    monkeypatch.chdir(project)
    assert main([OTHER, TITLE, SERVICES_ARG]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed: data/services.yaml does not end with its list of services" in err
    assert "Traceback" not in err and snapshot(project) == before


def test_a_write_that_fails_midway_puts_every_file_back_and_removes_the_folders_it_made(project, monkeypatch, capsys):
    """The fourth write fails (a topic page), after the portfolio's page was written in a folder of its own."""
    before = snapshot(project)
    real_write_text, written = Path.write_text, []

    def write_text(self, text, *args, **kwargs):
        written.append(self)
        if len(written) == 4:
            real_write_text(self, text[: len(text) // 2], *args, **kwargs)  # a full disk leaves half a file
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_text(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.chdir(project)
    assert main([OTHER, TITLE, SERVICES_ARG]) == 1
    failed = written[-1].relative_to(project).as_posix()
    assert "Nothing was changed: could not write " + failed + " (No space left on device)" in capsys.readouterr().err
    assert (project / "data/portfolios.yaml") in written and (project / f"docs/reports/{OTHER}/index.md") in written
    assert snapshot(project) == before


# --- the Makefile's target ---------------------------------------------------------------------------------------


def make_portfolio(project: Path, **words: str) -> subprocess.CompletedProcess:
    """`make portfolio ...` in the copy, with the project's own Makefile and virtualenv."""
    venv = Path(sys.executable).parent.parent  # the virtualenv running the tests, wherever the copy is
    return subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "-o", f"{venv}/.installed", f"VENV={venv}", "portfolio"]
        + [f"{name}={value}" for name, value in words.items()],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_portfolio_passes_the_words_as_typed_never_to_the_shell(project):
    before = snapshot(project)
    # make turns $$ into $, so the shell would run both commands if the recipe gave it the title to read.
    done = make_portfolio(project, PORTFOLIO=OTHER, TITLE="Roads $$(touch pwned) `touch pwned`", SERVICES=SERVICES_ARG)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "Nothing was changed: the portfolio's title (TITLE) 'Roads $(touch pwned) `touch pwned`' holds '$'" in (
        done.stderr
    )
    assert snapshot(project) == before and not (project / "pwned").exists()
    done = make_portfolio(project, PORTFOLIO=OTHER, TITLE=TITLE, SERVICES=SERVICES_ARG)
    assert done.returncode == 0, done.stderr
    assert load(project / "data/portfolios.yaml")["portfolios"][-1]["title"] == TITLE
