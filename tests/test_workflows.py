"""The GitHub workflows pass actionlint and zizmor, pin their actions, and publish with least privilege."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def actionlint() -> str:
    found = Path(sys.executable).with_name("actionlint")
    return str(found) if found.exists() else shutil.which("actionlint")


def zizmor() -> str:
    found = Path(sys.executable).with_name("zizmor")
    return str(found) if found.exists() else shutil.which("zizmor")


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    done = subprocess.run(
        [actionlint(), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_have_no_zizmor_findings():
    assert WORKFLOWS
    assert zizmor(), "zizmor is not installed: run `make test` or pip install -r requirements.txt"
    done = subprocess.run(
        [zizmor(), "--offline", "--color", "never", ".github/workflows"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "No findings to report" in output, output
    for workflow in WORKFLOWS:  # every workflow was audited, not skipped
        assert f"completed .github/workflows/{workflow.name}" in output, output


# `uses: owner/repo@<40-hex commit>  # v1.2.3`: a tag can be moved, a commit cannot.
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[^@\s]+)@(?P<sha>[0-9a-f]{40})\s+#\s*v\d+(?:\.\d+)*\s*$")


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment():
    assert WORKFLOWS
    for workflow in WORKFLOWS:
        lines = workflow.read_text(encoding="utf-8").splitlines()
        uses_lines = [line for line in lines if re.match(r"^\s*(?:-\s+)?uses:", line)]
        for line in uses_lines:
            assert PINNED.match(line), (
                f"{workflow.name}: not pinned to a commit SHA with a # v... comment: {line.strip()}"
            )
        # Every `uses` YAML sees is on a line checked above (none hides in a flow mapping).
        jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
        parsed = [job["uses"] for job in jobs if "uses" in job]
        parsed += [step["uses"] for job in jobs for step in job.get("steps", []) if "uses" in step]
        assert parsed, workflow.name
        assert sorted(parsed) == sorted(f"{m['action']}@{m['sha']}" for m in map(PINNED.match, uses_lines)), (
            workflow.name
        )


# The runtimes GitHub no longer runs actions on. GitHub retired node12 and node16, and node20 in September 2026.
RETIRED_RUNTIMES = ("node12", "node16", "node20")
RECORD = ROOT / ".github/actions-pinned.json"
# Any `uses:` line, pinned or not, with its `# v...` comment if it has one.
USES = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[^@\s]+)@(?P<ref>[^\s#]+)\s*(?:#\s*(?P<version>\S+))?")


def workflow_uses(workflows=WORKFLOWS) -> list[tuple[str, str, str, str | None]]:
    """(workflow, action, ref, version comment) for every `uses:` line of the workflows."""
    found = []
    for workflow in workflows:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                match = USES.match(line)
                assert match, f"{workflow.name}: a uses: line this test cannot read: {line.strip()}"
                found.append((workflow.name, match["action"], match["ref"], match["version"]))
    return found


def recorded() -> dict[tuple[str, str], dict]:
    """The record's actions by (action, sha)."""
    entries = json.loads(RECORD.read_text(encoding="utf-8"))["actions"]
    return {(entry["action"], entry["sha"]): entry for entry in entries}


def runtimes(entry: dict) -> list[tuple[str, str]]:
    """(action@version, runs.using) for the entry and, for a composite action, each action it uses, in turn."""
    found = [(f"{entry['action']}@{entry['version']}", entry["runs_using"])]
    for used in entry.get("uses", []):
        found += runtimes(used)
    return found


def pin_problems(uses: list[tuple[str, str, str, str | None]], record: dict[tuple[str, str], dict]) -> list[str]:
    """What is wrong with each pin, against the record: every problem, in plain words."""
    problems = []
    for workflow, action, ref, version in uses:
        where = f"{workflow}: {action}@{ref}"
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            problems.append(f"{where} is not pinned to a 40-hex commit SHA")
            continue
        entry = record.get((action, ref))
        if entry is None:
            problems.append(f"{where} is not in {RECORD.name}: add the commit, its release and its runs.using")
            continue
        if entry["version"] != version:
            problems.append(f"{where} says # {version}, but {RECORD.name} records it as {entry['version']}")
        for name, using in runtimes(entry):
            if using in RETIRED_RUNTIMES:
                problems.append(f"{where}: {name} runs on {using}, which GitHub has retired")
    return problems


