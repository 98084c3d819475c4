"""What a page in docs/ may hold: Markdown, the site's macros with literal arguments, a short list of harmless
HTML tags and front matter of plain settings. Everything else is refused with its file and line, by
`python -m macros.tools.check` and the strict build, before anything of it is run or published."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from browser import MISSING, chromium_available, serve
from helpers import ROOT, copy_project
from jinja2 import Environment
from mkdocs.utils.meta import get_data
from test_bad_data import run_check

from macros.read.page_html import markdown_problems, markdown_settings
from macros.read.page_rules import (
    ALLOWED_TAGS,
    content_problems,
    front_matter_problems,
    html_problems,
    page_problems,
    safe_source,
    template_problems,
)
from macros.render.calls import MACROS

NAMES = [function.__name__ for function in MACROS]
JINJA = Environment()  # mkdocs.yml keeps Jinja's own markers, as mkdocs-macros' environment does


def lines(problems) -> list[int | None]:
    return [problem.line for problem in problems]


def billion_laughs(levels: int = 9) -> str:
    """Front matter whose nine lines stand for 9**9 strings once its aliases are expanded."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    rows += [f"{new}: &{new} [{','.join(['*' + old] * 9)}]" for old, new in zip(names, names[1:], strict=False)]
    return "---\n" + "\n".join(rows[:levels]) + "\n---\n"


# --- front matter ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front, says",
    [
        ('title: "<img src=x onerror=alert(1)>"', "title: may not hold < or >"),
        ("title: <b>Budgets</b>", "title: may not hold < or >"),
        ('description: "a\\u2066b"', "description: may not hold invisible or control characters"),
        ("title: |\n  Budgets\n  by service", "title: should be one line of text"),
        ("description: |\n  Two\n  lines", "description: should be one line of text"),
        ("title: \"{{ cycler.__init__.__globals__.os.popen('id').read() }}\"", "macros are not run in front matter"),
        ("title: [1, 2]", "title: should be text"),
        ('title: "a\\u202eb"', "invisible or control characters"),
        ('title: "a\\u2028b"', "title: should be one line of text"),
        ('title: "a\u2028b"', "title: should be one line of text"),  # the character itself, in quotes
        ('description: "a\\u2029b"', "description: should be one line of text"),
        ('title: "a\\tb"', "invisible or control characters"),
        ("render_macros: false", "'render_macros' is not a setting a page may have"),
        ("template: ../../secret.html", "'template' is not a setting a page may have"),
        ("search: yes", "search: should be written as"),
        ("hide: [navigation, everything]", "hide: should be a list"),
        ("title: !!python/name:os.system x", "uses a YAML tag"),
    ],
)
def test_front_matter_that_the_theme_would_print_as_html_or_misread_is_refused_on_its_line(front, says):
    text = f"---\n{front}\n---\n# Budgets\n"
    problems = front_matter_problems(text)
    assert [problem.line for problem in problems] == [2], problems
    assert says in problems[0].message


def test_plain_settings_pass_and_are_read_as_written():
    text = '---\ntitle: R&D "quoted" & more\ndescription: What <b>HR</b> costs, {{ 7 * 7 }}.\n'
    text += "search:\n  exclude: true\n"
    text += "hide:\n  - navigation\n---\n# Budgets\n"
    assert front_matter_problems(text) == []
    assert safe_source(text) is None


def test_an_alias_bomb_is_refused_from_its_tokens_without_being_expanded():
    text = billion_laughs() + "# Budgets\n"
    started = time.monotonic()
    problems = front_matter_problems(text)
    source = safe_source(text)
    assert time.monotonic() - started < 1
    assert lines(problems) == [2] and "anchor or alias" in problems[0].message
    # What MkDocs reads instead: no settings at all, the page's lines where they were.
    assert source.count("\n") == text.count("\n") and source.endswith("# Budgets\n")
    assert get_data(source) == ("# Budgets\n", {})


