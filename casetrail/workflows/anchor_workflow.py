"""The daily anchor over all audit chains, started by a Temporal Schedule (see evidence/schedule.py)."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from casetrail.activities.anchors import AnchorWritten, write_daily_anchor


@workflow.defn(name="AuditAnchor")
class AuditAnchorWorkflow:
    @workflow.run
    async def run(self) -> AnchorWritten:
        return await workflow.execute_activity(
            write_daily_anchor,
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=5), maximum_interval=timedelta(minutes=5)
            ),
        )
