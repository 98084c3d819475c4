"""Symbolic links in the project's own folders, refused by name before anything is read through one.

A link in docs/, data/ or overrides/ would publish (or include, or read as figures) whatever file it
points at, such as one of the computer's own files, rather than what the repository holds. So the
check (`python -m macros.check`) and every build name each link and stop (the strict build) or show
it on every page (`make serve`); and the build leaves every file reached through a link out of the
site, so MkDocs neither reads nor copies it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError, DataErrors

FOLDERS = ("docs", "data", "overrides")

WHAT_TO_DO = (
    "this is a symbolic link; the site is built only from the files the repository holds, so put the file's "
    "own content here (or the folder's own files), or remove the link"
)


def linked_paths(root: Path, folders: tuple[str, ...] = FOLDERS) -> list[DataError]:
    """Each symbolic link under root's folders (a file or a folder), named as a path from root; a link is
    not followed, so nothing behind it is looked at."""
    root = Path(root)
    errors = []
    for folder in folders:
        top = root / folder
        if top.is_symlink():
            errors.append(_refused(folder))
            continue
        found = []
        for current, dirs, files in os.walk(top):  # does not follow links to folders
            found += [Path(current, name) for name in dirs + files if Path(current, name).is_symlink()]
        errors += [_refused(path.relative_to(root).as_posix()) for path in sorted(found)]
    return errors


def _refused(name: str) -> DataError:
    return DataError(name, WHAT_TO_DO)


def refuse_links(root: Path, folders: tuple[str, ...] = FOLDERS) -> None:
    """Raise DataErrors naming every symbolic link under root's folders."""
    errors = linked_paths(root, folders)
    if errors:
        raise DataErrors(errors)


def through_a_link(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """Whether path, a file under folder, is a link or is reached through one (a linked folder), or is not
    under folder at all once every link is followed."""
    folder = os.path.abspath(folder)
    path = os.path.abspath(path)
    if os.path.commonpath([folder, path]) != folder:
        return True
    current = folder
    for part in Path(os.path.relpath(path, folder)).parts:
        current = os.path.join(current, part)
        if os.path.islink(current):
            return True
    return os.path.realpath(path) != os.path.join(os.path.realpath(folder), os.path.relpath(path, folder))
