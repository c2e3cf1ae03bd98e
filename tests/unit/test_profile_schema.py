"""The municipality profile: schema, loading, licences, and what the settings take from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import PolisSettings
from layers.db.profile import load_profile
from layers.db.settings import DEFAULT_PROFILE
from layers.ogc.config import _metadata, licence_link
from layers.ogc.extents import _file_bbox
from layers.registry import registry_for
from models.errors import ConfigurationError
from models.licences import LICENCES, licence_for
from models.profile import MunicipalityProfile

#: A valid profile of another municipality, as a dict (the TOML file's content).
TRIKALA = {
    "name": {"el": "Δήμος Τρικκαίων", "en": "Municipality of Trikala"},
    "kallikratis_code": "TRI",  # not in the test database: the area is the centre box
    "centre": {"lon": 21.768, "lat": 39.555},
    "zoom": 14,
    "licence": "ODbL-1.0",
    "website": "https://trikalacity.gr",
    "mail_from": "no-reply@trikalacity.gr",
    "contact": {"name": {"el": "Γραφείο GIS", "en": "GIS office"}, "email": "gis@trikalacity.gr"},
    "domains": ["core", "transit"],
}


def toml_text(data: dict[str, object]) -> str:
    """``data`` as TOML (the subset profiles use: strings, numbers, lists, tables)."""
    lines: list[str] = []
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    for key, value in data.items():
        if not isinstance(value, dict):
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    for key, table in tables.items():
        lines.append(f"[{key}]")
        for sub, value in table.items():
            if isinstance(value, dict):
                inline = ", ".join(
                    f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()
                )
                lines.append(f"{sub} = {{ {inline} }}")
            else:
                lines.append(f"{sub} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def with_changes(**changes: object) -> dict[str, object]:
    """:data:`TRIKALA` with top-level keys replaced (None removes the key)."""
    data = {**TRIKALA, **changes}
    return {k: v for k, v in data.items() if v is not None}


def problem(data: dict[str, object]) -> tuple[str, str]:
    """(field, message) of the first validation error of ``data``."""
    with pytest.raises(ValidationError) as caught:
        MunicipalityProfile.model_validate(data)
    first = caught.value.errors()[0]
    return ".".join(str(p) for p in first["loc"]), first["msg"]


def test_the_default_profile_is_karditsa_and_valid() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    assert profile.name.el == "Δήμος Καρδίτσας"
    assert profile.name.en == "Municipality of Karditsa"
    assert profile.kallikratis_code == "9092"
    assert (profile.centre.lon, profile.centre.lat) == (21.922, 39.365)
    assert profile.contact.email == "gis@karditsa.gov.gr"
    assert profile.contact.postcode == "43100"
    assert profile.data_licence.url == "https://creativecommons.org/licenses/by/4.0/"
    assert profile.domains is None  # every available domain


def test_another_profile_validates() -> None:
    profile = MunicipalityProfile.model_validate(TRIKALA)
    assert profile.licence == "ODbL-1.0" and profile.domains == ("core", "transit")
    assert hash(profile) == hash(MunicipalityProfile.model_validate(TRIKALA))


@pytest.mark.parametrize("licence", ["CC-BY-5.0", "MIT-ish", "", "CC BY 4.0"])
def test_unknown_licence_is_refused_naming_the_field(licence: str) -> None:
    where, message = problem(with_changes(licence=licence))
    assert where == "licence"
    assert f"unknown licence '{licence}'" in message and "ODbL-1.0" in message


def test_licence_ids_are_matched_without_case() -> None:
    assert MunicipalityProfile.model_validate(with_changes(licence="cc0-1.0")).licence == "CC0-1.0"


@pytest.mark.parametrize(
    ("centre", "field", "words"),
    [
        ({"lon": 39.555, "lat": 21.768}, "centre", "swapped"),
        ({"lon": 2.35, "lat": 48.86}, "centre", "outside Greece"),
        ({"lon": 21.7, "lat": 95}, "centre.lat", "less than or equal to 90"),
        ({"lon": "east", "lat": 39.5}, "centre.lon", "valid number"),
        ({"lat": 39.5}, "centre.lon", "Field required"),
    ],
)
def test_bad_centre_is_refused_naming_the_field(
    centre: dict[str, object], field: str, words: str
) -> None:
    where, message = problem(with_changes(centre=centre))
    assert where == field and words in message, (where, message)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": {"name": {"el": "x", "en": "y"}, "email": "not-an-address"}}, "contact.email"),
        ({"contact": {"name": {"el": "x", "en": "y"}, "emial": "a@b.gr"}}, "contact.email"),
        ({"website": "www.trikalacity.gr"}, "website"),
        ({"mail_from": "trikala"}, "mail_from"),
        ({"zoom": 3}, "zoom"),
        ({"kallikratis_code": "91 02"}, "kallikratis_code"),
        ({"name": {"el": "Δήμος Τρικκαίων"}}, "name.en"),
        ({"domains": []}, "domains"),
        ({"domains": ["core", "Parking!"]}, "domains"),
        ({"licence": None}, "licence"),
    ],
)
def test_other_bad_fields_are_named(changes: dict[str, object], field: str) -> None:
    assert problem(with_changes(**changes))[0] == field


def test_load_profile_reports_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml_text(with_changes(licence="CC-BY-5.0")), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"bad\.toml: 'licence': unknown licence"):
        load_profile(path)
    path.write_text("name = [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_profile(path)
    with pytest.raises(ConfigurationError, match="POLIS_PROFILE"):
        load_profile(tmp_path / "missing.toml")


def test_a_relative_boundary_file_is_found_beside_the_profile(tmp_path: Path) -> None:
    (tmp_path / "area.geojson").write_text(
        json.dumps({"type": "Polygon", "coordinates": [[[21, 39], [22, 39], [22, 40], [21, 39]]]})
    )
    path = tmp_path / "trikala.toml"
    path.write_text(toml_text(with_changes(boundary="area.geojson")), encoding="utf-8")
    profile = load_profile(path)
    assert profile.boundary == tmp_path / "area.geojson"
    assert profile.boundary is not None and _file_bbox(profile.boundary) == (21, 39, 22, 40)
    path.write_text(toml_text(with_changes(boundary="nowhere.geojson")), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="'boundary': no file"):
        load_profile(path)


def test_a_projected_boundary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "area.geojson"
    square = [[[370000, 4357000], [371000, 4357000], [371000, 4358000], [370000, 4357000]]]
    path.write_text(
        json.dumps({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square}})
    )
    with pytest.raises(ConfigurationError, match="not longitude/latitude"):
        _file_bbox(path)
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(ConfigurationError, match="not a GeoJSON area"):
        _file_bbox(path)


def test_settings_take_the_profiles_domains_and_sender(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "trikala.toml"
    path.write_text(toml_text(TRIKALA), encoding="utf-8")
    monkeypatch.setenv("POLIS_PROFILE", str(path))
    settings = PolisSettings()
    assert settings.municipality.name.en == "Municipality of Trikala"
    assert settings.domains == ["core", "transit"]
    assert settings.mail_sender == "no-reply@trikalacity.gr"
    ids = registry_for(settings).ids()
    assert "transit_stops" in ids and "boundaries" in ids
    assert "trees" not in ids and "parking_bays" not in ids
    monkeypatch.setenv("POLIS_DOMAINS", '["core"]')  # the environment wins
    monkeypatch.setenv("POLIS_MAIL_FROM", "gis@example.gr")
    settings = PolisSettings()
    assert settings.domains == ["core"] and settings.mail_sender == "gis@example.gr"


def test_a_bad_profile_stops_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "swapped.toml"
    path.write_text(toml_text(with_changes(centre={"lon": 39.5, "lat": 21.7})), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="'centre': .*swapped"):
        PolisSettings(profile=path)


@pytest.mark.parametrize(
    ("stated", "href"),
    [
        ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
        ("cc-by-4.0", "https://creativecommons.org/licenses/by/4.0/"),
        ("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        (None, "https://opendatacommons.org/licenses/odbl/1-0/"),  # the municipality's
        ("", "https://opendatacommons.org/licenses/odbl/1-0/"),
        ("https://example.gr/terms", "https://example.gr/terms"),
    ],
)
def test_collection_licence_link_follows_the_licence(stated: str | None, href: str) -> None:
    link = licence_link(stated, default=LICENCES["ODbL-1.0"])
    assert link is not None and link["rel"] == "license" and link["href"] == href


def test_free_text_licence_gets_no_made_up_link() -> None:
    assert licence_link("ask the GIS office", default=LICENCES["CC-BY-4.0"]) is None
    assert licence_for(" odbl-1.0 ") is LICENCES["ODbL-1.0"]


def test_service_metadata_comes_from_the_profile() -> None:
    profile = MunicipalityProfile.model_validate(TRIKALA)
    meta = _metadata(profile)
    assert meta["identification"]["title"] == {
        "el": "Πολίς — Δήμος Τρικκαίων",
        "en": "Polis — Municipality of Trikala",
    }
    assert meta["license"]["url"] == "https://opendatacommons.org/licenses/odbl/1-0/"
    assert meta["contact"]["email"] == "gis@trikalacity.gr"
    assert meta["provider"]["url"] == "https://trikalacity.gr"
    assert "Karditsa" not in json.dumps(meta) and "Καρδίτσ" not in json.dumps(meta)
