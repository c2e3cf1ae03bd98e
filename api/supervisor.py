"""Worker supervision for ``polis serve``: uvicorn's multiprocess supervisor plus a
per-worker memory ceiling.

uvicorn's :class:`~uvicorn.supervisors.Multiprocess` binds the socket once, starts the
workers and, twice a second, replaces a worker that died or stopped answering its
health check. :class:`MemorySupervisor` keeps all of that and adds:

* a watcher thread reading each worker's resident memory (``VmRSS`` of
  ``/proc/<pid>/status``) five times a second. A worker over the ceiling gets SIGTERM
  (it stops accepting connections, finishes the requests it holds, then exits) and
  SIGKILL when it is still alive after a grace period or has grown past 1.5 times the
  ceiling; uvicorn's loop then starts its replacement;
* one warning per replacement naming the old and new pid, the reason (signal, exit
  status, memory ceiling, failed health check) and the last resident memory seen;
* a replacement that fails to start (the database is down, say) is retried instead of
  stopping the whole server: uvicorn stops on a start-up failure because at first start
  it means a broken configuration, which is no longer true once workers have served.

``polis serve`` checks the settings, then becomes ``python -m api.supervisor`` (same pid):
each worker imports its parent's main module before it can answer a health check, and
this module is far lighter than the whole command line.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from socket import socket
from typing import NoReturn

from uvicorn import Config
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

logger = logging.getLogger("uvicorn.error").getChild("supervisor")

MIB = 2**20
#: A worker past this multiple of the ceiling is killed at once, not drained.
HARD_FACTOR = 1.5
#: Seconds a worker may take to answer uvicorn's health check (a ping on a pipe, answered
#: by a thread of the worker). uvicorn's default, 5 s, is shorter than a worker's import
#: of Polis on a busy two-core machine: starting workers were killed and restarted in a
#: loop. A worker whose event loop is busy still answers, and a dead one is seen at once
#: (see ``_release_child_ends``), so this only bounds how long a stuck process may hang.
HEALTHCHECK_TIMEOUT = 30
PROC = Path("/proc")


@dataclass(frozen=True)
class SupervisionSettings:
    """How the workers are watched.

    Parameters
    ----------
    memory_limit:
        Resident memory ceiling per worker in bytes; None for no ceiling.
    interval:
        Seconds between two memory readings.
    grace:
        Seconds a worker over the ceiling may take to finish its requests before SIGKILL.
    """

    memory_limit: int | None = None
    interval: float = 0.2
    grace: float = 10.0


def rss_bytes(pid: int) -> int | None:
    """Resident memory of process ``pid`` in bytes; None once it exited (or is a zombie).

    Examples
    --------
    >>> rss_bytes(os.getpid()) > 0
    True
    """
    try:
        text = (PROC / str(pid) / "status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None  # a zombie has no memory lines


def worker_pids(parent: int) -> list[int]:
    """Pids of the uvicorn workers (``multiprocessing`` spawn children) of ``parent``.

    The supervisor's other child, multiprocessing's resource tracker, is left out.
    """
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # the command name (field 2) may hold spaces: split after its closing parenthesis
        fields = stat.rpartition(")")[2].split()
        if int(fields[1]) == parent and fields[0] != "Z" and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def describe_exit(exitcode: int | None) -> str:
    """A worker's end in words: the signal that killed it or its exit status."""
    if exitcode is None:
        return "ended"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


def mib(size: int | None) -> str:
    """``size`` bytes as whole MiB ('?' when unknown)."""
    return "?" if size is None else f"{size / MIB:.0f} MiB"


