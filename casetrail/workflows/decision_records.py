"""What the rights and decision stages keep for later ones: the party's rights, and the proposal
under review with its signatures (``CaseState.rights``, ``CaseState.deliberation``).

These are pydantic models (their nested penalties and findings are validated payloads). They travel
through continue-as-new with the default Temporal converter by the hooks of :class:`StateModel`.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, Field, model_validator
from temporalio import workflow

from .fields import BEIJING, LongText

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.penalties import DecisionKind, HearingGround, Penalty


class StateModel(BaseModel):
    """A pydantic record held in ``CaseState``.

    The default Temporal JSON converter writes an object with a ``dict()`` method by calling it and
    reads a type with a ``parse_obj`` class method by calling that (its pydantic-v1 hooks). Both go
    through pydantic's JSON mode here, so dates travel as ISO strings and every read validates.
    """

    def dict(self, **_: Any) -> builtins.dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def parse_obj(cls, obj: Any) -> Self:
        return cls.model_validate(obj)


def _in_beijing_time(value: datetime) -> datetime:
    """A time without an offset is Beijing time: officers write local times."""
    return value.replace(tzinfo=BEIJING) if value.tzinfo is None else value.astimezone(BEIJING)


BeijingDatetime = Annotated[datetime, AfterValidator(_in_beijing_time)]
HearingStatus = Literal["not_requested", "waived", "requested", "scheduled", "held", "concluded"]


class Findings(BaseModel):
    facts: LongText = Field(min_length=1, description="违法事实")
    evidence: list[str] = Field(min_length=1, description="证据清单")
    legal_basis: str = Field(min_length=1, description="法律依据")


class Handling(BaseModel):
    """处理意见: one of the outcomes of 处罚法 Art. 57(1)."""

    kind: DecisionKind = Field(description="处理类型")
    penalty: Penalty | None = Field(default=None, description="拟给予的行政处罚")
    reason: LongText = Field(default="", description="不予处罚或移送的理由")
    transfer_to: str = Field(default="", description="移送机关")

    @model_validator(mode="after")
    def _complete(self) -> Handling:
        if (self.kind is DecisionKind.PENALTY) != (self.penalty is not None):
            raise ValueError("给予行政处罚时须写明处罚内容（penalty），其他处理不得填写")
        if self.kind is not DecisionKind.PENALTY and not self.reason.strip():
            raise ValueError("不予处罚或移送须写明理由（reason）")
        if (self.kind is DecisionKind.TRANSFER) != bool(self.transfer_to.strip()):
            raise ValueError("移送须写明移送机关（transfer_to），其他处理不得填写")
        return self

    def describe(self) -> list[str]:
        if self.penalty is not None:
            return self.penalty.describe()
        if self.kind is DecisionKind.TRANSFER:
            return [f"移送{self.transfer_to}"]
        return [self.kind.title_zh]

    def fields(self) -> dict[str, object]:
        return {
            "handling": self.kind.title_zh,
            "penalty": self.describe(),
            "reason": self.reason,
            "transfer_to": self.transfer_to,
        }


class DocumentProvisions(BaseModel):
    """The parts of the findings a penalty document states that the findings themselves do not."""

    violated_provision: str = Field(min_length=1, description="违反的法律规定（文书载明）")
    penalty_provision: str = Field(min_length=1, description="处罚依据（文书载明）")
    evidence_proves: LongText = Field(min_length=1, description="证据证明的事项（文书载明）")


class RightsFacts(StateModel):
    """Where the party's rights stand (``CaseState.rights``)."""

    noticed: Penalty
    served_on: date
    hearing_grounds: list[HearingGround]
    window_open: bool = True
    window_due_at: datetime | None = None
    statements: int = 0
    unreviewed_statements: int = 0
    # What the statements not yet reviewed said: the 复核意见书 restates them.
    unreviewed_points: list[str] = []
    reviewed_penalty: Penalty | None = None
    waived_all: bool = False
    hearing: HearingStatus = "not_requested"
    hearing_at: datetime | None = None
    held_at: datetime | None = None
    # What the notice stated beyond the findings; the decision document states it again.
    provisions: DocumentProvisions | None = None
    notice_number: str | None = None

    @property
    def may_request_hearing(self) -> bool:
        return bool(self.hearing_grounds)

    def statement_handling(self) -> str:
        """How the party used its rights, as the decision document states it (处罚法 Art. 45, 65)."""
        if self.waived_all:
            return "当事人明确放弃陈述、申辩和听证的权利。"
        parts = []
        if self.statements:
            adjusted = "复核后减轻了拟作出的处罚" if self.reviewed_penalty else "复核后维持拟作出的处罚"
            parts.append(f"当事人提出陈述、申辩{self.statements}次，本机关已进行复核，{adjusted}")
        else:
            parts.append("当事人在法定期限内未提出陈述、申辩")
        if self.hearing == "concluded":
            parts.append("已依法举行听证并形成听证报告")
        elif self.hearing == "waived":
            parts.append("当事人放弃听证")
        return "，".join(parts) + "。"

    @property
    def ceiling(self) -> Penalty:
        """The heaviest penalty the decision may impose: as noticed, or as lowered on review."""
        return self.reviewed_penalty or self.noticed


