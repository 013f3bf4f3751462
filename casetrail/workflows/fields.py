"""What a payload field *is*, declared once on the step models (pure pydantic, safe in the workflow sandbox).

The workbench generates its widgets from these kinds (officer picker, Beijing date-time, amount in 元,
rows of items, long text, choice with Chinese labels, file picker); the workflow validates the same
annotations, so a value the browser sends is judged by the one model the procedure uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator

BEIJING = timezone(timedelta(hours=8))

T = TypeVar("T")


class Kind(StrEnum):
    OFFICERS = "officers"  # officers named on this case, picked by name and certificate number
    DATETIME = "datetime"  # a Beijing date-time (a browser's naive value is Beijing time)
    YUAN = "yuan"  # an amount entered in 元 with two decimals, stored in 分
    ITEMS = "items"  # rows of things with a quantity (number and unit)
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    FILES = "files"  # evidence items of this case


@dataclass(frozen=True)
class FieldKind:
    kind: Kind


@dataclass(frozen=True)
class Choice:
    """The Chinese label of every allowed value, in the order they are offered."""

    labels: tuple[tuple[str, str], ...]

    def __init__(self, **labels: str) -> None:
        object.__setattr__(self, "labels", tuple(labels.items()))

    def label(self, value: str) -> str:
        return dict(self.labels).get(value, value)


class Holding(StrEnum):
    """What a case holds that a later step names: its measures and testing commissions."""

    SEIZURE = "seizure"  # 查封、扣押
    PRESERVATION = "evidence_preservation"  # 先行登记保存
    FREEZE = "freeze"  # 冻结
    LIBERTY = "liberty"  # 限制公民人身自由
    TESTING = "testing"  # 检验、检测、检疫、鉴定委托
    MISSING_RECORDING = "missing_recording"  # 应当音像记录而尚未存储的义务


@dataclass(frozen=True)
class OfCase:
    """The field names one of the case's own holdings: the form offers the case's list, not free text."""

    holding: Holding


@dataclass(frozen=True)
class AskedOfNewSteps:
    """Required of every step taken now, though the model has a default: payloads of cases taken
    before the field existed still read (replay). The form marks it required; the step refuses it blank."""


def in_beijing_time(moment: datetime) -> datetime:
    """A moment without a zone is Beijing time (what a datetime-local input sends)."""
    return moment.replace(tzinfo=BEIJING) if moment.tzinfo is None else moment


OfficersOfCase = Annotated[list[str], FieldKind(Kind.OFFICERS)]
BeijingDateTime = Annotated[datetime, AfterValidator(in_beijing_time), FieldKind(Kind.DATETIME)]
AmountYuan = Annotated[int, FieldKind(Kind.YUAN)]
ItemList = Annotated[list[T], FieldKind(Kind.ITEMS)]
LongText = Annotated[str, FieldKind(Kind.LONG_TEXT)]
FileRefs = Annotated[list[T], FieldKind(Kind.FILES)]
SeizureId = Annotated[str, OfCase(Holding.SEIZURE)]
PreservationId = Annotated[str, OfCase(Holding.PRESERVATION)]
FreezeId = Annotated[str, OfCase(Holding.FREEZE)]
LibertyId = Annotated[str, OfCase(Holding.LIBERTY)]
TestingId = Annotated[str, OfCase(Holding.TESTING)]
NowRequiredText = Annotated[str, AskedOfNewSteps()]

MissingRecordingKey = Annotated[str, OfCase(Holding.MISSING_RECORDING)]
