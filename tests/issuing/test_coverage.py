"""The catalog against the issuing paths: every kind has a declared issuer, every issuer exists,
and every ``issue`` call in the workflows names a declared kind."""

from __future__ import annotations

import ast
from pathlib import Path

import casetrail.workflows
from casetrail.documents.catalog import CATALOG
from casetrail.workflows import procedure
from casetrail.workflows.issuers import CASE_FILE, ISSUED_BY, SERVICE
from casetrail.workflows.steps import register_all
from tests.source_ast import parse_fresh

WORKFLOWS = Path(casetrail.workflows.__file__).parent


def test_every_catalog_kind_has_an_issuer() -> None:
    missing = set(CATALOG) - set(ISSUED_BY)
    assert not missing, f"templates without an issuing step: {sorted(missing)}"


def test_every_issuer_is_a_catalog_kind_and_a_registered_handler() -> None:
    register_all()
    registered = {
        "step": procedure.STEPS,
        "approval": procedure.APPROVALS,
        "starter": procedure.STARTERS,
    }
    for kind, handlers in ISSUED_BY.items():
        assert kind in CATALOG, kind
        for handler in handlers:
            if handler in (SERVICE, CASE_FILE):
                continue
            table, _, name = handler.partition(":")
            assert name in registered[table], (kind, handler)


def _literal_issue_kinds() -> set[str]:
    kinds = set()
    for path in WORKFLOWS.rglob("*.py"):
        for node in ast.walk(parse_fresh(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"issue", "issue_with_list"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                kinds.add(node.args[0].value)
            if isinstance(node, ast.keyword) and node.arg in {"notice", "list_kind"}:
                value = node.value.elts[0] if isinstance(node.value, ast.Tuple) else node.value
                if isinstance(value, ast.Constant):
                    kinds.add(value.value)
    return kinds


def test_every_literal_issue_call_is_declared() -> None:
    literal = _literal_issue_kinds()
    assert literal, "the scan must find the issue calls"
    assert literal <= set(ISSUED_BY), sorted(literal - set(ISSUED_BY))
