"""The corrections recorded in data/corrections/ (macros/workings/corrections.py says what they are), read and
checked against corrections.schema.json like every other data file.

`read_corrections(data_dir)` gives each record's document by its path under the project (data/corrections/
<name>.yaml), or None where the project has no such folder (its history is then read from git); anything
else in the folder, or a record that breaks the schema, is a DataError naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..base.errors import DataError, DataErrors
from ..workings.corrections import FOLDER
from .load import read_yaml
from .schema import check_against_schema

SCHEMA = "corrections.schema.json"
RECORD_NAME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{10}\.yaml")  # record_name's
README = "README.md"  # what the folder is, for whoever opens it


def read_corrections(data_dir: Path) -> dict[str, dict] | None:
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return None
    found: dict[str, dict] = {}
    errors: list[DataError] = []
    for entry in sorted(folder.iterdir()):
        name = f"{Path(data_dir).name}/{FOLDER}/{entry.name}"
        if entry.name.startswith(".") or entry.name == README:
            continue
        if not RECORD_NAME.fullmatch(entry.name) or entry.is_symlink() or not entry.is_file():
            errors.append(
                DataError(name, "this folder holds only the corrections make check records; move or remove this")
            )
            continue
        document, problems = read_yaml(entry, name)
        problems = problems or check_against_schema(document, SCHEMA, name, Path(data_dir) / "schemas")
        errors += problems
        if not problems:
            found[f"{Path(data_dir).name}/{FOLDER}/{entry.name}"] = document
    if errors:
        raise DataErrors(errors)
    return found
