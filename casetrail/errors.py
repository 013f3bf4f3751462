"""Domain errors shared by the API, activities and rules.

Every error names the field and the rule it enforces, in Chinese for UI users, and carries the
statutory citation when a statute is the reason. The API turns them into JSON
(`{"error": {...}}`) with the status code of the class; workflows turn them into non-retryable
``ApplicationError``s whose details carry the same dict.
"""

from __future__ import annotations

from typing import Any


class CasetrailError(Exception):
    """Base class. ``message`` is Chinese, for the person who made the request."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        rule: str | None = None,
        citation: str | None = None,
        allowed: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule
        self.citation = citation
        self.allowed = allowed

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        for key in ("field", "rule", "citation", "allowed"):
            value = getattr(self, key)
            if value is not None:
                body[key] = value
        return body


class NotFound(CasetrailError):
    status_code = 404
    code = "not_found"


class Forbidden(CasetrailError):
    status_code = 403
    code = "forbidden"


class Unauthorized(CasetrailError):
    status_code = 401
    code = "unauthorized"


class InvalidInput(CasetrailError):
    """The request is malformed or misses a required field (422)."""

    status_code = 422
    code = "invalid"


class TooLarge(CasetrailError):
    """The request body is larger than the configured limit (413)."""

    status_code = 413
    code = "too_large"


class TooManyRequests(CasetrailError):
    """Too many attempts (failed sign-ins, unauthenticated calls): try again later (429)."""

    status_code = 429
    code = "too_many_requests"


class ProcedureViolation(CasetrailError):
    """The step is illegal now: wrong order, deadline passed, too few officers (409).

    ``allowed`` lists the steps that are allowed at this point; ``citation`` the article refused on.
    """

    status_code = 409
    code = "procedure_violation"


class Unavailable(CasetrailError):
    """A dependency (Temporal, the worker, PostgreSQL) does not answer (503)."""

    status_code = 503
    code = "unavailable"
