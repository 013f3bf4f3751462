from .base import Base
from .case import ApprovalTask, AuditEvent, Case, CaseOfficer, Counter, Deadline, Record
from .identity import ROLE_NAMES_ZH, SUBTREE_ROLES, Agency, AuthToken, Membership, Role, User

__all__ = [
    "ROLE_NAMES_ZH",
    "SUBTREE_ROLES",
    "Agency",
    "ApprovalTask",
    "AuditEvent",
    "AuthToken",
    "Base",
    "Case",
    "CaseOfficer",
    "Counter",
    "Deadline",
    "Membership",
    "Record",
    "Role",
    "User",
]
