"""Evidence: resumable uploads (tus-like), listing, viewing and downloading — every one audited.

Upload protocol: ``POST /cases/{id}/uploads`` declares size, sha256 and the description;
``PATCH /uploads/{id}`` appends bytes at ``Upload-Offset``; ``HEAD /uploads/{id}`` tells how many
bytes arrived (resume from there). The last byte verifies the sha256 and stores the evidence.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Request, Response, status
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import ClientDisconnect

from casetrail import limits
from casetrail.config import Settings, get_settings
from casetrail.errors import Forbidden, InvalidInput, NotFound, ProcedureViolation, TooLarge, Unavailable
from casetrail.evidence import uploads
from casetrail.evidence.access import Basis, Viewer, decide, party_access_citation, viewer_for, visible_marks
from casetrail.evidence.items import Lateness, check_obligation, check_recording_bytes, record_evidence
from casetrail.evidence.media import HEAD_BYTES
from casetrail.evidence.metadata import Confidentiality, EvidenceMetadata, UploadCreate, check_against_profile
from casetrail.rules.registry import get_profile
from casetrail.statuses import CaseStatus, UploadStatus
from casetrail.store import audit
from casetrail.store.blobs import BlobStore, StoredBlob
from casetrail.store.models import Case, EvidenceItem, UploadSession, User

from ..access import visible_agency_ids
from ..deps import CurrentUser, SessionDep, case_not_found
from ..evidence_schemas import EvidenceOut, UploadOut

router = APIRouter(tags=["evidence"])

UPLOADER_BASES = frozenset({Basis.case_officer, Basis.agency_staff})


def get_storage(request: Request) -> uploads.EvidenceStorage:
    storage: uploads.EvidenceStorage | None = getattr(request.app.state, "evidence_storage", None)
    if storage is None:
        settings: Settings = getattr(request.app.state, "settings", None) or get_settings()
        storage = uploads.EvidenceStorage(
            blobs=BlobStore(settings.home_path / "blobs"),
            uploads=settings.home_path / "uploads",
            max_bytes=settings.evidence_max_bytes,
        )
        request.app.state.evidence_storage = storage
    return storage


Storage = Annotated[uploads.EvidenceStorage, Depends(get_storage)]


def _now() -> datetime:
    return datetime.now(UTC)


async def _case_and_viewer(session: AsyncSession, user: User, case_id: uuid.UUID) -> tuple[Case, Viewer]:
    case = await session.get(Case, case_id)
    if case is None:
        raise case_not_found()
    viewer = await viewer_for(session, user, case, now=_now())
    if not viewer.is_staff and not viewer.grants:
        if user.memberships and case.agency_id not in await visible_agency_ids(session, user):
            raise case_not_found()  # another agency's case: as if unknown
        if not user.memberships:  # a party or their agent, not staff of some other agency
            profile = get_profile(case.profile_id, case.profile_version)
            raise Forbidden(
                "查阅、复制执法记录须经行政机关负责人批准：请先向承办机关提出申请",
                rule="record_access_approval_required",
                citation=party_access_citation(profile),
            )
        raise Forbidden(
            "无权查看该案件的执法记录：您不属于承办机关或其上级监督机关，也没有经批准的查阅申请",
            rule="record_access",
        )
    return case, viewer


async def _audit(
    session: AsyncSession, case_id: uuid.UUID, action: str, user: User, detail: dict[str, Any]
) -> None:
    await audit.append_event(
        session, case_id=case_id, action=action, actor_id=user.id, detail=detail, at=_now()
    )


# ---- uploads ----------------------------------------------------------------------------


@router.post("/cases/{case_id}/uploads", response_model=UploadOut, status_code=status.HTTP_201_CREATED)
async def open_upload(
    case_id: uuid.UUID, body: UploadCreate, session: SessionDep, user: CurrentUser, storage: Storage
) -> JSONResponse:
    """Declare an evidence file (size, sha256, description); then PATCH its bytes."""
    case, viewer = await _case_and_viewer(session, user, case_id)
    if not viewer.bases & UPLOADER_BASES:
        raise Forbidden("只有本机关执法人员或档案管理人员可以上传证据", rule="uploader_role")
    require_file_open(case)
    if body.size > storage.max_bytes:
        raise TooLarge(
            f"文件大小 {body.size} 字节超过上限 {storage.max_bytes} 字节，请联系管理员或分段制作",
            field="size",
            rule="max_evidence_size",
        )
    profile = get_profile(case.profile_id, case.profile_version)
    check_against_profile(profile, body.kind, body.metadata)
    # Lateness counts from when storing began (the upload opened), not from the last byte.
    lateness = await check_obligation(
        session, case.id, body.metadata, _now(), profile=profile, kind=body.kind
    )
    upload = UploadSession(
        id=uuid.uuid4(),
        case_id=case.id,
        created_by=user.id,
        kind=body.kind,
        filename=body.filename,
        media_type=body.media_type,
        size=body.size,
        sha256=body.sha256,
        meta=body.metadata.model_dump(mode="json"),
        late=lateness.late,
    )
    session.add(upload)
    await session.flush()
    await _audit(
        session,
        case.id,
        "evidence.upload_opened",
        user,
        {"upload_id": str(upload.id), "kind": body.kind, "size": body.size, "sha256": body.sha256},
    )
    storage.create_part(upload.id)
    await session.commit()
    out = UploadOut(id=upload.id, case_id=case.id, size=upload.size, offset=0, status=upload.status)
    return JSONResponse(
        out.model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED,
        headers={"Location": f"/uploads/{upload.id}", uploads.OFFSET_HEADER: "0"},
    )


def require_file_open(case: Case) -> None:
    """An archived file (归档) is closed: nothing is added to it any more."""
    if case.status == CaseStatus.archived:
        raise ProcedureViolation(
            "已归档，案卷只读：不能再向本案添加证据", field="case_id", rule="case_archived"
        )


async def _own_upload(session: AsyncSession, user: User, upload_id: uuid.UUID) -> UploadSession:
    upload = await session.get(UploadSession, upload_id)
    if upload is None:
        raise NotFound("该上传不存在，请重新上传", field="upload_id", rule="upload_not_found")
    if upload.created_by != user.id:
        raise Forbidden("只能续传本人创建的上传", rule="upload_owner")
    return upload


async def _upload_out(upload: UploadSession, storage: uploads.EvidenceStorage) -> UploadOut:
    offset = (
        upload.size if upload.status == UploadStatus.completed else await storage.settled_offset(upload.id)
    )
    return UploadOut(
        id=upload.id,
        case_id=upload.case_id,
        size=upload.size,
        offset=offset,
        status=upload.status,
        evidence_id=upload.evidence_id,
    )


def _offset_headers(out: UploadOut) -> dict[str, str]:
    headers = {
        uploads.OFFSET_HEADER: str(out.offset),
        "Upload-Length": str(out.size),
        "Upload-Status": out.status,
        "Cache-Control": "no-store",
    }
    if out.evidence_id:
        headers["Evidence-Id"] = str(out.evidence_id)
    return headers


@router.head("/uploads/{upload_id}")
async def upload_offset(
    upload_id: uuid.UUID, session: SessionDep, user: CurrentUser, storage: Storage
) -> Response:
    """How many bytes the server holds: resume the PATCH from there."""
    out = await _upload_out(await _own_upload(session, user, upload_id), storage)
    return Response(status_code=status.HTTP_200_OK, headers=_offset_headers(out))


@router.get("/uploads/{upload_id}", response_model=UploadOut)
async def upload_status(
    upload_id: uuid.UUID, session: SessionDep, user: CurrentUser, storage: Storage
) -> UploadOut:
    return await _upload_out(await _own_upload(session, user, upload_id), storage)


@router.patch("/uploads/{upload_id}", response_model=EvidenceOut)
async def append_upload(
    upload_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    storage: Storage,
    upload_offset: Annotated[int, Header(alias=uploads.OFFSET_HEADER, ge=0, le=limits.BIGINT_MAX)],
) -> Response:
    """Append bytes at ``Upload-Offset``; the last byte verifies the sha256 and stores the evidence."""
    upload = await _own_upload(session, user, upload_id)
    case = await session.get(Case, upload.case_id)
    if case is not None:
        require_file_open(case)  # archived while the upload was under way
    if upload.status != UploadStatus.open:
        state = upload.status.title
        raise ProcedureViolation(f"该上传{state}，不能继续写入", field="upload_id", rule="upload_closed")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and upload_offset + int(declared) > upload.size:
        raise TooLarge(
            f"数据超过声明的文件大小 {upload.size} 字节", field="size", rule="exceeds_declared_size"
        )
    # No transaction stays open while bytes stream in.
    await session.commit()
    received = await uploads.receive(
        storage,
        upload.id,
        declared_size=upload.size,
        client_offset=upload_offset,
        chunks=request.stream(),
        disconnect=ClientDisconnect,
    )
    if received.sha256 is None:
        out = await _upload_out(upload, storage)
        return Response(status_code=status.HTTP_204_NO_CONTENT, headers=_offset_headers(out))
    if received.sha256 != upload.sha256:
        await _reject(session, storage, upload, user, received.sha256)
    try:
        await check_recording_bytes(
            session,
            upload.case_id,
            upload.kind,
            EvidenceMetadata.model_validate(upload.meta),
            storage.head(upload.id, HEAD_BYTES),
        )
    except InvalidInput:
        await _discard(session, storage, upload, user, {"reason": "media_type_mismatch"})
        raise
    item = await _complete(session, storage, upload, user)
    out = await _upload_out(upload, storage)
    return JSONResponse(
        EvidenceOut.of(item).model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED,
        headers={**_offset_headers(out), "Location": f"/evidence/{item.id}"},
    )


async def _reject(
    session: AsyncSession, storage: uploads.EvidenceStorage, upload: UploadSession, user: User, actual: str
) -> None:
    """Nothing of a file whose hash does not match is kept; the attempt stays in the audit chain."""
    await _discard(
        session, storage, upload, user, {"declared_sha256": upload.sha256, "actual_sha256": actual}
    )
    raise InvalidInput(
        f"文件校验失败：声明的 SHA-256 为 {upload.sha256}，实际收到的为 {actual}；未作为证据保存，请重新上传",
        field="sha256",
        rule="sha256_mismatch",
    )


async def _discard(
    session: AsyncSession,
    storage: uploads.EvidenceStorage,
    upload: UploadSession,
    user: User,
    detail: dict[str, str],
) -> None:
    """Keep nothing of a refused file (no blob, no evidence, no duty fulfilled); audit the attempt."""
    storage.discard(upload.id)
    upload.status = UploadStatus.rejected
    upload.finished_at = _now()
    session.add(upload)
    await _audit(
        session, upload.case_id, "evidence.upload_rejected", user, {"upload_id": str(upload.id), **detail}
    )
    await session.commit()


async def _complete(
    session: AsyncSession, storage: uploads.EvidenceStorage, upload: UploadSession, user: User
) -> EvidenceItem:
    # The blob goes in first: a crash here leaves an unreferenced blob, never a row without its file.
    blob: StoredBlob = storage.adopt(upload.id, upload.sha256, upload.size)
    metadata = EvidenceMetadata.model_validate(upload.meta)
    late_reason = metadata.late_reason if upload.late else None
    item = await record_evidence(
        session,
        case_id=upload.case_id,
        kind=upload.kind,
        blob=blob,
        filename=upload.filename,
        media_type=upload.media_type,
        metadata=metadata,
        lateness=Lateness(upload.late, late_reason),
        actor_id=user.id,
        at=_now(),
    )
    upload.status = UploadStatus.completed
    upload.evidence_id = item.id
    upload.finished_at = item.created_at
    session.add(upload)
    await session.commit()
    return item


# ---- reading ----------------------------------------------------------------------------


@router.get("/cases/{case_id}/evidence", response_model=list[EvidenceOut])
async def list_evidence(case_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> list[EvidenceOut]:
    """The evidence the user may see in this case (items marked beyond their clearance are left out),
    with that of the inspection it was opened from."""
    case, viewer = await _case_and_viewer(session, user, case_id)
    marks = [mark.value for mark in visible_marks(viewer)]
    rows = await session.execute(
        select(EvidenceItem)
        .where(EvidenceItem.case_id.in_(case.evidence_case_ids), EvidenceItem.confidentiality.in_(marks))
        .order_by(EvidenceItem.created_at)
    )
    items = [
        i
        for i in rows.scalars()
        if viewer.is_staff or any(g.covers(i.id, "view", _now()) for g in viewer.grants)
    ]
    corrected = {i.supersedes_id for i in items if i.supersedes_id}
    await _audit(session, case.id, "evidence.listed", user, {"evidence_ids": [str(i.id) for i in items]})
    await session.commit()
    return [EvidenceOut.of(i, superseded=i.id in corrected) for i in items]


async def _authorised_item(
    session: AsyncSession, user: User, evidence_id: uuid.UUID, purpose: str
) -> tuple[EvidenceItem, dict[str, Any]]:
    item = await session.get(EvidenceItem, evidence_id)
    if item is None:
        raise NotFound("该证据不存在", field="evidence_id", rule="evidence_not_found")
    case, viewer = await _case_and_viewer(session, user, item.case_id)
    allowed = decide(
        viewer,
        evidence_id=item.id,
        mark=Confidentiality(item.confidentiality),
        purpose="download" if purpose == "download" else "view",
        profile=get_profile(case.profile_id, case.profile_version),
        now=_now(),
    )
    detail: dict[str, Any] = {
        "evidence_id": str(item.id),
        "sha256": item.sha256,
        "basis": allowed.basis.value,
    }
    if allowed.grant is not None:
        detail["grant_record_id"] = str(allowed.grant.record_id)
    return item, detail


@router.get("/evidence/{evidence_id}", response_model=EvidenceOut)
async def view_evidence(evidence_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> EvidenceOut:
    item, detail = await _authorised_item(session, user, evidence_id, "view")
    await _audit(session, item.case_id, "evidence.viewed", user, detail)
    await session.commit()
    return EvidenceOut.of(item)


@router.get("/evidence/{evidence_id}/content")
async def download_evidence(
    evidence_id: uuid.UUID, session: SessionDep, user: CurrentUser, storage: Storage
) -> StreamingResponse:
    """The original file, byte for byte; a party's download is a release under an approved grant."""
    item, detail = await _authorised_item(session, user, evidence_id, "download")
    if not storage.blobs.exists(item.sha256):
        raise Unavailable(
            "证据原始文件缺失，已记录；请运维人员运行 `casetrail verify` 检查", rule="blob_missing"
        )
    action = "evidence.shared" if "grant_record_id" in detail else "evidence.downloaded"
    await _audit(session, item.case_id, action, user, detail)
    await session.commit()
    return StreamingResponse(
        storage.blobs.iter_chunks(item.sha256),
        media_type=item.media_type,
        headers={
            "Content-Length": str(item.size),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(item.filename)}",
            "ETag": f'"{item.sha256}"',
            "Cache-Control": "private, no-store",
        },
    )
