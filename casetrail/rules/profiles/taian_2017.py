"""泰安市行政执法全过程记录办法 (泰政法办字〔2017〕16号), in force 2017-08-01."""

from __future__ import annotations

from datetime import date

from casetrail.rules.acts import COERCIVE_EXECUTION_MODES, COERCIVE_MEASURES
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.periods import calendar_days, hours, working_days
from casetrail.rules.profile_model import (
    ArchiveRule,
    AvProcedure,
    AvStorageRule,
    ElectronicRecordRule,
    EmergencyStartRule,
    ProcedureObligation,
    RecordAccessRule,
)
from casetrail.rules.profiles._rulebook import RuleBook
from casetrail.rules.profiles.national import AV_EVIDENCE_FIELDS, NATIONAL
from casetrail.rules.regulation import Regulation
from casetrail.rules.steps import ProcedureStep as Step

REGULATION = Regulation(title="泰安市行政执法全过程记录办法", valid_from=date(2017, 8, 1))
_book = RuleBook(REGULATION)
_r = _book.record

ART_8 = REGULATION.cite(8, "依职权启动应当制作审批表；情况紧急先启动的，启动后24小时内补办相关手续")
ART_15 = REGULATION.cite(
    15,
    "调查询问、现场检查、抽样取证、先行登记保存、听证、强制措施、强制执行、留置和张贴公告送达等应当音像记录",
)
ART_15_5 = REGULATION.cite(15, "容易引发争议的其他行政执法活动，应当进行音像记录", item=5)
ART_16 = REGULATION.cite(
    16, "采取音像方式记录时重点记录现场环境、有关人员、涉案物品、采取措施、听取陈述申辩和送达文书的情况"
)
ART_17 = REGULATION.cite(17, "音像记录应当在2个工作日内存储至执法信息系统或者专用存储器，不得自行保管")
ART_18 = REGULATION.cite(
    18, "执行终结之日起30日内形成案卷归档；电子记录载明制作方法、时间、制作人和证明对象，声音资料附文字记录"
)
ART_19 = REGULATION.cite(19, "当事人依法申请查阅执法记录的，经行政执法机关负责人同意后方可查阅")

SECRETS = REGULATION.cite(
    19, "涉及国家秘密、商业秘密和个人隐私以及依法应当保密的行政执法信息，应当依法进行管理", paragraph=4
)

TAIAN_2017 = _book.profile(
    NATIONAL,
    version="1",
    id="taian-2017",
    name="泰安市",
    scope="泰安市行政区域内的行政执法机关",
    province="山东省",
    av_overrides=_book.av(
        [
            Act.INQUIRY,
            Act.EVIDENCE_COLLECTION,
            Act.INSPECTION,
            Act.RANDOM_CHECK,
            Act.SEARCH,
            Act.SAMPLING,
            Act.EVIDENCE_PRESERVATION,
            Act.HEARING,
            *COERCIVE_MEASURES,
            *COERCIVE_EXECUTION_MODES,
            Act.LODGING_SERVICE,
            Act.PUBLIC_NOTICE_SERVICE,
        ],
        "mandatory",
        ART_15,
        note="涉及国家秘密等不适宜音像记录的除外",
    )
    + _book.av([Act.DISPUTE_PRONE], "mandatory", ART_15_5, note="涉及国家秘密等不适宜音像记录的除外"),
    av_storage=_book.rule(AvStorageRule, ART_17, period=working_days(2, ART_17)),
    av_procedure=AvProcedure(
        content_points=_book.rule(
            ProcedureObligation,
            ART_16,
            text="采取音像方式对行政执法活动进行记录时，应当重点记录下列内容",
            items=(
                "行政执法现场的环境状况",
                "当事人、证人、第三人等现场有关人员的体貌特征和言行举止",
                "重要涉案物品等相关证据及其主要特征",
                "行政执法人员对有关人员、财物采取措施的情况",
                "行政执法人员现场听取陈述申辩、送达行政执法文书的情况",
            ),
        )
    ),
    extra_electronic_records=[
        _book.rule(
            ElectronicRecordRule,
            ART_18,
            fields=AV_EVIDENCE_FIELDS,
            audio_transcript=True,
        )
    ],
    archive=_book.rule(
        ArchiveRule,
        ART_18,
        period=calendar_days(30, ART_18),
        counted_from="行政执法行为执行终结之日",
        note="法律、法规、规章对归档期限有特殊规定的，从其规定",
    ),
    emergency_start=_book.rule(
        EmergencyStartRule, ART_8, allowed=True, backfill=hours(24, ART_8), form="审批表"
    ),
    record_access=_book.rule(RecordAccessRule, ART_19, secrets=SECRETS, party_access="leader_approval"),
    extra_records=[
        _r(
            Step.START_BY_APPLICATION,
            "application_handling",
            "申请受理记录",
            ("申请", "受理或不予受理", "补正"),
            REGULATION.cite(7, "依申请启动的，对申请、受理、不受理、补正等情况予以文字记录"),
        ),
        _r(Step.START_EX_OFFICIO, "filing_approval", "立案审批表", ("审批意见",), ART_8),
        _r(
            Step.INVESTIGATION,
            "refusal_of_investigation",
            "拒绝接受调查检查记录",
            ("拒绝的具体情况",),
            REGULATION.cite(
                9, "调查检查制作询问笔录、检查笔录、抽样和先行登记保存文书等；拒绝调查的予以记录"
            ),
            condition="当事人或者有关人员拒绝接受调查和行政检查",
        ),
        _r(
            Step.RIGHTS_NOTICE,
            "statement_record",
            "陈述申辩笔录及复核意见书",
            ("告知方式", "口头陈述申辩或放弃情况", "书面材料", "复核和采纳与否"),
            REGULATION.cite(10, "告知陈述申辩权应当记录；陈述申辩制作笔录；复核和采纳与否制作复核意见书"),
        ),
        _r(
            Step.HEARING,
            "hearing_process",
            "听证告知、申请和组织记录",
            ("听证告知", "听证申请或放弃", "听证通知书", "听证笔录"),
            REGULATION.cite(11, "听证的告知、申请和组织情况予以记录，放弃听证的予以记录"),
        ),
        _r(
            Step.DECISION,
            "decision_approval",
            "执法决定审批记录",
            ("负责人审批意见", "集体讨论记录（经集体讨论的）", "法制审核意见（经法制审核的）"),
            REGULATION.cite(12, "决定书由负责人签署审批意见；集体讨论、法制审核情况予以记录"),
        ),
        _r(
            Step.SIMPLE_PROCEDURE,
            "simple_procedure_filing",
            "简易程序备案",
            ("备案情况",),
            REGULATION.cite(12, "适用简易程序作出的决定，执法人员应当报本机关备案", paragraph=2),
        ),
        _r(
            Step.ENFORCEMENT,
            "enforcement_documents",
            "催告书、强制执行决定书或强制执行申请书",
            ("催告书", "强制执行决定书或申请书"),
            REGULATION.cite(14, "逾期不履行的制作催告书；强制执行制作强制执行决定书或者申请书"),
        ),
    ],
)
