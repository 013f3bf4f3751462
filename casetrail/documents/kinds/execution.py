"""Execution: reminder, surcharge, enforcement decision, application to the court."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from casetrail.documents.base import CaseDocument, WithPayment, WithPriorDocument, WithRemedies
from casetrail.documents.fields import Money, Text


class WithObligation(WithPriorDocument):
    obligation: Text = Field(title="应履行的义务")


class ReminderNotice(CaseDocument, WithObligation, WithPayment):
    """催告书 (强制法 Art. 35)."""

    deadline: date = Field(title="履行期限")
    enforcement_mode: Text = Field(title="拟采取的强制执行方式")


class SurchargeDecision(CaseDocument, WithObligation, WithRemedies, WithPayment):
    """加处罚款决定书 (处罚法 Art. 72; 强制法 Art. 45)."""

    fine: Money = Field(title="罚款金额（元）")
    due_on: date = Field(title="罚款缴纳期限届满日")


class EnforcementDecision(CaseDocument, WithObligation, WithRemedies):
    """行政强制执行决定书 (强制法 Art. 37)."""

    reminder_served_on: date = Field(title="催告书送达日期")
    statement_handling: Text = Field(title="当事人陈述申辩及采纳情况")
    enforcement_mode: Text = Field(title="强制执行方式")
    executes_on: date = Field(title="强制执行时间")


class CourtEnforcementApplication(CaseDocument, WithObligation):
    """强制执行申请书 (强制法 Art. 53-55)."""

    court: Text = Field(title="受理法院")
    reminder_served_on: date = Field(title="催告书送达日期")
    attachments: Annotated[tuple[Text, ...], Field(min_length=1)] = Field(title="附件材料")