def test_front_matter_too_long_to_be_a_few_settings_is_refused_before_it_is_read():
    text = "---\ndescription: " + "x" * 5000 + "\n---\n# Budgets\n"
    problems = front_matter_problems(text)
    assert lines(problems) == [1] and "at most 2,000 characters" in problems[0].message
    assert get_data(safe_source(text))[1] == {}


def test_settings_written_without_dashes_which_mkdocs_would_hide_are_refused():
    text = "Title: <img src=x onerror=alert(1)>\n\n# Budgets\n"
    assert get_data(text)[1] == {"title": "<img src=x onerror=alert(1)>"}  # what MkDocs would do
    assert lines(front_matter_problems(text)) == [1]
    assert get_data(safe_source(text))[1] == {}


def test_front_matter_that_is_not_yaml_is_left_to_the_check_that_says_where():
    assert front_matter_problems("---\ntitle: [unclosed\n---\n# Budgets\n") == []


# --- template code ---------------------------------------------------------------------------------

ATTACKS = {
    "python internals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "a subscript": "{{ config['site_name'] }}",
    "a filter": '{{ kpi_table("hr-od", report=2018) | safe }}',
    "a filter on a name": "{{ page.title | upper }}",
    "another global": "{{ lipsum() }}",
    "a range": "{{ range(10) }}",
    "a namespace": "{{ namespace(a=1) }}",
    "a variable": "{{ config }}",
    "a sum": "{{ 7 * 7 }}",
    "a name as an argument": "{{ kpi_table(page, report=2018) }}",
    "a call as an argument": '{{ kpi_table(kpi_table("hr-od", report=2018), report=2018) }}',
    "splatted arguments": "{{ key_figures(*ids) }}",
    "a set": "{% set x = 1 %}",
    "an include": '{% include "mkdocs.yml" %}',
    "an import": '{% import "macros.html" as m %}',
    "an extends": '{% extends "base.html" %}',
    "a loop": "{% for x in [1, 2] %}{{ x }}{% endfor %}",
    "an if": "{% if true %}yes{% endif %}",
    "a macro": "{% macro m() %}x{% endmacro %}",
    "a call block": '{% call kpi_table("hr-od", report=2018) %}x{% endcall %}',
    "a filter block": "{% filter upper %}x{% endfilter %}",
}


@pytest.mark.parametrize("name", ATTACKS)
def test_template_code_other_than_a_macro_call_is_refused_on_its_line(name):
    source = "# Budgets\n\nSome text.\n\n" + ATTACKS[name] + "\n"
    problems = template_problems(source, JINJA, NAMES)
    assert problems and set(lines(problems)) == {5}, problems


def test_the_macros_with_literal_arguments_raw_blocks_and_comments_pass():
    source = (
        '{{ kpi_table("hr-od", report=2018) }}\n{{ budget_table("legal-services", year="2018/19") }}\n'
        '{{ key_figures("myaccount-registrations", "foi-requests-on-time") }}\n{{ in_this_section() }}\n'
        '{{- kpi_table(["hr-od"], report=-1) -}} {{ kpi_table({"id": "hr-od"}, report=2018.5) }}\n'
        "{# a comment #}\n{% raw %}{{ cycler.__init__ }} {% include 'x' %}{% endraw %}\n"
    )
    assert template_problems(source, JINJA, NAMES) == []


def test_a_misspelt_macro_says_so_with_the_macros_there_are():
    [problem] = template_problems('text\n{{ kpi_tabel("hr-od", report=2018) }}\n', JINJA, NAMES)
    assert problem.line == 2 and "no macro or variable called 'kpi_tabel'" in problem.message
    assert "kpi_table" in problem.message


@pytest.mark.parametrize(
    "call, line",
    [
        ('{{ kpi_table("hr-od", report=2018 }}', 3),
        ('{{ kpi_table("hr-od",\n  report=) }}', 4),
        ('{{ kpi_table("hr-od") ', 5),  # not closed: Jinja reads on to the next words
        ("{{ key_figures('a', 'b) }}", 3),
    ],
)
def test_a_call_jinja_cannot_read_is_refused_on_the_line_where_jinja_stopped(call, line):
    """mkdocs-macros compiles only what these rules passed: a call written wrongly never reaches it."""
    [problem] = template_problems(f"# Title\n\n{call}\n\nMore text.\n", JINJA, NAMES)
    assert problem.line == line, problem
    assert problem.message.startswith("a macro call is not written correctly"), problem.message


