"""The processes of the ``jobs`` domain: ``echo`` and ``wait`` (the plumbing's own
checks: an empty job, a long one with progress) and the first analyses other modules
use, ``zonal-statistics`` and ``features-within-distance``."""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gis.jobs.proximity import FEATURES_WITHIN_DISTANCE
from gis.jobs.spec import JobContext, OutputSpec, ProcessSpec
from gis.jobs.zonal import ZONAL_STATISTICS
from layers.registry import Text
from models.auth import Role


class EchoInputs(BaseModel):
    """Inputs of ``echo``."""

    model_config = ConfigDict(extra="forbid")
    value: Any = Field(
        default=None, title="Τιμή / Value", description="any JSON value, returned as it is"
    )


def echo(inputs: EchoInputs, context: JobContext) -> dict[str, Any]:
    """Return the input: the job machinery's cost alone."""
    return {"value": inputs.value}


class WaitInputs(BaseModel):
    """Inputs of ``wait``."""

    model_config = ConfigDict(extra="forbid")
    seconds: float = Field(
        ge=0, le=600, title="Δευτερόλεπτα / Seconds", description="how long to run (0–600)"
    )
    steps: int = Field(default=10, ge=1, le=1000, description="progress reports on the way")


def wait(inputs: WaitInputs, context: JobContext) -> dict[str, Any]:
    """Run for ``seconds``, reporting progress ``steps`` times (stops when dismissed)."""
    for step in range(inputs.steps):
        context.progress(100 * step / inputs.steps, f"step {step + 1}/{inputs.steps}")
        time.sleep(inputs.seconds / inputs.steps)
    return {"waited": inputs.seconds}


PROCESSES: tuple[ProcessSpec, ...] = (
    ProcessSpec(
        id="echo",
        title=Text("Ηχώ", "Echo"),
        description=Text(
            "Επιστρέφει την είσοδο· ελέγχει τη διαδρομή εκτέλεσης.",
            "Returns its input; checks the execution path.",
        ),
        inputs=EchoInputs,
        outputs={"value": OutputSpec(Text("Τιμή", "Value"), {})},
        run=echo,
        quick=True,
        keywords=("test",),
    ),
    ProcessSpec(
        id="wait",
        title=Text("Αναμονή", "Wait"),
        description=Text(
            "Εκτελείται για όσα δευτερόλεπτα ζητηθούν, αναφέροντας πρόοδο.",
            "Runs for the given seconds, reporting progress.",
        ),
        inputs=WaitInputs,
        outputs={"waited": OutputSpec(Text("Διάρκεια", "Duration"), {"type": "number"})},
        run=wait,
        roles=frozenset({Role.GIS_ADMIN}),
        keywords=("test",),
    ),
    ZONAL_STATISTICS,
    FEATURES_WITHIN_DISTANCE,
)
