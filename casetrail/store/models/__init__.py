from .base import Base
from .calendar import CalendarChange, CalendarDayRow, CalendarYear
from .case import ApprovalTask, AuditEvent, Case, CaseOfficer, Counter, Deadline, Record
from .evidence import AvObligation, IssuedDocument
from .identity import ROLE_NAMES_ZH, SUBTREE_ROLES, Agency, AuthToken, Membership, Role, User

__all__ = [
    "ROLE_NAMES_ZH",
    "SUBTREE_ROLES",
    "Agency",
    "ApprovalTask",
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
    "IssuedDocument",
    "Membership",
    "Record",
    "Role",
    "User",
]
