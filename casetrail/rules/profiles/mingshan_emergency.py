"""明山区应急管理局行政执法全过程记录制度 (one work-safety agency).

The text says only 自印发之日起实施 and carries no date, so ``valid_from`` is None.
"""

from __future__ import annotations

from casetrail.rules.acts import COERCIVE_MEASURES
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.hearing_thresholds import FieldOfLaw
from casetrail.rules.periods import calendar_days, hours
from casetrail.rules.profile_model import (
    ArchiveRule,
    AvStorageRule,
    EmergencyStartRule,
    RecordAccessRule,
)
from casetrail.rules.profiles._rulebook import RuleBook
from casetrail.rules.profiles.national import NATIONAL
from casetrail.rules.regulation import Regulation
from casetrail.rules.steps import ProcedureStep as Step

REGULATION = Regulation(title="明山区应急管理局行政执法全过程记录制度", valid_from=None)
_book = RuleBook(REGULATION)
_r = _book.record
_cite = REGULATION.cite

ART_8 = _cite(8, "一般程序填写《立案审批表》报主管领导批准；情况紧急可先启动，启动后24小时内补报")
ART_9 = _cite(9, "投诉举报填写《值班记录》；不启动执法程序的告知投诉人、举报人并书面记录存档")
ART_13 = _cite(13, "现场检查（勘验）、抽样调查和听证应当同时音像记录；其他调查取证方式可根据需要音像记录")
ART_15 = _cite(15, "查封、扣押、断电等强制措施制作决定书、清单、现场笔录、陈述申辩记录，同时音像记录")
ART_22 = _cite(22, "简易程序记录事实和法律依据、程序、陈述申辩及复核、备案、当场收缴；易引起争议的音像记录")
ART_22_2 = _cite(22, "对容易引起行政争议的简易程序执法行为，应采用适当方式进行音像记录", paragraph=2)
ART_25 = _cite(25, "留置送达记明拒收事由和日期，送达人、见证人签名，并采用音像记录等方式记录送达过程")
ART_27 = _cite(27, "公告送达记录其他方式无法送达的情况、方式和载体，留存书面公告，以适当方式音像记录")
ART_28 = _cite(28, "记录履行情况；责令改正的按期核查改正情况并文字记录，对涉及的安全设备设施音像记录")
ART_30 = _cite(30, "强制执行制作相应文书；排除妨碍、恢复原状的同时进行音像记录")
ART_32 = _cite(32, "行为终结之日起30日内形成案卷归档；音像记录24小时内存储至执法信息系统或专用存储器")
ART_34 = _cite(34, "当事人申请复制执法全过程记录信息的，经本机关负责人同意可复制使用")

_AV = [
    *_book.av(
        [Act.INSPECTION, Act.RANDOM_CHECK, Act.SAMPLING, Act.HEARING],
        "mandatory",
        ART_13,
        note="不适宜音像记录的除外",
    ),
    *_book.av(
        [Act.INQUIRY, Act.EVIDENCE_COLLECTION, Act.EVIDENCE_PRESERVATION, Act.SEARCH], "situational", ART_13
    ),
    *_book.av(COERCIVE_MEASURES, "mandatory", ART_15),
    *_book.av([Act.SIMPLE_PROCEDURE], "situational", ART_22, note="容易引起行政争议的简易程序应当音像记录"),
    *_book.av([Act.LODGING_SERVICE], "mandatory", ART_25),
    *_book.av([Act.PUBLIC_NOTICE_SERVICE], "mandatory", ART_27),
    *_book.av([Act.CORRECTION_CHECK], "mandatory", ART_28, note="对涉及的安全设备设施进行音像记录"),
    *_book.av([Act.REMOVE_OBSTRUCTION], "mandatory", ART_30),
]

