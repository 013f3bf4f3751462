"""Domain errors as Temporal failures, and back.

A validator or handler that refuses a step raises a non-retryable ``ApplicationError`` whose type
is the domain error class and whose first detail is the error dict (message, field, rule,
citation, allowed); the API turns it back into the same domain error and HTTP status.
"""

from __future__ import annotations

from temporalio.exceptions import ApplicationError

from casetrail import errors

_BY_NAME: dict[str, type[errors.CasetrailError]] = {
    cls.__name__: cls
    for cls in (
        errors.CasetrailError,
        errors.NotFound,
        errors.Forbidden,
        errors.InvalidInput,
        errors.ProcedureViolation,
        errors.Unavailable,
    )
}


def to_failure(error: errors.CasetrailError) -> ApplicationError:
    return ApplicationError(error.message, error.to_dict(), type=type(error).__name__, non_retryable=True)


def from_failure(failure: BaseException) -> errors.CasetrailError | None:
    """Find the domain error in a failure chain (Update failure → activity failure → application error)."""
    current: BaseException | None = failure
    while current is not None:
        if isinstance(current, ApplicationError) and current.type in _BY_NAME:
            detail = current.details[0] if current.details else {}
            cls = _BY_NAME[current.type or "CasetrailError"]
            return cls(
                detail.get("message", current.message),
                field=detail.get("field"),
                rule=detail.get("rule"),
                citation=detail.get("citation"),
                allowed=detail.get("allowed"),
            )
        current = current.__cause__
    return None
