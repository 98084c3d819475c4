"""Every built page through the Nu HTML Checker (vnu.jar, pinned in tests/html-checker/package-lock.json):
no error comes from the project's own templates (overrides/) or from the HTML the macros write.

A few errors come from Material for MkDocs' own templates, which the project does not override; they are
listed apart below, each with the template it comes from, and an error not on that list fails the test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

JAR = Path(os.environ.get("VNU_JAR") or ROOT / "tests/html-checker/node_modules/vnu-jar/build/dist/vnu.jar")
JAVA = shutil.which("java")
pytestmark = pytest.mark.skipif(
    not (JAR.is_file() and JAVA),
    reason=f"the Nu HTML Checker needs Java and {JAR}: `make html-checker` installs both (as root)",
)

# (message starts with, the markup it is about holds): errors in Material's own templates.
MATERIALS = (
    # base.html: the drawer's and search's checkboxes carry autocomplete="off".
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    # partials/nav-item.html: a section's label is written with tabindex="" where it is not focusable.
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
    # partials/toc.html: the table of contents' title is a label for the toggle base.html writes only on
    # pages whose table of contents has entries.
    ("The value of the “for” attribute of the “label” element must be the ID", 'for="__toc"'),
)


def materials(message: dict) -> bool:
    return any(
        message["message"].startswith(start) and marker in message.get("extract", "") for start, marker in MATERIALS
    )


@pytest.fixture(scope="module")
def checked(built) -> list[dict]:
    pages = sorted(str(path) for path in built.site.rglob("*.html") if "pagefind" not in path.parts)
    assert len(pages) > 40
    run = subprocess.run(
        [JAVA, "-jar", str(JAR), "--format", "json", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(run.stderr)["messages"]


def test_no_page_has_an_html_error_of_the_projects_own(checked):
    ours = [
        (m["url"].rsplit("/site/", 1)[-1], m["message"], m.get("extract", "").strip())
        for m in checked
        if m["type"] in ("error", "non-document-error") and not materials(m)
    ]
    assert ours == []


def test_the_errors_listed_as_materials_are_still_there(checked):
    # A Material release that fixes one of them should take it off the list, so the list stays true.
    for start, marker in MATERIALS:
        assert any(m["message"].startswith(start) and marker in m.get("extract", "") for m in checked), start


@pytest.mark.slow  # starts Java
def test_the_checker_finds_an_error_in_a_broken_page(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><html lang="en"><title>x</title><form action=""></form>', encoding="utf-8")
    run = subprocess.run(
        [JAVA, "-jar", str(JAR), "--format", "json", "--exit-zero-always", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(run.stderr)["messages"]
    assert any("action" in m["message"] for m in messages if m["type"] == "error")
