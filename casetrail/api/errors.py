"""Every error leaves the API as JSON naming the field and the rule, in Chinese; never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
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
    "bool_parsing": "应为 true 或 false",
    "float_parsing": "应为数字",
    "int_from_float": "应为整数",
    "timezone_aware": "时间须带时区（北京时间 +08:00）",
    "uuid_type": "应为 UUID",
    "string_type": "应为文本",
    "int_type": "应为整数",
}

# Bounds: the reason names the limit from the error's context.
_BOUNDS_ZH = {
    "greater_than_equal": ("ge", "不得小于 {}"),
    "greater_than": ("gt", "应大于 {}"),
    "less_than_equal": ("le", "不得大于 {}"),
    "less_than": ("lt", "应小于 {}"),
    "too_long": ("max_length", "最多 {} 项"),
    "string_too_long": ("max_length", "过长，最多 {} 个字符"),
    "too_short": ("min_length", "至少 {} 项"),
}


def reason_zh(err: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    if kind == "value_error":  # our own validators' messages are already Chinese
        return str(err.get("msg", "取值无效")).removeprefix("Value error, ")
    bound = _BOUNDS_ZH.get(kind)
    ctx = err.get("ctx") or {}
    if bound is not None and bound[0] in ctx:
        return bound[1].format(ctx[bound[0]])
    return _REASONS_ZH.get(kind, "取值不符合要求")


class ErrorBody(BaseModel):
    code: str = Field(description="错误类别")
    message: str = Field(description="给人看的中文说明")
    field: str | None = Field(default=None, description="出错的字段")
    rule: str | None = Field(default=None, description="违反的规则")
    citation: str | None = Field(default=None, description="法律依据")
    allowed: list[str] | None = Field(default=None, description="此时允许的取值或步骤")


class ErrorOut(BaseModel):
    error: ErrorBody


# Documented on every operation of the OpenAPI: what each 4xx/5xx means here.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": description}
    for status, description in (
        (401, "未登录或登录已失效"),
        (403, "无权办理（角色、职责分离、保密）"),
        (404, "不存在，或不在您的机关及其监督范围内"),
        (409, "程序上此时不允许（附允许的步骤与法律依据）"),
        (413, "请求内容过大"),
        (422, "字段不符合要求（指明字段与规则）"),
        (429, "请求过于频繁或登录失败次数过多"),
        (503, "数据库、Temporal 或 worker 暂不可用，请稍后以相同 submission_id 重试"),
    )
}

_DATABASE_DOWN = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    psycopg.OperationalError,
    ConnectionRefusedError,
)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def error_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": body}, status_code=status, headers=headers)


async def database_down(_: Request, exc: Exception) -> JSONResponse:
    log.error("database unreachable: %s", exc)
    return error_response(
        503,
        {
            "code": "unavailable",
            "rule": "database_unreachable",
            "message": "数据库暂时无法连接，请稍后重试；如持续出现请联系运维人员（casetrail doctor）",
        },
        headers={"Retry-After": "5"},
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(CasetrailError)
    async def domain_error(_: Request, exc: CasetrailError) -> JSONResponse:
        return error_response(exc.status_code, exc.to_dict())

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            field = _field_path(tuple(err.get("loc", ())))
            reason = reason_zh(err)
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
        if isinstance(exc, _DATABASE_DOWN) or exc.connection_invalidated:
            return await database_down(request, exc)
        return await unexpected(request, exc)

    for kind in (PoolTimeout, psycopg.OperationalError, ConnectionRefusedError):
        app.add_exception_handler(kind, database_down)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Logged for ops with the trace; the user gets a clear message, never the trace.
        log.exception("unhandled error")
        return error_response(500, {"code": "internal", "message": "系统内部错误，已记录，请联系运维人员"})
