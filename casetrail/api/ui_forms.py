"""HTML form fields generated from a step's payload model, and form data turned back into a payload.

One definition (the pydantic model the workflow validates, with the field kinds of
``casetrail.workflows.fields``) drives the widgets, so the UI never drifts from the procedure and no
person types JSON. The workflow's validator stays the judge of what is valid; this module only turns
what a browser sends (strings, repeated keys, ``a.0.b`` rows) into the shapes the model expects.
"""

from __future__ import annotations

import re
import types
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from casetrail.workflows.fields import AskedOfNewSteps, Choice, FieldKind, Kind, OfCase

FormData = Mapping[str, Sequence[str]]


class Widget(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    YUAN = "yuan"  # 元 with two decimals, 大写 echoed; stored in 分
    DATE = "date"
    DATETIME = "datetime-local"  # Beijing time
    SELECT = "select"
    CHECKBOX = "checkbox"
    CHECKS = "checks"  # several of a fixed set (e.g. penalty kinds)
    OFFICERS = "officers"  # officers of this case by name and certificate number
    USER = "user"  # a user account, by name
    FILES = "files"  # evidence items of this case
    ROWS = "rows"  # add/remove rows of one text each
    TABLE = "table"  # add/remove rows of several fields
    GROUP = "group"  # a nested block of fields
    QUANTITY = "quantity"  # number and unit
    HOLDING = "holding"  # one of this case's measures or testing commissions, by its Chinese label
    HOLDINGS = "holdings"  # several of them


@dataclass(frozen=True)
class FormField:
    name: str  # the input name: a dotted path, rows as ``items.0.name``
    key: str  # the model's key (its alias when it has one)
    label: str
    widget: Widget
    required: bool
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    children: tuple[FormField, ...] = field(default=())
    scope: str = ""  # which form on the page: element ids stay unique when several forms are rendered
    holding: str = ""  # for HOLDING(S): which of the case's holdings are offered (a ``Holding``)
    # A box the model ticks by default (公开举行听证) is shown ticked: an unticked box sends false.
    ticked: bool = False

    @property
    def dom_id(self) -> str:
        return f"{self.scope}f-" + self.name.replace(".", "-")

    def scoped(self, scope: str) -> FormField:
        return replace(self, scope=scope, children=tuple(c.scoped(scope) for c in self.children))

    def option_label(self, value: object) -> str:
        return dict(self.options).get(str(value), str(value))

    def at(self, index: str) -> FormField:
        """This row field (or row block) for row ``index`` of its list."""
        return replace(
            self, name=self.name.replace("__i__", index), children=tuple(c.at(index) for c in self.children)
        )

    def optional(self) -> FormField:
        return replace(self, required=False, children=tuple(c.optional() for c in self.children))

    def leaves(self) -> list[FormField]:
        """Every input this field renders, rows at index 0 (what one filled-in row sends)."""
        if self.widget is Widget.GROUP:
            return [leaf for c in self.children for leaf in c.leaves()]
        if self.widget is Widget.TABLE:
            return [leaf for c in self.children for leaf in c.at("0").leaves()]
        return [self]


# Help where the law asks for something specific of the field.
_KIND_HELP = {
    Widget.OFFICERS: "在场执法人员不得少于两人，并应主动出示执法证件（处罚法第四十二条、第五十五条）",
    Widget.DATETIME: "北京时间",
    Widget.YUAN: "以元为单位，最多两位小数",
    Widget.QUANTITY: "数量和单位，如 3 箱",
}
_FEN_LABEL = re.compile(r"（分）")


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The bare type, its Annotated metadata, and whether ``None`` is allowed."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, metadata, optional
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _enum_labels(enum: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((str(m.value), str(getattr(m, "title_zh", m.value))) for m in enum)


def _choices(bare: Any, metadata: list[Any]) -> tuple[tuple[str, str], ...] | None:
    for item in metadata:
        if isinstance(item, Choice):
            return item.labels
    if get_origin(bare) is Literal:
        return tuple((str(v), str(v)) for v in get_args(bare))
    if isinstance(bare, type) and issubclass(bare, Enum):
        return _enum_labels(bare)
    return None


def _holding(metadata: list[Any]) -> str:
    return next((str(m.holding) for m in metadata if isinstance(m, OfCase)), "")


def _kind(metadata: list[Any]) -> Kind | None:
    return next((m.kind for m in metadata if isinstance(m, FieldKind)), None)


def _label(info: FieldInfo, key: str) -> tuple[str, str]:
    """(label, help): the title is the label and the description its help; else the description labels."""
    if info.title:
        return info.title, info.description or ""
    return _FEN_LABEL.sub("（元）", info.description or key), ""


def _field(name: str, key: str, info: FieldInfo, in_items: bool = False) -> FormField:
    bare, metadata, optional = _unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]
    kind = _kind(metadata)
    label, help_text = _label(info, key)
    asked = any(isinstance(m, AskedOfNewSteps) for m in metadata)
    # Asked of new steps: required on the form even where the model lets older payloads leave it out.
    required = asked or (info.is_required() and not optional)
    choices = _choices(bare, metadata)
    children: tuple[FormField, ...] = ()
    options: tuple[tuple[str, str], ...] = choices or ()
    origin = get_origin(bare)
    item_type, item_metadata, _ = (
        _unwrap(get_args(bare)[0]) if origin is list and get_args(bare) else (None, [], False)
    )
    holding = _holding(metadata) or _holding(item_metadata)
    if holding:
        widget = Widget.HOLDINGS if item_type is not None else Widget.HOLDING
    elif kind is Kind.OFFICERS:
        widget = Widget.OFFICERS
    elif kind is Kind.FILES:
        widget = Widget.FILES
    elif kind is Kind.YUAN or (bare is int and key.endswith("_fen")):
        widget = Widget.YUAN
    elif kind is Kind.DATETIME or bare is datetime:
        widget = Widget.DATETIME
    elif kind is Kind.LONG_TEXT:
        widget = Widget.TEXTAREA
    elif in_items and key == "quantity" and bare is str:
        widget = Widget.QUANTITY
    elif choices is not None:
        widget = Widget.SELECT
    elif bare is bool:
        widget = Widget.CHECKBOX
    elif bare is date:
        widget = Widget.DATE
    elif bare is int or bare is Decimal:
        widget = Widget.NUMBER
    elif bare is uuid.UUID:
        widget = Widget.USER
    elif item_type is not None and (sub := _choices(item_type, [])) is not None:
        widget, options = Widget.CHECKS, sub
    elif isinstance(item_type, type) and issubclass(item_type, BaseModel):
        widget = Widget.TABLE
        children = tuple(_fields_of(item_type, f"{name}.__i__", in_items=kind is Kind.ITEMS))
    elif item_type is not None:
        widget = Widget.ROWS
    elif isinstance(bare, type) and issubclass(bare, BaseModel):
        widget = Widget.GROUP
        children = tuple(_fields_of(bare, name))
    else:
        widget = Widget.TEXT
    help_text = "；".join(h for h in (help_text, _KIND_HELP.get(widget, "")) if h)
    if widget is Widget.TABLE or (widget is Widget.GROUP and not required):
        # What a row or an optional block requires only applies once it is filled in: the browser
        # must not refuse the form for an empty extra row (the model still judges filled ones).
        children = tuple(c.optional() for c in children)
    ticked = widget is Widget.CHECKBOX and info.default is True
    return FormField(
        name, key, label, widget, required, help_text, options, children, holding=holding, ticked=ticked
    )


def _fields_of(model: type[BaseModel], prefix: str = "", in_items: bool = False) -> list[FormField]:
    out = []
    for attr, info in model.model_fields.items():
        key = info.alias or attr
        out.append(_field(f"{prefix}.{key}" if prefix else key, key, info, in_items))
    return out


def form_fields(model: type[BaseModel] | None, scope: str = "", prefix: str = "") -> list[FormField]:
    """The model's fields; ``scope`` keeps element ids unique on a page, ``prefix`` nests the input
    names under a section of a larger form (``complaint.channel``)."""
    return [] if model is None else list(_cached_fields(model, scope, prefix))


@cache
def _cached_fields(model: type[BaseModel], scope: str, prefix: str) -> tuple[FormField, ...]:
    """Models are declared once at import: their forms are too (FormFields are frozen)."""
    return tuple(f.scoped(scope) if scope else f for f in _fields_of(model, prefix))


# ---- form data back to a payload -------------------------------------------------------------


@dataclass
class Parsed:
    payload: dict[str, Any]
    errors: dict[str, str]  # input name -> Chinese reason (what the model cannot say about 元 or rows)


def fen_from_yuan(raw: str) -> int | None:
    try:
        amount = Decimal(raw.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        return None
    if amount != amount.quantize(Decimal("0.01")) or amount < 0:
        return None
    return int(amount * 100)


def _row_indexes(form: FormData, prefix: str) -> list[str]:
    pattern = re.compile(re.escape(prefix) + r"\.(\d+)(?:\.|$)")
    found = {m.group(1) for key in form for m in [pattern.match(key)] if m}
    return sorted(found, key=int)


def _first(form: FormData, name: str) -> str:
    values = form.get(name, ())
    return values[0].strip() if values else ""


def _row_fields(spec: FormField, index: str) -> list[FormField]:
    return [c.at(index) for c in spec.children]


def _value(spec: FormField, form: FormData, errors: dict[str, str]) -> Any:
    """The value for one field, or ``None`` when nothing was entered."""
    raw = _first(form, spec.name)
    match spec.widget:
        case Widget.CHECKBOX:
            return spec.name in form and raw in ("true", "on", "1")
        case Widget.CHECKS | Widget.OFFICERS | Widget.FILES | Widget.HOLDINGS:
            return [v for v in form.get(spec.name, ()) if v] or None
        case Widget.ROWS:
            texts = [_first(form, f"{spec.name}.{i}") for i in _row_indexes(form, spec.name)]
            return [text for text in texts if text] or None
        case Widget.TABLE:
            rows = [_group(_row_fields(spec, i), form, errors) for i in _row_indexes(form, spec.name)]
            return [row for row, entered in rows if entered] or None
        case Widget.GROUP:
            group, entered = _group(list(spec.children), form, errors)
            return group if entered else None
        case Widget.QUANTITY:
            number, unit = _first(form, f"{spec.name}.number"), _first(form, f"{spec.name}.unit")
            return f"{number}{unit}" if number or unit else None
        case Widget.YUAN if raw:
            fen = fen_from_yuan(raw)
            if fen is None:
                errors[spec.name] = f"{spec.label}应为以元为单位的金额，最多两位小数，如 5000.00"
            return fen
        case Widget.NUMBER if raw:
            if re.fullmatch(r"-?\d+\.\d+", raw):
                return raw  # a decimal (数量 1.5): the model says whether the field takes one
            if not raw.lstrip("-").isdigit():
                errors[spec.name] = f"{spec.label}应为整数"
                return None
            return int(raw)
        case Widget.DATETIME if raw:
            # datetime-local sends Beijing wall time without a zone.
            return raw if re.search(r"([+-]\d\d:\d\d|Z)$", raw) else f"{raw}+08:00"
    return raw or None


def _group(fields: list[FormField], form: FormData, errors: dict[str, str]) -> tuple[dict[str, Any], bool]:
    """The block's values and whether anything was entered (an unticked box alone is not an entry)."""
    out: dict[str, Any] = {}
    entered = False
    for spec in fields:
        value = _value(spec, form, errors)
        if value is None:
            continue
        out[spec.key] = value
        entered = entered or value is not False
    return out, entered


def parse_form(fields: list[FormField], form: FormData) -> Parsed:
    errors: dict[str, str] = {}
    payload, _ = _group(fields, form, errors)
    return Parsed(payload, errors)


def payload_from_form(fields: list[FormField], form: FormData) -> dict[str, Any]:
    return parse_form(fields, form).payload


def multi(form: Any) -> dict[str, list[str]]:
    """Starlette's FormData as name -> every value sent (checkbox groups repeat a name)."""
    return {key: [str(v) for v in form.getlist(key)] for key in form}


_MODEL_REFUSAL = re.compile(r"字段 (\S+) 不符合要求：(?:Value error, )?(.*)", re.S)
_NAMED_KEY = re.compile(r"（([a-z_]+)）$")


def readable_refusal(message: str, field: str | None, fields: list[FormField]) -> tuple[str, str | None]:
    """A payload model's refusal as a person reads it: the field's Chinese label for its dotted path,
    and a model-level check ("…须写明理由（closed_reason）") put beside the field it names."""
    found = _MODEL_REFUSAL.fullmatch(message)
    if found is None:
        return message, field
    where, reason = found.groups()
    named = _NAMED_KEY.search(reason)
    if named is not None:
        reason = reason[: named.start()]
        where = named.group(1) if where == "payload" else f"{where}.{named.group(1)}"
    pattern = re.sub(r"\.\d+(?=\.|$)", ".__i__", where)
    label = next((f.label for f in _walk(fields) if f.name == pattern), "")
    return (f"{label}：{reason}" if label else reason), where


def _walk(fields: Sequence[FormField]) -> list[FormField]:
    return [w for f in fields for w in (f, *_walk(f.children))]


def error_name(loc: str) -> str:
    """A validator's location (``handling.penalty.fine_fen``) is already our input name."""
    return loc
