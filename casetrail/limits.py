"""What a piece of text may hold, declared once.

The API refuses longer text with 422 (naming the field), the columns are sized from the same
constants, and text derived from user input (task titles embedding the cause) is clipped to its
column. Control characters are refused everywhere: PostgreSQL cannot store NUL, and a text the
database refuses must never reach a workflow's activity, where it would be retried for ever.
Pure: imported by the API, the store and the workflows alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

TITLE_MAX = 200  # task, record, document and deadline titles (columns String(TITLE_MAX))
CAUSE_MAX = 100  # 案由: embedded in task titles, so well below TITLE_MAX
NAME_MAX = 100  # a person's or organisation's name
PHONE_MAX = 40  # a telephone number with area code and extension
USERNAME_MAX = 64
SHORT_NAME_MAX = 20  # an agency's 文号代字
CODE_MAX = 64  # identifiers: agency codes, certificate and id numbers
SHORT_TEXT_MAX = 200  # addresses, labels, sources, one-line answers
PASSWORD_MAX = 256  # long enough for passphrases, short enough to bound argon2's input
FILENAME_MAX = 255
LONG_TEXT_MAX = 20_000  # transcripts, opinions, summaries: the ceiling of any text in a request
BODY_MAX_BYTES = 1024 * 1024  # a JSON or form body (files go through the resumable upload)
QUERY_VALUE_MAX = 500

# Numbers a request may name: years deadlines reason about, database ids.
YEAR_MIN, YEAR_MAX = 1990, 2100
BIGINT_MAX = 2**63 - 1

# Line breaks and tabs are text; every other C0 control, DEL and the C1 range are not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_ELLIPSIS = "…"


def has_control_character(text: str) -> bool:
    return _CONTROL.search(text) is not None


def clip(text: str, limit: int = TITLE_MAX) -> str:
    """``text`` shortened to ``limit`` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def strings_in(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a JSON-like value (keys included) with its dotted path."""
    if isinstance(value, str):
        yield path or "body", value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from strings_in(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{path}.{index}" if path else str(index))


def first_control_character(value: Any) -> str | None:
    """The path of the first string holding a control character, or None."""
    return next((where for where, text in strings_in(value) if has_control_character(text)), None)


def first_overlong(value: Any, limit: int = LONG_TEXT_MAX) -> str | None:
    return next((where for where, text in strings_in(value) if len(text) > limit), None)
