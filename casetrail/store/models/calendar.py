"""The working-day calendar (工作日历) as data an admin corrects each year from the State Council notice."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, func
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
