"""Read YAML data files into plain values that remember where each field was written.

Figures must mean what they look like in decimal, so the loader reads YAML more strictly
than YAML 1.1 does: only true/false are booleans (yes, no, on and off stay words), dates
stay text, and numbers written in octal, hex, binary, with underscores, or as .nan/.inf
are kept as text that explains itself (`Unreadable`) so the schema check refuses them
wherever a figure is expected. Anchors and aliases are refused: editors never need them,
and a few lines of them can expand into billions of values.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import yaml

from ..base.errors import DataError, field_path
from ..base.text_rules import refused_character

_BOOL, _NULL, _INT, _FLOAT, _STR = (f"tag:yaml.org,2002:{name}" for name in ("bool", "null", "int", "float", "str"))
_ODD = "tag:thurrock,2026:odd-number"
_DIGITS = list("-+0123456789.")
_INT_FORM = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_FORM = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?$")
_ODD_FORMS = (  # (form, why it is refused): numbers YAML 1.1 would read as something else
    (
        re.compile(r"^[-+]?0[xXoObB][0-9a-fA-F_]+$"),
        "is written as a hexadecimal, octal or binary number; write the figure in ordinary decimal digits",
    ),
    (
        re.compile(r"^[-+]?0[0-9]+$"),
        "starts with a zero, which YAML reads as an octal number (0252 would become 170); write the figure "
        "without the leading zero, or put it in quotes if it is a code",
    ),
    (
        re.compile(r"^(?=[^_]*_)[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$"),
        "has an underscore, which YAML leaves out (12_5 would become 125); write the figure in digits only",
    ),
    (
        re.compile(r"^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$"),
        "is not a figure; write the number as published, or n/a where the report printed no figure",
    ),
)
# Characters that cannot be seen but change how text reads: bidirectional overrides and
# zero-width characters can disguise a file name or a figure.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


class Unreadable(str):
    """Text that looks like a number but is not one the site can publish; `reason` says why."""

    reason: str


def unreadable(text: str, reason: str) -> Unreadable:
    value = Unreadable(text)
    value.reason = f"{text!r} {reason}"
    return value


def odd_number_reason(text: str) -> str | None:
    """Why text, which YAML 1.1 would read as a number, is not a figure; None if it is not one."""
    return next((reason for form, reason in _ODD_FORMS if form.match(text)), None)


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
    """libyaml's fast safe loader, reading numbers and booleans strictly and keeping positions."""

    def __init__(self, stream):
        super().__init__(stream)
        self.placed: set[int] = set()  # every node already placed in the document, to find aliases


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_INT, _INT_FORM, _DIGITS)
_Loader.add_implicit_resolver(_FLOAT, _FLOAT_FORM, _DIGITS)
_Loader.add_implicit_resolver(_ODD, re.compile("|".join(form.pattern for form, _ in _ODD_FORMS)), _DIGITS)


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if not _INT_FORM.match(text):
        return unreadable(text, odd_number_reason(text) or "is not a whole number")
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (4,300): far more than any figure has
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {len(text.lstrip('+-'))} digits is written here; no figure has so many, so check the "
            "number (or put it in quotes if it is not a figure)",
            node.start_mark,
        ) from None


def _construct_float(loader, node):
    text = loader.construct_scalar(node)
    value = float(text) if _FLOAT_FORM.match(text) else math.nan
    if math.isfinite(value):
        return value
    too_large = "is too large to be a figure; check the number of digits"
    return unreadable(text, too_large if _FLOAT_FORM.match(text) else odd_number_reason(text) or too_large)


def _construct_odd(loader, node):
    text = loader.construct_scalar(node)
    return unreadable(text, odd_number_reason(text))


def _place(loader, nodes) -> None:
    """Refuse a node that is already placed elsewhere: that is what an alias (*name) does."""
    for node in nodes:
        if id(node) in loader.placed:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "an anchor (&) and alias (*) reuse the value written here; these files do not use "
                "anchors or aliases, so write each value out in full",
                node.start_mark,
            )
        loader.placed.add(id(node))


