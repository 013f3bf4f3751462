"""Path and query parameters with their bounds, declared once: out of range is 422, never a 500."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from casetrail import limits

# Any calendar year parses; which years the calendar covers is the calendar service's rule.
Year = Annotated[int, Path(ge=1, le=9999, description="年份")]
YearFilter = Annotated[int | None, Query(ge=1, le=9999, description="只看该年份")]
Limit = Annotated[int, Query(ge=1, le=limits.PAGE_MAX, description=f"每页条数（1–{limits.PAGE_MAX}）")]
Offset = Annotated[int, Query(ge=0, le=limits.OFFSET_MAX, description="跳过的条数")]
RowId = Annotated[int, Path(ge=1, le=limits.BIGINT_MAX, description="编号")]
