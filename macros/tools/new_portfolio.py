"""Add a portfolio to the site: `python -m macros.tools.new_portfolio ID TITLE SERVICES`, which
`make portfolio PORTFOLIO=environment TITLE="Environment and Highways" SERVICES="waste:Waste and Recycling"` runs.

A portfolio holds at least one service, so SERVICES names its services as id:name, separated by commas. The
portfolio goes at the end of data/portfolios.yaml and each service at the end of data/services.yaml (their
comments and layout kept); each service gets a topic page in docs/topics/ with a TODO for its opening sentence,
and a place in the menu (the topics page and the home page list it from the data); the portfolio gets its page,
docs/reports/<id>/index.md, and its section of the menu under Reports. Then `make scaffold PORTFOLIO=<id>
YEAR=<year>` starts its first report.

The title and the names become page titles and menu entries, so they must be plain words (scaffold.PLAIN_WORDS);
anything else is refused rather than escaped, so the site shows exactly what was typed. Every file's new text is
worked out first; then all are written, or none (scaffold.write_all).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from ..base.errors import ScaffoldError
from ..base.log_text import log_line
from ..base.model import Site
from ..read.page_rules import TEXT_LIMITS
from ..workings.urls import id_page_problem, portfolio_doc, topic_doc
from .scaffold import PLAIN_WORDS, nav_entry, planned, refuse_invalid_yaml, shown, sound_site, write_all

USAGE = (
    'make portfolio PORTFOLIO=environment TITLE="Environment and Highways" '
    'SERVICES="waste:Waste and Recycling,highways:Highways"'
)
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)  # common.schema.json's id
_ID_LIMIT = 64
_PUNCTUATION = ", . & ' ’ ( ) / : ! ? + and hyphens or dashes"


def add_portfolio(root: Path, portfolio_id: str, title: str, services: str) -> list[Path]:
    """Write the new portfolio's files, all or none; return the paths created or changed."""
    files = planned(root, lambda: plan(root, portfolio_id, title, services))
    write_all(root, files)
    return list(files)


def plan(root: Path, portfolio_id: str, title: str, services: str) -> dict[Path, str]:
    """Every file the new portfolio needs, with its full new text, worked out and checked before any is written."""
    data, docs = root / "data", root / "docs"
    site = sound_site(data)
    named = parse_services(services)
    title = title.strip()
    _refuse_names(root, site, portfolio_id, title, named)
    portfolio = {"id": portfolio_id, "title": title, "services": [{"service": key} for key, _ in named]}
    files = {
        data / "portfolios.yaml": _with_entries(data / "portfolios.yaml", "portfolios", [portfolio]),
        data / "services.yaml": _with_entries(
            data / "services.yaml", "services", [{"id": key, "name": name} for key, name in named]
        ),
        docs / portfolio_doc(portfolio_id): portfolio_page(portfolio_id, title),
        **{docs / topic_doc(key): topic_page(key, name) for key, name in named},
        root / "mkdocs.yml": _with_nav((root / "mkdocs.yml").read_text(encoding="utf-8"), portfolio_id, title, named),
    }
    refuse_invalid_yaml(root, files)
    return files


def parse_services(text: str) -> list[tuple[str, str]]:
    """ "waste:Waste and Recycling,highways:Highways" -> [("waste", "Waste and Recycling"), ("highways", ...)]; a
    comma in a name is kept, as a new service starts only where an id and a colon follow the comma."""
    if not text.strip():
        raise ScaffoldError(
            "name the portfolio's services (it holds at least one) as id:name, separated by commas, for example: "
            'SERVICES="waste:Waste and Recycling,highways:Highways"'
        )
    named = []
    for part in re.split(r",\s*(?=[a-z0-9-]+:)", text.strip()):
        key, colon, name = part.partition(":")
        if not colon:
            raise ScaffoldError(f"SERVICES: {part!r} should be written id:name, for example waste:Waste and Recycling")
        named.append((key.strip(), name.strip()))
    return named


