"""Who carried out an investigation act: at least two of the case's officers, certificates shown.

处罚法 Art. 42 (at least two officers with enforcement qualification), Art. 55 (certificates shown
when investigating); 强制法 Art. 18 (the same for coercive measures). The record keeps the
number, names, certificate numbers and that they were shown (Mingshan Art. 10, Guangdong Art. 12).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.workflows import procedure
from casetrail.workflows.procedure import Check
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import StepRequest

from ..fields import OfficersOfCase

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law

MIN_OFFICERS = 2


class Attendance(BaseModel):
    officer_ids: OfficersOfCase = Field(min_length=1, description="在场执法人员（本案承办人，不少于两人）")
    certificates_shown: bool = Field(description="是否已向当事人主动出示执法证件")
    signed_by: str = Field(default="", description="在笔录上签字或盖章的当事人或在场人员（拒签的注明）")


INVESTIGATING = "调查取证、实施强制措施"


def attendance_check(*, coercive: bool = False, acts: str = INVESTIGATING) -> Check:
    """The check for an act; a coercive measure also cites 强制法 Art. 18. ``acts`` names what the
    officers are doing in the refusal (实施行政检查 on a routine inspection)."""
    extra = (law.COERCION_18,) if coercive else ()
    officers_basis = "、".join(str(c) for c in (law.PENALTY_42, *extra))
    certificate_basis = "、".join(str(c) for c in (law.PENALTY_55, *extra))

    def check(state: CaseState, request: StepRequest, payload: Any) -> None:
        assert isinstance(payload, Attendance)
        case_officers = {officer.user_id for officer in state.start.officers}
        present = list(dict.fromkeys(payload.officer_ids))
        strangers = [officer_id for officer_id in present if officer_id not in case_officers]
        if strangers:
            # The strangers are ids the workflow cannot name (it holds only the case's officers): say
            # how many, and whom the officer may choose from.
            names = "、".join(officer.name for officer in state.start.officers)
            raise InvalidInput(
                f"在场执法人员须为本案承办执法人员：所选人员中有{len(strangers)}人不是本案承办人，"
                f"请从本案承办人（{names}）中选择",
                field="officer_ids",
                rule="case_officer",
                citation=str(law.PENALTY_42),
            )
        if len(present) < MIN_OFFICERS:
            raise ProcedureViolation(
                f"{acts}的执法人员不得少于两人，本次仅{len(present)}人",
                field="officer_ids",
                rule="two_officers",
                citation=officers_basis,
                allowed=procedure.describe_allowed(state),
            )
        if not payload.certificates_shown:
            raise ProcedureViolation(
                "执法人员应当主动向当事人出示执法证件，未出示的不得进行调查、检查",
                field="certificates_shown",
                rule="certificate_shown",
                citation=certificate_basis,
                allowed=procedure.describe_allowed(state),
            )

    return check


def attendance_fields(state: CaseState, attendance: Attendance) -> dict[str, Any]:
    """执法人员数量、姓名、执法证件编号及出示情况, and who signed."""
    by_id = {officer.user_id: officer for officer in state.start.officers}
    present = [by_id[officer_id] for officer_id in dict.fromkeys(attendance.officer_ids)]
    return {
        "officer_count": len(present),
        "officers": [
            {"name": o.name, "certificate_no": o.certificate_no, "user_id": o.user_id} for o in present
        ],
        "certificates_shown": attendance.certificates_shown,
        "signed_by": attendance.signed_by,
    }
