"""Every error leaves the API as JSON naming the field and the rule, in Chinese; never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from casetrail.errors import CasetrailError

log = logging.getLogger(__name__)

_REASONS_ZH = {
    "missing": "必填",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "uuid_parsing": "应为 UUID",
    "int_parsing": "应为整数",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "datetime_parsing": "时间格式应为 ISO 8601",
    "datetime_from_date_parsing": "时间格式应为 ISO 8601",
    "too_short": "数量不足",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "json_invalid": "不是合法的 JSON",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "value_error": "取值无效",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def error_response(status: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse({"error": body}, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(CasetrailError)
    async def domain_error(_: Request, exc: CasetrailError) -> JSONResponse:
        return error_response(exc.status_code, exc.to_dict())

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            field = _field_path(tuple(err.get("loc", ())))
            if err.get("type") == "value_error":  # our own validators' messages are already Chinese
                reason = str(err.get("msg", "取值无效")).removeprefix("Value error, ")
            else:
                reason = _REASONS_ZH.get(err.get("type", ""), err.get("msg", "取值无效"))
            problems.append({"field": field, "rule": err.get("type"), "message": f"字段 {field}：{reason}"})
        first = problems[0] if problems else {"field": "body", "rule": "invalid", "message": "请求无效"}
        return error_response(
            422,
            {
                "code": "invalid",
                **first,
                "message": "；".join(p["message"] for p in problems),
                "problems": problems,
            },
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "资源不存在", 405: "不支持该请求方法", 401: "请先登录"}
        return error_response(
            exc.status_code, {"code": "http_error", "message": messages.get(exc.status_code, str(exc.detail))}
        )

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        if not exc.connection_invalidated:
            return await unexpected(request, exc)
        # The pool does not ping connections before use: a dropped one fails here, once, and is replaced.
        log.warning("database connection lost: %s", exc.orig)
        return error_response(
            503, {"code": "unavailable", "rule": "database_connection_lost",
                  "message": "与数据库的连接已中断，已重新连接；请重试（重试不会重复办理）"},
        )  # fmt: skip

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Logged for ops with the trace; the user gets a clear message, never the trace.
        log.exception("unhandled error")
        return error_response(500, {"code": "internal", "message": "系统内部错误，已记录，请联系运维人员"})
