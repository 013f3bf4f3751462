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


Adoption = Literal["adopted", "partly_adopted", "not_adopted"]
ADOPTION_ZH: dict[str, str] = {"adopted": "采纳", "partly_adopted": "部分采纳", "not_adopted": "不予采纳"}
WaiverScope = Literal["all", "hearing"]
WaiverForm = Literal["written", "oral", "absent"]
DeclarationForm = Literal["written", "oral"]
_FORM_ZH = {"written": "书面", "oral": "口头"}


def _zh_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


class ReviewFacts(BaseModel):
    """One 复核意见书: what the party said, whether it was adopted and why (处罚法 Art. 45; 泰安 Art. 10)."""

    points: list[str]
    adoption: Adoption
    reasons: str
    revised_penalty: list[str] | None = None
    reviewed_on: date


class HearingReportFacts(BaseModel):
    """The hearing as its report states it (处罚法 Art. 64, 65)."""

    held_on: date
    host: str
    findings: str
    opinion: str


class WaiverFacts(BaseModel):
    """A waiver the party truly made, in the words of its scope (处罚法 Art. 62, 64(6); 泰安 Art. 10-11)."""

    scope: WaiverScope
    form: WaiverForm
    recorded_on: date

    def sentence(self) -> str:
        if self.form == "absent":
            return "当事人无正当理由拒不出席听证，视为放弃听证权利"
        if self.scope == "all":
            return f"当事人于{_zh_date(self.recorded_on)}{_FORM_ZH[self.form]}明确放弃陈述、申辩和听证的权利"
        return f"当事人于{_zh_date(self.recorded_on)}{_FORM_ZH[self.form]}明确放弃听证的权利"


class DeclarationFacts(BaseModel):
    """当事人陈述申辩完毕声明: heard, the party said on the record it has nothing further to add."""

    declarant: str
    declared_on: date
    form: DeclarationForm

    def sentence(self) -> str:
        how = "书面声明" if self.form == "written" else "口头表示（已记入笔录）"
        return f"{self.declarant}于{_zh_date(self.declared_on)}{how}陈述、申辩完毕，无补充意见"


class RightsFacts(StateModel):
    """Where the party's rights stand (``CaseState.rights``)."""

    noticed: Penalty
    served_on: date | None  # None while the service workflow serves the notice
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
    # The first day the hearing may be held: 7 working days after its notice was served (Art. 64(2)).
    hearing_earliest: date | None = None
    held_at: datetime | None = None
    # What the notice stated beyond the findings; the decision document states it again.
    provisions: DocumentProvisions | None = None
    notice_number: str | None = None
    # What happened, as the decision states it; cases begun before these were kept have none of them.
    reviews: list[ReviewFacts] = []
    hearing_report: HearingReportFacts | None = None
    waivers: list[WaiverFacts] = []
    declaration: DeclarationFacts | None = None
    window_lapsed: bool = False

    @property
    def may_request_hearing(self) -> bool:
        return bool(self.hearing_grounds)

    @property
    def heard(self) -> bool:
        """The party was heard: its statements all reviewed, or a hearing held and reported."""
        reviewed = self.statements > 0 and self.unreviewed_statements == 0
        return reviewed or self.hearing == "concluded"

    def statement_handling(self) -> str:
        """How the party used its rights, from the record, as the decision states it (处罚法 Art. 44, 45,
        62-65): the notice, each statement and its review, the hearing, a waiver only if one was made,
        the declaration that nothing is to be added, or the silence of a window that ran out."""
        rights = "陈述、申辩和要求听证" if self.may_request_hearing else "陈述、申辩"
        number = f"（{self.notice_number}）" if self.notice_number else ""
        when = f"于{_zh_date(self.served_on)}" if self.served_on else ""
        parts = [
            f"本机关{when}向当事人送达了《行政处罚事先告知书》{number}，"
            f"告知其拟作出的行政处罚内容及事实、理由、依据，并告知其依法享有{rights}的权利"
        ]
        for review in self.reviews:
            said = "；".join(review.points) or "当事人提出了陈述、申辩"
            part = (
                f"当事人提出陈述、申辩：{said}。本机关依法进行了复核，"
                f"对其意见{ADOPTION_ZH[review.adoption]}，理由是：{review.reasons.rstrip('。')}"
            )
            if review.revised_penalty:
                part += f"；复核后拟作出的行政处罚调整为{'，'.join(review.revised_penalty)}"
            parts.append(part)
        if self.statements and not self.reviews:  # a case whose reviews were kept before they were typed
            adjusted = "复核后减轻了拟作出的处罚" if self.reviewed_penalty else "复核后维持拟作出的处罚"
            parts.append(f"当事人提出陈述、申辩{self.statements}次，本机关已进行复核，{adjusted}")
        if self.hearing_report is not None:
            report = self.hearing_report
            parts.append(
                f"应当事人要求，本机关于{_zh_date(report.held_on)}依法举行听证，由{report.host}主持；"
                f"听证报告认定：{report.findings.rstrip('。')}；主持人意见：{report.opinion.rstrip('。')}"
            )
        elif self.hearing == "concluded":
            parts.append("已依法举行听证并形成听证报告")
        parts.extend(waiver.sentence() for waiver in self.waivers)
        if self.waived_all and not self.waivers:
            parts.append("当事人明确放弃陈述、申辩和听证的权利")
        if self.declaration is not None:
            parts.append(self.declaration.sentence())
        if self.window_lapsed:
            parts.extend(self._unused_when_window_ended())
        elif not (
            self.declaration or self.statements or self.waivers or self.waived_all or self.hearing_report
        ):
            parts.append("当事人在法定期限内未提出陈述、申辩")  # a window that ended before that was kept
        return "。".join(parts) + "。"

    def _unused_when_window_ended(self) -> list[str]:
        """What the party let pass: silence is stated as such, not as a waiver (处罚法 Art. 64(1))."""
        statement = not self.statements
        hearing = self.may_request_hearing and self.hearing == "not_requested"
        if statement and hearing:
            return ["当事人在规定期限内未提出陈述、申辩，也未要求听证，视为放弃上述权利"]
        if statement:
            return ["当事人在规定期限内未提出陈述、申辩，视为放弃陈述、申辩的权利"]
        if hearing:
            return ["当事人在规定期限内未要求听证，视为放弃听证权利"]
        return []

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
