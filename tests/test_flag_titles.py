"""Every mark a workflow can put on a case has a Chinese title: the case page, the lists and the exports
show flags by title, and an untitled one would reach people as its raw value."""

from __future__ import annotations

import ast
from pathlib import Path

from casetrail.api.listing import FLAG_TITLES, flag_title
from tests.source_ast import parse_fresh

WORKFLOWS = Path(__file__).resolve().parent.parent / "casetrail" / "workflows"


def _raised_flags() -> set[str]:
    """String constants passed as ``flag=`` or inside ``flags=[...]`` anywhere in the workflows."""
    found: set[str] = set()
    for path in WORKFLOWS.rglob("*.py"):
        for node in ast.walk(parse_fresh(path.read_text(), str(path))):
            if not isinstance(node, ast.keyword) or node.arg not in {"flag", "flags"}:
                continue
            found |= {
                c.value
                for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return found


def test_every_flag_a_workflow_raises_has_a_title() -> None:
    raised = _raised_flags()
    assert {"rights_not_exercised", "case_handling_overdue", "freeze_delivery_overdue"} <= raised
    assert raised <= set(FLAG_TITLES), sorted(raised - set(FLAG_TITLES))


def test_an_unknown_flag_is_never_shown_as_it_is() -> None:
    assert flag_title("rights_not_exercised") == "当事人未行使陈述申辩权"
    assert flag_title("something_new") == "其他标记"
