"""National citations: the articles of national law the rules rest on, each with what it requires.

Texts are short summaries in Chinese, not the full article. Numbering follows 行政处罚法 (2021),
行政强制法 (2011), 民事诉讼法 (2023), 行政复议法 (2023), 行政诉讼法 (2017) and 民法典 (2020).
"""

from __future__ import annotations

from datetime import date

from casetrail.rules.citation import Citation
from casetrail.rules.regulation import Regulation

# Each national text, with the date the version cited here took effect.
PENALTY_LAW = Regulation(title="中华人民共和国行政处罚法", valid_from=date(2021, 7, 15))
COERCION_LAW = Regulation(title="中华人民共和国行政强制法", valid_from=date(2012, 1, 1))
CIVIL_PROCEDURE_LAW = Regulation(title="中华人民共和国民事诉讼法", valid_from=date(2024, 1, 1))
REVIEW_LAW = Regulation(title="中华人民共和国行政复议法", valid_from=date(2024, 1, 1))
LITIGATION_LAW = Regulation(title="中华人民共和国行政诉讼法", valid_from=date(2017, 7, 1))
CIVIL_CODE = Regulation(title="中华人民共和国民法典", valid_from=date(2021, 1, 1))
# 法释〔2002〕21号: how AV evidence must be described.
EVIDENCE_RULES = Regulation(title="最高人民法院关于行政诉讼证据若干问题的规定", valid_from=date(2002, 10, 1))
# 市场监督管理行政处罚程序规定 (2021 修正, 国家市场监督管理总局令第42号): a departmental rule that
# "另有规定" under 处罚法 Art. 60 — testing/appraisal time is not counted in the case-handling period.
AMR_PROCEDURE_LAW = Regulation(title="市场监督管理行政处罚程序规定", valid_from=date(2021, 7, 15))

_penalty = PENALTY_LAW.cite
_coercion = COERCION_LAW.cite
_civil_procedure = CIVIL_PROCEDURE_LAW.cite

