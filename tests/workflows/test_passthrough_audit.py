"""The workflow modules are passed through the sandbox (``casetrail/worker.py``), so the sandbox no
longer stops non-deterministic calls in them at run time: refuse them here, in the source."""

from __future__ import annotations

import ast
from pathlib import Path

import casetrail.workflows
from tests.source_ast import parse_fresh

# Calls whose result differs between the first run and a replay; workflow.now()/uuid4()/random() instead.
FORBIDDEN = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "sleep"),
    ("uuid", "uuid4"),
    ("uuid", "uuid1"),
    ("random", "random"),
    ("random", "randint"),
    ("random", "choice"),
    ("os", "getenv"),
}


def test_workflow_modules_make_no_nondeterministic_calls() -> None:
    root = Path(casetrail.workflows.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(parse_fresh(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Name) and (owner.id, node.func.attr) in FORBIDDEN:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {owner.id}.{node.func.attr}()")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                found.append(f"{path.relative_to(root)}:{node.lineno} open()")
    assert found == []
