"""The legal basis written on a record: the national articles, then the profile's local ones."""

from __future__ import annotations

from temporalio import workflow

from .types import CaseStart

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.citation import Citation
    from casetrail.rules.recording import required_records
    from casetrail.rules.registry import get_profile
    from casetrail.rules.steps import ProcedureStep


def record_citation(start: CaseStart, step: ProcedureStep, *national: Citation) -> str:
    """``《民事诉讼法》第八十八条；《…新乡镇…》第十八条``: why the record exists and what it must hold."""
    profile = get_profile(start.profile_id, start.profile_version)
    local = [r.citation for r in required_records(profile, step) if r.citation is not None]
    return "；".join(dict.fromkeys(str(c) for c in (*national, *local)))
