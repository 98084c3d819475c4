"""The GitHub workflows pass actionlint and publish with least privilege."""
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def actionlint() -> str:
    found = Path(sys.executable).with_name("actionlint")
    return str(found) if found.exists() else shutil.which("actionlint")


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    done = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))


def test_pull_request_workflow_has_a_read_only_token_and_uploads_a_preview():
    workflow = load("pull-request.yml")
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run") for step in steps]
    assert runs.index("make check") < runs.index("make build") < runs.index("make test")
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)


def test_publish_workflow_uses_the_official_pages_actions_with_least_privilege():
    workflow = load("publish.yml")
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    assert "make build" in [step.get("run") for step in build["steps"]]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
