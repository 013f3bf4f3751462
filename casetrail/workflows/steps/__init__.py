"""Procedure stages; each module registers its steps, approvals, expiry handlers and starters."""

from __future__ import annotations

import importlib

STAGE_MODULES = ("filing", "closing", "record_access")


def register_all() -> None:
    for name in STAGE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
