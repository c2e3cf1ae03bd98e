"""The OSM rule of the mobility layers: kerbs, kerb heights, smoothness, steps and the
crossing features."""

from __future__ import annotations

import pytest

from layers.mobility.osm import crossing_attributes, footway_attributes, footway_ends, kerb_height
from models.enums import CrossingType, FootwayType, KerbType, Smoothness


@pytest.mark.parametrize(
    ("value", "metres"),
    [
        ("4 cm", 0.04),
        ("0.04", 0.04),
        ("3", 0.03),
        ("40 mm", 0.04),
        ("0", 0.0),
        ("tall", None),
        ("2 m", None),
    ],
)
def test_kerb_height(value: str, metres: float | None) -> None:
    assert kerb_height({"kerb:height": value}) == metres


def test_steps_smoothness_and_kerb_ends() -> None:
    attrs = footway_attributes({"highway": "steps", "smoothness": "bad", "step_count": "12"})
    assert attrs is not None
    assert attrs["footway_type"] is FootwayType.STEPS and attrs["step_count"] == 12
    assert attrs["smoothness"] is Smoothness.BAD
    assert footway_attributes({"highway": "footway", "smoothness": "silky"})["smoothness"] is None  # type: ignore[index]
    ends = footway_ends({"kerb": "raised", "kerb:height": "12 cm"}, {"kerb": "lowered"})
    assert ends == {"kerb_start": KerbType.RAISED, "kerb_end": KerbType.LOWERED,
                    "kerb_start_height": 0.12, "kerb_end_height": None}  # fmt: skip


def test_crossing_features() -> None:
    attrs = crossing_attributes(
        {
            "highway": "crossing",
            "crossing": "traffic_signals",
            "crossing:markings": "zebra",
            "traffic_signals:sound": "locate",
            "traffic_signals:vibration": "no",
            "button_operated": "yes",
            "crossing:island": "no",
            "kerb": "flush",
            "kerb:height": "0",
        }
    )
    assert attrs is not None
    assert attrs["crossing_type"] is CrossingType.TRAFFIC_SIGNALS
    assert attrs["markings"] is True and attrs["traffic_signals_sound"] is True
    assert attrs["traffic_signals_vibration"] is False and attrs["button_operated"] is True
    assert (
        attrs["island"] is False and attrs["kerb"] is KerbType.FLUSH and attrs["kerb_height"] == 0.0
    )
    bare = crossing_attributes({"highway": "crossing", "crossing:markings": "no"})
    assert (
        bare is not None
        and bare["markings"] is False
        and bare["crossing_type"] is CrossingType.UNMARKED
    )
    assert bare["traffic_signals_sound"] is None and bare["button_operated"] is None
