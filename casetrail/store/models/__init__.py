from .base import Base
from .calendar import CalendarChange, CalendarDayRow, CalendarYear
from .case import ApprovalTask, AuditEvent, Case, CaseOfficer, Counter, Deadline, Record
from .evidence import AvObligation, IssuedDocument
from .evidence_items import AuditAnchor, EvidenceItem, UploadSession
from .identity import (
    ROLE_NAMES_ZH,
    SUBTREE_ROLES,
    Agency,
    AgencySettingChange,
    AuthToken,
    Membership,
    Role,
    UnknownSignIn,
    User,
)
from .notifications import (
    CHANNEL_TITLES,
    DELIVERY_STATUS_TITLES,
    Channel,
    Delegation,
    Delivery,
    DeliveryStatus,
    FiredRung,
    ManualScore,
    Notification,
    NotificationPreference,
)
from .numbers import NumberStatus, TakenNumber

__all__ = [
    "CHANNEL_TITLES",
    "DELIVERY_STATUS_TITLES",
    "ROLE_NAMES_ZH",
    "SUBTREE_ROLES",
    "Agency",
    "AgencySettingChange",
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
    "Channel",
    "Counter",
    "Deadline",
    "Delegation",
    "Delivery",
    "DeliveryStatus",
    "EvidenceItem",
    "FiredRung",
    "IssuedDocument",
    "ManualScore",
    "Membership",
    "Notification",
    "NotificationPreference",
    "NumberStatus",
    "Record",
    "Role",
    "TakenNumber",
    "UnknownSignIn",
    "UploadSession",
    "User",
]
