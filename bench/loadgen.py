"""HTTP load with ``wrk``: one URL, fixed duration, figures read back from a Lua hook.

wrk's ``done`` hook prints one ``WRK_RESULT key=value ...`` line (latencies in
microseconds), which is parsed here. ``errors`` are wrk's counters: responses with a
status >= 400 plus socket errors (connect, read, write, timeout).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = """\
-- Polis bench: print the run's figures on one parseable line (microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d status=%d socket=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""
RESULT = re.compile(r"^WRK_RESULT (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class LoadSettings:
    """How hard and how long to drive a server."""

    duration: int
    threads: int
    connections: int
    timeout: int = 30


@dataclass(frozen=True)
class LoadResult:
    """Figures of one ``wrk`` run."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    #: CPU seconds the server's processes used during the run (0 when not measured).
    server_cpu_s: float = 0.0

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """The server's CPU milliseconds per request (its own work, whatever else runs)."""
        return 1000 * self.server_cpu_s / self.requests if self.requests else 0.0


def write_script(directory: Path) -> Path:
    """Write the Lua reporting hook into ``directory`` and return its path."""
    path = directory / "report.lua"
    path.write_text(LUA)
    return path


def parse(output: str) -> LoadResult:
    """The ``LoadResult`` of wrk's standard output."""
    match = RESULT.search(output)
    if match is None:
        raise ValueError(f"no WRK_RESULT line in wrk's output:\n{output}")
    v = {k: int(n) for k, n in (pair.split("=") for pair in match.group(1).split())}
    return LoadResult(
        requests=v["requests"],
        seconds=v["duration_us"] / 1e6,
        p50_ms=v["p50_us"] / 1e3,
        p95_ms=v["p95_us"] / 1e3,
        errors=v["status"] + v["socket"],
    )


def run_wrk(
    url: str, load: LoadSettings, *, script: Path, duration: int | None = None
) -> LoadResult:
    """Drive ``url`` with wrk for ``duration`` (default ``load.duration``) seconds."""
    argv = [
        "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={duration or load.duration}s",
        f"--timeout={load.timeout}s",
        f"--script={script}",
        url,
    ]
    proc = subprocess.run(argv, capture_output=True, text=True, check=True)
    return parse(proc.stdout)
