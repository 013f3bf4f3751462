"""山西省行政执法全过程记录办法 (province).

The text says only 自印发之日起施行 and carries no date, so ``valid_from`` is None. Art. 14
requires every AV recording to run without a break from arrival to the end of the activity, so
``uninterrupted`` is set for every act it records (STATUTES §3 names this for Guangdong only).
"""

from __future__ import annotations

from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.periods import working_days
from casetrail.rules.profile_model import (
    ArchiveRule,
    AvProcedure,
    AvStorageRule,
    ChecklistRule,
    CoverageRule,
    ProcedureObligation,
    RecordAccessRule,
)
from casetrail.rules.profiles._rulebook import RuleBook
from casetrail.rules.profiles.national import NATIONAL
from casetrail.rules.regulation import Regulation

REGULATION = Regulation(title="山西省行政执法全过程记录办法", valid_from=None)
_book = RuleBook(REGULATION)
_cite = REGULATION.cite

ART_8 = _cite(8, "行政执法机关应当编制音像记录事项清单，明确音像记录事项、内容、环节、方式", paragraph=2)
ART_10 = _cite(
    10, "查封、扣押、强制拆除、代履行、限制人身自由及其他涉及人身自由、生命健康、重大财产权益的应当音像记录"
)
ART_10_5 = _cite(10, "限制公民人身自由的，应当进行音像记录", item=5)
ART_10_6 = _cite(
    10, "其他直接涉及人身自由、生命健康、重大财产权益的现场执法活动和执法办案场所，应当音像记录", item=6
)
ART_11_1 = _cite(11, "现场执法容易引发争议的，根据实际情况进行音像记录", item=1)
ART_11 = _cite(11, "易引发争议、检查调查询问先行登记保存、听证、留置和公告送达，根据实际情况音像记录")
ART_12 = _cite(
    12, "音像记录重点记录起止时间、现场环境、有关人员、涉案场所设施财物、采取措施和制作送达文书的情况"
)
ART_13 = _cite(13, "音像记录开始前检查设备性能、电量和储存空间")
ART_14 = _cite(
    14, "开始后先语音说明时间、地点、人员、事由、对象、环节并告知当事人，自到达现场至活动结束不间断记录"
)
ART_15 = _cite(15, "因客观原因中止记录的不停止执法，重新开始时语音说明中止原因；无法继续的事后书面说明")
ART_17 = _cite(17, "音像记录2个工作日内存储；连续、异地、边远或交通不便地区执法的返回单位后2个工作日内存储")
ART_17_ARCHIVE = _cite(17, "执法案卷按照《中华人民共和国档案法》及有关规定执行", paragraph=3)
ART_18 = _cite(18, "执法记录档案未经负责人批准不得公开；相对人要求查阅的按照规定办理")

_UNINTERRUPTED = "进行音像记录的，自到达执法现场开展执法活动时开始至执法活动结束，不间断记录（第十四条）"

SECRETS = REGULATION.cite(
    18, "涉及国家秘密、商业秘密、个人隐私的执法记录，按照法律、法规、规章的规定执行", paragraph=2
)

SHANXI = _book.profile(
    NATIONAL,
    version="1",
    id="shanxi",
    name="山西省",
    scope="山西省行政区域内的行政执法机关及法律法规授权的组织",
    province="山西省",
    av_overrides=[
        *_book.av(
            [
                Act.SEAL_SEIZE,
                Act.FORCED_DEMOLITION,
                Act.SUBSTITUTE_PERFORMANCE,
            ],
            "mandatory",
            ART_10,
            uninterrupted=True,
            note=_UNINTERRUPTED,
        ),
        *_book.av([Act.RESTRICT_LIBERTY], "mandatory", ART_10_5, uninterrupted=True, note=_UNINTERRUPTED),
        *_book.av(
            [Act.LIBERTY_LIFE_PROPERTY, Act.CASE_HANDLING_AREA],
            "mandatory",
            ART_10_6,
            uninterrupted=True,
            note=_UNINTERRUPTED,
        ),
        *_book.av([Act.DISPUTE_PRONE], "situational", ART_11_1, uninterrupted=True, note=_UNINTERRUPTED),
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
                Act.LODGING_SERVICE,
                Act.PUBLIC_NOTICE_SERVICE,
            ],
            "situational",
            ART_11,
            uninterrupted=True,
            note=_UNINTERRUPTED,
        ),
    ],
    av_storage=_book.rule(
        AvStorageRule,
        ART_17,
        period=working_days(2, ART_17),
        after_return=working_days(2, ART_17),
        after_return_when=("连续工作", "异地工作", "在边远、交通不便地区执法"),
        note="确实不能及时移交记录信息的，返回单位后起算",
    ),
    av_procedure=AvProcedure(
        coverage=_book.rule(
            CoverageRule,
            ART_14,
            breaks_refused=False,
            note="因客观原因中止记录的，依第十五条在重新开始时语音说明中止原因",
        ),
        device_check=_book.rule(
            ProcedureObligation, ART_13, text="音像记录开始前检查设备", items=("设备性能", "电量", "储存空间")
        ),
        spoken_opening=_book.rule(
            ProcedureObligation,
            ART_14,
            text="音像记录开始后先语音说明，并告知当事人及现场其他人员正在进行音像记录",
            items=("时间", "地点", "执法人员", "执法事由", "执法对象", "需要记录的执法环节"),
        ),
        interruption=_book.rule(
            ProcedureObligation,
            ART_15,
            text="因设备故障、天气恶劣、现场阻挠等客观原因中止记录的，不停止执法行为",
            items=("重新开始记录时语音说明中止原因", "确实无法继续记录的，事后书面说明情况"),
        ),
        content_points=_book.rule(
            ProcedureObligation,
            ART_12,
            text="音像记录应当重点记录下列内容",
            items=(
                "执法活动开始和结束的时间",
                "执法现场环境",
                "行政相对人、证人、第三人等现场有关人员",
                "涉案场所、设施、设备和财物等",
                "对有关人员、财物采取措施的情况",
                "执法人员现场制作、送达相关文书的情况",
            ),
        ),
    ),
    archive=_book.rule(ArchiveRule, ART_17_ARCHIVE, period=None, note="未规定归档期限：按档案法和本机关制度"),
    record_access=_book.rule(RecordAccessRule, ART_18, secrets=SECRETS, party_access="per_rules"),
    checklist=_book.rule(ChecklistRule, ART_8, title="音像记录事项清单", public=False),
)
