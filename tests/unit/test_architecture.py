"""The dependency direction of DESIGN.md: models <- layers <- gis <- (api | webmap)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: What each package may import from the project (besides itself).
ALLOWED = {
    "models": set(),
    "layers": {"models"},
    "gis": {"models", "layers"},
    "webmap": {"models", "layers", "gis"},
    "api": {"models", "layers", "gis", "webmap"},
}
FRAMEWORKS = {"fastapi", "starlette", "uvicorn", "typer"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_downwards(package: str) -> None:
    assert modules(package), f"package {package} has no modules"
    bad = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules(package)
        for name in imports(path) & set(ALLOWED)
        if name != package and name not in ALLOWED[package]
    }
    assert not bad, sorted(bad)


@pytest.mark.parametrize("package", ["models", "layers", "gis"])
def test_no_web_framework_below_api(package: str) -> None:
    bad = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules(package)
        for name in imports(path) & FRAMEWORKS
    }
    assert not bad, sorted(bad)


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from api.app import create_app\nimport layers.registry\n")
    assert imports(sample) == {"api", "layers"}
