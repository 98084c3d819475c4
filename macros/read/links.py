"""What in the project's own folders is not a plain file or folder, refused by name before anything is read.

A symbolic link in docs/, data/ or overrides/ would publish (or include, or read as figures) whatever file it
points at, such as one of the computer's own files, rather than what the repository holds. A named pipe, a
socket or a device there has no content of its own: opening one can wait for ever or fail. A folder named
like a file the build reads (docs/about.md, overrides/main.html) stands where that file belongs, and a page
or template that is not UTF-8 text cannot be read. So the check (`python -m macros.tools.check`) and every build
name each of these and stop (the strict build) or show it on every page (`make serve`); and the build
leaves every file that is a link, reached through one or not a plain file out of the site, so MkDocs
neither reads nor copies it. Nothing here opens anything but plain files the build reads as text.

A build publishes only what can be reviewed: where the project is a git work tree, a file in docs/ or
overrides/ that git ignores (`.gitignore`) is left out of the site with a warning naming it
(macros/edge/git_reads.py),
an error in the strict build and the check; an untracked file git does not ignore (a new page not yet
committed) stays.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..base.errors import DataError, DataErrors

FOLDERS = ("docs", "data", "overrides")

# The names of the files the build reads in each folder: a folder with such a name stands where a file belongs.
FILE_SUFFIXES = {
    "docs": (".md",),
    "data": (".yaml", ".yml", ".json"),
    "overrides": (".html", ".css", ".js", ".yml", ".yaml", ".json"),
}
# The files the build reads as UTF-8 text (data/ files are checked as they are read, with their line).
TEXT_SUFFIXES = {"docs": (".md",), "overrides": (".html",)}

WHAT_TO_DO = (
    "this is a symbolic link; the site is built only from the files the repository holds, so put the file's "
    "own content here (or the folder's own files), or remove the link"
)
NOT_A_FILE = (
    "this is not a plain file but {kind}; it has no content the site can be built from (opening it could wait "
    "for ever), so remove it and put a file here if one belongs here"
)
KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}
A_FOLDER = (
    "this is a folder, but a {what} belongs here (a name ending in {suffix} is a file's, and the build would "
    "leave it out or stop); put the file here instead, or rename the folder"
)
WHAT = {"docs": "page", "data": "data file", "overrides": "template or style file"}


def refused_paths(root: Path, folders: tuple[str, ...] = FOLDERS) -> list[DataError]:
    """Each symbolic link (a file or a folder), file that is not a plain file (a named pipe, a socket, a
    device), folder named like a file the build reads and page or template that is not UTF-8 text under root's
    folders, named as a path from root. A link is not followed, so nothing behind it is looked at, and nothing
    but a plain file is opened."""
    root = Path(root)
    errors = []
    for folder in folders:
        top = root / folder
        if top.is_symlink():
            errors.append(DataError(folder, WHAT_TO_DO))
            continue
        found = []
        for current, dirs, files in os.walk(top):  # does not follow links to folders
            found += [Path(current, name) for name in dirs + files]
        for path in sorted(found):
            error = _refused(path, path.relative_to(root).as_posix(), folder)
            if error:
                errors.append(error)
    return errors


def _refused(path: Path, name: str, folder: str) -> DataError | None:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # gone since the folder was listed
    if stat.S_ISLNK(mode):
        return DataError(name, WHAT_TO_DO)
    if stat.S_ISDIR(mode):
        suffix = next((end for end in FILE_SUFFIXES.get(folder, ()) if path.name.lower().endswith(end)), None)
        return DataError(name, A_FOLDER.format(what=WHAT[folder], suffix=suffix)) if suffix else None
    if not stat.S_ISREG(mode):
        return DataError(name, NOT_A_FILE.format(kind=KINDS.get(stat.S_IFMT(mode), "something else")))
    if path.name.lower().endswith(TEXT_SUFFIXES.get(folder, ())):
        return not_utf8(path, name)
    return None


def not_utf8(path: Path, name: str) -> DataError | None:
    """An error at the first byte of a plain file that is not UTF-8 text; None where it is text (or cannot be
    read, which the build says itself)."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except OSError:
        return None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return DataError(
            name,
            f"this file is not UTF-8 text (byte {error.start + 1} of the file, {raw[error.start]:#04x}, is not "
            "part of a UTF-8 character); retype the character there (often a pasted quote or dash) or save the "
            "file as UTF-8",
            line=line,
            column=column,
        )
    return None


def refuse_paths(root: Path, folders: tuple[str, ...] = FOLDERS) -> None:
    """Raise DataErrors naming everything refused_paths finds under root's folders."""
    errors = refused_paths(root, folders)
    if errors:
        raise DataErrors(errors)


def left_out(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """Whether the build leaves path, a file under folder, out: a link or reached through one, not a plain
    file (a named pipe, a socket, a device, a folder), or a page or template that is not UTF-8 text."""
    if through_a_link(path, folder) or not stat.S_ISREG(_mode(path)):
        return True
    return str(path).lower().endswith((".md", ".html")) and not_utf8(Path(path), str(path)) is not None


def _mode(path: str | os.PathLike) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


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
