"""What the workbench shows of a case, in plain Chinese: record fields as label → value, deadlines with
the time left and a colour, statuses by their titles. No raw id, English key, ``None`` or ``True``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel

from casetrail.rules.acts import EnforcementAct
from casetrail.rules.deadline_text import deadline_text
from casetrail.statuses import DeadlineStatus
from casetrail.workflows import procedure
from casetrail.workflows.service_ways import WAYS

from .ui_forms import FormField, Widget, form_fields

CST = timezone(timedelta(hours=8))
AMBER_WITHIN = timedelta(days=3)

# Values records share across steps (the party's kind, an approval's decision).
VALUE_TITLES = {"organisation": "法人或其他组织", "person": "自然人", "approve": "同意", "return": "退回",
                "planned": "计划检查", "random": "双随机抽查"}  # fmt: skip

# Keys the activities add to records besides the payload's own fields.
EXTRA_LABELS = {
    # 行政检查: the plan or the 双随机 draw, with its reproducible seed and registers.
    "plan": "检查方式",
    "matters": "检查事项",
    "target": "检查对象",
    "inspectors": "检查人员",
    "draw": "双随机抽取记录",
    "seed": "随机种子",
    "targets_register": "检查对象名录",
    "inspectors_register": "执法检查人员名录",
    "drawn": "抽取结果",
    "signer": "签批人",
    "signed_at": "签批时间",
    "opinion": "意见",
    "officers": "执法人员",
    "present_officers": "在场执法人员",
    "name": "名称",
    "kind": "类型",
    "address": "住所",
    "id_number": "证件号码",
    "representative": "法定代表人",
    "handler_opinion": "承办人意见",
    "certificate_no": "执法证号",
    "basis": "依据",
    "way": "送达方式",
    "served_at": "送达时间",
    "document": "文书",
    "documents": "文书",
    "title": "名称",
    "number": "文号",
    "decision": "决定",
    "due_at": "期限届满",
    "deadline": "期限",
    "days": "天数",
    "outcome": "结果",
    "party": "当事人",
    "cause": "案由",
    "source": "案件来源",
    "summary": "基本案情",
    "facts": "事实",
    "penalty": "处罚内容",
    "penalties": "处罚内容",
    "reason": "理由",
    "recorded_by": "记录人",
    "actor": "办理人",
}
# Record keys whose ISO date is the last day of a period, not a day something happened.
LAST_DAY_KEYS = ("deadline", "perform_by", "correct_by", "due_on")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FEN_KEY = re.compile(r"（分）")
_RAW_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def beijing(moment: datetime | None, *, with_time: bool = True) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(CST) if moment.tzinfo else moment
    return local.strftime("%Y年%m月%d日 %H:%M" if with_time else "%Y年%m月%d日")


def yuan_text(fen: int) -> str:
    return f"{fen / 100:,.2f} 元"


@dataclass(frozen=True)
class Glossary:
    labels: Mapping[str, str]
    fields: Mapping[str, FormField]  # a key's widget, for its choice labels and amounts


def _walk(fields: Iterable[FormField]) -> Iterable[FormField]:
    for f in fields:
        yield f
        yield from _walk(f.children)


@cache
def glossary() -> Glossary:
    """Every payload key of every step and service way with its Chinese label (first declaration wins)."""
    labels: dict[str, str] = {}
    fields: dict[str, FormField] = {}
    models: list[type[BaseModel]] = [s.payload for s in procedure.STEPS.values() if s.payload is not None]
    models += list(WAYS.values())
    for model in models:
        for f in _walk(form_fields(model)):
            labels.setdefault(f.key, re.sub(r"（[^）]*）$", "", f.label) or f.label)
            fields.setdefault(f.key, f)
    # Keys many records share mean the same everywhere; a payload's narrower label must not win.
    labels.update(EXTRA_LABELS)
    for key in EXTRA_LABELS:
        fields.pop(key, None)
    return Glossary(labels, fields)


def _scalar(key: str, value: Any, people: Mapping[str, str]) -> str:
    spec = glossary().fields.get(key)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and (key.endswith("_fen") or (spec and spec.widget is Widget.YUAN)):
        return yuan_text(value)
    text = str(value)
    if _RAW_ID.match(text):
        return people.get(text, "")
    if _ISO_DATETIME.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        # A recorded deadline (``due_at``, ``storage_due_at``, ``new_due_at`` …) reads as its last day.
        return deadline_text(moment) if key.endswith("due_at") else beijing(moment)
    if _ISO_DATE.match(text):
        day = date.fromisoformat(text)
        # A period's last day given as a date (补正、提供证据、履行的期限) ends at its 24:00.
        return (
            deadline_text(day)
            if key.endswith(LAST_DAY_KEYS)
            else beijing(datetime.fromisoformat(text), with_time=False)
        )
    if spec is not None and spec.options:
        return spec.option_label(text)
    if text in VALUE_TITLES:
        return VALUE_TITLES[text]
    return act_title(text)


def show(key: str, value: Any, people: Mapping[str, str]) -> str:
    """A record value in plain Chinese; empty when there is nothing a person should read."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, dict):
        return "，".join(f"{k}：{v}" for k, v in lines(value, people))
    if isinstance(value, list):
        parts = [show(key, item, people) for item in value]
        return "；".join(p for p in parts if p)
    return _scalar(key, value, people)


