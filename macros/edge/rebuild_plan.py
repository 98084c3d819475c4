"""Which pages a rebuild under `make serve` must build again, from what changed since the last build.

Plain values in, a plan out; the MkDocs side is macros/edge/hooks.py. A page is built again
when its own Markdown changed or its macros read data the edit changed (macros/render/reads.py); every page is,
when what the pages are built with changed: mkdocs.yml (the navigation), macros/, overrides/, a schema,
the list of pages, the data's dates, or anything the data lists; and while the data has a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.model import Site
from ..read.digests import file_digest
from ..render.reads import EVERYTHING, changed_reads

# What a change to rebuilds every page (paths from the project's folder; a folder ends in "/").
REBUILDS_EVERY_PAGE = ("mkdocs.yml", "macros/", "overrides/", "data/schemas/")


@dataclass(frozen=True)
class Inputs:
    """What a build starts from."""

    files: dict[str, str]  # every file the build reads (from the project's folder) -> a digest of it
    pages: frozenset[str]  # the pages it has (their files in docs/, e.g. kpis/sickness-absence.md)
    site: Site | None  # the checked data; None while it has a mistake
    dates: dict = field(default_factory=dict)  # when each data file last changed (dates.data_file_dates)


@dataclass(frozen=True)
class Plan:
    full: bool
    reason: str  # what changed, in words
    pages: frozenset[str] = frozenset()  # without full: the pages to build again
    files: frozenset[str] = frozenset()  # without full: the other files of docs/ to copy again
    data: frozenset = frozenset()  # without full: what changed in the data (reads.py keys)

    def words(self, total: int) -> str:
        """What the terminal says before the build."""
        if self.full:
            return f"Building every page: {self.reason}."
        return f"Building {len(self.pages)} of {total} pages again: {self.reason}."


def project_files(root: Path, docs_dir: Path) -> dict[str, str]:
    """Each file a build reads, from the project's folder, with a digest of its content."""
    paths = [root / "mkdocs.yml", *root.glob("macros/**/*.py")]
    for folder in (docs_dir, root / "data", root / "overrides"):
        paths += [path for path in folder.rglob("*") if path.is_file()]
    return {path.relative_to(root).as_posix(): file_digest(path) for path in sorted(paths) if path.is_file()}


def plan_rebuild(before: Inputs | None, now: Inputs, reads: dict[str, frozenset], docs: str = "docs") -> Plan:
    """The pages to build again (reads: what each page's macros read in the build that made it; docs: the
    docs folder, from the project's)."""
    if before is None:
        return Plan(True, "the first build")
    if now.site is None:
        return Plan(True, "the data has a mistake, which every page shows")
    if before.site is None:
        return Plan(True, "the data's mistake is fixed")
    changed = sorted(path for path in {*before.files, *now.files} if before.files.get(path) != now.files.get(path))
    for path in changed:
        if path in REBUILDS_EVERY_PAGE or path.startswith(tuple(p for p in REBUILDS_EVERY_PAGE if p.endswith("/"))):
            return Plan(True, f"{path} changed")
    if now.pages != before.pages:
        return Plan(True, "pages were added or removed")
    prefix = f"{docs}/"
    in_docs = [path.removeprefix(prefix) for path in changed if path.startswith(prefix)]
    if any(path not in before.files or path not in now.files for path in changed if path.startswith(prefix)):
        return Plan(True, f"a file in {docs}/ was added or removed")
    if now.dates != before.dates:
        return Plan(True, "the dates the data last changed on are different")
    edited = {path for path in changed if path.startswith("data/")}
    data = frozenset() if now.site is before.site else changed_reads(before.site, now.site, edited)
    if data is None:
        return Plan(
            True,
            f"{', '.join(sorted(edited)) or 'the data'} changed what the site lists (an id, a KPI's results, "
            "a table, a service)",
        )
    pages = {path for path in in_docs if path.endswith(".md")}
    pages |= {page for page, read in reads.items() if data and (read & data or EVERYTHING in read)}
    return Plan(
        False,
        ", ".join(changed) + " changed" if changed else "nothing changed",
        frozenset(pages),
        frozenset(path for path in in_docs if not path.endswith(".md")),
        data,
    )
