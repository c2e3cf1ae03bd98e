"""A worker that starts while the database is away (the supervisor replaced a dead one)
serves the configuration its siblings generated, instead of failing to start."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.pygeoapi_app import configure
from api.settings import PolisSettings
from models.errors import DatabaseUnavailable


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_last_configuration_is_served_when_the_database_is_away(
    demo_settings: PolisSettings, tmp_path: Path
) -> None:
    up = demo_settings.model_copy(update={"var_dir": tmp_path})
    generated = configure(up)
    down = up.model_copy(
        update={"database_url": SecretStr(f"postgresql://polis@127.0.0.1:{closed_port()}/polis")}
    )
    served = configure(down)
    assert served["resources"].keys() == generated["resources"].keys()


def test_without_a_previous_configuration_the_worker_cannot_start(
    demo_settings: PolisSettings, tmp_path: Path
) -> None:
    down = demo_settings.model_copy(
        update={
            "var_dir": tmp_path,
            "database_url": SecretStr(f"postgresql://polis@127.0.0.1:{closed_port()}/polis"),
        }
    )
    with pytest.raises(DatabaseUnavailable):
        configure(down)
