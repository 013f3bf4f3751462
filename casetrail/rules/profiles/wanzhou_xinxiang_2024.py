"""重庆市万州区新乡镇行政执法全过程记录制度 (新乡府发〔2024〕52号), township.

In force 自公布之日起; the notice is dated 2024-10-15, taken as ``valid_from``.
"""

from __future__ import annotations

from datetime import date

from casetrail.rules.acts import COERCIVE_EXECUTION_MODES
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.periods import calendar_days, working_days
from casetrail.rules.profile_model import (
    ArchiveRule,
    AvProcedure,
    AvStorageRule,
    ElectronicRecordRule,
    ProcedureObligation,
    RecordAccessRule,
)
from casetrail.rules.profiles._rulebook import RuleBook
from casetrail.rules.profiles.national import AV_EVIDENCE_FIELDS, NATIONAL
from casetrail.rules.regulation import Regulation
from casetrail.rules.steps import ProcedureStep as Step

REGULATION = Regulation(title="重庆市万州区新乡镇行政执法全过程记录制度", valid_from=date(2024, 10, 15))
_book = RuleBook(REGULATION)
_r = _book.record
_cite = REGULATION.cite

ART_7 = _cite(
    7,
    "依职权启动记录启动原因、案件来源、当事人、案情、承办人、承办机构和负责人意见、时间；不启动的记录告知或公示",
)
ART_11 = _cite(11, "检查人身、场所、物品，询问，先行登记保存、查封、扣押，抽样取证的，应当音像记录")
ART_12 = _cite(12, "采用音像方式记录执法现场时重点记录现场环境、有关人员、涉案物品、采取措施和送达文书的情况")
ART_15 = _cite(15, "听证记录告知、申请、参加人员、时间、地点、内容；必要时音像辅助记录")
ART_20 = _cite(20, "留置送达记录事由、地点、时间、送达人、见证人，并采用音像方式记录留置送达过程")
ART_22 = _cite(22, "公告送达记录原因、载体并留存公告；张贴公告的应当音像记录送达过程")
ART_23 = _cite(23, "记录执行情况；责令改正的记录核查改正情况，必要时音像记录")
ART_24 = _cite(24, "强制执行记录催告、告知、陈述申辩及复核；强制执行情况应当音像记录")
ART_26 = _cite(26, "采用音像记录的，2个工作日内存储至执法信息系统或专用存储器，不得自行保管")
ART_27 = _cite(27, "电子记录同时记录制作方法、时间、制作人和证明对象；声音资料附文字记录")
ART_28 = _cite(28, "执行终结之日起30日内形成案卷归档；法律、法规、规章另有规定的依照其规定")
ART_29 = _cite(29, "当事人依法申请查阅执法记录的，经行政机关负责人同意后方可查阅")

SECRETS = REGULATION.cite(
    29, "涉及国家秘密、商业秘密和个人隐私以及其他依法应当保密的执法信息，应当依法进行管理", paragraph=2
)

