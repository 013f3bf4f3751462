"""广东省行政执法全过程记录办法（试行）, in force 2018-02-01 (province)."""

from __future__ import annotations

from datetime import date

from casetrail.rules.acts import COERCIVE_EXECUTION_MODES, COERCIVE_MEASURES
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.periods import hours
from casetrail.rules.profile_model import (
    ArchiveRule,
    AvProcedure,
    AvStorageRule,
    ChecklistRule,
    CoverageRule,
    ElectronicRecordRule,
    ProcedureObligation,
    RecordAccessRule,
)
from casetrail.rules.profiles._rulebook import RuleBook
from casetrail.rules.profiles.national import NATIONAL
from casetrail.rules.regulation import Regulation
from casetrail.rules.steps import ProcedureStep as Step

REGULATION = Regulation(title="广东省行政执法全过程记录办法（试行）", valid_from=date(2018, 2, 1))
_book = RuleBook(REGULATION)
_r = _book.record
_cite = REGULATION.cite

ART_15 = _cite(15, "行政执法案件的结案归档情况应当记录")
ART_16 = _cite(16, "现场检查、随机抽查、调查取证、证据保全、听证、行政强制、送达等应当音像记录")
ART_16_UNINTERRUPTED = _cite(
    16, "直接涉及人身自由、生命健康、重大财产权益的现场执法活动，应当全过程无间断音像记录"
)
ART_16_CHECKLIST = _cite(
    16, "编制行政执法全过程记录清单，明确音像记录现场执法活动的范围，并向社会公开", paragraph=2
)
ART_17 = _cite(17, "音像记录重点摄录现场环境、有关人员、涉案物品和证据、采取措施、制作送达法律文书的情况")
ART_18 = _cite(18, "对时间、地点、执法人员、执法行为和摄录重点进行语音说明，并告知正在进行音像记录")
ART_19 = _cite(19, "全程无间断记录的，音像记录自到达执法现场开展执法活动时开始，至离开执法现场时结束")
ART_20 = _cite(20, "客观原因中止记录的重新开始时语音说明原因；无法继续的立即报告负责人并事后书面说明")
ART_23 = _cite(23, "音像记录24小时内储存；连续、异地、水上、边远或交通不便地区执法的返回单位后24小时内储存")
ART_24 = _cite(24, "音像记录作为证据的制作文字说明，注明取证人员、时间、地点，复制到光盘附卷归档，长期保存")
ART_25_2 = _cite(
    25,
    "上级行政执法主体及监察、法制、信访等部门因工作需要可以调取音像记录；除涉及国家秘密等法定事由外不得拒绝",
    paragraph=2,
)
ART_26_1 = _cite(
    26, "不得剪接、删改原始音像记录，未经批准不得擅自对外提供或者通过互联网等传播渠道发布", paragraph=1
)

_WHEN_LIBERTY = "直接涉及人身自由、生命健康、重大财产权益的，全程无间断记录（第十六条、第十九条）"

SECRETS = REGULATION.cite(
    26, "音像记录涉及国家秘密、商业秘密、个人隐私的，依照有关保密法律、法规规定处理", paragraph=3
)

