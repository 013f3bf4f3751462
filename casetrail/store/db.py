"""Engine and session factory. Each activity and request opens its own short transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

_engine: AsyncEngine | None = None
_sessionmaker: async_sessionmaker[AsyncSession] | None = None


def configure(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """Point the process at a database; called once at start (CLI, worker, tests)."""
    global _engine, _sessionmaker
    # No pre-ping: it cost a round trip per checkout (54 a case). A connection the server dropped fails
    # on first use instead; SQLAlchemy then invalidates it (and every pooled one older than it), the
    # activity is retried by Temporal, and the API answers 503 (``api/errors.py``).
    _engine = create_async_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=False)
    _sessionmaker = async_sessionmaker(_engine, expire_on_commit=False)
    return _engine


def engine() -> AsyncEngine:
    if _engine is None:
        raise RuntimeError("database not configured: call casetrail.store.db.configure(url) first")
    return _engine


async def dispose() -> None:
    global _engine, _sessionmaker
    if _engine is not None:
        await _engine.dispose()
    _engine = None
    _sessionmaker = None


def session_factory() -> async_sessionmaker[AsyncSession]:
    if _sessionmaker is None:
        raise RuntimeError("database not configured: call casetrail.store.db.configure(url) first")
    return _sessionmaker


@asynccontextmanager
async def transaction() -> AsyncIterator[AsyncSession]:
    """A session in one transaction: committed on success, rolled back on any error."""
    async with session_factory()() as session, session.begin():
        yield session
