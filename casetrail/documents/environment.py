"""The Jinja2 environment of the document templates and the version of each kind's template."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from casetrail.documents.citations import Law, cite
from casetrail.documents.formatting import (
    chinese_date,
    chinese_datetime,
    clause,
    letterhead_size,
    penalty_wording,
    sentence,
    suspected,
    yuan,
)
from casetrail.rules.deadline_text import deadline_text

TEMPLATE_DIR = Path(__file__).parent / "templates"
STYLESHEET_PATH = TEMPLATE_DIR / "style.css"
# Files every kind's output depends on: the layouts and macros (named _*.html.j2) and the stylesheet.
_SHARED_SOURCES = ("_*.html.j2", "style.css")


@cache
def template_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        # A template naming data that is not there is a bug: fail instead of printing an empty blank.
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters.update(
        chinese_date=chinese_date,
        chinese_datetime=chinese_datetime,
        yuan=yuan,
        suspected=suspected,
        sentence=sentence,
        clause=clause,
        deadline=deadline_text,
    )
    environment.globals.update(
        cite=cite, Law=Law, penalty_wording=penalty_wording, letterhead_size=letterhead_size
    )
    return environment


@cache
def _shared_digest() -> bytes:
    digest = hashlib.sha256()
    for pattern in _SHARED_SOURCES:
        for path in sorted(TEMPLATE_DIR.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


@cache
def template_version(template_name: str) -> str:
    """``<name>@<sha256 prefix>`` over the kind's template and every shared layout, macro and style."""
    digest = hashlib.sha256(_shared_digest())
    digest.update((TEMPLATE_DIR / template_name).read_bytes())
    return f"{template_name.removesuffix('.html.j2')}@{digest.hexdigest()[:16]}"
