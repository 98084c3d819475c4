"""Check each data file against its JSON Schema in data/schemas/."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from ..base.errors import DataError, field_path
from ..base.units import PENDING
from .load import Unreadable, line_of


@lru_cache(maxsize=256)
def whole_text_pattern(pattern: str) -> re.Pattern:
    """A schema's pattern as JSON Schema (ECMA-262) means it: "$" only at the very end of the text.

    Python's "$" also matches before a final line break, so "^[a-z]+$" would let "evil\\n" through, and an
    id would make a folder with a line break in its name; here each "$" outside [ ] becomes \\Z.
    """
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out), re.ASCII)  # as in ECMA-262, \d is 0-9 only


def _pattern(validator, pattern: str, instance, schema):
    if validator.is_type(instance, "string") and not whole_text_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(checker, instance) -> bool:
    """A whole number written as one: JSON Schema counts 2018.0 as an integer, but YAML reads it as a float,
    which would print as "2018.0" wherever it is shown (a report id in an address, a download's name)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = validators.extend(
    Draft202012Validator,
    {"pattern": _pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def _validators(schema_dir: Path) -> dict[str, Draft202012Validator]:
    """The validators for the schemas as they are now (an edited schema is read again)."""
    return _validators_for(
        schema_dir,
        tuple(
            (path.name, path.stat().st_mtime_ns, path.stat().st_size)
            for path in sorted(schema_dir.glob("*.schema.json"))
        ),
    )


@lru_cache(maxsize=4)
def _validators_for(schema_dir: Path, fingerprint: tuple) -> dict[str, Draft202012Validator]:
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in schema_dir.glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())
    # Each $ref is resolved once, here: looked up again for every value checked, they took
    # most of the time a large report's check takes.
    return {
        name: _Validator(_inline_refs(schema, name, schemas, ()), registry=registry) for name, schema in schemas.items()
    }


def _inline_refs(node, base: str, schemas: dict, seen: tuple):
    """The schema with each "$ref" replaced by a copy of what it points to (a recursive one is kept)."""
    if isinstance(node, list):
        return [_inline_refs(item, base, schemas, seen) for item in node]
    if not isinstance(node, dict):
        return node
    rest = {key: _inline_refs(value, base, schemas, seen) for key, value in node.items() if key != "$ref"}
    if "$ref" not in node:
        return rest
    file, _, pointer = node["$ref"].partition("#")
    file = file or base
    if (file, pointer) in seen or file not in schemas:
        return {**rest, "$ref": f"{file}#{pointer}"}
    target = schemas[file]
    for part in filter(None, pointer.split("/")):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    target = _inline_refs(target, file, schemas, (*seen, (file, pointer)))
    # Keywords beside a $ref (a description) still apply; under allOf each error keeps its own schema.
    return {"allOf": [target], **rest} if rest else target


def check_against_schema(
    document: object, schema_name: str, file: str, schema_dir: Path, drafts: bool = False
) -> list[DataError]:
    """Every way the document breaks its schema, in file order, in plain English.

    With drafts (previewing a report being filled in), an empty field is not an error: it
    becomes PENDING, shown as "[to fill in]".
    """
    validator = _validators(schema_dir)[schema_name]
    errors = []
    for error in validator.iter_errors(document):
        for leaf in _leaves(error):
            path = tuple(leaf.absolute_path)
            if drafts and leaf.instance is None and path:
                _set(document, path, PENDING)
                continue
            errors.append(
                DataError(file, _explain(leaf), field=field_path(path), line=line_of(document, _pointer(leaf)))
            )
    return sorted(set(errors), key=lambda e: (e.line or 0, e.field, e.message))


def _set(document, path: tuple, value) -> None:
    for part in path[:-1]:
        document = document[part]
    document[path[-1]] = value


def _pointer(error) -> tuple:
    """The path whose line to show: for an unknown field, the line of that field itself."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        unknown = [name for name in error.instance if name not in error.schema.get("properties", {})]
        return (*path, unknown[0]) if unknown else path
    return path


def _leaves(error):
    """For "one of these shapes" errors, the most specific reasons, not the summary."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(len(sub.absolute_path) for sub in error.context)
        if deepest > len(error.absolute_path):
            return [leaf for sub in error.context if len(sub.absolute_path) == deepest for leaf in _leaves(sub)]
    return [error]


def _explain(error) -> str:
    """Turn a jsonschema error into a sentence that says what would be right."""
    kind, value, schema = error.validator, error.instance, error.schema
    if value is None and kind in ("type", "oneOf", "anyOf", "enum", "const", "pattern"):
        if kind == "type" and error.validator_value in ("integer", "string"):
            return "this is still empty; fill it in as the report printed it"
        return "this is still empty; fill it in as the report printed it (write n/a where it printed n/a)"
    if isinstance(value, Unreadable) and kind in ("type", "anyOf", "oneOf", "pattern"):
        return value.reason
    if isinstance(value, bool) and kind in ("type", "anyOf", "oneOf"):
        return (
            f"{str(value).lower()} is read as true or false, not as text or a figure; put it in quotes "
            f'(for example "{str(value).lower()}") if it is words'
        )
    hint = f" ({schema['description']})" if isinstance(schema, dict) and "description" in schema else ""
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        unknown = sorted(str(name) for name in set(value) - set(schema.get("properties", {})))
        comma = (
            (
                " (a comma inside { } starts a new field: write decimals with a point, e.g. 97.68,"
                " and numbers without commas, e.g. 9828491)"
            )
            if any(name.isdigit() for name in unknown)
            else ""
        )
        return f"unknown field {', '.join(unknown)}; the fields allowed here are: {allowed}{comma}"
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        return f"the field {', '.join(missing)} is missing and is required here"
    if kind == "enum":
        allowed = ", ".join(str(choice) for choice in error.validator_value)
        return f"{value!r} is not allowed; write one of: {allowed} (spelt and capitalised exactly so)"
    if kind == "const":
        return f"{value!r} is not allowed; write {error.validator_value!r}"
    if kind == "type":
        return f"{value!r} should be {_type_words(error.validator_value)}{hint}"
    if kind == "pattern":
        return f"{value!r} is not written the right way{hint or ' (pattern ' + error.validator_value + ')'}"
    if kind in ("exclusiveMaximum", "exclusiveMinimum") and abs(error.validator_value) >= 1e15:
        return f"{value!r} is too large to be a figure; check the number of digits"
    if kind in ("exclusiveMaximum", "exclusiveMinimum", "maximum", "minimum"):
        low, high = schema.get("minimum", schema.get("exclusiveMinimum")), schema.get("maximum")
        return f"{value!r} is outside what is allowed here: from {low} to {high}{hint}"
    if kind == "maxLength":
        return f"this is longer than {error.validator_value} characters, the most allowed here{hint}"
    if kind == "minItems":
        return "this list is empty; it needs at least one entry"
    if kind == "minLength":
        return "this is empty; write some text"
    if kind == "anyOf" and all(set(option) == {"required"} for option in error.validator_value):
        names = " or ".join(name for option in error.validator_value for name in option["required"])
        return f"this entry has neither {names}; it needs at least one of them"
    if kind in ("anyOf", "oneOf") and isinstance(value, (int, float)) and abs(value) >= 1e15:
        return f"{value!r} is too large to be a figure; check the number of digits"
    if kind in ("anyOf", "oneOf") and isinstance(value, str) and any(ch.isdigit() for ch in value):
        return (
            f"{value!r} is not a figure the way it is written; write numbers without commas, £ or % "
            f'(for example 9828491 or 97.68), durations in quotes as "m:ss", or n/a'
        )
    if kind in ("anyOf", "oneOf"):
        return f"{value!r} is not a valid value here{hint}"
    return f"{error.message}{hint}"


def _type_words(expected) -> str:
    names = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "object": "a block of fields",
        "array": "a list",
        "boolean": "true or false",
    }
    expected = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(name, name) for name in expected)
