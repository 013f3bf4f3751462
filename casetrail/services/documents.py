"""Issued documents (文书): issue (number, render, store, record), read back, verify, bind the case file.

Issuing takes three short transactions and holds no lock while rendering: the number is taken from
the counter and recorded as reserved (a retry of the step reuses it); the PDF is rendered in the
render pool with it and stored; then, with the case row locked (the idempotency check is exact), the
``issued_documents`` row, the ``document.issued`` audit event and the number's issue are written. A
failed render voids the number with the reason, so every 文号 is issued or voided, never lost.

The PDF is written to the blob store before the commit: if the commit then fails, an unreferenced
blob remains (content-addressed, harmless), never a row without its PDF.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.documents.case_data import CaseFacts, CaseOfficerFacts, document_data
from casetrail.documents.casefile import Attachment, RenderedCaseFile, build_case_file
from casetrail.documents.catalog import DocumentKind, Volume, get_kind
from casetrail.documents.numbering import DocumentNumber
from casetrail.documents.render import RenderedDocument, render, rendering_environment
from casetrail.documents.validation import validate_data
from casetrail.errors import CasetrailError, NotFound
from casetrail.rules.acts import EnforcementAct
from casetrail.services.rendering import Renderer
from casetrail.store import audit
from casetrail.store.blobs import BlobStore
from casetrail.store.db import transaction
from casetrail.store.models import (
    Agency,
    AvObligation,
    Case,
    CaseOfficer,
    EvidenceItem,
    IssuedDocument,
    NumberStatus,
    Record,
    TakenNumber,
    User,
)
from casetrail.store.numbering import live_number, settle_number, take_number
from casetrail.workflows.types import IssuedDocumentRef, IssueDocument

CST = timezone(timedelta(hours=8))
VOID_FAILED = "生成过程异常中断"
VOID_CHANGED = "文书日期变更，改用新年度文号"


def reference(row: IssuedDocument) -> IssuedDocumentRef:
    return IssuedDocumentRef(str(row.id), row.number, row.sha256, row.pages, row.title)


async def _issued(session: AsyncSession, case_id: uuid.UUID, step_key: str) -> IssuedDocument | None:
    query = select(IssuedDocument).where(
        IssuedDocument.case_id == case_id, IssuedDocument.step_key == step_key
    )
    return (await session.execute(query)).scalar_one_or_none()


async def load_case_facts(session: AsyncSession, case_id: uuid.UUID) -> tuple[Case, CaseFacts]:
    row = (
        await session.execute(
            select(Case, Agency).join(Agency, Agency.id == Case.agency_id).where(Case.id == case_id)
        )
    ).first()
    if row is None:
        raise NotFound("案件不存在", field="case_id", rule="case_not_found")
    case, agency = row
    officers = (
        await session.execute(
            select(User.full_name, CaseOfficer.certificate_no)
            .join(User, User.id == CaseOfficer.user_id)
            .where(CaseOfficer.case_id == case_id)
            .order_by(CaseOfficer.lead.desc(), CaseOfficer.certificate_no)
        )
    ).all()
    facts = CaseFacts(
        agency_name=agency.name,
        agency_short_name=agency.short_name,
        case_number=case.case_no,
        cause=case.cause,
        party=case.party,
        officers=[CaseOfficerFacts(name, certificate) for name, certificate in officers],
    )
    return case, facts


async def _take_number(
    kind: DocumentKind, case: Case, facts: CaseFacts, step_key: str, year: int
) -> TakenNumber | None:
    """The step's number: the one a previous attempt reserved, or the next, in its own short
    transaction (the counter row is never locked while rendering)."""
    if kind.number_code is None:
        return None
    code = kind.number_code

    def text(sequence: int) -> str:
        return str(DocumentNumber(agency_short_name=facts.agency_short_name, kind_code=code, year=year,
                                  sequence=sequence))  # fmt: skip

    for _ in range(2):
        try:
            async with transaction() as session:
                live = await live_number(session, case_id=case.id, step_key=step_key)
                if live is not None and live.kind == code and live.year == year:
                    return live
                if live is not None:  # the step's data changed the year: the old number is spoiled
                    await settle_number(session, live.id, NumberStatus.voided, reason=VOID_CHANGED)
                return await take_number(session, agency_id=case.agency_id, kind=code, year=year,
                                         text=text, case_id=case.id, step_key=step_key)  # fmt: skip
        except IntegrityError:
            continue  # a concurrent attempt of the same step reserved it first: reuse that one
    raise RuntimeError(f"no number could be reserved for {step_key}")


async def _void(taken: TakenNumber | None, error: BaseException) -> None:
    if taken is None:
        return
    reason = (
        error.message if isinstance(error, CasetrailError) else f"{VOID_FAILED}（{type(error).__name__}）"
    )
    async with transaction() as session:
        await settle_number(session, taken.id, NumberStatus.voided, reason=f"文书生成失败：{reason}")


async def issue_document(
    request: IssueDocument,
    *,
    store: BlobStore,
    renderer: Renderer,
    heartbeat: Callable[[], None] | None = None,
) -> IssuedDocumentRef:
    """Issue once per (case, step key); refuses with :class:`InvalidInput` naming a missing field."""
    case_id = uuid.UUID(request.case_id)
    kind = get_kind(request.kind)
    async with transaction() as session:
        if (existing := await _issued(session, case_id, request.step_key)) is not None:
            return reference(existing)
        case, facts = await load_case_facts(session, case_id)
    data = document_data(kind, facts, request.data, issued_on=date.fromisoformat(request.issued_on))
    issued_on = validate_data(kind, data).issued_on  # refuse bad data before taking a number

    taken = await _take_number(kind, case, facts, request.step_key, issued_on.year)
    number = None if taken is None else DocumentNumber.parse(taken.number, kind_code=taken.kind)
    try:
        rendered = await renderer.run(partial(render, kind.key, data, number=number), heartbeat=heartbeat)
    except Exception as error:
        await _void(taken, error)
        raise
    await asyncio.to_thread(store.put_bytes, rendered.pdf)

    async with transaction() as session:
        head = await audit.lock_chain(session, case_id)
        if (existing := await _issued(session, case_id, request.step_key)) is not None:
            return reference(existing)
        row = IssuedDocument(
            case_id=case_id,
            step_key=request.step_key,
            kind=kind.key,
            title=kind.title,
            number=rendered.number_text,
            template_version=rendered.template_version,
            snapshot=rendered.snapshot,
            sha256=rendered.sha256,
            size=len(rendered.pdf),
            pages=rendered.page_count,
        )
        session.add(row)
        if taken is not None:
            await settle_number(session, taken.id, NumberStatus.issued)
        await session.flush()
        await audit.append_event(
            session,
            case_id=case_id,
            action="document.issued",
            actor_id=uuid.UUID(request.actor_id) if request.actor_id else None,
            step_key=request.step_key,
            detail={
                "document_id": str(row.id),
                "kind": kind.key,
                "title": kind.title,
                "number": row.number,
                "sha256": row.sha256,
                "size": row.size,
                "pages": row.pages,
                "template_version": row.template_version,
                "renderer": rendering_environment(),
            },
            at=datetime.now(UTC),
            head=head,
        )
        return reference(row)


# ---- reading back ----------------------------------------------------------------------------


async def case_documents(session: AsyncSession, case_id: uuid.UUID) -> list[IssuedDocument]:
    """A case's documents in the order they were issued."""
    query = (
        select(IssuedDocument)
        .where(IssuedDocument.case_id == case_id)
        .order_by(IssuedDocument.created_at, IssuedDocument.step_key)
    )
    return list((await session.execute(query)).scalars())


