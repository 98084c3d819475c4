"""A page whose only Jinja is macro calls is compiled as its calls alone, shared by every page that makes the
same calls (macros/edge/guard.py): it must come out exactly as Jinja renders the page as written."""

from __future__ import annotations

import jinja2
import pytest

from macros.edge import guard
from macros.read.page_errors import error_line

PAGES = [
    "# A report page\n\nIts text, {{ call('hr-od', report=2018) }}, and more text.\n",
    "Text with Windows line ends\r\nand an old Mac one\rand two at the end\r\n\r\n",
    "{{ call(\"é, ü — ☃ and 'quotes'\", 1.5, -2, 0) }}\n\n{{ empty() }}\n",
    "A call over lines:\n{{ call(\n    'a',\n    year='2018/19'\n) }}\nand after it.\n\n\n",
    "{{ call('x') }}{{ call('y') }}",
    "{{ value }} then {{ call(value, 'v', items[1]) }} then {{ call('a') | upper }}",
    "{{ call(true, none, x=false) }} {{ 'literal' }} {{ 12 }}",
    "No Jinja at all.",
    "",
]
WRITTEN_AS_IS = [  # other Jinja, or text Jinja might read otherwise: compiled as the page is written
    "Text with }} and {{ call('a') }}",
    "{{- call('a') -}}",
    "{% if value %}x{% endif %}",
    "{# a comment #}{{ call('a') }}",
    "{{ call('a\\tb') }}",
    "{{ {'a': 1}['a'] }}",
]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals.update(
        call=lambda *args, **kwargs: f"call{args!r}{kwargs!r}\n",
        empty=lambda: "",
        value="V",
        items=["first", "second"],
    )
    return env


def compiled(env, source: str, shapes: dict | None = None):
    return guard._compiled(guard._macro_calls(source), source, env.from_string, {} if shapes is None else shapes)


@pytest.mark.parametrize("page", PAGES + WRITTEN_AS_IS)
def test_a_page_comes_out_as_jinja_renders_it(page):
    env = environment()
    assert compiled(env, page).render() == env.from_string(page).render()


@pytest.mark.parametrize("page", WRITTEN_AS_IS)
def test_a_page_with_other_jinja_is_compiled_as_written(page):
    assert guard._macro_calls(page) is None


def test_pages_that_make_the_same_calls_share_one_compiled_template():
    env, shapes = environment(), {}
    first = compiled(env, "Topic one\n\n{{ call('hr-od', report=2018) }}\n", shapes)
    second = compiled(env, "Another topic\n\n{{ call('legal', report=2017) }}\n", shapes)
    assert len(shapes) == 1
    assert first.render() == "Topic one\n\ncall('hr-od',){'report': 2018}\n"
    assert second.render() == "Another topic\n\ncall('legal',){'report': 2017}\n"


def test_an_error_is_on_the_line_of_the_page_where_the_call_is():
    env = environment()
    env.globals["fails"] = lambda: 1 / 0
    page = "# Title\n\nText\n\n{{ call('a') }}\n\nMore\n{{ fails() }}\n"
    lines = []
    for template in (compiled(env, page), env.from_string(page)):
        with pytest.raises(ZeroDivisionError) as raised:
            template.render()
        lines.append(error_line(raised.value))
    assert lines == [8, 8]


def test_a_call_that_is_not_written_correctly_is_reported_as_jinja_reports_the_page():
    env = environment()
    page = "# Title\n\n{{ call('a', report=) }}\n"
    with pytest.raises(jinja2.TemplateSyntaxError) as shaped:
        compiled(env, page)
    with pytest.raises(jinja2.TemplateSyntaxError) as written:
        env.from_string(page)
    assert (shaped.value.message, shaped.value.lineno) == (written.value.message, written.value.lineno)
