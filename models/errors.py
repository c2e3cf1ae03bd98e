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


class QueryTimeout(PolisError, TimeoutError):
    """A statement ran past the server's time limit (the request asks too much)."""

    status = 503
    code = "QueryTimeout"
    title = "Query too expensive"


class ConfigurationError(PolisError, RuntimeError):
    """Polis is misconfigured (settings, registry)."""

    status = 500
    code = "ConfigurationError"
    title = "Configuration error"


class Unauthorized(PolisError, PermissionError):
    """No valid credentials (missing, expired or tampered token, wrong password)."""

    status = 401
    code = "Unauthorized"
    title = "Authentication required"


class Forbidden(PolisError, PermissionError):
    """Valid credentials whose roles do not allow the operation."""

    status = 403
    code = "Forbidden"
    title = "Forbidden"


class Conflict(PolisError, ValueError):
    """The request conflicts with existing data (e.g. an email already registered)."""

    status = 409
    code = "Conflict"
    title = "Conflict"


class PreconditionFailed(PolisError, ValueError):
    """``If-Match`` names a version that is no longer current: someone changed it."""

    status = 412
    code = "PreconditionFailed"
    title = "Precondition failed"


class PreconditionRequired(PolisError, ValueError):
    """A change without ``If-Match``: optimistic concurrency needs the version read."""

    status = 428
    code = "PreconditionRequired"
    title = "Precondition required"


class PayloadTooLarge(PolisError, ValueError):
    """The request body exceeds the configured limit."""

    status = 413
    code = "PayloadTooLarge"
    title = "Payload too large"


class TooManyRequests(PolisError, RuntimeError):
    """A rate limit was hit; ``retry_after`` seconds to wait."""

    status = 429
    code = "TooManyRequests"
    title = "Too many requests"

    def __init__(self, message: str, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after
