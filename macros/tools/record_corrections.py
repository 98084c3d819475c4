"""make check's last step: record in data/corrections/ what this branch changes in the published figures.

The published data is data/ where this branch and the published one (PUBLISHED_REF, origin/main unless set)
meet. The branch's own records (those the published data does not hold) must together say exactly what
changed from it: where they do not, they are replaced by one record that does (or none, where nothing
published changed), so an editor who corrects a figure twice records only the published figure and the
last one. A pull request's check runs make check and fails if it changed data/corrections/: the record was
not committed as it should be.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import yaml

from ..base.errors import DataErrors
from ..base.model import Site
from ..edge.git_reads import published_data
from ..read.corrections import read_corrections
from ..read.project import read_site
from ..workings.corrections import FOLDER, record, record_name

DEFAULT_REF = "origin/main"
HEADER = (
    "# Written by make check: the published figures a pull request corrects, adds or removes, as the site\n"
    "# printed them before and prints them after. What's changed and its feed list them from the day this\n"
    "# file reached the main branch. Do not edit it: correct data/ and run make check again.\n"
)


def record_corrections(data_dir: Path, site: Site, ref: str, today: datetime | None = None) -> str:
    """What was done, in a sentence for the terminal ("" where there was nothing to do). data_dir's folder of
    corrections is left as it is where the project has none (its history is read from git) or the published
    data cannot be found or read."""
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir():
        return ""
    project = Path(data_dir).absolute().parent
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
        published_records = {path.name for path in (published / FOLDER).glob("*.yaml")}
    recorded = read_corrections(data_dir) or {}
    own = {path: document for path, document in recorded.items() if Path(path).name not in published_records}
    wanted = record(before, site) if before is not None else None
    if list(own.values()) == ([wanted] if wanted else []):
        return ""
    for path in own:
        (folder / Path(path).name).unlink()
    if wanted is None:
        return f"Corrections: this branch no longer changes a published figure; removed {len(own)} record(s)."
    name = record_name(wanted, (today or datetime.now(UTC)).date())
    text = HEADER + yaml.safe_dump(wanted, sort_keys=False, allow_unicode=True, width=100)
    (folder / name).write_text(text, encoding="utf-8")
    figures, removed = len(wanted["corrections"]), len(wanted["reports_removed"])
    return (
        f"Corrections recorded in {Path(data_dir).name}/{FOLDER}/{name}: {figures} published figure(s) changed, "
        f"{removed} report(s) taken off. Commit it with your change."
    )
