"""Stored histories of real cases replay against the current workflow code: a change that would
break running cases (non-determinism) fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from casetrail.worker import WORKFLOWS, workflow_runner

HISTORIES = sorted(Path(__file__).parent.glob("*.json"))


def test_there_are_histories_to_replay() -> None:
    assert len(HISTORIES) >= 3


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(f"case-{path.stem}", path.read_text())
    replayer = Replayer(workflows=WORKFLOWS, workflow_runner=workflow_runner())
    await replayer.replay_workflow(history)
