"""Every registered step's form: real widgets with Chinese labels, and typed values round-trip into the model."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import casetrail.workflows.case_workflow  # noqa: F401  (registers every step)
from casetrail.api.ui import START_SECTIONS, templates
from casetrail.api.ui_forms import FormField, Widget, fen_from_yuan, form_fields, parse_form
from casetrail.workflows import procedure
from casetrail.workflows.fields import BEIJING, Holding
from tests.workflows.decision_steps import notice

OFFICERS = [str(uuid.uuid4()), str(uuid.uuid4())]
USER = str(uuid.uuid4())
EVIDENCE = str(uuid.uuid4())
CTX = SimpleNamespace(
    officer_options=[(OFFICERS[0], "张三（执法证 37000001）"), (OFFICERS[1], "李四（执法证 37000002）")],
    users=[SimpleNamespace(id=USER, full_name="王五")],
    evidence_options=[(EVIDENCE, "现场照片.jpg")],
    # The case's measures and commissions, as ui_holdings labels them.
    holdings={h.value: [(f"{h.value}-1", "第1项（2026-11-30起，本案）")] for h in Holding},
)
FORM = templates.env.from_string(
    '{% import "_fields.html" as w %}{% for f in fields %}{{ w.widget(f, {}, {}, ctx) }}{% endfor %}'
)
CJK = re.compile(r"[\u4e00-\u9fff]")
STEPS = sorted(name for name, spec in procedure.STEPS.items() if spec.payload is not None)


def typed(leaf: FormField) -> dict[str, list[str]]:
    """What a person enters in the widget, as the browser sends it."""
    match leaf.widget:
        case Widget.YUAN:
            return {leaf.name: ["5000.50"]}
        case Widget.DATETIME:
            return {leaf.name: ["2026-11-30T09:30"]}
        case Widget.DATE:
            return {leaf.name: ["2026-11-30"]}
        case Widget.NUMBER:
            return {leaf.name: ["3"]}
        case Widget.CHECKBOX:
            return {leaf.name: ["true"]}
        case Widget.SELECT:
            return {leaf.name: [leaf.options[0][0]]}
        case Widget.CHECKS:
            return {leaf.name: [leaf.options[0][0]]}
        case Widget.OFFICERS:
            return {leaf.name: OFFICERS}
        case Widget.FILES:
            return {leaf.name: [EVIDENCE]}
        case Widget.HOLDING | Widget.HOLDINGS:
            return {leaf.name: [f"{leaf.holding}-1"]}
        case Widget.USER:
            return {leaf.name: [USER]}
        case Widget.ROWS:
            return {f"{leaf.name}.0": ["第一项"]}
        case Widget.QUANTITY:
            return {f"{leaf.name}.number": ["3"], f"{leaf.name}.unit": ["箱"]}
    return {leaf.name: ["测试内容"]}


def leaves(model: type[BaseModel]) -> list[FormField]:
    return [leaf for f in form_fields(model) for leaf in f.leaves()]


@pytest.mark.parametrize("step", STEPS)
def test_every_field_has_a_widget_and_a_chinese_label(step: str) -> None:
    model = procedure.STEPS[step].payload
    assert model is not None
    fields = form_fields(model)
    html = FORM.render(fields=fields, ctx=CTX)
    assert "JSON" not in html and "{&#34;" not in html and "None" not in html
    for f in fields:
        assert CJK.search(f.label), f"{step}.{f.name} has no Chinese label: {f.label!r}"
        for leaf in f.leaves():
            assert CJK.search(leaf.label), f"{step}.{leaf.name} has no Chinese label: {leaf.label!r}"
            for _, option in leaf.options:
                assert CJK.search(option), f"{step}.{leaf.name} offers {option!r}"
            sent = next(iter(typed(leaf)))
            assert f'name="{sent}"' in html, f"{step}: no input named {sent}"

    # A textarea is only ever a long text: never a structure to type by hand.
    # A list's rows are named by index, its blank row (the <template> one adds from) by __i__.
    def row_free(name: str) -> str:
        return re.sub(r"\.(\d+|__i__)(?=\.)", ".#", name)

    long_texts = {
        row_free(leaf.name) for f in fields for leaf in f.leaves() if leaf.widget is Widget.TEXTAREA
    }
    assert {row_free(n) for n in re.findall(r'<textarea[^>]*name="([^"]+)"', html)} <= long_texts


@pytest.mark.parametrize("start", sorted(START_SECTIONS))
def test_every_field_of_the_filing_form_has_a_chinese_label(start: str) -> None:
    """The 立案 form's sections (complaint, application, emergency, on-the-spot) at every depth."""

    def walk(fields: tuple[FormField, ...] | list[FormField]) -> None:
        for f in fields:
            assert CJK.search(f.label), f"{start}: {f.name} has no Chinese label: {f.label!r}"
            walk(f.children)

    walk(START_SECTIONS[start].fields)


