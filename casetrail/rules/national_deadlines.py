"""National deadlines (STATUTES §2) as named periods: the workflow's durable timers read these.

Whether "N days" counts working days is decided here by the statute (处罚法 Art. 85, 强制法
Art. 69, 复议法 Art. 88), never by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from casetrail.rules import national_citations as law
from casetrail.rules.periods import (
    Period,
    calendar_days,
    coercion_law_days,
    hours,
    months,
    penalty_law_days,
)

EMERGENCY_MEASURE_REPORT = hours(24, law.COERCION_19)
EVIDENCE_PRESERVATION_DECISION = penalty_law_days(7, law.PENALTY_56)
SEIZURE_MAX = coercion_law_days(30, law.COERCION_25)
SEIZURE_EXTENSION_MAX = coercion_law_days(30, law.COERCION_25)
FREEZE_DECISION_DELIVERY = coercion_law_days(3, law.COERCION_31)
FREEZE_MAX = coercion_law_days(30, law.COERCION_32)
FREEZE_EXTENSION_MAX = coercion_law_days(30, law.COERCION_32)
CASE_HANDLING = penalty_law_days(90, law.PENALTY_60)
HEARING_REQUEST = penalty_law_days(5, law.PENALTY_64_1)
# No hearing right: the window is for statement and defence only (Art. 44-45), not Art. 64(1), which
# is about hearings. 处罚法 names no length for it; the same 5 working days are given.
STATEMENT_WINDOW = penalty_law_days(5, law.PENALTY_44_45)
HEARING_NOTICE = penalty_law_days(7, law.PENALTY_64_2)
DECISION_SERVICE_ABSENT_PARTY = penalty_law_days(7, law.PENALTY_61)
ON_THE_SPOT_FINE_HANDOVER = penalty_law_days(2, law.PENALTY_71)
FINE_PAYMENT = penalty_law_days(15, law.PENALTY_67)
SURCHARGE_BEFORE_ENFORCEMENT = coercion_law_days(30, law.COERCION_46)
SUBSTITUTE_PERFORMANCE_REMINDER = coercion_law_days(3, law.COERCION_51)
COURT_APPLICATION_AFTER_REMINDER = coercion_law_days(10, law.COERCION_54)
COURT_APPLICATION_WINDOW = months(3, law.COERCION_53)
PUBLIC_NOTICE_DEEMED_SERVED = calendar_days(30, law.CIVIL_PROCEDURE_95)
REVIEW_APPLICATION = calendar_days(60, law.REVIEW_20)
LAWSUIT = months(6, law.LITIGATION_46)
LIMITATION = months(24, law.PENALTY_36)
LIMITATION_LIFE_HEALTH_FINANCE = months(60, law.PENALTY_36)

PRESETS: Mapping[str, Period] = MappingProxyType(
    {name.lower(): value for name, value in dict(globals()).items() if isinstance(value, Period)}
)
"""Every period above by its lower-case name (``hearing_request``), for "when does it end?" questions."""
