"""The README's examples, run as a user would run them (curl in bash) against a live
server: every documented OGC request answers 2xx."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
DOCUMENTED = "http://127.0.0.1:8000"


def shell_blocks(text: str) -> list[str]:
    """The ```sh blocks of a Markdown text."""
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def curl_examples() -> list[str]:
    """The OGC read examples: every ``curl`` line of the blocks that define ``B`` (the
    DEM's coverage example needs an imported DEM and is run by the import tests)."""
    text = README.read_text(encoding="utf-8")
    lines = [
        line
        for block in shell_blocks(text)
        if "B=" + DOCUMENTED in block
        for line in block.splitlines()
        if line.startswith("curl ")
    ]
    return lines


def test_the_readme_has_examples() -> None:
    assert len(curl_examples()) >= 10


@pytest.mark.parametrize("line", curl_examples())
def test_readme_example_answers(server: str, line: str, tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        pytest.fail("curl is not installed")
    script = (
        f"B={server}/ogc/collections\n"
        "curl() { command curl --fail --silent --show-error --max-time 60 "
        '-o /dev/null -w "%{http_code}" "$@"; }\n'
        f"{line}\n"
    )
    run = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=90
    )
    assert run.returncode == 0, f"{line}\n{run.stdout}\n{run.stderr}"
    assert run.stdout.strip().startswith("2"), run.stdout