async def case_document(session: AsyncSession, case_id: uuid.UUID, document_id: uuid.UUID) -> IssuedDocument:
    row = await session.get(IssuedDocument, document_id)
    if row is None or row.case_id != case_id:
        raise NotFound("本案没有该文书", field="document_id", rule="document_not_found")
    return row


def stored_number(row: IssuedDocument) -> DocumentNumber | None:
    kind = get_kind(row.kind)
    if row.number is None or kind.number_code is None:
        return None
    return DocumentNumber.parse(row.number, kind_code=kind.number_code)


def stored_document(row: IssuedDocument, pdf: bytes) -> RenderedDocument:
    """The issued document as the renderer returned it, rebuilt from its row and stored PDF."""
    return RenderedDocument(
        kind=row.kind,
        title=row.title,
        number=stored_number(row),
        issued_on=date.fromisoformat(row.snapshot["issued_on"]),
        pdf=pdf,
        sha256=row.sha256,
        page_count=row.pages,
        template_version=row.template_version,
        snapshot=row.snapshot,
    )


@dataclass(frozen=True, slots=True)
class Verification:
    """Whether rendering the stored snapshot again gives the issued bytes, and if not, what differs."""

    reproducible: bool
    sha256: str
    rendered_sha256: str | None
    stored_pdf_intact: bool
    issued_template_version: str
    current_template_version: str | None
    differs: list[str] = field(default_factory=list)
    message: str = ""