def _construct_mapping(loader, node):
    data = Located()
    yield data
    _place(loader, (child for pair in node.value for child in pair))
    seen: dict = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a field's name here is a list or a block (written with ?, [ ] or { } before a colon); "
                "a field's name is a word, such as title: write it plainly",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the field {key!r} is written twice in the same block (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    data.update(loader.construct_mapping(node, deep=True))
    data.line = node.start_mark.line + 1
    data.key_lines = seen


def _construct_sequence(loader, node):
    data = LocatedList()
    yield data
    _place(loader, node.value)
    data.extend(loader.construct_sequence(node, deep=True))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


_Loader.add_constructor(_INT, _construct_int)
_Loader.add_constructor(_FLOAT, _construct_float)
_Loader.add_constructor(_ODD, _construct_odd)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def read_yaml(path: Path, name: str) -> tuple[object, list[DataError]]:
    """Parse one file; a syntax mistake becomes a DataError naming its line and column, and so does a
    character no text may hold (text_problems), wherever YAML unescaped it from."""
    if path.is_dir():
        return None, [DataError(name, "this is a folder, but a data file belongs here; put the file here instead")]
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [DataError(name, f"the file cannot be read ({error.strerror or error}); check it is a file")]
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            DataError(
                name,
                f"the byte {raw[error.start]:#04x} here is not UTF-8 text; retype the "
                "character (often a pasted quote or dash) or save the file as UTF-8",
                line=line,
                column=column,
            )
        ]
    if not text.strip() or all(line.lstrip().startswith("#") for line in text.splitlines() if line.strip()):
        return None, [DataError(name, "the file is empty; it must contain the data described by its schema")]
    invisible = invisible_characters(text, name)
    if invisible:
        return None, invisible
    try:
        too_deep = _nested_too_deep(text)
        if too_deep is not None:
            return None, [
                DataError(
                    name,
                    f"the blocks and lists here are nested more than {MAX_DEPTH} levels deep; no data file needs "
                    "so many, so check the indentation and the brackets",
                    line=too_deep.line + 1,
                    column=too_deep.column + 1,
                )
            ]
        document = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # For an unclosed quote or bracket, where it began is more useful than where YAML gave up.
        opened = error.context and ("quoted" in error.context or "flow" in error.context)
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        return None, [
            DataError(
                name,
                _plain_yaml_problem(error, text),
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            )
        ]
    except yaml.YAMLError as error:
        return None, [DataError(name, f"this is not valid YAML ({error})")]
    problems = text_problems(document, name)
    return (None, problems) if problems else (document, [])


MAX_DEPTH = 50  # blocks and lists within each other; the data files nest five deep


def _nested_too_deep(text: str) -> yaml.Mark | None:
    """Where the blocks and lists (mappings and sequences) first nest more than MAX_DEPTH deep, found from the
    parser's events, which keep no depth of their own, before the document is built: building it goes one
    level deeper on the stack for each (libyaml's composer in C, then Python), so a few thousand levels end
    in a RecursionError and a hundred thousand in a crash."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def invisible_characters(text: str, name: str) -> list[DataError]:
    """Every bidirectional-override or zero-width character, with its line and column."""
    errors = []
    for number, line in enumerate(text.splitlines(), 1):
        for found in _INVISIBLE.finditer(line):
            char = found[0]
            errors.append(
                DataError(
                    name,
                    f"an invisible character, U+{ord(char):04X} "
                    f"({unicodedata.name(char, 'format character').lower()}), is here; it can "
                    "disguise text or a figure, so delete it (retype the words around it)",
                    line=number,
                    column=found.start() + 1,
                )
            )
    return errors


# What no text in data/ may hold, however it is written (typed, or as an escape in quotes such as "\u202e"
# or "\x1b", which YAML turns into the character itself): line breaks (every field is shown on one line),
# control characters (XML 1.0, and so the feed, cannot hold most of them), and invisible format characters:
# text_rules.refused_character, the same rule as a page's title and description.


def text_problems(document: object, name: str) -> list[DataError]:
    """Every text (a value or a field's name) holding a line break, a control character or an invisible
    character, checked after YAML has unescaped it: one error per text, at its field and line."""
    errors: list[DataError] = []
    stack: list[tuple[tuple, object]] = [((), document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    _check_text(key, document, (*path, key), name, errors, "the name of this field")
                    _check_length(key, document, (*path, key), name, errors, "the name of this field")
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, index), item) for index, item in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, document, path, name, errors, "this text")
            _check_length(node, document, path, name, errors, "this text")
    return sorted(errors, key=lambda error: (error.line or 0, error.field))


MAX_TEXT = 2000  # characters in one text; the longest in data/ (a fact's note) has under 250


def _check_length(text: str, document: object, path: tuple, name: str, errors: list, what: str) -> None:
    if len(text) > MAX_TEXT:
        errors.append(
            DataError(
                name,
                f"{what} is {len(text):,} characters long, more than the {MAX_TEXT:,} any text here may have (a "
                "note is a sentence or two); shorten it",
                field=field_path(path),
                line=line_of(document, path),
            )
        )


def _check_text(text: str, document: object, path: tuple, name: str, errors: list, what: str) -> None:
    if text.isascii() and text.isprintable():
        return
    problem = next((why for char in text if (why := refused_character(char, what))), None)
    if problem:
        errors.append(DataError(name, problem, field=field_path(path), line=line_of(document, path)))


def _plain_yaml_problem(error: yaml.MarkedYAMLError, text: str) -> str:
    """Say what YAML found in words an editor can act on."""
    problem = error.problem or ""
    mark = error.problem_mark
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in line[: mark.column + 1 if mark else 0] or "tab" in problem:
        return "a tab character is used for indenting; YAML needs spaces, so replace the tab with spaces"
    if "could not determine a constructor" in problem:
        return (
            "a tag (written with !) is used here; these files do not use tags, so remove it and write the value plainly"
        )
    if isinstance(error, yaml.constructor.ConstructorError):
        return problem  # written by this module's constructors, already in plain words
    context = f" {error.context}" if error.context else ""
    return f"this is not valid YAML:{context} {problem}".rstrip() + (
        "; check the indentation and that every quote and bracket is closed"
    )


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
