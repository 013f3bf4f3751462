"""Server-rendered pages (Jinja2, zh-CN): the published recording checklist (记录清单)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from casetrail.rules.checklist import recording_checklist, storage_deadline_label
from casetrail.rules.profile_model import Profile
from casetrail.rules.recording import electronic_record_fields

DEFAULT_CHECKLIST_TITLE = "音像记录事项清单"


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("casetrail.api", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def checklist_html(profile: Profile) -> str:
    """Guangdong Art. 16 / Shanxi Art. 8: the acts to record on AV, how, what to show, and by when to
    store them."""
    procedure = profile.av_procedure
    steps = [
        s
        for s in (
            procedure.device_check,
            procedure.spoken_opening,
            procedure.content_points,
            procedure.interruption,
        )
        if s
    ]
    return (
        environment()
        .get_template("checklist.html")
        .render(
            profile=profile,
            title=profile.checklist.title if profile.checklist else DEFAULT_CHECKLIST_TITLE,
            rows=recording_checklist(profile),
            storage=storage_deadline_label(profile.av_storage),
            procedure=steps,
            electronic_fields=electronic_record_fields(profile),
            audio_transcript=any(rule.audio_transcript for rule in profile.electronic_records),
        )
    )
