"""A macro's fault is the page's message, not a stopped `make serve`: mkdocs-macros renders the pages with its
own Jinja environment, and each macro it calls is guarded (macros/edge/guard.py)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import jinja2

from macros.base.errors import UsageError
from macros.edge import guard

PAGE = "# A page\n\nSome text.\n\n{{ figure('a') }}\n"


def page_env():
    file = SimpleNamespace(src_uri="reports/central-services/2018/hr-od.md", content_string=PAGE)
    return SimpleNamespace(page=SimpleNamespace(file=file, url="reports/central-services/2018/hr-od/"), markdown=PAGE)


def rendered(function) -> str:
    env = page_env()
    macro = guard.guarded(env, function, lambda env: "the page's context")
    return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(PAGE).render(figure=macro)


def test_a_fault_in_a_macro_is_shown_on_its_line_and_logged_as_an_error(caplog):
    def figure(page, kpi_id: str) -> str:
        """figure("sickness-absence"): a figure."""
        return str(1 / 0)

    with caplog.at_level(logging.ERROR):
        out = rendered(figure)
    assert "This page has a mistake" in out and "ZeroDivisionError" in out
    assert "a fault in the site&#39;s code" in out
    [record] = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert "docs/reports/central-services/2018/hr-od.md" in record.getMessage() and "line 5" in record.getMessage()


def test_an_editors_mistake_is_said_in_the_macros_own_words():
    def figure(page, kpi_id: str) -> str:
        """figure("sickness-absence"): a figure."""
        raise UsageError(f"there is no KPI {kpi_id!r}")

    out = rendered(figure)
    assert "there is no KPI &#39;a&#39;" in out and "fault in the site's code" not in out  # as Markdown text


def test_a_macro_that_works_gives_its_text_with_the_pages_context():
    def figure(page, kpi_id: str) -> str:
        """figure("sickness-absence"): a figure."""
        return f"{kpi_id} on {page}"

    assert rendered(figure) == "# A page\n\nSome text.\n\na on the page's context"