# 行政处罚法 (2021)
PENALTY_36 = _penalty(
    36, "违法行为二年内未被发现的不再处罚；涉及生命健康安全、金融安全且有危害后果的延长至五年"
)
PENALTY_28 = _penalty(28, "实施行政处罚时，应当责令当事人改正或者限期改正违法行为")
PENALTY_42 = _penalty(42, "行政处罚由具有执法资格的执法人员实施，执法人员不得少于两人")
PENALTY_44 = _penalty(44, "作出处罚决定前告知拟处罚内容及事实、理由、依据和陈述、申辩、要求听证等权利")
PENALTY_45 = _penalty(45, "当事人有权陈述、申辩；行政机关必须听取并复核，不得因申辩加重处罚")
PENALTY_44_45 = Citation(
    law=PENALTY_LAW.title,
    article="第四十四条、第四十五条",
    text="告知拟处罚内容及陈述、申辩权利；当事人有权陈述、申辩，行政机关必须充分听取",
)
PENALTY_47 = _penalty(
    47, "以文字、音像等形式对启动、调查取证、审核、决定、送达、执行进行全过程记录，归档保存"
)
PENALTY_51 = _penalty(51, "对公民二百元以下、对法人或其他组织三千元以下罚款或者警告，可以当场作出处罚决定")
PENALTY_52 = _penalty(52, "当场处罚须出示证件、填写预定格式编有号码的决定书当场交付，并报所属机关备案")
PENALTY_54 = _penalty(54, "符合立案标准的，行政机关应当及时立案")
PENALTY_55 = _penalty(55, "调查或检查时应当主动出示执法证件，当事人有权要求出示")
PENALTY_56 = _penalty(56, "可以抽样取证；证据可能灭失的经负责人批准先行登记保存，七日内作出处理决定")
PENALTY_57 = _penalty(57, "调查终结负责人审查；情节复杂或者重大违法行为应当集体讨论决定")
PENALTY_58 = _penalty(58, "四类情形作出决定前须经法制审核，未经审核或审核未通过不得作出决定")
PENALTY_58_1 = _penalty(58, "涉及重大公共利益的", paragraph=1, item=1)
PENALTY_58_2 = _penalty(58, "直接关系当事人或者第三人重大权益，经过听证程序的", paragraph=1, item=2)
PENALTY_58_3 = _penalty(58, "案件情况疑难复杂、涉及多个法律关系的", paragraph=1, item=3)
PENALTY_58_4 = _penalty(58, "法律、法规规定应当进行法制审核的其他情形", paragraph=1, item=4)
PENALTY_59 = _penalty(
    59,
    "处罚决定书载明当事人、违法事实和证据、处罚种类和依据、履行方式和期限、救济途径和期限、机关和日期并盖章",
)
PENALTY_60 = _penalty(60, "自立案之日起九十日内作出处罚决定，法律、法规、规章另有规定的除外")
PENALTY_61 = _penalty(61, "决定书宣告后当场交付；当事人不在场的七日内依民事诉讼法送达")
PENALTY_61_2 = _penalty(61, "当事人同意并签订确认书的，可以采用传真、电子邮件等方式送达", paragraph=2)
PENALTY_62 = _penalty(62, "未告知或拒绝听取陈述、申辩的，不得作出处罚决定（当事人明确放弃的除外）")
PENALTY_63 = _penalty(63, "较大数额罚款、吊销许可证件、责令停产停业等应当告知当事人有权要求听证")
PENALTY_63_1 = _penalty(63, "较大数额罚款", paragraph=1, item=1)
PENALTY_63_2 = _penalty(63, "没收较大数额违法所得、没收较大价值非法财物", paragraph=1, item=2)
PENALTY_63_3 = _penalty(63, "降低资质等级、吊销许可证件", paragraph=1, item=3)
PENALTY_63_4 = _penalty(63, "责令停产停业、责令关闭、限制从业", paragraph=1, item=4)
PENALTY_63_5 = _penalty(63, "其他较重的行政处罚", paragraph=1, item=5)
PENALTY_63_6 = _penalty(63, "法律、法规、规章规定的其他情形", paragraph=1, item=6)
PENALTY_64 = _penalty(64, "听证程序：告知后五日内提出要求，听证七日前通知，公开举行，制作笔录")
PENALTY_64_1 = _penalty(64, "当事人要求听证的，应当在行政机关告知后五日内提出", item=1)
PENALTY_64_2 = _penalty(64, "行政机关应当在举行听证的七日前通知当事人及有关人员听证的时间、地点", item=2)
PENALTY_64_4 = _penalty(64, "听证由行政机关指定的非本案调查人员主持", item=4)
PENALTY_64_6 = _penalty(
    64, "当事人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利", item=6
)
PENALTY_64_8 = _penalty(64, "听证笔录交当事人核对无误后签字或者盖章；拒绝的由主持人在笔录中注明", item=8)
PENALTY_65 = _penalty(65, "听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定作出决定")


def _together(text: str, *cited: Citation) -> Citation:
    """Articles of one law relied on together: ``《…》第四十五条、第六十二条``."""
    return Citation(law=cited[0].law, article="、".join(c.article for c in cited), text=text)


# The party told, heard and its statement reviewed: the decision may be made (Art. 62 bars it only
# where the party was not told or not heard).
PENALTY_44_45_62 = _together(
    "已告知并充分听取当事人陈述、申辩并复核的，可以作出处罚决定", PENALTY_44, PENALTY_45, PENALTY_62
)
PENALTY_45_62 = _together(
    "当事人有权陈述、申辩，行政机关必须充分听取；未听取的不得作出处罚决定，当事人明确放弃的除外",
    PENALTY_45,
    PENALTY_62,
)
PENALTY_63_64_1 = _together(
    "拟作出第六十三条所列处罚的，当事人有权要求听证，应当在告知后五日内提出", PENALTY_63, PENALTY_64_1
)
PENALTY_66 = _penalty(66, "当事人应当在决定书载明的期限内履行；确有困难的经批准可以暂缓或者分期缴纳")
PENALTY_67 = _penalty(67, "当事人应当自收到处罚决定书之日起十五日内缴纳罚款")
PENALTY_68 = _penalty(68, "一百元以下罚款或者不当场收缴事后难以执行的，可以当场收缴罚款")
PENALTY_71 = _penalty(71, "当场收缴的罚款二日内交至行政机关（水上自抵岸之日起），行政机关二日内缴付银行")
PENALTY_72 = _penalty(72, "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款不得超出罚款数额")
PENALTY_73 = _penalty(73, "申请复议或者提起诉讼的，加处罚款的数额在复议或者诉讼期间不予计算")
PENALTY_85 = _penalty(85, "本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日")

