"""A case's issued documents (文书): list, download, verify, and the whole case file (卷宗) as one PDF.

Scope is the case's agency (``CurrentCase``); every download, of a document or of the case file, is an
audit event (``document.downloaded``) in the case's hash chain, committed before the bytes are sent.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Response
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.services import documents
from casetrail.services.rendering import Renderer, default_renderer
from casetrail.store import audit
from casetrail.store.blobs import BlobStore, default_store
from casetrail.store.models import Case, IssuedDocument, User

from ..deps import CurrentCase, CurrentUser, SessionDep
from ..schemas import DocumentOut, VerificationOut

router = APIRouter(prefix="/cases/{case_id}", tags=["documents"])

Blobs = Annotated[BlobStore, Depends(default_store)]
RendererDep = Annotated[Renderer, Depends(default_renderer)]


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266: an ASCII fallback, and the Chinese name (the 文号) percent-encoded for every browser."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def _pdf(content: bytes, filename: str, fallback: str, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(filename, fallback), **(headers or {})},
    )


async def _record_download(session: AsyncSession, case: Case, user: User, detail: dict[str, Any]) -> None:
    await audit.append_event(
        session,
        case_id=case.id,
        action="document.downloaded",
        actor_id=user.id,
        detail=detail,
        at=datetime.now(UTC),
    )
    await session.commit()


@router.get("/documents", response_model=list[DocumentOut])
async def list_documents(case: CurrentCase, session: SessionDep) -> list[IssuedDocument]:
    """The case's issued documents, in the order they were issued."""
    return await documents.case_documents(session, case.id)


@router.get("/documents/{document_id}/pdf", response_class=Response)
async def download_document(
    document_id: uuid.UUID, case: CurrentCase, user: CurrentUser, session: SessionDep, store: Blobs
) -> Response:
    row = await documents.case_document(session, case.id, document_id)
    pdf = await asyncio.to_thread(store.read, row.sha256)
    name = f"{row.title}-{row.number}" if row.number else f"{row.title}-{row.id.hex[:8]}"
    await _record_download(session, case, user, {"document_id": str(row.id), "number": row.number,
                                                 "title": row.title, "sha256": row.sha256})  # fmt: skip
    return _pdf(pdf, f"{name}.pdf", f"document-{row.id}.pdf")


@router.get("/documents/{document_id}/verify", response_model=VerificationOut)
async def verify_document(
    document_id: uuid.UUID, case: CurrentCase, session: SessionDep, store: Blobs, renderer: RendererDep
) -> documents.Verification:
    """Render again from the stored snapshot and template version; compare with the issued bytes."""
    row = await documents.case_document(session, case.id, document_id)
    return await documents.verify_document(row, store=store, renderer=renderer)


@router.get("/case-file", response_class=Response)
async def case_file(
    case: CurrentCase, user: CurrentUser, session: SessionDep, store: Blobs, renderer: RendererDep
) -> Response:
    """The 卷宗: 卷内目录 first, then every issued document, each bookmarked, as one PDF."""
    rows = await documents.case_documents(session, case.id)
    bound = await documents.bind_case_file(rows, case, store=store, renderer=renderer)
    await _record_download(session, case, user, {
        "case_file": True,
        "documents": [str(row.id) for row in rows],
        "sha256": bound.sha256,
        "pages": bound.page_count,
        "changed_templates": list(bound.changed_templates),
    })  # fmt: skip
    # Documents whose template changed since issue are laid out with the current one: say so.
    headers = {"X-Changed-Templates": ",".join(bound.changed_templates)} if bound.changed_templates else {}
    return _pdf(bound.pdf, f"卷宗-{case.case_no}.pdf", f"case-file-{case.id}.pdf", headers)
