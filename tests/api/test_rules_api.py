"""The rules API: profiles with citations, recording obligations, required records, what-if deadlines."""

from __future__ import annotations

from typing import Any

import httpx


async def test_profiles_are_listed_with_their_regulation(api: httpx.AsyncClient) -> None:
    response = await api.get("/profiles")
    assert response.status_code == 200
    profiles = {p["id"]: p for p in response.json()}
    assert set(profiles) == {
        "national",
        "taian-2017",
        "mingshan-emergency",
        "shanxi",
        "guangdong-2018",
        "wanzhou-xinxiang-2024",
    }
    guangdong = profiles["guangdong-2018"]
    assert guangdong["regulation"] == "广东省行政执法全过程记录办法（试行）"
    assert guangdong["valid_from"] == "2018-02-01" and guangdong["version"] in guangdong["versions"]
    assert guangdong["checklist_required"] and not profiles["taian-2017"]["checklist_required"]


async def test_one_profile_carries_every_rule_with_its_citation(api: httpx.AsyncClient) -> None:
    response = await api.get("/profiles/guangdong-2018")
    assert response.status_code == 200
    rules = response.json()
    storage = rules["av_storage"]
    assert storage["period"] == {**storage["period"], "amount": 24, "unit": "hours"}
    assert storage["citation"]["article"] == "第二十三条"
    assert storage["citation"]["law"] == "广东省行政执法全过程记录办法（试行）"
    assert rules["checklist"]["citation"]["article"].startswith("第十六条") and rules["checklist"]["public"]


async def test_unknown_profile_is_404_listing_the_known_ones(api: httpx.AsyncClient) -> None:
    for path in ("/profiles/atlantis", "/profiles/atlantis/recording", "/profiles/atlantis/checklist.pdf"):
        response = await api.get(path)
        assert response.status_code == 404, path
        error = response.json()["error"]
        assert error["field"] == "profile_id" and "guangdong-2018" in error["allowed"]
    old = await api.get("/profiles/shanxi", params={"version": "0"})
    assert old.status_code == 404 and old.json()["error"]["field"] == "version"


async def test_recording_obligation_per_act(api: httpx.AsyncClient) -> None:
    response = await api.get("/profiles/guangdong-2018/recording/seal_seize")
    assert response.status_code == 200
    obligation = response.json()
    assert obligation["av"] == "mandatory" and obligation["act_title"] == "查封、扣押"
    assert obligation["av_citation"]["article"] == "第十六条"
    assert "全程无间断" in obligation["uninterrupted_when"]
    # An inquiry must be recorded in Taian (Art. 15); in Shanxi only as the situation requires (Art. 11).
    taian = (await api.get("/profiles/taian-2017/recording/inquiry")).json()
    shanxi = (await api.get("/profiles/shanxi/recording/inquiry")).json()
    assert taian["av"] == "mandatory" and taian["av_citation"]["article"] == "第十五条"
    assert shanxi["av"] == "situational" and shanxi["av_citation"]["article"] == "第十一条"
    every_act = (await api.get("/profiles/shanxi/recording")).json()
    assert len(every_act) == len({o["act"] for o in every_act}) > 20


async def test_unknown_act_or_step_is_422_listing_the_valid_ones(api: httpx.AsyncClient) -> None:
    act = await api.get("/profiles/shanxi/recording/teleport")
    assert act.status_code == 422
    assert act.json()["error"]["field"] == "act" and "seal_seize" in act.json()["error"]["allowed"]
    step = await api.get("/profiles/shanxi/records/teleport")
    assert step.status_code == 422
    assert step.json()["error"]["field"] == "step" and "investigation" in step.json()["error"]["allowed"]


async def test_required_records_per_step(api: httpx.AsyncClient) -> None:
    response = await api.get("/profiles/guangdong-2018/records/investigation")
    assert response.status_code == 200
    records = response.json()
    citations = [f"{r['citation']['law']}{r['citation']['article']}" for r in records]
    assert "中华人民共和国行政处罚法第四十二条" in citations  # national first
    assert "广东省行政执法全过程记录办法（试行）第十二条" in citations  # then the province's own
    everything = (await api.get("/profiles/guangdong-2018/records")).json()
    assert everything["investigation"] == records and "archive" in everything