# --- raw HTML and links ---------------------------------------------------------------------------

REFUSED_HTML = {
    "script": "<script>alert(1)</script>",
    "script without a closing bracket": "<script src=//example.org/x.js",
    "style": "<style>body{display:none}</style>",
    "iframe": '<iframe src="https://example.org"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "form": '<form action="https://example.org"><input name="q"></form>',
    "base": '<base href="https://example.org/">',
    "meta": '<meta http-equiv="refresh" content="0;url=https://example.org">',
    "link": '<link rel="stylesheet" href="https://example.org/x.css">',
    "svg by hand": "<svg onload=alert(1)></svg>",
    "img": "<img src=x onerror=alert(1)>",
    "a tag over two lines": "<img\nsrc=x onerror=alert(1)>",
    "an event handler on an allowed tag": '<span onmouseover="alert(1)">x</span>',
    "a style attribute": '<span style="display:none">x</span>',
    "a javascript: href": '<a href="javascript:alert(1)">x</a>',
    "an entity-hidden href": '<a href="jav&#x61;script:alert(1)">x</a>',
    "a Markdown link": "[click](javascript:alert(1))",
    "a second link on the line": "[a page](budgets.md) and [click](javascript:alert(1))",
    "a Markdown link in brackets": "[click](<javascript:alert(1)>)",
    "a spaced-out scheme": "[click]( JaVa\tScript:alert(1))",
    "a Markdown image": "![chart](data:image/svg+xml;base64,PHN2Zz4=)",
    "a vbscript: link": "[click](vbscript:msgbox)",
    "a reference definition": "[click]: javascript:alert(1)",
    "an autolink": "<javascript:alert(1)>",
    "attr_list handler": 'A paragraph.\n{: onclick="alert(1)" }',
    "attr_list style": "## Heading { style=display:none }",
    "attr_list href": "[x](https://example.org){ href=javascript:alert(1) }",
}


@pytest.mark.parametrize("name", REFUSED_HTML)
def test_html_and_links_that_could_run_code_or_are_not_on_the_list_are_refused_on_their_line(name):
    markdown = "# Budgets\n\nSome text.\n\n" + REFUSED_HTML[name] + "\n"
    problems = html_problems(markdown)
    assert problems and min(lines(problems)) == (6 if name == "attr_list handler" else 5), problems


def test_the_allowed_tags_links_and_code_pass():
    markdown = "\n".join(
        [
            *(f'<{tag} class="x" title="t">text</{tag}>' for tag in ALLOWED_TAGS if tag != "br"),
            '<br> <a href="https://www.thurrock.gov.uk/">council</a> <a href="../budgets.md">budgets</a>',
            '<div markdown="1" id="notes">**bold**</div> <details open><summary>More</summary></details>',
            "<https://www.thurrock.gov.uk/> <someone@example.org> [a page](budgets.md#total) a < b, 3 > 2",
            "`<script>alert(1)</script>` and ``<img src=x onerror=alert(1)>``",
            "```html",
            "<script>alert(1)</script>",
            "```",
            "    ```yaml",
            "    - {title: '<iframe>'}",
            "    ```",
            "<!-- a note for editors: <script> -->",
            '{{ kpi_table("<hr-od>", report=2018) }}',
            "## Heading { #total .wide }",
        ]
    )
    assert html_problems(markdown) == []


def test_every_page_in_docs_passes_the_rules_the_guide_states():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        assert page_problems(page.read_text(encoding="utf-8"), JINJA, NAMES) == [], page


def test_lines_are_counted_in_the_file_below_the_front_matter():
    text = "---\ndescription: Budgets.\n---\n\n# Budgets\n\n<script>x</script>\n{{ range(3) }}\n"
    assert lines(page_problems(text, JINJA, NAMES)) == [7, 8]


