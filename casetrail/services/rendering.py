"""Rendering off the event loop, in a pool of processes sized to the cores, heartbeating while it runs.

WeasyPrint is synchronous and CPU-bound, and Pango's font maps are not thread-safe (``render.py``
holds a process-wide lock), so one process lays out one document at a time. The pool's processes are
spawned (never forked: the worker runs Temporal's core threads) and load the fonts and stylesheet once
when they start. Jobs are module-level functions with picklable arguments; the typeface choice (a
ContextVar) is carried to the child explicitly. ``processes=0`` runs jobs on one thread of this
process instead (tests that pass closures).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from functools import cache, partial
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0


def _start_render_process(parent: int) -> None:
    from casetrail.documents.fonts import RenderingPrerequisiteMissing
    from casetrail.documents.render import prepare_rendering

    threading.Thread(target=_exit_with, args=(parent,), name="casetrail-render-parent", daemon=True).start()
    # Missing prerequisites must not break the pool: each render then refuses with the clear message.
    with contextlib.suppress(RenderingPrerequisiteMissing):
        prepare_rendering()


def _prepare() -> None:
    from casetrail.documents.render import prepare_rendering

    prepare_rendering()


def _exit_with(parent: int) -> None:
    """Leave when the process that owns the pool is gone (it may end with ``os._exit``, which runs no
    clean-up): the pool's processes hold each other's queue ends open and would wait forever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _in_typeface(choice: str, job: Callable[[], T]) -> T:
    from casetrail.documents.render import Typeface, typeface

    with typeface(Typeface(choice)):
        return job()


def render_processes() -> int:
    """One render process per core this process may run on."""
    return max(1, len(os.sched_getaffinity(0)))


class Renderer:
    def __init__(self, *, processes: int | None = None, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
        self._processes = render_processes() if processes is None else processes
        self._executor: Executor | None = None
        self._heartbeat_seconds = heartbeat_seconds

    def _pool(self) -> Executor:
        if self._executor is None:
            if self._processes == 0:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casetrail-render")
            else:
                self._executor = ProcessPoolExecutor(
                    max_workers=self._processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_render_process,
                    initargs=(os.getpid(),),
                )
        return self._executor

    async def run(self, job: Callable[[], T], *, heartbeat: Callable[[], None] | None = None) -> T:
        """Run ``job`` in the pool; call ``heartbeat`` every few seconds until it is done."""
        from casetrail.documents.render import current_typeface

        loop = asyncio.get_running_loop()
        if self._processes == 0:
            # Copy the context: the typeface choice (documents.render.typeface) lives in a ContextVar.
            future = loop.run_in_executor(self._pool(), contextvars.copy_context().run, job)
        else:
            future = loop.run_in_executor(self._pool(), partial(_in_typeface, current_typeface().value, job))
        while True:
            done, _ = await asyncio.wait({future}, timeout=self._heartbeat_seconds)
            if done:
                return future.result()
            if heartbeat is not None:
                heartbeat()

    def warm(self) -> None:
        """Start the pool's processes now (they load WeasyPrint and the fonts) rather than at the first
        document; a missing prerequisite is logged as soon as one of them finds it."""
        if self._processes == 0:
            return
        pool = self._pool()
        for _ in range(self._processes):
            pool.submit(_prepare).add_done_callback(_log_failure)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _log_failure(future: Future[None]) -> None:
    if (error := future.exception()) is not None:
        log.error("文书生成环境不完整：%s", error)


@cache
def default_renderer() -> Renderer:
    """The process's renderer, shared by the worker's activities and the API."""
    return Renderer()
