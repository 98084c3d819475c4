"""What many tests share: where the project is, a copy of it to change, and the real strict build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "sources"
PROJECT_PARTS = ("docs", "data", "macros", "overrides")  # with mkdocs.yml, all a build reads
# The reports whose texts are in tests/sources: tests about them are exact for them, whatever else data/ holds.
PORTFOLIO = "central-services"  # theirs
PUBLISHED_REPORTS = (2017, 2018)


def report_years(data: Path = ROOT / "data", portfolio: str = PORTFOLIO) -> list[int]:
    """The years of a portfolio's reports in data/reports/<portfolio>/, oldest first."""
    folder = data / "reports" / portfolio
    return sorted(int(path.stem) for path in folder.iterdir() if re.fullmatch(r"[0-9]{4}\.yaml", path.name))


def report_file(year: int, data: Path = ROOT / "data", portfolio: str = PORTFOLIO) -> Path:
    """A report's data file: data/reports/<portfolio>/<year>.yaml."""
    return data / "reports" / portfolio / f"{year}.yaml"


def key(year: int, portfolio: str = PORTFOLIO):
    """The model's key of a report (Site.reports[key(2018)])."""
    from macros.base.model import ReportKey

    return ReportKey(year, portfolio)


def financial_year(year: int) -> str:
    """The financial year that starts in year, as the reports write it: 2019 -> "2019/20"."""
    return f"{year}/{(year + 1) % 100:02d}"


# The newest report in data/ and the one an editor would start next: tests of the site use these, never a year.
LATEST = report_years()[-1]
NEXT = LATEST + 1


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")


def copy_project(into: Path, root: Path = ROOT) -> Path:
    """A copy of the project that a test may change and build, as an editor's branch would."""
    for name in PROJECT_PARTS:
        shutil.copytree(root / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "mkdocs.yml", into)
    return into


def git(repo: Path, *args: str, when: str = "2027-01-04T09:00:00+00:00") -> str:
    """Run git in repo as an editor would, its commits dated when (author and committer), so dates are known."""
    person = {"NAME": "Editor", "EMAIL": "editor@example.org", "DATE": when}
    env = {
        **os.environ,
        **{f"GIT_{role}_{key}": value for role in ("AUTHOR", "COMMITTER") for key, value in person.items()},
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def mkdocs_build(project: Path, site_dir: Path, env: dict | None = None) -> Build:
    """Run the real `mkdocs build --strict` as an editor or CI would (env: variables to add, e.g. SITE_URL)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(done.returncode, done.stdout + done.stderr, site_dir)