# 行政强制法 (2011)
COERCION_9_1 = _coercion(9, "行政强制措施的种类：限制公民人身自由", item=1)
COERCION_10 = _coercion(
    10, "行政强制措施由法律设定；行政法规、地方性法规不得设定限制公民人身自由的行政强制措施"
)
COERCION_18 = _coercion(18, "实施强制措施须经批准、两名以上执法人员、出示证件、通知当事人到场、制作现场笔录")
COERCION_19 = _coercion(
    19, "情况紧急当场实施强制措施的，二十四小时内报告负责人并补办批准；不应采取的立即解除"
)
COERCION_20 = _coercion(
    20,
    "限制人身自由的，当场告知或实施后立即通知家属实施机关、地点和期限；紧急当场实施的返回后立即报告并补办批准；"
    "不得超过法定期限；目的已经达到或者条件已经消失的，应当立即解除",
)
COERCION_24 = _coercion(24, "查封、扣押应当制作并当场交付决定书和清单")
COERCION_25 = _coercion(
    25, "查封、扣押不超过三十日，经批准可延长不超过三十日；检测、鉴定期间不计入并书面告知"
)
COERCION_27 = _coercion(27, "查封、扣押后应当及时查清事实，在法定期限内作出处理决定")
COERCION_28 = _coercion(
    28, "查封、扣押的场所、设施或者财物与违法行为无关等情形，应当及时作出解除查封、扣押决定"
)
COERCION_29 = _coercion(
    29, "冻结存款、汇款的数额应当与违法行为涉及的金额相当；已被其他机关冻结的，不得重复冻结"
)
COERCION_30 = _coercion(30, "冻结存款、汇款由两名以上执法人员实施，出示证件，向金融机构交付冻结通知书")
COERCION_31 = _coercion(31, "冻结存款、汇款的，应当在三日内向当事人交付冻结决定书")
COERCION_32 = _coercion(32, "自冻结之日起三十日内作出处理或解除决定，经批准可延长不超过三十日")
COERCION_33 = _coercion(33, "有法定情形的应当及时作出解除冻结决定，并及时通知金融机构和当事人")
COERCION_35 = _coercion(35, "作出强制执行决定前应当以书面形式催告当事人履行义务")
COERCION_36 = _coercion(36, "当事人收到催告书后有权陈述、申辩，行政机关应当记录、复核")
COERCION_37 = _coercion(37, "经催告逾期仍不履行且无正当理由的，可以作出强制执行决定")
COERCION_43 = _coercion(43, "不得在夜间或者法定节假日实施行政强制执行，情况紧急的除外")
COERCION_43_2 = _coercion(
    43, "不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定", paragraph=2
)
COERCION_44 = _coercion(
    44, "强制拆除违法建筑物、构筑物、设施应当公告限期自行拆除；法定期限内不复议、不起诉又不拆除的方可强制拆除"
)
COERCION_45 = _coercion(45, "逾期不履行金钱给付义务的可以加处罚款或滞纳金，数额不得超出金钱给付义务的数额")
COERCION_46 = _coercion(46, "加处罚款或滞纳金超过三十日，经催告仍不履行的，可以强制执行")
COERCION_51 = _coercion(51, "代履行前送达决定书，代履行三日前催告当事人履行")
COERCION_53 = _coercion(53, "不申请复议、不起诉又不履行的，可自期限届满之日起三个月内申请法院强制执行")
COERCION_54 = _coercion(54, "申请法院强制执行前应当催告，催告书送达十日后仍未履行的方可申请")
COERCION_55 = _coercion(55, "申请法院强制执行应当提供申请书、决定书、陈述申辩意见、催告情况等材料")
COERCION_69 = _coercion(69, "本法中十日以内期限的规定是指工作日，不含法定节假日")

