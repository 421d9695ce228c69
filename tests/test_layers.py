"""The architecture's arrows, checked from the imports rather than remembered.

rules → sources → checks → score → report, wired by cli. The engine never imports a reporter or
the CLI; a reporter reads results, never sources, rules or checks; checks print nothing.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "crmhealth"

FORBIDDEN = {
    "checks": ("crmhealth.report", "crmhealth.cli", "crmhealth.engine", "crmhealth.rules"),
    "sources": ("crmhealth.checks", "crmhealth.report", "crmhealth.cli", "crmhealth.engine"),
    "report": (
        "crmhealth.sources",
        "crmhealth.rules",
        "crmhealth.checks",
        "crmhealth.engine",
        "crmhealth.cli",
    ),
    "engine.py": ("crmhealth.report", "crmhealth.cli"),
    "score.py": ("crmhealth.sources", "crmhealth.checks", "crmhealth.report", "crmhealth.cli"),
    "results.py": (
        "crmhealth.sources",
        "crmhealth.checks",
        "crmhealth.report",
        "crmhealth.cli",
        "crmhealth.rules",
    ),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    target = PACKAGE / layer
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(layer: str) -> None:
    for module in _modules(layer):
        for name in _imports(module):
            for forbidden in FORBIDDEN[layer]:
                assert not (name == forbidden or name.startswith(forbidden + ".")), (
                    f"{module.relative_to(PACKAGE)} imports {name}"
                )


def test_checks_print_nothing() -> None:
    for module in _modules("checks"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "print", f"{module.relative_to(PACKAGE)} calls print"


# --- the same arrows as import-linter contracts (pyproject.toml) ------------------------------

ROOT = PACKAGE.parent


def _lint_imports(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter's contracts from pyproject.toml on the package found in
    `package_parent`."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--config",
            str(ROOT / "pyproject.toml"),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        cwd=package_parent,
        env=env,
        check=False,
    )


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_import_contracts_fail_when_a_reporter_imports_a_check(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "crmhealth", ignore=shutil.ignore_patterns("__pycache__"))
    reporter = tmp_path / "crmhealth" / "report" / "json.py"
    reporter.write_text(
        reporter.read_text(encoding="utf-8") + "\nfrom crmhealth.checks import REGISTRY  # noqa\n",
        encoding="utf-8",
    )
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "crmhealth.report.json -> crmhealth.checks" in result.stdout
