"""Attacks on the edge of the build: what mkdocs-macros renders besides the page the page rules read, what a
macro's fault shows, and the cache in the git directory. Each is refused with the page's file and line, or
leaves no trace in what is published."""

from __future__ import annotations

import pytest
from helpers import copy_project, mkdocs_build
from jinja2 import Environment, nodes

from macros.base.errors import DataError, DataErrors
from macros.edge.adapter import _data_mistake_page
from macros.read.page_rules import page_problems
from macros.render.calls import MACROS

NAMES = [function.__name__ for function in MACROS]
JINJA = Environment()

# --- the title mkdocs-macros renders on its own --------------------------------------------------------------

TITLES = {  # the page, and the line of its title
    "a comment left open, closed on the next line": ("# Topics {# a note\n#}\n\nText.\n", 1),
    "a macro's output as the title": ("# Topics {{ report_list() }}\n\nText.\n", 1),
    "a raw block around the title": ("\n  # {% raw %}{{ cycler }}{% endraw %}\n\nText.\n", 2),
}


@pytest.mark.parametrize("name", TITLES)
def test_template_markers_in_the_heading_taken_for_the_title_are_refused_on_its_line(name):
    """mkdocs-macros renders a title holding {{, {% or {# again, alone, where no page rule reads it."""
    page, line = TITLES[name]
    problems = page_problems(page, JINJA, NAMES)
    assert [problem.line for problem in problems if "title (its first heading)" in problem.message] == [line], problems


def test_markers_in_a_later_heading_are_the_page_s_and_pass():
    assert page_problems("# Topics\n\n## Figures\n\n{{ report_list() }}\n", JINJA, NAMES) == []


@pytest.mark.slow
def test_a_title_with_a_comment_left_open_is_reported_not_a_stopped_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "topics" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("# Topics\n", "# Topics {# a note\n#}\n", 1), encoding="utf-8")
    built = mkdocs_build(project, tmp_path / "site", env={"SITE_CACHE": "off"})
    assert built.returncode == 1, built.output
    assert "docs/topics/index.md, line 1: the page's title (its first heading) may not hold" in built.output
    assert "Macro Syntax Error" not in built.output


# --- the page shown while data/ has a mistake (make serve) --------------------------------------------------


def test_the_page_shown_while_the_data_has_a_mistake_runs_no_template_code_from_the_page():
    """While serving with a mistake in data/, each page becomes its title and the mistakes, which mkdocs-macros
    renders: a heading the page holds in {% raw %} (text to the page rules) must stay text."""
    page = 'Intro.\n\n{% raw %}\n# {{ cycler.__init__.__globals__.os.popen("id").read() }}\n{% endraw %}\n'
    assert page_problems(page, JINJA, NAMES) == []  # the page itself is allowed
    errors = DataErrors([DataError("data/services.yaml", "this is not valid YAML", line=24)])
    shown = _data_mistake_page(page, errors)
    assert "{{" not in shown and "{%" not in shown, shown
    assert JINJA.parse(shown).find(nodes.Getattr) is None
