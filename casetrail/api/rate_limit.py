"""A per-address token bucket on the endpoints anyone may call without signing in.

Sign-in (argon2 by design costs CPU), the deadline calculator, the rules catalogue and the health
check answer strangers; each address may call them ``per_minute`` times a minute on average, in
bursts of at most as many. The buckets live in this process: with several API replicas each one
limits on its own, which bounds the load per replica, the point of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from casetrail.errors import TooManyRequests

from .asgi import HttpMiddleware
from .input_guard import refusal

OPEN_PATHS = ("/auth/login", "/ui/login", "/deadlines/", "/profiles", "/health")
_MAX_ADDRESSES = 10_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimit(HttpMiddleware):
    def __init__(self, app: ASGIApp, *, per_minute: int) -> None:
        super().__init__(app)
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self.buckets: dict[str, _Bucket] = {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.capacity <= 0 or not str(scope.get("path", "")).startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._take(client[0] if client else "unknown")
        if wait > 0:
            error = TooManyRequests(f"请求过于频繁，请 {int(wait) + 1} 秒后再试", rule="rate_limited")
            response = refusal(scope, error)
            response.headers["Retry-After"] = str(int(wait) + 1)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _take(self, address: str) -> float:
        """Take a token; 0 when granted, else the seconds until one is available."""
        now = time.monotonic()
        bucket = self.buckets.get(address)
        if bucket is None:
            if len(self.buckets) >= _MAX_ADDRESSES:
                self._forget_idle(now)
            bucket = self.buckets[address] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.refill)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.refill

    def _forget_idle(self, now: float) -> None:
        full_after = self.capacity / self.refill
        for address in [a for a, b in self.buckets.items() if now - b.at >= full_after]:
            del self.buckets[address]
        if len(self.buckets) >= _MAX_ADDRESSES:
            self.buckets.clear()
