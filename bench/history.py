"""What reading git history costs a build at council scale (make bench ARGS=--history-only).

It makes a git repository of the synthetic site (bench/synth.py) whose data/ has a long history on its
main line, as a council publishing for years would have, then times the build of a fresh `git clone` of
it, as CI builds it (the whole history, no cache in the git directory), against the build of a
`git clone --depth 1` of it, which the code treats as having no history; and, apart, the reading of the
history alone (what the build does with it, up to the changes it lists).

The history, from a seed (so every run makes the same one): the first commit holds the project and all
but a few of the reports; each later commit is one of

* corrections: a few figures in one or two report files, each kept sound (a latest figure or a target
  corrected with a note saying so, or a budget line and its total moved by the same amount);
* a new report: one of the reports held back, with its headline facts added to facts.yaml;
* a KPI's title reworded in kpis.yaml, or a headline fact's figure corrected in facts.yaml;
* now and then, a mistake (a budget line's variance that does not add up) fixed by the next commit: a
  commit today's code cannot read, which the history leaves out.

Each commit that changes a published figure holds the record make check writes for it in data/corrections/
(made here with the same code, from the data before and after the commit), as an editor's pull request does;
the build reads those records. The history alone is also read the other way, from every commit of data/ (the
fallback for a project without records), and the two are compared.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import synth
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's macros, as make check runs them

from macros.base.errors import DataErrors  # noqa: E402
from macros.read.project import read_site  # noqa: E402
from macros.tools.record_corrections import record_text  # noqa: E402
from macros.workings.corrections import FOLDER, record, record_name  # noqa: E402

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FIRST_DAY = datetime(2009, 1, 5, 10, 0, tzinfo=UTC)
NOTE = "Corrected after publication; the report printed a different figure."

# --- the history ---------------------------------------------------------------------------------


@dataclass
class History:
    """The documents of data/'s files in the latest state, and how many commits of each kind were made."""

    documents: dict[str, dict] = field(default_factory=dict)  # "reports/p01/2009.yaml" -> document
    headers: dict[str, str] = field(default_factory=dict)  # the comment lines each file starts with
    facts: dict = field(default_factory=dict)  # facts.yaml with every report's values
    waiting: set[tuple[str, int]] = field(default_factory=set)  # (portfolio, year) of reports not added yet
    kinds: dict[str, int] = field(default_factory=dict)

    def text(self, name: str) -> bytes:
        document = self.documents[name]
        if name == "facts.yaml":
            document = {"facts": [self._shown(fact) for fact in self.facts["facts"]]}
        body = yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120)
        return (self.headers[name] + body).encode("utf-8")

    def _shown(self, fact: dict) -> dict:
        return {**fact, "values": [value for value in fact["values"] if _report(value) not in self.waiting]}

    def counted(self, kind: str) -> str:
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return kind


def read_data(data: Path) -> History:
    """The generated data/ as documents."""
    history = History()
    for path in sorted(data.rglob("*.yaml")):
        name = path.relative_to(data).as_posix()
        text = path.read_text(encoding="utf-8")
        history.documents[name] = yaml.load(text, Loader=Loader)
        history.headers[name] = "".join(line for line in text.splitlines(keepends=True)[:2] if line.startswith("#"))
    history.facts = history.documents["facts.yaml"]
    return history


def _report(value: dict) -> tuple[str, int]:
    """A fact's value's report: the portfolio whose page states it (reports/<portfolio>/<year>/...), its year."""
    return value["section"].split("/")[1], value["report"]


def hold_back(history: History, count: int) -> list[str]:
    """The latest report of each of the first count portfolios, to be added by later commits."""
    portfolios: dict[str, list[str]] = {}
    for name in sorted(history.documents):
        if name.startswith("reports/"):
            portfolios.setdefault(history.documents[name]["portfolio"], []).append(name)
    held = [names[-1] for names in list(portfolios.values())[:count] if len(names) > 1]
    history.waiting = {(history.documents[name]["portfolio"], history.documents[name]["id"]) for name in held}
    return held