WANZHOU_XINXIANG_2024 = _book.profile(
    NATIONAL,
    version="1",
    id="wanzhou-xinxiang-2024",
    name="重庆市万州区新乡镇",
    scope="新乡镇行政区域内的行政执法行为",
    province="重庆市",
    av_overrides=[
        *_book.av(
            [
                Act.SEARCH,
                Act.INSPECTION,
                Act.RANDOM_CHECK,
                Act.INQUIRY,
                Act.EVIDENCE_PRESERVATION,
                Act.SEAL_SEIZE,
                Act.SAMPLING,
            ],
            "mandatory",
            ART_11,
            note="现场检查、随机抽查按“检查当事人的场所、物品”适用",
        ),
        *_book.av([Act.HEARING], "situational", ART_15),
        *_book.av([Act.LODGING_SERVICE], "mandatory", ART_20),
        *_book.av([Act.PUBLIC_NOTICE_SERVICE], "mandatory", ART_22, note="张贴公告方式送达的"),
        *_book.av([Act.CORRECTION_CHECK], "situational", ART_23),
        *_book.av(COERCIVE_EXECUTION_MODES, "mandatory", ART_24),
    ],
    av_storage=_book.rule(AvStorageRule, ART_26, period=working_days(2, ART_26)),
    av_procedure=AvProcedure(
        content_points=_book.rule(
            ProcedureObligation,
            ART_12,
            text="采用音像方式对执法现场进行记录时，应当重点记录下列内容",
            items=(
                "执法现场的环境",
                "当事人、证人、第三人等现场有关人员的体貌特征和言行举止",
                "重要涉案物品等相关证据及其主要特征",
                "行政执法人员对有关人员、财物采取措施的情况",
                "行政执法人员现场送达执法文书的情况",
            ),
        )
    ),
    extra_electronic_records=[
        _book.rule(
            ElectronicRecordRule,
            ART_27,
            fields=AV_EVIDENCE_FIELDS,
            audio_transcript=True,
        )
    ],
    archive=_book.rule(
        ArchiveRule,
        ART_28,
        period=calendar_days(30, ART_28),
        counted_from="行政执法行为执行终结之日",
        note="法律、法规和规章对归档期限有特殊规定的，依照其规定",
    ),
    record_access=_book.rule(RecordAccessRule, ART_29, secrets=SECRETS, party_access="leader_approval"),
    extra_records=[
        _r(
            Step.START_BY_APPLICATION,
            "application_handling",
            "申请受理记录",
            ("书面申请或口头申请", "受理或者不予受理", "当场更正", "补正更正材料"),
            _cite(6, "依申请启动的，对申请、受理或不予受理、当场更正、补正等予以书面记录"),
        ),
        _r(
            Step.START_EX_OFFICIO,
            "ex_officio_start",
            "依职权启动记录",
            (
                "启动原因",
                "案件来源",
                "当事人基本情况",
                "基本案情",
                "承办人意见",
                "承办机构意见",
                "行政机关负责人意见",
                "时间",
            ),
            ART_7,
        ),
        _r(
            Step.NOT_OPENED,
            "not_opened_notice",
            "不启动告知或公示记录",
            ("告知当事人或向社会公示的情况",),
            _cite(7, "依法不启动执法程序的，对告知当事人或者向社会公示等情况予以书面记录", paragraph=2),
        ),
        _r(
            Step.START_BY_COMPLAINT,
            "complaint_record",
            "投诉举报记录",
            ("投诉举报人基本情况", "投诉举报内容", "记录人", "处理情况"),
            _cite(8, "书面记录投诉、举报人基本情况、内容、记录人、处理情况；实名投诉不启动的记录告知情况"),
        ),
        _r(
            Step.NOT_OPENED,
            "complainant_informed",
            "告知实名投诉人、举报人记录",
            ("告知情况",),
            _cite(
                8,
                "对实名投诉、举报经审查不启动执法程序的，对告知投诉人、举报人的情况予以书面记录",
                paragraph=2,
            ),
            condition="实名投诉、举报",
        ),
        _r(
            Step.INVESTIGATION,
            "investigation_items",
            "调查取证记录",
            (
                "询问当事人",
                "询问证人",
                "调取书证物证",
                "现场检查（勘验）",
                "抽样取证",
                "先行登记保存证据",
                "委托检验检测鉴定和专家评审",
            ),
            _cite(9, "调查取证过程书面记录询问、调取证据、检查、抽样、先行登记保存、委托鉴定等情况"),
        ),
        _r(
            Step.COERCIVE_MEASURE,
            "coercive_measure_documents",
            "行政强制措施法定文书",
            ("法定行政执法文书",),
            _cite(10, "限制人身自由、查封、扣押、冻结等强制措施应当制作法定文书予以书面记录"),
        ),
        _r(
            Step.DECISION,
            "pre_decision_review",
            "审理、审核、批准记录",
            ("审理情况", "审核情况", "批准情况"),
            _cite(13, "作出决定前对案件审理、审核及批准情况进行书面记录"),
        ),
        _r(
            Step.RIGHTS_NOTICE,
            "rights_notice_content",
            "告知文书及陈述申辩记录",
            ("事实", "证据", "依据", "告知内容", "陈述申辩或放弃情况", "采纳情况"),
            _cite(
                14, "告知文书载明事实、证据、依据、内容；放弃陈述申辩的书面记录；记录陈述申辩内容及采纳情况"
            ),
        ),
        _r(
            Step.HEARING,
            "hearing_details",
            "听证记录",
            ("告知和申请情况", "参加人员", "时间", "地点", "具体内容"),
            ART_15,
        ),
        _r(
            Step.DECISION,
            "decision_signoff",
            "决定签发记录",
            (
                "主要负责人签署意见",
                "签发时间",
                "法制审核意见和审查人（需审核的）",
                "专家论证情况（需论证的）",
                "集体讨论情况（经讨论的）",
            ),
            _cite(16, "记录主要负责人签署意见和签发时间；法制审核、专家论证、集体讨论情况"),
        ),
        _r(
            Step.SERVICE_DIRECT,
            "direct_service_details",
            "直接送达记录",
            ("送达文书名称", "送达时间", "送达地点", "行政机关印章", "送达人", "受送达人或签收人"),
            _cite(18, "直接送达记录文书名称、时间和地点、机关印章及送达人、受送达人或签收人"),
        ),
        _r(
            Step.SERVICE_MAIL,
            "mail_service_details",
            "邮寄送达记录",
            ("挂号信或快递", "邮寄登记", "付邮凭证", "回执", "载明文书名称及文号的邮寄清单"),
            _cite(19, "邮寄送达采用挂号信或快递，留存登记、付邮凭证和回执及载明文书名称、文号的邮寄清单"),
        ),
        _r(
            Step.SERVICE_LODGING,
            "lodging_service_details",
            "留置送达记录",
            ("留置事由", "留置地点", "留置时间", "送达人", "见证人", "送达文书内容", "在场人员", "音像记录"),
            ART_20,
        ),
        _r(
            Step.SERVICE_ENTRUSTED,
            "entrusted_service_details",
            "委托、转交送达记录",
            ("委托或转交原因", "送达人", "签收人"),
            _cite(21, "委托、转交送达记录原因及送达人、签收人情况"),
        ),
        _r(
            Step.SERVICE_PUBLIC_NOTICE,
            "public_notice_details",
            "公告送达记录",
            ("采取公告送达的原因", "公告载体", "书面公告", "张贴公告的音像记录"),
            ART_22,
        ),
        _r(
            Step.EXECUTION,
            "execution_and_correction",
            "执行及改正核查记录",
            ("执行情况", "违法行为改正情况", "实地核查情况"),
            ART_23,
        ),
        _r(
            Step.ENFORCEMENT,
            "enforcement_record",
            "强制执行记录",
            ("催告情况", "告知情况", "陈述申辩的事实、理由和证据", "复核情况和处理意见", "强制执行音像记录"),
            ART_24,
        ),
        _r(
            Step.COURT_ENFORCEMENT,
            "court_enforcement_record",
            "申请法院强制执行记录",
            ("申请情况", "强制执行结果"),
            _cite(25, "申请法院强制执行的，对申请情况、执行结果进行书面记录"),
        ),
    ],
)
