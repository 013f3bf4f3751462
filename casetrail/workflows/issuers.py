"""Which step issues each document kind (文书): the catalog's issuing paths, declared once.

``CaseContext.issue`` refuses a kind not declared here, and tests/issuing/test_coverage.py compares
this table with the catalog (every kind has an issuer) and with the code (every ``issue`` call with a
literal kind is declared), so a template nobody issues, or an issuer nobody declared, fails the build.
"""

from __future__ import annotations

from types import MappingProxyType

# Handlers are named by how they are registered (casetrail.workflows.procedure): ``step:<name>``,
# ``approval:<kind>``, ``starter:<start type>``; and two that are not step handlers:
#: the service child workflow (service.py) issues what the way of service produces;
SERVICE = "service"
#: the case file (卷宗) is bound with its 卷内目录 on demand (services/documents.bind_case_file).
CASE_FILE = "case_file"

ISSUED_BY: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "filing_approval": ("approval:filing", "approval:complaint_filing"),
        "inquiry_record": ("step:inquiry",),
        "inspection_record": ("step:inspection", "step:record_site_inspection"),
        "correction_order": ("step:order_correction",),
        "reinspection_opinion": ("step:record_reinspection",),
        "sampling_notice": ("step:sampling",),
        "sampling_list": ("step:sampling",),
        "preservation_notice": ("approval:evidence_preservation",),
        "preservation_list": ("approval:evidence_preservation",),
        "seizure_decision": ("approval:seizure", "step:seize_on_the_spot"),
        "seizure_list": ("approval:seizure", "step:seize_on_the_spot"),
        "on_site_record": (
            "approval:seizure",
            "step:seize_on_the_spot",
            "approval:liberty",
            "step:restrict_liberty_on_the_spot",
        ),
        "testing_commission": ("step:commission_testing",),
        "acceptance_notice": ("step:accept_application",),
        "non_acceptance_notice": ("step:refuse_application",),
        "correction_notice": ("step:request_supplement",),
        "investigation_report": ("step:finish_investigation",),
        "legal_review_opinion": ("approval:decision_legal_review",),
        "collective_discussion": ("step:record_collective_discussion",),
        "penalty_notice": ("step:notify_rights",),
        "review_opinion": ("step:review_statement",),
        "hearing_notice": ("step:notify_hearing",),
        "hearing_report": ("step:submit_hearing_report",),
        "penalty_decision": ("step:issue_decision",),
        "no_penalty_decision": ("step:issue_decision",),
        "transfer_decision": ("step:issue_decision",),
        "summary_penalty_decision": ("starter:simple",),
        "service_receipt": (SERVICE, "step:notify_rights", "step:notify_hearing", "step:order_correction"),
        "public_notice": (SERVICE,),
        "reminder_notice": ("step:issue_reminder",),
        "enforcement_decision": ("approval:enforcement_decision",),
        "closing_approval": ("approval:closing",),
        "case_file_index": (CASE_FILE,),
        "statement_record": ("step:record_statement",),
        "hearing_rights_notice": ("step:notify_rights",),
        "hearing_record": ("step:record_hearing",),
        "court_enforcement_application": ("step:apply_to_court",),
        "non_filing_notice": ("step:decline_complaint", "step:inform_complainant"),
        "record_access_approval": ("approval:record_access",),
        "evidence_request_notice": ("step:request_evidence",),
        "av_record_note": ("step:describe_recordings",),
        "surcharge_decision": ("step:issue_surcharge_decision",),
    }
)


def issued_kinds() -> frozenset[str]:
    return frozenset(ISSUED_BY)