def test_the_record_of_pinned_actions_is_complete_and_well_formed():
    record = recorded()
    assert record
    entries = list(record.values())
    entries += [used for entry in record.values() for used in entry.get("uses", [])]
    for entry in entries:
        assert re.fullmatch(r"[0-9a-f]{40}", entry["sha"]), entry
        assert re.fullmatch(r"v\d+\.\d+\.\d+", entry["version"]), entry
        assert entry["runs_using"] in ("node12", "node16", "node20", "node24", "composite", "docker"), entry
        assert entry["read_from"], entry
        assert bool(entry.get("uses")) == (entry["runs_using"] == "composite"), entry
    # Nothing is recorded that no workflow uses (an entry left behind when a pin moved).
    used = {(action, ref) for _, action, ref, _ in workflow_uses()}
    assert sorted(set(record) - used) == []


def test_every_action_is_pinned_to_a_recorded_commit_of_its_release_on_a_current_runtime():
    uses = workflow_uses()
    assert {action for _, action, _, _ in uses} >= {"actions/checkout", "actions/configure-pages"}
    assert pin_problems(uses, recorded()) == []


def test_a_pin_that_is_unpinned_unrecorded_mislabelled_or_on_a_retired_runtime_is_caught(tmp_path):
    checkout = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
    record = {
        ("actions/checkout", checkout.split("@")[1]): {
            "action": "actions/checkout",
            "version": "v7.0.1",
            "sha": checkout.split("@")[1],
            "runs_using": "node24",
        },
        ("actions/upload-pages-artifact", "a" * 40): {
            "action": "actions/upload-pages-artifact",
            "version": "v1.0.0",
            "sha": "a" * 40,
            "runs_using": "composite",
            "uses": [
                {"action": "actions/upload-artifact", "version": "v1.0.0", "sha": "b" * 40, "runs_using": "node20"}
            ],
        },
    }
    workflow = tmp_path / "ci.yml"
    workflow.write_text(
        "jobs:\n  build:\n    steps:\n"
        f"      - uses: {checkout}  # v7.0.1\n"
        "      - uses: actions/setup-python@v7\n"
        f"      - uses: actions/configure-pages@{'c' * 40}  # v6.0.0\n"
        f"      - uses: {checkout}  # v7.0.0\n"
        f"      - uses: actions/upload-pages-artifact@{'a' * 40}  # v1.0.0\n",
        encoding="utf-8",
    )
    problems = pin_problems(workflow_uses([workflow]), record)
    assert len(problems) == 4, problems
    assert "actions/setup-python@v7 is not pinned to a 40-hex commit SHA" in problems[0]
    assert f"actions/configure-pages@{'c' * 40} is not in actions-pinned.json" in problems[1]
    assert "says # v7.0.0, but actions-pinned.json records it as v7.0.1" in problems[2]
    assert "actions/upload-artifact@v1.0.0 runs on node20, which GitHub has retired" in problems[3]


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))


def test_pull_request_workflow_has_a_read_only_token_and_uploads_a_preview():
    workflow = load("pull-request.yml")
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run") for step in steps]
    assert runs.index("make check") < runs.index("make build") < runs.index("make test")
    uploads = [i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(uploads) == 1
    upload = steps[uploads[0]]
    # The preview that opens from disk is built after the tests, and it is what is uploaded.
    assert runs.index("make test") < runs.index("make preview") < uploads[0]
    assert upload["with"]["path"] == "site-preview/" and upload["with"]["if-no-files-found"] == "error"
    # The preview is uploaded only when every check passed: nothing runs it after a failure.
    condition = re.sub(r"\s+", "", str(upload.get("if", ""))).lower()
    for runs_after_failure in ("always()", "failure()", "cancelled()"):
        assert runs_after_failure not in condition, upload["if"]
    assert not workflow["jobs"]["check"].get("continue-on-error")
    assert not any(step.get("continue-on-error") for step in steps[: uploads[0]])


def test_publish_workflow_uses_the_official_pages_actions_with_least_privilege():
    workflow = load("publish.yml")
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    assert "make build" in [step.get("run") for step in build["steps"]]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
