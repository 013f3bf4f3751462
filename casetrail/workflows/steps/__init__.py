"""Procedure stages; each module registers its steps, approvals, expiry handlers and starters."""

from __future__ import annotations

import importlib

STAGE_MODULES = (
    "case_clock",
    "av_duties",
    "filing",
    "intake",
    "application",
    "emergency",
    "investigation",
    "preservation",
    "coercive_measures",
    "testing",
    "investigation_end",
    "rights",
    "hearing",
    "deliberation",
    "decision",
    "simple_procedure",
    "service_steps",
    "performance",
    "reminder",
    "enforcement",
    "court",
    "archiving",
    "closing",
    "record_access",
    "inspection",
    "freezing",
    "evidence_request",
    "recording_note",
    "surcharge",
    "liberty",
)


def register_all() -> None:
    for name in STAGE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
