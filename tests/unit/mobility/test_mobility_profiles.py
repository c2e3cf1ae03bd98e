"""Every profile rule on hand-made graphs: two ways from A to D, a short one whose middle
edge carries the attribute under test and a long detour that is fine for everyone."""

from __future__ import annotations

from typing import Any

import pytest

from gis.mobility.graph import FootwayRecord, PedestrianGraph
from gis.mobility.profiles import PROFILES, Overrides
from gis.mobility.router import Router, RoutingError, lonlat
from models.enums import CrossingType, FootwayType, KerbType, Smoothness, Surface, WheelchairAccess

X0, Y0 = 320_000.0, 4_359_000.0
GOOD = {
    "footway_type": FootwayType.SIDEWALK,
    "incline": 0.0,
    "width": 2.0,
    "surface": Surface.CONCRETE,
    "smoothness": Smoothness.GOOD,
    "tactile_paving": True,
    "lit": True,
    "wheelchair": WheelchairAccess.YES,
}
A, B, C, D = (X0, Y0), (X0 + 100, Y0), (X0 + 110, Y0), (X0 + 210, Y0)
#: the detour: A → up 100 m → along 210 m → down to D (far longer than A-B-C-D)
DETOUR = ((X0, Y0), (X0, Y0 + 100), (X0 + 210, Y0 + 100), (X0 + 210, Y0))


def network(
    middle: dict[str, Any], crossing: dict[str, Any] | None = None, *, detour: bool = True
) -> Router:
    records = [
        FootwayRecord(1, GOOD, (A, B)),
        FootwayRecord(2, {**GOOD, **middle}, (B, C), crossing),
        FootwayRecord(3, GOOD, (C, D)),
    ]
    if detour:
        records.append(FootwayRecord(4, GOOD, DETOUR))
    return Router(PedestrianGraph.build(records))


def ll(p: tuple[float, float]) -> tuple[float, float]:
    lon, lat = lonlat(*p)
    return (float(lon), float(lat))


def used(
    router: Router, profile: str, *, overrides: Overrides | None = None, start=A, end=D
) -> set[int]:
    p = PROFILES[profile]
    if overrides is not None:
        p = overrides.apply(p)
    fc = router.route(p, ll(start), ll(end))
    return {f["properties"]["footway_id"] for f in fc["features"][1:]}


def blocked_by(router: Router, profile: str, **kw: Any) -> str | None:
    try:
        used(router, profile, **kw)
    except RoutingError as exc:
        return exc.constraint
    return None


WHEELCHAIRS = ("manual_wheelchair", "powered_wheelchair")
EVERYONE = tuple(PROFILES)


def test_a_raised_kerb_blocks_the_manual_wheelchair_and_not_a_pedestrian() -> None:
    kerb = {
        "footway_type": FootwayType.CROSSING,
        "kerb_start": KerbType.RAISED,
        "kerb_end": KerbType.RAISED,
    }
    r = network(kerb)
    assert 2 not in used(r, "manual_wheelchair")
    assert 2 in used(r, "pedestrian")
    lone = network(kerb, detour=False)
    assert blocked_by(lone, "manual_wheelchair") == "max_kerb_height"
    try:
        used(lone, "manual_wheelchair")
    except RoutingError as exc:
        assert exc.where is not None and exc.where["footway_id"] == 2
        assert exc.where["kerb"] == ["raised", "raised"]


def test_a_measured_kerb_height_decides_over_the_type() -> None:
    low = {"footway_type": FootwayType.CROSSING, "kerb_start": KerbType.RAISED,
           "kerb_start_height": 0.02, "kerb_end": KerbType.LOWERED}  # fmt: skip
    assert 2 in used(network(low), "manual_wheelchair")
    high = {**low, "kerb_start_height": 0.05}
    assert 2 not in used(network(high), "manual_wheelchair")
    assert 2 in used(network(high), "powered_wheelchair")  # 6 cm limit
    loose = Overrides(max_kerb_height=0.05)
    assert 2 in used(network(high), "manual_wheelchair", overrides=loose)


@pytest.mark.parametrize("profile", EVERYONE)
def test_steps_block_every_wheelchair_and_walker(profile: str) -> None:
    steps = {"footway_type": FootwayType.STEPS, "step_count": 4}
    path = used(network(steps), profile)
    if profile in (*WHEELCHAIRS, "walker"):
        assert 2 not in path
        assert blocked_by(network(steps, detour=False), profile) == "avoid_steps"
    else:
        assert 2 in path


def test_avoid_steps_override_for_a_pedestrian() -> None:
    steps = {"footway_type": FootwayType.STEPS}
    assert 2 not in used(network(steps), "pedestrian", overrides=Overrides(avoid_steps=True))


def test_unknown_surface_follows_each_profiles_policy() -> None:
    unknown = {"surface": None}
    r = network(unknown)
    manual = PROFILES["manual_wheelchair"]  # penalise
    assert manual.policy("surface").value == "penalise"
    pg = r.profile_graph(manual)
    costs = {r.edge_data(i)["fid"]: pg.costs.cost[i] for i in range(len(pg.costs.cost))}
    assert costs[2] == pytest.approx(2 * costs[1] * 10 / 100)  # 10 m at twice the cost
    assert 2 in used(r, "manual_wheelchair")  # the penalty is smaller than the detour
    powered = PROFILES["powered_wheelchair"]  # allow
    assert powered.policy("surface").value == "allow"
    pgp = r.profile_graph(powered)
    costs_p = {r.edge_data(i)["fid"]: pgp.costs.cost[i] for i in range(len(pgp.costs.cost))}
    assert costs_p[2] == pytest.approx(costs_p[1] * 10 / 100)


