"""The measures and testing commissions a case holds, as the choices of the forms that name one.

Read from the case's records (the read model): the record that put a holding in force names it, the
record that ended it names it again. The label is what a person recognises (the act, its order in
the case and the day it began), never the internal id; the workflow still judges the choice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.statuses import AvObligationStatus, AvRequirement
from casetrail.store.models import AvObligation, Record
from casetrail.workflows.fields import Holding

from .ui_view import CST, act_title, beijing


@dataclass(frozen=True)
class _Kind:
    holding: Holding
    id_field: str
    title: str


# The record that puts a holding in force, and the records that end it.
_OPENED = {
    "seizure_decision": _Kind(Holding.SEIZURE, "measure_id", "查封、扣押"),
    "evidence_preservation_notice": _Kind(Holding.PRESERVATION, "measure_id", "先行登记保存"),
    "freeze_notice": _Kind(Holding.FREEZE, "freeze_id", "冻结"),
    "liberty_restriction": _Kind(Holding.LIBERTY, "measure_id", "限制人身自由"),
    "testing_commission": _Kind(Holding.TESTING, "testing_id", "检验、鉴定委托"),
}
_ENDED = {
    "seizure_release": "measure_id",
    "evidence_preservation_decision": "measure_id",
    "freeze_release": "freeze_id",
    "liberty_release": "measure_id",
    "testing_result": "testing_id",
}

Options = dict[str, list[tuple[str, str]]]


async def case_holdings(session: AsyncSession, case_id: uuid.UUID) -> Options:
    """Holding kind -> (id, Chinese label) of each holding still in force, in the order taken."""
    query = (
        select(Record.kind, Record.fields, Record.created_at)
        .where(Record.case_id == case_id, Record.kind.in_([*_OPENED, *_ENDED]))
        .order_by(Record.created_at)
    )
    rows = list((await session.execute(query)).all())
    ended = {str(fields.get(_ENDED[kind])) for kind, fields, _ in rows if kind in _ENDED}
    options: Options = defaultdict(list)
    counts: dict[Holding, int] = defaultdict(int)
    for kind, fields, created_at in rows:
        opened = _OPENED.get(kind)
        if opened is None:
            continue
        counts[opened.holding] += 1
        holding_id = str(fields.get(opened.id_field))
        if holding_id in ended:
            continue
        what = fields.get("measure_zh") or opened.title
        day = created_at.astimezone(CST).date().isoformat()
        label = f"第{counts[opened.holding]}项{what}（{day}起，{_summary(fields)}）"
        options[str(opened.holding)].append((holding_id, label))
    options[str(Holding.MISSING_RECORDING)] = await _missing_recordings(session, case_id)
    return dict(options)


async def _missing_recordings(session: AsyncSession, case_id: uuid.UUID) -> list[tuple[str, str]]:
    """The mandatory recordings not stored, which a leader's exception may excuse (by act and due time)."""
    query = (
        select(AvObligation)
        .where(
            AvObligation.case_id == case_id,
            AvObligation.requirement == AvRequirement.mandatory,
            AvObligation.status != AvObligationStatus.fulfilled,
        )
        .order_by(AvObligation.created_at)
    )
    return [
        (duty.key, f"{act_title(duty.act)}（{beijing(duty.storage_due_at) or '未设存储时限'}前存储）")
        for duty in (await session.execute(query)).scalars()
    ]


def _summary(fields: dict[str, object]) -> str:
    """A few words that tell one holding from another: the institution, account or first item."""
    for key in ("institution", "account", "person", "place"):
        if isinstance(value := fields.get(key), str) and value:
            return value
    items = fields.get("items")
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return str(items[0].get("name", ""))
    return "本案"