# 民事诉讼法 (2023): periods and service, applied to administrative procedure by reference.
CIVIL_PROCEDURE_85 = _civil_procedure(
    85, "期间开始的时和日不计算在期间内；期间届满的最后一日是法定休假日的，以休假日后的第一日为届满日期"
)
CIVIL_PROCEDURE_87 = _civil_procedure(87, "送达文书必须有送达回证，由受送达人记明收到日期并签名或者盖章")
CIVIL_PROCEDURE_88 = _civil_procedure(88, "直接送交受送达人；本人不在的交同住成年家属或者代收人签收")
CIVIL_PROCEDURE_89 = _civil_procedure(
    89, "拒收的，邀请见证人到场并记明拒收事由和日期，或者留在住所并采用拍照、录像等方式记录送达过程"
)
CIVIL_PROCEDURE_90 = _civil_procedure(90, "经受送达人同意，可以采用能够确认其收悉的电子方式送达")
CIVIL_PROCEDURE_91 = _civil_procedure(
    91, "可以委托送达或者邮寄送达；邮寄送达以回执上注明的收件日期为送达日期"
)
CIVIL_PROCEDURE_92 = _civil_procedure(92, "受送达人是军人的，通过其所在部队团以上单位的政治机关转交")
CIVIL_PROCEDURE_93 = _civil_procedure(93, "受送达人被监禁或者被采取强制性教育措施的，通过所在监所、机构转交")
CIVIL_PROCEDURE_94 = _civil_procedure(
    94, "代为转交的机关收到文书后必须立即交受送达人签收，以签收日期为送达日期"
)
CIVIL_PROCEDURE_95 = _civil_procedure(
    95, "下落不明或者其他方式无法送达的，公告送达，自发出公告之日起经过三十日视为送达，案卷记明原因和经过"
)

# 行政复议法 (2023), 行政诉讼法, 民法典
REVIEW_20 = REVIEW_LAW.cite(20, "自知道或者应当知道行政行为之日起六十日内申请行政复议")
REVIEW_88 = REVIEW_LAW.cite(88, "期间计算和送达依照民事诉讼法；“三日”“五日”“七日”“十日”是指工作日")
LITIGATION_46 = LITIGATION_LAW.cite(46, "自知道或者应当知道作出行政行为之日起六个月内提起诉讼")
CIVIL_CODE_202 = CIVIL_CODE.cite(
    202, "按照年、月计算期间的，到期月的对应日为最后一日；没有对应日的，月末日为最后一日"
)
CIVIL_CODE_203 = CIVIL_CODE.cite(
    203, "最后一日是法定休假日的，以休假日结束的次日为最后一日；最后一日的截止时间为二十四时"
)

EVIDENCE_RULES_12 = EVIDENCE_RULES.cite(
    12, "视听资料应当提供原始载体，注明制作方法、制作时间、制作人和证明对象等，声音资料附有文字记录"
)

AMR_PROCEDURE_64 = AMR_PROCEDURE_LAW.cite(
    64, "案件处理过程中，听证、公告和检测、检验、检疫、鉴定等时间不计入案件办理期限"
)

NATIONAL_EFFECTIVE_DATES: dict[str, date] = {
    text.title: text.valid_from
    for text in (
        PENALTY_LAW,
        COERCION_LAW,
        CIVIL_PROCEDURE_LAW,
        REVIEW_LAW,
        LITIGATION_LAW,
        CIVIL_CODE,
        EVIDENCE_RULES,
        AMR_PROCEDURE_LAW,
    )
    if text.valid_from is not None
}
"""When the version of each national text cited here took effect."""
