"""Workbench pages over HTTP (cookie session): PRG with one submission id, refused forms keep what was
typed, CSRF, Chinese error pages, session expiry back to the page, /docs offline, nothing raw shown."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select
from temporalio.client import Client

from casetrail.api.ui import csrf_token
from casetrail.notifications.service import notify
from casetrail.seed import DEMO_PASSWORD
from casetrail.store.db import transaction
from casetrail.store.models import User
from tests.api.conftest import Login, make_app
from tests.api.helpers import approve_filing, ids_of, open_case, wait_for_phase

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RAW = re.compile(r"\b(None|True|False|JSON|investigation|officer_ids|filing_approval)\b|\{'|\[\]")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_plain(html: str) -> None:
    """What a person reads: no raw id, no Python repr, no English key or status."""
    text = visible_text(html)
    assert not UUID.search(text), UUID.search(text)
    found = RAW.search(text)
    assert found is None, text[max(0, found.start() - 80) : found.end() + 80]


@pytest.fixture
async def browser_like(temporal_client: Client, worker: None) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=make_app(temporal_client))
    # https: the session cookie is Secure, and a client sends it over https only.
    async with httpx.AsyncClient(transport=transport, base_url="https://casetrail.test") as client:
        yield client


async def sign_in(client: httpx.AsyncClient, username: str) -> str:
    response = await client.post("/ui/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 303
    return csrf_token(client.cookies.get("casetrail_session"))


async def test_error_pages_are_chinese_pages_in_the_layout(browser_like: httpx.AsyncClient) -> None:
    response = await browser_like.get(f"/ui/cases/{uuid.uuid4()}")
    assert response.status_code == 303 and "/ui/login?next=/ui/cases/" in response.headers["location"]
    await sign_in(browser_like, "officer1")
    missing = await browser_like.get(f"/ui/cases/{uuid.uuid4()}")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "页面不存在" in missing.text and "行政执法全过程记录" in missing.text
    assert_plain(missing.text)
    nowhere = await browser_like.get("/ui/nowhere")
    assert nowhere.status_code == 404 and "页面不存在" in nowhere.text
    # The JSON API keeps answering JSON.
    assert (await browser_like.get(f"/cases/{uuid.uuid4()}")).headers["content-type"] == "application/json"


async def test_docs_work_offline(browser_like: httpx.AsyncClient) -> None:
    docs = await browser_like.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text
    assert "/ui/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    bundle = await browser_like.get("/ui/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    for asset in ("/ui/vendor/htmx/htmx.min.js", "/ui/vendor/tus/tus.min.js", "/ui/static/app.js"):
        assert (await browser_like.get(asset)).status_code == 200, asset


async def test_a_step_through_the_form(
    browser_like: httpx.AsyncClient, api: httpx.AsyncClient, login: Login
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    assert (await approve_filing(api, officer, leader, case["id"])).status_code == 200
    await wait_for_phase(api, officer, case["id"], "investigation")
    csrf = await sign_in(browser_like, "officer1")
    page = await browser_like.get(f"/ui/cases/{case['id']}")
    assert page.status_code == 200 and "下一步" in page.text and 'data-form="inspection"' in page.text
    assert_plain(page.text)

    one, two = await ids_of("officer1", "officer2")
    form = {
        "csrf": csrf,
        "submission_id": str(uuid.uuid4()),
        "place": "某某超市",
        "started_at": "2026-11-20T09:30",
        "ended_at": "2026-11-20T10:10",
        "certificates_shown": "true",
        "findings": "货架上有过期酸奶12盒",
        "present": "店长王某",
        "signed_by": "王某",
        "av_recorded": "true",
        "recording_ended_at": "2026-11-20T10:10",
    }
    url = f"/ui/cases/{case['id']}/steps/inspection"
    # Without the token: refused, nothing recorded.
    forged = await browser_like.post(url, data={**form, "csrf": "x", "officer_ids": [one, two]})
    assert forged.status_code == 403 and "CSRF" in forged.text
    # One officer alone: refused beside the field, the article cited, what was typed kept.
    alone = await browser_like.post(url, data={**form, "officer_ids": [one]})
    assert alone.status_code in (409, 422)
    assert "第四十二条" in alone.text and "货架上有过期酸奶12盒" in alone.text
    assert re.search(r'<details class="step" name="next-step" data-form="inspection" open>', alone.text)
    assert_plain(alone.text)
    # Both: accepted, then redirected (a reload is a GET); the same form sent again is applied once.
    done = await browser_like.post(url, data={**form, "officer_ids": [one, two]})
    assert done.status_code == 303 and done.headers["location"] == f"/ui/cases/{case['id']}"
    again = await browser_like.post(url, data={**form, "officer_ids": [one, two]})
    assert again.status_code == 303
    detail = (await api.get(f"/cases/{case['id']}", headers=officer)).json()
    inspections = [r for r in detail["records"] if r["kind"] == "inspection"]
    assert len(inspections) == 1
    assert inspections[0]["fields"]["started_at"].endswith("+08:00")
    shown = await browser_like.get(f"/ui/cases/{case['id']}")
    assert "已记录" in shown.text or "现场检查" in shown.text
    assert "2026年11月20日 09:30" in shown.text and "店长王某" in shown.text
    assert_plain(shown.text)


async def test_desk_posts_need_the_token_and_the_header_leads_to_desk_dashboard_notifications(
    browser_like: httpx.AsyncClient,
) -> None:
    csrf = await sign_in(browser_like, "leader")
    desk = await browser_like.get("/ui/desk")
    assert desk.status_code == 200 and f'name="csrf" value="{csrf}"' in desk.text
    for link in ('href="/ui/desk">审批台', 'href="/ui/dashboard">执法监督', 'href="/ui/notifications">通知'):
        assert link in desk.text, link
    assert 'href="/ui/cases/new"' not in desk.text  # 立案 is the officers'
    assert_plain(desk.text)
    forged = await browser_like.post(f"/ui/desk/{uuid.uuid4()}", data={"csrf": "x", "decision": "approve"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    forged = await browser_like.post(
        "/ui/desk-delegations", data={"deputy_id": str(uuid.uuid4()), "ends_at": "2030-01-01T00:00"}
    )
    assert forged.status_code == 403 and "CSRF" in forged.text
    async with transaction() as session:
        leader = (await session.execute(select(User.id).where(User.username == "leader"))).scalar_one()
        await notify(
            session,
            key=f"test-page-{uuid.uuid4()}",
            user_id=leader,
            case_id=None,
            kind="reminder",
            title="期限提醒：测试案件",
            body="立案审批将于明日届满",
            link="/ui/tasks",
        )
    notices = await browser_like.get("/ui/notifications")
    assert notices.status_code == 200 and "<h1>通知</h1>" in notices.text
    assert 'class="badge"' in notices.text and "期限提醒：测试案件" in notices.text and "未读" in notices.text
    assert_plain(notices.text)
    read = await browser_like.post("/ui/notifications/read-all", data={"csrf": csrf})
    assert read.status_code == 303 and read.headers["location"] == "/ui/notifications"
    # The notification written above is read now. (No badge at all cannot be asserted: in a full run the
    # worker's reminder ladders may notify this leader of other tests' cases meanwhile.)
    after = (await browser_like.get("/ui/notifications")).text
    mine = after.split("期限提醒：测试案件", 1)[1].split("</li>", 1)[0]
    assert "未读" not in mine


def test_a_missing_value_never_prints_as_none() -> None:
    from casetrail.api.ui import templates

    assert templates.env.from_string("[{{ label }}]").render(label=None) == "[]"
    assert templates.env.from_string("[{{ label or '法定期限' }}]").render(label=None) == "[法定期限]"
