"""Steps that issue documents run on the time-skipping server of the workflow tests."""

from tests.workflows.conftest import terminate_started_workflows, time_env

__all__ = ["terminate_started_workflows", "time_env"]
