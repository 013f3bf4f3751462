"""Realistic sample data for every kind: test fixtures, benchmark input and a ``doctor`` smoke render.

Values are keyed by field name, shared by every model that has the field; a kind overrides a value only
where the shared one would read wrong in its text.
"""

from __future__ import annotations

from typing import Any

from casetrail.documents.catalog import CATALOG, get_kind
from casetrail.documents.numbering import DocumentNumber

AGENCY = {
    "name": "泰安市泰山区市场监督管理局",
    "short_name": "泰山市监",
    "address": "泰安市泰山区东岳大街88号",
    "phone": "0538-8221234",
    "contact": "刘洋",
}
PARTY = {
    "name": "泰安市岱宗食品有限公司",
    "party_type": "legal_person",
    "id_number": "91370902MA3C7Q2X4Y",
    "address": "泰安市泰山区温泉路16号",
    "legal_representative": "张明远",
    "phone": "13905381234",
}
OFFICERS = [
    {"name": "王建国", "certificate_number": "37090210023"},
    {"name": "李晓燕", "certificate_number": "37090210057"},
]
_SESSION = {
    "started_at": "2026-03-02T09:30:00+08:00",
    "ended_at": "2026-03-02T10:45:00+08:00",
    "place": "泰安市泰山区温泉路16号当事人经营场所",
}
_ITEMS = [
    {
        "name": "速冻水饺",
        "specification": "500克/袋",
        "quantity": "12",
        "unit": "袋",
        "location": "一号冷库",
        "note": "生产日期2025年1月3日",
    },
    {"name": "火腿肠", "specification": "60克×10支", "quantity": "30", "unit": "包", "location": "货架A-3"},
    {"name": "瓶装饮用水", "specification": "550毫升", "quantity": "2", "unit": "箱"},
]
_OPINIONS = [
    {"role": "承办人意见", "opinion": "建议立案调查。", "signer": "王建国", "signed_on": "2026-03-01"},
    {"role": "承办机构负责人意见", "opinion": "同意。", "signer": "赵志强", "signed_on": "2026-03-01"},
    {
        "role": "机关负责人意见",
        "opinion": "同意立案，由王建国、李晓燕承办。",
        "signer": "孙立新",
        "signed_on": "2026-03-01",
    },
]
_EXCHANGES = [
    {
        "question": "我们是泰安市泰山区市场监督管理局的执法人员，这是我们的执法证件，"
        "请你过目。你是否看清楚？",
        "answer": "看清楚了。",
    },
    {"question": "你是否申请执法人员回避？", "answer": "不申请。"},
    {
        "question": "请介绍一下你的身份及在公司的职务。",
        "answer": "我叫张明远，是公司的法定代表人，负责全面经营。",
    },
    {
        "question": "现场检查发现你公司冷库内存放的速冻水饺已超过保质期，你作何解释？",
        "answer": "这批水饺是去年进的货，因为库存管理疏忽没有及时下架，我们没有故意销售。",
    },
    {
        "question": "这批超过保质期的食品进货数量、销售数量和价格是多少？",
        "answer": "共进货50袋，进价每袋8元，售价每袋12元，已经销售38袋，剩余12袋在冷库。",
    },
    {"question": "你还有什么需要补充的吗？", "answer": "没有了，我们会立即整改。"},
]
_EVIDENCE = [
    {"name": "现场检查笔录及现场照片", "proves": "当事人经营场所存放超过保质期食品的事实"},
    {"name": "询问笔录", "proves": "当事人进货、销售超过保质期食品的数量和价格"},
    {"name": "进货单据复印件", "proves": "涉案食品的来源和进货数量"},
    {"name": "营业执照复印件", "proves": "当事人的主体资格"},
]
_PENALTY = {
    "measures": "警告；没收超过保质期的速冻水饺12袋",
    "fine": "50000.00",
    "confiscation": "没收违法所得人民币456.00元",
}

