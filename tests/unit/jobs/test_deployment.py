"""docker/: the Dockerfile and the compose file, checked without a Docker engine —
services present, every command a real ``polis`` (or ``dask``) command line with real
options, published ports on loopback only, ``POLIS_*`` variables real settings, files
the image copies present."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
import typer
import yaml
from distributed.cli import dask_scheduler, dask_worker

from api.cli.main import app
from api.settings import PolisSettings

ROOT = Path(__file__).resolve().parents[3]
DOCKER = ROOT / "docker"
SERVICES = {
    "db",
    "mosquitto",
    "migrate",
    "web",
    "ingest",
    "worker",
    "dask-scheduler",
    "dask-worker",
}
POLIS = typer.main.get_command(app)
DASK: dict[str, click.Command] = {"scheduler": dask_scheduler.main, "worker": dask_worker.main}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    return document


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, argument) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (DOCKER / "Dockerfile").read_text())
    pairs = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def parse_cli(root: Any, args: list[str]) -> Any:
    """The command ``args`` select under ``root``, its options parsed (click raises on an
    unknown command or option); nothing runs."""
    command = root
    while hasattr(command, "commands"):  # a group (click's or typer's own click)
        assert args, f"{root.name}: a command group needs a subcommand"
        sub = command.commands.get(args[0])  # type: ignore[attr-defined]
        assert sub is not None, f"'{args[0]}' is not a subcommand of {command.name}"
        command, args = sub, args[1:]
    command.make_context(command.name or "", list(args), resilient_parsing=False)
    return command


def cli_envvars(command: Any) -> set[str]:
    found = {p.envvar for p in command.params if isinstance(p.envvar, str)}
    for sub in getattr(command, "commands", {}).values():
        found |= cli_envvars(sub)
    return found


def polis_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if s.get("image") == "polis:latest"}


def test_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on unknown {needed}"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith("."):
                assert source in compose["volumes"], f"{name}: undeclared volume {source}"
            else:
                assert (DOCKER / source).exists(), f"{name}: missing file {source}"
    assert services["dask-worker"]["deploy"]["replicas"] >= 2


def test_commands_are_real_command_lines(compose: dict[str, Any]) -> None:
    missing = set()
    for name, service in polis_services(compose).items():
        entrypoint = service.get("entrypoint", ["polis"])
        args = service["command"]
        if entrypoint == ["dask"]:
            parse_cli(DASK[args[0]], args[1:])
        elif args[0] not in POLIS.commands:  # type: ignore[attr-defined]
            missing.add(args[0])
        else:
            assert entrypoint == ["polis"], name
            parse_cli(POLIS, args)
    # `polis ingest` comes with the sensors half of issue #10 (layers.sensors)
    sensors = importlib.util.find_spec("layers.sensors") is not None
    assert missing == (set() if sensors else {"ingest"})


def test_dockerfile(compose: dict[str, Any]) -> None:
    steps = dockerfile()
    base = next(arg for word, arg in steps if word == "FROM")
    version = re.match(r"python:(\d+)\.(\d+)", base)
    assert version and (int(version[1]), int(version[2])) >= (3, 12), base
    entrypoint = json.loads(next(arg for word, arg in steps if word == "ENTRYPOINT"))
    assert entrypoint == ["polis"]
    parse_cli(POLIS, json.loads(next(arg for word, arg in steps if word == "CMD")))
    for word, arg in steps:
        if word == "COPY":
            for source in arg.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
    assert any(word == "USER" and arg != "root" for word, arg in steps)
    envs = " ".join(arg for word, arg in steps if word == "ENV")
    for name in re.findall(r"(POLIS_[A-Z_]+)=", envs):
        assert name[6:].lower() in PolisSettings.model_fields, name


def test_ports_are_loopback_only(compose: dict[str, Any]) -> None:
    published = []
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
            assert host_ip == "127.0.0.1", f"{name} publishes {port} beyond loopback"
            published.append(name)
    assert published == ["web"]


def test_environment_names_real_settings(compose: dict[str, Any]) -> None:
    allowed = set(PolisSettings.model_fields)
    envvars = cli_envvars(POLIS)
    for name, service in compose["services"].items():
        for key in service.get("environment", {}) or {}:
            if key.startswith("POLIS_"):
                assert key[6:].lower() in allowed or key in envvars, f"{name}: {key}"
    env = compose["services"]["worker"]["environment"]
    scheduler = compose["services"]["dask-scheduler"]["command"]
    port = scheduler[scheduler.index("--port") + 1]
    assert env["POLIS_DASK_SCHEDULER"] == f"tcp://dask-scheduler:{port}"
    assert compose["services"]["dask-worker"]["command"][1] == env["POLIS_DASK_SCHEDULER"]
    assert "POLIS_SECRET_KEY" in compose["services"]["web"]["environment"]
