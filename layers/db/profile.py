"""Reading a municipality profile (TOML) into a :class:`~models.profile.MunicipalityProfile`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.errors import ConfigurationError
from models.profile import MunicipalityProfile


def load_profile(path: Path) -> MunicipalityProfile:
    """The profile in the TOML file ``path``, validated.

    A relative ``boundary`` is taken relative to the profile's folder and must exist.

    Raises
    ------
    ConfigurationError
        The file is missing or unreadable, is not TOML, or a field is invalid; the
        message names the file and the field (``'licence': unknown licence ...``).
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(
            f"municipality profile {path}: cannot be read ({exc.strerror or exc}); "
            "set POLIS_PROFILE to a profile file",
            field="profile",
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(
            f"municipality profile {path}: not valid TOML ({exc})", field="profile"
        ) from None
    try:
        profile = MunicipalityProfile.model_validate(data)
    except ValidationError as exc:
        raise ConfigurationError(f"municipality profile {path}: {_describe(exc)}") from None
    if profile.boundary is not None:
        boundary = (path.parent / profile.boundary).resolve()
        if not boundary.is_file():
            raise ConfigurationError(
                f"municipality profile {path}: 'boundary': no file {boundary}", field="boundary"
            )
        profile = profile.model_copy(update={"boundary": boundary})
    return profile


def _describe(exc: ValidationError) -> str:
    """Every problem as ``'field.sub': message``, the way the CLI reports settings."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "(file)"
        message = error["msg"].removeprefix("Value error, ")
        problems.append(f"'{where}': {message}")
    return "; ".join(problems)
