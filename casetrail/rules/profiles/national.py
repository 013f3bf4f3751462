"""The national profile: defaults every seed profile inherits (行政处罚法, 行政强制法, 民事诉讼法 …).

National law requires a full-process record (处罚法 Art. 47) but leaves its form to the agency:
it mandates AV recording for no act (lodging service may use photo/video instead of a witness,
民诉法 Art. 89), and sets no storage or archive deadline and no rule on who reads the record.
Those settings are "not required"/None here, with a note saying so.
"""

from __future__ import annotations

from casetrail.rules import national_citations as law
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.profile_model import (
    ArchiveRule,
    AvProcedure,
    ElectronicRecordRule,
    EmergencyStartRule,
    Profile,
    RecordAccessRule,
)
from casetrail.rules.profiles._rulebook import RuleBook
from casetrail.rules.steps import ProcedureStep as Step

_SILENT = "国家法律未作规定，按本机关制度执行"
_book = RuleBook()
_r = _book.record

_AV = [
    *_book.av(
        [act for act in Act if act is not Act.LODGING_SERVICE],
        "not_required",
        law.PENALTY_47,
        note="处罚法要求以文字、音像等形式全过程记录，未规定必须音像记录的行为",
    ),
    *_book.av(
        [Act.LODGING_SERVICE],
        "situational",
        law.CIVIL_PROCEDURE_89,
        note="邀请见证人到场，或者采用拍照、录像等方式记录送达过程",
    ),
]

_RECORDS = [
    _r(
        Step.START_EX_OFFICIO,
        "case_filing",
        "立案记录",
        ("案件来源", "当事人", "立案时间", "批准人"),
        law.PENALTY_54,
    ),
    _r(
        Step.INVESTIGATION,
        "officers",
        "执法人员记录",
        ("执法人员人数（不少于两人）", "执法人员姓名"),
        law.PENALTY_42,
    ),
    _r(
        Step.INVESTIGATION,
        "certificate_shown",
        "出示执法证件记录",
        ("执法证件编号", "出示情况"),
        law.PENALTY_55,
    ),
    _r(
        Step.INVESTIGATION,
        "evidence_preservation_notice",
        "先行登记保存证据通知书及物品清单",
        ("证据物品清单", "负责人批准", "保存期间", "七日内处理决定"),
        law.PENALTY_56,
        condition="证据可能灭失或者以后难以取得",
    ),
    _r(
        Step.COERCIVE_MEASURE,
        "coercive_measure_decision",
        "行政强制措施决定书及查封扣押清单",
        ("当事人", "理由和依据", "财物名称数量", "期限", "申请复议或提起诉讼的途径和期限", "机关印章和日期"),
        law.COERCION_24,
    ),
    _r(
        Step.COERCIVE_MEASURE,
        "coercive_measure_scene_record",
        "现场笔录",
        (
            "负责人批准",
            "执法人员及证件",
            "通知当事人到场",
            "告知理由依据和权利",
            "陈述申辩",
            "当事人签名或拒签注明",
            "见证人签名",
        ),
        law.COERCION_18,
    ),
    _r(
        Step.COERCIVE_MEASURE,
        "emergency_measure_report",
        "紧急实施强制措施报告及补办批准",
        ("实施时间", "报告时间（二十四小时内）", "负责人意见", "不予批准时的解除情况"),
        law.COERCION_19,
        condition="情况紧急当场实施",
    ),
    _r(
        Step.RIGHTS_NOTICE,
        "penalty_pre_notice",
        "行政处罚事先告知书",
        ("拟处罚内容", "事实", "理由", "依据", "陈述、申辩、要求听证的权利"),
        law.PENALTY_44,
    ),
    _r(
        Step.RIGHTS_NOTICE,
        "statement_and_review",
        "陈述申辩记录及复核意见",
        ("陈述申辩内容或放弃情况", "复核意见", "是否采纳及理由"),
        law.PENALTY_45,
    ),
    _r(Step.HEARING, "hearing_request", "听证申请", ("申请人", "提出日期（告知后五日内）"), law.PENALTY_64_1),
    _r(
        Step.HEARING,
        "hearing_notice",
        "听证通知书",
        ("听证时间", "听证地点", "通知日期（听证七日前）"),
        law.PENALTY_64_2,
    ),
    _r(
        Step.HEARING,
        "hearing_record",
        "听证笔录",
        ("主持人", "参加人", "时间", "地点", "调查事实证据", "陈述申辩质证", "当事人签字"),
        law.PENALTY_64,
    ),
    _r(
        Step.DECISION,
        "legal_review",
        "法制审核意见",
        ("审核人员", "审核意见"),
        law.PENALTY_58,
        condition="重大公共利益、经听证、疑难复杂或法律规定的情形",
    ),
    _r(
        Step.DECISION,
        "collective_discussion",
        "集体讨论记录",
        ("参加人员", "讨论意见", "决定"),
        law.PENALTY_57,
        condition="情节复杂或者重大违法行为",
    ),
    _r(
        Step.DECISION,
        "penalty_decision",
        "行政处罚决定书",
        (
            "当事人",
            "违法事实和证据",
            "处罚种类和依据",
            "履行方式和期限",
            "复议诉讼途径和期限",
            "机关名称、日期、印章",
        ),
        law.PENALTY_59,
    ),
    _r(
        Step.SIMPLE_PROCEDURE,
        "on_the_spot_decision",
        "当场处罚决定书（预定格式、编号）",
        ("决定书编号", "违法行为", "处罚依据", "罚款数额", "时间地点", "执法人员签名", "备案情况"),
        law.PENALTY_52,
    ),
    _r(
        Step.SERVICE_DIRECT,
        "service_receipt",
        "送达回证",
        ("收到日期", "受送达人签名或盖章"),
        law.CIVIL_PROCEDURE_87,
    ),
    _r(
        Step.SERVICE_DIRECT,
        "direct_service",
        "直接送达记录",
        ("受送达人或代收人", "签收人与受送达人关系"),
        law.CIVIL_PROCEDURE_88,
    ),
    _r(Step.SERVICE_MAIL, "mail_service", "邮寄送达回执", ("回执上注明的收件日期",), law.CIVIL_PROCEDURE_91),
    _r(
        Step.SERVICE_LODGING,
        "lodging_service",
        "留置送达记录",
        ("拒收事由", "日期", "送达人", "见证人或拍照录像记录", "留置住所"),
        law.CIVIL_PROCEDURE_89,
    ),
    _r(
        Step.SERVICE_ELECTRONIC,
        "electronic_service_consent",
        "电子送达确认书",
        ("当事人同意", "送达地址（传真、电子邮件等）", "签订日期"),
        law.PENALTY_61_2,
    ),
    _r(
        Step.SERVICE_ELECTRONIC,
        "electronic_service",
        "电子送达记录",
        ("送达方式", "到达受送达人系统的日期"),
        law.CIVIL_PROCEDURE_90,
    ),
    _r(
        Step.SERVICE_ENTRUSTED,
        "forwarded_service",
        "转交送达记录",
        ("转交机关", "签收日期"),
        law.CIVIL_PROCEDURE_94,
        condition="受送达人是军人、被监禁或者被采取强制性教育措施",
    ),
    _r(
        Step.SERVICE_PUBLIC_NOTICE,
        "public_notice_service",
        "公告送达记录",
        ("其他方式无法送达的原因", "公告方式和载体", "公告日期", "视为送达日期（三十日后）", "原因和经过"),
        law.CIVIL_PROCEDURE_95,
    ),
    _r(
        Step.ENFORCEMENT,
        "reminder_notice",
        "催告书",
        ("履行义务的期限", "履行方式", "涉及金钱给付的金额和给付方式", "依法享有的陈述权和申辩权"),
        law.COERCION_35,
    ),
    _r(
        Step.ENFORCEMENT,
        "reminder_statement",
        "催告后陈述申辩记录及复核",
        ("陈述申辩的事实、理由和证据", "复核意见", "是否采纳"),
        law.COERCION_36,
    ),
    _r(
        Step.ENFORCEMENT,
        "enforcement_decision",
        "行政强制执行决定书",
        ("当事人", "强制执行的理由和依据", "强制执行的方式和时间", "救济途径和期限"),
        law.COERCION_37,
    ),
    _r(
        Step.COURT_ENFORCEMENT,
        "court_enforcement_application",
        "强制执行申请书及材料",
        ("申请书", "行政决定书及作出决定的事实、理由和依据", "陈述申辩意见", "催告情况", "申请执行标的情况"),
        law.COERCION_55,
    ),
    _r(Step.ARCHIVE, "case_file", "案卷", ("文字记录", "音像记录"), law.PENALTY_47),
]

