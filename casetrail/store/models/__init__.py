from .base import Base
from .calendar import CalendarChange, CalendarDayRow, CalendarYear
from .case import ApprovalTask, AuditEvent, Case, CaseOfficer, Counter, Deadline, Record
from .evidence import AvObligation, IssuedDocument
from .evidence_items import AuditAnchor, EvidenceItem, UploadSession
from .identity import ROLE_NAMES_ZH, SUBTREE_ROLES, Agency, AuthToken, Membership, Role, User
from .numbers import NumberStatus, TakenNumber

__all__ = [
    "ROLE_NAMES_ZH",
    "SUBTREE_ROLES",
    "Agency",
    "ApprovalTask",
    "AuditAnchor",
    "AuditEvent",
    "AuthToken",
    "AvObligation",
    "Base",
    "CalendarChange",
    "CalendarDayRow",
    "CalendarYear",
    "Case",
    "CaseOfficer",
    "Counter",
    "Deadline",
    "EvidenceItem",
    "IssuedDocument",
    "Membership",
    "NumberStatus",
    "Record",
    "Role",
    "TakenNumber",
    "UploadSession",
    "User",
]
