"""The Polis error tree: each error carries its HTTP status, a code and a user-safe message.

Domain code raises these (never an HTTP exception); ``api.errors`` renders them as
RFC 9457 problem+json, or in the OGC exception format on OGC routes. Subclasses also
inherit the matching builtin so callers may catch ``ValueError``/``LookupError``.
"""

from __future__ import annotations


class PolisError(Exception):
    """Base of every error Polis reports to a user.

    Parameters
    ----------
    message:
        Safe to show to users: names the field/parameter and the problem.
    field:
        The parameter, attribute or record the problem is about, when there is one.
    """

    status: int = 500
    code: str = "NoApplicableCode"
    title: str = "Internal error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidParameter(PolisError, ValueError):
    """A query parameter has a bad value (bbox, crs, limit, filter, ...)."""

    status = 400
    code = "InvalidParameterValue"
    title = "Invalid parameter"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"parameter '{field}': {problem}", field=field)


class InvalidInput(PolisError, ValueError):
    """A submitted record or file is invalid (import, edit)."""

    status = 422
    code = "InvalidInput"
    title = "Invalid input"


class NotFound(PolisError, LookupError):
    """An unknown collection, item or resource."""

    status = 404
    code = "NotFound"
    title = "Not found"


class DatabaseUnavailable(PolisError, RuntimeError):
    """The database cannot be reached or started."""

    status = 503
    code = "ServiceUnavailable"
    title = "Database unavailable"


class ConfigurationError(PolisError, RuntimeError):
    """Polis is misconfigured (settings, registry)."""

    status = 500
    code = "ConfigurationError"
    title = "Configuration error"
