"""The 送达回证 an officer prints before going out to serve a document (民诉法 Art. 87).

The receipt names the case, the party and the document being served, with the blanks the party fills
on paper: the date received and a signature (or the witness's, when lodged). It is printed from the
service in progress, before its outcome is recorded; once served, the issued receipt of the way used
is filed with the case's documents.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.documents.render import render_html
from casetrail.rules import national_citations as law
from casetrail.store.models import Agency, Case
from casetrail.workflows.service import ServiceSnapshot
from casetrail.workflows.service_ways import WAYS

from .case_reads import officers_of_case

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "ui_templates"), autoescape=select_autoescape()
)


async def blank_receipt(session: AsyncSession, case: Case, service: ServiceSnapshot) -> bytes:
    """A PDF of the receipt to be signed by the party for the document ``service`` is serving."""
    agency = await session.get(Agency, case.agency_id)
    officers = await officers_of_case(session, case.id)
    html = _templates.get_template("service_receipt_blank.html").render(
        agency=agency.name if agency else "",
        case=case,
        document=service.document,
        ways=[WAYS[w].title for w in service.ways if w in WAYS],
        officers=[f"{u.full_name}（执法证 {o.certificate_no}）" for o, u in officers],
        basis=str(law.CIVIL_PROCEDURE_87),
    )
    return await asyncio.to_thread(render_html, html)
