"""明山 field gaps in later steps: 应考虑的有关因素 in the draft decision (Art. 16), 邮寄登记 (Art. 24), and
lodging with a witness and the recording, both (Art. 25; 民诉法 Art. 89 asks only one of them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from casetrail.errors import CasetrailError
from casetrail.workflows.service_ways import LodgingService, MailService, ServiceSoFar
from casetrail.workflows.state import CaseState
from casetrail.workflows.steps.decision import _proposal_allowed
from casetrail.workflows.steps.deliberation import DecisionProposal
from casetrail.workflows.types import Actor, CaseStart, StepRequest

from .decision_steps import FINDINGS
from .factory import plain_case_start

MINGSHAN = "《明山区应急管理局行政执法全过程记录制度》"


def start(profile_id: str) -> CaseStart:
    return plain_case_start(profile_id=profile_id, party={"kind": "organisation"})


def so_far(profile_id: str) -> ServiceSoFar:
    return ServiceSoFar(start=start(profile_id), attempts=(), consent=None, now=datetime.now(UTC))


def refusal(action: object) -> CasetrailError:
    assert callable(action)
    with pytest.raises(CasetrailError) as error:
        action()
    return error.value


def test_mingshan_mail_service_keeps_its_mailing_registration() -> None:
    mail = MailService(
        carrier="registered", tracking_no="XA123456789CN", posted_on=date.today(), receipt_date=date.today()
    )
    error = refusal(lambda: mail.check(so_far("mingshan-emergency")))
    assert (error.field, error.citation) == ("mailing_list_no", f"{MINGSHAN}第二十四条")
    mail.model_copy(update={"mailing_list_no": "邮登2026-001"}).check(so_far("mingshan-emergency"))
    mail.check(so_far("taian-2017"))


def test_mingshan_lodging_needs_a_witness_as_well_as_the_recording() -> None:
    lodging = LodgingService.model_validate(
        {
            "refusal_reason": "拒绝签收",
            "receiver": "赵某",
            "place": "某厂办公室",
            "lodged_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
            "av_recorded": True,
        }
    )
    error = refusal(lambda: lodging.check(so_far("mingshan-emergency")))
    assert (error.field, error.citation) == ("witness", f"{MINGSHAN}第二十五条")
    lodging.model_copy(update={"witness": "村委会主任钱某"}).check(so_far("mingshan-emergency"))
    lodging.check(so_far("taian-2017"))  # 民诉法 Art. 89: the recording alone suffices


def test_mingshan_draft_decision_states_the_factors_considered() -> None:
    proposal = DecisionProposal.model_validate(
        {**FINDINGS, "handling": {"kind": "no_penalty", "reason": "轻微"}}
    )
    request = StepRequest("propose_decision", Actor("u", "测试"))
    error = refusal(lambda: _proposal_allowed(CaseState(start("mingshan-emergency")), request, proposal))
    assert (error.field, error.citation) == ("considerations", f"{MINGSHAN}第十六条")
    _proposal_allowed(CaseState(start("taian-2017")), request, proposal)
