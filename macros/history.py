"""The states of data/ in git history, read once per build at the edge (as dates.py reads the dates).

`data_states` lists the commits that changed data/ on the main line, oldest first, and reads each
one's data/ with today's code, from a temporary copy (`git archive`): its figures, or None where that
code cannot read it. Each commit's figures are kept under .cache/ (by commit hash, for one version of
macros/), so a build reads only the commits it has not seen.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from .changes import Snapshot, State, snapshot
from .errors import DataErrors
from .project import read_site

CODE = Path(__file__).resolve().parent  # the code that reads and prints a commit's figures


def data_states(root: Path, folder: str = "data", cache: Path | None = None) -> list[State] | None:
    """None where there is no history, or only a shallow one (whose first commit would seem to publish
    every figure)."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120, check=True).stdout

    try:
        if git("rev-parse", "--is-shallow-repository").decode().strip() != "false":
            return None
        # The main line only: a correction counts from the day it reached it (its merge), not its branch's.
        log = git("log", "--first-parent", "--reverse", "--format=%H %cI", "--", folder).decode()
        commits = [line.split(" ") for line in log.splitlines() if line]
        version = _code_version()
        states = [
            (commit, datetime.fromisoformat(when), _figures(git, commit, folder, cache, version))
            for commit, when in commits
        ]
    except (OSError, subprocess.SubprocessError):
        return None
    return states or None


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


def reports_first_added(root: Path, folder: str = "data") -> dict[int, tuple[str, datetime]]:
    """Each report (data/reports/<id>.yaml) with the commit on the main line that first added its file."""
    log = _git_text(
        root,
        *("log", "--first-parent", "--reverse", "--diff-filter=A", "--format=%x00%H %cI", "--name-only"),
        *("--", f"{folder}/reports"),
    )
    if log is None:
        return {}
    added: dict[int, tuple[str, datetime]] = {}
    for entry in log.split("\0")[1:]:
        head, *paths = entry.strip().split("\n")
        commit, when = head.split(" ")
        for path in paths:
            name = Path(path).stem
            if path.endswith(".yaml") and name.isdigit():
                added.setdefault(int(name), (commit, datetime.fromisoformat(when)))
    return added


def _figures(git, commit: str, folder: str, cache: Path | None, version: str) -> Snapshot | None:
    kept = cache / "data-history" / f"{commit}.json" if cache else None
    try:
        record = json.loads(kept.read_text(encoding="utf-8")) if kept else None
        if record and record["code"] == version:
            return Snapshot.from_json(record["figures"]) if record["figures"] else None
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not kept yet, or kept by an interrupted build: read it again
    figures = _read_commit(git, commit, folder)
    if kept:
        kept.parent.mkdir(parents=True, exist_ok=True)
        record = {"code": version, "figures": figures.to_json() if figures else None}
        partial = kept.with_suffix(".partial")
        partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        partial.replace(kept)  # whole or not at all, should two builds meet
    return figures


def _read_commit(git, commit: str, folder: str) -> Snapshot | None:
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(git("archive", "--format=tar", commit, folder))) as archive:
            archive.extractall(tmp, filter="data")
        try:
            return snapshot(read_site(Path(tmp) / folder))
        except DataErrors:
            return None  # e.g. from before a file the code now needs: bridged by changes.changes


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