async def what_if(api: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await api.post("/deadlines/what-if", json=body)


async def test_what_if_working_days_across_national_day(api: httpx.AsyncClient) -> None:
    # STATUTES §1: 5 working days from 2026-09-30 end on 2026-10-13 (the 2026 notice is published).
    response = await what_if(api, start="2026-09-30T10:00:00+08:00", amount=5, unit="working_days")
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["last_day"] == "2026-10-13" and result["end"] == "2026-10-14T00:00:00+08:00"
    assert result["provisional"] is False
    assert "只计工作日" in result["counting_rule"]
    assert "《中华人民共和国民事诉讼法》第八十五条" in result["citations"]
    assert any("国庆节" in line for line in result["explanation"])


async def test_what_if_with_a_law_preset_and_a_pause(api: httpx.AsyncClient) -> None:
    plain = (await what_if(api, start="2026-09-20", preset="fine_payment")).json()
    # STATUTES §1: 15 calendar days from 2026-09-20 end on 2026-10-08 (10-05 falls in the holiday).
    assert plain["last_day"] == "2026-10-08" and plain["period"] == "15日"
    assert plain["citation"] == "《中华人民共和国行政处罚法》第六十七条"
    paused = await what_if(
        api,
        start="2026-03-02",
        preset="hearing_request",
        pauses=[{"first_day": "2026-03-03", "last_day": "2026-03-04", "reason": "鉴定"}],
    )
    assert paused.status_code == 200, paused.text
    result = paused.json()
    assert result["paused_days"] == 2 and result["last_day"] == "2026-03-11"
    assert result["citation"] == "《中华人民共和国行政处罚法》第六十四条第（一）项"
    assert any("鉴定" in line for line in result["explanation"])


async def test_what_if_into_an_unpublished_year_is_provisional(api: httpx.AsyncClient) -> None:
    result = (await what_if(api, start="2030-12-20", preset="case_handling")).json()
    assert result["provisional"] is True
    assert any("2031年节假日安排尚未公布" in line for line in result["explanation"])


async def test_what_if_bad_input_names_the_field(api: httpx.AsyncClient) -> None:
    malformed = await what_if(api, start="2026-13-01", amount=5, unit="working_days")
    assert malformed.status_code == 422 and malformed.json()["error"]["field"] == "start"
    unknown = await what_if(api, start="2026-03-02", preset="forever")
    assert unknown.status_code == 422
    error = unknown.json()["error"]
    assert error["field"] == "preset" and "hearing_request" in error["allowed"]
    both = await what_if(api, start="2026-03-02", preset="hearing_request", amount=5, unit="working_days")
    assert both.status_code == 422 and both.json()["error"]["field"] == "amount"
    no_unit = await what_if(api, start="2026-03-02", amount=5)
    assert no_unit.status_code == 422 and no_unit.json()["error"]["field"] == "unit"
    bad_unit = await what_if(api, start="2026-03-02", amount=5, unit="fortnights")
    assert bad_unit.status_code == 422 and bad_unit.json()["error"]["field"] == "unit"
    backwards = await what_if(
        api,
        start="2026-03-02",
        preset="hearing_request",
        pauses=[{"first_day": "2026-03-04", "last_day": "2026-03-03", "reason": "鉴定"}],
    )
    assert backwards.status_code == 422 and backwards.json()["error"]["field"].startswith("pauses")


async def test_presets_name_their_statute(api: httpx.AsyncClient) -> None:
    presets = {p["name"]: p for p in (await api.get("/deadlines/presets")).json()}
    assert presets["hearing_request"]["unit"] == "working_days"
    assert presets["hearing_request"]["citation"] == "《中华人民共和国行政处罚法》第六十四条第（一）项"
    assert presets["court_application_window"]["unit"] == "months"