def test_unknown_kerb_on_a_crossing_blocks_the_manual_wheelchair_only() -> None:
    crossing = {"footway_type": FootwayType.CROSSING}
    r = network(crossing, {"id": 9, "crossing_type": CrossingType.MARKED, "kerb": None})
    assert 2 not in used(r, "manual_wheelchair")  # block
    assert 2 in used(r, "powered_wheelchair")  # penalise: still cheaper than the detour
    assert 2 in used(r, "blind")


def test_a_disallowed_surface_and_its_override() -> None:
    gravel = {"surface": Surface.GRAVEL}
    assert 2 not in used(network(gravel), "manual_wheelchair")
    allow = Overrides(allowed_surfaces=frozenset({Surface.GRAVEL, Surface.CONCRETE}))
    assert 2 in used(network(gravel), "manual_wheelchair", overrides=allow)
    assert blocked_by(network(gravel, detour=False), "manual_wheelchair") == "allowed_surfaces"


def test_incline_is_directional() -> None:
    up = {"incline": 7.0}  # uphill from B to C
    r = network(up)
    assert 2 not in used(r, "manual_wheelchair")  # 7 % up > 6 %
    assert 2 in used(r, "manual_wheelchair", start=D, end=A)  # 7 % down <= 8 %
    assert 2 in used(r, "manual_wheelchair", overrides=Overrides(max_uphill=8.0))
    assert blocked_by(network(up, detour=False), "manual_wheelchair") == "max_uphill"
    steep_down = Overrides(max_downhill=5.0)
    assert (
        blocked_by(network(up, detour=False), "pedestrian", overrides=steep_down, start=D, end=A)
        == "max_downhill"
    )


def test_width_smoothness_and_wheelchair_access() -> None:
    assert blocked_by(network({"width": 0.7}, detour=False), "manual_wheelchair") == "min_width"
    assert 2 in used(network({"width": 0.7}), "pedestrian")
    assert 2 not in used(network({"width": 1.2}), "pedestrian", overrides=Overrides(min_width=1.5))
    assert (
        blocked_by(network({"smoothness": Smoothness.BAD}, detour=False), "manual_wheelchair")
        == "worst_smoothness"
    )
    assert 2 in used(network({"smoothness": Smoothness.BAD}), "powered_wheelchair")
    no = {"wheelchair": WheelchairAccess.NO}
    assert blocked_by(network(no, detour=False), "powered_wheelchair") == "wheelchair"
    assert 2 in used(network(no), "walker")


def test_unmarked_crossings_and_sound_signals_for_the_blind() -> None:
    unmarked = {"footway_type": FootwayType.CROSSING}
    c = {"id": 1, "crossing_type": CrossingType.UNMARKED, "kerb": KerbType.LOWERED}
    assert 2 not in used(network(unmarked, c), "blind")
    assert 2 in used(network(unmarked, c), "pedestrian")
    assert 2 not in used(
        network(unmarked, c), "pedestrian", overrides=Overrides(avoid_unmarked_crossings=True)
    )
    assert blocked_by(network(unmarked, c, detour=False), "blind") == "avoid_unmarked_crossings"
    # two parallel crossings B→C: signals without sound (short) and with sound (longer)
    silent = {
        "id": 1,
        "crossing_type": CrossingType.TRAFFIC_SIGNALS,
        "traffic_signals_sound": False,
    }
    sound = {**silent, "id": 2, "traffic_signals_sound": True}
    crossing = {**GOOD, "footway_type": FootwayType.CROSSING, "tactile_paving": True}
    records = [
        FootwayRecord(1, GOOD, (A, B)),
        FootwayRecord(2, crossing, (B, C), silent),
        FootwayRecord(5, crossing, (B, (X0 + 105, Y0 - 3), C), sound),
        FootwayRecord(3, GOOD, (C, D)),
    ]
    r = Router(PedestrianGraph.build(records))
    assert 5 in used(r, "blind")
    assert 2 in used(r, "pedestrian")
    assert 2 in used(r, "blind", overrides=Overrides(prefer_sound_signals=False))


@pytest.mark.parametrize("profile", EVERYONE)
def test_a_barrier_blocks_everyone(profile: str) -> None:
    r = network({})
    assert 2 in used(r, profile)
    r.graph.set_barriers({2})
    assert 2 not in used(r, profile)
    r.graph.set_barriers(set())
    assert 2 in used(r, profile)


def test_no_connection_and_far_points() -> None:
    lone = Router(
        PedestrianGraph.build([FootwayRecord(1, GOOD, (A, B)), FootwayRecord(2, GOOD, (C, D))])
    )
    with pytest.raises(RoutingError) as exc:
        used(lone, "pedestrian")
    assert exc.value.constraint == "no_connection"
    with pytest.raises(RoutingError) as far:
        used(network({}), "pedestrian", start=(X0 - 1000, Y0))
    assert far.value.field == "from"


def test_every_profile_documents_its_unknown_policy() -> None:
    for profile in PROFILES.values():
        described = profile.describe()
        assert set(described["unknown_policy"]) == {
            "kerb",
            "surface",
            "width",
            "incline",
            "smoothness",
        }
        assert described["title"]["el"] and described["title"]["en"]
