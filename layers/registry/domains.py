"""Assembling the registry from the domains: each enabled domain's ``LAYERS`` (and
``RASTERS``), in the order of :data:`DOMAINS`. Adding a layer touches its own domain's
package and one migration, never a central list."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType
from typing import Protocol

from layers.registry.spec import LayerSpec, RasterSpec, Registry
from models.errors import ConfigurationError


class DomainSettings(Protocol):
    """What the registry needs of the settings: the enabled domains (None: all)."""

    @property
    def domains(self) -> list[str] | None: ...


#: Every domain Polis knows, in the order their layers are listed; a domain is the
#: package ``layers.<name>`` (or a dotted path to any package exporting ``LAYERS``).
DOMAINS: tuple[str, ...] = (
    "core",
    "parking",
    "transit",
    "mobility",
    "fleet",
    "green",
    "hazards",
    "participation",
    "commerce",
    "payments",
    "energy",
    "library",
    "sensors",
    "jobs",
)
#: Domains whose packages exist today (the others come with their issues).
AVAILABLE: tuple[str, ...] = (
    "core",
    "parking",
    "transit",
    "mobility",
    "green",
    "hazards",
    "participation",
    "commerce",
    "jobs",
    "sensors",
    "payments",
)


def domain_module(name: str) -> ModuleType:
    """The package of domain ``name``: ``layers.<name>`` for Polis's own domains, else
    the importable package ``name`` itself (a module installed beside Polis)."""
    for path in (f"layers.{name}", name) if "." not in name else (name,):
        try:
            return importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name != path:
                raise
    raise ConfigurationError(f"unknown domain '{name}': no package layers.{name} or {name}")


def domain_layers(name: str) -> tuple[tuple[LayerSpec, ...], tuple[RasterSpec, ...]]:
    """(layers, rasters) a domain declares; ``ConfigurationError`` if it declares none."""
    module = domain_module(name)
    if not hasattr(module, "LAYERS"):
        raise ConfigurationError(f"domain '{name}' does not export LAYERS")
    return tuple(module.LAYERS), tuple(getattr(module, "RASTERS", ()))


def build_registry(domains: Iterable[str] | None = None) -> Registry:
    """The registry of the ``domains`` (all available ones when None), validated."""
    layers: list[LayerSpec] = []
    rasters: list[RasterSpec] = []
    for name in AVAILABLE if domains is None else domains:
        more_layers, more_rasters = domain_layers(name)
        layers.extend(more_layers)
        rasters.extend(more_rasters)
    return Registry(layers, rasters)


def default_registry() -> Registry:
    """The registry of every available domain (what a default profile enables)."""
    return build_registry(None)


def registry_for(settings: DomainSettings) -> Registry:
    """The registry of the domains ``settings`` enable (every available one by default)."""
    return build_registry(settings.domains)
