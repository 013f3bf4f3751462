"""The worker: runs case workflows and their activities on the task queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from casetrail.activities import (
    anchors,
    archive,
    av_duties,
    calendar_days,
    case_store,
    deadlines,
    documents,
    notify,
)
from casetrail.activities.data_errors import DataErrorInterceptor
from casetrail.workflows.anchor_workflow import AuditAnchorWorkflow
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.moves import UndeclaredMove
from casetrail.workflows.reminders import DailyDigestWorkflow, DeadlineLadderWorkflow, DeliveryWorkflow
from casetrail.workflows.service import ServiceWorkflow

WORKFLOWS = [
    CaseWorkflow,
    ServiceWorkflow,
    AuditAnchorWorkflow,
    DeadlineLadderWorkflow,
    DeliveryWorkflow,
    DailyDigestWorkflow,
]
ACTIVITIES: list[Callable[..., Any]] = [
    *case_store.ALL,
    *deadlines.ALL,
    *av_duties.ALL,
    *calendar_days.ALL,
    *archive.ALL,
    *anchors.ALL,
    *documents.ALL,
    *notify.ALL,
]

# Modules the sandbox takes from the worker's own import instead of re-importing them for every
# workflow run. Re-importing casetrail's workflow modules (pydantic models, step registries) cost a
# case's first workflow task 720-800 ms and every cached case 2.7 MB (DESIGN.md, issue 16).
#
# Audit (keep it true when adding a module under these names): the workflow modules hold no mutable
# module state. ``workflows.procedure``'s registries (STEPS, APPROVALS, EXPIRIES, FOLLOWERS, SERVED,
# STARTERS) are filled by decorators while the modules are imported and only read afterwards; every
# other module-level name is a constant (titles, phase sets, lookup tables). Workflow code reads time
# only through ``workflow.now()``, ids through ``workflow.uuid4()``, and does IO only through
# activities. Passed-through code is not checked by the sandbox at run time, so
# ``tests/workflows/test_passthrough_audit.py`` refuses the calls that would break determinism, and
# the recorded histories (tests/histories) replay through it. The activity modules workflows import
# are interfaces (typed inputs and the activity functions, called only by the worker). The
# dataclasses crossing Temporal must be passed through anyway: the payload converter matches
# ``datetime`` fields by identity, and inside the sandbox ``datetime`` is a proxy class.
PASSTHROUGH = (
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "casetrail",
)

# Open cases kept in memory between workflow tasks (the SDK default is 1,000). A cached case costs
# well under 0.3 MB once the workflow modules are passed through; an evicted one is replayed on its
# next task (tens of milliseconds).
MAX_CACHED_WORKFLOWS = 500


def workflow_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


def build_worker(client: Client, task_queue: str, *, strict: bool = False) -> Worker:
    """A worker for every workflow and activity; refuses to start (``RenderingPrerequisiteMissing``,
    naming the package to install) without the CJK font, instead of printing empty boxes. The render
    pool's processes load WeasyPrint and the fonts while the worker starts polling; a missing
    HarfBuzz-subset is logged then and refused by each render with the same clear message.

    ``strict`` (tests): a handler moving a case where it did not declare fails its Update or the
    workflow at once, instead of failing the workflow task until fixed code is deployed."""
    from casetrail.documents.fonts import check_cjk_font
    from casetrail.services.rendering import default_renderer

    check_cjk_font()
    default_renderer().warm()
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=ACTIVITIES,
        workflow_runner=workflow_runner(),
        max_cached_workflows=MAX_CACHED_WORKFLOWS,
        interceptors=[DataErrorInterceptor()],
        workflow_failure_exception_types=[UndeclaredMove] if strict else [],
    )
