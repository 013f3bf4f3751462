"""What a person met on the browser paths: a box the model ticks by default is shown ticked; a payload
model's refusal reads as the field's Chinese label with its reason, beside that field; a step the workflow
offers only in some states is offered only then."""

from __future__ import annotations

import casetrail.workflows.case_workflow  # noqa: F401  (registers every step)
from casetrail.api.ui import templates
from casetrail.api.ui_case import AVAILABLE
from casetrail.api.ui_forms import form_fields, parse_form, readable_refusal
from casetrail.errors import InvalidInput
from casetrail.workflows import procedure
from casetrail.workflows.steps.hearing import HearingNotice, HearingRecord
from casetrail.workflows.steps.rights import RightsNotice

FORM = templates.env.from_string(
    '{% import "_fields.html" as w %}{% for f in fields %}{{ w.widget(f, values, {}, {}) }}{% endfor %}'
)


def test_a_box_ticked_by_default_is_rendered_ticked_until_the_person_unticks_it() -> None:
    fields = form_fields(HearingNotice)
    [public] = [f for f in fields if f.name == "public"]
    assert public.ticked and not any(f.ticked for f in fields if f.name != "public")
    assert 'name="public" value="true" checked' in FORM.render(fields=fields, values={})
    sent = {"host": ["赵六"]}  # submitted with the box unticked: what was sent stays, unticked
    assert 'name="public" value="true" checked' not in FORM.render(fields=fields, values=sent)
    assert parse_form(fields, sent).payload["public"] is False


def refusal(model: type, payload: dict[str, object]) -> InvalidInput:
    try:
        procedure.parse_model(model, payload)
    except InvalidInput as error:
        return error
    raise AssertionError("accepted")


def test_a_model_check_is_put_beside_the_field_it_names_in_chinese() -> None:
    notice = {"notified_on": "2026-11-02", "hearing_at": "2026-11-20T09:00:00+08:00", "place": "听证室",
              "host": "赵六", "clerk": "孙八", "public": False}  # fmt: skip
    error = refusal(HearingNotice, notice)
    message, field = readable_refusal(error.message, error.field, form_fields(HearingNotice))
    assert (message, field) == (
        "不公开举行的理由（国家秘密、商业秘密或者个人隐私）：不公开举行听证须写明理由",
        "closed_reason",
    )

    error = refusal(HearingRecord, {"participants": [{"capacity": "当事人"}]})
    message, field = readable_refusal(error.message, error.field, form_fields(HearingRecord))
    assert "不符合要求" not in message and message.endswith("：必填") and field == error.field


def test_a_refusal_in_words_already_is_left_alone() -> None:
    assert readable_refusal("某某不得主持听证", "host", form_fields(HearingNotice)) == (
        "某某不得主持听证",
        "host",
    )


def test_every_step_offered_only_in_some_states_is_judged_from_the_read_model_too() -> None:
    assert {name for name, spec in procedure.STEPS.items() if spec.available is not None} == set(AVAILABLE)


def test_where_and_to_whom_to_state_is_asked_as_required_though_older_payloads_lack_it() -> None:
    fields = {f.key: f for f in form_fields(RightsNotice, "notify_rights-")}
    html = FORM.render(fields=[fields["contact_phone"]], values={})
    assert all(fields[key].required for key in ("contact_person", "contact_phone", "statement_address"))
    assert "required" in html and "联系电话" in html
    assert RightsNotice.model_fields["contact_phone"].is_required() is False  # older cases still replay
