"""A portfolio's next report starts from its last one's structure, and the check lists what is left. (A new
portfolio and its first report: tests/test_new_portfolio.py.)"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import LATEST, NEXT, PORTFOLIO, ROOT, copy_project, financial_year, report_file, report_years
from mkdocs.utils import yaml_load

from macros.tools.scaffold import main, page_skeleton, plan, shift_years


@pytest.mark.parametrize(
    "text, shifted",
    [
        ("2017/18 Outturn", "2018/19 Outturn"),
        ("2018 latest", "2019 latest"),
        ("Financial information – 2018/19", "Financial information – 2019/20"),
        ('kpi_table("hr-od", report=2018)', 'kpi_table("hr-od", report=2019)'),
        ("2099/00", "2100/01"),
        ("Qtr 1 YTD", "Qtr 1 YTD"),
    ],
)
def test_years_move_on_by_one(text, shifted):
    assert shift_years(text) == shifted


def test_page_skeleton_keeps_headings_and_macros_and_drops_the_old_text():
    page = (
        "# HR OD\n\n*From the Portfolio Holder report 2018.*\n\n## Performance\n\nOld words.\n\n"
        '{{ kpi_table("hr-od", report=2018) }}\n'
    )
    skeleton = page_skeleton(page, 2019)
    assert "Old words" not in skeleton
    assert '{{ kpi_table("hr-od", report=2019) }}' in skeleton
    assert "## Performance\n\nTODO: write this from the 2019 report." in skeleton
    assert "*From the Portfolio Holder report 2019.*" in skeleton


@pytest.fixture
def project(tmp_path) -> Path:
    copy_project(tmp_path)
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, timeout=60)


def scaffold(project: Path, year: int) -> subprocess.CompletedProcess:
    """`make scaffold PORTFOLIO=central-services YEAR=<year>`, as the guide says."""
    return run(project, "macros.tools.scaffold", PORTFOLIO, str(year))


PAGES = f"docs/reports/{PORTFOLIO}"  # the portfolio's report pages, a folder per year


def test_scaffold_creates_next_years_files_which_check_reports_as_incomplete(project):
    done = scaffold(project, NEXT)
    assert done.returncode == 0, done.stderr
    assert f"Started the {NEXT} report of {PORTFOLIO}. Created or changed:" in done.stdout
    report = yaml.safe_load(report_file(NEXT, project / "data").read_text(encoding="utf-8"))
    last = yaml.safe_load(report_file(LATEST).read_text(encoding="utf-8"))
    assert report["portfolio"] == last["portfolio"] == PORTFOLIO and report["id"] == NEXT
    assert [t["id"] for t in report["kpi_tables"]] == [t["id"] for t in last["kpi_tables"]]
    assert [t["year"] for t in report["budget_tables"]] == [financial_year(NEXT)] * len(last["budget_tables"])
    assert all(result.get("value", None) is None for result in report["results"])
    assert sorted(p.name for p in (project / PAGES / str(NEXT)).glob("*.md")) == sorted(
        p.name for p in (ROOT / PAGES / str(LATEST)).glob("*.md")
    )
    sections = [entry for entry in portfolio_nav(project) if isinstance(entry, dict)]
    assert [list(entry) for entry in sections[:2]] == [[f"Report {NEXT}"], [f"Report {LATEST}"]]

    check = run(project, "macros.tools.check")
    output = check.stdout + check.stderr
    assert check.returncode == 1
    assert "Traceback" not in output
    assert f"data/reports/{PORTFOLIO}/{NEXT}.yaml, line" in output and "results[0].value: this is still empty" in output
    assert f"{PAGES}/{NEXT}/hr-od.md, line" in output and "still says TODO" in output
    assert f"data/reports/{PORTFOLIO}/{LATEST}.yaml" not in output  # last year's data is untouched and sound


def test_with_one_portfolio_the_scaffold_needs_only_the_year_and_with_several_it_asks_whose(project):
    portfolios = [p["id"] for p in yaml.safe_load((project / "data/portfolios.yaml").read_text("utf-8"))["portfolios"]]
    done = run(project, "macros.tools.scaffold", str(NEXT))  # make scaffold YEAR=2019
    if len(portfolios) == 1:
        assert done.returncode == 0, done.stderr
        assert report_file(NEXT, project / "data").exists() and (project / PAGES / str(NEXT) / "index.md").exists()
    else:  # a council of several: whose report it is must be said (a copy with a second portfolio, as CI makes)
        assert done.returncode == 1 and f"has {len(portfolios)} portfolios" in done.stderr
        assert ", ".join(portfolios) in done.stderr and not report_file(NEXT, project / "data").exists()


def test_scaffold_refuses_to_overwrite_a_report(project):
    done = scaffold(project, LATEST)
    assert done.returncode == 1
    assert "already exists" in done.stderr and "nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr


def test_starting_the_same_report_twice_says_it_is_started_though_it_is_not_filled_in_yet(project):
    assert scaffold(project, NEXT).returncode == 0
    before = snapshot(project)
    done = scaffold(project, NEXT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Nothing was created: the {NEXT} report of {PORTFOLIO} already exists" in done.stderr
    assert snapshot(project) == before


def test_scaffold_needs_last_years_report(project):
    done = scaffold(project, NEXT + 1)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"there is no {NEXT} report of {PORTFOLIO} (data/reports/{PORTFOLIO}/{NEXT}.yaml)" in done.stderr


def test_an_unknown_portfolio_is_refused_naming_the_portfolios(project):
    before = snapshot(project)
    done = run(project, "macros.tools.scaffold", "central", str(NEXT))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        f"Nothing was created: there is no portfolio 'central' in data/portfolios.yaml; the portfolios are: {PORTFOLIO}"
        in (done.stderr)
    )
    assert snapshot(project) == before


@pytest.mark.parametrize("argv", [[], [PORTFOLIO, str(NEXT), "more"]])
def test_the_wrong_number_of_words_is_answered_with_an_example(argv, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    said = capsys.readouterr().err
    assert "for example: make scaffold PORTFOLIO=central-services YEAR=2019" in said and "Traceback" not in said
    assert not list(tmp_path.iterdir())


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under root, to prove nothing changed."""
    return {
        p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in root.rglob("*")
        if "__pycache__" not in p.parts
    }


