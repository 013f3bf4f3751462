"""Security tests drive the real API (real PostgreSQL, real Temporal, a real worker)."""

from __future__ import annotations

from tests.api.conftest import api, login

__all__ = ["api", "login"]