_RECORDS = [
    _r(
        Step.START_BY_APPLICATION,
        "application_handling",
        "申请受理记录",
        ("申请登记或口头申请", "受理或不予受理", "当场更正", "书面凭证或回执", "一次性告知需补正的全部内容"),
        _cite(7, "对申请登记、口头申请、受理或不予受理、当场更正、出具凭证以及一次性告知补正内容予以记录"),
    ),
    _r(
        Step.START_EX_OFFICIO,
        "filing_approval",
        "立案审批表",
        ("立案原因", "当事人基本情况", "承办人意见", "承办机构意见", "行政机关负责人意见"),
        ART_8,
    ),
    _r(
        Step.START_EX_OFFICIO,
        "filing_legal_review",
        "法制机构合法性审查意见",
        ("审查意见",),
        _cite(8, "重大行政执法行为的立案审批表还应载明法制机构合法性审查意见", paragraph=2),
        condition="重大行政执法行为",
    ),
    _r(
        Step.START_BY_COMPLAINT,
        "duty_log",
        "值班记录",
        ("投诉举报人", "投诉举报内容", "值班人员", "值班领导意见", "处理情况"),
        ART_9,
    ),
    _r(
        Step.NOT_OPENED,
        "complainant_informed",
        "告知投诉人、举报人记录",
        ("告知方式", "告知时间", "告知内容"),
        ART_9,
    ),
    _r(
        Step.INVESTIGATION,
        "officers_shown",
        "执法人员及出示证件记录",
        ("执法人员数量", "姓名", "执法证件编号", "出示情况", "当事人或在场人员签字或盖章"),
        _cite(10, "在调查笔录中记录执法人员数量、姓名、证件编号及出示情况，由当事人签字或盖章"),
    ),
    _r(
        Step.RIGHTS_NOTICE,
        "rights_notice_method",
        "权利告知方式记录",
        ("告知陈述、申辩、申请回避、听证等权利的方式",),
        _cite(11, "对告知陈述、申辩、申请回避、听证等权利的方式进行记录"),
    ),
    _r(
        Step.INVESTIGATION,
        "investigation_documents",
        "调查取证文书",
        (
            "询问笔录",
            "调取证据通知书及清单",
            "现场检查（勘验）笔录",
            "抽样取证通知书及物品清单",
            "鉴定意见书",
            "签字或盖章",
            "拒绝调查的记录",
        ),
        _cite(
            12, "询问、调取证据、检查、抽样、陈述申辩、听证、鉴定制作相应文书并签字盖章；拒绝调查的予以记录"
        ),
    ),
    _r(
        Step.INVESTIGATION,
        "evidence_preservation",
        "证据保全记录",
        ("启动理由", "具体标的", "保全形式"),
        _cite(14, "证据保全记录启动理由、具体标的和形式"),
        condition="证据可能灭失或以后难以取得",
    ),
    _r(
        Step.COERCIVE_MEASURE,
        "coercive_measure_documents",
        "行政强制措施文书",
        ("行政强制决定书", "查封扣押清单", "现场笔录", "陈述申辩记录", "音像记录"),
        ART_15,
    ),
    _r(
        Step.DECISION,
        "decision_draft",
        "决定草拟记录",
        ("起草人", "起草机构审查人", "法律依据", "证据材料", "应考虑的有关因素"),
        _cite(16, "草拟决定应载明起草人、起草机构审查人、法律依据、证据材料、应考虑的有关因素"),
    ),
    _r(
        Step.DECISION,
        "legal_review_record",
        "法制机构审查记录",
        ("审查人员", "审查意见和建议"),
        _cite(17, "法制机构审查记录应载明审查人员、审查意见和建议"),
    ),
    _r(
        Step.DECISION,
        "expert_opinion",
        "专家论证会议纪要或专家意见书",
        ("专家", "论证意见"),
        _cite(18, "组织专家论证的应制作会议纪要或专家意见书"),
        condition="组织专家论证",
    ),
    _r(
        Step.DECISION,
        "collective_discussion_minutes",
        "集体讨论记录或会议纪要",
        ("参加人员", "讨论意见", "结论"),
        _cite(19, "集体讨论应制作集体讨论记录或会议纪要"),
        condition="集体讨论",
    ),
    _r(
        Step.DECISION,
        "leader_approval",
        "负责人审批记录",
        ("负责人签署意见", "负责人签名"),
        _cite(20, "负责人审批记录包括负责人签署意见、负责人签名"),
    ),
    _r(
        Step.SIMPLE_PROCEDURE,
        "simple_procedure_record",
        "简易程序记录",
        (
            "事实依据和法律依据",
            "程序步骤及法定文书",
            "陈述申辩",
            "复核及是否采纳的理由",
            "备案内容",
            "当场收缴罚款过程",
        ),
        ART_22,
    ),
    _r(
        Step.SERVICE_DIRECT,
        "service_receipt_signed",
        "送达回执",
        ("送达人签名或盖章", "受送达人或签收人签名或盖章", "送达日期"),
        _cite(23, "直接送达由送达人、受送达人或签收人在送达回执上签名或盖章，并载明送达日期"),
    ),
    _r(
        Step.SERVICE_MAIL,
        "mail_service_proof",
        "邮寄送达凭证",
        ("挂号信或特快专递", "邮寄登记", "付邮凭证", "回执"),
        _cite(24, "邮寄送达用挂号信或特快专递，留存登记、付邮凭证和回执"),
    ),
    _r(
        Step.SERVICE_LODGING,
        "lodging_service_record",
        "留置送达记录",
        ("拒收事由", "日期", "送达人签名", "见证人签名", "留置住所", "音像记录"),
        ART_25,
    ),
    _r(
        Step.SERVICE_ENTRUSTED,
        "entrusted_service_record",
        "委托、转交送达记录",
        ("委托或转交原因", "送达人签名", "受送达人签名"),
        _cite(26, "委托、转交送达应记录原因，由送达人、受送达人在送达回执上签名或盖章"),
    ),
    _r(
        Step.SERVICE_PUBLIC_NOTICE,
        "public_notice_record",
        "公告送达记录",
        ("其他方式无法送达的情况", "公告方式和载体", "书面公告", "音像记录", "原因和经过"),
        ART_27,
    ),
    _r(Step.EXECUTION, "performance", "履行情况记录", ("履行情况",), ART_28),
    _r(
        Step.EXECUTION,
        "correction_check",
        "改正情况核查记录",
        ("核查时间", "改正情况", "安全设备设施音像记录"),
        ART_28,
        condition="依法责令改正",
    ),
    _r(
        Step.ENFORCEMENT,
        "reminder_and_statement",
        "催告书及陈述申辩复核",
        ("催告书", "送达情况", "陈述申辩的事实、理由和证据", "复核及处理意见"),
        _cite(29, "强制执行前制作催告书送达当事人；记录陈述申辩及复核处理意见"),
    ),
    _r(
        Step.ENFORCEMENT,
        "enforcement_mode",
        "强制执行文书",
        (
            "执行方式（加处罚款或滞纳金、划拨、拍卖、排除妨碍恢复原状、代履行等）",
            "执行文书",
            "排除妨碍恢复原状的音像记录",
        ),
        ART_30,
    ),
    _r(
        Step.COURT_ENFORCEMENT,
        "court_enforcement_record",
        "申请法院强制执行记录",
        ("申请文书", "强制执行结果"),
        _cite(31, "申请法院强制执行的，对相关文书、执行结果等全过程进行记录"),
    ),
    _r(
        Step.INTERNAL_APPROVAL,
        "internal_approval",
        "内部审批记录",
        ("承办人及其意见和理由", "审核人及审核意见", "批准人及批准意见"),
        _cite(38, "全程记录内部审批流程，明确承办人、审核人、批准人"),
    ),
]

