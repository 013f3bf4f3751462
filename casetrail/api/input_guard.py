"""The edge every request crosses: refuse control characters (422), overlong text (422) and
over-large bodies (413) before any route, gateway or workflow sees them.

JSON bodies, url-encoded form fields and query strings are all checked here, once, so no route can
forget it. Files (the resumable evidence upload) are streamed by their own route and not read here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send

from casetrail import limits
from casetrail.errors import CasetrailError, InvalidInput, TooLarge

from .asgi import HttpMiddleware

_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")


def control_character(field: str) -> InvalidInput:
    return InvalidInput(
        f"字段 {field}：含有不可见的控制字符（如 NUL），请删除后重试",
        field=field,
        rule="control_character",
    )


def too_long(field: str, limit: int) -> InvalidInput:
    return InvalidInput(f"字段 {field}：过长，最多 {limit} 个字符", field=field, rule="string_too_long")


def check_pairs(pairs: Iterable[tuple[str, str]], limit: int) -> None:
    for key, value in pairs:
        for text in (key, value):
            if limits.has_control_character(text):
                raise control_character(key)
            if len(text) > limit:
                raise too_long(key, limit)


def check_json(document: Any) -> None:
    where = limits.first_control_character(document)
    if where is not None:
        raise control_character(where)
    where = limits.first_overlong(document)
    if where is not None:
        raise too_long(where, limits.LONG_TEXT_MAX)


def body_too_large() -> TooLarge:
    return TooLarge(
        f"请求内容过大（上限 {limits.BODY_MAX_BYTES // 1024} KiB）；证据文件请通过分段上传提交",
        field="body",
        rule="body_too_large",
    )


def refusal(scope: Scope, error: CasetrailError) -> Response:
    headers = dict(scope["headers"])
    if b"text/html" in headers.get(b"accept", b""):
        # A person in the browser reads a sentence, never JSON.
        page = f"<!doctype html><meta charset=utf-8><title>请求被拒绝</title><p>{escape(error.message)}</p>"
        return HTMLResponse(page, status_code=error.status_code)
    return JSONResponse({"error": error.to_dict()}, status_code=error.status_code)


class InputGuard(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            check_pairs(
                parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True),
                limits.QUERY_VALUE_MAX,
            )
            body = await self._read_checked_body(scope, receive)
        except CasetrailError as error:
            await refusal(scope, error)(scope, receive, send)
            return
        if body is None:
            await self.app(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_checked_body(self, scope: Scope, receive: Receive) -> bytes | None:
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if scope["method"] not in ("POST", "PUT", "PATCH") or content_type not in _BODY_TYPES:
            return None
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limits.BODY_MAX_BYTES:
            raise body_too_large()
        body = bytearray()
        while True:
            message = await receive()
            body.extend(message.get("body", b""))
            if len(body) > limits.BODY_MAX_BYTES:
                raise body_too_large()
            if not message.get("more_body", False):
                break
        if content_type == "application/json":
            try:
                document = json.loads(body)
            except ValueError:
                return bytes(body)  # the route answers 422 "不是合法的 JSON"
            check_json(document)
        else:
            check_pairs(
                parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True), limits.LONG_TEXT_MAX
            )
        return bytes(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
