"""The process catalogue gathered from the domains, and the process descriptor's checks."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from gis.jobs.catalogue import build_catalogue, processes_module
from gis.jobs.spec import JobCancelled, JobContext
from gis.jobs.zonal import statistics
from layers.db.settings import DatabaseSettings
from models.auth import Role
from models.errors import ConfigurationError, InvalidParameter

PROCESSES = """
from pydantic import BaseModel
from gis.jobs.spec import OutputSpec, ProcessSpec
from layers.registry import Text

class Inputs(BaseModel):
    n: int

PROCESSES = (
    ProcessSpec(id={id!r}, title=Text("α", "a"), description=Text("β", "b"), inputs=Inputs,
                outputs={{"n": OutputSpec(Text("ν", "n"), {{"type": "integer"}})}},
                run=lambda inputs, context: {{"n": inputs.n + 1}}),
)
"""


@pytest.fixture()
def extra_domain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A domain package installed beside Polis (not under gis/), with one process."""
    package = tmp_path / "polis_extra_domain"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "processes.py").write_text(textwrap.dedent(PROCESSES.format(id="plus-one")))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "polis_extra_domain"
    for name in [m for m in sys.modules if m.startswith("polis_extra_domain")]:
        del sys.modules[name]


def test_the_jobs_domain_offers_its_processes() -> None:
    catalogue = build_catalogue(None)
    assert {"echo", "wait", "zonal-statistics", "features-within-distance"} <= set(catalogue)
    assert catalogue["features-within-distance"].quick
    assert not catalogue["zonal-statistics"].quick
    assert processes_module("core") is None  # a domain without processes
    assert set(build_catalogue(["core"])) == set()


def test_a_domain_beside_polis_adds_processes(extra_domain: str) -> None:
    catalogue = build_catalogue([extra_domain, "jobs"])
    spec = catalogue["plus-one"]
    settings = DatabaseSettings()
    assert spec.execute({"n": 41}, JobContext(settings)) == {"n": 42}
    with pytest.raises(InvalidParameter) as caught:
        spec.parse_inputs({"n": "many"})
    assert caught.value.field == "n"


def test_duplicate_or_foreign_declarations_are_refused(extra_domain: str, tmp_path: Path) -> None:
    (tmp_path / extra_domain / "processes.py").write_text(
        textwrap.dedent(PROCESSES.format(id="echo"))
    )
    with pytest.raises(ConfigurationError, match="'echo' is declared twice"):
        build_catalogue(["jobs", extra_domain])
    sys.modules.pop(f"{extra_domain}.processes", None)
    (tmp_path / extra_domain / "processes.py").write_text("PROCESSES = ('echo',)\n")
    with pytest.raises(ConfigurationError, match="no ProcessSpec"):
        build_catalogue(["core", extra_domain])
    sys.modules.pop(f"{extra_domain}.processes", None)
    (tmp_path / extra_domain / "processes.py").write_text("import no_such_library_here\n")
    with pytest.raises(ModuleNotFoundError):  # a broken module is not "no processes"
        build_catalogue([extra_domain])


def test_roles_and_inputs() -> None:
    wait = build_catalogue(None)["wait"]
    assert not wait.may_execute(frozenset())
    assert not wait.may_execute(frozenset({Role.CITIZEN}))
    assert wait.may_execute(frozenset({Role.GIS_ADMIN}))
    assert wait.may_execute(frozenset({Role.ADMIN}))
    for raw, field in (([], "inputs"), ({"seconds": 601}, "seconds"), ({"x": 1}, "seconds")):
        with pytest.raises(InvalidParameter) as caught:
            wait.parse_inputs(raw)
        assert caught.value.field == field


def test_progress_stops_a_dismissed_job() -> None:
    reports: list[tuple[int, str | None]] = []
    context = JobContext(DatabaseSettings(), report=lambda p, m: not reports.append((p, m)))
    context.progress(150, "over")
    assert reports == [(100, "over")]
    stopped = JobContext(DatabaseSettings(), report=lambda p, m: False)
    with pytest.raises(JobCancelled):
        stopped.progress(10)


def test_statistics_of_no_cells() -> None:
    assert statistics(np.empty(0), ["count", "mean", "max"]) == {
        "count": 0,
        "mean": None,
        "max": None,
    }
    values = np.array([1.0, 2.0, 6.0])
    assert statistics(values, ["sum", "median", "std"]) == pytest.approx(
        {"sum": 9.0, "median": 2.0, "std": np.std(values)}
    )
