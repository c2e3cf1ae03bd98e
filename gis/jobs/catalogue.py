"""The processes of the enabled domains, found where each domain declares them:
``gis/<domain>/processes.py`` (``<package>.processes`` for a domain installed beside
Polis) exporting ``PROCESSES``. No central list: a domain adds processes in its own
package, and only enabled domains offer theirs."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import ModuleType

from gis.jobs.spec import ProcessSpec
from layers.registry.domains import AVAILABLE, DomainSettings
from models.errors import ConfigurationError


def processes_module(domain: str) -> ModuleType | None:
    """The ``processes`` module of ``domain`` (``gis.<domain>.processes``, else
    ``<domain>.processes`` for a package installed beside Polis), or None."""
    own = [] if "." in domain else [f"gis.{domain}.processes"]
    for path in [*own, f"{domain}.processes"]:
        try:
            return importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name is None or not path.startswith(exc.name):
                raise  # the module exists but imports something missing
    return None


@lru_cache(maxsize=16)
def _catalogue(domains: tuple[str, ...]) -> Mapping[str, ProcessSpec]:
    found: dict[str, ProcessSpec] = {}
    for domain in domains:
        module = processes_module(domain)
        if module is None:
            continue
        for spec in getattr(module, "PROCESSES", ()):
            if not isinstance(spec, ProcessSpec):
                raise ConfigurationError(f"{module.__name__}.PROCESSES: {spec!r} is no ProcessSpec")
            if spec.id in found:
                raise ConfigurationError(f"process '{spec.id}' is declared twice ({domain})")
            found[spec.id] = spec
    return found


def build_catalogue(domains: Iterable[str] | None = None) -> Mapping[str, ProcessSpec]:
    """Process id -> descriptor for ``domains`` (every available domain when None)."""
    return _catalogue(tuple(AVAILABLE if domains is None else domains))


def catalogue_for(settings: DomainSettings) -> Mapping[str, ProcessSpec]:
    """The processes of the domains ``settings`` enable."""
    return build_catalogue(settings.domains)
