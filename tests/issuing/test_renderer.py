"""The render pool: heartbeats while a job runs, renders in other processes, carries the typeface choice."""

from __future__ import annotations

import os
import threading
from functools import partial

from casetrail.documents.render import Typeface, render, typeface
from casetrail.documents.samples import sample_data
from casetrail.services.rendering import Renderer
from tests.documents.pdftools import pdf_fonts


async def test_heartbeats_until_the_job_is_done() -> None:
    beat = threading.Event()
    renderer = Renderer(processes=0, heartbeat_seconds=0.01)
    # The job can only finish once a heartbeat has been sent while it was running.
    result = await renderer.run(
        lambda: "done" if beat.wait(timeout=60) else "no heartbeat", heartbeat=beat.set
    )
    assert result == "done"


async def test_jobs_run_off_the_event_loop_thread() -> None:
    assert await Renderer(processes=0).run(threading.current_thread) is not threading.current_thread()


async def test_jobs_run_in_the_pool_processes_and_carry_the_typeface() -> None:
    renderer = Renderer(processes=1)
    job = partial(render, "inquiry_record", sample_data("inquiry_record"))
    try:
        assert await renderer.run(os.getpid) != os.getpid()
        with typeface(Typeface.FULL):
            full = await renderer.run(job)
        compact = await renderer.run(job)
    finally:
        renderer.close()
    assert [font.name.split("+")[1] for font in pdf_fonts(full.pdf)] == ["Noto-Serif-CJK-SC"]
    assert [font.name.split("+")[1] for font in pdf_fonts(compact.pdf)] == ["Casetrail-Serif-CJK-SC"]