def _refuse_names(root: Path, site: Site, portfolio_id: str, title: str, named: list[tuple[str, str]]) -> None:
    """Stop on an id that is not an id or is taken, and on a title or name that is not plain words or is taken."""
    problem = _id_problem(portfolio_id, "the portfolio's id (PORTFOLIO)", f"reports/{portfolio_id}.md", "environment")
    if problem:
        raise ScaffoldError(problem)
    if portfolio_id in site.portfolios:
        raise ScaffoldError(
            f"there is already a portfolio {portfolio_id!r} in data/portfolios.yaml; choose another id "
            f"(the portfolios are: {', '.join(site.portfolios)})"
        )
    for taken in (root / "data" / "reports" / portfolio_id, root / "docs" / portfolio_doc(portfolio_id)):
        if taken.exists():
            raise ScaffoldError(f"{shown(root, taken)} already exists; choose another id, or move it away first")
    problem = _words_problem(title, "the portfolio's title (TITLE)")
    if problem:
        raise ScaffoldError(problem)
    if any(title.casefold() == other.title.casefold() for other in site.portfolios.values()):
        raise ScaffoldError(f"there is already a portfolio titled {title!r} in data/portfolios.yaml")
    keys = [key for key, _ in named]
    for key, name in named:
        problem = _service_problem(root, site, key, name) or (
            f"{key!r} is named twice" if keys.count(key) > 1 else None
        )
        if problem:
            raise ScaffoldError(f"SERVICES: {problem}")


def _service_problem(root: Path, site: Site, key: str, name: str) -> str | None:
    """Why a new service cannot have this id and name, or None."""
    problem = _id_problem(key, "a service's id", topic_doc(key), "waste")
    problem = problem or _words_problem(name, f"the name of the service {key!r}")
    if problem:
        return problem
    if key in site.services:
        held = [p.id for p in site.portfolios.values() if any(h.service == key for h in p.holdings)]
        return (
            f"there is already a service {key!r} in data/services.yaml"
            + (f" (held by {', '.join(held)})" if held else "")
            + "; give the new service an id of its own"
        )
    if (root / "docs" / topic_doc(key)).exists():
        return f"docs/{topic_doc(key)} already exists; give the service another id"
    return None


def _id_problem(value: str, what: str, page: str, example: str) -> str | None:
    """Why value cannot be the id of what (page: the page it names), or None."""
    if not value:
        return f"{what} is missing; give one, such as {example}"
    if not _ID.fullmatch(value) or len(value) > _ID_LIMIT:
        return (
            f"{what} {value!r} is not an id: write lower-case letters and digits, words joined by single hyphens, "
            f"at most {_ID_LIMIT} characters, such as {example}"
        )
    if value.isdigit():
        return f"{what} {value!r} is only digits, which would be read as a report's year; use words, such as {example}"
    problem = id_page_problem(page)
    return f"{what} cannot be {value!r}: {problem}" if problem else None


def _words_problem(text: str, what: str) -> str | None:
    """Why text cannot be shown as a page's title and a menu entry as typed, or None."""
    if not text:
        return f"{what} is missing; write it as the council does, for example: {USAGE}"
    if len(text) > TEXT_LIMITS["title"]:
        return f"{what} is {len(text)} characters long; keep it to {TEXT_LIMITS['title']}"
    odd = next((char for char in text if not PLAIN_WORDS.fullmatch(char)), None)
    if odd is not None or not re.search(r"[^\W_]", text):
        found = f"holds {odd!r}" if odd is not None else "has no letters"
        return (
            f"{what} {text!r} {found}: it is shown as the title of pages and in the menu, so write it in plain "
            f"words: letters, digits, spaces and {_PUNCTUATION}"
        )
    return None


# --- the data files, each entry added at the end of its list, the rest of the file as it was ---------------------


class _Indented(yaml.SafeDumper):
    """yaml.safe_dump's dumper, with lists indented under their key as the data files write them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _with_entries(path: Path, key: str, entries: list[dict]) -> str:
    """The file's text with entries at the end of its list under key; an error if that is not where they land."""
    text = path.read_text(encoding="utf-8")
    written = yaml.dump(entries, Dumper=_Indented, sort_keys=False, allow_unicode=True, width=1000)
    indent = re.search(rf"(?m)^{key}:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", text)
    lines = [(indent[1] if indent else "  ") + line for line in written.splitlines()]
    new = text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(lines) + "\n"
    if _listed(new, key) != _listed(text, key) + entries:
        raise ScaffoldError(
            f"{shown(path.parent.parent, path)} does not end with its list of {key}, so the new entries could not be "
            "added at its end; add them by hand, or put the list last"
        )
    return new


