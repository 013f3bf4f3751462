"""Rendering off the event loop: one WeasyPrint job at a time per process, heartbeating while it runs.

WeasyPrint is synchronous and CPU-bound, and Pango's font maps are not thread-safe (``render.py``
holds a process-wide lock), so a process can lay out one document at a time whatever the pool. A
single thread rather than a process pool: no pickling of documents, no orphaned children, and the
event loop stays responsive (Pango, HarfBuzz and zlib release the GIL for much of a render). Scale
by running more worker processes; Temporal spreads the activities over them.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import cache
from typing import TypeVar

T = TypeVar("T")

HEARTBEAT_SECONDS = 2.0


class Renderer:
    def __init__(self, *, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casetrail-render")
        self._turn = asyncio.Lock()
        self._heartbeat_seconds = heartbeat_seconds

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for the renderer *before* opening a transaction that will render inside it, so queued
        renders do not each hold a database connection and row locks while they wait."""
        async with self._turn:
            yield

    async def run(self, job: Callable[[], T], *, heartbeat: Callable[[], None] | None = None) -> T:
        """Run ``job`` on the render thread; call ``heartbeat`` every few seconds until it is done."""
        loop = asyncio.get_running_loop()
        # Copy the context: the typeface choice (documents.render.typeface) lives in a ContextVar.
        future = loop.run_in_executor(self._executor, contextvars.copy_context().run, job)
        while True:
            done, _ = await asyncio.wait({future}, timeout=self._heartbeat_seconds)
            if done:
                return future.result()
            if heartbeat is not None:
                heartbeat()


@cache
def default_renderer() -> Renderer:
    """The process's renderer, shared by the worker's activities and the API."""
    return Renderer()