def correct_report(document: dict, units: dict[str, str], rng: random.Random) -> None:
    """One to three figures of a report corrected, each so that the data stays sound."""
    results = [result for result in document["results"] if "target" in result]
    lines = [(table, line) for table in document["budget_tables"] for line in table["lines"]]
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        latest = [result for result in results if result["period"].endswith(" latest")]
        if roll < 0.4 and latest:  # no later period is compared with a latest figure
            result = rng.choice(latest)
            result["value"], result["note"] = synth._figure(rng, units[result["kpi"]]), NOTE
        elif roll < 0.7 and results:  # with a note, the performance word is not checked against the target
            result = rng.choice(results)
            result["target"], result["note"] = synth._figure(rng, units[result["kpi"]]), NOTE
        else:
            table, line = rng.choice(lines)
            step = rng.randint(1, 90) * 1000 * rng.choice([1, -1])
            for row in (line, table.get("total")):
                if row is not None:
                    row["budget"] += step
                    row["forecast"] += step


def later_commits(history: History, held: list[str], count: int, seed: int):
    """The commits after the first, each (message, when, {data file name: its new text}), count of them."""
    rng = random.Random(seed)
    docs = history.documents
    units = {kpi["id"]: kpi["unit"] for kpi in docs["kpis.yaml"]["kpis"]}
    reports = [name for name in sorted(docs) if name.startswith("reports/") and name not in held]
    when, mistake = FIRST_DAY, None
    adding = {round((k + 1) * count / (len(held) + 1)) for k in range(len(held))}  # spread over the history
    for number in range(count):
        when += timedelta(days=rng.choice([0, 1, 2, 3, 4, 7]), minutes=rng.randint(1, 600))
        roll = rng.random()
        if mistake is not None:  # the mistake of the commit before, put right
            name, line = mistake
            line["variance"] -= 1
            mistake = None
            yield history.counted("a mistake put right"), when, {name: history.text(name)}
        elif number in adding and held:
            name = held.pop(0)
            history.waiting.discard((docs[name]["portfolio"], docs[name]["id"]))
            reports.append(name)
            files = {name: history.text(name), "facts.yaml": history.text("facts.yaml")}
            yield history.counted("a report added, with its facts"), when, files
        elif roll < 0.02:
            kpi = rng.choice(docs["kpis.yaml"]["kpis"])
            revised = kpi["title"].endswith(" (revised)")
            kpi["title"] = kpi["title"].removesuffix(" (revised)") if revised else f"{kpi['title']} (revised)"
            yield history.counted("a KPI's title reworded in kpis.yaml"), when, {"kpis.yaml": history.text("kpis.yaml")}
        elif roll < 0.04:
            fact = rng.choice(history.facts["facts"])
            value = rng.choice([value for value in fact["values"] if _report(value) not in history.waiting])
            value["value"] = synth._figure(rng, fact["unit"])
            yield (
                history.counted("a fact's figure corrected in facts.yaml"),
                when,
                {"facts.yaml": history.text("facts.yaml")},
            )
        elif roll < 0.045:
            name = rng.choice(reports)
            line = rng.choice([line for table in docs[name]["budget_tables"] for line in table["lines"]])
            line["variance"] += 1
            mistake = (name, line)
            yield history.counted("a mistake (a variance that does not add up)"), when, {name: history.text(name)}
        else:
            chosen = rng.sample(reports, 2 if rng.random() < 0.3 else 1)
            for name in chosen:
                correct_report(docs[name], units, rng)
            yield (
                history.counted("corrections in one or two reports"),
                when,
                {name: history.text(name) for name in chosen},
            )


