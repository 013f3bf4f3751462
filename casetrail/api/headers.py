"""Security headers on every response: no framing anywhere (clickjacking), no MIME sniffing, and a
content security policy on the pages a person sees.

The workbench serves its scripts and styles from our own static path (DESIGN.md: no CDN), so the
policy allows only 'self'; the inline <style> of the server-rendered pages is the one exception.
The interactive API docs (/docs: Swagger UI from /ui/vendor, with its inline start-up script) keep
only the frame-blocking part.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from .asgi import HttpMiddleware

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
FRAMING_ONLY = "frame-ancestors 'none'"
_DOCS = ("/docs",)


class SecurityHeaders(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        docs = str(scope.get("path", "")).startswith(_DOCS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                html = headers.get("content-type", "").startswith("text/html")
                headers["Content-Security-Policy"] = PAGE_POLICY if html and not docs else FRAMING_ONLY
            await send(message)

        await self.app(scope, receive, with_headers)
