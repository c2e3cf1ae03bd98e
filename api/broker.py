"""The MQTT broker Polis runs beside itself: Mosquitto's configuration and a private
broker process (``polis broker start`` detaches one; tests and benchmarks start, stop and
restart their own on a free loopback port)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

from models.errors import ConfigurationError


def broker_config(port: int, store: str | None = None) -> str:
    """Mosquitto's configuration for Polis: loopback only; with a ``store`` directory,
    persistent sessions and queues and enough messages in flight for batched acks."""
    conf = f"listener {port} 127.0.0.1\nallow_anonymous true\n"
    if store is None:
        return conf + "persistence false\n"
    return conf + (
        f"persistence true\npersistence_location {store}/\nmax_inflight_messages 1000\n"
        "max_queued_messages 1000000\n"
    )


def mosquitto_binary() -> str:
    """Debian's ``mosquitto`` (installed by setup.sh)."""
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(binary).exists():
        raise ConfigurationError("mosquitto is not installed: setup.sh installs it")
    return binary


def listening(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on ``host:port``."""
    with socket.socket() as s:
        return s.connect_ex((host, port)) == 0


class BrokerProcess:
    """A Mosquitto of our own on a loopback port, in ``workdir`` (its configuration and
    log; its store too when ``persistent``), that can be stopped and started again."""

    def __init__(self, workdir: Path, port: int, *, persistent: bool = False):
        self.port = port
        store = None
        if persistent:
            store = workdir / "mqtt-store"
            store.mkdir(exist_ok=True)
            store.chmod(0o777)  # mosquitto started as root drops to its own user
        self.conf = workdir / "mosquitto.conf"
        self.conf.write_text(broker_config(port, None if store is None else str(store)))
        self.log = workdir / "mosquitto.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10) -> None:
        """Start the broker and wait until it listens."""
        with self.log.open("ab") as sink:
            self.proc = subprocess.Popen(
                [mosquitto_binary(), "-c", str(self.conf)], stdout=sink, stderr=sink
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if listening(self.port):
                return
            time.sleep(0.05)
        raise ConfigurationError(f"mosquitto did not listen on {self.port}: see {self.log}")

    def stop(self) -> None:
        """Stop it with SIGTERM (a persistent broker writes its store first)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