def test_the_rendered_html_is_read_again_for_anything_that_runs():
    html = (
        '<script type="application/ld+json">{"@type": "Dataset"}</script><svg role="img"><title>Chart</title></svg>'
        '<p onclick="x">a</p><script>x</script><a href="jav&#x61;script:1">x</a><iframe></iframe>'
        '<img src="data:image/png;base64,AA">'
    )
    found = [problem.message for problem in content_problems(html, "line one\n<p onclick=x>\n")]
    assert [text.split(", which")[0] for text in found] == [
        "the page's HTML has an event handler (onclick=) on <p>",
        "the page's HTML has a <script>",
        "the page's HTML has a href= on <a> going to 'javascript:1'",
        "the page's HTML has a <iframe>",
        "the page's HTML has a src= on <img> going to 'data:image/png;base64,AA'",
    ]
    assert content_problems(html, "line one\n<p onclick=x>\n")[0].line == 2
    assert content_problems('<script type="application/ld+json">{}</script><p class="x">ok</p>') == []


# --- what the page's text becomes in HTML: the check that decides -------------------------------------

ABOUT = (ROOT / "docs/about.md").read_text(encoding="utf-8")
AFTER = ABOUT.count("\n") + (0 if ABOUT.endswith("\n") else 1)  # the lines of about.md; what is added comes after
FIXED = '<div style="position:fixed;top:0;left:0;right:0;background:#fff">FAKE FIGURES</div>'
PIXEL = '<img src="https://evil.example/pixel.png">'
# Each passed the check of the page's Markdown alone; (what is added to about.md, its first line after
# about.md's own, what the error says).
READ_THE_WAY_MARKDOWN_DOES = {
    "a comment ended at <!-->": (
        "\n<!--> <script>document.title='PWNED-XSS'</script> -->\n",
        2,
        "HTML comment is ended early",
    ),
    "a comment ended at <!--->": ("\n<!---> <script>document.title='PWNED-XSS'</script> -->\n", 2, "ended early"),
    "a comment ended at --!>": ("\n<!-- a --!> <script>document.title='PWNED-XSS'</script> -->\n", 2, "ended early"),
    "a script given its type twice": (
        '\n```\ncode\n```\n\n<script type="text/javascript" type="application/ld+json">'
        "document.title='PWNED-XSS'</script>\n",
        6,
        "<script> is not allowed",
    ),
    "a fence never closed": (f"\n```\n{FIXED}\n", 3, "<div style=...>"),
    "a fence indented two spaces": (f"\n  ```\n{FIXED}\n  ```\n", 3, "<div style=...>"),
    "backticks in blocks of HTML": (f"\n<div>`</div>\n\n{FIXED}\n\n<div>`</div>\n", 4, "<div style=...>"),
    "raw blocks around a tag": (
        f"\n{{% raw %}}{{{{{{% endraw %}}{PIXEL}{{% raw %}}}}}}{{% endraw %}}\n",
        2,
        "not allowed in a page",
    ),
    "a tag in a raw block": (f"\n{{% raw %}}{{{{ {PIXEL} }}}}{{% endraw %}}\n", 2, "not allowed in a page"),
    "an image from another web address": ("\n![x](https://evil.example/pixel.png)\n", 2, "an image must be a file"),
    "an image from another host without a scheme": ("\n![x](//evil.example/pixel.png)\n", 2, "an image must be"),
    "an image with a handler from attr_list": ('\n![x](assets/x.png){ onerror="alert(1)" }\n', 2, "onerror"),
}


@pytest.mark.parametrize("name", READ_THE_WAY_MARKDOWN_DOES)
def test_what_the_page_becomes_in_html_is_refused_on_its_line(name):
    added, line, says = READ_THE_WAY_MARKDOWN_DOES[name]
    problems = page_problems(ABOUT + added, JINJA, NAMES)
    assert problems and lines(problems)[0] == AFTER + line and says in problems[0].message, problems


