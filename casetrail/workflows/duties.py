"""Separation of duties: whoever handles a case never signs its approvals.

An approval is a second person's check on the officers' work. Holding both the officer's and the
leader's role does not let anyone sign a task on a case they opened or handle.
"""

from __future__ import annotations

from casetrail.errors import Forbidden

from .state import CaseState
from .types import TaskDecision


def require_separate_signer(state: CaseState, decision: TaskDecision) -> None:
    signer = decision.actor.user_id
    handlers = {officer.user_id for officer in state.start.officers}
    if signer in handlers or signer == state.start.opened_by.user_id:
        raise Forbidden(
            "本案的承办人或立案提出人不能签批本案的审批事项，请由其他负责人签批",
            field="task_id",
            rule="separation_of_duties",
        )