def type_errors(model: type[BaseModel], payload: dict[str, Any]) -> list[str]:
    """Errors of kind (what the widget sent is not the type the model wants); cross-field rules aside."""
    try:
        model.model_validate(payload)
    except ValidationError as exc:
        allowed = {"value_error", "assertion_error", "string_pattern_mismatch", "too_long", "too_short"}
        return [
            f"{'.'.join(map(str, e['loc']))}: {e['type']}" for e in exc.errors() if e["type"] not in allowed
        ]
    return []


@pytest.mark.parametrize("step", STEPS)
def test_values_entered_through_the_widgets_round_trip(step: str) -> None:
    model = procedure.STEPS[step].payload
    assert model is not None
    form: dict[str, list[str]] = {}
    for leaf in leaves(model):
        form.update(typed(leaf))
    parsed = parse_form(form_fields(model), form)
    assert parsed.errors == {}
    assert type_errors(model, parsed.payload) == []


def test_widgets_turn_what_a_person_types_into_the_stored_value() -> None:
    from casetrail.workflows.steps.investigation import Sampling
    from casetrail.workflows.steps.performance import CorrectionCheck, Payment

    payment = parse_form(
        form_fields(Payment), {"amount_fen": ["5,000.50"], "paid_on": ["2026-11-30"], "receipt_no": ["甲1"]}
    )
    assert Payment.model_validate(payment.payload).amount_fen == 500050
    check = parse_form(form_fields(CorrectionCheck), {"checked_at": ["2026-11-30T09:30"]}).payload
    assert datetime.fromisoformat(check["checked_at"]) == datetime(2026, 11, 30, 9, 30, tzinfo=BEIJING)
    sampling = parse_form(
        form_fields(Sampling),
        {
            "items.0.name": ["白酒"],
            "items.0.quantity": ["1.5"],
            "items.0.unit": ["箱"],
            "items.1.name": [""],
            "officer_ids": OFFICERS,
        },
    ).payload
    # A 清单 row has its quantity (a decimal) and its unit apart, as the document prints them.
    assert sampling["items"] == [{"name": "白酒", "quantity": "1.5", "unit": "箱"}]
    assert sampling["officer_ids"] == OFFICERS


def test_an_amount_not_in_yuan_is_refused_beside_the_field() -> None:
    from casetrail.workflows.steps.performance import Payment

    assert fen_from_yuan("0.1") == 10 and fen_from_yuan("12.345") is None and fen_from_yuan("壹") is None
    parsed = parse_form(form_fields(Payment), {"amount_fen": ["12.345"]})
    assert "最多两位小数" in parsed.errors["amount_fen"]


@pytest.mark.parametrize(
    "step",
    ["request_seizure_extension", "release_seizure", "record_testing_result", "decide_preserved_evidence"],
)
def test_a_measure_or_commission_is_picked_from_the_case_not_typed(step: str) -> None:
    model = procedure.STEPS[step].payload
    assert model is not None
    (picker,) = [leaf for leaf in leaves(model) if leaf.widget is Widget.HOLDING]
    html = FORM.render(fields=form_fields(model), ctx=CTX)
    assert re.search(rf'<select[^>]*name="{picker.name}"', html)
    assert f'<option value="{picker.holding}-1">第1项（2026-11-30起，本案）</option>' in html


def test_the_notice_form_no_longer_asks_for_the_old_service_method() -> None:
    """送达方式 is the ``delivery`` choice now (on the spot, or the service workflow): the old optional
    free-text field is gone from the 事先告知书 form, and a payload from before still validates."""
    model = procedure.STEPS["notify_rights"].payload
    assert model is not None
    names = {leaf.name for leaf in leaves(model)}
    assert "service_method" not in names and "delivery" in names
    html = FORM.render(fields=form_fields(model), ctx=CTX)
    assert "送达方式说明" not in html
    old = {
        **notice({"kinds": ["fine"], "fine_fen": 500_000}, date(2026, 11, 30)),
        "service_method": "直接送达",
    }
    parsed = procedure.parse_model(model, old)
    assert "service_method" not in parsed.model_dump()