async def verify_document(row: IssuedDocument, *, store: BlobStore, renderer: Renderer) -> Verification:
    intact = await asyncio.to_thread(lambda: store.exists(row.sha256) and store.verify(row.sha256))
    differs = [] if intact else ["stored_pdf"]
    try:
        rendered = await renderer.run(partial(render, row.kind, row.snapshot, number=stored_number(row)))
    except CasetrailError as error:
        return Verification(False, row.sha256, None, intact, row.template_version, None,
                            [*differs, "snapshot"], f"按存档数据无法重新生成：{error.message}")  # fmt: skip
    if rendered.template_version != row.template_version:
        differs.append("template_version")
    if rendered.snapshot != row.snapshot:
        differs.append("snapshot")
    if rendered.sha256 != row.sha256:
        differs.append("pdf")
    reproducible = not differs
    if reproducible:
        message = "按存档数据与模板版本重新生成，与已出具文书逐字节一致"
    elif "template_version" in differs:
        message = "模板已修改，重新生成的文书与已出具文书不同"
    elif "pdf" in differs:
        message = "模板与数据未变，但重新生成的文书字节不同（渲染环境或字体已变化）"
    else:
        message = "已存储的文书文件与登记的校验值不符"
    return Verification(reproducible, row.sha256, rendered.sha256, intact, row.template_version,
                        rendered.template_version, differs, message)  # fmt: skip


def case_file_title(case: Case) -> str:
    """案卷题名: party and cause, e.g. 泰安市某某超市有限公司涉嫌销售过期食品案."""
    party = str(case.party.get("name", "")).strip()
    cause = case.cause.removesuffix("案")
    return f"{party}{cause}案"


async def bind_case_file(
    rows: Sequence[IssuedDocument], case: Case, *, store: BlobStore, renderer: Renderer
) -> RenderedCaseFile:
    """The 卷宗 of a case: 卷内目录 first, then every issued document as issued, then the text records
    and evidence files the case holds (listed with their SHA-256 and where they are kept)."""
    if not rows:
        raise NotFound("该案件尚未出具文书，无法组卷", field="case_id", rule="no_documents")
    pdfs = await asyncio.to_thread(lambda: [store.read(row.sha256) for row in rows])
    documents = [stored_document(row, pdf) for row, pdf in zip(rows, pdfs, strict=True)]
    bound_on = datetime.now(CST).date()
    attachments = await case_file_attachments(case.id)
    job = partial(build_case_file, documents, case_title=case_file_title(case), bound_on=bound_on,
                  attachments=attachments)  # fmt: skip
    return await renderer.run(job)


async def case_file_attachments(case_id: uuid.UUID) -> list[Attachment]:
    """Every text record and evidence file of the case, in the order they were made; a case opened
    from an inspection (行政检查) holds the inspection's records and evidence too, marked as such."""
    async with transaction() as session:
        origin = (await session.execute(select(Case.origin_case_id).where(Case.id == case_id))).scalar()
        held = [case_id] if origin is None else [origin, case_id]
        records = (await session.execute(
            select(Record).where(Record.case_id.in_(held)).order_by(Record.created_at)
        )).scalars().all()  # fmt: skip
        evidence = (await session.execute(
            select(EvidenceItem).where(EvidenceItem.case_id.in_(held)).order_by(EvidenceItem.created_at)
        )).scalars().all()  # fmt: skip
        duties = (await session.execute(
            select(AvObligation.case_id, AvObligation.key, AvObligation.act).where(AvObligation.case_id.in_(held))
        )).all()  # fmt: skip
        # The inspection's own documents are bound in its file; this one lists them with their numbers.
        inspected = [] if origin is None else await case_documents(session, origin)

    def from_inspection(held_by: uuid.UUID) -> str:
        return "〔行政检查〕" if held_by != case_id else ""

    # The 文号 column is read by a person: a text record has no number (its title says what it is);
    # a recording names the record of the act it records, never the step key that links them.
    # A duty whose act left no record of its own (one opened inside a service attempt) is named by its act.
    recorded_acts = {
        (case, key): f"{from_inspection(case)}音像记录：{EnforcementAct(act).title_zh}"
        for case, key, act in duties
    }
    recorded_acts |= {
        (row.case_id, row.step_key): f"{from_inspection(row.case_id)}{row.title}" for row in records
    }
    listed = [
        Attachment(
            f"{from_inspection(row.case_id)}{row.title}",
            row.created_at.astimezone(CST).date(),
            None,
            "案件记录库（审计链）",
            volume=Volume.secondary,  # the agency's own record of each step: filed with its internal papers
        )
        for row in records
    ]
    listed += [
        Attachment(
            f"〔行政检查〕{row.title}",
            row.created_at.astimezone(CST).date(),
            row.number,
            "文书库（按校验值存放，只写不改）",
            sha256=row.sha256,
        )
        for row in inspected
    ]
    listed += [
        Attachment(
            f"{from_inspection(row.case_id)}证据：{row.filename}",
            row.created_at.astimezone(CST).date(),
            recorded_acts.get((row.case_id, row.obligation_key or "")),
            "证据存储库（按校验值存放，只写不改）",
            sha256=row.sha256,
        )
        for row in evidence
    ]
    return listed
