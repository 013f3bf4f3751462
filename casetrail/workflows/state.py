"""All procedure state of one case in one dataclass (passed whole to continue-as-new)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .types import CaseStart


@dataclass
class PendingTask:
    """An approval task the workflow waits on; ``kind`` selects the approval handler."""

    task_id: str
    kind: str
    title: str
    role: str
    step_key: str


@dataclass
class Timer:
    """A statutory deadline as a movable durable timer: ``on_expiry`` names the handler to run."""

    key: str
    label: str
    due_at: datetime
    citation: str | None
    on_expiry: str
    provisional: bool = False
    # How it was computed, so a provisional deadline can be recomputed when the calendar changes.
    start: datetime | None = None
    period: dict[str, Any] | None = None
    pauses: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CaseState:
    start: CaseStart
    phase: str = "starting"
    status: str = "open"
    sequence: int = 0  # step counter for deterministic, unique step keys
    tasks: dict[str, PendingTask] = field(default_factory=dict)
    timers: dict[str, Timer] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # what later steps need to know (dates, outcomes)
    history: list[str] = field(default_factory=list)  # step names done, in order
    applied_submissions: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.status == "archived" or self.phase == "ended"

    def next_step_key(self, name: str) -> str:
        self.sequence += 1
        return f"{self.sequence:04d}-{name}"
