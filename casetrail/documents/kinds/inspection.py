"""Routine inspection (行政检查) outside a case: the order to correct within a time limit and its check.

The on-site record is the investigation's 现场检查（勘验）笔录 (``investigation.InspectionRecord``); an
inspection issues it through the same kind.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from casetrail.documents.base import CaseDocument, WithPriorDocument
from casetrail.documents.fields import Text


class CorrectionOrder(CaseDocument):
    """责令限期改正指令书 (处罚法 Art. 28): what the inspection found, on what basis, the last day to correct."""

    inspected_on: date = Field(title="检查日期")
    problems: Text = Field(title="责令改正的违法行为或隐患")
    correction_basis: Text = Field(title="责令改正的依据")
    correct_by: date = Field(title="改正期限")


class ReinspectionOpinion(CaseDocument, WithPriorDocument):
    """整改复查意见书: the correction check after the time limit (明山 Art. 28; 新乡镇 Art. 23), naming the
    指令书 it checks."""

    checked_at: datetime = Field(title="复查时间")
    place: Text = Field(title="复查地点")
    details: Text = Field(title="复查情况")
    corrected: Text = Field(title="复查意见")
    uncorrected: bool = Field(title="是否未（全部）改正")
