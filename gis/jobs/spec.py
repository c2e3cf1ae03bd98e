"""The process descriptor every domain uses to offer a process through OGC API –
Processes, and the context a process function runs in.

A domain declares its processes in ``gis/<domain>/processes.py`` as
``PROCESSES = (ProcessSpec(...), ...)``; nothing central lists them
(``gis.jobs.catalogue`` finds them for the enabled domains). Inputs are a pydantic
model: its JSON schema is the process description's inputs, and its validation errors
name the input (400).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import psycopg
from pydantic import BaseModel, ValidationError

from layers.db.pools import shared_sync_pool
from layers.db.settings import DatabaseSettings
from layers.registry import Registry, Text, build_registry
from models.auth import Role
from models.errors import Forbidden, InvalidParameter, PolisError, Unauthorized


@lru_cache(maxsize=8)
def cached_registry(domains: tuple[str, ...] | None) -> Registry:
    """The registry of ``domains`` (all available when None), built once per process."""
    return build_registry(domains)


class JobCancelled(PolisError, RuntimeError):
    """The job was dismissed (or taken over) while it ran: stop computing."""

    status = 409
    code = "JobDismissed"
    title = "Job dismissed"


@dataclass
class JobContext:
    """What a running process may use: the settings (database, raster store), the
    registry of the enabled domains, pooled connections, and a progress callback.

    ``report`` is called with (percent, message); it returns False when the job no
    longer runs, and :meth:`progress` then raises :class:`JobCancelled`.
    """

    settings: DatabaseSettings
    report: Callable[[int, str | None], bool] = field(default=lambda pct, msg: True)
    known_registry: Registry | None = None

    @cached_property
    def registry(self) -> Registry:
        """The layers of the enabled domains (the one given, else built once per process)."""
        return self.known_registry or cached_registry(tuple(self.settings.domains or ()) or None)

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection of this process (the web process's or the Dask worker's)."""
        pool = shared_sync_pool(
            self.settings.dsn, statement_timeout_ms=self.settings.statement_timeout_ms
        )
        with pool.connection() as conn:
            yield conn

    def progress(self, percent: float, message: str | None = None) -> None:
        """Report progress (0–100); raises :class:`JobCancelled` if the job was dismissed."""
        if not self.report(max(0, min(100, int(percent))), message):
            raise JobCancelled("the job was dismissed / η εργασία ακυρώθηκε")


@dataclass(frozen=True)
class OutputSpec:
    """One output of a process: its title and JSON schema."""

    title: Text
    schema: Mapping[str, Any]


@dataclass(frozen=True)
class ProcessSpec:
    """A process offered at ``/ogc/processes/{id}``.

    Parameters
    ----------
    id, title, description, version, keywords:
        What the process description shows (titles and descriptions in Greek and English).
    inputs:
        A pydantic model of the inputs; each field is one input (its ``description`` and
        ``title`` are shown), required unless it has a default.
    outputs:
        Output id -> :class:`OutputSpec`; ``run`` returns a dict with these keys.
    run:
        ``run(inputs, context) -> {output id: JSON value}``; pure computation plus reads
        through ``context`` (it may run on any Dask worker).
    roles:
        Who may execute it: None for anyone (also anonymous), else an account with one of
        these roles (administrators always).
    quick:
        True when an execution takes milliseconds: synchronous execution then runs in
        the web process itself (no Dask round trip); otherwise every execution is a job.
    layer_inputs, raster_inputs:
        Inputs naming a layer / a raster of the registry: checked when the execution is
        requested (400 naming the input when unknown; 401/403 when the caller may not
        read the layer), since the job itself runs without the caller's roles.
    check:
        ``check(inputs, registry)``: further checks at request time that need the
        registry (raise ``InvalidParameter`` naming the input).
    """

    id: str
    title: Text
    description: Text
    inputs: type[BaseModel]
    outputs: Mapping[str, OutputSpec]
    run: Callable[[Any, JobContext], dict[str, Any]]
    roles: frozenset[Role] | None = None
    quick: bool = False
    version: str = "1.0.0"
    keywords: tuple[str, ...] = ()
    layer_inputs: tuple[str, ...] = ()
    raster_inputs: tuple[str, ...] = ()
    check: Callable[[Any, Registry], None] | None = None

    def parse_inputs(self, raw: Any) -> BaseModel:
        """The checked inputs; ``InvalidParameter`` (400) naming the first bad input."""
        if not isinstance(raw, dict):
            raise InvalidParameter("inputs", "must be a JSON object of input id -> value")
        try:
            return self.inputs.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "inputs"
            raise InvalidParameter(where, first["msg"]) from None

    def check_sources(
        self, inputs: BaseModel, registry: Registry, *, roles: frozenset[Role], signed_in: bool
    ) -> None:
        """Check the layers and rasters the inputs name against the registry and the
        caller's roles, then :attr:`check`."""
        for name in self.layer_inputs:
            layer_id = getattr(inputs, name)
            if layer_id is None:
                continue
            if layer_id not in registry:
                raise InvalidParameter(name, f"no layer '{layer_id}'")
            if not registry.get(layer_id).can_read(roles):
                error = Forbidden if signed_in else Unauthorized
                raise error(f"input '{name}': you may not read layer '{layer_id}'", field=name)
        known = {raster.id for raster in registry.rasters}
        for name in self.raster_inputs:
            if getattr(inputs, name) not in known:
                raise InvalidParameter(name, f"no coverage '{getattr(inputs, name)}'")
        if self.check is not None:
            self.check(inputs, registry)

    def execute(self, raw: Any, context: JobContext) -> dict[str, Any]:
        """Check ``raw`` inputs and run the process."""
        return self.run(self.parse_inputs(raw), context)

    def may_execute(self, roles: frozenset[Role]) -> bool:
        """True when a caller with ``roles`` may execute it."""
        return self.roles is None or bool(roles & (self.roles | {Role.ADMIN}))
