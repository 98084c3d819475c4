"""Attacks on the edge of the build: what mkdocs-macros renders besides the page the page rules read, what a
macro's fault shows, and the cache in the git directory. Each is refused with the page's file and line, or
leaves no trace in what is published."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from helpers import copy_project, mkdocs_build
from jinja2 import Environment, nodes

from macros.base.errors import DataError, DataErrors
from macros.edge import guard
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


# --- macro calls nested deeper than Jinja's parser can read ---------------------------------------------------

DEEP = {
    "lists in lists": "{{ kpi_table(" + "[" * 5000 + "1" + "]" * 5000 + ") }}",
    "lists in lists, not closed": "{{ kpi_table(" + "[" * 5000,
    "just too deep for the stack": "{{ kpi_table(" + "[" * 100 + "1" + "]" * 100 + ") }}",
    "brackets": "{{ kpi_table(" + "(" * 3000 + "1" + ")" * 3000 + ") }}",
    "dicts": "{{ kpi_table(" + '{"a": ' * 3000 + "1" + "}" * 3000 + ") }}",
    "signs": "{{ kpi_table(" + "- " * 3000 + "1) }}",
    "nots": "{{ kpi_table(" + "not " * 3000 + "1) }}",
    "conditions": "{{ kpi_table(" + "1 if 1 else " * 3000 + "1) }}",
    "a statement": "{% if " + "(" * 3000 + "1" + ")" * 3000 + " %}{% endif %}",
    "calls of calls": "{{ x" + "()" * 5000 + " }}",
}


@pytest.mark.parametrize("name", DEEP)
def test_a_call_nested_deeper_than_jinja_can_read_is_refused_on_its_line_not_a_traceback(name):
    problems = page_problems(f"# Budgets\n\n{DEEP[name]}\n\nText.\n", JINJA, NAMES)
    assert problems and {problem.line for problem in problems} == {3}, problems


def test_literal_arguments_a_few_levels_deep_and_long_lists_pass():
    many = ", ".join(["-1"] * 5000)
    page = f'# Budgets\n\n{{{{ kpi_table(["a", ["b", {{"c": -1}}]], report=-1) }}}} {{{{ kpi_table([{many}]) }}}}\n'
    assert page_problems(page, JINJA, NAMES) == []


def test_a_page_the_rules_cannot_read_is_refused_and_logged_not_a_traceback(monkeypatch, caplog):
    """The net under the rules: whatever reading a page raises, the page is refused with its file named."""

    def cannot_read(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(guard, "page_problems", cannot_read)
    file = SimpleNamespace(src_uri="about.md", name="about", content_string="# About\n\n{{ x }}\n")
    env = SimpleNamespace(page=SimpleNamespace(file=file, title=None), markdown=file.content_string, env=JINJA, conf={})
    monkeypatch.setattr(guard, "markdown_settings", lambda conf: None)
    with caplog.at_level(logging.ERROR):
        assert guard.refuse_unsafe_page(env) is True
    assert "{{" not in env.markdown and "could not be checked" in env.markdown
    assert any("docs/about.md" in record.getMessage() for record in caplog.records)


def test_a_comment_left_open_on_a_page_without_other_template_code_is_refused_on_its_line():
    """Jinja cannot parse it: mkdocs-macros stopped the build (and make serve) with its own message."""
    [problem] = page_problems("# Budgets\n\nText {# a note to self\n\nMore text.\n", JINJA, NAMES)
    assert problem.line == 3 and "Missing end of comment tag" in problem.message, problem


def test_the_page_shown_while_the_data_has_a_mistake_keeps_the_title_as_written():
    """The KPI page kept while the data has a mistake is its title, already written as Markdown text."""
    errors = DataErrors([DataError("data/services.yaml", "this is not valid YAML", line=24)])
    shown = _data_mistake_page("# Staff&#39;s sickness \\(days\\)\n", errors)
    assert shown.startswith("# Staff&#39;s sickness \\(days\\)\n"), shown


# --- calls Jinja reads but Python cannot compile ---------------------------------------------------------------

UNCOMPILABLE = {
    "a keyword given twice": '{{ kpi_table("hr-od", report=2018, report=2019) }}',
    "a number too large to be one": '{{ kpi_table("hr-od", report=1e400) }}',
    "a negative one": '{{ kpi_table("hr-od", report=-1e400) }}',
    "one in a list": '{{ kpi_table(["hr-od", 1e999]) }}',
}


@pytest.mark.parametrize("name", UNCOMPILABLE)
def test_a_call_jinja_reads_but_cannot_compile_is_refused_on_its_line_not_a_traceback(name):
    """Jinja parses these; compiling them raised SyntaxError or NameError, a traceback in make check and in the
    build (mkdocs-macros compiles the page after the rules passed it)."""
    problems = page_problems(f"# Budgets\n\n{UNCOMPILABLE[name]}\n", JINJA, NAMES)
    assert [problem.line for problem in problems] == [3], problems


# --- a file's name in docs/ -----------------------------------------------------------------------------------

DUNDER = '"\\x5f\\x5f{}\\x5f\\x5f"'  # no "_", which MkDocs makes a space in a title from a name
CODE_IN_A_NAME = (
    f'{{{{ (cycler|attr({DUNDER.format("init")})|attr({DUNDER.format("globals")}))["os"].popen("touch RAN").read() }}}}'
)


@pytest.mark.parametrize("where", ["a page", "a folder", "a comment"])
def test_a_file_whose_name_holds_template_markers_is_left_out_by_name(tmp_path, caplog, where):
    """A page without a heading takes its title from its file's (or folder's) name, and mkdocs-macros renders a
    title holding {{ as a template: the name ran as code on the computer building the site."""
    from mkdocs.structure.files import File, Files

    from macros.edge.files import refuse_other_files

    docs = tmp_path / "docs"
    name = {"a page": f"{CODE_IN_A_NAME}.md", "a folder": f"{CODE_IN_A_NAME}/index.md", "a comment": "a {# b.md"}[where]
    (docs / name).parent.mkdir(parents=True)
    (docs / name).write_text("Text without a heading.\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    files = Files([File(path, str(docs), str(tmp_path / "site"), True) for path in (name, "about.md")])
    with caplog.at_level(logging.ERROR):
        kept = refuse_other_files(files, {"docs_dir": str(docs)})
    assert [file.src_uri for file in kept] == ["about.md"]
    assert any(f"docs/{name}" in record.getMessage() for record in caplog.records)


@pytest.mark.slow
def test_a_page_named_with_template_code_runs_nothing_and_stops_the_strict_build_by_name(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / f"{CODE_IN_A_NAME}.md").write_text("Text without a heading.\n", encoding="utf-8")
    built = mkdocs_build(project, tmp_path / "site", env={"SITE_CACHE": "off"})
    assert not (project / "RAN").exists()
    assert built.returncode == 1 and "may not hold {{, {% or {#" in built.output, built.output


# --- Markdown nested deeper than Python-Markdown can read ------------------------------------------------------

DEEP_MARKDOWN = {
    "emphasis": "*" * 20000 + "x" + "*" * 20000 + "\n",
    "lists": "".join("  " * level + "- a\n" for level in range(600)),
    "details": '<details markdown="1">\n' * 500 + "x\n" + "</details>\n" * 500,
}


@pytest.mark.slow  # Python-Markdown takes seconds over each
@pytest.mark.parametrize("name", DEEP_MARKDOWN)
def test_markdown_nested_deeper_than_it_can_be_read_is_a_problem_not_a_traceback(name):
    """make check read these with a RecursionError's traceback (the build's guard refuses any page it cannot read)."""
    problems = page_problems(f"# Budgets\n\n{DEEP_MARKDOWN[name]}", JINJA, NAMES)
    assert problems and "too deep" in problems[0].message, problems
