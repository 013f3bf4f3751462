"""Security tests drive the real API (real PostgreSQL, real Temporal, a real worker); evidence tests
use the evidence app with its own storage."""

from __future__ import annotations

from tests.api.conftest import api, login
from tests.evidence.conftest import ev_api, ev_login, evidence_app, storage

__all__ = ["api", "ev_api", "ev_login", "evidence_app", "login", "storage"]
