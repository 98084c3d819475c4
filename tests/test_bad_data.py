"""A mistake in data/ stops everything with a message naming file, line and field."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.errors import DataErrors
from macros.project import load_site

from conftest import ROOT, mkdocs_build


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors_for(data: Path) -> list:
    with pytest.raises(DataErrors) as caught:
        load_site(data)
    return caught.value.errors


def line_number(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


CASES = [
    # (file, old text, new text, words the message must contain, field path)
    ("reports/2017.yaml", "value: 97.68}", "value: 97,68}", ["unknown field 68", "write decimals with a point"], "results[18]"),
    ("reports/2017.yaml", "performance: Achieved, direction: Worse", "performance: Achived, direction: Worse",
     ["Achived", "Achieved, Failed, n/a"], "results[23].performance"),
    ("reports/2017.yaml", "value: 97, target: 85, performance: Achieved, direction: In line}",
     "value: 97, target: 85, performance: Achieved, direction: in line}",
     ["'in line'", "In line"], "results[19].direction"),
    ("kpis.yaml", "    unit: duration\n", "    unit: minutes\n", ["'minutes'", "count, percent, gbp, days, duration"], "kpis[11].unit"),
    ("kpis.yaml", "  - id: staff-turnover\n    title:", "  - id: staff-turnover\n    titel:", ["unknown field titel", "title"], "kpis[6]"),
    ("kpis.yaml", "    polarity: neither\n  - id: myaccount", "  - id: myaccount", ["polarity", "missing"], "kpis[6]"),
    ("reports/2018.yaml", "{area: HROD, budget: 2104108, forecast: 2104108, variance: 0}",
     "{area: HROD, budget: 2104108, forecast: 2104108, variance: 10}", ["variance is 10", "forecast minus budget is 0"],
     "budget_tables[1].lines[0].variance"),
    ("reports/2018.yaml", "total: {budget: 3110356,", "total: {budget: 3110365,", ["total budget is 3110365", "add up to 3110356"],
     "budget_tables[6].total.budget"),
    ("reports/2017.yaml", "      - kpi: careline-calls\n", "      - kpi: careline-call\n", ["no KPI 'careline-call'", "careline-calls"],
     "kpi_tables[5].rows[6].kpi"),
    ("kpis.yaml", "    service: information-team\n    unit: percent\n    polarity: lower-is-better",
     "    service: information-teem\n    unit: percent\n    polarity: lower-is-better", ["no service 'information-teem'"], "kpis[16].service"),
    ("reports/2017.yaml", '{kpi: careline-calls, period: "2016/17", value: 162000}',
     '{kpi: careline-calls, period: "2016/17"}', ["target"], "results[28]"),
    ("reports/2017.yaml", '{kpi: careline-calls, period: "2016/17", value: 162000}',
     '{kpi: careline-calls, period: "2061/17", value: 162000}', ["no period '2061/17'"], "results[28].period"),
    ("reports/2017.yaml", 'value: "8:07"', "value: 487", ["not a duration", '"6:53"'], "results[23].value"),
    ("periods.yaml", '  - id: "2018/19"\n', '  - id: "2018 latest"\n', ["used twice"], "periods[5].id"),
]


@pytest.mark.parametrize("file, old, new, words, field", CASES, ids=[case[4] + ":" + case[2][:20] for case in CASES])
def test_bad_value_is_reported_with_file_line_and_field(tmp_path, file, old, new, words, field):
    data = copy_data(tmp_path)
    edit(data / file, old, new)
    errors = errors_for(data)
    matching = [error for error in errors if error.field == field]
    assert matching, f"no error for {field}: {[str(e) for e in errors]}"
    assert all(error.file == f"data/{file}" and error.line is not None for error in matching)
    message = " ".join(str(error) for error in matching)
    for word in words:
        assert word in message


def test_error_line_points_at_the_mistake(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "reports/2017.yaml", "performance: Achieved, direction: Worse", "performance: Achived, direction: Worse")
    (error,) = errors_for(data)
    assert error.line == line_number(data / "reports/2017.yaml", "Achived")


def test_table_column_without_its_result_is_an_error(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "reports/2017.yaml", '  - {kpi: careline-calls, period: "2016/17", value: 162000}\n', "")
    messages = [str(e) for e in errors_for(data)]
    assert any("'2016/17 Outturn' column" in m and "careline-calls" in m for m in messages), messages


def test_every_error_is_reported_in_one_run(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "reports/2017.yaml", "performance: Achieved, direction: Worse", "performance: Achived, direction: Worse")
    edit(data / "kpis.yaml", "  - id: staff-turnover\n    title:", "  - id: staff-turnover\n    titel:")
    files = {error.file for error in errors_for(data)}
    assert files == {"data/reports/2017.yaml", "data/kpis.yaml"}


def build_after_edits(tmp_path: Path, *edits: tuple[str, str, str]):
    """Build a copy of the project after changing it as an editor might."""
    project = tmp_path / "project"
    for name in ("docs", "data", "macros", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project)
    for file, old, new in edits:
        edit(project / file, old, new)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    return build


def test_build_stops_on_bad_data_without_a_traceback(tmp_path):
    build = build_after_edits(tmp_path, ("data/reports/2018.yaml", "total: {budget: 3110356,", "total: {budget: 3110365,"))
    assert "data/reports/2018.yaml, line" in build.output
    assert "budget_tables[6].total.budget" in build.output
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "index.html").exists()


def test_build_stops_on_a_macro_naming_an_unknown_table(tmp_path):
    build = build_after_edits(
        tmp_path,
        ("docs/reports/2018/hr-od.md", 'kpi_table("hr-od", report=2018)', 'kpi_table("hr-0d", report=2018)'),
        ("docs/reports/2018/communications.md", 'year="2018/19"', 'year="2019/20"'))
    assert "Traceback" not in build.output
    assert 'reports/2018/hr-od.md: kpi_table("hr-0d", report=2018): report 2018 has no KPI table "hr-0d"' in build.output
    assert "its KPI tables are: improvement-service, hr-od" in build.output
    assert "reports/2018/communications.md" in build.output  # every bad call, not only the first


def test_build_stops_on_a_macro_with_a_missing_argument(tmp_path):
    build = build_after_edits(
        tmp_path, ("docs/reports/2018/hr-od.md", 'kpi_table("hr-od", report=2018)', 'kpi_table("hr-od")'))
    assert "Traceback" not in build.output
    assert "missing a required argument: 'report'" in build.output


def test_build_stops_on_an_undefined_name(tmp_path):
    build = build_after_edits(
        tmp_path, ("docs/reports/2018/hr-od.md", 'kpi_table("hr-od", report=2018)', 'kpi_tabel("hr-od", report=2018)'))
    assert "kpi_tabel" in build.output