GUANGDONG_2018 = _book.profile(
    NATIONAL,
    version="1",
    id="guangdong-2018",
    name="广东省",
    scope="广东省各级人民政府、行政执法部门和法律法规授权的组织",
    province="广东省",
    av_overrides=[
        *_book.av(
            [
                Act.INSPECTION,
                Act.RANDOM_CHECK,
                Act.SEARCH,
                Act.INQUIRY,
                Act.EVIDENCE_COLLECTION,
                Act.SAMPLING,
                Act.EVIDENCE_PRESERVATION,
                Act.HEARING,
                *[act for act in COERCIVE_MEASURES if act is not Act.RESTRICT_LIBERTY],
                *COERCIVE_EXECUTION_MODES,
                Act.DIRECT_SERVICE,
                Act.LODGING_SERVICE,
                Act.PUBLIC_NOTICE_SERVICE,
                Act.DISPUTE_PRONE,
            ],
            "mandatory",
            ART_16,
            uninterrupted_when=_WHEN_LIBERTY,
        ),
        *_book.av(
            [Act.RESTRICT_LIBERTY, Act.LIBERTY_LIFE_PROPERTY],
            "mandatory",
            ART_16_UNINTERRUPTED,
            uninterrupted=True,
            note="自到达执法现场开展执法活动时开始，至离开执法现场时结束（第十九条）",
        ),
    ],
    av_storage=_book.rule(
        AvStorageRule,
        ART_23,
        period=hours(24, ART_23),
        after_return=hours(24, ART_23),
        after_return_when=("连续工作", "异地执法", "在水上、边远、交通不便地区执法"),
        note="确实无法及时储存的，返回单位后起算；不得自行保管",
    ),
    av_procedure=AvProcedure(
        coverage=_book.rule(CoverageRule, ART_19, breaks_refused=True),
        spoken_opening=_book.rule(
            ProcedureObligation,
            ART_18,
            text="音像记录过程中进行语音说明，并告知当事人及其他现场有关人员正在进行音像记录",
            items=("时间", "地点", "执法人员", "执法行为", "音像记录的摄录重点"),
        ),
        interruption=_book.rule(
            ProcedureObligation,
            ART_20,
            text="因设备故障、电量或存储不足、天气恶劣、现场阻挠等客观原因中止记录",
            items=(
                "重新开始记录时语音说明中止原因",
                "确实无法继续记录的，立即向负责人报告",
                "事后书面说明情况",
            ),
        ),
        content_points=_book.rule(
            ProcedureObligation,
            ART_17,
            text="音像记录应当重点摄录下列内容",
            items=(
                "执法现场环境",
                "当事人、证人、第三人等现场有关人员的体貌特征和言行举止",
                "重要涉案物品及其主要特征，以及其他证明违法行为的证据",
                "执法人员对有关人员、财物采取措施的情况",
                "执法人员现场制作、送达法律文书的情况",
            ),
        ),
    ),
    extra_electronic_records=[
        _book.rule(
            ElectronicRecordRule,
            ART_24,
            fields=("取证人员", "取证时间", "取证地点"),
            copy_to_disc_long_term=True,
            note="音像记录作为行政执法证据使用的；其他音像记录的保存期限由执法主体确定",
        )
    ],
    archive=_book.rule(ArchiveRule, ART_15, period=None, note="未规定归档期限：按本机关制度"),
    record_access=_book.rule(
        RecordAccessRule,
        # Art. 25 says nothing of the party: what binds a release to it is Art. 26(1), "not without approval".
        ART_26_1,
        secrets=SECRETS,
        party_access="not_set",
        supervisor_retrieval_guaranteed=True,
        retrieval=ART_25_2,
        retrieval_bodies=("上级行政执法主体", "监察部门", "法制部门", "信访部门"),
        note="当事人查阅未作规定；未经批准不得对外提供（第二十六条）；上级及监察、法制、信访等部门可调取（第二十五条）",
    ),
    checklist=_book.rule(ChecklistRule, ART_16_CHECKLIST, title="行政执法全过程记录清单", public=True),
    extra_records=[
        _r(
            Step.START_EX_OFFICIO,
            "case_source",
            "案件来源和立案记录",
            ("案件来源", "立案情况"),
            _cite(11, "依职权启动的记录案件来源和立案情况；依申请启动的记录申请、补正、受理情况"),
        ),
        _r(
            Step.START_BY_APPLICATION,
            "application_handling",
            "申请、补正、受理记录",
            ("申请", "补正", "受理"),
            _cite(11, "依申请启动执法程序的，申请、补正、受理的情况应当记录", paragraph=2),
        ),
        _r(
            Step.INVESTIGATION,
            "investigation_items",
            "调查取证记录",
            (
                "执法人员姓名",
                "执法证号",
                "出示证件情况",
                "询问情况",
                "现场检查（勘验）情况",
                "调取证据情况",
                "抽样取证情况",
                "检验检测鉴定情况",
                "证据保全情况",
                "专家评审情况",
            ),
            _cite(
                12,
                "调查取证环节记录执法人员及证件出示、询问、检查、取证、抽样、鉴定、保全、强制措施、权利告知、听证等",
            ),
        ),
        _r(
            Step.RIGHTS_NOTICE,
            "rights_and_hearing",
            "权利告知及行使记录",
            (
                "告知陈述、申辩、申请回避、申请听证等权利",
                "当事人陈述、申辩、申请回避、申请听证情况",
                "听证会情况",
            ),
            _cite(12, "告知当事人陈述、申辩、申请回避、申请听证等权利及行使情况", item=9),
        ),
        _r(
            Step.DECISION,
            "decision_review",
            "审查决定记录",
            (
                "承办人处理意见",
                "事实",
                "证据",
                "法律依据",
                "行政裁量权适用规则",
                "承办机构审核情况",
                "法制审核情况",
                "集体讨论情况",
                "审批决定意见",
            ),
            _cite(
                13,
                "审查决定环节记录承办人意见及事实、证据、依据、裁量规则，审核、法制审核、集体讨论和审批意见",
            ),
        ),
        _r(
            Step.EXECUTION,
            "service_and_execution",
            "送达执行记录",
            ("送达情况", "当事人履行情况", "行政强制执行情况"),
            _cite(14, "送达执行环节记录送达、履行和行政强制执行情况"),
        ),
        _r(Step.ARCHIVE, "case_closing", "结案归档记录", ("结案情况", "归档情况"), ART_15),
    ],
)
