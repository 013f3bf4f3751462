"""A failure that retrying cannot fix is refused at once, not retried for ever.

PostgreSQL refusing the data (a value it cannot store, a broken constraint) answers the same on
every retry; retrying would hold the case's lock until someone intervenes. Every activity runs
through this interceptor, which turns such errors into a non-retryable ``InvalidInput`` naming
the rule, so the Update that caused it is refused clearly and the case stays usable.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

from casetrail.errors import InvalidInput
from casetrail.workflows.failures import to_failure

log = logging.getLogger(__name__)


def refusal_of(error: DataError | IntegrityError) -> InvalidInput:
    if isinstance(error, IntegrityError):
        return InvalidInput("提交的内容与已有记录冲突，数据库拒绝保存；请核对后重新提交", rule="integrity")
    return InvalidInput("提交的内容含有数据库无法保存的值（格式或长度不符）；请核对后重新提交", rule="data")


class _RefuseDataErrors(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        try:
            return await super().execute_activity(input)
        except (DataError, IntegrityError) as error:
            log.warning("activity %s refused by the database: %s", input.fn, error.orig)
            raise to_failure(refusal_of(error)) from None


class DataErrorInterceptor(Interceptor):
    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _RefuseDataErrors(super().intercept_activity(next))
