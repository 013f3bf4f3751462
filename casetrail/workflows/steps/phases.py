"""Phases of a penalty case from the end of the investigation to the decision.

``investigation`` belongs to the investigation stage and ``decided`` hands the case to service and
execution; the names in between are owned by the rights, hearing and decision stages.
"""

from __future__ import annotations

INVESTIGATION = "investigation"
INVESTIGATION_ENDED = "investigation_ended"  # 调查终结
RIGHTS_WINDOW = "rights_window"  # 告知后，陈述申辩和要求听证期间
HEARING_REQUESTED = "hearing_requested"
HEARING_SCHEDULED = "hearing_scheduled"
HEARING_HELD = "hearing_held"
RIGHTS_CONCLUDED = "rights_concluded"  # 权利行使完毕（期满、放弃或听证结束）
UNIT_REVIEW = "unit_review"  # 承办机构审核
DELIBERATION = "deliberation"  # 法制审核、专家论证、集体讨论
LEGAL_REVIEW = "legal_review"
LEADER_APPROVAL = "leader_approval"
PROPOSAL_RETURNED = "proposal_returned"  # 退回承办人修改
DECISION_APPROVED = "decision_approved"
ON_THE_SPOT = "on_the_spot"  # 当场处罚后，待备案
DECIDED = "decided"

HEARING_PENDING = frozenset({HEARING_REQUESTED, HEARING_SCHEDULED, HEARING_HELD})
