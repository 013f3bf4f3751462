"""Recording duties: the evidence API (uploads) and the workflow test server (acts, archiving)."""

from tests.evidence.conftest import ev_api, ev_login, evidence_app, storage
from tests.workflows.conftest import terminate_started_workflows, time_env

__all__ = ["ev_api", "ev_login", "evidence_app", "storage", "terminate_started_workflows", "time_env"]