class MemorySupervisor(Multiprocess):
    """uvicorn's multiprocess supervisor with a memory ceiling per worker.

    Parameters
    ----------
    config:
        The uvicorn configuration (``config.workers`` workers, an import string app).
    sockets:
        The bound listening sockets, shared by every worker.
    watch:
        Memory ceiling and timing.
    """

    def __init__(self, config: Config, sockets: list[socket], *, watch: SupervisionSettings):
        super().__init__(config, sockets)
        self.watch = watch
        self.startup_failed = False
        self._first: set[int] = set()  # id() of the workers started with the server
        self._rss: dict[int, int] = {}  # pid -> last resident memory seen
        self._draining: dict[int, float] = {}  # pid -> when it was asked to stop
        self._killed: set[int] = set()
        self._reasons: dict[int, str] = {}  # pid -> why the supervisor stopped it

    # ------------------------------------------------------------ uvicorn's hooks
    def run(self) -> None:
        """Start the workers and supervise them until SIGINT/SIGTERM."""
        watcher = threading.Thread(target=self._watch_memory, name="polis-memory", daemon=True)
        watcher.start()
        try:
            super().run()
        finally:
            self.should_exit.set()
            watcher.join(timeout=2)

    def init_processes(self) -> None:
        """Start the first workers (remembered: their start-up failure stops the server)."""
        super().init_processes()
        self._first = {id(p) for p in self.processes}

    def keep_subprocess_alive(self) -> None:
        """uvicorn's replacement of dead or hung workers, with retries and a log line each."""
        if self.should_exit.is_set():
            return
        self._release_child_ends()
        self._retry_failed_replacements()
        before = list(self.processes)
        started = time.monotonic()
        super().keep_subprocess_alive()
        # uvicorn SIGKILLs a worker whose health check timed out; one that exited or was
        # killed by someone else keeps its own status (uvicorn's kill reaches a zombie)
        waited = time.monotonic() - started >= self.config.timeout_worker_healthcheck
        if self.should_exit.is_set():
            self.startup_failed = True  # uvicorn gave up: a first worker could not start
        for old, new in zip(before, self.processes, strict=False):
            if old is not new:
                self._report(old, new, hung=waited and old.exitcode == -signal.SIGKILL)

    # ------------------------------------------------------------ memory
    def _watch_memory(self) -> None:
        while not self.should_exit.wait(self.watch.interval):
            self.check_memory(time.monotonic())

    def check_memory(self, now: float) -> None:
        """Read every worker's memory; stop those over the ceiling (SIGTERM, then SIGKILL).

        Runs in the watcher thread. It only reads ``/proc`` and sends signals; reaping and
        replacing stay in uvicorn's loop, so a pid signalled here cannot have been reused:
        an exited worker stays a zombie (no ``VmRSS``, skipped) until that loop reaps it.
        """
        limit = self.watch.memory_limit
        for process in list(self.processes):
            pid = process.pid
            rss = rss_bytes(pid) if pid is not None else None
            if pid is None or rss is None:
                continue
            self._rss[pid] = rss
            if limit is None or pid in self._killed:
                continue
            since = self._draining.get(pid)
            if since is None and rss > limit:
                self._stop(
                    pid, signal.SIGTERM, f"over the memory ceiling ({mib(rss)} > {mib(limit)})"
                )
                self._draining[pid] = now
            elif since is not None and (
                now - since >= self.watch.grace or rss > HARD_FACTOR * limit
            ):
                why = "still running" if rss <= HARD_FACTOR * limit else f"at {mib(rss)}"
                self._stop(pid, signal.SIGKILL, f"{why} {now - since:.1f} s after SIGTERM")
                self._killed.add(pid)

    def _stop(self, pid: int, sig: signal.Signals, reason: str) -> None:
        logger.warning("worker [%d] %s: sending %s", pid, reason, sig.name)
        self._reasons.setdefault(pid, reason)
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass

    # ------------------------------------------------------------ replacements
    def _release_child_ends(self) -> None:
        """Close the supervisor's copy of each started worker's end of the health pipe.

        uvicorn keeps it open, so a worker dying during a health check leaves the pipe
        open and the check waits its whole timeout, holding up every other replacement.
        The worker inherited its own copy at start, so this one only hides its death.
        """
        for process in self.processes:
            if process.pid is not None and not process.child_conn.closed:
                process.child_conn.close()

    def _retry_failed_replacements(self) -> None:
        """Restart a replacement worker that failed to start, instead of stopping everything."""
        for idx, process in enumerate(self.processes):
            if id(process) in self._first or process.process.is_alive():
                continue
            if process.exitcode != STARTUP_FAILURE:
                continue
            process.join()
            new = Process(self.config, self.sockets)
            new.start()
            self.processes[idx] = new
            self._reasons[process.pid or 0] = "failed to start (retrying)"
            self._report(process, new, hung=False)

    def _report(self, old: Process, new: Process, *, hung: bool) -> None:
        pid = old.pid or 0
        if pid in self._reasons:
            reason = f"{self._reasons.pop(pid)}, {describe_exit(old.exitcode)}"
        elif hung:
            reason = f"no answer to the health check in {self.config.timeout_worker_healthcheck} s"
        else:
            reason = describe_exit(old.exitcode)
        logger.warning(
            "worker [%d] replaced by [%s]: %s; last RSS %s",
            pid,
            new.pid,
            reason,
            mib(self._rss.pop(pid, None)),
        )
        self._draining.pop(pid, None)
        self._killed.discard(pid)


