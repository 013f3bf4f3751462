from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads it as a class attribute
        dict[str, Any]: JSONB,
        list[Any]: JSONB,
        datetime: DateTime(timezone=True),
    }


def status_type(enumeration: type[enum.StrEnum]) -> Enum:
    """A status column: VARCHAR(16) as before (no migration), read back as the enumeration, and a value
    outside it refused on write."""
    return Enum(enumeration, native_enum=False, length=16, validate_strings=True)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class CreatedAt:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
