"""Sanity checks run before the load: both servers answer 200 with the same content.

Items pages must hold a full page and a ``numberMatched`` on both servers (so both do
the same work: a count and a page), Polis's the database's count (tipg intersects a
bbox in its own way, so its count may differ by a feature or two), the single feature
must be the same, and both tiles must be non-empty with the same number of features
(counted by a minimal protobuf reader, so no MVT library is needed).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

from stack import BenchError
from targets import PAGE, Scenario

#: Protobuf field numbers of the vector tile schema: Tile.layers, Layer.name, Layer.features.
TILE_LAYERS, LAYER_NAME, LAYER_FEATURES = 3, 1, 2


def fetch(url: str) -> tuple[int, bytes]:
    """(status, body) of a GET without an ``Accept`` header, as ``wrk`` sends it."""
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return int(resp.status), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    """Decode a protobuf varint at ``i``: (value, next index)."""
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def _fields(buf: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of each field of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        field, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 2:
            size, i = _varint(buf, i)
            value, i = buf[i : i + size], i + size
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, i = buf[i : i + size], i + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield field, value


def mvt_layers(data: bytes) -> dict[str, int]:
    """Number of features of each layer of a Mapbox Vector Tile."""
    layers: dict[str, int] = {}
    for field, layer in _fields(data):
        if field != TILE_LAYERS or not isinstance(layer, bytes):
            continue
        name, count = "", 0
        for sub, value in _fields(layer):
            if sub == LAYER_NAME and isinstance(value, bytes):
                name = value.decode()
            count += sub == LAYER_FEATURES
        layers[name] = count
    return layers


def items_summary(body: bytes) -> tuple[str, frozenset[object]]:
    """(description, feature ids) of a GeoJSON page; ``BenchError`` unless it is full and
    carries ``numberMatched``."""
    doc = json.loads(body)
    ids = frozenset(f["id"] for f in doc["features"])
    if len(doc["features"]) != PAGE:
        raise BenchError(f"expected {PAGE} features, got {len(doc['features'])}")
    if not isinstance(doc.get("numberMatched"), int):
        raise BenchError("no numberMatched: the servers would not do the same work")
    text = f"numberReturned={doc.get('numberReturned')} numberMatched={doc['numberMatched']}"
    return f"{text} features={len(ids)}", ids


def number_matched(body: bytes) -> int | None:
    """``numberMatched`` of a page (None when absent)."""
    value = json.loads(body).get("numberMatched")
    return value if isinstance(value, int) else None


def item_summary(body: bytes) -> tuple[str, object]:
    """(description, id) of a GeoJSON feature."""
    doc = json.loads(body)
    kind = doc["geometry"]["type"] if doc.get("geometry") else None
    return f"id={doc['id']} geometry={kind} {len(body)} bytes", doc["id"]


def tile_summary(body: bytes) -> tuple[str, int]:
    """(description, feature count) of a tile; ``BenchError`` when it is empty.

    Polis keeps the features within the tile's buffer, tipg only those intersecting the
    tile itself, so Polis's count can be a little higher.
    """
    layers = mvt_layers(body)
    if not body or not sum(layers.values()):
        raise BenchError("empty vector tile")
    described = ", ".join(f"{name or '?'}: {n} features" for name, n in layers.items())
    return f"{len(body)} bytes ({described})", sum(layers.values())


def compare(kind: str, polis: object, tipg: object) -> str:
    """How the two servers' answers relate (page ids, feature id, tile feature counts)."""
    if polis == tipg:
        return "same features on both"
    if kind == "items" and isinstance(polis, frozenset) and isinstance(tipg, frozenset):
        return f"{len(polis & tipg)} of {PAGE} feature ids in common (bbox filters differ)"
    if kind == "tile":
        return f"feature counts differ: Polis {polis}, tipg {tipg} (tile buffer)"
    return f"WARNING: different features: Polis {polis}, tipg {tipg}"


SUMMARIES = {"items": items_summary, "item": item_summary, "tile": tile_summary}


def check(scenario: Scenario, polis_base: str, tipg_base: str) -> list[str]:
    """Fetch the scenario from both servers, compare, and return report lines."""
    summarise = SUMMARIES[scenario.kind]
    lines, keys = [f"{scenario.name}: {scenario.work}"], []
    for name, url in (
        ("Polis", polis_base + scenario.polis_path),
        ("tipg", tipg_base + scenario.tipg_path),
    ):
        status, body = fetch(url)
        if status != 200:
            raise BenchError(f"{name} answered {status} to {url}")
        try:
            text, key = summarise(body)
            if name == "Polis" and scenario.matched is not None:
                matched = number_matched(body)
                if matched != scenario.matched:
                    raise BenchError(f"numberMatched {matched} is not the database's count")
        except BenchError as exc:
            raise BenchError(f"{name} {url}: {exc}") from None
        lines.append(f"  {name:5} {text}")
        keys.append(key)
    lines.append(f"  {compare(scenario.kind, keys[0], keys[1])}")
    return lines