def lines(fields: Mapping[str, Any], people: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, value) for every field a person should read; ids and unknown internal keys are left out."""
    labels = glossary().labels
    out = []
    for key, value in fields.items():
        # Many records are written with Chinese keys already; amounts among them say "（分）".
        label = labels.get(key) or (_FEN_KEY.sub("", key) if _CJK.search(key) else None)
        if label is None or (key.endswith(("_id", "_ids")) and key != "officer_ids"):
            continue
        text = show("amount_fen" if _FEN_KEY.search(key) else key, value, people)
        if text:
            out.append((label, text))
    return out


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    DONE = "done"


@dataclass(frozen=True)
class DeadlineView:
    label: str
    due: str
    left: str
    light: Light
    status: str
    citation: str
    provisional: bool


# The workflow names a case's measures and commissions ``seizure-1``…; a person reads their order.
_HOLDING_ID = re.compile(r"\b(?:seizure|evidence_preservation|freeze|testing)-(\d+)\b")


def without_holding_ids(text: str) -> str:
    return _HOLDING_ID.sub(lambda m: f"第{m.group(1)}项", text)


def deadline_view(
    *,
    label: str,
    due_at: datetime,
    status: DeadlineStatus,
    citation: str | None,
    provisional: bool,
    now: datetime,
) -> DeadlineView:
    remaining = due_at - now
    if status != DeadlineStatus.open:
        left, light = "—", (Light.RED if status == DeadlineStatus.overdue else Light.DONE)
    elif remaining < timedelta(0):
        left, light = f"已超期 {_span(-remaining)}", Light.RED
    else:
        left = f"剩余 {_span(remaining)}"
        light = Light.AMBER if remaining <= AMBER_WITHIN else Light.GREEN
    return DeadlineView(
        without_holding_ids(label),
        deadline_text(due_at),
        left,
        light,
        status.title,
        citation or "",
        provisional,
    )


def _span(delta: timedelta) -> str:
    if delta >= timedelta(days=1):
        return f"{delta.days} 天" + (f" {delta.seconds // 3600} 小时" if delta.days < 3 else "")
    return f"{delta.seconds // 3600} 小时 {delta.seconds // 60 % 60} 分"


def act_title(act: str) -> str:
    try:
        return EnforcementAct(act).title_zh
    except ValueError:
        return act


def day(value: date | None) -> str:
    return value.strftime("%Y年%m月%d日") if value else ""
