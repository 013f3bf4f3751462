"""The worker: runs case workflows and their activities on the task queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from casetrail.activities import av_duties, case_store, deadlines
from casetrail.workflows.case_workflow import CaseWorkflow

WORKFLOWS = [CaseWorkflow]
ACTIVITIES: list[Callable[..., Any]] = [*case_store.ALL, *deadlines.ALL, *av_duties.ALL]

# Pure modules the workflows import: passing them through keeps them loaded once, not per run.
PASSTHROUGH = (
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "casetrail.rules",
    "casetrail.errors",
    # Data classes that cross the boundary: loaded once, outside the sandbox, so their datetime
    # fields convert with the real datetime type (continue-as-new carries CaseState).
    "casetrail.workflows.types",
    "casetrail.workflows.state",
)


def workflow_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


def build_worker(client: Client, task_queue: str) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=ACTIVITIES,
        workflow_runner=workflow_runner(),
    )