_SHARED: dict[str, Any] = {
    "agency": AGENCY,
    "party": PARTY,
    "officers": OFFICERS,
    "case_number": "泰山市监立〔2026〕18号",
    "case_cause": "经营超过保质期食品",
    "issued_on": "2026-03-20",
    "session": _SESSION,
    "recorder": "李晓燕",
    "exchanges": _EXCHANGES,
    "items": _ITEMS,
    "opinions": _OPINIONS,
    "remedies": {"review_body": "泰安市泰山区人民政府", "court": "泰安市泰山区人民法院"},
    "payment": {
        "bank": "中国工商银行泰安泰山支行",
        "account_name": "泰安市泰山区财政局非税收入专户",
        "account_number": "1606 0012 0920 0123 456",
    },
    "facts": "2026年3月2日，本机关执法人员对你公司经营场所进行检查，发现你公司冷库内存放超过保质期的速冻水饺"
    "12袋（标注生产日期2025年1月3日，保质期12个月），并用于销售。经查，你公司共购进该批水饺50袋，"
    "已销售38袋，违法所得人民币456.00元。",
    "evidence": _EVIDENCE,
    "violated_provision": "《中华人民共和国食品安全法》第三十四条第十项",
    "penalty_provision": "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
    "discretion": "当事人违法货值金额不足一万元，首次违法且主动配合调查，"
    "依据《山东省市场监督管理行政处罚裁量基准》"
    "在法定幅度内从轻处罚。",
    "penalty": _PENALTY,
    "application_received_on": "2026-03-05",
    "application_matter": "食品经营许可证变更（经营项目增加热食类食品制售）",
    "processing_days": 20,
    "reason": "反映的问题不属于本机关管辖，且无违法事实",
    "source": "投诉举报",
    "discovered_on": "2026-02-27",
    "summary": "群众举报当事人销售超过保质期的速冻食品，经初步核查，当事人冷库内存放超过保质期的速冻水饺。",
    "received_on": "2026-02-27",
    "matter": "小区门口超市销售过期牛奶",
    "addressee": "陈立华",
    "reported_party": "泰安市岱宗食品有限公司",
    "party_name": "泰安市岱宗食品有限公司",
    "materials": [
        "营业执照副本复印件（加盖公章）",
        "法定代表人身份证复印件",
        "热食类食品制售场所平面布局图",
        "食品安全管理制度文本",
    ],
    "deadline": "2026-04-03",
    "inquired": {
        "name": "张明远",
        "role": "当事人法定代表人",
        "id_number": "370902197805123417",
        "phone": "13905381234",
    },
    "present": {"name": "张明远", "role": "当事人法定代表人", "phone": "13905381234"},
    "findings": "执法人员在当事人冷库内发现速冻水饺12袋，外包装标注生产日期为2025年1月3日，"
    "保质期12个月，已超过保质期；"
    "该批水饺与正常商品混放，未作任何标识。现场拍摄照片6张，执法记录仪全程录像。",
    "requested": [
        "2025年10月至2026年3月速冻食品进货单据及付款凭证",
        "同期销售台账",
        "供货商的营业执照及食品经营许可证复印件",
    ],
    "delivery_place": "泰安市泰山区东岳大街88号市场监督管理局执法稽查科",
    "sampled_at": "当事人经营场所冷库",
    "sampling_purpose": "检验涉案食品是否符合食品安全标准",
    "prior_document_title": "行政处罚决定书",
    "prior_document_number": "泰山市监罚决字〔2026〕第12号",
    "storage_place": "当事人经营场所一号冷库（已加贴封条）",
    "storage_method": "就地封存，由当事人负责保管",
    "institution": "山东省食品药品检验研究院",
    "requirements": "依据GB 19295-2021检验菌落总数、大肠菌群及过氧化值，并出具检验报告。",
    "measure": "扣押",
    "authorising_provision": "《中华人民共和国食品安全法》第一百一十条第四项",
    "objects_summary": "超过保质期的速冻水饺等食品",
    "place": "泰安市泰山区温泉路16号",
    "starts_on": "2026-03-02",
    "ends_on": "2026-03-31",
    "proceedings": "执法人员通知当事人到场，当场告知采取扣押措施的理由、依据"
    "以及当事人依法享有的权利、救济途径，"
    "听取了当事人的陈述和申辩，对涉案物品逐一清点、登记并制作清单，当事人核对无误后签字。",
    "party_present": True,
    "party_statement": "对扣押没有异议，会配合调查。",
    "hearing_available": True,
    "statement_last_day": "2026-03-27",
    "contact_person": "李明",
    "contact_phone": "0538-8221234",
    "statement_address": "泰安市岱岳区市场监督管理局（泰安市岱岳区擂鼓石大街1号）三楼法制科",
    "speaker": {"name": "张明远", "role": "当事人法定代表人"},
    "statement_summary": "当事人称系库存管理疏忽，非故意销售，且为初次违法，请求从轻处罚。",
    "review_findings": "经复核，当事人所述初次违法、积极配合调查属实，已在裁量中予以考虑；"
    "所称非故意销售不影响违法行为成立。",
    "adopted": False,
    "facts_summary": "经营超过保质期食品，货值金额人民币600.00元",
    "hearing_at": "2026-03-30T09:00:00+08:00",
    "hearing_place": "泰安市泰山区市场监督管理局第一会议室",
    "host": "周静",
    "clerk": "陈晨",
    "public": True,
    "participants": [
        {"name": "张明远", "role": "当事人法定代表人"},
        {"name": "韩磊", "role": "委托代理人（律师）"},
        {"name": "王建国", "role": "案件调查人员"},
    ],
    "hearing_on": "2026-03-30",
    "case_summary": "当事人经营超过保质期的速冻水饺，违法所得人民币456.00元。",
    "disputed_points": "当事人是否具有主观故意；罚款数额是否适当。",
    "host_opinion": "案件事实清楚，证据确凿，建议维持拟作出的处罚决定。",
    "investigation_summary": "2026年3月1日立案后，执法人员进行了现场检查、询问当事人、调取进货单据，"
    "依法扣押涉案食品，"
    "并委托检验机构进行了检验。",
    "review_items": "执法主体、管辖权、案件事实、证据、适用法律、程序、裁量基准适用及处罚建议。",
    "conclusion": "执法主体合法，事实清楚，证据确凿，适用法律正确，程序合法，处罚适当，"
    "同意提交机关负责人审批。",
    "attendees": [
        {"name": "孙立新", "role": "局长"},
        {"name": "赵志强", "role": "副局长"},
        {"name": "吴海峰", "role": "法制审核机构负责人"},
        {"name": "王建国", "role": "承办人"},
    ],
    "discussion": "承办人汇报案件事实、证据及处罚建议，法制审核机构负责人汇报审核意见，"
    "参会人员逐一发表意见。",
    "statement_handling": "本机关于2026年3月20日向当事人送达了《行政处罚事先告知书》，"
    "当事人在法定期限内提出陈述、申辩，"
    "经复核，部分意见已在裁量中予以考虑。",
    "occurred_at": "2026-03-02T09:40:00+08:00",
    "paid_on_the_spot": False,
    "documents": [{"title": "行政处罚决定书", "number": "泰山市监罚决字〔2026〕第12号"}],
    "method": "直接送达",
    "served_at": "2026-04-08T14:20:00+08:00",
    "receiver": "张明远",
    "served_document": {"title": "行政处罚决定书", "number": "泰山市监罚决字〔2026〕第12号"},
    "failed_attempts": "当事人下落不明，经直接送达、邮寄送达均未能送达",
    "carrier": "本机关门户网站及当事人住所地公告栏",
    "collection_place": "泰安市泰山区东岳大街88号市场监督管理局执法稽查科",
    "obligation": "缴纳罚款人民币50,000.00元",
    "enforcement_mode": "申请人民法院强制执行",
    "fine": "50000.00",
    "due_on": "2026-04-23",
    "reminder_served_on": "2026-05-25",
    "executes_on": "2026-06-15",
    "court": "泰安市泰山区人民法院",
    "attachments": ["行政处罚决定书及送达回证", "催告书及送达回证", "当事人主体资格证明", "案件主要证据材料"],
    "outcome": "对当事人给予警告，没收违法所得456.00元，罚款50,000.00元。",
    "execution": "当事人已于2026年4月20日全额缴纳罚款和没收款。",
    "case_title": "泰安市岱宗食品有限公司经营超过保质期食品案",
    "entries": [
        {
            "sequence": 1,
            "title": "立案审批表",
            "number": "泰山市监立审字〔2026〕第18号",
            "dated": "2026-03-01",
            "first_page": 1,
            "last_page": 1,
        },
        {
            "sequence": 2,
            "title": "行政处罚决定书",
            "number": "泰山市监罚决字〔2026〕第12号",
            "dated": "2026-04-08",
            "first_page": 2,
            "last_page": 4,
        },
    ],
    "recordings": [
        {
            "method": "执法记录仪",
            "started_at": "2026-03-02T09:28:00+08:00",
            "ended_at": "2026-03-02T10:47:00+08:00",
            "maker": "王建国",
            "proves": "现场检查经过及涉案食品存放状况",
            "file_name": "20260302_0928_WJG.mp4",
            "sha256": "3f4c9b1e2a7d5c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f",
        },
        {
            "method": "录音",
            "started_at": "2026-03-05T15:00:00+08:00",
            "ended_at": "2026-03-05T15:40:00+08:00",
            "maker": "李晓燕",
            "proves": "当事人陈述涉案食品进销情况",
            "file_name": "20260305_1500_LXY.m4a",
            "transcript": "执法人员：请说明这批水饺的来源。张明远：是从济南某冷链公司进的货，有进货单。",
        },
    ],
    "applicant": {"name": "张明远", "role": "当事人法定代表人", "id_number": "370902197805123417"},
    "requested_records": "2026年3月2日现场检查执法记录仪录像",
    "access_purpose": "核实现场检查情况，准备陈述申辩意见",
}

