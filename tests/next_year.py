"""The project with next year's report added as the editor's guide says, for the whole suite to run on:
`python tests/next_year.py DEST [--years N]`.

DEST becomes a git clone of this repository with the working tree's changes (if any) committed on top,
then, for each of the next N years of the portfolio whose reports tests/sources holds (helpers.PORTFOLIO):
`python -m macros.tools.scaffold <portfolio> <year>` (make scaffold PORTFOLIO=central-services YEAR=2019), every
empty figure and every TODO filled in (filled_year.py), `python -m macros.tools.check` clean, and one commit, as
an editor's pull request would be. `make test` runs the suite there too, so a test that holds only for today's
reports fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

# Run as a script: helpers and filled_year are beside it, the macros package above it.
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from filled_year import fill_year  # noqa: E402
from helpers import PORTFOLIO, ROOT, report_years  # noqa: E402
from helpers import git as git_as_editor  # noqa: E402

from macros.read.project import read_site  # noqa: E402


def git(repo: Path, *args: str) -> str:
    """git as an editor, dated now (the history's dates are what the site's "What's changed" shows)."""
    return git_as_editor(repo, *args, when=datetime.now(UTC).isoformat(timespec="seconds"))


class CopyFailed(Exception):
    """A step an editor would take did not succeed; the message says which and what it printed."""


def working_tree_files(root: Path) -> list[str]:
    """Every file git would commit from the working tree: tracked (as they are now) and new, not ignored."""
    listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return sorted({name for name in listed.split("\0") if name and (root / name).is_file()})


def clone_with_working_tree(root: Path, dest: Path) -> None:
    """dest: the repository's history, and one more commit holding what the working tree changes."""
    git(root.parent, "clone", "-q", "--no-hardlinks", str(root), str(dest))
    for name in git(dest, "ls-files", "-z").split("\0"):
        if name and not (root / name).is_file():
            (dest / name).unlink()  # deleted in the working tree
    for name in working_tree_files(root):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, dest / name, follow_symlinks=False)
    git(dest, "add", "-A")
    if git(dest, "status", "--porcelain"):
        git(dest, "commit", "-qm", "The working tree, as the tests found it")


def run(project: Path, *args: str) -> str:
    """One of the project's own commands, as an editor runs it (python -m macros.<tool>)."""
    done = subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise CopyFailed(f"`python -m {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def add_year(project: Path, year: int) -> None:
    """Scaffold the portfolio's report of the year, fill in every figure and page, check it and commit it."""
    before = read_site(project / "data")  # the data before the scaffold, whose figures the new year follows
    run(project, "macros.tools.scaffold", PORTFOLIO, str(year))
    fill_year(project, year, before, PORTFOLIO)
    checked = run(project, "macros.tools.check")
    git(project, "add", "-A")
    git(project, "commit", "-qm", f"Add the Portfolio Holder report {year}")
    print(f"next year: added the {PORTFOLIO} {year} report; {checked.strip()}")


def make_copy(dest: Path, years: int = 1, root: Path = ROOT) -> list[int]:
    """The copy at dest (which must not exist) with the next `years` reports added; their years."""
    clone_with_working_tree(root, dest)
    added = []
    for _ in range(years):
        year = report_years(dest / "data", PORTFOLIO)[-1] + 1
        add_year(dest, year)
        added.append(year)
    return added


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="where to make the copy: a folder that does not exist yet")
    parser.add_argument("--years", type=int, default=1, help="how many years to add (default 1)")
    options = parser.parse_args(argv)
    if options.dest.exists() or options.years < 1:
        print(
            f"next year: give a folder that does not exist yet and at least one year ({options.dest})", file=sys.stderr
        )
        return 2
    try:
        added = make_copy(options.dest.resolve(), options.years)
    except (CopyFailed, subprocess.CalledProcessError) as error:
        output = getattr(error, "stderr", "") or ""
        print(f"next year: the copy could not be made: {error}\n{output}", file=sys.stderr)
        return 1
    print(f"next year: {options.dest} holds the project with {', '.join(map(str, added))} added")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
