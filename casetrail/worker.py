"""The worker: runs case workflows and their activities on the task queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from casetrail.activities import case_store, deadlines, documents
from casetrail.workflows.case_workflow import CaseWorkflow

WORKFLOWS = [CaseWorkflow]
ACTIVITIES: list[Callable[..., Any]] = [*case_store.ALL, *deadlines.ALL, *documents.ALL]

# Pure modules the workflows import: passing them through keeps them loaded once, not per run.
PASSTHROUGH = ("pydantic", "pydantic_core", "annotated_types", "casetrail.rules", "casetrail.errors")


def workflow_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


def build_worker(client: Client, task_queue: str) -> Worker:
    """A worker for every workflow and activity; refuses to start (``RenderingPrerequisiteMissing``,
    naming the package to install) when it could not render documents, instead of failing each
    document activity later or printing empty boxes."""
    from casetrail.documents.render import prepare_rendering

    prepare_rendering()
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=ACTIVITIES,
        workflow_runner=workflow_runner(),
    )