def portfolio_nav(project: Path) -> list:
    """The entries of the portfolio's section of the menu, under Reports: its page, then a section per report."""
    nav = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    reports = next(entry["Reports"] for entry in nav if isinstance(entry, dict) and "Reports" in entry)
    page = f"reports/{PORTFOLIO}/index.md"
    return next(
        entries
        for entry in reports
        if isinstance(entry, dict)
        for entries in entry.values()
        if isinstance(entries, list) and page in entries
    )


@pytest.mark.parametrize("failing_write", [1, 2, 3, 4, "last"])
def test_a_write_that_fails_midway_puts_every_file_back_and_removes_what_it_made(
    project, monkeypatch, capsys, failing_write
):
    before = snapshot(project)
    failing_write = len(plan(project, NEXT, PORTFOLIO)) if failing_write == "last" else failing_write
    real_write_text, written = Path.write_text, []

    def write_text(self, text, *args, **kwargs):
        written.append(self)
        if len(written) == failing_write:
            real_write_text(self, text[: len(text) // 2], *args, **kwargs)  # a full disk leaves half a file
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_text(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.chdir(project)
    assert main([PORTFOLIO, str(NEXT)]) == 1
    assert len(written) == failing_write  # the failure really happened where this case says
    err = capsys.readouterr().err
    failed = written[-1].relative_to(project).as_posix()
    assert f"Nothing was created: could not write {failed} (No space left on device)" in err
    assert "Traceback" not in err and "by hand" not in err
    assert snapshot(project) == before


def test_a_data_file_it_may_not_write_stops_the_scaffold_with_a_plain_message_and_changes_nothing(
    project, monkeypatch, capsys
):
    """As for a read-only file (simulated: the tests run as root, who may write to one)."""
    real_write_text = Path.write_text

    def write_text(self, text, *args, **kwargs):
        if self.name == "periods.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_write_text(self, text, *args, **kwargs)

    before = snapshot(project)
    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.chdir(project)
    assert main([PORTFOLIO, str(NEXT)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was created: could not write data/periods.yaml (Permission denied)" in err
    assert "Traceback" not in err
    assert snapshot(project) == before


@pytest.mark.parametrize("quoted", [f'"Report {LATEST}"', f"'Report {LATEST}'"])
def test_a_quoted_nav_entry_for_last_years_report_is_found(project, quoted):
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8").replace(f"- Report {LATEST}:", f"- {quoted}:"), encoding="utf-8"
    )
    done = scaffold(project, NEXT)
    assert done.returncode == 0, done.stderr
    assert f"- {quoted.replace(str(LATEST), str(NEXT))}:" in mkdocs_yml.read_text(encoding="utf-8")
    sections = [entry for entry in portfolio_nav(project) if isinstance(entry, dict)]
    assert list(sections[0]) == [f"Report {NEXT}"] and list(sections[1]) == [f"Report {LATEST}"]
    assert sections[0][f"Report {NEXT}"] == [
        page.replace(f"/{LATEST}/", f"/{NEXT}/") for page in sections[1][f"Report {LATEST}"]
    ]
    assert all(page.startswith(f"reports/{PORTFOLIO}/{NEXT}/") for page in sections[0][f"Report {NEXT}"])


def test_without_last_years_nav_entry_nothing_is_written(project):
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8").replace(f"- Report {LATEST}:", "- Previous report:"), encoding="utf-8"
    )
    before = snapshot(project)
    done = scaffold(project, NEXT)
    assert done.returncode == 1
    assert (
        f"Nothing was created: mkdocs.yml has no '- Report {LATEST}:' section in nav, beside "
        f"'- reports/{PORTFOLIO}/index.md', to copy"
    ) in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert snapshot(project) == before


def test_an_invalid_mkdocs_yml_stops_the_scaffold_before_it_writes_anything(project):
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as file:
        file.write("extra_javascript: [unclosed\n")
    before = snapshot(project)
    done = scaffold(project, NEXT)
    assert done.returncode == 1
    assert "Nothing was created: mkdocs.yml is not valid YAML" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert snapshot(project) == before


def test_new_periods_go_on_lines_of_their_own_when_periods_yaml_lacks_its_final_newline(project):
    periods_yaml = project / "data/periods.yaml"
    periods_yaml.write_text(periods_yaml.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    old = yaml.safe_load(periods_yaml.read_text(encoding="utf-8"))["periods"]
    done = scaffold(project, NEXT)
    assert done.returncode == 0, done.stderr
    periods = yaml.safe_load(periods_yaml.read_text(encoding="utf-8"))["periods"]
    assert [period["id"] for period in periods] == [period["id"] for period in old] + [
        f"{NEXT} latest",
        financial_year(NEXT),
    ]
    assert periods[: len(old)] == old  # the last old entry kept its fields, none was joined onto its line


# --- the whole job: index, row titles, opening sentence; sound data first ---------------------------


@pytest.mark.slow
def test_the_new_report_is_listed_first_on_the_reports_index_and_home_page(project, tmp_path):
    """The lists are made from data/reports, so the new report appears (its "covers" still to fill in
    while previewing) without anyone editing docs/reports/index.md or docs/index.md."""
    year = NEXT
    assert scaffold(project, year).returncode == 0
    env = {**os.environ, "STRICT": "false", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for page, prefix in (("reports/index.html", ""), ("index.html", "reports/")):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        listed = re.findall(
            rf'<li><a href="{prefix}{PORTFOLIO}/(\d{{4}})/">Portfolio Holder report \d{{4}}</a> covers ([^<]*)</li>',
            html,
        )
        assert listed[0] == (str(year), "[to fill in].")
        assert [int(report) for report, _ in listed] == report_years(project / "data")[::-1]


def test_rows_keep_the_title_the_last_report_printed(project):
    year = NEXT
    assert scaffold(project, year).returncode == 0

    def rows(path):
        return [
            (row["kpi"], row.get("title"))
            for table in yaml.safe_load(path.read_text(encoding="utf-8"))["kpi_tables"]
            for row in table["rows"]
        ]

    last = rows(report_file(year - 1))
    assert any(title for _, title in last)
    assert rows(report_file(year, project / "data")) == last


def test_the_report_keeps_its_opening_sentence_with_the_year_moved_on():
    page = (
        "# Portfolio Holder report 2018\n\nThe annual report of the Portfolio Holder, published in 2018. It "
        "covers 2017/18 outturns.\n\n## Introduction\n\nWords.\n"
    )
    skeleton = page_skeleton(page, 2019)
    assert "The annual report of the Portfolio Holder, published in 2019. TODO:" in skeleton
    assert "covers" not in skeleton and "Words." not in skeleton


def test_an_opening_sentence_naming_the_portfolio_with_a_macro_is_kept_and_the_rest_left_to_write():
    """The reports' first pages name their portfolio with portfolio_title(): the sentence is kept with its macro,
    and what the report covers, which only the new report can say, is left to write."""
    page = (ROOT / PAGES / "2018" / "index.md").read_text(encoding="utf-8")  # as the published report has it
    opening = next(line for line in page.splitlines()[1:] if line.strip())
    assert f'{{{{ portfolio_title("{PORTFOLIO}") }}}}' in opening and "published in 2018. It covers" in opening
    skeleton = page_skeleton(page, 2019)  # the next report's, started from it
    kept = opening[: opening.index("published in 2018.")] + "published in 2019. TODO: write this from the"
    assert kept in skeleton and "It covers" not in skeleton


def test_the_scaffold_refuses_unsound_data_and_writes_nothing(project):
    path = report_file(2018, project / "data")  # a published report, which has this figure
    path.write_text(path.read_text(encoding="utf-8").replace("    value: 9.95", "    value: 9,95"), encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    done = scaffold(project, NEXT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "fix the data first" in done.stderr and f"data/reports/{PORTFOLIO}/2018.yaml, line" in done.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_every_page_of_the_new_report_has_a_todo_to_find():
    """A page whose text has no heading of its own (Equality and Diversity) still gets one, so `make check` and
    the preview say it is still to be written."""
    for page in sorted((ROOT / PAGES / str(LATEST)).glob("*.md")):
        assert "TODO: write this from the" in page_skeleton(page.read_text(encoding="utf-8"), NEXT), page.name


@pytest.mark.slow
def test_a_report_section_left_without_text_is_a_check_error(project):
    name = next(page.name for page in sorted((project / PAGES / str(LATEST)).glob("*.md")) if page.stem != "index")
    page = project / PAGES / str(LATEST) / name
    kept = [line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith(("#", "{{", "*From"))]
    page.write_text("\n\n".join(kept) + "\n", encoding="utf-8")
    done = run(project, "macros.tools.check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{PAGES}/{LATEST}/{name}, line 1: the section has headings and tables but no text" in done.stderr
