"""The ways a document may be served (送达方式), when each is lawful and what each must record.

民事诉讼法 Art. 87-95 (applied by 处罚法 Art. 61), the records per Xinxiang Art. 18-22 and the
other seed regulations (STATUTES §4). Each way is a payload model that checks itself against the
service so far, says when (if at all) the document reached the party, and gives the fields of its
record. Pure: runs inside the service workflow's Update validator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation

from .av import ActMarks, require_av
from .citations import record_citation
from .context import CST
from .fields import BeijingDateTime, Choice, LongText
from .types import CaseStart, ServedDocument

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.citation import Citation
    from casetrail.rules.profile_model import Profile
    from casetrail.rules.recording import require_field
    from casetrail.rules.registry import get_profile
    from casetrail.rules.steps import ProcedureStep

Outcome = Literal["served", "failed", "published"]


def day_in_cst(day: date) -> datetime:
    """A date-only service date (a receipt's date) as 00:00 Beijing time of that day."""
    return datetime.combine(day, time(0), tzinfo=CST)


class ElectronicConsent(BaseModel):
    """The party's written consent to electronic service (送达地址确认书, 处罚法 Art. 61(2))."""

    channel: Annotated[
        Literal["email", "fax", "sms", "platform"],
        Choice(email="电子邮件", fax="传真", sms="手机短信", platform="电子送达平台"),
    ] = Field(description="电子送达方式")
    address: str = Field(min_length=1, description="电子邮箱、传真号码、手机号码或平台账号")
    signed_on: date = Field(description="确认书签订日期")
    signer: str = Field(min_length=1, description="签署确认书的当事人或其代理人")


@dataclass(frozen=True)
class Attempt:
    """One attempt at service, as the service workflow keeps it."""

    way: str
    outcome: str
    recorded_at: str
    record_id: str | None
    # The Update's id, so a retry after the service workflow ended still finds its outcome.
    submission_id: str = ""


@dataclass(frozen=True)
class ServiceSoFar:
    """What a way's checks may look at: the case, earlier attempts, the consent on file, the clock."""

    start: CaseStart
    attempts: tuple[Attempt, ...]
    consent: ElectronicConsent | None
    now: datetime


def pinned(start: CaseStart) -> Profile:
    return get_profile(start.profile_id, start.profile_version)


def _named(served: ServedDocument) -> dict[str, str]:
    """A served document as the service documents name it: title and number."""
    return {"title": served.title, "number": served.number}


class Way(BaseModel):
    """Base of every way: subclasses set the class attributes and override the hooks."""

    model_config = ConfigDict(extra="forbid")

    name: ClassVar[str]
    title: ClassVar[str]
    step: ClassVar[ProcedureStep]
    citation: ClassVar[Citation]
    av_act: ClassVar[EnforcementAct | None] = None

    def outcome(self) -> Outcome:
        return "served"

    def served_at(self) -> datetime | None:
        """When the document counts as received; None while it has not (failed, or a notice is running)."""
        raise NotImplementedError

    def record_fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def av_recorded(self) -> bool:
        return False

    def document(self, served: ServedDocument) -> tuple[str, dict[str, Any]] | None:
        """The document this attempt issues (kind, its own fields): the 送达回证 of a way that reached
        the party, the 公告 of a notice; None for mail, proven by the postal return receipt
        (民诉法 Art. 91), and for failures, proven by their record."""
        receipt = self.receipt()
        if receipt is None:
            return None
        return "service_receipt", {**receipt, "documents": [_named(served)]}

    def receipt(self) -> dict[str, Any] | None:
        """The 送达回证's own fields when this way yields one."""
        return None

    def notice_published_at(self) -> datetime | None:
        """When a public notice was published: its 30-day period to deemed service starts there."""
        return None

    def marked(self) -> ActMarks:
        """What the officers marked the act with; a way done off site (mail, electronic) has no marks."""
        return self if isinstance(self, ActMarks) else ActMarks()

    def recorded_act(self) -> EnforcementAct | None:
        """The act whose recording the profile may require; None when nothing happened on site."""
        return self.av_act if self.outcome() != "failed" else None

    def check(self, so_far: ServiceSoFar) -> None:
        """Raise a domain error if this attempt is not lawful now."""
        served_at = self.served_at()
        if served_at is not None and served_at > so_far.now:
            raise InvalidInput("送达日期不能晚于当前时间", field="served_at", rule="not_in_future")
        act = self.recorded_act()
        if act is not None:
            require_av(so_far.start, act, self.av_recorded(), circumstances=self.marked().circumstances)


class _CanFail(Way):
    """A way that may not reach the party (nobody found, returned mail): the failure is recorded too."""

    outcome_: Annotated[Literal["served", "failed"], Choice(served="已送达", failed="未能送达")] = Field(
        default="served", alias="outcome", description="结果"
    )
    failure_reason: LongText = Field(default="", description="未能送达的原因")

    def outcome(self) -> Outcome:
        return self.outcome_

    def check(self, so_far: ServiceSoFar) -> None:
        if self.outcome_ == "failed" and not self.failure_reason.strip():
            raise InvalidInput(
                "未能送达的，须写明原因", field="failure_reason", rule="failure_reason_required"
            )
        super().check(so_far)

    def _served(self, value: datetime | None, field: str) -> datetime | None:
        if self.outcome_ == "failed":
            return None
        if value is None:
            raise InvalidInput("已送达的，须填写签收（收件）日期", field=field, rule="receipt_date_required")
        return value


class DirectService(_CanFail, ActMarks):
    """直接送达: to the party, or an adult family member / authorised recipient (民诉法 Art. 88)."""

    name: ClassVar[str] = "direct"
    title: ClassVar[str] = "直接送达"
    step: ClassVar[ProcedureStep] = ProcedureStep.SERVICE_DIRECT
    citation: ClassVar[Citation] = law.CIVIL_PROCEDURE_88
    av_act: ClassVar[EnforcementAct | None] = EnforcementAct.DIRECT_SERVICE

    place: str = Field(min_length=1, description="送达地点")
    receiver: str = Field(default="", description="受送达人或签收人")
    receiver_relation: Literal[
        "本人", "同住成年家属", "法定代表人", "主要负责人", "办公室或收发室负责人", "代收人"
    ] = Field(default="本人", description="签收人与受送达人的关系")
    signed_at: BeijingDateTime | None = Field(default=None, description="受送达人在送达回证上记明的收到时间")
    av_recorded_: bool = Field(default=False, alias="av_recorded", description="是否音像记录")

    def served_at(self) -> datetime | None:
        return self._served(self.signed_at, "signed_at")

    def av_recorded(self) -> bool:
        return self.av_recorded_

    def check(self, so_far: ServiceSoFar) -> None:
        if self.outcome_ == "served" and not self.receiver.strip():
            raise InvalidInput(
                "直接送达须由受送达人或签收人签名", field="receiver", rule="receiver_signature"
            )
        super().check(so_far)

    def receipt(self) -> dict[str, Any] | None:
        if self.signed_at is None or self.outcome_ == "failed":
            return None
        return {
            "method": "直接送达",
            "served_at": self.signed_at.isoformat(),
            "place": self.place,
            "receiver": self.receiver
            if self.receiver_relation == "本人"
            else f"{self.receiver}（{self.receiver_relation}）",
        }

    def record_fields(self) -> dict[str, Any]:
        return {
            "送达地点": self.place,
            "受送达人或签收人": self.receiver,
            "签收人与受送达人关系": self.receiver_relation,
            "收到时间": self.signed_at.isoformat() if self.signed_at else None,
            "音像记录": self.av_recorded_,
        }


class MailService(_CanFail):
    """邮寄送达 by registered letter or express; the return-receipt date is the service date (Art. 91)."""

    name: ClassVar[str] = "mail"
    title: ClassVar[str] = "邮寄送达"
    step: ClassVar[ProcedureStep] = ProcedureStep.SERVICE_MAIL
    citation: ClassVar[Citation] = law.CIVIL_PROCEDURE_91

    carrier: Annotated[Literal["registered", "express"], Choice(registered="挂号信", express="快递")] = Field(
        description="挂号信或快递"
    )
    tracking_no: str = Field(min_length=1, description="邮件号码（付邮凭证）")
    posted_on: date = Field(description="交寄日期")
    receipt_date: date | None = Field(default=None, description="回执上注明的收件日期")
    mailing_list_no: str = Field(default="", description="邮寄清单编号")

    def served_at(self) -> datetime | None:
        # Time in transit is not counted: the date on the return receipt is the service date.
        return self._served(day_in_cst(self.receipt_date) if self.receipt_date else None, "receipt_date")

    def check(self, so_far: ServiceSoFar) -> None:
        if self.receipt_date is not None and self.receipt_date < self.posted_on:
            raise InvalidInput("收件日期不能早于交寄日期", field="receipt_date", rule="receipt_after_posting")
        # Mingshan Art. 24: the mailing is registered (邮寄登记) and the registration kept.
        require_field(
            pinned(so_far.start), self.step, "邮寄登记", value=self.mailing_list_no, field="mailing_list_no"
        )
        super().check(so_far)

    def record_fields(self) -> dict[str, Any]:
        return {
            "邮寄方式": {"registered": "挂号信", "express": "快递"}[self.carrier],
            "付邮凭证（邮件号码）": self.tracking_no,
            "交寄日期": self.posted_on.isoformat(),
            "回执收件日期": self.receipt_date.isoformat() if self.receipt_date else None,
            "邮寄清单编号": self.mailing_list_no,
        }


class LodgingService(Way, ActMarks):
    """留置送达 when the party refuses: a witness, or photo/video, and the document left (Art. 89)."""

    name: ClassVar[str] = "lodging"
    title: ClassVar[str] = "留置送达"
    step: ClassVar[ProcedureStep] = ProcedureStep.SERVICE_LODGING
    citation: ClassVar[Citation] = law.CIVIL_PROCEDURE_89
    av_act: ClassVar[EnforcementAct | None] = EnforcementAct.LODGING_SERVICE

    refusal_reason: str = Field(min_length=1, description="拒收事由")
    receiver: str = Field(min_length=1, description="拒绝签收的受送达人或签收人")
    place: str = Field(min_length=1, description="留置地点（受送达人住所）")
    lodged_at: BeijingDateTime = Field(description="留置时间")
    witness: str = Field(default="", description="见证人姓名及单位")
    present: list[str] = Field(default_factory=list, description="在场人员")
    av_recorded_: bool = Field(default=False, alias="av_recorded", description="是否拍照、录像记录送达过程")

    def served_at(self) -> datetime | None:
        return self.lodged_at

    def av_recorded(self) -> bool:
        return self.av_recorded_

    def check(self, so_far: ServiceSoFar) -> None:
        # 民诉法 Art. 89 asks a witness or a recording; Mingshan Art. 25 asks both (the recording
        # through the profile's AV duty, checked by Way.check).
        require_field(pinned(so_far.start), self.step, "见证人签名", value=self.witness, field="witness")
        if not self.witness.strip() and not self.av_recorded_:
            raise InvalidInput(
                "留置送达须邀请见证人到场，或者采用拍照、录像等方式记录送达过程",
                field="witness",
                rule="witness_or_av",
                citation=str(law.CIVIL_PROCEDURE_89),
            )
        super().check(so_far)

    def receipt(self) -> dict[str, Any] | None:
        return {
            "method": "留置送达",
            "served_at": self.lodged_at.isoformat(),
            "place": self.place,
            "receiver": self.receiver,
            "witness": {"name": self.witness, "role": "见证人"} if self.witness.strip() else None,
            "note": f"拒收事由：{self.refusal_reason}"
            + ("；已拍照、录像记录送达过程" if self.av_recorded_ else ""),
        }

    def record_fields(self) -> dict[str, Any]:
        return {
            "拒收事由": self.refusal_reason,
            "拒收人": self.receiver,
            "留置地点": self.place,
            "留置时间": self.lodged_at.isoformat(),
            "见证人": self.witness,
            "在场人员": self.present,
            "音像记录": self.av_recorded_,
        }


_ENTRUSTED_CITATIONS = {
    "entrusted": law.CIVIL_PROCEDURE_91,
    "forwarded_military": law.CIVIL_PROCEDURE_92,
    "forwarded_detention": law.CIVIL_PROCEDURE_93,
}
_ENTRUSTED_TITLES = {
    "entrusted": "委托送达",
    "forwarded_military": "转交送达（军人）",
    "forwarded_detention": "转交送达（被监禁或者被采取强制性教育措施）",
}


class EntrustedService(_CanFail):
    """委托送达 or 转交送达 (Art. 91-93); the receiver's signing date is the service date (Art. 94)."""

    name: ClassVar[str] = "entrusted"
    title: ClassVar[str] = "委托、转交送达"
    step: ClassVar[ProcedureStep] = ProcedureStep.SERVICE_ENTRUSTED
    citation: ClassVar[Citation] = law.CIVIL_PROCEDURE_94

    mode: Annotated[
        Literal["entrusted", "forwarded_military", "forwarded_detention"],
        Choice(
            entrusted="委托送达", forwarded_military="通过所在部队转交", forwarded_detention="通过监所转交"
        ),
    ] = Field(description="委托或转交")
    reason: LongText = Field(min_length=1, description="委托、转交的原因")
    intermediary: str = Field(min_length=1, description="受委托或代为转交的机关、单位")
    server: str = Field(min_length=1, description="送达人")
    receiver: str = Field(default="", description="签收人")
    signed_on: date | None = Field(default=None, description="受送达人签收日期")

    def served_at(self) -> datetime | None:
        return self._served(day_in_cst(self.signed_on) if self.signed_on else None, "signed_on")

    def check(self, so_far: ServiceSoFar) -> None:
        if self.outcome_ == "served" and not self.receiver.strip():
            raise InvalidInput("须记录签收人", field="receiver", rule="receiver_signature")
        super().check(so_far)

    def record_fields(self) -> dict[str, Any]:
        return {
            "方式": _ENTRUSTED_TITLES[self.mode],
            "依据": str(_ENTRUSTED_CITATIONS[self.mode]),
            "委托、转交原因": self.reason,
            "受委托或转交机关": self.intermediary,
            "送达人": self.server,
            "签收人": self.receiver,
            "签收日期": self.signed_on.isoformat() if self.signed_on else None,
        }


class ElectronicService(Way):
    """电子送达, only to the address the party consented to in writing (处罚法 Art. 61(2), 民诉法 Art. 90)."""

    name: ClassVar[str] = "electronic"
    title: ClassVar[str] = "电子送达"
    step: ClassVar[ProcedureStep] = ProcedureStep.SERVICE_ELECTRONIC
    citation: ClassVar[Citation] = law.CIVIL_PROCEDURE_90

    channel: Annotated[
        Literal["email", "fax", "sms", "platform"],
        Choice(email="电子邮件", fax="传真", sms="手机短信", platform="电子送达平台"),
    ] = Field(description="电子送达方式")
    address: str = Field(min_length=1, description="送达地址")
    sent_at: BeijingDateTime = Field(description="发送时间")
    arrived_at: BeijingDateTime = Field(description="到达受送达人特定系统的时间")

    def served_at(self) -> datetime | None:
        return self.arrived_at

    def check(self, so_far: ServiceSoFar) -> None:
        consent = so_far.consent
        if consent is None:
            raise ProcedureViolation(
                "当事人未签订同意电子送达的确认书，不得采用电子方式送达",
                field="way",
                rule="electronic_consent_required",
                citation=f"{law.PENALTY_61_2}；{law.CIVIL_PROCEDURE_90}",
            )
        if (consent.channel, consent.address.strip()) != (self.channel, self.address.strip()):
            raise InvalidInput(
                f"只能送达至当事人确认的地址：{consent.address}",
                field="address",
                rule="consented_address",
                citation=str(law.PENALTY_61_2),
            )
        if self.arrived_at < self.sent_at:
            raise InvalidInput("到达时间不能早于发送时间", field="arrived_at", rule="arrival_after_sending")
        super().check(so_far)

    def receipt(self) -> dict[str, Any] | None:
        return {
            "method": "电子送达",
            "served_at": self.arrived_at.isoformat(),
            "place": self.address,
            "receiver": "受送达人确认的电子送达地址",
        }

    def record_fields(self) -> dict[str, Any]:
        return {
            "送达方式": self.channel,
            "送达地址": self.address,
            "发送时间": self.sent_at.isoformat(),
            "到达时间": self.arrived_at.isoformat(),
        }


class PublicNoticeService(Way, ActMarks):
    """公告送达, only once other ways failed; deemed served 30 days after publication (Art. 95)."""

    name: ClassVar[str] = "public_notice"
    title: ClassVar[str] = "公告送达"
    step: ClassVar[ProcedureStep] = ProcedureStep.SERVICE_PUBLIC_NOTICE
    citation: ClassVar[Citation] = law.CIVIL_PROCEDURE_95

    reason_others_failed: LongText = Field(min_length=1, description="其他方式无法送达的原因和经过")
    carrier: str = Field(min_length=1, description="公告载体（公告栏、报纸、网站等）")
    posted: bool = Field(description="是否张贴公告")
    published_on: date = Field(description="公告发出日期")
    notice_text: LongText = Field(min_length=1, description="公告内容（留存书面公告）")
    collection_place: str = Field(min_length=1, description="文书领取地点（公告载明）")
    av_recorded_: bool = Field(default=False, alias="av_recorded", description="是否音像记录张贴过程")

    def outcome(self) -> Outcome:
        return "published"

    def served_at(self) -> datetime | None:
        return None  # deemed served only when the 30-day timer fires

    def notice_published_at(self) -> datetime | None:
        return day_in_cst(self.published_on)

    def av_recorded(self) -> bool:
        return self.av_recorded_

    def check(self, so_far: ServiceSoFar) -> None:
        if not any(a.outcome == "failed" for a in so_far.attempts):
            raise ProcedureViolation(
                "公告送达只能在采用其他方式均无法送达后适用，请先记录其他方式送达未成功的情况",
                field="way",
                rule="public_notice_last_resort",
                citation=str(law.CIVIL_PROCEDURE_95),
                allowed=[way.name for way in WAYS.values() if way is not PublicNoticeService],
            )
        if any(a.outcome == "published" for a in so_far.attempts):
            raise ProcedureViolation("公告已经发出，正在公告期内", field="way", rule="notice_running")
        if self.published_on > so_far.now.date():
            raise InvalidInput("公告日期不能晚于当前日期", field="published_on", rule="not_in_future")
        super().check(so_far)

    def document(self, served: ServedDocument) -> tuple[str, dict[str, Any]] | None:
        return "public_notice", {
            "served_document": _named(served),
            "failed_attempts": self.reason_others_failed,
            "carrier": self.carrier,
            "collection_place": self.collection_place,
        }

    def recorded_act(self) -> EnforcementAct | None:
        # The recording the profiles ask for concerns posting the notice (张贴), not a newspaper.
        return EnforcementAct.PUBLIC_NOTICE_SERVICE if self.posted else None

    def record_fields(self) -> dict[str, Any]:
        return {
            "其他方式无法送达的原因和经过": self.reason_others_failed,
            "公告载体": self.carrier,
            "张贴公告": self.posted,
            "公告日期": self.published_on.isoformat(),
            "公告内容": self.notice_text,
            "音像记录": self.av_recorded_,
        }


WAYS: dict[str, type[Way]] = {
    way.name: way
    for way in (
        DirectService,
        MailService,
        LodgingService,
        EntrustedService,
        ElectronicService,
        PublicNoticeService,
    )
}


def way_citation(start: CaseStart, way: type[Way]) -> str:
    """The national article and the profile's local articles requiring this service record."""
    return record_citation(start, way.step, law.CIVIL_PROCEDURE_87, way.citation)
