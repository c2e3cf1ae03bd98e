"""Traffic for ``bench/faults.py``: reader, writer and ``/health`` threads recording every
outcome, and a private Mosquitto broker that can be stopped and started again."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from api.broker import BrokerProcess

READS = (
    "/ogc/collections/trees/items?limit=5",
    "/ogc/collections/buildings/items?limit=20&bbox=21.918,39.362,21.926,39.368",
)
WRITE = "/ogc/collections/trees/items"
#: Builds the n-th request of a thread.
MakeRequest = Callable[[httpx.Client, int], httpx.Request]


@dataclass(frozen=True)
class Outcome:
    """One request: what, when (monotonic seconds) and how it ended."""

    kind: str  # read, write, health
    started: float
    ended: float
    status: int | None  # None: no HTTP answer (connection error, timeout)
    retry_after: bool = False
    fid: int | None = None
    detail: str = ""


@dataclass
class Load:
    """Reader, writer and health threads appending outcomes until stopped."""

    base_url: str
    token: str
    marker: str
    readers: int
    writers: int
    outcomes: list[Outcome] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        """Start every thread."""
        loops = [self.read] * self.readers + [self.write] * self.writers + [self.health]
        for n, loop in enumerate(loops):
            thread = threading.Thread(target=loop, args=(n,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        """Stop and join every thread."""
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _send(self, client: httpx.Client, kind: str, request: httpx.Request) -> httpx.Response:
        t0 = time.monotonic()
        try:
            r = client.send(request)
        except httpx.TransportError as exc:
            self.outcomes.append(Outcome(kind, t0, time.monotonic(), None, detail=repr(exc)))
            raise
        fid = r.headers.get("location", "").rsplit("/", 1)[-1] if r.status_code == 201 else ""
        detail = r.text[:200] if r.status_code >= 500 or kind == "health" else ""
        self.outcomes.append(
            Outcome(
                kind,
                t0,
                time.monotonic(),
                r.status_code,
                retry_after="retry-after" in r.headers,
                fid=int(fid) if fid.isdigit() else None,
                detail=detail,
            )
        )
        return r

    def _loop(self, kind: str, make: MakeRequest, pause: float) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            n = 0
            while not self.stopping.is_set():
                try:
                    self._send(client, kind, make(client, n))
                except httpx.TransportError:
                    time.sleep(0.05)
                n += 1
                time.sleep(pause)

    def read(self, seed: int) -> None:
        """Read items pages in turn."""
        self._loop("read", lambda c, n: c.build_request("GET", READS[(n + seed) % 2]), 0.0)

    def write(self, seed: int) -> None:
        """Create trees, each with the run's marker and a distinct position."""
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/geo+json"}

        def make(client: httpx.Client, n: int) -> httpx.Request:
            x, y = 21.915 + (n % 97) * 1e-4, 39.36 + (seed * 13 + n % 89) * 1e-4
            body = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [x, y]},
                "properties": {"species": self.marker, "height_m": 5.0},
            }
            return client.build_request("POST", WRITE, json=body, headers=headers)

        self._loop("write", make, 0.0)

    def health(self, _: int) -> None:
        """Ask ``/health`` four times a second."""
        self._loop("health", lambda c, n: c.build_request("GET", "/health"), 0.25)


class Broker(BrokerProcess):
    """A private Mosquitto on a fixed loopback port that can be stopped and started."""


def first_after(load: Load, kind: str, status: int, moment: float) -> float | None:
    """Seconds from ``moment`` to the first ``kind`` request ending with ``status`` after it."""
    ends = [o.ended for o in list(load.outcomes) if o.kind == kind and o.status == status]
    later = [t for t in ends if t >= moment]
    return min(later) - moment if later else None


def wait_for(check: Callable[[], object], *, timeout: float) -> bool:
    """Poll ``check()`` every 50 ms until it is true or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def health_says(load: Load, word: str, moment: float) -> float | None:
    """Seconds from ``moment`` to the first ``/health`` answer with status ``word``."""
    hits = [
        o.ended
        for o in list(load.outcomes)
        if o.kind == "health" and o.started >= moment and f'"status":"{word}"' in o.detail
    ]
    return min(hits) - moment if hits else None