@pytest.mark.parametrize(
    "added",
    [
        FIXED,  # the check of the Markdown finds these too: the HTML is read even so
        PIXEL,
        '<span title="a" title="b">x</span>',
        "<!DOCTYPE html>",
        '<a href="//evil.example/">x</a>',
        "## Heading { style=color:red }",
        '<a href="javascript&colon;alert(1)">x</a>',
    ],
)
def test_the_allow_list_reads_the_html_itself(added):
    assert markdown_problems(ABOUT + "\n" + added + "\n", JINJA, NAMES), added


def test_what_markdown_makes_of_every_real_page_and_the_allowed_html_passes_the_allow_list():
    allowed = "\n\n".join(
        [
            *(f'<{tag} class="x" title="t">text</{tag}>' for tag in ALLOWED_TAGS if tag != "br"),
            '<br> <a href="https://www.thurrock.gov.uk/">council</a> <a href="mailto:x@example.org">mail</a>',
            "![A chart](assets/chart.png) [a page](budgets.md#total) a < b, 3 > 2 <someone@example.org>",
            "| a | b |\n|:--|--:|\n| 1 | 2 |",
            '!!! note "A note"\n\n    Text.',
            "Term\n:   What it means.\n\n*[HR]: Human Resources\n\nHR and ++ctrl+f++",
            "<!-- a note for editors -->\n\n```html\n<script>alert(1)</script>\n```",
            '<div markdown="1" id="notes">**bold**</div> <details open><summary>More</summary></details>',
        ]
    )
    assert markdown_problems(allowed, JINJA, NAMES) == []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        assert markdown_problems(page.read_text(encoding="utf-8"), JINJA, NAMES) == [], page


def test_the_html_is_made_with_the_extensions_of_mkdocs_yml():
    names, configs = markdown_settings()
    assert {"toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"} <= set(names)
    assert configs["toc"]["permalink"] is True


def test_the_rendered_html_is_refused_for_an_attribute_twice_a_comment_ended_early_or_an_id_twice():
    def said(html, source=""):
        return [(problem.line, problem.message.split(", which")[0]) for problem in content_problems(html, source)]

    twice = '<script type="text/javascript" type="application/ld+json">x</script>'
    assert ("the page's HTML has a <script>") in [text for _, text in said(twice)]
    assert "with type= twice" in " ".join(text for _, text in said(twice))
    early = "the page's HTML has an HTML comment ended early (<!-->, <!---> or --!>)"
    assert said("<p>a</p><!--> <p>b</p> -->") == [(None, early)]
    assert said('<script type="application/ld+json">{"a": "</script x>"}</script>')  # a tag in the JSON-LD
    assert said('<img src="https://evil.example/pixel.png">')
    source = "# HR\n\nText.\n\n## kpi 2018 hr od\n"
    html = '<h2 id="kpi-2018-hr-od">kpi 2018 hr od<a class="headerlink" href="#kpi-2018-hr-od">&para;</a></h2>'
    [(line, message)] = [(p.line, p.message) for p in content_problems(html + '<div id="kpi-2018-hr-od">', source)]
    assert line == 5 and 'the id "kpi-2018-hr-od" is on 2 elements of this page' in message
    assert 'the heading "kpi 2018 hr od"' in message and "a <div> the site makes" in message
    assert "rename the heading" in message


# --- on a copy of the site: the strict build, make check, and make serve's pages ---------------------

