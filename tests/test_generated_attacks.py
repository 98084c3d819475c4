"""Generated attacks, a standing test: documents made from each data schema (hypothesis-jsonschema) and
mutations of the real data files drive the real check and the real strict build. Every document is
either refused, each error naming a data file (and its line where the mistake has one) with no
traceback, or it builds a site in which no text from it is markup and every figure equals the data.

The tests run a fixed number of examples from a fixed seed (Hypothesis's "ci" profile, the default);
`make fuzz` runs the "fuzz" profile: many more examples, random each time.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import tempfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from macros.base.errors import DataErrors
from macros.read.project import load_site

settings.register_profile(
    "ci",
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCHEMAS = ROOT / "data" / "schemas"
DATA_FILES = {  # each data file and the schema it is checked against
    "portfolios.yaml": "portfolios.schema.json",
    "kpis.yaml": "kpis.schema.json",
    "services.yaml": "services.schema.json",
    "periods.yaml": "periods.schema.json",
    "glossary.yaml": "glossary.schema.json",
    "facts.yaml": "facts.schema.json",
    **{  # every portfolio's reports: data/reports/<portfolio>/<year>.yaml
        path.relative_to(ROOT / "data").as_posix(): "report.schema.json"
        for path in sorted((ROOT / "data" / "reports").glob("*/*.yaml"))
    },
}
MARK = "fz"  # the id of every element a hostile text would make, were it ever published as markup


# --- the documents ------------------------------------------------------------------------------------


def inlined(schema, schema_file: str):
    """schema with every $ref replaced by what it refers to (hypothesis-jsonschema reads one document)."""
    if isinstance(schema, list):
        return [inlined(item, schema_file) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        file, _, pointer = schema["$ref"].partition("#")
        file = file or schema_file
        target = json.loads((SCHEMAS / file).read_text(encoding="utf-8"))
        for part in [part for part in pointer.split("/") if part]:
            target = target[part]
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return inlined({**target, **rest}, file)
    return {key: inlined(value, schema_file) for key, value in schema.items() if key not in ("$schema", "$id")}


def hostile_texts(number: int) -> list[str]:
    """Texts an attacker or a careless paste would put in a field; each would make an element with an id
    starting MARK, were it published as markup."""
    tag = f'<b id="{MARK}{number}">x</b>'
    return [
        tag,
        f"{tag}{{{{ 7*7 }}}}{{% raw %}}",
        f'=HYPERLINK("http://x"){tag}',
        f"line one\n::stop-commands::{tag}",
        f"\u202e{tag}\u200b\x1b[31m",
        f'</script><img id="{MARK}{number}" src=x onerror=alert(1)>',
        f"]]><!--{tag}",
        f"javascript:alert(1)//{tag}",
        f"{tag}" * 200,
    ]


SCALARS = st.one_of(
    st.integers(0, 10**6).flatmap(lambda number: st.sampled_from(hostile_texts(number))),
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([None, True, "", " ", "2017-02-30", "9999/00", "0000/01", "1e-320", "index", "n/a", "0" * 400]),
)


def scalar_paths(document, path=()) -> list[tuple]:
    """Where a scalar is in a document: a path of keys and list indexes."""
    if isinstance(document, dict):
        return [found for key, value in document.items() for found in scalar_paths(value, (*path, key))]
    if isinstance(document, list):
        return [found for index, value in enumerate(document) for found in scalar_paths(value, (*path, index))]
    return [path]


def replaced(document, path: tuple, value):
    if not path:
        return value
    copy = document.copy()
    copy[path[0]] = replaced(document[path[0]], path[1:], value)
    return copy


@st.composite
def mutations(draw):
    """A real data file with one scalar replaced: (name, document, path, new value)."""
    name = draw(st.sampled_from(sorted(DATA_FILES)))
    document = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
    path = draw(st.sampled_from(scalar_paths(document)))
    value = draw(SCALARS)
    return name, replaced(document, path, value), path, value


# --- the check and the build --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("attacks") / "project")


class Written:
    """A data file replaced for one example, put back afterwards."""

    def __init__(self, project: Path, name: str, text: str):
        self.path, self.text = project / "data" / name, text

    def __enter__(self):
        self.original = self.path.read_bytes()
        self.path.write_text(self.text, encoding="utf-8")
        return self

    def __exit__(self, *exc):
        self.path.write_bytes(self.original)


def assert_refused_plainly(errors: DataErrors, project: Path) -> None:
    assert errors.errors
    for error in errors.errors:
        assert error.file.startswith("data/") and (project / error.file).exists(), str(error)
        assert error.line is not None, str(error)  # the line of the mistake, never only the file
        assert error.message and "Traceback" not in error.message, str(error)
        assert "\n" not in str(error), str(error)


def checked(project: Path, name: str, text: str):
    """The site the check reads from data/ with name's text, or the DataErrors it refuses it with."""
    with Written(project, name, text):
        try:
            return load_site(project / "data")
        except DataErrors as errors:
            assert_refused_plainly(errors, project)
            return errors


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def strict_build(project: Path, site_dir: Path) -> list[str]:
    """The strict build, in this process; the warnings and errors it logged (none when it passed)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler, logger = _Errors(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    except MkDocsException as error:
        handler.messages.append(str(error))
    finally:
        logger.removeHandler(handler)
    return handler.messages


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.made: list[str] = []

    def handle_starttag(self, tag, attrs):
        if any(name == "id" and (value or "").startswith(MARK) for name, value in attrs):
            self.made.append(tag)


def markup_from_data(site_dir: Path) -> dict[str, list[str]]:
    """Elements the hostile texts made, by page: none when every text was escaped."""
    found = {}
    for page in site_dir.rglob("*.html"):
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.made:
            found[page.relative_to(site_dir).as_posix()] = parser.made
    return found


def published_results(site_dir: Path) -> dict[tuple[str, str, str, str], dict]:
    with (site_dir / "data" / "kpi-results.csv").open(encoding="utf-8", newline="") as file:
        return {(row["portfolio"], row["report"], row["kpi"], row["period"]): row for row in csv.DictReader(file)}


def assert_figures_equal_the_data(site_dir: Path, data: Path) -> None:
    """Every KPI figure each report's file in data/ (data/reports/<portfolio>/<year>.yaml) gives is in the
    published dataset, exactly."""
    published = published_results(site_dir)
    paths = sorted((data / "reports").glob("*/*.yaml"))
    assert paths
    for path in paths:
        report = yaml.safe_load(path.read_text(encoding="utf-8"))
        for result in report.get("results") or []:
            row = published[(str(report["portfolio"]), str(report["id"]), result["kpi"], str(result["period"]))]
            for field in ("value", "target"):
                figure = result.get(field)
                if isinstance(figure, int | float) and not isinstance(figure, bool):
                    assert Decimal(row[field]) == Decimal(str(figure)), (path, result, field, row[field])


# --- the properties -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", sorted({name for name in DATA_FILES if not name.startswith("reports/")} | {"reports/"})
)
def test_a_document_made_from_the_schema_is_refused_plainly_or_read(project, name):
    """Documents the schema allows or nearly allows: the check reads them or refuses them with the file."""
    file = name if name != "reports/" else max(n for n in DATA_FILES if n.startswith("reports/"))
    schema = inlined(json.loads((SCHEMAS / DATA_FILES[file]).read_text(encoding="utf-8")), DATA_FILES[file])

    @given(document=from_schema(schema, allow_x00=False))
    def read_or_refused(document):
        checked(project, file, yaml.safe_dump(document, allow_unicode=True, sort_keys=False))

    read_or_refused()


@pytest.mark.slow
@given(mutation=mutations())
def test_a_mutated_real_file_is_refused_plainly_or_read(project, mutation):
    """Any value anywhere in a real file, of any type: the check reads it or refuses it with file and line."""
    name, document, _, _ = mutation
    checked(project, name, yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10**6))


# Fields whose text the site prints as written (titles, captions, headings, names, notes): any one-line text
# is allowed there, markup and template code included, and must be published as text.
FREE_TEXT = {"title", "caption", "heading", "label", "meaning", "name", "note", "area", "covers"}


def one_line_texts(number: int) -> list[str]:
    return [text for text in hostile_texts(number) if text.isprintable() and len(text) < 200]


@st.composite
def hostile_text_fields(draw):
    """A real data file with the text of one free-text field replaced by a hostile one: (name, document,
    path, text, its number)."""
    name = draw(st.sampled_from(sorted(DATA_FILES)))
    document = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
    paths = [path for path in scalar_paths(document) if path and path[-1] in FREE_TEXT]
    if not paths:
        name = "kpis.yaml"
        document = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
        paths = [path for path in scalar_paths(document) if path and path[-1] in FREE_TEXT]
    path = draw(st.sampled_from(paths))
    number = draw(st.integers(0, 10**6))
    text = draw(st.sampled_from(one_line_texts(number)))
    return name, replaced(document, path, text), path, text, number


@pytest.mark.slow
@given(mutation=hostile_text_fields())
def test_hostile_text_in_a_text_field_builds_a_site_where_it_is_text_and_every_figure_is_the_data(project, mutation):
    name, document, path, text, number = mutation
    with Written(project, name, yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10**6)):
        load_site(project / "data")  # one line of text in a text field: read, never refused
        site_dir = Path(tempfile.mkdtemp(prefix="site-"))
        try:
            assert strict_build(project, site_dir) == [], (name, path, text)
            assert markup_from_data(site_dir) == {}, (name, path, text)
            published = [
                page.relative_to(site_dir).as_posix()
                for page in site_dir.rglob("*")
                if page.suffix in (".html", ".csv") and f"{MARK}{number}" in page.read_text(encoding="utf-8")
            ]
            assert published, f"{name} {path}: the text is published nowhere"  # so the test saw it, as text
            assert_figures_equal_the_data(site_dir, project / "data")
        finally:
            shutil.rmtree(site_dir, ignore_errors=True)
