"""What a build reads from git besides the history of data/ (history.py): when each data file last changed,
which commit first added each file (a report, a recorded correction), which files in docs/ and overrides/ git
ignores, and, for make check, data/ as the published branch holds it. One git command each; nothing where the
project is not a git work tree or git is not there."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from datetime import date, datetime
from pathlib import Path

from ..base.errors import DataError
from ..workings.dates import Dates


def data_file_dates(root: Path, folder: str = "data") -> Dates:
    """Each file under folder with the date of the last commit that changed it, from one reading of git
    history; {} where there is no history or only a shallow one (which would date every file to its one
    commit)."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout

    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return {}
        history = git("-c", "core.quotePath=false", "log", "-M", "--format=%x00%cs", "--name-status", "--", folder)
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: Dates = {}
    named: dict[str, str] = {}  # a file's earlier path -> its path now, where it moved
    for commit in history.split("\0")[1:]:
        stamp, *lines = commit.split("\n")
        for line in filter(None, lines):
            status, *paths = line.split("\t")
            now = named.get(paths[-1], paths[-1])
            if status.startswith("R"):
                named[paths[0]] = now
                if status == "R100":
                    continue  # moved, not changed: its figures are as they were
            dates.setdefault(now, date.fromisoformat(stamp))  # newest first: the first is the last change
    return dates


def first_added(root: Path, folder: str) -> dict[str, tuple[str, datetime]] | None:
    """Each file under folder (its path in the repository) with the commit on the main line (first parents: a
    pull request's change counts from its merge) that first added it, and that commit's date; None where there
    is no history or only a shallow one (whose one commit would seem to add everything)."""
    # --no-renames: a file added beside one it resembles (a record like an older one) is added, not moved
    log = _main_line(root, folder, "--no-renames", "--diff-filter=A", "--name-only")
    if log is None:
        return None
    added: dict[str, tuple[str, datetime]] = {}
    for commit, when, paths in log:
        for path in paths:
            added.setdefault(path, (commit, when))
    return added


def first_added_moved(root: Path, folder: str) -> dict[str, tuple[str, datetime]] | None:
    """first_added, where a file moved (git sees a rename) keeping the commit that first added it where it was:
    a report filed in its portfolio's folder is the report published before. None as first_added."""
    log = _main_line(root, folder, "-M", "--diff-filter=AR", "--name-status")
    if log is None:
        return None
    added: dict[str, tuple[str, datetime]] = {}
    for commit, when, lines in log:
        for line in lines:
            status, *paths = line.split("\t")
            first = added.get(paths[0]) if status.startswith("R") else None
            added.setdefault(paths[-1], first or (commit, when))
    return added


def _main_line(root: Path, folder: str, *options: str) -> list[tuple[str, datetime, list[str]]] | None:
    """Each commit on the main line (first parents) that git log with options lists for folder, oldest first:
    (commit, its date, its lines of names); None where there is no history or only a shallow one."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=300, check=True).stdout

    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return None
        log = git(
            *("-c", "core.quotePath=false", "log", "--first-parent", "--reverse", *options),
            *("--format=%x00%H %cI", "--", folder),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commits = []
    for entry in log.split("\0")[1:]:
        head, *lines = entry.strip().split("\n")
        commit, when = head.split(" ")
        commits.append((commit, datetime.fromisoformat(when), [line for line in lines if line]))
    return commits


def published_data(root: Path, ref: str, dest: Path, folder: str = "data") -> Path | None:
    """folder as it is where HEAD and ref (the published branch, such as origin/main) meet, written into dest
    (its regular files only); None where ref is not a commit here. A commit without the folder gives an empty
    one."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=300, check=True).stdout

    try:
        published = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
        if not re.fullmatch(r"[0-9a-f]{40,64}", published):
            return None
        base = git("merge-base", "HEAD", published).decode().strip()
        listed = git("ls-tree", "-d", "--name-only", base, "--", folder).decode().strip()
        archive = git("archive", "--format=tar", base, "--", folder) if listed else b""
    except (OSError, subprocess.SubprocessError):
        return None
    if archive:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, members=[member for member in tar if member.isreg() or member.isdir()], filter="data")
    (dest / folder).mkdir(parents=True, exist_ok=True)
    return dest / folder


def branch_added(root: Path, ref: str, folder: str, tip: str = "HEAD") -> set[str] | None:
    """The files under folder (paths in the repository) that the branch at tip added by its own commits since it
    left ref (the published branch): the commits on its main line (first parents) that are not merges, so what
    came in by merging another branch is not counted. None where git cannot tell."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=300, check=True).stdout

    try:
        base = git("merge-base", "--end-of-options", f"{tip}^{{commit}}", f"{ref}^{{commit}}").strip()
        log = git(
            *("-c", "core.quotePath=false", "log", "--first-parent", "--no-merges", "--no-renames"),
            *("--diff-filter=A", "--format=", "--name-only", f"{base}..{tip}", "--", folder),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return set(filter(None, log.split("\n")))


def last_committed(root: Path, folder: str = "data") -> datetime | None:
    """When folder was last committed: the date of the newest commit that changed it, which a shallow clone
    (one commit) knows too; None where the project is not a git repository with such a commit."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", folder], cwd=root, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = done.stdout.strip() if done.returncode == 0 else ""
    return datetime.fromisoformat(stamp) if stamp else None


def ignored_by_git(project: Path, folders: list[str]) -> dict[str, DataError]:
    """{path: why it is left out} for each file under folders that git ignores, where the project is a git work
    tree (one git command): the build leaves it out, as nothing publishes what is not reviewed. Nothing where
    the project is not a work tree or git is not there; an untracked file git does not ignore, such as a page
    not yet committed, stays."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "-z", "--", *map(str, folders)],
            cwd=project,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if listed.returncode != 0:  # not a git work tree
        return {}
    names = [os.fsdecode(name) for name in listed.stdout.split(b"\0") if name]
    return {
        os.path.abspath(Path(project, name)): DataError(
            Path(name).as_posix(),
            "git ignores this file (.gitignore), so it is left out of the site: a build publishes only what can "
            "be reviewed; rename or move it, or change .gitignore and commit it",
        )
        for name in names
    }


def tracked(root: Path, folder: str) -> list[str] | None:
    """The files git tracks under folder (paths in the repository); None where the project is not a git work
    tree."""
    try:
        listed = subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-files", "-z", "--", folder],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [os.fsdecode(name) for name in listed.split(b"\0") if name]


def committed_as_is(root: Path, path: str) -> bool:
    """Whether the file at path is as the last commit holds it."""
    try:
        done = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", path], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