PWNED = "pwned-by-a-page"
ATTACKED = {
    # page: (how it is changed: text put first, or (old, new)), what the error says
    "reports/central-services/2018/hr-od.md": (
        '---\ntitle: "<img src=x onerror=alert(1)>"\n---\n',
        "title: may not hold < or >",
    ),
    "reports/central-services/2018/communications.md": (
        ("## Service overview", "<script>alert(1)</script>\n\n## Service overview"),
        "<script> is not allowed in a page",
    ),
    "reports/central-services/2018/legal-services.md": (
        ("## Service overview", "{{ cycler.__init__.__globals__.os.popen('touch " + PWNED + "').read() }}\n"),
        "holds a call of an attribute (.read)",
    ),
    "reports/central-services/2018/digital-ict.md": (billion_laughs(), "anchor or alias"),
    "reports/central-services/2018/equality-diversity.md": (
        "---\ntitle: |\n  Equality\n  </title><script>alert(1)</script>\n---\n",
        "title: should be one line of text",
    ),
    "reports/central-services/2018/customer-services.md": (
        ("## Service overview", "[click](javascript:alert(1))\n\n## Service overview"),
        "never javascript:, vbscript: or data:",
    ),
    "reports/central-services/2017/hr-od.md": (
        ("# Human Resources", "# {{ cycler.__init__.__globals__.os.popen('touch " + PWNED + "').read() }} HR"),
        "holds a call of an attribute (.read)",
    ),
    "reports/central-services/2018/improvement-service.md": (
        ("## Service overview", '## Service overview { onclick="alert(1)" }'),
        "event handlers (onclick=) run code",
    ),
    "reports/central-services/2017/customer-services.md": (
        '{% include "../mkdocs.yml" %}\n',
        "{% include %} cannot be used in a page",
    ),
}
LITERAL_TITLE = "Fish &amp; chips \"quoted\" & 'more'"  # accepted: shown exactly as written


def _edited(project: Path) -> dict[str, int]:
    """Each attacked page changed; the line of its first change."""
    where = {}
    for page, (change, _) in ATTACKED.items():
        path = project / "docs" / page
        text = path.read_text(encoding="utf-8")
        if isinstance(change, str):
            text, line = change + text, 2 if change.startswith("---") else 1
        else:
            old, new = change
            assert text.count(old) == 1, (page, old)
            line = text[: text.index(old)].count("\n") + 1
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        where[page] = line
    path = project / "docs/reports/central-services/2017/information-team.md"
    path.write_text(f"---\ntitle: '{LITERAL_TITLE.replace(chr(39), chr(39) * 2)}'\n---\n" + path.read_text(), "utf-8")
    return where


