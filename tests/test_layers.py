"""The layers of macros/ (macros/__init__.py): `make lint` runs lint-imports over the contracts in
pyproject.toml; here each contract is shown to fail on an import that breaks it, and the layers under the
edge are imported without MkDocs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CORE = ["base", "workings", "read", "opendata", "render", "search", "tools"]


def lint_imports(project) -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=project, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "macros", tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_line(path, line: str) -> None:
    """line as the first import of the module at path."""
    future = "from __future__ import annotations\n"
    path.write_text(path.read_text(encoding="utf-8").replace(future, future + line + "\n", 1), encoding="utf-8")


def test_the_layers_hold():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_a_lower_layer_importing_a_higher_one_breaks_the_layers(project):
    add_line(project / "macros/workings/trends.py", "from ..render import cards  # noqa")
    done = lint_imports(project)
    assert done.returncode == 1
    assert "Each layer of macros/ imports only the layers below it BROKEN" in done.stdout
    assert "macros.workings.trends -> macros.render.cards" in done.stdout


@pytest.mark.parametrize("package", ["mkdocs", "material", "mkdocs_macros"])
def test_mkdocs_outside_the_edge_breaks_the_edge(project, package):
    add_line(project / "macros/render/charts.py", f"import {package}  # noqa")
    done = lint_imports(project)
    assert done.returncode == 1
    assert "Only the edge knows MkDocs BROKEN" in done.stdout
    assert f"macros.render.charts -> {package}" in done.stdout


def test_every_layer_under_the_edge_imports_without_mkdocs():
    modules = [
        f"macros.{layer}.{path.stem}"
        for layer in CORE
        for path in sorted((ROOT / "macros" / layer).glob("*.py"))
        if path.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'mkdocs_macros'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(modules) > 35 and done.stdout.strip() == "[]"
