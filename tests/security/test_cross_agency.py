"""Another agency's case ids answer exactly like unknown ids: 404, nothing disclosed."""

from __future__ import annotations

import uuid

import httpx

from tests.api.conftest import Login
from tests.api.helpers import open_case

CASE_URLS = (
    ("GET", "/cases/{id}"),
    ("GET", "/cases/{id}/audit"),
    ("GET", "/cases/{id}/workflow"),
    ("GET", "/cases/{id}/documents"),
    ("GET", "/cases/{id}/case-file"),
    ("GET", "/cases/{id}/evidence"),
    ("GET", "/cases/{id}/services/decision"),
    ("POST", "/cases/{id}/steps/inquiry"),
)


async def test_foreign_case_ids_answer_like_unknown_ones(api: httpx.AsyncClient, login: Login) -> None:
    case = await open_case(api, await login("officer1"))
    outsider = await login("gd_officer")
    for method, url in CASE_URLS:
        body = {"json": {"payload": {}}} if method == "POST" else {}
        foreign = await api.request(method, url.format(id=case["id"]), headers=outsider, **body)
        unknown = await api.request(method, url.format(id=uuid.uuid4()), headers=outsider, **body)
        assert foreign.status_code == unknown.status_code == 404, (url, foreign.text)
        assert foreign.json() == unknown.json(), url
