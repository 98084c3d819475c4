"""Next year's report starts from the last one's structure, and the check lists what is left."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros.scaffold import page_skeleton, shift_years


@pytest.mark.parametrize("text, shifted", [
    ("2017/18 Outturn", "2018/19 Outturn"),
    ("2018 latest", "2019 latest"),
    ("Financial information – 2018/19", "Financial information – 2019/20"),
    ('kpi_table("hr-od", report=2018)', 'kpi_table("hr-od", report=2019)'),
    ("2099/00", "2100/01"),
    ("Qtr 1 YTD", "Qtr 1 YTD"),
])
def test_years_move_on_by_one(text, shifted):
    assert shift_years(text) == shifted


def test_page_skeleton_keeps_headings_and_macros_and_drops_the_old_text():
    page = "# HR OD\n\n*From the Portfolio Holder report 2018.*\n\n## Performance\n\nOld words.\n\n" \
           '{{ kpi_table("hr-od", report=2018) }}\n'
    skeleton = page_skeleton(page, 2019)
    assert "Old words" not in skeleton
    assert '{{ kpi_table("hr-od", report=2019) }}' in skeleton
    assert "## Performance\n\nTODO: write this from the 2019 report." in skeleton
    assert "*From the Portfolio Holder report 2019.*" in skeleton


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("data", "docs", "macros"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, timeout=60)


def test_scaffold_creates_next_years_files_which_check_reports_as_incomplete(project):
    done = run(project, "macros.scaffold", "2019")
    assert done.returncode == 0, done.stderr
    report = yaml.safe_load((project / "data/reports/2019.yaml").read_text(encoding="utf-8"))
    last = yaml.safe_load((ROOT / "data/reports/2018.yaml").read_text(encoding="utf-8"))
    assert [t["id"] for t in report["kpi_tables"]] == [t["id"] for t in last["kpi_tables"]]
    assert [t["year"] for t in report["budget_tables"]] == ["2019/20"] * len(last["budget_tables"])
    assert all(result.get("value", None) is None for result in report["results"])
    assert sorted(p.name for p in (project / "docs/reports/2019").glob("*.md")) == \
        sorted(p.name for p in (ROOT / "docs/reports/2018").glob("*.md"))
    nav = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert "Report 2019" in str(nav)

    check = run(project, "macros.check")
    output = check.stdout + check.stderr
    assert check.returncode == 1
    assert "Traceback" not in output
    assert "data/reports/2019.yaml, line" in output and "results[0].value: this is still empty" in output
    assert "docs/reports/2019/hr-od.md, line" in output and "still says TODO" in output
    assert "data/reports/2018.yaml" not in output  # last year's data is untouched and sound


def test_scaffold_refuses_to_overwrite_a_report(project):
    done = run(project, "macros.scaffold", "2018")
    assert done.returncode == 1
    assert "already exists" in done.stderr and "nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr


def test_scaffold_needs_last_years_report(project):
    done = run(project, "macros.scaffold", "2031")
    assert done.returncode == 1 and "there is no 2030 report" in done.stderr