def serve_supervised(
    app: str,
    *,
    host: str,
    port: int,
    workers: int,
    memory_limit_mb: int,
    log_level: str = "warning",
) -> NoReturn:
    """Become the supervisor of ``app`` (``module:factory``): this process is replaced by
    ``python -m api.supervisor`` with the same pid, environment and output.

    uvicorn starts each worker as a fresh interpreter that first imports the parent's
    main module, and only then answers health checks. Under ``polis`` that module is the
    whole command line (seconds of imports, over half a minute on a busy machine, so
    starting workers failed their health check and were killed in a loop); this module
    as main costs uvicorn's import alone. Parameters as :func:`supervise`.
    """
    argv = [sys.executable, "-m", "api.supervisor", app, "--host", host, "--port", str(port)]
    argv += ["--workers", str(workers), "--memory-limit-mb", str(memory_limit_mb)]
    argv += ["--log-level", log_level]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, argv)


def supervise(
    app: str,
    *,
    host: str,
    port: int,
    workers: int,
    memory_limit_mb: int,
    log_level: str = "warning",
) -> bool:
    """Serve the ASGI app factory ``app`` with supervised workers until SIGINT/SIGTERM.

    Parameters
    ----------
    app:
        Import string of the application factory, imported by each worker.
    host, port:
        Where to listen (bound once by the supervisor, shared by the workers).
    workers:
        Worker processes (1 is still supervised: a dead worker is replaced).
    memory_limit_mb:
        Resident memory ceiling per worker in MiB; 0 for none.
    log_level:
        uvicorn's log level (the supervisor's own lines are warnings).

    Returns
    -------
    bool
        False when the first workers could not start (the log says why).
    """
    config = Config(
        app,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        timeout_worker_healthcheck=HEALTHCHECK_TIMEOUT,
    )
    sock = config.bind_socket()
    watch = SupervisionSettings(memory_limit=memory_limit_mb * MIB if memory_limit_mb else None)
    supervisor = MemorySupervisor(config, [sock], watch=watch)
    try:
        supervisor.run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return not supervisor.startup_failed


def main(argv: list[str] | None = None) -> int:
    """``python -m api.supervisor APP --host --port --workers --memory-limit-mb`` (what
    ``polis serve`` becomes); exit status 1 when the workers could not start."""
    parser = argparse.ArgumentParser(prog="python -m api.supervisor", description=__doc__)
    parser.add_argument("app", help="application factory, module:function")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit-mb", type=int, default=0)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    ok = supervise(
        args.app,
        host=args.host,
        port=args.port,
        workers=args.workers,
        memory_limit_mb=args.memory_limit_mb,
        log_level=args.log_level,
    )
    if not ok:
        print(
            "polis: σφάλμα / error: οι διεργασίες δεν ξεκίνησαν / the workers could not "
            "start; see the log above",
            file=sys.stderr,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
