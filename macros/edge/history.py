"""What's changed from git history, read once per build at the edge (as dates.py reads the dates).

`site_history` is what a build asks for: from the corrections recorded in data/corrections/ where the
project has that folder (macros/workings/corrections.py), dated by the commits that added them; else, as
a fallback for a project without it, from every state of data/ in git history (`data_states`, below).

`data_states` lists the commits that changed data/ on the main line, oldest first, and reads each
one's data/ with today's code: its figures, or None where that code cannot read it. A commit's data/ is
written into a temporary folder from git's own objects (its trees and files, `git cat-file --batch`), its
regular files only; a commit whose data/ holds a symbolic link or a submodule is not read (None), so
nothing outside it is ever read and no such commit stops a later build. The commits are written one after
another into the same folder, each writing only the files it changed, so that read_site, which keeps each file
it read and checked until its content changes, reads again only those (a commit with other schemas starts a
new folder): the figures are those of the commit's data/ in a folder of its own (tests/test_history.py).

Each commit's figures are kept inside the repository's git directory, where git never tracks anything
(`<git dir>/site-cache/data-history/`), as JSON, under a key made of the id of the commit's data/ tree
and the version of the code that read it (`code_version`); a kept record whose key or digest does not
match is read from git again, so an edited or damaged record is never published. A cache folder that is, or
is held by, a symbolic link is not used (no cache), and no record is read or written through a link. (Whoever
can write in the git directory could write a record with its digest worked out again: the git directory is
trusted as the repository itself is.) A commit whose data/ today's code cannot read, whatever the reason, is
left out (None) and never stops a build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from ..base.errors import DataErrors
from ..base.model import ReportKey, Site
from ..read.project import read_site
from ..workings.changes import FigureChange, ReportChange, Snapshot, State, changes, snapshot
from ..workings.corrections import recorded_history
from .git_reads import first_added, first_added_moved

log = logging.getLogger("mkdocs.plugins.macros.thurrock.history")
CODE = (
    Path(__file__).resolve().parents[1]
)  # macros/, every layer of it: the code that reads and prints a commit's figures
CACHE = ("site-cache", "data-history")  # inside the git directory
MANIFEST = ("site-cache", "manifest.json")  # what the cache folder holds, beside it
SWITCH = "SITE_CACHE"  # SITE_CACHE=off: no cache read or written (make build, make serve, the tests)


def site_history(
    root: Path, site: Site, recorded: dict[str, dict] | None, keep: bool = True
) -> list[ReportChange | FigureChange] | None:
    """Every change What's changed lists, oldest first; None where this copy has no history (not a git
    repository, or a shallow clone). From the corrections recorded in data/corrections/ (recorded, as
    read_corrections gives them) where the project has that folder: a few small files and one git command.
    Else from every commit of data/ (data_states; keep: with the cache)."""
    if recorded is None:
        states = data_states(root, keep=keep)
        return None if states is None else changes(states, reports_first_added(root))
    added = first_added(root, "data")
    if added is None:
        return None
    reports = {report.id: report.title for report in site.reports.values()}
    return recorded_history(reports, reports_first_added(root), recorded, added)


def cache_wanted(environment: dict) -> bool:
    """Whether the build keeps each commit's figures between builds (the one cache): yes unless SITE_CACHE is
    off, no or 0."""
    return environment.get(SWITCH, "").strip().lower() not in ("off", "no", "0", "false")


REGULAR = (b"100644", b"100755")  # a file's modes in git; 120000 is a symbolic link, 160000 a submodule


def data_states(root: Path, folder: str = "data", keep: bool = True, code: Path = CODE) -> list[State] | None:
    """None where there is no history, or only a shallow one (whose first commit would seem to publish
    every figure). keep: take each commit's figures from, and keep them in, the git directory's cache, as
    read by the code in the folder code (this package)."""

    def git(*args: str, stdin: bytes | None = None) -> bytes:
        return subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, timeout=300, check=True
        ).stdout

    try:
        if git("rev-parse", "--is-shallow-repository").decode().strip() != "false":
            return None
        # The main line only: a correction counts from the day it reached it (its merge), not its branch's.
        log = git("log", "--first-parent", "--reverse", "--format=%H %cI", "--", folder).decode()
        commits = [line.split(" ") for line in log.splitlines() if line]
        kept = _cache_folder(git) if keep and commits else None
        trees = _trees(git, [commit for commit, _ in commits], folder)
        version = code_version(Path(code)) if kept else ""
        with tempfile.TemporaryDirectory() as scratch:
            reader = _Reader(git, folder, Path(scratch), _listings(git, set(trees.values()), folder))
            states = [
                (commit, datetime.fromisoformat(when), _figures(reader, commit, kept, trees.get(commit), version))
                for commit, when in commits
            ]
        if kept:
            _write_manifest(kept.parent / MANIFEST[-1], version, len(trees))
    except (OSError, subprocess.SubprocessError):
        return None
    return states or None


@cache
def code_version(code: Path = CODE) -> str:
    """Everything besides a commit's data/ that its figures depend on: every module of this package (code, a
    folder of them) and the versions of Python, PyYAML and jsonschema that read and check the data."""
    digest = hashlib.sha256()
    for path in sorted(Path(code).rglob("*.py")):
        digest.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("PyYAML", "jsonschema"):
        digest.update(f"{name} {version(name)}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def unpublished_commits(root: Path, published_ref: str) -> set[str] | None:
    """The commits of this copy that the published branch (published_ref, such as origin/main) does not hold:
    a pull request's own. Nothing where no ref is given; None where it is not a commit known here."""
    if not published_ref:
        return set()
    published = _git_text(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{published_ref}^{{commit}}")
    if not published or not re.fullmatch(r"[0-9a-f]{40,64}", published.strip()):  # one commit, not a range
        return None
    listed = _git_text(root, "rev-list", "HEAD", "--not", published.strip(), "--")
    return set((listed or "").split())


def _git_text(root: Path, *args: str) -> str | None:
    """What a git command prints, or None where git or the history is not there."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=120, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def reports_first_added(root: Path, folder: str = "data") -> dict[ReportKey, tuple[str, datetime]]:
    """Each report (data/reports/<portfolio>/<year>.yaml) with the commit on the main line that first added its
    file, where it was before it moved too."""
    return reports_in(first_added_moved(root, f"{folder}/reports") or {}, folder)


def reports_in(added: dict[str, tuple[str, datetime]], folder: str = "data") -> dict[ReportKey, tuple[str, datetime]]:
    """The reports' files among first_added's, by report."""
    named = re.compile(rf"{re.escape(folder)}/reports/([a-z0-9-]+)/([0-9]{{4}})\.yaml")
    return {
        ReportKey(int(match[2]), match[1]): commit for path, commit in added.items() if (match := named.fullmatch(path))
    }


def _cache_folder(git) -> Path | None:
    """Where the figures of each commit are kept: inside the git directory (shared by its worktrees); None (no
    cache) where the folder or the one holding it is a symbolic link, which could lead anywhere."""
    common = git("rev-parse", "--path-format=absolute", "--git-common-dir").decode().strip()
    folder = Path(common, *CACHE) if common else None
    return folder if folder and not _linked(folder, len(CACHE)) else None


def _linked(folder: Path, parts: int) -> bool:
    """Whether folder or one of the parts-1 folders holding it is a symbolic link (or anything but a folder)."""
    for _ in range(parts):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return True
        folder = folder.parent
    return False


def _trees(git, commits: list[str], folder: str) -> dict[str, str]:
    """The id of each commit's folder tree (one git process for all of them); a commit without one is left out."""
    asked = "".join(f"{commit}:{folder}\n" for commit in commits).encode()
    answers = [answer.split(" ") for answer in git("cat-file", "--batch-check", stdin=asked).decode().splitlines()]
    return {
        commit: answer[0]
        for commit, answer in zip(commits, answers, strict=False)
        if len(answer) == 3 and answer[1] == "tree"
    }


def _figures(reader: _Reader, commit: str, kept: Path | None, tree: str | None, code: str) -> Snapshot | None:
    """A commit's figures, from the cache when a record there has this tree and this code, and whole."""
    key = {"tree": tree, "code": code}
    path = kept / f"{hashlib.sha256(f'{tree} {code}'.encode()).hexdigest()}.json" if kept and tree else None
    if path:
        found = _kept_figures(path, key)
        if found is not None:
            return found[0]
    figures = reader.figures(commit, tree)
    if path:
        _keep(path, key, figures)
    return figures


def _payload_digest(key: dict, figures) -> str:
    return hashlib.sha256(json.dumps([key, figures], sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _kept_figures(path: Path, key: dict) -> tuple[Snapshot | None] | None:
    """(figures,) from a kept record whose key is key and whose digest matches its payload; None (a miss) for
    anything else: no record, another key, an edited, cut short or malformed one."""
    try:
        with open(path, "rb", opener=_no_follow) as file:  # never through a link (a kept record is a file)
            record = json.loads(file.read().decode("utf-8"))
        if record["key"] != key or record["sha256"] != _payload_digest(key, record["figures"]):
            return None
        return (Snapshot.from_json(record["figures"]) if record["figures"] is not None else None,)
    except Exception:  # noqa: BLE001 - whatever a damaged record holds (JSON nested past Python's stack: a RecursionError)
        return None


def _keep(path: Path, key: dict, figures: Snapshot | None) -> None:
    """Keep a commit's figures; a git directory that cannot be written only means no cache."""
    payload = figures.to_json() if figures is not None else None
    record = {"key": key, "figures": payload, "sha256": _payload_digest(key, payload)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if _linked(path.parent, len(CACHE)):  # made a link since it was looked at: never write through one
            return
        partial = path.with_suffix(f".{id(record)}.partial")
        with open(partial, "xb", opener=_no_follow) as file:  # a new file, never through anything already there
            file.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        partial.replace(path)  # whole or not at all, should two builds meet
    except OSError:
        pass


def _write_manifest(path: Path, version: str, records: int) -> None:
    """The cache's manifest: what its one folder holds, under which key, and how to switch it off."""
    manifest = {
        "data-history": {
            "holds": "each commit's figures from data/, as JSON, one file per commit",
            "key": "the id of the commit's data/ tree and the version of the code that read it",
            "code_version": version,
            "records_used_by_the_last_build": records,
        },
        "switch": f"{SWITCH}=off builds without reading or writing it; deleting the folder only slows the next build",
    }
    partial = None
    try:
        if _linked(path.parent, len(MANIFEST) - 1):
            return
        # A new file of a name no one chose (O_EXCL, never a link): writing through whatever is there under a
        # name known beforehand (a hard link to a file elsewhere) would write outside the cache.
        handle, partial = tempfile.mkstemp(prefix="manifest.", suffix=".partial", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(json.dumps(manifest, indent=2).encode("utf-8"))
        os.replace(partial, path)
        partial = None
    except OSError:
        pass
    finally:
        if partial is not None:  # not put in place (manifest.json is a folder, say): no leftover
            with contextlib.suppress(OSError):
                os.unlink(partial)


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW, 0o666)


class _Reader:
    """Reads the commits' data/ one after another into one folder, writing only the files that changed since the
    commit before: read_site keeps each file it read and checked until its content changes, so a commit costs
    the reading of the files it changed (and the site put together again), not of all of data/. A folder holds
    the files of one set of schemas (data/schemas): a commit with other schemas starts a new one, as a file read
    and checked is kept without the schemas it was checked against."""

    def __init__(self, git, folder: str, scratch: Path, listings: dict[str, dict | None]):
        self.git, self.folder, self.scratch, self.listings = git, folder, scratch, listings
        self.root: Path | None = None  # the folder holding data/ as the last commit read left it
        self.written: dict[PurePosixPath, str] = {}  # each file there -> the blob it holds
        self.schemas: dict | None = None
        self.made = 0

    def figures(self, commit: str, tree: str | None) -> Snapshot | None:
        """The figures of a commit's folder, read by today's code from its regular files; None where the code
        cannot read it, or where it holds anything but regular files (a symbolic link, a submodule) or a path
        that would leave the folder."""
        listing = self.listings.get(tree) if tree else None
        if not listing:
            return None  # bridged by changes.changes like any commit the code cannot read
        try:
            self._write(listing)
        except OSError:
            self.root = None  # a name this computer cannot write (or two that are one here): not read
            return None
        try:
            return snapshot(read_site(self.root / self.folder))
        except DataErrors:
            return None  # e.g. from before a file the code now needs: bridged by changes.changes
        except Exception as error:  # whatever a past commit's data does to today's code
            # The edge of the history: a commit that cannot be read is bridged like one with a mistake, so an old
            # commit never stops a build (today's data/ is checked, and refused with its file and line, apart).
            log.debug("data/ of commit %s cannot be read (%s: %s); left out", commit, type(error).__name__, error)
            return None

    def _write(self, listing: dict[PurePosixPath, str]) -> None:
        """Make the folder hold exactly listing's files: those of another blob or gone removed (and any folder
        left empty), the new ones written from git's objects, each a new regular file."""
        schemas = {path: oid for path, oid in listing.items() if path.parts[1] == "schemas"}
        if self.root is None or schemas != self.schemas:
            self.made += 1
            self.root, self.written, self.schemas = self.scratch / str(self.made), {}, schemas
            self.root.mkdir()
        for path in [path for path, oid in self.written.items() if listing.get(path) != oid]:
            target = self.root.joinpath(*path.parts)
            target.unlink()
            del self.written[path]
            for parent in target.parents:  # a folder left empty would be read as one (data/reports/<folder>)
                if parent == self.root or any(parent.iterdir()):
                    break
                parent.rmdir()
        new = {path: oid for path, oid in listing.items() if path not in self.written}
        contents = _blobs(self.git, list(new.values())) if new else {}
        for path, oid in new.items():
            target = self.root.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as file:  # a new regular file: never through anything already there
                file.write(contents[oid])
            self.written[path] = oid


def _listings(git, trees: set[str], folder: str) -> dict[str, dict[PurePosixPath, str] | None]:
    """Each tree's regular files (its path under the folder, relative to the folder's parent -> blob id), read from
    git's tree objects, each once, in as many `git cat-file --batch` as the deepest folder is deep; None for a
    tree holding anything but regular files and folders (a symbolic link, a submodule), a path that would leave the
    folder, or no file at all."""
    entries: dict[str, list[tuple[bytes, str, str]]] = {}
    asked = set(trees)
    while asked:
        for oid, content in _objects(git, sorted(asked), "tree").items():
            entries[oid] = _tree_entries(content, len(oid) // 2)
        asked = {child for oid in asked for mode, _, child in entries[oid] if mode == b"40000"} - set(entries)

    def files(tree: str, prefix: PurePosixPath) -> dict[PurePosixPath, str] | None:
        found: dict[PurePosixPath, str] = {}
        for mode, name, oid in entries[tree]:
            path = prefix / name
            if mode == b"40000":
                inside = files(oid, path)
                if inside is None:
                    return None
                found.update(inside)
            elif mode in REGULAR and _inside(path, prefix.parts[0]):
                found[path] = oid
            else:
                return None
        return found

    return {tree: files(tree, PurePosixPath(folder)) or None for tree in trees}


def _tree_entries(content: bytes, width: int) -> list[tuple[bytes, str, str]]:
    """(mode, name, id) of each entry of a tree object as git stores it: "<mode> <name>\\0" and the id's width
    bytes (20 for SHA-1, 32 for SHA-256)."""
    found, at = [], 0
    while at < len(content):
        space = content.index(b" ", at)
        nul = content.index(b"\0", space)
        mode, name = content[at:space], content[space + 1 : nul].decode("utf-8", "surrogateescape")
        found.append((mode, name, content[nul + 1 : nul + 1 + width].hex()))
        at = nul + 1 + width
    return found


def _inside(path: PurePosixPath, folder: str) -> bool:
    """A relative path of plain names under folder: no "..", ".", empty or absolute part, no backslash."""
    parts = path.parts
    return (
        not path.is_absolute()
        and len(parts) > 1
        and parts[0] == folder
        and all(part not in ("", ".", "..", ".git") and "\\" not in part for part in parts)
    )


def _blobs(git, oids: list[str]) -> dict[str, bytes]:
    """The content of each blob, from one `git cat-file --batch`."""
    return _objects(git, oids, "blob")


def _objects(git, oids: list[str], kind: str) -> dict[str, bytes]:
    """The content of each object (all of one kind), from one `git cat-file --batch`."""
    out = git("cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in dict.fromkeys(oids)).encode())
    contents, at = {}, 0
    while at < len(out):
        header_end = out.index(b"\n", at)
        oid, found, size = out[at:header_end].decode().split(" ")
        if found != kind:
            raise subprocess.SubprocessError(f"{oid} is a {found}, not a {kind}")
        start = header_end + 1
        contents[oid] = out[start : start + int(size)]
        at = start + int(size) + 1  # the content is followed by a line break
    return contents
