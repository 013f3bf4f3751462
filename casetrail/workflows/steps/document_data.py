"""What the steps put into the documents they issue: a penalty, findings and their provisions.

The documents' models (``casetrail.documents.kinds``) separate the provision violated from the one
applied and say what each piece of evidence proves; the steps' findings carry one legal basis and
the evidence's names, so the steps that issue a penalty document ask the officer for the rest
(:class:`DocumentProvisions`) instead of inventing it.
"""

from __future__ import annotations

from typing import Any

from temporalio import workflow

from casetrail.workflows.decision_records import DocumentProvisions
from casetrail.workflows.types import IssuedDocumentRef, ServedDocument

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.penalties import CONFISCATIONS, Penalty, yuan


# Steps that ran before their document kind was issued (陈述申辩笔录, 听证笔录, 听证告知书, 强制执行申请书,
# 不予立案告知书, 查阅申请审批表) issue it only past this marker: the issue is a new activity call, and
# the histories of cases that took those steps before hold none.
CATALOG_ISSUERS_PATCH = "issue-remaining-catalog-kinds"


def issues_remaining_kinds() -> bool:
    return workflow.patched(CATALOG_ISSUERS_PATCH)


def penalty_data(penalty: Penalty) -> dict[str, Any]:
    """A penalty in the documents' shape: the measures by name, the fine in yuan, the confiscation.

    The template writes the amounts itself (in figures and capitals), so the measures name the kinds.
    """
    kept = [kind.title_zh for kind in penalty.kinds if kind not in CONFISCATIONS]
    confiscated = [kind.title_zh for kind in penalty.kinds if kind in CONFISCATIONS]
    value = penalty.confiscated_value_fen
    return {
        "measures": "、".join([*kept, *([penalty.detail] if penalty.detail else [])])
        or "、".join(confiscated),
        "fine": yuan(penalty.fine_fen) if penalty.fine_fen is not None else None,
        "confiscation": f"{'、'.join(confiscated)}（价值人民币{yuan(value)}元）"
        if confiscated and value is not None
        else None,
    }


def findings_data(
    facts: str, evidence: list[str], provisions: DocumentProvisions, *, discretion: str = ""
) -> dict[str, Any]:
    """Facts, evidence (each proving what the officer stated), provisions and discretion."""
    return {
        "facts": facts,
        "evidence": [{"name": name, "proves": provisions.evidence_proves} for name in evidence],
        "violated_provision": provisions.violated_provision,
        "penalty_provision": provisions.penalty_provision,
        "discretion": discretion or None,
    }


def document_fields(document: IssuedDocumentRef) -> dict[str, Any]:
    """What a step's record says about the document it issued."""
    return {"document_id": document.document_id, "document_number": document.number}


def served_document(kind: str, document: IssuedDocumentRef) -> ServedDocument:
    """The issued document as its service carries it: the receipt (送达回证) names its number."""
    if document.number is None:
        raise RuntimeError(f"{document.title} is served but its kind has no number code")
    return ServedDocument(kind=kind, title=document.title, number=document.number)
