"""Read YAML data files into plain values that remember where each field was written."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import DataError

_INT_TAG = "tag:yaml.org,2002:int"
# YAML 1.1 reads 6:53 as the number 413 (base 60); only plain integers are integers here.
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")


class Located(dict):
    """A YAML mapping with the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LocatedList(list):
    """A YAML sequence with the line of each item (1-based)."""

    line: int = 0
    item_lines: list


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """libyaml's fast safe loader, without sexagesimal numbers and with positions kept."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _INT_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_INT_TAG, _INT, list("-+0123456789"))


def _construct_mapping(loader, node):
    data = Located()
    yield data
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the field {key!r} is written twice in the same block (first on line {seen[key]})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    data.update(loader.construct_mapping(node, deep=True))
    data.line = node.start_mark.line + 1
    data.key_lines = seen


def _construct_sequence(loader, node):
    data = LocatedList()
    yield data
    data.extend(loader.construct_sequence(node, deep=True))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def read_yaml(path: Path, name: str) -> tuple[object, list[DataError]]:
    """Parse one file; a syntax mistake becomes a DataError naming its line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [DataError(name, "the file is not UTF-8 text; save it as UTF-8")]
    if not text.strip() or all(line.lstrip().startswith("#") for line in text.splitlines() if line.strip()):
        return None, [DataError(name, "the file is empty; it must contain the data described by its schema")]
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as error:
        # For an unclosed quote or bracket, where it began is more useful than where YAML gave up.
        opened = error.context and ("quoted" in error.context or "flow" in error.context)
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        return None, [DataError(name, _plain_yaml_problem(error, text), line=mark.line + 1 if mark else None,
                                column=mark.column + 1 if mark else None)]
    except yaml.YAMLError as error:
        return None, [DataError(name, f"this is not valid YAML ({error})")]


def _plain_yaml_problem(error: yaml.MarkedYAMLError, text: str) -> str:
    """Say what YAML found in words an editor can act on."""
    problem = error.problem or ""
    mark = error.problem_mark
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in line[: mark.column + 1 if mark else 0] or "tab" in problem:
        return "a tab character is used for indenting; YAML needs spaces, so replace the tab with spaces"
    if "written twice" in problem:
        return problem
    context = f" {error.context}" if error.context else ""
    return f"this is not valid YAML:{context} {problem}".rstrip() + (
        "; check the indentation and that every quote and bracket is closed")


def line_of(document: object, path: tuple) -> int | None:
    """The line where the field at path was written, or the nearest enclosing line."""
    line = getattr(document, "line", None)
    node = document
    for part in path:
        if isinstance(node, Located) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line
