"""Parsing source in tests that read the code itself (audits of calls, messages, issuers)."""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor


def parse_fresh(source: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` on a thread of its own.

    CPython 3.11.7 can raise "AST constructor recursion depth mismatch" when ast.parse runs on a thread
    whose recursion counter other code left uneven (gh-106905); a fresh thread starts even.
    """
    with ThreadPoolExecutor(max_workers=1) as fresh:
        return fresh.submit(ast.parse, source, filename).result()
