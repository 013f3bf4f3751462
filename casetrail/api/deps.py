"""Request dependencies: the session, the signed-in user, the case they may see, the gateway."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import NotFound, Unauthorized
from casetrail.store.db import session_factory
from casetrail.store.models import AuthToken, Case, User

from .access import visible_agency_ids
from .gateway import CaseGateway
from .security import SESSION_COOKIE, token_hash

_bearer = HTTPBearer(auto_error=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with session_factory()() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def presented_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None
) -> str | None:
    """The bearer token (API clients) or the session cookie (web UI)."""
    return credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)


PresentedToken = Annotated[str | None, Depends(presented_token)]


async def get_current_user(session: SessionDep, token: PresentedToken) -> User:
    if not token:
        raise Unauthorized(
            "请先登录（Authorization: Bearer <token> 或登录会话）", rule="authentication_required"
        )
    row = (
        await session.execute(
            select(AuthToken, User)
            .join(User, User.id == AuthToken.user_id)
            .where(AuthToken.token_hash == token_hash(token))
        )
    ).first()
    if row is None or row[0].revoked or row[0].expires_at <= datetime.now(UTC) or not row[1].active:
        raise Unauthorized("登录已失效，请重新登录", rule="token_invalid")
    return row[1]


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_current_case(case_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> Case:
    case = await session.get(Case, case_id)
    # Another agency's case answers exactly like an unknown one: its existence is not disclosed.
    if case is None or case.agency_id not in await visible_agency_ids(session, user):
        raise case_not_found()
    return case


def case_not_found() -> NotFound:
    return NotFound("案件不存在，或不在您所在机关及其监督范围内", field="case_id", rule="case_not_found")


CurrentCase = Annotated[Case, Depends(get_current_case)]


def get_gateway(request: Request) -> CaseGateway:
    gateway: CaseGateway | None = request.app.state.gateway
    if gateway is None:
        from casetrail.errors import Unavailable

        raise Unavailable(
            "Temporal 服务未连接，请稍后重试或运行 `casetrail doctor`", rule="temporal_unreachable"
        )
    return gateway


Gateway = Annotated[CaseGateway, Depends(get_gateway)]