class DecisionProposal(Findings):
    """The handler's proposal (承办人处理意见, Mingshan Art. 16, Guangdong Art. 13(1))."""

    handling: Handling = Field(description="处理意见（处罚法第五十七条）")
    discretion_rule: str = Field(default="", description="适用的行政裁量权基准")
    considerations: LongText = Field(default="", description="应考虑的有关因素")
    major_public_interest: bool = Field(
        default=False, description="涉及重大公共利益（第五十八条第一款第一项）"
    )
    complex_legal_relations: bool = Field(
        default=False, description="案件情况疑难复杂、涉及多个法律关系（第五十八条第一款第三项）"
    )
    legal_review_by_law: bool = Field(
        default=False, description="法律、法规规定应当法制审核的其他情形（第五十八条第一款第四项）"
    )
    complex_or_serious: bool = Field(
        default=False, description="情节复杂或者重大违法行为，须集体讨论（第五十七条第二款）"
    )


class Signature(BaseModel):
    signer: str
    signer_id: str
    signed_at: str
    opinion: str


class Participant(BaseModel):
    """One of the leaders at a collective discussion, with the opinion they gave."""

    name: str = Field(min_length=1, description="姓名")
    position: str = Field(min_length=1, description="职务")
    opinion: str = Field(min_length=1, description="本人意见")


class CollectiveDiscussion(BaseModel):
    held_at: BeijingDatetime = Field(description="讨论开始时间")
    ended_at: BeijingDatetime = Field(description="讨论结束时间")
    place: str = Field(min_length=1, description="讨论地点")
    chair: str = Field(min_length=1, description="主持人")
    participants: list[Participant] = Field(min_length=2, description="参加讨论的负责人及各自意见")
    conclusion: LongText = Field(min_length=1, description="讨论决定")
    agrees: bool = Field(description="是否同意承办人的处理意见")


class Deliberation(StateModel):
    """The proposal under review and every signature on it; a revision starts it afresh."""

    proposal: DecisionProposal
    revision: int
    drafter: str
    unit_review: Signature | None = None
    legal_review: Signature | None = None
    collective_discussion: CollectiveDiscussion | None = None
    expert_opinions: int = 0
    leader_approval: Signature | None = None

    def trail(self) -> dict[str, object]:
        """Who drafted, reviewed and approved, for the decision's record (Mingshan Art. 38)."""
        return {
            "drafter": self.drafter,
            "unit_review": self.unit_review.model_dump() if self.unit_review else None,
            "legal_review": self.legal_review.model_dump() if self.legal_review else None,
            "collective_discussion": self.collective_discussion.model_dump(mode="json")
            if self.collective_discussion
            else None,
            "leader_approval": self.leader_approval.model_dump() if self.leader_approval else None,
        }
