"""HTML form fields generated from a step's payload model, and form data turned back into a payload.

One definition (the pydantic model the workflow validates) drives the form, so the UI never
drifts from the procedure; the workflow's validator stays the judge of what is valid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

_WIDGETS = {"integer": "number", "number": "number", "boolean": "checkbox"}
_FORMATS = {"date": "date", "date-time": "datetime-local"}


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    widget: str  # text | number | checkbox | date | datetime-local | select | textarea
    required: bool
    json_type: str
    options: list[str] = field(default_factory=list)


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        return dict(defs[prop["$ref"].split("/")[-1]])
    for key in ("anyOf", "allOf"):
        if key in prop:
            options = [p for p in prop[key] if p.get("type") != "null"]
            if len(options) == 1:
                return {**prop, **_resolve(options[0], defs)}
    return prop


def form_fields(model: type[BaseModel] | None) -> list[FormField]:
    if model is None:
        return []
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    fields = []
    for name, raw in schema.get("properties", {}).items():
        prop = _resolve(raw, defs)
        json_type = prop.get("type", "object")
        label = prop.get("description") or prop.get("title") or name
        if "enum" in prop:
            widget, options = "select", [str(v) for v in prop["enum"]]
        elif json_type in ("object", "array"):
            widget, options = "textarea", []
            label = f"{label}（JSON）"
        elif json_type == "string" and prop.get("format") in _FORMATS:
            widget, options = _FORMATS[prop["format"]], []
        else:
            widget, options = _WIDGETS.get(json_type, "text"), []
        fields.append(FormField(name, label, widget, name in required, json_type, options))
    return fields


def payload_from_form(fields: list[FormField], form: dict[str, str]) -> dict[str, Any]:
    """Coerce form strings to the JSON types the model expects; blanks are left out."""
    payload: dict[str, Any] = {}
    for spec in fields:
        raw = form.get(spec.name, "")
        if spec.widget == "checkbox":
            payload[spec.name] = raw == "true"
            continue
        if raw == "":
            continue
        if spec.json_type in ("object", "array"):
            try:
                payload[spec.name] = json.loads(raw)
            except json.JSONDecodeError:
                payload[spec.name] = raw  # the validator names the field and the rule
        elif spec.json_type == "integer" and raw.lstrip("-").isdigit():
            payload[spec.name] = int(raw)
        else:
            payload[spec.name] = raw
    return payload