def _limited():
    """No build may take more than 2 GB (a bomb that was expanded would), nor a check more than 5 minutes."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def _build(project: Path, site: Path, strict: bool) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), *(["--strict"] if strict else [])],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "STRICT": "true" if strict else "false"},
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited,
    )


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("attacked") / "project")
    where = _edited(project)
    strict = _build(project, project.parent / "site", strict=True)
    served = _build(project, project.parent / "served", strict=False)
    check = run_check(project / "data", {"GITHUB_ACTIONS": "true"})
    return project, where, strict, served, check


@pytest.mark.slow
def test_each_attack_stops_the_strict_build_with_its_file_and_line_and_nothing_ran(attacked):
    project, where, strict, _, _ = attacked
    output = strict.stdout + strict.stderr
    assert strict.returncode == 1 and "Traceback" not in output, output[-3000:]
    for page, (_, says) in ATTACKED.items():
        assert f"docs/{page}, line {where[page]}: " in output and says in output, (page, output[-3000:])
    assert not list(project.parent.rglob(PWNED)) and not (ROOT / PWNED).exists()


@pytest.mark.slow
def test_make_check_lists_each_attack_with_its_file_line_and_annotation(attacked):
    _, where, _, _, check = attacked
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr[-3000:]
    for page, (_, says) in ATTACKED.items():
        assert f"docs/{page}, line {where[page]}: " in check.stderr and says in check.stderr, page
        assert f"::error file=docs/{page},line={where[page]}::" in check.stdout, page


@pytest.mark.slow
def test_while_serving_each_attacked_page_shows_its_mistake_and_none_of_the_attack(attacked):
    project, where, _, served, _ = attacked
    assert served.returncode == 0, (served.stdout + served.stderr)[-3000:]
    for page in ATTACKED:
        html = (project.parent / "served" / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert "This page has a mistake" in html and f"docs/{page}, line {where[page]}" in html, page
        assert "<script>alert" not in html and "onerror=alert" not in html and 'onclick="alert' not in html, page
        assert 'href="javascript' not in html and "lol" not in html and "cycler" not in html, page
    assert not list(project.parent.rglob(PWNED))


@pytest.mark.slow
def test_an_accepted_front_matter_title_is_shown_as_written_in_every_slot(attacked):
    project, _, _, served, _ = attacked
    html = (project.parent / "served/reports/central-services/2017/information-team/index.html").read_text(
        encoding="utf-8"
    )
    escaped = "Fish &amp;amp; chips &#34;quoted&#34; &amp; &#39;more&#39;"
    assert f"<title>{escaped} – " in html  # the tab
    assert f'<meta property="og:title" content="{escaped} – ' in html  # link previews
    assert escaped in html.split('class="md-header__topic"', 2)[2][:300]  # the header
    report = (project.parent / "served/reports/central-services/2017/index.html").read_text(encoding="utf-8")
    assert escaped in report  # the menu, on another page
    assert LITERAL_TITLE not in html and LITERAL_TITLE not in report


@pytest.mark.slow
def test_the_real_pages_still_build_with_the_guide_showing_its_examples_as_text(built):
    guide = built.page("guide")
    assert (
        "{{ kpi_table(&quot;hr-od&quot;, report=2018) }}" in guide or '{{ kpi_table("hr-od", report=2018) }}' in guide
    )


@pytest.mark.skipif(not chromium_available(), reason=MISSING)
def test_in_chromium_no_attack_runs_and_the_title_reads_as_written(attacked, browser):
    project, _, _, served, _ = attacked
    with serve(project.parent / "served") as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        live = "document.querySelectorAll('img[src=x], [onclick], [onerror], a[href^=javascript]').length"
        found = {}
        for attacked_page in ATTACKED:
            page.goto(url + attacked_page.removesuffix(".md") + "/", wait_until="load")
            found[attacked_page] = (page.evaluate(live), page.get_by_text("This page has a mistake").count())
        page.goto(url + "reports/central-services/2017/information-team/", wait_until="load")
        tab, header = page.title(), page.locator(".md-header__topic").nth(1).inner_text()
        page.close()
    assert dialogs == []
    assert found == {attacked_page: (0, 1) for attacked_page in ATTACKED}
    assert tab.startswith(LITERAL_TITLE + " – ") and header.strip() == LITERAL_TITLE  # as written


def test_yaml_itself_would_expand_the_bomb_that_the_rules_refuse():
    """The attack is real: a loaded bomb printed as text, as mkdocs-macros' debug log does, is 9**9 strings."""
    loaded = yaml.safe_load(billion_laughs(4).removeprefix("---\n").removesuffix("---\n"))
    assert len(str(loaded["d"])) > 9**4 * 5
    assert lines(front_matter_problems(billion_laughs(4) + "# x\n")) == [2]


# --- the same on a copy of the site: what the page becomes in HTML, and files that are not pages ------------

PIXEL_PAGE = "topics/digital-ict.md"
BYPASSED = {
    # page: (what is added at its end, the added line the error is on, what the error says)
    "about.md": (*READ_THE_WAY_MARKDOWN_DOES["a comment ended at <!-->"][:2], "ended early"),
    "accessibility.md": (*READ_THE_WAY_MARKDOWN_DOES["a script given its type twice"][:2], "<script> is not allowed"),
    "topics/hr-od.md": (*READ_THE_WAY_MARKDOWN_DOES["a fence never closed"][:2], "<div style=...>"),
    "topics/communications.md": (*READ_THE_WAY_MARKDOWN_DOES["a fence indented two spaces"][:2], "<div style=...>"),
    "topics/legal-services.md": (*READ_THE_WAY_MARKDOWN_DOES["backticks in blocks of HTML"][:2], "<div style=...>"),
    "topics/customer-services.md": (*READ_THE_WAY_MARKDOWN_DOES["raw blocks around a tag"][:2], "not allowed"),
    "topics/information-team.md": (*READ_THE_WAY_MARKDOWN_DOES["a tag in a raw block"][:2], "not allowed"),
    PIXEL_PAGE: (*READ_THE_WAY_MARKDOWN_DOES["an image from another web address"][:2], "an image must be a file"),
    "reports/central-services/2018/hr-od.md": ("\n## kpi 2018 hr od\n", 2, 'the id "kpi-2018-hr-od" is on 2 elements'),
}
TITLE_PAGE = "topics/equality-diversity.md"  # front matter with a line break in its title
NOT_PAGES = {
    "pwn.html": "<script>document.title='PWNED-XSS'</script>\n",
    "assets/pwn.svg": "<svg><script>document.title='PWNED-XSS'</script></svg>",
}


