"""The GitHub workflows pass actionlint and zizmor, pin their actions, and publish with least privilege."""

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