def _listed(text: str, key: str) -> list | None:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return document.get(key) if isinstance(document, dict) else None


# --- the pages ----------------------------------------------------------------------------------------------


def portfolio_page(portfolio_id: str, title: str) -> str:
    """The portfolio's own page, as Central Services' is: a sentence, then its holders, services and reports."""
    return (
        f"# {title}\n\n"
        f'The Portfolio Holder for {{{{ portfolio_title("{portfolio_id}") }}}} reports to the council\n'
        "once a year on the services in the portfolio: what they did, their performance indicators\n"
        "and their budgets.\n\n"
        f'{{{{ portfolio_page("{portfolio_id}") }}}}\n'
    )


def topic_page(service_id: str, name: str) -> str:
    """A service's topic page, as the others are, with its opening sentence still to write."""
    return (
        f"# {name}\n\n"
        f"TODO: say in a sentence or two what {name} does; it opens the page and describes it in search results.\n\n"
        f'{{{{ topic_page("{service_id}") }}}}\n'
    )


# --- the menu -----------------------------------------------------------------------------------------------


def yaml_scalar(value: str) -> str:
    """value as YAML writes it on one line, quoted where YAML would read it as something else."""
    return yaml.safe_dump(value, allow_unicode=True, width=1000).removesuffix("\n...\n").rstrip("\n")


def _with_nav(text: str, portfolio_id: str, title: str, named: list[tuple[str, str]]) -> str:
    """mkdocs.yml with each topic page at the end of Topics and the portfolio's section at the end of Reports."""
    for page, lines in (
        ("topics/index.md", [(0, f"- {topic_doc(key)}") for key, _ in named]),
        ("reports/index.md", [(0, f"- {yaml_scalar(title)}:"), (1, f"- {portfolio_doc(portfolio_id)}")]),
    ):
        entry = nav_entry(text, page)
        if entry is None:
            raise ScaffoldError(f"mkdocs.yml has no '- {page}' entry in nav to add the new pages beside")
        added = "".join(f"\n{entry.indent}{entry.step * depth}{line}" for depth, line in lines)
        text = text[: entry.section_end] + added + text[entry.section_end :]
    topics, section = [topic_doc(key) for key, _ in named], [{title: [portfolio_doc(portfolio_id)]}]
    if not _nav_has(text, "topics/index.md", topics) or not _nav_has(text, "reports/index.md", section):
        raise ScaffoldError(
            "mkdocs.yml's nav is not laid out as this command expects (a list under nav:, an entry a line); "
            "add the new pages by hand"
        )
    return text


class _AnyTags(yaml.SafeLoader):
    """mkdocs.yml read for its nav only: its own tags (!ENV) read as nothing."""


_AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_has(text: str, page: str, entries: list) -> bool:
    """Whether the nav's section that lists page ends with entries."""

    def sections(items):
        for item in items if isinstance(items, list) else []:
            for value in item.values() if isinstance(item, dict) else []:
                yield value
                yield from sections(value)

    try:
        nav = yaml.load(text, Loader=_AnyTags).get("nav")
    except (yaml.YAMLError, AttributeError):
        return False
    return any(page in section and section[-len(entries) :] == entries for section in [nav, *sections(nav)])


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(log_line(f"give the new portfolio's id, title and services, for example: {USAGE}"), file=sys.stderr)
        return 2
    portfolio_id, title, services = (*argv, "")[:3]
    root = Path.cwd()
    try:
        changed = add_portfolio(root, portfolio_id, title, services)
    except ScaffoldError as error:
        print(log_line(f"Nothing was changed: {error}"), file=sys.stderr)
        return 1
    print(log_line(f"Added the portfolio {portfolio_id}. Created or changed:"))
    print("\n".join(log_line(f"  {shown(root, path)}") for path in changed))
    print(
        log_line(
            "Now write the opening sentence of each topic page (its TODO), and start the portfolio's first report: "
            f"make scaffold PORTFOLIO={portfolio_id} YEAR=<its year>."
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