_KIND_VALUES: dict[str, dict[str, Any]] = {
    "non_acceptance_notice": {
        "reason": "申请事项依法不属于本机关职权范围，请向泰安市泰山区行政审批服务局申请"
    },
    "correction_notice": {"deadline": "2026-03-15"},
    "correction_order": {
        "inspected_on": "2026-03-02",
        "problems": "冷藏柜温度12℃，超过食品标签标示的0-4℃贮存温度；部分食品未标注进货日期",
        "correction_basis": "《中华人民共和国食品安全法》第五十四条",
        "correct_by": "2026-03-16",
    },
    "reinspection_opinion": {
        "prior_document_title": "责令限期改正指令书",
        "prior_document_number": "泰山市监责改字〔2026〕第3号",
        "checked_at": "2026-03-17T10:00:00+08:00",
        "details": "冷藏柜已维修，现场测得温度3℃；在售食品均已标注进货日期",
        "corrected": "已改正",
        "uncorrected": False,
    },
    "testing_commission": {"deadline": "2026-03-16"},
    "investigation_report": {
        "evidence": [entry["name"] for entry in _EVIDENCE],
        "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
        "handling": "建议给予警告，罚款人民币50,000.00元，没收违法所得人民币456.00元",
    },
    "seizure_list": {
        "prior_document_title": "查封扣押决定书",
        "prior_document_number": "泰山市监封扣字〔2026〕第3号",
    },
    "sampling_list": {
        "prior_document_title": "抽样取证通知书",
        "prior_document_number": "泰山市监抽样字〔2026〕第5号",
    },
    "preservation_list": {
        "prior_document_title": "先行登记保存证据通知书",
        "prior_document_number": "泰山市监先保字〔2026〕第2号",
    },
    "preservation_notice": {"reason": "涉案食品可能灭失或者以后难以取得"},
    "seizure_decision": {"reason": "你（单位）经营的食品超过保质期，有证据证明不符合食品安全标准"},
    "reminder_notice": {"deadline": "2026-06-04"},
    "no_penalty_decision": {
        "reason": "当事人违法行为轻微并及时改正，没有造成危害后果",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
    },
    "transfer_decision": {
        "reason": "涉案食品货值金额较大，当事人涉嫌生产、销售不符合安全标准的食品罪",
        "legal_basis": "《中华人民共和国行政处罚法》第二十七条第一款",
        "transfer_to": "泰安市公安局泰山分局",
    },
    "summary_penalty_decision": {
        "party": {
            "name": "刘桂芳",
            "party_type": "individual",
            "id_number": "370902196503152028",
            "address": "泰安市泰山区财源街道办事处青年路21号",
        },
        "penalty": {"measures": "罚款", "fine": "200.00"},
        "facts": "在无照经营的早餐摊点销售食品，未能提供从业人员健康证明",
        "violated_provision": "《山东省食品小作坊小餐饮和食品摊点管理条例》第三十一条",
        "penalty_provision": "《山东省食品小作坊小餐饮和食品摊点管理条例》第五十五条",
        "place": "泰安市泰山区青年路与东岳大街交叉口",
    },
}


def sample_data(kind: str, **overrides: Any) -> dict[str, Any]:
    """Complete, realistic data for ``kind``; ``overrides`` replace top-level fields."""
    model = get_kind(kind).model
    values = {**_SHARED, **_KIND_VALUES.get(kind, {}), **overrides}
    return {name: values[name] for name in model.model_fields if name in values}


def sample_number(kind: str, sequence: int = 12) -> DocumentNumber | None:
    code = get_kind(kind).number_code
    if code is None:
        return None
    return DocumentNumber(
        agency_short_name=AGENCY["short_name"], kind_code=code, year=2026, sequence=sequence
    )


def all_sample_kinds() -> list[str]:
    return list(CATALOG)
