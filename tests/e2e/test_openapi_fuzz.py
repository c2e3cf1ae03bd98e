"""Security pass: schemathesis (its own CLI, as a user runs it) generates requests from
Polis's OpenAPI document and fails on any 500 or response outside the documented schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


@pytest.mark.parametrize("who", [None, "admin", "citizen"])
def test_no_server_errors_and_documented_responses(
    server: str, tokens: dict[str, dict[str, str]], who: str | None, tmp_path: Path
) -> None:
    headers = [f"Authorization:{tokens[who]['Authorization']}"] if who else []
    command = [
        SCHEMATHESIS,
        "run",
        f"{server}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        "30",
        "--generation-deterministic",
        "--phases",
        "examples,coverage,fuzzing",
        "--report-dir",
        str(tmp_path),
        "--no-color",
        *[arg for h in headers for arg in ("-H", h)],
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "passed" in result.stdout.lower()
