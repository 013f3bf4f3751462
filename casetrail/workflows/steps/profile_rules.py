"""What the case's pinned profile asks a step to record, read from ``rules.recording.required_records``.

Validators and records take the requirements and their citations from the profile rather than
hard-coding them, so a profile (a regulation) that adds a duty changes what is checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from temporalio import workflow

from casetrail.errors import InvalidInput
from casetrail.workflows.state import CaseState

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.profile_model import Profile, RecordRequirement
    from casetrail.rules.recording import required_records
    from casetrail.rules.registry import get_profile
    from casetrail.rules.steps import ProcedureStep

# The payload attributes that carry what a record requirement (by ``record_kind``) asks of an act.
PAYLOAD_FIELDS_BY_REQUIREMENT: dict[str, tuple[str, ...]] = {
    # Mingshan Art. 10: the record is signed or sealed by the party or a person present.
    "officers_shown": ("signed_by",),
    # Mingshan Art. 14: evidence preservation records its reason, object and form.
    "evidence_preservation": ("reason", "form"),
}


def case_profile(state: CaseState) -> Profile:
    return get_profile(state.start.profile_id, state.start.profile_version)


def applicable(state: CaseState, step: ProcedureStep, kinds: Iterable[str] = ()) -> list[RecordRequirement]:
    """The step's unconditional requirements, plus the conditional ones named in ``kinds``."""
    wanted = set(kinds)
    return [
        requirement
        for requirement in required_records(case_profile(state), step)
        if not requirement.condition or requirement.record_kind in wanted
    ]


def citation_of(state: CaseState, step: ProcedureStep, kinds: Iterable[str] = ()) -> str | None:
    cited = dict.fromkeys(str(r.citation) for r in applicable(state, step, kinds) if r.citation)
    return "、".join(cited) or None


def requirements_fields(
    state: CaseState, step: ProcedureStep, kinds: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The requirements a record answers to, for the auditor reading it."""
    return [
        {"title": r.title_zh, "fields": list(r.fields), "citation": str(r.citation) if r.citation else None}
        for r in applicable(state, step, kinds)
    ]


def check_required_fields(
    state: CaseState, step: ProcedureStep, payload: BaseModel, kinds: Iterable[str] = ()
) -> None:
    """Refuse a payload that leaves empty a field the profile's requirements make mandatory."""
    for requirement in applicable(state, step, kinds):
        for name in PAYLOAD_FIELDS_BY_REQUIREMENT.get(requirement.record_kind, ()):
            if hasattr(payload, name) and not str(getattr(payload, name)).strip():
                described = type(payload).model_fields[name].description or name
                raise InvalidInput(
                    f"本机关适用的规定要求记录“{described}”（{requirement.title_zh}）",
                    field=name,
                    rule=f"required_by_{requirement.record_kind}",
                    citation=str(requirement.citation) if requirement.citation else None,
                )
