"""Start of a case: 立案, 不予立案, and the application path (受理, 不予受理, 补正)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from casetrail.documents.base import CaseDocument, DocumentData, WithApplication, WithOpinions, WithRemedies
from casetrail.documents.fields import Text


class FilingApproval(CaseDocument, WithOpinions):
    """立案审批表."""

    source: Text = Field(title="案件来源")
    discovered_on: date = Field(title="发现日期")
    summary: Text = Field(title="简要案情")


class NonFilingNotice(DocumentData):
    """不予立案告知书 on a complaint or report (Mingshan Art. 9, Xinxiang Art. 8).

    It goes to the complainant, who is not the party and may give no more than a name; an anonymous
    complaint has nobody to tell, so the notice is kept in the file (``addressee`` empty). The party
    complained of may be known only by name, so the notice names it without the party's full record.
    """

    addressee: Text | None = Field(default=None, title="告知对象（实名投诉举报人）")
    reported_party: Text | None = Field(default=None, title="被投诉举报人")
    case_cause: Text = Field(title="案由")
    received_on: date = Field(title="线索收到日期")
    matter: Text = Field(title="反映事项")
    reason: Text = Field(title="不予立案理由")


class AcceptanceNotice(CaseDocument, WithApplication):
    """受理通知书."""

    processing_days: int = Field(gt=0, title="办理期限（日）")


class NonAcceptanceNotice(CaseDocument, WithApplication, WithRemedies):
    """不予受理通知书."""

    reason: Text = Field(title="不予受理理由")


class CorrectionNotice(CaseDocument, WithApplication):
    """补正通知书: everything to supplement, told at once (一次性告知)."""

    materials: Annotated[tuple[Text, ...], Field(min_length=1)] = Field(title="需补正材料")
    deadline: date = Field(title="补正期限")
