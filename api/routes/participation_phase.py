"""The phase a participatory-budgeting process is in, checked by the routes, and the
process as the routes publish it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.deps import PoolDep
from layers.participation.processes import Process, get_process
from models.participation.enums import Phase
from models.participation.errors import OutOfPhase
from models.participation.phases import phase_at


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def require_phase(process: Process, *phases: Phase) -> Phase:
    """The current phase, ``OutOfPhase`` (409) unless it is one of ``phases``."""
    phase = phase_at(process.dates, now())
    if phase not in phases:
        wanted = ", ".join(f"{p.en} / {p.el}" for p in phases)
        raise OutOfPhase(
            f"process {process.id} is in the phase '{phase.en} / {phase.el}'; this needs: {wanted}",
            field="phase",
        )
    return phase


def public_process(process: Process) -> dict[str, Any]:
    phase = phase_at(process.dates, now())
    return {
        **process.fields,
        "phase": phase.value,
        "phase_label": {"el": phase.el, "en": phase.en},
        "budgets": process.budgets,
    }


async def load(pool: PoolDep, process_id: int) -> Process:
    async with pool.connection() as conn:
        return await get_process(conn, process_id)
