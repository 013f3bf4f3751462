"""The site around the workbench pages: our own static files and the npm front-end parts (no CDN),
``/docs`` served offline, and Chinese error pages in the site layout for every ``/ui`` address."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from casetrail.errors import CasetrailError

STATIC = Path(__file__).parent / "static"
# Installed by `make node_modules` (npm ci) from package-lock.json at the repository root.
NODE_MODULES = Path(os.environ.get("CASETRAIL_NODE_MODULES", Path(__file__).parents[2] / "node_modules"))
# Served path -> the package folder holding the files the pages load.
VENDOR = {
    "htmx": "htmx.org/dist",
    "alpinejs": "alpinejs/dist",
    "tus": "tus-js-client/dist",
    "signature_pad": "signature_pad/dist",
    "axe-core": "axe-core",
    "swagger-ui": "swagger-ui-dist",
    "echarts": "echarts/dist",
}
ERROR_TITLES = {
    401: "请先登录",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持该操作",
    409: "当前不能办理",
    422: "填写有误",
    503: "服务暂不可用",
}

PageFn = Callable[..., HTMLResponse]


def vendor_available(name: str) -> bool:
    return (NODE_MODULES / VENDOR[name]).is_dir()


def _is_ui(request: Request) -> bool:
    return request.url.path == "/" or request.url.path.startswith("/ui/")


def installer(
    router: APIRouter,
    *,
    page: PageFn,
    error_context: Callable[[CasetrailError], dict[str, Any]],
    login_required: type[Exception],
) -> Callable[[FastAPI], None]:
    def error_page(request: Request, status: int, error: dict[str, Any]) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        title = ERROR_TITLES.get(status, "出错了")
        return page(
            request, "error.html", {"user": user, "title": title, "error": error, "status": status}, status
        )

    def install(app: FastAPI) -> None:
        json_domain = app.exception_handlers[CasetrailError]
        json_http = app.exception_handlers[StarletteHTTPException]

        @app.exception_handler(login_required)
        async def to_login(request: Request, _: Exception) -> RedirectResponse:
            back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            if request.method != "GET":
                back = request.headers.get("referer", "/ui/cases").split(
                    str(request.base_url).rstrip("/"), 1
                )[-1]
            return RedirectResponse(f"/ui/login?next={quote(back)}", status_code=303)

        @app.exception_handler(CasetrailError)
        async def domain_error(request: Request, exc: CasetrailError) -> Response:
            if _is_ui(request):
                return error_page(request, exc.status_code, error_context(exc))
            return await _delegate(json_domain, request, exc)

        @app.exception_handler(StarletteHTTPException)
        async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
            if _is_ui(request):
                message = ERROR_TITLES.get(exc.status_code, "请求无法完成")
                return error_page(request, exc.status_code, {"message": message})
            return await _delegate(json_http, request, exc)

        @app.get("/", include_in_schema=False)
        async def home() -> RedirectResponse:
            return RedirectResponse("/ui/cases", status_code=303)

        _offline_docs(app)
        app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")
        for name, folder in VENDOR.items():
            if vendor_available(name):
                app.mount(
                    f"/ui/vendor/{name}", StaticFiles(directory=NODE_MODULES / folder), name=f"vendor-{name}"
                )
        app.include_router(router)

    return install


async def _delegate(handler: Any, request: Request, exc: Exception) -> Response:
    """The JSON API's own handler for addresses outside the workbench."""
    response: Response = await handler(request, exc)
    return response


def _offline_docs(app: FastAPI) -> None:
    """Swagger UI from our own static path instead of a CDN (the default /docs is blank offline)."""
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != app.docs_url]

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} · 接口文档",
            swagger_js_url="/ui/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/ui/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/ui/static/favicon.svg",
        )
