"""Stored histories of real cases replay against the current workflow code: a change that would
break running cases (non-determinism) fails CI. See docs/changing-running-behaviour.md."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import AsyncIterator
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner, WorkflowRunner

from casetrail.worker import WORKFLOWS, workflow_runner

HISTORIES = sorted(Path(__file__).parent.glob("*.json.gz"))


def _load(path: Path) -> WorkflowHistory:
    text = gzip.decompress(path.read_bytes()).decode()
    return WorkflowHistory.from_json(_workflow_id(text), text)


def _workflow_id(history_json: str) -> str:
    """The case's own workflow id (its service children are named after it), from its start input."""
    started = json.loads(history_json)["events"][0]["workflowExecutionStartedEventAttributes"]
    case_input = json.loads(base64.b64decode(started["input"]["payloads"][0]["data"]))
    return f"case-{case_input['start']['case_id']}"


def test_there_are_histories_of_every_main_path() -> None:
    scenarios = {path.name.removesuffix(".json.gz").split("-")[0] for path in HISTORIES}
    assert len(scenarios) >= 12, sorted(scenarios)


# Replayed in the sandbox too, as the worker runs them: the later run after continue-as-new decodes the
# whole state there. The rest replay without it (3 s instead of 35 s for the corpus); every path they
# take also runs sandboxed in tests/workflows.
SANDBOXED = ("continue_as_new.json.gz", "continue_as_new-run2.json.gz", "penalty_hearing.json.gz")


async def _replay(histories: dict[str, WorkflowHistory], runner: WorkflowRunner) -> dict[str, str]:
    async def each() -> AsyncIterator[WorkflowHistory]:
        for history in histories.values():
            yield history

    replayer = Replayer(workflows=WORKFLOWS, workflow_runner=runner)
    results = await replayer.replay_workflows(each(), raise_on_replay_failure=False)
    names = {history.run_id: name for name, history in histories.items()}
    return {names.get(run_id, run_id): str(error) for run_id, error in results.replay_failures.items()}


async def test_histories_replay() -> None:
    histories = {path.name: _load(path) for path in HISTORIES}
    assert len(histories) >= 14
    assert await _replay(histories, UnsandboxedWorkflowRunner()) == {}


async def test_histories_replay_in_the_sandbox() -> None:
    histories = {name: _load(Path(__file__).parent / name) for name in SANDBOXED}
    assert await _replay(histories, workflow_runner()) == {}
