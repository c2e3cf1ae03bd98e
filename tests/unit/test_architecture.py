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


# ---------------------------------------------------------------- the domain layout
SQL_LIBRARIES = {"psycopg", "psycopg_pool", "sqlalchemy", "geoalchemy2", "alembic"}
#: Calls that open a database connection or pool (only ``layers`` may make them).
OPENERS = {"connect", "ConnectionPool", "AsyncConnectionPool", "create_engine"}


def opened_connections(path: Path) -> list[str]:
    """Calls in ``path`` that open a connection: ``psycopg.connect(…)``,
    ``AsyncConnection.connect(…)``, ``ConnectionPool(…)``, ``create_engine(…)``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        if name in ("ConnectionPool", "AsyncConnectionPool", "create_engine") or (
            name == "connect" and owner.split(".")[0] in ("psycopg", "AsyncConnection")
        ):
            found.append(f"{path.name}:{node.lineno} {ast.unparse(func)}")
    return found


@pytest.mark.parametrize("package", ["models", "gis", "api", "webmap"])
def test_only_layers_opens_database_connections(package: str) -> None:
    bad = [hit for path in modules(package) for hit in opened_connections(path)]
    assert not bad, bad


def test_the_connection_check_sees_one(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import psycopg\nc = psycopg.connect('x')\np = ConnectionPool('x')\n")
    assert len(opened_connections(sample)) == 2


def test_webmap_imports_no_sql_library() -> None:
    bad = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules("webmap")
        for name in imports(path) & SQL_LIBRARIES
    }
    assert not bad, sorted(bad)


def test_every_domain_exports_layers() -> None:
    from layers.registry import LayerSpec
    from layers.registry.domains import AVAILABLE, domain_module

    for name in AVAILABLE:
        module = domain_module(name)
        assert isinstance(getattr(module, "LAYERS", None), tuple), name
        assert all(isinstance(spec, LayerSpec) for spec in module.LAYERS), name


def domain_of(path: Path) -> str | None:
    """The domain a module belongs to (``layers/green/…``, ``gis/green/…``,
    ``api/routes/green.py``, ``api/cli/green.py``), None for shared machinery."""
    from layers.registry.domains import DOMAINS

    parts = path.relative_to(REPO).parts
    if parts[0] in ("layers", "gis") and len(parts) > 2 and parts[1] in DOMAINS:
        return parts[1]
    if parts[0] == "api" and len(parts) == 3 and parts[1] in ("routes", "cli"):
        stem = Path(parts[2]).stem
        return stem if stem in DOMAINS else None
    return None


def imported_domains(path: Path) -> set[str]:
    """Domains ``path`` imports (``layers.<domain>``, ``gis.<domain>``)."""
    from layers.registry.domains import DOMAINS

    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] in ("layers", "gis") and parts[1] in DOMAINS:
                out.add(parts[1])
    return out


def test_domains_import_each_other_only_where_declared() -> None:
    """A domain may use another only if its ``layers/<domain>`` package lists it in
    ``DEPENDS`` (e.g. routing on ``mobility``, hazards on ``core``)."""
    from layers.registry.domains import domain_module

    bad = []
    for package in ("layers", "gis", "api"):
        for path in modules(package):
            domain = domain_of(path)
            if domain is None:
                continue
            try:
                declared = set(getattr(domain_module(domain), "DEPENDS", ()))
            except Exception:  # a domain with code in gis/ but no layers package yet
                declared = set()
            extra = imported_domains(path) - declared - {domain}
            if extra:
                bad.append(f"{path.relative_to(REPO)} uses {sorted(extra)} undeclared")
    assert not bad, bad


def test_test_modules_have_unique_names() -> None:
    """Test folders are not packages: two test modules of one basename cannot both be
    collected in one session (pytest imports each under its bare name)."""
    seen: dict[str, Path] = {}
    clashes = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        if path.name == "conftest.py":
            continue
        if path.name in seen:
            clashes.append(f"{seen[path.name].relative_to(REPO)} and {path.relative_to(REPO)}")
        seen[path.name] = path
    assert not clashes, clashes