# 证据规定 Art. 12: what must be noted about an AV recording offered as evidence; the local rules
# that repeat it (泰安 Art. 18, 新乡 Art. 27) use the same words.
AV_EVIDENCE_FIELDS = ("制作方法", "制作时间", "制作人", "证明对象")

NATIONAL = Profile(
    id="national",
    version="1",
    name="国家法律默认规则",
    regulation_title="行政处罚法（2021）、行政强制法、民事诉讼法（2023）、行政复议法（2023）、行政诉讼法",
    scope="全国，所有地方配置的默认规则",
    valid_from=law.CIVIL_PROCEDURE_LAW.valid_from,
    based_on=None,
    av_requirements=tuple(_AV),
    av_storage=None,
    av_procedure=AvProcedure(),
    electronic_records=(
        _book.rule(
            ElectronicRecordRule,
            law.EVIDENCE_RULES_12,
            fields=AV_EVIDENCE_FIELDS,
            audio_transcript=True,
            note="视听资料作为证据提交法院时的要求",
        ),
    ),
    archive=_book.rule(ArchiveRule, law.PENALTY_47, period=None, note=_SILENT),
    emergency_start=_book.rule(
        EmergencyStartRule,
        law.PENALTY_54,
        allowed=False,
        note="国家法律未规定先行启动后补办立案手续；紧急当场实施强制措施适用行政强制法第十九条",
    ),
    record_access=_book.rule(RecordAccessRule, None, party_access="not_set", note=_SILENT),
    checklist=None,
    record_requirements=tuple(_RECORDS),
)
