"""The worker: runs case workflows and their activities on the task queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from casetrail.activities import anchors, archive, av_duties, calendar_days, case_store, deadlines, documents
from casetrail.activities.data_errors import DataErrorInterceptor
from casetrail.workflows.anchor_workflow import AuditAnchorWorkflow
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.moves import UndeclaredMove
from casetrail.workflows.service import ServiceWorkflow

WORKFLOWS = [CaseWorkflow, ServiceWorkflow, AuditAnchorWorkflow]
ACTIVITIES: list[Callable[..., Any]] = [
    *case_store.ALL,
    *deadlines.ALL,
    *av_duties.ALL,
    *calendar_days.ALL,
    *archive.ALL,
    *anchors.ALL,
    *documents.ALL,
]

# Pure modules the workflows import: passing them through keeps them loaded once, not per run.
# The dataclasses crossing Temporal must be passed through too: the payload converter matches
# ``datetime`` fields by identity, and inside the sandbox ``datetime`` is a proxy class, so a
# dataclass defined there cannot be decoded (a child's result, a continued-as-new state's timers).
PASSTHROUGH = (
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "casetrail.rules",
    "casetrail.errors",
    "casetrail.roles",
    "casetrail.workflows.phases",
    "casetrail.workflows.moves",
    "casetrail.workflows.records",
    "casetrail.workflows.types",
    "casetrail.workflows.state",
)


def workflow_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


def build_worker(client: Client, task_queue: str, *, strict: bool = False) -> Worker:
    """A worker for every workflow and activity; refuses to start (``RenderingPrerequisiteMissing``,
    naming the package to install) when it could not render documents, instead of failing each
    document activity later or printing empty boxes.

    ``strict`` (tests): a handler moving a case where it did not declare fails its Update or the
    workflow at once, instead of failing the workflow task until fixed code is deployed."""
    from casetrail.documents.render import prepare_rendering

    prepare_rendering()
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=ACTIVITIES,
        workflow_runner=workflow_runner(),
        interceptors=[DataErrorInterceptor()],
        workflow_failure_exception_types=[UndeclaredMove] if strict else [],
    )