# --- the repository ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """make check's record for each commit, from a copy of data/ kept as the commits change it."""

    def __init__(self, data: Path):
        self.scratch = Path(tempfile.mkdtemp(prefix="bench-records-"))
        self.data = shutil.copytree(data, self.scratch / "data")
        self.last = read_site(self.data)  # the last state make check could read: the published one
        self.records = 0

    def record(self, files: dict[str, bytes], when: datetime) -> dict[str, bytes]:
        """{its file name in data/: its text} for the record of a commit writing files, or {}."""
        for name, content in files.items():
            (self.data / name).write_bytes(content)
        try:
            site = read_site(self.data)
        except DataErrors:
            return {}  # a mistake: its pull request would not pass make check
        document, self.last = record(self.last, site), site
        if document is None:
            return {}
        self.records += 1
        name = f"{FOLDER}/{record_name(document, when.date())}"
        (self.data / name).write_text(record_text(document), encoding="utf-8")
        return {name: record_text(document).encode("utf-8")}

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def git(repo: Path, *args: str, stdin: bytes | None = None, when: datetime | None = None) -> str:
    stamp = (when or FIRST_DAY).isoformat()
    who = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_AUTHOR_DATE": stamp}
    who |= {"GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_COMMITTER_DATE": stamp}
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(repo), **who}
    done = subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, env=env, check=True)
    return done.stdout.decode()


def make_repository(project: Path, commits: int, seed: int) -> dict[str, int]:
    """Make project (a synthetic site with its generated data/) a git repository whose main line has
    commits commits of data/; returns how many of each kind it holds."""
    history = read_data(project / "data")
    held = hold_back(history, max(1, commits // 50))
    for name in held:
        (project / "data" / name).unlink()
    (project / "data" / "facts.yaml").write_bytes(history.text("facts.yaml"))
    (project / "data" / FOLDER).mkdir(exist_ok=True)
    shutil.copy2(ROOT / "data" / FOLDER / "README.md", project / "data" / FOLDER / "README.md")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "The site and its data")
    history.counted("the first: the site and its data")
    stream = [b"reset refs/heads/main\nfrom refs/heads/main^0\n"]
    recorder = Recorder(project / "data")
    for number, (message, when, files) in enumerate(later_commits(history, held, commits - 1, seed), 2):
        files = {**files, **recorder.record(files, when)}
        stamp = f"Editor <editor@example.org> {int(when.timestamp())} +0000"
        text = f"{message} ({number})".encode()
        stream.append(f"commit refs/heads/main\ncommitter {stamp}\ndata {len(text)}\n".encode() + text + b"\n")
        for name, content in files.items():
            stream.append(f"M 100644 inline data/{name}\ndata {len(content)}\n".encode() + content + b"\n")
    recorder.close()
    history.kinds["of which recorded corrections (data/corrections/)"] = recorder.records
    git(project, "fast-import", "--quiet", stdin=b"".join(stream))
    git(project, "reset", "--quiet", "--hard")
    listed = git(project, "log", "--first-parent", "--format=%H", "--", "data").split()
    if len(listed) != commits:
        raise SystemExit(f"bench: the history has {len(listed)} commits of data/, not {commits}")
    return history.kinds


# --- timing -------------------------------------------------------------------------------------------

# Run in a clone: what a build does with the history, timed (the same calls as macros/edge/adapter.py).
HISTORY_ALONE = """
import json, sys, time
from pathlib import Path
from macros.edge.history import data_states, reports_first_added, site_history
from macros.read.corrections import read_corrections
from macros.read.project import load_site
from macros.workings.changes import changes, groups
root = Path(".")
site = load_site(root / "data")
start, cpu = time.perf_counter(), time.process_time()
recorded = read_corrections(root / "data")
found = site_history(root, site, recorded, keep=False)
listed = groups(found)
done, done_cpu = time.perf_counter(), time.process_time()
states = data_states(root, keep=False)
from_git = changes(states, reports_first_added(root))
read, read_cpu = time.perf_counter(), time.process_time()
print(json.dumps({
    "records": len(recorded), "recorded": done - start, "recorded_cpu": done_cpu - cpu,
    "read": read - done, "read_cpu": read_cpu - done_cpu, "states": len(states),
    "readable": sum(1 for state in states if state[2] is not None), "changes": len(found), "groups": len(listed),
    "same": groups(from_git) == listed,
}))
"""


def history_alone(clone: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", HISTORY_ALONE], cwd=clone, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