@pytest.fixture(scope="module")
def bypassed(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("bypassed") / "project")
    where = {}
    for page, (added, line, _) in BYPASSED.items():
        path = project / "docs" / page
        text = path.read_text(encoding="utf-8")
        where[page] = text.count("\n") + (0 if text.endswith("\n") else 1) + line
        path.write_text(text + added, encoding="utf-8")
    path = project / "docs" / TITLE_PAGE
    path.write_text('---\ntitle: "Equality\u2028and diversity"\n---\n' + path.read_text(encoding="utf-8"), "utf-8")
    for name, text in NOT_PAGES.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(text, encoding="utf-8")
    strict = _build(project, project.parent / "site", strict=True)
    served = _build(project, project.parent / "served", strict=False)
    check = run_check(project / "data", {"GITHUB_ACTIONS": "true"})
    return project, where, strict, served, check


@pytest.mark.slow
def test_what_a_page_becomes_in_html_stops_the_strict_build_and_the_check_with_its_file_and_line(bypassed):
    _, where, strict, _, check = bypassed
    output = strict.stdout + strict.stderr
    assert strict.returncode == 1 and "Traceback" not in output, output[-3000:]
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr[-3000:]
    for page, (_, _, says) in BYPASSED.items():
        for said in (output, check.stderr):
            assert f"docs/{page}, line {where[page]}: " in said and says in said, (page, said[-3000:])
        assert f"::error file=docs/{page},line={where[page]}::" in check.stdout, page
    for said in (output, check.stderr):
        assert f"docs/{TITLE_PAGE}, line 2: title: should be one line of text" in said
        for name in NOT_PAGES:
            assert f"docs/{name}: docs/ may hold pages (.md) and files a browser only shows" in said, name


@pytest.mark.slow
def test_while_serving_the_pages_show_their_mistakes_and_the_files_that_are_not_pages_are_not_published(bypassed):
    project, where, _, served, _ = bypassed
    assert served.returncode == 0, (served.stdout + served.stderr)[-3000:]
    site = project.parent / "served"
    for page in BYPASSED:
        html = (site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert "This page has a mistake" in html and f"docs/{page}, line {where[page]}" in html, page
        assert "<script>document.title" not in html and "<div style=" not in html, page  # named as text only
        assert 'src="https://evil' not in html and "<!-->" not in html, page
    assert not (site / "pwn.html").exists() and not (site / "assets/pwn.svg").exists()


@pytest.mark.skipif(not chromium_available(), reason=MISSING)
def test_in_chromium_no_script_of_a_page_runs_and_nothing_is_fetched_from_another_host(bypassed, browser):
    project, _, _, served, _ = bypassed
    assert served.returncode == 0
    with serve(project.parent / "served") as url:
        page = browser.new_page()
        elsewhere: list[str] = []
        page.route("**/*", lambda route: (elsewhere.append(route.request.url), route.abort())
                   if not route.request.url.startswith(url) else route.continue_())  # fmt: skip
        titles = {}
        for bypassed_page in ("about.md", "accessibility.md", PIXEL_PAGE):
            page.goto(url + bypassed_page.removesuffix(".md") + "/", wait_until="load")
            titles[bypassed_page] = page.title()
        page.close()
    assert not any("PWNED" in title for title in titles.values()), titles
    assert elsewhere == []
