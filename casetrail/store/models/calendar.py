"""The working-day calendar (工作日历) as data an admin corrects each year from the State Council notice."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CalendarDayRow(Base):
    """One day that differs from the weekday rule: a holiday on a weekday, or a make-up working day (调休)."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working: Mapped[bool]
    note: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(16), default="seed")  # seed | notice
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CalendarYear(Base):
    """Whether a year's holiday notice has been entered; deadlines in unpublished years are provisional."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True)
    published: Mapped[bool] = mapped_column(default=False)
    notice: Mapped[str | None] = mapped_column(String(200))  # e.g. 国办发明电〔2025〕7号
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CalendarChange(Base):
    """One administrative change of the calendar (who, when, what), append-only like the case records.

    The calendar decides statutory deadlines, so a change to it is audited the way a case step is:
    the database refuses UPDATE and DELETE on this table.
    """

    __tablename__ = "calendar_changes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(32))  # day.set | notice.entered
    year: Mapped[int] = mapped_column(index=True)
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    # ISO days whose working status (not just the note) changed.
    changed_days: Mapped[list[str]] = mapped_column(JSONB, default=list)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Chained by the database on insert (migration 0005): a row edited later no longer matches.
    chain_seq: Mapped[int | None] = mapped_column(BigInteger)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
