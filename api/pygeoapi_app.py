"""pygeoapi, configured from the layer registry and loaded as an ASGI app.

``pygeoapi.starlette_app`` builds its Starlette ``APP`` when imported, from the files
named by ``PYGEOAPI_CONFIG`` and ``PYGEOAPI_OPENAPI``. Polis generates both files from
the registry, points the variables at them and (re)loads the module, so one process
serves one configuration: the last one built.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType

from layers.core_layers import core_registry
from layers.database import connect
from layers.extents import all_extents, layer_sources
from layers.ogc_config import build_config, write_config
from layers.registry import Registry
from layers.settings import PolisSettings

MODULE = "pygeoapi.starlette_app"


def configure(settings: PolisSettings, registry: Registry | None = None) -> dict[str, object]:
    """Generate the pygeoapi config and OpenAPI document from the registry and the data."""
    registry = registry or core_registry()
    with connect(settings) as conn:
        extents = all_extents(conn, registry)
        sources = layer_sources(conn)
    config = build_config(settings, registry, extents, sources)
    config_path, openapi_path = write_config(config, settings.runtime_dir)
    os.environ["PYGEOAPI_CONFIG"] = str(config_path)
    os.environ["PYGEOAPI_OPENAPI"] = str(openapi_path)
    return config


def load_pygeoapi() -> ModuleType:
    """The ``pygeoapi.starlette_app`` module built from the current configuration files."""
    module = sys.modules.get(MODULE)
    if module is None:
        return importlib.import_module(MODULE)
    return importlib.reload(module)
