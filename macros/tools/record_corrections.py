"""make check's last step: record in data/corrections/ what this branch changes in the published figures.

The published data is data/ where this branch and the published one (PUBLISHED_REF, origin/main unless set)
meet. The branch's own records (those the published data does not hold) must together say exactly what
changed from it: where they do not, they are replaced by one record that does (or none, where nothing
published changed), so an editor who corrects a figure twice records only the published figure and the
last one. A pull request's check runs make check and fails if it changed data/corrections/: the record was
not committed as it should be. `python -m macros.tools.record_corrections --summary` then prints, as Markdown
for the check's summary, the record the branch must hold (and any to delete), so an editor working in
GitHub's web editor can add it there.
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import yaml

from ..base.errors import DataError, DataErrors
from ..base.model import Site
from ..edge.git_reads import branch_added, committed_as_is, published_data, tracked
from ..read.corrections import RECORD_NAME, read_corrections
from ..read.project import read_site
from ..workings.corrections import FOLDER, record, record_name

DEFAULT_REF = "origin/main"
HEADER = (
    "# Written by make check: the published figures a pull request corrects, adds or removes, as the site\n"
    "# printed them before and prints them after. What's changed and its feed list them from the day this\n"
    "# file reached the main branch. Do not edit it: correct data/ and run make check again.\n"
)


def record_corrections(data_dir: Path, site: Site, ref: str, today: datetime | None = None, tip: str = "HEAD") -> str:
    """What was done, in a sentence for the terminal ("" where there was nothing to do). data_dir's folder of
    corrections is left as it is where the project has none (its history is read from git) or the published
    data cannot be found or read. A DataErrors where a published record was changed or removed (records are
    added, never rewritten, once published), or where the folder holds a record that is neither published nor
    this branch's (ref is behind what the branch holds: counting it as the branch's would rewrite another's).
    tip is the branch's last commit: HEAD, but a pull request's check runs on GitHub's merge of it."""
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir():
        return ""
    project = Path(data_dir).absolute().parent
    where = f"{Path(data_dir).name}/{FOLDER}"
    with tempfile.TemporaryDirectory() as scratch:
        published = published_data(project, ref, Path(scratch), Path(data_dir).name)
        if published is None:
            return (
                f"Corrections not recorded: {ref!r} is not a commit in this copy (set PUBLISHED_REF to the "
                "branch this one merges into)."
            )
        try:
            before = read_site(published) if (published / "reports").is_dir() else None
        except DataErrors as errors:
            return f"Corrections not recorded: the published data cannot be read as it is now checked ({errors})."
        published_records = {path.name: path.read_bytes() for path in (published / FOLDER).glob("*.yaml")}
    _keep_published(folder, where, published_records, ref)
    recorded = read_corrections(data_dir) or {}
    own = {path: document for path, document in recorded.items() if Path(path).name not in published_records}
    _refuse_others(project, where, own, ref, tip)
    wanted = record(before, site) if before is not None else None
    if list(own.values()) == ([wanted] if wanted else []):
        return ""
    for path in own:
        (folder / Path(path).name).unlink()
    if wanted is None:
        return f"Corrections: this branch no longer changes a published figure; removed {len(own)} record(s)."
    name = record_name(wanted, (today or datetime.now(UTC)).date())
    (folder / name).write_text(record_text(wanted), encoding="utf-8")
    figures, removed = len(wanted["corrections"]), len(wanted["reports_removed"])
    return (
        f"Corrections recorded in {where}/{name}: {figures} published figure(s) changed, "
        f"{removed} report(s) taken off. Commit it with your change."
    )


def _keep_published(folder: Path, where: str, published: dict[str, bytes], ref: str) -> None:
    """Each record published at ref is here as it was published: What's changed and its feed list it, and
    readers may have cited it."""
    errors = [
        DataError(
            f"{where}/{name}",
            f"this record is published ({ref}) and a published record is never changed or removed: restore it "
            f"(git checkout {ref} -- {where}/{name}); a later correction is recorded as a new record by make check",
        )
        for name, text in sorted(published.items())
        if not (folder / name).is_file() or (folder / name).read_bytes() != text
    ]
    if errors:
        raise DataErrors(errors)


def _refuse_others(project: Path, where: str, unpublished: dict[str, dict], ref: str, tip: str) -> None:
    """A committed record that is not published and that this branch's own commits did not add came in by
    merging another branch that ref does not hold yet: ref is behind."""
    known, added = tracked(project, where), branch_added(project, ref, where, tip)
    if known is None or added is None:
        return
    others = sorted(path for path in unpublished if path in known and path not in added)
    if others:
        raise DataErrors(
            [
                DataError(
                    path,
                    f"this record is not published at {ref} and this branch's own commits did not add it: {ref} "
                    "is behind what this branch holds; fetch it (git fetch) and run make check again",
                )
                for path in others
            ]
        )


def record_text(document: dict) -> str:
    """A record's file as make check writes it."""
    return HEADER + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def summary(data_dir: Path) -> str:
    """Markdown: each record file of this branch as make check wrote it (its name, then its text in a code
    block), and each file git tracks in the folder that make check removed."""
    folder = Path(data_dir) / FOLDER
    project = Path(data_dir).absolute().parent
    known = tracked(project, f"{Path(data_dir).name}/{FOLDER}") or []
    lines = [
        "### The corrections this pull request makes are not recorded as they are",
        "",
        "Add each file below with GitHub's *Add file › Create new file* on this branch (or run `make check` "
        "and commit what it writes).",
        "",
    ]
    for path in sorted(path for path in folder.glob("*.yaml") if RECORD_NAME.fullmatch(path.name)):
        relative = f"{Path(data_dir).name}/{FOLDER}/{path.name}"
        if relative in known and committed_as_is(project, relative):
            continue
        text = path.read_text(encoding="utf-8")
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
        lines += [f"**{relative}**", "", f"{fence}yaml", text.rstrip("\n"), fence, ""]
    for relative in known:
        if RECORD_NAME.fullmatch(Path(relative).name) and not (project / relative).exists():
            lines += [f"Delete **{relative}**: it no longer says what this branch changes.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] != ["--summary"]:
        sys.exit("usage: python -m macros.tools.record_corrections --summary")
    print(summary(Path("data")))
