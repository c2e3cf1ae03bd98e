"""The examples in the participation modules' docstrings run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from gis.participation import keys, report
from models.participation import phases


@pytest.mark.parametrize("module", [keys, report, phases], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0
