"""No text from data/ or docs/ can drive the GitHub Actions log: whatever a value or a page's file name
holds, every line the check and the build print is read by the runner as text, and the only commands
are the check's own annotations, each marking a real file.

The runner's rules, as GitHub documents them and the runner applies them (actions/runner,
ActionCommand.cs): a line whose text, after leading spaces, starts with `::` is a command
`::name key=value,key=value::data`; `##[` anywhere in a line starts an older-style command; properties
and data are unescaped (%25 %, %0D CR, %0A LF, and in properties %3A : and %2C ,)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, copy_project, mkdocs_build

from macros.base.errors import DataError, DataErrors
from macros.base.log_text import log_line
from macros.tools.check import annotation

FORGED = (
    "\n::stop-commands::tok\n  ::error file=macros/evil.py,line=7::forged\r::warning::x ##[set-output name=a;]b"
    "\n\u00a0::warning title=a::nbsp\n\u3000::error::wide"
)


def _unescape(text: str, property_value: bool = False) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if property_value else [])
    for code, char in [*pairs, ("%25", "%")]:
        text = text.replace(code, char)
    return text


def commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """The commands the runner would read in output: (name, properties, data); ("##[", {}, line) for the old kind."""
    found = []
    for line in re.split(r"\r\n|\r|\n", output):
        text = line.lstrip()
        end = text.find("::", 2)
        if text.startswith("::") and end > 0:
            name, _, listed = text[2:end].partition(" ")
            listed = dict(item.split("=", 1) for item in listed.split(",") if "=" in item)
            properties = {key: _unescape(value, True) for key, value in listed.items()}
            found.append((name, properties, _unescape(text[end + 2 :])))
        elif "##[" in line:  # tried only where the line is not a command of the newer kind
            found.append(("##[", {}, line))
    return found


def test_commands_finds_what_the_runner_would_run():
    """The test's own reading of the rules, on lines the runner does run (it trims every kind of space)."""
    assert commands("\u00a0::warning::x") == [("warning", {}, "x")] == commands("\u3000 \t::warning::x")
    assert commands("  ::stop-commands::tok") == [("stop-commands", {}, "tok")]
    assert commands("a\r::error file=a%2Cb.py,line=3::x%0Ay") == [("error", {"file": "a,b.py", "line": "3"}, "x\ny")]
    assert [name for name, _, _ in commands("text ##[set-output name=a;]b")] == ["##["]


def test_a_logged_line_with_a_forged_command_is_text():
    assert commands(log_line(FORGED)) == []
    assert commands(log_line("The data has 1 error:\n  - " + FORGED)) == []
    assert "stop-commands" in log_line(FORGED) and "\\r" in log_line(FORGED)  # shown, escaped


def test_an_error_is_one_line_whatever_its_file_field_and_message_hold():
    error = DataError(f"data/kpis.yaml{FORGED}", f"unit{FORGED}", field=f"title{FORGED}", line=4)
    assert len(str(error).splitlines()) == 1 and "\u202e" not in str(DataError("f", "a\u202eb"))
    assert commands(log_line(DataErrors([error]).summary())) == []


def test_an_annotation_marks_only_its_own_file_and_line_and_says_the_whole_message():
    error = DataError(
        "docs/a,line=99\n::stop-commands::tok%0A.md", f"broken{FORGED} 100%", field="results[2].value", line=12
    )
    [(name, properties, data)] = commands(annotation(error))
    assert (name, properties) == ("error", {"file": error.file, "line": "12"})
    assert data == f"results[2].value: {error.message}"  # every character of it, line breaks included


def _hostile_data(project: Path) -> None:
    """A KPI's unit carries forged commands (a mistake the check finds in data/)."""
    kpis = project / "data" / "kpis.yaml"
    text = kpis.read_text(encoding="utf-8")
    quoted = FORGED.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace('"', '\\"')
    kpis.write_text(re.sub(r"(?m)^(\s*unit:) .*$", rf'\1 "{quoted}"', text, count=1), encoding="utf-8")


def _hostile_page(project: Path) -> None:
    """A page whose file name carries forged commands, with a broken link (a mistake found by building)."""
    page = project / "docs" / f"notes{FORGED.replace('/', '-')}.md"
    page.write_text("# Notes\n\nSee [the missing page](missing.md).\n", encoding="utf-8")


HOSTILE = {"a value in data/": _hostile_data, "a page's file name": _hostile_page}


def _hostile_project(tmp_path: Path, where: str) -> Path:
    project = copy_project(tmp_path / "project")
    HOSTILE[where](project)
    return project


def _only_real_annotations(output: str, project: Path) -> None:
    for name, properties, data in commands(output):
        assert name == "error" and set(properties) <= {"file", "line", "col"}, (name, properties, data)
        assert "file" not in properties or (project / properties["file"]).exists(), properties


@pytest.mark.slow
@pytest.mark.parametrize("where", HOSTILE)
def test_no_line_of_the_check_is_a_command_but_its_annotations(tmp_path, where):
    project = _hostile_project(tmp_path, where)
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "macros.tools.check", str(project / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    _only_real_annotations(done.stdout + done.stderr, project)
    assert "stop-commands" in done.stderr  # the value is shown, as text


@pytest.mark.slow
@pytest.mark.parametrize("where", HOSTILE)
def test_no_line_of_the_strict_build_is_a_command(tmp_path, where):
    project = _hostile_project(tmp_path, where)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.output, build.output
    assert commands(build.output) == [], build.output
