"""No ASCII id (phase, role, step, task kind, status) reaches a string a person reads.

Scans the registered steps, approvals and handlers, the phase and role titles, and every domain error
raised in the workflow code (its literal text and what it interpolates).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from casetrail.roles import Role
from casetrail.workflows import procedure
from casetrail.workflows.phases import Phase
from casetrail.workflows.transitions import declarations
from tests.source_ast import parse_fresh

WORKFLOWS = Path(procedure.__file__).parent
ERRORS = {"InvalidInput", "ProcedureViolation", "Forbidden", "NotFound", "Unavailable", "CasetrailError"}
# Interpolated values that are ids, never titles.
ID_ATTRIBUTES = {
    "phase",
    "role",
    "roles",
    "kind",
    "step",
    "status",
    "name",
    "purpose",
    "task_id",
    "key",
    "way",
}
ASCII_WORD = re.compile(r"[A-Za-z_]{3,}")


def _ids() -> set[str]:
    return (
        {p.value for p in Phase}
        | {r.value for r in Role}
        | set(procedure.STEPS)
        | set(procedure.APPROVALS)
        | set(procedure.EXPIRIES)
        | set(procedure.SERVED)
    )


def test_every_registered_title_is_chinese() -> None:
    titles = [
        *(p.title for p in Phase),
        *(r.title for r in Role),
        *(s.title for s in procedure.STEPS.values()),
        *(a.title for a in procedure.APPROVALS.values()),
        *(m.title for m in declarations()),
    ]
    assert [t for t in titles if ASCII_WORD.search(t)] == []


def _error_texts(tree: ast.AST) -> Iterator[tuple[int, ast.expr]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ERRORS:
                yield node.lineno, node.args[0]
                # Steps named as the way on are named by title too (literal lists only: computed
                # lists of choices such as ways of service are values a client sends back).
                for keyword in node.keywords:
                    if keyword.arg == "allowed" and isinstance(keyword.value, ast.List):
                        yield from ((node.lineno, item) for item in keyword.value.elts)


def _problems(expr: ast.expr, ids: set[str]) -> Iterator[str]:
    if isinstance(expr, ast.IfExp):  # a message chosen by a condition: both texts are read
        yield from _problems(expr.body, ids)
        yield from _problems(expr.orelse, ids)
        return
    parts = expr.values if isinstance(expr, ast.JoinedStr) else [expr]
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            yield from (word for word in ASCII_WORD.findall(part.value) if word in ids)
        elif isinstance(part, ast.FormattedValue):
            inner = part.value
            last = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", "")
            if last in ID_ATTRIBUTES or last.endswith("_id"):  # measure_id, freeze_id, case_id …
                yield f"{{{ast.unparse(inner)}}}"


def test_no_error_message_shows_an_id() -> None:
    ids = _ids()
    found = []
    for path in sorted(WORKFLOWS.rglob("*.py")):
        tree = parse_fresh(path.read_text(encoding="utf-8"))
        for line, text in _error_texts(tree):
            found += [f"{path.relative_to(WORKFLOWS)}:{line}: {p}" for p in _problems(text, ids)]
    assert found == []


def test_the_scan_catches_an_id() -> None:
    # The scan itself must be able to fail.
    bad = parse_fresh('raise Forbidden(f"须由{task.role}签批，当前阶段 investigation")')
    problems = [p for _, text in _error_texts(bad) for p in _problems(text, _ids())]
    assert problems == ["{task.role}", "investigation"]
    ids = parse_fresh('raise InvalidInput(f"没有“{measure_id}”" if measure_id else f"送达方式{attempt.way}")')
    assert [p for _, text in _error_texts(ids) for p in _problems(text, _ids())] == [
        "{measure_id}",
        "{attempt.way}",
    ]