SECRETS = REGULATION.cite(
    35, "涉及国家秘密、商业秘密和个人隐私的执法记录信息，按照保密工作的有关规定和权限管理"
)

MINGSHAN_EMERGENCY = _book.profile(
    NATIONAL,
    version="1",
    id="mingshan-emergency",
    name="明山区应急管理局",
    scope="明山区应急管理局（安全生产行政执法）",
    # 安全生产: the hearing amount is the province's where it has one, else 安全生产违法行为行政处罚办法
    # Art. 33. The regulation names no province, so the national work-safety amounts apply.
    field_of_law=FieldOfLaw.WORK_SAFETY,
    av_overrides=_AV,
    dispute_prone_acts=_book.av([Act.SIMPLE_PROCEDURE], "mandatory", ART_22_2),
    av_storage=_book.rule(AvStorageRule, ART_32, period=hours(24, ART_32)),
    archive=_book.rule(
        ArchiveRule,
        ART_32,
        period=calendar_days(30, ART_32),
        counted_from="行政执法行为终结之日",
        note="法律、法规、规章有具体要求的，从其规定",
    ),
    emergency_start=_book.rule(
        EmergencyStartRule, ART_8, allowed=True, backfill=hours(24, ART_8), form="立案审批表"
    ),
    record_access=_book.rule(
        RecordAccessRule,
        ART_34,
        secrets=SECRETS,
        party_access="leader_approval",
        note="复制须经本机关负责人同意，依法保密的除外",
    ),
    extra_records=_RECORDS,
)
