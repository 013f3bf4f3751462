"""The activity that issues an official document (文书): number, render, store, record — once per step key.

Rendering runs on the process's render thread while the activity heartbeats, so the worker's event
loop keeps serving other activities. A refusal (missing or invalid data, unknown kind) is a
non-retryable failure naming the field; anything else (database, disk) is retried by Temporal, and
the step key makes the retry return the document already issued.
"""

from __future__ import annotations

from temporalio import activity
from temporalio.exceptions import ApplicationError

from casetrail.errors import CasetrailError, Unavailable
from casetrail.services import documents
from casetrail.services.rendering import default_renderer
from casetrail.store.blobs import default_store
from casetrail.workflows.failures import to_failure
from casetrail.workflows.types import IssuedDocumentRef, IssueDocument


@activity.defn
async def issue_document(request: IssueDocument) -> IssuedDocumentRef:
    try:
        return await documents.issue_document(
            request, store=default_store(), renderer=default_renderer(), heartbeat=activity.heartbeat
        )
    except Unavailable as error:
        # A missing font or library: installing it fixes the running worker, so let Temporal retry.
        raise ApplicationError(error.message, error.to_dict(), type=type(error).__name__) from None
    except CasetrailError as error:
        raise to_failure(error) from None


ALL = [issue_document]
