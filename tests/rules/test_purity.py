"""rules/ must load in the Temporal workflow sandbox: no holidays (except calendar_seed), no IO libraries."""

from __future__ import annotations

import pathlib
import pkgutil
import subprocess
import sys

import casetrail.rules
from casetrail.rules import national_deadlines as deadlines

FORBIDDEN = ("holidays", "sqlalchemy", "temporalio", "weasyprint", "fastapi")
RULES_DIR = pathlib.Path(casetrail.rules.__file__).parent


def test_workflow_safe_modules_import_nothing_forbidden() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages(casetrail.rules.__path__, "casetrail.rules.")
        if m.name != "casetrail.rules.calendar_seed"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert "casetrail.rules.registry" in modules


def test_national_deadline_units_follow_the_statute() -> None:
    assert (deadlines.HEARING_REQUEST.unit, deadlines.HEARING_NOTICE.unit) == ("working_days", "working_days")
    assert deadlines.FINE_PAYMENT.unit == "calendar_days"
    assert deadlines.FREEZE_DECISION_DELIVERY.unit == "working_days"
    assert deadlines.COURT_APPLICATION_AFTER_REMINDER.unit == "working_days"
    assert deadlines.SEIZURE_MAX.unit == "calendar_days"
    assert (deadlines.LAWSUIT.unit, deadlines.LAWSUIT.amount) == ("months", 6)
    assert deadlines.EMERGENCY_MEASURE_REPORT.unit == "hours"


def test_no_zoneinfo_lookups() -> None:
    """ZoneInfo reads tz files, which the sandbox forbids (pydantic importing zoneinfo is harmless)."""
    offenders = [p.name for p in RULES_DIR.rglob("*.py") if "ZoneInfo" in p.read_text(encoding="utf-8")]
    assert offenders == []
