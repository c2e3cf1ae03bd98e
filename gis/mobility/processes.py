"""OGC API – Processes of the ``mobility`` domain: ``route``, ``walkshed`` and
``nearest-accessible`` (quick: run synchronously in the web process, on the same live
graph as ``/mobility``). A route that cannot be found is a 422 naming the blocking
constraint and where."""

from __future__ import annotations

from typing import Any

from gis.jobs.spec import JobContext, OutputSpec, ProcessSpec
from gis.mobility import service
from layers.registry import Text
from models.mobility.schemas import NearestRequest, RouteRequest, WalkshedRequest

FEATURE_COLLECTION = {"type": "object", "contentMediaType": "application/geo+json"}


def run_route(inputs: RouteRequest, context: JobContext) -> dict[str, Any]:
    return {"route": service.route(context.settings, inputs)}


def run_walkshed(inputs: WalkshedRequest, context: JobContext) -> dict[str, Any]:
    return {"walkshed": service.walkshed(context.settings, inputs)}


def run_nearest(inputs: NearestRequest, context: JobContext) -> dict[str, Any]:
    return {"results": service.nearest(context.settings, inputs)["results"]}


PROCESSES: tuple[ProcessSpec, ...] = (
    ProcessSpec(
        id="route",
        title=Text("Προσβάσιμη διαδρομή", "Accessible route"),
        description=Text(
            "Διαδρομή πεζού ανά προφίλ (αμαξίδιο, περιπατητήρας, τυφλοί, πεζός) με οδηγίες "
            "σε ελληνικά και αγγλικά για κράσπεδα, διαβάσεις και επιφάνειες.",
            "A pedestrian route per profile (wheelchair, walker, blind, pedestrian) with "
            "directions in Greek and English announcing kerbs, crossings and surfaces.",
        ),
        inputs=RouteRequest,
        outputs={"route": OutputSpec(Text("Διαδρομή", "Route"), FEATURE_COLLECTION)},
        run=run_route,
        quick=True,
        keywords=("mobility", "routing", "accessibility"),
    ),
    ProcessSpec(
        id="walkshed",
        title=Text("Περιοχή προσβασιμότητας", "Walkshed"),
        description=Text(
            "Ό,τι είναι προσβάσιμο μέσα σε δοσμένα λεπτά για το προφίλ.",
            "Everything the profile reaches within the given minutes.",
        ),
        inputs=WalkshedRequest,
        outputs={"walkshed": OutputSpec(Text("Περιοχή", "Walkshed"), FEATURE_COLLECTION)},
        run=run_walkshed,
        quick=True,
        keywords=("mobility", "walkshed", "accessibility"),
    ),
    ProcessSpec(
        id="nearest-accessible",
        title=Text("Πλησιέστερο προσβάσιμο", "Nearest accessible place"),
        description=Text(
            "Οι πλησιέστερες, μέσω διαδρομής, είσοδοι δημόσιων κτιρίων, στάσεις ή θέσεις ΑμεΑ.",
            "The nearest entrances of public buildings, bus stops or disabled bays, by route.",
        ),
        inputs=NearestRequest,
        outputs={"results": OutputSpec(Text("Αποτελέσματα", "Results"), {"type": "array"})},
        run=run_nearest,
        quick=True,
        keywords=("mobility", "accessibility"),
    ),
)
