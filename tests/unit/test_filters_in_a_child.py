"""Filters that could kill the process (the ``cql2`` parser is native code), each parsed
in a child process whose exit status and peak memory are checked: deep nesting is refused
by a bound, hostile input never crashes the process."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest

#: Run in a child process: import Polis once, then parse (and compile) each filter in a
#: forked process of its own — capped at 1 GiB of address space and 20 s, so a runaway
#: cannot take the machine down — and report its exit status, outcome and peak memory.
CHILD = """
import json, os, resource, signal, sys, time
from layers.ogc.cql import Params, compile_filter, parse_filter
from layers.ogc.crs import DEFAULT
from layers.registry.domains import default_registry
from models.errors import PolisError

SPEC = default_registry().get("trees")


def attempt(text, lang):
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    signal.alarm(20)
    start = time.perf_counter()
    out = {"outcome": "returned"}
    try:
        compile_filter(SPEC, parse_filter(text, lang=lang), Params(), filter_crs=DEFAULT)
    except PolisError as exc:
        out = {"outcome": "raised", "type": type(exc).__name__, "field": exc.field,
               "status": exc.status, "message": exc.message}
    out["seconds"] = time.perf_counter() - start
    return out


results = {}
for name, (text, lang) in json.load(sys.stdin).items():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.write(write, json.dumps(attempt(text, lang)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    result = json.loads(data) if data else {}
    result["signal"] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    result["maxrss_mb"] = usage.ru_maxrss / 1024
    results[name] = result
print(json.dumps(results))
"""
#: Peak resident memory of one attempt (Polis imported, as in a server worker: ~110 MB).
MAX_RSS_MB = 300


def json_not_chain(depth: int) -> str:
    return (
        '{"op": "not", "args": [' * depth
        + '{"op": ">", "args": [{"property": "id"}, 0]}'
        + "]}" * depth
    )


def json_plus_chain(depth: int) -> str:
    inner = '{"property": "id"}'
    for _ in range(depth):
        inner = '{"op": "+", "args": [' + inner + ", 1]}"
    return '{"op": ">", "args": [' + inner + ", 0]}"


#: Filters far beyond any sane size or nesting: refused by a bound, naming it.
DEEP: dict[str, tuple[str, str | None]] = {
    "3000-brackets": ("(" * 3000 + "id > 0" + ")" * 3000, None),
    "2000-NOTs": ("NOT " * 2000 + "id > 0", None),
    "300-additions": ("id + " * 300 + "1 > 0", None),
    "150-NOTs": ("NOT " * 150 + "id > 0", None),
    "json-3000-nots": (json_not_chain(3000), None),
    "json-150-nots": (json_not_chain(150), "cql2-json"),
    "json-300-additions": (json_plus_chain(300), None),
    "json-900-arrays": (
        '{"op": "in", "args": [{"property": "id"}, ' + "[" * 900 + "]" * 900 + "]}",
        None,
    ),
}
#: Other filters that stress the native parser: refused or accepted, never a crash.
HOSTILE: dict[str, tuple[str, str | None]] = {
    # unary minus signs nest in the parser without a single bracket
    "4000-minus-signs": ("-" * 4000 + "1 > 0", None),
    "3990-minus-signs-rhs": ("id = " + "-" * 3990 + "1 AND id > 0", None),
    "3900-spaced-minus-signs": ("- " * 3900 + "1 > 0", None),
    # a quote inside a quoted identifier must not hide the brackets that follow
    "quote-hides-brackets": ('"\'" = 1 AND ' + "(" * 3000 + "id > 0" + ")" * 3000, None),
    "brackets-in-a-string": ("species = '" + "(" * 7000 + "'", None),
    "2600-list-items": ("id IN (" + ",".join(["1"] * 2600) + ")", None),
    "700-conjuncts": (" AND ".join(["id > 0"] * 700), None),
    "1500-vertices": ("S_INTERSECTS(geom, POLYGON((" + ",".join(["1 2"] * 1500) + ")))", None),
    "json-4000-arrays": ("[" * 4000 + "]" * 4000, "cql2-json"),
    "100k-identifier": ("a" * 100_000 + " = 1", None),
}


@pytest.fixture(scope="module")
def attempts() -> dict[str, dict[str, Any]]:
    """Outcome of every :data:`DEEP` and :data:`HOSTILE` filter, each in its own process."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps({**DEEP, **HOSTILE}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results: dict[str, dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results


def survived(attempts: dict[str, dict[str, Any]], name: str, text: str) -> dict[str, Any]:
    """The attempt's outcome, once it is known the process lived, fast and small."""
    result = attempts[name]
    assert result["signal"] == 0, (
        f"the process died of signal {result['signal']} on a {len(text)}-character filter "
        f"{text[:60]!r}…"
    )
    assert result["maxrss_mb"] < MAX_RSS_MB, f"peak memory {result['maxrss_mb']:.0f} MB"
    assert result["seconds"] < 5, f"took {result['seconds']:.1f} s"
    return result


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_filters_are_refused_by_a_bound(
    attempts: dict[str, dict[str, Any]], name: str
) -> None:
    text = DEEP[name][0]
    result = survived(attempts, name, text)
    assert result["outcome"] == "raised", f"accepted a {len(text)}-character filter"
    assert (result["type"], result["field"], result["status"]) == (
        "InvalidParameter",
        "filter",
        400,
    )
    assert re.search(r"\d", result["message"]), f"the bound is not named: {result['message']}"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_filters_do_not_crash_the_process(
    attempts: dict[str, dict[str, Any]], name: str
) -> None:
    result = survived(attempts, name, HOSTILE[name][0])
    if result["outcome"] == "raised":
        assert (result["field"], result["status"]) == ("filter", 400), result
