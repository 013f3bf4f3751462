"""The case page shows how each stored recording is kept (广东 Art. 24: a recording used as evidence is
copied to disc and kept long-term) and asks, in its upload form, the points the case's regulation
makes a recording's description answer (泰安 Art. 16, 广东 Art. 17, 广东 Art. 18)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from casetrail.api.ui_holdings import case_holdings
from casetrail.seed import DEMO_PASSWORD
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation
from tests.evidence.conftest import (
    GD_OPENING,
    EvLogin,
    add_obligation,
    metadata,
    new_case,
    upload,
    video_bytes,
)


@pytest.fixture
async def workbench(evidence_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=evidence_app)
    # https: the session cookie is Secure.
    async with httpx.AsyncClient(transport=transport, base_url="https://casetrail.test") as client:
        yield client


async def case_page(client: httpx.AsyncClient, username: str, case_id: object) -> str:
    signed_in = await client.post("/ui/login", data={"username": username, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 303
    page = await client.get(f"/ui/cases/{case_id}")
    assert page.status_code == 200, page.text
    return page.text


def evidence_list(html: str) -> str:
    found = re.search(r'<ul id="evidence".*?</ul>', html, flags=re.S)
    assert found is not None
    return found.group(0)


async def test_guangdong_art_24_the_case_page_shows_the_disc_copy_and_long_term_marks(
    ev_api: httpx.AsyncClient, ev_login: EvLogin, workbench: httpx.AsyncClient
) -> None:
    case_id = await new_case("demo-other-amr", ("gd_officer", "gd_officer2"))
    officer = await ev_login("gd_officer")
    response = await upload(ev_api, officer, case_id, video_bytes(300), metadata=metadata(opening=GD_OPENING))
    assert response.status_code == 201, response.text

    html = await case_page(workbench, "gd_officer", case_id)
    listed = evidence_list(html)
    assert "保管期限：长期（定期30年）；复制到光盘后附卷归档" in listed
    assert "《广东省行政执法全过程记录办法（试行）》第二十四条" in listed
    # The upload form asks the points Guangdong names, with their articles.
    assert 'data-points="content"' in html and "第十七条" in html
    assert 'data-point="执法现场环境"' in html
    assert 'data-points="opening"' in html and 'data-point="音像记录的摄录重点"' in html


async def test_taian_a_recording_is_kept_long_term_without_a_disc_copy(
    ev_api: httpx.AsyncClient, ev_login: EvLogin, workbench: httpx.AsyncClient
) -> None:
    case_id = await new_case()
    response = await upload(ev_api, await ev_login("officer1"), case_id, video_bytes(300))
    assert response.status_code == 201, response.text
    html = await case_page(workbench, "officer1", case_id)
    listed = evidence_list(html)
    assert "保管期限：长期（定期30年）" in listed and "光盘" not in listed
    assert 'data-point="行政执法现场的环境状况"' in html and "泰安市行政执法全过程记录办法》第十六条" in html
    assert 'data-points="opening"' not in html  # Taian names no spoken opening


async def test_the_leaders_exception_form_offers_the_missing_recordings_by_act_and_due_time() -> None:
    """The exception the archive waits for names a duty as a person knows it, never by its key."""
    case_id = await new_case()
    await add_obligation(case_id, "0009-inspection", due_in=-timedelta(days=3))
    await add_obligation(case_id, "0011-sampling", due_in=timedelta(days=1))
    async with transaction() as session:
        await session.execute(
            update(AvObligation)
            .where(AvObligation.case_id == case_id, AvObligation.key == "0011-sampling")
            .values(status="fulfilled")
        )
    async with transaction() as session:
        options = (await case_holdings(session, case_id))["missing_recording"]
    [(key, label)] = options
    assert key == "0009-inspection" and label.startswith("现场检查（勘验）（") and label.endswith("前存储）")
    assert "0009" not in label
