"""Evidence uploaded in the browser, resumably: a dropped connection mid-file resumes from the
server's offset, and the file is listed with its sha256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import httpx
from playwright.async_api import Browser, Route, expect

from tests.api.conftest import Login

from .cases import case_in_investigation
from .driver import Desk


async def test_upload_survives_a_dropped_connection(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login, tmp_path: Path
) -> None:
    case = await case_in_investigation(api, login)

    content = os.urandom(2 * 1024 * 1024 + 12345)  # three PATCHes of 1 MiB
    path = tmp_path / "现场检查说明.pdf"
    path.write_bytes(content)
    dropped: list[str] = []

    async def drop_second_chunk(route: Route) -> None:
        request = route.request
        if request.method == "PATCH" and request.headers.get("upload-offset") != "0" and not dropped:
            dropped.append(request.headers["upload-offset"])
            await route.abort("connectionreset")
        else:
            await route.continue_()

    officer = await Desk.sign_in(browser, live_server, "officer1")
    await officer.page.route("**/uploads/*", drop_second_chunk)
    await officer.visit(f"/ui/cases/{case['id']}")
    form = await officer.open_step("upload")
    await form.locator("input[type=file]").set_input_files(str(path))
    await form.locator("select[name=kind]").select_option(label="书证、电子文件")
    await form.locator("[name=proves]").fill("现场检查时当事人经营场所的情况")
    await form.get_by_role("button", name="上传", exact=True).click()
    await expect(officer.page.locator("#evidence")).to_contain_text(
        hashlib.sha256(content).hexdigest(), timeout=30_000
    )
    await expect(officer.page.locator("#evidence")).to_contain_text("现场检查说明.pdf")
    assert dropped == [str(1024 * 1024)]
    await officer.check_page()


async def test_party_signature_drawn_on_a_phone_is_stored_as_evidence(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    case = await case_in_investigation(api, login)
    officer = await Desk.sign_in(browser, live_server, "officer1", phone=True)
    await officer.visit(f"/ui/cases/{case['id']}")
    form = await officer.open_step("upload")
    canvas = form.locator("[data-signature] canvas")
    box = await canvas.bounding_box()
    assert box is not None
    mouse = officer.page.mouse
    await mouse.move(box["x"] + 20, box["y"] + 100)
    await mouse.down()
    for step in range(1, 12):
        await mouse.move(box["x"] + 20 + step * 25, box["y"] + 100 + (-1) ** step * 40)
    await mouse.up()
    await form.get_by_role("button", name="使用此签名作为上传文件").click()
    await expect(form.locator("select[name=kind]")).to_have_value("photo")
    await form.locator("[name=proves]").fill("当事人对现场检查笔录无异议并签名")
    await form.get_by_role("button", name="上传", exact=True).click()
    await expect(officer.page.locator("#evidence")).to_contain_text("当事人签名.png", timeout=30_000)
    await expect(officer.page.locator("#evidence img")).to_have_count(1)
    await officer.check_page()
